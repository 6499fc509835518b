using ModelDsl.Results;

namespace ModelDsl.Data;

public sealed partial class PanelData
{
    /// <summary>Adds ln(<paramref name="column"/>) as a new column (default name <c>log_x</c>).</summary>
    /// <param name="column">A numeric column.</param>
    /// <param name="name">The new column's name; an existing column of that name is replaced.</param>
    /// <param name="nonPositiveAsMissing">When true, values ≤ 0 become missing and a note counts them; when false (default) they are an error.</param>
    /// <exception cref="InvalidOperationException">The column has values ≤ 0 (the message gives the count and the first rows) and <paramref name="nonPositiveAsMissing"/> is false.</exception>
    public PanelData Log(string column, string? name = null, bool nonPositiveAsMissing = false)
    {
        var source = Numeric(column);
        var values = source.Values;
        var count = PanelTransforms.CountNonPositive(values);
        if (count > 0 && !nonPositiveAsMissing)
        {
            throw PanelTransforms.NonPositiveError(values, count, column, DescribeRow);
        }

        var result = new double[RowCount];
        PanelTransforms.Log(values, result, nonPositiveAsMissing: true, column);
        var target = name ?? $"log_{column}";
        var note = count == 0 ? null : new Note(
            NoteKind.CellsReadAsMissing,
            $"{target}: {count:N0} {(count == 1 ? "value" : "values")} of '{column}' ≤ 0 made missing (the log is undefined there).",
            count);
        return WithColumn(NumericColumn.FromOwnedArray(target, result), note);
    }

    /// <summary>Adds <paramref name="column"/> lagged by <paramref name="periods"/> periods (default name <c>L1.x</c>); a gap gives missing.</summary>
    public PanelData Lag(string column, int periods = 1, string? name = null)
        => WithColumn(PanelTransforms.Lag(PanelIndex, Numeric(column), periods, name));

    /// <summary>Adds <paramref name="column"/> led by <paramref name="periods"/> periods (default name <c>F1.x</c>); a gap gives missing.</summary>
    public PanelData Lead(string column, int periods = 1, string? name = null)
        => WithColumn(PanelTransforms.Lead(PanelIndex, Numeric(column), periods, name));

    /// <summary>Adds x_t − x_(t−k) within each unit (default name <c>D1.x</c>); a gap gives missing.</summary>
    public PanelData Difference(string column, int periods = 1, string? name = null)
        => WithColumn(PanelTransforms.Difference(PanelIndex, Numeric(column), periods, name));

    /// <summary>
    /// Adds <paramref name="column"/> with interior missing values filled by linear interpolation in time within
    /// each unit (default name <c>interp_x</c>; pass the column's own name to fill in place); a note counts the filled cells.
    /// </summary>
    public PanelData Interpolate(string column, string? name = null)
    {
        var result = PanelTransforms.Interpolate(PanelIndex, Numeric(column), out var filled, name);
        return WithColumn(result, new Note(
            NoteKind.Information,
            $"{result.Name}: {filled:N0} interior missing {(filled == 1 ? "value" : "values")} of '{column}' filled by linear interpolation within units.",
            filled));
    }

    /// <summary>Adds <paramref name="column"/> winsorized at the given percentiles (0–100; default name <c>win_x</c>); a note counts the clipped values.</summary>
    /// <remarks>Percentiles follow <paramref name="definition"/>: R's type 7 by default (the same as R's <c>quantile</c>).</remarks>
    public PanelData Winsorize(string column, double lowerPercentile, double upperPercentile, string? name = null, QuantileDefinition definition = QuantileDefinition.Linear)
    {
        var result = PanelTransforms.Winsorize(Numeric(column), lowerPercentile, upperPercentile, out var clipped, definition, name);
        return WithColumn(result, new Note(
            NoteKind.Information,
            $"{result.Name}: {clipped:N0} {(clipped == 1 ? "value" : "values")} of '{column}' clipped to its {lowerPercentile}th and {upperPercentile}th percentiles.",
            clipped));
    }

    /// <summary>Adds (x − mean) / sd with sd on n − 1 (default name <c>std_x</c>).</summary>
    public PanelData Standardize(string column, string? name = null)
        => WithColumn(PanelTransforms.Standardize(Numeric(column), name));

    /// <summary>
    /// Adds the mean of <paramref name="column"/> within levels of the categorical column <paramref name="by"/>,
    /// and within each period too when <paramref name="byTime"/> (default name <c>mean_x_by_g</c>).
    /// </summary>
    public PanelData GroupMean(string column, string by, string? name = null, bool byTime = false)
        => WithColumn(PanelTransforms.GroupMean(Numeric(column), Categorical(by), byTime ? Time : null, name));

    /// <summary>Replaces a numeric column by a categorical one with the same values as labels (so it can be a fixed effect or a group).</summary>
    public PanelData AsCategorical(string column, string? name = null)
    {
        var source = this[column];
        if (source is CategoricalColumn categorical)
        {
            return name is null || name == column ? this : WithColumn(categorical.Rename(name));
        }

        return WithColumn(CategoricalColumn.FromNumbers(name ?? column, ((NumericColumn)source).Values));
    }

    /// <summary>Adds a numeric column computed row by row from a formula, e.g. an interaction <c>row =&gt; row["did"] * row["ln_gdp"]</c>.</summary>
    /// <param name="name">The new column's name.</param>
    /// <param name="formula">The value of each row; return NaN for missing.</param>
    public PanelData Compute(string name, Func<RowView, double> formula)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(formula);
        var result = new double[RowCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = formula(new RowView(this, i));
        }

        return WithColumn(NumericColumn.FromOwnedArray(name, result));
    }

    /// <summary>Describes a row for messages, naming its unit, time and file line when known: "row 3 (state NSW, year 2011, line 5)".</summary>
    public string DescribeRow(int row)
    {
        var parts = new List<string>(3);
        if (IsPanel)
        {
            parts.Add($"{UnitColumnName} {Unit[row] ?? "missing"}");
            parts.Add($"{TimeColumnName} {Time[row] ?? "missing"}");
        }

        if (_sourceLines is not null)
        {
            parts.Add($"line {_sourceLines[row]}");
        }

        return parts.Count == 0 ? $"row {row}" : $"row {row} ({string.Join(", ", parts)})";
    }
}
