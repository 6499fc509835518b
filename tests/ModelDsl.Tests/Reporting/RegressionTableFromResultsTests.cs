using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Tests.Reporting;

/// <summary>Tables built from real fits show exactly the numbers the results hold.</summary>
public sealed class RegressionTableFromResultsTests
{
    private static PanelData Panel()
    {
        var random = new Random(11);
        const int cities = 12;
        const int years = 6;
        var city = new string?[cities * years];
        var year = new string?[cities * years];
        var x = new double[cities * years];
        var c1 = new double[cities * years];
        var y = new double[cities * years];
        for (var i = 0; i < cities; i++)
        {
            for (var t = 0; t < years; t++)
            {
                var row = (i * years) + t;
                city[row] = "c" + i.ToString(CultureInfo.InvariantCulture);
                year[row] = (2010 + t).ToString(CultureInfo.InvariantCulture);
                x[row] = random.NextDouble() + (0.1 * i);
                c1[row] = random.NextDouble();
                y[row] = (0.5 * x[row]) + (0.2 * c1[row]) + (0.05 * i) + (0.02 * t) + (0.3 * (random.NextDouble() - 0.5));
            }
        }

        return new PanelData(
            [CategoricalColumn.FromLabels("city", city), CategoricalColumn.FromLabels("year", year), new NumericColumn("x", x), new NumericColumn("c1", c1), new NumericColumn("y", y)],
            unit: "city",
            time: "year");
    }

    [Fact]
    public void CellsAreTheResultsNumbersFormatted()
    {
        var data = Panel();
        var first = Model.Regress("y").On("x").Fe("city", "year").Cluster("city").Fit(data);
        var second = Model.Regress("y").On("x").Controls("c1").Fe("city", "year").Cluster("city").Fit(data);

        var csv = TableParsing.ReadCsv(RegressionTable.Of(first, second).ToCsv());

        foreach (var (result, column) in new[] { (first, 1), (second, 2) })
        {
            var x = result["x"];
            Assert.Equal(x.Estimate.ToString("F4", CultureInfo.InvariantCulture) + StarThresholds.Conventional.For(x.PValue), TableParsing.Row(csv, "x")[column]);
            Assert.Equal("(" + x.TStatistic.ToString("F2", CultureInfo.InvariantCulture) + ")", TableParsing.RowBelow(csv, "x")[column]);
            Assert.Equal(result.Observations.ToString(CultureInfo.InvariantCulture), TableParsing.Row(csv, "N")[column]);
            Assert.Equal(result.RSquaredWithin.ToString("F4", CultureInfo.InvariantCulture), TableParsing.Row(csv, "Within R²")[column]);
            Assert.Equal(result.ClusterCounts["city"].ToString(CultureInfo.InvariantCulture), TableParsing.Row(csv, "Clusters (city)")[column]);
        }

        Assert.Equal(["city FE", "Yes", "Yes"], TableParsing.Row(csv, "city FE"));
        Assert.Equal("Variance estimator: cluster(city).", csv[^2][0]);

        // Both fits have 12 clusters: one line for the table, naming each column's count.
        Assert.Equal("Few clusters (fewer than 42): (1) city 12; (2) city 12. Cluster-robust tests over-reject with few clusters; check them with a wild cluster bootstrap, .Vcov(Vcov.WildBootstrap(\"city\")) (as Stata's boottest, R's fwildclusterboot).", csv[^1][0]);
    }

    [Fact]
    public void SpecificationControlsCollapseIntoTheControlsRow()
    {
        var data = Panel();
        var set = Model.Regress("y").On("x").Controls("c1").Stepwise().Fe("city", "year").Cluster("city").Fit(data);

        var csv = TableParsing.ReadCsv(RegressionTable.Of(set).Controls().ToCsv());

        Assert.Equal(set.Count + 1, csv[0].Length);
        Assert.DoesNotContain(csv, r => r[0] == "c1");
        Assert.Equal(["Controls", .. set.Select(m => m.Specification.ControlTerms.Count > 0 ? "Yes" : "No")], TableParsing.Row(csv, "Controls"));
        Assert.Contains("Yes", TableParsing.Row(csv, "Controls"));
        Assert.Contains("No", TableParsing.Row(csv, "Controls"));
    }

    [Fact]
    public void ControlsWithoutNamesNeedSpecificationsWithControls()
    {
        var result = Model.Regress("y").On("x").Fit(Panel());

        var error = Assert.Throws<ArgumentException>(() => RegressionTable.Of(result).Controls());

        Assert.Contains("None of the models' specifications lists control variables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterceptOfAnOlsFitIsLabelledConstantAndComesLast()
    {
        var result = Model.Regress("y").On("x", "c1").Fit(Panel());

        var csv = TableParsing.ReadCsv(RegressionTable.Of(result).ToCsv());
        var labels = csv.Skip(2).Select(r => r[0]).Where(l => l.Length > 0).Take(3).ToList();

        Assert.Equal(["x", "c1", "Constant"], labels);
        Assert.Equal(RegressionResult.InterceptName, result.Coefficients.Single(c => c.IsIntercept).Name);
    }
}
