namespace ModelDsl.Data;

/// <summary>A column of doubles; <see cref="double.NaN"/> marks a missing value.</summary>
public sealed class NumericColumn : Column
{
    private readonly double[] _values;

    /// <summary>Creates a column that owns a copy of <paramref name="values"/>.</summary>
    public NumericColumn(string name, ReadOnlySpan<double> values)
        : this(name, values.ToArray(), owns: true)
    {
    }

    // The array is taken, not copied: callers inside the library hand over freshly built arrays.
    private NumericColumn(string name, double[] values, bool owns)
        : base(name)
    {
        _ = owns;
        _values = values;
    }

    /// <summary>Wraps an array the caller promises never to change again (no copy).</summary>
    internal static NumericColumn FromOwnedArray(string name, double[] values) => new(name, values, owns: true);

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Numeric;

    /// <summary>The values, read-only; <see cref="double.NaN"/> is missing.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The underlying array for kernels inside the library; never written to.</summary>
    internal double[] RawValues => _values;

    /// <summary>The value in <paramref name="row"/>.</summary>
    public double this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(_values[row]);

    /// <inheritdoc />
    public override Column Rename(string name) => new NumericColumn(name, _values, owns: true);

    /// <inheritdoc />
    public override Column Select(ReadOnlySpan<int> rows)
    {
        var result = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = _values[rows[i]];
        }

        return new NumericColumn(Name, result, owns: true);
    }
}
