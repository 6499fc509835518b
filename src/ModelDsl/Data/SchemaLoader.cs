namespace ModelDsl.Data;

/// <summary>
/// Reads data against a <see cref="TableSchema"/>: finds the file, matches the schema's names to the source's,
/// reads through <see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/> with the schema's kinds,
/// and puts the columns in schema order. The typed API's <c>Dataset&lt;T&gt;.Load</c> is a thin call to this.
/// </summary>
/// <remarks>
/// The file format is chosen in one place, <see cref="OpenFile(string, CsvReadOptions)"/>; a second reader adds its
/// case there (see docs/data.md, "Adding a data source").
/// </remarks>
public static class SchemaLoader
{
    /// <summary>Reads the schema's file (or <paramref name="path"/>) and conforms it to the schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="path">The file; when null, the schema's path in the current directory, then in its project directory.</param>
    /// <param name="syntax">The file syntax (for CSV: the encoding named on the schema's attribute); its declared kinds, if any, are used too.</param>
    /// <returns>The data, columns in schema order.</returns>
    /// <exception cref="FileNotFoundException">The file is not found.</exception>
    public static PanelData LoadFile(TableSchema schema, string? path, CsvReadOptions syntax)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(syntax);
        return Load(schema, OpenFile(ResolvePath(schema, path), syntax));
    }

    /// <summary>Reads <paramref name="source"/> with the schema's kinds and conforms it to the schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="source">Any table source: the CSV reader, another format, or a table in memory.</param>
    /// <returns>The data, columns in schema order, the unit and time columns declared as the schema names them.</returns>
    /// <exception cref="ArgumentException">A schema column is not in the source, or has the wrong kind there (see <see cref="Conform"/>).</exception>
    public static PanelData Load(TableSchema schema, ITableSource source)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(source);
        var (unit, time) = (schema.Unit, schema.Time);
        if (unit is not null && schema.MatchNamesLoosely)
        {
            // A record names its keys by property; the source may spell them 'city' or 'City'.
            var header = source.ReadHeader();
            (unit, time) = (SourceName(header, unit), SourceName(header, time!));
        }

        return Conform(schema, PanelData.Read(source, unit, time, schema.DeclaredKinds()));
    }

    /// <summary>
    /// <paramref name="data"/> with its columns in schema order (once, here) and of the schema's kinds; extra columns
    /// are kept after the schema's, and the unit and time columns are declared as the schema names them.
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="data">Data with every schema column.</param>
    /// <returns><paramref name="data"/> itself when it already conforms.</returns>
    /// <exception cref="ArgumentException">A schema column is missing, or holds text where the schema says numeric.</exception>
    /// <remarks>A numeric column the schema calls categorical becomes categorical by <see cref="CategoricalColumn.FromNumbers"/>.</remarks>
    public static PanelData Conform(TableSchema schema, PanelData data)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(data);
        var columns = schema.Columns;
        var conforming = data.Columns.Count >= columns.Count;
        for (var i = 0; conforming && i < columns.Count; i++)
        {
            conforming = data.Columns[i].Name == columns[i].Name && data.Columns[i].Kind == columns[i].Kind;
        }

        if (conforming && data.UnitColumnName == schema.Unit && data.TimeColumnName == schema.Time)
        {
            return data;
        }

        var used = new bool[data.Columns.Count];
        var ordered = new List<Column>(data.Columns.Count);
        foreach (var wanted in columns)
        {
            var index = Find(data, wanted.Name, schema.MatchNamesLoosely);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"'{schema.Name}' needs column '{wanted.Name}', which is not among the data's columns ({string.Join(", ", data.ColumnNames)}); " +
                    "read the file the schema was generated from, or regenerate the schema from this file.",
                    nameof(data));
            }

            used[index] = true;
            var column = data.Columns[index];
            if (column.Kind != wanted.Kind)
            {
                column = column is NumericColumn numeric && wanted.Kind == ColumnKind.Categorical
                    ? CategoricalColumn.FromNumbers(column.Name, numeric.Values)
                    : throw new ArgumentException(
                        $"Column '{column.Name}' holds text but '{schema.Name}' declares it numeric; list it in Categorical or fix the cells that are not numbers.",
                        nameof(data));
            }

            ordered.Add(column.Name == wanted.Name ? column : column.Rename(wanted.Name));
        }

        for (var i = 0; i < used.Length; i++)
        {
            if (!used[i])
            {
                ordered.Add(data.Columns[i]);
            }
        }

        return new PanelData(ordered, schema.Unit, schema.Time, data.Notes, data.Source);
    }

    /// <summary>The file to read: <paramref name="path"/> when given, else the schema's path in the current directory, then in the project directory.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="path">A path the caller gave, or <see langword="null"/>.</param>
    /// <returns>The path of an existing file (or <paramref name="path"/> as given).</returns>
    /// <exception cref="ArgumentException">No path was given and the schema names none.</exception>
    /// <exception cref="FileNotFoundException">The schema's file is in none of the places looked at.</exception>
    public static string ResolvePath(TableSchema schema, string? path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (path is not null)
        {
            return path;
        }

        var name = schema.Name;
        if (schema.Path is null)
        {
            throw new ArgumentException($"'{name}' names no CSV file in its attribute, so Load needs a path: {name}.Load(\"file.csv\").", nameof(path));
        }

        if (Path.IsPathRooted(schema.Path))
        {
            return schema.Path;
        }

        var candidates = new List<string> { Path.GetFullPath(schema.Path) };
        if (schema.ProjectDirectory is not null)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(schema.ProjectDirectory, schema.Path)));
        }

        candidates.Add(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, schema.Path)));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"'{name}' reads '{schema.Path}', which is not in any of: {string.Join(", ", candidates.Distinct())}. Pass the path: {name}.Load(\"path/to/{Path.GetFileName(schema.Path)}\").",
            schema.Path);
    }

    /// <summary>The source for a file: the one place a file format is chosen, by extension (<c>.parquet</c>; every other file is read as CSV).</summary>
    /// <param name="path">The file.</param>
    /// <param name="syntax">The CSV syntax; for Parquet only its declared kinds apply.</param>
    /// <returns>The source.</returns>
    internal static ITableSource OpenFile(string path, CsvReadOptions syntax)
        => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? ParquetTableSource.FromFile(path, new ParquetReadOptions().Categorical([.. syntax.Kinds.CategoricalColumns]).Numeric([.. syntax.Kinds.NumericColumns]))
            : CsvTableSource.FromFile(path, syntax);

    private static int Find(PanelData data, string name, bool loosely)
    {
        for (var i = 0; i < data.Columns.Count; i++)
        {
            if (data.Columns[i].Name == name)
            {
                return i;
            }
        }

        if (loosely)
        {
            var key = Simplify(name);
            for (var i = 0; i < data.Columns.Count; i++)
            {
                if (Simplify(data.Columns[i].Name) == key)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    // The source's spelling of a key column: exact first, then loosely; the schema's own spelling when neither matches.
    private static string SourceName(IReadOnlyList<string> header, string key)
        => header.FirstOrDefault(h => h == key) ?? header.FirstOrDefault(h => Simplify(h) == Simplify(key)) ?? key;

    private static string Simplify(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
