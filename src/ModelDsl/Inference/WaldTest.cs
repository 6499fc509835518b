namespace ModelDsl.Inference;

/// <summary>
/// An F (Wald) test that a set of coefficients are jointly zero; when it does not apply,
/// <see cref="IsApplicable"/> is false and <see cref="Reason"/> says why (the numbers are NaN).
/// </summary>
/// <param name="Statistic">The F statistic.</param>
/// <param name="DegreesOfFreedom">The numerator degrees of freedom (number of restrictions).</param>
/// <param name="DenominatorDegreesOfFreedom">The denominator degrees of freedom; 0 when the test is referred to χ²(q) (normal inference, as for random effects).</param>
/// <param name="PValue">P(F ≥ statistic), or P(χ²_q ≥ q·statistic) when the denominator is 0.</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record WaldTest(double Statistic, int DegreesOfFreedom, int DenominatorDegreesOfFreedom, double PValue, string? Reason = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>The Wald χ² statistic, q × F.</summary>
    public double ChiSquare => Statistic * DegreesOfFreedom;

    /// <summary>P(χ²_q ≥ <see cref="ChiSquare"/>), the large-sample p-value.</summary>
    public double ChiSquarePValue => IsApplicable ? 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(DegreesOfFreedom, ChiSquare) : double.NaN;

    /// <summary>A test that does not apply, with the reason.</summary>
    public static WaldTest Inapplicable(string reason) => new(double.NaN, 0, 0, double.NaN, reason);

    /// <inheritdoc />
    public override string ToString()
        => !IsApplicable ? $"Wald test not applicable: {Reason}"
            : DenominatorDegreesOfFreedom > 0 ? $"F({DegreesOfFreedom}, {DenominatorDegreesOfFreedom}) = {Statistic:G6}, p = {PValue:G4}"
            : $"chi2({DegreesOfFreedom}) = {ChiSquare:G6}, p = {PValue:G4}";
}
