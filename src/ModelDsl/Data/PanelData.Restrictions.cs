using ModelDsl.Results;

namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>Removes every row of the listed units (e.g. the four municipalities) and notes the rows and units removed.</summary>
    /// <exception cref="ArgumentException">A label is not a unit of the panel (the message names the unknown labels).</exception>
    public PanelData ExcludeUnits(params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var unit = Unit;
        var excluded = LevelCodes(unit, labels, "unit");
        var codes = unit.RawCodes;
        return Restrict(
            row => !excluded[codes[row]],
            $"ExcludeUnits({string.Join(", ", labels)})");
    }

    /// <summary>Keeps the rows whose <paramref name="column"/> is one of <paramref name="levels"/> and notes the rows removed.</summary>
    /// <exception cref="ArgumentException">A level does not occur in the column (the message lists the levels there are).</exception>
    public PanelData KeepGroups(string column, params string[] levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var categorical = Categorical(column);
        var kept = LevelCodes(categorical, levels, $"level of '{column}'");
        var codes = categorical.RawCodes;
        return Restrict(
            row => codes[row] != CategoricalColumn.MissingCode && kept[codes[row]],
            $"KeepGroups({column}: {string.Join(", ", levels)})");
    }

    /// <summary>Keeps the rows where <paramref name="predicate"/> is true; <paramref name="description"/> names the rule in the note.</summary>
    public PanelData Where(Func<RowView, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return Restrict(row => predicate(new RowView(this, row)), $"Where({description})");
    }

    /// <summary>Removes rows where any of <paramref name="columns"/> (all columns when none are given) is missing; the note gives the count per column.</summary>
    public PanelData DropMissing(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var selected = columns.Length == 0 ? _columns : columns.Select(c => this[c]).ToArray();
        var missing = new bool[RowCount];
        var perColumn = new List<string>();
        foreach (var column in selected)
        {
            var count = 0;
            for (var i = 0; i < RowCount; i++)
            {
                if (column.IsMissing(i))
                {
                    missing[i] = true;
                    count++;
                }
            }

            if (count > 0)
            {
                perColumn.Add($"{column.Name} {count:N0}");
            }
        }

        var detail = perColumn.Count == 0 ? " No column has missing values." : $" Missing per column: {string.Join(", ", perColumn)}.";
        return Restrict(row => !missing[row], $"DropMissing({string.Join(", ", selected.Select(c => c.Name))})", detail);
    }

    private PanelData Restrict(Func<int, bool> keep, string description, string detail = "")
    {
        var rows = new List<int>(RowCount);
        for (var i = 0; i < RowCount; i++)
        {
            if (keep(i))
            {
                rows.Add(i);
            }
        }

        var removed = RowCount - rows.Count;
        var unitPart = string.Empty;
        if (IsPanel)
        {
            var codes = Unit.Codes;
            var before = new bool[Unit.LevelCount];
            var after = new bool[Unit.LevelCount];
            for (var i = 0; i < RowCount; i++)
            {
                before[codes[i]] = true;
            }

            foreach (var row in rows)
            {
                after[codes[row]] = true;
            }

            var unitsRemoved = 0;
            for (var u = 0; u < before.Length; u++)
            {
                if (before[u] && !after[u])
                {
                    unitsRemoved++;
                }
            }

            unitPart = $" ({unitsRemoved:N0} {(unitsRemoved == 1 ? "unit" : "units")} entirely)";
        }

        var note = new Note(
            NoteKind.SampleRestriction,
            $"{description} removed {removed:N0} {(removed == 1 ? "row" : "rows")}{unitPart}; {rows.Count:N0} remain.{detail}",
            removed);
        return SelectRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows), note);
    }

    private static bool[] LevelCodes(CategoricalColumn column, string[] labels, string role)
    {
        var selected = new bool[column.LevelCount];
        var position = new Dictionary<string, int>(column.LevelCount, StringComparer.Ordinal);
        for (var i = 0; i < column.LevelCount; i++)
        {
            position[column.Levels[i]] = i;
        }

        var unknown = new List<string>();
        foreach (var label in labels)
        {
            if (label is not null && position.TryGetValue(label, out var code))
            {
                selected[code] = true;
            }
            else
            {
                unknown.Add(label ?? "null");
            }
        }

        if (unknown.Count > 0)
        {
            var known = column.Levels.Take(12).Select(l => $"'{l}'");
            throw new ArgumentException(
                $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is not a" : "are not")} {role}{(unknown.Count == 1 ? string.Empty : "s")} of '{column.Name}'; its {column.LevelCount:N0} levels are {string.Join(", ", known)}{(column.LevelCount > 12 ? ", ..." : string.Empty)}. Check the spelling (labels are case-sensitive).");
        }

        return selected;
    }
}
