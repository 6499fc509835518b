namespace ModelDsl.Design;

/// <summary>
/// The normal equations of the fixed-effect dummies on a subset of rows, D₀'D₀ c = b, solved in level space without
/// building the dummies: the fixed-effect coefficients behind a demeaned fit, and the weights D₀(D₀'D₀)⁻D₁'w an
/// imputation estimator puts on its fitting rows.
/// </summary>
/// <remarks>
/// <para>Dimensions: L = Σ_d levels_d unknowns (the levels of every dimension, concatenated); n₀ fitting rows. S = D₀'D₀ is
/// L×L, positive semi-definite, with one zero eigenvalue per redundancy of the dummies (one per extra dimension and per
/// extra connected component). S p costs one pass over the rows: z_r = Σ_d p[level_d(r)], then z_r is scattered back to
/// each of the row's levels. Jacobi-preconditioned conjugate gradients (diag S = the level counts) from c = 0 stay in
/// the range of S, so for a consistent right-hand side (b ∈ range(D₀')) they converge to a solution whose fitted values
/// D c are unique; an inconsistent b (a level or level combination no fitting row has) leaves a residual that does not
/// shrink, which <see cref="Solve"/> reports through <see cref="SolveOutcome.RelativeResidual"/>.</para>
/// <para>Two dimensions, the smaller with at most <see cref="FixedEffectSolver.DenseLimit"/> levels (unit and time): the
/// larger dimension (diagonal block) is eliminated in closed form and the Schur complement of the smaller one,
/// S_bb − S_ba S_aa⁻¹ S_ab, is factorised once (<see cref="FixedEffectSolver.Factorise(double[])"/>, redundant levels
/// pinned at 0) and reused by every solve, which then costs one pass over the rows. Otherwise the conjugate
/// gradients above. Either way the outcome reports ‖b − S c‖/‖b‖.</para>
/// <para>Levels that no fitting row has are outside the system (their coefficient stays 0); the caller decides what
/// to do with rows that need them.</para>
/// </remarks>
internal sealed class FixedEffectNormalEquations
{
    private readonly int[][] _codes;
    private readonly int[] _offsets;
    private readonly double[] _inverseCounts;
    private readonly int[] _levels;

    /// <param name="codes">Per dimension, the compact level code of every fitting row (0 .. levels − 1).</param>
    /// <param name="levels">Per dimension, the number of levels (levels without fitting rows allowed).</param>
    internal FixedEffectNormalEquations(int[][] codes, int[] levels)
    {
        _codes = codes;
        _levels = levels;
        _offsets = new int[levels.Length];
        var total = 0;
        for (var d = 0; d < levels.Length; d++)
        {
            _offsets[d] = total;
            total += levels[d];
        }

        Unknowns = total;
        var counts = new double[total];
        for (var d = 0; d < codes.Length; d++)
        {
            foreach (var code in codes[d])
            {
                counts[_offsets[d] + code]++;
            }
        }

        _inverseCounts = counts.Select(c => c > 0 ? 1.0 / c : 0.0).ToArray();
        if (codes.Length == 2 && Math.Min(levels[0], levels[1]) <= FixedEffectSolver.DenseLimit)
        {
            _large = levels[0] >= levels[1] ? 0 : 1;
            _factor = SchurFactor(1 - _large, levels[1 - _large]);
        }
    }

    // The direct path: the eliminated (larger) dimension and the Cholesky factor of the other's Schur complement.
    private readonly int _large = -1;
    private readonly double[]? _factor;

    /// <summary>The number of unknowns L.</summary>
    internal int Unknowns { get; }

    /// <summary>The position of level <paramref name="level"/> of dimension <paramref name="dimension"/> among the unknowns.</summary>
    internal int Index(int dimension, int level) => _offsets[dimension] + level;

    /// <summary>Whether some fitting row has this level.</summary>
    internal bool HasRows(int dimension, int level) => _inverseCounts[_offsets[dimension] + level] > 0;

    /// <summary>b = D₀' x: the sums of <paramref name="x"/> (length n₀) over each level.</summary>
    internal double[] LevelSums(ReadOnlySpan<double> x)
    {
        var b = new double[Unknowns];
        for (var d = 0; d < _codes.Length; d++)
        {
            var codes = _codes[d];
            var offset = _offsets[d];
            for (var r = 0; r < x.Length; r++)
            {
                b[offset + codes[r]] += x[r];
            }
        }

        return b;
    }

    /// <summary>(D c)_r = Σ_d c[level_d(r)] for rows given by their codes (<paramref name="codes"/>[d][r]).</summary>
    internal double[] Fitted(double[] c, int[][] codes)
    {
        var n = codes[0].Length;
        var z = new double[n];
        for (var d = 0; d < codes.Length; d++)
        {
            var level = codes[d];
            var offset = _offsets[d];
            for (var r = 0; r < n; r++)
            {
                z[r] += c[offset + level[r]];
            }
        }

        return z;
    }

    /// <summary>
    /// Solves S c = b by Jacobi-preconditioned conjugate gradients until ‖b − S c‖ ≤ <paramref name="tolerance"/> ‖b‖ or
    /// <paramref name="maxIterations"/> passes.
    /// </summary>
    internal (double[] Solution, SolveOutcome Outcome) Solve(double[] b, double tolerance = 1e-13, int maxIterations = 20_000)
    {
        if (_factor is not null)
        {
            return SolveDirect(b);
        }

        var size = Unknowns;
        var c = new double[size];
        var r = b.ToArray();
        var bNorm = Math.Sqrt(Kernels.Dot(b, b));
        if (bNorm == 0)
        {
            return (c, new SolveOutcome(0, 0, true));
        }

        var z = new double[size];
        for (var l = 0; l < size; l++)
        {
            z[l] = _inverseCounts[l] * r[l];
        }

        var p = z.ToArray();
        var q = new double[size];
        var rz = Kernels.Dot(r, z);
        var rowSums = new double[_codes[0].Length];
        var best = double.PositiveInfinity;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            Multiply(p, q, rowSums);
            var pq = Kernels.Dot(p, q);
            if (!(pq > 0))
            {
                // p lies in the null space of S: nothing further can be reduced.
                var stalled = Math.Sqrt(Kernels.Dot(r, r)) / bNorm;
                return (c, new SolveOutcome(iteration, stalled, stalled <= tolerance));
            }

            var alpha = rz / pq;
            Kernels.Axpy(alpha, p, c);
            Kernels.Axpy(-alpha, q, r);
            var residual = Math.Sqrt(Kernels.Dot(r, r)) / bNorm;
            best = Math.Min(best, residual);
            if (residual <= tolerance)
            {
                return (c, new SolveOutcome(iteration, residual, true));
            }

            for (var l = 0; l < size; l++)
            {
                z[l] = _inverseCounts[l] * r[l];
            }

            var rzNext = Kernels.Dot(r, z);
            var beta = rzNext / rz;
            rz = rzNext;
            for (var l = 0; l < size; l++)
            {
                p[l] = z[l] + (beta * p[l]);
            }
        }

        return (c, new SolveOutcome(maxIterations, best, false));
    }

    // S_small = diag(n_b) − Σ_a (1/n_a) c_a c_a' over the levels a of the large dimension, c_a[b] = rows with (a, b).
    private double[] SchurFactor(int small, int size)
    {
        var large = 1 - small;
        var s = new double[size * size];
        var smallOffset = _offsets[small];
        for (var l = 0; l < size; l++)
        {
            var inverse = _inverseCounts[smallOffset + l];
            s[(l * size) + l] = inverse > 0 ? 1.0 / inverse : 0;
        }

        // Rows grouped by level of the large dimension: each group's counts over the small levels.
        var rows = _codes[0].Length;
        var order = Enumerable.Range(0, rows).OrderBy(r => _codes[large][r]).ToArray();
        var counts = new Dictionary<int, double>();
        for (var start = 0; start < rows;)
        {
            var level = _codes[large][order[start]];
            var end = start;
            counts.Clear();
            while (end < rows && _codes[large][order[end]] == level)
            {
                var b = _codes[small][order[end]];
                counts[b] = counts.GetValueOrDefault(b) + 1;
                end++;
            }

            var inverse = 1.0 / (end - start);
            foreach (var (i, ci) in counts)
            {
                foreach (var (j, cj) in counts)
                {
                    s[(i * size) + j] -= ci * cj * inverse;
                }
            }

            start = end;
        }

        return FixedEffectSolver.Factorise(s);
    }

    private (double[] Solution, SolveOutcome Outcome) SolveDirect(double[] b)
    {
        var large = _large;
        var small = 1 - large;
        var largeOffset = _offsets[large];
        var smallOffset = _offsets[small];
        var size = _levels[small];

        // r_b = b_b − Σ_rows (b_a / n_a) for the row's small level b.
        var reduced = new double[size];
        for (var l = 0; l < size; l++)
        {
            reduced[l] = b[smallOffset + l];
        }

        var largeCodes = _codes[large];
        var smallCodes = _codes[small];
        for (var r = 0; r < largeCodes.Length; r++)
        {
            var a = largeOffset + largeCodes[r];
            reduced[smallCodes[r]] -= b[a] * _inverseCounts[a];
        }

        var c = new double[Unknowns];
        FixedEffectSolver.SolveFactor(_factor!, size, reduced, c.AsSpan(smallOffset, size));

        // x_a = (b_a − Σ_rows x_b) / n_a.
        var largeLevels = _levels[large];
        var sums = new double[largeLevels];
        for (var r = 0; r < largeCodes.Length; r++)
        {
            sums[largeCodes[r]] += c[smallOffset + smallCodes[r]];
        }

        for (var a = 0; a < largeLevels; a++)
        {
            var index = largeOffset + a;
            c[index] = _inverseCounts[index] * (b[index] - sums[a]);
        }

        // The residual says whether b was consistent (a treated level combination the fitting rows do not pin down).
        var bNorm = Math.Sqrt(Kernels.Dot(b, b));
        if (bNorm == 0)
        {
            return (c, new SolveOutcome(0, 0, true));
        }

        var q = new double[Unknowns];
        Multiply(c, q, new double[largeCodes.Length]);
        for (var l = 0; l < q.Length; l++)
        {
            q[l] = b[l] - q[l];
        }

        var residual = Math.Sqrt(Kernels.Dot(q, q)) / bNorm;
        return (c, new SolveOutcome(0, residual, residual <= 1e-10));
    }

    // q = S p = D₀'(D₀ p); rowSums is scratch of length n₀.
    private void Multiply(double[] p, double[] q, double[] rowSums)
    {
        Array.Clear(rowSums);
        for (var d = 0; d < _codes.Length; d++)
        {
            var codes = _codes[d];
            var offset = _offsets[d];
            for (var r = 0; r < rowSums.Length; r++)
            {
                rowSums[r] += p[offset + codes[r]];
            }
        }

        Array.Clear(q);
        for (var d = 0; d < _codes.Length; d++)
        {
            var codes = _codes[d];
            var offset = _offsets[d];
            for (var r = 0; r < rowSums.Length; r++)
            {
                q[offset + codes[r]] += rowSums[r];
            }
        }
    }

    /// <summary>How a solve ended.</summary>
    /// <param name="Iterations">Conjugate-gradient passes.</param>
    /// <param name="RelativeResidual">‖b − S c‖ / ‖b‖ at the end (the smallest reached when not converged).</param>
    /// <param name="Converged">Whether the tolerance was reached.</param>
    internal readonly record struct SolveOutcome(int Iterations, double RelativeResidual, bool Converged);
}
