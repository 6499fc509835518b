using System.Collections.Immutable;

namespace ModelDsl.Reporting;

/// <summary>How the cells of a data column line up.</summary>
public enum ColumnAlignment
{
    /// <summary>Flush left (the row-label column).</summary>
    Left,

    /// <summary>Centred.</summary>
    Center,

    /// <summary>Flush right.</summary>
    Right,

    /// <summary>
    /// Numbers line up on their decimal point in text output; other cells (integers, words) are centred.
    /// Markdown, HTML and LaTeX centre these columns; Word puts their numbers on a decimal tab stop.
    /// </summary>
    Decimal,
}

/// <summary>What a body row holds; renderers and tests use it to place rules and parse tables.</summary>
public enum TableRowKind
{
    /// <summary>A coefficient estimate with its significance stars.</summary>
    Coefficient,

    /// <summary>The t statistic or standard error printed under a coefficient.</summary>
    Statistic,

    /// <summary>A Yes/No row saying which controls or fixed effects a model includes.</summary>
    Indicator,

    /// <summary>A model-level number such as N, R² or the number of clusters.</summary>
    Summary,

    /// <summary>A sub-heading spanning the table (a panel or a block of variables).</summary>
    Section,

    /// <summary>An ordinary data row (descriptive statistics, balance).</summary>
    Data,
}

/// <summary>One cell of a <see cref="ReportTable"/>.</summary>
/// <param name="Text">The cell's text without significance stars (a formatted number, a word or a label).</param>
/// <param name="Stars">Significance stars shown after the text (empty when none); LaTeX and HTML set them as superscripts.</param>
/// <param name="ColumnSpan">How many columns the cell covers (1 for an ordinary cell).</param>
public sealed record TableCell(string Text, string Stars = "", int ColumnSpan = 1)
{
    /// <summary>An empty cell covering one column.</summary>
    public static TableCell Empty { get; } = new(string.Empty);

    /// <summary>The text followed by the stars, as plain text shows it.</summary>
    public string PlainText => Text + Stars;

    /// <summary>Turns a string into a one-column cell without stars.</summary>
    /// <param name="text">The cell's text.</param>
    public static implicit operator TableCell(string text) => new(text);

    /// <inheritdoc />
    public override string ToString() => PlainText;
}

/// <summary>One row of a <see cref="ReportTable"/>: the row label (first cell) followed by the data cells.</summary>
/// <param name="Kind">What the row holds.</param>
/// <param name="Cells">The cells, the row label first; the column spans add up to the table's column count.</param>
/// <param name="RuleAbove">Whether a horizontal rule separates this row from the one above it.</param>
public sealed record TableRow(TableRowKind Kind, ImmutableArray<TableCell> Cells, bool RuleAbove = false)
{
    /// <summary>The number of columns the row covers (the sum of its cells' spans).</summary>
    public int Width => Cells.Sum(c => c.ColumnSpan);
}

/// <summary>
/// A format-neutral publication table: optional title, header rows (which may hold column groups that span
/// several columns), body rows of a given kind, per-column alignment and note lines. Every table of
/// <c>ModelDsl.Reporting</c> builds one of these and renders it as text, Markdown, LaTeX, HTML, CSV or Word (.docx).
/// </summary>
public sealed class ReportTable
{
    /// <summary>Creates a table and checks that every row covers exactly the declared number of columns.</summary>
    /// <param name="title">The caption, or <see langword="null"/> for none.</param>
    /// <param name="headerRows">Header rows, top to bottom; the first cell of each is the stub header.</param>
    /// <param name="bodyRows">Body rows, top to bottom.</param>
    /// <param name="alignments">One alignment per column, the row-label column first.</param>
    /// <param name="notes">Note lines printed under the table.</param>
    /// <exception cref="ArgumentException">A row covers a different number of columns than <paramref name="alignments"/> declares, or a span is below 1.</exception>
    public ReportTable(
        string? title,
        IEnumerable<TableRow> headerRows,
        IEnumerable<TableRow> bodyRows,
        IEnumerable<ColumnAlignment> alignments,
        IEnumerable<string> notes)
    {
        Title = string.IsNullOrWhiteSpace(title) ? null : title;
        HeaderRows = [.. headerRows];
        BodyRows = [.. bodyRows];
        Alignments = [.. alignments];
        Notes = [.. notes];
        if (Alignments.Length < 1)
        {
            throw new ArgumentException("A table needs at least one column (the row labels); found 0 alignments. Pass one alignment per column.", nameof(alignments));
        }

        foreach (var (row, index, part) in HeaderRows.Select((r, i) => (r, i, "header")).Concat(BodyRows.Select((r, i) => (r, i, "body"))))
        {
            if (row.Cells.Any(c => c.ColumnSpan < 1))
            {
                throw new ArgumentException($"The {part} row {index + 1} has a cell with column span {row.Cells.First(c => c.ColumnSpan < 1).ColumnSpan}; spans must be at least 1.", part == "header" ? nameof(headerRows) : nameof(bodyRows));
            }

            if (row.Width != ColumnCount)
            {
                throw new ArgumentException(
                    $"The {part} row {index + 1} ('{row.Cells.FirstOrDefault()?.PlainText}') covers {row.Width} columns but the table has {ColumnCount} (one alignment per column). Pad the row with empty cells or adjust the spans.",
                    part == "header" ? nameof(headerRows) : nameof(bodyRows));
            }
        }
    }

    /// <summary>The caption, or <see langword="null"/>.</summary>
    public string? Title { get; }

    /// <summary>Header rows, top to bottom.</summary>
    public ImmutableArray<TableRow> HeaderRows { get; }

    /// <summary>Body rows, top to bottom.</summary>
    public ImmutableArray<TableRow> BodyRows { get; }

    /// <summary>One alignment per column, the row-label column first.</summary>
    public ImmutableArray<ColumnAlignment> Alignments { get; }

    /// <summary>Note lines printed under the table.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>The number of columns, the row-label column included.</summary>
    public int ColumnCount => Alignments.Length;

    /// <summary>Renders the table as monospace text with aligned columns (numbers aligned on the decimal point).</summary>
    public string ToText() => TextTableRenderer.Render(this);

    /// <summary>Renders the table as a GitHub-flavoured Markdown pipe table with the title above and the notes below.</summary>
    public string ToMarkdown() => MarkdownTableRenderer.Render(this);

    /// <summary>Renders the table as a LaTeX <c>table</c> float using booktabs rules and a threeparttable note.</summary>
    /// <param name="options">Star style, label and float placement; <see langword="null"/> for the defaults.</param>
    public string ToLatex(LatexOptions? options = null) => LatexTableRenderer.Render(this, options ?? new LatexOptions());

    /// <summary>Renders the table as one self-contained HTML <c>&lt;table&gt;</c> element with a caption and inline styles.</summary>
    public string ToHtml() => HtmlTableRenderer.Render(this);

    /// <summary>Renders the table as RFC 4180 CSV (CRLF line ends, quoted fields where needed, every line the same field count).</summary>
    public string ToCsv() => CsvTableRenderer.Render(this);

    /// <summary>
    /// Renders the table as a Word document (.docx): the caption above, a three-line table (top rule, rule under the
    /// header, bottom rule; no vertical lines), numbers aligned on the decimal point, stars as superscripts and the
    /// notes below in a smaller font, in Times New Roman on an A4 page.
    /// </summary>
    /// <returns>The bytes of the .docx file; the same table always gives the same bytes.</returns>
    public byte[] ToDocx() => DocxTableRenderer.Render(this);

    /// <summary>Writes the table as a Word document (see <see cref="ToDocx"/>).</summary>
    /// <param name="path">The file to write (by convention ending in .docx); its folder must exist.</param>
    public void SaveDocx(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllBytes(path, ToDocx());
    }

    /// <summary>Writes the table to a file, choosing the format by the extension: .txt, .md, .tex, .html (.htm), .csv or .docx.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentException">The extension is none of the supported ones.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.GetExtension(path).Equals(".docx", StringComparison.OrdinalIgnoreCase))
        {
            SaveDocx(path);
            return;
        }

        File.WriteAllText(path, Render(this, path), new System.Text.UTF8Encoding(false));
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    internal static string Render(ReportTable table, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".txt" => table.ToText(),
            ".md" or ".markdown" => table.ToMarkdown(),
            ".tex" => table.ToLatex(),
            ".html" or ".htm" => table.ToHtml(),
            ".csv" => table.ToCsv(),
            _ => throw new ArgumentException(
                $"Cannot tell the table format from the extension '{extension}' of '{path}'; expected .txt, .md, .tex, .html, .csv or .docx. Rename the file or call ToText/ToMarkdown/ToLatex/ToHtml/ToCsv (or ToDocx for the bytes) and write the result yourself.",
                nameof(path)),
        };
    }
}

/// <summary>How significance stars are typeset in LaTeX.</summary>
public enum LatexStarStyle
{
    /// <summary><c>0.0194\sym{***}</c>, with <c>\sym</c> defined by <c>\providecommand</c> in the output (estout's convention).</summary>
    Sym,

    /// <summary><c>0.0194$^{***}$</c>, needing no extra command.</summary>
    Superscript,
}

/// <summary>Options of <see cref="ReportTable.ToLatex(LatexOptions?)"/>.</summary>
/// <param name="StarStyle">How significance stars are typeset.</param>
/// <param name="Label">The <c>\label</c> key, or <see langword="null"/> for <c>tab:N</c> when the title starts with "Table N" (none otherwise). The caption drops that "Table N." prefix, since LaTeX numbers the float.</param>
/// <param name="Placement">The float placement specifier.</param>
/// <param name="Float">Whether to wrap the table in a <c>table</c> float; without it only the threeparttable is written, without caption and label (for <c>\input</c> inside your own float, which carries them).</param>
public sealed record LatexOptions(
    LatexStarStyle StarStyle = LatexStarStyle.Sym,
    string? Label = null,
    string Placement = "htbp",
    bool Float = true);
