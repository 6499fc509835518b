using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>
/// The numerical kernels of the HonestDiD intervals: the ARP conditional / least-favourable hybrid test inverted over
/// a θ grid for Δ^RM(M̄), and the optimal fixed-length interval for Δ^SD(M).
/// Conventions: β̂ = (β_pre (K entries, event times −K…−1 before the reference), β_post (T entries, 0…T−1)); Σ its
/// (K+T) × (K+T) covariance; l the T weights of θ = l'τ_post.
/// </summary>
internal static class HonestDidComputations
{
    private const int LeastFavorableDraws = 1000;

    // ------------------------------------------------------------------ Δ^RM(M̄): ARP hybrid over a grid

    /// <summary>
    /// The C-LF (or conditional) robust interval for θ under Δ^RM(M̄); NaN bounds when no grid point is accepted.
    /// The grid is HonestDiD's (gridPoints equally spaced points on ±20 sd(l'β̂_post)); when the accepted set reaches
    /// an end of it, the grid is extended on that side at the same spacing, 500 points at a time (up to 20 times), and
    /// <paramref name="extended"/> says so: HonestDiD would report the grid end, an interval that is really open.
    /// </summary>
    public static (double Low, double High) RelativeMagnitudeInterval(double[] beta, double[,] sigma, int pre, int post, double[] l, double mbar, double alpha, int gridPoints, bool hybrid, out bool extended)
    {
        var sdTheta = Math.Sqrt(QuadraticForm(l, sigma, pre));
        var grid = Sequence(-20 * sdTheta, 20 * sdTheta, gridPoints);
        var step = (grid[^1] - grid[0]) / (gridPoints - 1);
        var kappa = alpha / 10;
        var tests = new List<ConditionalTest>();
        for (var s = -(pre - 1); s <= 0; s++)
        {
            foreach (var positive in new[] { true, false })
            {
                tests.Add(new ConditionalTest(RelativeMagnitudeConstraints(pre, post, mbar, s, positive), beta, sigma, pre, post, l, alpha, hybrid ? kappa : null, postRowsOnly: post > 1));
            }
        }

        // The set is the union over (s, sign): a point one member accepts needs no further test.
        bool Accepts(double theta) => tests.Any(t => !t.Rejects(theta));

        var accepted = new SortedSet<double>(grid.Where(Accepts));
        extended = false;
        double lowEnd = grid[0], highEnd = grid[^1];
        for (var round = 0; round < 20 && accepted.Count > 0 && accepted.Min <= lowEnd; round++)
        {
            extended = true;
            var start = lowEnd;
            for (var i = 1; i <= 500; i++)
            {
                var theta = start - (i * step);
                if (Accepts(theta))
                {
                    accepted.Add(theta);
                }
            }

            lowEnd = start - (500 * step);
        }

        for (var round = 0; round < 20 && accepted.Count > 0 && accepted.Max >= highEnd; round++)
        {
            extended = true;
            var start = highEnd;
            for (var i = 1; i <= 500; i++)
            {
                var theta = start + (i * step);
                if (Accepts(theta))
                {
                    accepted.Add(theta);
                }
            }

            highEnd = start + (500 * step);
        }

        return accepted.Count == 0 ? (double.NaN, double.NaN) : (accepted.Min, accepted.Max);
    }

    /// <summary>R's <c>seq(from, to, length.out = n)</c>, element for element.</summary>
    internal static double[] Sequence(double from, double to, int n)
    {
        var values = new double[n];
        var step = (to - from) / (n - 1);
        values[0] = from;
        for (var i = 1; i < n - 1; i++)
        {
            values[i] = from + (i * step);
        }

        values[n - 1] = to;
        return values;
    }

    /// <summary>
    /// A δ ≤ 0 for δ ∈ Δ^RM_{s,±}(M̄) over (δ_pre, δ_post) (the reference period's δ₀ = 0 column dropped): every
    /// consecutive difference |δ_t − δ_{t−1}| is at most (±) the pre-period difference δ_s − δ_{s−1}, times M̄ after
    /// treatment (Rambachan and Roth 2023, eq. (8); the union over s and the sign is Δ^RM(M̄)).
    /// </summary>
    internal static double[,] RelativeMagnitudeConstraints(int pre, int post, double mbar, int s, bool positive)
    {
        int periods = pre + post, columns = periods + 1;
        var rows = new List<double[]>();
        var maxDifference = new double[columns];
        maxDifference[pre + s - 1] = positive ? -1 : 1;
        maxDifference[pre + s] = positive ? 1 : -1;
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            for (var r = 0; r < periods; r++)
            {
                var row = new double[columns];
                row[r] = -sign;
                row[r + 1] = sign;
                var factor = r < pre ? 1 : mbar;
                for (var j = 0; j < columns; j++)
                {
                    row[j] -= factor * maxDifference[j];
                }

                if (row.Sum(v => v * v) > 1e-10)
                {
                    rows.Add(row);
                }
            }
        }

        var a = new double[rows.Count, periods];
        for (var i = 0; i < rows.Count; i++)
        {
            for (int j = 0, k = 0; j < columns; j++)
            {
                if (j != pre)
                {
                    a[i, k++] = rows[i][j];
                }
            }
        }

        return a;
    }

    /// <summary>
    /// The ARP (Andrews, Roth and Pakes 2023, <i>Review of Economic Studies</i> 90(6)) conditional test of H₀: θ = θ₀ for the moment
    /// inequalities A(β − (0, τ)) ≤ d, with τ re-parameterised as (θ, nuisance) through Γ (first row l'), optionally
    /// as the least-favourable hybrid (first stage at size κ with the LF critical value, second stage conditional at
    /// size (α − κ)/(1 − κ)). Mirrors HonestDiD's <c>.lp_conditional_test_fn</c> and <c>.vlo_vup_dual_fn</c>.
    /// </summary>
    private sealed class ConditionalTest
    {
        private readonly double[] _y;          // A β̂ − d on the rows used
        private readonly double[] _a1;         // the θ column of A Γ⁻¹ on the rows used
        private readonly double[,] _x;         // the nuisance columns of A Γ⁻¹ on the rows used
        private readonly double[,] _sigma;     // Σ_Y = A Σ A' on the rows used
        private readonly double[] _sd;
        private readonly double[,] _w;         // W' = [sd, X]' (k+1) × m, the dual constraint matrix
        private readonly double _alpha;
        private readonly double? _kappa;
        private readonly double _leastFavorable;

        public ConditionalTest(double[,] a, double[] beta, double[,] sigma, int pre, int post, double[] l, double alpha, double? kappa, bool postRowsOnly)
        {
            int rows = a.GetLength(0), periods = pre + post;
            var used = new List<int>();
            for (var i = 0; i < rows; i++)
            {
                var touchesPost = false;
                for (var j = pre; j < periods; j++)
                {
                    touchesPost |= a[i, j] != 0;
                }

                if (!postRowsOnly || touchesPost)
                {
                    used.Add(i);
                }
            }

            var gammaInverse = Matrix<double>.Build.DenseOfArray(Gamma(l)).Inverse();
            int m = used.Count, k = post - 1;
            _y = new double[m];
            _a1 = new double[m];
            _x = new double[m, k];
            _sigma = new double[m, m];
            for (var r = 0; r < m; r++)
            {
                var i = used[r];
                for (var j = 0; j < periods; j++)
                {
                    _y[r] += a[i, j] * beta[j];
                }

                for (var c = 0; c < post; c++)
                {
                    var v = 0.0;
                    for (var j = 0; j < post; j++)
                    {
                        v += a[i, pre + j] * gammaInverse[j, c];
                    }

                    if (c == 0)
                    {
                        _a1[r] = v;
                    }
                    else
                    {
                        _x[r, c - 1] = v;
                    }
                }
            }

            // Σ_Y = A Σ A' on the rows used.
            for (var r = 0; r < m; r++)
            {
                for (var q = 0; q < m; q++)
                {
                    var v = 0.0;
                    for (var i = 0; i < periods; i++)
                    {
                        var ai = a[used[r], i];
                        if (ai == 0)
                        {
                            continue;
                        }

                        for (var j = 0; j < periods; j++)
                        {
                            v += ai * sigma[i, j] * a[used[q], j];
                        }
                    }

                    _sigma[r, q] = v;
                }
            }

            _sd = new double[m];
            _w = new double[k + 1, m];
            for (var r = 0; r < m; r++)
            {
                _sd[r] = Math.Sqrt(_sigma[r, r]);
                _w[0, r] = _sd[r];
                for (var c = 0; c < k; c++)
                {
                    _w[c + 1, r] = _x[r, c];
                }
            }

            _alpha = alpha;
            _kappa = kappa;
            _leastFavorable = kappa is { } size ? LeastFavorableCriticalValue(size) : double.PositiveInfinity;
        }

        private int Moments => _y.Length;

        private int Nuisance => _x.GetLength(1);

        /// <summary>η = min over δ of max_i (y_i − X_i δ) / sd_i, solved as its dual max y'λ s.t. W'λ = e₁, λ ≥ 0.</summary>
        private LinearProgramSolution Eta(double[] y)
        {
            var rhs = new double[Nuisance + 1];
            rhs[0] = 1;
            return HonestDidLinearProgram.Maximize(y, _w, rhs);
        }

        // HonestDiD's .compute_least_favorable_cv: the 1 − κ quantile of η over 1,000 draws ξ ~ N(0, Σ_Y)
        // (set.seed(0), mvtnorm's eigen square root), η computed with the nuisance program at y = ξ.
        private double LeastFavorableCriticalValue(double kappa)
        {
            int m = Moments;
            var evd = Matrix<double>.Build.DenseOfArray(_sigma).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            var root = Matrix<double>.Build.Dense(m, m);
            for (var e = 0; e < m; e++)
            {
                var scale = Math.Sqrt(Math.Max(evd.EigenValues[e].Real, 0));
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < m; j++)
                    {
                        root[i, j] += evd.EigenVectors[i, e] * scale * evd.EigenVectors[j, e];
                    }
                }
            }

            var generator = new RCompatibleNormalGenerator(0);
            var etas = new List<double>(LeastFavorableDraws);
            var z = new double[m];
            var xi = new double[m];
            for (var draw = 0; draw < LeastFavorableDraws; draw++)
            {
                for (var i = 0; i < m; i++)
                {
                    z[i] = generator.NextNormal();
                }

                for (var j = 0; j < m; j++)
                {
                    var v = 0.0;
                    for (var i = 0; i < m; i++)
                    {
                        v += z[i] * root[i, j];
                    }

                    xi[j] = v;
                }

                var solution = Eta(xi);
                if (solution.IsOptimal)
                {
                    etas.Add(solution.Objective);
                }
            }

            return etas.Count == 0 ? double.PositiveInfinity : Quantiles.Compute(etas.ToArray(), 1 - kappa);
        }

        public bool Rejects(double theta)
        {
            int m = Moments, k = Nuisance;
            var y = new double[m];
            for (var i = 0; i < m; i++)
            {
                y[i] = _y[i] - (_a1[i] * theta);
            }

            var lp = Eta(y);
            if (!lp.IsOptimal)
            {
                // HonestDiD does not reject when the program for η fails.
                return false;
            }

            var eta = lp.Objective;
            var lambda = lp.Solution;
            double size;
            if (_kappa is { } kappa)
            {
                if (eta > _leastFavorable)
                {
                    return true;
                }

                size = (_alpha - kappa) / (1 - kappa);
            }
            else
            {
                size = _alpha;
            }

            const double tolLambda = 1e-6;
            var binding = Enumerable.Range(0, m).Where(i => lambda[i] > tolLambda).ToArray();
            var degenerate = binding.Length != k + 1;
            var fullRank = k == 0 || binding.Length == 0 || Matrix<double>.Build.Dense(binding.Length, k, (r, c) => _x[binding[r], c]).Rank() == Math.Min(binding.Length, k);
            double zLow, zHigh, statistic;
            if (!fullRank || degenerate)
            {
                var sigmaB = Math.Sqrt(QuadraticForm(lambda, _sigma));
                if (sigmaB < 1e-10)
                {
                    return eta > 0;
                }

                var (vlo, vup) = DualTruncation(y, eta, lambda);
                statistic = eta / sigmaB;
                zLow = vlo / sigmaB;
                zHigh = Math.Min(vup, _leastFavorable) / sigmaB;
            }
            else
            {
                (zLow, zHigh, statistic) = PrimalTruncation(y, eta, binding);
            }

            if (!(zLow <= statistic && statistic <= zHigh))
            {
                return false;
            }

            var critical = Math.Max(0, HonestDidDistributions.TruncatedNormalQuantile(1 - size, zLow, zHigh));
            return statistic > critical;
        }

        // The primal route (non-degenerate vertex, binding rows of full rank): the truncation bounds of η / σ_B
        // given the binding set, ARP's Lemma 9 in closed form.
        private (double Low, double High, double Statistic) PrimalTruncation(double[] y, double eta, int[] binding)
        {
            int m = Moments, k = Nuisance;
            var bindingSet = binding.ToHashSet();
            var free = Enumerable.Range(0, m).Where(i => !bindingSet.Contains(i)).ToArray();
            var wB = Matrix<double>.Build.Dense(k + 1, k + 1, (r, c) => c == 0 ? _sd[binding[r]] : _x[binding[r], c - 1]);
            var wBInverse = wB.Inverse();

            // v_B = (e₁' W_B⁻¹ S_B)': the weights of η on the moments.
            var vB = new double[m];
            for (var r = 0; r < binding.Length; r++)
            {
                vB[binding[r]] = wBInverse[0, r];
            }

            var sigma2 = QuadraticForm(vB, _sigma);
            var sigmaB = Math.Sqrt(sigma2);
            var sigmaV = new double[m];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    sigmaV[i] += _sigma[i, j] * vB[j];
                }
            }

            var vY = 0.0;
            for (var i = 0; i < m; i++)
            {
                vY += vB[i] * y[i];
            }

            double vlo = double.NegativeInfinity, vup = double.PositiveInfinity;
            foreach (var f in free)
            {
                // Row f of Γ_B = W_Bc W_B⁻¹ S_B − S_Bc.
                var gamma = new double[m];
                for (var r = 0; r < binding.Length; r++)
                {
                    var v = 0.0;
                    for (var c = 0; c <= k; c++)
                    {
                        v += (c == 0 ? _sd[f] : _x[f, c - 1]) * wBInverse[c, r];
                    }

                    gamma[binding[r]] = v;
                }

                gamma[f] -= 1;
                double rho = 0, gy = 0;
                for (var i = 0; i < m; i++)
                {
                    rho += gamma[i] * sigmaV[i];
                    gy += gamma[i] * y[i];
                }

                rho /= sigma2;
                var bound = (-gy / rho) + vY;
                if (rho > 0)
                {
                    vlo = Math.Max(vlo, bound);
                }
                else if (rho < 0)
                {
                    vup = Math.Min(vup, bound);
                }
            }

            return (vlo / sigmaB, Math.Min(vup, _leastFavorable) / sigmaB, eta / sigmaB);
        }

        // The dual route: [V_lo, V_up] found by HonestDiD's bisection over c (ARP Appendix D, Algorithm 1),
        // holding the dual vertex γ fixed.
        private (double Low, double High) DualTruncation(double[] y, double eta, double[] gamma)
        {
            int m = Moments;
            var sigmaGamma = new double[m];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    sigmaGamma[i] += _sigma[i, j] * gamma[j];
                }
            }

            var gsg = QuadraticForm(gamma, _sigma);
            var gy = 0.0;
            for (var i = 0; i < m; i++)
            {
                gy += gamma[i] * y[i];
            }

            var b = sigmaGamma.Select(v => v / gsg).ToArray();
            var sT = new double[m];
            for (var i = 0; i < m; i++)
            {
                sT[i] = y[i] - (b[i] * gy);
            }

            const double tolC = 1e-6, tolEquality = 1e-6;
            var sigmaB = Math.Sqrt(gsg);
            double lowInitial = Math.Min(-100, eta - (20 * sigmaB)), highInitial = Math.Max(100, eta + (20 * sigmaB));
            const int maxIterations = 10000, switchIterations = 10;

            (bool Honest, LinearProgramSolution Program) Check(double c)
            {
                var f = new double[m];
                for (var i = 0; i < m; i++)
                {
                    f[i] = sT[i] + (b[i] * c);
                }

                var rhs = new double[Nuisance + 1];
                rhs[0] = 1;
                var solution = HonestDidLinearProgram.Maximize(f, _w, rhs);
                return (solution.IsOptimal && Math.Abs(c - solution.Objective) <= tolEquality, solution);
            }

            double Shortcut(LinearProgramSolution program)
            {
                double xs = 0, xb = 0;
                for (var i = 0; i < m; i++)
                {
                    xs += program.Solution[i] * sT[i];
                    xb += program.Solution[i] * b[i];
                }

                return RoundEps(xs) / (1 - xb);
            }

            if (!Check(eta).Honest)
            {
                return (eta, double.PositiveInfinity);
            }

            double vup, vlo;
            var high = Check(highInitial);
            if (high.Honest)
            {
                vup = double.PositiveInfinity;
            }
            else
            {
                vup = Search(eta, high.Program, upward: true);
            }

            var low = Check(lowInitial);
            if (low.Honest)
            {
                vlo = double.NegativeInfinity;
            }
            else
            {
                vlo = Search(eta, low.Program, upward: false);
            }

            return (vlo, vup);

            double Search(double start, LinearProgramSolution program, bool upward)
            {
                double dif = 0;
                var iterations = 1;
                var mid = program.IsOptimal ? Shortcut(program) : double.NaN;
                while (true)
                {
                    var check = double.IsFinite(mid) ? Check(mid) : (false, default);
                    if (check.Item1 || iterations >= maxIterations)
                    {
                        break;
                    }

                    iterations++;
                    if (iterations >= switchIterations || !check.Item2.IsOptimal)
                    {
                        dif = tolC + 1;
                        break;
                    }

                    mid = Shortcut(check.Item2);
                }

                if (dif > tolC && !double.IsFinite(mid))
                {
                    mid = upward ? highInitial : lowInitial;
                }

                // Between the solution `start` and the non-solution `mid`, bisect.
                double inside = start, outside = mid;
                while (dif > tolC && iterations < maxIterations)
                {
                    iterations++;
                    var next = 0.5 * (inside + outside);
                    if (Check(next).Honest)
                    {
                        inside = next;
                    }
                    else
                    {
                        outside = next;
                    }

                    dif = Math.Abs(outside - inside);
                    mid = next;
                }

                return mid;
            }
        }
    }

    private static double RoundEps(double x) => Math.Abs(x) < 1.8189894035458565e-12 ? 0 : x;

    /// <summary>
    /// Γ: an invertible T × T matrix whose first row is l' and whose other rows are unit vectors (HonestDiD's
    /// <c>.construct_Gamma</c>: the pivot columns of rref([l, I]) — every e_j except the one at l's last non-zero entry).
    /// </summary>
    internal static double[,] Gamma(double[] l)
    {
        var t = l.Length;
        var last = Array.FindLastIndex(l, v => v != 0);
        var gamma = new double[t, t];
        for (var j = 0; j < t; j++)
        {
            gamma[0, j] = l[j];
        }

        for (int e = 0, row = 1; e < t; e++)
        {
            if (e != last)
            {
                gamma[row++, e] = 1;
            }
        }

        return gamma;
    }

    // ------------------------------------------------------------------ Δ^SD(M): the optimal FLCI

    /// <summary>
    /// The affine estimator and half-length of the optimal fixed-length interval under Δ^SD(M) (Armstrong and
    /// Kolesár 2018; Rambachan and Roth 2023, Section 4.1): centre v'β_pre + l'β_post and half-length
    /// sd · cv_α(bias / sd), minimised over the pre-period weights v.
    /// </summary>
    public static (double Center, double HalfLength, double[] PreWeights) FixedLengthInterval(double[] beta, double[,] sigma, int pre, int post, double[] l, double m, double alpha)
    {
        var problem = new SmoothnessProblem(sigma, pre, post, l);
        double HalfLength(double mu)
        {
            var (sd, bias, _) = problem.Solve(mu);
            return sd * HonestDidDistributions.FoldedNormalQuantile(alpha, m * bias / sd);
        }

        // The half-length is unimodal along the bias–variance frontier (convex in the standard deviation, which
        // rises with μ), so a golden-section search on μ ∈ [0, μ_max] finds its minimum; μ_max is where the
        // minimum-bias estimator (all free cumulative weights zero) is reached.
        double lo = 0, hi = problem.MaximumPenalty;
        double best;
        if (hi <= 0 || m == 0)
        {
            best = m == 0 ? 0 : hi;
        }
        else
        {
            var ratio = (Math.Sqrt(5) - 1) / 2;
            double x1 = hi - (ratio * (hi - lo)), x2 = lo + (ratio * (hi - lo));
            double f1 = HalfLength(x1), f2 = HalfLength(x2);
            for (var i = 0; i < 200 && hi - lo > 1e-13 * problem.MaximumPenalty; i++)
            {
                if (f1 <= f2)
                {
                    hi = x2;
                    x2 = x1;
                    f2 = f1;
                    x1 = hi - (ratio * (hi - lo));
                    f1 = HalfLength(x1);
                }
                else
                {
                    lo = x1;
                    x1 = x2;
                    f1 = f2;
                    x2 = lo + (ratio * (hi - lo));
                    f2 = HalfLength(x2);
                }
            }

            best = 0.5 * (lo + hi);

            // The ends of the path (minimum variance, minimum bias) compete too.
            foreach (var end in new[] { 0.0, problem.MaximumPenalty })
            {
                if (HalfLength(end) < HalfLength(best))
                {
                    best = end;
                }
            }
        }

        var (sdBest, biasBest, weights) = problem.Solve(best);
        var half = sdBest * HonestDidDistributions.FoldedNormalQuantile(alpha, m * biasBest / sdBest);
        var center = 0.0;
        for (var i = 0; i < pre; i++)
        {
            center += weights[i] * beta[i];
        }

        for (var t = 0; t < post; t++)
        {
            center += l[t] * beta[pre + t];
        }

        return (center, half, weights);
    }

    /// <summary>
    /// The bias–variance frontier of affine estimators v'β_pre + l'β_post under Δ^SD. With u the cumulative sums of
    /// w (w_i = Σ_{j≤i} v_j, so u_K = Σ_t t·l_t is fixed by unbiasedness under linear trends), the worst-case bias
    /// is M (c_l + Σ_i |u_i|) and the variance is a quadratic in (u_1 … u_{K−1}); each point of the frontier solves
    /// the lasso min var(u) + μ Σ_{i&lt;K} |u_i|, found here by coordinate descent to machine precision.
    /// </summary>
    private sealed class SmoothnessProblem
    {
        private readonly int _pre;
        private readonly double[,] _q;       // quadratic in the free u (K−1 × K−1)
        private readonly double[] _g;        // linear term: var = u'Qu + 2g'u + c0
        private readonly double _biasConstant;
        private readonly double[,] _map;     // v = map · (u_1..u_{K−1}) + offset
        private readonly double[] _offset;
        private readonly double[,] _sigma;
        private readonly double[] _l;

        public SmoothnessProblem(double[,] sigma, int pre, int post, double[] l)
        {
            _pre = pre;
            _sigma = sigma;
            _l = l;
            var s = 0.0;
            for (var t = 0; t < post; t++)
            {
                s += (t + 1) * l[t];
            }

            // c_l = Σ_{s'=1}^{T} |Σ_{j=1}^{s'} j · l_{T−s'+j}| − Σ_t t l_t, the bias of the post-period part.
            var constant = -s;
            for (var sp = 1; sp <= post; sp++)
            {
                var inner = 0.0;
                for (var j = 1; j <= sp; j++)
                {
                    inner += j * l[post - sp + j - 1];
                }

                constant += Math.Abs(inner);
            }

            _biasConstant = constant + Math.Abs(s);

            // v_i = w_i − w_{i−1}, w_i = u_i − u_{i−1} (u_0 = 0, u_K = s): v is linear in the free u.
            var free = pre - 1;
            _map = new double[pre, free];
            _offset = new double[pre];
            for (var i = 0; i < pre; i++)
            {
                // v_i = u_i − 2u_{i−1} + u_{i−2}
                foreach (var (index, coefficient) in new[] { (i, 1.0), (i - 1, -2.0), (i - 2, 1.0) })
                {
                    if (index < 0)
                    {
                        continue;
                    }

                    if (index == pre - 1)
                    {
                        _offset[i] += coefficient * s;
                    }
                    else
                    {
                        _map[i, index] += coefficient;
                    }
                }
            }

            // var = (G u + o)' Σ_pp (G u + o) + 2 (G u + o)' Σ_p,post l + l' Σ_post l.
            var cross = new double[pre];
            for (var i = 0; i < pre; i++)
            {
                for (var t = 0; t < post; t++)
                {
                    cross[i] += sigma[i, pre + t] * l[t];
                }
            }

            var sigmaOffset = new double[pre];
            for (var i = 0; i < pre; i++)
            {
                for (var j = 0; j < pre; j++)
                {
                    sigmaOffset[i] += sigma[i, j] * _offset[j];
                }
            }

            _q = new double[free, free];
            _g = new double[free];
            for (var a = 0; a < free; a++)
            {
                for (var b = 0; b < free; b++)
                {
                    var v = 0.0;
                    for (var i = 0; i < pre; i++)
                    {
                        for (var j = 0; j < pre; j++)
                        {
                            v += _map[i, a] * sigma[i, j] * _map[j, b];
                        }
                    }

                    _q[a, b] = v;
                }

                for (var i = 0; i < pre; i++)
                {
                    _g[a] += _map[i, a] * (sigmaOffset[i] + cross[i]);
                }
            }

            MaximumPenalty = free == 0 ? 0 : 2 * _g.Max(Math.Abs);
        }

        /// <summary>The μ beyond which the lasso solution is u = 0 (the minimum-bias estimator).</summary>
        public double MaximumPenalty { get; }

        /// <summary>The frontier point at penalty μ: the estimator's standard deviation, its bias per unit of M and its pre-period weights v.</summary>
        public (double StandardDeviation, double Bias, double[] PreWeights) Solve(double mu)
        {
            var free = _pre - 1;
            var u = new double[free];
            for (var sweep = 0; sweep < 100000 && free > 0; sweep++)
            {
                var change = 0.0;
                for (var a = 0; a < free; a++)
                {
                    // Minimise q_aa u_a² + 2 u_a (g_a + Σ_{b≠a} q_ab u_b) + μ |u_a|.
                    var r = _g[a];
                    for (var b = 0; b < free; b++)
                    {
                        if (b != a)
                        {
                            r += _q[a, b] * u[b];
                        }
                    }

                    var next = -Math.Sign(r) * Math.Max(Math.Abs(r) - (mu / 2), 0) / _q[a, a];
                    change = Math.Max(change, Math.Abs(next - u[a]));
                    u[a] = next;
                }

                if (change <= 1e-16 * Math.Max(1, u.Max(Math.Abs)))
                {
                    break;
                }
            }

            var v = new double[_pre];
            for (var i = 0; i < _pre; i++)
            {
                v[i] = _offset[i];
                for (var a = 0; a < free; a++)
                {
                    v[i] += _map[i, a] * u[a];
                }
            }

            // The variance from the weights themselves (not from the expanded quadratic) keeps full precision.
            var full = new double[_sigma.GetLength(0)];
            Array.Copy(v, full, _pre);
            Array.Copy(_l, 0, full, _pre, _l.Length);
            var variance = QuadraticForm(full, _sigma);
            var bias = _biasConstant + u.Sum(Math.Abs);
            return (Math.Sqrt(Math.Max(variance, 0)), bias, v);
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>x' Σ x.</summary>
    internal static double QuadraticForm(double[] x, double[,] sigma)
    {
        var n = x.Length;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                total += x[i] * sigma[i, j] * x[j];
            }
        }

        return total;
    }

    /// <summary>l' Σ_post l, the post block starting at <paramref name="offset"/>.</summary>
    internal static double QuadraticForm(double[] l, double[,] sigma, int offset)
    {
        var total = 0.0;
        for (var i = 0; i < l.Length; i++)
        {
            for (var j = 0; j < l.Length; j++)
            {
                total += l[i] * sigma[offset + i, offset + j] * l[j];
            }
        }

        return total;
    }
}
