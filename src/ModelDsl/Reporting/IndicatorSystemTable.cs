using System.Collections.Immutable;

using ModelDsl.Measures;

namespace ModelDsl.Reporting;

/// <summary>
/// The indicator-system table of an entropy-weight index (the digital-economy paper's Table 1): one row per
/// indicator with its tier (dimension), description, direction (+ benefit, − cost), entropy e, redundancy d = 1 − e
/// and weight w, the tier named on its first row, a rule between tiers and, by default, a subtotal row per tier with
/// the tier's weight. Numbers are read from the <see cref="EntropyWeightTable"/>; nothing is recomputed. Immutable:
/// every option returns a new table.
/// </summary>
/// <remarks>
/// Entropy-weight method (Shannon entropy over the normalised indicator shares): e_j = −Σ p_ij ln p_ij / ln n,
/// d_j = 1 − e_j, w_j = d_j / Σ d. A tier's subtotal is the sum of its indicators' weights as the result reports it.
/// With weights per period, choose the period with <see cref="Period(string)"/>.
/// </remarks>
/// <example>
/// <code>
/// IndicatorSystemTable.Of(index)
///     .Title("Comprehensive evaluation indicators for the digital economy")
///     .Descriptions(new Dictionary&lt;string, string&gt; { ["dfi_index"] = "Digital Finance Index" })
///     .Save("table1.md");
/// </code>
/// </example>
public sealed class IndicatorSystemTable : PublicationTable
{
    private static readonly ImmutableArray<string> DefaultTitles = ["Tier 1 indicator", "Secondary indicator", "Properties", "Entropy e", "Redundancy d", "Weight w"];

    private readonly EntropyWeightTable weights;
    private readonly Settings settings;

    private IndicatorSystemTable(EntropyWeightTable weights, Settings settings)
    {
        this.weights = weights;
        this.settings = settings;
    }

    /// <summary>Creates the table from the weights of an entropy index.</summary>
    /// <param name="weights">The entropy weights.</param>
    /// <exception cref="ArgumentException">The weights have no indicators.</exception>
    public static IndicatorSystemTable Of(EntropyWeightTable weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Rows.Count == 0)
        {
            throw new ArgumentException("The entropy weights have no indicators; compute the index from at least one indicator.", nameof(weights));
        }

        return new IndicatorSystemTable(weights, new Settings());
    }

    /// <summary>Creates the table from an entropy index.</summary>
    /// <param name="index">The entropy index (its weights are shown).</param>
    public static IndicatorSystemTable Of(EntropyWeightResult index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Of(index.Weights);
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public IndicatorSystemTable Title(string title) => With(settings with { Title = title });

    /// <summary>Shows descriptions instead of the indicators' column names (indicators without one show their name).</summary>
    /// <param name="descriptions">Indicator names mapped to descriptions, for example "Internet penetration rate (%)".</param>
    public IndicatorSystemTable Descriptions(IEnumerable<KeyValuePair<string, string>> descriptions)
    {
        ArgumentNullException.ThrowIfNull(descriptions);
        return With(settings with { Descriptions = settings.Descriptions.SetItems(descriptions) });
    }

    /// <summary>Sets the six column titles (default: Tier 1 indicator, Secondary indicator, Properties, Entropy e, Redundancy d, Weight w).</summary>
    /// <param name="titles">Six titles: tier, indicator, direction, entropy, redundancy, weight.</param>
    /// <exception cref="ArgumentException">Not six titles.</exception>
    public IndicatorSystemTable ColumnTitles(params string[] titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Length != DefaultTitles.Length)
        {
            throw new ArgumentException($"The indicator-system table has {DefaultTitles.Length} columns ({string.Join(", ", DefaultTitles)}); {titles.Length} titles were given.", nameof(titles));
        }

        return With(settings with { Titles = [.. titles] });
    }

    /// <summary>Whether to add a subtotal row with each tier's weight (on by default; tiers need dimensions).</summary>
    /// <param name="show">Whether to show the subtotals.</param>
    public IndicatorSystemTable Subtotals(bool show) => With(settings with { ShowSubtotals = show });

    /// <summary>Shows the weights of one period (required when the weights were computed per period).</summary>
    /// <param name="period">The period as the weights report it.</param>
    public IndicatorSystemTable Period(string period)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return With(settings with { Period = period });
    }

    /// <summary>Sets the decimals of entropy, redundancy and weight (default 4).</summary>
    /// <param name="count">The number of decimals.</param>
    public IndicatorSystemTable Decimals(int count)
    {
        NumberFormat.CheckDecimals(count, nameof(count));
        return With(settings with { Decimals = count });
    }

    /// <summary>Adds a note line under the table, after the line explaining the columns.</summary>
    /// <param name="note">The note.</param>
    public IndicatorSystemTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return With(settings with { Notes = settings.Notes.Add(note) });
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var periods = weights.Rows.Select(r => r.Period).Distinct().ToList();
        if (settings.Period is { } wanted && !periods.Contains(wanted))
        {
            throw new ArgumentException($"The weights have no period '{wanted}'; they have {string.Join(", ", periods.Select(p => p is null ? "none (pooled)" : $"'{p}'"))}.");
        }

        if (settings.Period is null && periods.Count > 1)
        {
            throw new ArgumentException($"The weights were computed per period ({string.Join(", ", periods)}); choose one with Period(\"{periods[0]}\").");
        }

        var period = settings.Period ?? periods[0];
        var rows = weights.Rows.Where(r => r.Period == period).ToList();
        var d = settings.Decimals;
        var body = new List<TableRow>();
        foreach (var tier in rows.Select(r => r.Dimension).Distinct())
        {
            var first = true;
            foreach (var row in rows.Where(r => r.Dimension == tier))
            {
                var description = settings.Descriptions.TryGetValue(row.Indicator, out var text) ? text : row.Indicator;
                body.Add(new TableRow(
                    TableRowKind.Data,
                    [first ? tier ?? string.Empty : string.Empty, description, row.Direction == IndicatorDirection.Positive ? "+" : "−", NumberFormat.Fixed(row.Entropy, d), NumberFormat.Fixed(row.Redundancy, d), NumberFormat.Fixed(row.Weight, d)],
                    RuleAbove: first && body.Count > 0));
                first = false;
            }

            if (settings.ShowSubtotals && tier is not null && weights.Dimensions.FirstOrDefault(x => x.Dimension == tier && x.Period == period) is { } subtotal)
            {
                body.Add(new TableRow(TableRowKind.Summary, [string.Empty, $"Subtotal ({subtotal.Indicators} indicator{(subtotal.Indicators == 1 ? string.Empty : "s")})", string.Empty, string.Empty, string.Empty, NumberFormat.Fixed(subtotal.Weight, d)]));
            }
        }

        var header = new TableRow(TableRowKind.Data, [.. settings.Titles.Select(t => new TableCell(t))]);
        string[] notes = ["+ benefit indicator, − cost indicator; e is the entropy, d = 1 − e the redundancy, w = d / Σd the weight.", .. settings.Notes];
        return new ReportTable(
            settings.Title,
            [header],
            body,
            [ColumnAlignment.Left, ColumnAlignment.Left, ColumnAlignment.Center, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Decimal],
            notes);
    }

    private IndicatorSystemTable With(Settings changed) => new(weights, changed);

    private sealed record Settings
    {
        public string? Title { get; init; }

        public ImmutableDictionary<string, string> Descriptions { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

        public ImmutableArray<string> Titles { get; init; } = DefaultTitles;

        public bool ShowSubtotals { get; init; } = true;

        public string? Period { get; init; }

        public int Decimals { get; init; } = 4;

        public ImmutableList<string> Notes { get; init; } = [];
    }
}
