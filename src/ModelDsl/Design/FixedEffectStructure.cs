namespace ModelDsl.Design;

/// <summary>The outcome of demeaning a set of columns.</summary>
/// <param name="Iterations">The largest number of accelerated iterations any column needed (0 for one dimension: the projection is exact).</param>
/// <param name="Converged">False when a column reached the iteration cap before the tolerance.</param>
public readonly record struct DemeaningOutcome(int Iterations, bool Converged);

/// <summary>
/// The fixed-effect dimensions of an estimation sample as compact integer codes, with the per-level
/// inverse counts the demeaning needs. Built once per sample and reusable: a placebo test demeans only
/// its new column with <see cref="Demean(ReadOnlySpan{double}, Span{double}, double, int)"/>.
/// </summary>
/// <remarks>
/// <para>Demeaning projects each column on the orthogonal complement of the fixed-effect dummies without
/// building them. One dimension is an exact group-mean subtraction. With D ≥ 2 dimensions the fixed-effect
/// coefficients of dimensions 2..D are the state β of the Gauss–Seidel map F (α₁ = group means of
/// x − Σ β, then each β_d = group means of x − α₁ − Σ_{e≠d} β_e), accelerated by Irons and Tuck (1969):
/// from X, GX = F(X), GGX = F(GX), X ← GGX − [(ΔGX·Δ²X)/(Δ²X·Δ²X)] ΔGX, as fixest does (Bergé 2018,
/// §3; its <c>demeaning.cpp</c>). The dimension with the most levels is solved in closed form so that the
/// state is as small as possible.</para>
/// <para>Stopping rule (fixest's): every coefficient changes by less than the tolerance, absolutely or
/// relative to 0.1 + |coefficient|. Columns are demeaned independently, in parallel when the data are large;
/// buffers are allocated once per column, never per iteration.</para>
/// </remarks>
public sealed class FixedEffectStructure
{
    private const int ParallelThreshold = 200_000;

    private readonly int[][] _codes;
    private readonly int[] _levels;
    private readonly double[][] _inverseCounts;
    private readonly string[] _names;

    // Iteration order: the dimension with the most levels first (solved in closed form).
    private readonly int[] _order;

    private FixedEffectStructure(string[] names, int[][] codes, int[] levels, double[][] inverseCounts, int observations)
    {
        _names = names;
        _codes = codes;
        _levels = levels;
        _inverseCounts = inverseCounts;
        Observations = observations;
        _order = Enumerable.Range(0, codes.Length).OrderByDescending(d => levels[d]).ThenBy(d => d).ToArray();
    }

    /// <summary>The number of observations.</summary>
    public int Observations { get; }

    /// <summary>The number of dimensions.</summary>
    public int Dimensions => _codes.Length;

    /// <summary>The names of the dimensions.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of levels of each dimension in the sample.</summary>
    public IReadOnlyList<int> Levels => _levels;

    /// <summary>The compact code (0 .. levels − 1) of each observation in <paramref name="dimension"/>.</summary>
    public ReadOnlySpan<int> Codes(int dimension) => _codes[dimension];

    /// <summary>
    /// Builds the structure from raw codes (any non-negative integers) of equal length; codes are
    /// renumbered compactly in order of first appearance.
    /// </summary>
    public static FixedEffectStructure Create(IReadOnlyList<string> names, IReadOnlyList<int[]> rawCodes)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rawCodes);
        if (names.Count != rawCodes.Count || rawCodes.Count == 0)
        {
            throw new ArgumentException($"Got {names.Count} names for {rawCodes.Count} code arrays; give one name per fixed-effect dimension and at least one dimension.", nameof(names));
        }

        var n = rawCodes[0].Length;
        var codes = new int[rawCodes.Count][];
        var levels = new int[rawCodes.Count];
        var inverseCounts = new double[rawCodes.Count][];
        for (var d = 0; d < rawCodes.Count; d++)
        {
            if (rawCodes[d].Length != n)
            {
                throw new ArgumentException($"Fixed effect '{names[d]}' has {rawCodes[d].Length} codes but '{names[0]}' has {n}; all must have one code per observation.", nameof(rawCodes));
            }

            (codes[d], levels[d]) = Compact(rawCodes[d], names[d]);
            var counts = new double[levels[d]];
            foreach (var code in codes[d])
            {
                counts[code]++;
            }

            for (var g = 0; g < counts.Length; g++)
            {
                counts[g] = 1.0 / counts[g];
            }

            inverseCounts[d] = counts;
        }

        return new FixedEffectStructure(names.ToArray(), codes, levels, inverseCounts, n);
    }

    /// <summary>Renumbers codes 0 .. levels − 1 in order of first appearance.</summary>
    internal static (int[] Codes, int Levels) Compact(ReadOnlySpan<int> raw, string name)
    {
        var max = -1;
        foreach (var code in raw)
        {
            if (code < 0)
            {
                throw new ArgumentException($"Fixed effect '{name}' has a missing code ({code}) in the sample; rows with missing fixed effects must be removed first.");
            }

            max = Math.Max(max, code);
        }

        var map = new int[max + 1];
        Array.Fill(map, -1);
        var result = new int[raw.Length];
        var next = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            ref var slot = ref map[raw[i]];
            if (slot < 0)
            {
                slot = next++;
            }

            result[i] = slot;
        }

        return (result, next);
    }

    /// <summary>
    /// The number of fixed-effect parameters beyond a constant, Σ levels − (redundant parameters) − 1, over
    /// the dimensions selected by <paramref name="include"/> (all when null). Two dimensions are counted
    /// exactly (levels minus connected components of their bipartite graph); each further dimension is
    /// assumed to add one redundancy, as fixest and reghdfe assume by default.
    /// </summary>
    public int DegreesOfFreedom(IReadOnlyList<bool>? include = null)
    {
        var dims = Enumerable.Range(0, Dimensions).Where(d => include is null || include[d]).ToArray();
        if (dims.Length == 0)
        {
            return 0;
        }

        var total = dims.Sum(d => _levels[d]);
        if (dims.Length == 1)
        {
            return total - 1;
        }

        var components = ConnectedComponents(dims[0], dims[1]);
        return total - components - (dims.Length - 2) - 1;
    }

    /// <summary>True when every level of <paramref name="dimension"/> lies within one level of <paramref name="clusterCodes"/>.</summary>
    public bool IsNestedIn(int dimension, ReadOnlySpan<int> clusterCodes)
    {
        var owner = new int[_levels[dimension]];
        Array.Fill(owner, -1);
        var codes = _codes[dimension];
        for (var i = 0; i < codes.Length; i++)
        {
            ref var slot = ref owner[codes[i]];
            if (slot < 0)
            {
                slot = clusterCodes[i];
            }
            else if (slot != clusterCodes[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Demeans one column into <paramref name="destination"/> (may be the same memory as <paramref name="values"/>).</summary>
    public DemeaningOutcome Demean(ReadOnlySpan<double> values, Span<double> destination, double tolerance = RegressionSpecification.DefaultDemeaningTolerance, int maxIterations = RegressionSpecification.DefaultDemeaningIterations)
    {
        if (values.Length != Observations || destination.Length != Observations)
        {
            throw new ArgumentException($"The column has {values.Length} values and the destination {destination.Length}, but the fixed effects have {Observations} observations.");
        }

        var workspace = new Workspace(this);
        values.CopyTo(destination);
        return DemeanInPlace(destination, workspace, tolerance, maxIterations);
    }

    /// <summary>Demeans <paramref name="columnCount"/> columns of a column-major n×m array in place.</summary>
    public DemeaningOutcome DemeanColumns(double[] columns, int columnCount, double tolerance = RegressionSpecification.DefaultDemeaningTolerance, int maxIterations = RegressionSpecification.DefaultDemeaningIterations)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var n = Observations;
        if (columns.Length != n * columnCount)
        {
            throw new ArgumentException($"Expected {n}×{columnCount} = {n * columnCount} values but got {columns.Length}.", nameof(columns));
        }

        var iterations = 0;
        var converged = true;
        var gate = new object();
        if ((long)n * columnCount >= ParallelThreshold && columnCount > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(
                0,
                columnCount,
                () => new Workspace(this),
                (j, _, workspace) =>
                {
                    var outcome = DemeanInPlace(columns.AsSpan(j * n, n), workspace, tolerance, maxIterations);
                    lock (gate)
                    {
                        iterations = Math.Max(iterations, outcome.Iterations);
                        converged &= outcome.Converged;
                    }

                    return workspace;
                },
                _ => { });
        }
        else
        {
            var workspace = new Workspace(this);
            for (var j = 0; j < columnCount; j++)
            {
                var outcome = DemeanInPlace(columns.AsSpan(j * n, n), workspace, tolerance, maxIterations);
                iterations = Math.Max(iterations, outcome.Iterations);
                converged &= outcome.Converged;
            }
        }

        return new DemeaningOutcome(iterations, converged);
    }

    private int ConnectedComponents(int first, int second)
    {
        var a = _levels[first];
        var parent = new int[a + _levels[second]];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        var c1 = _codes[first];
        var c2 = _codes[second];
        var components = parent.Length;
        for (var i = 0; i < c1.Length; i++)
        {
            var r1 = Find(c1[i]);
            var r2 = Find(a + c2[i]);
            if (r1 != r2)
            {
                parent[r1] = r2;
                components--;
            }
        }

        return components;
    }

    // x (length n) is replaced by its residual from the fixed effects.
    private DemeaningOutcome DemeanInPlace(Span<double> x, Workspace w, double tolerance, int maxIterations)
    {
        var first = _order[0];
        if (Dimensions == 1)
        {
            GroupMeans(x, null, first, w.Alpha);
            var codes = _codes[first];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] -= w.Alpha[codes[i]];
            }

            return new DemeaningOutcome(0, true);
        }

        var beta = w.Beta;
        var gx = w.GX;
        var ggx = w.GGX;
        Array.Clear(beta);
        var iterations = 0;
        var converged = false;
        while (iterations < maxIterations)
        {
            iterations++;
            Map(x, beta, gx, w);
            if (Converged(beta, gx, tolerance))
            {
                gx.CopyTo(beta, 0);
                converged = true;
                break;
            }

            Map(x, gx, ggx, w);
            if (Converged(gx, ggx, tolerance))
            {
                ggx.CopyTo(beta, 0);
                converged = true;
                break;
            }

            // Irons–Tuck: X ← GGX − [(ΔGX·Δ²X)/(Δ²X·Δ²X)] ΔGX with ΔGX = GGX − GX, Δ²X = GGX − 2GX + X.
            var product = 0.0;
            var squares = 0.0;
            for (var s = 0; s < beta.Length; s++)
            {
                var deltaGx = ggx[s] - gx[s];
                var delta2 = deltaGx - gx[s] + beta[s];
                product += deltaGx * delta2;
                squares += delta2 * delta2;
            }

            if (squares == 0)
            {
                ggx.CopyTo(beta, 0);
                converged = true;
                break;
            }

            var coefficient = product / squares;
            for (var s = 0; s < beta.Length; s++)
            {
                beta[s] = ggx[s] - (coefficient * (ggx[s] - gx[s]));
            }
        }

        // Residual: x − Σ_{d≥2} β_d − α₁(β), exactly orthogonal to the first dimension.
        BuildFit(beta, w.Fit);
        GroupMeans(x, w.Fit, first, w.Alpha);
        var firstCodes = _codes[first];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] -= w.Fit[i] + w.Alpha[firstCodes[i]];
        }

        return new DemeaningOutcome(iterations, converged);
    }

    // output = F(input): α₁ from input, then a Gauss–Seidel sweep over dimensions 2..D.
    private void Map(ReadOnlySpan<double> x, double[] input, double[] output, Workspace w)
    {
        input.CopyTo(output, 0);
        var fit = w.Fit;
        BuildFit(output, fit);
        var first = _order[0];
        GroupMeans(x, fit, first, w.Alpha);
        var alpha = w.Alpha;
        var firstCodes = _codes[first];
        var offset = 0;
        for (var k = 1; k < _order.Length; k++)
        {
            var d = _order[k];
            var codes = _codes[d];
            var inverse = _inverseCounts[d];
            var levels = _levels[d];
            var block = output.AsSpan(offset, levels);
            var sums = w.Sums.AsSpan(0, levels);
            sums.Clear();
            for (var i = 0; i < x.Length; i++)
            {
                var g = codes[i];
                sums[g] += x[i] - alpha[firstCodes[i]] - fit[i] + block[g];
            }

            for (var g = 0; g < levels; g++)
            {
                sums[g] *= inverse[g];
            }

            if (k < _order.Length - 1)
            {
                for (var i = 0; i < x.Length; i++)
                {
                    var g = codes[i];
                    fit[i] += sums[g] - block[g];
                }
            }

            sums.CopyTo(block);
            offset += levels;
        }
    }

    // fit_i = Σ_{k≥1} β_{order[k]}[code_i]
    private void BuildFit(double[] beta, double[] fit)
    {
        Array.Clear(fit);
        var offset = 0;
        for (var k = 1; k < _order.Length; k++)
        {
            var d = _order[k];
            var codes = _codes[d];
            for (var i = 0; i < fit.Length; i++)
            {
                fit[i] += beta[offset + codes[i]];
            }

            offset += _levels[d];
        }
    }

    // means[g] = mean over level g of dimension d of (x − subtract).
    private void GroupMeans(ReadOnlySpan<double> x, double[]? subtract, int dimension, double[] means)
    {
        var codes = _codes[dimension];
        var levels = _levels[dimension];
        Array.Clear(means, 0, levels);
        if (subtract is null)
        {
            for (var i = 0; i < x.Length; i++)
            {
                means[codes[i]] += x[i];
            }
        }
        else
        {
            for (var i = 0; i < x.Length; i++)
            {
                means[codes[i]] += x[i] - subtract[i];
            }
        }

        var inverse = _inverseCounts[dimension];
        for (var g = 0; g < levels; g++)
        {
            means[g] *= inverse[g];
        }
    }

    private static bool Converged(double[] a, double[] b, double tolerance)
    {
        for (var s = 0; s < a.Length; s++)
        {
            var difference = Math.Abs(a[s] - b[s]);
            if (difference > tolerance && difference / (0.1 + Math.Abs(a[s])) > tolerance)
            {
                return false;
            }
        }

        return true;
    }

    // Buffers of one column's demeaning, reused across columns on the same thread.
    private sealed class Workspace
    {
        internal Workspace(FixedEffectStructure structure)
        {
            var state = 0;
            var largest = 0;
            for (var k = 1; k < structure._order.Length; k++)
            {
                state += structure._levels[structure._order[k]];
                largest = Math.Max(largest, structure._levels[structure._order[k]]);
            }

            Beta = new double[state];
            GX = new double[state];
            GGX = new double[state];
            Sums = new double[largest];
            Alpha = new double[structure._levels[structure._order[0]]];
            Fit = new double[structure.Observations];
        }

        internal double[] Beta { get; }

        internal double[] GX { get; }

        internal double[] GGX { get; }

        internal double[] Sums { get; }

        internal double[] Alpha { get; }

        internal double[] Fit { get; }
    }
}
