using System.Text.Json;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>
/// Stata ivreg2's own numbers (reference/iv-diagnostics-stata/expected.json, with their provenance) on Arellano and
/// Bond's abdata and on Mroz's data.
/// </summary>
public sealed class StataReferenceTests
{
    /// <summary>abdata reproduces Stata's float storage exactly: every statistic agrees to 7e-12 (measured), asserted to 1e-9.</summary>
    private const double AbTolerance = 1e-9;

    /// <summary>Statistics of mroz that do not involve the outcome (first stage, identification).</summary>
    private const double MrozExact = 1e-9;

    /// <summary>
    /// Statistics of mroz that involve lwage, which AER stores from a 4-decimal wage (Stata's float lwage differs by
    /// ~1e-7): measured up to 5.5e-6 (the C statistic, a difference of two J's), asserted to 2e-5.
    /// </summary>
    private const double MrozOutcome = 2e-5;

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "iv-diagnostics-stata", "expected.json")));
        return document.RootElement.Clone();
    });

    public static TheoryData<string> FirstStageCases => new() { "ab_fs_iid", "ab_fs_hc1", "ab_fs_cl", "ab_fs_aw_cl", "mroz_fs_iid", "mroz_fs_hc1" };

    public static TheoryData<string> DiagnosticCases => new() { "ab_cl", "ab_cl_dofminus", "mroz_H33", "mroz_dofminus_robust" };

    [Theory]
    [MemberData(nameof(FirstStageCases))]
    public void FirstStageMatchesIvreg2(string name)
    {
        var c = Case(name);
        var result = InstrumentDiagnostics.Compute(Input(c));
        var tolerance = c.GetProperty("data").GetString() == "abdata" ? AbTolerance : MrozExact;
        foreach (var endogenous in c.GetProperty("first_stage").EnumerateObject())
        {
            var stage = result.FirstStages.Single(s => s.Endogenous == endogenous.Name);
            var e = endogenous.Value;
            var where = $"{name} {endogenous.Name}";
            DiagnosticsFixture.Close(e.GetProperty("pr2").GetDouble(), stage.PartialRSquared, tolerance, where + " partial R2");
            DiagnosticsFixture.Close(e.GetProperty("F").GetDouble(), stage.F.Statistic, tolerance, where + " F");
            Assert.Equal(e.GetProperty("df").GetInt32(), stage.F.DegreesOfFreedom);
            Assert.Equal(e.GetProperty("df_r").GetInt32(), stage.F.DenominatorDegreesOfFreedom);
            DiagnosticsFixture.Close(e.GetProperty("SWF").GetDouble(), stage.SandersonWindmeijer.Statistic, tolerance, where + " SW F");
            DiagnosticsFixture.Close(e.GetProperty("SWchi2").GetDouble(), stage.SandersonWindmeijerChiSquare.Statistic, tolerance, where + " SW chi2");
            DiagnosticsFixture.Close(e.GetProperty("SWr2").GetDouble(), stage.SandersonWindmeijerPartialRSquared, tolerance, where + " SW partial R2");
            DiagnosticsFixture.Close(e.GetProperty("APF").GetDouble(), stage.AngristPischke.Statistic, tolerance, where + " AP F");
            DiagnosticsFixture.Close(e.GetProperty("APchi2").GetDouble(), stage.AngristPischkeChiSquare.Statistic, tolerance, where + " AP chi2");
            DiagnosticsFixture.Close(e.GetProperty("APr2").GetDouble(), stage.AngristPischkePartialRSquared, tolerance, where + " AP partial R2");
        }
    }

    [Theory]
    [MemberData(nameof(DiagnosticCases))]
    public void DiagnosticsMatchIvreg2(string name)
    {
        var c = Case(name);
        var input = Input(c);
        var endog = c.GetProperty("endog").EnumerateArray().Select(e => e.GetString()!).ToArray();
        input = input with { EndogeneityTested = endog.Select(e => input.EndogenousNames!.ToList().IndexOf(e)).ToArray() };
        var result = InstrumentDiagnostics.Compute(input);
        var e = c.GetProperty("diagnostics");
        var ab = c.GetProperty("data").GetString() == "abdata";
        var exact = ab ? AbTolerance : MrozExact;
        var outcome = ab ? AbTolerance : MrozOutcome;

        Assert.Equal(e.GetProperty("N").GetInt32(), result.Observations);
        DiagnosticsFixture.Close(e.GetProperty("idstat").GetDouble(), result.Underidentification.Statistic, exact, name + " underidentification");
        Assert.Equal(e.GetProperty("iddf").GetInt32(), result.Underidentification.DegreesOfFreedom);
        DiagnosticsFixture.Close(e.GetProperty("cdf").GetDouble(), result.CraggDonaldF.Statistic, exact, name + " Cragg-Donald F");
        DiagnosticsFixture.Close(e.GetProperty("widstat").GetDouble(), result.WeakIdentification.Statistic, exact, name + " weak identification F");
        if (e.TryGetProperty("sargan", out var sargan))
        {
            Assert.Equal("Sargan statistic", result.Overidentification.Name);
            DiagnosticsFixture.Close(sargan.GetDouble(), result.Overidentification.Statistic, outcome, name + " Sargan");
            DiagnosticsFixture.Close(e.GetProperty("sarganp").GetDouble(), result.Overidentification.PValue, outcome, name + " Sargan p");
        }

        if (e.TryGetProperty("j", out var j))
        {
            Assert.Equal("Hansen J statistic", result.Overidentification.Name);
            DiagnosticsFixture.Close(j.GetDouble(), result.Overidentification.Statistic, outcome, name + " Hansen J");
            Assert.Equal(e.GetProperty("jdf").GetInt32(), result.Overidentification.DegreesOfFreedom);
        }

        if (e.TryGetProperty("arf", out var arf))
        {
            DiagnosticsFixture.Close(arf.GetDouble(), result.AndersonRubinF.Statistic, outcome, name + " AR F");
            DiagnosticsFixture.Close(e.GetProperty("archi2").GetDouble(), result.AndersonRubinChiSquare.Statistic, outcome, name + " AR chi2");
            Assert.Equal(e.GetProperty("ardf").GetInt32(), result.AndersonRubinF.DegreesOfFreedom);
            Assert.Equal(e.GetProperty("ardf_r").GetInt32(), result.AndersonRubinF.DenominatorDegreesOfFreedom);
        }

        DiagnosticsFixture.Close(e.GetProperty("estat").GetDouble(), result.Endogeneity.Statistic, outcome, name + " endogeneity C");
        Assert.Equal(e.GetProperty("estatdf").GetInt32(), result.Endogeneity.DegreesOfFreedom);
        if (e.TryGetProperty("N_clust", out var clusters))
        {
            Assert.Equal(clusters.GetInt32(), result.Clusters);
        }
    }

    private static JsonElement Case(string name) => Expected.Value.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static InstrumentDiagnosticsInput Input(JsonElement c)
    {
        var abdata = c.GetProperty("data").GetString() == "abdata";
        var data = DiagnosticsFixture.Load("iv-diagnostics-stata", abdata ? "abdata.csv" : "mroz.csv");
        var input = abdata
            ? data.Input("n", ["w", "k", "ys"], ["1"], ["dw", "dk", "dys", "d2w", "d2k", "d2ys"])
            : data.Input("lwage", ["educ"], ["1", "exper", "expersq"], ["age", "kidslt6", "kidsge6"]);
        var variance = c.GetProperty("variance").GetString() switch
        {
            "robust" => InstrumentVariance.Robust,
            "cluster" => InstrumentVariance.Cluster(data.Column("id").Select(v => (int)v).ToArray()),
            _ => InstrumentVariance.Unadjusted,
        };
        return input with
        {
            Variance = variance,
            Weights = c.GetProperty("weights").GetBoolean() ? data.Column("abwt") : null,
            LargeSampleDegreesOfFreedomAdjustment = c.GetProperty("dofminus").GetInt32(),
            AbsorbedDegreesOfFreedom = c.GetProperty("sdofminus").GetInt32(),
        };
    }
}
