using System.Xml.Linq;

using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

public sealed class RegressionTableTests
{
    private static RegressionTable Baseline() => RegressionTable.FromColumns(TableFixtures.Baseline())
        .Label("cbec", "CBEC")
        .Label("inno", "Inno")
        .FixedEffectLabel("city", "City FE")
        .FixedEffectLabel("year", "Year FE");

    [Fact]
    public void DefaultsShowFourDecimalEstimatesWithStarsAndTwoDecimalTStatisticsInParentheses()
    {
        var csv = TableParsing.ReadCsv(Baseline().ToCsv());

        Assert.Equal(["CBEC", "0.0194***", "0.0157***", "0.0152***"], TableParsing.Row(csv, "CBEC"));
        Assert.Equal(["", "(29.75)", "(7.81)", "(7.24)"], TableParsing.RowBelow(csv, "CBEC"));
        Assert.Equal(["ln_pop", "", "-0.0123**", "-0.0101***"], TableParsing.Row(csv, "ln_pop"));
        Assert.Equal(["ln_gdp", "", "0.0042*", "0.0009"], TableParsing.Row(csv, "ln_gdp"));
        Assert.Equal(["", "", "(1.83)", "(0.29)"], TableParsing.RowBelow(csv, "ln_gdp"));
    }

    [Fact]
    public void HeaderNumbersColumnsAndNamesTheOutcomeLabel()
    {
        var csv = TableParsing.ReadCsv(Baseline().ToCsv());

        Assert.Equal(["", "(1)", "(2)", "(3)"], csv[0]);
        Assert.Equal(["", "Inno", "Inno", "Inno"], csv[1]);
    }

    [Fact]
    public void InterceptComesLastLabelledConstant()
    {
        var csv = TableParsing.ReadCsv(Baseline().ToCsv());
        var labels = csv.Select(r => r[0]).Where(l => l.Length > 0).ToList();

        Assert.Equal(["CBEC", "ln_pop", "ln_gdp", "Constant"], labels.Take(4));
        Assert.Equal(["Constant", "", "", "1.2345***"], TableParsing.Row(csv, "Constant"));
    }

    [Fact]
    public void StrictThresholdsGiveFewerStarsAndTheNoteStatesThem()
    {
        var table = Baseline().Stars(StarThresholds.Strict);
        var csv = TableParsing.ReadCsv(table.ToCsv());

        Assert.Equal(["ln_pop", "", "-0.0123*", "-0.0101**"], TableParsing.Row(csv, "ln_pop"));
        Assert.Equal(["ln_gdp", "", "0.0042", "0.0009"], TableParsing.Row(csv, "ln_gdp"));
        Assert.Contains("* p<0.05, ** p<0.01, *** p<0.001.", table.Build().Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void StandardErrorsInBracketsUseTheCoefficientDecimalsAndSayHow()
    {
        var table = Baseline().StandardErrors().Brackets();
        var csv = TableParsing.ReadCsv(table.ToCsv());

        Assert.Equal(["", "[0.0007]", "[0.0020]", "[0.0021]"], TableParsing.RowBelow(csv, "CBEC"));
        Assert.StartsWith("Note: Standard errors in brackets. * p<0.10, ** p<0.05, *** p<0.01.", table.Build().Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void PValuesAndConfidenceIntervalsCanBeShownUnderTheEstimates()
    {
        var p = TableParsing.ReadCsv(Baseline().Below(CoefficientStatistic.PValue).ToCsv());
        var ci = TableParsing.ReadCsv(Baseline().Below(CoefficientStatistic.ConfidenceInterval).ToCsv());

        Assert.Equal(["", "", "(0.044)", "(0.010)"], TableParsing.RowBelow(p, "ln_pop"));
        Assert.Equal(["", "", "[-0.0243, -0.0003]", "[-0.0177, -0.0025]"], TableParsing.RowBelow(ci, "ln_pop"));
    }

    [Fact]
    public void ControlsCollapseIntoAYesNoRow()
    {
        var csv = TableParsing.ReadCsv(Baseline().Controls("ln_pop", "ln_gdp").ToCsv());

        Assert.DoesNotContain(csv, r => r[0] is "ln_pop" or "ln_gdp");
        Assert.Equal(["Controls", "No", "Yes", "Yes"], TableParsing.Row(csv, "Controls"));
    }

    [Fact]
    public void FixedEffectRowsSayWhichModelAbsorbsWhich()
    {
        var csv = TableParsing.ReadCsv(Baseline().ToCsv());

        Assert.Equal(["City FE", "Yes", "Yes", "No"], TableParsing.Row(csv, "City FE"));
        Assert.Equal(["Year FE", "Yes", "Yes", "Yes"], TableParsing.Row(csv, "Year FE"));
        var hidden = TableParsing.ReadCsv(Baseline().FixedEffectRows(false).ToCsv());
        Assert.DoesNotContain(hidden, r => r[0].EndsWith("FE", StringComparison.Ordinal));
    }

    [Fact]
    public void SummaryRowsReadTheResults()
    {
        var csv = TableParsing.ReadCsv(Baseline().Statistics(SummaryStatistic.Observations, SummaryStatistic.RSquared, SummaryStatistic.RSquaredAdjusted, SummaryStatistic.RSquaredWithin, SummaryStatistic.Clusters).ToCsv());

        Assert.Equal(["N", "3360", "3316", "3269"], TableParsing.Row(csv, "N"));
        Assert.Equal(["R²", "0.5717", "0.6432", "0.6350"], TableParsing.Row(csv, "R²"));
        Assert.Equal(["Adjusted R²", "", "", ""], TableParsing.Row(csv, "Adjusted R²"));
        Assert.Equal(["Within R²", "0.0412", "0.0533", ""], TableParsing.Row(csv, "Within R²"));
        Assert.Equal(["Clusters (city)", "280", "280", ""], TableParsing.Row(csv, "Clusters (city)"));
    }

    [Fact]
    public void OrderKeepDropAndLabelsShapeTheCoefficientRows()
    {
        var ordered = TableParsing.ReadCsv(Baseline().Order("ln_gdp", "cbec").Drop("(Intercept)").Label("ln_gdp", "GDP (log)").ToCsv());
        var kept = TableParsing.ReadCsv(Baseline().Keep("cbec").ToCsv());

        Assert.Equal(["GDP (log)", "", "CBEC", "", "ln_pop", ""], ordered.Skip(2).Take(6).Select(r => r[0]));
        Assert.DoesNotContain(ordered, r => r[0] == "Constant");
        Assert.Equal(["CBEC", ""], kept.Skip(2).TakeWhile(r => r[0] is "CBEC" or "").Select(r => r[0]));
        Assert.DoesNotContain(kept, r => r[0] == "ln_pop");
    }

    [Fact]
    public void KeepingAnUnknownCoefficientNamesTheAvailableOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Baseline().Keep("cbec_typo").Build());

        Assert.Contains("'cbec_typo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cbec', 'ln_pop', 'ln_gdp', '(Intercept)'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnTitlesMustMatchTheModelCount()
    {
        var error = Assert.Throws<ArgumentException>(() => Baseline().ColumnTitles("Eastern", "Central"));

        Assert.Contains("3 models but 2 column titles", error.Message, StringComparison.Ordinal);
        var csv = TableParsing.ReadCsv(Baseline().ColumnTitles("Eastern", "Central", "Western").ToCsv());
        Assert.Equal(["", "Eastern", "Central", "Western"], csv[1]);
    }

    [Fact]
    public void DecimalsOptionAndNegativeZeroAndMissingPValue()
    {
        var model = TableFixtures.Model("y", 10, 0.5, double.NaN, [], [],
            new Results.Coefficient("a", -0.00001, 0.01, -0.001, 0.99, -0.02, 0.02),
            new Results.Coefficient("b", 1.5, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
        var csv = TableParsing.ReadCsv(RegressionTable.FromColumns([model]).Decimals(3, 1).ToCsv());

        Assert.Equal(["a", "0.000"], TableParsing.Row(csv, "a"));
        Assert.Equal(["", "(0.0)"], TableParsing.RowBelow(csv, "a"));
        Assert.Equal(["b", "1.500"], TableParsing.Row(csv, "b"));
        Assert.Equal(["", ""], TableParsing.RowBelow(csv, "b"));
    }

    [Fact]
    public void PanelsStackUnderOneHeaderWithSectionRows()
    {
        var stacked = RegressionTable.Stack(("Panel A: all cities", Baseline()), ("Panel B: strict stars", Baseline().Stars(StarThresholds.Strict)));
        var csv = TableParsing.ReadCsv(stacked.ToCsv());
        var text = stacked.ToText().Split('\n');

        Assert.Equal(2, stacked.HeaderRows.Length);
        Assert.Equal(["Panel A: all cities", "", "", ""], csv[2]);
        Assert.Equal(2, csv.Count(r => r[0] == "CBEC"));
        Assert.Contains("Panel B: strict stars", text);
        Assert.Contains("\\multicolumn{4}{l}{\\textit{Panel A: all cities}} \\\\", stacked.ToLatex(), StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => RegressionTable.Stack(("A", Baseline()), ("B", RegressionTable.FromColumns(TableFixtures.Baseline().Take(2)))));
        Assert.Contains("'A' with 3, 'B' with 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomRowsComeLastWithOneValuePerModel()
    {
        var csv = TableParsing.ReadCsv(Baseline().AddRow("Sobel z", "16.39***", "", "4.02***").ToCsv());

        Assert.Equal(["Sobel z", "16.39***", "", "4.02***"], csv[^3]);
        var error = Assert.Throws<ArgumentException>(() => Baseline().AddRow("Mean of y", "0.1"));
        Assert.Contains("has 1 values but the table has 3 models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotesStateTheStatisticThresholdsVarianceAndExtraLines()
    {
        var notes = Baseline().Note("Source: authors' calculations.").Build().Notes;

        Assert.Equal(
            [
                "Note: t statistics in parentheses. * p<0.10, ** p<0.05, *** p<0.01.",
                "Variance estimators: (1) cluster(city); (2) cluster(city); (3) iid.",
                "Source: authors' calculations.",
            ],
            notes.ToArray());
    }

    [Fact]
    public void TextOutputAlignsDecimalPointsInEveryModelColumn()
    {
        var text = Baseline().Statistics(SummaryStatistic.Observations, SummaryStatistic.RSquared, SummaryStatistic.RSquaredWithin).ToText();
        var lines = text.Split('\n');
        var bottom = Array.FindLastIndex(lines, l => l.Length > 0 && l.All(c => c == '='));
        var numberLines = lines.Take(bottom).Where(l => TableParsing.DecimalTokens(l).Count > 0).ToList();

        // Every decimal point sits on one of exactly three columns, one per model.
        var dots = numberLines.SelectMany(l => TableParsing.DecimalTokens(l).Select(t => t.Dot)).Distinct().Order().ToList();
        Assert.Equal(3, dots.Count);
        var cbec = TableParsing.DecimalTokens(numberLines.Single(l => l.StartsWith("CBEC", StringComparison.Ordinal)));
        Assert.Equal(dots, cbec.Select(t => t.Dot));
        Assert.Equal(["0.0194***", "0.0157***", "0.0152***"], cbec.Select(t => t.Token));

        // The column headers sit over their numbers.
        var header = lines.First(l => l.Contains("(1)", StringComparison.Ordinal));
        for (var k = 0; k < 3; k++)
        {
            var center = header.IndexOf($"({k + 1})", StringComparison.Ordinal) + 1;
            Assert.InRange(center, dots[k] - 4, dots[k] + 6);
        }
    }

    [Fact]
    public void TextOutputHasRulesAndNoTrailingSpaces()
    {
        var lines = Baseline().Title("Table 4").ToText().Split('\n');

        Assert.Equal("Table 4", lines[0]);
        Assert.Matches("^=+$", lines[1]);
        Assert.Equal(2, lines.Count(l => l.Length > 0 && l.All(c => c == '=')));
        Assert.Equal(2, lines.Count(l => l.Length > 0 && l.All(c => c == '-')));
        Assert.All(lines, l => Assert.False(l.EndsWith(' '), $"Trailing space in '{l}'"));
        var width = lines[1].Length;
        Assert.All(lines.Where(l => !l.StartsWith("Note", StringComparison.Ordinal) && !l.StartsWith("Variance", StringComparison.Ordinal) && !l.StartsWith('(') && l != "Table 4"), l => Assert.True(l.Length <= width, $"'{l}' is wider than the rules"));
    }

    [Fact]
    public void MarkdownEscapesStarsAndKeepsOneCellPerColumn()
    {
        var markdown = Baseline().Title("Baseline").ToMarkdown();
        var rows = markdown.Split('\n').Where(l => l.StartsWith('|')).ToList();

        Assert.StartsWith("**Baseline**", markdown, StringComparison.Ordinal);
        Assert.Equal("|  | (1) Inno | (2) Inno | (3) Inno |", rows[0]);
        Assert.Equal("|:---|:---:|:---:|:---:|", rows[1]);
        Assert.Contains(@"| CBEC | 0.0194\*\*\* | 0.0157\*\*\* | 0.0152\*\*\* |", rows);
        Assert.Contains(@"| ln\_pop |  | -0.0123\*\* | -0.0101\*\*\* |", rows);
        Assert.All(rows, r => Assert.Equal(5, r.Replace(@"\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|')));
    }

    [Fact]
    public void LatexUsesBooktabsSymStarsMathMinusAndEscapes()
    {
        var latex = Baseline().Label("ln_pop", "Population & 50% share_x").Title("Results #1").ToLatex(new LatexOptions(Label: "tab:baseline"));

        Assert.Contains("\\toprule", latex, StringComparison.Ordinal);
        Assert.Contains("\\bottomrule", latex, StringComparison.Ordinal);
        Assert.Contains("\\providecommand{\\sym}", latex, StringComparison.Ordinal);
        Assert.Contains("CBEC & 0.0194\\sym{***} & 0.0157\\sym{***} & 0.0152\\sym{***} \\\\", latex, StringComparison.Ordinal);
        Assert.Contains("Population \\& 50\\% share\\_x &  & $-$0.0123\\sym{**} & $-$0.0101\\sym{***} \\\\", latex, StringComparison.Ordinal);
        Assert.Contains(" &  & ($-$2.02) & ($-$2.59) \\\\", latex, StringComparison.Ordinal);
        Assert.Contains("\\caption{Results \\#1}", latex, StringComparison.Ordinal);
        Assert.Contains("\\label{tab:baseline}", latex, StringComparison.Ordinal);
        Assert.Contains("R$^{2}$ & 0.5717", latex, StringComparison.Ordinal);
        Assert.Contains("\\begin{tablenotes}[flushleft]", latex, StringComparison.Ordinal);
        Assert.Contains("\\item Note: t statistics in parentheses. * p$<$0.10", latex, StringComparison.Ordinal);
        Assert.Equal(latex.Split("\\begin{").Length, latex.Split("\\end{").Length);
        var superscript = Baseline().ToLatex(new LatexOptions(StarStyle: LatexStarStyle.Superscript));
        Assert.Contains("0.0194$^{***}$", superscript, StringComparison.Ordinal);
        Assert.DoesNotContain("\\sym", superscript, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlIsOneWellFormedTableWithCaptionAndEscapedText()
    {
        var html = Baseline().Label("ln_pop", "<Population & co>").Title("Baseline \"results\"").ToHtml();
        var table = XElement.Parse(html);

        Assert.Equal("table", table.Name.LocalName);
        Assert.Equal("Baseline \"results\"", table.Element("caption")!.Value);
        var body = table.Element("tbody")!.Elements("tr").ToList();
        Assert.Equal("<Population & co>", body.First(r => r.Elements().First().Value.StartsWith('<')).Elements().First().Value);
        var cbec = body.First(r => r.Elements().First().Value == "CBEC").Elements().ToList();
        Assert.Equal("0.0194", cbec[1].Nodes().OfType<XText>().Single().Value);
        Assert.Equal("***", cbec[1].Element("sup")!.Value);
        Assert.All(table.Descendants("tr"), r => Assert.Equal(4, r.Elements().Sum(c => (int?)c.Attribute("colspan") ?? 1)));
    }

    [Fact]
    public void CsvIsRfc4180WithEqualFieldCountsAndQuotedNotes()
    {
        var csv = Baseline().Title("Baseline, all cities").Note("A \"quoted\" remark").ToCsv();
        var records = TableParsing.ReadCsv(csv);

        Assert.All(records, r => Assert.Equal(4, r.Length));
        Assert.Equal("Baseline, all cities", records[0][0]);
        Assert.StartsWith("\"Baseline, all cities\",,,\r\n", csv, StringComparison.Ordinal);
        Assert.Equal("A \"quoted\" remark", records[^1][0]);
        Assert.Contains("\"A \"\"quoted\"\" remark\",,,\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveChoosesTheFormatByExtension()
    {
        var folder = Directory.CreateTempSubdirectory("modeldsl-tables-");
        try
        {
            var table = Baseline();
            foreach (var (extension, expected) in new[] { (".txt", table.ToText()), (".md", table.ToMarkdown()), (".tex", table.ToLatex()), (".html", table.ToHtml()), (".csv", table.ToCsv()) })
            {
                var path = Path.Combine(folder.FullName, "table" + extension);
                table.Save(path);
                Assert.Equal(expected, File.ReadAllText(path));
            }

            var word = Path.Combine(folder.FullName, "table.docx");
            table.Save(word);
            Assert.Equal(table.ToDocx(), File.ReadAllBytes(word));

            var error = Assert.Throws<ArgumentException>(() => table.Save(Path.Combine(folder.FullName, "table.rtf")));
            Assert.Contains("'.rtf'", error.Message, StringComparison.Ordinal);
            Assert.Contains(".txt, .md, .tex, .html, .csv or .docx", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void StarThresholdsCountStrictInequalities()
    {
        Assert.Equal("**", StarThresholds.Conventional.For(0.01));
        Assert.Equal("***", StarThresholds.Conventional.For(0.0099));
        Assert.Equal(string.Empty, StarThresholds.Conventional.For(0.10));
        Assert.Equal(string.Empty, StarThresholds.Conventional.For(double.NaN));
        Assert.Equal("*", StarThresholds.Of(0.2).For(0.15));
        Assert.Throws<ArgumentException>(() => StarThresholds.Of(0.01, 0.05));
        Assert.Throws<ArgumentException>(() => StarThresholds.Of(1.5));
    }

    [Fact]
    public void LatexWithoutAFloatLeavesCaptionAndLabelToTheCaller()
    {
        var latex = Baseline().Title("Baseline").ToLatex(new LatexOptions(Label: "tab:b", Float: false));

        Assert.DoesNotContain("\\begin{table}", latex, StringComparison.Ordinal);
        Assert.DoesNotContain("\\caption", latex, StringComparison.Ordinal);
        Assert.DoesNotContain("\\label", latex, StringComparison.Ordinal);
        Assert.Contains("\\begin{threeparttable}", latex, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportTableRejectsRowsThatDoNotCoverTheColumns()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReportTable(
            null,
            [new TableRow(TableRowKind.Data, ["", "(1)"])],
            [new TableRow(TableRowKind.Data, ["x", "1.0", "2.0"])],
            [ColumnAlignment.Left, ColumnAlignment.Decimal],
            []));

        Assert.Contains("The body row 1 ('x') covers 3 columns but the table has 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ln_pop & 50% #1 {x} ~ ^", @"ln\_pop \& 50\% \#1 \{x\} \textasciitilde{} \textasciicircum{}")]
    [InlineData(@"a\b", @"a\textbackslash{}b")]
    [InlineData("|bias| · √n ≥ 2 × β", @"$|$bias$|$ $\cdot$ $\surd$n $\geq$ 2 $\times$ $\beta$")]
    [InlineData("-0.0123 (-2.02) [-1.5] x-y", "$-$0.0123 ($-$2.02) [$-$1.5] x-y")]
    [InlineData("Within R²", "Within R$^{2}$")]
    public void LatexEscapesSpecialCharactersAndUnicodeSymbols(string text, string expected) =>
        Assert.Equal(expected, LatexTableRenderer.Escape(text));
}
