using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Measures;

/// <summary>One indicator of a composite index: a numeric column, its direction and an optional dimension (group).</summary>
/// <param name="Column">The column holding the raw indicator.</param>
/// <param name="Direction">Positive (benefit) or negative (cost).</param>
/// <param name="Dimension">The dimension the indicator belongs to (e.g. "digital finance"), or <see langword="null"/>.</param>
public sealed record Indicator(string Column, IndicatorDirection Direction = IndicatorDirection.Positive, string? Dimension = null)
{
    /// <summary>A positive (benefit) indicator.</summary>
    public static Indicator Positive(string column, string? dimension = null) => new(column, IndicatorDirection.Positive, dimension);

    /// <summary>A negative (cost) indicator.</summary>
    public static Indicator Negative(string column, string? dimension = null) => new(column, IndicatorDirection.Negative, dimension);
}

/// <summary>Options of the entropy-weight method.</summary>
/// <param name="Scope">Weights from all rows pooled (default) or a separate set of weights per time period.</param>
/// <param name="Shift">A non-negative constant added to every normalised value; 0 by default (see <see cref="MinMaxNormalization"/>).</param>
public sealed record EntropyWeightOptions(NormalizationScope Scope = NormalizationScope.Pooled, double Shift = MinMaxNormalization.DefaultShift)
{
    /// <summary>The defaults: pooled, no shift.</summary>
    public static EntropyWeightOptions Default { get; } = new();
}

/// <summary>The entropy-weight (entropy value) method for a composite index from several indicators.</summary>
/// <remarks>
/// <para>For the n rows of a scope (all rows, or the units of one period) and the m indicators:</para>
/// <list type="number">
/// <item>min–max normalisation by direction: x′ᵢⱼ = (xᵢⱼ − minⱼ)/(maxⱼ − minⱼ) or (maxⱼ − xᵢⱼ)/(maxⱼ − minⱼ), plus the optional shift;</item>
/// <item>proportions pᵢⱼ = x′ᵢⱼ / Σᵢ x′ᵢⱼ;</item>
/// <item>entropy eⱼ = −(1/ln n) Σᵢ pᵢⱼ ln pᵢⱼ, with 0·ln 0 = 0 (the Shannon convention), so 0 ≤ eⱼ ≤ 1;</item>
/// <item>redundancy (divergence) dⱼ = 1 − eⱼ and weight wⱼ = dⱼ / Σₖ dₖ;</item>
/// <item>index Sᵢ = Σⱼ wⱼ x′ᵢⱼ, in [0, 1] without a shift.</item>
/// </list>
/// <para>The index weights the <em>normalised values</em>, not the proportions: this is the convention of the Chinese
/// applied literature that builds digital-economy indices this way, and it keeps the index on the 0–1 scale of the
/// normalised indicators, independent of the number of units (a sum of proportions shrinks as 1/n and is not comparable
/// between pooled and per-period weights).</para>
/// <para>Per period, the minimum, maximum, proportions and entropy use only that period's rows, so each period has its
/// own weights (and the index compares units within a period only). Missing values are an error naming the indicator
/// and the rows: interpolate first (the digital-economy paper fills its few gaps by linear interpolation). A constant
/// indicator is an error.</para>
/// <para>References: Shannon, C. E. (1948), A mathematical theory of communication; Zeleny, M. (1982), Multiple
/// Criteria Decision Making, ch. 7 (entropy weights); the digital-economy seed paper's Table 1 (11 indicators in three
/// dimensions).</para>
/// </remarks>
public static class EntropyWeight
{
    /// <summary>Computes the entropy weights and the composite index.</summary>
    /// <param name="data">The data set holding the indicator columns.</param>
    /// <param name="indicators">The indicators (at least two), each with its direction and optional dimension.</param>
    /// <param name="indexName">The name of the index column (e.g. "de").</param>
    /// <param name="options">Scope and shift; pooled with no shift when omitted.</param>
    /// <returns>The index column and the weights table.</returns>
    public static EntropyWeightResult Compute(PanelData data, IReadOnlyList<Indicator> indicators, string indexName = "index", EntropyWeightOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        options ??= EntropyWeightOptions.Default;
        MinMaxNormalization.ValidateShift(options.Shift);
        if (indicators.Count < 2)
        {
            throw new ArgumentException(
                $"The entropy-weight method needs at least two indicators; got {indicators.Count}. A single indicator is its own index: normalise it with MinMaxNormalization.",
                nameof(indicators));
        }

        var duplicate = indicators.GroupBy(i => i.Column, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Indicator '{duplicate.Key}' is listed {duplicate.Count()} times; list each indicator once.", nameof(indicators));
        }

        var columns = indicators.Select(i => PanelRows.Numeric(data, i.Column, "The entropy-weight index")).ToArray();
        ReportMissing(data, indicators, columns);

        var m = indicators.Count;
        var normalized = new double[m][];
        for (var j = 0; j < m; j++)
        {
            normalized[j] = new double[data.RowCount];
        }

        var index = new double[data.RowCount];
        var rows = new List<EntropyWeightRow>();
        var dimensions = new List<DimensionWeight>();
        foreach (var (period, group) in PanelRows.Groups(data, options.Scope, "The entropy-weight index"))
        {
            if (group.Length < 2)
            {
                throw new InvalidOperationException(
                    $"The entropy-weight index needs at least two rows per scope{(period is null ? string.Empty : $" (period {period})")}; found {group.Length}. Use NormalizationScope.Pooled or more units.");
            }

            var entropy = new double[m];
            var redundancy = new double[m];
            for (var j = 0; j < m; j++)
            {
                MinMaxNormalization.NormalizeInto(
                    columns[j].Values, group, indicators[j].Direction, options.Shift, normalized[j], indicators[j].Column, period, r => PanelRows.Label(data, r));
                entropy[j] = Entropy(normalized[j], group);
                redundancy[j] = 1.0 - entropy[j];
            }

            var total = redundancy.Sum();
            if (!(total > 0))
            {
                throw new InvalidOperationException(
                    $"Every indicator has entropy 1 (all proportions equal){(period is null ? string.Empty : $" in period {period}")}, so no indicator discriminates between rows and the weights 0/0 are undefined.");
            }

            var weights = new double[m];
            for (var j = 0; j < m; j++)
            {
                weights[j] = redundancy[j] / total;
                rows.Add(new EntropyWeightRow(period, indicators[j].Column, indicators[j].Dimension, indicators[j].Direction, entropy[j], redundancy[j], weights[j]));
            }

            foreach (var row in group)
            {
                // Summed in indicator order so that the index is reproducible to the last bit.
                var s = 0.0;
                for (var j = 0; j < m; j++)
                {
                    s += weights[j] * normalized[j][row];
                }

                index[row] = s;
            }

            foreach (var dimension in indicators.Select(i => i.Dimension).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var weight = 0.0;
                var count = 0;
                for (var j = 0; j < m; j++)
                {
                    if (string.Equals(indicators[j].Dimension, dimension, StringComparison.Ordinal))
                    {
                        weight += weights[j];
                        count++;
                    }
                }

                dimensions.Add(new DimensionWeight(period, dimension, count, weight));
            }
        }

        var table = new EntropyWeightTable(indexName, options.Scope, options.Shift, rows, dimensions);
        return new EntropyWeightResult(NumericColumn.FromOwnedArray(indexName, index), table);
    }

    /// <summary>eⱼ = −(1/ln n) Σᵢ pᵢⱼ ln pᵢⱼ over the rows of one scope; x is the normalised indicator (length n_obs).</summary>
    private static double Entropy(double[] x, int[] rows)
    {
        var sum = 0.0;
        foreach (var row in rows)
        {
            sum += x[row];
        }

        var h = 0.0;
        foreach (var row in rows)
        {
            var p = x[row] / sum;
            if (p > 0)
            {
                h += p * Math.Log(p);
            }
        }

        return -h / Math.Log(rows.Length);
    }

    private static void ReportMissing(PanelData data, IReadOnlyList<Indicator> indicators, NumericColumn[] columns)
    {
        var problems = new List<string>();
        var total = 0;
        for (var j = 0; j < columns.Length; j++)
        {
            var missing = new List<int>();
            var values = columns[j].Values;
            for (var row = 0; row < values.Length; row++)
            {
                if (double.IsNaN(values[row]))
                {
                    missing.Add(row);
                }
            }

            if (missing.Count > 0)
            {
                total += missing.Count;
                problems.Add($"'{indicators[j].Column}' in {PanelRows.Labels(data, missing)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The entropy-weight index needs complete indicators, but {total.ToString(CultureInfo.InvariantCulture)} value(s) are missing: {string.Join("; ", problems)}. Fill interior gaps by linear interpolation within each unit first (as the digital-economy study does), or drop the rows.");
        }
    }
}
