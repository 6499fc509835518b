using System.Text.Json;

using ModelDsl.Estimation;

namespace ModelDsl.Results;

/// <summary>One estimated threshold with its LR confidence interval and its LR profile over the grid.</summary>
/// <param name="Label">xthreg's row name: <c>Th-1</c> (single model), <c>Th-21</c> and <c>Th-22</c> (the refined first and the second threshold of the double model), <c>Th-3</c>.</param>
/// <param name="Value">The estimate γ̂.</param>
/// <param name="Ssr">S(γ̂), the residual sum of squares at the estimate (within regression).</param>
/// <param name="Lower">The smallest grid point with LR(γ) ≤ c(α).</param>
/// <param name="Upper">The largest grid point with LR(γ) ≤ c(α).</param>
/// <param name="IntervalIsSplit">True when some grid point between <paramref name="Lower"/> and <paramref name="Upper"/> has LR above c(α) (the set is not an interval).</param>
/// <param name="InModel">True when the threshold is one of the model's thresholds (Th-1 of a single-threshold model, Th-21/Th-22 of a double, …).</param>
/// <param name="Candidates">The candidate thresholds of the search, ascending.</param>
/// <param name="LikelihoodRatio">LR(γ) = (S(γ) − S(γ̂))/σ̂², σ̂² = S(γ̂)/(n(T − 1)), per candidate (NaN where a candidate was skipped).</param>
public sealed record ThresholdEstimate(
    string Label,
    double Value,
    double Ssr,
    double Lower,
    double Upper,
    bool IntervalIsSplit,
    bool InModel,
    IReadOnlyList<double> Candidates,
    IReadOnlyList<double> LikelihoodRatio);

/// <summary>The bootstrap test of k against k − 1 thresholds (xthreg's "Threshold effect test" row).</summary>
/// <param name="Thresholds">k: 1 (single against none), 2 (double against single), 3 (triple against double).</param>
/// <param name="Ssr">The residual sum of squares of the k-threshold model as the test uses it (S₁(γ̂₁), S₂ʳ(γ̂₂ʳ), S₃(γ̂₃)).</param>
/// <param name="MeanSquaredError">σ̂² = <paramref name="Ssr"/>/(n(T − 1)).</param>
/// <param name="F">F_k = (S_{k−1} − S_k)/σ̂².</param>
/// <param name="Draws">The bootstrap statistics F*_k (empty without a bootstrap).</param>
public sealed record ThresholdTest(int Thresholds, double Ssr, double MeanSquaredError, double F, IReadOnlyList<double> Draws)
{
    /// <summary>xthreg's row label: Single, Double, Triple.</summary>
    public string Label => Thresholds switch { 1 => "Single", 2 => "Double", _ => "Triple" };

    /// <summary>The bootstrap p-value #{F* ≥ F}/B, NaN without a bootstrap.</summary>
    public double PValue => Draws.Count == 0 ? double.NaN : Draws.Count(d => d >= F) / (double)Draws.Count;

    /// <summary>The bootstrap critical value at level <paramref name="alpha"/>: the ⌈(1 − α)B⌉-th smallest F* (NaN without a bootstrap).</summary>
    public double CriticalValue(double alpha)
    {
        if (Draws.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Draws.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(((1 - alpha) * sorted.Length) - 1e-9), 1, sorted.Length) - 1];
    }
}

/// <summary>
/// A fitted fixed-effects panel threshold model: the thresholds with their LR intervals, the bootstrap F tests for the
/// number of thresholds, and the regime coefficients (the within regression at the estimated thresholds).
/// </summary>
public sealed class ThresholdResult
{
    internal ThresholdResult(
        ThresholdSpecification specification,
        int units,
        int periods,
        IReadOnlyList<double> candidates,
        double linearSsr,
        IReadOnlyList<ThresholdEstimate> estimates,
        IReadOnlyList<ThresholdTest> tests,
        IReadOnlyList<double> thresholds,
        RegressionResult regression,
        IReadOnlyList<Note> notes)
    {
        Specification = specification;
        Units = units;
        Periods = periods;
        Candidates = candidates;
        LinearSsr = linearSsr;
        Estimates = estimates;
        Tests = tests;
        Thresholds = thresholds;
        Regression = regression;
        Notes = notes;
    }

    /// <summary>The specification that was fitted.</summary>
    public ThresholdSpecification Specification { get; }

    /// <summary>n, the number of units of the balanced panel.</summary>
    public int Units { get; }

    /// <summary>T, the number of periods.</summary>
    public int Periods { get; }

    /// <summary>N = nT.</summary>
    public int Observations => Units * Periods;

    /// <summary>The candidate thresholds searched, ascending.</summary>
    public IReadOnlyList<double> Candidates { get; }

    /// <summary>S₀, the residual sum of squares of the linear (no-threshold) within regression.</summary>
    public double LinearSsr { get; }

    /// <summary>Every estimated threshold, in the order of xthreg's table (Th-1, Th-21, Th-22, Th-3).</summary>
    public IReadOnlyList<ThresholdEstimate> Estimates { get; }

    /// <summary>The F tests (single, double, triple as far as the model goes).</summary>
    public IReadOnlyList<ThresholdTest> Tests { get; }

    /// <summary>The model's thresholds, ascending.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>The within regression at the thresholds: coefficients <c>x:regime1</c> … and the controls, with the requested variance.</summary>
    public RegressionResult Regression { get; }

    /// <summary>Notes: rows outside the balanced panel, grid ties, split confidence sets, and the regression's notes.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The coefficient of <paramref name="regressor"/> in regime <paramref name="regime"/> (1 = q ≤ γ₁).</summary>
    public Coefficient RegimeCoefficient(string regressor, int regime) => Regression[ThresholdSpecification.RegimeName(regressor, regime)];

    /// <summary>The JSON of the result (snake_case, round-trip numbers, notes).</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    private void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        JsonOutput.Text(writer, "model", "panel_threshold_fe");
        JsonOutput.Text(writer, "dependent", Specification.Outcome.Name);
        JsonOutput.Text(writer, "threshold_variable", Specification.ThresholdVariable?.Name);
        JsonOutput.Strings(writer, "regime_dependent", Specification.RegimeDependent.Select(t => t.Name));
        writer.WriteNumber("units", Units);
        writer.WriteNumber("periods", Periods);
        writer.WriteNumber("candidates", Candidates.Count);
        JsonOutput.Number(writer, "linear_ssr", LinearSsr);
        JsonOutput.Numbers(writer, "thresholds", Thresholds);
        writer.WriteStartArray("estimates");
        foreach (var e in Estimates)
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "label", e.Label);
            JsonOutput.Number(writer, "value", e.Value);
            JsonOutput.Number(writer, "ssr", e.Ssr);
            JsonOutput.Number(writer, "lower", e.Lower);
            JsonOutput.Number(writer, "upper", e.Upper);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tests");
        foreach (var t in Tests)
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "label", t.Label);
            JsonOutput.Number(writer, "ssr", t.Ssr);
            JsonOutput.Number(writer, "mse", t.MeanSquaredError);
            JsonOutput.Number(writer, "f", t.F);
            JsonOutput.Number(writer, "p_value", t.PValue);
            JsonOutput.Number(writer, "crit10", t.CriticalValue(0.10));
            JsonOutput.Number(writer, "crit5", t.CriticalValue(0.05));
            JsonOutput.Number(writer, "crit1", t.CriticalValue(0.01));
            writer.WriteNumber("draws", t.Draws.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Coefficients(writer, Regression.Coefficients);
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }
}
