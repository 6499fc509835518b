using ModelDsl.Data;

namespace ModelDsl;

/// <summary>Implemented by generated schema types: the schema the generator read at compile time.</summary>
public interface IDatasetSchema
{
    /// <summary>The columns, kinds, panel keys and file of this schema.</summary>
    static abstract DatasetSchema Schema { get; }
}

/// <summary>One column of a schema: its name in the data and its kind.</summary>
/// <param name="Name">The column name as in the CSV header (or the record property).</param>
/// <param name="Kind">Numeric or categorical, as decided at compile time.</param>
public sealed record SchemaColumn(string Name, ColumnKind Kind);

/// <summary>
/// A schema read at compile time: the column names in order (a handle's ordinal is its position here),
/// their kinds, the panel keys and where the file is.
/// </summary>
public sealed class DatasetSchema
{
    private readonly SchemaColumn[] _columns;

    /// <summary>Creates a schema; generated code calls this once per schema type.</summary>
    /// <param name="typeName">The schema type's name, used in messages.</param>
    /// <param name="path">The CSV file named in the attribute, or <see langword="null"/>.</param>
    /// <param name="projectDirectory">The project (or script) directory at compile time, or <see langword="null"/>.</param>
    /// <param name="unit">The unit column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="matchByHandle">True when columns come from record properties and match CSV headers ignoring case, '_' and spaces.</param>
    /// <param name="columns">The columns in ordinal order.</param>
    /// <param name="encoding">The text encoding named in the attribute (<c>"utf-8"</c>, <c>"gb18030"</c>, …), or <see langword="null"/> for UTF-8.</param>
    public DatasetSchema(string typeName, string? path, string? projectDirectory, string? unit, string? time, bool matchByHandle, IReadOnlyList<SchemaColumn> columns, string? encoding = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(columns);
        if ((unit is null) != (time is null))
        {
            throw new ArgumentException($"Schema '{typeName}' names unit '{unit}' and time '{time}'; a panel needs both, a cross-section neither.");
        }

        TypeName = typeName;
        Path = path;
        ProjectDirectory = projectDirectory;
        Unit = unit;
        Time = time;
        MatchByHandle = matchByHandle;
        _columns = columns.ToArray();
        Encoding = encoding;
        Table = new TableSchema(typeName, _columns.Select(c => new TableColumn(c.Name, c.Kind)), unit, time, matchByHandle, path, projectDirectory);
    }

    /// <summary>This schema as the data layer describes one: what <see cref="SchemaLoader"/> reads any source against.</summary>
    public TableSchema Table { get; }

    /// <summary>The text encoding named in the attribute, or <see langword="null"/> for UTF-8 (a byte-order mark still decides UTF-16).</summary>
    public string? Encoding { get; }

    /// <summary>The schema type's name.</summary>
    public string TypeName { get; }

    /// <summary>The CSV file named in the attribute, or <see langword="null"/>.</summary>
    public string? Path { get; }

    /// <summary>The project (or script) directory at compile time, or <see langword="null"/> when the build did not expose it.</summary>
    public string? ProjectDirectory { get; }

    /// <summary>The unit column, or <see langword="null"/> for a cross-section.</summary>
    public string? Unit { get; }

    /// <summary>The time column, or <see langword="null"/> for a cross-section.</summary>
    public string? Time { get; }

    /// <summary>True when data columns are matched to schema columns ignoring case, underscores and spaces (record schemas).</summary>
    public bool MatchByHandle { get; }

    /// <summary>The columns in ordinal order.</summary>
    public IReadOnlyList<SchemaColumn> Columns => _columns;

    /// <summary>CSV options that fix every schema column's kind, so that the runtime reader and the compiler agree.</summary>
    /// <returns>New options declaring each column categorical or numeric (<see cref="TableSchema.DeclaredKinds"/>), with the attribute's <see cref="Encoding"/>.</returns>
    public CsvReadOptions CreateReadOptions()
    {
        var options = CreateSyntaxOptions();
        options.Kinds.Include(Table.DeclaredKinds());
        return options;
    }

    /// <summary>The file to read: <paramref name="path"/> when given, else the attribute's path in the current directory, then in the project directory.</summary>
    /// <param name="path">A path the caller gave, or <see langword="null"/>.</param>
    /// <returns>The path of an existing file (or <paramref name="path"/> as given).</returns>
    /// <exception cref="ArgumentException">No path was given and the attribute names none.</exception>
    /// <exception cref="FileNotFoundException">The attribute's file is in none of the places looked at.</exception>
    public string ResolvePath(string? path) => SchemaLoader.ResolvePath(Table, path);

    /// <summary>CSV options with only the attribute's <see cref="Encoding"/>: the syntax; the kinds come from <see cref="Table"/>.</summary>
    /// <exception cref="ArgumentException">The attribute names an encoding .NET does not know.</exception>
    internal CsvReadOptions CreateSyntaxOptions()
    {
        var options = new CsvReadOptions();
        if (!string.IsNullOrWhiteSpace(Encoding))
        {
            // The attribute's encoding; an unknown name is an ArgumentException naming it.
            options.WithEncoding(Encoding);
        }

        return options;
    }
}
