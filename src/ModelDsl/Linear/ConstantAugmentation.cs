namespace ModelDsl.Estimation;

/// <summary>
/// Reports the constant of a demeaned (fixed-effects) regression as Stata's <c>xtreg, fe</c> and reghdfe do.
/// </summary>
/// <remarks>
/// Dimensions: r slopes; <c>inverse</c> is the r×r (X̃'X̃)⁻¹ (row-major), <c>xbar</c> the r regressor means, the
/// result the (r+1)×(r+1) bread with the constant last. With D = [X̃ + x̄, 1] = [X̃, 1]·T and X̃ centred,
/// B = T⁻¹ diag((X̃'X̃)⁻¹, 1/N) T⁻ᵀ where T⁻¹ = [[I, 0], [−x̄', 1]] (Correia 2016, reghdfe's constant).
/// Weighted fits pass weights normalised to mean 1, so that N = Σw.
/// </remarks>
internal static class ConstantAugmentation
{
    /// <summary>The bread of [slopes, constant] from the slopes' (X̃'X̃)⁻¹, the regressor means and N.</summary>
    public static double[] Bread(ReadOnlySpan<double> inverse, ReadOnlySpan<double> xbar, double observations)
    {
        var r = xbar.Length;
        var p1 = r + 1;
        var bread = new double[p1 * p1];
        var ax = new double[r];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < r; j++)
            {
                bread[(i * p1) + j] = inverse[(i * r) + j];
                ax[i] += inverse[(i * r) + j] * xbar[j];
            }
        }

        var xax = 0.0;
        for (var i = 0; i < r; i++)
        {
            bread[(i * p1) + r] = -ax[i];
            bread[(r * p1) + i] = -ax[i];
            xax += xbar[i] * ax[i];
        }

        bread[(r * p1) + r] = xax + (1.0 / observations);
        return bread;
    }
}
