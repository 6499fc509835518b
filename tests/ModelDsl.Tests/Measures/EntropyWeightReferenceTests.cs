using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

/// <summary>Entropy weights and index against the base-R implementation in reference/measures-entropy/entropy.R.</summary>
public sealed class EntropyWeightReferenceTests
{
    private const double Tolerance = 1e-12;

    private static readonly Indicator[] Indicators =
    [
        Indicator.Positive("internet", "infrastructure"),
        Indicator.Positive("software", "industry"),
        Indicator.Positive("finance", "finance"),
        Indicator.Negative("pollution", "environment"),
    ];

    [Theory]
    [InlineData("none", NormalizationScope.Pooled)]
    [InlineData("none", NormalizationScope.PerPeriod)]
    [InlineData("shift", NormalizationScope.Pooled)]
    [InlineData("shift", NormalizationScope.PerPeriod)]
    public void WeightsAndIndexMatchR(string shift, NormalizationScope scope)
    {
        var data = PanelData.ReadCsv(ReferencePaths.Of("measures-entropy", "data.csv"), "unit", "year");
        var options = new EntropyWeightOptions(scope, shift == "none" ? 0.0 : 1e-4);
        var result = EntropyWeight.Compute(data, Indicators, "de", options);

        var expected = File.ReadAllLines(ReferencePaths.Of("measures-entropy", "expected_weights.csv"))
            .Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[0] == shift && (scope == NormalizationScope.Pooled) == (f[1] == "pooled"))
            .ToArray();
        Assert.Equal(expected.Length, result.Weights.Rows.Count);
        foreach (var fields in expected)
        {
            var period = fields[1] == "pooled" ? null : fields[1];
            var row = Assert.Single(result.Weights.Rows, r => r.Indicator == fields[2] && r.Period == period);
            Assert.Equal(fields[3], row.Dimension);
            Assert.Equal(Parse(fields[4]), row.Entropy, Tolerance);
            Assert.Equal(Parse(fields[5]), row.Redundancy, Tolerance);
            Assert.Equal(Parse(fields[6]), row.Weight, Tolerance);
        }

        var column = (scope == NormalizationScope.Pooled ? "pooled_" : "per_year_") + shift;
        var index = File.ReadAllLines(ReferencePaths.Of("measures-entropy", "expected_index.csv"));
        var position = Array.IndexOf(index[0].Split(','), column);
        Assert.Equal(data.RowCount, index.Length - 1);
        for (var row = 0; row < data.RowCount; row++)
        {
            var fields = index[row + 1].Split(',');
            Assert.Equal(fields[0], data.Unit[row]);
            Assert.Equal(fields[1], data.Time[row]);
            Assert.Equal(Parse(fields[position]), result.Index[row], Tolerance);
        }
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
