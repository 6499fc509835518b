using System.Text.Json;

using ModelDsl.Causal;
using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>Goodman-Bacon (2021) Theorem 1: the weights sum to one and the weighted 2×2 estimates reproduce the TWFE estimate.</summary>
public sealed class BaconDecompositionTests
{
    [Fact]
    public void ReproducesTheTwfeEstimateOnProduc()
    {
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Fe("state", "year").Fit(Produc("did-produc"));
        var decomposition = did.Decompose();

        Assert.Equal(1.0, decomposition.Comparisons.Sum(c => c.Weight), 10);
        Close(did.Effect.Estimate, decomposition.WeightedSum, 1e-8, "sum of weighted 2x2 estimates");

        // Three timing groups and a never-treated group: 3 vs never, and 3 pairs in both directions.
        Assert.Equal(3, decomposition.Comparisons.Count(c => c.Kind == BaconComparisonKind.TreatedVersusNeverTreated));
        Assert.Equal(3, decomposition.Comparisons.Count(c => c.Kind == BaconComparisonKind.EarlierVersusLaterTreated));
        Assert.Equal(3, decomposition.Comparisons.Count(c => c.Kind == BaconComparisonKind.LaterVersusEarlierTreated));
        Assert.All(decomposition.Comparisons, c => Assert.True(c.Weight > 0));
        using var json = JsonDocument.Parse(decomposition.ToJson());
        Assert.Equal(9, json.RootElement.GetProperty("comparisons").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("by_kind").TryGetProperty("later_vs_earlier_treated", out _));
    }

    [Fact]
    public void TwoByTwoEstimateIsTheClassicDid()
    {
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Fe("state", "year").Fit(Produc("did-produc"));
        var comparison = did.Decompose().Comparisons.Single(c => c.Kind == BaconComparisonKind.TreatedVersusNeverTreated && c.TreatedCohort == 1979);

        // The same 2×2 DID by TWFE on the 1979 cohort and the never-treated states only.
        var data = Produc("did-produc");
        var cohort = data.Numeric("cohort");
        var rows = Enumerable.Range(0, data.RowCount).Where(i => cohort[i] is 0 or 1979).ToArray();
        var direct = Model.Did(Term.Log("gsp")).Cohort("cohort").Fe("state", "year").Fit(data.SelectRows(rows));
        Close(direct.Effect.Estimate, comparison.Estimate, 1e-8, "2x2 DID");
    }

    [Fact]
    public void HandlesAlwaysTreatedAndLateCohorts()
    {
        var data = Simulated(units: 40, periods: 10, effect: 0.5, seed: 17);
        var values = data.Numeric("cohort").Values.ToArray();
        var unit = data.Unit;
        for (var i = 0; i < values.Length; i++)
        {
            var u = int.Parse(unit[i]![1..], System.Globalization.CultureInfo.InvariantCulture);
            values[i] = u % 10 == 1 ? 1990 : u % 10 == 2 ? 2030 : values[i];
        }

        var did = Model.Did("y").Cohort("cohort").Fe("unit", "year").Fit(data.WithColumn(new NumericColumn("cohort", values)));
        var decomposition = did.Decompose();

        Assert.Equal(1.0, decomposition.Comparisons.Sum(c => c.Weight), 10);
        Close(did.Effect.Estimate, decomposition.WeightedSum, 1e-8, "weighted sum");
        Assert.Contains(decomposition.Comparisons, c => c.Kind == BaconComparisonKind.TreatedVersusAlwaysTreated);
    }

    [Fact]
    public void RefusesControlsAndUnbalancedSamples()
    {
        var data = Produc("did-produc");
        var withControls = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls("unemp").Fit(data);
        Assert.Contains("without controls", Assert.Throws<InvalidOperationException>(withControls.Decompose).Message);

        var unbalanced = Model.Did(Term.Log("gsp")).Cohort("cohort").Fit(data.SelectRows(Enumerable.Range(1, data.RowCount - 1).ToArray()));
        Assert.Contains("balanced", Assert.Throws<InvalidOperationException>(unbalanced.Decompose).Message);
    }
}
