using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.DynamicPanel;

/// <summary>
/// <see cref="DynamicPanelResult.DifferenceInHansen"/> against the two difference-in-Hansen blocks xtabond2 prints in
/// Roodman (2009, "How to do xtabond2", Stata Journal 9(1), §3.3) on Arellano and Bond's EmplUK data (the reference
/// case dynamic-panel-emplUK): published with two decimals, so matched to half a unit of the last printed digit; and
/// the identities that hold to rounding error whatever the data.
/// </summary>
public sealed class DifferenceInHansenTests
{
    private static readonly Term LogEmployment = Term.Log("emp");
    private static readonly Term LogWage = Term.Log("wage");
    private static readonly Term LogCapital = Term.Log("capital");
    private static readonly Term LogOutput = Term.Log("output");
    private static readonly Lazy<PanelData> EmplUk = new(() => DynamicPanelReferenceTests.Read("data.csv"));

    // Half a unit of the last printed digit, plus an optional relative slack (see the second case).
    private static void Printed(double expected, double actual, double relativeSlack = 0)
    {
        var tolerance = 0.005 + (relativeSlack * Math.Abs(expected));
        Assert.InRange(actual, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Table_four_a1_one_step_matches_the_printed_iv_subset_test()
    {
        // xtabond2 n L.n L2.n w L.w L(0/2).(k ys) yr*, gmm(L.n) iv(w L.w L(0/2).(k ys) yr*) nolevel robust
        var fit = DynamicPanelReferenceTests.TableFourA1.Fit(EmplUk.Value);

        var test = Assert.Single(fit.DifferenceInHansen);
        Assert.Equal(11, test.Excluding.DegreesOfFreedom);
        Printed(12.01, test.Excluding.Statistic);
        Printed(0.363, test.Excluding.PValue);
        Assert.Equal(14, test.Difference.DegreesOfFreedom);
        Printed(19.37, test.Difference.Statistic);
        Printed(0.151, test.Difference.PValue);

        // xtabond2's Sargan (67.59, χ²(25)) is xtabond's (65.81806, our Sargan) with σ̂² = Σ(Δê¹)²/(2N) instead of 2(N − K).
        Printed(67.59, fit.Sargan!.Statistic * fit.DifferenceObservations / (fit.DifferenceObservations - fit.Coefficients.Count));

        // xtabond2's one-step "Hansen test" (31.38, χ²(25)) is the minimised two-step criterion: the two-step model's J.
        var twoStep = DynamicPanelReferenceTests.TableFourA1.TwoStep().Fit(EmplUk.Value);
        Printed(31.38, twoStep.Hansen.Statistic);
        Assert.Equal(twoStep.Hansen.Statistic, test.Excluding.Statistic + test.Difference.Statistic, 1e-9);
    }

    [Fact]
    public void Wage_and_capital_instrumented_gmm_style_matches_the_printed_iv_subset_test()
    {
        // xtabond2 n L.n L2.n w L.w L(0/2).(k ys) yr*, gmm(L.(n w k)) iv(L(0/2).ys yr*) nolevel robust small
        var fit = Model.DynamicPanel(LogEmployment)
            .On(Term.Lag(LogEmployment, 1), Term.Lag(LogEmployment, 2), LogWage, Term.Lag(LogWage, 1), LogCapital, Term.Lag(LogCapital, 1), Term.Lag(LogCapital, 2), LogOutput, Term.Lag(LogOutput, 1), Term.Lag(LogOutput, 2))
            .GmmInstruments(LogEmployment, from: 2).GmmInstruments(LogWage, from: 2).GmmInstruments(LogCapital, from: 2)
            .IvInstruments(LogOutput, Term.Lag(LogOutput, 1), Term.Lag(LogOutput, 2))
            .TimeDummies()
            .Fit(EmplUk.Value);

        Assert.Equal(90, fit.Instruments);
        var test = fit.DifferenceInHansen.Single(t => t.Subset.StartsWith("iv(", StringComparison.Ordinal));
        Printed(120.62, fit.Sargan!.Statistic * fit.DifferenceObservations / (fit.DifferenceObservations - fit.Coefficients.Count));
        Printed(73.72, test.Excluding.Statistic + test.Difference.Statistic);
        Assert.Equal(65, test.Excluding.DegreesOfFreedom);
        // 56.99505 here; Stata prints 56.99, so its value was below 56.995: 9e-7 relative apart. xtabond2 reports the
        // moment covariance of this model singular and inverts it by a generalized inverse (the warning in the printed
        // output); ours is regular, which moves the quadratic form in its sixth significant digit.
        Printed(56.99, test.Excluding.Statistic, relativeSlack: 1e-6);
        Printed(0.750, test.Excluding.PValue);
        Assert.Equal(9, test.Difference.DegreesOfFreedom);
        Printed(16.72, test.Difference.Statistic);
        Printed(0.053, test.Difference.PValue);
    }

    [Fact]
    public void System_gmm_tests_the_level_instruments_and_every_difference_is_non_negative()
    {
        var fit = DynamicPanelReferenceTests.BlundellBond.TwoStep().Fit(EmplUk.Value);

        Assert.Contains(fit.DifferenceInHansen, t => t.Subset == "GMM instruments for levels");
        Assert.Equal(3 + 1, fit.DifferenceInHansen.Count);
        foreach (var test in fit.DifferenceInHansen)
        {
            Assert.True(test.Difference.Statistic >= -1e-9, $"{test.Subset}: {test.Difference.Statistic}");
            Assert.Equal(fit.Hansen.Statistic, test.Excluding.Statistic + test.Difference.Statistic, 1e-8);
            Assert.Equal(fit.Instruments - test.Columns - fit.Coefficients.Count, test.Excluding.DegreesOfFreedom);
        }

        Assert.Contains("difference_in_hansen", fit.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void One_step_system_gmm_matches_xtabond2_coefficients_and_the_level_instruments_test()
    {
        // Roodman (2009, §3.4): xtabond2 n L.n L(0/1).(w k) yr*, gmmstyle(L.(n w k)) ivstyle(yr*, equation(level)) robust small
        var fit = Model.DynamicPanel(LogEmployment)
            .On(Term.Lag(LogEmployment, 1), LogWage, Term.Lag(LogWage, 1), LogCapital, Term.Lag(LogCapital, 1))
            .GmmInstruments(LogEmployment, from: 2).GmmInstruments(LogWage, from: 2).GmmInstruments(LogCapital, from: 2)
            .System().TimeDummies()
            .Fit(EmplUk.Value);

        Assert.Equal(113, fit.Instruments);
        Assert.Equal(891, fit.LevelObservations);
        (string Name, double Estimate, double StandardError)[] printed =
        [
            ("L1.log(emp)", .9356053, .026569), ("log(wage)", -.6309761, .1192834), ("L1.log(wage)", .4826203, .1383132),
            ("log(capital)", .4839299, .0544281), ("L1.log(capital)", -.4243928, .059088),
        ];

        // xtabond2's small scales the one-step robust variance by G/(G − 1)·(N − 1)/(N − K), N the level observations.
        var groups = (double)fit.Groups;
        var n = (double)fit.LevelObservations;
        var small = Math.Sqrt(groups / (groups - 1) * ((n - 1) / (n - fit.Coefficients.Count)));
        var ratios = new List<double>();
        foreach (var (name, estimate, standardError) in printed)
        {
            // Half a unit of the seventh printed decimal plus 1e-7 relative: Stata's abdata stores the series as floats.
            Assert.InRange(fit[name].Estimate, estimate - 5e-8 - (1e-7 * Math.Abs(estimate)), estimate + 5e-8 + (1e-7 * Math.Abs(estimate)));
            ratios.Add(fit[name].StandardError * small / standardError);
        }

        // Every ratio is 1 + 7.4e-6 … 8.3e-6: the factor is right up to a uniform 8e-6 (a convention detail of
        // xtabond2's variance not yet identified; the printed SEs carry 5–7 digits).
        Assert.All(ratios, r => Assert.InRange(r, 1 - 2e-5, 1 + 2e-5));
        // xtabond2's Arellano–Bond tests: z = −5.46 (p 0.000) and −0.25 (p 0.804).
        Printed(-5.46, fit.ArellanoBond1!.Statistic);
        Printed(-0.25, fit.ArellanoBond2!.Statistic);
        Printed(0.804, fit.ArellanoBond2.PValue);

        // xtabond2's system Sargan: chi2(100) = 186.90.
        Assert.Equal(100, fit.Sargan!.DegreesOfFreedom);
        Printed(186.90, fit.Sargan.Statistic);

        var levels = fit.DifferenceInHansen.Single(t => t.Subset == "GMM instruments for levels");
        Assert.Equal(79, levels.Excluding.DegreesOfFreedom);
        Printed(84.33, levels.Excluding.Statistic);
        Assert.Equal(21, levels.Difference.DegreesOfFreedom);
        Printed(26.37, levels.Difference.Statistic);
        Printed(110.70, levels.Excluding.Statistic + levels.Difference.Statistic);
    }
}
