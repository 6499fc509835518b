using System.Globalization;
using System.Text;

using CsvHelper;

using ModelDsl.Results;

namespace ModelDsl.Data;

/// <summary>
/// The CSV reader as an <see cref="ITableSource"/>: reads a file or text into columns in one pass over UTF-8
/// field spans (no per-cell string or boxing for numbers; categorical labels are interned through a span lookup).
/// </summary>
/// <remarks>
/// <para>
/// Every cell is read by <see cref="CsvConventions"/>, the rules the source generator uses too: trimmed of
/// leading and trailing white space (<see cref="CsvUtf8.Trim"/>, the same set as <see cref="string.Trim()"/>)
/// before it is compared with the missing-value tokens, parsed as a number or kept as a label; header names by
/// <see cref="CsvConventions.HeaderName"/>. The span paths here accept exactly what the string conventions accept.
/// </para>
/// <para>
/// A column not declared numeric or categorical is numeric while every non-missing cell parses as a finite
/// double (invariant culture). If its first text cell comes after numeric cells, the labels of those earlier
/// cells are no longer known, so the source is read a second time with that column declared categorical.
/// </para>
/// <para>
/// A UTF-8 file is read in parallel (<c>CsvTableSource.Parallel.cs</c>): mapped into memory, cut into chunks at record
/// boundaries, each chunk parsed on its own core, the chunks joined in file order (labels coded in order of first
/// appearance in the file, as here). That path reads exactly what this one reads and leaves everything this one reports
/// or treats specially (bad quoting, a wrong number of fields, invalid UTF-8, a bad header, a non-number in a column
/// declared numeric) to this one, so messages do not depend on the path. Other encodings and text are read here.
/// </para>
/// <para>
/// The syntax (separator, encoding, missing-value tokens, <see cref="CsvReadOptions.BadNumericAsMissing"/>) comes
/// from the <see cref="CsvReadOptions"/> the source was made with; the column kinds from the
/// <see cref="ColumnKinds"/> given to <see cref="Read"/>, together with any the options declare
/// (<see cref="CsvReadOptions.Kinds"/>), so a source made from options that declare kinds reads them on every path.
/// </para>
/// </remarks>
public sealed partial class CsvTableSource : ITableSource
{
    private readonly CsvInput _input;
    private readonly string _sourceName;
    private readonly CsvReadOptions _options;
    private readonly byte[][] _missingTokens;

    // Most cells are rejected as tokens by their length or first byte without comparing them with every token.
    private readonly int _longestToken;
    private readonly bool _emptyIsMissing;
    private readonly bool[] _tokenFirstBytes = new bool[256];

    // Whether some missing token is a number the fast number path reads in full (-99, say): only then is a cell it
    // reads compared with the tokens.
    private readonly bool _numberTokens;

    internal CsvTableSource(CsvInput input, CsvReadOptions options)
    {
        _input = input;
        _sourceName = input.Name;
        _options = options;
        _missingTokens = options.MissingTokens.Select(t => Encoding.UTF8.GetBytes(CsvConventions.TrimCell(t))).ToArray();
        foreach (var token in _missingTokens)
        {
            _longestToken = Math.Max(_longestToken, token.Length);
            _emptyIsMissing |= token.Length == 0;
            if (token.Length > 0)
            {
                _tokenFirstBytes[token[0]] = true;
                _numberTokens |= Utf8Number.TryParsePrefix(token, out _) == token.Length;
            }
        }
    }

    /// <inheritdoc />
    public string Name => _sourceName;

    /// <summary>The CSV syntax this source reads with.</summary>
    public CsvReadOptions Options => _options;

    /// <summary>A source over a CSV file (UTF-8 unless a byte-order mark or <see cref="CsvReadOptions.Encoding"/> says otherwise).</summary>
    /// <param name="path">The file; it is opened on each read.</param>
    /// <param name="options">The CSV syntax (and, optionally, declared kinds); defaults when null.</param>
    /// <returns>The source, named by <paramref name="path"/>.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static CsvTableSource FromFile(string path, CsvReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No data file at '{Path.GetFullPath(path)}'; check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        }

        options ??= new CsvReadOptions();
        return new CsvTableSource(new FileCsvInput(path, options.Encoding), options);
    }

    /// <summary>A source over CSV text, read to the end now (so that it can be read again) and kept in memory.</summary>
    /// <param name="reader">The text (not disposed).</param>
    /// <param name="sourceName">The name used in messages, such as the file name the text came from.</param>
    /// <param name="options">The CSV syntax (and, optionally, declared kinds); defaults when null.</param>
    /// <returns>The source.</returns>
    public static CsvTableSource FromText(TextReader reader, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);

        // Read once into memory so that a column whose first text cell follows numbers can be read again.
        var text = reader.ReadToEnd();
        return new CsvTableSource(new TextCsvInput(() => new StringReader(text), sourceName, leaveOpen: false), options ?? new CsvReadOptions());
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadHeader()
    {
        try
        {
            using var reader = CreateReader();
            return ReadHeaderOf(reader);
        }
        catch (Exception error) when (_input.ExplainDecodingError(error, _options.Separator, null) is { } explained)
        {
            throw explained;
        }
    }

    /// <inheritdoc />
    public SourceTable Read(ColumnKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var declared = kinds;
        if (!_options.Kinds.IsEmpty)
        {
            declared = new ColumnKinds(_options.Kinds).Include(kinds);
        }

        var categorical = new HashSet<string>(declared.CategoricalColumns, StringComparer.Ordinal);
        if (TryReadParallel(categorical, declared) is { } parallel)
        {
            return parallel;
        }

        var table = ReadOnce(categorical, declared, out var mixed);
        if (mixed.Count > 0)
        {
            categorical.UnionWith(mixed);
            table = ReadOnce(categorical, declared, out _);
        }

        // The second pass reads every column that was mixed as categorical, so it always gives a table.
        return table ?? throw new InvalidOperationException($"'{_sourceName}' could not be read in two passes.");
    }

    // Null when a column turned out mixed (text after numbers): the caller reads again with it categorical.
    private SourceTable? ReadOnce(HashSet<string> categorical, ColumnKinds declared, out List<string> mixed)
    {
        List<string>? header = null;
        try
        {
            return ReadOnce(categorical, declared, out mixed, h => header = h);
        }
        catch (Exception error) when (_input.ExplainDecodingError(error, _options.Separator, header) is { } explained)
        {
            throw explained;
        }
    }

    private SourceTable? ReadOnce(HashSet<string> categorical, ColumnKinds declared, out List<string> mixed, Action<List<string>> headerRead)
    {
        using var reader = CreateReader();
        var header = ReadHeaderOf(reader);
        headerRead(header);
        declared.CheckDeclared(header, _sourceName);

        var numeric = declared.NumericColumns;
        var buffers = new ColumnBuffer[header.Count];
        for (var c = 0; c < buffers.Length; c++)
        {
            var kind = categorical.Contains(header[c]) ? BufferKind.Categorical
                : numeric.Contains(header[c]) ? BufferKind.ForcedNumeric
                : BufferKind.Inferred;
            buffers[c] = new ColumnBuffer(header[c], c + 1, kind);
        }

        var lines = new int[1024];
        var rows = 0;
        Span<char> chars = stackalloc char[256];
        while (true)
        {
            try
            {
                if (!reader.Read())
                {
                    break;
                }
            }
            catch (CsvFormatException error)
            {
                throw new DataFormatException(
                    $"'{_sourceName}' line {error.LineNumber}: {error.Message} Check the quotes on that line (a quote inside a quoted field is written twice: \"\").",
                    _sourceName,
                    error.LineNumber,
                    innerException: error);
            }

            var line = checked((int)reader.LineNumber);
            if (reader.FieldCount != buffers.Length)
            {
                throw new DataFormatException(
                    $"'{_sourceName}' line {line} has {reader.FieldCount} fields but the header has {buffers.Length} ({string.Join(", ", header)}). Every line needs one field per header column; quote fields that contain the separator.",
                    _sourceName,
                    line);
            }

            if (rows == lines.Length)
            {
                Array.Resize(ref lines, lines.Length * 2);
            }

            lines[rows] = line;
            for (var c = 0; c < buffers.Length; c++)
            {
                buffers[c].Add(reader.GetSpan(c), rows, line, this, chars);
            }

            rows++;
        }

        Array.Resize(ref lines, rows);
        var columns = new Column[buffers.Length];
        var notes = new List<Note>();
        mixed = [];
        for (var c = 0; c < buffers.Length; c++)
        {
            if (buffers[c].Kind == BufferKind.Mixed)
            {
                mixed.Add(buffers[c].Name);
                continue;
            }

            columns[c] = buffers[c].Build(rows);
            buffers[c].AddNotes(notes, _sourceName);
        }

        return mixed.Count > 0 ? null : new SourceTable(columns, lines, notes.ToArray());
    }

    private CsvReader CreateReader()
    {
        var options = new CsvReaderOptions
        {
            Separator = _options.Separator,
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            DetectSeparatorHint = false,
        };
        return _input.Open(options);
    }

    private List<string> ReadHeaderOf(CsvReader reader)
    {
        try
        {
            reader.ReadHeader();
        }
        catch (CsvFormatException error)
        {
            throw new DataFormatException($"'{_sourceName}' line 1 (the header): {error.Message}", _sourceName, 1, innerException: error);
        }

        var header = reader.Headers.Select(CsvConventions.HeaderName).ToList();
        if (HeaderProblem(header) is { } problem)
        {
            throw problem;
        }

        return header;
    }

    // The error for a header without names or with a name twice; null for a good header.
    private DataFormatException? HeaderProblem(List<string> header)
    {
        if (header.Count == 0 || (header.Count == 1 && header[0].Length == 0))
        {
            return new DataFormatException($"'{_sourceName}' has no header row; the first line must name the columns.", _sourceName, 1);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            if (string.IsNullOrWhiteSpace(header[c]))
            {
                return new DataFormatException($"'{_sourceName}' header: column {c + 1} has no name; every column needs a name.", _sourceName, 1, columnPosition: c + 1, value: header[c]);
            }

            if (!seen.Add(header[c]))
            {
                return new DataFormatException($"'{_sourceName}' header: column name '{header[c]}' appears twice (positions {header.IndexOf(header[c]) + 1} and {c + 1}); column names must be unique.", _sourceName, 1, header[c], c + 1, header[c]);
            }
        }

        return null;
    }

    // The notes of one column: cells read as missing for a token, and cells of a numeric column that were not numbers.
    private static void AddCellNotes(List<Note> notes, string name, string source, int missingCells, int badCells, int firstBadLine, string? firstBadValue)
    {
        if (missingCells > 0)
        {
            notes.Add(new Note(
                NoteKind.CellsReadAsMissing,
                $"Column '{name}' of '{source}': {missingCells:N0} {(missingCells == 1 ? "cell holds" : "cells hold")} a missing-value token and {(missingCells == 1 ? "was" : "were")} read as missing.",
                missingCells));
        }

        if (badCells > 0)
        {
            notes.Add(new Note(
                NoteKind.CellsReadAsMissing,
                $"Column '{name}' of '{source}': {badCells:N0} {(badCells == 1 ? "cell is" : "cells are")} not a number and {(badCells == 1 ? "was" : "were")} read as missing (BadNumericAsMissing); the first is '{firstBadValue}' on line {firstBadLine}.",
                badCells));
        }
    }

    private bool IsMissingToken(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return _emptyIsMissing;
        }

        if (cell.Length > _longestToken || !_tokenFirstBytes[cell[0]])
        {
            return false;
        }

        foreach (var token in _missingTokens)
        {
            if (cell.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    private enum BufferKind
    {
        Inferred,
        ForcedNumeric,
        Categorical,
        Mixed,
    }

    private sealed class ColumnBuffer(string name, int position, BufferKind kind)
    {
        private readonly Dictionary<string, int> _labelCodes = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];
        private double[] _values = [];
        private int[] _codes = [];
        private int _numericCells;
        private int _missingCells;
        private int _badCells;
        private int _firstBadLine;
        private string? _firstBadValue;

        public string Name { get; } = name;

        public BufferKind Kind { get; private set; } = kind;

        public void Add(ReadOnlySpan<byte> raw, int row, int line, CsvTableSource owner, Span<char> chars)
        {
            var cell = CsvUtf8.Trim(raw);
            switch (Kind)
            {
                case BufferKind.Mixed:
                    return;
                case BufferKind.Categorical:
                    AddLabel(cell, row, owner, chars);
                    return;
            }

            Ensure(ref _values, row);
            if (owner.IsMissingToken(cell))
            {
                _values[row] = double.NaN;
                _missingCells++;
                return;
            }

            if (CsvUtf8.TryParseNumber(cell, out var value))
            {
                _values[row] = value;
                _numericCells++;
                return;
            }

            if (Kind == BufferKind.ForcedNumeric)
            {
                var text = Encoding.UTF8.GetString(raw);
                if (!owner._options.BadNumericAsMissing)
                {
                    throw new DataFormatException(
                        $"'{owner._sourceName}' line {line}, column '{Name}' (column {position}): '{text}' is not a number{(IsOutOfRange(cell) ? " (it is beyond the range of a double, ±1.8e308)" : string.Empty)}, but '{Name}' is declared numeric. Expected a number in invariant culture (e.g. 1234.5) or a missing-value token ({string.Join(", ", owner._options.MissingTokens.Select(t => $"'{t}'"))}). Fix the cell, add the token with WithMissingTokens(...), or set BadNumericAsMissing to read such cells as missing.",
                        owner._sourceName,
                        line,
                        Name,
                        position,
                        text);
                }

                if (_badCells++ == 0)
                {
                    _firstBadLine = line;
                    _firstBadValue = text;
                }

                _values[row] = double.NaN;
                return;
            }

            // An inferred column meets text: it is categorical. Earlier cells were all missing, so nothing is lost;
            // otherwise their labels are gone and the source is read again with this column declared categorical.
            if (_numericCells > 0)
            {
                Kind = BufferKind.Mixed;
                _values = [];
                return;
            }

            Kind = BufferKind.Categorical;
            _codes = new int[Math.Max(_values.Length, 16)];
            Array.Fill(_codes, CategoricalColumn.MissingCode, 0, row);
            _values = [];
            AddLabel(cell, row, owner, chars);
        }

        private void AddLabel(ReadOnlySpan<byte> cell, int row, CsvTableSource owner, Span<char> chars)
        {
            Ensure(ref _codes, row);
            if (owner.IsMissingToken(cell))
            {
                _codes[row] = CategoricalColumn.MissingCode;
                _missingCells++;
                return;
            }

            var lookup = _labelCodes.GetAlternateLookup<ReadOnlySpan<char>>();
            var count = Encoding.UTF8.GetMaxCharCount(cell.Length) <= chars.Length
                ? Encoding.UTF8.GetChars(cell, chars)
                : -1;
            if (count >= 0 && lookup.TryGetValue(chars[..count], out var code))
            {
                _codes[row] = code;
                return;
            }

            var label = Encoding.UTF8.GetString(cell);
            if (!_labelCodes.TryGetValue(label, out code))
            {
                code = _labels.Count;
                _labels.Add(label);
                _labelCodes.Add(label, code);
            }

            _codes[row] = code;
        }

        // A number in the syntax that overflows to infinity (1e400), as opposed to the words Infinity or NaN.
        private static bool IsOutOfRange(ReadOnlySpan<byte> cell)
            => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                && double.IsInfinity(parsed)
                && cell.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0;

        private static void Ensure<T>(ref T[] array, int row)
        {
            if (row >= array.Length)
            {
                Array.Resize(ref array, Math.Max(16, array.Length * 2));
            }
        }

        public Column Build(int rows)
        {
            if (Kind == BufferKind.Categorical)
            {
                Array.Resize(ref _codes, rows);
                return CategoricalColumn.FromUnsortedCodes(Name, _codes, _labels);
            }

            Array.Resize(ref _values, rows);
            return NumericColumn.FromOwnedArray(Name, _values);
        }

        public void AddNotes(List<Note> notes, string source)
            => AddCellNotes(notes, Name, source, _missingCells, _badCells, _firstBadLine, _firstBadValue);
    }
}
