using System.Text.Json;

using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Reporting;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Inference;

/// <summary>
/// The wild cluster bootstrap against a brute-force R implementation with all 2^9 Rademacher sign vectors enumerated
/// (reference/wild-bootstrap), and the fast algorithm against a brute-force re-estimation in C# on random draws.
/// </summary>
public sealed class WildBootstrapTests
{
    private static readonly ReferenceCase Case = ReferenceCase.Load("wild-bootstrap", unit: "state", time: "year", "region");

    private static readonly string[] Names = ["log(pcap)", "log(pc)", "log(emp)", "unemp"];

    private static RegressionSpecification Specification(bool fixedEffects, Vcov vcov)
    {
        var specification = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Vcov(vcov);
        return fixedEffects ? specification.Fe("state") : specification;
    }

    [Theory]
    [InlineData("pooled_wcr", false, WildBootstrapType.Restricted)]
    [InlineData("fe_state_wcr", true, WildBootstrapType.Restricted)]
    [InlineData("pooled_wcu", false, WildBootstrapType.Unrestricted)]
    public void EnumeratedPValuesAndIntervalsMatchTheBruteForceReference(string block, bool fixedEffects, WildBootstrapType type)
    {
        foreach (var kind in new[] { BootstrapPValue.Symmetric, BootstrapPValue.EqualTailed })
        {
            var fit = Specification(fixedEffects, Vcov.WildBootstrap("region", draws: 9999, seed: 1, type: type, pValue: kind)).Fit(Case.Data);
            var suffix = kind == BootstrapPValue.Symmetric ? "symmetric" : "equal_tailed";
            foreach (var name in Names)
            {
                var expected = Case.Expected.GetProperty(block).GetProperty(name);
                var mine = fit[name];
                OrdinaryLeastSquaresTests.AssertClose(expected.GetProperty("estimate").GetDouble(), mine.Estimate, 1e-10);
                OrdinaryLeastSquaresTests.AssertClose(expected.GetProperty("std_error").GetDouble(), mine.StandardError, 1e-8);
                Assert.Equal(expected.GetProperty($"p_{suffix}").GetDouble(), mine.PValue, 1e-12);
                var interval = expected.GetProperty($"ci_{suffix}").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                OrdinaryLeastSquaresTests.AssertClose(interval[0], mine.ConfidenceLow, 1e-6);
                OrdinaryLeastSquaresTests.AssertClose(interval[1], mine.ConfidenceHigh, 1e-6);
            }

            Assert.Contains(fit.Notes, n => n.Message.Contains("all 2^9 = 512 sign vectors enumerated", StringComparison.Ordinal));
            Assert.Equal(8, fit.InferenceDegreesOfFreedom);
        }
    }

    [Theory]
    [InlineData("pooled_wcr", false, WildBootstrapType.Restricted)]
    [InlineData("fe_state_wcr", true, WildBootstrapType.Restricted)]
    [InlineData("pooled_wcu", false, WildBootstrapType.Unrestricted)]
    public void TheBootstrapDistributionMatchesTheReference(string block, bool fixedEffects, WildBootstrapType type)
    {
        var request = Vcov.WildBootstrap("region", type: type);
        var fit = Specification(fixedEffects, request).Fit(Case.Data);
        var input = new LinearVarianceInput(fit.Fit);
        for (var j = 0; j < Names.Length; j++)
        {
            var statistics = WildClusterBootstrap.Statistics(input, request, j);
            var mine = Enumerable.Range(0, statistics.Draws).Select(b => statistics.Statistic(b, 0.0)).Order().ToArray();
            var expected = Case.Expected.GetProperty(block).GetProperty(Names[j]).GetProperty("tstar_sorted").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(expected.Length, mine.Length);
            for (var b = 0; b < mine.Length; b++)
            {
                Assert.True(Math.Abs(expected[b] - mine[b]) <= 1e-8 * Math.Max(1, Math.Abs(expected[b])), $"{block} {Names[j]} draw {b}: {mine[b]:R} against {expected[b]:R}");
            }
        }
    }

    [Theory]
    [InlineData(WildWeights.Rademacher, WildBootstrapType.Restricted)]
    [InlineData(WildWeights.Webb, WildBootstrapType.Restricted)]
    [InlineData(WildWeights.Mammen, WildBootstrapType.Unrestricted)]
    [InlineData(WildWeights.Normal, WildBootstrapType.Restricted)]
    public void TheFastAlgorithmEqualsBruteForceReestimation(WildWeights weights, WildBootstrapType type)
    {
        // 48 states as clusters: 2^48 > draws, so the draws are random (seeded).
        var request = Vcov.WildBootstrap("state", draws: 199, seed: 7, weights: weights, type: type);
        var fit = Specification(false, request).Fit(Case.Data);
        var input = new LinearVarianceInput(fit.Fit);
        var (design, y) = input.LeastSquaresData()!.Value;
        var (codes, groups) = input.ClusterCodes(new ColumnTerm("state"));
        var n = y.Length;
        var p = input.Names.Count;
        var bread = input.Bread();
        var estimates = input.Estimates.ToArray();
        var factor = groups / (groups - 1.0) * (n - 1.0) / (n - p);
        var v = ((WildClusterBootstrap)request.Estimator).DrawWeights(groups, out var draws, out var enumerated);
        Assert.False(enumerated);
        Assert.Equal(199, draws);
        const int j = 1;
        const double nullValue = 0.25;
        var statistics = WildClusterBootstrap.Statistics(input, request, j);

        // Brute force: restricted (or unrestricted) fit, then y*, β* = A D'y*, e* = y* − Dβ*, CR1 of β*_j, per draw.
        var (baseline, fitted) = WildBootstrapBruteForce.DgpFit(estimates, bread, design, n, j, nullValue, type == WildBootstrapType.Restricted);

        for (var b = 0; b < draws; b++)
        {
            // Re-estimation in deviations from the bootstrap DGP's fit (y* − Dβ̃ = ũ∘v), which is the same regression
            // without the cancellation of D'y* on an uncentred design: β* = β̃ + A D'(ũ∘v), e* = ũ∘v − D(β* − β̃).
            var ustar = new double[n];
            for (var i = 0; i < n; i++)
            {
                ustar[i] = (y[i] - fitted[i]) * v[(b * groups) + codes[i]];
            }

            var dtu = new double[p];
            for (var a = 0; a < p; a++)
            {
                for (var i = 0; i < n; i++)
                {
                    dtu[a] += design[(a * n) + i] * ustar[i];
                }
            }

            var shift = new double[p];
            for (var a = 0; a < p; a++)
            {
                for (var c = 0; c < p; c++)
                {
                    shift[a] += bread[(a * p) + c] * dtu[c];
                }
            }

            var scores = new double[groups];
            for (var i = 0; i < n; i++)
            {
                var e = ustar[i];
                var projected = 0.0;
                for (var a = 0; a < p; a++)
                {
                    e -= design[(a * n) + i] * shift[a];
                    projected += design[(a * n) + i] * bread[(j * p) + a];
                }

                scores[codes[i]] += projected * e;
            }

            var centre = type == WildBootstrapType.Restricted ? nullValue : estimates[j];
            var expected = (baseline[j] + shift[j] - centre) / Math.Sqrt(factor * scores.Sum(s => s * s));
            var fast = statistics.Statistic(b, nullValue);
            Assert.True(Math.Abs(expected - fast) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"draw {b}: fast {fast:R}, brute force {expected:R}");
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameNumbersAndTablesNameTheMethod()
    {
        var request = Vcov.WildBootstrap("state", draws: 999, seed: 3, weights: WildWeights.Webb);
        var first = Specification(true, Vcov.Cluster("state")).Fit(Case.Data).WithVcov(request);
        var second = Specification(true, request).Fit(Case.Data);
        Assert.Equal(first["log(pc)"].PValue, second["log(pc)"].PValue);
        Assert.Equal(first["log(pc)"].ConfidenceLow, second["log(pc)"].ConfidenceLow);
        var clustered = Specification(true, Vcov.Cluster("state")).Fit(Case.Data);
        Assert.Equal(clustered["log(pc)"].StandardError, first["log(pc)"].StandardError, 12);
        Assert.Equal(clustered["log(pc)"].TStatistic, first["log(pc)"].TStatistic, 10);
        Assert.Equal("wild-bootstrap(state; WCR, Webb, B = 999, seed 3, symmetric)", first.Vcov.Description);

        var text = RegressionTable.Of(first).ToMarkdown();
        Assert.Contains("Variance estimator: wild-bootstrap(state; WCR, Webb, B = 999, seed 3, symmetric).", text, StringComparison.Ordinal);
        Assert.Contains("p-values (and stars) and confidence intervals from the wild cluster bootstrap", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(first.ToJson());
        Assert.Equal("wild-bootstrap(state; WCR, Webb, B = 999, seed 3, symmetric)", json.RootElement.GetProperty("vcov").GetString());
    }

    [Fact]
    public void BadRequestsSayWhatToChange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vcov.WildBootstrap("region", draws: 10));
        var logit = Assert.Throws<InvalidOperationException>(() => Model.Regress("gsp").On("pcap").RandomEffects().Vcov(Vcov.WildBootstrap("region")).Fit(Case.Data));
        Assert.Contains("least-squares fits with t inference", logit.Message, StringComparison.Ordinal);
    }
}
