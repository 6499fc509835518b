namespace ModelDsl.Tests.Inference;

/// <summary>Shared pieces of the brute-force wild bootstrap checks (one- and two-way), written out without the fast algorithm.</summary>
internal static class WildBootstrapBruteForce
{
    /// <summary>
    /// The bootstrap DGP's coefficients and fitted values: β̂ itself (unrestricted), or the restricted estimate under
    /// H₀: β_j = <paramref name="nullValue"/>, β̃ = β̂ − A e_j (β̂_j − β₀)/A_jj with A = (D'D)⁻¹ (<paramref name="bread"/>,
    /// p×p row-major); the fitted values Dβ̃ over the column-major n×p <paramref name="design"/>.
    /// </summary>
    public static (double[] Coefficients, double[] Fitted) DgpFit(double[] estimates, double[] bread, double[] design, int n, int j, double nullValue, bool restricted)
    {
        var p = estimates.Length;
        var baseline = (double[])estimates.Clone();
        if (restricted)
        {
            var delta = (estimates[j] - nullValue) / bread[(j * p) + j];
            for (var a = 0; a < p; a++)
            {
                baseline[a] -= bread[(a * p) + j] * delta;
            }
        }

        var fitted = new double[n];
        for (var a = 0; a < p; a++)
        {
            for (var i = 0; i < n; i++)
            {
                fitted[i] += design[(a * n) + i] * baseline[a];
            }
        }

        return (baseline, fitted);
    }
}
