using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

using DuckDB.NET.Native;

using ModelDsl.Streaming;

namespace ModelDsl.DuckDb;

/// <summary>
/// DuckDB as the reader of a streaming fit (<see cref="StreamingVerbs.FitStreaming"/>): Parquet files, a table or a
/// query read as partitions of column batches, with only the columns the fit asks for, DuckDB's vectors copied into
/// the batch in blocks (no per-cell objects, no Arrow conversion).
/// </summary>
/// <remarks>
/// <para>
/// Partitions, the unit of parallel work: for Parquet, consecutive row groups of one file up to
/// <c>partitionRows</c> rows, read as <c>read_parquet(file, file_row_number = true) WHERE file_row_number &gt;= a AND
/// file_row_number &lt; b</c> (DuckDB skips the row groups outside the range, so a partition reads only its own); for a
/// table, ranges of <c>rowid</c>; a query is one partition (DuckDB's own threads parallelise it). Every read of a
/// partition gives the same rows (a single-threaded scan in file or rowid order), as the fit's several passes need.
/// </para>
/// <para>
/// Each partition read runs on its own connection to one database per source, whose <c>threads</c> setting is 1 by
/// default when there are several partitions: the fit's workers are the parallelism, one DuckDB thread each, rather
/// than every worker's query competing for all cores. Numeric columns may be any integer, FLOAT, DOUBLE or DECIMAL
/// column (cast to DOUBLE by DuckDB); key columns (fixed effects, clusters) must be integers (TINYINT to BIGINT,
/// unsigned up to UBIGINT values that fit a BIGINT): any other type is refused with the column's name, as
/// <see cref="ParquetBatchSource"/> does. A NULL number is NaN and a NULL key is flagged missing; the fit drops those
/// rows and counts them in its <c>MissingValues</c> note (never silently).
/// </para>
/// </remarks>
public sealed class DuckDbBatchSource : IColumnBatchSource, IDisposable
{
    /// <summary>Partitions per core that an automatic partitioning aims for (when the data have that many row groups): enough that the fit's workers finish a pass together, few enough that the queries' set-up stays small.</summary>
    /// <remarks>
    /// A partition's query costs a fixed set-up that grows with the row groups of its file (DuckDB converts the
    /// statistics of every row group to prune them): about 0.45 s of CPU for a file of 8,138 row groups (1 billion
    /// rows), against about 0.1 s to scan 4M of its rows. Partitions of a fixed 4M rows made that 240 queries per pass,
    /// two thirds of the pass; 8 per core make it 16.
    /// </remarks>
    public const int PartitionsPerCore = 8;

    /// <summary>The <c>partitionRows</c> value that asks for automatic partitions: the rows divided into <see cref="PartitionsPerCore"/> partitions per core (a partition never spans two files).</summary>
    public const long AutomaticPartitionRows = 0;

    /// <summary>Default rows per batch (64 of DuckDB's 2,048-row vectors).</summary>
    public const int DefaultBatchRows = 1 << 17;

    private readonly DuckDBDatabase _database;
    private readonly (string Relation, string? Range)[] _partitions;
    private readonly Dictionary<string, DuckDBType> _types;
    private readonly int _batchRows;

    private DuckDbBatchSource(DuckDBDatabase database, string name, (string, string?)[] partitions, Dictionary<string, DuckDBType> types, long rows, int batchRows)
    {
        _database = database;
        Name = name;
        _partitions = partitions;
        _types = types;
        RowCount = rows;
        _batchRows = batchRows;
    }

    /// <summary>What is read (for messages).</summary>
    public string Name { get; }

    /// <summary>Rows in the source (for a query: −1, unknown until read).</summary>
    public long RowCount { get; }

    /// <inheritdoc />
    public int PartitionCount => _partitions.Length;

    /// <summary>The column names and DuckDB types of the source.</summary>
    public IReadOnlyDictionary<string, DuckDBType> ColumnTypes => _types;

    /// <summary>Parquet files (or globs such as <c>data/*.parquet</c>) read by DuckDB, partitioned by row groups.</summary>
    /// <param name="paths">One or more files or globs with the same columns.</param>
    /// <param name="partitionRows">Rows per partition: consecutive whole row groups of one file are put together until they reach this count (<see cref="AutomaticPartitionRows"/>: chosen from the rows and the cores).</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <param name="threads">DuckDB threads of the source's database (default 1: the fit's workers read partitions in parallel).</param>
    /// <returns>The source (dispose it to close its in-memory database).</returns>
    public static DuckDbBatchSource Parquet(IReadOnlyList<string> paths, long partitionRows = AutomaticPartitionRows, int batchRows = DefaultBatchRows, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("Give at least one Parquet file or glob.", nameof(paths));
        }

        Check(partitionRows, batchRows, threads);
        var database = Open(null, threads);
        try
        {
            var list = "[" + string.Join(", ", paths.Select(DuckDbSql.Literal)) + "]";
            using var connection = Connect(database);

            // Every partition's query opens the same files: their footers are parsed once, not once per query. (A
            // setting of the Parquet extension, which is loaded by then, not at DuckDBOpen.)
            QueryRows(connection, "SET GLOBAL parquet_metadata_cache = true", 0);

            // One row per row group and column in parquet_metadata: the row group's rows, per file in row-group order.
            var groups = QueryRows(connection, $"SELECT file_name, row_group_id, max(row_group_num_rows) FROM parquet_metadata({list}) GROUP BY file_name, row_group_id ORDER BY file_name, row_group_id", 3);
            var partitions = new List<(string, string?)>();
            partitionRows = PartitionRows(partitionRows, groups.Sum(row => long.Parse(row[2]!, CultureInfo.InvariantCulture)));
            long rows = 0;
            string? file = null;
            long start = 0;
            long end = 0;
            void Flush()
            {
                if (file is not null && end > start)
                {
                    partitions.Add(($"read_parquet({DuckDbSql.Literal(file)}, file_row_number = true)", $"file_row_number >= {start.ToString(CultureInfo.InvariantCulture)} AND file_row_number < {end.ToString(CultureInfo.InvariantCulture)}"));
                }
            }

            foreach (var row in groups)
            {
                var groupRows = long.Parse(row[2]!, CultureInfo.InvariantCulture);
                if (row[0] != file)
                {
                    Flush();
                    file = row[0];
                    start = end = 0;
                }
                else if (end - start >= partitionRows)
                {
                    Flush();
                    start = end;
                }

                end += groupRows;
                rows += groupRows;
            }

            Flush();
            var types = Types(connection, $"read_parquet({list})");
            return new DuckDbBatchSource(database, $"DuckDB read_parquet({string.Join(", ", paths)})", [.. partitions], types, rows, batchRows);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A table or view of the DuckDB database file <paramref name="databasePath"/> (opened read-only), partitioned by rowid ranges.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="table">The table name as it is (quoted here).</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the search path.</param>
    /// <param name="partitionRows">Rows per partition (<see cref="AutomaticPartitionRows"/>: chosen from the rows and the cores; a view, which has no rowid, is one partition).</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <param name="threads">DuckDB threads of the source's database.</param>
    /// <returns>The source (dispose it to close the database).</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="databasePath"/>.</exception>
    public static DuckDbBatchSource Table(string databasePath, string table, string? schema = null, long partitionRows = AutomaticPartitionRows, int batchRows = DefaultBatchRows, int threads = 1)
    {
        RequireFile(databasePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        Check(partitionRows, batchRows, threads);
        var relation = schema is null ? DuckDbSql.Identifier(table) : DuckDbSql.Identifier(schema) + "." + DuckDbSql.Identifier(table);
        var database = Open(databasePath, threads);
        try
        {
            using var connection = Connect(database);
            var types = Types(connection, relation);
            var count = long.Parse(QueryRows(connection, $"SELECT count(*) FROM {relation}", 1)[0][0]!, CultureInfo.InvariantCulture);
            var partitions = new List<(string, string?)>();
            var isTable = QueryRows(connection, $"SELECT count(*) FROM duckdb_tables() WHERE table_name = {DuckDbSql.Literal(table)}" + (schema is null ? string.Empty : $" AND schema_name = {DuckDbSql.Literal(schema)}"), 1)[0][0] != "0";
            if (isTable && count > 0)
            {
                // Rowids are 0..n−1 after inserts; deletions leave gaps, which only make some ranges shorter.
                var bounds = QueryRows(connection, $"SELECT min(rowid), max(rowid) FROM {relation}", 2)[0];
                var low = long.Parse(bounds[0]!, CultureInfo.InvariantCulture);
                var high = long.Parse(bounds[1]!, CultureInfo.InvariantCulture);
                partitionRows = PartitionRows(partitionRows, high - low + 1);
                for (var first = low; first <= high; first += partitionRows)
                {
                    var last = Math.Min(high + 1, first + partitionRows);
                    partitions.Add((relation, $"rowid >= {first.ToString(CultureInfo.InvariantCulture)} AND rowid < {last.ToString(CultureInfo.InvariantCulture)}"));
                }
            }
            else
            {
                partitions.Add((relation, null));
            }

            return new DuckDbBatchSource(database, $"DuckDB table {relation} in '{databasePath}'", [.. partitions], types, count, batchRows);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The result of <paramref name="sql"/> as one partition (DuckDB parallelises the query itself).</summary>
    /// <param name="databasePath">A DuckDB database file (opened read-only), or <see langword="null"/> for an in-memory database (for a query over files: read_parquet, read_csv).</param>
    /// <param name="sql">A query (code the caller wrote: wrapped as a subquery, not escaped).</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <param name="threads">DuckDB threads (default: DuckDB's default, every core).</param>
    /// <returns>The source (dispose it to close the database).</returns>
    public static DuckDbBatchSource Query(string? databasePath, string sql, int batchRows = DefaultBatchRows, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (databasePath is not null)
        {
            RequireFile(databasePath);
        }

        Check(1, batchRows, threads ?? 1);
        var relation = "(" + sql.Trim().TrimEnd(';') + "\n)";
        var database = Open(databasePath, threads);
        try
        {
            using var connection = Connect(database);
            var types = Types(connection, relation);
            return new DuckDbBatchSource(database, $"DuckDB query ({sql.Trim()})", [(relation, null)], types, -1, batchRows);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IEnumerable<ColumnBatch> Read(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(keyColumns);
        ObjectDisposedException.ThrowIf(_database.IsClosed, this);
        if (partition < 0 || partition >= _partitions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The source has {_partitions.Length} partitions.");
        }

        var select = new List<string>();
        foreach (var name in numericColumns)
        {
            var type = TypeOf(name);
            if (!IsInteger(type) && type is not (DuckDBType.Float or DuckDBType.Double or DuckDBType.Decimal or DuckDBType.HugeInt))
            {
                throw new NotSupportedException($"Column '{name}' of {Name} is {type}; a regression column must be an integer, FLOAT, DOUBLE or DECIMAL column (cast it in a query).");
            }

            select.Add($"CAST({DuckDbSql.Identifier(name)} AS DOUBLE)");
        }

        foreach (var name in keyColumns)
        {
            var type = TypeOf(name);
            if (!IsInteger(type))
            {
                throw new NotSupportedException($"Column '{name}' of {Name} is {type}; a fixed-effect or cluster column read in batches must hold integer codes (write the levels as integers, or read the data into memory).");
            }

            select.Add($"CAST({DuckDbSql.Identifier(name)} AS BIGINT)");
        }

        var (relation, range) = _partitions[partition];
        var sql = $"SELECT {string.Join(", ", select)} FROM {relation}" + (range is null ? string.Empty : $" WHERE {range}");
        return Batches(sql, [.. numericColumns], [.. keyColumns]);
    }

    /// <summary>Closes the source's database.</summary>
    public void Dispose() => _database.Dispose();

    private IEnumerable<ColumnBatch> Batches(string sql, string[] numericColumns, string[] keyColumns)
    {
        using var connection = Connect(_database);
        var buffers = new Buffers(numericColumns.Length, keyColumns.Length, _batchRows);
        try
        {
            foreach (var (chunk, size) in DuckDbChunks.Read(connection, sql, $"the read of {Name}"))
            {
                if (buffers.Filled + size > _batchRows)
                {
                    yield return buffers.Batch(numericColumns, keyColumns);
                    buffers.Clear();
                }

                buffers.Append(chunk, size);
            }

            if (buffers.Filled > 0)
            {
                yield return buffers.Batch(numericColumns, keyColumns);
            }
        }
        finally
        {
            buffers.Return();
        }
    }

    private DuckDBType TypeOf(string name) => _types.TryGetValue(name, out var type)
        ? type
        : throw new KeyNotFoundException($"{Name} has no column '{name}'; its columns are: {string.Join(", ", _types.Keys)}.");

    private static bool IsInteger(DuckDBType type) => type is DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.Integer or DuckDBType.BigInt
        or DuckDBType.UnsignedTinyInt or DuckDBType.UnsignedSmallInt or DuckDBType.UnsignedInteger or DuckDBType.UnsignedBigInt;

    // Automatic: rows / (8 × cores), rounded up. (A fixed 4M rows made 3 partitions of a 10M-row file, 6M rows for one
    // worker and 4M for the other, and 240 queries per pass of a 1-billion-row file, each with a set-up that grows with
    // the file's row groups.)
    private static long PartitionRows(long requested, long rows)
    {
        if (requested != AutomaticPartitionRows)
        {
            return requested;
        }

        var partitions = (long)PartitionsPerCore * Environment.ProcessorCount;
        return Math.Max(1, (rows + partitions - 1) / partitions);
    }

    private static void Check(long partitionRows, int batchRows, int threads)
    {
        if (partitionRows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(partitionRows), partitionRows, $"A partition needs at least one row (or {AutomaticPartitionRows}: automatic).");
        }

        // A batch holds whole vectors: at least one (2,048 rows).
        if (batchRows < (int)NativeMethods.Helpers.DuckDBVectorSize())
        {
            throw new ArgumentOutOfRangeException(nameof(batchRows), batchRows, $"A batch holds whole DuckDB vectors: give at least {NativeMethods.Helpers.DuckDBVectorSize()} rows.");
        }

        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "DuckDB needs at least one thread.");
        }
    }

    private static void RequireFile(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"No DuckDB database at '{Path.GetFullPath(databasePath)}' (DuckDB would create an empty one); check the path.", databasePath);
        }
    }

    private static DuckDBDatabase Open(string? databasePath, int? threads)
    {
        NativeMethods.Configuration.DuckDBCreateConfig(out var config);
        using (config)
        {
            if (threads is { } count)
            {
                NativeMethods.Configuration.DuckDBSetConfig(config, "threads", count.ToString(CultureInfo.InvariantCulture));
            }

            if (databasePath is not null)
            {
                NativeMethods.Configuration.DuckDBSetConfig(config, "access_mode", "READ_ONLY");
            }


            if (NativeMethods.Startup.DuckDBOpen(databasePath ?? ":memory:", out var database, config, out var error) != DuckDBState.Success)
            {
                database.Dispose();
                throw new InvalidOperationException($"DuckDB could not open '{databasePath ?? ":memory:"}': {error}");
            }

            return database;
        }
    }

    private static DuckDBNativeConnection Connect(DuckDBDatabase database)
    {
        if (NativeMethods.Startup.DuckDBConnect(database, out var connection) != DuckDBState.Success)
        {
            connection.Dispose();
            throw new InvalidOperationException("DuckDB could not open a connection to the source's database.");
        }

        return connection;
    }

    // The names and types of the relation's columns, from an empty result (nothing is scanned).
    private static Dictionary<string, DuckDBType> Types(DuckDBNativeConnection connection, string relation)
    {
        var result = default(DuckDBResult);
        try
        {
            if (NativeMethods.Query.DuckDBQuery(connection, $"SELECT * FROM {relation} LIMIT 0", out result) != DuckDBState.Success)
            {
                throw new InvalidOperationException($"DuckDB could not read the columns of {relation}: {NativeMethods.Query.DuckDBResultError(ref result)}");
            }

            var types = new Dictionary<string, DuckDBType>(StringComparer.Ordinal);
            var count = (long)NativeMethods.Query.DuckDBColumnCount(ref result);
            for (var c = 0L; c < count; c++)
            {
                types[NativeMethods.Query.DuckDBColumnName(ref result, c)] = NativeMethods.Query.DuckDBColumnType(ref result, c);
            }

            return types;
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    // A small metadata query's rows as text (null for NULL).
    private static List<string?[]> QueryRows(DuckDBNativeConnection connection, string sql, int columns)
    {
        var result = default(DuckDBResult);
        try
        {
            if (NativeMethods.Query.DuckDBQuery(connection, sql, out result) != DuckDBState.Success)
            {
                throw new InvalidOperationException($"DuckDB could not run {sql}: {NativeMethods.Query.DuckDBResultError(ref result)}");
            }

            var rows = new List<string?[]>();
            var count = NativeMethods.Query.DuckDBRowCount(ref result);
            for (var r = 0L; r < count; r++)
            {
                var row = new string?[columns];
                for (var c = 0; c < columns; c++)
                {
                    var text = NativeMethods.Types.DuckDBValueVarchar(ref result, c, r);
                    if (text != IntPtr.Zero)
                    {
                        row[c] = Marshal.PtrToStringUTF8(text);
                        NativeMethods.Helpers.DuckDBFree(text);
                    }
                }

                rows.Add(row);
            }

            return rows;
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    // The pooled arrays of one partition read, filled vector by vector and handed out as a batch (valid until the next).
    private sealed class Buffers
    {
        private readonly double[][] _numbers;
        private readonly long[][] _keys;
        private readonly bool[][] _missing;
        private readonly bool[] _anyMissing;

        internal Buffers(int numeric, int keys, int rows)
        {
            _numbers = [.. Enumerable.Range(0, numeric).Select(_ => ArrayPool<double>.Shared.Rent(rows))];
            _keys = [.. Enumerable.Range(0, keys).Select(_ => ArrayPool<long>.Shared.Rent(rows))];
            _missing = [.. Enumerable.Range(0, keys).Select(_ => ArrayPool<bool>.Shared.Rent(rows))];
            _anyMissing = new bool[keys];
        }

        internal int Filled { get; private set; }

        internal ColumnBatch Batch(string[] numericColumns, string[] keyColumns)
        {
            var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
            for (var c = 0; c < numericColumns.Length; c++)
            {
                numbers[numericColumns[c]] = _numbers[c];
            }

            var keys = new Dictionary<string, KeyColumn>(StringComparer.Ordinal);
            for (var c = 0; c < keyColumns.Length; c++)
            {
                keys[keyColumns[c]] = new KeyColumn(_keys[c], _anyMissing[c] ? _missing[c] : null);
            }

            return new ColumnBatch(Filled, numbers, keys);
        }

        internal void Clear()
        {
            Filled = 0;
            Array.Clear(_anyMissing);
        }

        // Copies one data chunk (flat vectors: DOUBLE for the numeric columns, then BIGINT for the keys, as selected).
        internal unsafe void Append(DuckDBDataChunk chunk, int size)
        {
            var at = Filled;
            for (var c = 0; c < _numbers.Length; c++)
            {
                var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, c);
                var target = _numbers[c].AsSpan(at, size);
                new ReadOnlySpan<double>(NativeMethods.Vectors.DuckDBVectorGetData(vector), size).CopyTo(target);
                var validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
                if (validity is not null)
                {
                    for (var i = 0; i < size; i++)
                    {
                        if ((validity[i >> 6] & (1UL << (i & 63))) == 0)
                        {
                            target[i] = double.NaN;
                        }
                    }
                }
            }

            for (var c = 0; c < _keys.Length; c++)
            {
                var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, _numbers.Length + c);
                new ReadOnlySpan<long>(NativeMethods.Vectors.DuckDBVectorGetData(vector), size).CopyTo(_keys[c].AsSpan(at, size));
                var validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
                var missing = _missing[c];
                if (validity is null)
                {
                    if (_anyMissing[c])
                    {
                        missing.AsSpan(at, size).Clear();
                    }

                    continue;
                }

                var any = false;
                for (var i = 0; i < size; i++)
                {
                    var invalid = (validity[i >> 6] & (1UL << (i & 63))) == 0;
                    missing[at + i] = invalid;
                    any |= invalid;
                }

                if (any && !_anyMissing[c])
                {
                    // The flags before this chunk were not written: the rows so far had every key.
                    missing.AsSpan(0, at).Clear();
                    _anyMissing[c] = true;
                }
            }

            Filled += size;
        }

        internal void Return()
        {
            foreach (var array in _numbers)
            {
                ArrayPool<double>.Shared.Return(array);
            }

            foreach (var array in _keys)
            {
                ArrayPool<long>.Shared.Return(array);
            }

            foreach (var array in _missing)
            {
                ArrayPool<bool>.Shared.Return(array);
            }
        }
    }
}
