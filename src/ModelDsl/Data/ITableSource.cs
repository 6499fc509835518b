namespace ModelDsl.Data;

/// <summary>
/// A tabular data source: named columns of equal length, read with declared <see cref="ColumnKinds"/>. The CSV
/// reader (<see cref="CsvTableSource"/>) is one; another file format plugs in beside it by implementing this
/// interface, and both the string-keyed path (<see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/>)
/// and the typed path (<see cref="SchemaLoader.Load(TableSchema, ITableSource)"/>) read it.
/// </summary>
/// <remarks>
/// <para>
/// The contract, checked by <see cref="PanelData.Read(ITableSource, string?, string?, ColumnKinds?)"/>: every
/// declared column is in the table with its declared kind (a <see cref="CategoricalColumn"/> or a
/// <see cref="NumericColumn"/>); a declared column the source does not have is an <see cref="ArgumentException"/>
/// naming the columns it has; columns not declared get the kind the source finds. Missing values are
/// <see cref="double.NaN"/> or <see cref="CategoricalColumn.MissingCode"/>, and every value the source read as
/// missing although it held something (a token, a bad cell) is counted in a note, never dropped silently.
/// </para>
/// <para>
/// A source may be read more than once (header, then table); each call starts from the beginning.
/// </para>
/// </remarks>
public interface ITableSource
{
    /// <summary>The file or source name, used in messages and as <see cref="PanelData.Source"/>.</summary>
    string Name { get; }

    /// <summary>The column names, in order, without reading the rows.</summary>
    /// <returns>The names, as <see cref="Read"/> names the columns.</returns>
    IReadOnlyList<string> ReadHeader();

    /// <summary>Reads the whole table, giving every column in <paramref name="kinds"/> its declared kind.</summary>
    /// <param name="kinds">The declared kinds (the unit and time columns of a panel are among the categorical ones).</param>
    /// <returns>The columns, the source line of each row when the source has lines, and notes on how cells were read.</returns>
    SourceTable Read(ColumnKinds kinds);
}
