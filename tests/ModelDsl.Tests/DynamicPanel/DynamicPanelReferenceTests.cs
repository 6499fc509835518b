using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.DynamicPanel;

/// <summary>Difference and system GMM against plm::pgmm 2.6 on Arellano and Bond's EmplUK data (reference/dynamic-panel-emplUK).</summary>
public sealed class DynamicPanelReferenceTests
{
    private const double Estimates = 1e-8;
    private const double Errors = 1e-6;
    private const string Folder = "dynamic-panel-emplUK";

    private static readonly Term LogEmployment = Term.Log("emp");
    private static readonly Term LogWage = Term.Log("wage");
    private static readonly Term LogCapital = Term.Log("capital");
    private static readonly Term LogOutput = Term.Log("output");

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", Folder, "expected.json")));
        return document.RootElement.Clone();
    });

    private static readonly Lazy<PanelData> EmplUk = new(() => Read("data.csv"));

    /// <summary>The Arellano–Bond (1991) Table 4 specification: log(emp) on two own lags, wage (0:1), capital, output (0:1).</summary>
    internal static DynamicPanelSpecification ArellanoBond => Model.DynamicPanel(LogEmployment)
        .On(Term.Lag(LogEmployment, 1), Term.Lag(LogEmployment, 2), LogWage, Term.Lag(LogWage, 1), LogCapital, LogOutput, Term.Lag(LogOutput, 1))
        .GmmInstruments(LogEmployment, from: 2, to: 99)
        .IvInstruments(LogWage, Term.Lag(LogWage, 1), LogCapital, LogOutput, Term.Lag(LogOutput, 1));

    /// <summary>Arellano and Bond's (1991) Table 4 column (a1), as Stata's xtabond manual fits it: capital and output with lags 0 to 2.</summary>
    internal static DynamicPanelSpecification TableFourA1 => Model.DynamicPanel(LogEmployment)
        .On(Term.Lag(LogEmployment, 1), Term.Lag(LogEmployment, 2), LogWage, Term.Lag(LogWage, 1), LogCapital, Term.Lag(LogCapital, 1), Term.Lag(LogCapital, 2), LogOutput, Term.Lag(LogOutput, 1), Term.Lag(LogOutput, 2))
        .GmmInstruments(LogEmployment, from: 2)
        .IvInstruments(LogWage, Term.Lag(LogWage, 1), LogCapital, Term.Lag(LogCapital, 1), Term.Lag(LogCapital, 2), LogOutput, Term.Lag(LogOutput, 1), Term.Lag(LogOutput, 2))
        .TimeDummies();

    /// <summary>pgmm's Blundell–Bond example: log(emp) on its lag, wage (0:1) and capital (0:1), all three GMM-style (2:99).</summary>
    internal static DynamicPanelSpecification BlundellBond => Model.DynamicPanel(LogEmployment)
        .On(Term.Lag(LogEmployment, 1), LogWage, Term.Lag(LogWage, 1), LogCapital, Term.Lag(LogCapital, 1))
        .GmmInstruments(LogEmployment, 2, 99).GmmInstruments(LogWage, 2, 99).GmmInstruments(LogCapital, 2, 99)
        .System().TimeDummies();

    public static TheoryData<string> Cases => new()
    {
        "ab_onestep", "ab_twostep", "ab_twostep_collapse", "ab_a1_onestep", "ab_onestep_individual", "ab_twostep_gaps",
        "bb_onestep_system", "bb_twostep_system", "bb_twostep_system_collapse", "ar1_twostep_system_lags", "ar1_twostep_difference_lags",
    };

    internal static DynamicPanelSpecification Specification(string name) => name switch
    {
        "ab_onestep" => ArellanoBond.TimeDummies(),
        "ab_twostep" => ArellanoBond.TimeDummies().TwoStep(),
        "ab_twostep_collapse" => Collapsed(ArellanoBond).TimeDummies().TwoStep(),
        "ab_a1_onestep" => TableFourA1,
        "ab_onestep_individual" => ArellanoBond,
        "ab_twostep_gaps" => ArellanoBond.TimeDummies().TwoStep(),
        "bb_onestep_system" => BlundellBond,
        "bb_twostep_system" => BlundellBond.TwoStep(),
        "bb_twostep_system_collapse" => Collapsed(BlundellBond).TwoStep(),
        "ar1_twostep_system_lags" => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1), LogWage, LogCapital)
            .GmmInstruments(LogEmployment, 2, 4).IvInstruments(LogWage, LogCapital).TimeDummies().System().TwoStep(),
        "ar1_twostep_difference_lags" => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1), LogWage, LogCapital)
            .GmmInstruments(LogEmployment, 2, 4).IvInstruments(LogWage, LogCapital).TimeDummies().TwoStep(),
        _ => throw new ArgumentException(name),
    };

    // plm's mtest zeroes the level rows' residuals in the AR test's variance of a system model (the library follows
    // xtabond2, checked in DifferenceInHansenTests); the pgmm cases switch the convention to compare with mtest.
    private static DynamicPanelSpecification PgmmAutocorrelation(DynamicPanelSpecification specification) =>
        specification with { LevelResidualsInAutocorrelation = false };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPgmm(string name)
    {
        var expected = ExpectedModel(name);
        var fit = PgmmAutocorrelation(Specification(name)).Fit(name.EndsWith("_gaps", StringComparison.Ordinal) ? Read("data_gaps.csv") : EmplUk.Value);

        Assert.Equal(expected.GetProperty("groups").GetInt32(), fit.Groups);
        Assert.Equal(expected.GetProperty("instruments").GetInt32(), fit.Instruments);
        Assert.Equal(expected.GetProperty("observations").GetInt32(), fit.Observations);
        var coefficients = expected.GetProperty("coefficients");
        Assert.Equal(coefficients.GetArrayLength(), fit.Coefficients.Count);
        foreach (var c in coefficients.EnumerateArray())
        {
            var mine = fit[c.GetProperty("name").GetString()!];
            AssertClose(c.GetProperty("estimate").GetDouble(), mine.Estimate, Estimates, mine.Name);
            AssertClose(c.GetProperty("std_error").GetDouble(), mine.StandardError, Errors, mine.Name + " se");
            AssertClose(c.GetProperty("z").GetDouble(), mine.TStatistic, Errors, mine.Name + " z");
            AssertClose(c.GetProperty("p").GetDouble(), mine.PValue, Errors, mine.Name + " p");
        }

        AssertTest(expected.GetProperty("ar1"), fit.ArellanoBond1!.Statistic, fit.ArellanoBond1.PValue, "AR(1)");
        AssertTest(expected.GetProperty("ar2"), fit.ArellanoBond2!.Statistic, fit.ArellanoBond2.PValue, "AR(2)");
        AssertChiSquare(expected.GetProperty("sargan"), fit.Hansen, "Hansen");
        if (expected.TryGetProperty("sargan_nonrobust", out var sargan) && sargan.ValueKind != JsonValueKind.Null)
        {
            AssertChiSquare(sargan, fit.Sargan!, "Sargan");
        }
        else
        {
            // The R reference writes the non-robust Sargan of difference GMM only; system GMM's (xtabond2's convention)
            // is checked against Roodman's printed example in DifferenceInHansenTests.
            Assert.True(fit.Specification.Transformation == DynamicPanelTransformation.System || fit.Sargan is null);
        }

        AssertChiSquare(expected.GetProperty("wald_coefficients"), fit.WaldCoefficients, "Wald coefficients");
        if (expected.GetProperty("wald_time_dummies").ValueKind != JsonValueKind.Null)
        {
            AssertChiSquare(expected.GetProperty("wald_time_dummies"), fit.WaldTimeDummies!, "Wald time dummies");
        }
        else
        {
            Assert.Null(fit.WaldTimeDummies);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UncorrectedTwoStepErrorsMatchPgmmsVcov(string name)
    {
        var specification = PgmmAutocorrelation(Specification(name));
        if (specification.Steps == GmmSteps.OneStep)
        {
            Assert.Throws<InvalidOperationException>(() => specification.Vcov(GmmVariance.Uncorrected).Fit(EmplUk.Value));
            return;
        }

        var expected = ExpectedModel(name);
        var fit = specification.Vcov(GmmVariance.Uncorrected).Fit(name.EndsWith("_gaps", StringComparison.Ordinal) ? Read("data_gaps.csv") : EmplUk.Value);
        foreach (var c in expected.GetProperty("coefficients").EnumerateArray())
        {
            var mine = fit[c.GetProperty("name").GetString()!];
            AssertClose(c.GetProperty("estimate").GetDouble(), mine.Estimate, Estimates, mine.Name);
            AssertClose(c.GetProperty("std_error_nonrobust").GetDouble(), mine.StandardError, Errors, mine.Name + " se");
        }

        AssertTest(expected.GetProperty("ar1_nonrobust"), fit.ArellanoBond1!.Statistic, fit.ArellanoBond1.PValue, "AR(1)");
        AssertTest(expected.GetProperty("ar2_nonrobust"), fit.ArellanoBond2!.Statistic, fit.ArellanoBond2.PValue, "AR(2)");
    }

    [Fact]
    public void SarganAgreesWithStatasXtabondManual()
    {
        // Stata's [XT] xtabond example (abdata = EmplUK): estat sargan prints chi2(25) = 65.81806; abdata holds floats,
        // so the seventh digit is as far as the two can agree.
        var fit = TableFourA1.Fit(EmplUk.Value);

        Assert.Equal(25, fit.Sargan!.DegreesOfFreedom);
        Assert.Equal(41, fit.Instruments);
        AssertClose(65.81806, fit.Sargan.Statistic, 2e-7, "Sargan");
    }

    internal static PanelData Read(string file) => PanelData.ReadCsv(Path.Combine(AppContext.BaseDirectory, "reference", Folder, file), unit: "firm", time: "year");

    internal static JsonElement ExpectedModel(string name) => Expected.Value.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);

    private static DynamicPanelSpecification Collapsed(DynamicPanelSpecification specification)
        => specification with { Gmm = specification.Gmm.Select(g => g with { Collapse = true }).ToArray() };

    private static void AssertTest(JsonElement expected, double statistic, double p, string what)
    {
        AssertClose(expected.GetProperty("statistic").GetDouble(), statistic, Errors, what);
        AssertClose(expected.GetProperty("p").GetDouble(), p, Errors, what + " p");
    }

    private static void AssertChiSquare(JsonElement expected, ChiSquareTest actual, string what)
    {
        AssertClose(expected.GetProperty("statistic").GetDouble(), actual.Statistic, Errors, what);
        Assert.Equal(expected.GetProperty("df").GetInt32(), actual.DegreesOfFreedom);
        AssertClose(expected.GetProperty("p").GetDouble(), actual.PValue, Errors, what + " p");
    }

    internal static void AssertClose(double expected, double actual, double relative, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"{what}: expected {expected:R} but got {actual:R} (relative difference {Math.Abs(expected - actual) / scale:G3}, allowed {relative:G3})");
    }
}
