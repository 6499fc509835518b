using ModelDsl.Results;

namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>Reads a CSV file (header row, UTF-8 unless a byte-order mark or <see cref="CsvReadOptions.Encoding"/> says otherwise, invariant culture).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="unit">The unit column of a panel (read as categorical), or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel (read as categorical; integer years keep their numeric order), or <see langword="null"/>.</param>
    /// <param name="options">Missing-value tokens, declared column kinds, the encoding and how bad numeric cells are handled.</param>
    /// <returns>The data, with notes on cells read as missing and, for a panel, its structure.</returns>
    /// <remarks>
    /// <para>
    /// The file is read as UTF-8 unless it starts with a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) or
    /// <see cref="CsvReadOptions.Encoding"/> names another encoding (<c>WithEncoding("gb18030")</c>). A byte that
    /// is not valid in the encoding is a <see cref="DataFormatException"/> naming the line, column and byte
    /// offset; it is never replaced, since replacement characters would merge different labels.
    /// </para>
    /// <para>
    /// Cells follow one convention, shared with the source generator: every cell and header name is trimmed of
    /// leading and trailing white space (as <see cref="string.Trim()"/>, U+00A0 and U+3000 included) before
    /// anything else, so unit <c>" 1"</c> and <c>"1"</c> are one unit and <c>" NA "</c> is missing; a leading
    /// byte-order mark is removed from the first header name. Missing cells are those equal to a token of
    /// <see cref="CsvReadOptions.MissingTokens"/> (by default <see cref="CsvReadOptions.DefaultMissingTokens"/>:
    /// empty, <c>.</c>, <c>NA</c>, <c>na</c>, <c>N/A</c>, <c>n/a</c>, <c>#N/A</c>, <c>NaN</c>, <c>nan</c>,
    /// <c>NAN</c>, <c>null</c>, <c>NULL</c>, <c>Null</c>). A column is numeric when every non-missing cell
    /// parses as a finite double in invariant culture (<see cref="System.Globalization.NumberStyles.Float"/>:
    /// sign, decimal point, exponent, no thousands separators; <c>1e400</c> is not a number), and categorical
    /// otherwise (text identifiers such as <c>NSW1</c> or region names need no declaration); the unit, time
    /// and <see cref="CsvReadOptions.Categorical"/> columns are always categorical.
    /// </para>
    /// <para>
    /// A time column whose labels are all numbers is compared by value: <c>2003</c>, <c>2003.0</c> and
    /// <c>2.003e3</c> are one period, labelled <c>2003</c> (see <see cref="PanelIndex"/>). Line numbers in
    /// messages are 1-based physical lines (the header is line 1).
    /// </para>
    /// </remarks>
    /// <exception cref="DataFormatException">A malformed line, a line with the wrong number of fields, bytes that are not valid in the file's encoding, or a non-numeric cell in a column forced numeric.</exception>
    /// <exception cref="DuplicatePanelKeyException">A (unit, time) pair occurs on more than one line.</exception>
    /// <exception cref="InvalidOperationException">A unit or time value is missing.</exception>
    /// <exception cref="ArgumentException">A declared column is not in the header.</exception>
    public static PanelData ReadCsv(string path, string? unit = null, string? time = null, CsvReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No data file at '{Path.GetFullPath(path)}'; check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        }

        options ??= new CsvReadOptions();
        return Read(new FileCsvInput(path, options.Encoding), unit, time, options);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names it in messages and notes.</summary>
    /// <param name="reader">The text to read (read to the end; not disposed).</param>
    /// <param name="sourceName">The name used in messages, such as the file name a generated loader was given.</param>
    /// <param name="unit">The unit column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel, or <see langword="null"/>.</param>
    /// <param name="options">Missing-value tokens, declared column kinds and how bad numeric cells are handled.</param>
    /// <returns>The data, as <see cref="ReadCsv(string, string?, string?, CsvReadOptions?)"/> reads a file.</returns>
    public static PanelData ReadCsv(TextReader reader, string sourceName, string? unit = null, string? time = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);

        // Read once into memory so that a column whose first text cell follows numbers can be read again.
        var text = reader.ReadToEnd();
        return Read(new TextCsvInput(() => new StringReader(text), sourceName, leaveOpen: false), unit, time, options);
    }

    /// <summary>The column names in the header of a CSV file, in order (trimmed, as <see cref="ReadCsv(string, string?, string?, CsvReadOptions?)"/> names them).</summary>
    public static IReadOnlyList<string> ReadCsvHeader(string path, CsvReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new CsvReadOptions();
        return new CsvTableReader(new FileCsvInput(path, options.Encoding), options).ReadHeader();
    }

    /// <summary>The column names in the header of CSV text, in order; the reader is not disposed.</summary>
    public static IReadOnlyList<string> ReadCsvHeader(TextReader reader, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        return new CsvTableReader(new TextCsvInput(() => reader, sourceName, leaveOpen: true), options ?? new CsvReadOptions()).ReadHeader();
    }

    private static PanelData Read(CsvInput input, string? unit, string? time, CsvReadOptions? options)
    {
        var sourceName = input.Name;
        options ??= new CsvReadOptions();
        if ((unit is null) != (time is null))
        {
            throw new ArgumentException($"A panel needs both a unit and a time column (got unit {(unit is null ? "none" : $"'{unit}'")} and time {(time is null ? "none" : $"'{time}'")}); give both, or neither for a cross-section.");
        }

        foreach (var key in new[] { unit, time })
        {
            if (key is not null && options.NumericColumns.Contains(key))
            {
                throw new ArgumentException($"Column '{key}' is the panel's {(key == unit ? "unit" : "time")} column, which is always categorical; remove it from the numeric columns in the options.");
            }
        }

        var keys = unit is null ? Array.Empty<string>() : [unit, time!];
        var table = new CsvTableReader(input, options).Read(keys);
        var data = new PanelData(table.Columns, unit, time, [.. table.Notes], sourceName, table.Lines, null, validatePanel: unit is not null);
        return unit is null ? data : data.WithNote(new Note(NoteKind.Structure, $"{data.Structure.Describe()}.", data.RowCount));
    }
}
