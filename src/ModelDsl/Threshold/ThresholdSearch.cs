namespace ModelDsl.Thresholds;

/// <summary>
/// The grid search of Hansen's (1999) fixed-effects threshold regression on within-transformed data: the
/// concentrated residual sum of squares S(γ) for every candidate threshold given the thresholds already fixed.
/// </summary>
/// <remarks>
/// <para>Dimensions: n units × T periods, N = nT rows in unit-major order (row i·T + t); k₁ regime-dependent regressors
/// x, k₂ controls z; G candidate thresholds in ascending order. W is the within (unit-demeaning) transformation.</para>
/// <para>With thresholds s₁ &lt; … &lt; s_m the regime regressors x·1(s_{r−1} &lt; q ≤ s_r) span the same space as
/// x and the cumulative columns x·1(q ≤ s_j), so S depends only on the set of thresholds and the design is
/// [Wz, Wx, W(x·1(q ≤ s₁)), …, W(x·1(q ≤ s_m))]. The search therefore works from cross products that do not depend
/// on y (computed once per candidate, and per pair of candidates when a threshold is fixed) and the products with y
/// (once per outcome vector, which makes the residual bootstrap cheap): S = y'y − b'X'y with X'X b = X'y solved
/// by Cholesky. A candidate that leaves a regime empty, or whose cross-product matrix is singular, gets S = NaN and
/// is skipped.</para>
/// </remarks>
internal sealed class ThresholdSearch
{
    private readonly int _n;
    private readonly int _t;
    private readonly int _k1;
    private readonly int _pb;
    private readonly double[][] _base;      // pb within columns: controls then regime regressors
    private readonly double[][] _x;         // k1 raw regime regressors
    private readonly double[] _q;
    private readonly double[] _bb;          // pb×pb
    private readonly double[][] _bc;        // per candidate: pb×k1
    private readonly int[] _below;          // per candidate: #{q ≤ candidate}
    private readonly double[]?[] _columns;  // per candidate: k1 within columns (N each, concatenated), when cached
    private readonly Dictionary<long, double[]> _pairs = [];

    internal ThresholdSearch(int units, int periods, double[][] controlsWithin, double[][] regressors, double[] thresholdVariable, double[] candidates)
    {
        _n = units;
        _t = periods;
        _x = regressors;
        _k1 = regressors.Length;
        _q = thresholdVariable;
        Candidates = candidates;
        _base = [.. controlsWithin, .. regressors.Select(Within)];
        _pb = _base.Length;
        _bb = new double[_pb * _pb];
        for (var a = 0; a < _pb; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                _bb[(a * _pb) + b] = _bb[(b * _pb) + a] = Dot(_base[a], _base[b]);
            }
        }

        var g = candidates.Length;
        var cache = (long)g * _k1 * Rows <= 20_000_000;
        _columns = new double[]?[g];
        _bc = new double[g][];
        _below = new int[g];
        var sortedQ = thresholdVariable.Order().ToArray();
        for (var c = 0; c < g; c++)
        {
            _below[c] = UpperBound(sortedQ, candidates[c]);
            var columns = CandidateColumns(c);
            if (cache)
            {
                _columns[c] = columns;
            }

            var bc = new double[_pb * _k1];
            for (var a = 0; a < _pb; a++)
            {
                for (var j = 0; j < _k1; j++)
                {
                    bc[(a * _k1) + j] = Dot(_base[a], columns.AsSpan(j * Rows, Rows));
                }
            }

            _bc[c] = bc;
        }
    }

    /// <summary>
    /// Per threshold k (index k − 1), which candidates its search may pick; null when every threshold searches every
    /// candidate (one trimmed share for all).
    /// </summary>
    internal IReadOnlyList<bool[]>? Allowed { get; init; }

    /// <summary>The candidate thresholds, ascending.</summary>
    internal double[] Candidates { get; }

    /// <summary>N = nT.</summary>
    internal int Rows => _n * _t;

    /// <summary>n(T − 1), the divisor of σ̂² = S/(n(T − 1)) (Hansen 1999, eq. 12).</summary>
    internal int WithinDegrees => _n * (_t - 1);

    /// <summary>The products of an outcome vector with the design columns, computed once per outcome.</summary>
    internal sealed record Outcome(double[] Y, double YY, double[] By, double[] Cy);

    /// <summary>The products of within-transformed <paramref name="y"/> with the base and every candidate column.</summary>
    internal Outcome Prepare(double[] y)
    {
        var by = _base.Select(b => Dot(b, y)).ToArray();
        var cy = new double[Candidates.Length * _k1];
        for (var c = 0; c < Candidates.Length; c++)
        {
            var columns = Columns(c);
            for (var j = 0; j < _k1; j++)
            {
                cy[(c * _k1) + j] = Dot(columns.AsSpan(j * Rows, Rows), y);
            }
        }

        return new Outcome(y, Dot(y, y), by, cy);
    }

    /// <summary>S for the threshold set <paramref name="thresholds"/> (candidate indices), NaN when a regime is empty or the design singular.</summary>
    internal double Ssr(Outcome y, ReadOnlySpan<int> thresholds) => Solve(y, thresholds, out _);

    /// <summary>
    /// S(γ) for every candidate γ of threshold <paramref name="threshold"/>'s grid added to <paramref name="fixedThresholds"/>;
    /// NaN for a candidate already fixed, outside that grid, or one that empties a regime. Returns the index of the minimum
    /// (the first on ties), or −1 when every candidate is NaN.
    /// </summary>
    internal (int Best, double[] Ssr) Search(Outcome y, int[] fixedThresholds, int threshold)
    {
        var ssr = new double[Candidates.Length];
        var best = -1;
        var set = new int[fixedThresholds.Length + 1];
        fixedThresholds.CopyTo(set, 0);
        var allowed = Allowed?[threshold - 1];
        for (var c = 0; c < Candidates.Length; c++)
        {
            set[^1] = c;
            ssr[c] = Array.IndexOf(fixedThresholds, c) >= 0 || allowed?[c] == false ? double.NaN : Solve(y, set, out _);
            if (!double.IsNaN(ssr[c]) && (best < 0 || ssr[c] < ssr[best]))
            {
                best = c;
            }
        }

        return (best, ssr);
    }

    /// <summary>The within fitted values X b of the model with <paramref name="thresholds"/>.</summary>
    internal double[] Fitted(Outcome y, int[] thresholds)
    {
        var ssr = Solve(y, thresholds, out var b);
        if (double.IsNaN(ssr))
        {
            throw new InvalidOperationException("The threshold model's design is singular at the estimated thresholds; the regressors do not vary within a regime.");
        }

        var fitted = new double[Rows];
        for (var a = 0; a < _pb; a++)
        {
            Axpy(b[a], _base[a], fitted);
        }

        for (var s = 0; s < thresholds.Length; s++)
        {
            var columns = Columns(thresholds[s]);
            for (var j = 0; j < _k1; j++)
            {
                Axpy(b[_pb + (s * _k1) + j], columns.AsSpan(j * Rows, Rows), fitted);
            }
        }

        return fitted;
    }

    /// <summary>W of the unit means: v − v̄ᵢ per unit.</summary>
    internal double[] Within(double[] v)
    {
        var w = new double[v.Length];
        for (var i = 0; i < _n; i++)
        {
            var mean = 0.0;
            for (var t = 0; t < _t; t++)
            {
                mean += v[(i * _t) + t];
            }

            mean /= _t;
            for (var t = 0; t < _t; t++)
            {
                w[(i * _t) + t] = v[(i * _t) + t] - mean;
            }
        }

        return w;
    }

    private double Solve(Outcome y, ReadOnlySpan<int> thresholds, out double[] b)
    {
        var m = thresholds.Length;
        b = [];
        if (!RegimesNonEmpty(thresholds))
        {
            return double.NaN;
        }

        var p = _pb + (m * _k1);
        var xx = new double[p * p];
        var xy = new double[p];
        for (var a = 0; a < _pb; a++)
        {
            Array.Copy(_bb, a * _pb, xx, a * p, _pb);
            xy[a] = y.By[a];
        }

        for (var s = 0; s < m; s++)
        {
            var c = thresholds[s];
            var off = _pb + (s * _k1);
            for (var a = 0; a < _pb; a++)
            {
                for (var j = 0; j < _k1; j++)
                {
                    xx[(a * p) + off + j] = xx[((off + j) * p) + a] = _bc[c][(a * _k1) + j];
                }
            }

            for (var j = 0; j < _k1; j++)
            {
                xy[off + j] = y.Cy[(c * _k1) + j];
            }

            for (var s2 = 0; s2 <= s; s2++)
            {
                var pair = Pair(c, thresholds[s2]);
                var off2 = _pb + (s2 * _k1);
                for (var j = 0; j < _k1; j++)
                {
                    for (var l = 0; l < _k1; l++)
                    {
                        xx[((off + j) * p) + off2 + l] = xx[((off2 + l) * p) + off + j] = pair[(j * _k1) + l];
                    }
                }
            }
        }

        if (!Cholesky(xx, p))
        {
            return double.NaN;
        }

        b = CholeskySolve(xx, p, xy);
        var fit = 0.0;
        for (var a = 0; a < p; a++)
        {
            fit += b[a] * xy[a];
        }

        return Math.Max(0, y.YY - fit);
    }

    private bool RegimesNonEmpty(ReadOnlySpan<int> thresholds)
    {
        Span<int> counts = stackalloc int[thresholds.Length];
        for (var s = 0; s < thresholds.Length; s++)
        {
            counts[s] = _below[thresholds[s]];
        }

        counts.Sort();
        var previous = 0;
        foreach (var count in counts)
        {
            if (count <= previous)
            {
                return false;
            }

            previous = count;
        }

        return previous < Rows;
    }

    // Cross products of the within columns of candidates a and c (k1×k1, row j of a, column l of c).
    private double[] Pair(int a, int c)
    {
        var key = ((long)a * Candidates.Length) + c;
        if (_pairs.TryGetValue(key, out var cached))
        {
            return cached;
        }

        // Up to G² pairs can be asked for over a bootstrap; above 1000 candidates they are recomputed, not kept.
        var keep = Candidates.Length <= 1000;

        var ca = Columns(a);
        var cc = Columns(c);
        var pair = new double[_k1 * _k1];
        for (var j = 0; j < _k1; j++)
        {
            for (var l = 0; l < _k1; l++)
            {
                pair[(j * _k1) + l] = Dot(ca.AsSpan(j * Rows, Rows), cc.AsSpan(l * Rows, Rows));
            }
        }

        if (!keep)
        {
            return pair;
        }

        _pairs[key] = pair;
        var transposed = new double[_k1 * _k1];
        for (var j = 0; j < _k1; j++)
        {
            for (var l = 0; l < _k1; l++)
            {
                transposed[(l * _k1) + j] = pair[(j * _k1) + l];
            }
        }

        _pairs[((long)c * Candidates.Length) + a] = transposed;
        return pair;
    }

    private double[] Columns(int c) => _columns[c] ?? CandidateColumns(c);

    // W(x_j · 1(q ≤ γ_c)) for every regime regressor j, concatenated.
    private double[] CandidateColumns(int c)
    {
        var gamma = Candidates[c];
        var result = new double[_k1 * Rows];
        var raw = new double[Rows];
        for (var j = 0; j < _k1; j++)
        {
            for (var r = 0; r < Rows; r++)
            {
                raw[r] = _q[r] <= gamma ? _x[j][r] : 0;
            }

            Within(raw).CopyTo(result, j * Rows);
        }

        return result;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    // In-place lower Cholesky factor of a p×p row-major matrix; false when not numerically positive definite.
    private static bool Cholesky(double[] a, int p)
    {
        for (var j = 0; j < p; j++)
        {
            var diagonal = a[(j * p) + j];
            var scale = diagonal;
            for (var k = 0; k < j; k++)
            {
                diagonal -= a[(j * p) + k] * a[(j * p) + k];
            }

            // A pivot that lost all but 1e-10 of its size is a column (nearly) in the span of the previous ones.
            if (!(diagonal > 1e-10 * scale) || scale <= 0)
            {
                return false;
            }

            var root = Math.Sqrt(diagonal);
            a[(j * p) + j] = root;
            for (var i = j + 1; i < p; i++)
            {
                var sum = a[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= a[(i * p) + k] * a[(j * p) + k];
                }

                a[(i * p) + j] = sum / root;
            }
        }

        return true;
    }

    private static double[] CholeskySolve(double[] l, int p, double[] rhs)
    {
        var z = (double[])rhs.Clone();
        for (var i = 0; i < p; i++)
        {
            for (var k = 0; k < i; k++)
            {
                z[i] -= l[(i * p) + k] * z[k];
            }

            z[i] /= l[(i * p) + i];
        }

        for (var i = p - 1; i >= 0; i--)
        {
            for (var k = i + 1; k < p; k++)
            {
                z[i] -= l[(k * p) + i] * z[k];
            }

            z[i] /= l[(i * p) + i];
        }

        return z;
    }
}
