namespace ModelDsl.Matching;

/// <summary>
/// Kernel densities of the propensity score for treated and control units before and after matching, on a
/// common grid: the data of the common-support figure (the trade-policy paper's Figure 3).
/// </summary>
/// <param name="Grid">The score values at which the densities are evaluated.</param>
/// <param name="TreatedBefore">Density of the treated units' scores, all treated.</param>
/// <param name="ControlBefore">Density of the control units' scores, all controls.</param>
/// <param name="TreatedAfter">Density of the matched (on-support) treated units' scores.</param>
/// <param name="ControlAfter">Density of the controls' scores weighted by their matching weights.</param>
/// <remarks>
/// Stata's <c>kdensity</c> defaults: Epanechnikov kernel K(u) = ¾(1 − u²) on |u| &lt; 1 and the width
/// h = 0.9·min(sd, IQR/1.349)·n^(−1/5) (Silverman 1986, eq. 3.31) of each group's sample (for the weighted
/// control curve, the controls with positive weight). Weighted curves use Σwᵢ K((x − xᵢ)/h) / (h Σwᵢ).
/// </remarks>
public sealed record ScoreDensities(
    IReadOnlyList<double> Grid,
    IReadOnlyList<double> TreatedBefore,
    IReadOnlyList<double> ControlBefore,
    IReadOnlyList<double> TreatedAfter,
    IReadOnlyList<double> ControlAfter)
{
    internal static ScoreDensities Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> treated, IReadOnlyList<double> weights, int points)
    {
        if (points < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, "A density needs at least 2 grid points.");
        }

        var n = scores.Count;
        var grid = new double[points];
        var low = scores.Min();
        var high = scores.Max();
        for (var g = 0; g < points; g++)
        {
            grid[g] = low + ((high - low) * g / (points - 1));
        }

        double[] Curve(Func<int, double> weight)
        {
            var rows = Enumerable.Range(0, n).Where(i => weight(i) > 0).ToArray();
            var values = rows.Select(i => scores[i]).ToArray();
            var h = Width(values);
            var total = rows.Sum(weight);
            var density = new double[points];
            for (var g = 0; g < points; g++)
            {
                var s = 0.0;
                foreach (var i in rows)
                {
                    s += weight(i) * MatchingCore.KernelValue(MatchingKernel.Epanechnikov, (grid[g] - scores[i]) / h);
                }

                density[g] = s / (h * total);
            }

            return density;
        }

        return new ScoreDensities(
            grid,
            Curve(i => treated[i] ? 1.0 : 0.0),
            Curve(i => treated[i] ? 0.0 : 1.0),
            Curve(i => treated[i] && weights[i] > 0 ? 1.0 : 0.0),
            Curve(i => treated[i] ? 0.0 : weights[i]));
    }

    private static double Width(double[] values)
    {
        var n = values.Length;
        if (n < 2)
        {
            return 1e-3;
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var sorted = values.Order().ToArray();
        var iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        var spread = iqr > 0 ? Math.Min(sd, iqr / 1.349) : sd;
        return spread > 0 ? 0.9 * spread * Math.Pow(n, -0.2) : 1e-3;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
