using ModelDsl.Design;
using ModelDsl.Estimation;

namespace ModelDsl.Tests.Design;

/// <summary>The block-elimination demeaning engine: dense and conjugate-gradient paths, row order, tall QR.</summary>
public sealed class FixedEffectSolverTests
{
    // Small enough to run fast; levels chosen so that (0, 1) takes the dense path, (0, 2) conjugate gradients.
    private const int Rows = 6_000;

    [Theory]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new[] { 0, 1, 2 })]
    public void ResultIsTheProjectionOnTheComplementOfTheDummies(int[] dimensions)
    {
        var (codes, columns) = Panel(seed: 5);
        var structure = FixedEffectStructure.Create(dimensions.Select(d => $"d{d}").ToArray(), dimensions.Select(d => codes[d]).ToArray());
        var demeaned = columns.ToArray();

        var outcome = structure.DemeanColumns(demeaned, 2, 1e-12);

        Assert.True(outcome.Converged);
        for (var j = 0; j < 2; j++)
        {
            var column = demeaned.AsSpan(j * Rows, Rows).ToArray();

            // Orthogonal to every dummy: each level's residual sum vanishes.
            foreach (var d in dimensions)
            {
                var sums = new double[codes[d].Max() + 1];
                for (var i = 0; i < Rows; i++)
                {
                    sums[codes[d][i]] += column[i];
                }

                Assert.All(sums, s => Assert.True(Math.Abs(s) < 1e-8, $"level sum {s} in dimension {d}"));
            }

            // Idempotent: demeaning again changes nothing.
            var again = new double[Rows];
            structure.Demean(column, again, 1e-12);
            for (var i = 0; i < Rows; i++)
            {
                Assert.Equal(column[i], again[i], 1e-9);
            }
        }
    }

    [Fact]
    public void RowOrderDoesNotMatter()
    {
        var (codes, columns) = Panel(seed: 9);
        var permutation = Enumerable.Range(0, Rows).OrderBy(i => (i * 7919) % Rows).ToArray();
        var sorted = FixedEffectStructure.Create(["a", "b", "c"], codes);
        var shuffled = FixedEffectStructure.Create(["a", "b", "c"], codes.Select(c => permutation.Select(i => c[i]).ToArray()).ToArray());
        var x = columns.AsSpan(0, Rows).ToArray();
        var first = new double[Rows];
        var second = new double[Rows];

        sorted.Demean(x, first, 1e-13);
        shuffled.Demean(permutation.Select(i => x[i]).ToArray(), second, 1e-13);

        for (var k = 0; k < Rows; k++)
        {
            Assert.Equal(first[permutation[k]], second[k], 1e-9);
        }
    }

    [Fact]
    public void TallQrDropsTheSameColumnsAndGivesTheSameCoefficients()
    {
        var random = new Random(17);
        var n = HouseholderQr.TallThreshold + 1_234;
        var columns = new double[4][];
        for (var j = 0; j < 3; j++)
        {
            columns[j] = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        }

        columns[3] = columns[0].Zip(columns[1], (a, b) => a - (2 * b)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => columns[0][i] + (0.5 * columns[2][i]) + random.NextDouble()).ToArray();
        var work = columns.SelectMany(c => c).ToArray();

        var full = HouseholderQr.Decompose(work, n, 4);
        var (tall, qty) = HouseholderQr.DecomposeTall(columns.Select(c => new ReadOnlyMemory<double>(c)).ToArray(), y, n);

        Assert.Equal(full.Kept.ToArray(), tall.Kept.ToArray());
        Assert.Equal([3], tall.Dropped.ToArray());
        var expected = full.Solve(y);
        var actual = tall.Solve(qty);
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], actual[c], 1e-10);
        }

        var breadFull = full.InverseCrossProduct();
        var breadTall = tall.InverseCrossProduct();
        for (var i = 0; i < breadFull.Length; i++)
        {
            Assert.Equal(breadFull[i], breadTall[i], 1e-12);
        }
    }

    [Fact]
    public void ChainOfFirmsIsEliminatedExactlyByTheGraphPreconditioner()
    {
        // 699 movers (unit u at firm u, then firm u + 1: a path through 700 firms) and 800 stayers, 10 rows each.
        // Jacobi-preconditioned CG needs iterations in proportion to the path's length; exact elimination of the
        // path (a tree) leaves nothing to iterate on.
        const int Firms = 700;
        const int Units = Firms - 1 + 800;
        var random = new Random(3);
        var n = Units * 10;
        var unit = new int[n];
        var firm = new int[n];
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = i / 10;
            unit[i] = u;
            firm[i] = u < Firms - 1 ? u + (i % 10 < 5 ? 0 : 1) : (u * 37) % Firms;
            x[i] = random.NextDouble() + (0.01 * firm[i]);
        }

        var solver = new FixedEffectSolver([unit, firm], [Units, Firms], [0, 1], n);
        var demeaned = x.ToArray();

        var outcome = solver.Demean(demeaned, 1e-12, 1_000);

        Assert.Equal(Firms, solver.PreconditionerEliminated);
        Assert.True(outcome.Converged);
        Assert.InRange(outcome.Iterations, 0, 2);
        AssertLevelSumsVanish(demeaned, unit, Units);
        AssertLevelSumsVanish(demeaned, firm, Firms);
    }

    [Fact]
    public void SparseFirmGraphWithTimeEffectsConvergesToTheProjection()
    {
        // Unit + time + 3,000 firms with about one mover per firm: trees, chains and a kernel with cycles.
        const int Units = 6_000;
        const int Periods = 12;
        const int Firms = 3_000;
        var random = new Random(11);
        var n = Units * Periods;
        var unit = new int[n];
        var time = new int[n];
        var firm = new int[n];
        var x = new double[n];
        for (var u = 0; u < Units; u++)
        {
            var current = random.Next(Firms);
            for (var t = 0; t < Periods; t++)
            {
                var i = (u * Periods) + t;
                if (t > 0 && random.NextDouble() < 0.04)
                {
                    current = random.Next(Firms);
                }

                unit[i] = u;
                time[i] = t;
                firm[i] = current;
                x[i] = random.NextDouble() + (0.3 * t) - (0.001 * current);
            }
        }

        var solver = new FixedEffectSolver([unit, time, firm], [Units, Periods, Firms], [0, 2, 1], n);
        var demeaned = x.ToArray();

        var outcome = solver.Demean(demeaned, 1e-12, 1_000);

        Assert.True(solver.PreconditionerEliminated > Firms / 2, $"eliminated {solver.PreconditionerEliminated} of {Firms} firms");
        Assert.True(solver.PreconditionerCoupled);
        Assert.True(outcome.Converged, $"not converged after {outcome.Iterations} iterations");
        AssertLevelSumsVanish(demeaned, unit, Units);
        AssertLevelSumsVanish(demeaned, time, Periods);
        AssertLevelSumsVanish(demeaned, firm, Firms);

        // Idempotent: demeaning the result again changes nothing.
        var again = demeaned.ToArray();
        solver.Demean(again, 1e-12, 1_000);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(demeaned[i], again[i], 1e-9);
        }
    }

    private static void AssertLevelSumsVanish(double[] column, int[] codes, int levels)
    {
        var sums = new double[levels];
        for (var i = 0; i < column.Length; i++)
        {
            sums[codes[i]] += column[i];
        }

        Assert.All(sums, s => Assert.True(Math.Abs(s) < 1e-8, $"level sum {s}"));
    }

    // Unit (600 levels, sorted), a 20-level dimension and a 700-level dimension linked to the unit (low mobility).
    private static (int[][] Codes, double[] Columns) Panel(int seed)
    {
        var random = new Random(seed);
        var unit = new int[Rows];
        var time = new int[Rows];
        var firm = new int[Rows];
        var columns = new double[2 * Rows];
        for (var i = 0; i < Rows; i++)
        {
            unit[i] = i / 10;
            time[i] = random.Next(20);
            firm[i] = random.NextDouble() < 0.8 ? unit[i] % 700 : random.Next(700);
            columns[i] = random.NextDouble() + (0.01 * unit[i]) + time[i];
            columns[Rows + i] = (2 * random.NextDouble()) - firm[i];
        }

        return ([unit, time, firm], columns);
    }
}
