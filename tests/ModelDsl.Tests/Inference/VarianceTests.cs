using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Inference;

public sealed class VarianceTests
{
    [Fact]
    public void EigenvalueFixRepairsANonPositiveTwoWayMatrix()
    {
        // With these data V1 + V2 − V12 has a negative eigenvalue.
        var (data, _, _) = DummyVariableTests.RandomPanel(41, 2);
        var fit = Model.Regress("y").On("x1", "x2").Fe("g0", "g1").Fit(data);

        var plain = fit.WithVcov(Vcov.Cluster("g0", "g1"));
        var repaired = fit.WithVcov(Vcov.Cluster("g0", "g1").WithEigenvalueFix());

        Assert.Contains(plain.Notes, n => n.Message.Contains("not positive semi-definite", StringComparison.Ordinal));
        Assert.Contains(repaired.Notes, n => n.Message.Contains("set to zero", StringComparison.Ordinal));
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(repaired.CovarianceMatrix());
        var smallest = matrix.Evd().EigenValues.Min(e => e.Real);
        var largest = matrix.Evd().EigenValues.Max(e => e.Real);
        Assert.True(smallest >= -1e-12 * largest, $"smallest eigenvalue {smallest}");
        Assert.All(repaired.Coefficients, c => Assert.True(double.IsFinite(c.StandardError)));
        Assert.Equal(6, plain.InferenceDegreesOfFreedom);
        Assert.Equal(new Dictionary<string, int> { ["g0"] = 12, ["g1"] = 7 }, plain.ClusterCounts);
    }

    [Fact]
    public void TwoWayClusteringIsV1PlusV2MinusTheIntersection()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(42, 2);
        var fit = Model.Regress("y").On("x1").Fit(data);
        var none = SmallSampleCorrection.None;
        var intersection = data.WithColumn(ModelDsl.Data.CategoricalColumn.FromLabels("g01", Enumerable.Range(0, data.RowCount).Select(i => $"{data.Categorical("g0")[i]}|{data.Categorical("g1")[i]}").ToArray()));
        var fitI = Model.Regress("y").On("x1").Fit(intersection);

        var v = fit.WithVcov(Vcov.Cluster("g0", "g1").With(none)).Covariance("x1", "x1");
        var v1 = fit.WithVcov(Vcov.Cluster("g0").With(none)).Covariance("x1", "x1");
        var v2 = fit.WithVcov(Vcov.Cluster("g1").With(none)).Covariance("x1", "x1");
        var v12 = fitI.WithVcov(Vcov.Cluster("g01").With(none)).Covariance("x1", "x1");

        OrdinaryLeastSquaresTests.AssertClose(v1 + v2 - v12, v, 1e-10);
    }

    [Fact]
    public void WaldFIsInapplicableWithMoreSlopesThanClusters()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(43, 1);
        var data = panel.WithColumn(ModelDsl.Data.CategoricalColumn.FromLabels("half", Enumerable.Range(0, panel.RowCount).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));
        var fit = Model.Regress("y").On("x1", "x2", "x3").Cluster("half").Fit(data);

        Assert.False(fit.FStatistic.IsApplicable);
        Assert.Contains("not positive definite", fit.FStatistic.Reason, StringComparison.Ordinal);
        Assert.True(fit.WithVcov(Vcov.Iid).FStatistic.IsApplicable);
    }

    [Fact]
    public void HausmanSaysWhyItDoesNotApply()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(44, 1);
        var ols = Model.Regress("y").On("x1").Fit(data);

        var test = ModelDsl.Inference.HausmanComparison.Compare(ols, ols);

        Assert.False(test.IsApplicable);
        Assert.Contains("'ols'", test.Reason, StringComparison.Ordinal);
        Assert.Null(test.Statistic);
        Assert.Null(test.PValue);
    }
}
