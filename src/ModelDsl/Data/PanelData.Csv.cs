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
    /// A UTF-8 file is parsed on all cores (see <see cref="CsvTableSource"/>): the result, the notes and every
    /// message are the same as with one thread, and category codes follow the order of first appearance in the file.
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
        var source = CsvTableSource.FromFile(path, options);
        return Read(source, unit, time, source.Options.Kinds);
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
        var source = CsvTableSource.FromText(reader, sourceName, options);
        return Read(source, unit, time, source.Options.Kinds);
    }

    /// <summary>The column names in the header of a CSV file, in order (trimmed, as <see cref="ReadCsv(string, string?, string?, CsvReadOptions?)"/> names them).</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static IReadOnlyList<string> ReadCsvHeader(string path, CsvReadOptions? options = null)
        => CsvTableSource.FromFile(path, options).ReadHeader();

    /// <summary>The column names in the header of CSV text, in order; the reader is not disposed.</summary>
    public static IReadOnlyList<string> ReadCsvHeader(TextReader reader, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);

        // Only the header is read, straight from the caller's reader (FromText would read it to the end).
        return new CsvTableSource(new TextCsvInput(() => reader, sourceName, leaveOpen: true), options ?? new CsvReadOptions()).ReadHeader();
    }
}
