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
/// <para>Levels that no fitting row has are outside the system (their coefficient stays 0); the caller decides what
/// to do with rows that need them.</para>
/// </remarks>
internal sealed class FixedEffectNormalEquations
{
    private readonly int[][] _codes;
    private readonly int[] _offsets;
    private readonly double[] _inverseCounts;

    /// <param name="codes">Per dimension, the compact level code of every fitting row (0 .. levels − 1).</param>
    /// <param name="levels">Per dimension, the number of levels (levels without fitting rows allowed).</param>
    internal FixedEffectNormalEquations(int[][] codes, int[] levels)
    {
        _codes = codes;
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
    }

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
