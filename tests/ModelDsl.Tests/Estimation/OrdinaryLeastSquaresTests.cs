using ModelDsl.Data;

namespace ModelDsl.Tests.Estimation;

public sealed class OrdinaryLeastSquaresTests
{
    // Values from R 4.x: lm(y ~ x1 + x2), sandwich::vcovHC(type = "HC1"), vcovCL(cluster = ~g, type = "HC1").
    private static PanelData Small() => new(
    [
        new NumericColumn("y", [3.1, 4.2, 5.9, 8.1, 9.7, 12.2, 13.8, 16.1, 17.9, 20.3]),
        new NumericColumn("x1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        new NumericColumn("x2", [0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.0]),
        CategoricalColumn.FromLabels("g", ["1", "1", "1", "2", "2", "2", "3", "3", "4", "4"]),
    ]);

    [Fact]
    public void MatchesLmWithIidErrors()
    {
        var fit = Model.Regress("y").On("x1", "x2").Fit(Small());

        AssertClose(0.74481203007519203, fit["(Intercept)"].Estimate, 1e-12);
        AssertClose(1.93804511278195446, fit["x1"].Estimate, 1e-12);
        AssertClose(-0.60902255639097735, fit["x2"].Estimate, 1e-12);
        AssertClose(0.315956121953245128, fit["(Intercept)"].StandardError, 1e-10);
        AssertClose(0.038873665899355155, fit["x1"].StandardError, 1e-10);
        AssertClose(0.388736658993551532, fit["x2"].StandardError, 1e-10);
        AssertClose(0.99728435270243954, fit.RSquared, 1e-12);
        AssertClose(0.99650845347456507, fit.RSquaredAdjusted, 1e-12);
        AssertClose(1285.327162181223, fit.FStatistic.F, 1e-9);
        Assert.Equal("ols", fit.Estimator);
        Assert.Equal(10, fit.Observations);
    }

    [Fact]
    public void RobustAndClusteredErrorsMatchSandwich()
    {
        var fit = Model.Regress("y").On("x1", "x2").Fit(Small());

        var hc1 = fit.WithVcov(Vcov.HC1);
        AssertClose(0.447849702000412964, hc1["(Intercept)"].StandardError, 1e-10);
        AssertClose(0.053592209352954362, hc1["x1"].StandardError, 1e-10);
        AssertClose(0.278275283581561672, hc1["x2"].StandardError, 1e-10);

        var clustered = fit.WithVcov(Vcov.Cluster("g"));
        AssertClose(0.142543900278639918, clustered["(Intercept)"].StandardError, 1e-10);
        AssertClose(0.030324511460702849, clustered["x1"].StandardError, 1e-10);
        AssertClose(0.168633155645383032, clustered["x2"].StandardError, 1e-10);
        Assert.Equal(3, clustered.InferenceDegreesOfFreedom);
        Assert.Equal(4, clustered.ClusterCounts["g"]);
        Assert.Equal(fit["x1"].Estimate, clustered["x1"].Estimate);
    }

    [Fact]
    public void WithoutInterceptMatchesLmThroughTheOrigin()
    {
        // R: lm(y ~ 0 + x1 + x2); R² and F are uncentred.
        var fit = Model.Regress("y").On("x1", "x2").WithoutIntercept().Fit(Small());

        Assert.Equal(["x1", "x2"], fit.Coefficients.Select(c => c.Name));
        AssertClose(2.0077431192660553094, fit["x1"].Estimate, 1e-12);
        AssertClose(-0.0077064220183453392, fit["x2"].Estimate, 1e-10);
        AssertClose(0.031619962472549466, fit["x1"].StandardError, 1e-10);
        AssertClose(0.367510105030994128, fit["x2"].StandardError, 1e-10);
        AssertClose(0.024812073751804477, fit.WithVcov(Vcov.HC1)["x1"].StandardError, 1e-10);
        AssertClose(0.420570812572013453, fit.WithVcov(Vcov.HC1)["x2"].StandardError, 1e-10);
        AssertClose(0.99901493975618871, fit.RSquared, 1e-12);
        AssertClose(0.99876867469523589, fit.RSquaredAdjusted, 1e-12);
        AssertClose(4056.66535029733, fit.FStatistic.F, 1e-9);
        Assert.Equal(8, fit.ResidualDegreesOfFreedom);
    }

    internal static void AssertClose(double expected, double actual, double relative)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"expected {expected:R} but got {actual:R} (relative difference {Math.Abs(expected - actual) / scale:G3}, allowed {relative:G3})");
    }
}
