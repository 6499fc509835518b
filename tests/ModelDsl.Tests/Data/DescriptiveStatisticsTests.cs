using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

/// <summary>Descriptive statistics, quantiles, winsorizing and standardizing against R (reference/data-descriptives/descriptives.R).</summary>
public sealed class DescriptiveStatisticsTests
{
    private const double Tolerance = 1e-10;
    private const string Case = "data-descriptives";
    private static readonly string[] Variables = ["gdp", "inno", "ties"];

    private static PanelData Data() => PanelData.ReadCsv(Fixtures.Reference(Case, "data.csv"));

    [Theory]
    [InlineData(QuantileDefinition.Linear, "p25", "median", "p75")]
    [InlineData(QuantileDefinition.AveragedInverse, "p25_type2", "median_type2", "p75_type2")]
    public void MatchesRByVariableAndGroup(QuantileDefinition definition, string p25, string median, string p75)
    {
        var table = DescriptiveStatistics.Compute(Data(), Variables, new DescriptiveOptions { IncludeQuartiles = true, GroupBy = "region", IncludeOverall = true, Quantiles = definition });
        var expected = ReadExpected("expected_descriptives.csv");

        Assert.Equal(expected.Count, table.Rows.Count);
        foreach (var row in expected)
        {
            var group = row["group"].Length == 0 ? null : row["group"];
            var actual = table[row["variable"], group];
            Assert.Equal(int.Parse(row["n"], CultureInfo.InvariantCulture), actual.Observations);
            Close(row["mean"], actual.Mean);
            Close(row["sd"], actual.StandardDeviation);
            Close(row["min"], actual.Minimum);
            Close(row[p25], actual.Percentile25!.Value);
            Close(row[median], actual.Median);
            Close(row[p75], actual.Percentile75!.Value);
            Close(row["max"], actual.Maximum);
        }
    }

    [Fact]
    public void QuantilesMatchRTypes2And7()
    {
        var data = Data();
        var expected = ReadExpected("expected_quantiles.csv");

        Assert.Equal(90, expected.Count);
        foreach (var row in expected)
        {
            var definition = row["type"] == "7" ? QuantileDefinition.Linear : QuantileDefinition.AveragedInverse;
            var probability = double.Parse(row["probability"], CultureInfo.InvariantCulture);
            Close(row["quantile"], Quantiles.Compute(data.Numeric(row["variable"]).Values, probability, definition));
        }
    }

    [Fact]
    public void WinsorizingMatchesR()
    {
        var data = Data();
        var expected = ReadExpected("expected_winsorized.csv");

        foreach (var variable in Variables)
        {
            foreach (var (definition, type) in new[] { (QuantileDefinition.Linear, 7), (QuantileDefinition.AveragedInverse, 2) })
            {
                var winsorized = data.Winsorize(variable, 5, 95, "w", definition).Numeric("w");
                for (var i = 0; i < expected.Count; i++)
                {
                    Close(expected[i][$"{variable}_type{type}"], winsorized[i]);
                }
            }
        }
    }

    [Fact]
    public void StandardizingMatchesRScale()
    {
        var standardized = Data().Standardize("gdp").Numeric("std_gdp");
        var expected = ReadExpected("expected_standardized.csv");

        for (var i = 0; i < expected.Count; i++)
        {
            Close(expected[i]["std_gdp"], standardized[i]);
        }
    }

    [Fact]
    public void WithoutQuartilesTheyAreNullAndLeftOutOfJson()
    {
        var table = DescriptiveStatistics.Compute(Data(), ["gdp"], new DescriptiveOptions { Labels = new Dictionary<string, string> { ["gdp"] = "GDP (yuan)" } });

        var row = Assert.Single(table.Rows);
        Assert.Null(row.Percentile25);
        Assert.Null(row.Group);
        Assert.Equal("GDP (yuan)", row.Label);
        using var json = JsonDocument.Parse(table.ToJson());
        var first = json.RootElement.GetProperty("rows")[0];
        Assert.False(first.TryGetProperty("percentile_25", out _));
        Assert.Equal(57, first.GetProperty("observations").GetInt32());
        Assert.Equal(row.Mean, first.GetProperty("mean").GetDouble());
        Assert.Equal("r_type_7", json.RootElement.GetProperty("quantile_definition").GetString());
    }

    [Fact]
    public void JsonWritesNaNAsNullAndTextAligns()
    {
        var data = PanelData.ReadCsv(new StringReader("g,x\na,1\nb,NA\nb,NA\n"), "small.csv");

        var table = DescriptiveStatistics.Compute(data, ["x"], new DescriptiveOptions { GroupBy = "g", IncludeQuartiles = true });

        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(0, table["x", "b"].Observations);
        Assert.True(double.IsNaN(table["x", "a"].StandardDeviation));
        using var json = JsonDocument.Parse(table.ToJson());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rows")[1].GetProperty("mean").ValueKind);
        Assert.Equal(
            "Variable  g  N    Mean  SD     Min     P25  Median     P75     Max\n" +
            "x         a  1  1.0000   .  1.0000  1.0000  1.0000  1.0000  1.0000\n" +
            "x         b  0       .   .       .       .       .       .       .\n",
            table.ToString());
    }

    [Fact]
    public void CategoricalAndUnknownColumnsAreErrors()
    {
        Assert.Throws<InvalidOperationException>(() => DescriptiveStatistics.Compute(Data(), ["region"]));
        Assert.Throws<KeyNotFoundException>(() => DescriptiveStatistics.Compute(Data(), ["gpd"]));
        Assert.Throws<ArgumentException>(() => DescriptiveStatistics.Compute(Data(), []));
        Assert.Throws<KeyNotFoundException>(() => DescriptiveStatistics.Compute(Data(), ["gdp"])["gdp", "east"]);
    }

    [Fact]
    public void QuantileEdgeCases()
    {
        Assert.True(double.IsNaN(Quantiles.Compute([double.NaN], 0.5)));
        Assert.Equal(3.0, Quantiles.Compute([3.0], 0.9));
        Assert.Equal(2.5, Quantiles.Compute([1.0, 2.0, 3.0, 4.0], 0.5, QuantileDefinition.AveragedInverse));
        Assert.Equal(2.0, Quantiles.Compute([1.0, 2.0, 3.0, 4.0], 0.3, QuantileDefinition.AveragedInverse));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Compute([1.0], 50));
    }

    private static void Close(string expectedText, double actual)
    {
        if (expectedText is "NA" or "")
        {
            Assert.True(double.IsNaN(actual), $"Expected missing, got {actual:R}.");
            return;
        }

        var expected = double.Parse(expectedText, CultureInfo.InvariantCulture);
        Assert.True(
            Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)),
            $"Expected {expected:R}, got {actual:R} (difference {actual - expected:R}).");
    }

    // The expected files are simple CSV written by R: every field quoted, no commas inside fields.
    private static List<Dictionary<string, string>> ReadExpected(string name)
    {
        var lines = File.ReadAllLines(Fixtures.Reference(Case, name));
        var header = Split(lines[0]);
        return lines.Skip(1).Select(line => header.Zip(Split(line)).ToDictionary(p => p.First, p => p.Second)).ToList();

        static string[] Split(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();
    }
}
