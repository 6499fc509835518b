namespace ModelDsl.Matching;

/// <summary>The kernel of kernel matching; weights are K((pⱼ − pᵢ)/h), normalised to sum to one per treated unit.</summary>
public enum MatchingKernel
{
    /// <summary>K(u) = ¾(1 − u²) for |u| &lt; 1 (psmatch2's default kernel).</summary>
    Epanechnikov,

    /// <summary>K(u) = ½ for |u| &lt; 1.</summary>
    Uniform,

    /// <summary>K(u) = (15/16)(1 − u²)² for |u| &lt; 1.</summary>
    Biweight,

    /// <summary>K(u) = φ(u), every control gets a positive weight (no unit is off support by the kernel).</summary>
    Gaussian,
}

/// <summary>The controls matched to each treated unit and their weights; positions index the input arrays.</summary>
/// <param name="Treated">The position of each treated unit.</param>
/// <param name="Controls">For each treated unit, the positions of its matched controls (empty when off support).</param>
/// <param name="Weights">For each treated unit, the weight of each matched control (summing to one).</param>
internal sealed record MatchSet(int[] Treated, int[][] Controls, double[][] Weights)
{
    public bool IsMatched(int t) => Controls[t].Length > 0;

    public int MatchedTreatedCount => Controls.Count(c => c.Length > 0);

    /// <summary>The matching weight of every position: 1 for a matched treated unit, Σᵢ wᵢⱼ for a control.</summary>
    public double[] RowWeights(int length)
    {
        var weights = new double[length];
        for (var t = 0; t < Treated.Length; t++)
        {
            if (!IsMatched(t))
            {
                continue;
            }

            weights[Treated[t]] = 1.0;
            for (var m = 0; m < Controls[t].Length; m++)
            {
                weights[Controls[t][m]] += Weights[t][m];
            }
        }

        return weights;
    }
}

/// <summary>Nearest-neighbour and kernel matching on a scalar score, and the ATT with its standard errors.</summary>
/// <remarks>
/// Nearest neighbour with replacement follows <c>Matching::Match</c> (Sekhon 2011): distances are measured in
/// units of the score's sample standard deviation, and every control whose squared standardized distance is
/// within <c>tieTolerance</c> of the k-th smallest is kept, each of the treated unit's matches weighted
/// 1/#matches (Match's <c>ties = TRUE</c>, <c>distance.tolerance = 1e-5</c>). Without replacement, treated
/// units are matched greedily in data order, ties broken by row order. A caliper (in score units, as
/// psmatch2) drops matches farther than it; a treated unit left with none is off support.
/// Kernel matching follows psmatch2 (Leuven &amp; Sianesi 2003): wᵢⱼ ∝ K((pⱼ − pᵢ)/h); a treated unit with no
/// control inside the bandwidth is off support.
/// </remarks>
internal static class MatchingCore
{
    /// <summary>Exact ties only: controls at exactly the k-th distance |pⱼ − pᵢ| (psmatch2 <c>ties</c>, Stata <c>teffects</c>).</summary>
    public const double ExactTies = 0.0;

    /// <summary>Matching::Match's default <c>distance.tolerance</c> on the squared standardized distance.</summary>
    public const double MatchingPackageTieTolerance = 1e-5;

    public static MatchSet Nearest(double[] score, bool[] treated, int neighbors, bool replace, double? caliper, double tieTolerance, bool[] eligible)
    {
        var n = score.Length;
        var treatedRows = new List<int>();
        var controlRows = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (!eligible[i])
            {
                continue;
            }

            (treated[i] ? treatedRows : controlRows).Add(i);
        }

        // Matching::Match scales by the sample standard deviation of the score over all units used.
        var all = treatedRows.Concat(controlRows).Select(i => score[i]).ToArray();
        var mean = all.Average();
        var sd = Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1));
        if (!(sd > 0))
        {
            sd = 1.0;
        }

        var controlsSorted = controlRows.OrderBy(i => score[i]).ThenBy(i => i).ToArray();
        var sortedScores = controlsSorted.Select(i => score[i]).ToArray();
        var controls = new int[treatedRows.Count][];
        var weights = new double[treatedRows.Count][];
        var used = new bool[n];
        for (var t = 0; t < treatedRows.Count; t++)
        {
            var pi = score[treatedRows[t]];
            var candidates = Window(sortedScores, controlsSorted, pi, neighbors, replace ? null : used, caliper, tieTolerance, sd);
            if (candidates.Count == 0)
            {
                controls[t] = [];
                weights[t] = [];
                continue;
            }

            candidates.Sort((a, b) => a.Gap != b.Gap ? a.Gap.CompareTo(b.Gap) : a.Row.CompareTo(b.Row));
            var k = Math.Min(neighbors, candidates.Count);
            List<int> chosen;
            if (replace)
            {
                // Exact ties compare raw distances; a tolerance compares squared standardized distances, as Match does.
                var kth = candidates[k - 1].Gap;
                var threshold = ((kth / sd) * (kth / sd)) + tieTolerance;
                chosen = candidates
                    .TakeWhile(c => tieTolerance == 0.0 ? c.Gap <= kth : (c.Gap / sd) * (c.Gap / sd) <= threshold)
                    .Select(c => c.Row)
                    .ToList();
            }
            else
            {
                chosen = candidates.Take(k).Select(c => c.Row).ToList();
                foreach (var row in chosen)
                {
                    used[row] = true;
                }
            }

            chosen.Sort();
            controls[t] = chosen.ToArray();
            weights[t] = Enumerable.Repeat(1.0 / chosen.Count, chosen.Count).ToArray();
        }

        return new MatchSet(treatedRows.ToArray(), controls, weights);
    }

    // The controls nearest to score p, walking outward from p's place in the sorted control scores: every
    // candidate up to the k-th nearest and those tied with it (exactly, or within the tolerance), never
    // beyond the caliper, skipping used controls. O(log n₀ + k) per treated unit instead of O(n₀ log n₀).
    private static List<(int Row, double Gap)> Window(double[] sortedScores, int[] controlsSorted, double p, int neighbors, bool[]? used, double? caliper, double tieTolerance, double sd)
    {
        var candidates = new List<(int Row, double Gap)>(neighbors + 4);
        var right = Array.BinarySearch(sortedScores, p);
        if (right < 0)
        {
            right = ~right;
        }
        else
        {
            while (right > 0 && sortedScores[right - 1] == p)
            {
                right--;
            }
        }

        var left = right - 1;
        var kth = double.NaN;
        while (true)
        {
            while (left >= 0 && used is not null && used[controlsSorted[left]])
            {
                left--;
            }

            while (right < sortedScores.Length && used is not null && used[controlsSorted[right]])
            {
                right++;
            }

            var leftGap = left >= 0 ? p - sortedScores[left] : double.PositiveInfinity;
            var rightGap = right < sortedScores.Length ? sortedScores[right] - p : double.PositiveInfinity;
            var takeLeft = leftGap <= rightGap;
            var gap = Math.Abs(takeLeft ? leftGap : rightGap);
            if (double.IsPositiveInfinity(gap) || (caliper is { } limit && gap > limit))
            {
                break;
            }

            if (candidates.Count >= neighbors)
            {
                var tied = tieTolerance == 0.0 ? gap <= kth : (gap / sd) * (gap / sd) <= ((kth / sd) * (kth / sd)) + tieTolerance;
                if (!tied)
                {
                    break;
                }
            }

            var index = takeLeft ? left-- : right++;
            candidates.Add((controlsSorted[index], Math.Abs(sortedScores[index] - p)));
            if (candidates.Count == neighbors)
            {
                kth = gap;
            }
        }

        return candidates;
    }

    public static MatchSet Kernel(double[] score, bool[] treated, MatchingKernel kernel, double bandwidth, bool[] eligible)
    {
        var n = score.Length;
        var treatedRows = new List<int>();
        var controlRows = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (eligible[i])
            {
                (treated[i] ? treatedRows : controlRows).Add(i);
            }
        }

        // Compact kernels only see controls within the bandwidth: scan that window of the sorted scores.
        var sorted = controlRows.OrderBy(i => score[i]).ThenBy(i => i).ToArray();
        var sortedScores = sorted.Select(i => score[i]).ToArray();
        var compact = kernel != MatchingKernel.Gaussian;
        var margin = bandwidth * (1 + 1e-9);
        var controls = new int[treatedRows.Count][];
        var weights = new double[treatedRows.Count][];
        for (var t = 0; t < treatedRows.Count; t++)
        {
            var pi = score[treatedRows[t]];
            var start = compact ? FirstAtLeast(sortedScores, pi - margin) : 0;

            var rows = new List<int>();
            var w = new List<double>();
            var total = 0.0;
            for (var c = start; c < sorted.Length; c++)
            {
                if (compact && sortedScores[c] > pi + margin)
                {
                    break;
                }

                var k = KernelValue(kernel, (sortedScores[c] - pi) / bandwidth);
                if (k > 0)
                {
                    rows.Add(sorted[c]);
                    w.Add(k);
                    total += k;
                }
            }

            controls[t] = rows.ToArray();
            weights[t] = w.Select(v => v / total).ToArray();
        }

        return new MatchSet(treatedRows.ToArray(), controls, weights);
    }

    /// <summary>
    /// The kernel-matching ATT without building the match sets (the bootstrap's inner loop); NaN when no treated
    /// unit has a control within the bandwidth. Same weights and support rule as <see cref="Kernel"/>.
    /// </summary>
    public static double KernelAtt(double[] score, bool[] treated, double[] y, MatchingKernel kernel, double bandwidth, bool[] eligible)
    {
        var controlRows = new List<int>();
        for (var i = 0; i < score.Length; i++)
        {
            if (eligible[i] && !treated[i])
            {
                controlRows.Add(i);
            }
        }

        var sorted = controlRows.ToArray();
        var sortedScores = sorted.Select(i => score[i]).ToArray();
        Array.Sort(sortedScores, sorted);
        var compact = kernel != MatchingKernel.Gaussian;
        var margin = bandwidth * (1 + 1e-9);
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < score.Length; i++)
        {
            if (!eligible[i] || !treated[i])
            {
                continue;
            }

            var pi = score[i];
            var start = compact ? FirstAtLeast(sortedScores, pi - margin) : 0;

            double total = 0, weighted = 0;
            for (var c = start; c < sorted.Length; c++)
            {
                if (compact && sortedScores[c] > pi + margin)
                {
                    break;
                }

                var k = KernelValue(kernel, (sortedScores[c] - pi) / bandwidth);
                total += k;
                weighted += k * y[sorted[c]];
            }

            if (total > 0)
            {
                sum += y[i] - (weighted / total);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    // The first index of the ascending array whose value is at least `value` (the first of equal values).
    private static int FirstAtLeast(double[] sorted, double value)
    {
        var start = Array.BinarySearch(sorted, value);
        start = start < 0 ? ~start : start;
        while (start > 0 && sorted[start - 1] >= value)
        {
            start--;
        }

        return start;
    }

    public static double KernelValue(MatchingKernel kernel, double u)
    {
        var a = Math.Abs(u);
        return kernel switch
        {
            MatchingKernel.Epanechnikov => a < 1 ? 0.75 * (1 - (u * u)) : 0.0,
            MatchingKernel.Uniform => a < 1 ? 0.5 : 0.0,
            MatchingKernel.Biweight => a < 1 ? 0.9375 * (1 - (u * u)) * (1 - (u * u)) : 0.0,
            _ => Math.Exp(-0.5 * u * u) / Math.Sqrt(2 * Math.PI),
        };
    }

    /// <summary>ATT = mean over matched treated of Yᵢ − Σⱼ wᵢⱼYⱼ.</summary>
    public static double Att(MatchSet set, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        var count = 0;
        for (var t = 0; t < set.Treated.Length; t++)
        {
            if (!set.IsMatched(t))
            {
                continue;
            }

            sum += y[set.Treated[t]] - Counterfactual(set, t, y);
            count++;
        }

        return sum / count;
    }

    /// <summary>
    /// The Abadie–Imbens (2006) standard error of the matching ATT under a homoskedastic conditional variance,
    /// computed as <c>Matching::Match</c> does by default (<c>Var.calc = 0</c>, population variance).
    /// </summary>
    /// <remarks>
    /// With N₁ matched treated units, matches J(i) with weights wᵢⱼ, τᵢ = Yᵢ − Σⱼ wᵢⱼYⱼ,
    /// Kⱼ = Σᵢ wᵢⱼ and KKⱼ = Σᵢ wᵢⱼ²: σ² = ½ Σᵢ Σⱼ wᵢⱼ (Yᵢ − Yⱼ − τ̂)² / N₁ and
    /// V = [Σᵢ (τᵢ − τ̂)² + σ² Σⱼ (Kⱼ² − KKⱼ)] / N₁² (Abadie &amp; Imbens 2006, Theorem 7 with the conditional
    /// variance held constant; Sekhon 2011).
    /// </remarks>
    public static double AbadieImbensStandardError(MatchSet set, ReadOnlySpan<double> y, double att)
    {
        var n1 = 0;
        var sigmaNumerator = 0.0;
        var dispersion = 0.0;
        var k = new Dictionary<int, (double K, double KK)>();
        for (var t = 0; t < set.Treated.Length; t++)
        {
            if (!set.IsMatched(t))
            {
                continue;
            }

            n1++;
            var yi = y[set.Treated[t]];
            var tau = yi - Counterfactual(set, t, y);
            dispersion += (tau - att) * (tau - att);
            for (var m = 0; m < set.Controls[t].Length; m++)
            {
                var j = set.Controls[t][m];
                var w = set.Weights[t][m];
                var e = yi - y[j] - att;
                sigmaNumerator += w * e * e;
                k.TryGetValue(j, out var current);
                k[j] = (current.K + w, current.KK + (w * w));
            }
        }

        var sigma2 = 0.5 * sigmaNumerator / n1;
        var reuse = k.Values.Sum(v => (v.K * v.K) - v.KK);
        return Math.Sqrt((dispersion + (sigma2 * reuse)) / ((double)n1 * n1));
    }

    public static double Counterfactual(MatchSet set, int t, ReadOnlySpan<double> y)
    {
        var s = 0.0;
        for (var m = 0; m < set.Controls[t].Length; m++)
        {
            s += set.Weights[t][m] * y[set.Controls[t][m]];
        }

        return s;
    }
}
