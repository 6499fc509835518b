using ModelDsl.Matching;
using ModelDsl.Reporting;
using ModelDsl.Tests.Reporting;

namespace ModelDsl.Tests.Reliability;

/// <summary>
/// Issue 13, class 5: text from data (variable names, labels, titles, notes) cannot become a spreadsheet formula,
/// Markdown or HTML markup, a LaTeX command, Word XML or a terminal escape sequence in any output format, and numbers stay numbers.
/// </summary>
public sealed class SafeOutputTests
{
    /// <summary>A two-column table whose row labels are <paramref name="labels"/> and whose data column holds <paramref name="values"/>.</summary>
    private static ReportTable Table(string[] labels, string[] values, string? title = null, params string[] notes)
        => new(
            title,
            [new TableRow(TableRowKind.Data, [TableCell.Empty, new TableCell("(1)")])],
            labels.Select((label, i) => new TableRow(TableRowKind.Data, [new TableCell(label), new TableCell(values[i])])),
            [ColumnAlignment.Left, ColumnAlignment.Decimal],
            notes);

    private static ReportTable One(string label) => Table([label], ["1.5"]);

    // --- CSV ------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("=HYPERLINK(\"http://x.example\",\"y\")", "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"")]
    [InlineData("+1+2", "\"'+1+2\"")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("ln_pop; =1+1", "\"ln_pop; =1+1\"")]
    [InlineData("ln_pop;=1+1", "\"ln_pop;'=1+1\"")]
    [InlineData("-", "\"'-\"")]
    [InlineData("-Infinity", "\"'-Infinity\"")]
    [InlineData("a=1", "a=1")]
    [InlineData("ln_pop", "ln_pop")]
    public void CsvNeutralisesFormulasInLabels(string label, string field)
    {
        var csv = One(label).ToCsv();

        Assert.Equal($",(1)\r\n{field},1.5\r\n", csv);
    }

    [Theory]
    [InlineData("-0.0123")]
    [InlineData("+1e-5")]
    [InlineData("-1.5E+300")]
    [InlineData("-0.0123***")]
    [InlineData("-.5*")]
    [InlineData("0.0194")]
    [InlineData("(-0.0123)")]
    [InlineData("[-0.1, 0.2]")]
    public void CsvKeepsNumbersNumeric(string value)
    {
        var csv = Table(["x"], [value]).ToCsv();

        Assert.Equal(value.Contains(',', StringComparison.Ordinal) ? $",(1)\r\nx,\"{value}\"\r\n" : $",(1)\r\nx,{value}\r\n", csv);
    }

    [Fact]
    public void CsvGuardsTitlesNotesAndHeaderCells()
    {
        var table = new ReportTable(
            "=cmd|' /C calc'!A0",
            [new TableRow(TableRowKind.Data, [TableCell.Empty, new TableCell("@dep")])],
            [new TableRow(TableRowKind.Data, [new TableCell("x"), new TableCell("-1+1", "**")])],
            [ColumnAlignment.Left, ColumnAlignment.Decimal],
            ["+note"]);

        Assert.Equal("\"'=cmd|' /C calc'!A0\",\r\n,\"'@dep\"\r\nx,\"'-1+1**\"\r\n\"'+note\",\r\n", table.ToCsv());
    }

    [Fact]
    public void CsvOfEveryTableKindGoesThroughTheGuard()
    {
        // Variable names reach tables as coefficient names, dependent names and balance-row names.
        var regression = RegressionTable.FromColumns([TableFixtures.Model("=dep", 10, 0.5, double.NaN, [], [], TableFixtures.Coefficient("@x", -0.5, 0.1, 0.001))]);
        Assert.Contains("\r\n\"'@x\",-0.5000***\r\n", regression.ToCsv(), StringComparison.Ordinal);
        Assert.Contains(",\"'=dep\"\r\n", regression.ToCsv(), StringComparison.Ordinal);

        var balance = new BalanceTable(
            [new BalanceRow("+x", 1, 2, 1, 1.5, 10, 5, 50, 1, 0.1, 1, 0.3, 1, 1)], 1, 1, 1, 1, treated: 5, controls: 5, treatedMatched: 5, controlsUsed: 5, notes: []);
        Assert.Contains("\r\n\"'+x\",", CovariateBalanceTable.Of(balance).ToCsv(), StringComparison.Ordinal);
        Assert.Contains("\r\n\"'+x\",", CovariateBalanceTable.Of(balance).Build().ToCsv(), StringComparison.Ordinal);
    }

    // --- Markdown -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("R&D", "R&amp;D")]
    [InlineData("a|b", "a\\|b")]
    [InlineData("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>")]
    [InlineData("&lt;b&gt;", "&amp;lt;b&amp;gt;")]
    [InlineData("x_1*y", "x\\_1\\*y")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))")]
    [InlineData("~~gone~~", "\\~\\~gone\\~\\~")]
    [InlineData("$x^2$", "\\$x^2\\$")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("> quote", "&gt; quote")]
    [InlineData("two\nlines\r\n", "two lines  ")]
    [InlineData("a < b", "a < b")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    public void MarkdownEscapesLabels(string label, string escaped)
    {
        var markdown = One(label).ToMarkdown();

        Assert.Equal($"|  | (1) |\n|:---|:---:|\n| {escaped} | 1.5 |\n", markdown);
    }

    [Fact]
    public void MarkdownEscapesTitleAndNotes()
    {
        var markdown = Table(["x"], ["1"], "A & B | C", "p < 0.1; <b>bold</b> & more").ToMarkdown();

        Assert.StartsWith("**A &amp; B \\| C**\n\n", markdown, StringComparison.Ordinal);
        Assert.EndsWith("\np < 0.1; &lt;b>bold&lt;/b> &amp; more  \n", markdown, StringComparison.Ordinal);
    }

    // --- LaTeX ----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\\input{/etc/passwd}", "\\textbackslash{}input\\{/etc/passwd\\}")]
    [InlineData("R&D 50% #1 $x$", "R\\&D 50\\% \\#1 \\$x\\$")]
    [InlineData("a^b_c~d", "a\\textasciicircum{}b\\_c\\textasciitilde{}d")]
    [InlineData("para\n\nbreak", "para  break")]
    [InlineData("[1] first", "{[}1] first")]
    [InlineData("*starred", "{*}starred")]
    [InlineData("a<b>c|d", "a$<$b$>$c$|$d")]
    [InlineData("nul\u0000", "nul")]
    public void LatexEscapesLabels(string label, string escaped)
    {
        var latex = One(label).ToLatex(new LatexOptions(Float: false));

        Assert.Contains($"\n{escaped} & 1.5 \\\\\n", latex, StringComparison.Ordinal);
        Assert.DoesNotContain("\\input{", latex, StringComparison.Ordinal);
    }

    [Fact]
    public void LatexEscapesTitleAndNotes()
    {
        var latex = Table(["x"], ["1"], "Cost & 100% {x}", "\\end{document}").ToLatex();

        Assert.Contains("\\caption{Cost \\& 100\\% \\{x\\}}", latex, StringComparison.Ordinal);
        Assert.Contains("\\item \\textbackslash{}end\\{document\\}\n", latex, StringComparison.Ordinal);
    }

    // --- HTML -----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)")]
    [InlineData("R&D", "R&amp;D")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    public void HtmlEscapesLabels(string label, string escaped)
    {
        var html = Table([label], ["1.5"], label, label).ToHtml();

        Assert.Contains($">{escaped}</td>", html, StringComparison.Ordinal);
        Assert.Contains($">{escaped}</caption>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    // --- Text -----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\u001b[2Jcleared", "\uFFFD[2Jcleared")]
    [InlineData("two\nlines", "two lines")]
    [InlineData("tab\there", "tab here")]
    [InlineData("abc\u202Efed", "abc\uFFFDfed")]
    [InlineData("\u2066iso\u2069", "\uFFFDiso\uFFFD")]
    public void TextNeutralisesControlCharacters(string label, string shown)
    {
        var text = Table([label], ["1.5"], label, label).ToText();

        Assert.DoesNotContain(text, c => (char.IsControl(c) && c != '\n') || c is '\u202E' or '\u2066' or '\u2069');
        var lines = text.Split('\n');
        Assert.Equal(shown, lines[0]);
        Assert.Contains(lines, l => l.StartsWith(shown, StringComparison.Ordinal) && l.EndsWith("1.5", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameHostileLabelIsSafeInEveryFormat()
    {
        const string label = "=1+2|<b>&\\x_$\n";
        var table = One(label);

        Assert.Equal(",(1)\r\n\"'=1+2|<b>&\\x_$\n\",1.5\r\n", table.ToCsv());
        Assert.Contains("| =1+2\\|&lt;b>&amp;\\\\x\\_\\$  | 1.5 |", table.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("=1+2$|$$<$b$>$\\&\\textbackslash{}x\\_\\$  & 1.5", table.ToLatex(), StringComparison.Ordinal);
        Assert.Contains(">=1+2|&lt;b&gt;&amp;\\x_$\n</td>", table.ToHtml(), StringComparison.Ordinal);
        Assert.Contains("=1+2|<b>&\\x_$ ", table.ToText(), StringComparison.Ordinal);
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(table.ToDocx()), false))
        {
            var cell = word.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>().ElementAt(1).Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().First();
            Assert.Equal("=1+2|<b>&\\x_$ ", cell.Text); // Word does not evaluate formulas; the text stays text
        }

        Assert.Equal(label, table.BodyRows[0].Cells[0].Text); // escaping happens when rendering; the table keeps the data's text
    }
}
