using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Design;

/// <summary>
/// The time-series operator a model needs: the value of a series <c>periods</c> periods earlier (positive)
/// or later (negative) within the same unit, NaN across gaps.
/// </summary>
internal interface IPanelShift
{
    /// <summary>The shifted series, one value per row of <paramref name="data"/>.</summary>
    double[] Shift(PanelData data, double[] values, int periods);
}

/// <summary>The data layer's lag and lead (<see cref="PanelTransforms.Lag(PanelIndex, ReadOnlySpan{double}, int, Span{double})"/>).</summary>
internal sealed class DataLayerShift : IPanelShift
{
    internal static DataLayerShift Instance { get; } = new();

    /// <inheritdoc />
    public double[] Shift(PanelData data, double[] values, int periods)
    {
        var result = new double[data.RowCount];
        PanelTransforms.Lag(data.PanelIndex, values, periods, result);
        return result;
    }
}

/// <summary>
/// Evaluates model terms on a data set into one double per row; NaN marks a missing value. Logs, lags,
/// leads and differences are the data layer's (<see cref="PanelTransforms"/>): a lag across a gap in the
/// time index is missing, never the previous observed value.
/// </summary>
internal sealed class TermEvaluator
{
    private readonly PanelData _data;
    private readonly IPanelShift _shift;
    private readonly Dictionary<Term, double[]> _cache = [];

    // Numeric columns read as integer levels: converted once, one note per column listing its roles.
    private readonly Dictionary<Column, (CategoricalColumn Levels, List<string> Roles, int NoteIndex)> _integerLevels = new(ReferenceEqualityComparer.Instance);

    internal TermEvaluator(PanelData data, IPanelShift? shift = null)
    {
        _data = data;
        _shift = shift ?? DataLayerShift.Instance;
    }

    /// <summary>Notes raised while evaluating (non-positive values under a log).</summary>
    internal List<Note> Notes { get; } = [];

    /// <summary>The values of <paramref name="term"/>; the array must not be written to.</summary>
    internal double[] Evaluate(Term term)
    {
        if (_cache.TryGetValue(term, out var cached))
        {
            return cached;
        }

        var values = term switch
        {
            ColumnTerm column => ReadColumn(column),
            LogTerm log => Log(log),
            LagTerm lag => Shift(lag, lag.Inner, lag.Periods),
            LeadTerm lead => Shift(lead, lead.Inner, -lead.Periods),
            DifferenceTerm difference => Difference(difference),
            InteractionTerm interaction => Multiply(Evaluate(interaction.Left), Evaluate(interaction.Right)),
            _ => throw new ArgumentException($"Term '{term.Name}' of type {term.GetType().Name} cannot be evaluated; use a column, Log, Lag, Lead, Difference or Interaction."),
        };
        _cache[term] = values;
        return values;
    }

    /// <summary>
    /// The category codes of a categorical column (fixed effect, cluster variable, factor, group), or of a numeric
    /// column of integers read as levels (<see cref="IntegerLevels"/>) with a note, once per column however many roles
    /// it serves.
    /// </summary>
    /// <exception cref="InvalidOperationException">When a numeric column holds a value that is not an integer below 2^53.</exception>
    internal CategoricalColumn Categorical(ColumnTerm term, string role)
    {
        var column = Resolve(term);
        if (column is CategoricalColumn categorical)
        {
            return categorical;
        }

        if (!_integerLevels.TryGetValue(column, out var known))
        {
            known = (IntegerLevels.Resolve(column, term.Name, role), [role], Notes.Count);
            Notes.Add(IntegerLevels.Note(term.Name, known.Roles, known.Levels.LevelCount));
            _integerLevels[column] = known;
        }
        else if (!known.Roles.Contains(role))
        {
            known.Roles.Add(role);
            Notes[known.NoteIndex] = IntegerLevels.Note(term.Name, known.Roles, known.Levels.LevelCount);
        }

        return known.Levels;
    }

    private Column Resolve(ColumnTerm term)
    {
        if (term.Ordinal is { } ordinal)
        {
            if (ordinal < 0 || ordinal >= _data.Columns.Count)
            {
                throw new ArgumentException($"Column '{term.ColumnName}' has position {ordinal} but the data set has {_data.Columns.Count} columns; the typed handle belongs to another data set.");
            }

            return _data.Columns[ordinal];
        }

        return _data[term.ColumnName];
    }

    private double[] ReadColumn(ColumnTerm term)
    {
        var column = Resolve(term);
        if (column is not NumericColumn numeric)
        {
            throw new InvalidOperationException(
                $"Column '{term.Name}' is categorical; a regressor or outcome must be numeric. Use it in Fe(\"{term.Name}\") to absorb its levels, or read it as a number.");
        }

        var values = numeric.RawValues;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                throw new ArgumentException(
                    $"Column '{term.Name}' holds {(values[i] > 0 ? "+Inf" : "-Inf")} in row {(i + 1).ToString(CultureInfo.InvariantCulture)} (0-based index {i}); a model needs finite values. Replace it by a number, or by NaN to drop the row.");
            }
        }

        return values;
    }

    private double[] Log(LogTerm term)
    {
        var inner = Evaluate(term.Inner);
        var result = new double[inner.Length];
        var nonPositive = PanelTransforms.Log(inner, result, nonPositiveAsMissing: true, term.Inner.Name);
        if (nonPositive > 0)
        {
            Notes.Add(new Note(NoteKind.MissingValues, $"{term.Name}: {nonPositive} rows with a non-positive {term.Inner.Name} have no logarithm and count as missing", nonPositive));
        }

        return result;
    }

    private double[] Shift(Term term, Term inner, int periods)
    {
        if (!_data.IsPanel)
        {
            throw new InvalidOperationException($"Term '{term.Name}' needs a panel (unit and time columns) but the data set is a cross-section; declare unit and time when reading it.");
        }

        return _shift.Shift(_data, Evaluate(inner), periods);
    }

    private double[] Difference(DifferenceTerm term)
    {
        var current = Evaluate(term.Inner);
        var lagged = Shift(term, term.Inner, term.Periods);
        var result = new double[current.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = current[i] - lagged[i];
        }

        return result;
    }

    private static double[] Multiply(double[] left, double[] right)
    {
        var result = new double[left.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = left[i] * right[i];
        }

        return result;
    }
}
