using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// Spatial weights, Moran's I and Geary's C against spdep's moran.test and geary.test on the Columbus crime data
/// (reference/spatial-moran-columbus): contiguity (binary and row-standardised), 4 nearest neighbours, inverse distance.
/// </summary>
public sealed class SpatialAutocorrelationTests
{
    private const string Folder = "spatial-moran-columbus";
    private const double Tolerance = 1e-10;

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", Folder, "expected.json")));
        return document.RootElement.Clone();
    });

    private static readonly Lazy<PanelData> Columbus = new(() => PanelData.ReadCsv(FilePath("data.csv")));

    private static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "reference", Folder, name);

    private static string[] Ids => [.. Columbus.Value.Numeric("id").Values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))];

    private static double[] Crime => Columbus.Value.Numeric("crime").Values.ToArray();

    private static SpatialWeights Weights(string name) => name switch
    {
        "contiguity_w" => SpatialWeights.ReadNeighbourCsv(FilePath("neighbours.csv"), Ids).RowStandardize(),
        "contiguity_b" => SpatialWeights.ReadNeighbourCsv(FilePath("neighbours.csv"), Ids),
        "knn4_w" => SpatialWeights.KNearest(Ids, Columbus.Value.Numeric("x").Values, Columbus.Value.Numeric("y").Values, 4).RowStandardize(),
        "idw_w" => SpatialWeights.InverseDistance(Ids, Columbus.Value.Numeric("x").Values, Columbus.Value.Numeric("y").Values, power: 1, cutoff: 10).RowStandardize(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(Math.Abs(expected), 1e-300), $"{what}: expected {expected:R}, got {actual:R} (rel diff {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    [Theory]
    [InlineData("contiguity_w")]
    [InlineData("contiguity_b")]
    [InlineData("knn4_w")]
    [InlineData("idw_w")]
    public void MoranAndGearyMatchSpdep(string weights)
    {
        var w = Weights(weights);
        var x = Crime;
        var cases = new (string Key, SpatialAutocorrelationTest Test)[]
        {
            ("moran_randomisation", SpatialAutocorrelation.MoransI(x, w)),
            ("moran_normality", SpatialAutocorrelation.MoransI(x, w, VarianceAssumption.Normality)),
            ("geary_randomisation", SpatialAutocorrelation.GearysC(x, w)),
            ("geary_normality", SpatialAutocorrelation.GearysC(x, w, VarianceAssumption.Normality)),
        };
        foreach (var (key, test) in cases)
        {
            var e = Expected.Value.GetProperty(weights).GetProperty(key);
            AssertClose(e.GetProperty("statistic").GetDouble(), test.Value, $"{weights} {key} statistic");
            AssertClose(e.GetProperty("expectation").GetDouble(), test.Expectation, $"{weights} {key} expectation");
            AssertClose(e.GetProperty("variance").GetDouble(), test.Variance, $"{weights} {key} variance");
            AssertClose(e.GetProperty("z").GetDouble(), test.Z, $"{weights} {key} z");
            AssertClose(e.GetProperty("p").GetDouble(), test.P, $"{weights} {key} p");
        }
    }

    [Fact]
    public void KNearestNeighboursAreSpdepsKnearneigh()
    {
        var w = Weights("knn4_w");
        var expected = Expected.Value.GetProperty("knn4_neighbours").EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var actual = Enumerable.Range(0, w.Count).SelectMany(i => w.Neighbours(i).ToArray().Select(j => w.Ids[j])).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < w.Count; i++)
        {
            // spdep lists each region's neighbours in ascending index order, as the CSR rows are
            Assert.Equal(expected.Skip(4 * i).Take(4), actual.Skip(4 * i).Take(4));
        }

        Assert.All(Enumerable.Range(0, w.Count), i => Assert.Equal(1.0, w.Weights(i).ToArray().Sum(), 14));
    }

    [Fact]
    public void AnAsymmetricNeighbourListIsRefusedNamingThePair()
    {
        string[] ids = ["a", "b", "c"];
        var error = Assert.Throws<ArgumentException>(() => SpatialWeights.FromNeighbourPairs(ids, [("a", "b"), ("b", "a"), ("b", "c")]));
        Assert.Contains("'b' → 'c'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pair 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownIdInTheNeighbourFileIsNamedWithItsLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nb-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "id,neighbour\na,b\nb,a\nb,zz\n");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => SpatialWeights.ReadNeighbourCsv(path, ["a", "b", "c"]));
            Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
            Assert.Contains("'zz'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void IslandsAreReportedAndRefusedByTheStatistics()
    {
        string[] ids = ["a", "b", "c", "d", "e"];
        var w = SpatialWeights.FromNeighbourPairs(ids, [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("c", "d"), ("d", "c")]).RowStandardize();
        Assert.Equal(["e"], w.Islands);
        Assert.Contains(w.Notes, n => n.Message.Contains("Islands", StringComparison.Ordinal) && n.Message.Contains('e', StringComparison.Ordinal));
        Assert.True(w.Weights(4).IsEmpty);
        var error = Assert.Throws<ArgumentException>(() => SpatialAutocorrelation.MoransI([1.0, 2, 3, 4, 5], w));
        Assert.Contains("(e)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByPeriodComputesEachYearsCrossSection()
    {
        // two years: the crime rates, and an affine map of them (Moran's I and Geary's C are invariant to it), rows shuffled
        var ids = Ids;
        var x = Crime;
        var units = new List<string?>();
        var years = new List<double>();
        var values = new List<double>();
        for (var i = ids.Length - 1; i >= 0; i--)
        {
            units.Add(ids[i]);
            years.Add(2021);
            values.Add(x[i]);
            units.Add(ids[i]);
            years.Add(2022);
            values.Add(3 + (2 * x[i]));
        }

        var panel = new PanelData([CategoricalColumn.FromLabels("region", units), CategoricalColumn.FromNumbers("year", years.ToArray()), new NumericColumn("inno", values.ToArray())], unit: "region", time: "year");
        var w = Weights("contiguity_w");
        var byYear = SpatialAutocorrelation.ByPeriod(panel, "inno", w);
        Assert.Equal(2, byYear.Count);
        Assert.Equal("2021", byYear[0].Period);
        var expected = Expected.Value.GetProperty("contiguity_w").GetProperty("moran_randomisation");
        foreach (var test in byYear)
        {
            AssertClose(expected.GetProperty("statistic").GetDouble(), test.Value, $"{test.Period} I");
            AssertClose(expected.GetProperty("z").GetDouble(), test.Z, $"{test.Period} z");
        }

        var geary = SpatialAutocorrelation.ByPeriod(panel, "inno", w, AutocorrelationStatistic.GearysC);
        AssertClose(Expected.Value.GetProperty("contiguity_w").GetProperty("geary_randomisation").GetProperty("statistic").GetDouble(), geary[1].Value, "2022 C");

        var short1 = panel.SelectRows([.. Enumerable.Range(1, panel.RowCount - 1)]);
        var error = Assert.Throws<ArgumentException>(() => SpatialAutocorrelation.ByPeriod(short1, "inno", w));
        Assert.Contains($"'{ids[^1]}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2021", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GreatCircleDistanceIsHaversineKilometres()
    {
        // one degree of latitude on the 6371.0088 km sphere; and Paris–London (about 344 km)
        Assert.Equal(6371.0088 * Math.PI / 180, SpatialWeights.Distance([0.0, 0.0], [0.0, 1.0], 0, 1, DistanceMetric.GreatCircle), 9);
        var paris = (X: 2.3522, Y: 48.8566);
        var london = (X: -0.1276, Y: 51.5072);
        Assert.InRange(SpatialWeights.Distance([paris.X, london.X], [paris.Y, london.Y], 0, 1, DistanceMetric.GreatCircle), 343, 345);
        var w = SpatialWeights.KNearest(["paris", "london", "berlin"], [paris.X, london.X, 13.405], [paris.Y, london.Y, 52.52], 1, DistanceMetric.GreatCircle);
        Assert.Equal("paris", w.Ids[w.Neighbours(1)[0]]);
    }

    [Fact]
    public void TheMoranTablePrintsOneRowPerYear()
    {
        var w = Weights("contiguity_w");
        var tests = new[] { SpatialAutocorrelation.MoransI(Crime, w) with { Period = "2021" }, SpatialAutocorrelation.MoransI(Crime, w) with { Period = "2022" } };
        var text = ModelDsl.Reporting.MoranTable.Of(tests).Weights(w).ToMarkdown();
        Assert.Contains("| 2021 | 0.511 | -0.021 | 0.094 | 5.634 | 0.000 |", text.Replace("−", "-", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("contiguity (neighbours.csv), row-standardised", text, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelDsl.Reporting.MoranTable.Of([tests[0], SpatialAutocorrelation.GearysC(Crime, w)]));
    }

    [Fact]
    public void TheMoranScatterSlopeIsMoransIAndTheFigureRenders()
    {
        var w = Weights("contiguity_w");
        var figure = ModelDsl.Reporting.MoranScatterFigure.Of(Crime, w);
        AssertClose(Expected.Value.GetProperty("contiguity_w").GetProperty("moran_randomisation").GetProperty("statistic").GetDouble(), figure.Slope, "scatter slope");
        var svg = figure.ToSvg();
        Assert.Contains("Spatial lag Wz", svg, StringComparison.Ordinal);
        Assert.Contains("Slope 0.5110", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestWritesItsNumbersAsJson()
    {
        var test = SpatialAutocorrelation.GearysC(Crime, Weights("contiguity_w"), VarianceAssumption.Normality) with { Period = "2021" };
        using var json = JsonDocument.Parse(test.ToJson());
        var root = json.RootElement;
        Assert.Equal("geary_c", root.GetProperty("statistic").GetString());
        Assert.Equal("normality", root.GetProperty("assumption").GetString());
        Assert.Equal("2021", root.GetProperty("period").GetString());
        Assert.Equal(49, root.GetProperty("regions").GetInt32());
        AssertClose(Expected.Value.GetProperty("contiguity_w").GetProperty("geary_normality").GetProperty("z").GetDouble(), root.GetProperty("z").GetDouble(), "json z");
    }

    [Fact]
    public void EconomicDistanceWeightsAreInverseGaps()
    {
        var w = SpatialWeights.EconomicDistance(["a", "b", "c"], [1.0, 2.0, 4.0]);
        Assert.Equal([1.0, 1.0 / 3], w.Weights(0).ToArray());
        Assert.Equal([1.0, 0.5], w.Weights(1).ToArray());
        var standardized = w.RowStandardize();
        Assert.Equal([0.75, 0.25], standardized.Weights(0).ToArray());
        var error = Assert.Throws<ArgumentException>(() => SpatialWeights.EconomicDistance(["a", "b", "c"], [1.0, 2.0, 1.0]));
        Assert.Contains("'a' and 'c'", error.Message, StringComparison.Ordinal);
    }
}
