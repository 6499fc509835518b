using System.Text.Json;

using ModelDsl.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>The Borusyak–Jaravel–Spiess imputation estimator against reference/imputation-produc (R: lm on dummies, the BJS weights and Theorem 3 variance written out).</summary>
public sealed class ImputationReferenceTests
{
    private const string Case = "imputation-produc";

    private static ImputationResult FitMain()
        => Model.Imputation(Term.Log("gsp")).Cohort("cohort").Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp")
            .Fe("state", "year").Cluster("state").PreTrends(3).Fit(Produc(Case));

    private static ImputationResult FitSimple()
        => Model.Imputation(Term.Log("gsp")).Cohort("cohort").Anticipation(1).WithoutLeaveOut().AverageEffectsBy(ImputationEffectGroups.EventTime)
            .Weighted("emp").PreTrends(2).Fit(Produc(Case));

    [Fact]
    public void MainSpecificationMatchesR() => Check(FitMain(), Expected(Case).GetProperty("main"));

    [Fact]
    public void AnticipationWeightsAndEventTimeGroupsMatchR() => Check(FitSimple(), Expected(Case).GetProperty("simple"));

    [Fact]
    public void JsonCarriesTheEstimandsAndThePreTrendTest()
    {
        var result = FitMain();
        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("imputation", root.GetProperty("estimator").GetString());
        Assert.Equal(result.Average.Estimate, root.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble());
        Assert.Equal(1 + result.Horizons.Count, root.GetProperty("coefficients").GetArrayLength());
        Assert.Equal(3, root.GetProperty("pretrend").GetArrayLength());
        Assert.Equal(result.PreTrendTest.F, root.GetProperty("pretrend_wald").GetProperty("f").GetDouble());

        // The 1976 cohort alone reaches horizon 10 (9 states): fewer than 30 effective observations, reported with a note.
        Assert.Contains(result.Notes, n => n.Message.Contains("tau::10", StringComparison.Ordinal) && n.Message.Contains("effective", StringComparison.Ordinal));
    }

    private static void Check(ImputationResult result, JsonElement expected)
    {
        Assert.Equal(expected.GetProperty("untreated_observations").GetInt32(), result.UntreatedObservations);
        Assert.Equal(expected.GetProperty("treated_observations").GetInt32(), result.TreatedObservations);
        Assert.Equal(expected.GetProperty("clusters").GetInt32(), result.ClusterCount);
        var controls = expected.GetProperty("controls").EnumerateArray().ToArray();
        Assert.Equal(controls.Length, result.ControlCoefficients.Count);
        for (var j = 0; j < controls.Length; j++)
        {
            Close(controls[j].GetProperty("estimate").GetDouble(), result.ControlCoefficients[j].Estimate, 1e-8, controls[j].GetProperty("name").GetString()!);
        }

        var coefficients = expected.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(coefficients.Length, 1 + result.Horizons.Count);
        var actual = result.Horizons.Select(h => (h.Coefficient, h.Observations, h.EffectiveObservations)).Prepend((result.Average, result.AverageObservations, result.AverageEffectiveObservations)).ToArray();
        var names = actual.Select(a => a.Item1.Name).ToArray();
        for (var i = 0; i < coefficients.Length; i++)
        {
            var e = coefficients[i];
            var (c, count, effective) = actual[i];
            Assert.Equal(e.GetProperty("name").GetString(), c.Name);
            Close(e.GetProperty("estimate").GetDouble(), c.Estimate, 1e-8, c.Name);
            Close(e.GetProperty("std_error").GetDouble(), c.StandardError, 1e-6, $"SE {c.Name}");
            Close(e.GetProperty("p").GetDouble(), c.PValue, 1e-6, $"p {c.Name}");
            Assert.Equal(e.GetProperty("observations").GetInt32(), count);
            Close(e.GetProperty("effective_observations").GetDouble(), effective, 1e-10, $"effective n {c.Name}");
        }

        var covariance = expected.GetProperty("covariance").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (var a = 0; a < names.Length; a++)
        {
            for (var b = 0; b < names.Length; b++)
            {
                var scale = Math.Sqrt(covariance[a][a] * covariance[b][b]);
                Assert.True(Math.Abs(covariance[a][b] - result.Covariance(names[a], names[b])) <= 1e-6 * scale, $"cov({names[a]}, {names[b]})");
            }
        }

        var pre = expected.GetProperty("pretrend").EnumerateArray().ToArray();
        Assert.Equal(pre.Length, result.PreTrendCoefficients.Count);
        for (var h = 0; h < pre.Length; h++)
        {
            Close(pre[h].GetProperty("estimate").GetDouble(), result.PreTrendCoefficients[h].Coefficient.Estimate, 1e-8, $"pre {h + 1}");
            Close(pre[h].GetProperty("std_error").GetDouble(), result.PreTrendCoefficients[h].Coefficient.StandardError, 1e-6, $"se pre {h + 1}");
        }

        var wald = expected.GetProperty("pretrend_wald");
        Assert.Equal(wald.GetProperty("f_df2").GetInt32(), result.PreTrendTest.DenominatorDegreesOfFreedom);
        Close(wald.GetProperty("f").GetDouble(), result.PreTrendTest.F, 1e-6, "pre-trend F");
        Close(wald.GetProperty("f_p").GetDouble(), result.PreTrendTest.FPValue, 1e-6, "pre-trend F p");
    }
}
