using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

/// <summary>Location quotients against base R (reference/measures-lq/lq.R).</summary>
public sealed class LocationQuotientReferenceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void SingleAndSummedIndustriesMatchR()
    {
        var data = PanelData.ReadCsv(ReferencePaths.Of("measures-lq", "data.csv"), "region", "year");
        var secondary = LocationQuotient.Compute(data, "secondary", "gdp", "lq_secondary");
        var producer = LocationQuotient.Compute(
            data, ["emp_transport", "emp_it", "emp_finance", "emp_business", "emp_research"], "emp_total", "lq_producer");

        var expected = File.ReadAllLines(ReferencePaths.Of("measures-lq", "expected.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(data.RowCount, expected.Length);
        for (var row = 0; row < expected.Length; row++)
        {
            Assert.Equal(expected[row][0], data.Unit[row]);
            Assert.Equal(expected[row][1], data.Time[row]);
            Assert.Equal(Parse(expected[row][2]), secondary.Values[row], Tolerance);
            Assert.Equal(Parse(expected[row][3]), producer.Values[row], Tolerance);
        }

        Assert.Empty(secondary.Notes);
        Assert.Equal(4, secondary.Periods.Count);
        Assert.All(secondary.Periods, p => Assert.Equal(7, p.Regions));
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
