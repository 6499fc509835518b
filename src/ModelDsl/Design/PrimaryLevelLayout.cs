namespace ModelDsl.Design;

/// <summary>
/// The rows of a fixed-effect structure grouped by the levels of its largest ("primary") dimension, which the
/// solvers eliminate exactly; shared by the unweighted and the weighted solver.
/// </summary>
/// <remarks>
/// Dimensions: n rows; U primary levels; L = the other dimensions' levels stacked with offsets. Row k of the
/// primary-level order is original row <c>RowOf[k]</c> (or k itself when the rows are already sorted).
/// </remarks>
internal sealed class PrimaryLevelLayout
{
    private PrimaryLevelLayout(int[] unitStart, int[]? rowOf, int largestUnit, int[][] restCodes, int restLevels)
    {
        UnitStart = unitStart;
        RowOf = rowOf;
        LargestUnit = largestUnit;
        RestCodes = restCodes;
        RestLevels = restLevels;
    }

    /// <summary>Primary level u owns the ordered rows UnitStart[u] .. UnitStart[u + 1] − 1 (length U + 1).</summary>
    public int[] UnitStart { get; }

    /// <summary>The original row of each ordered row, or null when the rows are already in primary order.</summary>
    public int[]? RowOf { get; }

    /// <summary>The most rows any primary level has.</summary>
    public int LargestUnit { get; }

    /// <summary>Per other dimension, its codes in primary-level row order, offset into the stacked level space (the caller's array itself when no reordering or offset is needed; never written).</summary>
    public int[][] RestCodes { get; }

    /// <summary>The number of stacked levels of the other dimensions (L).</summary>
    public int RestLevels { get; }

    /// <summary>The number of primary levels (U).</summary>
    public int Units => UnitStart.Length - 1;

    /// <summary>Groups the rows by the first dimension of <paramref name="orderedCodes"/> (a counting sort).</summary>
    public static PrimaryLevelLayout Build(IReadOnlyList<int[]> orderedCodes, IReadOnlyList<int> orderedLevels, int n)
    {
        var primaryCodes = orderedCodes[0];
        var units = orderedLevels[0];
        var unitStart = new int[units + 1];
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            unitStart[primaryCodes[i] + 1]++;
            sorted &= i == 0 || primaryCodes[i] >= primaryCodes[i - 1];
        }

        var largestUnit = 0;
        for (var u = 0; u < units; u++)
        {
            largestUnit = Math.Max(largestUnit, unitStart[u + 1]);
            unitStart[u + 1] += unitStart[u];
        }

        int[]? rowOf = null;
        if (!sorted)
        {
            rowOf = new int[n];
            var next = unitStart.AsSpan(0, units).ToArray();
            for (var i = 0; i < n; i++)
            {
                rowOf[next[primaryCodes[i]]++] = i;
            }
        }

        var restCodes = new int[orderedCodes.Count - 1][];
        var offset = 0;
        for (var e = 0; e < restCodes.Length; e++)
        {
            var source = orderedCodes[e + 1];
            if (rowOf is null && offset == 0)
            {
                // Already in primary order and not shifted: the caller's codes are used as they are (only read).
                restCodes[e] = source;
                offset += orderedLevels[e + 1];
                continue;
            }

            var target = new int[n];
            if (rowOf is null)
            {
                for (var k = 0; k < n; k++)
                {
                    target[k] = offset + source[k];
                }
            }
            else
            {
                for (var k = 0; k < n; k++)
                {
                    target[k] = offset + source[rowOf[k]];
                }
            }

            restCodes[e] = target;
            offset += orderedLevels[e + 1];
        }

        return new PrimaryLevelLayout(unitStart, rowOf, largestUnit, restCodes, offset);
    }

    /// <summary>
    /// Splits the primary levels into <paramref name="lanes"/> contiguous lanes of about n / lanes rows each; fixed
    /// by the data, so sums accumulated per lane do not depend on the thread count.
    /// </summary>
    public int[] LaneStarts(int lanes)
    {
        var n = UnitStart[^1];
        var laneStart = new int[lanes + 1];
        for (int lane = 1, u = 0; lane < lanes; lane++)
        {
            var target = (long)n * lane / lanes;
            while (u < Units && UnitStart[u] < target)
            {
                u++;
            }

            laneStart[lane] = u;
        }

        laneStart[lanes] = Units;
        return laneStart;
    }
}
