namespace ModelDsl.Inference;

/// <summary>
/// An F (Wald) test that a set of coefficients are jointly zero; when it does not apply,
/// <see cref="IsApplicable"/> is false and <see cref="Reason"/> says why (the numbers are NaN).
/// </summary>
/// <param name="Statistic">The F statistic.</param>
/// <param name="DegreesOfFreedom">The numerator degrees of freedom (number of restrictions).</param>
/// <param name="DenominatorDegreesOfFreedom">The denominator degrees of freedom.</param>
/// <param name="PValue">P(F ≥ statistic).</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record WaldTest(double Statistic, int DegreesOfFreedom, int DenominatorDegreesOfFreedom, double PValue, string? Reason = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>A test that does not apply, with the reason.</summary>
    public static WaldTest Inapplicable(string reason) => new(double.NaN, 0, 0, double.NaN, reason);

    /// <inheritdoc />
    public override string ToString()
        => IsApplicable ? $"F({DegreesOfFreedom}, {DenominatorDegreesOfFreedom}) = {Statistic:G6}, p = {PValue:G4}" : $"F test not applicable: {Reason}";
}
