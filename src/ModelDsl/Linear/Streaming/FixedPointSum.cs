using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelDsl.Streaming;

/// <summary>
/// Order-independent summation of doubles: each term is put on a fixed binary grid (rounded to the nearest multiple of
/// 2^−s, ties to even) and the grid integers are added exactly, so that any split of the terms into partitions, in any
/// order, merged in any order, gives the same bits; the sum is rounded to a double once.
/// </summary>
/// <remarks>
/// <para>The grid of a sum is set from a bound B on its terms (|term| ≤ B ≤ 2^E): s = <see cref="FractionBits"/> − E,
/// so a term is kept to 2^−89 of the bound (a relative error of 2e-27 of the largest possible term) and up to 2^38 terms
/// add without overflow (2^38 × 2^88 = 2^126 &lt; 2^127). This is the fixed-point form of the exact accumulators of
/// Neal (2015, "Fast exact summation using small and large superaccumulators", arXiv:1505.05571): where a
/// superaccumulator keeps every bit of every double (67 words), this keeps 128 bits on a grid chosen from a bound the
/// fit knows (the column's largest absolute value), which is what lets one sum per fixed-effect level fit in 16 bytes.
/// Integer addition is associative and commutative (even through intermediate wrap-around), which is the property the
/// partitioned fit needs: bitwise-identical statistics after merging for every split of the rows.</para>
/// <para>How a term becomes an integer, fast: y = x·2^s is exact (a power of two) and |y| ≤ 2^88 for a term within
/// its bound. y = h·2^44 + r with h = round(y·2^−44) and r = y − h·2^44, both exact (|h| ≤ 2^45, |r| ≤ 2^43), and
/// round(y) = h·2^44 + round(r) (h·2^44 is an even integer, so ties go the same way). Both roundings are the
/// magic-number conversion bits(v + 1.5·2^52) − bits(1.5·2^52), exact for |v| &lt; 2^51, which is plain IEEE addition:
/// the same integer on every machine, in a vector lane or a scalar register. The h and r parts of up to 2^16 terms
/// are added in 64-bit integers (|Σh| ≤ 2^61) and folded into the 128-bit sum once per block, so the inner loops do
/// no 128-bit arithmetic and run four terms per instruction. A term beyond 2^89 (outside its bound, or a scale beyond
/// a double's exponent range) takes the general 128-bit conversion, which gives the same integer.</para>
/// </remarks>
internal static class FixedPointSum
{
    /// <summary>The bits kept below the bound's binary exponent.</summary>
    internal const int FractionBits = 88;

    /// <summary>The most terms one sum may take (2^38), so that the 128-bit integer cannot overflow.</summary>
    internal const long MaximumTerms = 1L << 38;

    /// <summary>The most terms whose split parts are added in 64 bits before they are folded into 128 bits.</summary>
    internal const int BlockTerms = 1 << 16;

    private const int SplitBits = 44;
    private const double Split = 17_592_186_044_416.0;
    private const double SplitInverse = 1.0 / Split;

    // 1.5·2^52: v + Magic lies in [2^52, 2^53) for |v| < 2^51, where doubles are the integers, so the addition rounds v
    // to the nearest integer (ties to even) and its bits minus Magic's bits are that integer.
    private const double Magic = 6_755_399_441_055_744.0;
    private const long MagicBits = 0x4338_0000_0000_0000;

    // 2^89: the largest |y| whose high part keeps 2^16 additions within 64 bits.
    private const double Limit = 618_970_019_642_690_137_449_562_112.0;

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

    /// <summary>x on the grid 2^−scale: round(x·2^s), ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Int128 ToFixed(double x, int scale)
    {
        var y = x * Factor(scale);
        return Math.Abs(y) <= Limit ? Compose(High(y, out var low), low) : General(x, scale);
    }

    /// <summary>The grid integer <paramref name="value"/> as a double (one rounding), in the units of the terms.</summary>
    internal static double ToDouble(Int128 value, int scale) => Math.ScaleB((double)value, -scale);

    /// <summary>Σ round(a_i·b_i·2^s): the products' grid integers, summed exactly (<paramref name="a"/> and <paramref name="b"/> of one length).</summary>
    internal static Int128 SumProducts(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int scale) => Blocks(a, b, scale);

    /// <summary>Σ round(x_i·2^s): the terms' grid integers, summed exactly.</summary>
    internal static Int128 Sum(ReadOnlySpan<double> x, int scale) => Blocks(x, default, scale);

    // The terms (or products, when b is not empty) in blocks of at most BlockTerms.
    private static Int128 Blocks(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int scale)
    {
        Int128 total = 0;
        for (var start = 0; start < a.Length; start += BlockTerms)
        {
            var length = Math.Min(BlockTerms, a.Length - start);
            total += SumBlock(a.Slice(start, length), b.IsEmpty ? default : b.Slice(start, length), scale);
        }

        return total;
    }

    /// <summary>
    /// target[(offset + codes[i])·stride + column] += round(x_i·2^s) for every i with codes[i] ≥ 0: a sum per level.
    /// Runs of one code (rows sorted by unit or cluster) are added in 64 bits and folded once per run.
    /// </summary>
    internal static void AddByCode(ReadOnlySpan<int> codes, ReadOnlySpan<double> x, int scale, Span<Int128> target, int offset, int stride, int column)
    {
        var factor = Factor(scale);
        var current = -1;
        var terms = 0;
        long high = 0;
        long low = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            if (code < 0)
            {
                continue;
            }

            if (code != current || terms == BlockTerms)
            {
                if (terms > 0)
                {
                    target[((offset + current) * stride) + column] += Compose(high, low);
                }

                current = code;
                terms = 0;
                high = 0;
                low = 0;
            }

            var y = x[i] * factor;
            if (Math.Abs(y) <= Limit)
            {
                high += High(y, out var part);
                low += part;
                terms++;
            }
            else
            {
                target[((offset + code) * stride) + column] += General(x[i], scale);
            }
        }

        if (terms > 0)
        {
            target[((offset + current) * stride) + column] += Compose(high, low);
        }
    }

    // h = round(y·2^−44) and round(y − h·2^44), for |y| ≤ 2^89.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long High(double y, out long low)
    {
        var shifted = (y * SplitInverse) + Magic;
        var rest = y - ((shifted - Magic) * Split);
        low = BitConverter.DoubleToInt64Bits(rest + Magic) - MagicBits;
        return BitConverter.DoubleToInt64Bits(shifted) - MagicBits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Int128 Compose(long high, long low) => ((Int128)high << SplitBits) + low;

    // 2^s as a double: exact for s in a double's exponent range; beyond it ∞ or 0, which the |y| ≤ Limit test sends to
    // the general conversion (∞) or which rounds to the same 0 the exact product would (0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Factor(int scale) => Math.ScaleB(1.0, scale);

    private static Int128 General(double x, int scale) => (Int128)Math.Round(Math.ScaleB(x, scale), MidpointRounding.ToEven);

    // One block of at most BlockTerms terms (b empty: the terms are a itself), four lanes at a time.
    private static Int128 SumBlock(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int scale)
    {
        var factor = Factor(scale);
        var products = !b.IsEmpty;
        Int128 outside = 0;
        var i = 0;
        long high = 0;
        long low = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            var f = Vector256.Create(factor);
            var limit = Vector256.Create(Limit);
            var inverse = Vector256.Create(SplitInverse);
            var split = Vector256.Create(Split);
            var magic = Vector256.Create(Magic);
            var magicBits = Vector256.Create(MagicBits);
            var highs = Vector256<long>.Zero;
            var lows = Vector256<long>.Zero;
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var x = Vector256.Create(a.Slice(i, Vector256<double>.Count));
                if (products)
                {
                    x *= Vector256.Create(b.Slice(i, Vector256<double>.Count));
                }

                var y = x * f;
                var inside = Vector256.LessThanOrEqual(Vector256.Abs(y), limit);
                if (inside.AsUInt64() != Vector256<ulong>.AllBitsSet)
                {
                    // Rare: a lane beyond the fast range (or NaN) is converted on its own, and zero in the vector.
                    for (var lane = 0; lane < Vector256<double>.Count; lane++)
                    {
                        if (inside.AsUInt64().GetElement(lane) == 0)
                        {
                            outside += General(x.GetElement(lane), scale);
                        }
                    }

                    y = Vector256.ConditionalSelect(inside, y, Vector256<double>.Zero);
                }

                var shifted = (y * inverse) + magic;
                var rest = y - ((shifted - magic) * split);
                highs += shifted.AsInt64() - magicBits;
                lows += (rest + magic).AsInt64() - magicBits;
            }

            high = Vector256.Sum(highs);
            low = Vector256.Sum(lows);
        }

        for (; i < a.Length; i++)
        {
            var x = products ? a[i] * b[i] : a[i];
            var y = x * factor;
            if (Math.Abs(y) <= Limit)
            {
                high += High(y, out var part);
                low += part;
            }
            else
            {
                outside += General(x, scale);
            }
        }

        return Compose(high, low) + outside;
    }
}
