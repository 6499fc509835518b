using System.Text;

using ModelDsl.Results;

namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>Reads a CSV file (header row, UTF-8 with or without BOM, invariant culture).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="unit">The unit column of a panel (read as categorical), or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel (read as categorical; integer years keep their numeric order), or <see langword="null"/>.</param>
    /// <param name="options">Missing-value tokens, declared column kinds and how bad numeric cells are handled.</param>
    /// <returns>The data, with notes on cells read as missing and, for a panel, its structure.</returns>
    /// <remarks>
    /// A column is numeric when every non-missing cell parses as a finite double in invariant culture, and
    /// categorical otherwise (text identifiers such as <c>NSW1</c> or region names need no declaration); the
    /// unit, time and <see cref="CsvReadOptions.Categorical"/> columns are always categorical. Missing cells
    /// are those equal to a token of <see cref="CsvReadOptions.MissingTokens"/> (empty, <c>NA</c>, <c>.</c>,
    /// <c>NaN</c> by default). Line numbers in messages are 1-based physical lines (the header is line 1).
    /// </remarks>
    /// <exception cref="DataFormatException">A malformed line, a line with the wrong number of fields, or a non-numeric cell in a column forced numeric.</exception>
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

        return Read(() => new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan }), path, unit, time, options);
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
        return Read(() => new StringReader(text), sourceName, unit, time, options);
    }

    /// <summary>The column names in the header of a CSV file, in order.</summary>
    public static IReadOnlyList<string> ReadCsvHeader(string path, CsvReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new CsvTableReader(() => new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path, options ?? new CsvReadOptions()).ReadHeader();
    }

    /// <summary>The column names in the header of CSV text, in order; the reader is not disposed.</summary>
    public static IReadOnlyList<string> ReadCsvHeader(TextReader reader, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        return new CsvTableReader(() => reader, sourceName, options ?? new CsvReadOptions(), leaveOpen: true).ReadHeader();
    }

    private static PanelData Read(Func<TextReader> open, string sourceName, string? unit, string? time, CsvReadOptions? options)
    {
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
        var table = new CsvTableReader(open, sourceName, options).Read(keys);
        var data = new PanelData(table.Columns, unit, time, [.. table.Notes], sourceName, table.Lines, null, validatePanel: unit is not null);
        return unit is null ? data : data.WithNote(new Note(NoteKind.Structure, $"{data.Structure.Describe()}.", data.RowCount));
    }
}
