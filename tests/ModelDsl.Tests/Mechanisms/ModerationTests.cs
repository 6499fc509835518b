using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Mechanisms;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Mechanisms;

public sealed class ModerationTests
{
    [Fact]
    public void MarginalEffectsEqualTheEffectWithTheModeratorCentredThere()
    {
        var data = Produc("mediation-produc");
        var result = Model.Moderate(Term.Log("gsp")).Effect(Term.Log("pcap")).By("unemp").At(4.0, 9.0)
            .Controls(Term.Log("pc")).Fe("state", "year").Cluster("state").Fit(data);

        Assert.Equal(result.Regression["c(log(pcap))"].Estimate, result.MarginalEffectAt(result.ModeratorMean).Estimate, 12);

        // Independent path: centre Z at z0 instead of its mean; X's coefficient is then θ(z0), its SE the delta-method SE.
        foreach (var effect in result.MarginalEffects)
        {
            var z0 = effect.ModeratorValue;
            var x = data.Numeric("pcap").Values.ToArray().Select(v => Math.Log(v)).ToArray();
            var xbar = x.Average();
            var z = data.Numeric("unemp").Values.ToArray();
            var shifted = data
                .WithColumn(new NumericColumn("xc", x.Select(v => v - xbar).ToArray()))
                .WithColumn(new NumericColumn("zc", z.Select(v => v - z0).ToArray()))
                .WithColumn(new NumericColumn("xz", x.Select((v, i) => (v - xbar) * (z[i] - z0)).ToArray()));
            var direct = Model.Regress(Term.Log("gsp")).On("xc", "zc", "xz").Controls(Term.Log("pc")).Fe("state", "year").Cluster("state").Fit(shifted);
            Close(direct["xc"].Estimate, effect.Estimate, 1e-8, $"theta({z0})");
            Close(direct["xc"].StandardError, effect.StandardError, 1e-7, $"se theta({z0})");
            Close(direct["xc"].PValue, effect.PValue, 1e-6, $"p theta({z0})");
        }

        Close(result.Interaction.Estimate, (result.MarginalEffects[1].Estimate - result.MarginalEffects[0].Estimate) / 5.0, 1e-8, "slope of theta");
    }

    [Fact]
    public void DefaultValuesAreMeanAndOneSdEitherSide()
    {
        var result = Model.Moderate("y").Effect("x").By("m").Fit(Simple());
        Assert.Equal(3, result.MarginalEffects.Count);
        Assert.Equal(result.ModeratorMean - result.ModeratorStandardDeviation, result.MarginalEffects[0].ModeratorValue, 12);
        Assert.Equal(result.ModeratorMean, result.MarginalEffects[1].ModeratorValue, 12);
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal("moderation", json.RootElement.GetProperty("estimator").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("marginal_effects").GetArrayLength());
    }

    [Fact]
    public void ModeratorMustDifferFromTheEffect()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.Moderate("y").Effect("x").By("x").Fit(Simple()));
        Assert.Contains("is the focal variable itself", error.Message);
    }

    private static PanelData Simple()
    {
        var random = new Random(4);
        var n = 200;
        var x = Enumerable.Range(0, n).Select(_ => Normal(random)).ToArray();
        var m = Enumerable.Range(0, n).Select(_ => 2 + Normal(random)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 1 + x[i] + (0.5 * m[i]) + (0.3 * x[i] * m[i]) + Normal(random)).ToArray();
        return new PanelData([new NumericColumn("y", y), new NumericColumn("x", x), new NumericColumn("m", m)]);
    }
}
