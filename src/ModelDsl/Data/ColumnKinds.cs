namespace ModelDsl.Data;

/// <summary>
/// The column kinds a reader must give: which columns are categorical and which numeric, whatever their
/// cells look like. Columns not declared get the kind the source finds (the CSV reader infers it from the cells).
/// </summary>
/// <remarks>
/// <para>
/// This is the schema half of reading, kept apart from any file format's syntax (for CSV, separator, encoding
/// and missing-value tokens live in <see cref="CsvReadOptions"/>): the same declaration is handed to every
/// <see cref="ITableSource"/>, so the string-keyed path (<see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/>)
/// and the typed path (<see cref="SchemaLoader"/>) declare kinds one way for every source.
/// </para>
/// <para>
/// The methods return the same instance so that declarations chain:
/// <c>new ColumnKinds().Categorical("province").Numeric("gdp")</c>. Names are compared ordinally (case-sensitive).
/// </para>
/// </remarks>
public sealed class ColumnKinds
{
    // Hash sets without removals enumerate in insertion order, so messages name columns in declaration order.
    private readonly HashSet<string> _categorical = new(StringComparer.Ordinal);
    private readonly HashSet<string> _numeric = new(StringComparer.Ordinal);

    /// <summary>Creates an empty declaration: every column gets the kind its source finds.</summary>
    public ColumnKinds()
    {
    }

    /// <summary>Creates a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The declaration to copy.</param>
    public ColumnKinds(ColumnKinds other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _categorical.UnionWith(other._categorical);
        _numeric.UnionWith(other._numeric);
    }

    /// <summary>Columns declared categorical (integer codes plus levels).</summary>
    public IReadOnlyCollection<string> CategoricalColumns => _categorical;

    /// <summary>Columns declared numeric: a cell that is not a number is the source's error to report.</summary>
    public IReadOnlyCollection<string> NumericColumns => _numeric;

    /// <summary>True when no column is declared.</summary>
    public bool IsEmpty => _categorical.Count == 0 && _numeric.Count == 0;

    /// <summary>Declares columns categorical whatever their cells look like.</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>This declaration.</returns>
    /// <exception cref="ArgumentException">A name is blank, or the column is already declared numeric.</exception>
    public ColumnKinds Categorical(params string[] columns)
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

    /// <summary>Declares columns numeric: every non-missing cell must be a number.</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>This declaration.</returns>
    /// <exception cref="ArgumentException">A name is blank, or the column is already declared categorical.</exception>
    public ColumnKinds Numeric(params string[] columns)
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

    /// <summary>Adds every declaration of <paramref name="other"/> to this one.</summary>
    /// <param name="other">The declarations to add.</param>
    /// <returns>This declaration.</returns>
    /// <exception cref="ArgumentException">A column is declared categorical in one and numeric in the other.</exception>
    public ColumnKinds Include(ColumnKinds other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Categorical([.. other._categorical]);
        Numeric([.. other._numeric]);
        return this;
    }

    /// <summary>The declared kind of <paramref name="column"/>, or <see langword="null"/> when it is not declared.</summary>
    /// <param name="column">The column name.</param>
    public ColumnKind? KindOf(string column)
        => _categorical.Contains(column) ? ColumnKind.Categorical
            : _numeric.Contains(column) ? ColumnKind.Numeric
            : null;

    /// <summary>Whether every declared column is among <paramref name="names"/> (<see cref="CheckDeclared"/> without the exception).</summary>
    /// <param name="names">The columns the source has.</param>
    internal bool AreDeclaredIn(IReadOnlyList<string> names)
    {
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        return _categorical.Concat(_numeric).All(known.Contains);
    }

    /// <summary>Throws when a declared column is not among <paramref name="names"/>, naming the closest one.</summary>
    /// <param name="names">The columns the source has.</param>
    /// <param name="sourceName">The source, named in the message.</param>
    /// <exception cref="ArgumentException">A declared column is not among <paramref name="names"/>.</exception>
    internal void CheckDeclared(IReadOnlyList<string> names, string sourceName)
    {
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var name in _categorical.Concat(_numeric))
        {
            if (!known.Contains(name))
            {
                var closest = names.OrderBy(h => PanelData.EditDistance(h.ToLowerInvariant(), name.ToLowerInvariant())).FirstOrDefault();
                var hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
                throw new ArgumentException($"Column '{name}' was declared (unit, time, categorical or numeric) but '{sourceName}' has no such column; its columns are: {string.Join(", ", names)}.{hint}");
            }
        }
    }
}
