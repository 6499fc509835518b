using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Reliability;

/// <summary>Results' own text writes p-values as journals do, through the same point as the tables.</summary>
public sealed class PValueTextTests
{
    [Theory]
    [InlineData(2.38e-7, "< 0.001", "p < 0.001")]
    [InlineData(0.0, "< 0.001", "p < 0.001")]
    [InlineData(0.000999, "< 0.001", "p < 0.001")]
    [InlineData(0.001, "0.001", "p = 0.001")]
    [InlineData(0.0234, "0.023", "p = 0.023")]
    [InlineData(1.0000000001, "1.000", "p = 1.000")]
    public void FormatsAsJournalsDo(double p, string alone, string statement)
    {
        Assert.Equal(alone, PValueText.Format(p));
        Assert.Equal(statement, PValueText.Statement(p));
    }

    [Fact]
    public void MissingAndImpossiblePValues()
    {
        Assert.Equal(string.Empty, PValueText.Format(double.NaN));
        Assert.Equal("p = n/a", PValueText.Statement(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueText.Format(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueText.Format(-0.1));
    }

    [Fact]
    public void AWaldTestPrintsASmallPValueWithoutExponent()
    {
        var n = 400;
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i * 0.7) + (i % 7)).ToArray();
        var y = x.Select((v, i) => (3 * v) + Math.Cos(i * 1.3)).ToArray();
        var data = new PanelData([new NumericColumn("y", y), new NumericColumn("x", x)]);

        var text = Model.Regress("y").On("x").Fit(data).Wald("x").ToString();

        Assert.Contains("p < 0.001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("E-", text, StringComparison.Ordinal);
    }
}
