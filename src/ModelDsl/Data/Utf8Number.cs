using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelDsl.Data;

/// <summary>
/// The CSV reader's fast path for decimal numbers in UTF-8: the common spellings (<c>-1.25</c>, <c>0.12345678901234567</c>,
/// <c>2.5e-3</c>) parsed exactly, to the same double that <see cref="CsvUtf8.TryParseNumber"/> gives, without
/// calling the general parser. Anything else it declines, and the caller asks the general parser.
/// </summary>
/// <remarks>
/// <para>
/// Accepted here: an optional sign, then digits with an optional fraction (<c>12</c>, <c>12.5</c>, <c>.5</c>; a
/// point must be followed by a digit), then an optional exponent (<c>e</c> or <c>E</c>, optional sign, one to four
/// digits), with at most 19 significant digits and a value whose decimal exponent q (value = w · 10^q for the
/// integer w of the significant digits) lies in −19 … 19. Every such text is a number by
/// <see cref="CsvConventions.TryParseNumber"/> (invariant culture, <see cref="System.Globalization.NumberStyles.Float"/>),
/// and the result is the correctly rounded double (IEEE 754 round to nearest, ties to even), which is what .NET's
/// parser returns since .NET Core 3.0. The reader's property test compares the two on random texts, bit for bit.
/// </para>
/// <para>
/// The arithmetic is exact: w ≤ 2^53 and |q| ≤ 22 is Clinger's fast path (one correctly rounded multiplication or
/// division of two exact doubles; W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990);
/// otherwise w · 10^q is formed as a 128-bit integer for q ≥ 0, or as the 64-bit quotient of w · 2^s by 10^−q with
/// its remainder for q &lt; 0 (by 10^−q's precomputed reciprocal, no hardware division), and rounded to 53 bits by
/// hand with the remainder as sticky bit. Results stay far inside the normal range (10^−19 … 2^128), so no subnormal
/// or overflow case arises.
/// </para>
/// </remarks>
internal static class Utf8Number
{
    private const int MaxSignificantDigits = 19;
    private const int MaxExponentDigits = 4;
    private const ulong TwoPow53 = 1UL << 53;

    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static readonly ulong[] IntegerPowersOfTen = Enumerable.Range(0, 20).Select(e => (ulong)BigInteger.Pow(10, e)).ToArray();

    // For DividePowerOfTen: 10^n shifted left until its top bit is set, the shift, and its reciprocal.
    private static readonly int[] PowerOfTenShifts = IntegerPowersOfTen.Select(BitOperations.LeadingZeroCount).ToArray();

    private static readonly ulong[] NormalizedPowersOfTen = IntegerPowersOfTen.Select(p => p << BitOperations.LeadingZeroCount(p)).ToArray();

    private static readonly ulong[] PowerOfTenReciprocals = NormalizedPowersOfTen.Select(d => (ulong)((UInt128.MaxValue / d) - ((UInt128)1 << 64))).ToArray();

    /// <summary>
    /// Parses the number at the start of <paramref name="text"/> when it is in the form this class handles, and
    /// returns how many bytes it spans; 0 when it declines (not that form, too many digits, exponent out of range).
    /// </summary>
    /// <remarks>The caller checks that the number ends the cell; a longer cell (<c>1.5x</c>) goes to the general parser.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TryParsePrefix(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var length = text.Length;
        ref var first = ref MemoryMarshal.GetReference(text);
        var i = 0;
        var negative = false;
        if (length > 0 && (first == '-' || first == '+'))
        {
            negative = first == '-';
            i++;
        }

        // Leading zeros are not significant; then up to 19 digits fit a ulong (more may wrap it, but are declined).
        var integerStart = i;
        while (i < length && Unsafe.Add(ref first, i) == '0')
        {
            i++;
        }

        ulong significand = 0;
        var significantStart = i;
        while (BitConverter.IsLittleEndian && i + 8 <= length && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i)) is var eight && AreEightDigits(eight))
        {
            significand = (significand * 100_000_000) + EightDigits(eight);
            i += 8;
        }

        while (i < length && (uint)(Unsafe.Add(ref first, i) - '0') <= 9)
        {
            significand = (significand * 10) + (uint)(Unsafe.Add(ref first, i) - '0');
            i++;
        }

        var significant = i - significantStart;
        var mantissaDigits = i - integerStart;
        var exponent = 0;
        if (i < length && Unsafe.Add(ref first, i) == '.')
        {
            // A point with no digit after it ("5.", "5.e3") is left to the general parser.
            if (i + 1 >= length || (uint)(Unsafe.Add(ref first, i + 1) - '0') > 9)
            {
                return 0;
            }

            i++;
            var fractionStart = i;
            if (significand == 0)
            {
                // Zeros right after the point are not significant either when nothing came before them.
                while (i < length && Unsafe.Add(ref first, i) == '0')
                {
                    i++;
                }
            }

            var fractionSignificantStart = i;
            while (BitConverter.IsLittleEndian && i + 8 <= length && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i)) is var eight && AreEightDigits(eight))
            {
                significand = (significand * 100_000_000) + EightDigits(eight);
                i += 8;
            }

            while (i < length && (uint)(Unsafe.Add(ref first, i) - '0') <= 9)
            {
                significand = (significand * 10) + (uint)(Unsafe.Add(ref first, i) - '0');
                i++;
            }

            significant += i - fractionSignificantStart;
            exponent = fractionStart - i;
            mantissaDigits += i - fractionStart;
        }

        if (mantissaDigits == 0 || significant > MaxSignificantDigits)
        {
            return 0;
        }

        if (i < length && (Unsafe.Add(ref first, i) | 0x20) == 'e')
        {
            var j = i + 1;
            var exponentNegative = false;
            if (j < length && (Unsafe.Add(ref first, j) == '-' || Unsafe.Add(ref first, j) == '+'))
            {
                exponentNegative = Unsafe.Add(ref first, j) == '-';
                j++;
            }

            var start = j;
            var written = 0;
            while (j < length && (uint)(Unsafe.Add(ref first, j) - '0') <= 9)
            {
                if (j - start == MaxExponentDigits)
                {
                    return 0;
                }

                written = (written * 10) + (Unsafe.Add(ref first, j) - '0');
                j++;
            }

            // "1e" or "1e+" is not a number of this form; the general parser decides.
            if (j == start)
            {
                return 0;
            }

            exponent += exponentNegative ? -written : written;
            i = j;
        }

        if (significand == 0)
        {
            value = negative ? -0.0 : 0.0;
            return i;
        }

        double magnitude;
        if (significand <= TwoPow53 && exponent >= -22 && exponent <= 22)
        {
            magnitude = exponent < 0 ? significand / ExactPowersOfTen[-exponent] : significand * ExactPowersOfTen[exponent];
        }
        else if (exponent >= 0 && exponent <= 19)
        {
            var high = Math.BigMul(significand, IntegerPowersOfTen[exponent], out var low);
            magnitude = Round(high, low, 0, sticky: false);
        }
        else if (exponent < 0 && exponent >= -19)
        {
            // w · 2^s / 10^−q with s chosen so that the quotient lies in (2^62, 2^64): more than the 53 bits kept plus
            // the rounding bit, with the remainder as the last sticky bit.
            var divisor = IntegerPowersOfTen[-exponent];
            var shift = 63 + (64 - BitOperations.LeadingZeroCount(divisor)) - (64 - BitOperations.LeadingZeroCount(significand));
            var high = shift >= 64 ? significand << (shift - 64) : significand >> (64 - shift);
            var low = shift >= 64 ? 0 : significand << shift;
            var quotient = DividePowerOfTen(high, low, -exponent, out var remainder);
            magnitude = Round(0, quotient, -shift, sticky: remainder != 0);
        }
        else
        {
            return 0;
        }

        value = negative ? -magnitude : magnitude;
        return i;
    }

    // Whether the eight bytes of v (read little-endian from the text) are all ASCII digits: each has high nibble 3,
    // and adding 6 keeps it there (0x3A…0x3F become 0x40…0x45; no byte carries into the next).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreEightDigits(ulong v)
        => (v & 0xF0F0F0F0F0F0F0F0UL) == 0x3030303030303030UL && ((v + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) == 0x3030303030303030UL;

    // The value of eight ASCII digits (the first byte the most significant) by three multiplications: pairs of
    // digits, then pairs of pairs, then the two halves (SWAR: SIMD within a register).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong v)
    {
        v -= 0x3030303030303030UL;
        v = (v * 10) + (v >> 8);
        return (((v & 0x000000FF000000FFUL) * (100 + (1_000_000UL << 32))) + (((v >> 16) & 0x000000FF000000FFUL) * (1 + (10_000UL << 32)))) >> 32;
    }

    // (high·2^64 + low) · 2^binaryExponent rounded to 53 bits, ties to even; sticky: a non-zero remainder lies
    // below the last bit of the value.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Round(ulong high, ulong low, int binaryExponent, bool sticky)
    {
        var bits = high != 0 ? 128 - BitOperations.LeadingZeroCount(high) : 64 - BitOperations.LeadingZeroCount(low);
        if (bits <= 53)
        {
            // Only exact products get here: a quotient has more than 62 bits.
            return Math.ScaleB(low, binaryExponent);
        }

        var drop = bits - 53;
        var kept = drop >= 64 ? high >> (drop - 64) : (high << (64 - drop)) | (low >> drop);
        var roundBit = Bit(high, low, drop - 1);
        var below = sticky || AnyBelow(high, low, drop - 1);
        if (roundBit && (below || (kept & 1) == 1))
        {
            // kept may become 2^53, which is still exact as a double.
            kept++;
        }

        // kept · 2^e with kept in [2^52, 2^53] is a normal double (results stay far inside the normal range): its bits
        // are the biased exponent e + 1075 over the 52 bits below kept's leading one. Adding kept to (e + 1074) << 52
        // adds that leading one to the exponent field, and for kept = 2^53 two, which is 2^52 · 2^(e+1), as it should.
        return BitConverter.UInt64BitsToDouble(((ulong)(binaryExponent + drop + 1074) << 52) + kept);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Bit(ulong high, ulong low, int index)
        => index >= 64 ? ((high >> (index - 64)) & 1) == 1 : ((low >> index) & 1) == 1;

    // Whether any of the bits below index is set.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnyBelow(ulong high, ulong low, int index)
        => index > 64 ? low != 0 || (high & ((1UL << (index - 64)) - 1)) != 0
            : index == 64 ? low != 0
            : (low & ((1UL << index) - 1)) != 0;

    /// <summary>
    /// (high·2^64 + low) / 10^n and its remainder, for 1 ≤ n ≤ 19 and high &lt; 10^n (so that the quotient fits 64
    /// bits): the 128-by-64-bit division by an invariant divisor with a precomputed reciprocal, one multiplication and
    /// at most two corrections in place of hardware divisions (N. Möller and T. Granlund, "Improved division by
    /// invariant integers", IEEE Transactions on Computers 60(2), 2011, algorithm 4).
    /// </summary>
    internal static ulong DividePowerOfTen(ulong high, ulong low, int n, out ulong remainder)
    {
        var shift = PowerOfTenShifts[n];
        var divisor = NormalizedPowersOfTen[n];
        var upper = shift == 0 ? high : (high << shift) | (low >> (64 - shift));
        var lower = low << shift;

        // (q1, q0) = v · upper + (upper, lower), v = ⌊(2^128 − 1) / d⌋ − 2^64 for the normalised d.
        var q1 = Math.BigMul(PowerOfTenReciprocals[n], upper, out var q0);
        q0 += lower;
        q1 += upper + (q0 < lower ? 1UL : 0UL) + 1;
        var rest = lower - (q1 * divisor);
        if (rest > q0)
        {
            q1--;
            rest += divisor;
        }

        if (rest >= divisor)
        {
            q1++;
            rest -= divisor;
        }

        remainder = rest >> shift;
        return q1;
    }
}
