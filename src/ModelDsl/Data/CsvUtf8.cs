using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ModelDsl.Data;

/// <summary>
/// <see cref="CsvConventions"/> on UTF-8 field spans, for the reader's hot loop: the same trimming and number
/// syntax without a string per cell. Each accepts exactly what its string counterpart accepts (a property test
/// compares them on random text).
/// </summary>
internal static class CsvUtf8
{
    private static readonly bool[] AsciiWhiteSpace = Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c)).ToArray();

    /// <summary>
    /// <paramref name="cell"/> without leading and trailing white space, as <see cref="CsvConventions.TrimCell"/>
    /// (<see cref="string.Trim()"/>: every char for which <see cref="char.IsWhiteSpace(char)"/> holds, U+00A0 and
    /// U+3000 included). The cell must be valid UTF-8, which the reader guarantees.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return cell;
        }

        // Almost every cell starts and ends with an ASCII character that is not white space.
        var first = cell[0];
        var last = cell[^1];
        if (first < 0x80 && last < 0x80 && !AsciiWhiteSpace[first] && !AsciiWhiteSpace[last])
        {
            return cell;
        }

        return TrimWhiteSpace(cell);
    }

    /// <summary>Whether <see cref="Trim"/> may change a non-empty cell: it starts or ends with white space or a non-ASCII byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayNeedTrim(ReadOnlySpan<byte> cell)
    {
        var first = cell[0];
        var last = cell[^1];
        return first >= 0x80 || last >= 0x80 || AsciiWhiteSpace[first] || AsciiWhiteSpace[last];
    }

    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> cell)
    {
        var start = 0;
        while (start < cell.Length && Rune.DecodeFromUtf8(cell[start..], out var rune, out var consumed) == OperationStatus.Done && IsWhiteSpace(rune))
        {
            start += consumed;
        }

        var end = cell.Length;
        while (end > start && Rune.DecodeLastFromUtf8(cell[start..end], out var rune, out var consumed) == OperationStatus.Done && IsWhiteSpace(rune))
        {
            end -= consumed;
        }

        return cell[start..end];
    }

    /// <summary>
    /// Parses a trimmed cell as <see cref="CsvConventions.TryParseNumber"/> does: invariant culture,
    /// <see cref="NumberStyles.Float"/>, finite.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> trimmed, out double value)
        => double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    // string.Trim removes UTF-16 chars with char.IsWhiteSpace; every such char is in the BMP.
    private static bool IsWhiteSpace(Rune rune) => rune.IsBmp && char.IsWhiteSpace((char)rune.Value);
}
