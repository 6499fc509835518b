using System.Collections.Immutable;

using ModelDsl.Data;

namespace ModelDsl.Reporting;

/// <summary>A statistic column of a <see cref="DescriptiveTable"/>.</summary>
public enum DescriptiveColumn
{
    /// <summary>The number of non-missing values ("Observations").</summary>
    Observations,

    /// <summary>The mean.</summary>
    Mean,

    /// <summary>The standard deviation ("Std. Dev.").</summary>
    StandardDeviation,

    /// <summary>The minimum.</summary>
    Minimum,

    /// <summary>The 25th percentile ("P25"); only when the statistics include quartiles.</summary>
    Percentile25,

    /// <summary>The median.</summary>
    Median,

    /// <summary>The 75th percentile ("P75"); only when the statistics include quartiles.</summary>
    Percentile75,

    /// <summary>The maximum.</summary>
    Maximum,
}

/// <summary>
/// The descriptive-statistics table of a study (the trade-policy paper's Table 3): one row per variable (and group),
/// columns Observations, Mean, Std. Dev., Minimum, (P25), Median, (P75), Maximum. Numbers are read from a
/// <see cref="DescriptiveStatisticsTable"/>; nothing is recomputed. Immutable: every option returns a new table.
/// </summary>
public sealed class DescriptiveTable : PublicationTable
{
    private readonly DescriptiveStatisticsTable statistics;
    private readonly string? title;
    private readonly ImmutableDictionary<string, string> labels;
    private readonly ImmutableArray<DescriptiveColumn> columns;
    private readonly int decimals;
    private readonly ImmutableList<string> notes;

    private DescriptiveTable(DescriptiveStatisticsTable statistics, string? title, ImmutableDictionary<string, string> labels, ImmutableArray<DescriptiveColumn> columns, int decimals, ImmutableList<string> notes)
    {
        this.statistics = statistics;
        this.title = title;
        this.labels = labels;
        this.columns = columns;
        this.decimals = decimals;
        this.notes = notes;
    }

    /// <summary>Creates the table from computed statistics (<see cref="DescriptiveStatistics.Compute"/>).</summary>
    /// <param name="statistics">The statistics.</param>
    public static DescriptiveTable Of(DescriptiveStatisticsTable statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Rows.Count == 0)
        {
            throw new ArgumentException("The descriptive statistics have no rows; compute them for at least one numeric column.", nameof(statistics));
        }

        return new DescriptiveTable(statistics, null, ImmutableDictionary<string, string>.Empty, default, 4, []);
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public DescriptiveTable Title(string title) => new(statistics, title, labels, columns, decimals, notes);

    /// <summary>Shows <paramref name="label"/> instead of the variable's name (overrides a label carried by the statistics).</summary>
    /// <param name="variable">The column name.</param>
    /// <param name="label">The label to print.</param>
    public DescriptiveTable Label(string variable, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        ArgumentNullException.ThrowIfNull(label);
        return new(statistics, title, labels.SetItem(variable, label), columns, decimals, notes);
    }

    /// <summary>Chooses the statistic columns and their order (default: all that were computed).</summary>
    /// <param name="selected">The columns, for example without the median as in the agglomeration paper's Table 2.</param>
    /// <exception cref="ArgumentException">No columns, or a quartile column when the statistics have no quartiles.</exception>
    public DescriptiveTable Columns(params DescriptiveColumn[] selected)
    {
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Length == 0)
        {
            throw new ArgumentException("Choose at least one statistic column.", nameof(selected));
        }

        if (!statistics.IncludesQuartiles && selected.Any(c => c is DescriptiveColumn.Percentile25 or DescriptiveColumn.Percentile75))
        {
            throw new ArgumentException("The statistics were computed without quartiles, so P25/P75 cannot be shown. Compute them with new DescriptiveOptions { IncludeQuartiles = true }.", nameof(selected));
        }

        return new(statistics, title, labels, [.. selected], decimals, notes);
    }

    /// <summary>Sets the decimals of every statistic except the observation count (default 4).</summary>
    /// <param name="count">The number of decimals.</param>
    public DescriptiveTable Decimals(int count)
    {
        NumberFormat.CheckDecimals(count, nameof(count));
        return new(statistics, title, labels, columns, count, notes);
    }

    /// <summary>Adds a note line under the table.</summary>
    /// <param name="note">The note.</param>
    public DescriptiveTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return new(statistics, title, labels, columns, decimals, notes.Add(note));
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var shown = columns.IsDefault ? DefaultColumns() : columns;
        var grouped = statistics.Rows.Any(r => r.Group is not null);
        var header = new List<TableCell> { new("Variable") };
        if (grouped)
        {
            header.Add(new TableCell(statistics.GroupBy ?? "Group"));
        }

        header.AddRange(shown.Select(c => new TableCell(Heading(c))));
        var body = new List<TableRow>();
        string? previous = null;
        foreach (var row in statistics.Rows)
        {
            var cells = new List<TableCell>
            {
                new(row.Variable == previous ? string.Empty : labels.TryGetValue(row.Variable, out var label) ? label : row.Label ?? row.Variable),
            };
            if (grouped)
            {
                cells.Add(new TableCell(row.Group ?? "All"));
            }

            cells.AddRange(shown.Select(c => new TableCell(Value(row, c))));
            body.Add(new TableRow(TableRowKind.Data, [.. cells], RuleAbove: grouped && previous is not null && row.Variable != previous));
            previous = row.Variable;
        }

        var alignments = new List<ColumnAlignment> { ColumnAlignment.Left };
        if (grouped)
        {
            alignments.Add(ColumnAlignment.Left);
        }

        alignments.AddRange(shown.Select(_ => ColumnAlignment.Decimal));
        var allNotes = new List<string>();
        if (shown.Any(c => c is DescriptiveColumn.Median or DescriptiveColumn.Percentile25 or DescriptiveColumn.Percentile75))
        {
            allNotes.Add($"Note: quantiles by {QuantileName(statistics.QuantileDefinition)}; standard deviations with n − 1.");
        }

        allNotes.AddRange(notes);
        return new ReportTable(title, [new TableRow(TableRowKind.Data, [.. header])], body, alignments, allNotes);
    }

    private ImmutableArray<DescriptiveColumn> DefaultColumns() => statistics.IncludesQuartiles
        ? [.. Enum.GetValues<DescriptiveColumn>()]
        : [DescriptiveColumn.Observations, DescriptiveColumn.Mean, DescriptiveColumn.StandardDeviation, DescriptiveColumn.Minimum, DescriptiveColumn.Median, DescriptiveColumn.Maximum];

    private static string Heading(DescriptiveColumn column) => column switch
    {
        DescriptiveColumn.Observations => "Observations",
        DescriptiveColumn.Mean => "Mean",
        DescriptiveColumn.StandardDeviation => "Std. Dev.",
        DescriptiveColumn.Minimum => "Minimum",
        DescriptiveColumn.Percentile25 => "P25",
        DescriptiveColumn.Median => "Median",
        DescriptiveColumn.Percentile75 => "P75",
        _ => "Maximum",
    };

    private string Value(DescriptiveStatisticsRow row, DescriptiveColumn column) => column switch
    {
        DescriptiveColumn.Observations => NumberFormat.Integer(row.Observations),
        DescriptiveColumn.Mean => NumberFormat.Fixed(row.Mean, decimals),
        DescriptiveColumn.StandardDeviation => NumberFormat.Fixed(row.StandardDeviation, decimals),
        DescriptiveColumn.Minimum => NumberFormat.Fixed(row.Minimum, decimals),
        DescriptiveColumn.Percentile25 => NumberFormat.Fixed(row.Percentile25 ?? double.NaN, decimals),
        DescriptiveColumn.Median => NumberFormat.Fixed(row.Median, decimals),
        DescriptiveColumn.Percentile75 => NumberFormat.Fixed(row.Percentile75 ?? double.NaN, decimals),
        _ => NumberFormat.Fixed(row.Maximum, decimals),
    };

    private static string QuantileName(QuantileDefinition definition) => definition switch
    {
        QuantileDefinition.Linear => "linear interpolation (R type 7)",
        QuantileDefinition.AveragedInverse => "the averaged inverse distribution (R type 2, Stata)",
        _ => definition.ToString(),
    };
}
