using System.Globalization;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Text.Json;

using ModelDsl.Results;

using Parquet;
using Parquet.Schema;

namespace ModelDsl.Data;

/// <summary>
/// A Parquet file as an <see cref="ITableSource"/>: reads only the requested columns, row group by row group, each
/// column on its own thread, straight from the typed column chunks into <see cref="NumericColumn"/> and
/// <see cref="CategoricalColumn"/> (no per-cell strings for numbers).
/// </summary>
/// <remarks>
/// <para>
/// Types (physical type with its logical or converted annotation), when the column is not declared:
/// integers of any width and sign, <c>FLOAT</c>, <c>DOUBLE</c>, <c>DECIMAL</c> and <c>BOOLEAN</c> (0/1) are numeric;
/// <c>STRING</c>/<c>UTF8</c> byte arrays (dictionary-encoded or plain) are categorical; <c>DATE</c> and
/// <c>TIMESTAMP</c> are categorical with ISO 8601 labels (<c>2021-03-01</c>, <c>2021-03-01 10:00:00</c>, the spelling DuckDB casts to text), which sort
/// chronologically, so a date can be a panel's time column. A column this library wrote as categorical (listed in the
/// file's key-value metadata <c>modeldsl.categorical</c>, see <see cref="PanelData.WriteParquet"/>) is categorical
/// again. Any other type (binary, time of day, interval, UUID, nested lists, maps and structs) is a
/// <see cref="DataFormatException"/> naming the file, the column, its physical and logical type: leave such a column
/// out with <see cref="ParquetReadOptions.WithColumns"/>; columns not read are never decoded.
/// </para>
/// <para>
/// Declared kinds: numbers declared categorical become levels by their canonical text (integers exactly, as
/// <c>123</c>; floating-point and decimal values as <see cref="CategoricalColumn.FromNumbers"/> labels them);
/// booleans are 0/1 either way. Text declared numeric is parsed (invariant culture, finite, surrounding white space
/// ignored), and a cell that is not a number is a <see cref="DataFormatException"/>. Dates cannot be numeric.
/// A 64-bit integer beyond ±2^53 read as numeric would lose digits in a double, so it is an error that suggests
/// declaring the column categorical (identifiers are exact there).
/// </para>
/// <para>
/// Missing values: a null (definition level below the maximum) is missing, as is a floating-point NaN; each column
/// with missing cells gets one <see cref="NoteKind.CellsReadAsMissing"/> note per cause with the count, as the CSV
/// reader notes its missing-value tokens. An infinite value is a <see cref="DataFormatException"/> (the CSV reader
/// does not take <c>Infinity</c> as a number either). Text is taken as it is: no trimming and no missing-value tokens,
/// since Parquet has nulls. Rows have no lines: <see cref="SourceTable.Lines"/> is <see langword="null"/> and messages
/// name rows; a <see cref="DataFormatException"/> gives the 1-based row of the file as its <see cref="DataFormatException.Line"/>
/// and the row group in <see cref="DataFormatException.RowGroup"/>.
/// </para>
/// </remarks>
public sealed class ParquetTableSource : ITableSource
{
    /// <summary>The key-value metadata key under which <see cref="PanelData.WriteParquet"/> lists the categorical columns (a JSON array of names).</summary>
    public const string CategoricalColumnsKey = "modeldsl.categorical";

    // 2^53: every integer of at most this magnitude is exact in a double.
    private const long ExactIntegerLimit = 1L << 53;

    private readonly string _path;

    private ParquetTableSource(string path, ParquetReadOptions options)
    {
        _path = path;
        Options = options;
    }

    /// <inheritdoc />
    public string Name => _path;

    /// <summary>The projection and declared kinds this source reads with.</summary>
    public ParquetReadOptions Options { get; }

    /// <summary>A source over a Parquet file.</summary>
    /// <param name="path">The file; it is opened on each read.</param>
    /// <param name="options">Projection and declared kinds; defaults (every column, kinds from the file) when null.</param>
    /// <returns>The source, named by <paramref name="path"/>.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static ParquetTableSource FromFile(string path, ParquetReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No data file at '{Path.GetFullPath(path)}'; check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        }

        return new ParquetTableSource(path, options ?? new ParquetReadOptions());
    }

    /// <inheritdoc />
    /// <remarks>Every top-level column of the file, in file order (from the footer; no row is read).</remarks>
    public IReadOnlyList<string> ReadHeader()
    {
        using var lease = Open();
        var reader = lease.Reader;
        return Header(reader);
    }

    /// <inheritdoc />
    public SourceTable Read(ColumnKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var declared = Options.Kinds.IsEmpty ? kinds : new ColumnKinds(Options.Kinds).Include(kinds);
        List<ColumnPlan> plans;
        long totalRows;
        using (var lease = Open())
        {
            var reader = lease.Reader;
            var header = Header(reader);
            declared.CheckDeclared(header, _path);
            var wanted = Wanted(header, declared);
            var written = WrittenCategorical(reader);
            plans = [];
            for (var position = 0; position < header.Count; position++)
            {
                if (wanted.Contains(header[position]))
                {
                    plans.Add(Plan(reader.Schema.Fields[position], position + 1, declared.KindOf(header[position]), written));
                }
            }

            totalRows = reader.RowGroups.Sum(g => g.RowCount);
        }

        if (totalRows > Array.MaxLength)
        {
            throw new DataFormatException($"'{_path}' has {totalRows:N0} rows; a table in memory holds at most {Array.MaxLength:N0}. Read a subset (e.g. with DuckDB and a WHERE clause).", _path, 0);
        }

        // Each column on its own reader (a reader is one stream, not shareable between threads); errors are
        // rethrown in column order, so the same file always gives the same error.
        var columns = new Column[plans.Count];
        var notes = new List<Note>[plans.Count];
        var errors = new ExceptionDispatchInfo?[plans.Count];
        Parallel.For(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            try
            {
                using var lease = Open();
                notes[c] = [];
                columns[c] = ReadColumn(lease.Reader, plans[c], (int)totalRows, notes[c]);
            }
            catch (Exception error)
            {
                errors[c] = ExceptionDispatchInfo.Capture(error);
            }
        });
        foreach (var error in errors)
        {
            error?.Throw();
        }

        return new SourceTable(columns, null, notes.SelectMany(n => n).ToArray());
    }

    private HashSet<string> Wanted(IReadOnlyList<string> header, ColumnKinds declared)
    {
        if (Options.Columns is not { } projection)
        {
            return new HashSet<string>(header, StringComparer.Ordinal);
        }

        var known = new HashSet<string>(header, StringComparer.Ordinal);
        foreach (var name in projection)
        {
            if (!known.Contains(name))
            {
                var closest = header.OrderBy(h => PanelData.EditDistance(h.ToLowerInvariant(), name.ToLowerInvariant())).FirstOrDefault();
                throw new ArgumentException($"Column '{name}' was asked for (WithColumns) but '{_path}' has no such column; its columns are: {string.Join(", ", header)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
            }
        }

        return [.. projection, .. declared.CategoricalColumns, .. declared.NumericColumns];
    }

    private Lease Open()
    {
        try
        {
            return new Lease(ParquetReader.CreateAsync(_path).GetAwaiter().GetResult());
        }
        catch (Exception error) when (error is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException))
        {
            throw new DataFormatException($"'{_path}' is not a readable Parquet file: {error.Message} (a Parquet file starts and ends with the bytes 'PAR1' and has its schema in a footer).", _path, 0, innerException: error);
        }
    }

    private List<string> Header(ParquetReader reader)
    {
        var header = reader.Schema.Fields.Select(f => f.Name).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            if (string.IsNullOrWhiteSpace(header[c]))
            {
                throw new DataFormatException($"'{_path}': column {c + 1} has no name; every column needs a name.", _path, 0, columnPosition: c + 1);
            }

            if (!seen.Add(header[c]))
            {
                throw new DataFormatException($"'{_path}': column name '{header[c]}' appears twice (positions {header.IndexOf(header[c]) + 1} and {c + 1}); column names must be unique.", _path, 0, header[c], c + 1);
            }
        }

        return header;
    }

    private HashSet<string> WrittenCategorical(ParquetReader reader)
    {
        if (!reader.CustomMetadata.TryGetValue(CategoricalColumnsKey, out var json))
        {
            return [];
        }

        try
        {
            // JsonDocument rather than JsonSerializer: file-based apps switch reflection-based serialization off.
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("not an array");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                names.Add(element.GetString() ?? throw new JsonException("a null name"));
            }

            return names;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            throw new DataFormatException($"'{_path}': the metadata '{CategoricalColumnsKey}' should be a JSON array of column names but is '{json}' ({error.Message}).", _path, 0, innerException: error);
        }
    }

    // The reader is only asynchronously disposable; reading is synchronous here (ITableSource.Read).
    private sealed class Lease(ParquetReader reader) : IDisposable
    {
        public ParquetReader Reader { get; } = reader;

        public void Dispose() => Reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // What to do with one column: its field, its kind, and the reading it gets.
    private sealed record ColumnPlan(DataField Field, int Position, ColumnKind Kind, ValueType Type);

    private enum ValueType
    {
        Integer,
        Real,
        Boolean,
        Text,
        Date,
    }

    private ColumnPlan Plan(Field field, int position, ColumnKind? declared, HashSet<string> written)
    {
        // A time of day is an INT64 to the library (TimeDataField), not a number of anything: refused like the others.
        var type = field is DataField { IsArray: false, MaxRepetitionLevel: 0 } data && field is not TimeDataField ? TypeOf(data.ClrType) : null;
        if (type is null)
        {
            throw new DataFormatException(
                $"'{_path}' column '{field.Name}' (column {position}) has Parquet type {DescribeType(field)}, which cannot be a panel column: ModelDsl reads integers, floating-point numbers, decimals, booleans, strings, dates and timestamps. " +
                "Leave the column out with new ParquetReadOptions().WithColumns(...) (only the listed columns are read), or convert it where the file is made (e.g. in DuckDB, CAST(column AS VARCHAR)).",
                _path,
                0,
                field.Name,
                position);
        }

        var dataField = (DataField)field;
        if (declared == ColumnKind.Numeric && type == ValueType.Date)
        {
            throw new DataFormatException(
                $"'{_path}' column '{field.Name}' (column {position}) holds dates ({DescribeType(field)}) but is declared numeric; a date is a period label, not a number. Remove it from the numeric columns (it is read as categorical, ISO 8601 labels).",
                _path,
                0,
                field.Name,
                position);
        }

        var kind = declared
            ?? (type is ValueType.Text or ValueType.Date || written.Contains(field.Name) ? ColumnKind.Categorical : ColumnKind.Numeric);
        return new ColumnPlan(dataField, position, kind, type.Value);
    }

    private static ValueType? TypeOf(Type clr)
    {
        if (clr == typeof(double) || clr == typeof(float) || clr == typeof(decimal) || clr == typeof(Half))
        {
            return ValueType.Real;
        }

        if (clr == typeof(long) || clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte)
            || clr == typeof(ulong) || clr == typeof(uint) || clr == typeof(ushort) || clr == typeof(byte))
        {
            return ValueType.Integer;
        }

        return clr == typeof(bool) ? ValueType.Boolean
            : clr == typeof(ReadOnlyMemory<char>) ? ValueType.Text
            : clr == typeof(DateTime) || clr == typeof(DateOnly) ? ValueType.Date
            : null;
    }

    // "BYTE_ARRAY (no logical type)", "INT64 (TIME_MICROS)", "nested list"; for messages only.
    private static string DescribeType(Field field)
    {
        if (field is not DataField || field.SchemaType != SchemaType.Data || field.MaxRepetitionLevel > 0)
        {
            return $"nested {field.SchemaType.ToString().ToLowerInvariant()}";
        }

        var element = field.SchemaElement;
        if (element is null)
        {
            return ((DataField)field).ClrType.Name;
        }

        var logical = element.LogicalType is { } type
            ? type.GetType().GetProperties().FirstOrDefault(p => p.GetValue(type) is not null)?.Name
            : null;
        var annotation = logical ?? element.ConvertedType?.ToString();
        return $"{element.Type?.ToString() ?? "group"} ({(annotation is null ? "no logical type" : annotation)})";
    }

    private Column ReadColumn(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes)
    {
        var clr = plan.Field.ClrType;
        return clr == typeof(double) ? Real<double>(reader, plan, rows, notes)
            : clr == typeof(float) ? Real<float>(reader, plan, rows, notes)
            : clr == typeof(decimal) ? Real<decimal>(reader, plan, rows, notes)
            : clr == typeof(Half) ? Real<Half>(reader, plan, rows, notes)
            : clr == typeof(long) ? Integer<long>(reader, plan, rows, notes)
            : clr == typeof(int) ? Integer<int>(reader, plan, rows, notes)
            : clr == typeof(short) ? Integer<short>(reader, plan, rows, notes)
            : clr == typeof(sbyte) ? Integer<sbyte>(reader, plan, rows, notes)
            : clr == typeof(ulong) ? Integer<ulong>(reader, plan, rows, notes)
            : clr == typeof(uint) ? Integer<uint>(reader, plan, rows, notes)
            : clr == typeof(ushort) ? Integer<ushort>(reader, plan, rows, notes)
            : clr == typeof(byte) ? Integer<byte>(reader, plan, rows, notes)
            : clr == typeof(bool) ? Boolean(reader, plan, rows, notes)
            : clr == typeof(ReadOnlyMemory<char>) ? Text(reader, plan, rows, notes)
            : clr == typeof(DateTime) && IsDate(plan.Field) ? Date<DateTime>(reader, plan, rows, notes, static d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : clr == typeof(DateTime) ? Date<DateTime>(reader, plan, rows, notes, static d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture))
            : Date<DateOnly>(reader, plan, rows, notes, static d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    // A DATE (days) as opposed to a TIMESTAMP: labelled without a time of day, as DuckDB prints it.
    private static bool IsDate(DataField field)
        => field.SchemaElement is { } element && (element.LogicalType?.DATE is not null || element.ConvertedType == Parquet.Meta.ConvertedType.DATE);

    // Reads every row group of the column: for each, the present values packed in front of `values` and, for a
    // nullable column, the definition levels; `take` gets (packed values, levels or empty, max level, first row, group).
    private static void Scan<T>(ParquetReader reader, ColumnPlan plan, ScanAction<T> take)
        where T : struct
    {
        var field = plan.Field;
        var maxDefinition = field.MaxDefinitionLevel;
        var capacity = reader.RowGroups.Count == 0 ? 0 : (int)reader.RowGroups.Max(g => g.RowCount);
        var values = new T[capacity];
        var levels = maxDefinition > 0 ? new int[capacity] : null;
        var first = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            group.ReadRawAsync<T>(field, values.AsMemory(0, count), levels?.AsMemory(0, count), null).AsTask().GetAwaiter().GetResult();
            take(values.AsSpan(0, count), levels is null ? [] : levels.AsSpan(0, count), maxDefinition, first, g);
            first += count;
        }
    }

    private delegate void ScanAction<T>(ReadOnlySpan<T> packed, ReadOnlySpan<int> levels, int maxDefinition, int first, int group);

    private Column Real<T>(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes)
        where T : struct, INumberBase<T>
    {
        var values = new double[rows];
        long nulls = 0;
        long nans = 0;
        Scan<T>(reader, plan, (packed, levels, max, first, group) =>
        {
            var next = 0;
            for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
            {
                if (!levels.IsEmpty && levels[i] != max)
                {
                    values[first + i] = double.NaN;
                    nulls++;
                    continue;
                }

                var value = double.CreateTruncating(packed[next++]);
                if (!double.IsFinite(value))
                {
                    if (double.IsNaN(value))
                    {
                        nans++;
                    }
                    else
                    {
                        throw NotFinite(plan, first + i, first, group, value);
                    }
                }

                values[first + i] = value;
            }
        });
        AddNotes(plan, nulls, nans, notes);
        if (plan.Kind == ColumnKind.Numeric)
        {
            return NumericColumn.FromOwnedArray(plan.Field.Name, values);
        }

        // Levels by the canonical text of the value, as CategoricalColumn.FromNumbers.
        var codes = new int[rows];
        var index = new Dictionary<double, int>();
        var labels = new List<string>();
        for (var row = 0; row < rows; row++)
        {
            var value = values[row];
            if (double.IsNaN(value))
            {
                codes[row] = CategoricalColumn.MissingCode;
                continue;
            }

            if (!index.TryGetValue(value, out var code))
            {
                code = labels.Count;
                index.Add(value, code);
                labels.Add(CategoricalColumn.CanonicalLabel(value));
            }

            codes[row] = code;
        }

        return CategoricalColumn.FromUnsortedCodes(plan.Field.Name, codes, labels);
    }

    private Column Integer<T>(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes)
        where T : struct, IBinaryInteger<T>
    {
        if (plan.Kind == ColumnKind.Numeric)
        {
            var values = new double[rows];
            long nulls = 0;
            var wide = typeof(T) == typeof(long) || typeof(T) == typeof(ulong);
            Scan<T>(reader, plan, (packed, levels, max, first, group) =>
            {
                var next = 0;
                for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
                {
                    if (!levels.IsEmpty && levels[i] != max)
                    {
                        values[first + i] = double.NaN;
                        nulls++;
                        continue;
                    }

                    var value = packed[next++];
                    if (wide && (value > T.CreateSaturating(ExactIntegerLimit) || value < T.CreateSaturating(-ExactIntegerLimit)))
                    {
                        throw new DataFormatException(
                            $"'{_path}' row group {group}, row {first + i + 1:N0} (row {i + 1:N0} of the group), column '{plan.Field.Name}' (column {plan.Position}): the integer {value} is beyond ±2^53, where a double (a numeric column) loses digits. If it is an identifier, declare the column categorical (its labels are then exact).",
                            _path,
                            first + i + 1,
                            plan.Field.Name,
                            plan.Position,
                            value.ToString(null, CultureInfo.InvariantCulture))
                        { RowGroup = group };
                    }

                    values[first + i] = double.CreateTruncating(value);
                }
            });
            AddNotes(plan, nulls, 0, notes);
            return NumericColumn.FromOwnedArray(plan.Field.Name, values);
        }

        // Categorical integers (identifiers, years): the values first, then codes in sorted order.
        var numbers = new long[rows];
        var present = new bool[rows];
        long missing = 0;
        Scan<T>(reader, plan, (packed, levels, max, first, group) =>
        {
            var next = 0;
            for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
            {
                if (!levels.IsEmpty && levels[i] != max)
                {
                    missing++;
                    continue;
                }

                var value = packed[next++];
                if (typeof(T) == typeof(ulong) && ulong.CreateTruncating(value) > long.MaxValue)
                {
                    throw new DataFormatException(
                        $"'{_path}' row group {group}, row {first + i + 1:N0}, column '{plan.Field.Name}' (column {plan.Position}): the unsigned integer {value} is beyond the range of a 64-bit signed integer, which categorical labels are read through.",
                        _path,
                        first + i + 1,
                        plan.Field.Name,
                        plan.Position,
                        value.ToString(null, CultureInfo.InvariantCulture))
                    { RowGroup = group };
                }

                numbers[first + i] = long.CreateTruncating(value);
                present[first + i] = true;
            }
        });
        AddNotes(plan, missing, 0, notes);
        return CategoricalColumn.FromIntegers(plan.Field.Name, numbers, present);
    }

    private Column Boolean(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes)
    {
        var values = new double[rows];
        long nulls = 0;
        Scan<bool>(reader, plan, (packed, levels, max, first, group) =>
        {
            var next = 0;
            for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
            {
                if (!levels.IsEmpty && levels[i] != max)
                {
                    values[first + i] = double.NaN;
                    nulls++;
                    continue;
                }

                values[first + i] = packed[next++] ? 1 : 0;
            }
        });
        AddNotes(plan, nulls, 0, notes);
        return plan.Kind == ColumnKind.Numeric ? NumericColumn.FromOwnedArray(plan.Field.Name, values) : CategoricalColumn.FromNumbers(plan.Field.Name, values);
    }

    private Column Text(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes)
    {
        long nulls = 0;
        if (plan.Kind == ColumnKind.Numeric)
        {
            var values = new double[rows];
            Scan<ReadOnlyMemory<char>>(reader, plan, (packed, levels, max, first, group) =>
            {
                var next = 0;
                for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
                {
                    if (!levels.IsEmpty && levels[i] != max)
                    {
                        values[first + i] = double.NaN;
                        nulls++;
                        continue;
                    }

                    var text = packed[next++].Span;
                    if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    {
                        throw new DataFormatException(
                            $"'{_path}' row group {group}, row {first + i + 1:N0} (row {i + 1:N0} of the group), column '{plan.Field.Name}' (column {plan.Position}): '{text}' is not a number, but '{plan.Field.Name}' is declared numeric (it is a string column in the file). Expected a number in invariant culture (e.g. 1234.5) or a null; fix the value, or read the column as categorical.",
                            _path,
                            first + i + 1,
                            plan.Field.Name,
                            plan.Position,
                            text.ToString())
                        { RowGroup = group };
                    }

                    values[first + i] = value;
                }
            });
            AddNotes(plan, nulls, 0, notes);
            return NumericColumn.FromOwnedArray(plan.Field.Name, values);
        }

        var codes = new int[rows];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var labels = new List<string>();
        Scan<ReadOnlyMemory<char>>(reader, plan, (packed, levels, max, first, group) =>
        {
            var next = 0;
            for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
            {
                if (!levels.IsEmpty && levels[i] != max)
                {
                    codes[first + i] = CategoricalColumn.MissingCode;
                    nulls++;
                    continue;
                }

                var text = packed[next++].Span;
                if (!lookup.TryGetValue(text, out var code))
                {
                    code = labels.Count;
                    var label = text.ToString();
                    labels.Add(label);
                    index.Add(label, code);
                }

                codes[first + i] = code;
            }
        });
        AddNotes(plan, nulls, 0, notes);
        return CategoricalColumn.FromUnsortedCodes(plan.Field.Name, codes, labels);
    }

    private Column Date<T>(ParquetReader reader, ColumnPlan plan, int rows, List<Note> notes, Func<T, string> label)
        where T : struct
    {
        long nulls = 0;
        var codes = new int[rows];
        var index = new Dictionary<T, int>();
        var labels = new List<string>();
        Scan<T>(reader, plan, (packed, levels, max, first, group) =>
        {
            var next = 0;
            for (var i = 0; i < (levels.IsEmpty ? packed.Length : levels.Length); i++)
            {
                if (!levels.IsEmpty && levels[i] != max)
                {
                    codes[first + i] = CategoricalColumn.MissingCode;
                    nulls++;
                    continue;
                }

                var value = packed[next++];
                if (!index.TryGetValue(value, out var code))
                {
                    code = labels.Count;
                    index.Add(value, code);
                    labels.Add(label(value));
                }

                codes[first + i] = code;
            }
        });
        AddNotes(plan, nulls, 0, notes);
        return CategoricalColumn.FromUnsortedCodes(plan.Field.Name, codes, labels);
    }

    private DataFormatException NotFinite(ColumnPlan plan, int row, int first, int group, double value)
        => new(
            $"'{_path}' row group {group}, row {row + 1:N0} (row {row - first + 1:N0} of the group), column '{plan.Field.Name}' (column {plan.Position}): the value is {(value > 0 ? "+" : "-")}infinity, which no estimator can use. Replace it in the file (by a null if it is missing).",
            _path,
            row + 1,
            plan.Field.Name,
            plan.Position,
            value > 0 ? "Infinity" : "-Infinity")
        {
            RowGroup = group,
        };

    private void AddNotes(ColumnPlan plan, long nulls, long nans, List<Note> notes)
    {
        if (nulls > 0)
        {
            notes.Add(new Note(
                NoteKind.CellsReadAsMissing,
                $"Column '{plan.Field.Name}' of '{_path}': {nulls:N0} {(nulls == 1 ? "cell is" : "cells are")} null and {(nulls == 1 ? "was" : "were")} read as missing.",
                checked((int)nulls)));
        }

        if (nans > 0)
        {
            notes.Add(new Note(
                NoteKind.CellsReadAsMissing,
                $"Column '{plan.Field.Name}' of '{_path}': {nans:N0} {(nans == 1 ? "cell holds" : "cells hold")} NaN and {(nans == 1 ? "was" : "were")} read as missing.",
                checked((int)nans)));
        }
    }
}
