using ModelDsl.Data;
using ModelDsl.Matching;
using ModelDsl.Measures;
using ModelDsl.Reporting;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Reporting;

/// <summary>The one-call tables of the seed papers (mediation, heterogeneity, PSM, indicator system, robustness, selection, themes), each against golden text.</summary>
public sealed class SeedTableTests
{
    private static RegressionTable Mediation() => MediationTable.Of(
            Model.Mediate(Term.Log("gsp")).Treatment(Term.Log("pcap")).Through(Term.Log("emp"))
                .Controls(Term.Log("pc"), "unemp").Fe("state", "year").Cluster("state").Fit(Produc("mediation-produc")),
            includeTotal: true)
        .Title("Table 5. Mechanism: employment")
        .Stars(StarThresholds.Strict);

    [Fact]
    public void MediationText() => Golden.Verify("mediation.txt", Mediation().ToText());

    [Fact]
    public void MediationLatex() => Golden.Verify("mediation.tex", Mediation().ToLatex());

    [Fact]
    public void MediationHasTheSobelRowsUnderTheOutcomeModelAndTheTreatmentFirst()
    {
        var table = Mediation().Build();
        var sobel = table.BodyRows.Single(r => r.Cells[0].Text == "Sobel Z");
        Assert.Equal(4, sobel.Cells.Length);
        Assert.Equal(string.Empty, sobel.Cells[1].Text);
        Assert.Equal(string.Empty, sobel.Cells[2].Text);
        Assert.Matches(@"^-?\d+\.\d\d$", sobel.Cells[3].Text);
        var p = table.BodyRows.Single(r => r.Cells[0].Text == "Sobel p-value").Cells[3].Text;
        Assert.True(p == "< 0.001" || System.Text.RegularExpressions.Regex.IsMatch(p, @"^0\.\d{3}$"), p);
        Assert.Equal("log(pcap)", table.BodyRows.First(r => r.Kind == TableRowKind.Coefficient).Cells[0].Text);
    }

    [Fact]
    public void SobelStarsFollowTheTableThresholdsWhicheverOrderTheOptionsCome()
    {
        var none = Mediation().Stars(StarThresholds.None).Build();
        Assert.Equal(string.Empty, none.BodyRows.Single(r => r.Cells[0].Text == "Sobel Z").Cells[3].Stars);
        var strict = Mediation().Build();
        Assert.NotEqual(string.Empty, strict.BodyRows.Single(r => r.Cells[0].Text == "Sobel Z").Cells[3].Stars);
    }

    private static PanelData WithSize(PanelData data)
    {
        var emp = data.Numeric("emp").Values.ToArray();
        var state = data.Unit;
        var meanEmp = Enumerable.Range(0, data.RowCount).GroupBy(i => state[i]).ToDictionary(g => g.Key!, g => g.Average(i => emp[i]));
        var median = meanEmp.Values.Order().ElementAt(meanEmp.Count / 2);
        return data.WithColumn(CategoricalColumn.FromLabels("big", Enumerable.Range(0, data.RowCount).Select(i => meanEmp[state[i]!] >= median ? "large" : "small").ToArray()));
    }

    private static global::ModelDsl.Mechanisms.HeterogeneityResult Heterogeneity() => Model.Regress(Term.Log("gsp")).On("treated").Controls(Term.Log("pcap"), "unemp")
        .Fe("state", "year").Cluster("state").By("big").Fit(WithSize(Produc("did-produc")));

    [Fact]
    public void SplitSampleText() => Golden.Verify(
        "heterogeneity_split.txt",
        HeterogeneityTable.Split(Heterogeneity(), "treated", ("small", "Small states"), ("large", "Large states")).Core("treated").Title("Table 7. Heterogeneity by size").ToText());

    [Fact]
    public void InteractionText() => Golden.Verify(
        "heterogeneity_interactions.txt",
        HeterogeneityTable.Interactions(Heterogeneity(), "treated", "Policy", ("large", "Large"), ("small", "Small")).Controls().Title("Table 8. Interactions").ToText());

    [Fact]
    public void SplitColumnsFollowTheChosenOrderAndAGroupLeftOutIsNamed()
    {
        var het = Heterogeneity();
        var table = HeterogeneityTable.Split(het, "treated", ("small", "Small")).Build();
        Assert.Equal(["", "Small"], table.HeaderRows[^1].Cells.Select(c => c.Text));
        Assert.Contains(table.Notes, n => n.Contains("Groups not shown as columns: large", StringComparison.Ordinal));
        Assert.Contains("not a level of 'big'", Assert.Throws<ArgumentException>(() => HeterogeneityTable.Split(het, "treated", ("medium", "Medium"))).Message, StringComparison.Ordinal);
        Assert.Contains("not 'unemp'", Assert.Throws<ArgumentException>(() => HeterogeneityTable.Split(het, "unemp")).Message, StringComparison.Ordinal);
    }

    private static readonly RegressionSpecification Did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year").Cluster("city");

    [Fact]
    public void PsmText()
    {
        var data = Matching.PsmDidTests.Panel();
        var kernel = Model.Match("treat").On("x1", "x2").Probit().Kernel(0.2).Bootstrap(0).ThenRegress(Did).Fit(data);
        var nearest = Model.Match("treat").On("x1", "x2").Logit().Nearest(1).ThenRegress(Did).Pooled().CommonSupportSample().Fit(data);
        var table = PsmTable.Of(kernel, nearest).Core("did").ColumnTitles("Kernel", "Nearest").Title("Table 6. PSM-DID");
        Golden.Verify("psm.txt", table.ToText());

        var rows = table.Build().BodyRows.Where(r => r.Cells[0].Text.EndsWith("sample", StringComparison.Ordinal))
            .ToDictionary(r => r.Cells[0].Text, r => r.Cells.Skip(1).Select(c => int.Parse(c.Text, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), StringComparer.Ordinal);
        Assert.Equal(3, rows.Count);
        for (var column = 0; column < 2; column++)
        {
            Assert.Equal(rows["Treatment group sample"][column] + rows["Control group sample"][column], rows["Total sample"][column]);
        }
    }

    private static EntropyWeightTable Weights() => EntropyWeight.Compute(
        Measures.MeasureData.CrossSection(("x1", [1, 2, 3, 4]), ("x2", [10, 30, 25, 20]), ("x3", [5, 1, 2, 2])),
        [Indicator.Positive("x1", "Users"), Indicator.Negative("x2", "Users"), Indicator.Positive("x3", "Services")],
        "score").Weights;

    [Fact]
    public void IndicatorSystemText() => Golden.Verify(
        "indicators.txt",
        IndicatorSystemTable.Of(Weights()).Title("Table 1. Indicator system").Descriptions(new Dictionary<string, string> { ["x1"] = "Internet users", ["x2"] = "Data price" }).ToText());

    [Fact]
    public void IndicatorSystemSubtotalsAddUpAndCanBeLeftOut()
    {
        var weights = Weights();
        var table = IndicatorSystemTable.Of(weights).Build();
        var subtotals = table.BodyRows.Where(r => r.Kind == TableRowKind.Summary).ToList();
        Assert.Equal(2, subtotals.Count);
        Assert.Equal(NumberFormat.Fixed(weights.Rows[0].Weight + weights.Rows[1].Weight, 4), subtotals[0].Cells[5].Text);
        Assert.Equal("−", table.BodyRows[1].Cells[2].Text);
        Assert.Equal("x3", table.BodyRows.Single(r => r.Cells[1].Text == "x3").Cells[1].Text); // no description: the name
        Assert.DoesNotContain(IndicatorSystemTable.Of(weights).Subtotals(false).Build().BodyRows, r => r.Kind == TableRowKind.Summary);
        Assert.Throws<ArgumentException>(() => IndicatorSystemTable.Of(weights).ColumnTitles("a", "b"));
        Assert.Contains("no period '2020'", Assert.Throws<ArgumentException>(() => IndicatorSystemTable.Of(weights).Period("2020").Build()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RobustnessCoreText() => Golden.Verify(
        "robustness.txt",
        RegressionTable.FromColumns(TableFixtures.Baseline()).Core("cbec").Label("cbec", "CBEC").Title("Table 9. Robustness").ToText());

    [Fact]
    public void CoreShowsOnlyTheCoreAndSaysControlsYes()
    {
        var table = RegressionTable.FromColumns(TableFixtures.Baseline()).Core("cbec").Build();
        Assert.Equal(["cbec"], table.BodyRows.Where(r => r.Kind == TableRowKind.Coefficient).Select(r => r.Cells[0].Text));
        Assert.Contains(table.BodyRows, r => r.Kind == TableRowKind.Indicator && r.Cells[0].Text == "Controls");
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => RegressionTable.FromColumns(TableFixtures.Baseline()).Core("nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectionText()
    {
        var logit = Model.Logit("treat").On("x1", "x2").Factors("year").Fit(Matching.PsmDidTests.Panel());
        var table = SelectionTable.Of(logit).Title("Table L. Selection");
        Golden.Verify("selection.txt", table.ToText());
        var built = table.Build();
        Assert.DoesNotContain(built.BodyRows, r => r.Cells[0].Text.StartsWith("year=", StringComparison.Ordinal));
        Assert.Contains(built.BodyRows, r => r.Cells[0].Text == "Year dummies" && r.Cells[1].Text == "Yes");
        Assert.Contains(built.BodyRows, r => r.Cells[0].Text == "Pseudo R²");
    }

    [Fact]
    public void ThemeFrequencyText()
    {
        Theme[] themes = [new("Digital", ["digital", "data", "platform", "数字"]), new("Service", ["service", "logistics"])];
        var result = ThemeFrequency.Analyze([new TextDocument("a", "digital data platform service digital logistics trade"), new TextDocument("b", "数字 service trade")], themes);
        var table = ThemeFrequencyTable.Of(result).Title("Table 2. Themes").KeywordsShown(2).Keywords(k => k.All(char.IsAscii));
        Golden.Verify("themes.txt", table.ToText());
        Assert.Equal("digital, data, …", table.Build().BodyRows[0].Cells[1].Text);
    }

    [Fact]
    public void PolicyDocumentText()
    {
        Theme[] themes = [new("Digital", ["digital", "data"]), new("Service", ["service"])];
        var result = ThemeFrequency.Analyze([new TextDocument("doc01.txt", "digital data service trade"), new TextDocument("doc02.txt", "service trade")], themes);
        var table = PolicyDocumentTable.Of(result).Title("Table A1. Policy documents")
            .Details(new Dictionary<string, PolicyDocumentDetails> { ["doc01.txt"] = new("Opinions on cross-border e-commerce", "State Council", "2016-01-12") });
        Golden.Verify("policy_documents.txt", table.ToText());
        var built = table.Build();
        Assert.Equal(["Document", "Title", "Issuer", "Date", "Tokens", "Digital", "Service"], built.HeaderRows[0].Cells.Select(c => c.Text));
        Assert.Equal(["doc02.txt", "", "", "", "2", "0", "1"], built.BodyRows[1].Cells.Select(c => c.Text)); // no details: kept, empty cells
        Assert.Equal(["Document", "Tokens", "Digital", "Service"], PolicyDocumentTable.Of(result).Build().HeaderRows[0].Cells.Select(c => c.Text));
        Assert.Contains("'doc99.txt'", Assert.Throws<ArgumentException>(() => PolicyDocumentTable.Of(result).Details(new Dictionary<string, PolicyDocumentDetails> { ["doc99.txt"] = new("x") })).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.38e-7, "< 0.001")]
    [InlineData(0.0, "< 0.001")]
    [InlineData(0.0009999, "< 0.001")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.02275, "0.023")]
    [InlineData(1.0000000001, "1.000")]
    [InlineData(double.NaN, "")]
    public void PValuesAreWrittenAsJournalsWriteThem(double p, string expected) => Assert.Equal(expected, NumberFormat.PValue(p));

    [Fact]
    public void PValueStatementsAndOutOfRangeValues()
    {
        Assert.Equal("p < 0.001", NumberFormat.PValueStatement(0));
        Assert.Equal("p = 0.023", NumberFormat.PValueStatement(0.023));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.PValue(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.PValue(-0.1));
    }

    [Fact]
    public void PValuesUnderCoefficientsNeverPrintZero()
    {
        var table = RegressionTable.FromColumns(TableFixtures.Baseline()).Below(CoefficientStatistic.PValue).Build();
        var statistics = table.BodyRows.Where(r => r.Kind == TableRowKind.Statistic).SelectMany(r => r.Cells.Skip(1)).Select(c => c.Text).Where(t => t.Length > 0).ToList();
        Assert.NotEmpty(statistics);
        Assert.All(statistics, t => Assert.Matches(@"^\((< 0\.001|[01]\.\d{3})\)$", t));
    }

    [Fact]
    public void TestRowRejectsAColumnOutsideTheTable()
    {
        var table = RegressionTable.FromColumns(TableFixtures.Baseline());
        Assert.Throws<ArgumentOutOfRangeException>(() => table.TestRow("Sobel Z", 0, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.TestRow("Sobel Z", table.ModelCount + 1, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.TestRow("Sobel Z", 1, 1, 2));
    }

    [Theory]
    [InlineData("Table 5. Mechanism test", "Mechanism test", "tab:5")]
    [InlineData("Table 4 Baseline regression results", "Baseline regression results", "tab:4")]
    [InlineData("Table A1: Appendix", "Appendix", "tab:a1")]
    [InlineData("Figure 1. Parallel trends", "Figure 1. Parallel trends", null)]
    [InlineData("Tables of contents", "Tables of contents", null)]
    public void LatexCaptionDropsTheTableNumberAndTheLabelUsesIt(string title, string caption, string? label)
    {
        var latex = RegressionTable.FromColumns(TableFixtures.Baseline()).Title(title).Stars(StarThresholds.Strict).ToLatex();
        Assert.Contains($"\\caption{{{caption}}}", latex, StringComparison.Ordinal);
        if (label is null)
        {
            Assert.DoesNotContain("\\label", latex, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"\\label{{{label}}}", latex, StringComparison.Ordinal);
        }

        Assert.Contains("\\label{mine}", RegressionTable.FromColumns(TableFixtures.Baseline()).Title(title).ToLatex(new LatexOptions(Label: "mine")), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryStarInLatexIsASym()
    {
        var latex = Mediation().ToLatex();
        Assert.Contains("\\sym{***}", latex, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d\*", latex);
    }
}
