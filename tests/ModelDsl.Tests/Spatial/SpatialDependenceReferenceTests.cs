using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// The LM tests for spatial dependence and the local Moran's I against spdep: lm.LMtests and localmoran on the Columbus
/// crime data (reference/spatial-lm-columbus), and the panel LM tests (pooled OLS, state and two-way fixed effects) on
/// plm's Produc with the 48-state contiguity W (reference/spatial-lm-produc), to 1e-10 relative (the panel statistics
/// to 1e-9).
/// </summary>
public sealed class SpatialDependenceReferenceTests
{
    private const double Tolerance = 1e-10;

    private static readonly Lazy<JsonElement> Columbus = new(() => Expected("spatial-lm-columbus"));

    private static readonly Lazy<JsonElement> ProducExpected = new(() => Expected("spatial-lm-produc"));

    private static readonly Lazy<PanelData> ColumbusData = new(() => PanelData.ReadCsv(FilePath("spatial-lm-columbus", "data.csv")));

    private static readonly Lazy<PanelData> Produc = new(() => PanelData.ReadCsv(FilePath("spatial-lm-produc", "data.csv"), unit: "state", time: "year"));

    private static readonly string[] Tests = ["lm_lag", "lm_error", "robust_lm_lag", "robust_lm_error", "lm_sarma"];

    private static string FilePath(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "reference", folder, name);

    private static JsonElement Expected(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath(folder, "expected.json")));
        return document.RootElement.Clone();
    }

    private static string[] ColumbusIds => [.. ColumbusData.Value.Numeric("id").Values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))];

    private static SpatialWeights ColumbusWeights(string name) => name switch
    {
        "contiguity_w" => SpatialWeights.ReadNeighbourCsv(FilePath("spatial-lm-columbus", "neighbours.csv"), ColumbusIds).RowStandardize(),
        "contiguity_b" => SpatialWeights.ReadNeighbourCsv(FilePath("spatial-lm-columbus", "neighbours.csv"), ColumbusIds),
        "knn4_w" => SpatialWeights.KNearest(ColumbusIds, ColumbusData.Value.Numeric("x").Values, ColumbusData.Value.Numeric("y").Values, 4).RowStandardize(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static SpatialWeights StateWeights()
    {
        var states = Produc.Value.Unit.Levels.Order(StringComparer.Ordinal).ToArray();
        return SpatialWeights.ReadNeighbourCsv(FilePath("spatial-lm-produc", "neighbours.csv"), states, regionColumn: "state").RowStandardize();
    }

    private static void AssertClose(double expected, double actual, string what, double tolerance = Tolerance)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1e-300), $"{what}: expected {expected:R}, got {actual:R} (rel diff {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    private static LagrangeMultiplierTest Pick(SpatialDependenceDiagnostics d, string key) => key switch
    {
        "lm_lag" => d.Lag,
        "lm_error" => d.Error,
        "robust_lm_lag" => d.RobustLag,
        "robust_lm_error" => d.RobustError,
        _ => d.Joint,
    };

    private static void AssertTests(JsonElement expected, SpatialDependenceDiagnostics actual, string what, double tolerance = Tolerance)
    {
        foreach (var key in Tests)
        {
            var e = expected.GetProperty(key);
            var test = Pick(actual, key);
            AssertClose(e.GetProperty("statistic").GetDouble(), test.Statistic, $"{what} {key} statistic", tolerance);
            Assert.Equal(e.GetProperty("df").GetDouble(), test.DegreesOfFreedom);
            AssertClose(e.GetProperty("p").GetDouble(), test.P, $"{what} {key} p", tolerance);
        }
    }

    [Theory]
    [InlineData("contiguity_w")]
    [InlineData("contiguity_b")]
    [InlineData("knn4_w")]
    public void CrossSectionLmTestsMatchSpdepLmLMtests(string weights)
    {
        var fit = Model.Regress("crime").On("inc", "hoval").Fit(ColumbusData.Value);
        var diagnostics = SpatialDependenceTests.AfterRegression(fit, ColumbusWeights(weights), regionColumn: "id");
        AssertTests(Columbus.Value.GetProperty(weights), diagnostics, weights);
        Assert.Equal("OLS", diagnostics.Model);
        Assert.Equal((49, 1, 49), (diagnostics.Regions, diagnostics.Periods, diagnostics.Observations));
    }

    [Theory]
    [InlineData("contiguity_w")]
    [InlineData("contiguity_b")]
    [InlineData("knn4_w")]
    public void LocalMoranMatchesSpdepLocalmoran(string weights)
    {
        var w = ColumbusWeights(weights);
        var local = LocalSpatialAutocorrelation.MoransI(ColumbusData.Value.Numeric("crime").Values, w);
        var expected = Columbus.Value.GetProperty(weights).GetProperty("local_moran");
        double[] Column(string key) => [.. expected.GetProperty(key).EnumerateArray().Select(v => v.GetDouble())];
        var (value, expectation, variance, z, p) = (Column("value"), Column("expectation"), Column("variance"), Column("z"), Column("p"));
        var quadrants = expected.GetProperty("quadrant").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Equal(49, local.Count);
        for (var i = 0; i < local.Count; i++)
        {
            Assert.Equal(ColumbusIds[i], local[i].Region);
            AssertClose(value[i], local[i].Value, $"I[{i}]");
            AssertClose(expectation[i], local[i].Expectation, $"E[{i}]");
            AssertClose(variance[i], local[i].Variance, $"Var[{i}]");
            AssertClose(z[i], local[i].Z, $"z[{i}]");
            AssertClose(p[i], local[i].P, $"p[{i}]");
            Assert.Equal(quadrants[i], local[i].QuadrantLabel);
        }

        // The local statistics add up to the global one (row-standardised W: Σ Iᵢ / n = I; Anselin 1995).
        if (w.IsRowStandardized)
        {
            AssertClose(SpatialAutocorrelation.MoransI(ColumbusData.Value.Numeric("crime").Values, w).Value, local.Average(l => l.Value), "mean of Iᵢ");
        }
    }

    [Theory]
    [InlineData("pooled_ols")]
    [InlineData("unit_fixed_effects")]
    [InlineData("two_way_fixed_effects")]
    public void PanelLmTestsMatchTheFormulasComputedInR(string model)
    {
        var specification = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp");
        specification = model switch
        {
            "unit_fixed_effects" => specification.Fe("state"),
            "two_way_fixed_effects" => specification.Fe("state", "year"),
            _ => specification,
        };
        var w = StateWeights();
        Assert.Equal(ProducExpected.Value.GetProperty("links").GetInt32(), w.LinkCount);
        AssertClose(ProducExpected.Value.GetProperty("trace_w").GetDouble(), SpatialDependenceTests.TraceTerm(w), "tr(W'W + WW)");
        var diagnostics = SpatialDependenceTests.AfterRegression(specification.Fit(Produc.Value), w);
        // 1e-9: the pooled LM-lag (0.117) is the square of a small difference of large sums, so its last digits are
        // rounding; spdep's lm.LMtests and the R formulas themselves differ by 5e-11 there (reference.R).
        AssertTests(ProducExpected.Value.GetProperty(model), diagnostics, model, 1e-9);
        Assert.Equal((48, 17), (diagnostics.Regions, diagnostics.Periods));
        Assert.Equal(model switch { "pooled_ols" => "pooled OLS", "unit_fixed_effects" => "unit fixed effects", _ => "two-way fixed effects" }, diagnostics.Model);
    }

    [Fact]
    public void TheTableAndJsonPrintEveryTest()
    {
        var w = StateWeights();
        var pooled = SpatialDependenceTests.AfterRegression(Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), "unemp").Fit(Produc.Value), w);
        var within = SpatialDependenceTests.AfterRegression(Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), "unemp").Fe("state").Fit(Produc.Value), w);
        var text = SpatialDependenceTable.Of(pooled, within).Title("LM tests").ToMarkdown();
        foreach (var name in new[] { "LM-lag", "Robust LM-lag", "LM-error", "Robust LM-error", "LM-SARMA", "Pooled OLS", "Unit fixed effects", "816" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.Contains(within.Lag.Statistic.ToString("F3", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("LM-SARMA", SpatialDependenceTable.Of(pooled).WithoutJointTest().ColumnTitles("OLS").ToMarkdown(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SpatialDependenceTable.Of(pooled).ColumnTitles("a", "b"));

        using var json = JsonDocument.Parse(within.ToJson());
        Assert.Equal(within.RobustError.Statistic, json.RootElement.GetProperty("robust_lm_error").GetProperty("statistic").GetDouble());
        Assert.Equal("unit fixed effects", json.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void FitsThatCannotBeMatchedToTheWeightsAreRefusedByName()
    {
        var w = StateWeights();
        var columbus = Model.Regress("crime").On("inc").Fit(ColumbusData.Value);
        Assert.Contains("regionColumn", Assert.Throws<ArgumentException>(() => SpatialDependenceTests.AfterRegression(columbus, ColumbusWeights("contiguity_w"))).Message, StringComparison.Ordinal);
        Assert.Contains("not a region", Assert.Throws<ArgumentException>(() => SpatialDependenceTests.AfterRegression(columbus, w, regionColumn: "id")).Message, StringComparison.Ordinal);
        var subsample = Model.Regress("gsp").On("pcap").Fit(Produc.Value.SelectRows([.. Enumerable.Range(0, 800)]));
        Assert.Contains("balanced", Assert.Throws<ArgumentException>(() => SpatialDependenceTests.AfterRegression(subsample, w)).Message, StringComparison.Ordinal);
        var year = Model.Regress("gsp").On("pcap").Fe("year").Fit(Produc.Value);
        Assert.Contains("'year'", Assert.Throws<ArgumentException>(() => SpatialDependenceTests.AfterRegression(year, w)).Message, StringComparison.Ordinal);
    }
}
