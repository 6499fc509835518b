using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

/// <summary>One regression table (the trade-policy paper's Table 4 layout) in each format, compared byte for byte.</summary>
public sealed class GoldenTableTests
{
    private static RegressionTable Table() => RegressionTable.FromColumns(TableFixtures.Baseline())
        .Title("Table 4 Baseline regression results")
        .Label("cbec", "CBEC")
        .Label("inno", "Inno")
        .Controls("ln_pop", "ln_gdp")
        .FixedEffectLabel("city", "City FE")
        .FixedEffectLabel("year", "Year FE")
        .Stars(StarThresholds.Strict);

    [Fact]
    public void Text() => Golden.Verify("regression.txt", Table().ToText());

    [Fact]
    public void Markdown() => Golden.Verify("regression.md", Table().ToMarkdown());

    [Fact]
    public void Latex() => Golden.Verify("regression.tex", Table().ToLatex(new LatexOptions(Label: "tab:baseline")));

    [Fact]
    public void Html() => Golden.Verify("regression.html", Table().ToHtml());

    [Fact]
    public void Csv() => Golden.Verify("regression.csv", Table().ToCsv());
}
