using System.Globalization;

namespace ModelDsl.Data;

/// <summary>
/// The panel transforms as pure functions over columns and spans, for the estimation layer and for
/// <see cref="PanelData"/>'s own transform methods. Each is O(n) with no per-row allocation.
/// </summary>
/// <remarks>
/// Lags, leads and differences use <see cref="PanelIndex"/> periods: the value k periods back is the one whose
/// time value is t − k in the same unit, so a gap (2011, 2013) gives a missing lag at 2013, never the 2011 value.
/// Missing values are NaN in and out.
/// </remarks>
public static class PanelTransforms
{
    private const int MaximumExamples = 5;

    /// <summary>Writes ln(x) of each value into <paramref name="destination"/>; NaN stays NaN.</summary>
    /// <param name="values">The values.</param>
    /// <param name="destination">Where the logarithms go (same length; may be <paramref name="values"/>' own buffer).</param>
    /// <param name="nonPositiveAsMissing">When true a value ≤ 0 gives NaN; when false it is an error.</param>
    /// <param name="name">The variable's name, for the message.</param>
    /// <returns>The number of values ≤ 0 (made missing when <paramref name="nonPositiveAsMissing"/>).</returns>
    /// <exception cref="InvalidOperationException">A value is ≤ 0 and <paramref name="nonPositiveAsMissing"/> is false.</exception>
    public static int Log(ReadOnlySpan<double> values, Span<double> destination, bool nonPositiveAsMissing = false, string name = "x")
    {
        CheckLength(values, destination);
        var nonPositive = CountNonPositive(values);
        if (nonPositive > 0 && !nonPositiveAsMissing)
        {
            throw NonPositiveError(values, nonPositive, name, row => $"row {row}");
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            destination[i] = value > 0 ? Math.Log(value) : double.NaN;
        }

        return nonPositive;
    }

    /// <summary>ln(x) of a column; a value ≤ 0 is an error naming the count and the first rows.</summary>
    public static NumericColumn Log(NumericColumn column, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        var result = new double[column.Length];
        Log(column.Values, result, nonPositiveAsMissing: false, column.Name);
        return NumericColumn.FromOwnedArray(name ?? $"log_{column.Name}", result);
    }

    /// <summary>Writes the value <paramref name="periods"/> periods earlier in the same unit (NaN when that period is absent).</summary>
    /// <param name="index">The panel index of the rows of <paramref name="values"/>.</param>
    /// <param name="values">One value per row of the panel.</param>
    /// <param name="periods">How many periods back (0 copies; negative looks forward, as a lead).</param>
    /// <param name="destination">Where the lagged values go (same length; must not overlap <paramref name="values"/>).</param>
    public static void Lag(PanelIndex index, ReadOnlySpan<double> values, int periods, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(index);
        CheckLength(values, destination);
        if (values.Length != index.RowCount)
        {
            throw new ArgumentException($"The values have {values.Length} rows but the panel index has {index.RowCount}; pass the column of the same data set.", nameof(values));
        }

        var units = index.UnitCodes;
        var timePeriods = index.Periods;
        for (var i = 0; i < values.Length; i++)
        {
            var source = index.Find(units[i], (long)timePeriods[i] - periods);
            destination[i] = source < 0 ? double.NaN : values[source];
        }
    }

    /// <summary>
    /// A new array holding, for each row of <paramref name="data"/>, the value <paramref name="periods"/> periods
    /// earlier in the same unit (negative: later); NaN where that period is absent. The estimation layer's shift.
    /// </summary>
    public static double[] Shift(PanelData data, ReadOnlySpan<double> values, int periods)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new double[values.Length];
        Lag(data.PanelIndex, values, periods, result);
        return result;
    }

    /// <summary>The column lagged by <paramref name="periods"/> periods (default name <c>L1.x</c>).</summary>
    public static NumericColumn Lag(PanelIndex index, NumericColumn column, int periods = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        RequireNonNegative(periods, "Lag", "Lead");
        var result = new double[column.Length];
        Lag(index, column.Values, periods, result);
        return NumericColumn.FromOwnedArray(name ?? $"L{periods}.{column.Name}", result);
    }

    /// <summary>The column led by <paramref name="periods"/> periods: the value k periods later (default name <c>F1.x</c>).</summary>
    public static NumericColumn Lead(PanelIndex index, NumericColumn column, int periods = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        RequireNonNegative(periods, "Lead", "Lag");
        var result = new double[column.Length];
        Lag(index, column.Values, -periods, result);
        return NumericColumn.FromOwnedArray(name ?? $"F{periods}.{column.Name}", result);
    }

    /// <summary>Writes x_t − x_(t−k) within each unit (NaN when period t − k is absent); <paramref name="destination"/> must not overlap <paramref name="values"/>.</summary>
    public static void Difference(PanelIndex index, ReadOnlySpan<double> values, int periods, Span<double> destination)
    {
        Lag(index, values, periods, destination);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = values[i] - destination[i];
        }
    }

    /// <summary>The difference x_t − x_(t−k) within each unit (default name <c>D1.x</c>).</summary>
    public static NumericColumn Difference(PanelIndex index, NumericColumn column, int periods = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (periods < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(periods), periods, $"A difference needs at least 1 period; got {periods}.");
        }

        var result = new double[column.Length];
        Difference(index, column.Values, periods, result);
        return NumericColumn.FromOwnedArray(name ?? $"D{periods}.{column.Name}", result);
    }

    /// <summary>
    /// Fills missing values that lie between two observed values of the same unit by linear interpolation in the
    /// period (time value); values before a unit's first or after its last observed value stay missing.
    /// </summary>
    /// <param name="index">The panel index of the rows.</param>
    /// <param name="column">The column to fill.</param>
    /// <param name="filled">The number of cells filled.</param>
    /// <param name="name">The result's name (default <c>interp_x</c>).</param>
    /// <remarks>Only rows that exist are filled: a period absent from the panel gets no row.</remarks>
    public static NumericColumn Interpolate(PanelIndex index, NumericColumn column, out int filled, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(column);
        if (column.Length != index.RowCount)
        {
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but the panel index has {index.RowCount}; pass the column of the same data set.", nameof(column));
        }

        var values = column.Values;
        var result = values.ToArray();
        var periods = index.Periods;
        filled = 0;
        for (var u = 0; u < index.UnitLevelCount; u++)
        {
            var rows = index.RowsOfUnit(u);
            var previous = -1;
            for (var position = 0; position < rows.Length; position++)
            {
                var row = rows[position];
                if (double.IsNaN(values[row]))
                {
                    continue;
                }

                if (previous >= 0 && position - previous > 1)
                {
                    var left = rows[previous];
                    double p0 = periods[left], p1 = periods[row], v0 = values[left], v1 = values[row];
                    for (var inner = previous + 1; inner < position; inner++)
                    {
                        var weight = (periods[rows[inner]] - p0) / (p1 - p0);
                        result[rows[inner]] = v0 + (weight * (v1 - v0));
                        filled++;
                    }
                }

                previous = position;
            }
        }

        return NumericColumn.FromOwnedArray(name ?? $"interp_{column.Name}", result);
    }

    /// <summary>
    /// Clips values below the <paramref name="lowerPercentile"/>-th and above the <paramref name="upperPercentile"/>-th
    /// percentile (0–100, e.g. 1 and 99) of the non-missing values, pooled over all rows.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <param name="lowerPercentile">The lower cut, 0 to 100.</param>
    /// <param name="upperPercentile">The upper cut, 0 to 100, at least the lower cut.</param>
    /// <param name="clipped">The number of values changed.</param>
    /// <param name="definition">The quantile definition: R's type 7 by default; <see cref="QuantileDefinition.AveragedInverse"/> matches Stata's <c>winsor2</c>.</param>
    /// <param name="name">The result's name (default <c>win_x</c>).</param>
    public static NumericColumn Winsorize(NumericColumn column, double lowerPercentile, double upperPercentile, out int clipped, QuantileDefinition definition = QuantileDefinition.Linear, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!(lowerPercentile >= 0 && upperPercentile <= 100 && lowerPercentile <= upperPercentile))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerPercentile), $"Winsorizing needs 0 ≤ lower ≤ upper ≤ 100 (percentiles, e.g. 1 and 99); got {lowerPercentile} and {upperPercentile}.");
        }

        var sorted = Quantiles.SortedNonMissing(column.Values);
        var low = Quantiles.OfSorted(sorted, lowerPercentile / 100, definition);
        var high = Quantiles.OfSorted(sorted, upperPercentile / 100, definition);
        var values = column.Values;
        var result = new double[values.Length];
        clipped = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value < low)
            {
                value = low;
                clipped++;
            }
            else if (value > high)
            {
                value = high;
                clipped++;
            }

            result[i] = value;
        }

        return NumericColumn.FromOwnedArray(name ?? $"win_{column.Name}", result);
    }

    /// <summary>(x − mean) / sd over the non-missing values, sd with n − 1 (default name <c>std_x</c>).</summary>
    /// <exception cref="InvalidOperationException">Fewer than two values, or all values equal.</exception>
    public static NumericColumn Standardize(NumericColumn column, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        var (count, mean, standardDeviation) = MeanAndStandardDeviation(column.Values);
        if (count < 2 || !(standardDeviation > 0))
        {
            throw new InvalidOperationException($"Column '{column.Name}' cannot be standardized: it has {count} non-missing {(count == 1 ? "value" : "values")}{(count >= 2 ? " and they are all equal (sd 0)" : string.Empty)}; standardizing needs at least two different values.");
        }

        var values = column.Values;
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (values[i] - mean) / standardDeviation;
        }

        return NumericColumn.FromOwnedArray(name ?? $"std_{column.Name}", result);
    }

    /// <summary>
    /// The mean of the non-missing values within each level of <paramref name="by"/> (and each period when
    /// <paramref name="time"/> is given), written to every row of the group; rows whose group is missing get NaN.
    /// </summary>
    /// <param name="column">The values to average.</param>
    /// <param name="by">The grouping column (a region, an industry).</param>
    /// <param name="time">A second grouping column (usually the time column) for means per group and period, or <see langword="null"/>.</param>
    /// <param name="name">The result's name (default <c>mean_x_by_g</c>).</param>
    public static NumericColumn GroupMean(NumericColumn column, CategoricalColumn by, CategoricalColumn? time = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(by);
        if (by.Length != column.Length || (time is not null && time.Length != column.Length))
        {
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but the grouping columns have {by.Length}{(time is null ? string.Empty : $" and {time.Length}")}; use columns of the same data set.");
        }

        var timeLevels = time?.LevelCount ?? 1;
        var groups = (long)by.LevelCount * timeLevels;
        if (groups > int.MaxValue / 2)
        {
            throw new InvalidOperationException($"Grouping '{column.Name}' by '{by.Name}' and '{time?.Name}' makes {groups} groups, too many to hold.");
        }

        var sums = new double[groups];
        var counts = new int[groups];
        var values = column.Values;
        var byCodes = by.Codes;
        var timeCodes = time is null ? default : time.Codes;
        for (var i = 0; i < values.Length; i++)
        {
            var group = GroupOf(byCodes, timeCodes, timeLevels, i);
            if (group >= 0 && !double.IsNaN(values[i]))
            {
                sums[group] += values[i];
                counts[group]++;
            }
        }

        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var group = GroupOf(byCodes, timeCodes, timeLevels, i);
            result[i] = group < 0 || counts[group] == 0 ? double.NaN : sums[group] / counts[group];
        }

        return NumericColumn.FromOwnedArray(name ?? $"mean_{column.Name}_by_{by.Name}{(time is null ? string.Empty : $"_{time.Name}")}", result);
    }

    /// <summary>Count, mean and standard deviation (n − 1) of the non-missing values, by two passes.</summary>
    public static (int Count, double Mean, double StandardDeviation) MeanAndStandardDeviation(ReadOnlySpan<double> values)
    {
        var count = 0;
        var sum = 0.0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                count++;
                sum += value;
            }
        }

        if (count == 0)
        {
            return (0, double.NaN, double.NaN);
        }

        var mean = sum / count;
        var squares = 0.0;
        var correction = 0.0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                var deviation = value - mean;
                squares += deviation * deviation;
                correction += deviation;
            }
        }

        // The corrected two-pass algorithm (Chan, Golub and LeVeque, 1983) removes the rounding error of the mean.
        var variance = count < 2 ? double.NaN : (squares - (correction * correction / count)) / (count - 1);
        return (count, mean, Math.Sqrt(variance));
    }

    internal static int CountNonPositive(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var value in values)
        {
            if (value <= 0)
            {
                count++;
            }
        }

        return count;
    }

    internal static InvalidOperationException NonPositiveError(ReadOnlySpan<double> values, int count, string name, Func<int, string> describeRow)
    {
        var examples = new List<string>();
        for (var i = 0; i < values.Length && examples.Count < MaximumExamples; i++)
        {
            if (values[i] <= 0)
            {
                examples.Add($"{describeRow(i)}: {values[i].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }

        return new InvalidOperationException(
            $"log({name}) needs positive values, but '{name}' has {count:N0} {(count == 1 ? "value" : "values")} ≤ 0 ({string.Join("; ", examples)}{(count > examples.Count ? "; ..." : string.Empty)}). Use log(1 + x) via Compute if zeros are meaningful, fix the data, or read non-positive values as missing (nonPositiveAsMissing: true).");
    }

    private static int GroupOf(ReadOnlySpan<int> byCodes, ReadOnlySpan<int> timeCodes, int timeLevels, int row)
    {
        var code = byCodes[row];
        if (code < 0)
        {
            return -1;
        }

        if (timeCodes.IsEmpty)
        {
            return code;
        }

        var timeCode = timeCodes[row];
        return timeCode < 0 ? -1 : (code * timeLevels) + timeCode;
    }

    private static void CheckLength(ReadOnlySpan<double> values, Span<double> destination)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements but the values have {values.Length}; they must have the same length.", nameof(destination));
        }
    }

    private static void RequireNonNegative(int periods, string verb, string other)
    {
        if (periods < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periods), periods, $"{verb} takes a number of periods ≥ 0; got {periods}. Use {other}({-periods}) for the other direction.");
        }
    }
}
