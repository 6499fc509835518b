namespace ModelDsl.Streaming;

/// <summary>
/// Row counts per key of one key column, mergeable: keys in [0, 2^27) are counted in a growable array indexed by the
/// key (the common case of dense integer ids, one array access per row), other keys in a dictionary.
/// </summary>
/// <remarks>Memory is bounded by the number of levels (or the largest dense key), never by rows.</remarks>
internal sealed class LevelCounter
{
    private const long DirectLimit = 1L << 27;
    private long[] _direct = [];
    private readonly Dictionary<long, long> _other = [];

    internal void Add(long key)
    {
        if ((ulong)key < DirectLimit)
        {
            if (key >= _direct.Length)
            {
                Array.Resize(ref _direct, (int)Math.Min(DirectLimit, Math.Max(key + 1, _direct.Length * 2L)));
            }

            _direct[key]++;
        }
        else
        {
            _other[key] = _other.GetValueOrDefault(key) + 1;
        }
    }

    internal void Merge(LevelCounter other)
    {
        if (other._direct.Length > _direct.Length)
        {
            Array.Resize(ref _direct, other._direct.Length);
        }

        for (var i = 0; i < other._direct.Length; i++)
        {
            _direct[i] += other._direct[i];
        }

        foreach (var (key, count) in other._other)
        {
            _other[key] = _other.GetValueOrDefault(key) + count;
        }
    }

    /// <summary>The keys with a positive count, in increasing order, and their counts.</summary>
    internal (long[] Keys, long[] Counts) Sorted()
    {
        var pairs = new List<(long Key, long Count)>();
        for (var i = 0; i < _direct.Length; i++)
        {
            if (_direct[i] > 0)
            {
                pairs.Add((i, _direct[i]));
            }
        }

        pairs.AddRange(_other.Select(p => (p.Key, p.Value)));
        pairs.Sort((a, b) => a.Key.CompareTo(b.Key));
        return (pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Count).ToArray());
    }
}

/// <summary>
/// The levels of one key column: key → code, codes numbered in increasing key order (so that they do not depend on how
/// the rows were partitioned). A code of −1 marks a key outside the estimation sample.
/// </summary>
internal sealed class LevelIndex
{
    private readonly int[] _direct;
    private readonly long _offset;
    private readonly Dictionary<long, int>? _map;

    internal LevelIndex(long[] keys, int[] codes, int levels)
    {
        Keys = keys;
        Levels = levels;
        if (keys.Length > 0 && keys[^1] - keys[0] < Math.Max(1L << 20, 4L * keys.Length))
        {
            _offset = keys[0];
            _direct = new int[keys[^1] - keys[0] + 1];
            Array.Fill(_direct, -1);
            for (var i = 0; i < keys.Length; i++)
            {
                _direct[keys[i] - _offset] = codes[i];
            }
        }
        else
        {
            _direct = [];
            _map = new Dictionary<long, int>(keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                _map[keys[i]] = codes[i];
            }
        }
    }

    /// <summary>Every key seen, in increasing order.</summary>
    internal long[] Keys { get; }

    /// <summary>The number of codes (levels in the sample).</summary>
    internal int Levels { get; }

    /// <summary>The code of <paramref name="key"/>, or −1 when it is not in the sample.</summary>
    internal int Code(long key)
    {
        if (_map is null)
        {
            var at = key - _offset;
            return (ulong)at < (ulong)_direct.Length ? _direct[at] : -1;
        }

        return _map.TryGetValue(key, out var code) ? code : -1;
    }

    /// <summary>An index numbering every key 0, 1, … in order.</summary>
    internal static LevelIndex Of(long[] sortedKeys) => new(sortedKeys, Enumerable.Range(0, sortedKeys.Length).ToArray(), sortedKeys.Length);

    /// <summary>The index keeping only the keys whose current code has <paramref name="keep"/> set, renumbered in order.</summary>
    internal LevelIndex Keep(IReadOnlyList<bool> keep)
    {
        var codes = new int[Keys.Length];
        var next = 0;
        for (var i = 0; i < Keys.Length; i++)
        {
            var code = Code(Keys[i]);
            codes[i] = code >= 0 && keep[code] ? next++ : -1;
        }

        return new LevelIndex(Keys, codes, next);
    }
}
