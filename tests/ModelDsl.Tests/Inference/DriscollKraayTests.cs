using System.Text.Json;

using ModelDsl.Inference;
using ModelDsl.Results;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Inference;

/// <summary>Driscoll–Kraay standard errors against plm::vcovSCC(type = "HC0") on Grunfeld (reference/driscoll-kraay-grunfeld).</summary>
public sealed class DriscollKraayTests
{
    private static readonly ReferenceCase Case = ReferenceCase.Load("driscoll-kraay-grunfeld", unit: "firm", time: "year");

    [Theory]
    [InlineData("pooled", "lag0", 0)]
    [InlineData("pooled", "lag2", 2)]
    [InlineData("pooled", "lag4", 4)]
    [InlineData("within", "lag0", 0)]
    [InlineData("within", "lag2", 2)]
    [InlineData("within", "lag4", 4)]
    public void StandardErrorsMatchPlmVcovScc(string model, string block, int lags)
    {
        var specification = Model.Regress("inv").On("value", "capital").Vcov(Vcov.DriscollKraay(lags));
        if (model == "within")
        {
            specification = specification.Fe("firm");
        }

        var fit = specification.Fit(Case.Data);
        AssertBlock(Case.Expected.GetProperty(model).GetProperty(block), fit);
        Assert.Equal(19, fit.InferenceDegreesOfFreedom);
        Assert.Contains(fit.Notes, n => n.Message.StartsWith("Driscoll–Kraay errors over 20 periods of the panel's time column with Bartlett lag", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaultLagIsXtsccsAndTheTimeVariableCanBeNamed()
    {
        Assert.Equal(2, DriscollKraayEstimator.DefaultLags(20));
        Assert.Equal(Case.Expected.GetProperty("xtscc_default_lag").GetInt32(), DriscollKraayEstimator.DefaultLags(20));
        var byDefault = Model.Regress("inv").On("value", "capital").Vcov(Vcov.DriscollKraay()).Fit(Case.Data);
        var named = Model.Regress("inv").On("value", "capital").Vcov(Vcov.DriscollKraay("year", 2)).Fit(Case.Data);
        AssertBlock(Case.Expected.GetProperty("pooled").GetProperty("lag2"), byDefault);
        AssertBlock(Case.Expected.GetProperty("pooled").GetProperty("lag2"), named);
        Assert.Equal("driscoll-kraay", byDefault.Vcov.Description);
        Assert.Equal("driscoll-kraay(lags = 2)(year)", named.Vcov.Description);
        Assert.Equal(Vcov.DriscollKraay(3), Vcov.DriscollKraay(3));
    }

    [Fact]
    public void TheStataCorrectionScalesByPeriodsAndObservations()
    {
        var plain = Model.Regress("inv").On("value", "capital").Vcov(Vcov.DriscollKraay(2)).Fit(Case.Data);
        var corrected = plain.WithVcov(Vcov.DriscollKraay(2).With(SmallSampleCorrection.Stata));
        var factor = Math.Sqrt(20.0 / 19 * 199 / 197);
        OrdinaryLeastSquaresTests.AssertClose(plain["value"].StandardError * factor, corrected["value"].StandardError, 1e-12);
    }

    [Fact]
    public void ALagOfAtLeastThePeriodsIsAnError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("inv").On("value").Vcov(Vcov.DriscollKraay(20)).Fit(Case.Data));
        Assert.Contains("lag 20 must be below the number of time periods (20)", error.Message, StringComparison.Ordinal);
    }

    private static void AssertBlock(JsonElement expected, RegressionResult fit)
    {
        var names = expected.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        var estimates = expected.GetProperty("estimate").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var errors = expected.GetProperty("std_error").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var j = 0; j < names.Length; j++)
        {
            var mine = fit[names[j]];
            OrdinaryLeastSquaresTests.AssertClose(estimates[j], mine.Estimate, 1e-10);
            OrdinaryLeastSquaresTests.AssertClose(errors[j], mine.StandardError, 1e-8);
        }
    }
}
