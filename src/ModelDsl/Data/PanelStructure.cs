using System.Globalization;

namespace ModelDsl.Data;

/// <summary>The shape of a panel: units, periods, balance and gaps.</summary>
/// <remarks>
/// A panel is balanced when every unit is observed in every period that occurs in the data. A unit has a gap
/// when a period between its first and last period is absent (periods as in <see cref="PanelIndex"/>: integer
/// time values, so a unit observed in 2011 and 2013 has one gap). Lags and leads across a gap are missing.
/// </remarks>
public sealed class PanelStructure
{
    private PanelStructure(int units, int periods, int observations, int unitsWithGaps, int gaps, int minimum, int maximum, string? firstPeriod, string? lastPeriod)
    {
        Units = units;
        Periods = periods;
        Observations = observations;
        UnitsWithGaps = unitsWithGaps;
        Gaps = gaps;
        MinimumPeriodsPerUnit = minimum;
        MaximumPeriodsPerUnit = maximum;
        FirstPeriod = firstPeriod;
        LastPeriod = lastPeriod;
    }

    /// <summary>The number of units with at least one row.</summary>
    public int Units { get; }

    /// <summary>The number of distinct periods that occur in the data.</summary>
    public int Periods { get; }

    /// <summary>The number of rows (unit-period observations).</summary>
    public int Observations { get; }

    /// <summary>True when every unit is observed in every period.</summary>
    public bool IsBalanced => Observations == (long)Units * Periods;

    /// <summary>The number of units with at least one absent period between their first and last period.</summary>
    public int UnitsWithGaps { get; }

    /// <summary>The total number of absent periods inside units' spans, summed over units (capped at <see cref="int.MaxValue"/>, e.g. for times such as 1e12).</summary>
    public int Gaps { get; }

    /// <summary>The fewest periods any unit is observed in.</summary>
    public int MinimumPeriodsPerUnit { get; }

    /// <summary>The most periods any unit is observed in.</summary>
    public int MaximumPeriodsPerUnit { get; }

    /// <summary>The mean number of periods per unit.</summary>
    public double MeanPeriodsPerUnit => Units == 0 ? double.NaN : (double)Observations / Units;

    /// <summary>The label of the earliest period, or <see langword="null"/> when there are no rows.</summary>
    public string? FirstPeriod { get; }

    /// <summary>The label of the latest period, or <see langword="null"/> when there are no rows.</summary>
    public string? LastPeriod { get; }

    /// <summary>Measures the structure from a panel index in O(n).</summary>
    public static PanelStructure FromIndex(PanelIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var periods = index.Periods;
        var sorted = index.SortedRows;
        var starts = index.UnitStarts;
        int units = 0, unitsWithGaps = 0, gaps = 0, minimum = int.MaxValue, maximum = 0;
        for (var u = 0; u < index.UnitLevelCount; u++)
        {
            var count = starts[u + 1] - starts[u];
            if (count == 0)
            {
                continue;
            }

            units++;
            minimum = Math.Min(minimum, count);
            maximum = Math.Max(maximum, count);
            var span = (long)periods[sorted[starts[u + 1] - 1]] - periods[sorted[starts[u]]] + 1;
            if (span > count)
            {
                unitsWithGaps++;
                gaps += (int)Math.Min(span - count, int.MaxValue - gaps);
            }
        }

        var timeCodes = index.TimeCodes;
        var present = new bool[index.Time.LevelCount];
        int first = int.MaxValue, last = -1, distinct = 0;
        foreach (var code in timeCodes)
        {
            if (!present[code])
            {
                present[code] = true;
                distinct++;
                first = Math.Min(first, code);
                last = Math.Max(last, code);
            }
        }

        return new PanelStructure(
            units,
            distinct,
            index.RowCount,
            unitsWithGaps,
            gaps,
            units == 0 ? 0 : minimum,
            maximum,
            last < 0 ? null : index.Time.Levels[first],
            last < 0 ? null : index.Time.Levels[last]);
    }

    /// <summary>One sentence: "Unbalanced panel: 280 units, 12 periods (2010–2021), 3,316 observations; 4 units have gaps (5 absent periods)".</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        var range = FirstPeriod is null ? string.Empty : $" ({FirstPeriod}–{LastPeriod})";
        var text = string.Create(culture, $"{(IsBalanced ? "Balanced" : "Unbalanced")} panel: {Units:N0} units, {Periods:N0} periods{range}, {Observations:N0} observations");
        if (!IsBalanced)
        {
            text += string.Create(culture, $"; {MinimumPeriodsPerUnit}–{MaximumPeriodsPerUnit} periods per unit (mean {MeanPeriodsPerUnit:0.##})");
        }

        if (UnitsWithGaps > 0)
        {
            text += string.Create(culture, $"; {UnitsWithGaps:N0} {(UnitsWithGaps == 1 ? "unit has" : "units have")} gaps ({(Gaps == int.MaxValue ? "at least " : string.Empty)}{Gaps:N0} absent {(Gaps == 1 ? "period" : "periods")} inside their spans)");
        }
        else if (!IsBalanced)
        {
            text += "; no unit has a gap";
        }

        return text;
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}
