using System.Text.Json;

using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

public sealed class EntropyWeightTests
{
    // x1 = [1, 2, 3] (+) → x′ = [0, 1/2, 1], p = [0, 1/3, 2/3] (a zero proportion: 0·ln 0 = 0)
    // x2 = [10, 30, 25] (−) → x′ = [1, 0, 1/4], p = [4/5, 0, 1/5]
    private static readonly double E1 = -((1.0 / 3) * Math.Log(1.0 / 3) + (2.0 / 3) * Math.Log(2.0 / 3)) / Math.Log(3);
    private static readonly double E2 = -(0.8 * Math.Log(0.8) + 0.2 * Math.Log(0.2)) / Math.Log(3);

    [Fact]
    public void HandComputedWeightsAndIndex()
    {
        var data = MeasureData.CrossSection(("x1", [1, 2, 3]), ("x2", [10, 30, 25]));
        var result = EntropyWeight.Compute(data, [Indicator.Positive("x1", "A"), Indicator.Negative("x2", "B")], "score");

        var w1 = (1 - E1) / ((1 - E1) + (1 - E2));
        var w2 = 1 - w1;
        var rows = result.Weights.Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal(E1, rows[0].Entropy, 1e-15);
        Assert.Equal(E2, rows[1].Entropy, 1e-15);
        Assert.Equal(1 - E1, rows[0].Redundancy, 1e-15);
        Assert.Equal(w1, rows[0].Weight, 1e-15);
        Assert.Equal(w2, rows[1].Weight, 1e-15);
        Assert.Equal(IndicatorDirection.Negative, rows[1].Direction);
        Assert.Null(rows[0].Period);

        Assert.Equal("score", result.Index.Name);
        Assert.Equal(w2 * 1.0, result.Index[0], 1e-15);
        Assert.Equal(w1 * 0.5, result.Index[1], 1e-15);
        Assert.Equal(w1 * 1.0 + w2 * 0.25, result.Index[2], 1e-15);
        Assert.Equal(w1, result.Weights.WeightOf("x1"), 1e-15);
    }

    [Fact]
    public void DimensionSubtotalsSumTheirIndicators()
    {
        var data = MeasureData.CrossSection(("a", [1, 5, 2, 8]), ("b", [3, 3.5, 9, 1]), ("c", [2, 4, 4, 7]));
        var result = EntropyWeight.Compute(
            data,
            [Indicator.Positive("a", "industry"), Indicator.Positive("b", "industry"), Indicator.Positive("c", "finance")],
            "de");
        var weights = result.Weights;
        Assert.Equal(2, weights.Dimensions.Count);
        Assert.Equal("industry", weights.Dimensions[0].Dimension);
        Assert.Equal(2, weights.Dimensions[0].Indicators);
        Assert.Equal(weights.WeightOf("a") + weights.WeightOf("b"), weights.Dimensions[0].Weight, 1e-15);
        Assert.Equal(weights.WeightOf("c"), weights.Dimensions[1].Weight, 1e-15);
        Assert.Equal(1.0, weights.Rows.Sum(r => r.Weight), 1e-15);
    }

    [Fact]
    public void PerPeriodWeightsDifferByPeriodAndIndexStaysInUnitInterval()
    {
        var data = MeasureData.Panel(
            ["a", "b", "c", "a", "b", "c"],
            ["2020", "2020", "2020", "2021", "2021", "2021"],
            ("x1", [1, 2, 3, 1, 2, 3]),
            ("x2", [10, 30, 25, 1, 2, 3]));
        var result = EntropyWeight.Compute(
            data, [Indicator.Positive("x1"), Indicator.Negative("x2")], "de", new EntropyWeightOptions(NormalizationScope.PerPeriod));

        // 2020 is the hand-computed case above; in 2021 x2 (−) = [3, 2, 1] has x′ = [1, 1/2, 0], the mirror of x1: equal weights,
        // and every unit scores 0.5·x1′ + 0.5·x2′ = 0.5.
        Assert.Equal(4, result.Weights.Rows.Count);
        Assert.Equal((1 - E1) / ((1 - E1) + (1 - E2)), result.Weights.WeightOf("x1", "2020"), 1e-15);
        Assert.Equal(0.5, result.Weights.WeightOf("x1", "2021"), 1e-15);
        Assert.Equal([0.5, 0.5, 0.5], result.Index.Values[3..].ToArray());
        Assert.Throws<KeyNotFoundException>(() => result.Weights.WeightOf("x1"));
        Assert.All(result.Index.Values.ToArray(), v => Assert.InRange(v, 0.0, 1.0));
    }

    [Fact]
    public void ShiftRemovesZeroProportionsAndMovesTheWeightsSlightly()
    {
        var data = MeasureData.CrossSection(("x1", [1, 2, 3]), ("x2", [10, 30, 25]));
        Indicator[] indicators = [Indicator.Positive("x1"), Indicator.Negative("x2")];
        var plain = EntropyWeight.Compute(data, indicators);
        var shifted = EntropyWeight.Compute(data, indicators, options: new EntropyWeightOptions(Shift: 0.0001));

        // With the shift, x1′ = [0.0001, 0.5001, 1.0001] and every proportion is positive.
        var s = 0.0001 + 0.5001 + 1.0001;
        var e1 = -(Plogp(0.0001 / s) + Plogp(0.5001 / s) + Plogp(1.0001 / s)) / Math.Log(3);
        Assert.Equal(e1, shifted.Weights.Rows[0].Entropy, 1e-14);
        Assert.NotEqual(plain.Weights.Rows[0].Weight, shifted.Weights.Rows[0].Weight);
        Assert.Equal(plain.Weights.Rows[0].Weight, shifted.Weights.Rows[0].Weight, 1e-3);
        Assert.Equal(0.0001, shifted.Weights.Shift);

        static double Plogp(double p) => p * Math.Log(p);
    }

    [Fact]
    public void MissingValuesNameTheIndicatorAndRows()
    {
        var data = MeasureData.Panel(
            ["Beijing", "Hebei", "Shanxi"],
            ["2013", "2013", "2013"],
            ("internet", [1, double.NaN, 3]),
            ("mobile", [double.NaN, 2, double.NaN]));
        var error = Assert.Throws<InvalidOperationException>(
            () => EntropyWeight.Compute(data, [Indicator.Positive("internet"), Indicator.Positive("mobile")]));
        Assert.Contains("3 value(s) are missing", error.Message);
        Assert.Contains("'internet' in row 1 (unit Hebei, year 2013)", error.Message);
        Assert.Contains("'mobile' in row 0 (unit Beijing, year 2013), row 2 (unit Shanxi, year 2013)", error.Message);
        Assert.Contains("linear interpolation", error.Message);
    }

    [Fact]
    public void ConstantIndicatorIsAnError()
    {
        var data = MeasureData.CrossSection(("x1", [1, 2, 3]), ("flat", [4, 4, 4]));
        var error = Assert.Throws<InvalidOperationException>(
            () => EntropyWeight.Compute(data, [Indicator.Positive("x1"), Indicator.Positive("flat")]));
        Assert.Contains("'flat' is constant (4) over 3 row(s)", error.Message);
    }

    [Fact]
    public void BadIndicatorListsAreRejected()
    {
        var data = MeasureData.CrossSection(("x1", [1, 2, 3]), ("x2", [3, 1, 2]));
        Assert.Contains("at least two indicators", Assert.Throws<ArgumentException>(() => EntropyWeight.Compute(data, [Indicator.Positive("x1")])).Message);
        Assert.Contains("listed 2 times", Assert.Throws<ArgumentException>(() => EntropyWeight.Compute(data, [Indicator.Positive("x1"), Indicator.Negative("x1")])).Message);
        Assert.Throws<KeyNotFoundException>(() => EntropyWeight.Compute(data, [Indicator.Positive("x1"), Indicator.Positive("x3")]));
    }

    [Fact]
    public void TooFewRowsInAPeriodIsAnError()
    {
        var data = MeasureData.Panel(["a", "b", "a"], ["2020", "2020", "2021"], ("x1", [1, 2, 3]), ("x2", [3, 1, 2]));
        var error = Assert.Throws<InvalidOperationException>(
            () => EntropyWeight.Compute(data, [Indicator.Positive("x1"), Indicator.Positive("x2")], options: new EntropyWeightOptions(NormalizationScope.PerPeriod)));
        Assert.Contains("at least two rows per scope (period 2021); found 1", error.Message);
    }

    [Fact]
    public void JsonAndTextCarryTheTable()
    {
        var data = MeasureData.CrossSection(("x1", [1, 2, 3]), ("x2", [10, 30, 25]));
        var result = EntropyWeight.Compute(data, [Indicator.Positive("x1", "A"), Indicator.Negative("x2", "B")], "de");
        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("de", root.GetProperty("index").GetString());
        Assert.Equal("pooled", root.GetProperty("scope").GetString());
        var first = root.GetProperty("weights")[0];
        Assert.Equal("x1", first.GetProperty("indicator").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("period").ValueKind);
        Assert.Equal("positive", first.GetProperty("direction").GetString());
        Assert.Equal(result.Weights.Rows[0].Weight, first.GetProperty("weight").GetDouble());
        Assert.Equal(result.Weights.Rows[1].Entropy, root.GetProperty("weights")[1].GetProperty("entropy").GetDouble());
        Assert.Equal(2, root.GetProperty("dimensions").GetArrayLength());

        var text = result.ToString();
        Assert.Contains("Entropy weights of 'de' (pooled, shift 0)", text);
        Assert.Contains("x2", text);
        Assert.Contains("Dimension 'A' (1 indicators)", text);

        var added = result.AddTo(MeasureData.CrossSection(("x1", [1, 2, 3]), ("x2", [10, 30, 25])));
        Assert.True(added.Contains("de"));
    }
}
