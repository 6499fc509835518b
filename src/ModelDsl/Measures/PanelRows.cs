using ModelDsl.Data;

namespace ModelDsl.Measures;

/// <summary>Row groupings and row labels shared by the measures.</summary>
internal static class PanelRows
{
    /// <summary>The row groups for a scope: one group of all rows, or one group per time period (in time order).</summary>
    public static IReadOnlyList<(string? Period, int[] Rows)> Groups(PanelData data, NormalizationScope scope, string what)
    {
        if (scope == NormalizationScope.Pooled)
        {
            return [(null, Enumerable.Range(0, data.RowCount).ToArray())];
        }

        return ByPeriod(data, what);
    }

    /// <summary>One group of rows per time period, in the order of the time column's levels.</summary>
    public static IReadOnlyList<(string? Period, int[] Rows)> ByPeriod(PanelData data, string what)
    {
        if (!data.IsPanel)
        {
            throw new InvalidOperationException(
                $"{what} per period needs a panel, but the data set is a cross-section with no time column; declare unit and time when reading it, or use NormalizationScope.Pooled.");
        }

        var time = data.Time;
        var codes = time.Codes;
        var buckets = new List<int>[time.LevelCount];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        for (var row = 0; row < codes.Length; row++)
        {
            if (codes[row] == CategoricalColumn.MissingCode)
            {
                throw new InvalidOperationException(
                    $"{what} per period: {data.DescribeRow(row)} has a missing value in the time column '{time.Name}'; fill or drop it first.");
            }

            buckets[codes[row]].Add(row);
        }

        var groups = new List<(string?, int[])>();
        for (var level = 0; level < buckets.Length; level++)
        {
            if (buckets[level].Count > 0)
            {
                groups.Add((time.Levels[level], buckets[level].ToArray()));
            }
        }

        return groups;
    }

    /// <summary>A label for a row in messages, as everywhere in the library: "row 11 (province Beijing, year 2013, line 13)".</summary>
    public static string Label(PanelData data, int row) => data.DescribeRow(row);

    /// <summary>Labels of the first few rows, with a count of the rest.</summary>
    public static string Labels(PanelData data, IReadOnlyList<int> rows, int shown = 5)
    {
        var text = string.Join(", ", rows.Take(shown).Select(r => Label(data, r)));
        return rows.Count > shown ? $"{text} and {rows.Count - shown} more" : text;
    }

    /// <summary>The numeric column named <paramref name="name"/>, with an error that names the measure when it is not numeric.</summary>
    public static NumericColumn Numeric(PanelData data, string name, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (data[name] is NumericColumn numeric)
        {
            return numeric;
        }

        throw new InvalidOperationException(
            $"{what}: column '{name}' is categorical, not numeric; {what.ToLowerInvariant()} needs numeric columns.");
    }
}
