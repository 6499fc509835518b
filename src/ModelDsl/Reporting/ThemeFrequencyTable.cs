using System.Collections.Immutable;

using ModelDsl.Measures;

namespace ModelDsl.Reporting;

/// <summary>
/// The theme-frequency table of a policy-text analysis (the trade-policy paper's Table 2): one row per theme with
/// its keywords, the keyword hits and the theme frequency (hits / tokens, in percent). Numbers are read from the
/// <see cref="ThemeFrequencyResult"/>; nothing is recomputed. Immutable: every option returns a new table.
/// </summary>
/// <example>
/// <code>
/// ThemeFrequencyTable.Of(corpus).Title("Qualitative analysis results of policy texts").KeywordsShown(5).Save("table2.md");
/// </code>
/// </example>
public sealed class ThemeFrequencyTable : PublicationTable
{
    private readonly ThemeFrequencyResult result;
    private readonly Settings settings;

    private ThemeFrequencyTable(ThemeFrequencyResult result, Settings settings)
    {
        this.result = result;
        this.settings = settings;
    }

    /// <summary>Creates the table from a theme-frequency analysis.</summary>
    /// <param name="result">The analysis.</param>
    public static ThemeFrequencyTable Of(ThemeFrequencyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ThemeFrequencyTable(result, new Settings());
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public ThemeFrequencyTable Title(string title) => With(settings with { Title = title });

    /// <summary>Shows at most this many keywords per theme, then "…" (default: all).</summary>
    /// <param name="count">The number of keywords, at least 1.</param>
    public ThemeFrequencyTable KeywordsShown(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return With(settings with { KeywordsShown = count });
    }

    /// <summary>Shows only the keywords that pass this test, for example only the English ones (<c>k =&gt; k.All(char.IsAscii)</c>); the hits still count every keyword.</summary>
    /// <param name="include">Whether to show a keyword.</param>
    public ThemeFrequencyTable Keywords(Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        return With(settings with { Include = include });
    }

    /// <summary>Sets the four column titles (default: Theme, Related keywords, Hits, Theme frequency).</summary>
    /// <param name="theme">The theme column's title.</param>
    /// <param name="keywords">The keyword column's title.</param>
    /// <param name="hits">The hits column's title.</param>
    /// <param name="frequency">The frequency column's title.</param>
    public ThemeFrequencyTable ColumnTitles(string theme, string keywords, string hits, string frequency)
        => With(settings with { Titles = [theme ?? string.Empty, keywords ?? string.Empty, hits ?? string.Empty, frequency ?? string.Empty] });

    /// <summary>Adds a note line under the table, after the line stating the corpus size.</summary>
    /// <param name="note">The note.</param>
    public ThemeFrequencyTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return With(settings with { Notes = settings.Notes.Add(note) });
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var header = new TableRow(TableRowKind.Data, [.. settings.Titles.Select(t => new TableCell(t))]);
        var body = result.Summaries.Select(s => new TableRow(
            TableRowKind.Data,
            [s.Theme, KeywordText(s.Theme), NumberFormat.Integer(s.Hits), NumberFormat.Fixed(s.Frequency * 100, 2) + "%"]));
        string[] notes = [$"{result.Documents.Count} documents, {result.DocumentTokens.Sum(t => (long)t).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} tokens; frequency = theme hits / tokens.", .. settings.Notes];
        return new ReportTable(settings.Title, [header], body, [ColumnAlignment.Left, ColumnAlignment.Left, ColumnAlignment.Decimal, ColumnAlignment.Decimal], notes);
    }

    private string KeywordText(string theme)
    {
        var keywords = (result.Themes.FirstOrDefault(t => t.Name == theme)?.Keywords ?? []).Where(settings.Include).ToList();
        var shown = keywords.Take(settings.KeywordsShown);
        return string.Join(", ", shown) + (keywords.Count > settings.KeywordsShown ? ", …" : string.Empty);
    }

    private ThemeFrequencyTable With(Settings changed) => new(result, changed);

    private sealed record Settings
    {
        public string? Title { get; init; }

        public int KeywordsShown { get; init; } = int.MaxValue;

        public Func<string, bool> Include { get; init; } = _ => true;

        public ImmutableArray<string> Titles { get; init; } = ["Theme", "Related keywords", "Hits", "Theme frequency"];

        public ImmutableList<string> Notes { get; init; } = [];
    }
}
