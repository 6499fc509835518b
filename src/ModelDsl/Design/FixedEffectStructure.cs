namespace ModelDsl.Design;

/// <summary>The outcome of demeaning a set of columns.</summary>
/// <param name="Iterations">The largest number of conjugate-gradient iterations any column needed (0 when the projection is exact: one dimension, or two with a directly factorised second dimension).</param>
/// <param name="Converged">False when a column reached the iteration cap before the tolerance.</param>
public readonly record struct DemeaningOutcome(int Iterations, bool Converged);

/// <summary>
/// The fixed-effect dimensions of an estimation sample as compact integer codes, with the per-level
/// inverse counts the demeaning needs. Built once per sample and reusable: a placebo test demeans only
/// its new column with <see cref="Demean(ReadOnlySpan{double}, Span{double}, double, int)"/>.
/// </summary>
/// <remarks>
/// <para>Demeaning projects each column on the orthogonal complement of the fixed-effect dummies without
/// building them. One dimension is an exact group-mean subtraction. With D ≥ 2 dimensions the dimension with
/// the most levels is eliminated in closed form and the coefficients β of the others solve the
/// Schur-complement normal equations S β = b (Bergé 2018, §3, block elimination): directly by a Cholesky
/// factor computed once per structure when one further dimension has at most
/// <see cref="FixedEffectSolver.DenseLimit"/> levels (unit + time panels, event studies, placebo draws), and
/// otherwise by Jacobi-preconditioned conjugate gradients, which converge in O(√κ) passes where fixest's
/// Irons–Tuck-accelerated alternating projections need O(κ) on weakly connected graphs (low worker mobility),
/// as pyfixest's <c>within</c> solver does. See <see cref="FixedEffectSolver"/>.</para>
/// <para>Stopping rule (fixest's, in residual form): an alternating-projection sweep changes each coefficient by
/// the mean residual of its level; iteration stops when every level's mean residual is below the tolerance,
/// absolutely or relative to 0.1 + |coefficient|. Up to <see cref="FixedEffectSolver.BlockColumns"/> columns
/// share each pass over the rows; passes are split into fixed lanes of levels run on all cores and added in a
/// fixed order, so results do not depend on the number of threads. Scratch is O(levels) per call, never O(n)
/// per iteration.</para>
/// </remarks>
public sealed class FixedEffectStructure
{
    /// <summary>The default relative tolerance of the demeaning (a model's <c>Demeaning(...)</c> setting overrides it).</summary>
    public const double DefaultDemeaningTolerance = 1e-8;

    /// <summary>The default iteration cap of the demeaning.</summary>
    public const int DefaultDemeaningIterations = 10_000;

    private const int ParallelThreshold = 200_000;

    private readonly int[][] _codes;
    private readonly int[] _levels;
    private readonly double[][] _inverseCounts;
    private readonly string[] _names;

    // Iteration order: the dimension with the most levels first (solved in closed form).
    private readonly int[] _order;

    // Built on first use of two or more dimensions, then shared by every column demeaned with this structure.
    private readonly Lazy<FixedEffectSolver> _solver;

    // The weighted engine (IRLS of fixed-effect logit and probit), built on first weighted call.
    private readonly Lazy<WeightedFixedEffectSolver> _weightedSolver;

    private FixedEffectStructure(string[] names, int[][] codes, int[] levels, double[][] inverseCounts, int observations)
    {
        _names = names;
        _codes = codes;
        _levels = levels;
        _inverseCounts = inverseCounts;
        Observations = observations;
        _order = Enumerable.Range(0, codes.Length).OrderByDescending(d => levels[d]).ThenBy(d => d).ToArray();
        _solver = new Lazy<FixedEffectSolver>(() => new FixedEffectSolver(_codes, _levels, _order, observations), LazyThreadSafetyMode.ExecutionAndPublication);
        _weightedSolver = new Lazy<WeightedFixedEffectSolver>(() => new WeightedFixedEffectSolver(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The number of observations.</summary>
    public int Observations { get; }

    private FixedEffectSolver Solver => _solver.Value;

    /// <summary>The number of dimensions.</summary>
    public int Dimensions => _codes.Length;

    /// <summary>The names of the dimensions.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of levels of each dimension in the sample.</summary>
    public IReadOnlyList<int> Levels => _levels;

    /// <summary>The compact code (0 .. levels − 1) of each observation in <paramref name="dimension"/>.</summary>
    public ReadOnlySpan<int> Codes(int dimension) => _codes[dimension];

    /// <summary>The codes array of one dimension for the solvers (never written to).</summary>
    internal int[] RawCodes(int dimension) => _codes[dimension];

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
    /// <remarks>Runs on the calling thread and allocates only O(levels) scratch, so that many columns (placebo draws) can be demeaned in parallel.</remarks>
    public DemeaningOutcome Demean(ReadOnlySpan<double> values, Span<double> destination, double tolerance = FixedEffectStructure.DefaultDemeaningTolerance, int maxIterations = FixedEffectStructure.DefaultDemeaningIterations)
    {
        if (values.Length != Observations || destination.Length != Observations)
        {
            throw new ArgumentException($"The column has {values.Length} values and the destination {destination.Length}, but the fixed effects have {Observations} observations.");
        }

        values.CopyTo(destination);
        if (Dimensions == 1)
        {
            DemeanOneDimension(destination, new double[_levels[0]]);
            return new DemeaningOutcome(0, true);
        }

        return Solver.Demean(destination, tolerance, maxIterations);
    }

    /// <summary>Demeans <paramref name="columnCount"/> columns of a column-major n×m array in place.</summary>
    public DemeaningOutcome DemeanColumns(double[] columns, int columnCount, double tolerance = FixedEffectStructure.DefaultDemeaningTolerance, int maxIterations = FixedEffectStructure.DefaultDemeaningIterations)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var n = Observations;
        if (columns.Length != n * columnCount)
        {
            throw new ArgumentException($"Expected {n}×{columnCount} = {n * columnCount} values but got {columns.Length}.", nameof(columns));
        }

        var parallel = (long)n * columnCount >= ParallelThreshold && Environment.ProcessorCount > 1;
        if (Dimensions == 1)
        {
            if (parallel && columnCount > 1)
            {
                Parallel.For(0, columnCount, () => new double[_levels[0]], (j, _, means) =>
                {
                    DemeanOneDimension(columns.AsSpan(j * n, n), means);
                    return means;
                }, _ => { });
            }
            else
            {
                var means = new double[_levels[0]];
                for (var j = 0; j < columnCount; j++)
                {
                    DemeanOneDimension(columns.AsSpan(j * n, n), means);
                }
            }

            return new DemeaningOutcome(0, true);
        }

        var iterations = 0;
        var converged = true;
        for (var first = 0; first < columnCount; first += FixedEffectSolver.BlockColumns)
        {
            var count = Math.Min(FixedEffectSolver.BlockColumns, columnCount - first);
            var outcome = Solver.DemeanBlock(columns, first, count, tolerance, maxIterations, parallel);
            iterations = Math.Max(iterations, outcome.Iterations);
            converged &= outcome.Converged;
        }

        return new DemeaningOutcome(iterations, converged);
    }

    /// <summary>
    /// Replaces <paramref name="columnCount"/> columns of a column-major n×m array by their weighted residuals on the
    /// fixed-effect dummies: x − D(D'WD)⁻D'Wx with W = diag(<paramref name="weights"/>), i.e. weighted means within
    /// levels, as the IRLS of fixed-effect logit and probit needs (see <see cref="WeightedFixedEffectSolver"/>).
    /// </summary>
    /// <remarks>
    /// One dimension is an exact weighted group-mean subtraction; with more, the dimension with the most levels is
    /// eliminated in closed form and the others solved directly (one further dimension of at most
    /// <see cref="FixedEffectSolver.DenseLimit"/> levels) or by preconditioned conjugate gradients, as the unweighted
    /// engine does. With all weights equal to 1 the result equals <see cref="DemeanColumns(double[], int, double, int)"/>
    /// up to the solver's tolerance. A level whose weights are all zero has no mean subtracted (its effect is 0).
    /// </remarks>
    public DemeaningOutcome DemeanColumns(double[] columns, int columnCount, double[] weights, double tolerance = FixedEffectStructure.DefaultDemeaningTolerance, int maxIterations = FixedEffectStructure.DefaultDemeaningIterations)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(weights);
        if (columns.Length != Observations * columnCount)
        {
            throw new ArgumentException($"Expected {Observations}×{columnCount} = {Observations * columnCount} values but got {columns.Length}.", nameof(columns));
        }

        return _weightedSolver.Value.DemeanColumns(columns, columnCount, weights, tolerance, maxIterations);
    }

    /// <summary>
    /// Demeans the columns in place, weighted when <paramref name="weights"/> is given, and adds a convergence note to
    /// <paramref name="notes"/> when a column reached the iteration cap: the one place estimators report it.
    /// </summary>
    internal DemeaningOutcome DemeanColumns(double[] columns, int columnCount, double[]? weights, double tolerance, int maxIterations, List<ModelDsl.Results.Note> notes)
    {
        var outcome = weights is null
            ? DemeanColumns(columns, columnCount, tolerance, maxIterations)
            : DemeanColumns(columns, columnCount, weights, tolerance, maxIterations);
        if (!outcome.Converged)
        {
            notes.Add(new ModelDsl.Results.Note(
                ModelDsl.Results.NoteKind.Convergence,
                $"The fixed-effect demeaning stopped at the iteration cap ({maxIterations}) before reaching the tolerance {tolerance.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}; estimates may be imprecise",
                outcome.Iterations));
        }

        return outcome;
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

    // x (length n) is replaced by its deviation from the means of its levels (one dimension: exact).
    private void DemeanOneDimension(Span<double> x, double[] means)
    {
        GroupMeans(x, null, 0, means);
        var codes = _codes[0];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] -= means[codes[i]];
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
}
