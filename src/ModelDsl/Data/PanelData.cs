using ModelDsl.Results;

namespace ModelDsl.Data;

/// <summary>
/// An immutable, column-oriented data set: a panel when a unit and a time column are declared, a
/// cross-section otherwise.
/// </summary>
/// <remarks>
/// Columns are shared between a data set and the data sets derived from it (adding a column copies no
/// other column). Every derived data set carries the notes of its parent plus its own, so a result can
/// say how many rows were removed and why.
/// </remarks>
public sealed partial class PanelData
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _index;

    private readonly int[]? _sourceLines;
    private readonly Lazy<PanelIndex>? _panelIndex;
    private readonly Lazy<PanelStructure>? _structure;

    /// <summary>Creates a data set from columns of equal length.</summary>
    /// <param name="columns">The columns; names must be unique.</param>
    /// <param name="unit">The unit (panel identifier) column, or <see langword="null"/> for a cross-section.</param>
    /// <param name="time">The time column, or <see langword="null"/> for a cross-section.</param>
    /// <param name="notes">Notes inherited from where the data came from.</param>
    /// <param name="source">The file the data came from, used in messages.</param>
    /// <exception cref="DuplicatePanelKeyException">A (unit, time) pair occurs in more than one row.</exception>
    /// <exception cref="InvalidOperationException">A unit or time value is missing.</exception>
    public PanelData(IEnumerable<Column> columns, string? unit = null, string? time = null, IEnumerable<Note>? notes = null, string? source = null)
        : this(CheckNotNull(columns).ToArray(), unit, time, (notes ?? []).ToArray(), source, null, null, validatePanel: true)
    {
    }

    // The trusted path: arrays are taken, not copied; a shared index is reused when the rows are unchanged.
    private PanelData(Column[] columns, string? unit, string? time, Note[] notes, string? source, int[]? sourceLines, Lazy<PanelIndex>? sharedIndex, bool validatePanel)
    {
        _columns = columns;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_index.TryAdd(_columns[i].Name, i))
            {
                throw new ArgumentException($"Column '{_columns[i].Name}' appears twice; column names must be unique.", nameof(columns));
            }

            if (_columns[i].Length != _columns[0].Length)
            {
                throw new ArgumentException(
                    $"Column '{_columns[i].Name}' has {_columns[i].Length} rows but '{_columns[0].Name}' has {_columns[0].Length}; all columns must have the same length.",
                    nameof(columns));
            }
        }

        if ((unit is null) != (time is null))
        {
            throw new ArgumentException("A panel needs both a unit and a time column; give both or neither.");
        }

        RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
        UnitColumnName = unit;
        TimeColumnName = time;
        Notes = Array.AsReadOnly(notes);
        Source = source;
        _sourceLines = sourceLines;
        if (unit is not null)
        {
            RequireCategoricalKey(unit, "unit");
            RequireCategoricalKey(time!, "time");
            if (unit == time)
            {
                throw new ArgumentException($"The unit and time columns are both '{unit}'; a panel needs two different columns.");
            }

            // A numeric time column is compared by value everywhere (fixed effects, lags, duplicates): 2003 and
            // 2003.0 are one period. The column is replaced once here; derived data sets find it already done.
            var timePosition = _index[time!];
            var byValue = ((CategoricalColumn)_columns[timePosition]).ComparedByValue(out var merged);
            if (!ReferenceEquals(byValue, _columns[timePosition]))
            {
                _columns = (Column[])_columns.Clone();
                _columns[timePosition] = byValue;
            }

            if (merged.Count > 0)
            {
                var listed = string.Join("; ", merged.Take(5).Select(m => $"{string.Join(", ", m.Spellings.Select(l => $"'{l}'"))} as '{m.Level}'"));
                Notes = Array.AsReadOnly(Notes.Append(new Note(
                    NoteKind.Structure,
                    $"Time column '{time}': labels that are the same number were read as one period ({listed}{(merged.Count > 5 ? "; ..." : string.Empty)}).",
                    merged.Sum(m => m.Spellings.Length))).ToArray());
            }

            _panelIndex = sharedIndex ?? new Lazy<PanelIndex>(() => PanelIndex.Build(Unit, Time, _sourceLines), LazyThreadSafetyMode.ExecutionAndPublication);
            _structure = new Lazy<PanelStructure>(() => PanelStructure.FromIndex(_panelIndex.Value), LazyThreadSafetyMode.ExecutionAndPublication);
            if (validatePanel)
            {
                _ = _panelIndex.Value;
            }
        }
    }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The column names in order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Name);

    /// <summary>The name of the unit column, or <see langword="null"/> for a cross-section.</summary>
    public string? UnitColumnName { get; }

    /// <summary>The name of the time column, or <see langword="null"/> for a cross-section.</summary>
    public string? TimeColumnName { get; }

    /// <summary>True when a unit and a time column are declared.</summary>
    public bool IsPanel => UnitColumnName is not null;

    /// <summary>Notes on how this data set was read and derived (rows removed, cells read as missing).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The file the data came from, when it came from a file.</summary>
    public string? Source { get; }

    /// <summary>The unit column of a panel.</summary>
    public CategoricalColumn Unit => UnitColumnName is null
        ? throw new InvalidOperationException("This data set is a cross-section: it has no unit column. Declare unit and time when reading it.")
        : Categorical(UnitColumnName);

    /// <summary>The time column of a panel.</summary>
    public CategoricalColumn Time => TimeColumnName is null
        ? throw new InvalidOperationException("This data set is a cross-section: it has no time column. Declare unit and time when reading it.")
        : Categorical(TimeColumnName);

    /// <summary>
    /// The panel's row layout (unit and time codes, periods, O(1) lookup of a unit's row in a period), built on
    /// first use and shared by every data set derived with the same rows.
    /// </summary>
    public PanelIndex PanelIndex => _panelIndex?.Value
        ?? throw new InvalidOperationException("This data set is a cross-section: it has no panel index. Declare unit and time when reading it.");

    /// <summary>The panel's structure: units, periods, balance and gaps.</summary>
    public PanelStructure Structure => _structure?.Value
        ?? throw new InvalidOperationException("This data set is a cross-section: it has no panel structure. Declare unit and time when reading it.");

    /// <summary>The 1-based line of <paramref name="row"/> in the source file, or <see langword="null"/> when the data did not come from a file.</summary>
    public int? SourceLine(int row) => _sourceLines?[row];

    /// <summary>True when a column of that name exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The column named <paramref name="name"/>.</summary>
    public Column this[string name] => _columns[IndexOf(name)];

    /// <summary>The position of the column named <paramref name="name"/>.</summary>
    public int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out var position))
        {
            return position;
        }

        throw new KeyNotFoundException(UnknownColumnMessage(name));
    }

    /// <summary>The numeric column named <paramref name="name"/>.</summary>
    public NumericColumn Numeric(string name) => this[name] switch
    {
        NumericColumn numeric => numeric,
        var other => throw new InvalidOperationException(
            $"Column '{name}' is {other.Kind.ToString().ToLowerInvariant()}, not numeric; use a numeric column here, or convert it first."),
    };

    /// <summary>The categorical column named <paramref name="name"/>.</summary>
    public CategoricalColumn Categorical(string name) => this[name] switch
    {
        CategoricalColumn categorical => categorical,
        NumericColumn numeric => throw new InvalidOperationException(
            $"Column '{numeric.Name}' is numeric, not categorical; fixed effects, clusters and groups need a categorical column (declare it categorical when reading, or use AsCategorical(\"{numeric.Name}\"))."),
        var other => throw new InvalidOperationException($"Column '{other.Name}' is not categorical."),
    };

    /// <summary>A data set with <paramref name="column"/> added, or replacing the column of the same name.</summary>
    public PanelData WithColumn(Column column) => WithColumn(column, null);

    /// <summary>A data set with <paramref name="column"/> added (or replacing the column of the same name) and one more note.</summary>
    public PanelData WithColumn(Column column, Note? note)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Length != RowCount && _columns.Length > 0)
        {
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but the data set has {RowCount}.", nameof(column));
        }

        var columns = _columns.ToList();
        if (_index.TryGetValue(column.Name, out var position))
        {
            if (column.Name == UnitColumnName || column.Name == TimeColumnName)
            {
                throw new ArgumentException($"Column '{column.Name}' is the panel's unit or time column and cannot be replaced.", nameof(column));
            }

            columns[position] = column;
        }
        else
        {
            columns.Add(column);
        }

        var notes = note is null ? Notes.ToArray() : [.. Notes, note];
        return new PanelData(columns.ToArray(), UnitColumnName, TimeColumnName, notes, Source, _sourceLines, _panelIndex, validatePanel: false);
    }

    /// <summary>A data set with the rows selected by <paramref name="rows"/> (in that order) and one more note.</summary>
    /// <exception cref="DuplicatePanelKeyException">The selection repeats a row of a panel.</exception>
    public PanelData SelectRows(ReadOnlySpan<int> rows, Note? note = null)
    {
        var columns = new Column[_columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[i].Select(rows);
        }

        int[]? lines = null;
        if (_sourceLines is not null)
        {
            lines = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                lines[i] = _sourceLines[rows[i]];
            }
        }

        // A strictly increasing selection of a valid panel is a valid panel; anything else is checked now.
        var increasing = true;
        for (var i = 1; i < rows.Length && increasing; i++)
        {
            increasing = rows[i] > rows[i - 1];
        }

        var notes = note is null ? Notes.ToArray() : [.. Notes, note];
        return new PanelData(columns, UnitColumnName, TimeColumnName, notes, Source, lines, null, validatePanel: !increasing);
    }

    /// <summary>A data set with <paramref name="note"/> appended to its notes.</summary>
    public PanelData WithNote(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return new(_columns, UnitColumnName, TimeColumnName, [.. Notes, note], Source, _sourceLines, _panelIndex, validatePanel: false);
    }

    /// <summary>The same rows and columns declared as a panel with <paramref name="unit"/> and <paramref name="time"/> (checked now), with a structure note.</summary>
    /// <exception cref="DuplicatePanelKeyException">A (unit, time) pair occurs in more than one row.</exception>
    public PanelData AsPanel(string unit, string time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        ArgumentException.ThrowIfNullOrWhiteSpace(time);
        var columns = (Column[])_columns.Clone();
        foreach (var name in new[] { unit, time })
        {
            if (this[name] is NumericColumn numeric)
            {
                columns[IndexOf(name)] = CategoricalColumn.FromNumbers(name, numeric.Values);
            }
        }

        var panel = new PanelData(columns, unit, time, Notes.ToArray(), Source, _sourceLines, null, validatePanel: true);
        return panel.WithNote(new Note(NoteKind.Structure, panel.Structure.Describe(), panel.RowCount));
    }

    /// <inheritdoc />
    public override string ToString()
        => IsPanel
            ? $"Panel of {RowCount} rows, {_columns.Length} columns (unit '{UnitColumnName}', time '{TimeColumnName}')"
            : $"Cross-section of {RowCount} rows, {_columns.Length} columns";

    private string UnknownColumnMessage(string name)
    {
        var closest = _columns
            .Select(c => c.Name)
            .OrderBy(c => EditDistance(c.ToLowerInvariant(), name.ToLowerInvariant()))
            .FirstOrDefault();
        var hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
        return $"No column named '{name}'{(Source is null ? string.Empty : $" in '{Source}'")}; columns are: {string.Join(", ", _columns.Select(c => c.Name))}.{hint}";
    }

    private void RequireCategoricalKey(string name, string role)
    {
        if (!_index.TryGetValue(name, out var position))
        {
            throw new ArgumentException($"The {role} column '{name}' is not among the columns: {string.Join(", ", _columns.Select(c => c.Name))}.");
        }

        if (_columns[position] is not CategoricalColumn)
        {
            throw new ArgumentException($"The {role} column '{name}' must be categorical (integer years and identifiers are read as categorical when declared as unit or time).");
        }
    }

    private static IEnumerable<Column> CheckNotNull(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
