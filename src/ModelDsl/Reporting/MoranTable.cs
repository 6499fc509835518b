using System.Collections.Immutable;

using ModelDsl.Spatial;

namespace ModelDsl.Reporting;

/// <summary>
/// The global spatial autocorrelation table papers print: one row per year with the statistic (Moran's I or Geary's C),
/// its expectation, standard deviation, z and one-sided p. Numbers are read from the tests; nothing is recomputed.
/// Immutable: every option returns a new table.
/// </summary>
/// <remarks>
/// z = (I − E(I))/sd for Moran's I and (1 − C)/sd for Geary's C; p = 1 − Φ(z), against positive autocorrelation (spdep's
/// default alternative "greater"). The note under the table states the weights and the variance assumption.
/// </remarks>
/// <example>
/// <code>
/// var tests = SpatialAutocorrelation.ByPeriod(panel, "inno", weights);
/// MoranTable.Of(tests).Title("Global Moran's I of regional innovation").Weights(weights).Save("moran.md");
/// </code>
/// </example>
public sealed class MoranTable : PublicationTable
{
    private readonly ImmutableArray<SpatialAutocorrelationTest> tests;
    private readonly Settings settings;

    private MoranTable(ImmutableArray<SpatialAutocorrelationTest> tests, Settings settings)
    {
        this.tests = tests;
        this.settings = settings;
    }

    /// <summary>Creates the table from tests of one statistic under one assumption (for example one per year).</summary>
    /// <param name="tests">The tests, in row order.</param>
    /// <exception cref="ArgumentException">No tests, or tests that mix statistics or variance assumptions.</exception>
    public static MoranTable Of(IEnumerable<SpatialAutocorrelationTest> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var list = tests.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("The Moran table needs at least one test.", nameof(tests));
        }

        if (list.Any(t => t.Statistic != list[0].Statistic || t.Assumption != list[0].Assumption))
        {
            throw new ArgumentException("The tests mix statistics or variance assumptions; make one table per statistic and assumption.", nameof(tests));
        }

        return new MoranTable(list, new Settings());
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public MoranTable Title(string title) => new(tests, settings with { Title = title });

    /// <summary>Names the weights in the note under the table (their <see cref="SpatialWeights.Description"/>).</summary>
    /// <param name="weights">The weights the tests used.</param>
    public MoranTable Weights(SpatialWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new(tests, settings with { WeightsDescription = weights.Description });
    }

    /// <summary>Sets the decimals of the statistic, expectation, sd and z (default 3); p always has 3.</summary>
    /// <param name="count">The number of decimals.</param>
    public MoranTable Decimals(int count)
    {
        NumberFormat.CheckDecimals(count, nameof(count));
        return new(tests, settings with { Decimals = count });
    }

    /// <summary>Adds a note line under the table.</summary>
    /// <param name="note">The note.</param>
    public MoranTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return new(tests, settings with { Notes = settings.Notes.Add(note) });
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var moran = tests[0].Statistic == AutocorrelationStatistic.MoransI;
        var symbol = moran ? "I" : "C";
        var d = settings.Decimals;
        var header = new TableRow(TableRowKind.Data, [new TableCell("Year"), new TableCell(symbol), new TableCell($"E({symbol})"), new TableCell("sd"), new TableCell("z"), new TableCell("p")]);
        var body = tests.Select(t => new TableRow(
            TableRowKind.Data,
            [t.Period ?? string.Empty, NumberFormat.Fixed(t.Value, d), NumberFormat.Fixed(t.Expectation, d), NumberFormat.Fixed(t.StandardDeviation, d), NumberFormat.Fixed(t.Z, d), NumberFormat.Fixed(t.P, 3)])).ToList();
        var assumption = tests[0].Assumption == VarianceAssumption.Randomisation ? "randomisation" : "normality";
        var line = $"{(moran ? "Moran's I" : "Geary's C")}, variance under {assumption}; z = {(moran ? "(I − E(I))/sd" : "(1 − C)/sd")}, one-sided p against positive spatial autocorrelation"
            + (settings.WeightsDescription is { } w ? $"; weights: {w}." : ".");
        return new ReportTable(
            settings.Title ?? (moran ? "Global Moran's I" : "Global Geary's C"),
            [header],
            body,
            [ColumnAlignment.Left, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Decimal],
            [line, .. settings.Notes]);
    }

    private sealed record Settings
    {
        public string? Title { get; init; }

        public string? WeightsDescription { get; init; }

        public int Decimals { get; init; } = 3;

        public ImmutableList<string> Notes { get; init; } = [];
    }
}
