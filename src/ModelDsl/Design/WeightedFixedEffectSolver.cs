namespace ModelDsl.Design;

/// <summary>
/// Demeaning under observation weights: the residual of each column from its weighted least-squares projection
/// on the fixed-effect dummies (<see cref="FixedEffectStructure.DemeanColumns(double[], int, double[], double, int)"/>),
/// used by the general IRLS loop of fixed-effect logit and probit (weights change every iteration, the fixed-effect
/// structure does not; unit + one small dimension runs the one-pass engine <c>FixedEffectIrls</c> instead) and by
/// weighted least squares (<c>LinearModelEstimator.FitWeighted</c>, the weighted PSM-DID: analytic weights).
/// </summary>
/// <remarks>
/// <para>Dimensions: n rows with weights wᵢ ≥ 0; F_P the n×G dummies of the dimension with the most levels, F_R the
/// n×L dummies of the others, W = diag(w). The weighted within-primary projection is
/// M_P = I − F_P(F_P'WF_P)⁻¹F_P'W (subtract the weighted mean of the row's primary level). The weighted residual of
/// x on all dummies is e = M_P(x − F_R β) with S β = b, S = F_R'W M_P F_R (L×L, semi-definite) and
/// b = F_R'W M_P x: the weighted form of the block elimination of <see cref="FixedEffectSolver"/> (Bergé 2018, §3;
/// Correia, Guimarães and Zylkin 2020, §3, demeaning inside IRLS).</para>
/// <para>With one further dimension of at most <see cref="FixedEffectSolver.DenseLimit"/> levels, S is built in one
/// pass and factorised (exact); otherwise S β = b is solved by Jacobi-preconditioned conjugate gradients with the
/// stopping rule |r_l| / W_l ≤ tol · max(1, 0.1 + |β_l|), W_l the total weight of level l. One dimension is an exact
/// weighted group-mean subtraction. Levels of zero total weight keep a zero mean.</para>
/// <para>The row order by primary level is computed once per structure; each call costs O(n) per column plus
/// O(L²) (dense) or O(n) per conjugate-gradient iteration. Columns are demeaned in parallel.</para>
/// </remarks>
internal sealed class WeightedFixedEffectSolver
{
    private const int ParallelRows = 100_000;

    // Lanes of primary levels per column on the direct path (fixed, so sums do not depend on the thread count).
    private const int Lanes = 4;

    // A pivot below this fraction of its diagonal entry is a redundant dummy (null space of S).
    private const double PivotTolerance = 1e-9;

    private readonly int _n;
    private readonly int _units;
    private readonly int[] _unitStart;
    private readonly int[]? _rowOf;
    private readonly int[][] _restCodes;
    private readonly int _levels;
    private readonly int _largestUnit;
    private readonly int[] _laneStart;

    internal WeightedFixedEffectSolver(FixedEffectStructure structure)
    {
        var n = structure.Observations;
        _n = n;
        var order = Enumerable.Range(0, structure.Dimensions).OrderByDescending(d => structure.Levels[d]).ThenBy(d => d).ToArray();
        var layout = PrimaryLevelLayout.Build(order.Select(structure.RawCodes).ToArray(), order.Select(d => structure.Levels[d]).ToArray(), n);
        _units = layout.Units;
        _unitStart = layout.UnitStart;
        _rowOf = layout.RowOf;
        _largestUnit = layout.LargestUnit;
        _restCodes = layout.RestCodes;
        _levels = layout.RestLevels;
        _laneStart = layout.LaneStarts(Lanes);
    }

    /// <summary>Replaces each of the <paramref name="columnCount"/> columns of the column-major n×m array by its weighted residual on the fixed effects.</summary>
    internal DemeaningOutcome DemeanColumns(double[] columns, int columnCount, double[] weights, double tolerance, int maxIterations)
    {
        var n = _n;
        if (weights.Length != n)
        {
            throw new ArgumentException($"Got {weights.Length} weights but the fixed effects have {n} observations; give one weight per observation.", nameof(weights));
        }

        // Weights checked, put in primary-level order (the caller's array when the rows are already in that order)
        // and summed per primary level, lane by lane (in parallel on large samples; each lane's results are exact).
        var w = _rowOf is null ? weights : new double[n];
        var inverseUnitWeight = new double[_units];
        var firstBad = new int[Lanes];
        void Prepare(int lane)
        {
            var rowOf = _rowOf;
            var bad = int.MaxValue;
            for (var u = _laneStart[lane]; u < _laneStart[lane + 1]; u++)
            {
                var total = 0.0;
                for (var k = _unitStart[u]; k < _unitStart[u + 1]; k++)
                {
                    var row = rowOf is null ? k : rowOf[k];
                    var value = weights[row];
                    if (!(value >= 0) || double.IsInfinity(value))
                    {
                        bad = Math.Min(bad, row);
                    }

                    w[k] = value;
                    total += value;
                }

                inverseUnitWeight[u] = total > 0 ? 1.0 / total : 0.0;
            }

            firstBad[lane] = bad;
        }

        var parallelRows = n >= ParallelRows && Environment.ProcessorCount > 1;
        if (parallelRows)
        {
            Parallel.For(0, Lanes, Prepare);
        }
        else
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                Prepare(lane);
            }
        }

        var badRow = firstBad.Min();
        if (badRow != int.MaxValue)
        {
            throw new ArgumentException($"Weight {weights[badRow]} at row {badRow} is negative or not finite; weights must be finite and non-negative.", nameof(weights));
        }

        var system = _levels == 0 ? null : BuildSystem(w, inverseUnitWeight, parallelRows);
        var iterations = 0;
        var converged = true;
        var gate = new object();
        void Column(int j)
        {
            var x = columns.AsSpan(j * n, n);
            var buffer = new double[Math.Max(1, _largestUnit)];
            var beta = new double[_levels];
            var outcome = new DemeaningOutcome(0, true);
            if (system is not null)
            {
                var b = new double[_levels];
                RightHandSide(x, w, inverseUnitWeight, b, 0, _units);
                if (system.Factor is not null)
                {
                    FixedEffectSolver.SolveFactor(system.Factor, _levels, b, beta);
                }
                else
                {
                    outcome = SolveIterative(system, w, inverseUnitWeight, b, beta, tolerance, maxIterations, buffer);
                }
            }

            Residual(x, w, inverseUnitWeight, beta, buffer, 0, _units);
            lock (gate)
            {
                iterations = Math.Max(iterations, outcome.Iterations);
                converged &= outcome.Converged;
            }
        }

        var parallel = (long)n * columnCount >= ParallelRows && Environment.ProcessorCount > 1;
        if (parallel && system?.Factor is not null)
        {
            // Direct path: one pass per lane of primary levels accumulates every column's right-hand side, the lanes'
            // parts are added in a fixed order, then one pass per lane subtracts the fixed effects from every column.
            var levels = _levels;
            var parts = new double[Lanes][];
            Parallel.For(0, Lanes, lane =>
            {
                var part = new double[columnCount * levels];
                for (var u = _laneStart[lane]; u < _laneStart[lane + 1]; u++)
                {
                    // All columns of one primary level while its weights and codes are in cache.
                    for (var j = 0; j < columnCount; j++)
                    {
                        RightHandSide(columns.AsSpan(j * n, n), w, inverseUnitWeight, part.AsSpan(j * levels, levels), u, u + 1);
                    }
                }

                parts[lane] = part;
            });
            var betas = new double[columnCount * levels];
            for (var j = 0; j < columnCount; j++)
            {
                var b = new double[levels];
                for (var lane = 0; lane < Lanes; lane++)
                {
                    Kernels.Axpy(1.0, parts[lane].AsSpan(j * levels, levels), b);
                }

                var beta = new double[levels];
                FixedEffectSolver.SolveFactor(system.Factor, levels, b, beta);
                beta.CopyTo(betas, j * levels);
            }

            Parallel.For(0, Lanes, lane =>
            {
                var buffer = new double[Math.Max(1, _largestUnit)];
                for (var u = _laneStart[lane]; u < _laneStart[lane + 1]; u++)
                {
                    for (var j = 0; j < columnCount; j++)
                    {
                        Residual(columns.AsSpan(j * n, n), w, inverseUnitWeight, betas.AsSpan(j * levels, levels), buffer, u, u + 1);
                    }
                }
            });
        }
        else if (parallel && columnCount > 1)
        {
            Parallel.For(0, columnCount, Column);
        }
        else
        {
            for (var j = 0; j < columnCount; j++)
            {
                Column(j);
            }
        }

        return new DemeaningOutcome(iterations, converged);
    }

    private sealed record WeightedSystem(double[]? Factor, double[] InverseDiagonal, double[] LevelWeights);

    // Level weights W_l, the Jacobi preconditioner diag(S)⁻¹ and, with one small further dimension, the Cholesky factor of S.
    // Each lane of primary levels accumulates its part in one pass (lanes in parallel on large samples); the parts
    // are added in lane order.
    private WeightedSystem BuildSystem(double[] w, double[] inverseUnitWeight, bool parallel)
    {
        var levels = _levels;
        var dense = _restCodes.Length == 1 && levels <= FixedEffectSolver.DenseLimit;
        var levelParts = new double[Lanes][];
        var diagonalParts = new double[Lanes][];
        var denseParts = new double[Lanes][];
        void Lane(int lane)
        {
            var levelWeights = new double[levels];
            var reduction = new double[levels];
            var s = dense ? new double[levels * levels] : null;
            var tally = new double[levels];
            var present = new int[Math.Max(1, Math.Min(levels, _largestUnit * _restCodes.Length))];
            var seen = new int[levels];
            Array.Fill(seen, -1);
            for (var u = _laneStart[lane]; u < _laneStart[lane + 1]; u++)
            {
                var start = _unitStart[u];
                var end = _unitStart[u + 1];
                var inverse = inverseUnitWeight[u];
                var distinct = 0;
                foreach (var codes in _restCodes)
                {
                    for (var k = start; k < end; k++)
                    {
                        var l = codes[k];
                        if (seen[l] != u)
                        {
                            seen[l] = u;
                            present[distinct++] = l;
                        }

                        tally[l] += w[k];
                    }
                }

                for (var a = 0; a < distinct; a++)
                {
                    var la = present[a];
                    var ta = tally[la] * inverse;
                    reduction[la] += ta * tally[la];
                    if (s is not null)
                    {
                        var row = s.AsSpan(la * levels, levels);
                        for (var c = 0; c < distinct; c++)
                        {
                            row[present[c]] -= ta * tally[present[c]];
                        }
                    }
                }

                for (var a = 0; a < distinct; a++)
                {
                    levelWeights[present[a]] += tally[present[a]];
                    tally[present[a]] = 0;
                }
            }

            levelParts[lane] = levelWeights;
            diagonalParts[lane] = reduction;
            denseParts[lane] = s!;
        }

        if (parallel)
        {
            Parallel.For(0, Lanes, Lane);
        }
        else
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                Lane(lane);
            }
        }

        var levelWeights = new double[levels];
        var reductions = new double[levels];
        var s = dense ? new double[levels * levels] : null;
        for (var lane = 0; lane < Lanes; lane++)
        {
            Kernels.Axpy(1.0, levelParts[lane], levelWeights);
            Kernels.Axpy(1.0, diagonalParts[lane], reductions);
            if (s is not null)
            {
                Kernels.Axpy(1.0, denseParts[lane], s);
            }
        }

        var diagonal = new double[levels];
        for (var l = 0; l < levels; l++)
        {
            diagonal[l] = levelWeights[l] - reductions[l];
        }

        var inverseDiagonal = new double[levels];
        for (var l = 0; l < levels; l++)
        {
            inverseDiagonal[l] = diagonal[l] > PivotTolerance * levelWeights[l] && levelWeights[l] > 0 ? 1.0 / diagonal[l] : 0.0;
        }

        if (s is null)
        {
            return new WeightedSystem(null, inverseDiagonal, levelWeights);
        }

        for (var l = 0; l < levels; l++)
        {
            s[(l * levels) + l] += levelWeights[l];
        }

        return new WeightedSystem(FixedEffectSolver.Factorise(s), inverseDiagonal, levelWeights);
    }

    // b = F_R'W M_P x.
    private void RightHandSide(ReadOnlySpan<double> x, double[] w, double[] inverseUnitWeight, Span<double> b, int u0, int u1)
    {
        var rowOf = _rowOf;
        for (var u = u0; u < u1; u++)
        {
            var s = _unitStart[u];
            var e = _unitStart[u + 1];
            var sum = 0.0;
            for (var k = s; k < e; k++)
            {
                sum += w[k] * x[rowOf is null ? k : rowOf[k]];
            }

            var mean = sum * inverseUnitWeight[u];
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    b[codes[k]] += w[k] * (x[rowOf is null ? k : rowOf[k]] - mean);
                }
            }
        }
    }

    // acc = S p = F_R'W M_P F_R p.
    private void Apply(ReadOnlySpan<double> p, double[] w, double[] inverseUnitWeight, Span<double> acc, double[] buffer)
    {
        acc.Clear();
        for (var u = 0; u < _units; u++)
        {
            var s = _unitStart[u];
            var e = _unitStart[u + 1];
            var z = buffer.AsSpan(0, e - s);
            z.Clear();
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    z[k - s] += p[codes[k]];
                }
            }

            var sum = 0.0;
            for (var k = s; k < e; k++)
            {
                sum += w[k] * z[k - s];
            }

            var mean = sum * inverseUnitWeight[u];
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    acc[codes[k]] += w[k] * (z[k - s] - mean);
                }
            }
        }
    }

    // x ← M_P (x − F_R β).
    private void Residual(Span<double> x, double[] w, double[] inverseUnitWeight, ReadOnlySpan<double> beta, double[] buffer, int u0, int u1)
    {
        var rowOf = _rowOf;
        for (var u = u0; u < u1; u++)
        {
            var s = _unitStart[u];
            var e = _unitStart[u + 1];
            var v = buffer.AsSpan(0, e - s);
            for (var k = s; k < e; k++)
            {
                v[k - s] = x[rowOf is null ? k : rowOf[k]];
            }

            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    v[k - s] -= beta[codes[k]];
                }
            }

            var sum = 0.0;
            for (var k = s; k < e; k++)
            {
                sum += w[k] * v[k - s];
            }

            var mean = sum * inverseUnitWeight[u];
            for (var k = s; k < e; k++)
            {
                x[rowOf is null ? k : rowOf[k]] = v[k - s] - mean;
            }
        }
    }

    private DemeaningOutcome SolveIterative(WeightedSystem system, double[] w, double[] inverseUnitWeight, double[] b, double[] beta, double tolerance, int maxIterations, double[] buffer)
    {
        var levels = _levels;
        var r = b.ToArray();
        if (Converged(r, beta, system.LevelWeights, tolerance))
        {
            return new DemeaningOutcome(0, true);
        }

        var z = new double[levels];
        var q = new double[levels];
        for (var l = 0; l < levels; l++)
        {
            z[l] = system.InverseDiagonal[l] * r[l];
        }

        var p = z.ToArray();
        var rz = Kernels.Dot(r, z);
        var iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            Apply(p, w, inverseUnitWeight, q, buffer);
            var pq = Kernels.Dot(p, q);
            if (!(pq > 0) || rz == 0)
            {
                return new DemeaningOutcome(iterations, true);
            }

            var alpha = rz / pq;
            Kernels.Axpy(alpha, p, beta);
            Kernels.Axpy(-alpha, q, r);
            if (Converged(r, beta, system.LevelWeights, tolerance))
            {
                return new DemeaningOutcome(iterations, true);
            }

            for (var l = 0; l < levels; l++)
            {
                z[l] = system.InverseDiagonal[l] * r[l];
            }

            var rzNew = Kernels.Dot(r, z);
            var ratio = rzNew / rz;
            rz = rzNew;
            for (var l = 0; l < levels; l++)
            {
                p[l] = z[l] + (ratio * p[l]);
            }
        }

        return new DemeaningOutcome(iterations, false);
    }

    private static bool Converged(ReadOnlySpan<double> r, ReadOnlySpan<double> beta, double[] levelWeights, double tolerance)
    {
        for (var l = 0; l < r.Length; l++)
        {
            if (Math.Abs(r[l]) > tolerance * levelWeights[l] * Math.Max(1.0, 0.1 + Math.Abs(beta[l])))
            {
                return false;
            }
        }

        return true;
    }
}
