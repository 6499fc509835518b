using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Matching;
using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

public sealed class CovariateBalanceTableTests
{
    /// <summary>Two covariates with the trade-policy paper's Table 5 numbers (population and urbanization).</summary>
    internal static BalanceTable SeedBalance() => new(
        [
            new BalanceRow("ln_pop", 6.3397, 5.8842, 6.3397, 6.2293, 72.1, 17.5, 75.8, 11.94, 0.0000, 2.00, 0.046, 1.21, 1.05),
            new BalanceRow("urban", 0.7224, 0.5351, 0.7224, 0.7006, 141.9, 16.4, 88.4, 22.30, 0.0000, 1.83, 0.068, 0.88, 0.97),
        ],
        rubinBUnmatched: 182.3,
        rubinRUnmatched: 1.42,
        rubinBMatched: 24.1,
        rubinRMatched: 1.08,
        treated: 3011,
        controls: 349,
        treatedMatched: 3011,
        controlsUsed: 305,
        notes: []);

    private static CovariateBalanceTable Table() => CovariateBalanceTable.Of(SeedBalance())
        .Title("Table 5 Balance test results")
        .Label("ln_pop", "Population (logged)")
        .Label("urban", "Urbanization rate");

    [Fact]
    public void RowsCarryTheBalanceNumbersOnUnmatchedAndMatchedLines()
    {
        var csv = TableParsing.ReadCsv(Table().ToCsv());

        Assert.Equal(["", "", "Mean difference test", "", "", "Standardized difference", ""], csv[1]);
        Assert.Equal(["Variable", "Sample", "Treated", "Control", "t (p-value)", "Bias (%)", "Reduction (%)"], csv[2]);
        Assert.Equal(["Population (logged)", "Unmatched", "6.3397", "5.8842", "11.94 (0.000)", "72.1", ""], csv[3]);
        Assert.Equal(["", "Matched", "6.3397", "6.2293", "2.00 (0.046)", "17.5", "75.8"], csv[4]);
        Assert.Equal(["Urbanization rate", "Unmatched", "0.7224", "0.5351", "22.30 (0.000)", "141.9", ""], csv[5]);
        Assert.Equal(["Rubin's B (%)", "Unmatched", "", "", "", "182.3", ""], TableParsing.Row(csv, "Rubin's B (%)"));
        Assert.Equal("Treated: 3011 (3011 matched); controls: 349 (305 used).", csv[^1][0]);
        Assert.DoesNotContain(TableParsing.ReadCsv(Table().SummaryRows(false).ToCsv()), r => r[0].StartsWith("Rubin", StringComparison.Ordinal));
    }

    [Fact]
    public void ColumnGroupsSpanTheirColumnsInEveryFormat()
    {
        var table = Table();

        Assert.Contains("\\multicolumn{3}{c}{Mean difference test} & \\multicolumn{2}{c}{Standardized difference} \\\\\n\\cmidrule(lr){3-5} \\cmidrule(lr){6-7}", table.ToLatex(), StringComparison.Ordinal);
        Assert.Contains("colspan=\"3\"", table.ToHtml(), StringComparison.Ordinal);
        var lines = table.ToText().Split('\n');
        var groups = lines.Single(l => l.Contains("Mean difference test", StringComparison.Ordinal));
        var underline = lines[Array.IndexOf(lines, groups) + 1];
        Assert.Matches(@"^\s+-+\s+-+$", underline);
        var start = groups.IndexOf("Mean difference test", StringComparison.Ordinal);
        Assert.Equal('-', underline[start]);
    }

    [Fact]
    public void GoldenText() => Golden.Verify("balance.txt", Table().ToText());

    private static PanelData MatchingData()
    {
        var random = new Random(3);
        var n = 200;
        var x = new double[n];
        var d = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = random.NextDouble();
            d[i] = random.NextDouble() < 0.2 + (0.5 * x[i]) ? 1 : 0;
            y[i] = x[i] + (0.5 * d[i]) + (0.1 * random.NextDouble());
        }

        return new PanelData([new NumericColumn("x", x), new NumericColumn("d", d), new NumericColumn("y", y)]);
    }

    [Fact]
    public void MatchingResultFeedsTheTableAndTheFigure()
    {
        var matching = Model.Match("d").On("x").Outcome("y").Fit(MatchingData());

        var csv = TableParsing.ReadCsv(CovariateBalanceTable.Of(matching).ToCsv());
        Assert.Equal(matching.Balance["x"].MeanTreated.ToString("F4", CultureInfo.InvariantCulture), TableParsing.Row(csv, "x")[2]);

        var figure = new PropensityScoreFigure(matching);
        Assert.Equal(matching.SampleRows.Count, figure.Scores.Length);
        Assert.Equal(matching.TreatedCount, figure.Treated.Count(t => t));
        Assert.Equal(matching.ControlsUsedCount, Enumerable.Range(0, figure.Scores.Length).Count(i => !figure.Treated[i] && figure.MatchedWeights[i] > 0));
        Assert.True(figure.ToPng().Length > 1000);
    }

    [Fact]
    public void MatchingEstimatesSideBySideShowTheAttWithStandardErrorsAndCounts()
    {
        var data = MatchingData();
        var nearest = Model.Match("d").On("x").Outcome("y").Nearest(5).Fit(data);
        var kernel = Model.Match("d").On("x").Outcome("y").Kernel().Fit(data);

        var table = RegressionTable.Of(kernel, nearest).ColumnTitles("Kernel matching", "5:1 nearest neighbour").Stars(StarThresholds.Strict);
        var csv = TableParsing.ReadCsv(table.ToCsv());

        Assert.Equal(["", "Kernel matching", "5:1 nearest neighbour"], csv[1]);
        Assert.Equal(kernel.Att.ToString("F4", CultureInfo.InvariantCulture) + StarThresholds.Strict.For(kernel.PValue), TableParsing.Row(csv, "ATT")[1]);
        Assert.Equal("(" + nearest.StandardError.ToString("F4", CultureInfo.InvariantCulture) + ")", TableParsing.RowBelow(csv, "ATT")[2]);
        Assert.Equal((nearest.TreatedCount + nearest.ControlCount).ToString(CultureInfo.InvariantCulture), TableParsing.Row(csv, "N")[2]);
        Assert.Equal(nearest.ControlsUsedCount.ToString(CultureInfo.InvariantCulture), TableParsing.Row(csv, "Controls used")[2]);
        Assert.DoesNotContain(csv, r => r[0] == "R²");
        Assert.StartsWith("Note: Standard errors in parentheses.", table.Build().Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void LogitFitsReportZStatisticsAndPseudoRSquared()
    {
        var logit = Model.Logit("d").On("x").Fit(MatchingData());

        var table = RegressionTable.Of(logit);
        var csv = TableParsing.ReadCsv(table.ToCsv());

        Assert.Equal(logit.PseudoRSquared.ToString("F4", CultureInfo.InvariantCulture), TableParsing.Row(csv, "Pseudo R²")[1]);
        Assert.Equal("(" + logit["x"].TStatistic.ToString("F2", CultureInfo.InvariantCulture) + ")", TableParsing.RowBelow(csv, "x")[1]);
        Assert.StartsWith("Note: z statistics in parentheses.", table.Build().Notes[0], StringComparison.Ordinal);
    }
}
