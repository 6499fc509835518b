using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// Fixed-effects spatial panels (SAR, SDM, SEM; unit, time, two-way; Lee–Yu corrections as Elhorst applies them), their
/// effects with delta-method errors and the Wald/LR tests, against the within-transformed formulas written in R from
/// spdep/spatialreg building blocks on plm's Produc with queen contiguity of the 48 states (reference/spatial-panel-produc).
/// </summary>
public sealed class SpatialPanelTests
{
    private const string Folder = "spatial-panel-produc";
    private static readonly string[] Regressors = ["lpcap", "lpc", "lemp", "unemp"];

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath("expected.json")));
        return document.RootElement.Clone();
    });

    private static readonly Lazy<PanelData> Produc = new(() => PanelData.ReadCsv(FilePath("data.csv"), "state", "year"));

    private static readonly Lazy<SpatialWeights> Contiguity = new(() =>
    {
        var states = Produc.Value.Unit;
        var ids = Enumerable.Range(0, Produc.Value.RowCount).Select(r => states[r]!).Distinct().ToArray();
        return SpatialWeights.ReadNeighbourCsv(FilePath("neighbours.csv"), ids, "state", "neighbour").RowStandardize();
    });

    private static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "reference", Folder, name);

    private static SpatialResult Fit(SpatialProcess process, string effects, bool corrected = true)
    {
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(Contiguity.Value);
        spec = process switch
        {
            SpatialProcess.Error => spec.Error(),
            SpatialProcess.Durbin => spec.Durbin(),
            _ => spec.Lag(),
        };
        spec = effects switch
        {
            "unit" => spec.Fe("state"),
            "time" => spec.Fe("year"),
            _ => spec.Fe("state", "year"),
        };
        return (corrected ? spec : spec.WithoutBiasCorrection()).Fit(Produc.Value);
    }

    private static void Close(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1e-12), $"{what}: expected {expected:R}, got {actual:R} (rel diff {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    private static double[] Array(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static void Check(string key, SpatialResult fit)
    {
        var e = Expected.Value.GetProperty(key);
        Close(e.GetProperty("rho").GetDouble(), fit.SpatialParameter.Estimate, 1e-8, $"{key} rho");
        Close(e.GetProperty("rho_se").GetDouble(), fit.SpatialParameter.StandardError, 1e-6, $"{key} rho se");
        Close(e.GetProperty("sigma2").GetDouble(), fit.SigmaSquared, 1e-8, $"{key} sigma2");
        Close(e.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-10, $"{key} log-likelihood");
        Close(e.GetProperty("r2").GetDouble(), fit.RSquared, 1e-8, $"{key} R2");
        var b = Array(e.GetProperty("coefficients"));
        var se = Array(e.GetProperty("std_errors"));
        Assert.Equal(b.Length, fit.Coefficients.Count);
        for (var j = 0; j < b.Length; j++)
        {
            Close(b[j], fit.Coefficients[j].Estimate, 1e-8, $"{key} {fit.Coefficients[j].Name}");
            Close(se[j], fit.Coefficients[j].StandardError, 1e-6, $"{key} se {fit.Coefficients[j].Name}");
        }

        if (!e.TryGetProperty("effects", out var effects))
        {
            return;
        }

        Assert.Equal("delta method", fit.EffectsMethod);
        foreach (var part in new[] { "direct", "indirect", "total" })
        {
            var value = Array(effects.GetProperty(part));
            var error = Array(effects.GetProperty(part + "_se"));
            for (var j = 0; j < Regressors.Length; j++)
            {
                var effect = part switch { "direct" => fit.Effects[j].Direct, "indirect" => fit.Effects[j].Indirect, _ => fit.Effects[j].Total };
                Close(value[j], effect.Estimate, 1e-8, $"{key} {part} {Regressors[j]}");
                Close(error[j], effect.StandardError, 1e-6, $"{key} {part} se {Regressors[j]}");
            }
        }
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("time")]
    [InlineData("twoway")]
    public void LagDurbinAndErrorModelsMatchTheReference(string effects)
    {
        var sar = Fit(SpatialProcess.Lag, effects);
        var sdm = Fit(SpatialProcess.Durbin, effects);
        var sem = Fit(SpatialProcess.Error, effects);
        Check("sar_" + effects, sar);
        Check("sdm_" + effects, sdm);
        Check("sem_" + effects, sem);

        var tests = Expected.Value.GetProperty("tests_" + effects);
        Close(tests.GetProperty("wald_sdm_sar").GetDouble(), sdm.WaldDurbinTerms().Statistic, 1e-7, "Wald SDM vs SAR");
        Close(tests.GetProperty("wald_sdm_sem").GetDouble(), sdm.WaldCommonFactor().Statistic, 1e-7, "Wald SDM vs SEM");
        Close(tests.GetProperty("lr_sdm_sar").GetDouble(), sdm.LikelihoodRatio(sar).Statistic, 1e-7, "LR SDM vs SAR");
        Close(tests.GetProperty("lr_sdm_sem").GetDouble(), sdm.LikelihoodRatio(sem).Statistic, 1e-7, "LR SDM vs SEM");
        Assert.Equal(4, sdm.WaldCommonFactor().DegreesOfFreedom);
    }

    [Fact]
    public void TwoWayWithoutBiasCorrectionMatchesTheDirectEstimates()
    {
        var fit = Fit(SpatialProcess.Durbin, "twoway", corrected: false);
        Check("sdm_twoway_uncorrected", fit);
        Assert.False(fit.BiasCorrected);
        Assert.All(fit.BiasCorrection, c => Assert.Equal(0.0, c));
    }

    [Fact]
    public void TwoWayCorrectionMovesRhoAndSigma()
    {
        var corrected = Fit(SpatialProcess.Durbin, "twoway");
        var direct = Fit(SpatialProcess.Durbin, "twoway", corrected: false);
        Assert.NotEqual(direct.SpatialParameter.Estimate, corrected.SpatialParameter.Estimate);
        Assert.Equal(direct.LogLikelihood, corrected.LogLikelihood, 10);
        Assert.True(corrected.SigmaSquared > direct.SigmaSquared);
    }

    [Fact]
    public void SimulatedEffectErrorsAreSeededAndNearTheDeltaMethod()
    {
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(Contiguity.Value).Durbin().Fe("state", "year");
        var first = spec.EffectsBySimulation(2000, seed: 7).Fit(Produc.Value);
        var again = spec.EffectsBySimulation(2000, seed: 7).Fit(Produc.Value);
        var delta = spec.Fit(Produc.Value);
        for (var j = 0; j < Regressors.Length; j++)
        {
            Assert.Equal(first.Effects[j].Indirect.StandardError, again.Effects[j].Indirect.StandardError);
            Assert.Equal(delta.Effects[j].Direct.Estimate, first.Effects[j].Direct.Estimate);
            Assert.InRange(first.Effects[j].Indirect.StandardError / delta.Effects[j].Indirect.StandardError, 0.85, 1.15);
        }

        Assert.StartsWith("simulation: 2000 draws", first.EffectsMethod, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseCholeskyPathAgreesWithTheEigenvaluePath()
    {
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(Contiguity.Value).Durbin().Fe("state", "year");
        var eigen = spec.Fit(Produc.Value);
        var sparse = (spec with { ForceSparse = true }).Fit(Produc.Value);
        Assert.Contains(sparse.Notes, n => n.Message.Contains("sparse Cholesky", StringComparison.Ordinal));
        Close(eigen.LogLikelihood, sparse.LogLikelihood, 1e-12, "log-likelihood");
        Close(eigen.SpatialParameter.Estimate, sparse.SpatialParameter.Estimate, 1e-9, "rho");
        Close(eigen.SpatialParameter.StandardError, sparse.SpatialParameter.StandardError, 1e-9, "rho se");
        for (var j = 0; j < eigen.Coefficients.Count; j++)
        {
            Close(eigen.Coefficients[j].Estimate, sparse.Coefficients[j].Estimate, 1e-9, eigen.Coefficients[j].Name);
            Close(eigen.Coefficients[j].StandardError, sparse.Coefficients[j].StandardError, 1e-9, "se " + eigen.Coefficients[j].Name);
        }

        for (var j = 0; j < eigen.Effects.Count; j++)
        {
            Close(eigen.Effects[j].Indirect.Estimate, sparse.Effects[j].Indirect.Estimate, 1e-9, "indirect " + eigen.Effects[j].Variable);
            Close(eigen.Effects[j].Indirect.StandardError, sparse.Effects[j].Indirect.StandardError, 1e-9, "indirect se " + eigen.Effects[j].Variable);
        }
    }

    [Fact]
    public void AFixedEffectOtherThanUnitOrTimeIsRefused()
    {
        var spec = Model.Spatial("lgsp").On("lpcap").Weights(Contiguity.Value).Fe("unemp");
        var error = Assert.Throws<InvalidOperationException>(() => spec.Fit(Produc.Value));
        Assert.Contains("'unemp' is neither the region column 'state'", error.Message, StringComparison.Ordinal);
    }
}
