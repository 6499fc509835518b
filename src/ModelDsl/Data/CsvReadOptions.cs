namespace ModelDsl.Data;

/// <summary>How <see cref="PanelData.ReadCsv(string, string?, string?, CsvReadOptions?)"/> reads a file.</summary>
/// <remarks>
/// The methods return the same instance so that settings chain:
/// <c>new CsvReadOptions().Categorical("province").Numeric("gdp").WithMissingTokens("", "NA", "-")</c>.
/// Generated loaders use <see cref="Categorical"/> and <see cref="Numeric"/> to fix column kinds up front.
/// </remarks>
public sealed class CsvReadOptions
{
    /// <summary>The missing-value tokens used when none are given: empty, <c>NA</c>, <c>.</c> and <c>NaN</c>.</summary>
    public static IReadOnlyList<string> DefaultMissingTokens { get; } = ["", "NA", ".", "NaN"];

    private readonly HashSet<string> _categorical = new(StringComparer.Ordinal);
    private readonly HashSet<string> _numeric = new(StringComparer.Ordinal);
    private string[] _missingTokens = [.. DefaultMissingTokens];

    /// <summary>The cell texts read as missing (compared exactly, case-sensitive, after CSV unquoting).</summary>
    public IReadOnlyList<string> MissingTokens => _missingTokens;

    /// <summary>Columns declared categorical (besides the unit and time columns, which always are).</summary>
    public IReadOnlyCollection<string> CategoricalColumns => _categorical;

    /// <summary>Columns forced numeric: a cell that is not a number is an error (or missing, see <see cref="BadNumericAsMissing"/>).</summary>
    public IReadOnlyCollection<string> NumericColumns => _numeric;

    /// <summary>
    /// When true, a cell of a column declared numeric that does not parse as a number is read as missing and
    /// counted in a <see cref="Results.NoteKind.CellsReadAsMissing"/> note; when false (the default) it is a
    /// <see cref="DataFormatException"/>.
    /// </summary>
    public bool BadNumericAsMissing { get; set; }

    /// <summary>The field separator; a comma unless set.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>Declares columns categorical (integer codes plus levels) whatever their cells look like.</summary>
    public CsvReadOptions Categorical(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(column);
            if (_numeric.Contains(column))
            {
                throw new ArgumentException($"Column '{column}' is already declared numeric; a column is either numeric or categorical.", nameof(columns));
            }

            _categorical.Add(column);
        }

        return this;
    }

    /// <summary>Forces columns numeric: every non-missing cell must parse as a number (invariant culture).</summary>
    public CsvReadOptions Numeric(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(column);
            if (_categorical.Contains(column))
            {
                throw new ArgumentException($"Column '{column}' is already declared categorical; a column is either numeric or categorical.", nameof(columns));
            }

            _numeric.Add(column);
        }

        return this;
    }

    /// <summary>Replaces the missing-value tokens (use <c>""</c> to keep empty cells missing).</summary>
    public CsvReadOptions WithMissingTokens(params string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
        }

        _missingTokens = tokens.Distinct(StringComparer.Ordinal).ToArray();
        return this;
    }

    /// <summary>Sets <see cref="BadNumericAsMissing"/> and returns these options.</summary>
    public CsvReadOptions ReadBadNumericAsMissing(bool value = true)
    {
        BadNumericAsMissing = value;
        return this;
    }
}
