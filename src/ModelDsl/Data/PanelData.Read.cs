using ModelDsl.Results;

namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>
    /// Reads a table from any <see cref="ITableSource"/> (the CSV reader, or another format beside it): the one
    /// entry that <see cref="ReadCsv(string, string?, string?, CsvReadOptions?)"/> and the typed loader
    /// (<see cref="SchemaLoader"/>) go through.
    /// </summary>
    /// <param name="source">Where the table comes from.</param>
    /// <param name="unit">The unit column of a panel (read as categorical), or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column of a panel (read as categorical; numeric labels are compared by value), or <see langword="null"/>.</param>
    /// <param name="kinds">Columns declared categorical or numeric; the unit and time columns are added as categorical.</param>
    /// <returns>The data, with the source's notes and, for a panel, a note on its structure.</returns>
    /// <remarks>
    /// The source gets the declared kinds with the unit and time columns among the categorical ones; what it returns
    /// is checked here, whatever the source: every declared column is present with its declared kind, so a source
    /// that ignores a declaration fails loudly instead of handing a model a column of the wrong kind.
    /// </remarks>
    /// <exception cref="ArgumentException">Only one of unit and time is given, a key is declared numeric, or a declared column is not in the source.</exception>
    /// <exception cref="InvalidOperationException">The source returned a declared column with another kind, or a unit or time value is missing.</exception>
    /// <exception cref="DuplicatePanelKeyException">A (unit, time) pair occurs on more than one row.</exception>
    public static PanelData Read(ITableSource source, string? unit = null, string? time = null, ColumnKinds? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        kinds ??= new ColumnKinds();
        if ((unit is null) != (time is null))
        {
            throw new ArgumentException($"A panel needs both a unit and a time column (got unit {(unit is null ? "none" : $"'{unit}'")} and time {(time is null ? "none" : $"'{time}'")}); give both, or neither for a cross-section.");
        }

        foreach (var key in new[] { unit, time })
        {
            if (key is not null && kinds.NumericColumns.Contains(key))
            {
                throw new ArgumentException($"Column '{key}' is the panel's {(key == unit ? "unit" : "time")} column, which is always categorical; remove it from the numeric columns in the options.");
            }
        }

        var declared = new ColumnKinds(kinds);
        if (unit is not null)
        {
            declared.Categorical(unit, time!);
        }

        var sourceName = source.Name;
        var table = source.Read(declared) ?? throw new InvalidOperationException($"The source '{sourceName}' ({source.GetType().Name}) returned no table.");
        CheckKinds(table, declared, sourceName);
        var data = new PanelData(table.ColumnArray, unit, time, table.NoteArray, sourceName, table.LineArray, null, validatePanel: unit is not null);
        return unit is null ? data : data.WithNote(new Note(NoteKind.Structure, $"{data.Structure.Describe()}.", data.RowCount));
    }

    // The contract of ITableSource.Read, checked for every source (the CSV reader meets it by construction).
    private static void CheckKinds(SourceTable table, ColumnKinds declared, string sourceName)
    {
        declared.CheckDeclared(table.ColumnArray.Select(c => c.Name).ToArray(), sourceName);
        foreach (var column in table.ColumnArray)
        {
            if (declared.KindOf(column.Name) is { } kind && column.Kind != kind)
            {
                throw new InvalidOperationException(
                    $"The source '{sourceName}' returned column '{column.Name}' as {column.Kind.ToString().ToLowerInvariant()}, but it was declared {kind.ToString().ToLowerInvariant()}; an {nameof(ITableSource)} must give every declared column its declared kind.");
            }
        }
    }
}
