namespace ModelDsl.Results;

/// <summary>
/// A small seeded pseudo-random generator (xoshiro256**, Blackman and Vigna 2018) seeded through SplitMix64,
/// so that results depend only on the seed, never on the runtime's <see cref="Random"/> implementation.
/// </summary>
/// <remarks>Draw b of a parallel loop uses <see cref="ForStream"/>(seed, b): its numbers do not depend on which thread runs it.</remarks>
internal sealed class RandomStream
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    internal RandomStream(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for draw <paramref name="stream"/> of a run seeded with <paramref name="seed"/>.</summary>
    internal static RandomStream ForStream(int seed, int stream)
    {
        var x = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)stream + 0xD1B54A32D192ED03UL));
        return new RandomStream(SplitMix(ref x) ^ (ulong)stream);
    }

    /// <summary>A uniform integer in [0, bound) without modulo bias (Lemire 2019).</summary>
    internal int NextInt(int bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        }

        var range = (ulong)bound;
        var product = (UInt128)NextUInt64() * range;
        var low = (ulong)product;
        if (low < range)
        {
            var threshold = unchecked(0UL - range) % range;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * range;
                low = (ulong)product;
            }
        }

        return (int)(ulong)(product >> 64);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    internal double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
    internal double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    internal void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    internal ulong NextUInt64()
    {
        var result = BitRotate(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
