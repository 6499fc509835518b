using ModelDsl.Design;

namespace ModelDsl.Estimation;

/// <summary>
/// Householder QR of a column-major n×p matrix with limited column pivoting (LINPACK <c>dqrdc2</c>, as R's
/// <c>lm</c>): columns are taken in order and a column whose remaining norm falls below
/// <see cref="Tolerance"/> times its original norm is moved to the end and declared collinear.
/// </summary>
/// <remarks>
/// Dimensions: <c>qr</c> is n×p column-major (index <c>column * n + row</c>); R is rank×rank upper
/// triangular in the first rank pivoted columns; <c>tau</c> has one Householder scalar per kept column.
/// The coefficients come from back substitution R b = Q'y, never from an inverse of X'X; the bread
/// (X'X)⁻¹ = R⁻¹R⁻ᵀ is formed only for the variance.
/// </remarks>
internal sealed class HouseholderQr
{
    /// <summary>The relative norm below which a column counts as collinear (R's <c>lm</c> uses 1e-7).</summary>
    internal const double Tolerance = 1e-7;

    private readonly double[] _qr;
    private readonly double[] _tau;
    private readonly int[] _order;

    private HouseholderQr(double[] qr, int rows, int columns, double[] tau, int[] order, int rank)
    {
        _qr = qr;
        Rows = rows;
        Columns = columns;
        _tau = tau;
        _order = order;
        Rank = rank;
    }

    /// <summary>The number of rows n.</summary>
    internal int Rows { get; }

    /// <summary>The number of columns p.</summary>
    internal int Columns { get; }

    /// <summary>The number of linearly independent columns kept.</summary>
    internal int Rank { get; }

    /// <summary>The original indices of the kept columns, in their original order.</summary>
    internal ReadOnlySpan<int> Kept => _order.AsSpan(0, Rank);

    /// <summary>The original indices of the columns dropped as collinear.</summary>
    internal ReadOnlySpan<int> Dropped => _order.AsSpan(Rank);

    /// <summary>Factorises <paramref name="x"/> (n×p column-major), which is overwritten.</summary>
    internal static HouseholderQr Decompose(double[] x, int rows, int columns)
    {
        var order = new int[columns];
        var norms = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            order[j] = j;
            norms[j] = Math.Sqrt(Kernels.Dot(x.AsSpan(j * rows, rows), x.AsSpan(j * rows, rows)));
        }

        var tau = new double[columns];
        var active = columns;
        var k = 0;
        while (k < active && k < rows)
        {
            var c = order[k];
            var column = x.AsSpan(c * rows, rows);
            var tail = column[k..];
            var norm = Math.Sqrt(Kernels.Dot(tail, tail));
            if (norm <= Tolerance * norms[c] || norms[c] == 0)
            {
                // Move the collinear column to the end; the data stays where it is (pivoting by index).
                for (var j = k; j < columns - 1; j++)
                {
                    order[j] = order[j + 1];
                }

                order[columns - 1] = c;
                active--;
                continue;
            }

            var (t, beta) = Reflector(tail, norm);
            for (var j = k + 1; j < active; j++)
            {
                var other = x.AsSpan(order[j] * rows + k, rows - k);
                var w = Kernels.Dot(tail, other);
                Kernels.Axpy(-t * w, tail, other);
            }

            // Columns already declared collinear are not transformed: they are never used again.
            tail[0] = beta;
            tau[k] = t;
            k++;
        }

        // Columns beyond n (more regressors than rows) are collinear by construction.
        return new HouseholderQr(x, rows, columns, tau, order, Math.Min(k, active));
    }

    /// <summary>
    /// Factorises a tall n×p matrix given by columns as a tall-skinny QR (TSQR): row chunks are reduced to their R
    /// factors in parallel (each in cache), the stacked R factors are reduced once more, and the limited-pivoting
    /// factorisation of <see cref="Decompose"/> is applied to the resulting p×p R. Orthogonal transformations keep
    /// column norms and the norms of what remains after projecting out earlier columns, so the columns declared
    /// collinear, R (up to the signs of its rows) and the coefficients are those of <see cref="Decompose"/> on the
    /// full matrix, up to rounding (Demmel, Grigori, Hoemmen and Langou 2012). <paramref name="y"/> rides along as
    /// column p + 1; the returned vector is the first p entries of Q'y, for <see cref="Solve"/> of the small factor.
    /// </summary>
    internal static (HouseholderQr Qr, double[] QtY) DecomposeTall(ReadOnlyMemory<double>[] columns, ReadOnlyMemory<double> y, int rows)
    {
        var p = columns.Length;
        var w = p + 1;
        var chunkRows = Math.Max(TallChunkRows, 4 * w);
        var chunks = (rows + chunkRows - 1) / chunkRows;
        var stack = new double[chunks * w * w];
        Parallel.For(
            0,
            chunks,
            () => new double[chunkRows * w],
            (c, _, buffer) =>
            {
                var first = c * chunkRows;
                var count = Math.Min(chunkRows, rows - first);
                for (var j = 0; j < w; j++)
                {
                    (j < p ? columns[j] : y).Span.Slice(first, count).CopyTo(buffer.AsSpan(j * count, count));
                }

                Householder(buffer, count, w);
                var r = stack.AsSpan(c * w * w, w * w);
                for (var j = 0; j < w; j++)
                {
                    for (var i = 0; i <= j && i < count; i++)
                    {
                        r[(j * w) + i] = buffer[(j * count) + i];
                    }
                }

                return buffer;
            },
            _ => { });

        // Stack the chunks' R factors ((chunks·w)×w column-major) and reduce them.
        var stackedRows = chunks * w;
        var stacked = new double[stackedRows * w];
        for (var c = 0; c < chunks; c++)
        {
            for (var j = 0; j < w; j++)
            {
                stack.AsSpan((c * w * w) + (j * w), w).CopyTo(stacked.AsSpan((j * stackedRows) + (c * w), w));
            }
        }

        Householder(stacked, stackedRows, w);
        var small = new double[p * p];
        var qty = new double[p];
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                small[(j * p) + i] = stacked[(j * stackedRows) + i];
            }

            qty[j] = stacked[(p * stackedRows) + j];
        }

        return (Decompose(small, p, p), qty);
    }

    /// <summary>The number of rows from which <see cref="DecomposeTall"/> pays (four chunks).</summary>
    internal const int TallThreshold = 4 * TallChunkRows;

    private const int TallChunkRows = 2048;

    // Unpivoted Householder QR in place (column-major rows×columns): R in the upper triangle; a zero column is left as is.
    private static void Householder(double[] x, int rows, int columns)
    {
        for (var k = 0; k < Math.Min(rows, columns); k++)
        {
            var tail = x.AsSpan((k * rows) + k, rows - k);
            var norm = Math.Sqrt(Kernels.Dot(tail, tail));
            if (norm == 0)
            {
                continue;
            }

            var (t, beta) = Reflector(tail, norm);
            for (var j = k + 1; j < columns; j++)
            {
                var other = x.AsSpan((j * rows) + k, rows - k);
                Kernels.Axpy(-t * Kernels.Dot(tail, other), tail, other);
            }

            tail[0] = beta;
        }
    }

    // The Householder reflector H = I − t v v' that maps the column tail (2-norm `norm` > 0) to (beta, 0, …, 0):
    // beta = −sign(tail₀)·norm, v = (1, tail₁…/(tail₀ − beta)) written over the tail (LAPACK dlarfg's convention).
    private static (double Tau, double Beta) Reflector(Span<double> tail, double norm)
    {
        var alpha = tail[0];
        var beta = alpha >= 0 ? -norm : norm;
        var scale = 1.0 / (alpha - beta);
        for (var i = 1; i < tail.Length; i++)
        {
            tail[i] *= scale;
        }

        tail[0] = 1.0;
        return ((beta - alpha) / beta, beta);
    }

    /// <summary>y ← Q'y for a vector of length n.</summary>
    internal void ApplyQTranspose(Span<double> y)
    {
        for (var k = 0; k < Rank; k++)
        {
            var v = _qr.AsSpan(_order[k] * Rows + k, Rows - k);
            var target = y[k..];
            var diagonal = v[0];
            v[0] = 1.0;
            var w = Kernels.Dot(v, target);
            Kernels.Axpy(-_tau[k] * w, v, target);
            v[0] = diagonal;
        }
    }

    /// <summary>The least-squares coefficients of the kept columns (in <see cref="Kept"/> order) for response <paramref name="y"/>.</summary>
    internal double[] Solve(ReadOnlySpan<double> y)
    {
        var qty = y.ToArray();
        ApplyQTranspose(qty);
        var b = new double[Rank];
        for (var i = Rank - 1; i >= 0; i--)
        {
            var sum = qty[i];
            for (var j = i + 1; j < Rank; j++)
            {
                sum -= R(i, j) * b[j];
            }

            b[i] = sum / R(i, i);
        }

        return b;
    }

    /// <summary>(X'X)⁻¹ = R⁻¹R⁻ᵀ of the kept columns, rank×rank row-major.</summary>
    internal double[] InverseCrossProduct()
    {
        var p = Rank;
        var inverse = new double[p * p];

        // Upper-triangular inverse of R, column by column: R · inv[:, j] = e_j.
        for (var j = 0; j < p; j++)
        {
            inverse[(j * p) + j] = 1.0 / R(j, j);
            for (var i = j - 1; i >= 0; i--)
            {
                var sum = 0.0;
                for (var m = i + 1; m <= j; m++)
                {
                    sum += R(i, m) * inverse[(m * p) + j];
                }

                inverse[(i * p) + j] = -sum / R(i, i);
            }
        }

        var bread = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = i; j < p; j++)
            {
                var sum = 0.0;
                for (var m = j; m < p; m++)
                {
                    sum += inverse[(i * p) + m] * inverse[(j * p) + m];
                }

                bread[(i * p) + j] = sum;
                bread[(j * p) + i] = sum;
            }
        }

        return bread;
    }

    private double R(int i, int j) => _qr[(_order[j] * Rows) + i];
}
