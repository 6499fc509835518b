namespace ModelDsl.Streaming;

/// <summary>
/// A batch source with one more numeric column computed row by row from other numeric columns of the same batch (a
/// treatment dummy from a cohort and a period, an interaction): what lets a model whose regressor is derived run
/// through <see cref="StreamingVerbs.FitStreaming"/> without writing the column to the files first.
/// </summary>
public sealed class DerivedColumnSource : IColumnBatchSource
{
    private readonly IColumnBatchSource _inner;
    private readonly string[] _inputs;
    private readonly Func<double[], double> _row;

    /// <summary>Adds column <paramref name="name"/> = <paramref name="row"/>(values of <paramref name="inputs"/> in the row).</summary>
    /// <param name="inner">The source read.</param>
    /// <param name="name">The new column's name (must not be one of the inner source's columns a model reads).</param>
    /// <param name="inputs">The numeric columns the value is computed from, in the order <paramref name="row"/> receives them.</param>
    /// <param name="row">The value of one row from its inputs (NaN for missing).</param>
    public DerivedColumnSource(IColumnBatchSource inner, string name, IReadOnlyList<string> inputs, Func<double[], double> row)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(row);
        _inner = inner;
        Name = name;
        _inputs = [.. inputs];
        _row = row;
    }

    /// <summary>The derived column's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public int PartitionCount => _inner.PartitionCount;

    /// <inheritdoc />
    public IEnumerable<ColumnBatch> Read(int partition, IReadOnlyList<string> numericColumns, IReadOnlyList<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(keyColumns);
        if (!numericColumns.Contains(Name))
        {
            foreach (var batch in _inner.Read(partition, numericColumns, keyColumns))
            {
                yield return batch;
            }

            yield break;
        }

        var wanted = numericColumns.Where(c => c != Name).ToArray();
        var read = wanted.Union(_inputs).ToArray();
        foreach (var batch in _inner.Read(partition, read, keyColumns))
        {
            var numbers = wanted.ToDictionary(c => c, c => batch.Numbers(c).ToArray(), StringComparer.Ordinal);
            var inputs = _inputs.Select(c => batch.Numbers(c).ToArray()).ToArray();
            var derived = new double[batch.RowCount];
            var values = new double[inputs.Length];
            for (var i = 0; i < derived.Length; i++)
            {
                for (var j = 0; j < inputs.Length; j++)
                {
                    values[j] = inputs[j][i];
                }

                derived[i] = _row(values);
            }

            numbers[Name] = derived;
            yield return new ColumnBatch(batch.RowCount, numbers, keyColumns.ToDictionary(c => c, batch.Keys, StringComparer.Ordinal));
        }
    }
}
