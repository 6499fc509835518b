namespace ModelDsl.Data;

/// <summary>
/// A column of category codes into a list of levels (region names, city identifiers, years).
/// </summary>
/// <remarks>
/// Levels are sorted: numerically when every label is a number (so the codes of a year column follow time),
/// ordinally otherwise. Code <see cref="MissingCode"/> marks a missing value.
/// </remarks>
public sealed class CategoricalColumn : Column
{
    /// <summary>The code of a missing value.</summary>
    public const int MissingCode = -1;

    private readonly int[] _codes;
    private readonly string[] _levels;
    private readonly double[]? _numericLevels;

    private CategoricalColumn(string name, int[] codes, string[] levels, double[]? numericLevels)
        : base(name)
    {
        _codes = codes;
        _levels = levels;
        _numericLevels = numericLevels;
    }

    /// <summary>Builds a categorical column from labels; <see langword="null"/> is missing.</summary>
    public static CategoricalColumn FromLabels(string name, IReadOnlyList<string?> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (label is not null)
            {
                distinct.Add(label);
            }
        }

        var (levels, numericLevels) = SortLevels(distinct);
        var index = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++)
        {
            index[levels[i]] = i;
        }

        var codes = new int[labels.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var label = labels[i];
            codes[i] = label is null ? MissingCode : index[label];
        }

        return new CategoricalColumn(name, codes, levels, numericLevels);
    }

    /// <summary>Builds a categorical column from integer values (years, identifiers); NaN is missing.</summary>
    public static CategoricalColumn FromNumbers(string name, ReadOnlySpan<double> values)
    {
        var labels = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            labels[i] = double.IsNaN(values[i]) ? null : values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        return FromLabels(name, labels);
    }

    /// <summary>
    /// Builds a column from codes that index <paramref name="labels"/> (any order, e.g. first appearance),
    /// sorting the levels by the column's rule and remapping the codes in place (the array is taken).
    /// </summary>
    internal static CategoricalColumn FromUnsortedCodes(string name, int[] codes, IReadOnlyList<string> labels)
    {
        var (levels, numericLevels) = SortLevels(labels);
        var position = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++)
        {
            position[levels[i]] = i;
        }

        var remap = new int[labels.Count];
        for (var i = 0; i < remap.Length; i++)
        {
            remap[i] = position[labels[i]];
        }

        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] != MissingCode)
            {
                codes[i] = remap[codes[i]];
            }
        }

        return new CategoricalColumn(name, codes, levels, numericLevels);
    }

    // Numerically when every label is a number (ties of equal value by text), ordinally otherwise.
    private static (string[] Levels, double[]? NumericLevels) SortLevels(IEnumerable<string> distinct)
    {
        var labels = distinct as IReadOnlyCollection<string> ?? distinct.ToArray();
        var values = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        var allNumeric = labels.Count > 0;
        foreach (var label in labels)
        {
            if (!double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                allNumeric = false;
                break;
            }

            values[label] = value;
        }

        if (!allNumeric)
        {
            return (labels.OrderBy(l => l, StringComparer.Ordinal).ToArray(), null);
        }

        var levels = labels.OrderBy(l => values[l]).ThenBy(l => l, StringComparer.Ordinal).ToArray();
        return (levels, levels.Select(l => values[l]).ToArray());
    }

    /// <summary>Wraps codes and levels built inside the library (no copy, no validation).</summary>
    internal static CategoricalColumn FromOwnedCodes(string name, int[] codes, string[] levels, double[]? numericLevels)
        => new(name, codes, levels, numericLevels);

    /// <inheritdoc />
    public override int Length => _codes.Length;

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Categorical;

    /// <summary>The code of each row; <see cref="MissingCode"/> is missing.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    /// <summary>The underlying codes for kernels inside the library; never written to.</summary>
    internal int[] RawCodes => _codes;

    /// <summary>The level labels, indexed by code.</summary>
    public IReadOnlyList<string> Levels => _levels;

    /// <summary>The number of levels.</summary>
    public int LevelCount => _levels.Length;

    /// <summary>True when every label is a number (a year, a numeric identifier).</summary>
    public bool HasNumericLevels => _numericLevels is not null;

    /// <summary>The numeric value of each level when <see cref="HasNumericLevels"/>; otherwise empty.</summary>
    public ReadOnlySpan<double> NumericLevels => _numericLevels;

    /// <summary>The label in <paramref name="row"/>, or <see langword="null"/> when missing.</summary>
    public string? this[int row] => _codes[row] == MissingCode ? null : _levels[_codes[row]];

    /// <summary>The numeric value of the label in <paramref name="row"/> (NaN when missing or not numeric).</summary>
    public double NumericValue(int row)
        => _numericLevels is null || _codes[row] == MissingCode ? double.NaN : _numericLevels[_codes[row]];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _codes[row] == MissingCode;

    /// <inheritdoc />
    public override Column Rename(string name) => new CategoricalColumn(name, _codes, _levels, _numericLevels);

    /// <inheritdoc />
    public override Column Select(ReadOnlySpan<int> rows)
    {
        // Levels are kept (even unused ones) so that codes stay comparable with the parent column.
        var result = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = _codes[rows[i]];
        }

        return new CategoricalColumn(Name, result, _levels, _numericLevels);
    }
}
