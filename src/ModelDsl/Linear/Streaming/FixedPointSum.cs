using System.Runtime.CompilerServices;

namespace ModelDsl.Streaming;

/// <summary>
/// Order-independent summation of doubles: each term is put on a fixed binary grid (truncated toward zero to a
/// multiple of 2^q) and the grid integers are added exactly in 128-bit two's complement, so that any split of the
/// terms into partitions, in any order, merged in any order, gives the same bits; the sum is rounded to a double once.
/// </summary>
/// <remarks>
/// <para>The grid of a sum is set from a bound B on its terms (|term| ≤ B ≤ 2^E): q = E − <see cref="FractionBits"/>,
/// so a term is kept to 2^−88 of the bound (a relative error of 3e-27 of the largest possible term) and up to 2^38 terms
/// add without overflow (2^38 × 2^88 = 2^126 &lt; 2^127). This is the fixed-point form of the exact accumulators of
/// Neal (2015, "Fast exact summation using small and large superaccumulators", arXiv:1505.05571): where a
/// superaccumulator keeps every bit of every double (67 words), this keeps 128 bits on a grid chosen from a bound the
/// fit knows (the column's largest absolute value), which is what lets one sum per fixed-effect level fit in 16 bytes.
/// Integer addition is associative and commutative (even through intermediate wrap-around), which is the property the
/// partitioned fit needs: bitwise-identical statistics after merging for every split of the rows.</para>
/// </remarks>
internal static class FixedPointSum
{
    /// <summary>The bits kept below the bound's binary exponent.</summary>
    internal const int FractionBits = 88;

    /// <summary>The most terms one sum may take (2^38), so that the 128-bit integer cannot overflow.</summary>
    internal const long MaximumTerms = 1L << 38;

    /// <summary>The scale s = FractionBits − E for terms bounded by <paramref name="bound"/> (a term x goes on the grid as x·2^s).</summary>
    internal static int Scale(double bound)
    {
        if (!double.IsFinite(bound))
        {
            throw new ArithmeticException($"A bound of the streaming sums is {bound}; the data hold values too large to sum (rescale the columns).");
        }

        // E with bound < 2^E (bound 0: any grid; use the one of 1).
        var exponent = bound > 0 ? Math.ILogB(bound) + 1 : 1;
        return FractionBits - exponent;
    }

    private const double TwoTo44 = 17_592_186_044_416.0;
    private const double TwoToMinus44 = 1.0 / TwoTo44;
    private static readonly double Limit = Math.ScaleB(1.0, 100);
    private static readonly double[] Powers = Enumerable.Range(-1022, 2046).Select(e => Math.ScaleB(1.0, e)).ToArray();

    /// <summary>x on the grid 2^−scale, truncated toward zero.</summary>
    /// <remarks>
    /// The fast path computes trunc(x·2^s) without a 128-bit conversion: y = x·2^s is exact (a power of two); for
    /// |y| &lt; 2^100, y = H·2^44 + R with H = trunc(y/2^44) and R = y − H·2^44 both exact and R of y's sign, so
    /// trunc(y) = H·2^44 + trunc(R). Other values (beyond the bound, or scales outside a double's exponent range) take
    /// the general conversion, which gives the same integer.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Int128 ToFixed(double x, int scale)
    {
        if ((uint)(scale + 1022) < (uint)Powers.Length)
        {
            var y = x * Powers[scale + 1022];
            if (Math.Abs(y) < Limit)
            {
                var high = (long)(y * TwoToMinus44);
                var rest = y - (high * TwoTo44);
                return ((Int128)high << 44) + (long)rest;
            }
        }

        return (Int128)Math.ScaleB(x, scale);
    }

    /// <summary>The grid integer <paramref name="value"/> as a double (one rounding), in the units of the terms.</summary>
    internal static double ToDouble(Int128 value, int scale) => Math.ScaleB((double)value, -scale);
}
