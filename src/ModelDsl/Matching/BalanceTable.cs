using System.Text.Json.Nodes;

using MathNet.Numerics.Distributions;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>One covariate of a <see cref="BalanceTable"/>: means, standardized bias and t-tests before and after matching.</summary>
/// <param name="Name">The covariate.</param>
/// <param name="MeanTreated">Mean among all treated units (unmatched sample).</param>
/// <param name="MeanControl">Mean among all control units (unmatched sample).</param>
/// <param name="MeanTreatedMatched">Mean among the matched (on-support) treated units.</param>
/// <param name="MeanControlMatched">Mean among the controls, weighted by their matching weights.</param>
/// <param name="BiasPercentUnmatched">100·(m_t − m_c)/√((v_t + v_c)/2) in the unmatched sample.</param>
/// <param name="BiasPercentMatched">The same with the matched means and the unmatched variances.</param>
/// <param name="BiasReductionPercent">100·(1 − |bias matched| / |bias unmatched|).</param>
/// <param name="TStatisticUnmatched">The pooled two-sample t statistic of the unmatched difference.</param>
/// <param name="PValueUnmatched">Its two-sided p-value (n_t + n_c − 2 degrees of freedom).</param>
/// <param name="TStatisticMatched">The t statistic of the weighted regression of the covariate on treatment in the matched sample.</param>
/// <param name="PValueMatched">Its two-sided p-value (Σw − 2 degrees of freedom).</param>
/// <param name="VarianceRatioUnmatched">v_t / v_c in the unmatched sample.</param>
/// <param name="VarianceRatioMatched">The weighted variance ratio in the matched sample.</param>
public sealed record BalanceRow(
    string Name,
    double MeanTreated,
    double MeanControl,
    double MeanTreatedMatched,
    double MeanControlMatched,
    double BiasPercentUnmatched,
    double BiasPercentMatched,
    double BiasReductionPercent,
    double TStatisticUnmatched,
    double PValueUnmatched,
    double TStatisticMatched,
    double PValueMatched,
    double VarianceRatioUnmatched,
    double VarianceRatioMatched);

/// <summary>
/// pstest's summary of one sample: a probit of the treatment on the covariates (iweighted by the matching
/// weights in the matched sample), its pseudo R² and likelihood-ratio test, and Rubin's B and R on its index.
/// </summary>
/// <param name="PseudoRSquared">McFadden's pseudo R² of the probit.</param>
/// <param name="LikelihoodRatio">The LR χ² statistic of all covariates.</param>
/// <param name="DegreesOfFreedom">The number of covariates kept.</param>
/// <param name="PValue">P(χ²(df) &gt; LR).</param>
/// <param name="RubinB">100·(m_t − m_c)/√((v_t + v_c)/2) of the probit's index (signed, as pstest prints it).</param>
/// <param name="RubinR">v_t / v_c of the probit's index.</param>
public sealed record PstestSummary(double PseudoRSquared, double LikelihoodRatio, int DegreesOfFreedom, double PValue, double RubinB, double RubinR);

/// <summary>
/// The covariate balance before and after matching, with psmatch2's <c>pstest</c> conventions; an immutable
/// value that tables and plots render.
/// </summary>
/// <remarks>
/// <para>Standardized bias (Rosenbaum &amp; Rubin 1985): 100·(m_t − m_c)/√((v_t + v_c)/2), where v_t and v_c are
/// the sample variances of the treated and control units in the <b>unmatched</b> sample, in both rows (so the
/// matched row moves only through the means), as pstest does (Leuven &amp; Sianesi 2003). The matched treated
/// mean is over the matched treated units; the matched control mean weights each control by its matching
/// weight Σᵢwᵢⱼ.</para>
/// <para>t-tests: unmatched, the pooled-variance two-sample t; matched, the t statistic of the coefficient of
/// the treatment dummy in a regression of the covariate on it with the matching weights as Stata
/// importance weights (residual variance Σwe²/(Σw − 2), df = Σw − 2), which is what pstest runs.</para>
/// <para>Rubin's (2001) B = 100·|x̄b_t − x̄b_c|/√((v_t + v_c)/2) and R = v_t/v_c of the propensity score's
/// linear index x'β; after matching, means and variances are weighted by the matching weights (variance
/// Σw(x − m)²/(Σw − 1)). Rubin suggests B &lt; 25 and 0.5 &lt; R &lt; 2 for adequate balance.</para>
/// </remarks>
public sealed class BalanceTable
{
    internal BalanceTable(IReadOnlyList<BalanceRow> rows, double rubinBUnmatched, double rubinRUnmatched, double rubinBMatched, double rubinRMatched, int treated, int controls, int treatedMatched, int controlsUsed, IReadOnlyList<Note> notes, PstestSummary? pstestUnmatched = null, PstestSummary? pstestMatched = null)
    {
        PstestUnmatched = pstestUnmatched;
        PstestMatched = pstestMatched;
        Rows = rows;
        RubinBUnmatched = rubinBUnmatched;
        RubinRUnmatched = rubinRUnmatched;
        RubinBMatched = rubinBMatched;
        RubinRMatched = rubinRMatched;
        TreatedCount = treated;
        ControlCount = controls;
        TreatedMatchedCount = treatedMatched;
        ControlsUsedCount = controlsUsed;
        Notes = notes;
        var unmatched = rows.Select(r => Math.Abs(r.BiasPercentUnmatched)).Where(v => !double.IsNaN(v)).ToArray();
        var matched = rows.Select(r => Math.Abs(r.BiasPercentMatched)).Where(v => !double.IsNaN(v)).ToArray();
        MeanBiasUnmatched = unmatched.Length == 0 ? double.NaN : unmatched.Average();
        MeanBiasMatched = matched.Length == 0 ? double.NaN : matched.Average();
        MedianBiasUnmatched = Median(unmatched);
        MedianBiasMatched = Median(matched);
    }

    /// <summary>One row per covariate, in the order given.</summary>
    public IReadOnlyList<BalanceRow> Rows { get; }

    /// <summary>The mean absolute standardized bias before matching.</summary>
    public double MeanBiasUnmatched { get; }

    /// <summary>The mean absolute standardized bias after matching.</summary>
    public double MeanBiasMatched { get; }

    /// <summary>The median absolute standardized bias before matching.</summary>
    public double MedianBiasUnmatched { get; }

    /// <summary>The median absolute standardized bias after matching.</summary>
    public double MedianBiasMatched { get; }

    /// <summary>Rubin's B before matching.</summary>
    public double RubinBUnmatched { get; }

    /// <summary>Rubin's R before matching.</summary>
    public double RubinRUnmatched { get; }

    /// <summary>Rubin's B after matching.</summary>
    public double RubinBMatched { get; }

    /// <summary>Rubin's R after matching.</summary>
    public double RubinRMatched { get; }

    /// <summary>pstest's probit summary of the unmatched sample (null when the probit cannot be fitted; see <see cref="Notes"/>).</summary>
    public PstestSummary? PstestUnmatched { get; }

    /// <summary>pstest's probit summary of the matched sample, iweighted (null when the probit cannot be fitted).</summary>
    public PstestSummary? PstestMatched { get; }

    /// <summary>The number of treated units in the unmatched sample.</summary>
    public int TreatedCount { get; }

    /// <summary>The number of control units in the unmatched sample.</summary>
    public int ControlCount { get; }

    /// <summary>The number of treated units matched (on support).</summary>
    public int TreatedMatchedCount { get; }

    /// <summary>The number of controls with a positive matching weight.</summary>
    public int ControlsUsedCount { get; }

    /// <summary>Remarks on covariates whose bias or test is undefined.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The row of <paramref name="name"/>.</summary>
    public BalanceRow this[string name] => Rows.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No covariate '{name}' in the balance table; covariates are: {string.Join(", ", Rows.Select(r => r.Name))}.");

    /// <summary>A plain-text rendering in pstest's layout (the reporting layer renders publication tables).</summary>
    public override string ToString()
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var width = Math.Max(8, Rows.Count == 0 ? 8 : Rows.Max(r => r.Name.Length));
        var builder = new System.Text.StringBuilder();
        builder.Append("Variable".PadRight(width)).AppendLine(" Sample      Treated    Control   %bias  %reduct  p>|t|");
        foreach (var r in Rows)
        {
            builder.Append(r.Name.PadRight(width)).Append(string.Format(culture, " Unmatched {0,10:G6} {1,10:G6} {2,7:F1} {3,8} {4,6:F3}", r.MeanTreated, r.MeanControl, r.BiasPercentUnmatched, string.Empty, r.PValueUnmatched)).AppendLine();
            builder.Append(string.Empty.PadRight(width)).Append(string.Format(culture, " Matched   {0,10:G6} {1,10:G6} {2,7:F1} {3,8:F1} {4,6:F3}", r.MeanTreatedMatched, r.MeanControlMatched, r.BiasPercentMatched, r.BiasReductionPercent, r.PValueMatched)).AppendLine();
        }

        builder.Append(string.Format(culture, "Mean |bias| {0:F1} → {1:F1}; median {2:F1} → {3:F1}; Rubin's B {4:F1} → {5:F1}, R {6:F2} → {7:F2}", MeanBiasUnmatched, MeanBiasMatched, MedianBiasUnmatched, MedianBiasMatched, RubinBUnmatched, RubinBMatched, RubinRUnmatched, RubinRMatched)).AppendLine();
        return builder.ToString();
    }

    /// <summary>The table as JSON (snake_case keys, NaN as null).</summary>
    public string ToJson() => ToJsonNode().ToJsonString(JsonOutput.NodeOptions);

    internal JsonObject ToJsonNode()
    {
        var rows = new JsonArray();
        foreach (var r in Rows)
        {
            rows.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["mean_treated"] = JsonOutput.NumberNode(r.MeanTreated),
                ["mean_control"] = JsonOutput.NumberNode(r.MeanControl),
                ["mean_treated_matched"] = JsonOutput.NumberNode(r.MeanTreatedMatched),
                ["mean_control_matched"] = JsonOutput.NumberNode(r.MeanControlMatched),
                ["bias_pct_unmatched"] = JsonOutput.NumberNode(r.BiasPercentUnmatched),
                ["bias_pct_matched"] = JsonOutput.NumberNode(r.BiasPercentMatched),
                ["bias_reduction_pct"] = JsonOutput.NumberNode(r.BiasReductionPercent),
                ["t_unmatched"] = JsonOutput.NumberNode(r.TStatisticUnmatched),
                ["p_unmatched"] = JsonOutput.NumberNode(r.PValueUnmatched),
                ["t_matched"] = JsonOutput.NumberNode(r.TStatisticMatched),
                ["p_matched"] = JsonOutput.NumberNode(r.PValueMatched),
                ["variance_ratio_unmatched"] = JsonOutput.NumberNode(r.VarianceRatioUnmatched),
                ["variance_ratio_matched"] = JsonOutput.NumberNode(r.VarianceRatioMatched),
            });
        }

        return new JsonObject
        {
            ["rows"] = rows,
            ["mean_bias_unmatched"] = JsonOutput.NumberNode(MeanBiasUnmatched),
            ["mean_bias_matched"] = JsonOutput.NumberNode(MeanBiasMatched),
            ["median_bias_unmatched"] = JsonOutput.NumberNode(MedianBiasUnmatched),
            ["median_bias_matched"] = JsonOutput.NumberNode(MedianBiasMatched),
            ["rubin_b_unmatched"] = JsonOutput.NumberNode(RubinBUnmatched),
            ["rubin_r_unmatched"] = JsonOutput.NumberNode(RubinRUnmatched),
            ["rubin_b_matched"] = JsonOutput.NumberNode(RubinBMatched),
            ["rubin_r_matched"] = JsonOutput.NumberNode(RubinRMatched),
            ["treated"] = TreatedCount,
            ["controls"] = ControlCount,
            ["treated_matched"] = TreatedMatchedCount,
            ["controls_used"] = ControlsUsedCount,
            ["pstest_summary"] = new JsonObject
            {
                ["unmatched"] = Summary(PstestUnmatched),
                ["matched"] = Summary(PstestMatched),
            },
            ["notes"] = new JsonArray(Notes.Select(n => (JsonNode?)JsonValue.Create(n.Message)).ToArray()),
        };
    }

    private static JsonObject? Summary(PstestSummary? s) => s is null ? null : new JsonObject
    {
        ["pseudo_r2"] = JsonOutput.NumberNode(s.PseudoRSquared),
        ["lr_chi2"] = JsonOutput.NumberNode(s.LikelihoodRatio),
        ["lr_df"] = s.DegreesOfFreedom,
        ["lr_p"] = JsonOutput.NumberNode(s.PValue),
        ["rubin_b"] = JsonOutput.NumberNode(s.RubinB),
        ["rubin_r"] = JsonOutput.NumberNode(s.RubinR),
    };

    /// <summary>Computes the table.</summary>
    /// <param name="names">Covariate names.</param>
    /// <param name="covariates">Covariate columns over the sample rows.</param>
    /// <param name="treated">Treatment status of each sample row.</param>
    /// <param name="weights">Matching weight of each sample row (0 = not in the matched sample).</param>
    /// <param name="linearIndex">The propensity score's linear index x'β of each sample row.</param>
    internal static BalanceTable Compute(IReadOnlyList<string> names, IReadOnlyList<double[]> covariates, bool[] treated, double[] weights, double[] linearIndex)
    {
        var notes = new List<Note>();
        var rows = new List<BalanceRow>();
        var ones = treated.Select(_ => 1.0).ToArray();
        var treatedCount = treated.Count(t => t);
        var controlCount = treated.Length - treatedCount;
        for (var c = 0; c < names.Count; c++)
        {
            var x = covariates[c];
            var (mt, vt, wt) = Moments(x, treated, ones, true);
            var (mc, vc, wc) = Moments(x, treated, ones, false);
            var (mtm, vtm, wtm) = Moments(x, treated, weights, true);
            var (mcm, vcm, wcm) = Moments(x, treated, weights, false);
            var scale = Math.Sqrt((vt + vc) / 2.0);
            var biasU = scale > 0 ? 100.0 * (mt - mc) / scale : double.NaN;
            var biasM = scale > 0 ? 100.0 * (mtm - mcm) / scale : double.NaN;
            if (!(scale > 0))
            {
                notes.Add(new Note(NoteKind.Information, $"Covariate {names[c]} is constant in the sample ({mt:G6}); its standardized bias is undefined.", 1));
            }
            else if (vt == 0 || vc == 0)
            {
                var group = vt == 0 ? "treated" : "control";
                notes.Add(new Note(NoteKind.Information, $"Covariate {names[c]} is constant among the {group} units ({(vt == 0 ? mt : mc):G6}); its bias is standardized by the other group's variance only and its variance ratio is {(vt == 0 ? "0" : "infinite")}.", 1));
            }

            var reduction = biasU != 0 && !double.IsNaN(biasU) ? 100.0 * (1.0 - (Math.Abs(biasM) / Math.Abs(biasU))) : double.NaN;
            var (tU, pU) = TTest(mt - mc, vt, vc, wt, wc);
            var (tM, pM) = TTest(mtm - mcm, vtm, vcm, wtm, wcm);
            rows.Add(new BalanceRow(names[c], mt, mc, mtm, mcm, biasU, biasM, reduction, tU, pU, tM, pM, vc > 0 ? vt / vc : double.NaN, vcm > 0 ? vtm / vcm : double.NaN));
        }

        var (bt, bvt, _) = Moments(linearIndex, treated, ones, true);
        var (bc, bvc, _) = Moments(linearIndex, treated, ones, false);
        var (btm, bvtm, _) = Moments(linearIndex, treated, weights, true);
        var (bcm, bvcm, _) = Moments(linearIndex, treated, weights, false);
        var treatedMatched = 0;
        var controlsUsed = 0;
        for (var i = 0; i < treated.Length; i++)
        {
            if (weights[i] > 0)
            {
                if (treated[i])
                {
                    treatedMatched++;
                }
                else
                {
                    controlsUsed++;
                }
            }
        }

        var all = Enumerable.Repeat(1.0, treated.Length).ToArray();
        var pstestUnmatched = Pstest(names, covariates, treated, all, "unmatched", notes);
        var pstestMatched = Pstest(names, covariates, treated, weights, "matched", notes);
        return new BalanceTable(
            rows,
            100.0 * Math.Abs(bt - bc) / Math.Sqrt((bvt + bvc) / 2.0),
            bvt / bvc,
            100.0 * Math.Abs(btm - bcm) / Math.Sqrt((bvtm + bvcm) / 2.0),
            bvtm / bvcm,
            treatedCount,
            controlCount,
            treatedMatched,
            controlsUsed,
            notes,
            pstestUnmatched,
            pstestMatched);
    }

    // pstest 4.2.2: probit of the treatment on the covariates over the rows with positive weight, iweighted.
    private static PstestSummary? Pstest(IReadOnlyList<string> names, IReadOnlyList<double[]> covariates, bool[] treated, double[] weights, string sample, List<Note> notes)
    {
        var rows = Enumerable.Range(0, treated.Length).Where(i => weights[i] > 0).ToArray();
        var y = rows.Select(i => treated[i] ? 1.0 : 0.0).ToArray();
        var w = rows.Select(i => weights[i]).ToArray();
        var columns = new List<double[]> { Enumerable.Repeat(1.0, rows.Length).ToArray() };
        columns.AddRange(covariates.Select(c => rows.Select(i => c[i]).ToArray()));
        var columnNames = new List<string> { "(Intercept)" };
        columnNames.AddRange(names);
        try
        {
            var fit = Estimation.BinaryChoiceEstimator.Fit(Estimation.BinaryLink.Probit, y, columns, columnNames, 0, "treatment", w);
            var lr = 2.0 * (fit.LogLikelihood - fit.NullLogLikelihood);
            var df = fit.Parameters - 1;
            var kept = fit.Rows;
            var treatedFlags = kept.Select(r => y[r] == 1.0).ToArray();
            var keptWeights = kept.Select(r => w[r]).ToArray();
            var (mt, vt, _) = Moments(fit.Eta, treatedFlags, keptWeights, true);
            var (mc, vc, _) = Moments(fit.Eta, treatedFlags, keptWeights, false);
            return new PstestSummary(
                1.0 - (fit.LogLikelihood / fit.NullLogLikelihood),
                lr,
                df,
                UpperTail.ChiSquare(df, lr),
                100.0 * (mt - mc) / Math.Sqrt((vt + vc) / 2.0),
                vt / vc);
        }
        catch (InvalidOperationException error)
        {
            notes.Add(new Note(NoteKind.Information, $"pstest's probit on the {sample} sample cannot be fitted, so its pseudo R², LR test, B and R are not reported: {error.Message}"));
            return null;
        }
    }

    // Weighted mean, weighted (frequency/importance) variance Σw(x − m)²/(Σw − 1) and Σw of one group.
    private static (double Mean, double Variance, double Weight) Moments(double[] x, bool[] treated, double[] weights, bool group)
    {
        double sw = 0, swx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (treated[i] == group && weights[i] > 0)
            {
                sw += weights[i];
                swx += weights[i] * x[i];
            }
        }

        var mean = swx / sw;
        var ss = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            if (treated[i] == group && weights[i] > 0)
            {
                ss += weights[i] * (x[i] - mean) * (x[i] - mean);
            }
        }

        return (mean, ss / (sw - 1.0), sw);
    }

    private static (double T, double P) TTest(double difference, double vt, double vc, double wt, double wc)
    {
        // Both tests are the regression t of x on a treatment dummy: residual SS = (wt − 1)vt + (wc − 1)vc.
        var df = wt + wc - 2.0;
        var s2 = (((wt - 1.0) * vt) + ((wc - 1.0) * vc)) / df;
        var se = Math.Sqrt(s2 * ((1.0 / wt) + (1.0 / wc)));
        if (!(se > 0) || !(df > 0))
        {
            return (double.NaN, double.NaN);
        }

        var t = difference / se;
        return (t, 2.0 * StudentT.CDF(0.0, 1.0, df, -Math.Abs(t)));
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
