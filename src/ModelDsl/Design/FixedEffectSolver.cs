namespace ModelDsl.Design;

/// <summary>
/// The demeaning engine for D ≥ 2 fixed-effect dimensions: the dimension with the most levels (the "primary",
/// G levels) is eliminated in closed form and the coefficients of the others (L levels, concatenated) solve the
/// Schur-complement normal equations S β = b, directly (Cholesky, one further dimension with few levels) or by
/// preconditioned conjugate gradients: Jacobi on row passes, or, when the movers' level graph is sparse, on the
/// assembled S with the graph preconditioner of <see cref="FixedEffectPreconditioner"/>.
/// </summary>
/// <remarks>
/// <para>Dimensions: n rows; F_P the n×G dummies of the primary dimension, F_R the n×L dummies of the others,
/// M_P = I − F_P(F_P'F_P)⁻¹F_P' the within-primary-level demeaning. The residual of x on all dummies is
/// e = M_P (x − F_R β) with S β = b, S = F_R' M_P F_R (L×L, positive semi-definite; its null space is the
/// redundancy of the dummies and never matters for e) and b = F_R' M_P x (Gaussian elimination of the primary
/// block; the block-elimination form of Bergé 2018, §3, and of pyfixest's <c>within</c> solver).</para>
/// <para>Rows are visited grouped by primary level (a counting sort done once), so M_P is a mean over a short
/// contiguous run and S p costs one pass over the rows: z = F_R p, demean z within each primary level, scatter-add
/// into L sums. b and e cost one pass each. Conjugate gradients converge in O(√κ(S)) passes where alternating
/// projections need O(κ) (Hestenes and Stiefel 1952); the Jacobi preconditioner diag(S)⁻¹ evens out level sizes.</para>
/// <para>Stopping rule: every coefficient's change in one alternating-projection sweep is the mean residual of its
/// level, so, as fixest's rule, CG stops when for every level l, |r_l| / n_l ≤ tol · max(1, 0.1 + |β_l|), r = b − Sβ
/// (the sum of the current residuals e over the rows of level l).</para>
/// <para>Determinism: rows are split into a fixed number of lanes by primary level; each lane accumulates its own
/// sums and lanes are added in order, so the result is bit-identical whether the lanes run in parallel or not.</para>
/// </remarks>
internal sealed class FixedEffectSolver
{
    /// <summary>With one further dimension of at most this many levels, S is factorised once (Cholesky) and reused.</summary>
    internal const int DenseLimit = 512;

    /// <summary>Columns solved together (one pass over the rows per iteration serves all of them).</summary>
    internal const int BlockColumns = 8;

    private const int ParallelRows = 100_000;

    // Iterations on the assembled S before the row-wise residual takes over.
    private const int AssembledIterations = 100;
    private const int LaneCount = 4;

    // A pivot below this fraction of its diagonal entry is a redundant dummy (null space of S).
    private const double PivotTolerance = 1e-9;

    private readonly int _n;
    private readonly int _levels;
    private readonly int[] _unitStart;
    private readonly int[]? _rowOf;
    private readonly int[][] _restCodes;
    private readonly double[] _counts;
    private readonly double[] _inverseDiagonal;
    private readonly int[] _laneStart;
    private readonly double[]? _factor;
    private readonly int _largestUnit;

    // Conjugate-gradient path: levels [_smallOffset, L) belong to the dimensions with few levels; a primary level in
    // which every other (large) dimension is constant adds to S only in that small block, accumulated once into
    // _smallBlock (dense). Only the remaining "active" primary levels (movers) are visited by each S p.
    private readonly int _smallOffset;
    private readonly double[] _smallBlock = [];
    private readonly int[] _active = [];
    private readonly int[] _activeLaneStart = [];

    // Sparse large-level graphs (low mobility): block preconditioner with exact elimination of low-degree levels.
    private readonly FixedEffectPreconditioner? _preconditioner;

    internal FixedEffectSolver(int[][] codes, int[] levels, int[] order, int n)
    {
        _n = n;
        var layout = PrimaryLevelLayout.Build(order.Select(d => codes[d]).ToArray(), order.Select(d => levels[d]).ToArray(), n);
        var units = layout.Units;
        var unitStart = layout.UnitStart;
        var rest = order.Length - 1;
        _unitStart = unitStart;
        _rowOf = layout.RowOf;
        _largestUnit = layout.LargestUnit;
        _restCodes = layout.RestCodes;
        _levels = layout.RestLevels;
        _counts = new double[_levels];
        foreach (var restCodes in _restCodes)
        {
            foreach (var l in restCodes)
            {
                _counts[l]++;
            }
        }

        // diag(S)_l = n_l − Σ_u N_ul² / n_u.
        var diagonal = _counts.ToArray();
        var tally = new double[_levels];
        for (var u = 0; u < units; u++)
        {
            var s = unitStart[u];
            var end = unitStart[u + 1];
            var inverseSize = 1.0 / (end - s);
            foreach (var restCodes in _restCodes)
            {
                for (var k = s; k < end; k++)
                {
                    tally[restCodes[k]]++;
                }

                for (var k = s; k < end; k++)
                {
                    var l = restCodes[k];
                    var t = tally[l];
                    if (t > 0)
                    {
                        diagonal[l] -= t * t * inverseSize;
                        tally[l] = 0;
                    }
                }
            }
        }

        _inverseDiagonal = new double[_levels];
        for (var l = 0; l < _levels; l++)
        {
            _inverseDiagonal[l] = diagonal[l] > PivotTolerance * _counts[l] ? 1.0 / diagonal[l] : 0.0;
        }

        _laneStart = layout.LaneStarts(n >= ParallelRows ? LaneCount : 1);
        if (rest == 1 && _levels <= DenseLimit)
        {
            _factor = Factorise(BuildDense());
            return;
        }

        // Small dimensions: the trailing ones (fewest levels) whose levels add up to at most DenseLimit.
        var small = rest;
        var smallLevels = 0;
        while (small > 0 && smallLevels + levels[order[small]] <= DenseLimit)
        {
            smallLevels += levels[order[small]];
            small--;
        }

        _smallOffset = _levels - smallLevels;
        _smallBlock = new double[smallLevels * smallLevels];
        var active = new List<int>();
        var present = new int[Math.Max(1, _largestUnit * rest)];
        for (var u = 0; u < units; u++)
        {
            var s = unitStart[u];
            var end = unitStart[u + 1];
            var moves = false;
            for (var e = 0; e < small && !moves; e++)
            {
                var codesE = _restCodes[e];
                for (var k = s + 1; k < end && !moves; k++)
                {
                    moves = codesE[k] != codesE[s];
                }
            }

            if (moves)
            {
                active.Add(u);
                continue;
            }

            if (smallLevels == 0)
            {
                continue;
            }

            AccumulateSmall(u, small, _smallBlock, tally, present);
        }

        _active = active.ToArray();
        var lanes = Lanes;
        _activeLaneStart = new int[lanes + 1];
        var activeRows = 0L;
        foreach (var u in _active)
        {
            activeRows += unitStart[u + 1] - unitStart[u];
        }

        for (int lane = 1, a = 0; lane < lanes; lane++)
        {
            var target = activeRows * lane / lanes;
            var rowsSoFar = 0L;
            a = 0;
            while (a < _active.Length && rowsSoFar < target)
            {
                rowsSoFar += unitStart[_active[a] + 1] - unitStart[_active[a]];
                a++;
            }

            _activeLaneStart[lane] = a;
        }

        _activeLaneStart[lanes] = _active.Length;
        _preconditioner = BuildPreconditioner(small, tally, present);
    }

    private int Lanes => _laneStart.Length - 1;

    /// <summary>Large levels eliminated exactly by the graph preconditioner (0 when it is not used).</summary>
    internal int PreconditionerEliminated => _preconditioner?.EliminatedCount ?? 0;

    /// <summary>Whether the graph preconditioner couples the large and small levels (block factorisation).</summary>
    internal bool PreconditionerCoupled => _preconditioner?.Coupled ?? false;

    // S_u = Σ_rows f_i f_i' − c c' / n_u over the small levels (f_i: the row's small-level indicators), added to
    // target (smallLevels × smallLevels, row-major). tally (length L) is zero on entry and on exit.
    private void AccumulateSmall(int u, int small, double[] target, double[] tally, int[] present)
    {
        var rest = _restCodes.Length;
        var smallLevels = _levels - _smallOffset;
        if (smallLevels == 0)
        {
            return;
        }

        var s = _unitStart[u];
        var end = _unitStart[u + 1];
        var inverseSize = 1.0 / (end - s);
        var distinct = 0;
        for (var e = small; e < rest; e++)
        {
            var codesE = _restCodes[e];
            for (var k = s; k < end; k++)
            {
                var a = codesE[k] - _smallOffset;
                for (var e2 = small; e2 < rest; e2++)
                {
                    target[(a * smallLevels) + _restCodes[e2][k] - _smallOffset] += 1;
                }

                if (tally[a] == 0)
                {
                    present[distinct++] = a;
                }

                tally[a]++;
            }
        }

        for (var a = 0; a < distinct; a++)
        {
            var ta = tally[present[a]] * inverseSize;
            var row = target.AsSpan(present[a] * smallLevels, smallLevels);
            for (var c = 0; c < distinct; c++)
            {
                row[present[c]] -= ta * tally[present[c]];
            }
        }

        for (var a = 0; a < distinct; a++)
        {
            tally[present[a]] = 0;
        }
    }

    // The graph preconditioner when the movers' large-level graph is sparse (on average at most MaximumDegree
    // neighbours per large level); null otherwise (dense graphs are expanders: Jacobi suffices).
    private FixedEffectPreconditioner? BuildPreconditioner(int small, double[] tally, int[] present)
    {
        const int MaximumDegree = 16;
        var large = _smallOffset;
        if (large == 0)
        {
            return null;
        }

        var limit = ((long)MaximumDegree * large) + 1024;
        var keys = new List<long>();
        var values = new List<double>();
        var diagonal = new double[large];
        var unitLevels = new int[Math.Max(1, _largestUnit * small)];
        foreach (var u in _active)
        {
            var s = _unitStart[u];
            var end = _unitStart[u + 1];
            var inverseSize = 1.0 / (end - s);
            var distinct = 0;
            for (var e = 0; e < small; e++)
            {
                var codesE = _restCodes[e];
                for (var k = s; k < end; k++)
                {
                    var a = codesE[k];
                    if (tally[a] == 0)
                    {
                        unitLevels[distinct++] = a;
                    }

                    tally[a]++;
                    for (var e2 = e + 1; e2 < small; e2++)
                    {
                        var b = _restCodes[e2][k];
                        keys.Add(((long)a * large) + b);
                        values.Add(1);
                        keys.Add(((long)b * large) + a);
                        values.Add(1);
                    }
                }
            }

            for (var i = 0; i < distinct; i++)
            {
                var a = unitLevels[i];
                var ta = tally[a];
                diagonal[a] += ta - (ta * ta * inverseSize);
                for (var j = 0; j < distinct; j++)
                {
                    if (j != i)
                    {
                        keys.Add(((long)a * large) + unitLevels[j]);
                        values.Add(-ta * tally[unitLevels[j]] * inverseSize);
                    }
                }
            }

            for (var i = 0; i < distinct; i++)
            {
                tally[unitLevels[i]] = 0;
            }

            if (keys.Count > limit)
            {
                return null;
            }
        }

        var keyArray = keys.ToArray();
        var valueArray = values.ToArray();
        Array.Sort(keyArray, valueArray);
        var rowStart = new int[large + 1];
        var column = new List<int>();
        var value = new List<double>();
        for (var k = 0; k < keyArray.Length;)
        {
            var key = keyArray[k];
            var sum = 0.0;
            while (k < keyArray.Length && keyArray[k] == key)
            {
                sum += valueArray[k++];
            }

            var row = (int)(key / large);
            if (row == (int)(key % large))
            {
                diagonal[row] += sum;
                continue;
            }

            rowStart[row + 1]++;
            column.Add((int)(key % large));
            value.Add(sum);
        }

        for (var v = 0; v < large; v++)
        {
            rowStart[v + 1] += rowStart[v];
        }

        var smallLevels = _levels - _smallOffset;
        var smallBlock = _smallBlock.ToArray();
        foreach (var u in _active)
        {
            AccumulateSmall(u, small, smallBlock, tally, present);
        }

        // The large–small block B (small columns of length large), when it fits in at most CouplingLimit entries.
        const long CouplingLimit = 1L << 22;
        double[]? coupling = null;
        if (smallLevels > 0 && (long)large * smallLevels <= CouplingLimit)
        {
            coupling = new double[large * smallLevels];
            var smallCounts = new double[smallLevels];
            var smallPresent = new int[smallLevels];
            foreach (var u in _active)
            {
                var s = _unitStart[u];
                var end = _unitStart[u + 1];
                var inverseSize = 1.0 / (end - s);
                var distinct = 0;
                var distinctSmall = 0;
                for (var k = s; k < end; k++)
                {
                    for (var e = 0; e < small; e++)
                    {
                        var a = _restCodes[e][k];
                        if (tally[a] == 0)
                        {
                            unitLevels[distinct++] = a;
                        }

                        tally[a]++;
                        for (var e2 = small; e2 < _restCodes.Length; e2++)
                        {
                            coupling[((_restCodes[e2][k] - _smallOffset) * large) + a] += 1;
                        }
                    }

                    for (var e2 = small; e2 < _restCodes.Length; e2++)
                    {
                        var t = _restCodes[e2][k] - _smallOffset;
                        if (smallCounts[t] == 0)
                        {
                            smallPresent[distinctSmall++] = t;
                        }

                        smallCounts[t]++;
                    }
                }

                for (var j = 0; j < distinctSmall; j++)
                {
                    var t = smallPresent[j];
                    var scaled = smallCounts[t] * inverseSize;
                    var target = coupling.AsSpan(t * large, large);
                    for (var i = 0; i < distinct; i++)
                    {
                        target[unitLevels[i]] -= scaled * tally[unitLevels[i]];
                    }

                    smallCounts[t] = 0;
                }

                for (var i = 0; i < distinct; i++)
                {
                    tally[unitLevels[i]] = 0;
                }
            }
        }

        return new FixedEffectPreconditioner(diagonal, rowStart, column.ToArray(), value.ToArray(), smallBlock, smallLevels, coupling);
    }

    // z = P⁻¹ r: the graph preconditioner, or Jacobi.
    private void Precondition(ReadOnlySpan<double> r, Span<double> z)
    {
        if (_preconditioner is not null)
        {
            _preconditioner.Apply(r, z);
            return;
        }

        for (var l = 0; l < r.Length; l++)
        {
            z[l] = _inverseDiagonal[l] * r[l];
        }
    }

    /// <summary>Demeans one column in place (serially: callers such as placebo draws parallelise across columns).</summary>
    internal DemeaningOutcome Demean(Span<double> x, double tolerance, int maxIterations)
    {
        var lanes = Lanes;
        var accumulators = new double[lanes * _levels];
        var buffer = new double[_largestUnit];
        for (var lane = 0; lane < lanes; lane++)
        {
            RightHandSide(x, accumulators.AsSpan(lane * _levels, _levels), _laneStart[lane], _laneStart[lane + 1]);
        }

        var b = new double[_levels];
        SumLanes(accumulators, b, 1);
        var beta = new double[_levels];
        var outcome = Solve(b, beta, 1, tolerance, maxIterations, parallel: false);
        for (var lane = 0; lane < lanes; lane++)
        {
            Residual(x, beta, _laneStart[lane], _laneStart[lane + 1], buffer);
        }

        return outcome;
    }

    /// <summary>Demeans columns [first, first + count) of a column-major n×m array in place, count ≤ <see cref="BlockColumns"/>.</summary>
    internal DemeaningOutcome DemeanBlock(double[] data, int first, int count, double tolerance, int maxIterations, bool parallel)
    {
        var n = _n;
        var levels = _levels;
        var lanes = Lanes;
        var accumulators = new double[lanes * count * levels];
        ForLanes(parallel, lane =>
        {
            for (var j = 0; j < count; j++)
            {
                RightHandSide(data.AsSpan((first + j) * n, n), accumulators.AsSpan(((lane * count) + j) * levels, levels), _laneStart[lane], _laneStart[lane + 1]);
            }
        });

        var b = new double[count * levels];
        SumLanes(accumulators, b, count);
        var beta = new double[count * levels];
        var outcome = Solve(b, beta, count, tolerance, maxIterations, parallel);
        ForLanes(parallel, lane =>
        {
            var buffer = new double[_largestUnit];
            for (var j = 0; j < count; j++)
            {
                Residual(data.AsSpan((first + j) * n, n), beta.AsSpan(j * levels, levels), _laneStart[lane], _laneStart[lane + 1], buffer);
            }
        });

        return outcome;
    }

    private static void ForColumns(bool parallel, int count, Action<int> body)
    {
        if (parallel && count > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, count, body);
        }
        else
        {
            for (var j = 0; j < count; j++)
            {
                body(j);
            }
        }
    }

    private void ForLanes(bool parallel, Action<int> body)
    {
        if (parallel && Lanes > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, Lanes, body);
        }
        else
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                body(lane);
            }
        }
    }

    // target (count×L) = Σ_lanes accumulators[lane] (lanes × count × L), lanes added in order.
    private void SumLanes(double[] accumulators, double[] target, int count)
    {
        var size = count * _levels;
        Array.Clear(target);
        for (var lane = 0; lane < Lanes; lane++)
        {
            var source = accumulators.AsSpan(lane * size, size);
            for (var s = 0; s < size; s++)
            {
                target[s] += source[s];
            }
        }
    }

    // β (count×L) from b (count×L): dense solve, or conjugate gradients on all columns at once.
    private DemeaningOutcome Solve(double[] b, double[] beta, int count, double tolerance, int maxIterations, bool parallel)
    {
        var levels = _levels;
        if (_factor is not null)
        {
            for (var j = 0; j < count; j++)
            {
                SolveDense(b.AsSpan(j * levels, levels), beta.AsSpan(j * levels, levels));
            }

            return new DemeaningOutcome(0, true);
        }

        if (_preconditioner is { CanMultiply: true })
        {
            // Iterate on the assembled S (no pass over the rows), then confirm the stopping rule on the residual of the
            // row-wise S; rounding in the assembled blocks can leave a floor under the recursive residual at tight
            // tolerances, in which case row-wise iterations finish from where the assembled ones stopped.
            var first = ConjugateGradients(b, beta, count, tolerance, Math.Min(maxIterations, AssembledIterations), parallel, assembled: true, warmStart: false);
            var second = ConjugateGradients(b, beta, count, tolerance, maxIterations - first.Iterations, parallel, assembled: false, warmStart: true);
            return new DemeaningOutcome(first.Iterations + second.Iterations, second.Converged);
        }

        return ConjugateGradients(b, beta, count, tolerance, maxIterations, parallel, assembled: false, warmStart: false);
    }

    // Preconditioned conjugate gradients on all columns at once from β (warm start: r = b − Sβ by one row pass).
    private DemeaningOutcome ConjugateGradients(double[] b, double[] beta, int count, double tolerance, int maxIterations, bool parallel, bool assembled, bool warmStart)
    {
        var levels = _levels;
        var r = b.ToArray();
        var z = new double[count * levels];
        var p = new double[count * levels];
        var q = new double[count * levels];
        var rz = new double[count];
        var active = new bool[count];
        var lanes = Lanes;
        var accumulators = new double[lanes * count * levels];
        if (warmStart)
        {
            Array.Fill(active, true);
            Product(beta, q, active, count, parallel, assembled, accumulators);
            for (var s = 0; s < r.Length; s++)
            {
                r[s] -= q[s];
            }
        }

        var remaining = 0;
        for (var j = 0; j < count; j++)
        {
            active[j] = false;
            var rj = r.AsSpan(j * levels, levels);
            if (Converged(rj, beta.AsSpan(j * levels, levels), tolerance))
            {
                continue;
            }

            active[j] = true;
            remaining++;
            var zj = z.AsSpan(j * levels, levels);
            Precondition(rj, zj);

            zj.CopyTo(p.AsSpan(j * levels, levels));
            rz[j] = Kernels.Dot(rj, zj);
        }

        var iterations = 0;
        while (remaining > 0 && iterations < maxIterations)
        {
            iterations++;
            Product(p, q, active, count, parallel, assembled, accumulators);
            for (var j = 0; j < count; j++)
            {
                if (!active[j])
                {
                    continue;
                }

                var pj = p.AsSpan(j * levels, levels);
                var qj = q.AsSpan(j * levels, levels);
                var rj = r.AsSpan(j * levels, levels);
                var zj = z.AsSpan(j * levels, levels);
                var betaj = beta.AsSpan(j * levels, levels);
                var pq = Kernels.Dot(pj, qj);
                if (!(pq > 0) || rz[j] == 0)
                {
                    // Breakdown: the search direction lies in the null space (r is already zero in exact arithmetic).
                    active[j] = false;
                    remaining--;
                    continue;
                }

                var alpha = rz[j] / pq;
                Kernels.Axpy(alpha, pj, betaj);
                Kernels.Axpy(-alpha, qj, rj);
                if (Converged(rj, betaj, tolerance))
                {
                    active[j] = false;
                    remaining--;
                    continue;
                }

                Precondition(rj, zj);
                var rzNew = Kernels.Dot(rj, zj);
                var ratio = rzNew / rz[j];
                rz[j] = rzNew;
                for (var l = 0; l < levels; l++)
                {
                    pj[l] = zj[l] + (ratio * pj[l]);
                }
            }
        }

        return new DemeaningOutcome(iterations, remaining == 0);
    }

    // q = S p for the active columns: from the assembled blocks, or by one pass over the movers' rows.
    private void Product(double[] p, double[] q, bool[] active, int count, bool parallel, bool assembled, double[] accumulators)
    {
        var levels = _levels;
        if (assembled)
        {
            var preconditioner = _preconditioner!;
            ForColumns(parallel, count, j =>
            {
                if (active[j])
                {
                    preconditioner.Multiply(p.AsSpan(j * levels, levels), q.AsSpan(j * levels, levels));
                }
            });
            return;
        }

        Array.Clear(accumulators);
        ForLanes(parallel, lane =>
        {
            var buffer = new double[_largestUnit];
            for (var j = 0; j < count; j++)
            {
                if (active[j])
                {
                    Apply(p.AsSpan(j * levels, levels), accumulators.AsSpan(((lane * count) + j) * levels, levels), _activeLaneStart[lane], _activeLaneStart[lane + 1], buffer);
                }
            }
        });
        SumLanes(accumulators, q, count);
        for (var j = 0; j < count; j++)
        {
            if (active[j])
            {
                AddSmallBlock(p.AsSpan(j * levels, levels), q.AsSpan(j * levels, levels));
            }
        }
    }

    // |r_l| / n_l ≤ tol · max(1, 0.1 + |β_l|) for every level l.
    private bool Converged(ReadOnlySpan<double> r, ReadOnlySpan<double> beta, double tolerance)
    {
        for (var l = 0; l < r.Length; l++)
        {
            if (Math.Abs(r[l]) > tolerance * _counts[l] * Math.Max(1.0, 0.1 + Math.Abs(beta[l])))
            {
                return false;
            }
        }

        return true;
    }

    // acc += F_R' M_P x over the primary levels [u0, u1); x in original row order.
    private void RightHandSide(ReadOnlySpan<double> x, Span<double> acc, int u0, int u1)
    {
        var rowOf = _rowOf;
        var start = _unitStart;
        for (var u = u0; u < u1; u++)
        {
            var s = start[u];
            var e = start[u + 1];
            var sum = 0.0;
            for (var k = s; k < e; k++)
            {
                sum += x[rowOf is null ? k : rowOf[k]];
            }

            var mean = sum / (e - s);
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    acc[codes[k]] += x[rowOf is null ? k : rowOf[k]] - mean;
                }
            }
        }
    }

    // q += (the static primary levels' part of S) p: a dense product on the small levels.
    private void AddSmallBlock(ReadOnlySpan<double> p, Span<double> q)
    {
        var smallLevels = _levels - _smallOffset;
        if (smallLevels == 0)
        {
            return;
        }

        var pSmall = p[_smallOffset..];
        for (var a = 0; a < smallLevels; a++)
        {
            q[_smallOffset + a] += Kernels.Dot(_smallBlock.AsSpan(a * smallLevels, smallLevels), pSmall);
        }
    }

    // acc += S p = F_R' M_P F_R p over the active primary levels _active[a0 .. a1).
    private void Apply(ReadOnlySpan<double> p, Span<double> acc, int a0, int a1, double[] buffer)
    {
        var start = _unitStart;
        var activeUnits = _active;
        if (_restCodes.Length == 1)
        {
            var codes = _restCodes[0];
            for (var a = a0; a < a1; a++)
            {
                var u = activeUnits[a];
                var s = start[u];
                var e = start[u + 1];
                var sum = 0.0;
                for (var k = s; k < e; k++)
                {
                    sum += p[codes[k]];
                }

                var mean = sum / (e - s);
                for (var k = s; k < e; k++)
                {
                    acc[codes[k]] += p[codes[k]] - mean;
                }
            }

            return;
        }

        for (var a = a0; a < a1; a++)
        {
            var u = activeUnits[a];
            var s = start[u];
            var e = start[u + 1];
            var z = buffer.AsSpan(0, e - s);
            z.Clear();
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    z[k - s] += p[codes[k]];
                }
            }

            var mean = Kernels.Sum(z) / (e - s);
            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    acc[codes[k]] += z[k - s] - mean;
                }
            }
        }
    }

    // x ← M_P (x − F_R β) over the primary levels [u0, u1); x in original row order.
    private void Residual(Span<double> x, ReadOnlySpan<double> beta, int u0, int u1, double[] buffer)
    {
        var rowOf = _rowOf;
        var start = _unitStart;
        for (var u = u0; u < u1; u++)
        {
            var s = start[u];
            var e = start[u + 1];
            var w = buffer.AsSpan(0, e - s);
            for (var k = s; k < e; k++)
            {
                w[k - s] = x[rowOf is null ? k : rowOf[k]];
            }

            foreach (var codes in _restCodes)
            {
                for (var k = s; k < e; k++)
                {
                    w[k - s] -= beta[codes[k]];
                }
            }

            var mean = Kernels.Sum(w) / (e - s);
            for (var k = s; k < e; k++)
            {
                x[rowOf is null ? k : rowOf[k]] = w[k - s] - mean;
            }
        }
    }

    // S = diag(n_l) − Σ_u c_u c_u' / n_u for one further dimension (L×L row-major).
    private double[] BuildDense()
    {
        var levels = _levels;
        var s = new double[levels * levels];
        for (var l = 0; l < levels; l++)
        {
            s[(l * levels) + l] = _counts[l];
        }

        var codes = _restCodes[0];
        var tally = new double[levels];
        var present = new int[levels];
        for (var u = 0; u + 1 < _unitStart.Length; u++)
        {
            var start = _unitStart[u];
            var end = _unitStart[u + 1];
            var inverseSize = 1.0 / (end - start);
            var distinct = 0;
            for (var k = start; k < end; k++)
            {
                var l = codes[k];
                if (tally[l] == 0)
                {
                    present[distinct++] = l;
                }

                tally[l]++;
            }

            for (var a = 0; a < distinct; a++)
            {
                var la = present[a];
                var ta = tally[la] * inverseSize;
                var row = s.AsSpan(la * levels, levels);
                for (var c = 0; c < distinct; c++)
                {
                    row[present[c]] -= ta * tally[present[c]];
                }
            }

            for (var a = 0; a < distinct; a++)
            {
                tally[present[a]] = 0;
            }
        }

        return s;
    }

    // Lower Cholesky factor of the semi-definite S in place (row-major); a pivot that vanishes relative to its
    // diagonal marks a redundant level, whose row and column are zeroed (its coefficient is pinned at 0).
    internal static double[] Factorise(double[] s) => Factorise(s, out _);

    // The same, reporting whether a pivot came out clearly negative (s is then not positive semi-definite).
    internal static double[] Factorise(double[] s, out bool indefinite)
    {
        indefinite = false;
        var levels = (int)Math.Round(Math.Sqrt(s.Length));
        for (var j = 0; j < levels; j++)
        {
            var rowJ = s.AsSpan(j * levels, j);
            var d = s[(j * levels) + j] - Kernels.Dot(rowJ, rowJ);
            if (!(d > PivotTolerance * s[(j * levels) + j]))
            {
                indefinite |= d < -1e-6 * Math.Abs(s[(j * levels) + j]);
                for (var i = j; i < levels; i++)
                {
                    s[(i * levels) + j] = 0;
                }

                continue;
            }

            var pivot = Math.Sqrt(d);
            s[(j * levels) + j] = pivot;
            for (var i = j + 1; i < levels; i++)
            {
                s[(i * levels) + j] = (s[(i * levels) + j] - Kernels.Dot(s.AsSpan(i * levels, j), rowJ)) / pivot;
            }
        }

        for (var i = 0; i < levels; i++)
        {
            s.AsSpan((i * levels) + i + 1, levels - i - 1).Clear();
        }

        return s;
    }

    // Solves L L' β = b with the stored factor; pinned levels get β = 0.
    private void SolveDense(ReadOnlySpan<double> b, Span<double> beta) => SolveFactor(_factor!, _levels, b, beta);

    // Solves L L' β = b with a factor of Factorise (levels×levels, row-major); pinned levels get β = 0.
    internal static void SolveFactor(double[] factor, int levels, ReadOnlySpan<double> b, Span<double> beta)
    {
        Span<double> y = levels <= 512 ? stackalloc double[levels] : new double[levels];
        for (var j = 0; j < levels; j++)
        {
            var pivot = factor[(j * levels) + j];
            y[j] = pivot == 0 ? 0 : (b[j] - Kernels.Dot(factor.AsSpan(j * levels, j), y[..j])) / pivot;
        }

        for (var j = levels - 1; j >= 0; j--)
        {
            var pivot = factor[(j * levels) + j];
            if (pivot == 0)
            {
                beta[j] = 0;
                continue;
            }

            var sum = y[j];
            for (var i = j + 1; i < levels; i++)
            {
                sum -= factor[(i * levels) + j] * beta[i];
            }

            beta[j] = sum / pivot;
        }
    }
}
