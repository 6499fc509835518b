namespace ModelDsl.Data;

/// <summary>The storage kind of a column.</summary>
public enum ColumnKind
{
    /// <summary>Double-precision values; <see cref="double.NaN"/> marks a missing value.</summary>
    Numeric,

    /// <summary>Integer codes into a list of levels; code <see cref="CategoricalColumn.MissingCode"/> marks a missing value.</summary>
    Categorical,
}

/// <summary>One named column of a <see cref="PanelData"/>; immutable once built.</summary>
public abstract class Column
{
    private protected Column(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The column name as written in the source header.</summary>
    public string Name { get; }

    /// <summary>The number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>Whether values are numbers or category codes.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>True when the value in <paramref name="row"/> is missing.</summary>
    public abstract bool IsMissing(int row);

    /// <summary>The number of missing values.</summary>
    public int MissingCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < Length; i++)
            {
                if (IsMissing(i))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>A copy of this column under another name.</summary>
    public abstract Column Rename(string name);

    /// <summary>The rows selected by <paramref name="rows"/>, in that order.</summary>
    public abstract Column Select(ReadOnlySpan<int> rows);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}, {Length} rows)";
}
