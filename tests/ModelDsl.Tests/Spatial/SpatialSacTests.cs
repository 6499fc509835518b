using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Spatial;

using static ModelDsl.Tests.Spatial.SpatialReferenceChecks;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// The SAC (SARAR) model: on the Columbus cross-section against spatialreg's sacsarlm (method "eigen") and its impacts
/// (reference/spatial-sac-columbus), on Produc with unit, time and two-way effects against the Lee–Yu within formulas
/// written in R (reference/spatial-sac-panel-produc), and on simulated data with known ρ and λ.
/// </summary>
public sealed class SpatialSacTests
{
    private static readonly string[] Regressors = ["lpcap", "lpc", "lemp", "unemp"];

    private static readonly Lazy<JsonElement> Columbus = new(() => Json("spatial-sac-columbus"));

    private static readonly Lazy<JsonElement> Panel = new(() => Json("spatial-sac-panel-produc"));

    private static readonly Lazy<PanelData> ColumbusData = new(() => PanelData.ReadCsv(FilePath("spatial-sac-columbus", "data.csv")));

    private static readonly Lazy<SpatialWeights> ColumbusW = new(() =>
    {
        var ids = ColumbusData.Value.Numeric("id").Values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        return SpatialWeights.ReadNeighbourCsv(FilePath("spatial-sac-columbus", "neighbours.csv"), ids).RowStandardize();
    });

    private static readonly Lazy<PanelData> Produc = new(() => PanelData.ReadCsv(FilePath("spatial-sac-panel-produc", "data.csv"), "state", "year"));

    private static readonly Lazy<SpatialWeights> ProducW = new(() => PanelContiguity(Produc.Value, "spatial-sac-panel-produc"));

    private static string FilePath(string folder, string name) => ReferencePath(folder, name);

    private static JsonElement Json(string folder) => ExpectedJson(folder);

    private static SpatialResult FitColumbus() => Model.Spatial("crime").On("inc", "hoval").Weights(ColumbusW.Value).Regions("id").LagAndError().Fit(ColumbusData.Value);

    private static SpatialResult FitPanel(string effects, bool corrected = true)
    {
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(ProducW.Value).LagAndError();
        spec = effects switch
        {
            "unit" => spec.Fe("state"),
            "time" => spec.Fe("year"),
            _ => spec.Fe("state", "year"),
        };
        return (corrected ? spec : spec.WithoutBiasCorrection()).Fit(Produc.Value);
    }

    [Fact]
    public void ColumbusMatchesSacsarlmAtItsOptimumAndThePolishedOptimum()
    {
        var fit = FitColumbus();
        Assert.Equal(SpatialProcess.LagAndError, fit.Process);
        Assert.NotNull(fit.ErrorParameter);
        foreach (var (block, tolerance) in new[] { ("exact", 1e-8), ("spatialreg", 1e-6) })
        {
            var e = Columbus.Value.GetProperty(block);
            Close(e.GetProperty("rho").GetDouble(), fit.SpatialParameter.Estimate, tolerance, $"{block} rho");
            Close(e.GetProperty("lambda").GetDouble(), fit.ErrorParameter!.Estimate, tolerance, $"{block} lambda");
            Close(e.GetProperty("rho_se").GetDouble(), fit.SpatialParameter.StandardError, 1e-6, $"{block} rho se");
            Close(e.GetProperty("lambda_se").GetDouble(), fit.ErrorParameter.StandardError, 1e-6, $"{block} lambda se");
            Close(e.GetProperty("sigma2").GetDouble(), fit.SigmaSquared, tolerance, $"{block} sigma2");
            Close(e.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-8, $"{block} log-likelihood");
            var b = Array(e.GetProperty("coefficients"));
            var se = Array(e.GetProperty("std_errors"));
            Assert.Equal(b.Length, fit.Coefficients.Count);
            for (var j = 0; j < b.Length; j++)
            {
                Close(b[j], fit.Coefficients[j].Estimate, tolerance, $"{block} {fit.Coefficients[j].Name}");
                Close(se[j], fit.Coefficients[j].StandardError, 1e-6, $"{block} se {fit.Coefficients[j].Name}");
            }
        }

        var exact = Columbus.Value.GetProperty("exact");
        Close(exact.GetProperty("cov_rho_lambda").GetDouble(), fit.Covariance("rho", "lambda"), 1e-6, "cov(rho, lambda)");
        Close(exact.GetProperty("sigma2_se").GetDouble(), Math.Sqrt(fit.Covariance("sigma2", "sigma2")), 1e-6, "se sigma2");
        Assert.Equal(6, fit.ParameterCount);
    }

    [Fact]
    public void ColumbusEffectsMatchSpatialregImpacts()
    {
        var fit = FitColumbus();
        var impacts = Columbus.Value.GetProperty("impacts");
        var direct = Array(impacts.GetProperty("direct"));
        var indirect = Array(impacts.GetProperty("indirect"));
        var total = Array(impacts.GetProperty("total"));
        Assert.Equal(2, fit.Effects.Count);
        for (var j = 0; j < 2; j++)
        {
            Close(direct[j], fit.Effects[j].Direct.Estimate, 1e-8, $"direct {fit.Effects[j].Variable}");
            Close(indirect[j], fit.Effects[j].Indirect.Estimate, 1e-8, $"indirect {fit.Effects[j].Variable}");
            Close(total[j], fit.Effects[j].Total.Estimate, 1e-8, $"total {fit.Effects[j].Variable}");
        }
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("time")]
    [InlineData("twoway")]
    [InlineData("twoway_uncorrected")]
    public void PanelMatchesTheLeeYuReference(string key)
    {
        var fit = key == "twoway_uncorrected" ? FitPanel("twoway", corrected: false) : FitPanel(key);
        var e = Panel.Value.GetProperty("sac_" + key);
        SpatialReferenceChecks.Estimates(e, fit, key);
        Close(e.GetProperty("lambda").GetDouble(), fit.ErrorParameter!.Estimate, 1e-8, $"{key} lambda");
        Close(e.GetProperty("lambda_se").GetDouble(), fit.ErrorParameter.StandardError, 1e-6, $"{key} lambda se");
        Close(e.GetProperty("cov_rho_lambda").GetDouble(), fit.Covariance("rho", "lambda"), 1e-6, $"{key} cov(rho, lambda)");

        var effects = e.GetProperty("effects");
        SpatialReferenceChecks.Effects(effects, fit, key, Regressors);

        Assert.Equal(key == "twoway", fit.BiasCorrection.Any(c => c != 0));
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("time")]
    [InlineData("twoway")]
    public void LikelihoodRatioAgainstSarAndSemMatchesTheReference(string effects)
    {
        var sac = FitPanel(effects);
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(ProducW.Value);
        spec = effects switch { "unit" => spec.Fe("state"), "time" => spec.Fe("year"), _ => spec.Fe("state", "year") };
        var sar = spec.Lag().Fit(Produc.Value);
        var sem = spec.Error().Fit(Produc.Value);
        var lr = Panel.Value.GetProperty("lr_" + effects);
        var toSar = sac.LikelihoodRatio(sar);
        var toSem = sac.LikelihoodRatio(sem);
        Close(lr.GetProperty("sac_sar").GetDouble(), toSar.Statistic, 1e-7, "LR SAC vs SAR");
        Close(lr.GetProperty("sac_sem").GetDouble(), toSem.Statistic, 1e-7, "LR SAC vs SEM");
        Assert.Equal(1, toSar.DegreesOfFreedom);
        Assert.Equal("LR: SAC vs SAR", toSar.Name);
    }

    [Fact]
    public void SparseCholeskyPathAgreesWithTheEigenvaluePath()
    {
        var spec = Model.Spatial("lgsp").On([.. Regressors.Select(r => (Term)r)]).Weights(ProducW.Value).LagAndError().Fe("state", "year");
        var eigen = spec.Fit(Produc.Value);
        var sparse = (spec with { ForceSparse = true }).Fit(Produc.Value);
        Assert.Contains(sparse.Notes, n => n.Message.Contains("sparse Cholesky", StringComparison.Ordinal));
        Close(eigen.LogLikelihood, sparse.LogLikelihood, 1e-12, "log-likelihood");
        Close(eigen.SpatialParameter.Estimate, sparse.SpatialParameter.Estimate, 1e-9, "rho");
        Close(eigen.ErrorParameter!.Estimate, sparse.ErrorParameter!.Estimate, 1e-9, "lambda");
        Close(eigen.ErrorParameter.StandardError, sparse.ErrorParameter.StandardError, 1e-9, "lambda se");
        Close(eigen.Covariance("rho", "lambda"), sparse.Covariance("rho", "lambda"), 1e-9, "cov(rho, lambda)");
        for (var j = 0; j < eigen.Coefficients.Count; j++)
        {
            Close(eigen.Coefficients[j].StandardError, sparse.Coefficients[j].StandardError, 1e-9, "se " + eigen.Coefficients[j].Name);
        }
    }

    /// <summary>
    /// Data drawn from the SAC process on a 20 × 20 rook lattice (n = 400, row-standardised W) with ρ = 0.4, λ = −0.3 (and,
    /// with two-way effects, ρ = 0.3, λ = 0.5, T = 5 and unit and period effects): each fit's estimates must be within 4
    /// standard errors of the truth, and the mean over 20 (8) seeded replications within 0.03 (ρ) and 0.05 (λ) of it.
    /// </summary>
    [Theory]
    [InlineData(0.4, -0.3, 1)]
    [InlineData(0.3, 0.5, 5)]
    public void RecoversRhoAndLambdaFromSimulatedData(double rho, double lambda, int periods)
    {
        const int Side = 20;
        var n = Side * Side;
        var ids = Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var pairs = new List<(string, string)>();
        for (var r = 0; r < Side; r++)
        {
            for (var c = 0; c < Side; c++)
            {
                var i = (r * Side) + c;
                if (c + 1 < Side)
                {
                    pairs.Add((ids[i], ids[i + 1]));
                    pairs.Add((ids[i + 1], ids[i]));
                }

                if (r + 1 < Side)
                {
                    pairs.Add((ids[i], ids[i + Side]));
                    pairs.Add((ids[i + Side], ids[i]));
                }
            }
        }

        var w = SpatialWeights.FromNeighbourPairs(ids, pairs).RowStandardize();
        var dense = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var cols = w.Neighbours(i);
            var vals = w.Weights(i);
            for (var p = 0; p < cols.Length; p++)
            {
                dense[i, cols[p]] = vals[p];
            }
        }

        var wm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(dense);
        var identity = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(n);
        var aInverse = (identity - (rho * wm)).Inverse();
        var bInverse = (identity - (lambda * wm)).Inverse();
        var rhos = new List<double>();
        var lambdas = new List<double>();
        for (var replication = 0; replication < (periods == 1 ? 20 : 8); replication++)
        {
            var random = new Random(1000 + replication);
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var unitEffect = Enumerable.Range(0, n).Select(_ => periods > 1 ? Normal() : 0.0).ToArray();
            var rows = new List<string> { "id,t,y,x1,x2" };
            for (var t = 0; t < periods; t++)
            {
                var periodEffect = periods > 1 ? 2 * Normal() : 0.0;
                var x1 = Enumerable.Range(0, n).Select(_ => Normal()).ToArray();
                var x2 = Enumerable.Range(0, n).Select(i => Normal() + (0.5 * unitEffect[i])).ToArray();
                var eps = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n, _ => Normal());
                var u = bInverse * eps;
                var mean = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n, i => 1.0 + (2.0 * x1[i]) - x2[i] + unitEffect[i] + periodEffect);
                var y = aInverse * (mean + u);
                for (var i = 0; i < n; i++)
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{ids[i]},{t},{y[i]:R},{x1[i]:R},{x2[i]:R}"));
                }
            }

            var path = Path.Combine(Path.GetTempPath(), $"sac-dgp-{Environment.ProcessId}-{periods}-{replication}.csv");
            File.WriteAllLines(path, rows);
            try
            {
                var data = PanelData.ReadCsv(path, "id", "t");
                var spec = Model.Spatial("y").On("x1", "x2").Weights(w).LagAndError();
                var fit = (periods > 1 ? spec.Fe("id", "t") : spec).Fit(data);
                Assert.InRange(fit.SpatialParameter.Estimate, rho - (4 * fit.SpatialParameter.StandardError), rho + (4 * fit.SpatialParameter.StandardError));
                Assert.InRange(fit.ErrorParameter!.Estimate, lambda - (4 * fit.ErrorParameter.StandardError), lambda + (4 * fit.ErrorParameter.StandardError));
                Assert.InRange(fit["x1"].Estimate, 2.0 - (4 * fit["x1"].StandardError), 2.0 + (4 * fit["x1"].StandardError));
                rhos.Add(fit.SpatialParameter.Estimate);
                lambdas.Add(fit.ErrorParameter.Estimate);
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.InRange(rhos.Average(), rho - 0.03, rho + 0.03);
        Assert.InRange(lambdas.Average(), lambda - 0.05, lambda + 0.05);
    }

    [Fact]
    public void TableShowsRhoAndLambdaAndJsonCarriesTheErrorParameter()
    {
        var sac = FitColumbus();
        var sar = Model.Spatial("crime").On("inc", "hoval").Weights(ColumbusW.Value).Regions("id").Fit(ColumbusData.Value);
        var table = SpatialTable.Of(sar, sac).Tests(sac.LikelihoodRatio(sar)).Build();
        var labels = table.BodyRows.Select(r => r.Cells[0].Text).ToList();
        var rhoRow = table.BodyRows.First(r => r.Cells[0].Text == "ρ (W×y)");
        var lambdaRow = table.BodyRows.First(r => r.Cells[0].Text == "λ (W×u)");
        Assert.Equal(sac.SpatialParameter.Estimate.ToString("F4", CultureInfo.InvariantCulture), rhoRow.Cells[2].Text);
        Assert.Equal(sac.ErrorParameter!.Estimate.ToString("F4", CultureInfo.InvariantCulture), lambdaRow.Cells[2].Text);
        Assert.Equal(string.Empty, lambdaRow.Cells[1].Text);
        Assert.Equal("(2) SAC", table.HeaderRows[0].Cells[2].Text);
        var lrRow = table.BodyRows.First(r => r.Cells[0].Text == "LR: SAC vs SAR");
        Assert.Equal(string.Empty, lrRow.Cells[1].Text);
        Assert.NotEqual(string.Empty, lrRow.Cells[2].Text);
        using var json = JsonDocument.Parse(sac.ToJson());
        Assert.Equal("sac", json.RootElement.GetProperty("estimator").GetString());
        Assert.Equal(sac.ErrorParameter.Estimate, json.RootElement.GetProperty("error_parameter").GetProperty("estimate").GetDouble());
        Assert.Contains("Direct effects", labels);
    }
}
