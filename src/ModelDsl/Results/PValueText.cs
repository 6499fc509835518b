using System.Globalization;

namespace ModelDsl.Results;

/// <summary>
/// A p-value as journals print it, for every result's text and every table: three decimals, and <c>&lt; 0.001</c>
/// below that (never <c>2.38E-07</c> or <c>0.000</c>); empty for a missing (NaN) p-value.
/// </summary>
/// <remarks>APA (7th ed., 6.36) and most economics journals: exact p to three decimals, "p &lt; .001" below. Kept in
/// the base layer so that results (Wald, Hausman, mediation, placebo) and Reporting's tables write p the same way.</remarks>
internal static class PValueText
{
    /// <summary>The p-value alone: <c>0.023</c> or <c>&lt; 0.001</c>.</summary>
    public static string Format(double pValue)
    {
        if (double.IsNaN(pValue))
        {
            return string.Empty;
        }

        // Rounding in a distribution function can land a hair outside [0, 1]; anything further is a caller's error.
        if (pValue is > 1 and <= 1 + 1e-9)
        {
            pValue = 1;
        }

        if (pValue is < -1e-9 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pValue), pValue, $"A p-value lies in [0, 1]; found {pValue.ToString(CultureInfo.InvariantCulture)}.");
        }

        return pValue < 0.001 ? "< 0.001" : pValue.ToString("F3", CultureInfo.InvariantCulture);
    }

    /// <summary>The p-value as a statement in running text: <c>p &lt; 0.001</c> or <c>p = 0.023</c>; <c>p = n/a</c> for NaN.</summary>
    public static string Statement(double pValue)
    {
        var text = Format(pValue);
        return text.Length == 0 ? "p = n/a" : text.StartsWith('<') ? "p " + text : "p = " + text;
    }
}
