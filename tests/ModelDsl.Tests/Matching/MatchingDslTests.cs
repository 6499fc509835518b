using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Matching;
using ModelDsl.Tests.Binary;

namespace ModelDsl.Tests.Matching;

/// <summary>Model.Match(...) against the reference helper's lalonde case (exact ties, Matching::Match with distance.tolerance = 0).</summary>
public sealed class MatchingDslTests
{
    private const string Case = "psm-lalonde";
    private static readonly Term[] Covariates = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"];
    private static readonly Lazy<PanelData> Lalonde = new(() => PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder(Case), "data.csv")));

    private static MatchingSpecification Start(string link)
    {
        var start = Model.Match("treat").On(Covariates).Outcome("re78");
        return link == "logit" ? start.Logit() : start.Probit();
    }

    [Theory]
    [InlineData("logit", 1)]
    [InlineData("logit", 5)]
    [InlineData("probit", 1)]
    [InlineData("probit", 5)]
    public void NearestNeighbourMatchesReference(string link, int k)
    {
        var expected = ReferenceCase.Expected(Case).GetProperty(link);
        var block = expected.GetProperty($"nearest_{k}");
        var result = Start(link).Nearest(k).Fit(Lalonde.Value);
        var ps = expected.GetProperty("propensity_model").GetProperty("pscore").Doubles();
        for (var i = 0; i < ps.Length; i++)
        {
            Assert.True(Math.Abs(ps[i] - result.PropensityScores[i]) < 1e-9, $"pscore[{i}]: expected {ps[i]:R}, got {result.PropensityScores[i]:R}");
        }

        ReferenceCase.Close(block.GetProperty("att").GetDouble(), result.Att, 1e-6, "att");
        ReferenceCase.Close(block.GetProperty("se_abadie_imbens").GetDouble(), result.StandardError, 1e-6, "Abadie-Imbens se");
        ReferenceCase.Close(block.GetProperty("matching_package_tolerance_0").GetProperty("se").GetDouble(), result.StandardError, 1e-6, "Matching::Match se");
        Assert.Equal(block.GetProperty("controls_used").GetInt32(), result.ControlsUsedCount);
        Assert.Equal(block.GetProperty("matched_pairs").GetInt32(), result.Matches.Sum(m => m.ControlRows.Count));
        Assert.Equal(185, result.TreatedMatchedCount);
        Assert.Equal(0, result.OffSupportCount);
        Assert.Equal("abadie-imbens", result.StandardErrorMethod);
        Assert.DoesNotContain(result.Notes, n => n.Kind == ModelDsl.Results.NoteKind.Convergence);
        CompareControlWeights(block.GetProperty("control_weights"), result);
        CompareBalance(block.GetProperty("balance"), result.Balance);
    }

    [Fact]
    public void KernelMatchesReference()
    {
        var block = ReferenceCase.Expected(Case).GetProperty("logit").GetProperty("kernel_epanechnikov");
        var result = Start("logit").Kernel().Bootstrap(20, seed: 11).Fit(Lalonde.Value);
        ReferenceCase.Close(block.GetProperty("att").GetDouble(), result.Att, 1e-6, "kernel att");
        Assert.Equal(block.GetProperty("treated_on_support").GetInt32(), result.TreatedMatchedCount);
        Assert.Equal(block.GetProperty("treated_off_support").GetInt32(), result.OffSupportCount);
        var ids = Lalonde.Value.Categorical("id");
        var off = result.Matches.Where(m => !m.IsOnSupport).Select(m => ids[m.TreatedRow]).ToArray();
        Assert.Equal(block.GetProperty("off_support_ids").EnumerateArray().Select(e => e.GetString()).ToArray(), off);
        Assert.Equal(block.GetProperty("controls_used").GetInt32(), result.ControlsUsedCount);
        Assert.Contains(result.Notes, n => n.Message.Contains("off support", StringComparison.Ordinal));
        Assert.StartsWith("bootstrap(20 of 20 resamples, seed 11)", result.StandardErrorMethod, StringComparison.Ordinal);
        Assert.True(result.StandardError > 0);
        CompareControlWeights(block.GetProperty("control_weights"), result);
        CompareBalance(block.GetProperty("balance"), result.Balance);
    }

    [Fact]
    public void MatchingPackageTiesReproduceMatchDefaults()
    {
        var mine = ReferenceCase.Expected("psm-lalonde-matching").GetProperty("nn_probit")[0];
        var result = Start("probit").Nearest(1).MatchingPackageTies().Fit(Lalonde.Value);
        ReferenceCase.Close(mine.GetProperty("att").GetDouble(), result.Att, 1e-6, "att with Match's default tolerance");
        ReferenceCase.Close(mine.GetProperty("se").GetDouble(), result.StandardError, 1e-6, "se with Match's default tolerance");
    }

    [Fact]
    public void JsonCarriesCountsWeightsAndBalanceRows()
    {
        var json = JsonDocument.Parse(Start("logit").Nearest(5).Fit(Lalonde.Value).ToJson()).RootElement;
        Assert.Equal("psm", json.GetProperty("estimator").GetString());
        Assert.Equal(614, json.GetProperty("weights").GetArrayLength());
        var row = json.GetProperty("balance").GetProperty("rows")[0];
        foreach (var key in new[] { "name", "mean_treated", "mean_control", "bias_pct_unmatched", "bias_pct_matched", "bias_reduction_pct", "p_unmatched", "p_matched" })
        {
            Assert.True(row.TryGetProperty(key, out _), $"balance row lacks {key}");
        }
    }

    private static void CompareControlWeights(JsonElement expected, MatchingResult result)
    {
        var ids = Lalonde.Value.Categorical("id");
        var byId = Enumerable.Range(0, Lalonde.Value.RowCount).Where(i => !result.Treated[i]).ToDictionary(i => ids[i]!, i => result.Weights[i]);
        var expectedIds = expected.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var expectedWeights = expected.GetProperty("weights").Doubles();
        for (var j = 0; j < expectedIds.Length; j++)
        {
            ReferenceCase.Close(expectedWeights[j], byId[expectedIds[j]], 1e-9, $"weight of {expectedIds[j]}");
        }

        Assert.Equal(expectedIds.Length, byId.Count(p => p.Value > 0));
    }

    private static void CompareBalance(JsonElement expected, BalanceTable table)
    {
        var rows = expected.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(rows.Length, table.Rows.Count);
        foreach (var row in rows)
        {
            var name = row.GetProperty("name").GetString()!;
            var actual = table[name];
            ReferenceCase.Close(row.GetProperty("mean_treated").GetDouble(), actual.MeanTreated, 1e-9, name + " mean_treated");
            ReferenceCase.Close(row.GetProperty("mean_control").GetDouble(), actual.MeanControl, 1e-9, name + " mean_control");
            ReferenceCase.Close(row.GetProperty("mean_treated_matched").GetDouble(), actual.MeanTreatedMatched, 1e-9, name + " mean_treated_matched");
            ReferenceCase.Close(row.GetProperty("mean_control_matched").GetDouble(), actual.MeanControlMatched, 1e-6, name + " mean_control_matched");
            ReferenceCase.Close(row.GetProperty("bias_pct_unmatched").GetDouble(), actual.BiasPercentUnmatched, 1e-6, name + " bias unmatched");
            ReferenceCase.Close(row.GetProperty("bias_pct_matched").GetDouble(), actual.BiasPercentMatched, 1e-6, name + " bias matched");
            ReferenceCase.Close(row.GetProperty("bias_reduction_pct").GetDouble(), actual.BiasReductionPercent, 1e-6, name + " reduction");
            ReferenceCase.Close(row.GetProperty("t_unmatched").GetDouble(), actual.TStatisticUnmatched, 1e-6, name + " t unmatched");
            ReferenceCase.Close(row.GetProperty("p_unmatched").GetDouble(), actual.PValueUnmatched, 1e-6, name + " p unmatched");
            ReferenceCase.Close(row.GetProperty("t_matched_iweight").GetDouble(), actual.TStatisticMatched, 1e-6, name + " t matched");
            ReferenceCase.Close(row.GetProperty("p_matched_iweight").GetDouble(), actual.PValueMatched, 1e-6, name + " p matched");
        }

        ReferenceCase.Close(expected.GetProperty("mean_bias_unmatched").GetDouble(), table.MeanBiasUnmatched, 1e-6, "mean bias unmatched");
        ReferenceCase.Close(expected.GetProperty("mean_bias_matched").GetDouble(), table.MeanBiasMatched, 1e-6, "mean bias matched");
        ReferenceCase.Close(expected.GetProperty("median_bias_unmatched").GetDouble(), table.MedianBiasUnmatched, 1e-6, "median bias unmatched");
        ReferenceCase.Close(expected.GetProperty("median_bias_matched").GetDouble(), table.MedianBiasMatched, 1e-6, "median bias matched");
        ReferenceCase.Close(expected.GetProperty("rubin_b_unmatched").GetDouble(), table.RubinBUnmatched, 1e-6, "Rubin B unmatched");
        ReferenceCase.Close(expected.GetProperty("rubin_r_unmatched").GetDouble(), table.RubinRUnmatched, 1e-6, "Rubin R unmatched");
        ReferenceCase.Close(expected.GetProperty("rubin_b_matched").GetDouble(), table.RubinBMatched, 1e-6, "Rubin B matched");
        ReferenceCase.Close(expected.GetProperty("rubin_r_matched").GetDouble(), table.RubinRMatched, 1e-6, "Rubin R matched");
        var pstest = expected.GetProperty("pstest_summary");
        foreach (var (key, summary) in new[] { ("unmatched", table.PstestUnmatched), ("matched", table.PstestMatched) })
        {
            Assert.NotNull(summary);
            var reference = pstest.GetProperty(key);
            ReferenceCase.Close(reference.GetProperty("pseudo_r2").GetDouble(), summary.PseudoRSquared, 1e-6, key + " pstest pseudo R2");
            ReferenceCase.Close(reference.GetProperty("lr_chi2").GetDouble(), summary.LikelihoodRatio, 1e-6, key + " pstest LR");
            Assert.Equal(reference.GetProperty("lr_df").GetInt32(), summary.DegreesOfFreedom);
            ReferenceCase.Close(reference.GetProperty("lr_p").GetDouble(), summary.PValue, 1e-6, key + " pstest p");
            ReferenceCase.Close(reference.GetProperty("rubin_b").GetDouble(), summary.RubinB, 1e-6, key + " pstest B");
            ReferenceCase.Close(reference.GetProperty("rubin_r").GetDouble(), summary.RubinR, 1e-6, key + " pstest R");
        }
    }
}
