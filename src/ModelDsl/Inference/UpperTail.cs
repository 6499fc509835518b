using MathNet.Numerics;

namespace ModelDsl.Inference;

/// <summary>
/// Upper-tail probabilities of the χ² and F distributions computed directly from the regularized incomplete gamma and
/// beta functions.
/// </summary>
/// <remarks>
/// Why not <c>1 − CDF</c>: the subtraction cancels once the CDF rounds to 1, so every p-value below about 1e-16 became
/// exactly 0 (a Wald test with χ² = 100 on one restriction has p = 1.5e-23, and journals' "p &lt; 0.001" hides it, but
/// a p-value of zero is a wrong number in JSON output and in any ratio a user computes). P(χ²_ν ≥ x) = Q(ν/2, x/2), the
/// regularized upper incomplete gamma function; P(F_{d₁,d₂} ≥ f) = I_{d₂/(d₂ + d₁f)}(d₂/2, d₁/2), the regularized
/// incomplete beta function (Abramowitz and Stegun 1964, 26.4.19 and 26.6.2).
/// </remarks>
internal static class UpperTail
{
    /// <summary>P(χ²(<paramref name="degreesOfFreedom"/>) ≥ <paramref name="statistic"/>); 1 for a statistic ≤ 0, NaN for NaN or no degrees of freedom.</summary>
    public static double ChiSquare(double degreesOfFreedom, double statistic)
    {
        if (double.IsNaN(statistic) || !(degreesOfFreedom > 0))
        {
            return double.NaN;
        }

        return statistic <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2, statistic / 2);
    }

    /// <summary>P(F(<paramref name="numerator"/>, <paramref name="denominator"/>) ≥ <paramref name="statistic"/>); 1 for a statistic ≤ 0, NaN for NaN or non-positive degrees of freedom.</summary>
    public static double F(double numerator, double denominator, double statistic)
    {
        if (double.IsNaN(statistic) || !(numerator > 0) || !(denominator > 0))
        {
            return double.NaN;
        }

        if (statistic <= 0)
        {
            return 1.0;
        }

        return double.IsPositiveInfinity(statistic)
            ? 0.0
            : SpecialFunctions.BetaRegularized(denominator / 2, numerator / 2, denominator / (denominator + (numerator * statistic)));
    }
}
