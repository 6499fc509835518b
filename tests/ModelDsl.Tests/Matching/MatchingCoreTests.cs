using ModelDsl.Matching;
using ModelDsl.Tests.Binary;

namespace ModelDsl.Tests.Matching;

public sealed class MatchingCoreTests
{
    private const string Case = "psm-lalonde-matching";

    [Theory]
    [InlineData("logit", 0)]
    [InlineData("logit", 1)]
    [InlineData("probit", 0)]
    [InlineData("probit", 1)]
    public void NearestNeighbourOnReferenceScoresMatchesMatchingPackage(string link, int index)
    {
        var data = ReferenceCase.ReadNumericCsv(Case);
        var expected = ReferenceCase.Expected(Case);
        var ps = expected.GetProperty(link).GetProperty("ps").Doubles();
        var nn = expected.GetProperty("nn_" + link)[index];
        var treated = data["treat"].Select(t => t == 1.0).ToArray();
        var eligible = Enumerable.Repeat(true, ps.Length).ToArray();
        var set = MatchingCore.Nearest(ps, treated, nn.GetProperty("k").GetInt32(), replace: true, caliper: null, MatchingCore.MatchingPackageTieTolerance, eligible);
        var y = data["re78"];
        var att = MatchingCore.Att(set, y);
        var se = MatchingCore.AbadieImbensStandardError(set, y, att);
        ReferenceCase.Close(nn.GetProperty("att").GetDouble(), att, 1e-9, "att");
        ReferenceCase.Close(nn.GetProperty("se").GetDouble(), se, 1e-9, "se");
        Assert.Equal(nn.GetProperty("matched_pairs").GetInt32(), set.Controls.Sum(c => c.Length));
    }
}

public sealed class BalanceCoreTests
{
    private const string Case = "psm-lalonde-matching";

    [Theory]
    [InlineData("nn1")]
    [InlineData("kernel")]
    public void BalanceMatchesPstestConventions(string method)
    {
        var data = ReferenceCase.ReadNumericCsv(Case);
        var expected = ReferenceCase.Expected(Case);
        var ps = expected.GetProperty("logit").GetProperty("ps").Doubles();
        var treated = data["treat"].Select(t => t == 1.0).ToArray();
        var eligible = Enumerable.Repeat(true, ps.Length).ToArray();
        var set = method == "nn1"
            ? ModelDsl.Matching.MatchingCore.Nearest(ps, treated, 1, true, null, ModelDsl.Matching.MatchingCore.MatchingPackageTieTolerance, eligible)
            : ModelDsl.Matching.MatchingCore.Kernel(ps, treated, ModelDsl.Matching.MatchingKernel.Epanechnikov, 0.06, eligible);
        var weights = set.RowWeights(ps.Length);
        var expectedWeights = method == "nn1"
            ? expected.GetProperty("nn_logit_weights_k1").Doubles()
            : expected.GetProperty("kernel_logit").GetProperty("weights").Doubles();
        for (var i = 0; i < ps.Length; i++)
        {
            ReferenceCase.Close(expectedWeights[i], weights[i], 1e-12, $"weight[{i}]");
        }

        if (method == "kernel")
        {
            var kernel = expected.GetProperty("kernel_logit");
            ReferenceCase.Close(kernel.GetProperty("att").GetDouble(), ModelDsl.Matching.MatchingCore.Att(set, data["re78"]), 1e-9, "kernel att");
            Assert.Equal(kernel.GetProperty("off_support").GetInt32(), set.Treated.Length - set.MatchedTreatedCount);
        }

        var names = expected.GetProperty("covariates").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var xb = ps.Select(p => Math.Log(p / (1 - p))).ToArray();
        var table = BalanceTable.Compute(names, names.Select(n => data[n]).ToArray(), treated, weights, xb);
        var reference = expected.GetProperty(method == "nn1" ? "balance_nn1_logit" : "balance_kernel_logit");
        var rows = reference.GetProperty("rows").EnumerateArray().ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = table.Rows[r];
            Assert.Equal(rows[r].GetProperty("name").GetString(), row.Name);
            ReferenceCase.Close(rows[r].GetProperty("mean_treated").GetDouble(), row.MeanTreated, 1e-9, row.Name + " mean_treated");
            ReferenceCase.Close(rows[r].GetProperty("mean_control").GetDouble(), row.MeanControl, 1e-9, row.Name + " mean_control");
            ReferenceCase.Close(rows[r].GetProperty("mean_treated_matched").GetDouble(), row.MeanTreatedMatched, 1e-9, row.Name + " mean_treated_matched");
            ReferenceCase.Close(rows[r].GetProperty("mean_control_matched").GetDouble(), row.MeanControlMatched, 1e-9, row.Name + " mean_control_matched");
            ReferenceCase.Close(rows[r].GetProperty("bias_pct_unmatched").GetDouble(), row.BiasPercentUnmatched, 1e-9, row.Name + " bias u");
            ReferenceCase.Close(rows[r].GetProperty("bias_pct_matched").GetDouble(), row.BiasPercentMatched, 1e-9, row.Name + " bias m");
            ReferenceCase.Close(rows[r].GetProperty("bias_reduction_pct").GetDouble(), row.BiasReductionPercent, 1e-9, row.Name + " reduction");
            ReferenceCase.Close(rows[r].GetProperty("t_unmatched").GetDouble(), row.TStatisticUnmatched, 1e-9, row.Name + " t u");
            ReferenceCase.Close(rows[r].GetProperty("p_unmatched").GetDouble(), row.PValueUnmatched, 1e-9, row.Name + " p u");
            ReferenceCase.Close(rows[r].GetProperty("t_matched").GetDouble(), row.TStatisticMatched, 1e-9, row.Name + " t m");
            ReferenceCase.Close(rows[r].GetProperty("p_matched").GetDouble(), row.PValueMatched, 1e-9, row.Name + " p m");
        }

        ReferenceCase.Close(reference.GetProperty("mean_bias_unmatched").GetDouble(), table.MeanBiasUnmatched, 1e-9, "mean bias u");
        ReferenceCase.Close(reference.GetProperty("mean_bias_matched").GetDouble(), table.MeanBiasMatched, 1e-9, "mean bias m");
        ReferenceCase.Close(reference.GetProperty("median_bias_unmatched").GetDouble(), table.MedianBiasUnmatched, 1e-9, "median bias u");
        ReferenceCase.Close(reference.GetProperty("median_bias_matched").GetDouble(), table.MedianBiasMatched, 1e-9, "median bias m");
        ReferenceCase.Close(reference.GetProperty("rubin_b_unmatched").GetDouble(), table.RubinBUnmatched, 1e-7, "B u");
        ReferenceCase.Close(reference.GetProperty("rubin_r_unmatched").GetDouble(), table.RubinRUnmatched, 1e-7, "R u");
        ReferenceCase.Close(reference.GetProperty("rubin_b_matched").GetDouble(), table.RubinBMatched, 1e-7, "B m");
        ReferenceCase.Close(reference.GetProperty("rubin_r_matched").GetDouble(), table.RubinRMatched, 1e-7, "R m");
    }
}

public sealed class NearestNeighbourSearchTests
{
    // Brute force: all controls sorted by (distance, row); the k nearest plus every control tied with the k-th.
    private static int[] BruteForce(double[] score, bool[] treated, int treatedRow, int k, double? caliper)
    {
        var candidates = Enumerable.Range(0, score.Length)
            .Where(j => !treated[j])
            .Select(j => (Row: j, Gap: Math.Abs(score[j] - score[treatedRow])))
            .Where(c => caliper is null || c.Gap <= caliper)
            .OrderBy(c => c.Gap).ThenBy(c => c.Row)
            .ToArray();
        if (candidates.Length == 0)
        {
            return [];
        }

        var kth = candidates[Math.Min(k, candidates.Length) - 1].Gap;
        return candidates.Where(c => c.Gap <= kth).Select(c => c.Row).Order().ToArray();
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(3, null)]
    [InlineData(5, 0.05)]
    [InlineData(40, null)]
    public void WindowSearchEqualsBruteForceWithManyTies(int k, double? caliper)
    {
        var random = new Random(3);

        // Scores on a coarse grid so that exact ties are everywhere.
        var score = Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble() * 40) / 40).ToArray();
        var treated = Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.3).ToArray();
        var eligible = Enumerable.Repeat(true, 300).ToArray();
        var set = MatchingCore.Nearest(score, treated, k, replace: true, caliper, MatchingCore.ExactTies, eligible);
        for (var t = 0; t < set.Treated.Length; t++)
        {
            Assert.Equal(BruteForce(score, treated, set.Treated[t], k, caliper), set.Controls[t]);
        }
    }
}

public sealed class KernelAttTests
{
    [Theory]
    [InlineData(MatchingKernel.Epanechnikov, 0.06)]
    [InlineData(MatchingKernel.Biweight, 0.1)]
    [InlineData(MatchingKernel.Uniform, 0.02)]
    [InlineData(MatchingKernel.Gaussian, 0.05)]
    public void DirectAttEqualsTheMatchSetAtt(MatchingKernel kernel, double bandwidth)
    {
        var data = ReferenceCase.ReadNumericCsv("psm-lalonde-matching");
        var ps = ReferenceCase.Expected("psm-lalonde-matching").GetProperty("logit").GetProperty("ps").Doubles();
        var treated = data["treat"].Select(t => t == 1.0).ToArray();
        var eligible = Enumerable.Repeat(true, ps.Length).ToArray();
        var set = MatchingCore.Kernel(ps, treated, kernel, bandwidth, eligible);
        ReferenceCase.Close(MatchingCore.Att(set, data["re78"]), MatchingCore.KernelAtt(ps, treated, data["re78"], kernel, bandwidth, eligible), 1e-10, kernel.ToString());
    }
}
