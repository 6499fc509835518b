using System.Globalization;

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

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static void CheckDecimals(int decimals, string parameter)
    {
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(parameter, decimals, $"Decimals must be between 0 and 15; found {decimals}.");
        }
    }
}
