using System.Globalization;
using System.Text;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Data;

/// <summary>One line of a descriptive statistics table: one variable, optionally within one group.</summary>
/// <param name="Variable">The column name.</param>
/// <param name="Label">The display label, when one was given.</param>
/// <param name="Group">The group level, or <see langword="null"/> for all observations.</param>
/// <param name="Observations">The number of non-missing values.</param>
/// <param name="Mean">The mean (NaN when there are no values).</param>
/// <param name="StandardDeviation">The standard deviation with n − 1 (NaN with fewer than two values).</param>
/// <param name="Minimum">The smallest value.</param>
/// <param name="Percentile25">The 25th percentile, when requested.</param>
/// <param name="Median">The median.</param>
/// <param name="Percentile75">The 75th percentile, when requested.</param>
/// <param name="Maximum">The largest value.</param>
public sealed record DescriptiveStatisticsRow(
    string Variable,
    string? Label,
    string? Group,
    int Observations,
    double Mean,
    double StandardDeviation,
    double Minimum,
    double? Percentile25,
    double Median,
    double? Percentile75,
    double Maximum);

/// <summary>The result of <see cref="DescriptiveStatistics.Compute"/>: immutable rows plus how they were computed.</summary>
public sealed class DescriptiveStatisticsTable
{
    internal DescriptiveStatisticsTable(IReadOnlyList<DescriptiveStatisticsRow> rows, bool includesQuartiles, string? groupBy, QuantileDefinition quantiles)
    {
        Rows = rows.ToArray();
        IncludesQuartiles = includesQuartiles;
        GroupBy = groupBy;
        QuantileDefinition = quantiles;
    }

    /// <summary>The rows, variable by variable (groups in level order within a variable).</summary>
    public IReadOnlyList<DescriptiveStatisticsRow> Rows { get; }

    /// <summary>True when the 25th and 75th percentiles were computed.</summary>
    public bool IncludesQuartiles { get; }

    /// <summary>The grouping column, or <see langword="null"/>.</summary>
    public string? GroupBy { get; }

    /// <summary>The quantile definition used for the median and quartiles.</summary>
    public QuantileDefinition QuantileDefinition { get; }

    /// <summary>The row of <paramref name="variable"/> (and <paramref name="group"/>, when grouped).</summary>
    public DescriptiveStatisticsRow this[string variable, string? group = null]
        => Rows.FirstOrDefault(r => r.Variable == variable && r.Group == group)
           ?? throw new KeyNotFoundException($"No row for variable '{variable}'{(group is null ? string.Empty : $" in group '{group}'")}; the table has {string.Join(", ", Rows.Select(r => r.Group is null ? r.Variable : $"{r.Variable}/{r.Group}").Distinct())}.");

    /// <summary>The table as JSON: snake_case keys, numbers in full precision, NaN as null.</summary>
    public string ToJson() => JsonOutput.Write(WriteJson);

    private void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("statistic", "descriptive");
        writer.WriteString("quantile_definition", QuantileDefinition == QuantileDefinition.Linear ? "r_type_7" : "r_type_2");
        JsonOutput.Text(writer, "group_by", GroupBy);

        writer.WriteStartArray("rows");
        foreach (var row in Rows)
        {
            writer.WriteStartObject();
            writer.WriteString("variable", row.Variable);
            JsonOutput.Text(writer, "label", row.Label);
            JsonOutput.Text(writer, "group", row.Group);
            writer.WriteNumber("observations", row.Observations);
            JsonOutput.Number(writer, "mean", row.Mean);
            JsonOutput.Number(writer, "standard_deviation", row.StandardDeviation);
            JsonOutput.Number(writer, "minimum", row.Minimum);
            if (IncludesQuartiles)
            {
                JsonOutput.Number(writer, "percentile_25", row.Percentile25);
            }

            JsonOutput.Number(writer, "median", row.Median);
            if (IncludesQuartiles)
            {
                JsonOutput.Number(writer, "percentile_75", row.Percentile75);
            }

            JsonOutput.Number(writer, "maximum", row.Maximum);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A plain-text table with aligned columns (4 significant decimals).</summary>
    public override string ToString()
    {
        var header = new List<string> { "Variable" };
        if (GroupBy is not null)
        {
            header.Add(GroupBy);
        }

        header.AddRange(["N", "Mean", "SD", "Min"]);
        if (IncludesQuartiles)
        {
            header.Add("P25");
        }

        header.Add("Median");
        if (IncludesQuartiles)
        {
            header.Add("P75");
        }

        header.Add("Max");
        var lines = new List<string[]> { header.ToArray() };
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Label ?? row.Variable };
            if (GroupBy is not null)
            {
                cells.Add(row.Group ?? "(all)");
            }

            cells.Add(row.Observations.ToString("N0", CultureInfo.InvariantCulture));
            cells.AddRange([Format(row.Mean), Format(row.StandardDeviation), Format(row.Minimum)]);
            if (IncludesQuartiles)
            {
                cells.Add(Format(row.Percentile25 ?? double.NaN));
            }

            cells.Add(Format(row.Median));
            if (IncludesQuartiles)
            {
                cells.Add(Format(row.Percentile75 ?? double.NaN));
            }

            cells.Add(Format(row.Maximum));
            lines.Add(cells.ToArray());
        }

        var widths = Enumerable.Range(0, header.Count).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            for (var c = 0; c < line.Length; c++)
            {
                if (c > 0)
                {
                    text.Append("  ");
                }

                // Text columns align left, numbers right.
                var isText = c == 0 || (GroupBy is not null && c == 1);
                text.Append(isText ? line[c].PadRight(widths[c]) : line[c].PadLeft(widths[c]));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Format(double value) => double.IsNaN(value) ? "." : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
