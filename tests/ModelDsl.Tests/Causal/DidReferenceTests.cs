using System.Text.Json;

using ModelDsl.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>Staggered TWFE DID and the binned event study against reference/did-produc (R, exact least squares on dummies, Stata CR1).</summary>
public sealed class DidReferenceTests
{
    private const string Case = "did-produc";
    private static readonly Term[] ControlTerms = [Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp"];

    [Fact]
    public void CohortDidMatchesR()
    {
        var expected = Expected(Case).GetProperty("did");
        var fit = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(Produc(Case));

        Assert.Equal(816, fit.Regression.Observations);
        Assert.Equal(25, fit.TreatedUnits);
        Assert.Equal(23, fit.NeverTreatedUnits);
        Assert.Equal(new Dictionary<double, int> { [1976] = 9, [1979] = 8, [1982] = 8 }, fit.CohortSizes);
        foreach (var name in new[] { "treated", "log(pcap)", "log(pc)", "log(emp)", "unemp" })
        {
            var e = Coefficient(expected, name);
            Close(e.GetProperty("estimate").GetDouble(), fit.Regression[name].Estimate, 1e-8, $"{name} estimate");
            Close(e.GetProperty("std_error").GetDouble(), fit.Regression[name].StandardError, 1e-6, $"{name} clustered SE");
        }

        Close(Coefficient(expected, "treated").GetProperty("p").GetDouble(), fit.Effect.PValue, 1e-6, "treated p");
        var iid = fit.Regression.WithVcov(Vcov.Iid);
        var iidExpected = expected.GetProperty("vcov").GetProperty("iid").GetProperty("coefficients")[0];
        Close(iidExpected.GetProperty("std_error").GetDouble(), iid["treated"].StandardError, 1e-6, "treated iid SE");
    }

    [Fact]
    public void IndicatorAndRegressPathsGiveTheSameEstimate()
    {
        var data = Produc(Case);
        var cohort = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Cluster("state").Fit(data);
        var indicator = Model.Did(Term.Log("gsp")).Treated("treated").Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(data);
        var named = data.WithTreatment(Treatment.FromCohort("cohort").Named("d"));
        var regress = Model.Regress(Term.Log("gsp")).On("d").Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(named);

        Assert.Equal(cohort.Effect.Estimate, indicator.Effect.Estimate, 12);
        Assert.Equal(cohort.Effect.Estimate, regress["d"].Estimate, 12);
        Assert.Equal(cohort.Effect.StandardError, regress["d"].StandardError, 12);
        Assert.Equal(new[] { "state", "year" }, cohort.Regression.FixedEffects);
    }

    [Fact]
    public void DidJsonHasTheContractKeys()
    {
        var fit = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(Produc(Case));
        using var json = JsonDocument.Parse(fit.ToJson());
        var root = json.RootElement;
        Assert.Equal("did", root.GetProperty("estimator").GetString());
        Assert.Equal("log(gsp)", root.GetProperty("dependent").GetString());
        Assert.Equal("treated", root.GetProperty("treatment").GetString());
        Assert.Equal(25, root.GetProperty("treated_units").GetInt32());
        Assert.Equal(9, root.GetProperty("cohort_sizes").GetProperty("1976").GetInt32());
        Assert.Equal(fit.Effect.Estimate, root.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble());
    }

    [Fact]
    public void EventStudyMatchesR()
    {
        var expected = Expected(Case).GetProperty("event_study");
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Reference(-1)
            .Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(Produc(Case));

        Assert.Equal(new[] { -5, -4, -3, -2, 0, 1, 2, 3, 4, 5 }, study.EventTimes.Select(e => e.EventTime));
        foreach (var e in study.EventTimes)
        {
            var r = Coefficient(expected, EventStudySpecification.DummyName(e.EventTime));
            Assert.Equal(e.EventTime, r.GetProperty("event_time").GetInt32());
            Close(r.GetProperty("estimate").GetDouble(), e.Coefficient.Estimate, 1e-8, $"mu_{e.EventTime}");
            Close(r.GetProperty("std_error").GetDouble(), e.Coefficient.StandardError, 1e-6, $"SE mu_{e.EventTime}");
            Assert.Equal(expected.GetProperty("event_time_counts").GetProperty(e.EventTime.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32(), e.Observations);
        }

        Assert.True(study[-5].IsBinned);
        Assert.True(study[5].IsBinned);
        Assert.False(study[0].IsBinned);
        Assert.Equal(25, study.ReferenceObservations);
        foreach (var name in new[] { "log(pcap)", "log(pc)", "log(emp)", "unemp" })
        {
            Close(Coefficient(expected, name).GetProperty("estimate").GetDouble(), study.Regression[name].Estimate, 1e-8, name);
        }

        var wald = expected.GetProperty("pretrend_wald");
        var test = study.PreTrendTest;
        Assert.Equal(4, test.NumeratorDegreesOfFreedom);
        Assert.Equal(47, test.DenominatorDegreesOfFreedom);
        Close(wald.GetProperty("chi2").GetDouble(), test.ChiSquare, 1e-6, "pre-trend chi2");
        Close(wald.GetProperty("chi2_p").GetDouble(), test.ChiSquarePValue, 1e-6, "pre-trend chi2 p");
        Close(wald.GetProperty("f").GetDouble(), test.F, 1e-6, "pre-trend F");
        Close(wald.GetProperty("f_p").GetDouble(), test.FPValue, 1e-6, "pre-trend F p");

        var iidWald = expected.GetProperty("pretrend_wald_iid");
        var iid = study.Regression.WithVcov(Vcov.Iid).WaldAllZero("leads", [.. study.EventTimes.Where(e => e.EventTime < 0).Select(e => e.Coefficient.Name)]);
        Assert.Equal(738, iid.DenominatorDegreesOfFreedom);
        Close(iidWald.GetProperty("chi2").GetDouble(), iid.ChiSquare, 1e-6, "iid chi2");
        Close(iidWald.GetProperty("f_p").GetDouble(), iid.FPValue, 1e-6, "iid F p");
    }

    [Fact]
    public void EventStudyJsonOrdersCoefficientsByEventTime()
    {
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Controls(ControlTerms).Cluster("state").Fit(Produc(Case));
        using var json = JsonDocument.Parse(study.ToJson());
        var root = json.RootElement;
        Assert.Equal("event_study", root.GetProperty("estimator").GetString());
        var coefficients = root.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(new[] { -5, -4, -3, -2, 0, 1, 2, 3, 4, 5 }, coefficients.Take(10).Select(c => c.GetProperty("event_time").GetInt32()));
        Assert.Equal("log(pcap)", coefficients[10].GetProperty("name").GetString());
        Assert.False(coefficients[10].TryGetProperty("event_time", out _));
        Assert.Equal(-1, root.GetProperty("reference").GetInt32());
        Assert.Equal(4, root.GetProperty("pretrend_wald").GetProperty("q").GetInt32());
        Assert.Equal(47, root.GetProperty("pretrend_wald").GetProperty("f_df2").GetInt32());
        Assert.Equal(122, root.GetProperty("event_time_counts").GetProperty("-5").GetInt32());
    }

    [Fact]
    public void UnbinnedWindowDropsTheTreatedRowsOutsideIt()
    {
        var data = Produc(Case);
        var binned = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Cluster("state").Fit(data);
        var unbinned = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).WithoutBinning().Cluster("state").Fit(data);

        // Treated rows at k < -5: 9·1 + 8·4 + 8·7 = 97; at k > 5: 9·5 + 8·2 = 61 (the 1982 cohort ends at k = 4).
        Assert.Equal(816 - 158, unbinned.Regression.Observations);
        Assert.All(unbinned.EventTimes, e => Assert.Equal(e.EventTime == 5 ? 17 : 25, e.Observations));
        Assert.All(unbinned.EventTimes, e => Assert.False(e.IsBinned));
        Assert.Contains(unbinned.Notes, n => n.Message.Contains("158 rows of treated units outside the event window", StringComparison.Ordinal));
        Assert.NotEqual(binned[-5].Coefficient.Estimate, unbinned[-5].Coefficient.Estimate);
    }
}
