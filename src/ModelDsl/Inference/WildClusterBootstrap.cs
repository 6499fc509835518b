using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// The wild cluster bootstrap for least-squares fits (OLS, absorbed fixed effects, weighted, between), one- or two-way
/// clustered, with weights drawn by cluster, by subcluster or by observation: bootstrap p-values and confidence
/// intervals by test inversion, by the fast algorithm of Roodman, MacKinnon, Nielsen and Webb (2019) on cell-level sums.
/// </summary>
/// <remarks>
/// <para>Model: y = Dβ + u with D the fit's design (with absorbed fixed effects, the demeaned regressors and the
/// constant: the bootstrap runs on the Frisch–Waugh–Lovell regression, which equals re-estimating with the fixed
/// effects as dummies in every draw when the fixed effects are nested in the clusters; with weights, D and y are
/// multiplied by √w). For coefficient j and a hypothesised value β₀, WCR takes β̃ = β̂ − A e_j (β̂_j − β₀)/A_jj,
/// A = (D'D)⁻¹ (restricted least squares) and ũ = y − Dβ̃; WCU takes β̂ and û. Draw b sets y* = Dβ̃ + ũ_i v_h(i) with
/// one weight v_h per bootstrap group h (see below), re-estimates β* and its cluster-robust variance, and forms
/// t*_b = (β*_j − β₀)/se*_j (WCU: centred at β̂_j). The original statistic is t = (β̂_j − β₀)/se_j with the
/// cluster-robust standard error of <see cref="VarianceEstimators.Cluster"/> for the same clusters and correction
/// (MacKinnon and Webb 2017, J. Applied Econometrics 32(2); 2018, Econometrics Journal 21(2)).</para>
/// <para>Bootstrap groups (<see cref="Level"/>). One-way, by cluster: the clusters. Two-way (Cameron, Gelbach and Miller
/// 2011: V = V₁ + V₂ − V₁₂ in both t and every t*): the clusters of one of the two variables, <see cref="LevelVariable"/>
/// or by default the one with fewer clusters (MacKinnon, Nielsen and Webb 2021, J. Business &amp; Economic Statistics
/// 39(2), whose simulations favour it; Stata's boottest defaults to the intersection). Subcluster (one-way): the
/// cells of the cluster variable × <see cref="LevelVariable"/>, while the variance still clusters by the cluster variable
/// (MacKinnon and Webb 2018); by observation: every row.</para>
/// <para>Fast algorithm (Roodman et al. 2019, Stata Journal 19(1), §3–5): one pass over the rows gives D_f'D_f and the
/// scores ŝ_f = D_f'ê_f per cell f (the intersection of the bootstrap groups and every variance term's clusters); then
/// β* − β̃ = A Σ_h v_h S_h with S_h the scores of group h, and the projected score of variance cluster c in draw b is
/// z_c = Σ_{f∈c} v_h(f) a_j's_f − (Σ_{f∈c} D_f'D_f a_j)' (β* − β̃), so a draw costs O(cells + groups·k), not O(N·k).
/// Every quantity is linear in β₀, so each draw's numerator and squared standard error are stored as polynomials in β₀
/// (degree 1 and 2) and inverting the test costs O(B) per trial value.</para>
/// <para>Conventions. Small-sample factors: the request's correction (default G/(G − 1)·(N − 1)/(N − K), Stata's CR1;
/// two-way, each term's factor as <see cref="VarianceEstimators.Cluster"/> computes it, the smallest G by default,
/// <see cref="MultiwayClusterCount.PerTerm"/> as boottest) in both the original and the bootstrap statistics.
/// A two-way bootstrap variance that is not positive makes t*_b = ±∞ by the sign of its numerator (it counts as more
/// extreme than any t; a note counts such draws at β₀ = 0). p-values: symmetric p = #{|t*_b| &gt; |t|}/B, equal-tailed
/// p = 2·min(#{t*_b &lt; t}, #{t*_b &gt; t})/B; a bootstrap statistic within 1e-10·max(1, |t|) of the original counts as a
/// tie, and ties count on neither side (with the null imposed, the draw v = 1 reproduces the data and ties exactly).
/// Intervals: the bounds where p(β₀) falls to 1 − level, found by doubling steps of one standard error from β̂_j and
/// then bisection to 1e-12 relative. Draws: B as requested, from <see cref="Random"/> seeded with the request's seed,
/// group by group within each draw (groups in their order of first appearance in the sample); with Rademacher weights
/// and 2^H ≤ B for H bootstrap groups every sign vector is enumerated once instead (B = 2^H), which makes the p-value
/// exact and the draws irrelevant. Standard errors and t statistics reported are the cluster-robust ones; joint Wald
/// tests use the cluster-robust matrix.</para>
/// </remarks>
public sealed record WildClusterBootstrap : IVarianceEstimator
{
    private const double TieTolerance = 1e-10;

    /// <summary>Creates the estimator, weights drawn by cluster.</summary>
    /// <param name="draws">The number of bootstrap draws B, at least 99.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the cluster weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    public WildClusterBootstrap(int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
        : this(draws, seed, weights, type, pValue, WildBootstrapLevel.Cluster, null)
    {
    }

    /// <summary>Creates the estimator with the level at which the weights are drawn.</summary>
    /// <param name="draws">The number of bootstrap draws B, at least 99.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    /// <param name="level">Cluster, subcluster or observation.</param>
    /// <param name="levelVariable">Two-way by cluster: the cluster variable to draw by (null: the one with fewer clusters);
    /// subcluster: the subcluster variable (required); otherwise null.</param>
    public WildClusterBootstrap(int draws, int seed, WildWeights weights, WildBootstrapType type, BootstrapPValue pValue, WildBootstrapLevel level, ColumnTerm? levelVariable)
    {
        if (draws < 99)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, $"The wild bootstrap needs at least 99 draws but got {draws}; 9,999 is the usual choice.");
        }

        if (!Enum.IsDefined(weights) || !Enum.IsDefined(type) || !Enum.IsDefined(pValue) || !Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Unknown wild bootstrap option; use the WildWeights, WildBootstrapType, BootstrapPValue and WildBootstrapLevel values.");
        }

        if (level == WildBootstrapLevel.Subcluster && levelVariable is null)
        {
            throw new ArgumentNullException(nameof(levelVariable), "The subcluster wild bootstrap needs the subcluster variable (for example \"year\" with state clusters: one weight per state-year); use WildBootstrapLevel.Observation for one weight per row.");
        }

        if (level == WildBootstrapLevel.Observation && levelVariable is not null)
        {
            throw new ArgumentException($"Weights by observation take no variable but got '{levelVariable.Name}'; use WildBootstrapLevel.Subcluster to draw by cells of a variable.", nameof(levelVariable));
        }

        Draws = draws;
        Seed = seed;
        Weights = weights;
        Type = type;
        PValueKind = pValue;
        Level = level;
        LevelVariable = levelVariable;
    }

    /// <summary>The number of draws B requested.</summary>
    public int Draws { get; }

    /// <summary>The seed of the draws.</summary>
    public int Seed { get; }

    /// <summary>The distribution of the weights.</summary>
    public WildWeights Weights { get; }

    /// <summary>Restricted (WCR) or unrestricted (WCU).</summary>
    public WildBootstrapType Type { get; }

    /// <summary>Symmetric or equal-tailed p-values.</summary>
    public BootstrapPValue PValueKind { get; }

    /// <summary>The level at which the weights are drawn.</summary>
    public WildBootstrapLevel Level { get; }

    /// <summary>Two-way by cluster: the variable the weights are drawn by (null: the one with fewer clusters); subcluster: the subcluster variable.</summary>
    public ColumnTerm? LevelVariable { get; }

    /// <inheritdoc />
    public string Name => "wild-bootstrap";

    /// <summary>
    /// The method in a few words for tables and JSON: <c>WCR, Rademacher, B = 9999, seed 1, symmetric</c>, followed by the
    /// level when it is not the (one-way) cluster: <c>, weights by year</c>, <c>, weights by subcluster year</c>, <c>, weights by observation</c>.
    /// </summary>
    public string Method => string.Create(CultureInfo.InvariantCulture, $"{(Type == WildBootstrapType.Restricted ? "WCR" : "WCU")}, {Weights}, B = {Draws}, seed {Seed}, {(PValueKind == BootstrapPValue.Symmetric ? "symmetric" : "equal-tailed")}") + Level switch
    {
        WildBootstrapLevel.Subcluster => $", weights by subcluster {LevelVariable!.Name}",
        WildBootstrapLevel.Observation => ", weights by observation",
        _ when LevelVariable is not null => $", weights by {LevelVariable.Name}",
        _ => string.Empty,
    };

    /// <inheritdoc />
    public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(request);
        var setup = Setup.Of(this, fit, request);
        var p = fit.Names.Count;
        var level = fit.ConfidenceLevel;
        // The reported standard errors and t are exactly those of Vcov.Cluster for the same clusters (the matrix below);
        // the bootstrap compares the engine's own t, equal to rounding, with its draws.
        var matrix = new double[p * p];
        foreach (var (codes, groups, factor) in setup.Terms.Components)
        {
            var part = fit.Sandwich(fit.Meat(codes, groups), Math.Abs(factor));
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] += Math.Sign(factor) * part[i];
            }
        }

        var inference = new CoefficientInference[p];
        var infinite = 0;
        for (var j = 0; j < p; j++)
        {
            var statistics = setup.Engine.Statistics(j, Stream(setup.Layout.BootGroups));
            infinite = Math.Max(infinite, statistics.NonPositiveVariances(0.0));
            var variance = matrix[(j * p) + j];
            var se = variance > 0 ? Math.Sqrt(variance) : double.NaN;
            var t = fit.Estimates[j] / se;
            if (!double.IsFinite(t) || !double.IsFinite(statistics.StandardError))
            {
                inference[j] = new CoefficientInference(se, t, double.NaN, double.NaN, double.NaN);
                continue;
            }

            var pValue = statistics.PValue(0.0, PValueKind);
            var (low, high) = statistics.Interval(1 - level, PValueKind);
            inference[j] = new CoefficientInference(se, t, pValue, low, high);
        }

        var stream = Stream(setup.Layout.BootGroups);
        var clusters = string.Join(" and ", request.Clusters.Select(c => string.Create(CultureInfo.InvariantCulture, $"{setup.Terms.Counts[c.Name]} clusters of '{c.Name}'")));
        var notes = new List<Note>
        {
            new(NoteKind.Information, string.Create(CultureInfo.InvariantCulture,
                $"p-values and {level * 100:0.##}% intervals by the wild cluster bootstrap ({(Type == WildBootstrapType.Restricted ? "WCR, null imposed" : "WCU")}, {Weights} weights {setup.Layout.Description}, {(stream.Enumerated ? $"all 2^{setup.Layout.BootGroups} = {stream.Draws} sign vectors enumerated" : $"{stream.Draws} draws, seed {Seed}")}, {(PValueKind == BootstrapPValue.Symmetric ? "symmetric" : "equal-tailed")}; intervals by test inversion) over {clusters} (Roodman, MacKinnon, Nielsen and Webb 2019); standard errors and t statistics are {(request.Clusters.Count == 2 ? "two-way cluster-robust" : "CR1")}"), stream.Draws),
        };
        if (infinite > 0)
        {
            notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"In up to {infinite} of {stream.Draws} draws the two-way bootstrap variance was not positive; those t* count as ±∞ (more extreme than the original t)"), infinite));
        }

        var degrees = setup.Terms.Groups.Min() - 1;
        return VarianceEstimate.FromInference(fit, inference, degrees, matrix, setup.Terms.Counts, notes);
    }

    /// <summary>The bootstrap statistics of coefficient <paramref name="coefficient"/> as polynomials in β₀ (one per draw), for tests.</summary>
    internal static BootstrapStatistics Statistics(VarianceInput fit, Vcov request, int coefficient)
    {
        var bootstrap = (WildClusterBootstrap)request.Estimator;
        var setup = Setup.Of(bootstrap, fit, request);
        return setup.Engine.Statistics(coefficient, bootstrap.Stream(setup.Layout.BootGroups));
    }

    /// <summary>The weights of every draw for <paramref name="groups"/> bootstrap groups, draw-major (B×H), for tests.</summary>
    internal double[] DrawWeights(int groups, out int draws, out bool enumerated)
    {
        var stream = Stream(groups);
        draws = stream.Draws;
        enumerated = stream.Enumerated;
        var v = new double[(long)draws * groups];
        for (var b = 0; b < draws; b++)
        {
            stream.Next(v.AsSpan((int)((long)b * groups), groups));
        }

        return v;
    }

    /// <summary>The bootstrap groups, cells and variance terms of one fit and request (see <see cref="Layout"/>).</summary>
    internal static (int[] CellCodes, int Cells, int BootGroups, int[] BootOfCell) LayoutOf(VarianceInput fit, Vcov request)
    {
        var bootstrap = (WildClusterBootstrap)request.Estimator;
        var layout = Layout.Of(bootstrap, fit, request, VarianceEstimators.Terms(fit, request));
        return (layout.CellCodes, layout.Cells, layout.BootGroups, layout.BootOfCell);
    }

    private WeightStream Stream(int groups) => new(Weights, Seed, groups, Draws);

    private sealed record Setup(Layout Layout, Engine Engine, (List<(int[] Codes, int Groups, double Factor)> Components, List<int> Groups, Dictionary<string, int> Counts) Terms)
    {
        internal static Setup Of(WildClusterBootstrap bootstrap, VarianceInput fit, Vcov request)
        {
            if (request.Clusters.Count is < 1 or > 2)
            {
                throw new InvalidOperationException($"The wild cluster bootstrap takes one or two cluster variables but the request names {request.Clusters.Count}.");
            }

            var data = fit.LeastSquaresData()
                ?? throw new InvalidOperationException($"The wild cluster bootstrap re-estimates a least-squares regression; the {fit.Family} family is not one (use Vcov.Cluster for it).");
            if (fit.NormalInference)
            {
                throw new InvalidOperationException($"The wild cluster bootstrap applies to least-squares fits with t inference (OLS, fixed effects, between); the {fit.Family} fit is not one.");
            }

            fit.RequireResidualDegreesOfFreedom();
            var terms = VarianceEstimators.Terms(fit, request);
            var layout = Layout.Of(bootstrap, fit, request, terms);
            var p = fit.Names.Count;
            var sums = ClusterSums.Of(data.Design, layout.CellCodes, layout.Cells, p);
            var engine = new Engine(sums, fit.GroupScores(layout.CellCodes, layout.Cells), fit.Bread(), fit.Estimates.ToArray(), layout, bootstrap.Type);
            return new Setup(layout, engine, terms);
        }
    }

    /// <summary>
    /// The cells f of the sample (the intersection of the bootstrap groups and every variance term's clusters), each
    /// cell's bootstrap group h(f), and each variance term's cluster of the cell with the term's signed factor.
    /// </summary>
    internal sealed record Layout(int[] CellCodes, int Cells, int[] BootOfCell, int BootGroups, (int[] ClusterOfCell, int Clusters, double Factor)[] Terms, string Description)
    {
        internal static Layout Of(WildClusterBootstrap bootstrap, VarianceInput fit, Vcov request, (List<(int[] Codes, int Groups, double Factor)> Components, List<int> Groups, Dictionary<string, int> Counts) terms)
        {
            var twoWay = request.Clusters.Count == 2;
            var components = terms.Components;
            var n = components[0].Codes.Length;
            if (twoWay && bootstrap.Level != WildBootstrapLevel.Cluster)
            {
                throw new InvalidOperationException($"The {(bootstrap.Level == WildBootstrapLevel.Subcluster ? "subcluster" : "observation-level")} wild bootstrap is for one-way clustering, but the request clusters by '{request.Clusters[0].Name}' and '{request.Clusters[1].Name}'; draw two-way weights by one of the two variables (Vcov.WildBootstrap(first, second, bootstrapBy: ...)).");
            }

            int[] cells;
            int cellCount;
            int[] bootRowCodes;
            string description;
            switch (bootstrap.Level)
            {
                case WildBootstrapLevel.Observation:
                    cells = Enumerable.Range(0, n).ToArray();
                    cellCount = n;
                    bootRowCodes = cells;
                    description = "by observation";
                    break;
                case WildBootstrapLevel.Subcluster:
                    var (sub, _) = fit.SharedClusterCodes(bootstrap.LevelVariable!);
                    (cells, cellCount) = VarianceEstimators.Intersect(components[0].Codes, sub);
                    bootRowCodes = cells;
                    description = string.Create(CultureInfo.InvariantCulture, $"by {cellCount} subclusters ('{request.Clusters[0].Name}' × '{bootstrap.LevelVariable!.Name}')");
                    break;
                default:
                    var chosen = 0;
                    if (bootstrap.LevelVariable is { } by)
                    {
                        chosen = request.Clusters.ToList().FindIndex(c => c.Name == by.Name);
                        if (chosen < 0)
                        {
                            throw new InvalidOperationException(twoWay
                                ? $"The two-way wild bootstrap draws its weights by one of its cluster variables ('{request.Clusters[0].Name}' or '{request.Clusters[1].Name}'), not '{by.Name}'."
                                : $"The wild bootstrap clusters by '{request.Clusters[0].Name}' but was asked to draw weights by '{by.Name}'; for weights by cells of '{by.Name}' within clusters use Vcov.WildSubclusterBootstrap(\"{request.Clusters[0].Name}\", \"{by.Name}\").");
                        }
                    }
                    else if (twoWay && terms.Groups[1] < terms.Groups[0])
                    {
                        chosen = 1;
                    }

                    bootRowCodes = components[chosen].Codes;
                    (cells, cellCount) = twoWay ? (components[2].Codes, components[2].Groups) : (components[0].Codes, components[0].Groups);
                    description = string.Create(CultureInfo.InvariantCulture, $"by the {terms.Groups[chosen]} clusters of '{request.Clusters[chosen].Name}'");
                    break;
            }

            var bootGroups = bootRowCodes.Length == 0 ? 0 : bootRowCodes.Max() + 1;
            if (bootGroups < 2)
            {
                throw new InvalidOperationException($"The wild bootstrap draws its weights {description}, which gives {bootGroups} group; it needs at least 2.");
            }

            var bootOfCell = new int[cellCount];
            var termMaps = components.Select(c => (new int[cellCount], c.Groups, c.Factor)).ToArray();
            for (var i = 0; i < n; i++)
            {
                var f = cells[i];
                bootOfCell[f] = bootRowCodes[i];
                for (var t = 0; t < termMaps.Length; t++)
                {
                    termMaps[t].Item1[f] = components[t].Codes[i];
                }
            }

            return new Layout(cells, cellCount, bootOfCell, bootGroups, termMaps, description);
        }
    }

    /// <summary>The weights of successive draws: every Rademacher sign vector once when 2^H ≤ B, else seeded draws.</summary>
    private sealed class WeightStream
    {
        private readonly WildWeights _kind;
        private readonly Random _random;
        private readonly int _groups;
        private long _next;

        internal WeightStream(WildWeights kind, int seed, int groups, int requested)
        {
            _kind = kind;
            _groups = groups;
            _random = new Random(seed);
            Enumerated = kind == WildWeights.Rademacher && groups < 31 && (1L << groups) <= requested;
            Draws = Enumerated ? 1 << groups : requested;
        }

        internal bool Enumerated { get; }

        internal int Draws { get; }

        internal void Next(Span<double> v)
        {
            var b = _next++;
            if (Enumerated)
            {
                for (var g = 0; g < _groups; g++)
                {
                    v[g] = ((b >> g) & 1) == 0 ? 1.0 : -1.0;
                }

                return;
            }

            var root5 = Math.Sqrt(5);
            ReadOnlySpan<double> webb = [-Math.Sqrt(1.5), -1, -Math.Sqrt(0.5), Math.Sqrt(0.5), 1, Math.Sqrt(1.5)];
            for (var g = 0; g < _groups; g++)
            {
                v[g] = _kind switch
                {
                    WildWeights.Rademacher => _random.Next(2) == 0 ? -1.0 : 1.0,
                    WildWeights.Webb => webb[_random.Next(6)],
                    WildWeights.Mammen => _random.NextDouble() < (root5 + 1) / (2 * root5) ? (1 - root5) / 2 : (1 + root5) / 2,
                    _ => MathNet.Numerics.Distributions.Normal.Sample(_random, 0, 1),
                };
            }
        }
    }

    /// <summary>D_g'D_g (G×p×p) per cluster, summed in one pass over the rows.</summary>
    internal sealed record ClusterSums(double[] CrossProducts, int Groups, int Parameters)
    {
        internal static ClusterSums Of(double[] design, int[] codes, int groups, int p)
        {
            var n = codes.Length;
            var xtx = new double[groups * p * p];
            var row = new double[p];
            for (var i = 0; i < n; i++)
            {
                for (var a = 0; a < p; a++)
                {
                    row[a] = design[((long)a * n) + i];
                }

                var g = codes[i];
                var block = g * p * p;
                for (var a = 0; a < p; a++)
                {
                    var ra = row[a];
                    for (var b = a; b < p; b++)
                    {
                        xtx[block + (a * p) + b] += ra * row[b];
                    }
                }
            }

            for (var g = 0; g < groups; g++)
            {
                var block = g * p * p;
                for (var a = 0; a < p; a++)
                {
                    for (var b = 0; b < a; b++)
                    {
                        xtx[block + (a * p) + b] = xtx[block + (b * p) + a];
                    }
                }
            }

            return new ClusterSums(xtx, groups, p);
        }
    }

    /// <summary>The cell-level algebra of one fit: the unrestricted scores ŝ_f = D_f'ê_f, the sums D_f'D_f, the bread A and the layout.</summary>
    private sealed class Engine
    {
        private readonly ClusterSums _sums;
        private readonly double[] _bread;
        private readonly double[] _estimates;
        private readonly Layout _layout;
        private readonly WildBootstrapType _type;
        private readonly double[] _scores;

        internal Engine(ClusterSums sums, double[] scores, double[] bread, double[] estimates, Layout layout, WildBootstrapType type)
        {
            // ŝ_f = Σ_{i∈f} d_i ê_i straight from the residuals (D_f'y_f − D_f'D_f β̂ would cancel digits away).
            _sums = sums;
            _scores = scores;
            _bread = bread;
            _estimates = estimates;
            _layout = layout;
            _type = type;
        }

        /// <summary>Per draw, the numerator N0 + δN1 and squared standard error Q00 + 2δQ01 + δ²Q11 with δ = β̂_j − β₀ (factors included).</summary>
        internal BootstrapStatistics Statistics(int j, WeightStream stream)
        {
            var p = _sums.Parameters;
            var cells = _layout.Cells;
            var groups = _layout.BootGroups;
            var boot = _layout.BootOfCell;
            var ajj = _bread[(j * p) + j];
            var restricted = _type == WildBootstrapType.Restricted;

            // Per cell: w_f = D_f'D_f a_j; c0_f = a_j'ŝ_f; under WCR s_f(δ) = ŝ_f + δ w_f/A_jj, so c1_f = a_j'w_f/A_jj.
            var w = new double[cells * p];
            var c0 = new double[cells];
            var c1 = new double[cells];
            for (var f = 0; f < cells; f++)
            {
                double projected = 0, projectedW = 0;
                for (var a = 0; a < p; a++)
                {
                    var s = 0.0;
                    for (var b = 0; b < p; b++)
                    {
                        s += _sums.CrossProducts[(f * p * p) + (a * p) + b] * _bread[(b * p) + j];
                    }

                    w[(f * p) + a] = s;
                    projected += _bread[(j * p) + a] * _scores[(f * p) + a];
                    projectedW += _bread[(j * p) + a] * s;
                }

                c0[f] = projected;
                c1[f] = restricted ? projectedW / ajj : 0.0;
            }

            // Per bootstrap group: T_h = A S_h (the shift of β* per unit weight) and C_h = a_j'S_h.
            var t0 = new double[groups * p];
            var t1 = new double[groups * p];
            var g0 = new double[groups];
            var g1 = new double[groups];
            var s0 = new double[groups * p];
            var s1 = new double[groups * p];
            for (var f = 0; f < cells; f++)
            {
                var h = boot[f];
                g0[h] += c0[f];
                g1[h] += c1[f];
                for (var a = 0; a < p; a++)
                {
                    s0[(h * p) + a] += _scores[(f * p) + a];
                    s1[(h * p) + a] += restricted ? w[(f * p) + a] / ajj : 0.0;
                }
            }

            Times(_bread, s0, t0, groups, p);
            Times(_bread, s1, t1, groups, p);

            // Per variance term and cluster: W_c = Σ_{f∈c} w_f.
            var terms = _layout.Terms;
            var clusterW = new double[terms.Length][];
            for (var t = 0; t < terms.Length; t++)
            {
                var (map, clusters, _) = terms[t];
                var sum = new double[clusters * p];
                for (var f = 0; f < cells; f++)
                {
                    for (var a = 0; a < p; a++)
                    {
                        sum[(map[f] * p) + a] += w[(f * p) + a];
                    }
                }

                clusterW[t] = sum;
            }

            var standardError = StandardError(c0, terms, cells);
            var result = new BootstrapStatistics(stream.Draws, _estimates[j], standardError, restricted);
            var v = new double[groups];
            var u0 = new double[p];
            var u1 = new double[p];
            var zc0 = new double[terms.Max(t => t.Clusters)];
            var zc1 = new double[zc0.Length];
            for (var b = 0; b < stream.Draws; b++)
            {
                stream.Next(v);
                Array.Clear(u0);
                Array.Clear(u1);
                double n0 = 0, n1 = 0;
                for (var h = 0; h < groups; h++)
                {
                    var vh = v[h];
                    n0 += g0[h] * vh;
                    n1 += g1[h] * vh;
                    for (var a = 0; a < p; a++)
                    {
                        u0[a] += vh * t0[(h * p) + a];
                        u1[a] += vh * t1[(h * p) + a];
                    }
                }

                double q00 = 0, q01 = 0, q11 = 0;
                for (var t = 0; t < terms.Length; t++)
                {
                    var (map, clusters, factor) = terms[t];
                    var sum = clusterW[t];
                    Array.Clear(zc0, 0, clusters);
                    Array.Clear(zc1, 0, clusters);
                    for (var f = 0; f < cells; f++)
                    {
                        var vf = v[boot[f]];
                        zc0[map[f]] += c0[f] * vf;
                        zc1[map[f]] += c1[f] * vf;
                    }

                    double r00 = 0, r01 = 0, r11 = 0;
                    for (var c = 0; c < clusters; c++)
                    {
                        var z0 = zc0[c];
                        var z1 = zc1[c];
                        for (var a = 0; a < p; a++)
                        {
                            z0 -= sum[(c * p) + a] * u0[a];
                            z1 -= sum[(c * p) + a] * u1[a];
                        }

                        r00 += z0 * z0;
                        r01 += z0 * z1;
                        r11 += z1 * z1;
                    }

                    q00 += factor * r00;
                    q01 += factor * r01;
                    q11 += factor * r11;
                }

                result.Set(b, n0, n1, q00, q01, q11);
            }

            return result;
        }

        // The cluster-robust standard error of coefficient j: √(Σ_t c_t Σ_c (Σ_{f∈c} a_j'ŝ_f)²); NaN when the two-way sum is not positive.
        private static double StandardError(double[] c0, (int[] ClusterOfCell, int Clusters, double Factor)[] terms, int cells)
        {
            var variance = 0.0;
            foreach (var (map, clusters, factor) in terms)
            {
                var z = new double[clusters];
                for (var f = 0; f < cells; f++)
                {
                    z[map[f]] += c0[f];
                }

                variance += factor * z.Sum(x => x * x);
            }

            return variance > 0 ? Math.Sqrt(variance) : double.NaN;
        }

        // A s_h for every h (H×p).
        private static void Times(double[] bread, double[] scores, double[] result, int groups, int p)
        {
            for (var g = 0; g < groups; g++)
            {
                for (var a = 0; a < p; a++)
                {
                    var s = 0.0;
                    for (var b = 0; b < p; b++)
                    {
                        s += bread[(a * p) + b] * scores[(g * p) + b];
                    }

                    result[(g * p) + a] = s;
                }
            }
        }
    }

    /// <summary>
    /// The bootstrap t statistics of one coefficient as functions of the hypothesised value β₀ (δ = β̂_j − β₀):
    /// t*_b(δ) = (N0_b + δN1_b)/√(Q00_b + 2δQ01_b + δ²Q11_b); the original t(δ) = δ/se.
    /// </summary>
    internal sealed class BootstrapStatistics
    {
        private readonly double[] _n0;
        private readonly double[] _n1;
        private readonly double[] _q00;
        private readonly double[] _q01;
        private readonly double[] _q11;

        internal BootstrapStatistics(int draws, double estimate, double standardError, bool restricted)
        {
            _n0 = new double[draws];
            _n1 = new double[draws];
            _q00 = new double[draws];
            _q01 = new double[draws];
            _q11 = new double[draws];
            Estimate = estimate;
            StandardError = standardError;
            Restricted = restricted;
        }

        internal double Estimate { get; }

        internal double StandardError { get; }

        internal bool Restricted { get; }

        internal int Draws => _n0.Length;

        internal void Set(int b, double n0, double n1, double q00, double q01, double q11)
        {
            _n0[b] = n0;
            _n1[b] = n1;
            _q00[b] = q00;
            _q01[b] = q01;
            _q11[b] = q11;
        }

        /// <summary>The bootstrap t statistic of draw <paramref name="b"/> at β₀.</summary>
        internal double Statistic(int b, double nullValue)
        {
            var delta = Restricted ? Estimate - nullValue : 0.0;
            var variance = _q00[b] + (2 * delta * _q01[b]) + (delta * delta * _q11[b]);
            var numerator = _n0[b] + (delta * _n1[b]);
            return variance > 0 ? numerator / Math.Sqrt(variance) : Math.CopySign(double.PositiveInfinity, numerator);
        }

        /// <summary>The number of draws whose bootstrap variance at β₀ is not positive (possible with two-way clustering only).</summary>
        internal int NonPositiveVariances(double nullValue)
        {
            var delta = Restricted ? Estimate - nullValue : 0.0;
            var count = 0;
            for (var b = 0; b < Draws; b++)
            {
                if (!(_q00[b] + (2 * delta * _q01[b]) + (delta * delta * _q11[b]) > 0))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>The bootstrap p-value of H₀: β_j = β₀ (see the class remarks for ties).</summary>
        internal double PValue(double nullValue, BootstrapPValue kind)
        {
            var t = (Estimate - nullValue) / StandardError;
            var tolerance = TieTolerance * Math.Max(1, Math.Abs(t));
            var above = 0;
            var below = 0;
            var beyond = 0;
            for (var b = 0; b < Draws; b++)
            {
                var star = Statistic(b, nullValue);
                if (Math.Abs(star) - Math.Abs(t) > tolerance)
                {
                    beyond++;
                }

                if (star - t > tolerance)
                {
                    above++;
                }
                else if (t - star > tolerance)
                {
                    below++;
                }
            }

            return kind == BootstrapPValue.Symmetric
                ? beyond / (double)Draws
                : Math.Min(1.0, 2.0 * Math.Min(above, below) / Draws);
        }

        /// <summary>The interval {β₀ : p(β₀) &gt; α} by test inversion: doubling steps of one standard error, then bisection.</summary>
        internal (double Low, double High) Interval(double alpha, BootstrapPValue kind)
            => (Bound(-1, alpha, kind), Bound(1, alpha, kind));

        private double Bound(int direction, double alpha, BootstrapPValue kind)
        {
            if (!(StandardError > 0) || !double.IsFinite(StandardError))
            {
                return double.NaN;
            }

            var inside = Estimate;
            var step = StandardError;
            var outside = double.NaN;
            for (var m = 0; m < 60; m++)
            {
                var trial = Estimate + (direction * step);
                if (PValue(trial, kind) <= alpha)
                {
                    outside = trial;
                    break;
                }

                inside = trial;
                step *= 2;
            }

            if (double.IsNaN(outside))
            {
                return direction * double.PositiveInfinity;
            }

            var scale = Math.Abs(Estimate) + StandardError;
            for (var iteration = 0; iteration < 200 && Math.Abs(outside - inside) > 1e-12 * scale; iteration++)
            {
                var middle = (inside + outside) / 2;
                if (PValue(middle, kind) <= alpha)
                {
                    outside = middle;
                }
                else
                {
                    inside = middle;
                }
            }

            return (inside + outside) / 2;
        }
    }
}
