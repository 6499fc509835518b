using ModelDsl.Results;

namespace ModelDsl.Data;

/// <summary>What an <see cref="ITableSource"/> read: columns of equal length, where each row came from, and notes.</summary>
public sealed class SourceTable
{
    /// <summary>Creates a table from columns (copied into the table; the columns themselves are immutable).</summary>
    /// <param name="columns">The columns in source order, of equal length.</param>
    /// <param name="lines">
    /// The 1-based line (or record number) in the source of each row, named in messages such as duplicate panel keys;
    /// <see langword="null"/> when rows have no position worth naming (messages then name the row).
    /// </param>
    /// <param name="notes">Notes on how the source was read (cells read as missing, …).</param>
    /// <exception cref="ArgumentException">The columns differ in length, or <paramref name="lines"/> has another length.</exception>
    public SourceTable(IEnumerable<Column> columns, IEnumerable<int>? lines = null, IEnumerable<Note>? notes = null)
        : this(CheckColumns(columns), lines?.ToArray(), (notes ?? []).ToArray())
    {
    }

    // The trusted path of the CSV reader: the arrays are taken, not copied.
    internal SourceTable(Column[] columns, int[]? lines, Note[] notes)
    {
        var rows = columns.Length == 0 ? 0 : columns[0].Length;
        foreach (var column in columns)
        {
            if (column.Length != rows)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but '{columns[0].Name}' has {rows}; all columns must have the same length.", nameof(columns));
            }
        }

        if (lines is not null && lines.Length != rows)
        {
            throw new ArgumentException($"There are {lines.Length} source lines for {rows} rows; give one line per row, or none.", nameof(lines));
        }

        ColumnArray = columns;
        LineArray = lines;
        NoteArray = notes;
    }

    /// <summary>The columns in source order.</summary>
    public IReadOnlyList<Column> Columns => ColumnArray;

    /// <summary>The 1-based source line of each row, or <see langword="null"/> when the source has no lines.</summary>
    public IReadOnlyList<int>? Lines => LineArray;

    /// <summary>Notes on how the source was read.</summary>
    public IReadOnlyList<Note> Notes => NoteArray;

    internal Column[] ColumnArray { get; }

    internal int[]? LineArray { get; }

    internal Note[] NoteArray { get; }

    private static Column[] CheckColumns(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var array = columns.ToArray();
        foreach (var column in array)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
        }

        return array;
    }
}
