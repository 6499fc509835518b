using ModelDsl.Data;

using static ModelDsl.Tests.Estimation.ReferenceCase;

namespace ModelDsl.Tests.Estimation;

/// <summary>
/// Reference cases computed in R (lm, plm, sandwich; scripts beside the data). Tolerances: coefficients
/// 1e-8 relative (NIST Longley 1e-9), standard errors, t, p and intervals 1e-6.
/// </summary>
public sealed class ReferenceTests
{
    private const double Estimates = 1e-8;
    private const double Errors = 1e-6;

    [Fact]
    public void LongleyMatchesNistCertifiedValues()
    {
        var reference = Load("longley-nist");
        var fit = Model.Regress("employed").On("gnp_deflator", "gnp", "unemployed", "armed_forces", "population", "year").Fit(reference.Data);

        var certified = reference.Expected.GetProperty("nist_certified");
        foreach (var c in certified.GetProperty("coefficients").EnumerateArray())
        {
            var mine = fit[c.GetProperty("name").GetString()!];
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "estimate"), mine.Estimate, 1e-9);
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "std_error"), mine.StandardError, 1e-9);
        }

        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "residual_standard_deviation"), fit.ResidualStandardError, 1e-9);
        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "r2"), fit.RSquared, 1e-9);
        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "f"), fit.FStatistic.F, 1e-8);
        AssertInference(reference.Expected.GetProperty("coefficients"), fit, Errors);
    }

    [Fact]
    public void GrunfeldPooledOlsWithEachVariance()
    {
        var reference = Load("grunfeld-pooled", "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").Cluster("firm").Fit(reference.Data);

        AssertEstimates(reference.Expected.GetProperty("coefficients"), fit, Estimates);
        AssertInference(reference.Expected.GetProperty("coefficients"), fit, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2"), fit.RSquared, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2_adjusted"), fit.RSquaredAdjusted, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "rmse"), fit.RootMeanSquaredError, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma"), fit.ResidualStandardError, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected.GetProperty("f_iid"), "f"), fit.WithVcov(Vcov.Iid).FStatistic.F, Estimates);
        Assert.Equal(9, fit.InferenceDegreesOfFreedom);

        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        AssertInference(reference.Vcov("cluster_firm_vcovcl").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(SmallSampleCorrection.Sandwich)), Errors);
        var clusterOnly = new SmallSampleCorrection(ObservationAdjustment.None, FixedEffectCount.All, true, true, MultiwayClusterCount.PerTerm);
        AssertInference(reference.Vcov("cluster_firm_g_only").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(clusterOnly)), Errors);
    }

    [Fact]
    public void GrunfeldOneWayFixedEffectsWithEachVariance()
    {
        var reference = Load("grunfeld-fe-oneway", "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm").Cluster("firm").Demeaning(1e-12).Fit(reference.Data);

        AssertFixedEffectsFit(reference, fit);
        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        AssertInference(reference.Vcov("cluster_firm_plm_hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(SmallSampleCorrection.PlmHC1)), Errors, checkDistribution: false);
        AssertInference(reference.Vcov("cluster_firm_plm_hc0").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(SmallSampleCorrection.None)), Errors, checkDistribution: false);
        AssertInference(reference.Vcov("cluster_firm_plm_sss").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(SmallSampleCorrection.Plm)), Errors, checkDistribution: false);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected.GetProperty("f_slopes_iid"), "f"), fit.WithVcov(Vcov.Iid).FStatistic.F, Estimates);
    }

    [Fact]
    public void GrunfeldTwoWayFixedEffectsWithEachVariance()
    {
        var reference = Load("grunfeld-fe-twoway", "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Demeaning(1e-12).Fit(reference.Data);

        AssertFixedEffectsFit(reference, fit);
        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        AssertInference(reference.Vcov("cluster_year_stata").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("year")), Errors);
        var minimum = fit.WithVcov(Vcov.Cluster("firm", "year"));
        AssertInference(reference.Vcov("cluster_firm_year_min").GetProperty("coefficients"), minimum, Errors);
        Assert.Equal(9, minimum.InferenceDegreesOfFreedom);
        var conventional = Vcov.Cluster("firm", "year").With(SmallSampleCorrection.Stata with { Multiway = MultiwayClusterCount.PerTerm });
        AssertInference(reference.Vcov("cluster_firm_year_conventional").GetProperty("coefficients"), fit.WithVcov(conventional), Errors);
        AssertInference(reference.Vcov("cluster_firm_plm_hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm").With(SmallSampleCorrection.PlmHC1)), Errors, checkDistribution: false);
        AssertConstant(reference, fit, "cluster_year_stata", Vcov.Cluster("year"));
    }

    [Fact]
    public void ProducUnbalancedTwoWayFixedEffects()
    {
        var reference = Load("produc-unbalanced", "state", "year", "region");
        var fit = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state").Demeaning(1e-13).Fit(reference.Data);

        AssertFixedEffectsFit(reference, fit);
        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        AssertInference(reference.Vcov("cluster_state_plm_hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("state").With(SmallSampleCorrection.PlmHC1)), Errors, checkDistribution: false);
    }

    [Fact]
    public void ProducSubsampleWithoutFourStates()
    {
        var reference = Load("produc-subsample", "state", "year", "region");
        var excluded = reference.Expected.GetProperty("model").GetProperty("excluded_states").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var state = reference.Data.Categorical("state");
        var rows = Enumerable.Range(0, reference.Data.RowCount).Where(i => !excluded.Contains(state[i])).ToArray();
        var sample = reference.Data.SelectRows(rows, new Results.Note(Results.NoteKind.SampleRestriction, "four states excluded", reference.Data.RowCount - rows.Length));
        var fit = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state").Demeaning(1e-13).Fit(sample);

        AssertFixedEffectsFit(reference, fit);
        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        Assert.Contains(fit.Notes, n => n.Kind == Results.NoteKind.SampleRestriction);

        // The same sub-sample chosen inside the model with the data layer's restriction.
        var inside = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state")
            .Subset(d => d.ExcludeUnits([.. excluded.OfType<string>()])).Demeaning(1e-13).Fit(reference.Data);
        AssertFixedEffectsFit(reference, inside);
        Assert.Contains(inside.Notes, n => n.Kind == Results.NoteKind.SampleRestriction && n.Count == 68);
    }

    [Theory]
    [InlineData("emplUK-lagged")]
    [InlineData("emplUK-lagged-gaps")]
    public void EmplUkLaggedDependentVariable(string name)
    {
        var reference = Load(name, "firm", "year", "sector");
        var logEmployment = Term.Log("emp");
        var fit = Model.Regress(logEmployment).On(Term.Lag(logEmployment, 1), Term.Log("wage"), Term.Log("capital")).Fe("firm", "year").Cluster("firm").Demeaning(1e-13).Fit(reference.Data);

        AssertFixedEffectsFit(reference, fit);
        AssertInference(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
        var lost = Assert.Single(fit.Notes, n => n.Kind == Results.NoteKind.LostToLags);
        Assert.Equal(reference.Expected.GetProperty("rows_dropped_lag").GetInt32(), lost.Count);
        Assert.Contains("L1.log(emp)", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProducTwoWayDifferenceInDifferences()
    {
        var reference = Load("did-produc", "state", "year", "region");
        var expected = reference.Expected.GetProperty("did");
        var fit = Model.Regress(Term.Log("gsp")).On("treated").Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp")
            .Fe("state", "year").Cluster("state").Demeaning(1e-13).Fit(reference.Data);

        AssertFit(expected, fit);
        AssertInference(expected.GetProperty("vcov").GetProperty("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), Errors);
        AssertInference(expected.GetProperty("vcov").GetProperty("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), Errors);
    }

    [Fact]
    public void ProducEventStudyAndPreTrendWaldTest()
    {
        var reference = Load("did-produc", "state", "year", "region");
        var expected = reference.Expected.GetProperty("event_study");
        var data = reference.Data;
        var year = data.Categorical("year");
        var cohort = data.Numeric("cohort");
        var times = new[] { -5, -4, -3, -2, 0, 1, 2, 3, 4, 5 };
        foreach (var k in times)
        {
            var dummy = new double[data.RowCount];
            for (var i = 0; i < dummy.Length; i++)
            {
                if (cohort[i] > 0)
                {
                    var relative = Math.Clamp((int)(year.NumericValue(i) - cohort[i]), -5, 5);
                    dummy[i] = relative == k ? 1 : 0;
                }
            }

            data = data.WithColumn(new NumericColumn($"event_time::{k}", dummy));
        }

        var leads = new[] { "event_time::-5", "event_time::-4", "event_time::-3", "event_time::-2" };
        var fit = Model.Regress(Term.Log("gsp")).On(times.Select(k => (Term)$"event_time::{k}").ToArray())
            .Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state").Demeaning(1e-13).Fit(data);

        AssertFit(expected, fit);
        var wald = fit.Wald(leads);
        var expectedWald = expected.GetProperty("pretrend_wald");
        OrdinaryLeastSquaresTests.AssertClose(Number(expectedWald, "f"), wald.F, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expectedWald, "f_p"), wald.PValue, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expectedWald, "chi2"), wald.ChiSquare, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expectedWald, "chi2_p"), wald.ChiSquarePValue, Errors);
        Assert.Equal(47, wald.DenominatorDegreesOfFreedom);
        var iid = fit.WithVcov(Vcov.Iid).Wald(leads);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected.GetProperty("pretrend_wald_iid"), "f"), iid.F, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected.GetProperty("pretrend_wald_iid"), "f_p"), iid.PValue, Errors);
        Assert.Equal(738, iid.DenominatorDegreesOfFreedom);
    }

    [Fact]
    public void GrunfeldRandomEffectsAndHausman()
    {
        var reference = Load("grunfeld-re-hausman", "firm", "year");
        var re = Model.Regress("inv").On("value", "capital").RandomEffects().Fit(reference.Data);
        var fe = Model.Regress("inv").On("value", "capital").Fe("firm").Demeaning(1e-12).Fit(reference.Data);

        AssertEstimates(reference.Expected.GetProperty("coefficients"), re, Estimates);
        AssertInference(reference.Expected.GetProperty("coefficients"), re, Errors);
        Assert.True(re.UsesNormalDistribution);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma_u"), re.RandomEffects!.SigmaUnit, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma_e"), re.RandomEffects.SigmaIdiosyncratic, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "theta"), re.RandomEffects.ThetaMinimum, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2"), re.RSquared, Estimates);

        var hausman = ModelDsl.Inference.HausmanComparison.Compare(fe, re);
        var expected = reference.Expected.GetProperty("hausman");
        Assert.True(hausman.IsApplicable);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "statistic"), hausman.Statistic!.Value, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "p"), hausman.PValue!.Value, Errors);
        Assert.Empty(hausman.Notes);
        Assert.Equal(2, hausman.DegreesOfFreedom);
    }

    [Fact]
    public void ProducUnbalancedRandomEffectsWithStataFormulas()
    {
        var reference = Load("produc-re-unbalanced", "state", "year", "region");
        var expected = reference.Expected;
        var re = Model.Regress(Term.Log("gsp")).On(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").RandomEffects().Fit(reference.Data);

        Assert.Equal(700, re.Observations);
        AssertEstimates(expected.GetProperty("coefficients"), re, Estimates);
        AssertInference(expected.GetProperty("coefficients"), re, Errors);
        AssertInference(expected.GetProperty("cluster_state_stata").GetProperty("coefficients"), re.WithVcov(Vcov.Cluster("state")), Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "sigma_u"), re.RandomEffects!.SigmaUnit, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "sigma_e"), re.RandomEffects.SigmaIdiosyncratic, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "theta_min"), re.RandomEffects.ThetaMinimum, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "theta_max"), re.RandomEffects.ThetaMaximum, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "r2"), re.RSquared, Estimates);
    }

    internal static void AssertFixedEffectsFit(ReferenceCase reference, Results.RegressionResult fit)
    {
        var defaultKey = AssertFit(reference.Expected, fit);
        AssertConstant(reference, fit, "iid", Vcov.Iid);
        AssertConstant(reference, fit, defaultKey, fit.Vcov);
    }

    /// <summary>Checks N, df, coefficients, default inference and fit statistics of one expected block; returns the default vcov key.</summary>
    internal static string AssertFit(System.Text.Json.JsonElement expected, Results.RegressionResult fit)
    {
        Assert.Equal(expected.GetProperty("observations").GetInt32(), fit.Observations);
        Assert.Equal(expected.GetProperty("df_residual").GetInt32(), fit.ResidualDegreesOfFreedom);
        AssertEstimates(expected.GetProperty("coefficients"), fit, Estimates);
        AssertInference(expected.GetProperty("coefficients"), fit, Errors);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "r2"), fit.RSquared, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "r2_adjusted"), fit.RSquaredAdjusted, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "r2_within"), fit.RSquaredWithin, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "rmse"), fit.RootMeanSquaredError, Estimates);
        OrdinaryLeastSquaresTests.AssertClose(Number(expected, "sigma"), fit.ResidualStandardError, Estimates);
        foreach (var level in expected.GetProperty("fe_levels").EnumerateObject())
        {
            var index = fit.FixedEffects.ToList().IndexOf(level.Name);
            Assert.Equal(level.Value.GetInt32(), fit.FixedEffectLevels[index]);
        }

        var defaultKey = expected.GetProperty("default_vcov").GetString()!;
        var block = expected.GetProperty("vcov").GetProperty(defaultKey);
        if (block.TryGetProperty("df_t", out var df))
        {
            Assert.Equal(df.GetInt32(), fit.InferenceDegreesOfFreedom);
        }

        return defaultKey;
    }

    private static void AssertConstant(ReferenceCase reference, Results.RegressionResult fit, string key, Vcov vcov)
    {
        var constant = reference.Expected.GetProperty("stata_constant");
        OrdinaryLeastSquaresTests.AssertClose(Number(constant, "estimate"), fit[Results.RegressionResult.InterceptName].Estimate, Estimates);
        AssertInference(constant.GetProperty(key).GetProperty("coefficients"), fit.WithVcov(vcov), Errors, rename: StataNames);
    }
}
