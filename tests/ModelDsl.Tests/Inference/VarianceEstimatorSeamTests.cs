using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Inference;
using ModelDsl.Reporting;
using ModelDsl.Tests.Binary;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Inference;

/// <summary>The variance seam: custom estimators through Vcov.Using, WithVcov re-asking the seam, logit/probit options.</summary>
public sealed class VarianceEstimatorSeamTests
{
    [Fact]
    public void BuiltInTableMapsEveryKindAndRequestsCarryTheirEstimator()
    {
        Assert.Same(VarianceEstimators.Iid, VarianceEstimators.For(VcovKind.Iid));
        Assert.Same(VarianceEstimators.HC1, VarianceEstimators.For(VcovKind.HC1));
        Assert.Same(VarianceEstimators.Cluster, VarianceEstimators.For(VcovKind.Cluster));
        Assert.Same(VarianceEstimators.Cluster, Vcov.Cluster("g0", "g1").Estimator);
        Assert.Same(VarianceEstimators.HC1, Vcov.HC1.With(SmallSampleCorrection.None).Estimator);
        Assert.Throws<ArgumentException>(() => VarianceEstimators.For(VcovKind.Custom));
    }

    [Fact]
    public void ACustomMatrixEstimatorFlowsIntoTheResultTablesAndJson()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(51, 1);
        var iid = Model.Regress("y").On("x1", "x2").Fit(data);
        var scaled = new ScaledModelVariance();
        var custom = Model.Regress("y").On("x1", "x2").Vcov(Vcov.Using(scaled)).Fit(data);

        Assert.Equal(1, scaled.Calls);
        Assert.Equal("fourfold", custom.Vcov.Description);
        Assert.Equal(VcovKind.Custom, custom.Vcov.Kind);
        foreach (var name in new[] { "x1", "x2", ModelDsl.Results.RegressionResult.InterceptName })
        {
            // 4·σ̂²(X'X)⁻¹: standard errors exactly twice the iid ones (a power of two), t exactly half.
            Assert.Equal(iid[name].Estimate, custom[name].Estimate);
            Assert.Equal(2 * iid[name].StandardError, custom[name].StandardError);
            Assert.Equal(iid[name].TStatistic / 2, custom[name].TStatistic);
            Assert.Equal(4 * iid.Covariance(name, name), custom.Covariance(name, name));
            Assert.True(custom[name].PValue > iid[name].PValue);
        }

        var json = JsonDocument.Parse(custom.ToJson()).RootElement;
        Assert.Equal("fourfold", json.GetProperty("vcov").GetString());
        Assert.Equal(custom["x1"].StandardError, json.GetProperty("coefficients")[0].GetProperty("std_error").GetDouble());
        var markdown = RegressionTable.Of(custom).StandardErrors().ToMarkdown();
        Assert.Contains("fourfold", markdown, StringComparison.Ordinal);
        Assert.Contains(custom["x1"].StandardError.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ATestInversionEstimatorWithoutAMatrixReportsItsOwnIntervalsAndNoJointTests()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(52, 1);
        var fit = Model.Regress("y").On("x1", "x2").Fit(data).WithVcov(Vcov.Using(new InvertedTest(), "g0"));

        Assert.Equal("inverted(g0)", fit.Vcov.Description);
        foreach (var c in fit.Coefficients)
        {
            // The double's interval is [b/2, 2b] in working units; rescaling by 2^e is exact, so it is [B/2, 2B] reported.
            Assert.Equal(0.25, c.PValue);
            Assert.Equal(Math.Min(c.Estimate / 2, c.Estimate * 2), c.ConfidenceLow);
            Assert.Equal(Math.Max(c.Estimate / 2, c.Estimate * 2), c.ConfidenceHigh);
            Assert.True(double.IsNaN(c.StandardError));
        }

        Assert.DoesNotContain(fit.Notes, n => n.Message.Contains("not reported", StringComparison.Ordinal));
        Assert.Equal(fit.WithVcov(Vcov.Cluster("g0")).ClusterCounts, fit.ClusterCounts);
        Assert.False(fit.FStatistic.IsApplicable);
        Assert.Contains("no covariance matrix", fit.FStatistic.Reason, StringComparison.Ordinal);
        Assert.False(fit.Wald("x1").IsApplicable);
        Assert.False(fit.WaldAllEqual("equal", ["x1", "x2"]).IsApplicable);
        var error = Assert.Throws<InvalidOperationException>(() => fit.Covariance("x1", "x2"));
        Assert.Contains("no covariance matrix", error.Message, StringComparison.Ordinal);
        var json = JsonDocument.Parse(fit.ToJson()).RootElement;
        Assert.Equal(0.25, json.GetProperty("coefficients")[0].GetProperty("p").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("f").ValueKind);
    }

    [Fact]
    public void WithVcovReasksTheSeamWithoutRefitting()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(53, 2);
        var fit = Model.Regress("y").On("x1", "x2").Fe("g0").Fit(data);
        var recorder = new ScaledModelVariance();

        var again = fit.WithVcov(Vcov.Using(recorder));

        // One call, on a view of the same estimation sample and estimates: nothing was re-estimated.
        Assert.Equal(1, recorder.Calls);
        Assert.Equal(fit.SampleRows, recorder.SampleRows);
        Assert.Equal(fit.Coefficients.Select(c => c.Estimate), again.Coefficients.Select(c => c.Estimate));
        Assert.Equal("fe", recorder.Family);

        // The built-in requests through WithVcov are the same numbers as fitting with them.
        var clustered = Model.Regress("y").On("x1", "x2").Fe("g0").Cluster("g1").Fit(data);
        var viaWith = fit.WithVcov(Vcov.Cluster("g1"));
        Assert.Equal(clustered.Coefficients.Select(c => c.StandardError), viaWith.Coefficients.Select(c => c.StandardError));
        Assert.Equal(clustered.ToJson(), viaWith.ToJson());
        var models = new ModelDsl.Results.ModelSet([fit, clustered]).WithVcov(Vcov.Using(recorder));
        Assert.Equal(3, recorder.Calls);
        Assert.All(models, m => Assert.Equal("fourfold", m.Vcov.Description));
    }

    [Fact]
    public void LogitDefaultIsUnchangedAndACorrectionChangesTheStandardErrorsByExactlyItsFactor()
    {
        var data = SwissLabor();
        var model = Model.Logit("participation").On("income", "age", "education", "youngkids");
        var byDefault = model.Cluster("age_group").Fit(data);
        var none = model.Vcov(Vcov.Cluster("age_group").With(SmallSampleCorrection.None)).Fit(data);
        var g = (double)byDefault.ClusterCount!.Value;
        var n = (double)byDefault.Observations;
        var k = (double)byDefault.Coefficients.Count;
        var observations = model.Vcov(Vcov.Cluster("age_group").With(SmallSampleCorrection.Sandwich)).Fit(data);

        foreach (var c in byDefault.Coefficients)
        {
            // Default: Stata's ML convention G/(G − 1); None removes it; Sandwich adds (N − 1)/(N − K).
            var v = c.StandardError * c.StandardError;
            Close(v * (g - 1) / g, none[c.Name].StandardError * none[c.Name].StandardError);
            Close(v * (n - 1) / (n - k), observations[c.Name].StandardError * observations[c.Name].StandardError);
            Assert.Equal(c.Estimate, none[c.Name].Estimate);
        }

        // Robust: n/(n − 1) by default, none without the cluster adjustment.
        var robust = model.Robust().Fit(data);
        var hc0 = robust.WithVcov(Vcov.HC1.With(SmallSampleCorrection.None));
        foreach (var c in robust.Coefficients)
        {
            Close(c.StandardError * c.StandardError * (n - 1) / n, hc0[c.Name].StandardError * hc0[c.Name].StandardError);
        }

        // WithVcov with another correction on the fitted cluster variable goes through the same seam.
        Assert.Equal(none.Coefficients.Select(c => c.StandardError), byDefault.WithVcov(Vcov.Cluster("age_group").With(SmallSampleCorrection.None)).Coefficients.Select(c => c.StandardError));

        // One-way sandwiches are positive semi-definite: the eigenvalue fix has nothing to change, as for linear models.
        Assert.Equal(byDefault.Coefficients.Select(c => c.StandardError), model.Vcov(Vcov.Cluster("age_group").WithEigenvalueFix()).Fit(data).Coefficients.Select(c => c.StandardError));
    }

    [Fact]
    public void LogitRejectsWhatItCannotApplyWithAClearError()
    {
        var data = SwissLabor();
        var absorbed = Model.Logit("participation").On("income", "education").Absorb("age_group");

        // An observation factor needs K, which the absorbed-fixed-effect logit does not count.
        var error = Assert.Throws<InvalidOperationException>(() => absorbed.Vcov(Vcov.Cluster("age_group").With(SmallSampleCorrection.Sandwich)).Fit(data));
        Assert.Contains("absorbs the fixed effects age_group", error.Message, StringComparison.Ordinal);
        Assert.Contains("ObservationAdjustment.None", error.Message, StringComparison.Ordinal);

        // Without an observation factor the absorbed logit honours the request.
        var plain = absorbed.Cluster("age_group").Fit(data);
        var none = absorbed.Vcov(Vcov.Cluster("age_group").With(SmallSampleCorrection.None)).Fit(data);
        var g = (double)plain.ClusterCount!.Value;
        Close(plain["income"].StandardError * plain["income"].StandardError * (g - 1) / g, none["income"].StandardError * none["income"].StandardError);

        // Two-way clustering is rejected when specified; another cluster variable after fitting is an error, not iid.
        Assert.Throws<ArgumentException>(() => Model.Logit("participation").On("income").Cluster("age_group", "foreign"));
        var fitted = Model.Logit("participation").On("income").Cluster("age_group").Fit(data);
        var other = Assert.Throws<InvalidOperationException>(() => fitted.WithVcov(Vcov.Cluster("foreign")));
        Assert.Contains("refit with .Cluster(\"foreign\")", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomEstimatorServesLogitThroughTheSameSeam()
    {
        var data = SwissLabor();
        var model = Model.Logit("participation").On("income", "education");
        var oim = model.Fit(data);
        var recorder = new ScaledModelVariance();
        var custom = oim.WithVcov(Vcov.Using(recorder));

        Assert.Equal("logit", recorder.Family);
        Assert.Equal(BinaryVarianceKindCustom(), custom.VarianceKind);
        Assert.Equal("fourfold", JsonDocument.Parse(custom.ToJson()).RootElement.GetProperty("vcov").GetString());
        foreach (var c in oim.Coefficients)
        {
            Assert.Equal(2 * c.StandardError, custom[c.Name].StandardError);
            Assert.Equal(c.TStatistic / 2, custom[c.Name].TStatistic);
        }
    }

    [Fact]
    public void TheDocumentedCr0ExampleEqualsTheBuiltInClusterWithoutCorrection()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(54, 1);
        var cr0 = Model.Regress("y").On("x1", "x2").Vcov(Vcov.Using(new Cr0(), "g0")).Fit(data);
        var builtIn = Model.Regress("y").On("x1", "x2").Vcov(Vcov.Cluster("g0").With(SmallSampleCorrection.None)).Fit(data);

        Assert.Equal("cr0(g0)", cr0.Vcov.Description);
        Assert.Equal(builtIn.ClusterCounts, cr0.ClusterCounts);
        Assert.Equal(builtIn.InferenceDegreesOfFreedom, cr0.InferenceDegreesOfFreedom);
        foreach (var c in builtIn.Coefficients)
        {
            Close(c.StandardError, cr0[c.Name].StandardError);
        }
    }

    [Fact]
    public void HostileCustomEstimatorsAndRequestsGetClearErrors()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(55, 1);
        var model = Model.Regress("y").On("x1", "x2");

        Assert.Throws<ArgumentNullException>(() => Vcov.Using(null!));
        Assert.Throws<ArgumentException>(() => Vcov.Using(new Returning("", _ => null!)));
        Assert.Throws<ArgumentException>(() => Vcov.Using(new ScaledModelVariance(), "g0", "g1", "x1"));
        Assert.Throws<ArgumentException>(() => Vcov.Using(new ScaledModelVariance(), "g0", "g0"));

        // A matrix of the wrong size, or no estimate at all.
        var wrongSize = Assert.Throws<ArgumentException>(() => model.Vcov(Vcov.Using(new Returning("bad", fit => VarianceEstimate.FromMatrix(fit, new double[4], 1)))).Fit(data));
        Assert.Contains("3 coefficients (9 elements expected)", wrongSize.Message, StringComparison.Ordinal);
        var none = Assert.Throws<InvalidOperationException>(() => model.Vcov(Vcov.Using(new Returning("nothing", _ => null!))).Fit(data));
        Assert.Contains("nothing variance estimator returned no estimate", none.Message, StringComparison.Ordinal);
        var short_ = Assert.Throws<ArgumentException>(() => model.Vcov(Vcov.Using(new Returning("short", fit => VarianceEstimate.FromInference(fit, [new CoefficientInference(1, 1, 0.5, 0, 2)], 1)))).Fit(data));
        Assert.Contains("inference for 1 coefficients but the model has 3", short_.Message, StringComparison.Ordinal);

        // A custom estimator clustering on a numeric column gets the same error as Vcov.Cluster.
        var numeric = Assert.Throws<InvalidOperationException>(() => model.Vcov(Vcov.Using(new InvertedTest(), "x1")).Fit(data));
        Assert.Contains("numeric column", numeric.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomClusteredEstimatorReadsTheLogitsClusterCodes()
    {
        var data = SwissLabor();
        var model = Model.Logit("participation").On("income", "education");
        var inverted = model.Vcov(Vcov.Using(new InvertedTest(), "age_group")).Fit(data);
        var clustered = model.Cluster("age_group").Fit(data);

        Assert.Equal("inverted(age_group)", inverted.Vcov.Description);
        Assert.Equal(clustered.ClusterCount, inverted.ClusterCount);
        Assert.All(inverted.Coefficients, c => Assert.Equal(0.25, c.PValue));
        var error = Assert.Throws<InvalidOperationException>(() => inverted.Covariance("income", "income"));
        Assert.Contains("no covariance matrix", error.Message, StringComparison.Ordinal);
        var json = JsonDocument.Parse(inverted.ToJson()).RootElement;
        Assert.Equal(0.25, json.GetProperty("coefficients")[0].GetProperty("p").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("average_marginal_effects").ValueKind);
        Assert.Throws<InvalidOperationException>(() => inverted.AverageMarginalEffects());
        var twoWay = Assert.Throws<ArgumentException>(() => model.Vcov(Vcov.Using(new InvertedTest(), "age_group", "foreign")));
        Assert.Contains("one-way clustering only", twoWay.Message, StringComparison.Ordinal);
    }

    private static ModelDsl.Estimation.BinaryVarianceKind BinaryVarianceKindCustom() => ModelDsl.Estimation.BinaryVarianceKind.Custom;

    private static PanelData SwissLabor()
        => PanelData.ReadCsv(Path.Combine(ModelDsl.Tests.Binary.ReferenceCase.Folder("logit-probit-swisslabor"), "data.csv")).AsCategoricalCopy("age", "age_group");

    private static void Close(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    /// <summary>A test double: four times the model-based variance, recording the view it was handed.</summary>
    private sealed class ScaledModelVariance : IVarianceEstimator
    {
        public int Calls { get; private set; }

        public IReadOnlyList<int> SampleRows { get; private set; } = [];

        public string Family { get; private set; } = string.Empty;

        public string Name => "fourfold";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            Calls++;
            SampleRows = fit.SampleRows.ToArray();
            Family = fit.Family;
            var matrix = fit.ModelBasedVariance().Select(v => 4 * v).ToArray();
            return VarianceEstimate.FromMatrix(fit, matrix, fit.ResidualDegreesOfFreedom);
        }
    }

    /// <summary>A test double returning whatever <c>estimate</c> builds.</summary>
    private sealed class Returning(string name, Func<VarianceInput, VarianceEstimate> estimate) : IVarianceEstimator
    {
        public string Name => name;

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request) => estimate(fit);
    }

    /// <summary>The CR0 example of docs/estimation.md ("The variance seam"), verbatim.</summary>
    private sealed class Cr0 : IVarianceEstimator
    {
        public string Name => "cr0";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            var (codes, groups) = fit.ClusterCodes(request.Clusters[0]);
            var meat = fit.Meat(codes, groups);
            var bread = fit.Bread();
            var p = fit.Names.Count;
            var v = new double[p * p];
            for (var i = 0; i < p; i++)
            {
                for (var j = 0; j < p; j++)
                {
                    for (var a = 0; a < p; a++)
                    {
                        for (var b = 0; b < p; b++)
                        {
                            v[(i * p) + j] += bread[(i * p) + a] * meat[(a * p) + b] * bread[(b * p) + j];
                        }
                    }
                }
            }

            return VarianceEstimate.FromMatrix(fit, v, groups - 1, new Dictionary<string, int> { [request.Clusters[0].Name] = groups });
        }
    }

    /// <summary>A test double in the style of a bootstrap that inverts a test: p = 0.25 and [b/2, 2b], no matrix.</summary>
    private sealed class InvertedTest : IVarianceEstimator
    {
        public string Name => "inverted";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            var (_, groups) = fit.ClusterCodes(request.Clusters[0]);
            var inference = fit.Estimates
                .Select(b => new CoefficientInference(double.NaN, double.NaN, 0.25, Math.Min(b / 2, b * 2), Math.Max(b / 2, b * 2)))
                .ToArray();
            return VarianceEstimate.FromInference(fit, inference, groups - 1, clusterCounts: new Dictionary<string, int> { [request.Clusters[0].Name] = groups });
        }
    }
}
