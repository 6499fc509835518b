using ModelDsl.Data;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Tests.Inference;

/// <summary>The few-cluster note (fewer than 42 clusters) on every family that clusters.</summary>
public sealed class FewClustersTests
{
    /// <summary>
    /// A cross-section of <paramref name="rows"/> rows with a cluster column <c>g</c> of <paramref name="groups"/>
    /// levels, a second one <c>h</c> of <paramref name="secondGroups"/> levels, a region <c>region</c> (east/west by
    /// cluster), y = 1 + 0.5 x + cluster effect + noise and a binary outcome d.
    /// </summary>
    internal static PanelData Data(int rows, int groups, int secondGroups = 100, int seed = 1)
    {
        var random = new Random(seed);
        var effects = Enumerable.Range(0, groups).Select(_ => random.NextDouble()).ToArray();
        var g = new string[rows];
        var h = new string[rows];
        var region = new string[rows];
        var x = new double[rows];
        var y = new double[rows];
        var d = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var cluster = i % groups;
            g[i] = $"g{cluster}";
            h[i] = $"h{(i * 7) % secondGroups}";
            region[i] = cluster % 2 == 0 ? "east" : "west";
            x[i] = random.NextDouble() * 2 - 1;
            y[i] = 1 + (0.5 * x[i]) + effects[cluster] + random.NextDouble() - 0.5;
            d[i] = x[i] + effects[cluster] - 0.5 + random.NextDouble() - 0.5 > 0 ? 1 : 0;
        }

        return new PanelData(
        [
            CategoricalColumn.FromLabels("g", g),
            CategoricalColumn.FromLabels("h", h),
            CategoricalColumn.FromLabels("region", region),
            new NumericColumn("x", x),
            new NumericColumn("y", y),
            new NumericColumn("d", d),
        ]);
    }

    [Fact]
    public void ThirtyClustersCarryTheNoteWithTheirCount()
    {
        var fit = Model.Regress("y").On("x").Cluster("g").Fit(Data(600, 30));

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Equal(30, note.Count);
        Assert.Contains("30 clusters of 'g'", note.Message, StringComparison.Ordinal);
        Assert.Contains("fewer than 42", note.Message, StringComparison.Ordinal);
        Assert.Contains("t test over-rejects", note.Message, StringComparison.Ordinal);
        Assert.Contains("wild cluster bootstrap by 'g', Vcov.WildBootstrap (as Stata's boottest, R's fwildclusterboot)", note.Message, StringComparison.Ordinal);
        Assert.Contains(note.Message, fit.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41, true)]
    [InlineData(42, false)]
    [InlineData(50, false)]
    public void TheRuleIsFewerThanFortyTwo(int groups, bool noted)
    {
        var fit = Model.Regress("y").On("x").Cluster("g").Fit(Data(840, groups));

        Assert.Equal(groups, fit.ClusterCounts["g"]);
        Assert.Equal(noted, fit.Notes.Any(n => n.Kind == NoteKind.FewClusters));
        Assert.Equal(42, VarianceEstimators.FewClustersThreshold);
    }

    [Fact]
    public void TheNoteChangesNoNumberAndGoesWithTheClusteredVariance()
    {
        var fit = Model.Regress("y").On("x").Cluster("g").Fit(Data(600, 30));
        var robust = fit.WithVcov(Vcov.HC1);
        var again = robust.WithVcov(Vcov.Cluster("g"));

        Assert.DoesNotContain(robust.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Contains(again.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Equal(fit["x"].StandardError, again["x"].StandardError);
        Assert.Equal(fit["x"].PValue, again["x"].PValue);
    }

    [Fact]
    public void TwoWayNamesOnlyTheDimensionWithFewClusters()
    {
        var fit = Model.Regress("y").On("x").Cluster("g", "h").Fit(Data(2000, 20, 100));

        Assert.Equal(20, fit.ClusterCounts["g"]);
        Assert.Equal(100, fit.ClusterCounts["h"]);
        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Equal(20, note.Count);
        Assert.Contains("20 clusters of 'g'", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'h'", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoWayWithBothDimensionsFewNamesBoth()
    {
        var fit = Model.Regress("y").On("x").Cluster("g", "h").Fit(Data(2000, 20, 25));

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Equal(20, note.Count);
        Assert.Contains("20 clusters of 'g' and 25 clusters of 'h'", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedEffectsModelsCarryIt()
    {
        var fit = Model.Regress("y").On("x").Fe("g").Cluster("g").Fit(Data(600, 30));

        Assert.Single(fit.Notes, n => n.Kind == NoteKind.FewClusters);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LogitAndProbitClusteredWithTenClustersCarryIt(bool logit)
    {
        var data = Data(1000, 10);
        var model = logit ? Model.Logit("d") : Model.Probit("d");
        var fit = model.On("x").Cluster("g").Fit(data);

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.FewClusters);
        Assert.Equal(10, note.Count);
        Assert.Contains("10 clusters of 'g'", note.Message, StringComparison.Ordinal);
        Assert.Contains("z test over-rejects", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(model.On("x").Fit(data).Notes, n => n.Kind == NoteKind.FewClusters);
    }

    [Fact]
    public void EachSplitSampleGroupWithFewClustersCarriesIt()
    {
        // 100 clusters in all (no note on the pooled models), 50 per region: each split sample has 50, no note either;
        // with 60 clusters, 30 per region: each split sample carries the note, the pooled interaction model does not.
        var enough = Model.Regress("y").On("x").Cluster("g").By("region").Fit(Data(2000, 100));
        var few = Model.Regress("y").On("x").Cluster("g").By("region").Fit(Data(1200, 60));

        Assert.All(enough.Groups, g => Assert.DoesNotContain(g.Fit.Notes, n => n.Kind == NoteKind.FewClusters));
        Assert.Equal(2, few.Groups.Count);
        Assert.All(few.Groups, g => Assert.Equal(30, Assert.Single(g.Fit.Notes, n => n.Kind == NoteKind.FewClusters).Count));
        Assert.DoesNotContain(few.Interaction.Notes, n => n.Kind == NoteKind.FewClusters);
    }

    [Fact]
    public void DifferenceInDifferencesCarriesIt()
    {
        // 20 units over 6 years, half treated from year 3.
        var unit = new List<string>();
        var year = new List<string>();
        var treated = new List<double>();
        var y = new List<double>();
        var random = new Random(5);
        for (var u = 0; u < 20; u++)
        {
            for (var t = 0; t < 6; t++)
            {
                unit.Add($"u{u}");
                year.Add($"{2000 + t}");
                var d = u % 2 == 0 && t >= 3 ? 1.0 : 0.0;
                treated.Add(d);
                y.Add(u + (0.1 * t) + d + random.NextDouble());
            }
        }

        var data = new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("year", year), new NumericColumn("did", [.. treated]), new NumericColumn("y", [.. y])], "unit", "year");
        var did = Model.Did("y").Treated("did").Fe("unit", "year").Cluster("unit").Fit(data);

        Assert.Equal(20, Assert.Single(did.Notes, n => n.Kind == NoteKind.FewClusters).Count);
    }
}
