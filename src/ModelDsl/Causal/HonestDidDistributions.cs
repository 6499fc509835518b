using MathNet.Numerics.Distributions;

namespace ModelDsl.Causal;

/// <summary>
/// R's default normal generator (Mersenne–Twister with <c>set.seed</c>'s seeding, normals by inversion), so that
/// the least-favourable critical value of the ARP hybrid test uses the same 1,000 draws as HonestDiD's
/// <c>set.seed(0); mvtnorm::rmvnorm(...)</c> and the robust intervals agree with the package's to the grid point.
/// </summary>
/// <remarks>
/// Seeding (R's <c>RNG_Init</c>): the seed is scrambled by 50 steps of s ← 69069 s + 1, then each of the 625 state
/// words (the position word, then the 624 words of MT19937) is the next step; the position is then set to 624.
/// Uniforms are MT19937 outputs × 2⁻³² (Matsumoto and Nishimura 1998), kept inside (0, 1). A normal uses two
/// uniforms, u = ⌊2²⁷ u₁⌋ + u₂, and returns Φ⁻¹(u / 2²⁷) (R's <c>INVERSION</c>).
/// </remarks>
internal sealed class RCompatibleNormalGenerator
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public RCompatibleNormalGenerator(int seed)
    {
        var s = unchecked((uint)seed);
        for (var j = 0; j < 50; j++)
        {
            s = unchecked((69069 * s) + 1);
        }

        // The first of the 625 words is R's position word (dummy[0]), overwritten by 624 below.
        s = unchecked((69069 * s) + 1);
        for (var j = 0; j < N; j++)
        {
            s = unchecked((69069 * s) + 1);
            _mt[j] = s;
        }

        _index = N;
    }

    public double NextUniform()
    {
        if (_index >= N)
        {
            Twist();
        }

        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        var u = y * 2.3283064365386963e-10;
        const double half = 0.5 * 2.328306437080797e-10;
        return u <= 0 ? half : (1 - u <= 0 ? 1 - half : u);
    }

    public double NextNormal()
    {
        const double big = 134217728;
        var u = NextUniform();
        u = (int)(big * u) + NextUniform();
        return Normal.InvCDF(0, 1, u / big);
    }

    private void Twist()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
        for (var k = 0; k < N; k++)
        {
            var y = (_mt[k] & upper) | (_mt[(k + 1) % N] & lower);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? matrix : 0u);
        }

        _index = 0;
    }
}

/// <summary>Quantiles of the truncated and folded normal distributions used by the HonestDiD intervals.</summary>
internal static class HonestDidDistributions
{
    /// <summary>The p quantile of N(0, 1) truncated to [low, high] (TruncatedNormal's <c>norminvp</c>).</summary>
    /// <remarks>Computed on the side of zero where the truncation interval lies, with complementary probabilities, so that a far tail keeps its precision.</remarks>
    public static double TruncatedNormalQuantile(double p, double low, double high)
    {
        if (low >= 0)
        {
            // Upper tail: work with survival functions Q(x) = Φ(−x).
            double qLow = Normal.CDF(0, 1, -low), qHigh = double.IsPositiveInfinity(high) ? 0 : Normal.CDF(0, 1, -high);
            var target = qHigh + ((1 - p) * (qLow - qHigh));
            if (target <= 0)
            {
                return low;
            }

            return Math.Clamp(-Normal.InvCDF(0, 1, target), low, high);
        }

        if (high <= 0)
        {
            return -TruncatedNormalQuantile(1 - p, -high, -low);
        }

        double pLow = double.IsNegativeInfinity(low) ? 0 : Normal.CDF(0, 1, low), pHigh = double.IsPositiveInfinity(high) ? 1 : Normal.CDF(0, 1, high);
        return Math.Clamp(Normal.InvCDF(0, 1, pLow + (p * (pHigh - pLow))), low, high);
    }

    /// <summary>
    /// The 1 − α quantile of |N(b, 1)|: the c with Φ(c − b) − Φ(−c − b) = 1 − α (Armstrong and Kolesár 2018's
    /// cv_α(b)), by bisection to machine precision.
    /// </summary>
    public static double FoldedNormalQuantile(double alpha, double bias)
    {
        var b = Math.Abs(bias);
        double low = b, high = b + Normal.InvCDF(0, 1, 1 - (alpha / 2)) + 1;
        for (var i = 0; i < 200 && high - low > 1e-15 * high; i++)
        {
            var mid = 0.5 * (low + high);
            var coverage = Normal.CDF(0, 1, mid - b) - Normal.CDF(0, 1, -mid - b);
            if (coverage < 1 - alpha)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }
}
