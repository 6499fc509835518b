namespace ModelDsl.Data;

/// <summary>One column of a <see cref="TableSchema"/>: its name and its kind.</summary>
/// <param name="Name">The column name as the source names it (or, with <see cref="TableSchema.MatchNamesLoosely"/>, as the schema spells it).</param>
/// <param name="Kind">Numeric or categorical.</param>
public sealed record TableColumn(string Name, ColumnKind Kind);

/// <summary>
/// A schema fixed before reading (for example by the source generator at compile time): the columns in order with
/// their kinds, the panel keys, and where the file is. <see cref="SchemaLoader"/> reads any
/// <see cref="ITableSource"/> against it; the typed API's <c>DatasetSchema</c> describes itself as one.
/// </summary>
public sealed class TableSchema
{
    private readonly TableColumn[] _columns;

    /// <summary>Creates a schema.</summary>
    /// <param name="name">The schema's name, used in messages (the generated type's name).</param>
    /// <param name="columns">The columns in order; a typed handle's ordinal is its position here.</param>
    /// <param name="unit">The unit column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="matchNamesLoosely">
    /// True when the schema's names are matched to the source's ignoring case and every character that is not a letter
    /// or digit (record properties such as <c>LnGdp</c> against a header <c>ln_gdp</c>); false for exact names.
    /// </param>
    /// <param name="path">The file the schema was made from, or <see langword="null"/>.</param>
    /// <param name="projectDirectory">The directory relative paths were written against (the project at compile time), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The name is blank, a column is null, or only one of unit and time is given.</exception>
    public TableSchema(string name, IEnumerable<TableColumn> columns, string? unit = null, string? time = null, bool matchNamesLoosely = false, string? path = null, string? projectDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        foreach (var column in _columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
        }

        if ((unit is null) != (time is null))
        {
            throw new ArgumentException($"Schema '{name}' names unit '{unit}' and time '{time}'; a panel needs both, a cross-section neither.");
        }

        Name = name;
        Unit = unit;
        Time = time;
        MatchNamesLoosely = matchNamesLoosely;
        Path = path;
        ProjectDirectory = projectDirectory;
    }

    /// <summary>The schema's name, used in messages.</summary>
    public string Name { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<TableColumn> Columns => _columns;

    /// <summary>The unit column, or <see langword="null"/> for a cross-section.</summary>
    public string? Unit { get; }

    /// <summary>The time column, or <see langword="null"/> for a cross-section.</summary>
    public string? Time { get; }

    /// <summary>True when source columns match schema columns ignoring case and characters other than letters and digits.</summary>
    public bool MatchNamesLoosely { get; }

    /// <summary>The file the schema was made from, or <see langword="null"/>.</summary>
    public string? Path { get; }

    /// <summary>The directory relative <see cref="Path"/>s were written against, or <see langword="null"/>.</summary>
    public string? ProjectDirectory { get; }

    /// <summary>The kinds a source is asked for when reading this schema.</summary>
    /// <returns>
    /// A new declaration with every column's kind (the unit and time columns are added by
    /// <see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/>); empty when names match loosely,
    /// since the source's names are not known until its header is read: the columns are then read with the kinds the
    /// source finds and <see cref="SchemaLoader.Conform(TableSchema, PanelData)"/> converts or rejects them.
    /// </returns>
    public ColumnKinds DeclaredKinds()
    {
        var kinds = new ColumnKinds();
        if (MatchNamesLoosely)
        {
            return kinds;
        }

        var categorical = _columns.Where(c => c.Kind == ColumnKind.Categorical && c.Name != Unit && c.Name != Time).Select(c => c.Name).ToArray();
        var numeric = _columns.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Name).ToArray();
        if (categorical.Length > 0)
        {
            kinds.Categorical(categorical);
        }

        if (numeric.Length > 0)
        {
            kinds.Numeric(numeric);
        }

        return kinds;
    }
}
