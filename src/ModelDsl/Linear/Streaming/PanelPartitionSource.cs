using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Streaming;

/// <summary>
/// An in-memory <see cref="PanelData"/> read as a partitioned batch source: the rows are cut at the given split points
/// into partitions, each read in batches of at most <see cref="BatchRows"/> rows. This is the single-machine stand-in
/// for a partitioned file or table, and what the tests use to split a panel in arbitrary ways.
/// </summary>
/// <remarks>
/// Key columns: a categorical column gives its category codes (a missing category is a missing key); a numeric column
/// gives its values, which must be whole numbers (a missing value is a missing key).
/// </remarks>
public sealed class PanelPartitionSource : IColumnBatchSource
{
    private readonly PanelData _data;
    private readonly int[] _starts;

    /// <summary>Partitions <paramref name="data"/> at <paramref name="splitPoints"/> (row indices, increasing; none gives one partition).</summary>
    /// <param name="data">The panel.</param>
    /// <param name="splitPoints">The first row of every partition but the first, strictly increasing, each in 1..RowCount − 1.</param>
    /// <param name="batchRows">The most rows per batch.</param>
    public PanelPartitionSource(PanelData data, IEnumerable<int>? splitPoints = null, int batchRows = 65_536)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchRows), batchRows, "A batch needs at least one row.");
        }

        _data = data;
        BatchRows = batchRows;
        var starts = new List<int> { 0 };
        foreach (var point in splitPoints ?? [])
        {
            if (point <= starts[^1] || point >= data.RowCount)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Split point {point} must be greater than the previous one ({starts[^1]}) and less than the row count ({data.RowCount})."), nameof(splitPoints));
            }

            starts.Add(point);
        }

        _starts = [.. starts];
    }

    /// <summary>Cuts <paramref name="data"/> into <paramref name="partitions"/> partitions of (nearly) equal row counts.</summary>
    /// <param name="data">The panel.</param>
    /// <param name="partitions">The number of partitions (at most the row count).</param>
    /// <param name="batchRows">The most rows per batch.</param>
    public static PanelPartitionSource Even(PanelData data, int partitions, int batchRows = 65_536)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (partitions < 1 || partitions > Math.Max(1, data.RowCount))
        {
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"Give between 1 and {data.RowCount} partitions.");
        }

        var points = Enumerable.Range(1, partitions - 1).Select(p => (int)((long)p * data.RowCount / partitions)).Distinct().Where(p => p > 0);
        return new PanelPartitionSource(data, points, batchRows);
    }

    /// <summary>The most rows per batch.</summary>
    public int BatchRows { get; }

    /// <inheritdoc />
    public int PartitionCount => _starts.Length;

    /// <inheritdoc />
    public IEnumerable<ColumnBatch> Read(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(keyColumns);
        if (partition < 0 || partition >= _starts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The source has {_starts.Length} partitions.");
        }

        var start = _starts[partition];
        var end = partition + 1 < _starts.Length ? _starts[partition + 1] : _data.RowCount;
        for (var first = start; first < end; first += BatchRows)
        {
            var count = Math.Min(BatchRows, end - first);
            var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var name in numericColumns)
            {
                numbers[name] = _data[name] is NumericColumn numeric
                    ? numeric.Values.Slice(first, count).ToArray()
                    : throw new ArgumentException($"Column '{name}' is categorical; a streaming regression needs it numeric.");
            }

            var keys = new Dictionary<string, KeyColumn>(StringComparer.Ordinal);
            foreach (var name in keyColumns)
            {
                keys[name] = KeysOf(name, first, count);
            }

            yield return new ColumnBatch(count, numbers, keys);
        }
    }

    private KeyColumn KeysOf(string name, int first, int count)
    {
        var values = new long[count];
        var missing = new bool[count];
        var anyMissing = false;
        if (_data[name] is CategoricalColumn categorical)
        {
            var codes = categorical.Codes.Slice(first, count);
            for (var i = 0; i < count; i++)
            {
                values[i] = codes[i];
                missing[i] = codes[i] < 0;
                anyMissing |= missing[i];
            }
        }
        else
        {
            var numbers = ((NumericColumn)_data[name]).Values.Slice(first, count);
            for (var i = 0; i < count; i++)
            {
                var v = numbers[i];
                if (double.IsNaN(v))
                {
                    missing[i] = anyMissing = true;
                }
                else if (v != Math.Floor(v) || Math.Abs(v) > 9e15)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {first + i + 1} of '{name}' is {v}; a fixed-effect or cluster column read as keys must hold whole numbers (or be categorical)."));
                }
                else
                {
                    values[i] = (long)v;
                }
            }
        }

        return new KeyColumn(values, anyMissing ? missing : null);
    }
}
