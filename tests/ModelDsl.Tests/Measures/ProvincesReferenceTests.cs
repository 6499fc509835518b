using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

/// <summary>
/// The digital-economy study's constructed measures on a frozen copy of the synthetic provinces data, against base R
/// (reference/measures-provinces/provinces.R): interpolation, the 11-indicator entropy index and the location quotient.
/// </summary>
public sealed class ProvincesReferenceTests
{
    private const double Tolerance = 1e-12;

    private static readonly (string Column, string Dimension)[] Table1 =
    [
        ("digital_staff_share", "digital industry"), ("ln_software_revenue", "digital industry"), ("ln_info_service_revenue", "digital industry"),
        ("internet_penetration", "digitalization of industry"), ("mobile_usage", "digitalization of industry"),
        ("fiber_density", "digitalization of industry"), ("ln_ecommerce", "digitalization of industry"),
        ("dfi_index", "digital finance"), ("dfi_depth", "digital finance"), ("dfi_breadth", "digital finance"), ("dfi_digitization", "digital finance"),
    ];

    [Fact]
    public void DigitalEconomyIndexAndAgglomerationMatchR()
    {
        var data = PanelData.ReadCsv(ReferencePaths.Of("measures-provinces", "data.csv"), "province", "year");
        foreach (var (column, _) in Table1)
        {
            data = data.Interpolate(column, column);
        }

        var index = EntropyWeight.Compute(data, Table1.Select(i => Indicator.Positive(i.Column, i.Dimension)).ToArray(), "de");
        var lq = LocationQuotient.Compute(data, "secondary_output", "gdp", "ic");

        var weights = File.ReadAllLines(ReferencePaths.Of("measures-provinces", "expected_weights.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(11, weights.Length);
        for (var j = 0; j < weights.Length; j++)
        {
            var row = index.Weights.Rows[j];
            Assert.Equal(weights[j][0], row.Indicator);
            Assert.Equal(weights[j][1], row.Dimension);
            Assert.Equal(Parse(weights[j][2]), row.Entropy, Tolerance);
            Assert.Equal(Parse(weights[j][3]), row.Weight, Tolerance);
        }

        foreach (var dimension in index.Weights.Dimensions)
        {
            var expected = weights.Where(w => w[1] == dimension.Dimension).Sum(w => Parse(w[3]));
            Assert.Equal(expected, dimension.Weight, Tolerance);
        }

        var rows = File.ReadAllLines(ReferencePaths.Of("measures-provinces", "expected_rows.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(data.RowCount, rows.Length);
        var position = Enumerable.Range(0, data.RowCount).ToDictionary(r => (data.Unit[r], data.Time[r]));
        foreach (var fields in rows)
        {
            var row = position[(fields[0], fields[1])];
            Assert.Equal(Parse(fields[2]), index.Index[row], Tolerance);
            Assert.Equal(Parse(fields[3]), lq.Values[row], Tolerance);
        }
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
