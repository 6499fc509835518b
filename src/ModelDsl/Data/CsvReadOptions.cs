using System.Text;

namespace ModelDsl.Data;

/// <summary>How <see cref="PanelData.ReadCsv(string, string?, string?, CsvReadOptions?)"/> reads a file: the CSV syntax, plus declared column kinds for convenience.</summary>
/// <remarks>
/// <para>
/// The methods return the same instance so that settings chain:
/// <c>new CsvReadOptions().Categorical("province").Numeric("gdp").WithMissingTokens("", "NA", "-")</c>.
/// </para>
/// <para>
/// Separator, encoding, missing-value tokens and <see cref="BadNumericAsMissing"/> are the CSV syntax, read by
/// <see cref="CsvTableSource"/>. <see cref="Categorical"/> and <see cref="Numeric"/> fill <see cref="Kinds"/>, the
/// format-independent <see cref="ColumnKinds"/> that <see cref="PanelData.ReadCsv(string, string?, string?, CsvReadOptions?)"/>
/// hands to the reader separately (as every <see cref="ITableSource"/> gets them). Typed loaders take the kinds
/// from the schema (<see cref="SchemaLoader"/>) and only the encoding named on <c>[Panel]</c>/<c>[Dataset]</c> from here.
/// </para>
/// </remarks>
public sealed class CsvReadOptions
{
    /// <summary>
    /// The missing-value tokens used when none are given, the same list the source generator uses: empty,
    /// <c>.</c>, <c>NA</c>, <c>na</c>, <c>N/A</c>, <c>n/a</c>, <c>#N/A</c>, <c>NaN</c>, <c>nan</c>, <c>NAN</c>,
    /// <c>null</c>, <c>NULL</c>, <c>Null</c> (compared after trimming the cell).
    /// </summary>
    public static IReadOnlyList<string> DefaultMissingTokens { get; } = Array.AsReadOnly(CsvConventions.DefaultMissingTokens.ToArray());

    private string[] _missingTokens = [.. DefaultMissingTokens];

    /// <summary>
    /// The cell texts read as missing: compared exactly (ordinal, case-sensitive) with the cell after CSV
    /// unquoting and trimming of leading and trailing white space, so <c>" NA "</c> is missing too.
    /// </summary>
    public IReadOnlyList<string> MissingTokens => _missingTokens;

    /// <summary>
    /// The column kinds declared through <see cref="Categorical"/> and <see cref="Numeric"/> (or on this object
    /// directly); not CSV syntax, kept here so that one object configures a CSV read.
    /// </summary>
    public ColumnKinds Kinds { get; } = new();

    /// <summary>Columns declared categorical (besides the unit and time columns, which always are).</summary>
    public IReadOnlyCollection<string> CategoricalColumns => Kinds.CategoricalColumns;

    /// <summary>Columns forced numeric: a cell that is not a number is an error (or missing, see <see cref="BadNumericAsMissing"/>).</summary>
    public IReadOnlyCollection<string> NumericColumns => Kinds.NumericColumns;

    /// <summary>
    /// When true, a cell of a column declared numeric that does not parse as a number is read as missing and
    /// counted in a <see cref="Results.NoteKind.CellsReadAsMissing"/> note; when false (the default) it is a
    /// <see cref="DataFormatException"/>.
    /// </summary>
    public bool BadNumericAsMissing { get; set; }

    /// <summary>The field separator; a comma unless set.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>
    /// The text encoding of a file, or <see langword="null"/> (the default) for UTF-8. A byte-order mark at the
    /// start of the file decides over this setting (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
    /// </summary>
    /// <remarks>
    /// Bytes that are not valid in the encoding are a <see cref="DataFormatException"/> naming the line, the
    /// column and the byte offset, never replacement characters: replacing them would make different labels
    /// (two city names in GB18030 read as UTF-8) one. Only the decoding is taken from the encoding given;
    /// its fallback is replaced by one that throws. Text read through a <see cref="TextReader"/> is already
    /// decoded, so this setting applies to files only.
    /// </remarks>
    public Encoding? Encoding { get; set; }

    /// <summary>Sets <see cref="Encoding"/> by name and returns these options.</summary>
    /// <param name="name">An encoding name .NET knows, including the Windows and East Asian code pages:
    /// <c>"utf-8"</c>, <c>"gb18030"</c>, <c>"gbk"</c>, <c>"big5"</c>, <c>"shift_jis"</c>, <c>"euc-kr"</c>,
    /// <c>"windows-1252"</c>, <c>"iso-8859-1"</c>, <c>"utf-16"</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException">No encoding has that name.</exception>
    public CsvReadOptions WithEncoding(string name)
    {
        Encoding = CsvEncodings.FromName(name);
        return this;
    }

    /// <summary>Sets <see cref="Encoding"/> and returns these options.</summary>
    /// <param name="encoding">The encoding of the file (its decoder fallback is not used: invalid bytes are an error).</param>
    public CsvReadOptions WithEncoding(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        Encoding = encoding;
        return this;
    }

    /// <summary>Declares columns categorical (integer codes plus levels) whatever their cells look like; fills <see cref="Kinds"/>.</summary>
    /// <exception cref="ArgumentException">A name is blank, or the column is already declared numeric.</exception>
    public CsvReadOptions Categorical(params string[] columns)
    {
        Kinds.Categorical(columns);
        return this;
    }

    /// <summary>Forces columns numeric: every non-missing cell must parse as a number (invariant culture); fills <see cref="Kinds"/>.</summary>
    /// <exception cref="ArgumentException">A name is blank, or the column is already declared categorical.</exception>
    public CsvReadOptions Numeric(params string[] columns)
    {
        Kinds.Numeric(columns);
        return this;
    }

    /// <summary>
    /// Replaces the missing-value tokens (use <c>""</c> to keep empty cells missing). Tokens are trimmed as
    /// cells are, so <c>" - "</c> and <c>"-"</c> are the same token.
    /// </summary>
    public CsvReadOptions WithMissingTokens(params string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
        }

        _missingTokens = tokens.Select(CsvConventions.TrimCell).Distinct(StringComparer.Ordinal).ToArray();
        return this;
    }

    /// <summary>Sets <see cref="BadNumericAsMissing"/> and returns these options.</summary>
    public CsvReadOptions ReadBadNumericAsMissing(bool value = true)
    {
        BadNumericAsMissing = value;
        return this;
    }
}
