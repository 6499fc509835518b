using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>The Callaway–Sant'Anna estimator's bootstrap, sample rules and errors on simulated panels.</summary>
public sealed class CallawaySantAnnaTests
{
    private static readonly PanelData Large = Simulated(units: 3000, periods: 8, effect: 1.0, seed: 17);

    [Fact]
    public void BootstrapIsReproducibleForAFixedSeedAndChangesWithIt()
    {
        var data = Simulated(units: 300, periods: 6, effect: 1.0, seed: 3);
        var specification = Model.CallawaySantAnna("y").Cohort("cohort").Covariates("x");
        var first = specification.Bootstrap(199, seed: 42).Fit(data);
        var second = specification.Bootstrap(199, seed: 42).Fit(data);
        var other = specification.Bootstrap(199, seed: 43).Fit(data);

        Assert.Equal(first.GroupTimeEffects.Select(e => e.Coefficient.StandardError), second.GroupTimeEffects.Select(e => e.Coefficient.StandardError));
        Assert.Equal(first.UniformCritical, second.UniformCritical);
        Assert.Equal(first.Dynamic().Effects.Select(e => e.BandLow), second.Dynamic().Effects.Select(e => e.BandLow));
        Assert.NotEqual(first.GroupTimeEffects.Select(e => e.Coefficient.StandardError), other.GroupTimeEffects.Select(e => e.Coefficient.StandardError));
        Assert.Contains("199 rademacher draws, seed 42", first.Variance, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MultiplierWeights.Rademacher)]
    [InlineData(MultiplierWeights.Mammen)]
    public void BootstrapStandardErrorsAreCloseToAnalyticOnALargeSample(MultiplierWeights weights)
    {
        var specification = Model.CallawaySantAnna("y").Cohort("cohort").Covariates("x");
        var analytic = specification.Fit(Large);
        var bootstrap = specification.Bootstrap(999, seed: 7, weights).Fit(Large);

        // The IQR-based bootstrap standard error has a sampling error of about 5 % with 999 draws.
        for (var k = 0; k < analytic.GroupTimeEffects.Count; k++)
        {
            Close(analytic.GroupTimeEffects[k].Coefficient.StandardError, bootstrap.GroupTimeEffects[k].Coefficient.StandardError, 0.15, $"se {analytic.GroupTimeEffects[k].Coefficient.Name}");
        }

        foreach (var kind in Enum.GetValues<AggregationKind>())
        {
            Close(analytic.Aggregate(kind).Overall.StandardError, bootstrap.Aggregate(kind).Overall.StandardError, 0.15, $"{kind} overall se");
        }

        // A uniform band over dozens of cells is wider than the pointwise interval, and not absurdly so.
        Assert.InRange(bootstrap.UniformCritical, 2.2, 4.5);
        Assert.True(double.IsNaN(analytic.UniformCritical));
        var dynamic = bootstrap.Dynamic();
        Assert.All(dynamic.Effects, e => Assert.True(e.BandLow < e.Coefficient.ConfidenceLow && e.BandHigh > e.Coefficient.ConfidenceHigh));
    }

    [Fact]
    public void RecoversTheSimulatedEffectAndZeroPreTrends()
    {
        var result = Model.CallawaySantAnna("y").Cohort("cohort").Covariates("x").Fit(Large);
        var simple = result.Simple().Overall;
        Assert.InRange(simple.Estimate, 1 - (4 * simple.StandardError), 1 + (4 * simple.StandardError));
        foreach (var e in result.Dynamic().Effects.Where(e => e.Key < 0))
        {
            Assert.InRange(e.Coefficient.Estimate, -4 * e.Coefficient.StandardError, 4 * e.Coefficient.StandardError);
        }
    }

    [Fact]
    public void UnbalancedUnitsAreDroppedWithANote()
    {
        var data = Simulated(units: 60, periods: 6, effect: 1.0, seed: 5);
        var rows = Enumerable.Range(0, data.RowCount).Where(i => i is not (3 or 20 or 21)).ToArray();
        var result = Model.CallawaySantAnna("y").Cohort("cohort").Fit(data.SelectRows(rows));
        Assert.Equal(58, result.Units);
        var note = Assert.Single(result.Notes, n => n.Kind == NoteKind.Structure);
        Assert.Equal(2, note.Count);
        Assert.Contains("balanced panel", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DynamicAggregationRespectsTheEventWindowAndBalance()
    {
        var result = Model.CallawaySantAnna("y").Cohort("cohort").Fit(Large);
        var window = result.Dynamic(minimum: -2, maximum: 2);
        Assert.Equal(new double[] { -2, -1, 0, 1, 2 }, window.Effects.Select(e => e.Key));
        var balanced = result.Dynamic(balance: 2);
        Assert.Equal(2, balanced.Effects.Max(e => e.Key));
        Assert.NotEqual(result.Dynamic()[0].Coefficient.Estimate, balanced[0].Coefficient.Estimate);
    }

    [Fact]
    public void ClusteredStandardErrorsUseClusterMeans()
    {
        var data = Simulated(units: 200, periods: 6, effect: 1.0, seed: 9);
        var result = Model.CallawaySantAnna("y").Cohort("cohort").Cluster("region").Fit(data);
        Assert.Equal(4, result.ClusterCount);
        Assert.Contains("cluster(region)", result.Variance, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        var noNever = Simulated(units: 60, periods: 8, effect: 1.0, seed: 5, withNever: false);
        var error = Assert.Throws<InvalidOperationException>(() => Model.CallawaySantAnna("y").Cohort("cohort").Fit(noNever));
        Assert.Contains("NotYetTreated()", error.Message, StringComparison.Ordinal);
        var notYet = Model.CallawaySantAnna("y").Cohort("cohort").NotYetTreated().Fit(noNever);
        Assert.Contains(notYet.Notes, n => n.Message.Contains("serves only as a comparison group", StringComparison.Ordinal));
        Assert.True(notYet.Periods[^1] < ((NumericColumn)noNever["cohort"]).Values.ToArray().Max());

        var data = Simulated(units: 40, periods: 5, effect: 1.0, seed: 1);
        Assert.Throws<InvalidOperationException>(() => Model.CallawaySantAnna("y").Fit(data));
        var byYear = Assert.Throws<ArgumentException>(() => Model.CallawaySantAnna("y").Cohort("cohort").Cluster("year").Fit(data));
        Assert.Contains("varies within unit", byYear.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.CallawaySantAnna("y").Bootstrap(1, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.CallawaySantAnna("y").Anticipation(-1));
    }
}
