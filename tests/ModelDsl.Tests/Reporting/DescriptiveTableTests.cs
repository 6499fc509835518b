using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

public sealed class DescriptiveTableTests
{
    private static PanelData Data() => new(
    [
        new NumericColumn("inno", [0.0, 0.0009, 0.0088, 1.0, double.NaN, 0.02]),
        new NumericColumn("ln_gdp", [14.1773, 16.5039, 16.6105, 19.8843, 15.5, 17.25]),
        CategoricalColumn.FromLabels("east", ["yes", "no", "yes", "no", "yes", "no"]),
    ]);

    [Fact]
    public void RowsReadTheComputedStatistics()
    {
        var statistics = DescriptiveStatistics.Compute(Data(), ["inno", "ln_gdp"]);
        var csv = TableParsing.ReadCsv(DescriptiveTable.Of(statistics).Label("inno", "Inno").ToCsv());

        Assert.Equal(["Variable", "Observations", "Mean", "Std. Dev.", "Minimum", "Median", "Maximum"], csv[0]);
        var inno = statistics["inno"];
        Assert.Equal(
            ["Inno", "5", F(inno.Mean), F(inno.StandardDeviation), F(inno.Minimum), F(inno.Median), F(inno.Maximum)],
            TableParsing.Row(csv, "Inno"));
        Assert.Equal("6", TableParsing.Row(csv, "ln_gdp")[1]);
        Assert.StartsWith("Note: quantiles by linear interpolation (R type 7)", csv[^1][0], StringComparison.Ordinal);
    }

    [Fact]
    public void QuartilesGroupsAndColumnChoice()
    {
        var statistics = DescriptiveStatistics.Compute(Data(), ["ln_gdp"], new DescriptiveOptions { IncludeQuartiles = true, GroupBy = "east", IncludeOverall = true });
        var table = DescriptiveTable.Of(statistics);
        var csv = TableParsing.ReadCsv(table.ToCsv());

        Assert.Equal(["Variable", "east", "Observations", "Mean", "Std. Dev.", "Minimum", "P25", "Median", "P75", "Maximum"], csv[0]);
        Assert.Equal(["ln_gdp", "All", "6"], csv[1].Take(3));
        Assert.Equal(["", "no", "3"], csv[2].Take(3));
        Assert.Equal(F(statistics["ln_gdp", "yes"].Percentile25!.Value), csv[3][6]);

        var narrow = TableParsing.ReadCsv(table.Columns(DescriptiveColumn.Observations, DescriptiveColumn.Mean, DescriptiveColumn.Maximum).Decimals(2).ToCsv());
        Assert.Equal(["Variable", "east", "Observations", "Mean", "Maximum"], narrow[0]);
        Assert.Equal("19.88", narrow[1][4]);
        Assert.DoesNotContain(narrow, r => r[0].StartsWith("Note", StringComparison.Ordinal));
    }

    [Fact]
    public void QuartileColumnsNeedQuartiles()
    {
        var table = DescriptiveTable.Of(DescriptiveStatistics.Compute(Data(), ["inno"]));

        var error = Assert.Throws<ArgumentException>(() => table.Columns(DescriptiveColumn.Percentile25));

        Assert.Contains("IncludeQuartiles = true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAlignsDecimalPointsPerColumn()
    {
        var text = DescriptiveTable.Of(DescriptiveStatistics.Compute(Data(), ["inno", "ln_gdp"])).ToText();
        var lines = text.Split('\n');
        var inno = TableParsing.DecimalTokens(lines.Single(l => l.StartsWith("inno", StringComparison.Ordinal)));
        var gdp = TableParsing.DecimalTokens(lines.Single(l => l.StartsWith("ln_gdp", StringComparison.Ordinal)));

        Assert.Equal(5, inno.Count);
        Assert.Equal(inno.Select(t => t.Dot), gdp.Select(t => t.Dot));
    }

    [Fact]
    public void GoldenLatex() => Golden.Verify("descriptive.tex", DescriptiveTable.Of(DescriptiveStatistics.Compute(Data(), ["inno", "ln_gdp"])).Title("Descriptive statistics").ToLatex());

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
