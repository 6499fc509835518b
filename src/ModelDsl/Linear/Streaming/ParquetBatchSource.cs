using System.Buffers;
using System.Globalization;

using Parquet;
using Parquet.Schema;

namespace ModelDsl.Streaming;

/// <summary>
/// Parquet files read as a partitioned batch source: every row group of every file is a partition, read as one batch
/// holding only the columns a fit asks for (column projection: other columns' pages are never read).
/// </summary>
/// <remarks>
/// Numeric columns may be stored as double, float, 32- or 64-bit integers (nullable or not; a null is a missing value).
/// Key columns must be stored as integers (8 to 64 bits, nullable or not): a fixed effect or cluster stored as text
/// is refused with the column's name (write its codes as integers, or read the file into memory).
/// </remarks>
public sealed class ParquetBatchSource : IColumnBatchSource
{
    private readonly (string Path, int RowGroup)[] _partitions;

    /// <summary>The row groups of <paramref name="paths"/>, in order.</summary>
    /// <param name="paths">One or more Parquet files with the same columns.</param>
    public ParquetBatchSource(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("Give at least one Parquet file.", nameof(paths));
        }

        var partitions = new List<(string, int)>();
        long rows = 0;
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The Parquet file '{path}' does not exist.", path);
            }

            var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    partitions.Add((path, g));
                    using var group = reader.OpenRowGroupReader(g);
                    rows += group.RowCount;
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        _partitions = [.. partitions];
        RowCount = rows;
    }

    /// <summary>Rows in all files.</summary>
    public long RowCount { get; }

    /// <inheritdoc />
    public int PartitionCount => _partitions.Length;

    /// <inheritdoc />
    public IEnumerable<ColumnBatch> Read(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(keyColumns);
        if (partition < 0 || partition >= _partitions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The source has {_partitions.Length} row groups.");
        }

        // The column buffers are pooled: rented for the row group, returned when the caller asks for the next batch.
        var rented = new Buffers();
        try
        {
            yield return ReadGroup(partition, numericColumns, keyColumns, rented);
        }
        finally
        {
            rented.Return();
        }
    }

    private ColumnBatch ReadGroup(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns, Buffers rented)
    {
        var (path, rowGroup) = _partitions[partition];
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            return ReadGroup(reader, path, rowGroup, numericColumns, keyColumns, rented);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ColumnBatch ReadGroup(ParquetReader reader, string path, int rowGroup, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns, Buffers rented)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var fields = reader.Schema.GetDataFields();
        DataField Field(string name) => fields.FirstOrDefault(f => f.Name == name)
            ?? throw new KeyNotFoundException($"The Parquet file '{path}' has no column '{name}'; its columns are: {string.Join(", ", fields.Select(f => f.Name))}.");

        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in numericColumns)
        {
            numbers[name] = ReadNumbers(group, Field(name), rows, path, rented);
        }

        var keys = new Dictionary<string, KeyColumn>(StringComparer.Ordinal);
        foreach (var name in keyColumns)
        {
            keys[name] = ReadKeys(group, Field(name), rows, path, rented);
        }

        return new ColumnBatch(rows, numbers, keys);
    }

    private static double[] ReadNumbers(ParquetRowGroupReader group, DataField field, int rows, string path, Buffers rented)
    {
        var type = field.ClrType;
        if (type == typeof(double))
        {
            var result = rented.Numbers(rows);
            if (!field.IsNullable)
            {
                group.ReadAsync<double>(field, result.AsMemory(0, rows)).GetAwaiter().GetResult();
                return result;
            }

            var nullable = new double?[rows];
            group.ReadAsync<double>(field, nullable.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = nullable[i] ?? double.NaN;
            }

            return result;
        }

        if (type == typeof(float))
        {
            return Convert<float>(group, field, rows, v => v);
        }

        if (type == typeof(int))
        {
            return Convert<int>(group, field, rows, v => v);
        }

        if (type == typeof(long))
        {
            return Convert<long>(group, field, rows, v => v);
        }

        throw new NotSupportedException($"Column '{field.Name}' of '{path}' is stored as {type.Name}; a regression column must be a double, float or integer column.");
    }

    private static double[] Convert<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, double> convert)
        where T : struct
    {
        var result = new double[rows];
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            group.ReadAsync<T>(field, nullable.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = nullable[i] is { } v ? convert(v) : double.NaN;
            }
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = convert(values[i]);
            }
        }

        return result;
    }

    private static KeyColumn ReadKeys(ParquetRowGroupReader group, DataField field, int rows, string path, Buffers rented)
    {
        var type = field.ClrType;
        if (type == typeof(long) && !field.IsNullable)
        {
            var values = rented.Keys(rows);
            group.ReadAsync<long>(field, values.AsMemory(0, rows)).GetAwaiter().GetResult();
            return new KeyColumn(values);
        }

        if (type == typeof(long))
        {
            return Keys<long>(group, field, rows, v => v);
        }

        if (type == typeof(int))
        {
            return Keys<int>(group, field, rows, v => v);
        }

        if (type == typeof(short))
        {
            return Keys<short>(group, field, rows, v => v);
        }

        if (type == typeof(byte))
        {
            return Keys<byte>(group, field, rows, v => v);
        }

        throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"Column '{field.Name}' of '{path}' is stored as {type.Name}; a fixed-effect or cluster column read in batches must hold integer codes (write the levels as integers, or read the file into memory)."));
    }

    private static KeyColumn Keys<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, long> convert)
        where T : struct
    {
        var keys = new long[rows];
        if (!field.IsNullable)
        {
            var values = new T[rows];
            group.ReadAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                keys[i] = convert(values[i]);
            }

            return new KeyColumn(keys);
        }

        var nullable = new T?[rows];
        group.ReadAsync<T>(field, nullable.AsMemory()).GetAwaiter().GetResult();
        var missing = new bool[rows];
        var any = false;
        for (var i = 0; i < rows; i++)
        {
            if (nullable[i] is { } v)
            {
                keys[i] = convert(v);
            }
            else
            {
                missing[i] = any = true;
            }
        }

        return new KeyColumn(keys, any ? missing : null);
    }

    // Arrays rented from the shared pools for one row group.
    private sealed class Buffers
    {
        private readonly List<double[]> _numbers = [];
        private readonly List<long[]> _keys = [];

        internal double[] Numbers(int rows)
        {
            var array = ArrayPool<double>.Shared.Rent(rows);
            _numbers.Add(array);
            return array;
        }

        internal long[] Keys(int rows)
        {
            var array = ArrayPool<long>.Shared.Rent(rows);
            _keys.Add(array);
            return array;
        }

        internal void Return()
        {
            _numbers.ForEach(a => ArrayPool<double>.Shared.Return(a));
            _keys.ForEach(a => ArrayPool<long>.Shared.Return(a));
        }
    }
}
