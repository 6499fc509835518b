using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Mechanisms;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Mechanisms;

public sealed class HeterogeneityTests
{
    [Fact]
    public void StackedModelReproducesTheSplitSamples()
    {
        var data = Produc("did-produc");
        var result = Model.Regress(Term.Log("gsp")).On("treated").Controls(Term.Log("pcap"), "unemp").Fe("state", "year").Cluster("state")
            .By("big").Fit(WithSize(data));

        Assert.Equal(new[] { "large", "small" }, result.Groups.Select(g => g.Level));
        foreach (var g in result.Groups)
        {
            var stacked = result.Stacked[HeterogeneitySpecification.InteractionName("treated", "big", g.Level)];
            Close(g.Fit["treated"].Estimate, stacked.Estimate, 1e-8, $"stacked = split for {g.Level}");
            Close(g.Fit["log(pcap)"].Estimate, result.Stacked[HeterogeneitySpecification.InteractionName("log(pcap)", "big", g.Level)].Estimate, 1e-8, "control");
        }

        Assert.Equal(result.Groups.Sum(g => g.Fit.Observations), result.Stacked.Observations);
        var test = result.StackedEqualityTests["treated"];
        Assert.Equal(1, test.NumeratorDegreesOfFreedom);
        Assert.Equal(47, test.DenominatorDegreesOfFreedom);

        // With one restriction the Wald chi2 is the squared t of the difference.
        var a = HeterogeneitySpecification.InteractionName("treated", "big", "large");
        var b = HeterogeneitySpecification.InteractionName("treated", "big", "small");
        var difference = result.Stacked[b].Estimate - result.Stacked[a].Estimate;
        var variance = result.Stacked.Covariance(a, a) + result.Stacked.Covariance(b, b) - (2 * result.Stacked.Covariance(a, b));
        Close(difference * difference / variance, test.ChiSquare, 1e-10, "chi2 = t^2");
    }

    [Fact]
    public void PooledInteractionHasOneSlopePerLevelAndAnEqualityTest()
    {
        var data = Simulated(units: 48, periods: 8, effect: 1.0, seed: 21);
        var result = Model.Regress("y").On("x").Fe("unit", "year").Cluster("unit").By("region").Fit(data);

        Assert.Equal(4, result.Groups.Count);
        foreach (var g in result.Groups)
        {
            Close(0.5, result.InteractionEffect("x", g.Level).Estimate, 0.5, $"x in {g.Level}");
        }

        var test = result.EqualityTests["x"];
        Assert.Equal(3, test.NumeratorDegreesOfFreedom);
        Assert.Equal(47, test.DenominatorDegreesOfFreedom);
        Assert.InRange(test.FPValue, 0.0, 1.0);
        Assert.DoesNotContain(result.Interaction.Coefficients, c => c.Name.StartsWith("region=", StringComparison.Ordinal));

        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(4, json.RootElement.GetProperty("groups").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("equality_tests").GetProperty("x").GetProperty("q").GetInt32());
    }

    [Fact]
    public void OneLevelAtATimeMatchesAHandBuiltInteraction()
    {
        var data = Simulated(units: 48, periods: 8, effect: 1.0, seed: 23);
        var result = Model.Regress("y").On("x").Fe("unit", "year").Cluster("unit").By("region").Fit(data);

        Assert.Equal(4, result.LevelInteractions.Count);
        Assert.All(result.LevelInteractions, g => Assert.Equal(data.RowCount, g.Fit.Observations));
        var x = data.Numeric("x").Values.ToArray();
        var region = data.Categorical("region");
        var east = data.WithColumn(new NumericColumn("x_east", x.Select((v, i) => region[i] == "east" ? v : 0).ToArray()));
        var direct = Model.Regress("y").On("x_east").Fe("unit", "year").Cluster("unit").Fit(east);
        var fit = result.LevelInteractions.Single(g => g.Level == "east").Fit;
        var name = HeterogeneitySpecification.InteractionName("x", "region", "east");
        Close(direct["x_east"].Estimate, fit[name].Estimate, 1e-10, "east interaction");
        Close(direct["x_east"].StandardError, fit[name].StandardError, 1e-10, "east interaction SE");
    }

    [Fact]
    public void GroupInterceptsWithoutNestedFixedEffects()
    {
        var data = Simulated(units: 48, periods: 8, effect: 1.0, seed: 22);
        var result = Model.Regress("y").On("x").Fe("year").By("region").Fit(data);
        Assert.Contains(result.Interaction.Coefficients, c => c.Name == "region=north");
        Assert.Equal(3, result.EqualityTests["x"].NumeratorDegreesOfFreedom);
    }

    [Fact]
    public void NeedsTwoGroupsAndARegressor()
    {
        var data = Simulated(units: 12, periods: 6, effect: 1.0, seed: 2);
        Assert.Contains("no regressor of interest", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").Controls("x").By("region").Fit(data)).Message);
        var one = data.WithColumn(CategoricalColumn.FromLabels("one", Enumerable.Repeat("all", data.RowCount).ToArray()));
        Assert.Contains("at least two groups", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").By("one").Fit(one)).Message);
    }

    private static PanelData WithSize(PanelData data)
    {
        var emp = data.Numeric("emp").Values.ToArray();
        var state = data.Unit;
        var meanEmp = Enumerable.Range(0, data.RowCount).GroupBy(i => state[i]).ToDictionary(g => g.Key!, g => g.Average(i => emp[i]));
        var median = meanEmp.Values.Order().ElementAt(meanEmp.Count / 2);
        return data.WithColumn(CategoricalColumn.FromLabels("big", Enumerable.Range(0, data.RowCount).Select(i => meanEmp[state[i]!] >= median ? "large" : "small").ToArray()));
    }
}
