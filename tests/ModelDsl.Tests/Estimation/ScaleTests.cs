using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;

using static ModelDsl.Tests.Estimation.ReferenceCase;

namespace ModelDsl.Tests.Estimation;

/// <summary>
/// Scale invariance of least squares: with the outcome multiplied by s_y and a regressor by s_x, the coefficients and
/// standard errors of the stored reference cases scale as b·s_y/s_x (b·s_y for the others), t statistics and R² do
/// not change, no regressor is dropped, and a genuinely collinear column at any scale is still found.
/// </summary>
public sealed class ScaleTests
{
    private const double Tolerance = 1e-8;

    private static PanelData Scaled(PanelData data, params (string Name, double Factor)[] factors)
        => new(
            data.Columns.Select(c => factors.FirstOrDefault(f => f.Name == c.Name) is { Name: not null } f
                ? new NumericColumn(c.Name, ((NumericColumn)c).Values.ToArray().Select(v => v * f.Factor).ToArray())
                : c),
            data.UnitColumnName,
            data.TimeColumnName);

    // Expected coefficient j of a block, scaled as theory says.
    private static void AssertScaled(JsonElement coefficients, RegressionResult fit, string outcome, double outcomeFactor, string? regressor, double regressorFactor)
    {
        foreach (var c in coefficients.EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var factor = outcomeFactor / (name == regressor ? regressorFactor : 1.0);
            var mine = fit[name];
            if (c.TryGetProperty("estimate", out var estimate))
            {
                OrdinaryLeastSquaresTests.AssertClose(estimate.GetDouble() * factor, mine.Estimate, Tolerance);
            }

            OrdinaryLeastSquaresTests.AssertClose(Number(c, "std_error") * factor, mine.StandardError, Tolerance);
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "t"), mine.TStatistic, Tolerance);
            Assert.True(double.IsFinite(mine.PValue) && double.IsFinite(mine.ConfidenceLow) && double.IsFinite(mine.ConfidenceHigh), $"{name} under {outcome} × {outcomeFactor}");
        }
    }

    public static TheoryData<double, double> Factors => new()
    {
        { 1e150, 1.0 },
        { 1e-150, 1.0 },
        { 1e-160, 1.0 },
        { 1e200, 1.0 },
        { 1.0, 1e150 },
        { 1.0, 1e-150 },
        { 1.0, 1e-160 },
        { 1.0, 1e200 },
        { 1e-160, 1e-160 },
        { 1e150, 1e200 },
    };

    [Theory]
    [MemberData(nameof(Factors))]
    public void TwoWayFixedEffectsWithClusteredAndRobustErrorsScaleExactly(double outcomeFactor, double regressorFactor)
    {
        var reference = Load("grunfeld-fe-twoway", "firm", "year");
        var data = Scaled(reference.Data, ("inv", outcomeFactor), ("value", regressorFactor));
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Demeaning(1e-12).Fit(data);

        Assert.DoesNotContain(fit.Notes, n => n.Kind is NoteKind.Collinear or NoteKind.Absorbed);
        Assert.Equal(["value", "capital"], fit.Coefficients.Where(c => c.Name != RegressionResult.InterceptName).Select(c => c.Name));
        AssertScaled(reference.Expected.GetProperty("coefficients"), fit, "inv", outcomeFactor, "value", regressorFactor);
        AssertScaled(reference.Vcov("hc1").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1), "inv", outcomeFactor, "value", regressorFactor);
        AssertScaled(reference.Vcov("iid").GetProperty("coefficients"), fit.WithVcov(Vcov.Iid), "inv", outcomeFactor, "value", regressorFactor);
        AssertScaled(reference.Vcov("cluster_firm_year_min").GetProperty("coefficients"), fit.WithVcov(Vcov.Cluster("firm", "year")), "inv", outcomeFactor, "value", regressorFactor);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2"), fit.RSquared, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2_within"), fit.RSquaredWithin, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma") * outcomeFactor, fit.ResidualStandardError, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "rmse") * outcomeFactor, fit.RootMeanSquaredError, Tolerance);
        Assert.True(double.IsFinite(fit.FStatistic.F));
    }

    [Theory]
    [MemberData(nameof(Factors))]
    public void LongleyScalesExactly(double outcomeFactor, double regressorFactor)
    {
        var reference = Load("longley-nist");
        var data = Scaled(reference.Data, ("employed", outcomeFactor), ("gnp", regressorFactor));
        var fit = Model.Regress("employed").On("gnp_deflator", "gnp", "unemployed", "armed_forces", "population", "year").Fit(data);

        Assert.Equal(7, fit.Coefficients.Count);
        var certified = reference.Expected.GetProperty("nist_certified");
        foreach (var c in certified.GetProperty("coefficients").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var factor = outcomeFactor / (name == "gnp" ? regressorFactor : 1.0);
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "estimate") * factor, fit[name].Estimate, Tolerance);
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "std_error") * factor, fit[name].StandardError, Tolerance);
        }

        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "r2"), fit.RSquared, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "f"), fit.FStatistic.F, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "residual_standard_deviation") * outcomeFactor, fit.ResidualStandardError, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(certified, "r2"), fit.WithVcov(Vcov.HC1).RSquared, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Factors))]
    public void RandomEffectsScaleExactly(double outcomeFactor, double regressorFactor)
    {
        var reference = Load("grunfeld-re-hausman", "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").RandomEffects().Fit(Scaled(reference.Data, ("inv", outcomeFactor), ("value", regressorFactor)));
        AssertScaled(reference.Expected.GetProperty("coefficients"), fit, "inv", outcomeFactor, "value", regressorFactor);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma_u") * outcomeFactor, fit.RandomEffects!.SigmaUnit, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "sigma_e") * outcomeFactor, fit.RandomEffects.SigmaIdiosyncratic, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "theta"), fit.RandomEffects.ThetaMinimum, Tolerance);
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2"), fit.RSquared, Tolerance);
    }

    [Theory]
    [InlineData(1e-150)]
    [InlineData(1e-160)]
    [InlineData(1e150)]
    public void CollinearAndConstantColumnsAtAnyScaleAreStillDropped(double factor)
    {
        var reference = Load("grunfeld-fe-twoway", "firm", "year");
        var value = ((NumericColumn)reference.Data["value"]).Values.ToArray();
        var capital = ((NumericColumn)reference.Data["capital"]).Values.ToArray();
        var data = new PanelData(
            reference.Data.Columns.Select(c => c.Name == "value" ? new NumericColumn("value", value.Select(v => v * factor).ToArray()) : c)
                .Append(new NumericColumn("combination", value.Select((v, i) => ((3 * v) - (0.5 * capital[i])) * factor).ToArray()))
                .Append(new NumericColumn("level", value.Select(_ => 7 * factor).ToArray())),
            reference.Data.UnitColumnName,
            reference.Data.TimeColumnName);

        var pooled = Model.Regress("inv").On("value", "capital", "combination", "level").Fit(data);
        Assert.Contains(pooled.Notes, n => n.Kind == NoteKind.Collinear && n.Message.StartsWith("combination", StringComparison.Ordinal));
        Assert.Contains(pooled.Notes, n => n.Kind == NoteKind.Collinear && n.Message.StartsWith("level", StringComparison.Ordinal));
        var fe = Model.Regress("inv").On("value", "capital", "combination").Fe("firm", "year").Fit(data);
        Assert.Contains(fe.Notes, n => n.Kind == NoteKind.Collinear && n.Message.StartsWith("combination", StringComparison.Ordinal));
        Assert.Equal(["value", "capital"], fe.Coefficients.Where(c => c.Name != RegressionResult.InterceptName).Select(c => c.Name));
    }

    [Fact]
    public void ACoefficientBeyondTheRangeOfDoubleIsAnErrorNotInfinity()
    {
        // inv × 1e200 on value × 1e-200: the slope of value is about 1e400.
        var reference = Load("grunfeld-fe-twoway", "firm", "year");
        var data = Scaled(reference.Data, ("inv", 1e200), ("value", 1e-200));
        var error = Assert.Throws<ArithmeticException>(() => Model.Regress("inv").On("value", "capital").Fe("firm", "year").Fit(data));
        Assert.Contains("value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASumOfSquaresBeyondTheRangeOfDoubleIsAnErrorWhileTheFitStands()
    {
        var reference = Load("grunfeld-fe-twoway", "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Fit(Scaled(reference.Data, ("inv", 1e200)));
        Assert.Throws<ArithmeticException>(() => fit.ResidualSumOfSquares);
        Assert.Throws<ArithmeticException>(() => fit.Covariance("value", "value"));
        OrdinaryLeastSquaresTests.AssertClose(Number(reference.Expected, "r2"), fit.RSquared, Tolerance);
        Assert.Contains("\"r2\"", fit.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e150, 1e-150)]
    [InlineData(1e-160, 1e150)]
    public void LargeSamplesOnTheTallQrPathScaleExactly(double outcomeFactor, double regressorFactor)
    {
        // 20 000 rows: the tall-skinny QR and the blocked residuals; pooled OLS with clusters and a two-way FE fit.
        var random = new Random(4);
        const int n = 20_000;
        var x1 = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.3).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 1 + (2 * x1[i]) - x2[i] + random.NextDouble()).ToArray();
        var g = Enumerable.Range(0, n).Select(i => $"g{i % 50}").ToArray();
        var t = Enumerable.Range(0, n).Select(i => $"t{(i / 50) % 40}").ToArray();
        PanelData Data(double sy, double sx) => new([new NumericColumn("y", y.Select(v => v * sy).ToArray()), new NumericColumn("x1", x1.Select(v => v * sx).ToArray()), new NumericColumn("x2", x2), CategoricalColumn.FromLabels("g", g), CategoricalColumn.FromLabels("t", t)]);
        foreach (var model in new[] { Model.Regress("y").On("x1", "x2").Cluster("g"), Model.Regress("y").On("x1", "x2").Fe("g", "t").Cluster("g") })
        {
            var plain = model.Fit(Data(1, 1));
            var scaled = model.Fit(Data(outcomeFactor, regressorFactor));
            foreach (var c in plain.Coefficients)
            {
                var factor = outcomeFactor / (c.Name == "x1" ? regressorFactor : 1.0);
                OrdinaryLeastSquaresTests.AssertClose(c.Estimate * factor, scaled[c.Name].Estimate, Tolerance);
                OrdinaryLeastSquaresTests.AssertClose(c.StandardError * factor, scaled[c.Name].StandardError, Tolerance);
                OrdinaryLeastSquaresTests.AssertClose(c.TStatistic, scaled[c.Name].TStatistic, Tolerance);
            }

            OrdinaryLeastSquaresTests.AssertClose(plain.RSquared, scaled.RSquared, Tolerance);
        }
    }
}
