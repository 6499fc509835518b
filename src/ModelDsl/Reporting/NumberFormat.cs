using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>Culture-invariant number formatting shared by every table: fixed decimals, no "-0.0000", NaN as an empty cell.</summary>
internal static class NumberFormat
{
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value))
        {
            return string.Empty;
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        // A negative value that rounds to zero prints without its sign.
        return text.StartsWith('-') && text.AsSpan(1).Trim("0.").IsEmpty ? text[1..] : text;
    }

    /// <summary>
    /// A p-value as journals print it: three decimals, and <c>&lt; 0.001</c> below that (never <c>2.38E-07</c> or
    /// <c>0.000</c>); empty for a missing (NaN) p-value. Every table and note of Reporting formats p-values here.
    /// </summary>
    /// <remarks>APA (7th ed., 6.36) and most economics journals: exact p to three decimals, "p &lt; .001" below.</remarks>
    public static string PValue(double pValue) => PValueText.Format(pValue);

    /// <summary>A test as a table cell: the statistic with three decimals and its p-value in parentheses, "9.552 (0.002)"; empty for a NaN statistic.</summary>
    public static string StatisticWithPValue(double statistic, double pValue) =>
        double.IsNaN(statistic) ? string.Empty : $"{Fixed(statistic, 3)} ({PValue(pValue)})";

    /// <summary>A p-value as a statement in running text: <c>p &lt; 0.001</c> or <c>p = 0.023</c>; empty for NaN.</summary>
    public static string PValueStatement(double pValue) => double.IsNaN(pValue) ? string.Empty : PValueText.Statement(pValue);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static void CheckDecimals(int decimals, string parameter)
    {
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(parameter, decimals, $"Decimals must be between 0 and 15; found {decimals}.");
        }
    }
}
