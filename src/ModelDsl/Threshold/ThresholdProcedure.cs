using ModelDsl.Results;

namespace ModelDsl.Thresholds;

/// <summary>
/// Hansen's (1999) sequential estimation of one, two or three thresholds on one outcome vector, and the residual
/// bootstrap of the F tests for the number of thresholds.
/// </summary>
/// <remarks>
/// <para>Stage 1: γ̂₁ = argmin S₁(γ). Stage 2 (Hansen's eq. 22–24): γ̂₂ʳ = argmin S₂ʳ(γ) with γ̂₁ fixed, then the
/// refinement γ̂₁ʳ = argmin S₁ʳ(γ) with γ̂₂ʳ fixed (on the first threshold's grid when each threshold has its own trimmed share). Stage 3: γ̂₃ = argmin S₃(γ) with γ̂₁ʳ and γ̂₂ʳ fixed (not refined,
/// as xthreg). F₁ = (S₀ − S₁(γ̂₁))/σ̂₁², F₂ = (S₁(γ̂₁) − S₂ʳ(γ̂₂ʳ))/σ̂₂², F₃ = (S₂(γ̂₁ʳ, γ̂₂ʳ) − S₃(γ̂₃))/σ̂₃², each σ̂² the
/// smaller SSR over n(T − 1).</para>
/// <para>Bootstrap of F_k (Hansen 1999, section 3.1): the within residuals of the k-threshold model are grouped by unit;
/// draw n units' residual vectors with replacement, add them to the within fitted values of the (k − 1)-threshold model
/// (the null), and rerun stages 1 … k on that outcome; p = #{F*_k ≥ F_k}/B. Draw b of test k uses its own stream
/// <c>RandomStream.ForStream(seed, (k − 1)·B + b)</c>, so a seed reproduces every draw.</para>
/// </remarks>
internal static class ThresholdProcedure
{
    /// <summary>The stages of one sequential estimation.</summary>
    internal sealed record Stages(
        double S0,
        int First,
        double[] FirstSsr,
        int Second,
        double[] SecondSsr,
        int Refined,
        double[] RefinedSsr,
        double DoubleSsr,
        int Third,
        double[] ThirdSsr)
    {
        /// <summary>F_k for k = 1, 2, 3 (NaN beyond the stages run).</summary>
        internal double F(int k, int withinDegrees) => k switch
        {
            1 => (S0 - FirstSsr[First]) / (FirstSsr[First] / withinDegrees),
            2 => (FirstSsr[First] - SecondSsr[Second]) / (SecondSsr[Second] / withinDegrees),
            _ => (DoubleSsr - ThirdSsr[Third]) / (ThirdSsr[Third] / withinDegrees),
        };

        /// <summary>The threshold indices of the k-threshold model (0 → none).</summary>
        internal int[] Model(int k) => k switch
        {
            0 => [],
            1 => [First],
            2 => [Refined, Second],
            _ => [Refined, Second, Third],
        };
    }

    /// <summary>Runs stages 1 … <paramref name="thresholds"/>.</summary>
    internal static Stages Estimate(ThresholdSearch search, ThresholdSearch.Outcome y, int thresholds)
    {
        var s0 = search.Ssr(y, []);
        var (first, firstSsr) = Require(search.Search(y, [], 1), 1);
        int second = -1, refined = -1, third = -1;
        double[] secondSsr = [], refinedSsr = [], thirdSsr = [];
        var doubleSsr = double.NaN;
        if (thresholds >= 2)
        {
            (second, secondSsr) = Require(search.Search(y, [first], 2), 2);
            (refined, refinedSsr) = Require(search.Search(y, [second], 1), 2);
            doubleSsr = refinedSsr[refined];
        }

        if (thresholds >= 3)
        {
            (third, thirdSsr) = Require(search.Search(y, [refined, second], 3), 3);
        }

        return new Stages(s0, first, firstSsr, second, secondSsr, refined, refinedSsr, doubleSsr, third, thirdSsr);
    }

    /// <summary>The bootstrap F*_k statistics of test <paramref name="k"/> (B draws).</summary>
    internal static double[] Bootstrap(ThresholdSearch search, ThresholdSearch.Outcome y, Stages observed, int k, int draws, int seed, int units, int periods)
    {
        var null0 = search.Fitted(y, observed.Model(k - 1));
        var alternative = search.Fitted(y, observed.Model(k));
        var residuals = new double[y.Y.Length];
        for (var r = 0; r < residuals.Length; r++)
        {
            residuals[r] = y.Y[r] - alternative[r];
        }

        var statistics = new double[draws];
        var yStar = new double[y.Y.Length];
        for (var b = 0; b < draws; b++)
        {
            var random = RandomStream.ForStream(seed, ((k - 1) * draws) + b);
            for (var i = 0; i < units; i++)
            {
                var from = random.NextInt(units);
                for (var t = 0; t < periods; t++)
                {
                    yStar[(i * periods) + t] = null0[(i * periods) + t] + residuals[(from * periods) + t];
                }
            }

            // y* is already within-transformed: the null fit and the residuals both have unit means of zero.
            var stages = Estimate(search, search.Prepare((double[])yStar.Clone()), k);
            statistics[b] = stages.F(k, search.WithinDegrees);
        }

        return statistics;
    }

    private static (int Best, double[] Ssr) Require((int Best, double[] Ssr) found, int stage)
        => found.Best >= 0
            ? found
            : throw new InvalidOperationException($"No candidate threshold at stage {stage} gives a non-empty regime with a non-singular design; widen the grid (Grid, Trim) or ask for fewer regimes.");
}
