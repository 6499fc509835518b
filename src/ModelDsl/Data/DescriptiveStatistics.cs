namespace ModelDsl.Data;

/// <summary>Options for <see cref="DescriptiveStatistics.Compute"/>.</summary>
public sealed record DescriptiveOptions
{
    /// <summary>When true, the 25th and 75th percentiles are computed too.</summary>
    public bool IncludeQuartiles { get; init; }

    /// <summary>A categorical column: statistics per level (rows whose group is missing are left out), after the pooled rows when <see cref="IncludeOverall"/>.</summary>
    public string? GroupBy { get; init; }

    /// <summary>With <see cref="GroupBy"/>, whether each variable also gets a row over all observations (Group = null).</summary>
    public bool IncludeOverall { get; init; }

    /// <summary>The quantile definition for the median and quartiles: R's type 7 (<c>quantile</c>'s default) unless set.</summary>
    public QuantileDefinition Quantiles { get; init; } = QuantileDefinition.Linear;

    /// <summary>Display labels by variable name (e.g. "inno" → "Urban innovation"), carried into the table.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>Summary statistics of numeric columns: the "Table 2: descriptive statistics" of a study.</summary>
/// <remarks>
/// Per variable (and group): N = the non-missing values; mean; standard deviation with n − 1 (corrected
/// two-pass); minimum; median and quartiles by <see cref="DescriptiveOptions.Quantiles"/> (R's type 7 by
/// default, as <c>quantile</c> and <c>summary</c> in R; <see cref="QuantileDefinition.AveragedInverse"/> as
/// Stata's <c>summarize, detail</c>); maximum. Each statistic uses the non-missing values of that variable
/// alone, as R's <c>na.rm = TRUE</c> does.
/// </remarks>
public static class DescriptiveStatistics
{
    /// <summary>Computes the table for <paramref name="columns"/> of <paramref name="data"/>.</summary>
    /// <exception cref="InvalidOperationException">A column is categorical.</exception>
    /// <exception cref="KeyNotFoundException">A column does not exist.</exception>
    public static DescriptiveStatisticsTable Compute(PanelData data, IEnumerable<string> columns, DescriptiveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columns);
        options ??= new DescriptiveOptions();
        var variables = columns.Select(data.Numeric).ToArray();
        if (variables.Length == 0)
        {
            throw new ArgumentException("Name at least one numeric column to describe.", nameof(columns));
        }

        var group = options.GroupBy is null ? null : data.Categorical(options.GroupBy);
        var rows = new List<DescriptiveStatisticsRow>();
        foreach (var variable in variables)
        {
            string? label = null;
            options.Labels?.TryGetValue(variable.Name, out label);
            if (group is null || options.IncludeOverall)
            {
                rows.Add(Describe(variable.Name, label, null, variable.Values, options));
            }

            if (group is null)
            {
                continue;
            }

            // Rows grouped by level with one counting sort, so that many groups cost O(n), not O(levels × n).
            var codes = group.Codes;
            var starts = new int[group.LevelCount + 1];
            foreach (var code in codes)
            {
                if (code != CategoricalColumn.MissingCode)
                {
                    starts[code + 1]++;
                }
            }

            for (var level = 0; level < group.LevelCount; level++)
            {
                starts[level + 1] += starts[level];
            }

            var next = starts[..^1];
            var buffer = new double[starts[^1]];
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] != CategoricalColumn.MissingCode)
                {
                    buffer[next[codes[i]]++] = variable[i];
                }
            }

            for (var level = 0; level < group.LevelCount; level++)
            {
                if (starts[level + 1] > starts[level])
                {
                    rows.Add(Describe(variable.Name, label, group.Levels[level], buffer.AsSpan(starts[level], starts[level + 1] - starts[level]), options));
                }
            }
        }

        return new DescriptiveStatisticsTable(rows, options.IncludeQuartiles, options.GroupBy, options.Quantiles);
    }

    private static DescriptiveStatisticsRow Describe(string variable, string? label, string? group, ReadOnlySpan<double> values, DescriptiveOptions options)
    {
        var sorted = Quantiles.SortedNonMissing(values);
        var (count, mean, standardDeviation) = PanelTransforms.MeanAndStandardDeviation(values);
        return new DescriptiveStatisticsRow(
            variable,
            label,
            group,
            count,
            mean,
            standardDeviation,
            count == 0 ? double.NaN : sorted[0],
            options.IncludeQuartiles ? Quantiles.OfSorted(sorted, 0.25, options.Quantiles) : null,
            Quantiles.OfSorted(sorted, 0.5, options.Quantiles),
            options.IncludeQuartiles ? Quantiles.OfSorted(sorted, 0.75, options.Quantiles) : null,
            count == 0 ? double.NaN : sorted[^1]);
    }
}
