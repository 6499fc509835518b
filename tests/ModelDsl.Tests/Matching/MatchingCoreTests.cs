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
        var set = MatchingCore.Nearest(ps, treated, nn.GetProperty("k").GetInt32(), replace: true, caliper: null, MatchingCore.DefaultTieTolerance, eligible);
        var y = data["re78"];
        var att = MatchingCore.Att(set, y);
        var se = MatchingCore.AbadieImbensStandardError(set, y, att);
        ReferenceCase.Close(nn.GetProperty("att").GetDouble(), att, 1e-9, "att");
        ReferenceCase.Close(nn.GetProperty("se").GetDouble(), se, 1e-9, "se");
        Assert.Equal(nn.GetProperty("matched_pairs").GetInt32(), set.Controls.Sum(c => c.Length));
    }
}
