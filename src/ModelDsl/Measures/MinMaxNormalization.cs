using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Measures;

/// <summary>Min–max normalisation of an indicator with a direction, pooled or per time period.</summary>
/// <remarks>
/// <para>Positive (benefit) indicator: x′ = (x − min) / (max − min) + shift.
/// Negative (cost) indicator: x′ = (max − x) / (max − min) + shift.
/// The minimum and maximum are taken over all rows (<see cref="NormalizationScope.Pooled"/>) or over the rows of each
/// time period (<see cref="NormalizationScope.PerPeriod"/>), so x′ lies in [shift, 1 + shift].</para>
/// <para>Conventions: a constant indicator (max = min within the scope) has no normalised value and is an error that
/// names the indicator and the period; a missing value (NaN) is an error that names the rows (interpolate first).
/// The shift defaults to 0 (<see cref="DefaultShift"/>): with the Shannon convention 0·ln 0 = 0 the entropy weight
/// needs no shift. Papers that add a small constant (commonly 0.0001) before taking logarithms pass it explicitly.</para>
/// </remarks>
public static class MinMaxNormalization
{
    /// <summary>The default shift added after normalising: 0 (no shift).</summary>
    public const double DefaultShift = 0.0;

    /// <summary>Normalises a vector of values (one scope) by direction.</summary>
    /// <param name="values">The raw values; none may be missing.</param>
    /// <param name="direction">Whether larger raw values are better (positive) or worse (negative).</param>
    /// <param name="shift">A non-negative constant added to every normalised value (0 by default).</param>
    /// <param name="name">The indicator's name, used in messages.</param>
    /// <returns>The normalised values.</returns>
    public static double[] Normalize(ReadOnlySpan<double> values, IndicatorDirection direction, double shift = DefaultShift, string name = "values")
    {
        ValidateShift(shift);
        var result = new double[values.Length];
        var rows = new int[values.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        NormalizeInto(values, rows, direction, shift, result, name, period: null, label: r => $"position {r}");
        return result;
    }

    /// <summary>Normalises a numeric column of a data set, pooled or per time period.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="column">The indicator column.</param>
    /// <param name="direction">Whether larger raw values are better (positive) or worse (negative).</param>
    /// <param name="scope">Pooled over all rows or per time period.</param>
    /// <param name="shift">A non-negative constant added to every normalised value (0 by default).</param>
    /// <param name="name">The name of the new column; <c>{column}_norm</c> when omitted.</param>
    /// <returns>The normalised column.</returns>
    public static NumericColumn Normalize(
        PanelData data,
        string column,
        IndicatorDirection direction,
        NormalizationScope scope = NormalizationScope.Pooled,
        double shift = DefaultShift,
        string? name = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ValidateShift(shift);
        var source = PanelRows.Numeric(data, column, "Min–max normalisation");
        var result = new double[data.RowCount];
        foreach (var (period, rows) in PanelRows.Groups(data, scope, "Min–max normalisation"))
        {
            NormalizeInto(source.Values, rows, direction, shift, result, column, period, r => PanelRows.Label(data, r));
        }

        return NumericColumn.FromOwnedArray(name ?? column + "_norm", result);
    }

    /// <summary>Normalises the rows <paramref name="rows"/> of <paramref name="values"/> into <paramref name="result"/>.</summary>
    internal static void NormalizeInto(
        ReadOnlySpan<double> values,
        int[] rows,
        IndicatorDirection direction,
        double shift,
        double[] result,
        string name,
        string? period,
        Func<int, string> label)
    {
        var where = period is null ? string.Empty : $" in period {period}";
        if (rows.Length == 0)
        {
            throw new InvalidOperationException($"Indicator '{name}' has no rows{where}; min–max normalisation needs at least two.");
        }

        var missing = new List<int>();
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var row in rows)
        {
            var x = values[row];
            if (double.IsNaN(x))
            {
                missing.Add(row);
                continue;
            }

            if (double.IsInfinity(x))
            {
                throw new InvalidOperationException(
                    $"Indicator '{name}' is {x.ToString(CultureInfo.InvariantCulture)} in {label(row)}; min–max normalisation needs finite values.");
            }

            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(5).Select(label));
            var more = missing.Count > 5 ? $" and {missing.Count - 5} more" : string.Empty;
            throw new InvalidOperationException(
                $"Indicator '{name}' has {missing.Count} missing value(s){where}: {shown}{more}. Min–max normalisation needs complete data; interpolate or drop these rows first.");
        }

        var range = max - min;
        if (!(range > 0))
        {
            throw new InvalidOperationException(
                $"Indicator '{name}' is constant ({min.ToString("R", CultureInfo.InvariantCulture)}) over {rows.Length} row(s){where}; max − min = 0, so it cannot be min–max normalised. Drop the indicator{(period is null ? string.Empty : " or normalise pooled")}.");
        }

        foreach (var row in rows)
        {
            var x = values[row];
            var scaled = direction == IndicatorDirection.Positive ? (x - min) / range : (max - x) / range;
            result[row] = scaled + shift;
        }
    }

    internal static void ValidateShift(double shift)
    {
        if (!(shift >= 0) || double.IsInfinity(shift))
        {
            throw new ArgumentOutOfRangeException(
                nameof(shift),
                shift,
                $"The shift added after min–max normalisation must be a finite non-negative number (0 for none, 0.0001 as in many papers); got {shift.ToString("R", CultureInfo.InvariantCulture)}.");
        }
    }
}
