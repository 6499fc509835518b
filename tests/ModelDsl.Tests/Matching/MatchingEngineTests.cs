using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Tests.Binary;

namespace ModelDsl.Tests.Matching;

public sealed class MatchingEngineTests
{
    private const string Case = "psm-lalonde-matching";
    private static readonly string[] Covariates = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"];

    internal static MatchingOptions Options(BinaryLink link, MatchingMethod method, int k = 1) =>
        new(link, method, k, Replace: true, Caliper: null, MatchingCore.MatchingPackageTieTolerance, MatchingKernel.Epanechnikov, 0.06, CommonSupport: false, BootstrapReplications: 0, Seed: 1);

    private static MatchingOutcome Run(MatchingOptions options)
    {
        var data = ReferenceCase.ReadNumericCsv(Case);
        return MatchingEngine.Run(options, data["treat"], Covariates.Select(c => data[c]).ToArray(), Covariates, data["re78"], "treat");
    }

    [Theory]
    [InlineData(BinaryLink.Logit, "logit", 0)]
    [InlineData(BinaryLink.Logit, "logit", 1)]
    [InlineData(BinaryLink.Probit, "probit", 0)]
    [InlineData(BinaryLink.Probit, "probit", 1)]
    public void OwnScoresReproduceMatchingPackage(BinaryLink link, string key, int index)
    {
        var expected = ReferenceCase.Expected(Case);
        var nn = expected.GetProperty("nn_" + key)[index];
        var outcome = Run(Options(link, MatchingMethod.NearestNeighbor, nn.GetProperty("k").GetInt32()));
        var ps = expected.GetProperty(key).GetProperty("ps").Doubles();
        for (var i = 0; i < ps.Length; i++)
        {
            Assert.True(Math.Abs(ps[i] - outcome.PropensityScore[i]) < 1e-9, $"ps[{i}]: R {ps[i]:R}, ours {outcome.PropensityScore[i]:R}");
        }

        ReferenceCase.Close(nn.GetProperty("att").GetDouble(), outcome.Att, 1e-6, "att");
        ReferenceCase.Close(nn.GetProperty("se").GetDouble(), outcome.StandardError, 1e-6, "Abadie-Imbens se");
        Assert.Equal(nn.GetProperty("controls_used").GetInt32(), outcome.Weights.Where((w, i) => w > 0 && !outcome.Treated[i]).Count());
    }

    [Fact]
    public void KernelAttMatchesAndBootstrapIsSeeded()
    {
        var expected = ReferenceCase.Expected(Case).GetProperty("kernel_logit");
        var options = Options(BinaryLink.Logit, MatchingMethod.Kernel) with { BootstrapReplications = 30, Seed = 7 };
        var first = Run(options);
        ReferenceCase.Close(expected.GetProperty("att").GetDouble(), first.Att, 1e-6, "kernel att");
        Assert.Equal(expected.GetProperty("off_support").GetInt32(), first.Set.Treated.Length - first.Set.MatchedTreatedCount);
        Assert.True(first.StandardError > 0 && double.IsFinite(first.StandardError));
        var second = Run(options);
        Assert.Equal(first.StandardError, second.StandardError);
        var other = Run(options with { Seed = 8 });
        Assert.NotEqual(first.StandardError, other.StandardError);
    }
}
