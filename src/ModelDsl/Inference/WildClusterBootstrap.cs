using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// The wild cluster bootstrap for least-squares fits (OLS, absorbed fixed effects, weighted, between), one-way
/// clustered: bootstrap p-values and confidence intervals by test inversion, by the fast algorithm of Roodman,
/// MacKinnon, Nielsen and Webb (2019) on cluster-level sums.
/// </summary>
/// <remarks>
/// <para>Model: y = Dβ + u with D the fit's design (with absorbed fixed effects, the demeaned regressors and the
/// constant: the bootstrap runs on the Frisch–Waugh–Lovell regression, which equals re-estimating with the fixed
/// effects as dummies in every draw when the fixed effects are nested in the clusters; with weights, D and y are
/// multiplied by √w). For coefficient j and a hypothesised value β₀, WCR takes β̃ = β̂ − A e_j (β̂_j − β₀)/A_jj,
/// A = (D'D)⁻¹ (restricted least squares) and ũ = y − Dβ̃; WCU takes β̂ and û. Draw b sets y* = Dβ̃ + ũ_g v_g with one
/// weight v_g per cluster, re-estimates β* and its CR1 variance, and forms t*_b = (β*_j − β₀)/se*_j (WCU: centred at
/// β̂_j). The original statistic is t = (β̂_j − β₀)/se_j with the CR1 standard error of <see cref="VarianceEstimators.Cluster"/>
/// (MacKinnon and Webb 2017, J. Applied Econometrics 32(2); 2018, Econometrics Journal 21(2)).</para>
/// <para>Fast algorithm (Roodman et al. 2019, Stata Journal 19(1), §3–5): one pass over the rows gives D_g'D_g and
/// D_g'y_g per cluster; then β* − β̃ = A Σ_g v_g s_g with s_g = D_g'ũ_g, and the CR1 score of cluster g in draw b is
/// z_g = v_g a_j's_g − (D_g'D_g a_j)' Σ_h v_h A s_h, so a draw costs O(G·k), not O(N·k). Every quantity is linear in
/// β₀, so each draw's numerator and squared standard error are stored as polynomials in β₀ (degree 1 and 2) and
/// inverting the test costs O(B) per trial value.</para>
/// <para>Conventions. Small-sample factor: the request's correction (default G/(G − 1)·(N − 1)/(N − K), Stata's CR1)
/// in both the original and the bootstrap statistics (it cancels in the p-value). p-values: symmetric
/// p = #{|t*_b| &gt; |t|}/B, equal-tailed p = 2·min(#{t*_b &lt; t}, #{t*_b &gt; t})/B; a bootstrap statistic within
/// 1e-10·max(1, |t|) of the original counts as a tie, and ties count on neither side (with the null imposed, the
/// draw v = 1 reproduces the data and ties exactly). Intervals: the bounds where p(β₀) falls to 1 − level, found by
/// doubling steps of one standard error from β̂_j and then bisection to 1e-12 relative. Draws: B as requested, from
/// <see cref="Random"/> seeded with the request's seed, cluster by cluster within each draw (clusters in their order
/// of first appearance in the sample); with Rademacher weights and 2^G ≤ B every sign vector is enumerated once
/// instead (B = 2^G), which makes the p-value exact and the draws irrelevant. Standard errors and t statistics
/// reported are the CR1 ones; joint Wald tests use the CR1 matrix.</para>
/// </remarks>
public sealed record WildClusterBootstrap : IVarianceEstimator
{
    private const double TieTolerance = 1e-10;

    /// <summary>Creates the estimator.</summary>
    /// <param name="draws">The number of bootstrap draws B, at least 99.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the cluster weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    public WildClusterBootstrap(int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        if (draws < 99)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, $"The wild bootstrap needs at least 99 draws but got {draws}; 9,999 is the usual choice.");
        }

        if (!Enum.IsDefined(weights) || !Enum.IsDefined(type) || !Enum.IsDefined(pValue))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Unknown wild bootstrap option; use the WildWeights, WildBootstrapType and BootstrapPValue values.");
        }

        Draws = draws;
        Seed = seed;
        Weights = weights;
        Type = type;
        PValueKind = pValue;
    }

    /// <summary>The number of draws B requested.</summary>
    public int Draws { get; }

    /// <summary>The seed of the draws.</summary>
    public int Seed { get; }

    /// <summary>The distribution of the cluster weights.</summary>
    public WildWeights Weights { get; }

    /// <summary>Restricted (WCR) or unrestricted (WCU).</summary>
    public WildBootstrapType Type { get; }

    /// <summary>Symmetric or equal-tailed p-values.</summary>
    public BootstrapPValue PValueKind { get; }

    /// <inheritdoc />
    public string Name => "wild-bootstrap";

    /// <summary>The method in a few words for tables and JSON: <c>WCR, Rademacher, B = 9999, seed 1, symmetric</c>.</summary>
    public string Method => string.Create(CultureInfo.InvariantCulture, $"{(Type == WildBootstrapType.Restricted ? "WCR" : "WCU")}, {Weights}, B = {Draws}, seed {Seed}, {(PValueKind == BootstrapPValue.Symmetric ? "symmetric" : "equal-tailed")}");

    /// <inheritdoc />
    public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Clusters.Count != 1)
        {
            throw new InvalidOperationException($"The wild cluster bootstrap takes one cluster variable but the request names {request.Clusters.Count}; two-way clustering is not available for it.");
        }

        var data = fit.LeastSquaresData()
            ?? throw new InvalidOperationException($"The wild cluster bootstrap re-estimates a least-squares regression; the {fit.Family} family is not one (use Vcov.Cluster for it).");
        if (fit.NormalInference)
        {
            throw new InvalidOperationException($"The wild cluster bootstrap applies to least-squares fits with t inference (OLS, fixed effects, between); the {fit.Family} fit is not one.");
        }

        var variable = request.Clusters[0];
        var (codes, groups) = fit.SharedClusterCodes(variable);
        if (groups < 2)
        {
            throw fit.TooFewClusters(variable, groups);
        }

        fit.RequireResidualDegreesOfFreedom();
        var correction = fit.Correction(request.Correction);
        var k = fit.CorrectionParameters(correction, [codes]);
        var factor = VarianceEstimators.ClusterFactor(correction, groups) * VarianceEstimators.ObservationFactor(fit, correction, k);
        var p = fit.Names.Count;
        var sums = ClusterSums.Of(data.Design, codes, groups, p);
        var engine = new Engine(sums, fit.GroupScores(codes, groups), fit.Bread(), fit.Estimates.ToArray(), factor, Type);
        var v = DrawWeights(groups, out var draws, out var enumerated);
        var level = fit.ConfidenceLevel;
        var inference = new CoefficientInference[p];
        for (var j = 0; j < p; j++)
        {
            var statistics = engine.Statistics(j, v, draws);
            var se = engine.StandardError(j);
            var estimate = fit.Estimates[j];
            var t = estimate / se;
            var pValue = statistics.PValue(0.0, PValueKind);
            var (low, high) = statistics.Interval(1 - level, PValueKind);
            inference[j] = new CoefficientInference(se, t, pValue, low, high);
        }

        var matrix = fit.Sandwich(fit.Meat(codes, groups), factor);
        var notes = new List<Note>
        {
            new(NoteKind.Information, string.Create(CultureInfo.InvariantCulture,
                $"p-values and {level * 100:0.##}% intervals by the wild cluster bootstrap ({(Type == WildBootstrapType.Restricted ? "WCR, null imposed" : "WCU")}, {Weights} weights, {(enumerated ? $"all 2^{groups} = {draws} sign vectors enumerated" : $"{draws} draws, seed {Seed}")}, {(PValueKind == BootstrapPValue.Symmetric ? "symmetric" : "equal-tailed")}; intervals by test inversion) over {groups} clusters of '{variable.Name}' (Roodman, MacKinnon, Nielsen and Webb 2019); standard errors and t statistics are CR1"), draws),
        };
        return VarianceEstimate.FromInference(fit, inference, groups - 1, matrix, new Dictionary<string, int> { [variable.Name] = groups }, notes);
    }

    /// <summary>The bootstrap statistics of coefficient <paramref name="coefficient"/> as polynomials in β₀ (one per draw), for tests.</summary>
    internal static BootstrapStatistics Statistics(VarianceInput fit, Vcov request, int coefficient)
    {
        var bootstrap = (WildClusterBootstrap)request.Estimator;
        var data = fit.LeastSquaresData()!.Value;
        var (codes, groups) = fit.SharedClusterCodes(request.Clusters[0]);
        var correction = fit.Correction(request.Correction);
        var factor = VarianceEstimators.ClusterFactor(correction, groups) * VarianceEstimators.ObservationFactor(fit, correction, fit.CorrectionParameters(correction, [codes]));
        var engine = new Engine(ClusterSums.Of(data.Design, codes, groups, fit.Names.Count), fit.GroupScores(codes, groups), fit.Bread(), fit.Estimates.ToArray(), factor, bootstrap.Type);
        var v = bootstrap.DrawWeights(groups, out var draws, out _);
        return engine.Statistics(coefficient, v, draws);
    }

    // The weights, draw-major (B×G): enumerated sign vectors or seeded draws.
    internal double[] DrawWeights(int groups, out int draws, out bool enumerated)
    {
        enumerated = Weights == WildWeights.Rademacher && groups < 31 && (1L << groups) <= Draws;
        if (enumerated)
        {
            draws = 1 << groups;
            var signs = new double[(long)draws * groups];
            for (var b = 0; b < draws; b++)
            {
                for (var g = 0; g < groups; g++)
                {
                    signs[((long)b * groups) + g] = ((b >> g) & 1) == 0 ? 1.0 : -1.0;
                }
            }

            return signs;
        }

        draws = Draws;
        var random = new Random(Seed);
        var v = new double[(long)draws * groups];
        var root5 = Math.Sqrt(5);
        ReadOnlySpan<double> webb = [-Math.Sqrt(1.5), -1, -Math.Sqrt(0.5), Math.Sqrt(0.5), 1, Math.Sqrt(1.5)];
        for (long i = 0; i < v.Length; i++)
        {
            v[i] = Weights switch
            {
                WildWeights.Rademacher => random.Next(2) == 0 ? -1.0 : 1.0,
                WildWeights.Webb => webb[random.Next(6)],
                WildWeights.Mammen => random.NextDouble() < (root5 + 1) / (2 * root5) ? (1 - root5) / 2 : (1 + root5) / 2,
                _ => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1),
            };
        }

        return v;
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

    /// <summary>The cluster-level algebra of one fit: the unrestricted scores ŝ_g = D_g'ê_g, the sums D_g'D_g and the bread A.</summary>
    private sealed class Engine
    {
        private readonly ClusterSums _sums;
        private readonly double[] _bread;
        private readonly double[] _estimates;
        private readonly double _factor;
        private readonly WildBootstrapType _type;
        private readonly double[] _scores;

        internal Engine(ClusterSums sums, double[] scores, double[] bread, double[] estimates, double factor, WildBootstrapType type)
        {
            // ŝ_g = Σ_{i∈g} d_i ê_i straight from the residuals (D_g'y_g − D_g'D_g β̂ would cancel digits away).
            _sums = sums;
            _scores = scores;
            _bread = bread;
            _estimates = estimates;
            _factor = factor;
            _type = type;
        }

        // a_j' ŝ_g for every g.
        private double[] Projected(int j, double[] scores)
        {
            var p = _sums.Parameters;
            var c = new double[_sums.Groups];
            for (var g = 0; g < c.Length; g++)
            {
                var s = 0.0;
                for (var b = 0; b < p; b++)
                {
                    s += _bread[(j * p) + b] * scores[(g * p) + b];
                }

                c[g] = s;
            }

            return c;
        }

        /// <summary>The CR1 standard error of coefficient j: √(c Σ_g (a_j'ŝ_g)²).</summary>
        internal double StandardError(int j)
        {
            var c = Projected(j, _scores);
            return Math.Sqrt(_factor * c.Sum(x => x * x));
        }

        /// <summary>Per draw, the numerator N0 + δN1 and squared standard error c(Q00 + 2δQ01 + δ²Q11) with δ = β̂_j − β₀.</summary>
        internal BootstrapStatistics Statistics(int j, double[] v, int draws)
        {
            var p = _sums.Parameters;
            var groups = _sums.Groups;
            var ajj = _bread[(j * p) + j];

            // w_g = D_g'D_g a_j; under WCR s_g(δ) = ŝ_g + δ w_g / A_jj.
            var w = new double[groups * p];
            for (var g = 0; g < groups; g++)
            {
                for (var a = 0; a < p; a++)
                {
                    var s = 0.0;
                    for (var b = 0; b < p; b++)
                    {
                        s += _sums.CrossProducts[(g * p * p) + (a * p) + b] * _bread[(b * p) + j];
                    }

                    w[(g * p) + a] = s;
                }
            }

            var restricted = _type == WildBootstrapType.Restricted;
            var c0 = Projected(j, _scores);
            var t0 = Times(_bread, _scores, groups, p);
            var s1 = new double[groups * p];
            if (restricted)
            {
                for (var i = 0; i < s1.Length; i++)
                {
                    s1[i] = w[i] / ajj;
                }
            }

            var c1 = Projected(j, s1);
            var t1 = Times(_bread, s1, groups, p);
            var result = new BootstrapStatistics(draws, _estimates[j], StandardError(j), restricted);
            var u0 = new double[p];
            var u1 = new double[p];
            for (var b = 0; b < draws; b++)
            {
                var vb = v.AsSpan((int)((long)b * groups), groups);
                Array.Clear(u0);
                Array.Clear(u1);
                double n0 = 0, n1 = 0;
                for (var g = 0; g < groups; g++)
                {
                    var vg = vb[g];
                    n0 += c0[g] * vg;
                    n1 += c1[g] * vg;
                    for (var a = 0; a < p; a++)
                    {
                        u0[a] += vg * t0[(g * p) + a];
                        u1[a] += vg * t1[(g * p) + a];
                    }
                }

                double q00 = 0, q01 = 0, q11 = 0;
                for (var g = 0; g < groups; g++)
                {
                    var z0 = c0[g] * vb[g];
                    var z1 = c1[g] * vb[g];
                    for (var a = 0; a < p; a++)
                    {
                        z0 -= w[(g * p) + a] * u0[a];
                        z1 -= w[(g * p) + a] * u1[a];
                    }

                    q00 += z0 * z0;
                    q01 += z0 * z1;
                    q11 += z1 * z1;
                }

                result.Set(b, n0, n1, _factor * q00, _factor * q01, _factor * q11);
            }

            return result;
        }

        // A s_g for every g (G×p).
        private static double[] Times(double[] bread, double[] scores, int groups, int p)
        {
            var result = new double[groups * p];
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

            return result;
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
            return (_n0[b] + (delta * _n1[b])) / Math.Sqrt(variance);
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
