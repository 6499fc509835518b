using System.Collections.Immutable;

using ModelDsl.Measures;

namespace ModelDsl.Reporting;

/// <summary>One policy document's details for <see cref="PolicyDocumentTable"/>; a detail left <see langword="null"/> prints an empty cell.</summary>
/// <param name="Title">The document's title.</param>
/// <param name="Issuer">The issuing body, for example the State Council.</param>
/// <param name="Date">The date of issue as the paper prints it, for example "2016-01-12" or "2016".</param>
public sealed record PolicyDocumentDetails(string? Title, string? Issuer = null, string? Date = null);

/// <summary>
/// The list of policy documents of a policy-text analysis (an appendix table of the trade-policy paper): one row per
/// document in the analysis' order with its file name, the title, issuer and date you supply (a column appears only
/// when some document has that detail), its token count and its keyword hits per theme. Counts are read from the
/// <see cref="ThemeFrequencyResult"/>; nothing is recomputed. Immutable: every option returns a new table.
/// </summary>
/// <example>
/// <code>
/// PolicyDocumentTable.Of(corpus)
///     .Details(corpus.Documents.ToDictionary(d => d, d => new PolicyDocumentDetails(File.ReadLines(Path.Combine(folder, d)).First())))
///     .Title("Policy documents")
///     .Save("documents.md");
/// </code>
/// </example>
public sealed class PolicyDocumentTable : PublicationTable
{
    private readonly ThemeFrequencyResult result;
    private readonly string? title;
    private readonly ImmutableDictionary<string, PolicyDocumentDetails> details;
    private readonly bool themeColumns;

    private PolicyDocumentTable(ThemeFrequencyResult result, string? title, ImmutableDictionary<string, PolicyDocumentDetails> details, bool themeColumns)
    {
        this.result = result;
        this.title = title;
        this.details = details;
        this.themeColumns = themeColumns;
    }

    /// <summary>Creates the list from a theme-frequency analysis.</summary>
    /// <param name="result">The analysis.</param>
    public static PolicyDocumentTable Of(ThemeFrequencyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PolicyDocumentTable(result, null, ImmutableDictionary.Create<string, PolicyDocumentDetails>(StringComparer.Ordinal), true);
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public PolicyDocumentTable Title(string title) => new(result, title, details, themeColumns);

    /// <summary>Adds titles, issuers and dates by document name (the names the analysis reports, for example the file names).</summary>
    /// <param name="documents">Document names mapped to their details.</param>
    /// <exception cref="ArgumentException">A name is not one of the analysis' documents.</exception>
    public PolicyDocumentTable Details(IEnumerable<KeyValuePair<string, PolicyDocumentDetails>> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        var unknown = list.Select(d => d.Key).Where(k => !result.Documents.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The analysis has no document(s) {string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"))}; its documents are named like '{result.Documents.FirstOrDefault()}'.", nameof(documents));
        }

        return new(result, title, details.SetItems(list), themeColumns);
    }

    /// <summary>Whether to show one hits column per theme (on by default).</summary>
    /// <param name="show">Whether to show them.</param>
    public PolicyDocumentTable ThemeColumns(bool show) => new(result, title, details, show);

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var hasTitle = details.Values.Any(d => !string.IsNullOrWhiteSpace(d.Title));
        var hasIssuer = details.Values.Any(d => !string.IsNullOrWhiteSpace(d.Issuer));
        var hasDate = details.Values.Any(d => !string.IsNullOrWhiteSpace(d.Date));
        var themes = themeColumns ? result.Themes.Select(t => t.Name).ToList() : [];
        var header = new List<TableCell> { "Document" };
        header.AddRange(new[] { (hasTitle, "Title"), (hasIssuer, "Issuer"), (hasDate, "Date") }.Where(c => c.Item1).Select(c => new TableCell(c.Item2)));
        header.Add("Tokens");
        header.AddRange(themes.Select(t => new TableCell(t)));
        var body = new List<TableRow>();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            var name = result.Documents[i];
            var detail = details.TryGetValue(name, out var d) ? d : new PolicyDocumentDetails(null);
            var cells = new List<TableCell> { name };
            if (hasTitle)
            {
                cells.Add(detail.Title ?? string.Empty);
            }

            if (hasIssuer)
            {
                cells.Add(detail.Issuer ?? string.Empty);
            }

            if (hasDate)
            {
                cells.Add(detail.Date ?? string.Empty);
            }

            cells.Add(NumberFormat.Integer(result.DocumentTokens[i]));
            cells.AddRange(themes.Select(t => new TableCell(NumberFormat.Integer(result[name, t].Hits))));
            body.Add(new TableRow(TableRowKind.Data, [.. cells]));
        }

        var alignments = new List<ColumnAlignment> { ColumnAlignment.Left };
        alignments.AddRange(Enumerable.Repeat(ColumnAlignment.Left, header.Count - 2 - themes.Count));
        alignments.AddRange(Enumerable.Repeat(ColumnAlignment.Decimal, 1 + themes.Count));
        return new ReportTable(title, [new TableRow(TableRowKind.Data, [.. header])], body, alignments, [$"{result.Documents.Count} documents; tokens after segmentation, hits = keyword matches per theme."]);
    }
}
