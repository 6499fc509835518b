using System.Text.Json;

using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Reporting;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Inference;

/// <summary>
/// The two-way and subcluster wild bootstrap against a brute-force R implementation with every Rademacher sign vector
/// of the bootstrap groups enumerated (reference/wild-bootstrap-multiway), and the fast algorithm against brute-force
/// re-estimation in C# on random draws (two-way by the larger dimension, subclusters, one weight per observation).
/// </summary>
public sealed class WildBootstrapMultiwayTests
{
    private static readonly ReferenceCase Case = ReferenceCase.Load("wild-bootstrap-multiway", unit: "state", time: "year", "region", "period", "superregion");

    private static readonly string[] Names = ["log(pcap)", "log(pc)", "log(emp)", "unemp"];

    public static TheoryData<string> Blocks =>
    [
        "twoway_region_year_wcr",
        "twoway_region_year_fe_wcr",
        "twoway_region_period_wcr",
        "twoway_region_period_by_region_wcu",
        "subcluster_superregion_region_wcr",
        "subcluster_superregion_region_fe_wcr",
        "subcluster_superregion_region_wcu",
    ];

    private static RegressionSpecification Specification(bool fixedEffects, Vcov vcov)
    {
        var specification = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Vcov(vcov);
        return fixedEffects ? specification.Fe("state") : specification;
    }

    // The request of each reference block, with the p-value kind.
    private static (bool FixedEffects, Vcov Request, Vcov Clustered) Block(string block, BootstrapPValue kind)
    {
        var type = block.EndsWith("_wcu", StringComparison.Ordinal) ? WildBootstrapType.Unrestricted : WildBootstrapType.Restricted;
        var fixedEffects = block.Contains("_fe_", StringComparison.Ordinal);
        return block switch
        {
            _ when block.StartsWith("twoway_region_year", StringComparison.Ordinal) => (fixedEffects, Vcov.WildBootstrap("region", "year", type: type, pValue: kind), Vcov.Cluster("region", "year")),
            "twoway_region_period_wcr" => (false, Vcov.WildBootstrap("region", "period", type: type, pValue: kind), Vcov.Cluster("region", "period")),
            "twoway_region_period_by_region_wcu" => (false, Vcov.WildBootstrap("region", "period", bootstrapBy: "region", type: type, pValue: kind), Vcov.Cluster("region", "period")),
            _ => (fixedEffects, Vcov.WildSubclusterBootstrap("superregion", "region", type: type, pValue: kind), Vcov.Cluster("superregion")),
        };
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void EnumeratedPValuesAndIntervalsMatchTheBruteForceReference(string block)
    {
        var expectedBlock = Case.Expected.GetProperty(block);
        foreach (var kind in new[] { BootstrapPValue.Symmetric, BootstrapPValue.EqualTailed })
        {
            var (fixedEffects, request, clustered) = Block(block, kind);
            var fit = Specification(fixedEffects, request).Fit(Case.Data);
            var reference = Specification(fixedEffects, clustered).Fit(Case.Data);
            var suffix = kind == BootstrapPValue.Symmetric ? "symmetric" : "equal_tailed";
            foreach (var name in Names)
            {
                var expected = expectedBlock.GetProperty(name);
                var mine = fit[name];
                OrdinaryLeastSquaresTests.AssertClose(expected.GetProperty("estimate").GetDouble(), mine.Estimate, 1e-10);
                OrdinaryLeastSquaresTests.AssertClose(expected.GetProperty("std_error").GetDouble(), mine.StandardError, 1e-8);
                OrdinaryLeastSquaresTests.AssertClose(reference[name].StandardError, mine.StandardError, 1e-12);
                Assert.Equal(expected.GetProperty($"p_{suffix}").GetDouble(), mine.PValue, 1e-12);
                var interval = expected.GetProperty($"ci_{suffix}").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                OrdinaryLeastSquaresTests.AssertClose(interval[0], mine.ConfidenceLow, 1e-6);
                OrdinaryLeastSquaresTests.AssertClose(interval[1], mine.ConfidenceHigh, 1e-6);
            }

            var groups = expectedBlock.GetProperty("groups").GetInt32();
            var draws = expectedBlock.GetProperty("draws").GetInt32();
            Assert.Contains(fit.Notes, n => n.Message.Contains($"all 2^{groups} = {draws} sign vectors enumerated", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void TheBootstrapDistributionMatchesTheReference(string block)
    {
        var (fixedEffects, request, _) = Block(block, BootstrapPValue.Symmetric);
        var fit = Specification(fixedEffects, request).Fit(Case.Data);
        var input = new LinearVarianceInput(fit.Fit);
        for (var j = 0; j < Names.Length; j++)
        {
            var statistics = WildClusterBootstrap.Statistics(input, request, j);
            var mine = Enumerable.Range(0, statistics.Draws).Select(b => statistics.Statistic(b, 0.0)).Order().ToArray();
            var elements = Case.Expected.GetProperty(block).GetProperty(Names[j]).GetProperty("tstar_sorted").EnumerateArray().ToArray();

            // JSON writes ±∞ (a two-way variance that is not positive) as null; sorted, −∞ come first and +∞ last.
            var expected = elements.Select((e, b) => e.ValueKind == JsonValueKind.Null ? (b < elements.Length / 2 ? double.NegativeInfinity : double.PositiveInfinity) : e.GetDouble()).ToArray();
            Assert.Equal(expected.Length, mine.Length);
            Assert.Equal(Case.Expected.GetProperty(block).GetProperty(Names[j]).GetProperty("nonpositive_variances").GetInt32(), statistics.NonPositiveVariances(0.0));
            for (var b = 0; b < mine.Length; b++)
            {
                Assert.True(
                    expected[b] == mine[b] || Math.Abs(expected[b] - mine[b]) <= 1e-8 * Math.Max(1, Math.Abs(expected[b])),
                    $"{block} {Names[j]} draw {b}: {mine[b]:R} against {expected[b]:R}");
            }
        }
    }

    [Fact]
    public void TwoWayDrawsByTheDimensionWithFewerClustersUnlessTold()
    {
        var byDefault = Specification(false, Vcov.WildBootstrap("year", "region", draws: 999)).Fit(Case.Data);
        Assert.Contains(byDefault.Notes, n => n.Message.Contains("by the 9 clusters of 'region'", StringComparison.Ordinal));
        Assert.Equal("wild-bootstrap(year, region; WCR, Rademacher, B = 999, seed 1, symmetric)", byDefault.Vcov.Description);
        var byYear = Specification(false, Vcov.WildBootstrap("region", "year", bootstrapBy: "year", draws: 999)).Fit(Case.Data);
        Assert.Contains(byYear.Notes, n => n.Message.Contains("by the 17 clusters of 'year'", StringComparison.Ordinal) && n.Message.Contains("999 draws, seed 1", StringComparison.Ordinal));
        Assert.Equal("wild-bootstrap(region, year; WCR, Rademacher, B = 999, seed 1, symmetric, weights by year)", byYear.Vcov.Description);
        Assert.Equal(new Dictionary<string, int> { ["region"] = 9, ["year"] = 17 }, byYear.ClusterCounts.ToDictionary(c => c.Key, c => c.Value));
        Assert.Equal(8, byYear.InferenceDegreesOfFreedom);

        var sub = Specification(false, Vcov.WildSubclusterBootstrap("superregion", "region", draws: 999)).Fit(Case.Data);
        Assert.Equal("wild-bootstrap(superregion; WCR, Rademacher, B = 999, seed 1, symmetric, weights by subcluster region)", sub.Vcov.Description);
        Assert.Contains(sub.Notes, n => n.Message.Contains("by 9 subclusters ('superregion' × 'region')", StringComparison.Ordinal));
        var text = RegressionTable.Of(sub).ToMarkdown();
        Assert.Contains("p-values (and stars) and confidence intervals from the wild cluster bootstrap", text, StringComparison.Ordinal);

        // 4 clusters, but the bootstrap is the remedy the few-clusters line would point to: the table does not print it.
        Assert.DoesNotContain("Few clusters", text, StringComparison.Ordinal);
        Assert.Contains("Few clusters", RegressionTable.Of(Specification(false, Vcov.Cluster("superregion")).Fit(Case.Data)).ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadRequestsSayWhatToChange()
    {
        var outside = Assert.Throws<ArgumentException>(() => Vcov.WildBootstrap("region", "year", bootstrapBy: "state"));
        Assert.Contains("by 'region' or 'year', not 'state'", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Vcov.WildBootstrap("region", "region"));
        var oneWayBy = new WildClusterBootstrap(999, 1, WildWeights.Rademacher, WildBootstrapType.Restricted, BootstrapPValue.Symmetric, WildBootstrapLevel.Cluster, new ColumnTerm("year"));
        var error = Assert.Throws<InvalidOperationException>(() => Specification(false, Vcov.Using(oneWayBy, "region")).Fit(Case.Data));
        Assert.Contains("Vcov.WildSubclusterBootstrap(\"region\", \"year\")", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new WildClusterBootstrap(999, 1, WildWeights.Rademacher, WildBootstrapType.Restricted, BootstrapPValue.Symmetric, WildBootstrapLevel.Subcluster, null));
    }

    public static TheoryData<string> RandomLayouts => ["twoway_by_year", "twoway_by_region_webb", "subcluster_region_period", "observation"];

    [Theory]
    [MemberData(nameof(RandomLayouts))]
    public void TheFastAlgorithmEqualsBruteForceReestimation(string layout)
    {
        var request = layout switch
        {
            "twoway_by_year" => Vcov.WildBootstrap("region", "year", bootstrapBy: "year", draws: 199, seed: 11),
            "twoway_by_region_webb" => Vcov.WildBootstrap("region", "year", draws: 199, seed: 5, weights: WildWeights.Webb, type: WildBootstrapType.Unrestricted),
            "subcluster_region_period" => Vcov.WildSubclusterBootstrap("region", "period", draws: 199, seed: 3, weights: WildWeights.Mammen),
            _ => Vcov.WildSubclusterBootstrap("region", (string?)null, draws: 199, seed: 9, weights: WildWeights.Normal),
        };
        var restricted = ((WildClusterBootstrap)request.Estimator).Type == WildBootstrapType.Restricted;
        var fit = Specification(true, request).Fit(Case.Data);
        var input = new LinearVarianceInput(fit.Fit);
        var (design, y) = input.LeastSquaresData()!.Value;
        var n = y.Length;
        var p = input.Names.Count;
        var bread = input.Bread();
        var estimates = input.Estimates.ToArray();
        var (cellCodes, _, groups, bootOfCell) = WildClusterBootstrap.LayoutOf(input, request);
        var boot = cellCodes.Select(f => bootOfCell[f]).ToArray();

        // The variance terms written out: one-way CR1; two-way V_region + V_year − V_region×year, each with Gmin/(Gmin − 1).
        var observationFactor = (n - 1.0) / (n - 5);
        var terms = new List<(int[] Codes, double Factor)>();
        var (first, g1) = input.ClusterCodes(request.Clusters[0]);
        if (request.Clusters.Count == 1)
        {
            terms.Add((first, g1 / (g1 - 1.0) * observationFactor));
        }
        else
        {
            var (second, g2) = input.ClusterCodes(request.Clusters[1]);
            var gmin = Math.Min(g1, g2);
            var c = gmin / (gmin - 1.0) * observationFactor;
            var both = first.Zip(second, (a, b) => (a * 1000) + b).ToArray();
            terms.Add((first, c));
            terms.Add((second, c));
            terms.Add((both, -c));
        }

        var v = ((WildClusterBootstrap)request.Estimator).DrawWeights(groups, out var draws, out var enumerated);
        Assert.False(enumerated);
        Assert.Equal(199, draws);
        const int j = 2;
        const double nullValue = 0.5;
        var statistics = WildClusterBootstrap.Statistics(input, request, j);
        var (baseline, fitted) = WildBootstrapBruteForce.DgpFit(estimates, bread, design, n, j, nullValue, restricted);

        for (var b = 0; b < draws; b++)
        {
            // β* = β̃ + A D'(ũ∘v), e* = ũ∘v − D(β* − β̃), the variance terms of e*, per draw.
            var ustar = new double[n];
            for (var i = 0; i < n; i++)
            {
                ustar[i] = (y[i] - fitted[i]) * v[(b * groups) + boot[i]];
            }

            var shift = new double[p];
            for (var a = 0; a < p; a++)
            {
                for (var c = 0; c < p; c++)
                {
                    var dtu = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        dtu += design[(c * n) + i] * ustar[i];
                    }

                    shift[a] += bread[(a * p) + c] * dtu;
                }
            }

            var projected = new double[n];
            for (var i = 0; i < n; i++)
            {
                var e = ustar[i];
                var x = 0.0;
                for (var a = 0; a < p; a++)
                {
                    e -= design[(a * n) + i] * shift[a];
                    x += design[(a * n) + i] * bread[(j * p) + a];
                }

                projected[i] = x * e;
            }

            var variance = 0.0;
            foreach (var (codes, factor) in terms)
            {
                var sums = new Dictionary<int, double>();
                for (var i = 0; i < n; i++)
                {
                    sums[codes[i]] = sums.GetValueOrDefault(codes[i]) + projected[i];
                }

                variance += factor * sums.Values.Sum(s => s * s);
            }

            var numerator = baseline[j] + shift[j] - (restricted ? nullValue : estimates[j]);
            var expected = variance > 0 ? numerator / Math.Sqrt(variance) : Math.CopySign(double.PositiveInfinity, numerator);
            var fast = statistics.Statistic(b, nullValue);
            Assert.True(expected == fast || Math.Abs(expected - fast) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{layout} draw {b}: fast {fast:R}, brute force {expected:R}");
        }
    }
}
