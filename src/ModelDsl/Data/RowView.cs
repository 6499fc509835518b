namespace ModelDsl.Data;

/// <summary>Typed read access to one row of a <see cref="PanelData"/>, for formulas and predicates.</summary>
/// <remarks>Looks columns up by name on each access; for hot loops use the columns' spans directly.</remarks>
public readonly struct RowView
{
    private readonly PanelData _data;

    internal RowView(PanelData data, int row)
    {
        _data = data;
        Row = row;
    }

    /// <summary>The 0-based row.</summary>
    public int Row { get; }

    /// <summary>The value of numeric column <paramref name="column"/> (NaN when missing); for a categorical column with numeric labels (a year), the label's value.</summary>
    public double this[string column] => _data[column] switch
    {
        NumericColumn numeric => numeric[Row],
        CategoricalColumn { HasNumericLevels: true } categorical => categorical.NumericValue(Row),
        var other => throw new InvalidOperationException($"Column '{column}' is categorical with text labels; read it with Label(\"{column}\") rather than as a number."),
    };

    /// <summary>The label of categorical column <paramref name="column"/>, or <see langword="null"/> when missing.</summary>
    public string? Label(string column) => _data.Categorical(column)[Row];

    /// <summary>True when <paramref name="column"/> is missing in this row.</summary>
    public bool IsMissing(string column) => _data[column].IsMissing(Row);

    /// <summary>The unit label of a panel row.</summary>
    public string? Unit => _data.Unit[Row];

    /// <summary>The time label of a panel row.</summary>
    public string? Time => _data.Time[Row];
}
