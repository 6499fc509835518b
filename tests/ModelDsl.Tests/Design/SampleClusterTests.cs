using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;
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
        var (codes, groups) = FitClusters.CodesOf(fit, cluster.Variable);
        // The same array every time: nothing looks the column up again.
        Assert.Same(cluster.Codes, codes);
        Assert.Same(codes, FitClusters.CodesOf(fit, new ColumnTerm("g1")).Codes);
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

    [Fact]
    public void AClusterNamedInTheModelWithMissingLabelsDropsThoseRowsWithANote()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(46, 2);
        var data = panel.WithColumn(CategoricalColumn.FromLabels("c", Enumerable.Range(0, panel.RowCount).Select(i => i % 8 == 0 ? null : $"c{i % 11}").ToArray()));
        var result = Model.Regress("y").On("x1").Cluster("c").Fit(data);

        Assert.Equal(panel.RowCount - 20, result.Observations);
        Assert.Contains(result.Notes, n => n.Kind == NoteKind.MissingValues && n.Message.Contains("c: 20", StringComparison.Ordinal));
        Assert.Equal(result.Observations, Assert.Single(result.Fit.Clusters).Codes.Length);
    }

    [Fact]
    public void AClusterAskedForLaterWithAMissingLabelInTheSampleIsAnError()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(47, 2);
        var data = panel.WithColumn(CategoricalColumn.FromLabels("c", Enumerable.Range(0, panel.RowCount).Select(i => i == 5 ? null : $"c{i % 11}").ToArray()));
        var result = Model.Regress("y").On("x1").Fit(data);

        var error = Assert.Throws<InvalidOperationException>(() => result.WithVcov(Vcov.Cluster("c")));
        Assert.Contains("'c' is missing in row 6 of the estimation sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANumericOrSingleLevelClusterIsAnError()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(48, 2);
        var data = panel.WithColumn(CategoricalColumn.FromLabels("one", Enumerable.Repeat<string?>("a", panel.RowCount).ToArray()));

        Assert.Contains("numeric column", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Fit(data).WithVcov(Vcov.Cluster("x2"))).Message, StringComparison.Ordinal);
        Assert.Contains("has 1 level in the estimation sample", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Cluster("one").Fit(data)).Message, StringComparison.Ordinal);
    }
}
