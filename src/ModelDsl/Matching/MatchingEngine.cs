using System.Globalization;

using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>How treated units are matched to controls.</summary>
public enum MatchingMethod
{
    /// <summary>k nearest neighbours on the propensity score.</summary>
    NearestNeighbor,

    /// <summary>Kernel-weighted average of all controls within a bandwidth of the score.</summary>
    Kernel,
}

/// <summary>The settings of one propensity-score matching, independent of where the data come from.</summary>
internal sealed record MatchingOptions(
    BinaryLink Link,
    MatchingMethod Method,
    int Neighbors,
    bool Replace,
    double? Caliper,
    double TieTolerance,
    MatchingKernel Kernel,
    double Bandwidth,
    bool CommonSupport,
    int BootstrapReplications,
    int Seed);

/// <summary>Everything one matching produced, on the rows given to the engine (positions 0..n−1).</summary>
internal sealed record MatchingOutcome(
    BinaryChoiceFit Score,
    double[] PropensityScore,
    double[] LinearIndex,
    bool[] Treated,
    bool[] Eligible,
    MatchSet Set,
    double[] Weights,
    double Att,
    double StandardError,
    int BootstrapReplicationsUsed,
    IReadOnlyList<Note> Notes);

/// <summary>The propensity-score matching pipeline on arrays: score, common support, matching, ATT and its standard error.</summary>
/// <remarks>
/// The score is the fitted probability of a logit or probit of the treatment on the covariates
/// (Rosenbaum &amp; Rubin 1983). Common support by min/max trimming (psmatch2 <c>common</c>) removes treated
/// units whose score lies outside [min, max] of the controls' scores. The nearest-neighbour standard error is
/// Abadie–Imbens (2006); the kernel standard error is the standard deviation of the ATT over bootstrap
/// resamples of all rows (unstratified, the score re-estimated in each), as psmatch2 with <c>bootstrap</c>
/// computes it; the bootstrap is not valid for nearest-neighbour matching (Abadie &amp; Imbens 2008).
/// </remarks>
internal static class MatchingEngine
{
    public static MatchingOutcome Run(MatchingOptions options, double[] treatment, IReadOnlyList<double[]> covariates, IReadOnlyList<string> names, double[]? outcome, string treatmentName)
    {
        var n = treatment.Length;
        var notes = new List<Note>();
        var treated = new bool[n];
        for (var i = 0; i < n; i++)
        {
            if (treatment[i] != 0.0 && treatment[i] != 1.0)
            {
                throw new ArgumentException($"The treatment '{treatmentName}' must be 0 or 1, but row {i} holds {treatment[i].ToString("R", CultureInfo.InvariantCulture)}. Recode it to a 0/1 dummy.");
            }

            treated[i] = treatment[i] == 1.0;
        }

        var treatedCount = treated.Count(t => t);
        if (treatedCount == 0 || treatedCount == n)
        {
            throw new InvalidOperationException($"Matching needs treated and control units, but all {n} rows have {treatmentName} = {(treatedCount == 0 ? 0 : 1)}.");
        }

        ValidateOptions(options, n - treatedCount, notes);
        NoteConstantAmongTreated(covariates, names, treated, notes);

        var columns = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray() };
        columns.AddRange(covariates);
        var columnNames = new List<string> { "(Intercept)" };
        columnNames.AddRange(names);
        var score = BinaryChoiceEstimator.Fit(options.Link, treatment, columns, columnNames, 0, treatmentName);
        notes.AddRange(score.Notes);
        var (ps, xb) = Scores(score, columns, n);

        // Rows removed by the score model (perfectly predicted) cannot be matched.
        var eligible = new bool[n];
        foreach (var r in score.Rows)
        {
            eligible[r] = true;
        }

        var trimmed = options.CommonSupport ? Trim(ps, treated, eligible) : 0;
        if (trimmed > 0)
        {
            notes.Add(new Note(NoteKind.SampleRestriction, $"Common support (min/max of the control scores): {trimmed} treated units lie outside it and are off support.", trimmed));
        }

        var set = Match(options, ps, treated, eligible);
        var matched = set.MatchedTreatedCount;
        var offSupport = set.Treated.Length - matched;
        if (matched == 0)
        {
            var reason = options.Method == MatchingMethod.Kernel
                ? $"no treated unit has a control within the bandwidth {options.Bandwidth.ToString("G6", CultureInfo.InvariantCulture)} of its score. Widen the bandwidth (.Kernel(bandwidth)), or check the overlap of the score distributions"
                : $"no treated unit has a control within the caliper {options.Caliper?.ToString("G6", CultureInfo.InvariantCulture)}. Widen the caliper or drop it";
            throw new InvalidOperationException($"Matching failed: {reason}.");
        }

        if (offSupport - trimmed > 0)
        {
            var why = options.Method == MatchingMethod.Kernel ? $"no control within the bandwidth {options.Bandwidth.ToString("G6", CultureInfo.InvariantCulture)}" : options.Caliper is not null ? "no control within the caliper" : "no control left to match (without replacement)";
            notes.Add(new Note(NoteKind.SampleRestriction, $"{offSupport - trimmed} treated units are off support ({why}) and are excluded from the ATT.", offSupport - trimmed));
        }

        var weights = set.RowWeights(n);
        var att = double.NaN;
        var se = double.NaN;
        var used = 0;
        if (outcome is not null)
        {
            att = MatchingCore.Att(set, outcome);
            if (options.Method == MatchingMethod.NearestNeighbor)
            {
                se = MatchingCore.AbadieImbensStandardError(set, outcome, att);
            }
            else if (options.BootstrapReplications > 0)
            {
                (se, used) = Bootstrap(options, treatment, columns, columnNames, outcome, treatmentName, notes);
            }
        }
        else
        {
            notes.Add(new Note(NoteKind.Information, "No outcome was given (.Outcome(y)): the matching and balance are computed, the ATT is not."));
        }

        return new MatchingOutcome(score, ps, xb, treated, eligible, set, weights, att, se, used, notes);
    }

    private static void ValidateOptions(MatchingOptions options, int controls, List<Note> notes)
    {
        if (options.Method == MatchingMethod.NearestNeighbor)
        {
            if (options.Neighbors < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.Neighbors, $"Nearest-neighbour matching needs k ≥ 1 neighbours; got {options.Neighbors}.");
            }

            if (options.Neighbors > controls)
            {
                notes.Add(new Note(NoteKind.Information, $"k = {options.Neighbors} neighbours were requested but only {controls} controls exist: each treated unit is matched to all {controls} controls (as Matching::Match does).", controls));
            }
        }
        else if (!(options.Bandwidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Bandwidth, $"The kernel bandwidth must be positive; got {options.Bandwidth}. psmatch2's default is 0.06.");
        }
    }

    private static void NoteConstantAmongTreated(IReadOnlyList<double[]> covariates, IReadOnlyList<string> names, bool[] treated, List<Note> notes)
    {
        for (var c = 0; c < covariates.Count; c++)
        {
            var values = covariates[c].Where((_, i) => treated[i]).Distinct().ToArray();
            if (values.Length == 1)
            {
                notes.Add(new Note(
                    NoteKind.Information,
                    $"Covariate {names[c]} is constant among the treated units (= {values[0].ToString("G6", CultureInfo.InvariantCulture)}): controls with another value get scores far from every treated unit, and its balance row compares a constant.",
                    1));
            }
        }
    }

    internal static (double[] Ps, double[] Xb) Scores(BinaryChoiceFit score, List<double[]> columns, int n)
    {
        // Scores for every row, including those the score model set aside, from the kept coefficients.
        var ps = new double[n];
        var xb = new double[n];
        for (var j = 0; j < score.Names.Length; j++)
        {
            var column = columns[score.ColumnSource[j]];
            var b = score.Beta[j];
            for (var i = 0; i < n; i++)
            {
                xb[i] += b * column[i];
            }
        }

        for (var i = 0; i < n; i++)
        {
            ps[i] = BinaryLinkFunctions.Cdf(score.Link, xb[i]);
        }

        return (ps, xb);
    }

    private static int Trim(double[] ps, bool[] treated, bool[] eligible)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < ps.Length; i++)
        {
            if (eligible[i] && !treated[i])
            {
                min = Math.Min(min, ps[i]);
                max = Math.Max(max, ps[i]);
            }
        }

        var trimmed = 0;
        for (var i = 0; i < ps.Length; i++)
        {
            if (eligible[i] && treated[i] && (ps[i] < min || ps[i] > max))
            {
                eligible[i] = false;
                trimmed++;
            }
        }

        return trimmed;
    }

    private static MatchSet Match(MatchingOptions options, double[] ps, bool[] treated, bool[] eligible)
    {
        var set = options.Method == MatchingMethod.NearestNeighbor
            ? MatchingCore.Nearest(ps, treated, options.Neighbors, options.Replace, options.Caliper, options.TieTolerance, eligible)
            : MatchingCore.Kernel(ps, treated, options.Kernel, options.Bandwidth, eligible);

        // Treated units removed before matching (trimmed, set aside by the score model) are listed as off support.
        var missing = Enumerable.Range(0, ps.Length).Where(i => treated[i] && !eligible[i]).ToArray();
        if (missing.Length == 0)
        {
            return set;
        }

        return new MatchSet(
            [.. set.Treated, .. missing],
            [.. set.Controls, .. missing.Select(_ => Array.Empty<int>())],
            [.. set.Weights, .. missing.Select(_ => Array.Empty<double>())]);
    }

    private static (double StandardError, int Used) Bootstrap(MatchingOptions options, double[] treatment, List<double[]> columns, List<string> names, double[] outcome, string treatmentName, List<Note> notes)
    {
        var n = treatment.Length;
        var random = new Random(options.Seed);
        var estimates = new List<double>(options.BootstrapReplications);
        var failed = 0;
        var rows = new int[n];
        for (var b = 0; b < options.BootstrapReplications; b++)
        {
            for (var i = 0; i < n; i++)
            {
                rows[i] = random.Next(n);
            }

            var t = rows.Select(r => treatment[r]).ToArray();
            var x = columns.Select(c => rows.Select(r => c[r]).ToArray()).ToList();
            var y = rows.Select(r => outcome[r]).ToArray();
            try
            {
                var fit = BinaryChoiceEstimator.Fit(options.Link, t, x, names, 0, treatmentName);
                var (ps, _) = Scores(fit, x, n);
                var treated = t.Select(v => v == 1.0).ToArray();
                var eligible = new bool[n];
                foreach (var r in fit.Rows)
                {
                    eligible[r] = true;
                }

                if (options.CommonSupport)
                {
                    Trim(ps, treated, eligible);
                }

                var att = MatchingCore.KernelAtt(ps, treated, y, options.Kernel, options.Bandwidth, eligible);
                if (double.IsNaN(att))
                {
                    failed++;
                    continue;
                }

                estimates.Add(att);
            }
            catch (InvalidOperationException)
            {
                failed++;
            }
        }

        if (failed > 0)
        {
            notes.Add(new Note(NoteKind.Information, $"{failed} of {options.BootstrapReplications} bootstrap resamples could not be matched (perfect prediction or no support) and were skipped.", failed));
        }

        if (estimates.Count < 2)
        {
            return (double.NaN, estimates.Count);
        }

        var mean = estimates.Average();
        var variance = estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Count - 1);
        return (Math.Sqrt(variance), estimates.Count);
    }
}
