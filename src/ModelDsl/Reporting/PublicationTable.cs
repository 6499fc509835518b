namespace ModelDsl.Reporting;

/// <summary>
/// A table built from results (regression, descriptive statistics, covariate balance): lays itself out as a
/// <see cref="ReportTable"/> and renders in the six formats (text, Markdown, LaTeX, HTML, CSV, Word).
/// </summary>
public abstract class PublicationTable
{
    private protected PublicationTable()
    {
    }

    /// <summary>Lays the table out as a format-neutral <see cref="ReportTable"/>.</summary>
    public abstract ReportTable Build();

    /// <summary>Renders as monospace text (see <see cref="ReportTable.ToText"/>).</summary>
    public string ToText() => Build().ToText();

    /// <summary>Renders as a Markdown pipe table (see <see cref="ReportTable.ToMarkdown"/>).</summary>
    public string ToMarkdown() => Build().ToMarkdown();

    /// <summary>Renders as a booktabs LaTeX table (see <see cref="ReportTable.ToLatex"/>).</summary>
    /// <param name="options">LaTeX options; <see langword="null"/> for the defaults.</param>
    public string ToLatex(LatexOptions? options = null) => Build().ToLatex(options);

    /// <summary>Renders as a self-contained HTML table (see <see cref="ReportTable.ToHtml"/>).</summary>
    public string ToHtml() => Build().ToHtml();

    /// <summary>Renders as RFC 4180 CSV (see <see cref="ReportTable.ToCsv"/>).</summary>
    public string ToCsv() => Build().ToCsv();

    /// <summary>Renders as a Word document (see <see cref="ReportTable.ToDocx"/>).</summary>
    /// <returns>The bytes of the .docx file.</returns>
    public byte[] ToDocx() => Build().ToDocx();

    /// <summary>Writes the table as a Word document (see <see cref="ReportTable.ToDocx"/>).</summary>
    /// <param name="path">The file to write.</param>
    public void SaveDocx(string path) => Build().SaveDocx(path);

    /// <summary>Writes the table to a file in the format its extension names (.txt, .md, .tex, .html, .csv, .docx).</summary>
    /// <param name="path">The file to write.</param>
    public void Save(string path) => Build().Save(path);

    /// <inheritdoc />
    public override string ToString() => ToText();
}
