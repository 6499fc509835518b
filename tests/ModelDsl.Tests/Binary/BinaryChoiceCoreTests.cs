using ModelDsl.Estimation;

namespace ModelDsl.Tests.Binary;

public sealed class BinaryChoiceCoreTests
{
    private const string Case = "logit-probit-swisslabor-matching";
    private static readonly string[] Regressors = ["income", "age", "age2", "education", "youngkids", "oldkids", "foreign"];

    private static BinaryChoiceFit FitCase(BinaryLink link)
    {
        var data = ReferenceCase.ReadNumericCsv(Case);
        var y = data["participation"];
        var columns = new List<double[]> { Enumerable.Repeat(1.0, y.Length).ToArray() };
        columns.AddRange(Regressors.Select(r => data[r]));
        var names = new List<string> { "(Intercept)" };
        names.AddRange(Regressors);
        return BinaryChoiceEstimator.Fit(link, y, columns, names, 0, "participation");
    }

    [Theory]
    [InlineData(BinaryLink.Logit, "logit")]
    [InlineData(BinaryLink.Probit, "probit")]
    public void MatchesStatsmodels(BinaryLink link, string key)
    {
        var fit = FitCase(link);
        var expected = ReferenceCase.Expected(Case).GetProperty(key);
        Assert.True(fit.MaxAbsScore < 1e-10, $"max |score| = {fit.MaxAbsScore}");
        var beta = expected.GetProperty("coefficients").Doubles();
        var oim = expected.GetProperty("se_oim").Doubles();
        var robust = expected.GetProperty("se_robust").Doubles();
        var cluster = expected.GetProperty("se_cluster_age").Doubles();
        var vOim = BinaryChoiceInference.Covariance(fit, BinaryVarianceKind.ObservedInformation, null);
        var vRobust = BinaryChoiceInference.Covariance(fit, BinaryVarianceKind.Robust, null);
        var ages = ReferenceCase.ReadNumericCsv(Case)["age"].Select(a => (int)Math.Round(a * 10)).ToArray();
        var vCluster = BinaryChoiceInference.Covariance(fit, BinaryVarianceKind.Cluster, ages);
        var k = beta.Length;
        for (var j = 0; j < k; j++)
        {
            ReferenceCase.Close(beta[j], fit.Beta[j], 1e-7, $"{key} beta[{j}]");
            ReferenceCase.Close(oim[j], Math.ScaleB(Math.Sqrt(vOim[(j * k) + j]), -fit.Exponent(j)), 1e-6, $"{key} oim se[{j}]");
            ReferenceCase.Close(robust[j], Math.ScaleB(Math.Sqrt(vRobust[(j * k) + j]), -fit.Exponent(j)), 1e-6, $"{key} robust se[{j}]");
            ReferenceCase.Close(cluster[j], Math.ScaleB(Math.Sqrt(vCluster[(j * k) + j]), -fit.Exponent(j)), 1e-6, $"{key} cluster se[{j}]");
        }

        ReferenceCase.Close(expected.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-9, "ll");
        ReferenceCase.Close(expected.GetProperty("null_log_likelihood").GetDouble(), fit.NullLogLikelihood, 1e-9, "ll0");
        foreach (var (atMeans, name) in new[] { (false, "ame"), (true, "mem") })
        {
            var (_, effects, errors) = BinaryChoiceInference.MarginalEffects(fit, vOim, atMeans);
            var e = expected.GetProperty(name).Doubles();
            var s = expected.GetProperty(name + "_se").Doubles();
            for (var j = 0; j < e.Length; j++)
            {
                // The internal numbers are in the units of the scaled columns (the intercept, column 0, is not among the effects).
                ReferenceCase.Close(e[j], Math.ScaleB(effects[j], -fit.Exponent(j + 1)), 1e-7, $"{key} {name}[{j}]");
                ReferenceCase.Close(s[j], Math.ScaleB(errors[j], -fit.Exponent(j + 1)), 1e-6, $"{key} {name} se[{j}]");
            }
        }
    }
}
