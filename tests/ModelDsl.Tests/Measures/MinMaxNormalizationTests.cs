using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

public sealed class MinMaxNormalizationTests
{
    [Fact]
    public void PositiveAndNegativeDirections()
    {
        double[] x = [2, 4, 10, 6];
        Assert.Equal([0.0, 0.25, 1.0, 0.5], MinMaxNormalization.Normalize(x, IndicatorDirection.Positive));
        Assert.Equal([1.0, 0.75, 0.0, 0.5], MinMaxNormalization.Normalize(x, IndicatorDirection.Negative));
    }

    [Fact]
    public void ShiftIsAddedAfterScaling()
    {
        var result = MinMaxNormalization.Normalize([1.0, 3.0, 5.0], IndicatorDirection.Positive, shift: 0.0001);
        Assert.Equal(0.0001, result[0], 15);
        Assert.Equal(0.5001, result[1], 15);
        Assert.Equal(1.0001, result[2], 15);
    }

    [Fact]
    public void PerPeriodUsesEachPeriodsRange()
    {
        var data = MeasureData.Panel(
            ["a", "b", "c", "a", "b", "c"],
            ["2020", "2020", "2020", "2021", "2021", "2021"],
            ("x", [1, 2, 3, 10, 30, 20]));
        var pooled = MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive);
        var perPeriod = MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive, NormalizationScope.PerPeriod, name: "x_year");

        Assert.Equal("x_norm", pooled.Name);
        Assert.Equal("x_year", perPeriod.Name);
        Assert.Equal([0.0, 1.0 / 29, 2.0 / 29, 9.0 / 29, 1.0, 19.0 / 29], pooled.Values.ToArray());
        Assert.Equal([0.0, 0.5, 1.0, 0.0, 1.0, 0.5], perPeriod.Values.ToArray());
    }

    [Fact]
    public void ConstantIndicatorIsAnErrorNamingItAndThePeriod()
    {
        var data = MeasureData.Panel(["a", "b", "a", "b"], ["2020", "2020", "2021", "2021"], ("x", [5, 5, 1, 2]));
        var error = Assert.Throws<InvalidOperationException>(
            () => MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive, NormalizationScope.PerPeriod));
        Assert.Contains("'x' is constant (5)", error.Message);
        Assert.Contains("period 2020", error.Message);

        // Pooled, the same column has a range and normalises.
        Assert.Equal([1.0, 1.0, 0.0, 0.25], MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive).Values.ToArray());
    }

    [Fact]
    public void MissingValueIsAnErrorNamingTheRow()
    {
        var data = MeasureData.Panel(["a", "b", "c"], ["2020", "2020", "2020"], ("x", [1, double.NaN, 3]));
        var error = Assert.Throws<InvalidOperationException>(() => MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive));
        Assert.Contains("'x' has 1 missing value(s)", error.Message);
        Assert.Contains("row 1 (unit b, year 2020)", error.Message);
        Assert.Contains("interpolate", error.Message);
    }

    [Fact]
    public void NegativeShiftAndCategoricalColumnAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MinMaxNormalization.Normalize([1.0, 2.0], IndicatorDirection.Positive, shift: -0.1));
        var data = MeasureData.Panel(["a", "b"], ["2020", "2020"], ("x", [1, 2]));
        var error = Assert.Throws<InvalidOperationException>(() => MinMaxNormalization.Normalize(data, "unit", IndicatorDirection.Positive));
        Assert.Contains("'unit' is categorical", error.Message);
    }

    [Fact]
    public void PerPeriodOnACrossSectionIsAnError()
    {
        var data = MeasureData.CrossSection(("x", [1, 2, 3]));
        var error = Assert.Throws<InvalidOperationException>(
            () => MinMaxNormalization.Normalize(data, "x", IndicatorDirection.Positive, NormalizationScope.PerPeriod));
        Assert.Contains("cross-section", error.Message);
    }
}
