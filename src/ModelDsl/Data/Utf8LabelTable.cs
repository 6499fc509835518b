using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelDsl.Data;

/// <summary>
/// Interns labels by their UTF-8 bytes: each distinct byte string gets the next code, in order of first appearance,
/// and its bytes are kept once. No string is made per cell; the caller makes one per distinct label at the end.
/// </summary>
/// <remarks>
/// Open addressing with linear probing over a power-of-two table, kept at most half full. Equal byte strings are
/// equal labels: the reader hands over valid UTF-8 only, where byte equality is ordinal string equality.
/// </remarks>
internal sealed class Utf8LabelTable
{
    private int[] _slots = new int[64];
    private int[] _hashes = new int[16];
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private byte[] _bytes = new byte[256];
    private int _byteCount;

    /// <summary>The number of distinct labels.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes of label <paramref name="code"/>.</summary>
    public ReadOnlySpan<byte> this[int code] => _bytes.AsSpan(_starts[code], _lengths[code]);

    /// <summary>The code of <paramref name="label"/>, added with the next code when it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(ReadOnlySpan<byte> label)
    {
        var hash = Hash(label);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                break;
            }

            if (_hashes[entry] == hash && label.SequenceEqual(_bytes.AsSpan(_starts[entry], _lengths[entry])))
            {
                return entry;
            }

            slot = (slot + 1) & mask;
        }

        var code = Count;
        if (code == _hashes.Length)
        {
            Array.Resize(ref _hashes, code * 2);
            Array.Resize(ref _starts, code * 2);
            Array.Resize(ref _lengths, code * 2);
        }

        if (_byteCount + label.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _byteCount + label.Length));
        }

        label.CopyTo(_bytes.AsSpan(_byteCount));
        _hashes[code] = hash;
        _starts[code] = _byteCount;
        _lengths[code] = label.Length;
        _byteCount += label.Length;
        _slots[slot] = code + 1;
        Count = code + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return code;
    }

    // A multiply-rotate hash over 8-byte words; labels are short (ids, years, names), so this stays a few instructions.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<byte> label)
    {
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)label.Length;
        var words = label;
        while (words.Length >= 8)
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(words)) * 0xBF58476D1CE4E5B9UL, 29);
            words = words[8..];
        }

        if (!words.IsEmpty)
        {
            ulong tail = 0;
            words.CopyTo(MemoryMarshal.AsBytes(new Span<ulong>(ref tail)));
            hash = BitOperations.RotateLeft((hash ^ tail) * 0xBF58476D1CE4E5B9UL, 29);
        }

        hash ^= hash >> 32;
        hash *= 0x94D049BB133111EBUL;
        hash ^= hash >> 29;
        return (int)(hash & 0x7FFFFFFF);
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var code = 0; code < Count; code++)
        {
            var slot = _hashes[code] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = code + 1;
        }

        _slots = slots;
    }
}
