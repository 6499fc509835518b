using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Mechanisms;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Mechanisms;

/// <summary>Heterogeneity (split, pooled, one-level, stacked) and moderation against reference/heterogeneity-produc (R, Stata CR1).</summary>
public sealed class HeterogeneityReferenceTests
{
    private const string Case = "heterogeneity-produc";

    private static PanelData Data()
    {
        var data = Produc(Case);
        var state = data.Unit;
        var letters = Enumerable.Range(0, data.RowCount).Select(i => state[i]![0] switch
        {
            <= 'I' => "A-I",
            <= 'N' => "K-N",
            _ => "O-W",
        }).ToArray();
        return data.WithColumn(CategoricalColumn.FromLabels("letters", letters));
    }

    [Fact]
    public void SplitPooledLevelAndStackedFitsMatchR()
    {
        var expected = Expected(Case);
        var result = Model.Regress(Term.Log("gsp")).On("treated").Controls(Term.Log("pcap"), "unemp").Fe("state", "year").Cluster("state")
            .By("letters").Fit(Data());

        var splits = expected.GetProperty("split").EnumerateArray().ToArray();
        Assert.Equal(splits.Select(s => s.GetProperty("level").GetString()), result.Groups.Select(g => g.Level));
        for (var i = 0; i < splits.Length; i++)
        {
            Assert.Equal(splits[i].GetProperty("observations").GetInt32(), result.Groups[i].Fit.Observations);
            CompareCoefficients(splits[i], result.Groups[i].Fit, $"split {result.Groups[i].Level}");
        }

        var pooled = expected.GetProperty("pooled");
        CompareCoefficients(pooled, result.Interaction, "pooled");
        CompareTest(pooled.GetProperty("equality"), result.EqualityTests["treated"], "pooled equality");

        var levels = expected.GetProperty("level").EnumerateArray().ToArray();
        for (var i = 0; i < levels.Length; i++)
        {
            CompareCoefficients(levels[i], result.LevelInteractions[i].Fit, $"level {result.LevelInteractions[i].Level}");
        }

        var stacked = expected.GetProperty("stacked");
        CompareCoefficients(stacked, result.Stacked, "stacked");
        CompareTest(stacked.GetProperty("equality"), result.StackedEqualityTests["treated"], "stacked equality");
    }

    [Fact]
    public void ModerationMatchesR()
    {
        var expected = Expected(Case).GetProperty("moderation");
        var result = Model.Moderate(Term.Log("gsp")).Effect(Term.Log("pcap")).By("unemp").At(4, 9)
            .Controls(Term.Log("pc")).Fe("state", "year").Cluster("state").Fit(Data());

        CompareCoefficients(expected, result.Regression, "moderation");
        Close(expected.GetProperty("moderator_mean").GetDouble(), result.ModeratorMean, 1e-12, "mean unemp");
        Close(expected.GetProperty("moderator_sd").GetDouble(), result.ModeratorStandardDeviation, 1e-12, "sd unemp");
        var effects = expected.GetProperty("marginal_effects").EnumerateArray().ToArray();
        for (var i = 0; i < effects.Length; i++)
        {
            Assert.Equal(effects[i].GetProperty("moderator_value").GetDouble(), result.MarginalEffects[i].ModeratorValue);
            Close(effects[i].GetProperty("estimate").GetDouble(), result.MarginalEffects[i].Estimate, 1e-8, $"theta {i}");
            Close(effects[i].GetProperty("std_error").GetDouble(), result.MarginalEffects[i].StandardError, 1e-6, $"se theta {i}");
            Close(effects[i].GetProperty("p").GetDouble(), result.MarginalEffects[i].PValue, 1e-6, $"p theta {i}");
        }
    }

    private static void CompareCoefficients(JsonElement expected, Results.RegressionResult actual, string what)
    {
        foreach (var c in expected.GetProperty("coefficients").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            Close(c.GetProperty("estimate").GetDouble(), actual[name].Estimate, 1e-8, $"{what}: {name}");
            Close(c.GetProperty("std_error").GetDouble(), actual[name].StandardError, 1e-6, $"{what}: SE {name}");
        }
    }

    private static void CompareTest(JsonElement expected, ModelDsl.Inference.WaldTestResult actual, string what)
    {
        Assert.Equal(expected.GetProperty("q").GetInt32(), actual.NumeratorDegreesOfFreedom);
        Assert.Equal(expected.GetProperty("f_df2").GetInt32(), actual.DenominatorDegreesOfFreedom);
        Close(expected.GetProperty("chi2").GetDouble(), actual.ChiSquare, 1e-6, $"{what} chi2");
        Close(expected.GetProperty("chi2_p").GetDouble(), actual.ChiSquarePValue, 1e-6, $"{what} chi2 p");
        Close(expected.GetProperty("f_p").GetDouble(), actual.FPValue, 1e-6, $"{what} F p");
    }
}
