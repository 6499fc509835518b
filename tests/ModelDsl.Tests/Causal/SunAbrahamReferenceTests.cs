using System.Text.Json;

using ModelDsl.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>The Sun–Abraham interaction-weighted event study against reference/sunab-produc (R, exact least squares, Stata CR1).</summary>
public sealed class SunAbrahamReferenceTests
{
    private const string Case = "sunab-produc";

    private static EventStudyResult Fit()
        => Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Reference(-1).Using(EventStudyMethod.SunAbraham)
            .Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state").Fit(Produc(Case));

    [Fact]
    public void CellsAggregatesAndPreTrendMatchR()
    {
        var expected = Expected(Case);
        var study = Fit();

        Assert.Equal(expected.GetProperty("observations").GetInt32(), study.Regression.Observations);
        var cells = expected.GetProperty("cells").EnumerateArray().ToArray();
        Assert.Equal(cells.Length, study.Regression.Coefficients.Count(c => c.Name.StartsWith("cohort_event::", StringComparison.Ordinal)));
        foreach (var cell in cells)
        {
            var name = cell.GetProperty("name").GetString()!;
            Close(cell.GetProperty("estimate").GetDouble(), study.Regression[name].Estimate, 1e-8, name);
            Close(cell.GetProperty("std_error").GetDouble(), study.Regression[name].StandardError, 1e-6, $"SE {name}");
        }

        foreach (var e in expected.GetProperty("event_times").EnumerateArray())
        {
            var k = e.GetProperty("event_time").GetInt32();
            var actual = study[k].Coefficient;
            Close(e.GetProperty("estimate").GetDouble(), actual.Estimate, 1e-8, $"mu_{k}");
            Close(e.GetProperty("std_error").GetDouble(), actual.StandardError, 1e-6, $"se mu_{k}");
            Close(e.GetProperty("p").GetDouble(), actual.PValue, 1e-6, $"p mu_{k}");
        }

        var wald = expected.GetProperty("pretrend_wald");
        Assert.Equal(47, study.PreTrendTest.DenominatorDegreesOfFreedom);
        Close(wald.GetProperty("chi2").GetDouble(), study.PreTrendTest.ChiSquare, 1e-6, "pre-trend chi2");
        Close(wald.GetProperty("f_p").GetDouble(), study.PreTrendTest.FPValue, 1e-6, "pre-trend F p");
    }

    [Fact]
    public void WeightsAreCohortSharesAndJsonListsThem()
    {
        var study = Fit();
        foreach (var group in study.CohortWeights.GroupBy(w => w.EventTime))
        {
            Assert.Equal(1.0, group.Sum(w => w.Weight), 12);
        }

        // At k = 0 each cohort has one year of rows: 9, 8 and 8 states.
        var atZero = study.CohortWeights.Where(w => w.EventTime == 0).OrderBy(w => w.Cohort).Select(w => w.Weight).ToArray();
        Assert.Equal(new[] { 9 / 25.0, 8 / 25.0, 8 / 25.0 }, atZero);
        Assert.DoesNotContain(study.CohortWeights, w => w.EventTime == 5 && w.Cohort == 1982);

        using var json = JsonDocument.Parse(study.ToJson());
        var root = json.RootElement;
        Assert.Equal("sun_abraham", root.GetProperty("method").GetString());
        Assert.Equal(29, root.GetProperty("cohort_event_coefficients").GetArrayLength());
        Assert.Equal(study[0].Coefficient.Estimate, root.GetProperty("coefficients")[4].GetProperty("estimate").GetDouble());
        Assert.Equal("log(pcap)", root.GetProperty("coefficients")[10].GetProperty("name").GetString());
    }

    [Fact]
    public void WithOneCohortItEqualsTwfe()
    {
        // With a single treated cohort the interaction-weighted and TWFE event studies coincide.
        var data = Produc(Case);
        var cohort = data.Numeric("cohort");
        var rows = Enumerable.Range(0, data.RowCount).Where(i => cohort[i] is 0 or 1979).ToArray();
        var single = data.SelectRows(rows);
        var twfe = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-4, 4).Cluster("state").Fit(single);
        var sunab = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-4, 4).Using(EventStudyMethod.SunAbraham).Cluster("state").Fit(single);
        foreach (var e in twfe.EventTimes)
        {
            Close(e.Coefficient.Estimate, sunab[e.EventTime].Coefficient.Estimate, 1e-10, $"mu_{e.EventTime}");
            Close(e.Coefficient.StandardError, sunab[e.EventTime].Coefficient.StandardError, 1e-10, $"se mu_{e.EventTime}");
        }

        Close(twfe.PreTrendTest.ChiSquare, sunab.PreTrendTest.ChiSquare, 1e-8, "pre-trend");
    }
}
