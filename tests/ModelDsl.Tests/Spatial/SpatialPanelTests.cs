using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Spatial;

using static ModelDsl.Tests.Spatial.SpatialReferenceChecks;

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

    private static readonly Lazy<JsonElement> Expected = new(() => ExpectedJson(Folder));

    private static readonly Lazy<PanelData> Produc = new(() => PanelData.ReadCsv(FilePath("data.csv"), "state", "year"));

    private static readonly Lazy<SpatialWeights> Contiguity = new(() => PanelContiguity(Produc.Value, Folder));

    private static string FilePath(string name) => ReferencePath(Folder, name);

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

    private static void Check(string key, SpatialResult fit)
    {
        var e = Expected.Value.GetProperty(key);
        SpatialReferenceChecks.Estimates(e, fit, key);

        if (!e.TryGetProperty("effects", out var effects))
        {
            return;
        }

        SpatialReferenceChecks.Effects(effects, fit, key, Regressors);
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
