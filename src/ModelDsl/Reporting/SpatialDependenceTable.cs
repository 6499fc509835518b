using System.Collections.Immutable;

using ModelDsl.Spatial;

namespace ModelDsl.Reporting;

/// <summary>
/// The LM-test table spatial papers print before choosing SAR, SEM or SDM: one row per test (LM-lag, robust LM-lag,
/// LM-error, robust LM-error, LM-SARMA), one column per non-spatial model (pooled OLS, unit, time or two-way fixed
/// effects, as Elhorst 2014 lays it out), each cell "statistic (p)". Numbers are read from the diagnostics; nothing is
/// recomputed. Immutable: every option returns a new table.
/// </summary>
/// <remarks>
/// The p-values are P(χ²(df) ≥ LM): df 1, 2 for SARMA. Reading the table (Anselin, Bera, Florax and Yoon 1996; Elhorst
/// 2014): when both LM-lag and LM-error reject, the robust versions decide; when both robust tests reject, the spatial
/// Durbin model is the usual next step. The note under the table states the weights.
/// </remarks>
/// <example>
/// <code>
/// var ols = SpatialDependenceTests.AfterRegression(Model.Regress("y").On("x").Fit(panel), weights);
/// var fe = SpatialDependenceTests.AfterRegression(Model.Regress("y").On("x").Fe("region").Fit(panel), weights);
/// SpatialDependenceTable.Of(ols, fe).Title("LM tests for spatial dependence").Save("lm.md");
/// </code>
/// </example>
public sealed class SpatialDependenceTable : PublicationTable
{
    private readonly ImmutableArray<SpatialDependenceDiagnostics> columns;
    private readonly Settings settings;

    private SpatialDependenceTable(ImmutableArray<SpatialDependenceDiagnostics> columns, Settings settings)
    {
        this.columns = columns;
        this.settings = settings;
    }

    /// <summary>Creates the table, one column per set of diagnostics (titled by its model unless <see cref="ColumnTitles"/> says otherwise).</summary>
    /// <param name="diagnostics">The diagnostics, in column order.</param>
    /// <exception cref="ArgumentException">No diagnostics.</exception>
    public static SpatialDependenceTable Of(params SpatialDependenceDiagnostics[] diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (diagnostics.Length == 0 || diagnostics.Any(d => d is null))
        {
            throw new ArgumentException("The LM-test table needs at least one set of diagnostics, none null.", nameof(diagnostics));
        }

        return new SpatialDependenceTable([.. diagnostics], new Settings());
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public SpatialDependenceTable Title(string title) => new(columns, settings with { Title = title });

    /// <summary>Sets the column titles (one per column).</summary>
    /// <param name="titles">The titles.</param>
    /// <exception cref="ArgumentException">A count other than the number of columns.</exception>
    public SpatialDependenceTable ColumnTitles(params string[] titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        return titles.Length == columns.Length
            ? new(columns, settings with { Titles = [.. titles] })
            : throw new ArgumentException($"The table has {columns.Length} column(s) but {titles.Length} title(s) were given.", nameof(titles));
    }

    /// <summary>Leaves out the joint LM-SARMA row (many papers print only the four one-directional tests).</summary>
    public SpatialDependenceTable WithoutJointTest() => new(columns, settings with { Joint = false });

    /// <summary>Adds a note line under the table.</summary>
    /// <param name="note">The note.</param>
    public SpatialDependenceTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return new(columns, settings with { Notes = settings.Notes.Add(note) });
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var titles = settings.Titles.IsEmpty ? columns.Select(c => Capitalised(c.Model)).ToImmutableArray() : settings.Titles;
        var header = new TableRow(TableRowKind.Data, [new TableCell("Test"), .. titles.Select(t => new TableCell(t))]);
        var count = settings.Joint ? 5 : 4;
        var body = Enumerable.Range(0, count).Select(k => new TableRow(
            TableRowKind.Data,
            [new TableCell(columns[0].Tests[k].Name), .. columns.Select(c => new TableCell(NumberFormat.StatisticWithPValue(c.Tests[k].Statistic, c.Tests[k].P)))])).ToList();
        var observations = new TableRow(TableRowKind.Data, [new TableCell("Observations"), .. columns.Select(c => new TableCell(NumberFormat.Integer(c.Observations)))]);
        body.Add(observations);
        var weights = columns.Select(c => c.WeightsDescription).Distinct().ToList();
        var line = "LM statistics with p-values in parentheses, P(χ²(1) ≥ LM)" + (settings.Joint ? ", χ²(2) for LM-SARMA" : string.Empty)
            + "; robust versions after Anselin, Bera, Florax and Yoon (1996)" + (weights.Count == 1 ? $"; weights: {weights[0]}." : ".");
        return new ReportTable(
            settings.Title ?? "LM tests for spatial dependence",
            [header],
            body,
            [ColumnAlignment.Left, .. columns.Select(_ => ColumnAlignment.Decimal)],
            [line, .. settings.Notes]);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record Settings
    {
        public string? Title { get; init; }

        public ImmutableArray<string> Titles { get; init; } = [];

        public bool Joint { get; init; } = true;

        public ImmutableList<string> Notes { get; init; } = [];
    }
}
