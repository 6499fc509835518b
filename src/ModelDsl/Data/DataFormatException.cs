namespace ModelDsl.Data;

/// <summary>A cell or line of a data file that cannot be read as declared; names the file, line, column and value.</summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception for one cell (or one line, when <paramref name="column"/> is <see langword="null"/>).</summary>
    /// <param name="message">The full message, naming what was found, what was expected and the fix.</param>
    /// <param name="source">The file (or source name) being read.</param>
    /// <param name="line">The 1-based physical line in the file where the record starts (the header is line 1).</param>
    /// <param name="column">The column name, when the problem is one cell.</param>
    /// <param name="columnPosition">The 1-based position of the column in the header, when the problem is one cell.</param>
    /// <param name="value">The offending cell text, when the problem is one cell.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public DataFormatException(string message, string source, long line, string? column = null, int? columnPosition = null, string? value = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SourceName = source;
        Line = line;
        Column = column;
        ColumnPosition = columnPosition;
        Value = value;
    }

    /// <summary>The file (or source name) being read.</summary>
    public string SourceName { get; }

    /// <summary>
    /// The 1-based physical line in the file (the header is line 1); for a file without lines (Parquet), the 1-based
    /// row, or 0 when the problem is the file's schema rather than a value.
    /// </summary>
    public long Line { get; }

    /// <summary>The column name, when the problem is one cell.</summary>
    public string? Column { get; }

    /// <summary>The 1-based position of the column in the header, when the problem is one cell.</summary>
    public int? ColumnPosition { get; }

    /// <summary>The offending cell text, when the problem is one cell.</summary>
    public string? Value { get; }

    /// <summary>
    /// The 0-based offset in bytes from the start of the file (a byte-order mark included) of the first byte that
    /// is not valid in the file's encoding, when that is the problem; otherwise <see langword="null"/>.
    /// </summary>
    public long? ByteOffset { get; init; }

    /// <summary>
    /// The 0-based row group of a Parquet file where the offending value is, when that is the problem (the file's
    /// 1-based row is then <see cref="Line"/>); otherwise <see langword="null"/>.
    /// </summary>
    public int? RowGroup { get; init; }
}
