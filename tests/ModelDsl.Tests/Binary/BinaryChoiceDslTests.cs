using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Tests.Binary;

/// <summary>The string-keyed logit/probit against the reference helper's SwissLabor case (statsmodels).</summary>
public sealed class BinaryChoiceDslTests
{
    private const string Case = "logit-probit-swisslabor";

    private static PanelData Data() => PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder(Case), "data.csv"));

    private static BinaryChoiceSpecification Specification(string link)
    {
        var start = link == "logit" ? Model.Logit("participation") : Model.Probit("participation");
        return start.On("income", "age", Term.Interaction("age", "age"), "education", "youngkids", "oldkids", "foreign");
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void MatchesStatsmodels(string link)
    {
        var expected = ReferenceCase.Expected(Case).GetProperty(link);
        var fit = Specification(link).Fit(Data());
        Assert.Equal(link, fit.Estimator);
        Assert.Equal(872, fit.Observations);
        Assert.True(fit.MaxAbsScore < 1e-10, $"max |score| {fit.MaxAbsScore}");
        CompareCoefficients(expected.GetProperty("coefficients"), fit.Coefficients, "estimate");
        CompareCoefficients(expected.GetProperty("vcov").GetProperty("robust_stata").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1).Coefficients, "estimate");
        ReferenceCase.Close(expected.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-10, "ll");
        ReferenceCase.Close(expected.GetProperty("log_likelihood_null").GetDouble(), fit.NullLogLikelihood, 1e-10, "ll0");
        ReferenceCase.Close(expected.GetProperty("lr_statistic").GetDouble(), fit.LikelihoodRatio.Statistic, 1e-9, "lr");
        Assert.Equal(expected.GetProperty("lr_df").GetInt32(), fit.LikelihoodRatio.DegreesOfFreedom);
        ReferenceCase.Close(expected.GetProperty("lr_p").GetDouble(), fit.LikelihoodRatio.PValue, 1e-9, "lr p");
        ReferenceCase.Close(expected.GetProperty("mcfadden_r2").GetDouble(), fit.PseudoRSquared, 1e-10, "mcfadden");
        ReferenceCase.Close(expected.GetProperty("aic").GetDouble(), fit.Aic, 1e-9, "aic");
        CompareEffects(expected.GetProperty("average_marginal_effects").GetProperty("effects"), fit.AverageMarginalEffects());
        CompareEffects(expected.GetProperty("marginal_effects_at_means").GetProperty("effects"), fit.MarginalEffectsAtMeans());
    }

    [Fact]
    public void JsonHasTheContractKeys()
    {
        var json = JsonDocument.Parse(Specification("logit").Cluster("age_group").Fit(Data().AsCategoricalCopy("age", "age_group")).ToJson()).RootElement;
        foreach (var key in new[] { "estimator", "dependent", "observations", "r2", "vcov", "fixed_effects", "coefficients", "notes", "log_likelihood", "lr_chi2", "average_marginal_effects" })
        {
            Assert.True(json.TryGetProperty(key, out _), $"missing key {key}");
        }

        Assert.Equal("logit", json.GetProperty("estimator").GetString());
        Assert.Equal("cluster(age_group)", json.GetProperty("vcov").GetString());
        Assert.Equal(43, json.GetProperty("clusters").GetInt32());
        Assert.Equal("age:age", json.GetProperty("coefficients")[3].GetProperty("name").GetString());
    }

    private static void CompareCoefficients(JsonElement expected, IReadOnlyList<Coefficient> actual, string key)
    {
        var rows = expected.EnumerateArray().ToArray();
        Assert.Equal(rows.Length, actual.Count);
        for (var j = 0; j < rows.Length; j++)
        {
            ReferenceCase.Close(rows[j].GetProperty(key).GetDouble(), actual[j].Estimate, 1e-7, $"{rows[j].GetProperty("name")} estimate");
            ReferenceCase.Close(rows[j].GetProperty("std_error").GetDouble(), actual[j].StandardError, 1e-6, $"{rows[j].GetProperty("name")} se");
            ReferenceCase.Close(rows[j].GetProperty("z").GetDouble(), actual[j].TStatistic, 1e-6, $"{rows[j].GetProperty("name")} z");
            ReferenceCase.Close(rows[j].GetProperty("p").GetDouble(), actual[j].PValue, 1e-7, $"{rows[j].GetProperty("name")} p");
        }
    }

    private static void CompareEffects(JsonElement expected, IReadOnlyList<Coefficient> actual)
    {
        var rows = expected.EnumerateArray().ToArray();
        Assert.Equal(rows.Length, actual.Count);
        for (var j = 0; j < rows.Length; j++)
        {
            ReferenceCase.Close(rows[j].GetProperty("effect").GetDouble(), actual[j].Estimate, 1e-7, $"{rows[j].GetProperty("name")} effect");
            ReferenceCase.Close(rows[j].GetProperty("std_error").GetDouble(), actual[j].StandardError, 1e-6, $"{rows[j].GetProperty("name")} effect se");
        }
    }
}

internal static class PanelDataTestExtensions
{
    /// <summary>The data with a categorical copy of a numeric column under another name.</summary>
    public static PanelData AsCategoricalCopy(this PanelData data, string name, string copy)
        => data.WithColumn(CategoricalColumn.FromNumbers(copy, data.Numeric(name).Values));
}

/// <summary>The pooled panel logit/probit with year dummies and state clusters (reference helper's logit-panel-produc).</summary>
public sealed class PooledPanelLogitTests
{
    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void YearDummiesAndStateClustersMatchStatsmodels(string link)
    {
        var expected = ReferenceCase.Expected("logit-panel-produc").GetProperty(link);
        var data = PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("logit-panel-produc"), "data.csv"), unit: "state", time: "year");
        data = data.WithColumn(new NumericColumn("ever", data.Numeric("cohort").Values.ToArray().Select(c => c > 0 ? 1.0 : 0.0).ToArray()));
        var start = link == "logit" ? Model.Logit("ever") : Model.Probit("ever");
        var fit = start.On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("year").Cluster("state").Fit(data);
        Assert.Equal(816, fit.Observations);
        Assert.Equal(48, fit.ClusterCount);
        Assert.Equal("year=1971", fit.Coefficients[5].Name);
        var coefficients = expected.GetProperty("coefficients").EnumerateArray().ToArray();
        var cluster = expected.GetProperty("vcov").GetProperty("cluster_state_stata").GetProperty("coefficients").EnumerateArray().ToArray();
        var oim = expected.GetProperty("vcov").GetProperty("oim").GetProperty("coefficients").EnumerateArray().ToArray();
        var plain = fit.WithVcov(Vcov.Iid);
        Assert.Equal(coefficients.Length, fit.Coefficients.Count);
        for (var j = 0; j < coefficients.Length; j++)
        {
            ReferenceCase.Close(coefficients[j].GetProperty("estimate").GetDouble(), fit.Coefficients[j].Estimate, 1e-7, $"{fit.Coefficients[j].Name} estimate");
            ReferenceCase.Close(cluster[j].GetProperty("std_error").GetDouble(), fit.Coefficients[j].StandardError, 1e-6, $"{fit.Coefficients[j].Name} cluster se");
            ReferenceCase.Close(oim[j].GetProperty("std_error").GetDouble(), plain.Coefficients[j].StandardError, 1e-6, $"{fit.Coefficients[j].Name} oim se");
        }

        ReferenceCase.Close(expected.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-9, "ll");
        ReferenceCase.Close(expected.GetProperty("mcfadden_r2").GetDouble(), fit.PseudoRSquared, 1e-9, "mcfadden");
    }
}
