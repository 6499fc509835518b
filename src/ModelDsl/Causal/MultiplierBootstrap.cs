using System.Numerics;

using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The multiplier weights v of the bootstrap draws.</summary>
public enum MultiplierWeights
{
    /// <summary>±1 with probability ½ each (the weights of <c>did</c>'s compiled bootstrap).</summary>
    Rademacher,

    /// <summary>Mammen's two-point weights: 1 − κ with probability κ/√5, κ otherwise, κ = (1 + √5)/2 (DRDID's <c>mboot.did</c>).</summary>
    Mammen,
}

/// <summary>What a multiplier bootstrap of influence functions gave: standard errors and the sup-t critical value.</summary>
/// <param name="StandardErrors">Per column: the bootstrap standard error, NaN for a degenerate column (an influence function that is zero).</param>
/// <param name="UniformCritical">The (1 − α) quantile of max_k |b_k / σ̂_k| over the non-degenerate columns: the uniform band's critical value.</param>
/// <param name="Draws">The number of draws.</param>
internal sealed record BootstrapOutcome(double[] StandardErrors, double UniformCritical, int Draws);

/// <summary>
/// The multiplier bootstrap of Callaway and Sant'Anna (2021, Section 4) on a matrix of influence functions, written
/// as <c>did</c>'s <c>mboot</c> computes it.
/// </summary>
/// <remarks>
/// <para>With clusters c = 1…G (units when no coarser cluster is given) and ψ̄_c the mean influence function of cluster c,
/// draw b is b_k = √G · (1/G) Σ_c v_bc ψ̄_ck. The standard error of column k is the interquartile range of its draws
/// (R's quantile type 1) divided by z_.75 − z_.25 and by √G; the uniform band's critical value is the (1 − α) quantile
/// of max_k |b_k / σ̂_k|. Columns whose draws have Σ b² ≤ 10 √ε (a reference cell fixed at zero) are left out.</para>
/// <para>Averaging (not summing) within clusters is <c>did</c>'s convention; with equal-sized clusters it is the
/// cluster-robust variance of the summed influence functions, and with one unit per cluster the two coincide.</para>
/// <para>Draw b uses its own seeded stream, so the result depends on the seed only, never on the thread count.</para>
/// </remarks>
internal static class MultiplierBootstrap
{
    // Draws per block: the block's accumulators (Block × k doubles) stay in cache while the cluster rows stream past once.
    private const int Block = 32;

    internal static BootstrapOutcome Run(IReadOnlyList<double[]> influence, int[] clusterOf, int clusters, MultiplierDraws multipliers, double level)
    {
        var k = influence.Count;
        var draws = multipliers.Count;
        var means = ClusterMeans(influence, clusterOf, clusters);

        // Each cluster row's non-zero span: a cell's influence function is zero outside its cohort and comparison
        // units, so a treated unit's row is non-zero only over its own cohort's cells.
        var spanStart = new int[clusters];
        var spanEnd = new int[clusters];
        for (var c = 0; c < clusters; c++)
        {
            var row = new ReadOnlySpan<double>(means, c * k, k);
            var lo = 0;
            while (lo < k && row[lo] == 0)
            {
                lo++;
            }

            var hi = k;
            while (hi > lo && row[hi - 1] == 0)
            {
                hi--;
            }

            spanStart[c] = lo;
            spanEnd[c] = hi;
        }

        var results = new double[draws * k];
        var blocks = (draws + Block - 1) / Block;
        var root = Math.Sqrt(clusters);
        Parallel.For(0, blocks, block =>
        {
            var first = block * Block;
            var count = Math.Min(Block, draws - first);
            var v = new double[count][];
            var accumulators = new double[count][];
            for (var d = 0; d < count; d++)
            {
                v[d] = new double[clusters];
                multipliers.Fill(first + d, v[d]);
                accumulators[d] = new double[k];
            }

            for (var c = 0; c < clusters; c++)
            {
                var lo = spanStart[c];
                var length = spanEnd[c] - lo;
                if (length == 0)
                {
                    continue;
                }

                if (length == 1)
                {
                    // One column (an overall effect): a scalar update, without the span set-up of AddScaled.
                    var value = means[(c * k) + lo];
                    for (var d = 0; d < count; d++)
                    {
                        accumulators[d][lo] += v[d][c] * value;
                    }

                    continue;
                }

                var row = new ReadOnlySpan<double>(means, (c * k) + lo, length);
                for (var d = 0; d < count; d++)
                {
                    AddScaled(accumulators[d].AsSpan(lo, length), row, v[d][c]);
                }
            }

            for (var d = 0; d < count; d++)
            {
                for (var j = 0; j < k; j++)
                {
                    results[((first + d) * k) + j] = root * accumulators[d][j] / clusters;
                }
            }
        });

        return Summarise(results, draws, k, clusters, level);
    }

    /// <summary>Standard errors and the sup-t critical value from the draws (row-major draws × k).</summary>
    private static BootstrapOutcome Summarise(double[] results, int draws, int k, int clusters, double level)
    {
        var tiny = Math.Sqrt(2.220446049250313e-16) * 10;
        var sigma = new double[k];
        var column = new double[draws];
        var spread = Normal.InvCDF(0, 1, 0.75) - Normal.InvCDF(0, 1, 0.25);
        for (var j = 0; j < k; j++)
        {
            var squares = 0.0;
            for (var b = 0; b < draws; b++)
            {
                column[b] = results[(b * k) + j];
                squares += column[b] * column[b];
            }

            if (!(squares > tiny))
            {
                sigma[j] = double.NaN;
                continue;
            }

            Array.Sort(column);
            var s = (QuantileType1(column, 0.75) - QuantileType1(column, 0.25)) / spread;
            sigma[j] = s > tiny ? s : double.NaN;
        }

        var maxima = new List<double>(draws);
        for (var b = 0; b < draws; b++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < k; j++)
            {
                if (!double.IsNaN(sigma[j]))
                {
                    max = Math.Max(max, Math.Abs(results[(b * k) + j] / sigma[j]));
                }
            }

            if (double.IsFinite(max))
            {
                maxima.Add(max);
            }
        }

        maxima.Sort();
        var critical = maxima.Count == 0 ? double.NaN : QuantileType1(maxima, level);
        var root = Math.Sqrt(clusters);
        return new BootstrapOutcome(sigma.Select(s => s / root).ToArray(), critical, draws);
    }

    /// <summary>R's quantile type 1 (the inverse of the empirical distribution function) of sorted values.</summary>
    internal static double QuantileType1(IReadOnlyList<double> sorted, double probability)
    {
        var n = sorted.Count;
        const double fuzz = 4 * 2.220446049250313e-16;
        var np = n * probability;
        var j = (int)Math.Floor(np + fuzz);
        var above = np > j + fuzz;
        var index = above ? j : j - 1;
        return sorted[Math.Clamp(index, 0, n - 1)];
    }

    /// <summary>The mean influence function of each cluster, row-major clusters × k.</summary>
    internal static double[] ClusterMeans(IReadOnlyList<double[]> influence, int[] clusterOf, int clusters)
    {
        var k = influence.Count;
        var means = new double[clusters * k];
        var sizes = new int[clusters];
        foreach (var c in clusterOf)
        {
            sizes[c]++;
        }

        for (var j = 0; j < k; j++)
        {
            var column = influence[j];
            for (var i = 0; i < column.Length; i++)
            {
                means[(clusterOf[i] * k) + j] += column[i];
            }
        }

        for (var c = 0; c < clusters; c++)
        {
            for (var j = 0; j < k; j++)
            {
                means[(c * k) + j] /= sizes[c];
            }
        }

        return means;
    }

    private static void AddScaled(Span<double> accumulator, ReadOnlySpan<double> row, double factor)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var f = new Vector<double>(factor);
            for (; j <= row.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var sum = new Vector<double>(accumulator[j..]) + (f * new Vector<double>(row[j..]));
                sum.CopyTo(accumulator[j..]);
            }
        }

        for (; j < row.Length; j++)
        {
            accumulator[j] += factor * row[j];
        }
    }
}

/// <summary>
/// The multiplier weights of every draw, generated once per result and reused by every table and aggregation it
/// bootstraps: both weight laws are two-point, so a draw is a bit per cluster (draws × clusters / 8 bytes).
/// </summary>
internal sealed class MultiplierDraws
{
    private readonly ulong[][] _bits;
    private readonly double _low;
    private readonly double _high;

    private MultiplierDraws(ulong[][] bits, double low, double high)
    {
        _bits = bits;
        _low = low;
        _high = high;
    }

    /// <summary>The number of draws.</summary>
    internal int Count => _bits.Length;

    /// <summary>Draws <paramref name="draws"/> weight vectors of length <paramref name="clusters"/>; draw b from its own stream of <paramref name="seed"/>.</summary>
    internal static MultiplierDraws Generate(int draws, int clusters, int seed, MultiplierWeights weights)
    {
        var words = (clusters + 63) / 64;
        var bits = new ulong[draws][];
        var kappa = (Math.Sqrt(5) + 1) / 2;
        var probability = kappa / Math.Sqrt(5);
        Parallel.For(0, draws, b =>
        {
            var random = RandomStream.ForStream(seed, b);
            var row = new ulong[words];
            if (weights == MultiplierWeights.Rademacher)
            {
                // 64 signs from each 64-bit draw.
                for (var w = 0; w < words; w++)
                {
                    row[w] = random.NextUInt64();
                }
            }
            else
            {
                // Mammen: bit 1 is the value 1 − κ, drawn with probability κ/√5.
                for (var c = 0; c < clusters; c++)
                {
                    if (random.NextDouble() < probability)
                    {
                        row[c >> 6] |= 1UL << (c & 63);
                    }
                }
            }

            bits[b] = row;
        });

        return weights == MultiplierWeights.Rademacher ? new MultiplierDraws(bits, -1, 1) : new MultiplierDraws(bits, kappa, 1 - kappa);
    }

    /// <summary>Writes draw <paramref name="draw"/>'s weights into <paramref name="v"/> (bit 0 → the first value, bit 1 → the second).</summary>
    internal void Fill(int draw, double[] v)
    {
        var row = _bits[draw];
        var step = _high - _low;
        for (var c = 0; c < v.Length; c++)
        {
            v[c] = _low + (step * ((row[c >> 6] >> (c & 63)) & 1));
        }
    }
}
