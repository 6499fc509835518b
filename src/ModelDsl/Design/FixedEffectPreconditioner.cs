namespace ModelDsl.Design;

/// <summary>
/// A preconditioner for the Schur-complement system S β = b of <see cref="FixedEffectSolver"/> when the levels of
/// the large dimensions form a sparse graph (low mobility: few movers per firm). The large dimensions' block A is
/// replaced by Ã, a partial sparse Cholesky factorisation in which every level with at most four remaining
/// neighbours is eliminated exactly and the rest (the graph's "kernel") is approximated by the diagonal of its
/// Schur complement; the small dimensions (at most <see cref="FixedEffectSolver.DenseLimit"/> levels, e.g. time)
/// enter exactly through the block factorisation of P = [Ã B; B' C], with B the large–small block of S and the
/// dense small Schur complement C − B'Ã⁻¹B factorised once (block-diagonal [Ã, C] when B is too large to store
/// or that Schur complement is not positive semi-definite).
/// </summary>
/// <remarks>
/// <para>With one large dimension, A is the weighted Laplacian of the graph whose nodes are the levels and whose
/// edges are the movers (A = Σ_u over movers of diag(N_u) − N_u N_u' / n_u, N_u the unit's row counts per level).
/// Near the percolation threshold (about one mover per level) that graph has long chains and trees hanging off a
/// giant component, and Jacobi-preconditioned conjugate gradients need iterations in proportion to the chains'
/// length. Gaussian elimination of a node of degree ≤ 2 creates at most one new edge (series reduction), of degree
/// ≤ 4 at most six, so peeling leaves and contracting chains costs O(nodes) with little fill; trees are solved
/// exactly and what remains is the graph's dense kernel, an expander on which the diagonal preconditioner is good.
/// P is positive semi-definite because Ã is and the small Schur complement is checked to be.
/// This is the degree-based elimination phase of combinatorial Laplacian solvers (Spielman and Teng 2014;
/// Kyng and Sachdeva 2016) without their sampling.</para>
/// <para>Applying it costs O(levels × (1 + small levels)): a forward and a backward sweep over the stored
/// elimination, two products with W = Ã⁻¹B and one dense triangular solve pair on the small block. The preconditioner is symmetric positive semi-definite; a pivot that
/// vanishes relative to its level's diagonal (the last node of a tree component, a level without movers) is
/// pinned, i.e. its component of the result is 0, which only fixes the free constant of that component.</para>
/// </remarks>
internal sealed class FixedEffectPreconditioner
{
    // A pivot below this fraction of its level's original diagonal entry is treated as zero.
    private const double PivotTolerance = 1e-9;

    // Levels whose remaining degree is at most this are eliminated exactly (fill: at most 6 edges per level; 4 rather
    // than 2 shrinks the kernel further: 45 → 31 iterations on the 5M-row difficult benchmark).
    private const int EliminationDegree = 4;

    private readonly int _large;
    private readonly int _small;
    private readonly int[] _eliminated;
    private readonly int[] _lowerStart;
    private readonly int[] _lowerIndex;
    private readonly double[] _lowerValue;
    private readonly double[] _inversePivot;
    private readonly double[] _smallFactor;

    // W = Ã⁻¹ B (small columns of length large, column-major) when the large–small coupling B is used; empty otherwise.
    private readonly double[] _coupling = [];

    // S itself, assembled: A (diagonal and off-diagonal rows), B (small columns of length large) and C (dense).
    private readonly double[] _matrixDiagonal;
    private readonly int[] _matrixRowStart;
    private readonly int[] _matrixColumn;
    private readonly double[] _matrixValue;
    private readonly double[]? _matrixCoupling;
    private readonly double[] _matrixSmall;

    /// <summary>Builds the preconditioner from the large block A (symmetric, given as its diagonal and its
    /// off-diagonal entries in compressed rows) and the small block (dense, row-major, overwritten).</summary>
    internal FixedEffectPreconditioner(double[] diagonal, int[] rowStart, int[] column, double[] value, double[] smallBlock, int small, double[]? coupling)
    {
        var large = diagonal.Length;
        _large = large;
        _small = small;
        _matrixDiagonal = diagonal;
        _matrixRowStart = rowStart;
        _matrixColumn = column;
        _matrixValue = value;
        _matrixCoupling = coupling;
        _matrixSmall = smallBlock.ToArray();

        // The remaining graph: symmetric edge weights keyed by the level pair, neighbour lists that may hold
        // eliminated levels (skipped lazily) and the live degree of every level.
        var edges = new Dictionary<long, double>(column.Length / 2);
        var neighbours = new List<int>[large];
        var degree = new int[large];
        var stack = new Stack<int>();
        for (var v = 0; v < large; v++)
        {
            neighbours[v] = new List<int>(rowStart[v + 1] - rowStart[v]);
            for (var k = rowStart[v]; k < rowStart[v + 1]; k++)
            {
                if (value[k] != 0 && column[k] != v)
                {
                    neighbours[v].Add(column[k]);
                    if (column[k] > v)
                    {
                        edges[Key(v, column[k], large)] = value[k];
                    }
                }
            }

            degree[v] = neighbours[v].Count;
            if (degree[v] <= EliminationDegree)
            {
                stack.Push(v);
            }
        }

        var pivot = diagonal.ToArray();
        var done = new bool[large];
        var eliminated = new List<int>();
        var lowerStart = new List<int> { 0 };
        var lowerIndex = new List<int>();
        var lowerValue = new List<double>();
        var adjacent = new List<int>();
        var adjacentWeights = new List<double>();
        _inversePivot = new double[large];
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            if (done[v] || degree[v] > EliminationDegree)
            {
                continue;
            }

            done[v] = true;
            eliminated.Add(v);
            adjacent.Clear();
            adjacentWeights.Clear();
            foreach (var a in neighbours[v])
            {
                if (!done[a])
                {
                    adjacent.Add(a);
                    adjacentWeights.Add(edges.Remove(Key(v, a, large), out var w) ? w : 0.0);
                }
            }

            neighbours[v] = [];
            var d = pivot[v];
            if (d > PivotTolerance * diagonal[v])
            {
                _inversePivot[v] = 1.0 / d;
                for (var i = 0; i < adjacent.Count; i++)
                {
                    var a = adjacent[i];
                    var wa = adjacentWeights[i];
                    lowerIndex.Add(a);
                    lowerValue.Add(wa / d);
                    pivot[a] -= wa * wa / d;
                    for (var j = i + 1; j < adjacent.Count; j++)
                    {
                        var b = adjacent[j];
                        var key = Key(a, b, large);
                        var update = -wa * adjacentWeights[j] / d;
                        if (edges.TryGetValue(key, out var existing))
                        {
                            edges[key] = existing + update;
                        }
                        else
                        {
                            edges[key] = update;
                            neighbours[a].Add(b);
                            neighbours[b].Add(a);
                            degree[a]++;
                            degree[b]++;
                        }
                    }
                }
            }

            lowerStart.Add(lowerIndex.Count);
            foreach (var a in adjacent)
            {
                if (--degree[a] <= EliminationDegree)
                {
                    stack.Push(a);
                }
            }
        }

        for (var v = 0; v < large; v++)
        {
            if (!done[v])
            {
                _inversePivot[v] = pivot[v] > PivotTolerance * diagonal[v] ? 1.0 / pivot[v] : 0.0;
            }
        }

        _eliminated = eliminated.ToArray();
        _lowerStart = lowerStart.ToArray();
        _lowerIndex = lowerIndex.ToArray();
        _lowerValue = lowerValue.ToArray();
        if (small == 0)
        {
            _smallFactor = [];
            return;
        }

        if (coupling is not null)
        {
            // Block factorisation of P = [Ã B; B' C]: W = Ã⁻¹ B and the small Schur complement C − B'W, used when
            // it is positive semi-definite (then so is P); otherwise the block-diagonal form below.
            var schur = smallBlock.ToArray();
            var w = coupling.ToArray();
            for (var t = 0; t < small; t++)
            {
                ApplyLarge(w.AsSpan(t * large, large));
            }

            for (var t = 0; t < small; t++)
            {
                for (var c = 0; c < small; c++)
                {
                    schur[(t * small) + c] -= Kernels.Dot(coupling.AsSpan(t * large, large), w.AsSpan(c * large, large));
                }
            }

            var factor = FixedEffectSolver.Factorise(schur, out var indefinite);
            if (!indefinite)
            {
                _smallFactor = factor;
                _coupling = w;
                return;
            }
        }

        _smallFactor = FixedEffectSolver.Factorise(smallBlock);
    }

    /// <summary>The number of large levels eliminated exactly (the rest are preconditioned by their pivot).</summary>
    internal int EliminatedCount => _eliminated.Length;

    /// <summary>Whether the large–small coupling is part of the preconditioner (block factorisation).</summary>
    internal bool Coupled => _coupling.Length > 0;

    /// <summary>Whether <see cref="Multiply"/> can form S p from the assembled blocks (B stored or no small levels).</summary>
    internal bool CanMultiply => _small == 0 || _matrixCoupling is not null;

    /// <summary>q = S p from the assembled blocks: O(nonzeros of A + large × small levels), independent of the rows.</summary>
    internal void Multiply(ReadOnlySpan<double> p, Span<double> q)
    {
        var large = _large;
        var rowStart = _matrixRowStart;
        var column = _matrixColumn;
        var value = _matrixValue;
        for (var v = 0; v < large; v++)
        {
            var sum = _matrixDiagonal[v] * p[v];
            for (var k = rowStart[v]; k < rowStart[v + 1]; k++)
            {
                sum += value[k] * p[column[k]];
            }

            q[v] = sum;
        }

        if (_small == 0)
        {
            return;
        }

        var coupling = _matrixCoupling!;
        var pLarge = p[..large];
        var pSmall = p[large..];
        for (var t = 0; t < _small; t++)
        {
            var couplingColumn = coupling.AsSpan(t * large, large);
            Kernels.Axpy(pSmall[t], couplingColumn, q[..large]);
            q[large + t] = Kernels.Dot(couplingColumn, pLarge) + Kernels.Dot(_matrixSmall.AsSpan(t * _small, _small), pSmall);
        }
    }

    /// <summary>z = P⁻¹ r over all levels (large first, then small).</summary>
    internal void Apply(ReadOnlySpan<double> r, Span<double> z)
    {
        r.CopyTo(z);
        ApplyLarge(z[.._large]);
        if (_small == 0)
        {
            return;
        }

        var large = _large;
        Span<double> reduced = stackalloc double[_small];
        for (var t = 0; t < _small; t++)
        {
            reduced[t] = _coupling.Length > 0 ? r[large + t] - Kernels.Dot(_coupling.AsSpan(t * large, large), r[..large]) : r[large + t];
        }

        var smallPart = z[large..];
        FixedEffectSolver.SolveFactor(_smallFactor, _small, reduced, smallPart);
        if (_coupling.Length > 0)
        {
            for (var t = 0; t < _small; t++)
            {
                Kernels.Axpy(-smallPart[t], _coupling.AsSpan(t * large, large), z[..large]);
            }
        }
    }

    // z ← Ã⁻¹ z on the large levels: forward sweep, pivots, backward sweep of the partial factorisation.
    private void ApplyLarge(Span<double> z)
    {
        var eliminated = _eliminated;
        var lowerStart = _lowerStart;
        var lowerIndex = _lowerIndex;
        var lowerValue = _lowerValue;
        for (var position = 0; position < eliminated.Length; position++)
        {
            var y = z[eliminated[position]];
            if (y == 0)
            {
                continue;
            }

            for (var k = lowerStart[position]; k < lowerStart[position + 1]; k++)
            {
                z[lowerIndex[k]] -= lowerValue[k] * y;
            }
        }

        for (var v = 0; v < z.Length; v++)
        {
            z[v] *= _inversePivot[v];
        }

        for (var position = eliminated.Length - 1; position >= 0; position--)
        {
            var v = eliminated[position];
            var sum = z[v];
            for (var k = lowerStart[position]; k < lowerStart[position + 1]; k++)
            {
                sum -= lowerValue[k] * z[lowerIndex[k]];
            }

            z[v] = sum;
        }
    }

    private static long Key(int a, int b, int large) => a < b ? ((long)a * large) + b : ((long)b * large) + a;
}
