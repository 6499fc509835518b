using System.Globalization;
using System.Numerics;

namespace ModelDsl.Streaming;

/// <summary>
/// The columns a streaming fit reads and the roles they play: m = 1 + k numeric columns (the outcome first), the
/// fixed-effect key columns and the cluster key column.
/// </summary>
internal sealed class StreamingLayout
{
    internal required string[] Numeric { get; init; }

    internal required string[] FixedEffects { get; init; }

    /// <summary>The cluster column, or null.</summary>
    internal string? Cluster { get; init; }

    /// <summary>The cluster's position among <see cref="FixedEffects"/> when it is one of them, else −1.</summary>
    internal int ClusterFixedEffect => Cluster is null ? -1 : Array.IndexOf(FixedEffects, Cluster);

    /// <summary>Every key column read (the fixed effects, then the cluster when it is not one of them).</summary>
    internal string[] Keys => Cluster is not null && ClusterFixedEffect < 0 ? [.. FixedEffects, Cluster] : FixedEffects;

    internal int M => Numeric.Length;
}

/// <summary>
/// Pass 1: the levels of every key column (with row counts), the largest absolute value of every numeric column and
/// the rows left out for a missing value. All of it merges exactly (integer counts, maxima).
/// </summary>
internal sealed class LevelPass
{
    internal LevelPass(StreamingLayout layout)
    {
        Counters = layout.Keys.Select(_ => new LevelCounter()).ToArray();
        MaximumAbsolute = new double[layout.M];
    }

    internal LevelCounter[] Counters { get; }

    internal double[] MaximumAbsolute { get; }

    internal long Rows { get; private set; }

    internal long Incomplete { get; private set; }

    internal StreamingScratch Scratch { get; } = new();

    internal void Add(StreamingLayout layout, ColumnBatch batch)
    {
        var valid = StreamingRows.Complete(layout, batch, Scratch);
        var keys = layout.Keys;
        var n = batch.RowCount;
        for (var c = 0; c < keys.Length; c++)
        {
            var values = batch.Keys(keys[c]).Values;
            var counter = Counters[c];
            for (var i = 0; i < n; i++)
            {
                if (valid[i])
                {
                    counter.Add(values[i]);
                }
            }
        }

        for (var j = 0; j < layout.M; j++)
        {
            var values = batch.Numbers(layout.Numeric[j]);
            var max = MaximumAbsolute[j];
            for (var i = 0; i < values.Length; i++)
            {
                if (valid[i])
                {
                    max = Math.Max(max, Math.Abs(values[i]));
                }
            }

            MaximumAbsolute[j] = max;
        }

        var rows = 0;
        for (var i = 0; i < n; i++)
        {
            rows += valid[i] ? 1 : 0;
        }

        Rows += rows;
        Incomplete += batch.RowCount - rows;
    }

    internal void Merge(LevelPass other)
    {
        for (var c = 0; c < Counters.Length; c++)
        {
            Counters[c].Merge(other.Counters[c]);
        }

        for (var j = 0; j < MaximumAbsolute.Length; j++)
        {
            MaximumAbsolute[j] = Math.Max(MaximumAbsolute[j], other.MaximumAbsolute[j]);
        }

        Rows += other.Rows;
        Incomplete += other.Incomplete;
    }
}

/// <summary>Per-worker buffers reused from batch to batch (a worker's state lives across its partitions), so that a pass allocates per worker, not per batch.</summary>
internal sealed class StreamingScratch
{
    private bool[] _valid = [];
    private int[][] _codes = [];
    private int[] _cluster = [];

    internal bool[] Valid(int n) => _valid.Length >= n ? _valid : _valid = new bool[Math.Max(n, _valid.Length * 2)];

    internal int[][] Codes(int dims, int n)
    {
        if (_codes.Length != dims || _codes[0].Length < n)
        {
            _codes = Enumerable.Range(0, dims).Select(_ => new int[n]).ToArray();
        }

        return _codes;
    }

    internal int[] Cluster(int n) => _cluster.Length >= n ? _cluster : _cluster = new int[n];

    private double[][] _blocks = [];

    /// <summary><paramref name="count"/> arrays of <see cref="StreamingBlocks.Rows"/> doubles (the per-block columns of derived terms).</summary>
    internal double[][] Blocks(int count)
    {
        if (_blocks.Length < count)
        {
            _blocks = Enumerable.Range(0, count).Select(_ => new double[StreamingBlocks.Rows]).ToArray();
        }

        return _blocks;
    }
}

/// <summary>How the passes walk a batch: in blocks of rows whose derived columns stay in the core's cache.</summary>
internal static class StreamingBlocks
{
    /// <summary>Rows per block: a dozen derived columns of 4,096 doubles are 400 KB, within a core's L2 cache.</summary>
    internal const int Rows = 4096;
}

/// <summary>The row-level helpers every pass shares: completeness and level codes of a batch.</summary>
internal static class StreamingRows
{
    /// <summary>True for rows with every numeric value present and every key present; an infinite value is an error.</summary>
    internal static bool[] Complete(StreamingLayout layout, ColumnBatch batch, StreamingScratch scratch)
    {
        var valid = scratch.Valid(batch.RowCount);
        Array.Fill(valid, true, 0, batch.RowCount);
        foreach (var name in layout.Numeric)
        {
            var values = batch.Numbers(name);
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (double.IsNaN(v))
                {
                    valid[i] = false;
                }
                else if (double.IsInfinity(v))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Column '{name}' holds {v} in a batch row {i + 1}; a regression needs finite values (missing values are NaN and leave the sample with a note)."));
                }
            }
        }

        foreach (var name in layout.Keys)
        {
            if (batch.Keys(name).Missing is { } missing)
            {
                for (var i = 0; i < batch.RowCount; i++)
                {
                    valid[i] &= !missing[i];
                }
            }
        }

        return valid;
    }

    /// <summary>The codes of the fixed effects (one array per dimension) and of the cluster; −1 for rows outside the sample.</summary>
    internal static (int[][] FixedEffects, int[]? Cluster) Codes(StreamingLayout layout, ColumnBatch batch, LevelIndex[] fixedEffects, LevelIndex? cluster, StreamingScratch scratch)
    {
        var valid = Complete(layout, batch, scratch);
        var n = batch.RowCount;
        var codes = scratch.Codes(fixedEffects.Length, n);
        for (var d = 0; d < fixedEffects.Length; d++)
        {
            var keys = batch.Keys(layout.FixedEffects[d]).Values;
            var index = fixedEffects[d];
            var c = codes[d];
            for (var i = 0; i < n; i++)
            {
                c[i] = valid[i] ? index.Code(keys[i]) : -1;
            }
        }

        // A row is in the sample when every dimension has a level in it (singletons and incomplete rows are out).
        for (var i = 0; i < n; i++)
        {
            var inside = true;
            for (var d = 0; d < codes.Length; d++)
            {
                inside &= codes[d][i] >= 0;
            }

            if (!inside)
            {
                for (var d = 0; d < codes.Length; d++)
                {
                    codes[d][i] = -1;
                }
            }
        }

        int[]? clusterCodes = null;
        if (cluster is not null && layout.Cluster is { } name)
        {
            var at = layout.ClusterFixedEffect;
            if (at >= 0)
            {
                clusterCodes = codes[at];
            }
            else
            {
                var keys = batch.Keys(name).Values;
                clusterCodes = scratch.Cluster(n);
                for (var i = 0; i < n; i++)
                {
                    clusterCodes[i] = codes[0][i] >= 0 ? cluster.Code(keys[i]) : -1;
                }
            }
        }

        return (codes, clusterCodes);
    }
}

/// <summary>A counting pass after singletons were removed: rows per level of every fixed-effect dimension.</summary>
internal sealed class CountPass
{
    internal CountPass(LevelIndex[] indices)
    {
        Counts = indices.Select(i => new long[i.Levels]).ToArray();
    }

    internal long[][] Counts { get; }

    internal long Rows { get; private set; }

    internal StreamingScratch Scratch { get; } = new();

    internal void Add(StreamingLayout layout, ColumnBatch batch, LevelIndex[] indices)
    {
        var (codes, _) = StreamingRows.Codes(layout, batch, indices, null, Scratch);
        var n = batch.RowCount;
        for (var d = 0; d < codes.Length; d++)
        {
            var counts = Counts[d];
            var column = codes[d];
            for (var i = 0; i < n; i++)
            {
                if (column[i] >= 0)
                {
                    counts[column[i]]++;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            Rows += codes[0][i] >= 0 ? 1 : 0;
        }
    }

    internal void Merge(CountPass other)
    {
        for (var d = 0; d < Counts.Length; d++)
        {
            for (var l = 0; l < Counts[d].Length; l++)
            {
                Counts[d][l] += other.Counts[d][l];
            }
        }

        Rows += other.Rows;
    }
}

/// <summary>
/// The shape of the fixed effects once their levels are known: which dimension is eliminated exactly (the one with the
/// most levels, the "units"), and where the levels of the other ("small") dimensions sit in the dense Schur block.
/// </summary>
internal sealed class FixedEffectLayout
{
    internal FixedEffectLayout(int[] levels)
    {
        Levels = levels;
        Eliminated = 0;
        for (var d = 1; d < levels.Length; d++)
        {
            if (levels[d] > levels[Eliminated])
            {
                Eliminated = d;
            }
        }

        Small = Enumerable.Range(0, levels.Length).Where(d => d != Eliminated).ToArray();
        Offsets = new int[Small.Length];
        var offset = 0;
        for (var s = 0; s < Small.Length; s++)
        {
            Offsets[s] = offset;
            offset += levels[Small[s]];
        }

        SmallLevels = offset;
        Words = (offset + 63) / 64;
    }

    internal int[] Levels { get; }

    /// <summary>The dimension eliminated exactly by unit means.</summary>
    internal int Eliminated { get; }

    internal int Units => Levels[Eliminated];

    /// <summary>The other dimensions, whose dummies form the dense block T.</summary>
    internal int[] Small { get; }

    /// <summary>Where small dimension s's levels start among the columns of T.</summary>
    internal int[] Offsets { get; }

    /// <summary>L: the columns of T (every level of every small dimension, references included).</summary>
    internal int SmallLevels { get; }

    /// <summary>64-bit words of one unit's pattern bitset.</summary>
    internal int Words { get; }
}

/// <summary>
/// Pass 2: per-unit sums of every numeric column (fixed point), their totals, each unit's pattern of small-dimension
/// levels (a bitset of L bits per unit, with a sparse count for the rare unit–level cells holding more than one row),
/// which small levels meet (for the degrees of freedom) and, with a cluster, which clusters each level lies in.
/// </summary>
internal sealed class SumPass
{
    private readonly int _m;

    internal SumPass(FixedEffectLayout fe, int m, int clusterLevels, int[] scales)
    {
        _m = m;
        Scales = scales;
        UnitSums = new Int128[(long)fe.Units * m];
        Patterns = new ulong[(long)fe.Units * fe.Words];
        Pairs = [];
        for (var s = 0; s < fe.Small.Length; s++)
        {
            for (var t = s + 1; t < fe.Small.Length; t++)
            {
                Pairs.Add(new long[(long)fe.Levels[fe.Small[s]] * fe.Levels[fe.Small[t]]]);
            }
        }

        if (clusterLevels > 0)
        {
            ClusterRows = new long[clusterLevels];
            ClusterLow = fe.Levels.Select(l => Enumerable.Repeat(int.MaxValue, l).ToArray()).ToArray();
            ClusterHigh = fe.Levels.Select(l => Enumerable.Repeat(int.MinValue, l).ToArray()).ToArray();
        }
    }

    internal int[] Scales { get; }

    internal StreamingScratch Scratch { get; } = new();

    internal Int128[] UnitSums { get; }

    /// <summary>The column totals: the sums of the unit sums (the same integers as a sum over rows, in any order).</summary>
    internal Int128[] Totals()
    {
        var totals = new Int128[_m];
        for (long i = 0; i < UnitSums.Length; i++)
        {
            totals[i % _m] += UnitSums[i];
        }

        return totals;
    }

    internal ulong[] Patterns { get; }

    /// <summary>Extra rows of a unit–level cell beyond the first (key unit·L + level).</summary>
    internal Dictionary<long, long> Extras { get; } = [];

    /// <summary>For each pair of small dimensions (s &lt; t), the rows of every pair of their levels (the off-diagonal block of T'T).</summary>
    internal List<long[]> Pairs { get; }

    internal long[]? ClusterRows { get; }

    internal int[][]? ClusterLow { get; }

    internal int[][]? ClusterHigh { get; }

    internal long Rows { get; private set; }

    internal void Add(StreamingLayout layout, FixedEffectLayout fe, ColumnBatch batch, int[][] codes, int[]? clusters)
    {
        var m = _m;
        var units = codes[fe.Eliminated];
        var n = batch.RowCount;
        for (var j = 0; j < m; j++)
        {
            FixedPointSum.AddByCode(units.AsSpan(0, n), batch.Numbers(layout.Numeric[j]), Scales[j], UnitSums, 0, m, j);
        }

        var words = fe.Words;
        var levels = fe.SmallLevels;
        for (var s = 0; s < fe.Small.Length; s++)
        {
            var small = codes[fe.Small[s]];
            var offset = fe.Offsets[s];
            for (var i = 0; i < n; i++)
            {
                var u = units[i];
                if (u < 0)
                {
                    continue;
                }

                var a = offset + small[i];
                ref var word = ref Patterns[((long)u * words) + (a >> 6)];
                var bit = 1UL << (a & 63);
                if ((word & bit) != 0)
                {
                    var key = ((long)u * levels) + a;
                    Extras[key] = Extras.GetValueOrDefault(key) + 1;
                }

                word |= bit;
            }
        }

        var pair = 0;
        for (var s = 0; s < fe.Small.Length; s++)
        {
            for (var t = s + 1; t < fe.Small.Length; t++)
            {
                var cells = Pairs[pair++];
                var first = codes[fe.Small[s]];
                var second = codes[fe.Small[t]];
                var width = fe.Levels[fe.Small[t]];
                for (var i = 0; i < n; i++)
                {
                    if (first[i] >= 0)
                    {
                        cells[((long)first[i] * width) + second[i]]++;
                    }
                }
            }
        }

        if (clusters is not null && ClusterRows is not null)
        {
            for (var i = 0; i < n; i++)
            {
                var g = clusters[i];
                if (g < 0)
                {
                    continue;
                }

                ClusterRows[g]++;
                for (var d = 0; d < codes.Length; d++)
                {
                    var l = codes[d][i];
                    ClusterLow![d][l] = Math.Min(ClusterLow[d][l], g);
                    ClusterHigh![d][l] = Math.Max(ClusterHigh[d][l], g);
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            Rows += units[i] >= 0 ? 1 : 0;
        }
    }

    internal void Merge(SumPass other, FixedEffectLayout fe)
    {
        Add(UnitSums, other.UnitSums);

        // A cell set on both sides held 1 + e₁ and 1 + e₂ rows: 1 + (e₁ + e₂ + 1) together.
        foreach (var (key, extra) in other.Extras)
        {
            Extras[key] = Extras.GetValueOrDefault(key) + extra;
        }

        var words = fe.Words;
        for (long w = 0; w < Patterns.Length; w++)
        {
            var both = Patterns[w] & other.Patterns[w];
            while (both != 0)
            {
                var bit = BitOperations.TrailingZeroCount(both);
                both &= both - 1;
                var unit = w / words;
                var level = ((w % words) * 64) + bit;
                var key = (unit * fe.SmallLevels) + level;
                Extras[key] = Extras.GetValueOrDefault(key) + 1;
            }

            Patterns[w] |= other.Patterns[w];
        }

        for (var p = 0; p < Pairs.Count; p++)
        {
            for (var w = 0; w < Pairs[p].Length; w++)
            {
                Pairs[p][w] += other.Pairs[p][w];
            }
        }

        if (ClusterRows is not null)
        {
            for (var g = 0; g < ClusterRows.Length; g++)
            {
                ClusterRows[g] += other.ClusterRows![g];
            }

            for (var d = 0; d < ClusterLow!.Length; d++)
            {
                for (var l = 0; l < ClusterLow[d].Length; l++)
                {
                    ClusterLow[d][l] = Math.Min(ClusterLow[d][l], other.ClusterLow![d][l]);
                    ClusterHigh![d][l] = Math.Max(ClusterHigh[d][l], other.ClusterHigh![d][l]);
                }
            }
        }

        Rows += other.Rows;
    }

    internal static void Add(Int128[] target, Int128[] source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}

/// <summary>
/// Pass 3: cross-products of the unit-demeaned columns ẋ = x − x̄_unit (m×m, upper triangle), their sums per small
/// level (T'ẋ, L×m) and the centred sums of squares Σ(x − x̄)², all in fixed point.
/// </summary>
internal sealed class CrossPass
{
    internal CrossPass(int m, int smallLevels, int[] productScales, int[] demeanedScales, int[] centredScales)
    {
        Products = new Int128[m * m];
        LevelSums = new Int128[(long)smallLevels * m];
        Centred = new Int128[m];
        ProductScales = productScales;
        DemeanedScales = demeanedScales;
        CentredScales = centredScales;
    }

    internal StreamingScratch Scratch { get; } = new();

    internal Int128[] Products { get; }

    internal Int128[] LevelSums { get; }

    internal Int128[] Centred { get; }

    internal int[] ProductScales { get; }

    internal int[] DemeanedScales { get; }

    internal int[] CentredScales { get; }

    internal void Add(StreamingLayout layout, FixedEffectLayout fe, ColumnBatch batch, int[][] codes, double[] unitMeans, double[] means)
    {
        var m = layout.M;
        var n = batch.RowCount;
        var units = codes[fe.Eliminated];
        var columns = layout.Numeric.Select(batch.NumberArray).ToArray();

        // Per block of rows: ẋ_j and x_j − x̄_j as columns (0 outside the sample), then every sum of the block at once.
        var blocks = Scratch.Blocks(2 * m);
        for (var start = 0; start < n; start += StreamingBlocks.Rows)
        {
            var length = Math.Min(StreamingBlocks.Rows, n - start);
            for (var j = 0; j < m; j++)
            {
                var column = columns[j];
                var dot = blocks[j];
                var centred = blocks[m + j];
                var mean = means[j];
                for (var k = 0; k < length; k++)
                {
                    var u = units[start + k];
                    if (u < 0)
                    {
                        dot[k] = 0;
                        centred[k] = 0;
                    }
                    else
                    {
                        var v = column[start + k];
                        dot[k] = v - unitMeans[((long)u * m) + j];
                        centred[k] = v - mean;
                    }
                }
            }

            for (var j = 0; j < m; j++)
            {
                var centred = blocks[m + j].AsSpan(0, length);
                Centred[j] += FixedPointSum.SumProducts(centred, centred, CentredScales[j]);
            }

            for (var a = 0; a < m; a++)
            {
                for (var b = a; b < m; b++)
                {
                    Products[(a * m) + b] += FixedPointSum.SumProducts(blocks[a].AsSpan(0, length), blocks[b].AsSpan(0, length), ProductScales[(a * m) + b]);
                }
            }

            for (var s = 0; s < fe.Small.Length; s++)
            {
                var small = codes[fe.Small[s]].AsSpan(start, length);
                for (var j = 0; j < m; j++)
                {
                    FixedPointSum.AddByCode(small, blocks[j].AsSpan(0, length), DemeanedScales[j], LevelSums, fe.Offsets[s], m, j);
                }
            }
        }
    }

    internal void Merge(CrossPass other)
    {
        SumPass.Add(Products, other.Products);
        SumPass.Add(LevelSums, other.LevelSums);
        SumPass.Add(Centred, other.Centred);
    }
}

/// <summary>
/// Pass 4: the residuals e = ỹ − X̃b row by row (ỹ, X̃ demeaned on every dimension from the unit means and the Schur
/// solution), accumulated as the residual sum of squares, the heteroskedastic meat Σe²d̃d̃' and the per-cluster scores
/// Σ_g e d̃, in fixed point, in the centred basis d̃ = [x̃, 1] (the in-memory design is d = [x̃ + x̄, 1] = d̃·T; the
/// estimator maps the variance back with T, which keeps the slopes' variance free of the cancellation the shift brings).
/// </summary>
internal sealed class ResidualPass
{
    internal ResidualPass(int p, int clusterLevels, int rssScale, int[] meatScales, int[] scoreScales)
    {
        Meat = new Int128[p * p];
        Scores = new Int128[(long)clusterLevels * p];
        RssScale = rssScale;
        MeatScales = meatScales;
        ScoreScales = scoreScales;
    }

    internal StreamingScratch Scratch { get; } = new();

    internal Int128 ResidualSumOfSquares { get; private set; }

    internal Int128[] Meat { get; }

    internal Int128[] Scores { get; }

    internal int RssScale { get; }

    internal int[] MeatScales { get; }

    internal int[] ScoreScales { get; }

    internal void Add(ResidualModel model, StreamingLayout layout, ColumnBatch batch, int[][] codes, int[]? clusters)
    {
        var fe = model.FixedEffects;
        var m = layout.M;
        var r = model.Kept.Length;
        var p = r + 1;
        var n = batch.RowCount;
        var units = codes[fe.Eliminated];
        var columns = layout.Numeric.Select(batch.NumberArray).ToArray();
        var tilde = new double[m];

        // Per block of rows, as columns (0 outside the sample): d̃_a (a < r), e·d̃_a and e²·d̃_a (a ≤ r, with d̃_r = 1).
        // The meat's term is (e²·d̃_a)·d̃_b, the same product, rounded the same way, as e·e·d̃_a·d̃_b row by row.
        var blocks = Scratch.Blocks((3 * p) - 1);
        var design = blocks.AsSpan(0, r);
        var scores = blocks.AsSpan(r, p);
        var squares = blocks.AsSpan(r + p, p);
        for (var start = 0; start < n; start += StreamingBlocks.Rows)
        {
            var length = Math.Min(StreamingBlocks.Rows, n - start);
            for (var k = 0; k < length; k++)
            {
                var i = start + k;
                var u = units[i];
                if (u < 0)
                {
                    for (var a = 0; a < r; a++)
                    {
                        design[a][k] = 0;
                    }

                    for (var a = 0; a < p; a++)
                    {
                        scores[a][k] = 0;
                        squares[a][k] = 0;
                    }

                    continue;
                }

                var pattern = (long)model.PatternOf[u] * m;
                for (var j = 0; j < m; j++)
                {
                    tilde[j] = columns[j][i] - model.UnitMeans[((long)u * m) + j] + model.PatternShift[pattern + j];
                }

                for (var s = 0; s < fe.Small.Length; s++)
                {
                    var row = (long)(fe.Offsets[s] + codes[fe.Small[s]][i]) * m;
                    for (var j = 0; j < m; j++)
                    {
                        tilde[j] -= model.Gamma[row + j];
                    }
                }

                var e = tilde[0];
                for (var c = 0; c < r; c++)
                {
                    e -= model.Slopes[c] * tilde[model.Kept[c]];
                }

                var e2 = e * e;
                for (var c = 0; c < r; c++)
                {
                    var d = tilde[model.Kept[c]];
                    design[c][k] = d;
                    scores[c][k] = e * d;
                    squares[c][k] = e2 * d;
                }

                scores[r][k] = e;
                squares[r][k] = e2;
            }

            ResidualSumOfSquares += FixedPointSum.Sum(squares[r].AsSpan(0, length), RssScale);
            for (var a = 0; a < p; a++)
            {
                var square = squares[a].AsSpan(0, length);
                for (var b = a; b < p; b++)
                {
                    Meat[(a * p) + b] += b < r
                        ? FixedPointSum.SumProducts(square, design[b].AsSpan(0, length), MeatScales[(a * p) + b])
                        : FixedPointSum.Sum(square, MeatScales[(a * p) + b]);
                }
            }

            if (clusters is not null)
            {
                var groups = clusters.AsSpan(start, length);
                for (var a = 0; a < p; a++)
                {
                    FixedPointSum.AddByCode(groups, scores[a].AsSpan(0, length), ScoreScales[a], Scores, 0, p, a);
                }
            }
        }
    }

    internal void Merge(ResidualPass other)
    {
        ResidualSumOfSquares += other.ResidualSumOfSquares;
        SumPass.Add(Meat, other.Meat);
        SumPass.Add(Scores, other.Scores);
    }
}

/// <summary>What the residual pass needs from the solved system.</summary>
internal sealed class ResidualModel
{
    internal required FixedEffectLayout FixedEffects { get; init; }

    /// <summary>Unit means, units × m row-major.</summary>
    internal required double[] UnitMeans { get; init; }

    /// <summary>Grand means of the m columns.</summary>
    internal required double[] Means { get; init; }

    /// <summary>Γ = (T'M T)⁺ T'M [y X], L×m row-major (0 on the reference and dependent levels).</summary>
    internal required double[] Gamma { get; init; }

    /// <summary>The pattern of each unit (an index into <see cref="PatternShift"/>).</summary>
    internal required int[] PatternOf { get; init; }

    /// <summary>Per pattern, T̄_u'Γ (the unit's mean of the small-dimension effects), patterns × m row-major.</summary>
    internal required double[] PatternShift { get; init; }

    /// <summary>The kept regressors as columns of [y X] (1-based positions).</summary>
    internal required int[] Kept { get; init; }

    internal required double[] Slopes { get; init; }
}
