using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Instrumental;

/// <summary>
/// Two-way fixed-effects 2SLS against R: AER::ivreg on state and year dummies with sandwich's variances
/// (reference/iv-cigarettes-twoway). Coefficients 1e-8 relative, standard errors and the covariance 1e-6.
/// </summary>
public sealed class CigarettesReferenceTests
{
    public static TheoryData<string> Blocks => ["iid_small", "iid", "hc0", "hc1", "cluster_cr0", "cluster_small"];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Absorbed_two_way_fixed_effects_2sls_matches_ivreg_on_dummies(string block)
    {
        var reference = ReferenceCase.Load("iv-cigarettes-twoway", categorical: ["state", "year"]);
        var vcov = block switch
        {
            "iid_small" or "iid" => Vcov.Iid,
            "hc0" or "hc1" => Vcov.HC1,
            _ => Vcov.Cluster("state"),
        };
        var model = Model.Regress("lpacks").On("lrincome").Instrument("lrprice", with: ["salestax", "cigtax"]).Fe("state", "year").Vcov(vcov);
        if (block is "iid_small" or "hc1" or "cluster_small")
        {
            model = model.Small();
        }

        var fit = model.Fit(reference.Data);
        var expected = reference.Vcov(block);
        Assert.Equal(ReferenceCase.Number(reference.Expected, "parameters"), fit.Parameters);
        Assert.Equal(ReferenceCase.Number(reference.Expected, "rss"), fit.ResidualSumOfSquares, 1e-12);
        Assert.Equal(ReferenceCase.Number(reference.Expected, "r2"), fit.RSquared, 1e-10);
        foreach (var c in expected.GetProperty("coefficients").EnumerateArray())
        {
            var mine = fit[c.GetProperty("name").GetString()!];
            var estimate = ReferenceCase.Number(c, "estimate");
            var se = ReferenceCase.Number(c, "std_error");
            Assert.Equal(estimate, mine.Estimate, Math.Abs(estimate) * 1e-8);
            Assert.Equal(se, mine.StandardError, se * 1e-6);
        }

        var names = fit.Names.ToList();
        var covariance = fit.Covariance()[names.IndexOf("lrprice"), names.IndexOf("lrincome")];
        var expectedCovariance = ReferenceCase.Number(expected, "cov_lrprice_lrincome");
        Assert.Equal(expectedCovariance, covariance, Math.Abs(expectedCovariance) * 1e-6);
    }
}
