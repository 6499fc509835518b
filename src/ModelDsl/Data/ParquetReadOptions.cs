namespace ModelDsl.Data;

/// <summary>
/// How to read a Parquet file (<see cref="ParquetTableSource"/>, <see cref="PanelData.ReadParquet"/>): which columns
/// to read (projection) and the declared column kinds.
/// </summary>
/// <remarks>
/// A Parquet file carries its own types, so there is no syntax to declare (no separator, encoding or missing-value
/// tokens: a missing value is a null). Kinds follow the file's types unless declared (see
/// <see cref="ParquetTableSource"/> for the mapping). The methods return the same instance so that they chain:
/// <c>new ParquetReadOptions().WithColumns("y", "x1").Categorical("firm")</c>.
/// </remarks>
public sealed class ParquetReadOptions
{
    private string[]? _columns;

    /// <summary>
    /// The columns to read, or <see langword="null"/> for every column. Declared columns (the unit and time of a panel,
    /// <see cref="Kinds"/>) are read whether listed or not; the others are not decoded at all.
    /// </summary>
    public IReadOnlyList<string>? Columns => _columns;

    /// <summary>The declared column kinds (a column of numbers declared categorical becomes levels; text declared numeric is parsed).</summary>
    public ColumnKinds Kinds { get; } = new();

    /// <summary>Reads only <paramref name="columns"/> (plus the declared ones): the columns a model uses, when the file has many.</summary>
    /// <param name="columns">The column names, as in the file.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentException">A name is blank.</exception>
    public ParquetReadOptions WithColumns(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(column, nameof(columns));
        }

        _columns = columns.Distinct(StringComparer.Ordinal).ToArray();
        return this;
    }

    /// <summary>Declares columns categorical whatever their type in the file (integers and decimals become levels by their canonical text).</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>These options.</returns>
    public ParquetReadOptions Categorical(params string[] columns)
    {
        Kinds.Categorical(columns);
        return this;
    }

    /// <summary>Declares columns numeric: a text column declared numeric is parsed, and a cell that is not a number is a <see cref="DataFormatException"/>.</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>These options.</returns>
    public ParquetReadOptions Numeric(params string[] columns)
    {
        Kinds.Numeric(columns);
        return this;
    }
}
