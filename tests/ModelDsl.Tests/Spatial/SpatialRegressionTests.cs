using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// Cross-sectional SAR, SDM and SEM by maximum likelihood against spatialreg's lagsarlm / errorsarlm (method "eigen")
/// and impacts on the Columbus crime data (reference/spatial-sar-sem-columbus).
/// </summary>
public sealed class SpatialRegressionTests
{
    private const string Folder = "spatial-sar-sem-columbus";

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath("expected.json")));
        return document.RootElement.Clone();
    });

    private static readonly Lazy<PanelData> Columbus = new(() => PanelData.ReadCsv(FilePath("data.csv")));

    private static readonly Lazy<SpatialWeights> Contiguity = new(() =>
    {
        var ids = Columbus.Value.Numeric("id").Values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        return SpatialWeights.ReadNeighbourCsv(FilePath("neighbours.csv"), ids).RowStandardize();
    });

    private static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "reference", Folder, name);

    private static SpatialSpecification Model(SpatialProcess process)
    {
        var spec = ModelDsl.Model.Spatial("crime").On("inc", "hoval").Weights(Contiguity.Value).Regions("id");
        return process switch
        {
            SpatialProcess.Error => spec.Error(),
            SpatialProcess.Durbin => spec.Durbin(),
            _ => spec,
        };
    }

    private static void Close(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1e-12), $"{what}: expected {expected:R}, got {actual:R} (rel diff {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    private static double[] Array(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    [Theory]
    [InlineData("sar", SpatialProcess.Lag)]
    [InlineData("sdm", SpatialProcess.Durbin)]
    [InlineData("sem", SpatialProcess.Error)]
    public void MatchesSpatialregAtItsOptimumAndThePolishedOptimum(string key, SpatialProcess process)
    {
        var fit = Model(process).Fit(Columbus.Value);
        var coefficients = fit.Coefficients.Select(c => c.Estimate).ToArray();
        var errors = fit.Coefficients.Select(c => c.StandardError).ToArray();
        foreach (var (block, coefficientTolerance) in new[] { ("exact", 1e-8), ("spatialreg", 1e-6) })
        {
            var e = Expected.Value.GetProperty(key).GetProperty(block);
            Close(e.GetProperty("parameter").GetDouble(), fit.SpatialParameter.Estimate, coefficientTolerance, $"{key} {block} rho");
            Close(e.GetProperty("parameter_se").GetDouble(), fit.SpatialParameter.StandardError, 1e-6, $"{key} {block} rho se");
            Close(e.GetProperty("sigma2").GetDouble(), fit.SigmaSquared, coefficientTolerance, $"{key} {block} sigma2");
            Close(e.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-8, $"{key} {block} log-likelihood");
            var b = Array(e.GetProperty("coefficients"));
            var se = Array(e.GetProperty("std_errors"));
            Assert.Equal(b.Length, coefficients.Length);
            for (var j = 0; j < b.Length; j++)
            {
                Close(b[j], coefficients[j], coefficientTolerance, $"{key} {block} {fit.Coefficients[j].Name}");
                Close(se[j], errors[j], 1e-6, $"{key} {block} se {fit.Coefficients[j].Name}");
            }
        }
    }

    [Theory]
    [InlineData("sar", SpatialProcess.Lag)]
    [InlineData("sdm", SpatialProcess.Durbin)]
    public void EffectsMatchSpatialregImpacts(string key, SpatialProcess process)
    {
        var fit = Model(process).Fit(Columbus.Value);
        var e = Expected.Value.GetProperty(key).GetProperty("impacts");
        var direct = Array(e.GetProperty("direct"));
        var indirect = Array(e.GetProperty("indirect"));
        var total = Array(e.GetProperty("total"));
        Assert.Equal(2, fit.Effects.Count);
        for (var j = 0; j < 2; j++)
        {
            Close(direct[j], fit.Effects[j].Direct.Estimate, 1e-8, $"{key} direct {fit.Effects[j].Variable}");
            Close(indirect[j], fit.Effects[j].Indirect.Estimate, 1e-8, $"{key} indirect {fit.Effects[j].Variable}");
            Close(total[j], fit.Effects[j].Total.Estimate, 1e-8, $"{key} total {fit.Effects[j].Variable}");
        }
    }

    [Fact]
    public void LikelihoodRatioTestsMatchTheReference()
    {
        var sar = Model(SpatialProcess.Lag).Fit(Columbus.Value);
        var sdm = Model(SpatialProcess.Durbin).Fit(Columbus.Value);
        var sem = Model(SpatialProcess.Error).Fit(Columbus.Value);
        var lrSar = sdm.LikelihoodRatio(sar);
        var lrSem = sdm.LikelihoodRatio(sem);
        Close(Expected.Value.GetProperty("lr_sdm_sar").GetDouble(), lrSar.Statistic, 1e-7, "LR SDM vs SAR");
        Close(Expected.Value.GetProperty("lr_sdm_sem").GetDouble(), lrSem.Statistic, 1e-7, "LR SDM vs SEM");
        Assert.Equal(2, lrSar.DegreesOfFreedom);
        Assert.Equal(2, lrSem.DegreesOfFreedom);
    }

    [Fact]
    public void MissingRegionIsRefusedByName()
    {
        var subset = Columbus.Value.Where(row => row["id"] != 1005, "id != 1005");
        var error = Assert.Throws<ArgumentException>(() => Model(SpatialProcess.Lag).Fit(subset));
        Assert.Contains("Region '1005' has no row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonDurbinModelRefusesTheCommonFactorTest()
    {
        var sar = Model(SpatialProcess.Lag).Fit(Columbus.Value);
        var error = Assert.Throws<InvalidOperationException>(sar.WaldCommonFactor);
        Assert.Contains("SAR model", error.Message, StringComparison.Ordinal);
    }
}
