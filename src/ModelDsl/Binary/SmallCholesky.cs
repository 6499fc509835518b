namespace ModelDsl.Estimation;

/// <summary>
/// Cholesky factorisation of small dense symmetric positive-definite matrices (k × k, row-major, k ≤ a few
/// hundred), used for Newton steps and for the inverse information of binary-choice models.
/// </summary>
internal static class SmallCholesky
{
    /// <summary>The lower factor L (row-major, k × k) with a = L·L', or <see langword="null"/> when a pivot is not positive.</summary>
    public static double[]? Factor(ReadOnlySpan<double> a, int k)
    {
        var l = new double[k * k];
        for (var j = 0; j < k; j++)
        {
            var d = a[(j * k) + j];
            for (var p = 0; p < j; p++)
            {
                d -= l[(j * k) + p] * l[(j * k) + p];
            }

            if (!(d > 0) || double.IsNaN(d))
            {
                return null;
            }

            var ljj = Math.Sqrt(d);
            l[(j * k) + j] = ljj;
            for (var i = j + 1; i < k; i++)
            {
                var s = a[(i * k) + j];
                for (var p = 0; p < j; p++)
                {
                    s -= l[(i * k) + p] * l[(j * k) + p];
                }

                l[(i * k) + j] = s / ljj;
            }
        }

        return l;
    }

    /// <summary>Solves L·L'·x = b in place.</summary>
    public static void Solve(ReadOnlySpan<double> l, int k, Span<double> b)
    {
        for (var i = 0; i < k; i++)
        {
            var s = b[i];
            for (var p = 0; p < i; p++)
            {
                s -= l[(i * k) + p] * b[p];
            }

            b[i] = s / l[(i * k) + i];
        }

        for (var i = k - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var p = i + 1; p < k; p++)
            {
                s -= l[(p * k) + i] * b[p];
            }

            b[i] = s / l[(i * k) + i];
        }
    }

    /// <summary>The inverse (row-major) of the matrix whose factor is <paramref name="l"/>.</summary>
    public static double[] Inverse(ReadOnlySpan<double> l, int k)
    {
        var inverse = new double[k * k];
        var column = new double[k];
        for (var j = 0; j < k; j++)
        {
            Array.Clear(column);
            column[j] = 1.0;
            Solve(l, k, column);
            for (var i = 0; i < k; i++)
            {
                inverse[(i * k) + j] = column[i];
            }
        }

        return inverse;
    }
}
