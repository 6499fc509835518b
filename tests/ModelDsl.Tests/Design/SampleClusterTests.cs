using ModelDsl.Data;
using ModelDsl.Inference;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Design;

/// <summary>Cluster codes are computed once on the estimation sample and reused by every variance computed from the fit.</summary>
public sealed class SampleClusterTests
{
    [Fact]
    public void TheSampleComputesTheClusterCodesOnceAndTheVarianceReusesThem()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(43, 2);
        var fit = Model.Regress("y").On("x1", "x2").Fe("g0").Cluster("g1").Fit(data).Fit;

        var cluster = Assert.Single(fit.Clusters);
        var (codes, groups) = CovarianceEstimator.ClusterCodes(fit, cluster.Variable);
        // The same array every time: nothing looks the column up again.
        Assert.Same(cluster.Codes, codes);
        Assert.Same(codes, CovarianceEstimator.ClusterCodes(fit, new ColumnTerm("g1")).Codes);
        Assert.Equal(7, groups);
    }

    [Fact]
    public void TheSampleCodesNumberTheSampleRowsLabelsInOrderOfFirstAppearance()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(44, 2);
        // Every fifth outcome missing: the codes cover the estimation sample, not the data set.
        var y = Enumerable.Range(0, panel.RowCount).Select(i => i % 5 == 0 ? double.NaN : panel.Numeric("y")[i]).ToArray();
        var data = panel.WithColumn(new NumericColumn("y_missing", y));
        var result = Model.Regress("y_missing").On("x1").Cluster("g0").Fit(data);

        var cluster = Assert.Single(result.Fit.Clusters);
        var labels = result.SampleRows.Select(r => data.Categorical("g0")[r]).ToArray();
        var order = labels.Distinct().ToList();
        Assert.Equal(result.Observations, cluster.Codes.Length);
        Assert.Equal(labels.Select(l => order.IndexOf(l)), cluster.Codes);
        Assert.Equal(order.Count, cluster.Groups);
        Assert.Equal(result.ClusterCounts["g0"], cluster.Groups);
    }

    [Fact]
    public void AVarianceClusteredLaterByAnotherVariableEqualsFittingWithIt()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(45, 2);
        var unclustered = Model.Regress("y").On("x1", "x2").Fe("g1").Fit(data);
        var named = Model.Regress("y").On("x1", "x2").Fe("g1").Cluster("g0").Fit(data);

        // The model named no cluster, so WithVcov looks the variable up on the sample rows: the same numbers, bit for bit.
        Assert.Empty(unclustered.Fit.Clusters);
        var later = unclustered.WithVcov(Vcov.Cluster("g0"));
        Assert.Equal(named.Coefficients.Select(c => c.StandardError), later.Coefficients.Select(c => c.StandardError));
        Assert.Equal(named.ClusterCounts, later.ClusterCounts);
    }
}
