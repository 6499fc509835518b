namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>Reads a Parquet file: <c>PanelData.Read(ParquetTableSource.FromFile(path, options), unit, time, options.Kinds)</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="unit">The unit column of a panel, or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel (a year, a date), or <see langword="null"/>.</param>
    /// <param name="options">The columns to read (projection) and declared kinds; every column with the file's types when null.</param>
    /// <returns>The data, with notes on null cells and, for a panel, its structure.</returns>
    /// <remarks>Types, nulls and errors: see <see cref="ParquetTableSource"/>.</remarks>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DataFormatException">The file is not Parquet, or a column read has a type or value that cannot be taken.</exception>
    public static PanelData ReadParquet(string path, string? unit = null, string? time = null, ParquetReadOptions? options = null)
    {
        var source = ParquetTableSource.FromFile(path, options);
        return Read(source, unit, time, source.Options.Kinds);
    }

    /// <summary>The column names of a Parquet file, from its footer (no row is read).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The top-level column names in file order.</returns>
    public static IReadOnlyList<string> ReadParquetHeader(string path) => ParquetTableSource.FromFile(path).ReadHeader();

    /// <summary>Writes this data to a Parquet file (replaced if it exists), so that <see cref="ReadParquet"/> gives the same columns back.</summary>
    /// <param name="path">The file to write.</param>
    /// <remarks>
    /// Numeric columns are <c>DOUBLE</c> (missing as null); categorical columns with integer levels (years, numeric
    /// identifiers) <c>INT64</c>, other categorical columns <c>STRING</c>; the categorical columns are listed in the
    /// file's key-value metadata (<see cref="ParquetTableSource.CategoricalColumnsKey"/>) so they are read back as
    /// categorical. Notes are not written (they describe how this data was made; a reader gets its own).
    /// </remarks>
    public void WriteParquet(string path) => ParquetTableWriter.Write(path, Columns);
}
