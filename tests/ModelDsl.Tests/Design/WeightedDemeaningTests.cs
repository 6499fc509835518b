using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Design;

namespace ModelDsl.Tests.Design;

public class WeightedDemeaningTests
{
    [Theory]
    [InlineData(1, 11)]
    [InlineData(2, 12)]
    [InlineData(3, 13)]
    public void WeightedDemeaningEqualsWeightedLeastSquaresOnDummies(int dimensions, int seed)
    {
        var random = new Random(seed);
        int[] levels = [25, 6, 4];
        var codes = new List<int[]>();
        var rows = new List<int[]>();
        for (var u = 0; u < levels[0]; u++)
        {
            for (var t = 0; t < levels[1]; t++)
            {
                if (random.NextDouble() < 0.2 && t > 1)
                {
                    continue;
                }

                rows.Add([u, t, random.Next(levels[2])]);
            }
        }

        // Shuffle so the primary dimension is not sorted.
        var shuffled = rows.OrderBy(_ => random.Next()).ToArray();
        var n = shuffled.Length;
        for (var d = 0; d < dimensions; d++)
        {
            codes.Add(shuffled.Select(r => r[d]).ToArray());
        }

        var structure = FixedEffectStructure.Create(Enumerable.Range(0, dimensions).Select(d => $"g{d}").ToArray(), codes);
        var weights = Enumerable.Range(0, n).Select(_ => 0.05 + random.NextDouble()).ToArray();
        const int columnCount = 3;
        var columns = Enumerable.Range(0, n * columnCount).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var expected = Reference(structure, columns, columnCount, weights);

        var outcome = structure.DemeanColumns(columns, columnCount, weights, tolerance: 1e-14, maxIterations: 10_000);

        Assert.True(outcome.Converged);
        for (var i = 0; i < columns.Length; i++)
        {
            Assert.Equal(expected[i], columns[i], 1e-10);
        }
    }

    [Fact]
    public void UnitWeightsGiveTheUnweightedDemeaning()
    {
        var random = new Random(5);
        var n = 300;
        var structure = FixedEffectStructure.Create(["a", "b"], [Enumerable.Range(0, n).Select(_ => random.Next(40)).ToArray(), Enumerable.Range(0, n).Select(_ => random.Next(7)).ToArray()]);
        var column = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var unweighted = column.ToArray();
        structure.DemeanColumns(unweighted, 1);
        structure.DemeanColumns(column, 1, Enumerable.Repeat(1.0, n).ToArray());
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(unweighted[i], column[i], 1e-10);
        }
    }

    [Fact]
    public void LargeSamplesTakeTheParallelPathWithTheSameProjection()
    {
        // 40,000 rows × 3 columns: above the parallel threshold; unit + time is the direct (lane-split) path.
        var random = new Random(21);
        const int n = 40_000;
        var structure = FixedEffectStructure.Create(["unit", "time"], [Enumerable.Range(0, n).Select(i => i / 8).ToArray(), Enumerable.Range(0, n).Select(i => (i % 8) + random.Next(2)).ToArray()]);
        var columns = Enumerable.Range(0, 3 * n).Select(_ => random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => 0.1 + random.NextDouble()).ToArray();
        AssertWeightedProjection(structure, columns, 3, weights);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2)]
    public void UnsortedLargeSamplesGiveTheWeightedProjection(int rowsPerUnit)
    {
        // 120,000 rows in shuffled unit order, unit + 12 time levels: the direct path with rows reordered by unit;
        // 10 rows per unit and 2 rows per unit (few levels present in each unit).
        var random = new Random(34);
        const int n = 120_000;
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        var time = order.Select(i => rowsPerUnit == 2 ? random.Next(12) : (i % 10) + random.Next(3)).ToArray();
        var structure = FixedEffectStructure.Create(["unit", "time"], [order.Select(i => i / rowsPerUnit).ToArray(), time]);
        var columns = Enumerable.Range(0, 2 * n).Select(_ => random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => 0.05 + random.NextDouble()).ToArray();
        var weighted = AssertWeightedProjection(structure, columns, 2, weights);

        // A fixed point of the projection.
        var again = weighted.ToArray();
        structure.DemeanColumns(again, 2, weights);
        for (var i = 0; i < again.Length; i++)
        {
            Assert.Equal(weighted[i], again[i], 1e-10);
        }

        var bad = Enumerable.Repeat(1.0, n).ToArray();
        bad[100_500] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => structure.DemeanColumns(columns.ToArray(), 2, bad));
        Assert.Contains("NaN at row 100500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeWeightIsRejectedWithItsRow()
    {
        var structure = FixedEffectStructure.Create(["a"], [[0, 0, 1, 1]]);
        var error = Assert.Throws<ArgumentException>(() => structure.DemeanColumns(new double[4], 1, [1, 1, -2, 1]));
        Assert.Contains("-2 at row 2", error.Message, StringComparison.Ordinal);
    }

    // Unit weights give the unweighted demeaning (1e-10); weighted residuals are W-orthogonal to every dummy,
    // Σ_{i ∈ level} wᵢeᵢ = 0 in each dimension (1e-9). Returns the weighted residuals.
    private static double[] AssertWeightedProjection(FixedEffectStructure structure, double[] columns, int columnCount, double[] weights)
    {
        var n = structure.Observations;
        var unweighted = columns.ToArray();
        structure.DemeanColumns(unweighted, columnCount);
        var unit = columns.ToArray();
        structure.DemeanColumns(unit, columnCount, Enumerable.Repeat(1.0, n).ToArray());
        for (var i = 0; i < unit.Length; i++)
        {
            Assert.Equal(unweighted[i], unit[i], 1e-10);
        }

        var weighted = columns.ToArray();
        structure.DemeanColumns(weighted, columnCount, weights);
        for (var j = 0; j < columnCount; j++)
        {
            for (var d = 0; d < structure.Dimensions; d++)
            {
                var sums = new double[structure.Levels[d]];
                var codes = structure.Codes(d).ToArray();
                for (var i = 0; i < n; i++)
                {
                    sums[codes[i]] += weights[i] * weighted[(j * n) + i];
                }

                Assert.All(sums, value => Assert.Equal(0.0, value, 1e-9));
            }
        }

        return weighted;
    }

    // Residuals of the weighted least-squares fit on the dummies (first level of each extra dimension dropped).
    private static double[] Reference(FixedEffectStructure structure, double[] columns, int columnCount, double[] weights)
    {
        var n = structure.Observations;
        var blocks = new List<int>();
        var width = 0;
        for (var d = 0; d < structure.Dimensions; d++)
        {
            blocks.Add(width);
            width += structure.Levels[d] - (d == 0 ? 0 : 1);
        }

        var design = Matrix<double>.Build.Dense(n, width);
        for (var d = 0; d < structure.Dimensions; d++)
        {
            var codes = structure.Codes(d);
            for (var i = 0; i < n; i++)
            {
                var column = d == 0 ? codes[i] : codes[i] - 1;
                if (column >= 0)
                {
                    design[i, blocks[d] + column] = Math.Sqrt(weights[i]);
                }
            }
        }

        var qr = design.QR();
        var result = new double[columns.Length];
        for (var j = 0; j < columnCount; j++)
        {
            var y = Vector<double>.Build.Dense(n, i => Math.Sqrt(weights[i]) * columns[(j * n) + i]);
            var coefficients = qr.Solve(y);
            var fitted = design * coefficients;
            for (var i = 0; i < n; i++)
            {
                result[(j * n) + i] = columns[(j * n) + i] - (fitted[i] / Math.Sqrt(weights[i]));
            }
        }

        return result;
    }
}
