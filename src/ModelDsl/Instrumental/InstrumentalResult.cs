using System.Collections.Immutable;
using System.Globalization;
using System.Text;

using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Results;

/// <summary>
/// A fitted instrumental-variables model (2SLS, LIML, Fuller or two-step GMM): coefficients with their covariance,
/// fit statistics as Stata's <c>ivregress</c> stores them (r2, r2_a, mss, rss, rmse, κ, the model χ² or F, Hansen's J and
/// the GMM weight matrix), the instruments, and notes for every dropped row or variable.
/// </summary>
/// <remarks>
/// <para>Inference: with <see cref="SmallSample"/> t(N − K) statistics (t(G − 1) when clustered) and an F test of the
/// model; otherwise z statistics and a χ² test (Stata's <c>small</c> and its default). The model test is the Wald test
/// that every coefficient but the constant is zero, with this fit's covariance.</para>
/// <para>R²: 1 − rss/tss with tss about the (weighted) mean of y when the model has a constant or fixed effects, about
/// zero without (Stata leaves r2 blank for <c>noconstant</c>; this result reports the uncentred value). mss = tss − rss
/// (negative when the IV residuals exceed the total). Adjusted R² = 1 − (1 − R²)(N − 1)/(N − K) (N/(N − K) without a
/// constant). rmse = √(rss/N), √(rss/(N − K)) with <c>small</c>. Weighted: sums are weighted with weights summing to N.
/// With fixed effects no constant is reported (it is absorbed) and <see cref="RSquaredWithin"/> is 1 − rss/tss of the
/// demeaned outcome.</para>
/// </remarks>
public sealed class InstrumentalResult
{
    private readonly double[,] _covariance;
    private readonly double[,]? _weightMatrix;
    private readonly Lazy<InstrumentDiagnostics> _diagnostics;
    private readonly Lazy<InstrumentDiagnostics> _fullFirstStages;

    internal InstrumentalResult(
        InstrumentalSpecification specification,
        Estimate estimate,
        IReadOnlyList<string> names,
        IReadOnlyList<string> instrumentNames,
        int observations,
        double totalSumOfSquares,
        double withinTotalSumOfSquares,
        bool hasConstant,
        int parameters,
        int[] sampleRows,
        InstrumentalDesign design,
        ImmutableArray<KeyValuePair<string, int>> clusterCounts,
        IReadOnlyList<Note> notes)
    {
        Specification = specification;
        Observations = observations;
        Names = [.. names];
        InstrumentNames = [.. instrumentNames];
        Parameters = parameters;
        SampleRows = [.. sampleRows];
        Design = design;
        _diagnostics = new Lazy<InstrumentDiagnostics>(() => InstrumentDiagnostics.Compute(DiagnosticsInput()), LazyThreadSafetyMode.ExecutionAndPublication);

        // Every instrument in Z₁ and none partialled out: the first stages' coefficients on the controls too (by
        // Frisch–Waugh–Lovell the excluded instruments' coefficients and standard errors are those of Diagnose()).
        _fullFirstStages = new Lazy<InstrumentDiagnostics>(
            () =>
            {
                var input = DiagnosticsInput();
                return InstrumentDiagnostics.Compute(input with { Exogenous = new double[input.Outcome.Count, 0], ExcludedInstruments = Concatenate(input.Exogenous, input.ExcludedInstruments), InstrumentNames = [.. InstrumentNames] });
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
        ClusterCounts = clusterCounts;
        _covariance = (double[,])estimate.Covariance.Clone();
        _weightMatrix = estimate.WeightMatrix is null ? null : (double[,])estimate.WeightMatrix.Clone();
        Kappa = estimate.Kappa;
        var n = observations;
        var rss = estimate.Residuals.Sum(e => e * e);
        ResidualSumOfSquares = rss;
        ModelSumOfSquares = totalSumOfSquares - rss;
        RSquared = 1 - (rss / totalSumOfSquares);
        RSquaredAdjusted = 1 - ((1 - RSquared) * (hasConstant || specification.FixedEffects.Count > 0 ? n - 1.0 : n) / (n - parameters));
        RSquaredWithin = double.IsNaN(withinTotalSumOfSquares) ? double.NaN : 1 - (rss / withinTotalSumOfSquares);
        SmallSample = specification.SmallSample;
        RootMeanSquaredError = Math.Sqrt(rss / (SmallSample ? n - parameters : n));
        var clustered = specification.Variance.Kind == VcovKind.Cluster;
        int? df = SmallSample ? (clustered ? clusterCounts[0].Value - 1 : n - parameters) : null;
        InferenceDegreesOfFreedom = df;
        Coefficients = [.. names.Select((name, j) => Significance.Coefficient(name, estimate.Coefficients[j], Math.Sqrt(_covariance[j, j]), df, specification.ConfidenceLevel))];
        var degenerate = Coefficients.Where(c => Significance.IsDegenerate(c.Estimate, c.StandardError)).Select(c => (c.Name, c.StandardError)).ToList();
        var allNotes = notes.ToList();
        if (degenerate.Count > 0)
        {
            allNotes.Add(Significance.DegenerateNote(degenerate, "the variance estimate is not positive for them"));
        }

        if (clustered && clusterCounts[0].Value < VarianceEstimators.FewClustersThreshold)
        {
            allNotes.Add(new Note(NoteKind.FewClusters, string.Create(CultureInfo.InvariantCulture, $"Only {clusterCounts[0].Value} clusters of '{clusterCounts[0].Key}' (fewer than {VarianceEstimators.FewClustersThreshold}): the cluster-robust test over-rejects with few clusters (Cameron and Miller 2015); check the inference with a wild cluster bootstrap"), clusterCounts[0].Value));
        }

        Notes = [.. allNotes];
        ModelTest = Wald(names, estimate.Coefficients, _covariance, df);
        if (specification.Method == InstrumentalMethod.GeneralizedMethodOfMoments)
        {
            var overid = estimate.OveridentifyingRestrictions;
            HansenJ = estimate.HansenJ;
            HansenJDegreesOfFreedom = overid;
            HansenJPValue = overid > 0 ? SpecialFunctions.GammaUpperRegularized(overid / 2.0, estimate.HansenJ / 2) : double.NaN;
        }
        else
        {
            HansenJ = double.NaN;
            HansenJPValue = double.NaN;
        }
    }

    /// <summary>The specification that was fitted.</summary>
    public InstrumentalSpecification Specification { get; }

    /// <summary>The demeaned, weighted design the fit used (for the diagnostics; see <see cref="InstrumentalDesign"/>).</summary>
    internal InstrumentalDesign Design { get; }

    /// <summary>The estimator: <c>2sls</c>, <c>liml</c>, <c>fuller</c> or <c>gmm</c>.</summary>
    public string Estimator => Specification.Method switch
    {
        InstrumentalMethod.TwoStageLeastSquares => "2sls",
        InstrumentalMethod.LimitedInformationMaximumLikelihood => "liml",
        InstrumentalMethod.Fuller => "fuller",
        _ => "gmm",
    };

    /// <summary>The outcome's name.</summary>
    public string Dependent => Specification.Outcome.Name;

    /// <summary>The number of rows in the estimation sample.</summary>
    public int Observations { get; }

    /// <summary>The data rows of the estimation sample, in order.</summary>
    public ImmutableArray<int> SampleRows { get; }

    /// <summary>The coefficient names in order (the constant is <see cref="Coefficient.InterceptName"/>).</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>The coefficients with standard errors, z or t statistics, p-values and intervals.</summary>
    public ImmutableArray<Coefficient> Coefficients { get; }

    /// <summary>The instruments used: the included exogenous regressors (with the constant), then the excluded instruments, collinear ones removed.</summary>
    public ImmutableArray<string> InstrumentNames { get; }

    /// <summary>The endogenous regressors.</summary>
    public IEnumerable<string> Endogenous => Specification.Endogenous.Select(e => e.Name).Where(Names.Contains);

    /// <summary>K: the coefficients, and with fixed effects the absorbed constant and the fixed-effect degrees of freedom.</summary>
    public int Parameters { get; }

    /// <summary>The degrees of freedom of the t statistics with <see cref="SmallSample"/> (N − K, or G − 1 clustered); null for z statistics.</summary>
    public int? InferenceDegreesOfFreedom { get; }

    /// <summary>Whether Stata's <c>small</c> conventions apply.</summary>
    public bool SmallSample { get; }

    /// <summary>κ of the k-class estimator (1 for 2SLS and GMM).</summary>
    public double Kappa { get; }

    /// <summary>R² (see remarks).</summary>
    public double RSquared { get; }

    /// <summary>Adjusted R².</summary>
    public double RSquaredAdjusted { get; }

    /// <summary>Within R² with fixed effects; NaN without.</summary>
    public double RSquaredWithin { get; }

    /// <summary>The model sum of squares, tss − rss.</summary>
    public double ModelSumOfSquares { get; }

    /// <summary>The residual sum of squares Σwᵢeᵢ².</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>The root mean squared error (see remarks).</summary>
    public double RootMeanSquaredError { get; }

    /// <summary>The Wald test that all coefficients but the constant are zero: χ² (asymptotic) or F (<see cref="SmallSample"/>).</summary>
    public WaldTestResult ModelTest { get; }

    /// <summary>Hansen's J statistic of the overidentifying restrictions (GMM); NaN for the k-class estimators.</summary>
    public double HansenJ { get; }

    /// <summary>The degrees of freedom of <see cref="HansenJ"/>: excluded instruments minus endogenous regressors.</summary>
    public int HansenJDegreesOfFreedom { get; }

    /// <summary>P(χ²(df) ≥ J); NaN when the model is exactly identified or not GMM.</summary>
    public double HansenJPValue { get; }

    /// <summary>The clusters of the variance (variable, count).</summary>
    public ImmutableArray<KeyValuePair<string, int>> ClusterCounts { get; }

    /// <summary>The absorbed fixed-effect dimensions.</summary>
    public IEnumerable<string> FixedEffects => Specification.FixedEffects.Select(f => f.Name);

    /// <summary>The variance request.</summary>
    public Vcov Vcov => Specification.Variance;

    /// <summary>Every note: rows dropped for missing values, collinear or absorbed variables, weights, few clusters.</summary>
    public ImmutableArray<Note> Notes { get; }

    /// <summary>The coefficient named <paramref name="name"/>.</summary>
    public Coefficient this[string name]
        => Coefficients.FirstOrDefault(c => c.Name == name)
           ?? throw new KeyNotFoundException($"No coefficient named '{name}'; the coefficients are: {string.Join(", ", Names)}.");

    /// <summary>
    /// The instrument diagnostics of this fit (first stages, Anderson / Kleibergen–Paap underidentification, Cragg–Donald
    /// and Kleibergen–Paap weak-identification F, Stock–Yogo critical values, Anderson–Rubin, Sargan / Hansen J,
    /// endogeneity tests), as ivreg2 / ivreghdfe report them for the same model; computed on first use and cached.
    /// </summary>
    /// <remarks>
    /// <para>Built from the fit's own design (<see cref="DiagnosticsInput"/>): the estimation sample, the demeaned columns
    /// when fixed effects were absorbed, the included exogenous regressors (the constant among them) as X₂, the excluded
    /// instruments as Z₁, the analytic weights.</para>
    /// <para>Variance: <see cref="Vcov.Iid"/> → unadjusted, <see cref="Vcov.HC1"/> → robust, one-way
    /// <see cref="Vcov.Cluster(string[])"/> → cluster (the same codes), <see cref="Vcov.Hac(int, string?)"/> with L lags →
    /// Bartlett HAC with L lags in the fit's time order (ivreg2 <c>bw(L + 1)</c>). With fixed effects the absorbed
    /// parameters (the fixed-effect degrees of freedom and the constant) enter as ivreg2's <c>sdofminus</c>, as ivreghdfe
    /// passes it. <see cref="SmallSample"/> (Stata's <c>small</c>) changes none of the diagnostics: ivreg2's <c>small</c>
    /// only changes the coefficient table, and every diagnostic F already carries its own small-sample factor
    /// (χ²/q × (N − L − sdof)/N, clustered χ²/q × (N − L)/(N − 1) × (G − 1)/G; see docs/instrumental-diagnostics.md).
    /// A GMM fit whose weight matrix uses another variance (<c>Gmm(weight:)</c>) is diagnosed under its reported
    /// variance; with the default weight and uncentred moments the diagnostics' Hansen J equals <see cref="HansenJ"/>.</para>
    /// </remarks>
    /// <returns>The diagnostics (immutable; the same instance on every call).</returns>
    public InstrumentDiagnostics Diagnose() => _diagnostics.Value;

    /// <summary>
    /// The first-stage regression of an endogenous regressor on every instrument (the included exogenous regressors,
    /// the constant among them, and the excluded instruments), in <see cref="InstrumentNames"/> order, as ivreg2's
    /// <c>first</c> prints it.
    /// </summary>
    /// <remarks>
    /// Standard errors are those of <see cref="FirstStageDiagnostics"/> (the covariance whose Wald/q is the first-stage F:
    /// s²(Z'Z)⁻¹ with s² = RSS/(N − L − sdof) for iid, the HC1-, HAC- or CR1-scaled sandwich otherwise), so that the
    /// excluded instruments' rows equal <see cref="Diagnose"/>'s <c>FirstStages[j].Coefficients</c>. Statistics are
    /// t(N − L − sdof) (t(G − 1) clustered) with <see cref="SmallSample"/>, z otherwise, as the second stage.
    /// </remarks>
    /// <param name="endogenous">The endogenous regressor's name (one of <see cref="Endogenous"/>).</param>
    /// <returns>The coefficients with standard errors, statistics, p-values and intervals.</returns>
    /// <exception cref="KeyNotFoundException">When <paramref name="endogenous"/> is not an endogenous regressor of the fit.</exception>
    public ImmutableArray<Coefficient> FirstStage(string endogenous)
    {
        var stage = _fullFirstStages.Value.FirstStages.FirstOrDefault(f => f.Endogenous == endogenous)
            ?? throw new KeyNotFoundException($"'{endogenous}' is not an endogenous regressor of this fit; the endogenous regressors are: {string.Join(", ", Endogenous)}.");
        var absorbed = Parameters - Design.X.ColumnCount;
        int? df = SmallSample ? (Specification.Variance.Kind == VcovKind.Cluster ? ClusterCounts[0].Value - 1 : Observations - InstrumentNames.Length - absorbed) : null;
        return [.. stage.Coefficients.Select(c => Significance.Coefficient(c.Instrument, c.Estimate, c.StandardError, df, Specification.ConfidenceLevel))];
    }

    /// <summary>The input of <see cref="Diagnose"/>: this fit's design in the diagnostics' layout (raw scale, rows in time order for HAC).</summary>
    /// <returns>A new input record.</returns>
    internal InstrumentDiagnosticsInput DiagnosticsInput()
    {
        var d = Design;
        var n = d.N;

        // Rows in the HAC time order when there is one (the diagnostics take one series in order); otherwise the sample order.
        var rows = Specification.Variance.Kind == VcovKind.Hac && d.Order is not null ? d.Order : Enumerable.Range(0, n).ToArray();

        // The design rows carry √w; the diagnostics take raw rows and the weights (they normalise them to sum to N, as here).
        double Raw(double value, int i) => d.Root is null ? value : value / d.Root[i];
        double[,] Columns(Matrix<double> m, IReadOnlyList<int> columns)
        {
            var result = new double[n, columns.Count];
            for (var r = 0; r < n; r++)
            {
                var i = rows[r];
                for (var c = 0; c < columns.Count; c++)
                {
                    result[r, c] = Raw(m[i, columns[c]], i);
                }
            }

            return result;
        }

        var endogenous = Enumerable.Range(0, d.X.ColumnCount).Where(j => d.IsEndogenous[j]).ToArray();
        var exogenous = Enumerable.Range(0, d.Included).ToArray();
        var excluded = Enumerable.Range(d.Included, d.Z.ColumnCount - d.Included).ToArray();
        var variance = Specification.Variance;
        var kind = variance.Kind switch
        {
            VcovKind.Iid => InstrumentVariance.Unadjusted,
            VcovKind.HC1 => InstrumentVariance.Robust,
            VcovKind.Cluster => InstrumentVariance.Cluster(rows.Select(i => d.Clusters[variance.Clusters[0].Name].Codes[i]).ToArray()),
            VcovKind.Hac => InstrumentVariance.Hac(variance.Lags),
            _ => throw new InvalidOperationException($"The instrument diagnostics take iid, HC1, one-way cluster or HAC variances; this fit uses '{variance.Description}'."),
        };

        return new InstrumentDiagnosticsInput
        {
            Outcome = [.. rows.Select(i => Raw(d.Y[i], i))],
            Endogenous = Columns(d.X, endogenous),
            Exogenous = Columns(d.Z, exogenous),
            ExcludedInstruments = Columns(d.Z, excluded),
            EndogenousNames = [.. endogenous.Select(j => Names[j])],
            InstrumentNames = [.. excluded.Select(j => InstrumentNames[j])],
            Weights = d.Weights is null ? null : [.. rows.Select(i => d.Weights[i])],
            Variance = kind,

            // The absorbed fixed effects and constant (K − k): ivreg2's sdofminus, as ivreghdfe passes it; 0 without fixed effects.
            AbsorbedDegreesOfFreedom = Parameters - d.X.ColumnCount,
            ConfidenceLevel = Specification.ConfidenceLevel,
        };
    }

    /// <summary>The covariance of the coefficients (p×p, in <see cref="Names"/> order; a copy).</summary>
    public double[,] Covariance() => (double[,])_covariance.Clone();

    /// <summary>The GMM weight matrix W = Ŝ⁻¹ (q×q in <see cref="InstrumentNames"/> order; a copy), as Stata's e(W); null for the k-class estimators.</summary>
    public double[,]? WeightMatrix() => _weightMatrix is null ? null : (double[,])_weightMatrix.Clone();

    /// <summary>The result as JSON (the result contract's keys plus the IV statistics).</summary>
    public string ToJson() => JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        JsonOutput.Text(writer, "estimator", Estimator);
        JsonOutput.Text(writer, "dependent", Dependent);
        writer.WriteNumber("observations", Observations);
        JsonOutput.Number(writer, "r2", RSquared);
        JsonOutput.Number(writer, "r2_adjusted", RSquaredAdjusted);
        JsonOutput.Number(writer, "r2_within", RSquaredWithin);
        JsonOutput.Number(writer, "mss", ModelSumOfSquares);
        JsonOutput.Number(writer, "rss", ResidualSumOfSquares);
        JsonOutput.Number(writer, "rmse", RootMeanSquaredError);
        JsonOutput.Number(writer, "kappa", Kappa);
        JsonOutput.Text(writer, "vcov", Vcov.Description);
        writer.WriteBoolean("small", SmallSample);
        JsonOutput.Strings(writer, "fixed_effects", FixedEffects);
        JsonOutput.Strings(writer, "endogenous", Endogenous);
        JsonOutput.Strings(writer, "instruments", InstrumentNames);
        JsonOutput.Coefficients(writer, Coefficients);
        writer.WritePropertyName("model_test");
        ModelTest.WriteJson(writer);
        JsonOutput.Number(writer, "hansen_j", HansenJ);
        JsonOutput.Number(writer, "hansen_j_p", HansenJPValue);
        writer.WriteStartArray("covariance");
        for (var i = 0; i < Names.Length; i++)
        {
            writer.WriteStartArray();
            for (var j = 0; j < Names.Length; j++)
            {
                JsonOutput.NumberValue(writer, _covariance[i, j]);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    });

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        var statistic = SmallSample ? "t" : "z";
        text.AppendLine(CultureInfo.InvariantCulture, $"IV ({Estimator}) of {Dependent}, N = {Observations}, vcov {Vcov.Description}{(SmallSample ? ", small" : string.Empty)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Instrumented: {string.Join(" ", Endogenous)}; instruments: {string.Join(" ", InstrumentNames)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-16}{"Estimate",14}{"Std. error",14}{statistic,10}{"p",10}");
        foreach (var c in Coefficients)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{c.Name,-16}{c.Estimate,14:G6}{c.StandardError,14:G6}{c.TStatistic,10:F3}{PValueText.Format(c.PValue),10}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"R² = {RSquared:F4}, rmse = {RootMeanSquaredError:G6}, κ = {Kappa:G6}; {ModelTest}");
        if (!double.IsNaN(HansenJ))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Hansen's J = {HansenJ:G6} (df {HansenJDegreesOfFreedom}{(double.IsNaN(HansenJPValue) ? ", exactly identified" : ", " + PValueText.Format(HansenJPValue))})");
        }

        foreach (var note in Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Note: {note.Message}");
        }

        return text.ToString();
    }

    private static double[,] Concatenate(double[,] left, double[,] right)
    {
        var n = left.GetLength(0);
        var result = new double[n, left.GetLength(1) + right.GetLength(1)];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < left.GetLength(1); c++)
            {
                result[i, c] = left[i, c];
            }

            for (var c = 0; c < right.GetLength(1); c++)
            {
                result[i, left.GetLength(1) + c] = right[i, c];
            }
        }

        return result;
    }

    private static WaldTestResult Wald(IReadOnlyList<string> names, double[] b, double[,] v, int? df)
    {
        var tested = Enumerable.Range(0, names.Count).Where(j => names[j] != Coefficient.InterceptName).ToArray();
        if (tested.Length == 0)
        {
            return WaldTestResult.Inapplicable("all coefficients but the constant are zero", "the model has only a constant");
        }

        var sub = Matrix<double>.Build.Dense(tested.Length, tested.Length, (i, j) => v[tested[i], tested[j]]);
        var bs = Vector<double>.Build.Dense(tested.Length, i => b[tested[i]]);
        double chi2;
        try
        {
            chi2 = bs.DotProduct(sub.Cholesky().Solve(bs));
        }
        catch (ArgumentException)
        {
            return WaldTestResult.Inapplicable("all coefficients but the constant are zero", "the covariance of the tested coefficients is singular");
        }

        // Upper tails from the regularised incomplete gamma and beta functions, not 1 − CDF, so that p-values far in the
        // tail (Stata prints 1e-200) keep their digits instead of rounding to 0.
        var q = tested.Length;
        var f = chi2 / q;
        var chi2P = SpecialFunctions.GammaUpperRegularized(q / 2.0, chi2 / 2);
        var fP = df is { } d ? SpecialFunctions.BetaRegularized(d / 2.0, q / 2.0, d / (d + (q * f))) : double.NaN;
        return new WaldTestResult(string.Empty, [.. tested.Select(j => names[j])], chi2, chi2P, f, q, df ?? 0, fP);
    }
}
