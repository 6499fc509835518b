using System.Globalization;

namespace ModelDsl.Streaming;

/// <summary>
/// One batch of rows (a row group of a Parquet file, a slice of an in-memory panel) holding only the columns a
/// streaming fit asked for: numeric columns as doubles and key columns (fixed effects, clusters) as 64-bit integers.
/// </summary>
/// <remarks>
/// Missing numbers are NaN; a missing key is flagged in <see cref="KeyColumn.Missing"/>. Arrays may be longer than
/// <see cref="RowCount"/> (pooled buffers a source reuses): only their first RowCount values are rows, and a batch is
/// valid until the next batch of the same read is requested. Keys are any integers that
/// identify a level (a firm id, a year, a category code); the fit numbers the levels in increasing key order, so that
/// the codes do not depend on how the rows were split into batches or partitions.
/// </remarks>
public sealed class ColumnBatch
{
    private readonly Dictionary<string, double[]> _numbers;
    private readonly Dictionary<string, KeyColumn> _keys;

    /// <summary>A batch of <paramref name="rowCount"/> rows with the given numeric and key columns (each of that length).</summary>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="numbers">Numeric columns by name (NaN = missing), each at least <paramref name="rowCount"/> long.</param>
    /// <param name="keys">Key columns by name, each at least <paramref name="rowCount"/> long.</param>
    public ColumnBatch(int rowCount, IReadOnlyDictionary<string, double[]> numbers, IReadOnlyDictionary<string, KeyColumn> keys)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(keys);
        RowCount = rowCount;
        _numbers = new Dictionary<string, double[]>(numbers, StringComparer.Ordinal);
        _keys = new Dictionary<string, KeyColumn>(keys, StringComparer.Ordinal);
        foreach (var (name, values) in _numbers)
        {
            Require(name, values.Length);
        }

        foreach (var (name, column) in _keys)
        {
            Require(name, column.Values.Length);
            if (column.Missing is { } missing)
            {
                Require(name, missing.Length);
            }
        }
    }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The numeric column <paramref name="name"/> (NaN = missing).</summary>
    /// <param name="name">The column's name.</param>
    public ReadOnlySpan<double> Numbers(string name) => NumberArray(name).AsSpan(0, RowCount);

    /// <summary>The array behind <see cref="Numbers"/> (may be longer than <see cref="RowCount"/>).</summary>
    internal double[] NumberArray(string name) => _numbers.TryGetValue(name, out var values)
        ? values
        : throw new KeyNotFoundException($"The batch has no numeric column '{name}'; it has: {string.Join(", ", _numbers.Keys)}.");

    /// <summary>The key column <paramref name="name"/>.</summary>
    /// <param name="name">The column's name.</param>
    public KeyColumn Keys(string name) => _keys.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The batch has no key column '{name}'; it has: {string.Join(", ", _keys.Keys)}.");

    private void Require(string name, int length)
    {
        if (length < RowCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Column '{name}' of the batch has {length} values but the batch has {RowCount} rows; every column needs one value per row."));
        }
    }
}

/// <summary>A column of integer keys, with an optional flag per row for a missing key.</summary>
/// <param name="Values">The keys, one per row (any value where <paramref name="Missing"/> is set); may be longer than the batch.</param>
/// <param name="Missing">True where the row's key is missing; null when none is.</param>
public sealed record KeyColumn(long[] Values, bool[]? Missing = null);

/// <summary>
/// Where a streaming fit reads its rows: partitions, each read as a sequence of column batches holding only the
/// columns asked for. A partition is the unit of parallel work (a row group, a file, a slice of rows); a distributed
/// engine would hand each worker its partitions.
/// </summary>
/// <remarks>
/// Every read of a partition must yield the same rows in the same order (the fit reads the data in several passes and
/// assumes it unchanged). Reads of different partitions may run at the same time on different threads.
/// </remarks>
public interface IColumnBatchSource
{
    /// <summary>The number of partitions.</summary>
    int PartitionCount { get; }

    /// <summary>Reads partition <paramref name="partition"/> as batches holding the named numeric and key columns.</summary>
    /// <param name="partition">The partition, 0 ≤ partition &lt; <see cref="PartitionCount"/>.</param>
    /// <param name="numericColumns">The columns wanted as numbers.</param>
    /// <param name="keyColumns">The columns wanted as integer keys.</param>
    IEnumerable<ColumnBatch> Read(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns);
}
