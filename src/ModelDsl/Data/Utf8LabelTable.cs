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

    // For labels of one to eight bytes, their bytes as one word (ShortKey); 0 for longer ones and the empty label,
    // whose length alone tells them from every short label.
    private ulong[] _keys = new ulong[16];
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
        if (label.Length is > 0 and <= 8)
        {
            return GetOrAddShort(label, ShortKey(label));
        }

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

        return Add(label, hash, slot, key: 0);
    }

    /// <summary>
    /// The code of a label of one to eight bytes whose <see cref="ShortKey"/> is <paramref name="key"/> (ids, years,
    /// short names: most labels): hashed and compared as one word, with no loop over its bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAddShort(ReadOnlySpan<byte> label, ulong key)
    {
        // The same hash as Hash(label) gives for one to eight bytes (one word, zero-padded), so that labels added
        // either way find each other.
        var hash = Finish(BitOperations.RotateLeft((0x9E3779B97F4A7C15UL ^ (ulong)label.Length ^ key) * 0xBF58476D1CE4E5B9UL, 29));
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                break;
            }

            // Equal lengths and equal zero-padded words are equal byte strings.
            if (_keys[entry] == key && _lengths[entry] == label.Length)
            {
                return entry;
            }

            slot = (slot + 1) & mask;
        }

        return Add(label, hash, slot, key);
    }

    /// <summary>The bytes of a label of one to eight bytes as one little-endian word, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShortKey(ReadOnlySpan<byte> label)
    {
        ref var first = ref MemoryMarshal.GetReference(label);
        var length = label.Length;
        if (length >= 4)
        {
            // Two four-byte words that overlap when the label is shorter than eight bytes: the shared bytes are the
            // same in both, so OR joins them.
            ulong low = Unsafe.ReadUnaligned<uint>(ref first);
            ulong high = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4));
            return low | (high << ((length - 4) * 8));
        }

        ulong key = first;
        if (length > 1)
        {
            key |= (ulong)Unsafe.Add(ref first, 1) << 8;
        }

        if (length > 2)
        {
            key |= (ulong)Unsafe.Add(ref first, 2) << 16;
        }

        return key;
    }

    private int Add(ReadOnlySpan<byte> label, int hash, int slot, ulong key)
    {
        var code = Count;
        if (code == _hashes.Length)
        {
            Array.Resize(ref _hashes, code * 2);
            Array.Resize(ref _starts, code * 2);
            Array.Resize(ref _lengths, code * 2);
            Array.Resize(ref _keys, code * 2);
        }

        if (_byteCount + label.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _byteCount + label.Length));
        }

        label.CopyTo(_bytes.AsSpan(_byteCount));
        _hashes[code] = hash;
        _keys[code] = key;
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

        return Finish(hash);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Finish(ulong hash)
    {
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
