using System.Globalization;

using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests;

/// <summary>The usage analyzer and the type errors on misuse: ID, message, the offending word, nothing else.</summary>
public sealed class UsageDiagnosticTests
{
    [Fact]
    public void OutcomeAmongRegressors() => AssertOnly(
        "Regress(Inno).On(Cbec, Inno).Fe(City, Year).Fit(data)", "MDSL1001", "Inno", 2,
        "'Inno' is the outcome and is also listed in On; a variable cannot explain itself, remove it from On");

    [Fact]
    public void LogitOutcomeAmongRegressors() => AssertOnly(
        "Logit(Cbec).On(Inno).Controls(Cbec).Factors(Year).Fit(data)", "MDSL1001", "Cbec", 2,
        "'Cbec' is the outcome and is also listed in Controls; a variable cannot explain itself, remove it from Controls");

    [Fact]
    public void DidOutcomeAmongControls() => AssertOnly(
        "Did(Inno).Treated(Cbec).Controls(LnGdp, Inno).Fe(City, Year).Fit(data)", "MDSL1001", "Inno", 2,
        "'Inno' is the outcome and is also listed in Controls; a variable cannot explain itself, remove it from Controls");

    [Fact]
    public void RegressorListedTwice() => AssertOnly(
        "Regress(Inno).On(Cbec).Controls(LnPop, Cbec).Fit(data)", "MDSL1002", "Cbec", 2,
        "'Cbec' is listed twice among the regressors and controls (in On and Controls); the copies are perfectly collinear, remove one");

    [Fact]
    public void SameTermListedTwice() => AssertOnly(
        "Regress(Inno).On(Log(LnGdp), Log(LnGdp)).Fit(data)", "MDSL1002", "Log(LnGdp)", 2,
        "'Log(LnGdp)' is listed twice among the regressors and controls (in On and On); the copies are perfectly collinear, remove one");

    [Fact]
    public void InteractionListedTwice() => AssertOnly(
        "Regress(Inno).On(Cbec * LnGdp).Controls(Cbec*LnGdp).Fit(data)", "MDSL1002", "Cbec*LnGdp", 1,
        "'Cbec*LnGdp' is listed twice among the regressors and controls (in On and Controls); the copies are perfectly collinear, remove one");

    [Fact]
    public void FixedEffectListedTwice() => AssertOnly(
        "Regress(Inno).On(Cbec).Fe(City, Year, City).Fit(data)", "MDSL1003", "City", 2,
        "Fixed effect 'City' is listed twice; remove the repeat");

    [Fact]
    public void FixedEffectListedTwiceAfterStepwise() => AssertOnly(
        "Regress(Inno).On(Cbec).Controls(LnPop).Stepwise().Fe(Year, Year).Fit(data)", "MDSL1003", "Year", 2,
        "Fixed effect 'Year' is listed twice; remove the repeat");

    [Fact]
    public void ClusterOnTimeOnly() => AssertOnly(
        "Regress(Inno).On(Cbec).Fe(City, Year).Cluster(Year).Fit(data)", "MDSL1004", "Year", 2,
        "Clustering on the time variable 'Year' alone treats each period as one cluster; with the few periods of a typical panel cluster-robust errors are unreliable (Cameron and Miller 2015), cluster on the unit 'City' or on both",
        DiagnosticSeverity.Warning);

    [Fact]
    public void ClusterListedTwice() => AssertOnly(
        "Regress(Inno).On(Cbec).Cluster(City, City).Fit(data)", "MDSL1005", "City", 2,
        "Cluster variable 'City' is listed twice; two-way clustering needs two different variables");

    [Fact]
    public void NonPositiveLag() => AssertOnly(
        "Regress(Inno).On(Lag(Cbec, 0)).Fit(data)", "MDSL1006", "0", 1,
        "Lag of 0 periods; expected a positive number of periods (use Lead for the other direction)");

    [Fact]
    public void LaggedOutcomeWithUnitFixedEffects() => AssertOnly(
        "Regress(Inno).On(Lag(Inno), Cbec).Fe(City, Year).Cluster(City).Fit(data)", "MDSL1008", "Lag(Inno)", 1,
        "'Lag(Inno)' puts the lagged outcome on the right-hand side of a model with 'City' fixed effects; the within estimator is then biased by order 1/T (Nickell 1981), use dynamic-panel GMM (Gmm(Inno).On(Lag(Inno), ...).GmmInstruments(Inno), docs/dynamic-panel.md) or a long panel",
        DiagnosticSeverity.Warning);

    [Fact]
    public void MediatorEqualToTreatment() => AssertOnly(
        "Mediate(Inno).Treatment(Cbec).Through(Cbec).Controls(LnGdp).Fe(City, Year).Cluster(City).Fit(data)", "MDSL1009", "Cbec", 2,
        "'Cbec' is both the treatment and the mediator of this model; each role needs its own variable, pass another one to Through");

    [Fact]
    public void OutcomeAsMediator() => AssertOnly(
        "Mediate(Inno).Treatment(Cbec).Through(Inno).Fe(City, Year).Fit(data)", "MDSL1009", "Inno", 2,
        "'Inno' is both the outcome and the mediator of this model; each role needs its own variable, pass another one to Through");

    [Fact]
    public void TreatmentAmongMediationControls() => AssertOnly(
        "Mediate(Inno).Treatment(Log(LnGdp)).Through(Cbec).Controls(Infra, Log(LnGdp)).Fit(data)", "MDSL1009", "Log(LnGdp)", 2,
        "'Log(LnGdp)' is both the treatment and the control of this model; each role needs its own variable, pass another one to Controls");

    [Fact]
    public void ModeratorEqualToFocalVariable() => AssertOnly(
        "Moderate(Inno).Effect(Cbec).By(Cbec).At(0, 1).Fe(City, Year).Fit(data)", "MDSL1009", "Cbec", 2,
        "'Cbec' is both the focal variable and the moderator of this model; each role needs its own variable, pass another one to By");

    [Fact]
    public void DidTreatmentIndicatorEqualToOutcome() => AssertOnly(
        "Did(Inno).Treated(Inno).Fe(City, Year).Fit(data)", "MDSL1009", "Inno", 2,
        "'Inno' is both the outcome and the treatment indicator of this model; each role needs its own variable, pass another one to Treated");

    [Fact]
    public void MatchingTreatmentAmongScoreCovariates() => AssertOnly(
        "Match(Cbec).On(LnPop, Cbec).Outcome(Inno).Fit(data)", "MDSL1009", "Cbec", 2,
        "'Cbec' is both the treatment and the score covariate of this model; each role needs its own variable, pass another one to On");

    [Fact]
    public void MatchingOutcomeEqualToTreatment() => AssertOnly(
        "Match(Cbec).On(LnPop, LnGdp).Outcome(Cbec).Fit(data)", "MDSL1009", "Cbec", 2,
        "'Cbec' is both the treatment and the outcome of this model; each role needs its own variable, pass another one to Outcome");

    [Fact]
    public void InstrumentAmongTheRegressors() => AssertOnly(
        "Regress(Inno).On(Cbec, Infra).Instrument(Cbec, with: [Infra, LnGdp]).Fe(City, Year).Cluster(City).Fit(data)", "MDSL1010", "Infra", 2,
        "'Infra' is both an excluded instrument and a regressor (in On); an excluded instrument must stay out of the equation it instruments, remove it from with: [...] or from On");

    [Fact]
    public void InstrumentAmongControlsAddedAfterInstrument() => AssertOnly(
        "Regress(Inno).On(Cbec).Instrument(Cbec, LnGdp, Infra).Controls(LnPop, LnGdp).Liml().Fit(data)", "MDSL1010", "LnGdp", 1,
        "'LnGdp' is both an excluded instrument and a control (in Controls); an excluded instrument must stay out of the equation it instruments, remove it from with: [...] or from Controls");

    [Fact]
    public void OutcomeAsInstrument() => AssertOnly(
        "Regress(Inno).On(Cbec).Instrument(Cbec, with: [Infra, Inno]).Fit(data)", "MDSL1010", "Inno", 2,
        "'Inno' is both an excluded instrument and the outcome; an excluded instrument must stay out of the equation it instruments, remove it from with: [...]");

    [Fact]
    public void EndogenousAsItsOwnInstrument() => AssertOnly(
        "Regress(Inno).On(Cbec).Instrument(Cbec, with: [Infra, Cbec]).Fit(data)", "MDSL1011", "Cbec", 3,
        "'Cbec' is both an endogenous regressor and an excluded instrument; an endogenous variable cannot instrument itself or another endogenous regressor, remove it from with: [...]");

    [Fact]
    public void EndogenousAsAnotherEndogenousRegressorsInstrument() => AssertOnly(
        "Regress(Inno).Instrument(Cbec, with: Infra).Instrument(LnGdp, with: Cbec).Gmm().Fit(data)", "MDSL1011", "Cbec", 2,
        "'Cbec' is both an endogenous regressor and an excluded instrument; an endogenous variable cannot instrument itself or another endogenous regressor, remove it from with: [...]");

    [Fact]
    public void OutcomeAsEndogenous() => AssertOnly(
        "Regress(Inno).On(Cbec).Instrument(Inno, with: Infra).Fit(data)", "MDSL1011", "Inno", 2,
        "'Inno' is both an endogenous regressor and the outcome; a variable cannot explain itself, instrument a regressor instead");

    [Fact]
    public void ControlAsEndogenous() => AssertOnly(
        "Regress(Inno).On(Cbec).Controls(LnGdp).Instrument(LnGdp, with: [Infra, LnPop]).Fit(data)", "MDSL1011", "LnGdp", 2,
        "'LnGdp' is both an endogenous regressor and a control (in Controls); controls are exogenous, remove it from Controls or from Instrument");

    [Fact]
    public void NoExcludedInstrument() => AssertOnly(
        "Regress(Inno).On(Cbec).Controls(LnGdp).Instrument(Cbec).Fe(City, Year).Fit(data)", "MDSL1012", "Cbec", 2,
        "The model has 1 endogenous regressor(s) (Cbec) but 0 excluded instrument(s) (none); it is not identified (the order condition needs at least one excluded instrument per endogenous regressor), add instruments in with: [...]");

    [Fact]
    public void FewerInstrumentsThanEndogenousRegressors() => AssertOnly(
        "Regress(Inno).Instrument([Cbec, LnGdp], with: [Infra]).Controls(LnPop).Fit(data)", "MDSL1012", "[Cbec, LnGdp]", 1,
        "The model has 2 endogenous regressor(s) (Cbec, LnGdp) but 1 excluded instrument(s) (Infra); it is not identified (the order condition needs at least one excluded instrument per endogenous regressor), add instruments in with: [...]");

    [Fact]
    public void RepeatedInstrumentCountsOnce() => AssertOnly(
        "Regress(Inno).Instrument(Cbec, with: Infra).Instrument(LnGdp, with: Infra).Fit(data)", "MDSL1012", "LnGdp", 1,
        "The model has 2 endogenous regressor(s) (Cbec, LnGdp) but 1 excluded instrument(s) (Infra); it is not identified (the order condition needs at least one excluded instrument per endogenous regressor), add instruments in with: [...]");

    [Fact]
    public void EndogenousAddedByInstrumentAndListedAgainInOn() => AssertOnly(
        "Regress(Inno).Instrument(Cbec, with: Infra).On(LnPop, Cbec).Fit(data)", "MDSL1002", "Cbec", 2,
        "'Cbec' is listed twice among the regressors and controls (in Instrument and On); the copies are perfectly collinear, remove one");

    [Fact]
    public void GmmLagRangeStartingAtZero() => AssertOnly(
        "Gmm(Inno).On(Lag(Inno), Cbec).GmmInstruments(Inno, from: 0, to: 3).IvInstruments(Cbec).Fit(data)", "MDSL1013", "0", 1,
        "The GMM-style instrument 'Inno' uses lags 0 to 3; expected 1 <= from <= to (from: 2 for the lagged outcome with serially uncorrelated errors, 1 for a predetermined regressor; leave out to for all available lags)");

    [Fact]
    public void GmmLagRangeEndingBeforeItStarts() => AssertOnly(
        "Gmm(Inno).On(Lag(Inno), Cbec).GmmInstruments(Inno, to: 1).TwoStep().Fit(data)", "MDSL1013", "1", 1,
        "The GMM-style instrument 'Inno' uses lags 2 to 1; expected 1 <= from <= to (from: 2 for the lagged outcome with serially uncorrelated errors, 1 for a predetermined regressor; leave out to for all available lags)");

    [Fact]
    public void DynamicPanelOutcomeAmongRegressors() => AssertOnly(
        "Gmm(Inno).On(Lag(Inno), Inno).GmmInstruments(Inno).Fit(data)", "MDSL1001", "Inno", 3,
        "'Inno' is the outcome and is also listed in On; a variable cannot explain itself, remove it from On");

    [Fact]
    public void ThresholdOutcomeAsThresholdVariable() => AssertOnly(
        "Threshold(Inno).On(Cbec).By(Inno).Fe(City).Fit(data)", "MDSL1014", "Inno", 2,
        "'Inno' is both the outcome and the threshold variable of this threshold model; splitting the sample by the dependent variable itself selects on the outcome and the regimes are not identified, pass another variable to By");

    [Fact]
    public void ThresholdRegressorAlsoAControl() => AssertOnly(
        "Threshold(Inno).On(Cbec).By(Infra).Controls(LnGdp, Cbec).Fit(data)", "MDSL1002", "Cbec", 2,
        "'Cbec' is listed twice among the regressors and controls (in On and Controls); the copies are perfectly collinear, remove one");

    [Fact]
    public void ThresholdOutcomeAmongRegimeDependentRegressors() => AssertOnly(
        "Threshold(Inno).On(Cbec, Inno).By(Infra).Fit(data)", "MDSL1001", "Inno", 2,
        "'Inno' is the outcome and is also listed in On; a variable cannot explain itself, remove it from On");

    [Fact]
    public void ThresholdRegimesOutOfRange() => AssertOnly(
        "Threshold(Inno).On(Cbec).By(Infra).Regimes(5).Fit(data)", "MDSL1015", "5", 1,
        "Regimes(5) is out of range; expected 2, 3 or 4 regimes (one to three thresholds, as xthreg's thnum(1), thnum(2), thnum(3))");

    [Fact]
    public void ThresholdTrimmedShareOutOfRange() => AssertOnly(
        "Threshold(Inno).On(Cbec).By(Infra).Regimes(3).Trim(0.01, 0.5).Fit(data)", "MDSL1015", "0.5", 1,
        "The trimmed share 0.5 is out of range; expected a share in [0, 0.5), such as 0.01 (xthreg's default) or 0.05");

    [Fact]
    public void ThresholdTrimmedSharesNotOnePerThreshold() => AssertOnly(
        "Threshold(Inno).On(Cbec).By(Infra).Trim(0.01, 0.01, 0.05).Fit(data)", "MDSL1015", "0.05", 1,
        "Trim with 3 shares for a model of 1 threshold(s) (Regimes(2)) is out of range; expected one share for every threshold or one per threshold, as xthreg's trim() with thnum()");

    [Fact]
    public void CallawaySantAnnaCohortAmongCovariates() => AssertOnly(
        "CallawaySantAnna(Inno).Cohort(Cbec).Covariates(LnGdp, Cbec).Fit(data)", "MDSL1009", "Cbec", 2,
        "'Cbec' is both the cohort and the covariate of this model; each role needs its own variable, pass another one to Covariates");

    [Fact]
    public void CallawaySantAnnaOutcomeAmongCovariates() => AssertOnly(
        "CallawaySantAnna(Inno).Cohort(Cbec).Covariates(Inno).NotYetTreated().Fit(data)", "MDSL1001", "Inno", 2,
        "'Inno' is the outcome and is also listed in Covariates; a variable cannot explain itself, remove it from Covariates");

    [Fact]
    public void CallawaySantAnnaNegativeAnticipation() => AssertOnly(
        "CallawaySantAnna(Inno).Cohort(Cbec).Anticipation(-1).Fit(data)", "MDSL1015", "-1", 1,
        "Anticipation(-1) is out of range; expected 0 or more periods before treatment");

    [Fact]
    public void ImputationOutcomeAsCohort() => AssertOnly(
        "Imputation(Inno).Cohort(Inno).Fe(City, Year).Fit(data)", "MDSL1009", "Inno", 2,
        "'Inno' is both the outcome and the cohort of this model; each role needs its own variable, pass another one to Cohort");

    [Fact]
    public void ImputationHorizonsReversed() => AssertOnly(
        "Imputation(Inno).Cohort(Cbec).Fe(City, Year).Horizons(3, 1).Fit(data)", "MDSL1015", "1", 1,
        "Horizons(3, 1) is out of range; expected the first horizon at most the last, such as Horizons(0, 5)");

    [Fact]
    public void ImputationNoPreTrendLead() => AssertOnly(
        "Imputation(Inno).Cohort(Cbec).Fe(City, Year).PreTrends(0).Fit(data)", "MDSL1015", "0", 1,
        "PreTrends(0) is out of range; expected at least one lead, such as PreTrends(3)");

    [Fact]
    public void ImputationClusterOnTimeOnly() => AssertOnly(
        "Imputation(Inno).Cohort(Cbec).Fe(City, Year).Cluster(Year).Fit(data)", "MDSL1004", "Year", 2,
        "Clustering on the time variable 'Year' alone treats each period as one cluster; with the few periods of a typical panel cluster-robust errors are unreliable (Cameron and Miller 2015), cluster on the unit 'City' or on both",
        DiagnosticSeverity.Warning);

    [Fact]
    public void SwitchingDidOutcomeAsTreatment() => AssertOnly(
        "SwitchingDid(Inno).Treated(Inno).Bootstrap(10, 1).Fit(data)", "MDSL1009", "Inno", 2,
        "'Inno' is both the outcome and the treatment indicator of this model; each role needs its own variable, pass another one to Treated");

    [Fact]
    public void CategoricalThresholdVariableIsATypeErrorAtTheWord()
    {
        var (source, output) = Compile("Threshold(Inno).On(Cbec).By(City).Fit(data)");
        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS1503", error.Id);
        Assert.Equal(GeneratorHarness.SpanOf(source, "City"), error.Location.GetLineSpan().Span);
    }

    [Fact]
    public void CategoricalCohortOrRegressorIsATypeErrorAtTheWord()
    {
        foreach (var (model, word) in new[] { ("CallawaySantAnna(Inno).Cohort(Year).Fit(data)", "Year"), ("Imputation(Inno).Cohort(Cbec).Controls(City).Fit(data)", "City"), ("Threshold(Inno).On(Year).By(Infra).Fit(data)", "Year"), ("SwitchingDid(Inno).Treated(City).Fit(data)", "City") })
        {
            var (source, output) = Compile(model);
            var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("CS1503", error.Id);
            Assert.Equal(GeneratorHarness.SpanOf(source, word), error.Location.GetLineSpan().Span);
        }
    }

    [Fact]
    public void NumericColumnAsFixedEffectIsATypeErrorAtTheWord()
    {
        var (source, output) = Compile("Regress(Inno).On(Cbec).Fe(Infra, Year).Fit(data)");
        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS1503", error.Id);
        Assert.Equal(GeneratorHarness.SpanOf(source, "Infra"), error.Location.GetLineSpan().Span);

        var diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal("MDSL1007", diagnostic.Id);
        Assert.Equal(
            "'Infra' is a numeric column of 'Cities'; Fe accepts only categorical columns (the unit, the time, text columns, or columns listed in Categorical)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(GeneratorHarness.SpanOf(source, "Infra"), diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void NumericColumnAsHeterogeneityGroupIsATypeErrorAtTheWord()
    {
        var (source, output) = Compile("Regress(Inno).On(Cbec).Fe(City, Year).By(LnGdp).Fit(data)");
        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS1503", error.Id);
        Assert.Equal(GeneratorHarness.SpanOf(source, "LnGdp"), error.Location.GetLineSpan().Span);

        var diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal("MDSL1007", diagnostic.Id);
        Assert.Equal(
            "'LnGdp' is a numeric column of 'Cities'; By accepts only categorical columns (the unit, the time, text columns, or columns listed in Categorical)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(GeneratorHarness.SpanOf(source, "LnGdp"), diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void MisspelledColumnIsACompileErrorAtTheWord()
    {
        var (source, output) = Compile("Regress(Inov).On(Cbec).Fit(data)");
        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0103", error.Id);
        Assert.Contains("'Inov'", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(GeneratorHarness.SpanOf(source, "Inov"), error.Location.GetLineSpan().Span);
    }

    [Fact]
    public void ColumnOfAnotherDatasetDoesNotTypeCheck()
    {
        const string other = """

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Towns;
            """;
        var (source, output) = Compile("Regress(Inno).On(Cbec, Towns.Infra).Fit(data)", other);
        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS1503", error.Id);
        Assert.Equal(GeneratorHarness.SpanOf(source, "Towns.Infra"), error.Location.GetLineSpan().Span);
    }

    [Fact]
    public void CorrectModelsReportNothing()
    {
        var (_, output) = Compile("""
            Regress(Inno).On(Cbec).Controls(LnPop, LnGdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
            Regress(Inno).On(Lag(Inno), Cbec).Fe(Year).Cluster(City).Fit(data);
            EventStudy(Inno).Cohort(Cbec).Window(-3, 3).Reference(-1).Controls(LnGdp).Fe(City, Year).Cluster(City).Fit(data);
            Logit(Cbec).On(Inno).Factors(Year).Cluster(City).Fit(data);
            Mediate(Inno).Treatment(Cbec).Through(Infra).Controls(LnGdp).Fe(City, Year).Cluster(City).Bootstrap(10, 1).Fit(data);
            Moderate(Inno).Effect(Cbec).By(LnGdp).At(1, 2).Controls(LnPop).Fe(City, Year).Cluster(City).Fit(data);
            Match(Cbec).On(LnPop, LnGdp).Factors(Year).Logit().Nearest(2).Caliper(0.1).Outcome(Inno).Fit(data);
            Match(Cbec).On(LnPop, LnGdp).ThenRegress(Regress(Inno).On(Cbec).Fe(City, Year).Cluster(City)).Pooled().WeightedSample().Fit(data);
            Regress(Inno).On(Cbec).Fe(Year).Cluster(City).By(Year).Fit(data);
            Did(Inno).Treated(Cbec).Controls(LnGdp).Fe(City, Year).Cluster(City).Fit(data);
            Regress(Log(Inno)).On(Lag(Cbec), Cbec * LnGdp).Controls(Lead(Infra, 2)).Cluster(City, Year).Vcov(Vcov.HC1).Fit(data);
            Regress(Inno).On(Cbec).Controls(LnPop).Instrument(Cbec, with: [Infra, LnGdp]).Fe(City, Year).Cluster(City).Liml().Fit(data);
            Regress(Inno).On(LnPop).Instrument([Cbec, LnGdp], with: [Infra, Lag(Infra), Lag(LnPop, 2)]).Controls(Log(LnPop)).Fuller(1).Small().Fit(data);
            Regress(Inno).Instrument(Cbec, Infra).Instrument(LnGdp, with: Lag(Infra)).Gmm(Vcov.HC1).Vcov(Vcov.Cluster(City.ColumnTerm)).Fit(data);
            Gmm(Inno).On(Lag(Inno), Lag(Inno, 2), Cbec).GmmInstruments(Inno, from: 2, to: 4, collapse: true).GmmInstruments(Cbec, 1).IvInstruments(LnGdp).System().TwoStep().Fit(data);
            Regress(Inno).Instrument([Cbec, LnGdp], new NumericTerm<Cities>[] { Infra, Lag(Infra) }).Fit(data);
            Regress(Inno).Instrument([Cbec, LnGdp], System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Repeat<NumericTerm<Cities>>(Infra, 2))).Fit(data);
            Regress(Inno).Instrument([Cbec, LnGdp], [Infra, .. new NumericTerm<Cities>[] { Lag(Infra) }]).Fit(data);
            Gmm(Log(Inno)).On(Lag(Log(Inno))).GmmInstruments(Log(Inno), to: 2).TimeDummies().Fit(data);
            Threshold(Inno).On(Cbec).By(Infra).Regimes(4).Controls(LnGdp, Infra).Fe(City).Cluster(City).Trim(0.01, 0.01, 0.05).Bootstrap(10).Fit(data);
            Threshold(Inno).On(Infra).By(Infra).Regimes(3).Trim(0.05).Grid(50).Fit(data);
            CallawaySantAnna(Inno).Cohort(Cbec).Covariates(LnGdp, Log(LnPop)).NotYetTreated().Anticipation(1).Cluster(City).Bootstrap(10, 1).Fit(data);
            Imputation(Inno).Cohort(Cbec).Controls(LnGdp).Fe(City, Year).Cluster(City).Horizons(0, 3).PreTrends(2).Weighted(LnPop).Fit(data);
            SwitchingDid(Inno).Treated(Cbec).Cluster(City).Bootstrap(10, 1).Fit(data)
            """);
        Assert.Empty(GeneratorHarness.BuildDiagnostics(output).Where(d => d.Severity != DiagnosticSeverity.Hidden));
        Assert.Empty(GeneratorHarness.Analyze(output));
    }

    private static void AssertOnly(string model, string id, string word, int occurrence, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var (source, output) = Compile(model);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(GeneratorHarness.SpanOf(source, word, occurrence), diagnostic.Location.GetLineSpan().Span);
    }

    private static (string Source, Compilation Output) Compile(string statements, string extraDeclarations = "")
    {
        var source = $$"""
            using ModelDsl;
            using static Cities;

            var data = Load();
            var result = {{statements}};
            System.Console.WriteLine(result);

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            {{extraDeclarations}}
            """;
        var run = GeneratorHarness.Run([source], [("cities.csv", Scenarios.CitiesCsv)], null);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
        return (source, run.Output);
    }
}
