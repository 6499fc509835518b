namespace ModelDsl.Spatial;

/// <summary>
/// The Cholesky factor of I − ρS (S = C^{1/2} W C^{−1/2} symmetric) in envelope (profile) storage after a reverse
/// Cuthill–McKee ordering: ln|I − ρW|, solves with B = I − ρW and the traces of the information matrix for large n.
/// </summary>
/// <remarks>
/// Dimensions: n regions; row i of the factor (in the permuted order) holds columns first[i] … i. The cost of one
/// factorisation is Σᵢ (i − first[i])², n·b² for a bandwidth b (George and Liu 1981, ch. 4).
/// </remarks>
internal sealed class EnvelopeCholesky
{
    private readonly int n;
    private readonly int[] permutation;
    private readonly int[] position;
    private readonly int[] first;
    private readonly int[] rowStart;
    private readonly double[] factor;
    private readonly double[] sqrtScale;
    private readonly (int Column, double Value)[][] symmetricRows;
    private double factoredRho = double.NaN;

    internal EnvelopeCholesky(SpatialWeights weights, double[] scale)
    {
        n = weights.Count;
        sqrtScale = [.. scale.Select(Math.Sqrt)];
        permutation = ReverseCuthillMcKee(weights);
        position = new int[n];
        for (var k = 0; k < n; k++)
        {
            position[permutation[k]] = k;
        }

        // S in the permuted order: sᵢⱼ = wᵢⱼ √(cᵢ/cⱼ).
        symmetricRows = new (int, double)[n][];
        first = new int[n];
        for (var k = 0; k < n; k++)
        {
            var i = permutation[k];
            var cols = weights.Neighbours(i);
            var vals = weights.Weights(i);
            var row = new (int Column, double Value)[cols.Length];
            var f = k;
            for (var p = 0; p < cols.Length; p++)
            {
                var kj = position[cols[p]];
                row[p] = (kj, vals[p] * sqrtScale[i] / sqrtScale[cols[p]]);
                f = Math.Min(f, kj);
            }

            Array.Sort(row, (a, b) => a.Column.CompareTo(b.Column));
            symmetricRows[k] = row;
            first[k] = f;
        }

        rowStart = new int[n + 1];
        for (var k = 0; k < n; k++)
        {
            rowStart[k + 1] = rowStart[k] + (k - first[k] + 1);
        }

        factor = new double[rowStart[n]];
    }

    /// <summary>max(1/ω_min, −1): −1 when I + S is positive definite, else the bisection bound of positive definiteness.</summary>
    internal double LowerBound()
    {
        if (Factor(-1.0))
        {
            return -1.0;
        }

        double bad = -1.0, good = 0.0;
        while (good - bad > 1e-10)
        {
            var mid = 0.5 * (bad + good);
            if (Factor(mid))
            {
                good = mid;
            }
            else
            {
                bad = mid;
            }
        }

        return good;
    }

    /// <summary>ln|I − ρW| = 2 Σ ln Lᵢᵢ.</summary>
    internal double LogDeterminant(double rho)
    {
        if (!Factor(rho))
        {
            return double.NegativeInfinity;
        }

        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += Math.Log(factor[rowStart[k + 1] - 1]);
        }

        return 2 * sum;
    }

    /// <summary>B⁻¹v = C^{−1/2}(I − ρS)⁻¹C^{1/2}v.</summary>
    internal double[] SolveB(double rho, double[] v)
    {
        Require(rho);
        var z = new double[n];
        for (var k = 0; k < n; k++)
        {
            var i = permutation[k];
            z[k] = v[i] * sqrtScale[i];
        }

        SolveInPlace(z, 0);
        var result = new double[n];
        for (var k = 0; k < n; k++)
        {
            var i = permutation[k];
            result[i] = z[k] / sqrtScale[i];
        }

        return result;
    }

    /// <summary>tr(M), ‖M‖²_F and Σ Mᵢⱼ² cⱼ/cᵢ for M = S(I − ρS)⁻¹ (symmetric): tr(WB⁻¹), tr(WB⁻¹WB⁻¹), tr((WB⁻¹)'WB⁻¹).</summary>
    internal (double WB, double WBWB, double WBtWB) Traces(double rho)
    {
        Require(rho);
        double t1 = 0, t2 = 0, t3 = 0;
        var u = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(u);
            u[j] = 1.0;
            SolveInPlace(u, j);
            var cj = sqrtScale[permutation[j]];
            for (var k = 0; k < n; k++)
            {
                var m = 0.0;
                foreach (var (column, value) in symmetricRows[k])
                {
                    m += value * u[column];
                }

                if (k == j)
                {
                    t1 += m;
                }

                var m2 = m * m;
                t2 += m2;
                var ratio = cj / sqrtScale[permutation[k]];
                t3 += m2 * ratio * ratio;
            }
        }

        return (t1, t2, t3);
    }

    /// <summary>
    /// tr(M_ρM_λ) and Σ M_ρ,ᵢⱼ M_λ,ᵢⱼ cⱼ/cᵢ for M_ρ = S(I − ρS)⁻¹ from this factor and M_λ from <paramref name="other"/> (the
    /// same W, so the same ordering): tr(WA⁻¹WB⁻¹) and tr((WB⁻¹)'WA⁻¹) of the SAC information matrix, A = I − ρW, B = I − λW.
    /// Two factors because each holds one parameter's factorisation; n pairs of sparse solves, one column of each at a time.
    /// </summary>
    internal (double Product, double Frobenius) CrossTraces(double rho, EnvelopeCholesky other, double lambda)
    {
        Require(rho);
        other.Require(lambda);
        double t1 = 0, t2 = 0;
        var u = new double[n];
        var v = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(u);
            Array.Clear(v);
            u[j] = 1.0;
            v[j] = 1.0;
            SolveInPlace(u, j);
            other.SolveInPlace(v, j);
            var cj = sqrtScale[permutation[j]];
            for (var k = 0; k < n; k++)
            {
                double mu = 0, mv = 0;
                foreach (var (column, value) in symmetricRows[k])
                {
                    mu += value * u[column];
                    mv += value * v[column];
                }

                // M_ρ and M_λ are symmetric: tr(M_ρM_λ) = Σ M_ρ,kj M_λ,jk = Σ M_ρ,kj M_λ,kj.
                t1 += mu * mv;
                var ratio = cj / sqrtScale[permutation[k]];
                t2 += mu * mv * ratio * ratio;
            }
        }

        return (t1, t2);
    }

    private void Require(double rho)
    {
        if (!Factor(rho))
        {
            throw new InvalidOperationException($"I − ρW is not invertible at ρ = {rho:G17} (outside the admissible interval).");
        }
    }

    private bool Factor(double rho)
    {
        if (rho.Equals(factoredRho))
        {
            return true;
        }

        factoredRho = double.NaN;
        Array.Clear(factor);
        for (var k = 0; k < n; k++)
        {
            var offset = rowStart[k] - first[k];
            factor[rowStart[k + 1] - 1] = 1.0;
            foreach (var (column, value) in symmetricRows[k])
            {
                if (column < k)
                {
                    factor[offset + column] = -rho * value;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var oi = rowStart[i] - first[i];
            for (var j = first[i]; j < i; j++)
            {
                var oj = rowStart[j] - first[j];
                var s = factor[oi + j];
                for (var k = Math.Max(first[i], first[j]); k < j; k++)
                {
                    s -= factor[oi + k] * factor[oj + k];
                }

                factor[oi + j] = s / factor[oj + j];
            }

            var d = factor[oi + i];
            for (var k = first[i]; k < i; k++)
            {
                d -= factor[oi + k] * factor[oi + k];
            }

            if (!(d > 1e-12))
            {
                return false;
            }

            factor[oi + i] = Math.Sqrt(d);
        }

        factoredRho = rho;
        return true;
    }

    /// <summary>Solves LL'z = b in place (permuted order); b is zero before <paramref name="start"/>, so the forward pass starts there.</summary>
    private void SolveInPlace(double[] z, int start)
    {
        for (var i = start; i < n; i++)
        {
            var oi = rowStart[i] - first[i];
            var s = z[i];
            for (var k = Math.Max(first[i], start); k < i; k++)
            {
                s -= factor[oi + k] * z[k];
            }

            z[i] = s / factor[oi + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var oi = rowStart[i] - first[i];
            var x = z[i] / factor[oi + i];
            z[i] = x;
            for (var k = first[i]; k < i; k++)
            {
                z[k] -= factor[oi + k] * x;
            }
        }
    }

    /// <summary>The reverse Cuthill–McKee order (new position → region), component by component from a minimum-degree start.</summary>
    private static int[] ReverseCuthillMcKee(SpatialWeights weights)
    {
        var n = weights.Count;
        var degree = Enumerable.Range(0, n).Select(i => weights.Neighbours(i).Length).ToArray();
        var visited = new bool[n];
        var order = new List<int>(n);
        var starts = Enumerable.Range(0, n).OrderBy(i => degree[i]).ThenBy(i => i).ToArray();
        var queue = new Queue<int>();
        foreach (var start in starts)
        {
            if (visited[start])
            {
                continue;
            }

            visited[start] = true;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var i = queue.Dequeue();
                order.Add(i);
                foreach (var j in weights.Neighbours(i).ToArray().OrderBy(j => degree[j]).ThenBy(j => j))
                {
                    if (!visited[j])
                    {
                        visited[j] = true;
                        queue.Enqueue(j);
                    }
                }
            }
        }

        order.Reverse();
        return [.. order];
    }
}
