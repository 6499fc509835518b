using MathNet.Numerics.LinearAlgebra;

namespace ModelDsl.Spatial;

/// <summary>
/// The quantities of B(ρ) = I − ρW a spatial likelihood needs: ln|B(ρ)|, the admissible interval of ρ, B(ρ)⁻¹v, and the
/// traces tr(WB⁻¹), tr(WB⁻¹WB⁻¹), tr((WB⁻¹)'WB⁻¹) of the information matrix. All exact (no approximation).
/// </summary>
/// <remarks>
/// <para>Two engines. Eigenvalues (Ord 1975; spatialreg's <c>method = "eigen"</c>): ln|I − ρW| = Σᵢ ln(1 − ρωᵢ) over the
/// eigenvalues ωᵢ of W, taken from the symmetric matrix S = C^{1/2} W C^{−1/2} similar to W when W is a row-standardised
/// symmetric matrix (C the row sums of the symmetric base; spdep's <c>similar.listw</c>), else from the general
/// eigen-decomposition (refused when an eigenvalue is complex). The interval of ρ is (1/ω_min, 1/ω_max).</para>
/// <para>Sparse Cholesky (large n, W similar to a symmetric S): I − ρS is symmetric positive definite on the interval and
/// ln|I − ρW| = ln|I − ρS| = 2 Σ ln Lᵢᵢ of its Cholesky factor, computed in the envelope (profile) of a reverse
/// Cuthill–McKee ordering. ω_max = 1 for row-standardised W; the lower end 1/ω_min is found by bisection on positive
/// definiteness of I − ρS (to 1e-10). Traces come from n sparse solves, one column of (I − ρS)⁻¹ at a time.</para>
/// </remarks>
internal sealed class SpatialOperator
{
    private const int DenseLimit = 1500;

    private readonly SpatialWeights weights;
    private readonly double[]? eigenvalues;
    private readonly double[]? similarity;
    private readonly EnvelopeCholesky? sparse;
    private EnvelopeCholesky? secondary;
    private Matrix<double>? denseW;
    private (double Rho, Matrix<double> Inverse)? inverseCache;
    private (double Rho, (double, double, double) Traces)? traceCache;

    private SpatialOperator(SpatialWeights weights, double[]? eigenvalues, double[]? similarity, EnvelopeCholesky? sparse, double lower, double upper)
    {
        this.weights = weights;
        this.eigenvalues = eigenvalues;
        this.similarity = similarity;
        this.sparse = sparse;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>n, the number of regions.</summary>
    internal int Count => weights.Count;

    /// <summary>The weights.</summary>
    internal SpatialWeights Weights => weights;

    /// <summary>1/ω_min: the lower end of the admissible ρ.</summary>
    internal double Lower { get; }

    /// <summary>1/ω_max: the upper end of the admissible ρ.</summary>
    internal double Upper { get; }

    /// <summary>How ln|I − ρW| is computed, for notes.</summary>
    internal string Method => sparse is null ? "eigenvalues of W" : "sparse Cholesky of I − ρS (S symmetric, similar to W; reverse Cuthill–McKee envelope)";

    /// <summary>Builds the operator; eigenvalues up to n = 1500 (or when W is not similar to a symmetric matrix), else sparse Cholesky.</summary>
    /// <param name="weights">W (islands refused: an empty row makes the model's likelihood degenerate for that region).</param>
    /// <param name="forceSparse">Use the sparse Cholesky path whatever n (tests compare the two paths).</param>
    internal static SpatialOperator Create(SpatialWeights weights, bool forceSparse = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Islands.Count > 0)
        {
            throw new ArgumentException($"The spatial weights have {weights.Islands.Count} island(s) ({string.Join(", ", weights.Islands.Take(5))}); a spatial model needs every region to have a neighbour. Drop the islands or connect them (for example k nearest neighbours).", nameof(weights));
        }

        var similarity = SymmetricScaling(weights);
        if (similarity is not null && (weights.Count > DenseLimit || forceSparse) && weights.IsRowStandardized)
        {
            var cholesky = new EnvelopeCholesky(weights, similarity);
            var lower = cholesky.LowerBound();
            return new SpatialOperator(weights, null, similarity, cholesky, lower, 1.0);
        }

        var values = Eigenvalues(weights, similarity);
        var min = values.Min();
        var max = values.Max();
        return new SpatialOperator(weights, values, similarity, null, 1.0 / min, 1.0 / max);
    }

    /// <summary>ln|I − ρW|.</summary>
    internal double LogDeterminant(double rho)
    {
        if (sparse is not null)
        {
            return sparse.LogDeterminant(rho);
        }

        var sum = 0.0;
        foreach (var w in eigenvalues!)
        {
            sum += Math.Log(1 - (rho * w));
        }

        return sum;
    }

    /// <summary>The traces at ρ: tr(WB⁻¹), tr(WB⁻¹WB⁻¹) and tr((WB⁻¹)'WB⁻¹) (B = I − ρW); the last ρ's are kept.</summary>
    internal (double WB, double WBWB, double WBtWB) Traces(double rho)
    {
        if (traceCache is { } cached && cached.Rho.Equals(rho))
        {
            return cached.Traces;
        }

        var traces = ComputeTraces(rho);
        traceCache = (rho, traces);
        return traces;
    }

    private (double WB, double WBWB, double WBtWB) ComputeTraces(double rho)
    {
        if (sparse is not null)
        {
            return sparse.Traces(rho);
        }

        var n = Count;
        double t1 = 0, t2 = 0;
        foreach (var w in eigenvalues!)
        {
            var r = w / (1 - (rho * w));
            t1 += r;
            t2 += r * r;
        }

        // tr((WB⁻¹)'WB⁻¹) is not similarity-invariant: the squared Frobenius norm of the dense WB⁻¹.
        var wbi = DenseW() * Inverse(rho);
        var frobenius = 0.0;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                frobenius += wbi[i, j] * wbi[i, j];
            }
        }

        return (t1, t2, frobenius);
    }

    /// <summary>
    /// The cross traces of the SAC information matrix at (ρ, λ): tr(WA⁻¹WB⁻¹) and tr((WB⁻¹)'WA⁻¹), A = I − ρW, B = I − λW.
    /// </summary>
    /// <remarks>
    /// The first is similarity-invariant, Σ ωᵢ²/((1 − ρωᵢ)(1 − λωᵢ)) from the eigenvalues; the second is the Frobenius inner
    /// product of the dense WA⁻¹ and WB⁻¹ (eigenvalue path) or n pairs of sparse solves with a second factorisation (sparse path).
    /// </remarks>
    internal (double Product, double Frobenius) CrossTraces(double rho, double lambda)
    {
        if (sparse is not null)
        {
            secondary ??= new EnvelopeCholesky(weights, similarity!);
            return sparse.CrossTraces(rho, secondary, lambda);
        }

        var product = 0.0;
        foreach (var w in eigenvalues!)
        {
            product += w * w / ((1 - (rho * w)) * (1 - (lambda * w)));
        }

        var wa = DenseW() * Inverse(rho);
        var wb = DenseW() * Inverse(lambda);
        var frobenius = 0.0;
        for (var j = 0; j < Count; j++)
        {
            for (var i = 0; i < Count; i++)
            {
                frobenius += wa[i, j] * wb[i, j];
            }
        }

        return (product, frobenius);
    }

    /// <summary>
    /// tr(WB⁻¹) = −d ln|I − ρW|/dρ: Σ ωᵢ/(1 − ρωᵢ) from the eigenvalues; on the sparse path the five-point central difference
    /// of the log-determinant (step 1e-3 within the interval; truncation error O(h⁴)), used only by the score polish.
    /// </summary>
    internal double TraceWB(double rho)
    {
        if (sparse is null)
        {
            var sum = 0.0;
            foreach (var w in eigenvalues!)
            {
                sum += w / (1 - (rho * w));
            }

            return sum;
        }

        var h = Math.Min(1e-3, 0.25 * Math.Min(rho - Lower, Upper - rho));
        var d = (-LogDeterminant(rho + (2 * h)) + (8 * LogDeterminant(rho + h)) - (8 * LogDeterminant(rho - h)) + LogDeterminant(rho - (2 * h))) / (12 * h);
        return -d;
    }

    /// <summary>B(ρ)⁻¹v.</summary>
    internal double[] Solve(double rho, double[] v)
    {
        if (sparse is not null)
        {
            return sparse.SolveB(rho, v);
        }

        return (Inverse(rho) * Vector<double>.Build.DenseOfArray(v)).ToArray();
    }

    private Matrix<double> DenseW()
    {
        if (denseW is null)
        {
            var n = Count;
            var m = Matrix<double>.Build.Dense(n, n);
            for (var i = 0; i < n; i++)
            {
                var cols = weights.Neighbours(i);
                var vals = weights.Weights(i);
                for (var p = 0; p < cols.Length; p++)
                {
                    m[i, cols[p]] = vals[p];
                }
            }

            denseW = m;
        }

        return denseW;
    }

    private Matrix<double> Inverse(double rho)
    {
        if (inverseCache is { } cached && cached.Rho.Equals(rho))
        {
            return cached.Inverse;
        }

        var b = Matrix<double>.Build.DenseIdentity(Count) - (rho * DenseW());
        var inverse = b.Inverse();
        inverseCache = (rho, inverse);
        return inverse;
    }

    /// <summary>
    /// c with S = C^{1/2} W C^{−1/2} symmetric (sᵢⱼ = wᵢⱼ √(cᵢ/cⱼ)), or null: W symmetric (c = 1), or W = C⁻¹A with A
    /// symmetric and cᵢ the row sums of A, recognised when A is binary (cᵢ = the number of neighbours).
    /// </summary>
    private static double[]? SymmetricScaling(SpatialWeights weights)
    {
        var n = weights.Count;
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        if (IsSymmetricUnder(weights, ones))
        {
            return ones;
        }

        var counts = Enumerable.Range(0, n).Select(i => (double)weights.Neighbours(i).Length).ToArray();
        return IsSymmetricUnder(weights, counts) ? counts : null;
    }

    private static bool IsSymmetricUnder(SpatialWeights weights, double[] c)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            var cols = weights.Neighbours(i);
            var vals = weights.Weights(i);
            for (var p = 0; p < cols.Length; p++)
            {
                var j = cols[p];
                var back = Weight(weights, j, i);
                var a = vals[p] * c[i];
                var b = back * c[j];
                if (Math.Abs(a - b) > 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>wᵢⱼ (0 when j is not a neighbour of i).</summary>
    internal static double Weight(SpatialWeights weights, int i, int j)
    {
        var cols = weights.Neighbours(i);
        var k = cols.BinarySearch(j);
        return k >= 0 ? weights.Weights(i)[k] : 0.0;
    }

    private static double[] Eigenvalues(SpatialWeights weights, double[]? similarity)
    {
        var n = weights.Count;
        var m = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < n; i++)
        {
            var cols = weights.Neighbours(i);
            var vals = weights.Weights(i);
            for (var p = 0; p < cols.Length; p++)
            {
                var j = cols[p];
                m[i, j] = similarity is null ? vals[p] : vals[p] * Math.Sqrt(similarity[i] / similarity[j]);
            }
        }

        if (similarity is not null)
        {
            // Exact symmetry (the two triangles averaged) so that the symmetric solver sees the matrix it assumes.
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var v = 0.5 * (m[i, j] + m[j, i]);
                    m[i, j] = v;
                    m[j, i] = v;
                }
            }

            return [.. m.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real)];
        }

        var evd = m.Evd(Symmetricity.Asymmetric).EigenValues;
        var complex = evd.Where(c => Math.Abs(c.Imaginary) > 1e-10).ToList();
        if (complex.Count > 0)
        {
            throw new NotSupportedException($"W has {complex.Count} complex eigenvalues (for example {complex[0].Real:G6} + {complex[0].Imaginary:G6}i); the eigenvalue log-determinant needs real eigenvalues. Use weights similar to a symmetric matrix (symmetric contiguity or distance weights, row-standardised) or symmetrise the k-nearest-neighbour list.");
        }

        return [.. evd.Select(c => c.Real)];
    }
}
