using System.Globalization;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The outcome of a placebo (randomisation inference) test: the placebo estimates and how extreme the actual estimate is among them.</summary>
public sealed class PlaceboResult
{
    private readonly double[] _estimates;
    private readonly double[] _tStatistics;
    private readonly double[] _drawPValues;

    internal PlaceboResult(DidResult did, PlaceboMode mode, int seed, double actual, double[] estimates, PlaceboStatistic statistic, double actualT, double[]? tStatistics)
    {
        Statistic = statistic;
        ActualTStatistic = actualT;
        _tStatistics = tStatistics ?? [];
        var df = did.Regression.InferenceDegreesOfFreedom;
        _drawPValues = _tStatistics.Select(t => double.IsFinite(t) ? 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -Math.Abs(t)) : double.NaN).ToArray();
        Treatment = did.Assignment.Name;
        Dependent = did.Regression.Dependent;
        Mode = mode;
        Seed = seed;
        Actual = actual;
        _estimates = estimates;
        var valid = estimates.Where(double.IsFinite).ToArray();
        ValidDraws = valid.Length;
        if (valid.Length == 0)
        {
            throw new InvalidOperationException(
                $"All {estimates.Length} placebo draws gave a pseudo-treatment absorbed by the fixed effects; the cohorts ({string.Join(", ", did.CohortSizes.Keys.Select(Causal.Treatment.Format))}) leave no variation to reassign. Use PlaceboMode.UnitsOnly or check the cohort column.");
        }

        Mean = valid.Average();
        StandardDeviation = valid.Length > 1 ? Math.Sqrt(valid.Sum(v => (v - Mean) * (v - Mean)) / (valid.Length - 1)) : double.NaN;

        // The compared statistic; a relative tolerance keeps a draw that reproduces the actual assignment counted as "as extreme".
        var compared = statistic == PlaceboStatistic.TStatistic ? _tStatistics.Where(double.IsFinite).ToArray() : valid;
        var threshold = Math.Abs(statistic == PlaceboStatistic.TStatistic ? actualT : actual) * (1 - 1e-12);
        if (!double.IsFinite(threshold))
        {
            // A NaN threshold would count no draw as extreme and report the smallest possible p-value.
            throw new InvalidOperationException(
                $"The actual {(statistic == PlaceboStatistic.TStatistic ? "t statistic" : "estimate")} of '{Treatment}' is {(statistic == PlaceboStatistic.TStatistic ? actualT : actual)}, so no draw can be compared with it ({string.Join(" ", did.Regression.Notes.Where(n => n.Kind == NoteKind.Information).Select(n => n.Message))}). Use PlaceboStatistic.Coefficient or fix the model.");
        }

        ExceedCount = compared.Count(v => Math.Abs(v) >= threshold);
        PValue = (1.0 + ExceedCount) / (1.0 + ValidDraws);
        PValueUncorrected = (double)ExceedCount / ValidDraws;
        Notes = DegenerateNotes(mode, valid, compared, statistic == PlaceboStatistic.TStatistic ? actualT : actual, statistic);
    }

    /// <summary>What makes the placebo distribution uninformative, if anything: one valid draw, or every draw equal.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>
    /// Notes for a degenerate randomisation distribution. When every valid draw gives the same statistic (to 1e-12 of its
    /// size) the reassignment does not change the estimate (for example <see cref="PlaceboMode.TimingOnly"/> with a
    /// single cohort reproduces the actual assignment in every draw): the p-value is then 1 or 1/(B + 1) by construction
    /// and the standard deviation 0, neither of which is evidence about the effect.
    /// </summary>
    private static Note[] DegenerateNotes(PlaceboMode mode, double[] valid, double[] compared, double actual, PlaceboStatistic statistic)
    {
        if (valid.Length == 1)
        {
            return [new Note(NoteKind.Information, "Only one placebo draw is valid: the placebo standard deviation is undefined and the p-value rests on one draw; run more draws.", 1)];
        }

        if (compared.Length == 0)
        {
            return [];
        }

        var low = compared.Min();
        var high = compared.Max();
        var size = Math.Max(Math.Abs(low), Math.Abs(high));
        if (high - low > 1e-12 * size)
        {
            return [];
        }

        var what = statistic == PlaceboStatistic.TStatistic ? "t statistic" : "estimate";
        var same = Math.Abs(actual - low) <= 1e-12 * Math.Max(size, Math.Abs(actual)) ? $"the actual {what}" : $"{low.ToString("G6", CultureInfo.InvariantCulture)}";
        var hint = mode == PlaceboMode.TimingOnly
            ? "TimingOnly keeps the treated units and draws their timing from the observed cohorts, so with one cohort every draw is the actual assignment; use UnitsAndTiming or UnitsOnly"
            : "reassigning the treatment does not change the estimate; check the treatment and the outcome";
        return
        [
            new Note(
                NoteKind.Information,
                $"All {compared.Length} valid placebo draws give the same {what} ({same}): the randomisation distribution is a single point, so its p-value and standard deviation carry no information about the effect ({hint}).",
                compared.Length),
        ];
    }

    /// <summary>The treatment dummy's name.</summary>
    public string Treatment { get; }

    /// <summary>The dependent variable.</summary>
    public string Dependent { get; }

    /// <summary>How the treatment was reassigned.</summary>
    public PlaceboMode Mode { get; }

    /// <summary>The seed of the run.</summary>
    public int Seed { get; }

    /// <summary>The statistic compared across draws.</summary>
    public PlaceboStatistic Statistic { get; }

    /// <summary>The actual treatment t statistic (under the model's variance estimator).</summary>
    public double ActualTStatistic { get; }

    /// <summary>The placebo t statistic of every draw when <see cref="Statistic"/> is <see cref="PlaceboStatistic.TStatistic"/>; empty otherwise.</summary>
    public IReadOnlyList<double> TStatistics => _tStatistics;

    /// <summary>
    /// Each draw's conventional two-sided p-value (t with the model's inference degrees of freedom) when
    /// <see cref="Statistic"/> is <see cref="PlaceboStatistic.TStatistic"/> — the scatter of the papers' placebo figures; empty otherwise.
    /// </summary>
    public IReadOnlyList<double> DrawPValues => _drawPValues;

    /// <summary>The actual treatment estimate.</summary>
    public double Actual { get; }

    /// <summary>The placebo estimate of every draw, in draw order (NaN for a discarded draw).</summary>
    public IReadOnlyList<double> Estimates => _estimates;

    /// <summary>The number of draws requested.</summary>
    public int Draws => _estimates.Length;

    /// <summary>The draws whose pseudo-treatment was not absorbed by the fixed effects.</summary>
    public int ValidDraws { get; }

    /// <summary>The mean of the valid placebo estimates.</summary>
    public double Mean { get; }

    /// <summary>Their standard deviation (n − 1 denominator).</summary>
    public double StandardDeviation { get; }

    /// <summary>#{b : |s_b| ≥ |s|} over the valid draws, s the compared statistic (β̂ or t).</summary>
    public int ExceedCount { get; }

    /// <summary>The two-sided randomisation p-value with the +1 correction: (1 + <see cref="ExceedCount"/>) / (1 + <see cref="ValidDraws"/>).</summary>
    public double PValue { get; }

    /// <summary>The share <see cref="ExceedCount"/> / <see cref="ValidDraws"/> without the correction.</summary>
    public double PValueUncorrected { get; }

    /// <summary>The result as JSON (<c>estimator: "placebo"</c>, the actual estimate, mean, sd, p-values and every placebo estimate).</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Placebo ({PlaceboInference.Describe(Mode)}, {ValidDraws} draws, seed {Seed}): actual {Actual:G6}, placebo mean {Mean:G4}, sd {StandardDeviation:G4}, {PValueText.Statement(PValue)}"
            + string.Concat(Notes.Select(n => $" (note: {n.Message})"));

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "placebo");
        writer.WriteString("dependent", Dependent);
        writer.WriteString("treatment", Treatment);
        writer.WriteString("mode", PlaceboInference.Describe(Mode));
        writer.WriteString("statistic", Statistic == PlaceboStatistic.TStatistic ? "t" : "coefficient");
        writer.WriteNumber("seed", Seed);
        writer.WriteNumber("draws", Draws);
        writer.WriteNumber("valid_draws", ValidDraws);
        JsonOutput.Number(writer, "actual", Actual);
        JsonOutput.Number(writer, "actual_t", ActualTStatistic);
        JsonOutput.Number(writer, "mean", Mean);
        JsonOutput.Number(writer, "sd", StandardDeviation);
        writer.WriteNumber("exceed_count", ExceedCount);
        JsonOutput.Number(writer, "p_value", PValue);
        JsonOutput.Number(writer, "p_value_uncorrected", PValueUncorrected);
        writer.WriteStartArray("notes");
        foreach (var note in Notes)
        {
            writer.WriteStringValue(note.Message);
        }

        writer.WriteEndArray();
        writer.WriteString("p_value_definition", "(1 + #{|placebo statistic| >= |actual statistic|}) / (1 + valid_draws), two-sided");
        writer.WriteStartArray("estimates");
        foreach (var value in _estimates)
        {
            JsonOutput.NumberValue(writer, value);
        }

        writer.WriteEndArray();
        if (Statistic == PlaceboStatistic.TStatistic)
        {
            writer.WriteStartArray("t_statistics");
            foreach (var value in _tStatistics)
            {
                JsonOutput.NumberValue(writer, value);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("draw_p_values");
            foreach (var value in _drawPValues)
            {
                JsonOutput.NumberValue(writer, value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
