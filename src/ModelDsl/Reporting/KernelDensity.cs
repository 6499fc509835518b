namespace ModelDsl.Reporting;

/// <summary>
/// Weighted Gaussian kernel density estimate on a grid, for drawing only (figures never feed numbers back into a result).
/// </summary>
/// <remarks>
/// f̂(x) = Σᵢ wᵢ K((x − xᵢ)/h) / (h Σᵢ wᵢ) with the standard normal kernel K. The default bandwidth is Silverman's rule of
/// thumb h = 0.9 · min(σ̂, IQR/1.34) · n_eff^(−1/5) (Silverman 1986, <i>Density Estimation for Statistics and Data
/// Analysis</i>, eq. 3.31), with weighted σ̂ and quantiles and Kish's effective size n_eff = (Σw)² / Σw²; when the spread is
/// zero, σ̂ falls back to 1 % of |mean| (or 1). For a variable bounded to [a, b] (a propensity score) the estimate
/// reflects the data at the bounds, f̂(x) + f̂(2a − x) + f̂(2b − x) for x in [a, b] (Silverman 1986, §2.10), so that no
/// mass leaks past them and the curve does not dip towards the edges.
/// </remarks>
internal static class KernelDensity
{
    public static (double[] X, double[] Y) Estimate(IReadOnlyList<double> values, IReadOnlyList<double>? weights, double low, double high, int points = 256, double? bandwidth = null, (double Low, double High)? bounds = null)
    {
        var (x, w) = Clean(values, weights);
        if (x.Length == 0)
        {
            return ([], []);
        }

        var h = bandwidth ?? Silverman(x, w);
        if (bounds is { } b)
        {
            // Reflected copies carry the same weights; the sum below runs over all of them, normalised by the original total.
            x = [.. x, .. x.Select(v => (2 * b.Low) - v), .. x.Select(v => (2 * b.High) - v)];
            w = [.. w, .. w, .. w];
        }

        var total = w.Sum() / (bounds is null ? 1 : 3);
        var gridX = new double[points];
        var gridY = new double[points];
        var step = (high - low) / (points - 1);
        var norm = 1.0 / (Math.Sqrt(2 * Math.PI) * h * total);
        for (var g = 0; g < points; g++)
        {
            var at = low + (g * step);
            var sum = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                var u = (at - x[i]) / h;
                sum += w[i] * Math.Exp(-0.5 * u * u);
            }

            gridX[g] = at;
            gridY[g] = sum * norm;
        }

        return (gridX, gridY);
    }

    public static double Silverman(IReadOnlyList<double> x, IReadOnlyList<double> w)
    {
        var total = w.Sum();
        var mean = x.Select((v, i) => v * w[i]).Sum() / total;
        var variance = x.Select((v, i) => w[i] * (v - mean) * (v - mean)).Sum() / total;
        var sd = Math.Sqrt(variance);
        var iqr = Quantile(x, w, 0.75) - Quantile(x, w, 0.25);
        var spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        if (!(spread > 0))
        {
            spread = Math.Abs(mean) > 0 ? 0.01 * Math.Abs(mean) : 1;
        }

        var effective = total * total / w.Sum(v => v * v);
        return 0.9 * spread * Math.Pow(effective, -0.2);
    }

    public static (double[] X, double[] W) Clean(IReadOnlyList<double> values, IReadOnlyList<double>? weights)
    {
        var x = new List<double>(values.Count);
        var w = new List<double>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var weight = weights is null ? 1.0 : weights[i];
            if (double.IsFinite(values[i]) && double.IsFinite(weight) && weight > 0)
            {
                x.Add(values[i]);
                w.Add(weight);
            }
        }

        return ([.. x], [.. w]);
    }

    private static double Quantile(IReadOnlyList<double> x, IReadOnlyList<double> w, double probability)
    {
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ToArray();
        var total = w.Sum();
        var cumulative = 0.0;
        foreach (var i in order)
        {
            cumulative += w[i];
            if (cumulative >= probability * total)
            {
                return x[i];
            }
        }

        return x[order[^1]];
    }
}
