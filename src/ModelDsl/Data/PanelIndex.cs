namespace ModelDsl.Data;

/// <summary>
/// The row layout of a panel, built once per <see cref="PanelData"/> and shared by transforms and estimators:
/// each row's unit code, time code and period number, the rows ordered by unit then time, and an O(1)
/// lookup of the row holding (unit, period).
/// </summary>
/// <remarks>
/// <para>
/// Periods are the time column's values when every time label is an integer (years: 2011, 2013), so that a
/// lag by k periods looks for time value t − k and a gap gives no row, never the previous row. They are held
/// as 64-bit integers, so any integer time a double holds exactly works by value (up to ±2^53, e.g. 1e12 or
/// −2^31); a time beyond ±2^53 is an error, since nearby integers would become the same number. The time
/// column is compared by value (<c>2003</c> and <c>2003.0</c> are one period, see <see cref="PanelData"/>).
/// When the time labels are not all integers (<c>2019Q1</c>, <c>2019.5</c>), the period is the label's rank
/// in the sorted levels.
/// </para>
/// <para>
/// Lookups use a dense grid per unit spanning its first to last period (size: rows plus gaps). When gaps make
/// that grid much larger than the data (more than 4n + 4096 cells), lookups fall back to a binary search within
/// the unit's rows.
/// </para>
/// </remarks>
public sealed class PanelIndex
{
    private const int MaximumExamples = 5;

    // 2^53: every integer up to it in magnitude is a double, so integer time values compare exactly.
    private const double MaximumExactTime = 9007199254740992.0;

    private readonly int[] _unitCodes;
    private readonly int[] _timeCodes;
    private readonly long[] _periods;
    private readonly int[] _sortedRows;
    private readonly int[] _unitStarts;
    private readonly long[] _unitFirstPeriod;
    private readonly int[] _gridOffsets;
    private readonly int[]? _grid;

    private PanelIndex(CategoricalColumn unit, CategoricalColumn time, long[] periods, int[] sortedRows, int[] unitStarts, long[] unitFirstPeriod, int[] gridOffsets, int[]? grid, bool periodsAreTimeValues)
    {
        Unit = unit;
        Time = time;
        _unitCodes = unit.RawCodes;
        _timeCodes = time.RawCodes;
        _periods = periods;
        _sortedRows = sortedRows;
        _unitStarts = unitStarts;
        _unitFirstPeriod = unitFirstPeriod;
        _gridOffsets = gridOffsets;
        _grid = grid;
        PeriodsAreTimeValues = periodsAreTimeValues;
    }

    /// <summary>The unit column.</summary>
    public CategoricalColumn Unit { get; }

    /// <summary>The time column.</summary>
    public CategoricalColumn Time { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => _unitCodes.Length;

    /// <summary>The number of unit levels (codes run from 0 to this − 1; a level may have no rows after a restriction).</summary>
    public int UnitLevelCount => _unitStarts.Length - 1;

    /// <summary>True when periods are the integer time values (years); false when they are ranks of the time labels.</summary>
    public bool PeriodsAreTimeValues { get; }

    /// <summary>The unit code of each row.</summary>
    public ReadOnlySpan<int> UnitCodes => _unitCodes;

    /// <summary>The time code of each row.</summary>
    public ReadOnlySpan<int> TimeCodes => _timeCodes;

    /// <summary>The period number of each row (the integer time value, or the time label's rank).</summary>
    public ReadOnlySpan<long> Periods => _periods;

    /// <summary>The rows ordered by unit code, then period.</summary>
    public ReadOnlySpan<int> SortedRows => _sortedRows;

    /// <summary>Where each unit's rows start in <see cref="SortedRows"/>; unit u owns positions [UnitStarts[u], UnitStarts[u + 1]).</summary>
    public ReadOnlySpan<int> UnitStarts => _unitStarts;

    /// <summary>The rows of unit <paramref name="unitCode"/> in period order.</summary>
    public ReadOnlySpan<int> RowsOfUnit(int unitCode) => _sortedRows.AsSpan(_unitStarts[unitCode], _unitStarts[unitCode + 1] - _unitStarts[unitCode]);

    /// <summary>The row holding unit <paramref name="unitCode"/> in period <paramref name="period"/>, or −1 when there is none.</summary>
    public int Find(int unitCode, long period)
    {
        var start = _unitStarts[unitCode];
        var end = _unitStarts[unitCode + 1];
        if (start == end)
        {
            return -1;
        }

        var offset = period - _unitFirstPeriod[unitCode];
        if (_grid is not null)
        {
            var span = _gridOffsets[unitCode + 1] - _gridOffsets[unitCode];
            return offset < 0 || offset >= span ? -1 : _grid[_gridOffsets[unitCode] + (int)offset];
        }

        if (offset < 0)
        {
            return -1;
        }

        int low = start, high = end - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var value = _periods[_sortedRows[middle]];
            if (value == period)
            {
                return _sortedRows[middle];
            }

            if (value < period)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>The row of the same unit <paramref name="periods"/> periods later (negative: earlier), or −1 when there is none.</summary>
    public int Shift(int row, int periods) => Find(_unitCodes[row], _periods[row] + periods);

    /// <summary>Builds the index, checking that no unit or time value is missing and no (unit, time) pair repeats.</summary>
    /// <param name="unit">The unit column.</param>
    /// <param name="time">The time column.</param>
    /// <param name="lines">The file line of each row, named in messages when the data came from a file.</param>
    internal static PanelIndex Build(CategoricalColumn unit, CategoricalColumn time, int[]? lines = null)
    {
        string describeRow(int row) => lines is null ? $"row {row}" : $"row {row} (line {lines[row]})";
        var n = unit.Length;
        var unitCodes = unit.RawCodes;
        var timeCodes = time.RawCodes;
        CheckNoMissing(unit, "unit", describeRow);
        CheckNoMissing(time, "time", describeRow);

        // Period of each time level: integer values when all levels are integers, ranks otherwise. Integers are
        // never turned into ranks (a lag would then skip a gap): beyond ±2^53 they are an error instead.
        var levelPeriods = new long[time.LevelCount];
        var periodsAreTimeValues = time.HasNumericLevels;
        var numeric = time.NumericLevels;
        for (var level = 0; level < levelPeriods.Length && periodsAreTimeValues; level++)
        {
            var value = numeric[level];
            if (Math.Abs(value) > MaximumExactTime)
            {
                throw new InvalidOperationException(
                    $"The time column '{time.Name}' holds {time.Levels[level]}, beyond ±2^53 ({MaximumExactTime:N0}), where a double no longer holds every integer, so periods and lags cannot be compared exactly. Subtract a base from the time values (e.g. use years since 1900) or use a smaller unit of time.");
            }

            if (value != Math.Floor(value))
            {
                periodsAreTimeValues = false;
            }
            else
            {
                levelPeriods[level] = (long)value;
            }
        }

        if (!periodsAreTimeValues)
        {
            for (var level = 0; level < levelPeriods.Length; level++)
            {
                levelPeriods[level] = level;
            }
        }

        var periods = new long[n];
        for (var i = 0; i < n; i++)
        {
            periods[i] = levelPeriods[timeCodes[i]];
        }

        // Rows already in order of unit code and, within a unit, of strictly increasing period (a panel written
        // sorted, as most are) are their own sorted order, with no repeated pair: no sort and no duplicate check.
        // Otherwise two stable counting sorts: by time code (whose order is the period order), then by unit code.
        var unitStarts = new int[unit.LevelCount + 1];
        int[] sortedRows;
        if (IsSorted(unitCodes, periods))
        {
            sortedRows = new int[n];
            for (var i = 0; i < n; i++)
            {
                sortedRows[i] = i;
                unitStarts[unitCodes[i] + 1]++;
            }

            for (var u = 0; u < unit.LevelCount; u++)
            {
                unitStarts[u + 1] += unitStarts[u];
            }
        }
        else
        {
            var byTime = CountingSort(timeCodes, time.LevelCount, null);
            sortedRows = CountingSort(unitCodes, unit.LevelCount, byTime, unitStarts);
            CheckDuplicates(unit, time, periods, sortedRows, describeRow, lines);
        }

        var unitFirstPeriod = new long[unit.LevelCount];
        var gridOffsets = new int[unit.LevelCount + 1];
        long gridSize = 0;
        for (var u = 0; u < unit.LevelCount; u++)
        {
            var start = unitStarts[u];
            var end = unitStarts[u + 1];
            gridOffsets[u] = (int)Math.Min(gridSize, int.MaxValue);
            if (start < end)
            {
                unitFirstPeriod[u] = periods[sortedRows[start]];
                // A span is at most 2^54 + 1 (times are within ±2^53); the cap keeps the sum from overflowing.
                gridSize = Math.Min(gridSize + (periods[sortedRows[end - 1]] - periods[sortedRows[start]] + 1), 1L << 60);
            }
        }

        gridOffsets[unit.LevelCount] = (int)Math.Min(gridSize, int.MaxValue);
        int[]? grid = null;
        if (gridSize <= 4L * n + 4096)
        {
            grid = new int[gridSize];
            Array.Fill(grid, -1);
            for (var u = 0; u < unit.LevelCount; u++)
            {
                for (var position = unitStarts[u]; position < unitStarts[u + 1]; position++)
                {
                    var row = sortedRows[position];
                    grid[gridOffsets[u] + (int)(periods[row] - unitFirstPeriod[u])] = row;
                }
            }
        }

        return new PanelIndex(unit, time, periods, sortedRows, unitStarts, unitFirstPeriod, gridOffsets, grid, periodsAreTimeValues);
    }

    // Whether unit codes never decrease and periods strictly increase within each unit.
    private static bool IsSorted(int[] unitCodes, long[] periods)
    {
        for (var i = 1; i < unitCodes.Length; i++)
        {
            if (unitCodes[i] < unitCodes[i - 1] || (unitCodes[i] == unitCodes[i - 1] && periods[i] <= periods[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] CountingSort(int[] keys, int keyCount, int[]? order, int[]? starts = null)
    {
        starts ??= new int[keyCount + 1];
        foreach (var key in keys)
        {
            starts[key + 1]++;
        }

        for (var k = 0; k < keyCount; k++)
        {
            starts[k + 1] += starts[k];
        }

        var next = starts[..keyCount];
        var result = new int[keys.Length];
        for (var position = 0; position < keys.Length; position++)
        {
            var row = order is null ? position : order[position];
            result[next[keys[row]]++] = row;
        }

        return result;
    }

    private static void CheckNoMissing(CategoricalColumn column, string role, Func<int, string> describeRow)
    {
        var codes = column.Codes;
        var missing = new List<int>();
        var count = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] == CategoricalColumn.MissingCode)
            {
                if (count++ < MaximumExamples)
                {
                    missing.Add(i);
                }
            }
        }

        if (count > 0)
        {
            throw new InvalidOperationException(
                $"The {role} column '{column.Name}' is missing in {count:N0} {(count == 1 ? "row" : "rows")} ({string.Join(", ", missing.Select(describeRow))}{(count > missing.Count ? ", ..." : string.Empty)}); every row of a panel needs a unit and a time. Fill them in, or drop those rows before declaring the panel.");
        }
    }

    private static void CheckDuplicates(CategoricalColumn unit, CategoricalColumn time, long[] periods, int[] sortedRows, Func<int, string> describeRow, int[]? lines)
    {
        var unitCodes = unit.RawCodes;
        var duplicates = 0;
        var examples = new List<List<int>>();
        for (var position = 1; position < sortedRows.Length; position++)
        {
            var row = sortedRows[position];
            var previous = sortedRows[position - 1];
            if (unitCodes[row] != unitCodes[previous] || periods[row] != periods[previous])
            {
                continue;
            }

            duplicates++;
            if (examples.Count > 0 && examples[^1][^1] == previous)
            {
                examples[^1].Add(row);
            }
            else if (examples.Count < MaximumExamples)
            {
                examples.Add([previous, row]);
            }
        }

        if (duplicates == 0)
        {
            return;
        }

        var keys = examples.Select(rows => new DuplicatePanelKey(unit[rows[0]]!, time[rows[0]]!, rows, lines is null ? null : rows.Select(r => lines[r]).ToArray())).ToList();
        var listed = string.Join("; ", examples.Select(rows => $"({unit[rows[0]]}, {time[rows[0]]}) in {string.Join(" and ", rows.Select(describeRow))}"));
        throw new DuplicatePanelKeyException(
            $"{duplicates:N0} {(duplicates == 1 ? "row repeats" : "rows repeat")} a (unit, time) pair of ('{unit.Name}', '{time.Name}'): {listed}{(duplicates > examples.Sum(e => e.Count - 1) ? "; ..." : string.Empty)}. A panel holds each unit once per period: remove or aggregate the duplicates, or check that the unit and time columns are the right ones.",
            duplicates,
            keys);
    }
}
