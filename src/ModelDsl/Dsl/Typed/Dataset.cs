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
        Data = SchemaLoader.Conform(TSchema.Schema.Table, data);
    }

    /// <summary>The data, columns in schema order.</summary>
    public PanelData Data { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => Data.RowCount;

    /// <summary>Reads the schema's CSV file (or <paramref name="path"/>) with the kinds the schema gives every column.</summary>
    /// <param name="path">The file; when null, the attribute's path in the current directory, then in the project directory.</param>
    /// <returns>The conforming data set.</returns>
    /// <remarks>The loading itself is <see cref="SchemaLoader.LoadFile"/>, in the data layer.</remarks>
    public static Dataset<TSchema> Load(string? path = null)
    {
        var schema = TSchema.Schema;

        // The loader conforms the data; the constructor's check then finds it conforming and keeps it as it is.
        return new Dataset<TSchema>(SchemaLoader.LoadFile(schema.Table, SchemaLoader.ResolvePath(schema.Table, path), schema.CreateSyntaxOptions()));
    }

    /// <summary>Reads any table source (another file format, or a table in memory) with the kinds the schema gives every column.</summary>
    /// <param name="source">The source; its names are matched to the schema's as a file's would be.</param>
    /// <returns>The conforming data set.</returns>
    public static Dataset<TSchema> Read(ITableSource source)
        => new(SchemaLoader.Load(TSchema.Schema.Table, source));

    /// <summary>The wrapped data, for the string-keyed API.</summary>
    /// <param name="dataset">The typed data set.</param>
    public static implicit operator PanelData(Dataset<TSchema> dataset) => dataset?.Data ?? throw new ArgumentNullException(nameof(dataset));

    /// <inheritdoc />
    public override string ToString() => $"{TSchema.Schema.TypeName}: {Data.RowCount} rows";
}
