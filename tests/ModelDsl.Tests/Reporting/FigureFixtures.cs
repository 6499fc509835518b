using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

/// <summary>Deterministic inputs shaped like the trade-policy paper's figures.</summary>
internal static class FigureFixtures
{
    /// <summary>Event times −5..5 without the reference period −1: flat before, rising after.</summary>
    public static EventStudyPoint[] EventStudy() =>
    [
        .. new[] { -5, -4, -3, -2, 0, 1, 2, 3, 4, 5 }.Select(t =>
        {
            var estimate = t < 0 ? 0.0012 * Math.Sin(t) : 0.006 + (0.003 * t);
            var half = 0.004 + (0.0004 * Math.Abs(t));
            return new EventStudyPoint(t, estimate, estimate - half, estimate + half);
        }),
    ];

    /// <summary>500 placebo estimates from a seeded normal generator (Box–Muller), centred on zero.</summary>
    public static double[] Placebo()
    {
        var random = new Random(20240501);
        return [.. Enumerable.Range(0, 500).Select(_ => 0.004 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    /// <summary>
    /// Propensity scores: the latent index is N(0.6, 0.8²) for treated and N(−0.9, 0.8²) for controls; controls are
    /// weighted by the density ratio of the two (capped at 20), which is what a good match achieves.
    /// </summary>
    public static (double[] Scores, bool[] Treated, double[] Weights) PropensityScores()
    {
        var random = new Random(7);
        var n = 600;
        var scores = new double[n];
        var treated = new bool[n];
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            treated[i] = i < 150;
            var z = (treated[i] ? 0.6 : -0.9) + (0.8 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            scores[i] = 1 / (1 + Math.Exp(-z));
            var ratio = Math.Exp((((z + 0.9) * (z + 0.9)) - ((z - 0.6) * (z - 0.6))) / (2 * 0.64));
            weights[i] = treated[i] ? 1 : ratio < 0.05 ? 0 : Math.Min(ratio, 20);
        }

        return (scores, treated, weights);
    }
}
