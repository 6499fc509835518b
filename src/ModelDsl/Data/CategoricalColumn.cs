namespace ModelDsl.Data;

/// <summary>
/// A column of category codes into a list of levels (region names, city identifiers, years).
/// </summary>
/// <remarks>
/// Levels are sorted: numerically when every label is a number (so the codes of a year column follow time),
/// ordinally otherwise. Code <see cref="MissingCode"/> marks a missing value. A panel's time column is
/// compared by value (<see cref="ComparedByValue"/>): labels with the same number are one level.
/// </remarks>
public sealed class CategoricalColumn : Column
{
    /// <summary>The code of a missing value.</summary>
    public const int MissingCode = -1;

    private readonly int[] _codes;
    private readonly string[] _levels;
    private readonly double[]? _numericLevels;

    // True when the levels are distinct numbers labelled canonically (ComparedByValue has nothing to do).
    private readonly bool _byValue;

    private CategoricalColumn(string name, int[] codes, string[] levels, double[]? numericLevels, bool byValue = false)
        : base(name)
    {
        _codes = codes;
        _levels = levels;
        _numericLevels = numericLevels;
        _byValue = byValue;
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
    /// Builds a column from integers (years, identifiers read from a typed source) with exact labels
    /// (<c>123</c>), levels in integer order; rows where <paramref name="present"/> is false are missing.
    /// </summary>
    /// <remarks>A dense array maps values to codes when their range is small (years, 0-based identifiers), a sort of the distinct values otherwise.</remarks>
    internal static CategoricalColumn FromIntegers(string name, long[] numbers, bool[] present)
    {
        var rows = numbers.Length;
        long min = long.MaxValue, max = long.MinValue;
        for (var row = 0; row < rows; row++)
        {
            if (present[row])
            {
                min = Math.Min(min, numbers[row]);
                max = Math.Max(max, numbers[row]);
            }
        }

        var codes = new int[rows];
        long[] distinct;
        if (min > max)
        {
            Array.Fill(codes, MissingCode);
            distinct = [];
        }
        else if ((ulong)(max - min) < (ulong)rows + 1024UL)
        {
            var map = new int[max - min + 1];
            for (var row = 0; row < rows; row++)
            {
                if (present[row])
                {
                    map[numbers[row] - min] = 1;
                }
            }

            var count = 0;
            for (var v = 0; v < map.Length; v++)
            {
                map[v] = map[v] == 0 ? -1 : count++;
            }

            distinct = new long[count];
            for (var v = 0; v < map.Length; v++)
            {
                if (map[v] >= 0)
                {
                    distinct[map[v]] = min + v;
                }
            }

            for (var row = 0; row < rows; row++)
            {
                codes[row] = present[row] ? map[numbers[row] - min] : MissingCode;
            }
        }
        else
        {
            var set = new HashSet<long>();
            for (var row = 0; row < rows; row++)
            {
                if (present[row])
                {
                    set.Add(numbers[row]);
                }
            }

            distinct = [.. set];
            Array.Sort(distinct);
            var position = new Dictionary<long, int>(distinct.Length);
            for (var i = 0; i < distinct.Length; i++)
            {
                position[distinct[i]] = i;
            }

            for (var row = 0; row < rows; row++)
            {
                codes[row] = present[row] ? position[numbers[row]] : MissingCode;
            }
        }

        var levels = new string[distinct.Length];
        var exact = true;
        for (var i = 0; i < distinct.Length; i++)
        {
            levels[i] = distinct[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            exact &= distinct[i] >= -(1L << 53) && distinct[i] <= 1L << 53;
        }

        // Identifiers beyond 2^53 are not distinct as doubles: such levels keep their exact labels and integer order
        // but are not numeric levels (a time column of them would otherwise merge neighbours by value).
        return new CategoricalColumn(name, codes, levels, exact ? distinct.Select(v => (double)v).ToArray() : null);
    }

    /// <summary>
    /// Builds a column from codes that index <paramref name="labels"/> (any order, e.g. first appearance),
    /// sorting the levels by the column's rule and remapping the codes in place (the array is taken).
    /// </summary>
    internal static CategoricalColumn FromUnsortedCodes(string name, int[] codes, IReadOnlyList<string> labels)
    {
        var (levels, numericLevels, remap) = SortLabels(labels);
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] != MissingCode)
            {
                codes[i] = remap[codes[i]];
            }
        }

        return new CategoricalColumn(name, codes, levels, numericLevels);
    }

    /// <summary>A column over codes that already index <paramref name="levels"/>, sorted as <see cref="SortLabels(IReadOnlyList{string})"/> sorts them (taken, not copied).</summary>
    internal static CategoricalColumn FromSortedCodes(string name, int[] codes, string[] levels, double[]? numericLevels)
        => new(name, codes, levels, numericLevels);

    /// <summary>
    /// Distinct labels in any order sorted into levels as <see cref="FromLabels"/> sorts them, with their values when
    /// all are numbers, and each label's position among the levels (the code that replaces its index).
    /// </summary>
    internal static (string[] Levels, double[]? NumericLevels, int[] Positions) SortLabels(IReadOnlyList<string> labels)
    {
        var values = new double[labels.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!CsvConventions.TryParseNumber(labels[i], out values[i]))
            {
                return SortLabels(labels, null);
            }
        }

        return SortLabels(labels, values);
    }

    /// <summary>As <see cref="SortLabels(IReadOnlyList{string})"/>, with the labels' values given.</summary>
    /// <param name="labels">The distinct labels.</param>
    /// <param name="values">
    /// Each label's value by <see cref="CsvConventions.TryParseNumber"/>, or <see langword="null"/> when some label is
    /// not a number (the CSV reader reads them from the labels' bytes).
    /// </param>
    internal static (string[] Levels, double[]? NumericLevels, int[] Positions) SortLabels(IReadOnlyList<string> labels, double[]? values)
    {
        // The labels' indices sorted as SortLevels sorts the labels (numbers by value, then ordinal; else ordinal):
        // the levels and each label's position come from the one sort, without dictionaries keyed by the labels
        // (a million units make those the slowest serial step of a large CSV read).
        var count = labels.Count;
        var allNumeric = values is not null && count > 0;
        var order = allNumeric ? NumericOrder(values!, labels) : Enumerable.Range(0, count).OrderBy(i => labels[i], StringComparer.Ordinal).ToArray();
        var levels = new string[count];
        var numericLevels = allNumeric ? new double[count] : null;
        var remap = new int[count];
        for (var j = 0; j < count; j++)
        {
            levels[j] = labels[order[j]];
            remap[order[j]] = j;
            if (numericLevels is not null)
            {
                numericLevels[j] = values![order[j]];
            }
        }

        return (levels, numericLevels, remap);
    }

    // Numerically when every label is a number by the shared CSV convention (finite; ties of equal value by
    // text, adjacent), ordinally otherwise.
    // The indices of numeric labels by value (double.CompareTo: NaN first, −0 equal to 0), ties by ordinal text:
    // a sort of the primitive keys, then each run of equal keys sorted by its labels.
    private static int[] NumericOrder(double[] values, IReadOnlyList<string> labels)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        var ascending = true;
        for (var i = 1; i < values.Length && ascending; i++)
        {
            ascending = values[i - 1] < values[i];
        }

        if (ascending)
        {
            // Labels that first appear in increasing order (the unit column of a panel written sorted): no sort,
            // and no two equal values to order by text.
            return order;
        }

        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end].CompareTo(keys[start]) == 0)
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, Comparer<int>.Create((x, y) => string.CompareOrdinal(labels[x], labels[y])));
            }

            start = end;
        }

        return order;
    }

    private static (string[] Levels, double[]? NumericLevels) SortLevels(IEnumerable<string> distinct)
    {
        var labels = distinct as IReadOnlyCollection<string> ?? distinct.ToArray();
        var values = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        var allNumeric = labels.Count > 0;
        foreach (var label in labels)
        {
            if (!CsvConventions.TryParseNumber(label, out var value))
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

    /// <summary>The canonical label of a numeric level: the shortest invariant text that round-trips (<c>2003</c>, <c>2003.5</c>, <c>1E+21</c>).</summary>
    internal static string CanonicalLabel(double value)
        => value == 0 ? "0" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// This column with numeric labels compared by value: labels with the same number (<c>2003</c>, <c>2003.0</c>,
    /// <c>2.003e3</c>) become one level, and every level is labelled canonically (<see cref="CanonicalLabel"/>).
    /// A column whose labels are not all numbers is returned as it is.
    /// </summary>
    /// <param name="merged">The levels that had more than one spelling, with the spellings (empty when none).</param>
    internal CategoricalColumn ComparedByValue(out IReadOnlyList<(string Level, string[] Spellings)> merged)
    {
        merged = [];
        if (_numericLevels is null || _byValue)
        {
            return this;
        }

        // Levels are sorted by value, so equal values are adjacent.
        var levels = new List<string>(_levels.Length);
        var values = new List<double>(_levels.Length);
        var remap = new int[_levels.Length];
        var spellings = new List<(string Level, string[] Spellings)>();
        var changed = false;
        for (var i = 0; i < _levels.Length; i++)
        {
            var value = _numericLevels[i];
            if (values.Count > 0 && values[^1] == value)
            {
                remap[i] = values.Count - 1;
                changed = true;
                if (spellings.Count > 0 && spellings[^1].Level == levels[^1])
                {
                    spellings[^1] = (levels[^1], [.. spellings[^1].Spellings, _levels[i]]);
                }
                else
                {
                    spellings.Add((levels[^1], [_levels[i - 1], _levels[i]]));
                }

                continue;
            }

            var label = CanonicalLabel(value);
            changed |= label != _levels[i];
            remap[i] = values.Count;
            levels.Add(label);
            values.Add(value);
        }

        merged = spellings;
        if (!changed)
        {
            return new CategoricalColumn(Name, _codes, _levels, _numericLevels, byValue: true);
        }

        var codes = new int[_codes.Length];
        for (var row = 0; row < codes.Length; row++)
        {
            codes[row] = _codes[row] == MissingCode ? MissingCode : remap[_codes[row]];
        }

        return new CategoricalColumn(Name, codes, [.. levels], [.. values], byValue: true);
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
    public override Column Rename(string name) => new CategoricalColumn(name, _codes, _levels, _numericLevels, _byValue);

    /// <inheritdoc />
    public override Column Select(ReadOnlySpan<int> rows)
    {
        // Levels are kept (even unused ones) so that codes stay comparable with the parent column.
        var result = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = _codes[rows[i]];
        }

        return new CategoricalColumn(Name, result, _levels, _numericLevels, _byValue);
    }
}
