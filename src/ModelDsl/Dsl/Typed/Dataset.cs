using ModelDsl.Data;

namespace ModelDsl;

/// <summary>
/// A data set whose columns conform to the schema <typeparamref name="TSchema"/>: column <c>i</c> is the
/// schema's column <c>i</c> with the schema's kind, so typed models find columns by position.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class Dataset<TSchema>
    where TSchema : IDatasetSchema
{
    /// <summary>Wraps <paramref name="data"/>, reordering its columns into schema order (once, here) and checking their kinds.</summary>
    /// <param name="data">Data with every schema column; extra columns are kept after the schema's.</param>
    /// <exception cref="ArgumentException">A schema column is missing, or is numeric in the data where the schema says categorical or the reverse.</exception>
    public Dataset(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = Conform(data, TSchema.Schema);
    }

    /// <summary>The data, columns in schema order.</summary>
    public PanelData Data { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => Data.RowCount;

    /// <summary>Reads the schema's CSV file (or <paramref name="path"/>) with the kinds the schema gives every column.</summary>
    /// <param name="path">The file; when null, the attribute's path in the current directory, then in the project directory.</param>
    /// <returns>The conforming data set.</returns>
    public static Dataset<TSchema> Load(string? path = null)
    {
        var schema = TSchema.Schema;
        var file = schema.ResolvePath(path);
        return new Dataset<TSchema>(PanelData.ReadCsv(file, UnitOrTime(schema, file, schema.Unit), UnitOrTime(schema, file, schema.Time), schema.CreateReadOptions()));
    }

    /// <summary>The wrapped data, for the string-keyed API.</summary>
    /// <param name="dataset">The typed data set.</param>
    public static implicit operator PanelData(Dataset<TSchema> dataset) => dataset?.Data ?? throw new ArgumentNullException(nameof(dataset));

    /// <inheritdoc />
    public override string ToString() => $"{TSchema.Schema.TypeName}: {Data.RowCount} rows";

    private static PanelData Conform(PanelData data, DatasetSchema schema)
    {
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
            var index = Find(data, wanted.Name, schema.MatchByHandle);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"'{schema.TypeName}' needs column '{wanted.Name}', which is not among the data's columns ({string.Join(", ", data.ColumnNames)}); " +
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
                        $"Column '{column.Name}' holds text but '{schema.TypeName}' declares it numeric; list it in Categorical or fix the cells that are not numbers.",
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

    private static int Find(PanelData data, string name, bool byHandle)
    {
        for (var i = 0; i < data.Columns.Count; i++)
        {
            if (data.Columns[i].Name == name)
            {
                return i;
            }
        }

        if (byHandle)
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

    private static string Simplify(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string? UnitOrTime(DatasetSchema schema, string file, string? key)
    {
        if (key is null || !schema.MatchByHandle)
        {
            return key;
        }

        // A record names its keys by property; the file may spell them 'city' or 'City'.
        var header = PanelData.ReadCsvHeader(file, schema.CreateReadOptions());
        return header.FirstOrDefault(h => h == key) ?? header.FirstOrDefault(h => Simplify(h) == Simplify(key)) ?? key;
    }
}
