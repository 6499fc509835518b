using System.Globalization;
using System.Text;

using DuckDB.NET.Data;
using DuckDB.NET.Native;

using ModelDsl.Data;
using ModelDsl.Results;

using Array = System.Array;
using Column = ModelDsl.Data.Column;

namespace ModelDsl.DuckDb;

/// <summary>
/// A DuckDB query, table or set of Parquet files as an <see cref="ITableSource"/>: read into a
/// <see cref="PanelData"/> through <see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/>, with the
/// columns a model uses (<see cref="Select"/>) and a sample restriction (<see cref="Where(string, DuckDbComparison, double)"/>,
/// <see cref="WhereIn(string, string[])"/>, <see cref="WhereNotNull"/>) pushed down into the SQL, so DuckDB reads and
/// sends only those.
/// </summary>
/// <remarks>
/// <para>
/// A read runs <c>DESCRIBE</c> on the relation (for the column names and types), then one
/// <c>SELECT &lt;columns, cast&gt; FROM &lt;relation&gt; WHERE &lt;filters&gt;</c> whose result is read as DuckDB's own
/// vectors through the C API (typed memory, no per-cell objects, no Arrow conversion): <c>BIGINT</c> and <c>DOUBLE</c>
/// copied in blocks, <c>VARCHAR</c> labels interned from their UTF-8 bytes. Every name and value in that SQL goes through
/// <see cref="DuckDbSql"/>, the one escaping point; filter and projection columns are checked against the relation's
/// columns first (an unknown name is an <see cref="ArgumentException"/> naming the closest one).
/// </para>
/// <para>
/// Types, as <see cref="ParquetTableSource"/> maps them: integers (read as <c>BIGINT</c>), <c>FLOAT</c>,
/// <c>DOUBLE</c>, <c>DECIMAL</c> and <c>BOOLEAN</c> (0/1) are numeric unless declared categorical (integers then have
/// exact labels, other numbers canonical ones); <c>VARCHAR</c> and <c>ENUM</c> are categorical unless declared
/// numeric (then parsed, a non-number is a <see cref="DataFormatException"/>); <c>DATE</c> and <c>TIMESTAMP</c> are
/// categorical with DuckDB's text (<c>2021-03-01</c>, <c>2021-03-01 10:00:00</c>). Other types (BLOB, TIME,
/// INTERVAL, UUID, lists, structs, maps) are a <see cref="DataFormatException"/> naming the column and type: leave the
/// column out with <see cref="Select"/> or cast it in the query. NULLs and NaNs are missing, each counted in a
/// <see cref="NoteKind.CellsReadAsMissing"/> note; an infinite value and an integer beyond ±2^53 in a numeric
/// column are errors. Rows have no lines; messages name the row of the query's result (1-based).
/// </para>
/// <para>
/// Connections: a source made from a connection uses it as it is (open, not disposed); a source made from a database
/// path opens that file read-only for each read (a path that does not exist is refused: DuckDB would create an empty
/// database); <see cref="Parquet(string[])"/> uses an in-memory database per read.
/// </para>
/// </remarks>
public sealed class DuckDbSource : ITableSource
{
    private const string Alias = "modeldsl_source";

    private readonly Func<(DuckDBConnection Connection, bool Owned)> _connect;
    private readonly string _relation;
    private readonly string[]? _columns;
    private readonly (string Column, Func<string, string> Condition)[] _filters;

    private DuckDbSource(string name, Func<(DuckDBConnection, bool)> connect, string relation, string[]? columns, (string, Func<string, string>)[] filters)
    {
        Name = name;
        _connect = connect;
        _relation = relation;
        _columns = columns;
        _filters = filters;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The columns to read (plus the declared ones), or <see langword="null"/> for all.</summary>
    public IReadOnlyList<string>? Columns => _columns;

    /// <summary>A source over the result of <paramref name="sql"/> on an open connection (not disposed by the source).</summary>
    /// <param name="connection">An open DuckDB connection.</param>
    /// <param name="sql">A query (code the caller wrote: it is wrapped as a subquery, not escaped; put values in filters).</param>
    /// <returns>The source.</returns>
    public static DuckDbSource Query(DuckDBConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new DuckDbSource($"DuckDB query ({Shorten(sql)})", () => (connection, false), Subquery(sql), null, []);
    }

    /// <summary>A source over the result of <paramref name="sql"/> in the DuckDB database file <paramref name="databasePath"/>, opened read-only for each read.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="sql">A query (code the caller wrote: it is wrapped as a subquery, not escaped; put values in filters).</param>
    /// <returns>The source.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="databasePath"/>.</exception>
    public static DuckDbSource Query(string databasePath, string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new DuckDbSource($"DuckDB query ({Shorten(sql)}) in '{databasePath}'", OpenFile(databasePath), Subquery(sql), null, []);
    }

    /// <summary>A source over a table or view of an open connection.</summary>
    /// <param name="connection">An open DuckDB connection.</param>
    /// <param name="table">The table name as it is (quoted here, whatever it contains).</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the search path.</param>
    /// <returns>The source.</returns>
    public static DuckDbSource Table(DuckDBConnection connection, string table, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new DuckDbSource($"DuckDB table {TableName(table, schema)}", () => (connection, false), TableName(table, schema), null, []);
    }

    /// <summary>A source over a table or view of the DuckDB database file <paramref name="databasePath"/>, opened read-only for each read.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="table">The table name as it is (quoted here, whatever it contains).</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the search path.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="databasePath"/>.</exception>
    public static DuckDbSource Table(string databasePath, string table, string? schema = null)
        => new($"DuckDB table {TableName(table, schema)} in '{databasePath}'", OpenFile(databasePath), TableName(table, schema), null, []);

    /// <summary>Parquet files read by DuckDB's <c>read_parquet</c> (several files, or a glob such as <c>data/*.parquet</c>, are one table).</summary>
    /// <param name="paths">The files or globs (passed as string literals, whatever they contain).</param>
    /// <returns>The source, on an in-memory database opened for each read.</returns>
    public static DuckDbSource Parquet(params string[] paths)
        => Parquet(InMemory, paths);

    /// <summary>Parquet files read by DuckDB's <c>read_parquet</c> on an open connection.</summary>
    /// <param name="connection">An open DuckDB connection.</param>
    /// <param name="paths">The files or globs (passed as string literals, whatever they contain).</param>
    /// <returns>The source.</returns>
    public static DuckDbSource Parquet(DuckDBConnection connection, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Parquet(() => (connection, false), paths);
    }

    /// <summary>This source reading only <paramref name="columns"/> (plus the declared ones, such as the panel's unit and time): the columns a model uses.</summary>
    /// <param name="columns">The column names as the relation spells them.</param>
    /// <returns>A new source.</returns>
    public DuckDbSource Select(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(column, nameof(columns));
        }

        return new DuckDbSource(Name, _connect, _relation, columns.Distinct(StringComparer.Ordinal).ToArray(), _filters);
    }

    /// <summary>Keeps the rows where <paramref name="column"/> compares to a number as asked (SQL <c>WHERE</c>; NULL never matches).</summary>
    /// <param name="column">The column name.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="value">A finite number.</param>
    /// <returns>A new source with the filter added (filters combine with AND).</returns>
    public DuckDbSource Where(string column, DuckDbComparison comparison, double value)
    {
        var literal = DuckDbSql.Literal(value);
        return With(column, c => $"{c} {Operator(comparison)} {literal}");
    }

    /// <summary>Keeps the rows where <paramref name="column"/> compares to a text as asked (SQL <c>WHERE</c>, ordinal comparison of the text).</summary>
    /// <param name="column">The column name.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="value">The text (a literal, whatever it contains).</param>
    /// <returns>A new source with the filter added (filters combine with AND).</returns>
    public DuckDbSource Where(string column, DuckDbComparison comparison, string value)
    {
        var literal = DuckDbSql.Literal(value);
        return With(column, c => $"CAST({c} AS VARCHAR) {Operator(comparison)} {literal}");
    }

    /// <summary>Keeps the rows whose <paramref name="column"/> is one of <paramref name="values"/> (compared as text: labels, or dates as DuckDB prints them).</summary>
    /// <param name="column">The column name.</param>
    /// <param name="values">The labels (literals, whatever they contain); none keeps no row.</param>
    /// <returns>A new source with the filter added.</returns>
    public DuckDbSource WhereIn(string column, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var literals = values.Select(DuckDbSql.Literal).ToArray();
        return With(column, c => literals.Length == 0 ? "FALSE" : $"CAST({c} AS VARCHAR) IN ({string.Join(", ", literals)})");
    }

    /// <summary>Keeps the rows whose <paramref name="column"/> equals one of <paramref name="values"/>.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="values">Finite numbers; none keeps no row.</param>
    /// <returns>A new source with the filter added.</returns>
    public DuckDbSource WhereIn(string column, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var literals = values.Select(DuckDbSql.Literal).ToArray();
        return With(column, c => literals.Length == 0 ? "FALSE" : $"{c} IN ({string.Join(", ", literals)})");
    }

    /// <summary>Keeps the rows where none of <paramref name="columns"/> is NULL (a complete-case sample, decided in DuckDB).</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>A new source with the filters added.</returns>
    public DuckDbSource WhereNotNull(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var source = this;
        foreach (var column in columns)
        {
            source = source.With(column, c => $"{c} IS NOT NULL");
        }

        return source;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadHeader()
    {
        var (connection, owned) = _connect();
        try
        {
            return Describe(connection).Select(c => c.Name).ToList();
        }
        finally
        {
            if (owned)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>The SQL a read with <paramref name="kinds"/> runs (for logs and checks): the projection, casts and filters.</summary>
    /// <param name="kinds">The declared kinds (as <see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/> passes them, unit and time included).</param>
    /// <returns>The SELECT statement.</returns>
    public string ToSql(ColumnKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var (connection, owned) = _connect();
        try
        {
            return Plan(Describe(connection), kinds).Sql;
        }
        finally
        {
            if (owned)
            {
                connection.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public SourceTable Read(ColumnKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var (connection, owned) = _connect();
        try
        {
            var (sql, builders) = Plan(Describe(connection), kinds);
            var rows = ReadVectors(connection, sql, builders);
            var notes = new List<Note>();
            var columns = builders.Select(b => b.Build(rows, notes)).ToArray();
            return new SourceTable(columns, null, notes);
        }
        finally
        {
            if (owned)
            {
                connection.Dispose();
            }
        }
    }

    // The query's result chunk by chunk (2,048-row flat vectors, the C API's streaming result), each column handed to its
    // builder as the vector's memory. (Arrow record batches of the same 2,048 rows cost 0.26 s per 1M rows of ten
    // columns against DuckDB's 9 ms scan: the per-batch import, not DuckDB.)
    private unsafe int ReadVectors(DuckDBConnection connection, string sql, ColumnBuilder[] builders)
    {
        var rows = 0;
        foreach (var (chunk, size) in DuckDbChunks.Read(connection.NativeConnection, sql, $"the query of {Name}"))
        {
            for (var c = 0; c < builders.Length; c++)
            {
                var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, c);
                builders[c].Add(new Vector(NativeMethods.Vectors.DuckDBVectorGetData(vector), NativeMethods.Vectors.DuckDBVectorGetValidity(vector), size), rows);
            }

            rows = checked(rows + size);
        }

        return rows;
    }

    private static Func<(DuckDBConnection, bool)> InMemory => () => (Open(new DuckDBConnectionStringBuilder { DataSource = ":memory:" }), true);

    private static DuckDbSource Parquet(Func<(DuckDBConnection, bool)> connect, string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("Give at least one Parquet file or glob.", nameof(paths));
        }

        var list = string.Join(", ", paths.Select(DuckDbSql.Literal));
        return new DuckDbSource($"DuckDB read_parquet({string.Join(", ", paths.Select(p => $"'{p}'"))})", connect, $"read_parquet([{list}])", null, []);
    }

    private static Func<(DuckDBConnection, bool)> OpenFile(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"No DuckDB database at '{Path.GetFullPath(databasePath)}' (DuckDB would create an empty one); check the path.", databasePath);
        }

        // The builder quotes the path, so a path with ';' or '=' cannot add connection options.
        var settings = new DuckDBConnectionStringBuilder { DataSource = databasePath, AccessMode = DuckDBAccessMode.ReadOnly };
        return () => (Open(settings), true);
    }

    private static DuckDBConnection Open(DuckDBConnectionStringBuilder settings)
    {
        var connection = new DuckDBConnection(settings.ConnectionString);
        connection.Open();
        return connection;
    }

    private static string Subquery(string sql) => "(" + sql.Trim().TrimEnd(';') + "\n)";

    private static string TableName(string table, string? schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return schema is null ? DuckDbSql.Identifier(table) : DuckDbSql.Identifier(schema) + "." + DuckDbSql.Identifier(table);
    }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..77] + "...";
    }

    private static string Operator(DuckDbComparison comparison) => comparison switch
    {
        DuckDbComparison.Equal => "=",
        DuckDbComparison.NotEqual => "<>",
        DuckDbComparison.Less => "<",
        DuckDbComparison.LessOrEqual => "<=",
        DuckDbComparison.Greater => ">",
        DuckDbComparison.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Unknown comparison."),
    };

    private DuckDbSource With(string column, Func<string, string> condition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return new DuckDbSource(Name, _connect, _relation, _columns, [.. _filters, (column, condition)]);
    }

    private List<(string Name, string Type)> Describe(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {_relation} AS {Alias}";
        var columns = new List<(string, string)>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        catch (DuckDBException error)
        {
            throw new InvalidOperationException($"DuckDB could not describe {Name}: {error.Message}", error);
        }

        return columns;
    }

    private (string Sql, ColumnBuilder[] Builders) Plan(List<(string Name, string Type)> relation, ColumnKinds kinds)
    {
        var names = relation.Select(c => c.Name).ToList();
        kinds.CheckDeclared(names, Name);
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var (column, use) in (_columns ?? []).Select(c => (c, "asked for (Select)")).Concat(_filters.Select(f => (f.Column, "filtered on (Where)"))))
        {
            if (!known.Contains(column))
            {
                var closest = names.OrderBy(n => PanelData.EditDistance(n.ToLowerInvariant(), column.ToLowerInvariant())).FirstOrDefault();
                throw new ArgumentException($"Column '{column}' was {use} but {Name} has no such column; its columns are: {string.Join(", ", names)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
            }
        }

        var wanted = _columns is null ? known : [.. _columns, .. kinds.CategoricalColumns, .. kinds.NumericColumns];
        var selected = new List<string>();
        var builders = new List<ColumnBuilder>();
        for (var position = 0; position < relation.Count; position++)
        {
            var (name, type) = relation[position];
            if (!wanted.Contains(name))
            {
                continue;
            }

            var (expression, builder) = PlanColumn(name, type, position + 1, kinds.KindOf(name));
            selected.Add($"{expression} AS {DuckDbSql.Identifier(name)}");
            builders.Add(builder);
        }

        var sql = new StringBuilder("SELECT ")
            .Append(selected.Count == 0 ? "NULL AS modeldsl_none" : string.Join(", ", selected))
            .Append(" FROM ").Append(_relation).Append(" AS ").Append(Alias);
        if (_filters.Length > 0)
        {
            sql.Append(" WHERE ").Append(string.Join(" AND ", _filters.Select(f => "(" + f.Condition(DuckDbSql.Identifier(f.Column)) + ")")));
        }

        return (sql.ToString(), [.. builders]);
    }

    private (string Expression, ColumnBuilder Builder) PlanColumn(string name, string type, int position, ColumnKind? declared)
    {
        var column = DuckDbSql.Identifier(name);
        var upper = type.ToUpperInvariant();
        var baseType = upper.Split('(')[0].Trim();
        if (baseType is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "HUGEINT" or "UHUGEINT")
        {
            return ($"CAST({column} AS BIGINT)", declared == ColumnKind.Categorical ? new IntegerLevelsBuilder(this, name) : new IntegerNumbersBuilder(this, name, position));
        }

        if (baseType is "FLOAT" or "DOUBLE" or "DECIMAL" or "BOOLEAN")
        {
            return ($"CAST({column} AS DOUBLE)", new RealBuilder(this, name, position, declared == ColumnKind.Categorical));
        }

        var date = baseType.StartsWith("TIMESTAMP", StringComparison.Ordinal) || baseType == "DATE";
        if (date && declared == ColumnKind.Numeric)
        {
            throw new DataFormatException($"{Name}, column '{name}' (column {position}) holds dates ({type}) but is declared numeric; a date is a period label, not a number. Remove it from the numeric columns (it is read as categorical).", Name, 0, name, position);
        }

        if (date || baseType is "VARCHAR" or "ENUM")
        {
            return ($"CAST({column} AS VARCHAR)", declared == ColumnKind.Numeric ? new TextNumbersBuilder(this, name, position) : new TextLevelsBuilder(this, name));
        }

        throw new DataFormatException(
            $"{Name}, column '{name}' (column {position}) has DuckDB type {type}, which cannot be a panel column: ModelDsl reads integers, floating-point numbers, decimals, booleans, text, enums, dates and timestamps. Leave it out with Select(...), or cast it in the query (e.g. CAST({column} AS VARCHAR)).",
            Name,
            0,
            name,
            position);
    }

    // One flat vector of a result chunk: `count` values of the column's type at `data`, and the validity bitmap (null
    // when every value is present). Valid until the next chunk is fetched.
    private readonly unsafe struct Vector(void* data, ulong* validity, int count)
    {
        public int Count => count;

        public bool HasNulls => validity is not null;

        public bool IsNull(int i) => validity is not null && (validity[i >> 6] & (1UL << (i & 63))) == 0;

        public ReadOnlySpan<T> Values<T>()
            where T : unmanaged => new(data, count);

        // A VARCHAR value (duckdb_string_t, 16 bytes): its length, then up to 12 bytes inline, or a 4-byte prefix and a pointer.
        public ReadOnlySpan<byte> Text(int i)
        {
            var entry = (byte*)data + (16 * i);
            var length = *(uint*)entry;
            return length <= 12 ? new ReadOnlySpan<byte>(entry + 4, (int)length) : new ReadOnlySpan<byte>(*(byte**)(entry + 8), checked((int)length));
        }
    }

    // One output column, filled chunk by chunk from the vectors of the query's result.
    private abstract class ColumnBuilder(DuckDbSource owner, string name)
    {
        protected DuckDbSource Owner { get; } = owner;

        protected string Name { get; } = name;

        protected long Nulls { get; set; }

        public abstract void Add(Vector vector, int first);

        public abstract Column Build(int rows, List<Note> notes);

        protected static void Ensure<T>(ref T[] values, int needed)
        {
            if (needed > values.Length)
            {
                Array.Resize(ref values, Math.Max(needed, Math.Max(1024, values.Length * 2)));
            }
        }

        protected void NoteMissing(List<Note> notes, long nans = 0)
        {
            if (Nulls > 0)
            {
                notes.Add(new Note(NoteKind.CellsReadAsMissing, $"Column '{Name}' of '{Owner.Name}': {Nulls:N0} {(Nulls == 1 ? "cell is" : "cells are")} NULL and {(Nulls == 1 ? "was" : "were")} read as missing.", checked((int)Nulls)));
            }

            if (nans > 0)
            {
                notes.Add(new Note(NoteKind.CellsReadAsMissing, $"Column '{Name}' of '{Owner.Name}': {nans:N0} {(nans == 1 ? "cell holds" : "cells hold")} NaN and {(nans == 1 ? "was" : "were")} read as missing.", checked((int)nans)));
            }
        }

        protected DataFormatException CellError(int row, int position, string value, string problem)
            => new($"{Owner.Name}, row {row + 1:N0} of the result, column '{Name}' (column {position}): {problem}", Owner.Name, row + 1, Name, position, value);
    }

    private sealed class RealBuilder(DuckDbSource owner, string name, int position, bool categorical) : ColumnBuilder(owner, name)
    {
        private double[] _values = [];
        private long _nans;

        public override void Add(Vector vector, int first)
        {
            Ensure(ref _values, first + vector.Count);
            var target = _values.AsSpan(first, vector.Count);
            vector.Values<double>().CopyTo(target);
            for (var i = 0; i < target.Length; i++)
            {
                if (vector.IsNull(i))
                {
                    target[i] = double.NaN;
                    Nulls++;
                }
                else if (double.IsNaN(target[i]))
                {
                    _nans++;
                }
                else if (double.IsInfinity(target[i]))
                {
                    throw CellError(first + i, position, target[i] > 0 ? "Infinity" : "-Infinity", "the value is infinite, which no estimator can use. Replace it in the data (by NULL if it is missing).");
                }
            }
        }

        public override Column Build(int rows, List<Note> notes)
        {
            Array.Resize(ref _values, rows);
            NoteMissing(notes, _nans);
            if (!categorical)
            {
                return NumericColumn.FromOwnedArray(Name, _values);
            }

            var codes = new int[rows];
            var index = new Dictionary<double, int>();
            var labels = new List<string>();
            for (var row = 0; row < rows; row++)
            {
                if (double.IsNaN(_values[row]))
                {
                    codes[row] = CategoricalColumn.MissingCode;
                    continue;
                }

                if (!index.TryGetValue(_values[row], out var code))
                {
                    code = labels.Count;
                    index.Add(_values[row], code);
                    labels.Add(CategoricalColumn.CanonicalLabel(_values[row]));
                }

                codes[row] = code;
            }

            return CategoricalColumn.FromUnsortedCodes(Name, codes, labels);
        }
    }

    private sealed class IntegerNumbersBuilder(DuckDbSource owner, string name, int position) : ColumnBuilder(owner, name)
    {
        private const long Exact = 1L << 53;
        private double[] _values = [];

        public override void Add(Vector vector, int first)
        {
            Ensure(ref _values, first + vector.Count);
            var values = vector.Values<long>();
            for (var i = 0; i < values.Length; i++)
            {
                if (vector.IsNull(i))
                {
                    _values[first + i] = double.NaN;
                    Nulls++;
                    continue;
                }

                if (values[i] is > Exact or < -Exact)
                {
                    throw CellError(first + i, position, values[i].ToString(CultureInfo.InvariantCulture), "the integer is beyond ±2^53, where a double (a numeric column) loses digits. If it is an identifier, declare the column categorical (its labels are then exact).");
                }

                _values[first + i] = values[i];
            }
        }

        public override Column Build(int rows, List<Note> notes)
        {
            Array.Resize(ref _values, rows);
            NoteMissing(notes);
            return NumericColumn.FromOwnedArray(Name, _values);
        }
    }

    private sealed class IntegerLevelsBuilder(DuckDbSource owner, string name) : ColumnBuilder(owner, name)
    {
        private long[] _values = [];
        private bool[] _present = [];

        public override void Add(Vector vector, int first)
        {
            Ensure(ref _values, first + vector.Count);
            Ensure(ref _present, first + vector.Count);
            vector.Values<long>().CopyTo(_values.AsSpan(first));
            for (var i = 0; i < vector.Count; i++)
            {
                var present = !vector.IsNull(i);
                _present[first + i] = present;
                Nulls += present ? 0 : 1;
            }
        }

        public override Column Build(int rows, List<Note> notes)
        {
            Array.Resize(ref _values, rows);
            Array.Resize(ref _present, rows);
            NoteMissing(notes);
            return CategoricalColumn.FromIntegers(Name, _values, _present);
        }
    }

    private sealed class TextLevelsBuilder(DuckDbSource owner, string name) : ColumnBuilder(owner, name)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];
        private int[] _codes = [];
        private char[] _chars = new char[256];

        public override void Add(Vector vector, int first)
        {
            Ensure(ref _codes, first + vector.Count);
            var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var i = 0; i < vector.Count; i++)
            {
                if (vector.IsNull(i))
                {
                    _codes[first + i] = CategoricalColumn.MissingCode;
                    Nulls++;
                    continue;
                }

                // Labels are looked up from the UTF-8 bytes decoded into a reused buffer: no string per cell.
                var bytes = vector.Text(i);
                if (Encoding.UTF8.GetMaxCharCount(bytes.Length) > _chars.Length)
                {
                    _chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
                }

                var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
                if (!lookup.TryGetValue(chars, out var code))
                {
                    code = _labels.Count;
                    var label = chars.ToString();
                    _labels.Add(label);
                    _index.Add(label, code);
                }

                _codes[first + i] = code;
            }
        }

        public override Column Build(int rows, List<Note> notes)
        {
            Array.Resize(ref _codes, rows);
            NoteMissing(notes);
            return CategoricalColumn.FromUnsortedCodes(Name, _codes, _labels);
        }
    }

    private sealed class TextNumbersBuilder(DuckDbSource owner, string name, int position) : ColumnBuilder(owner, name)
    {
        private double[] _values = [];

        public override void Add(Vector vector, int first)
        {
            Ensure(ref _values, first + vector.Count);
            for (var i = 0; i < vector.Count; i++)
            {
                if (vector.IsNull(i))
                {
                    _values[first + i] = double.NaN;
                    Nulls++;
                    continue;
                }

                var cell = Encoding.UTF8.GetString(vector.Text(i));
                if (!double.TryParse(cell.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw CellError(first + i, position, cell, $"'{cell}' is not a number, but '{Name}' is declared numeric (it is text in DuckDB). Expected a number in invariant culture (e.g. 1234.5) or NULL; fix the value, cast it in the query, or read the column as categorical.");
                }

                _values[first + i] = value;
            }
        }

        public override Column Build(int rows, List<Note> notes)
        {
            Array.Resize(ref _values, rows);
            NoteMissing(notes);
            return NumericColumn.FromOwnedArray(Name, _values);
        }
    }
}
