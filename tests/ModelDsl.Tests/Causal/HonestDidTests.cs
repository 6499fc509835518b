using System.Text.Json;

using ModelDsl.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>
/// HonestDiD sensitivity analysis against reference/honestdid-medicaid: the independent R implementation
/// (quadprog/lpSolve/mvtnorm) and the numbers HonestDiD's README publishes for the same event study.
/// </summary>
public sealed class HonestDidTests
{
    private const string Case = "honestdid-medicaid";

    private static (EventStudyEstimates Estimates, JsonElement Expected) Medicaid()
    {
        var expected = Expected(Case);
        var beta = expected.GetProperty("betahat").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = expected.GetProperty("sigma").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var sigma = new double[beta.Length, beta.Length];
        for (var i = 0; i < beta.Length; i++)
        {
            for (var j = 0; j < beta.Length; j++)
            {
                sigma[i, j] = rows[i][j];
            }
        }

        return (EventStudyEstimates.Create(beta, sigma, 5, 2), expected);
    }

    private static void Compare(JsonElement expected, HonestDidSensitivity actual, double tolerance, string what)
    {
        var rows = expected.EnumerateArray().ToArray();
        Assert.Equal(rows.Length, actual.Intervals.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].GetProperty("bound").GetDouble(), actual.Intervals[i].Bound, 12);
            var (low, high) = (rows[i].GetProperty("ci_low").GetDouble(), rows[i].GetProperty("ci_high").GetDouble());
            Assert.True(Math.Abs(low - actual.Intervals[i].Low) <= tolerance, $"{what} at {actual.Intervals[i].Bound}: low {actual.Intervals[i].Low:R} vs R {low:R}");
            Assert.True(Math.Abs(high - actual.Intervals[i].High) <= tolerance, $"{what} at {actual.Intervals[i].Bound}: high {actual.Intervals[i].High:R} vs R {high:R}");
        }
    }

    // The ARP intervals are points of the same θ grid in both implementations, so they agree to rounding.
    [Fact]
    public void RelativeMagnitudesMatchTheRImplementationToTheGridPoint()
    {
        var (estimates, expected) = Medicaid();
        Compare(expected.GetProperty("relative_magnitudes_first"), HonestDid.RelativeMagnitudes(estimates, [0.5, 1, 1.5, 2]), 1e-12, "RM first");
        Compare(expected.GetProperty("relative_magnitudes_average"), HonestDid.RelativeMagnitudes(estimates, [0, 0.5, 1, 1.5, 2], target: [0.5, 0.5]), 1e-12, "RM average");
    }

    // Both sides minimise the half-length along the same frontier (R by bias level with quadprog, C# by variance
    // penalty with coordinate descent). The half-length is flat at its minimum, so each side locates the optimal
    // estimator only to about √ε of the search interval, and the centre v'β̂ moves with it to first order: the ends
    // agree to ~1e-10 (measured 1.1e-10 at M = 0.01, relative 1e-8); the test allows 1e-9 absolute.
    [Fact]
    public void SmoothnessMatchesTheRImplementation()
    {
        var (estimates, expected) = Medicaid();
        Compare(expected.GetProperty("smoothness_first"), HonestDid.Smoothness(estimates, [0, 0.01, 0.02, 0.03, 0.04, 0.05]), 1e-9, "SD first");
    }

    [Fact]
    public void OriginalIntervalsMatchR()
    {
        var (estimates, expected) = Medicaid();
        var first = HonestDid.Original(estimates);
        var average = HonestDid.Original(estimates, [0.5, 0.5]);
        Close(expected.GetProperty("original_first")[0].GetDouble(), first.Low, 1e-12, "original low");
        Close(expected.GetProperty("original_first")[1].GetDouble(), first.High, 1e-12, "original high");
        Close(expected.GetProperty("original_average")[0].GetDouble(), average.Low, 1e-12, "original average low");
        Close(expected.GetProperty("original_average")[1].GetDouble(), average.High, 1e-12, "original average high");
    }

    // HonestDiD's README (createSensitivityResults_relativeMagnitudes, Mbarvec = 0.5..2, three significant digits) and
    // its breakdown value M̄ = 2.
    [Fact]
    public void RelativeMagnitudesReproduceThePublishedReadme()
    {
        var (estimates, _) = Medicaid();
        var result = HonestDid.RelativeMagnitudes(estimates, [0.5, 1, 1.5, 2]);
        double[][] published = [[0.0240, 0.0672], [0.0170, 0.0720], [0.00824, 0.0797], [-0.000916, 0.0881]];
        for (var i = 0; i < published.Length; i++)
        {
            AssertRounds(published[i][0], result.Intervals[i].Low);
            AssertRounds(published[i][1], result.Intervals[i].High);
        }

        Assert.Equal(2, result.BreakdownValue);
        Assert.Equal("C-LF", result.Method);
    }

    // The README's smoothness table (FLCI, M = 0..0.05). HonestDiD takes cv_α from 10⁶ simulated normals
    // (1.96224 for 1.95996 at b = 0, +0.12%): its half-lengths are ~2e-5 longer than the exact ones computed here,
    // so the published digits are met to half a unit of the last digit plus that simulation error.
    [Fact]
    public void SmoothnessReproducesThePublishedReadme()
    {
        var (estimates, _) = Medicaid();
        var result = HonestDid.Smoothness(estimates, [0, 0.01, 0.02, 0.03, 0.04, 0.05]);
        double[][] published = [[0.0259, 0.0607], [0.0132, 0.0787], [0.00286, 0.0907], [-0.00714, 0.101], [-0.0171, 0.111], [-0.0271, 0.121]];
        for (var i = 0; i < published.Length; i++)
        {
            Assert.True(Math.Abs(published[i][0] - result.Intervals[i].Low) <= HalfUnit(published[i][0]) + 3e-5, $"M = {result.Intervals[i].Bound}: low {result.Intervals[i].Low} vs published {published[i][0]}");
            Assert.True(Math.Abs(published[i][1] - result.Intervals[i].High) <= HalfUnit(published[i][1]) + 3e-5, $"M = {result.Intervals[i].Bound}: high {result.Intervals[i].High} vs published {published[i][1]}");
        }

        Assert.Equal(0.03, result.BreakdownValue);
    }

    // With M = 0, Δ^SD holds only linear trends; the FLCI is then the minimum-variance affine estimator that is
    // unbiased for any linear δ: min a'Σa over a = (v, l) subject to v't_pre = −l't_post (t_pre = −K…−1,
    // t_post = 1…T), solved here in closed form with one Lagrange multiplier, ± z_{0.975} sd.
    [Fact]
    public void SmoothnessAtZeroIsTheLinearExtrapolationInterval()
    {
        var (estimates, _) = Medicaid();
        foreach (var l in new[] { new[] { 1.0, 0 }, [0.5, 0.5], [0, 1.0] })
        {
            var (low, high) = LinearExtrapolation(estimates, l);
            var robust = HonestDid.Smoothness(estimates, [0], target: l).Intervals[0];
            Assert.Equal(low, robust.Low, 1e-12);
            Assert.Equal(high, robust.High, 1e-12);
        }
    }

    private static (double Low, double High) LinearExtrapolation(EventStudyEstimates estimates, double[] l)
    {
        int k = estimates.PrePeriods, t = estimates.PostPeriods;
        var s = estimates.Covariance;
        var beta = estimates.Estimates;
        var spp = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k, (i, j) => s[i, j]);
        var cross = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(k, i => Enumerable.Range(0, t).Sum(j => s[i, k + j] * l[j]));
        var tpre = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(k, i => i - k);
        var target = -Enumerable.Range(0, t).Sum(j => (j + 1) * l[j]);

        // v = −Σ_pp⁻¹ (c + γ t_pre) with γ chosen so that v't_pre = target.
        var a = spp.Solve(cross);
        var b = spp.Solve(tpre);
        var gamma = (-target - tpre.DotProduct(a)) / tpre.DotProduct(b);
        var v = -(a + (gamma * b));
        var weights = v.ToArray().Concat(l).ToArray();
        var center = weights.Select((w, i) => w * beta[i]).Sum();
        var variance = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            for (var j = 0; j < weights.Length; j++)
            {
                variance += weights[i] * s[i, j] * weights[j];
            }
        }

        var half = 1.959963984540054 * Math.Sqrt(variance);
        return (center - half, center + half);
    }

    // Δ(M) grows with M, so the confidence sets must be nested: each interval contains the one before it.
    [Fact]
    public void IntervalsWidenMonotonicallyInTheBound()
    {
        var (estimates, _) = Medicaid();
        var sd = HonestDid.Smoothness(estimates, [0, 0.005, 0.01, 0.02, 0.04, 0.08]);
        var rm = HonestDid.RelativeMagnitudes(estimates, [0, 0.25, 0.5, 1, 2]);
        foreach (var result in new[] { sd, rm })
        {
            for (var i = 1; i < result.Intervals.Count; i++)
            {
                Assert.True(result.Intervals[i].Low <= result.Intervals[i - 1].Low + 1e-12, $"{result.Restriction} low at {result.Intervals[i].Bound}");
                Assert.True(result.Intervals[i].High >= result.Intervals[i - 1].High - 1e-12, $"{result.Restriction} high at {result.Intervals[i].Bound}");
            }
        }
    }

    // One post period: the ARP programs have no nuisance parameter (η = max_i y_i / σ_i); the sets must still nest.
    [Fact]
    public void OnePostPeriodWorksAndNests()
    {
        var (estimates, _) = Medicaid();
        var beta = estimates.Estimates.Take(6).ToArray();
        var full = estimates.Covariance;
        var sigma = new double[6, 6];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 6; j++)
            {
                sigma[i, j] = full[i, j];
            }
        }

        var one = EventStudyEstimates.Create(beta, sigma, 5, 1);
        foreach (var result in new[] { HonestDid.RelativeMagnitudes(one, [0.5, 1, 2]), HonestDid.Smoothness(one, [0, 0.01, 0.02]) })
        {
            Assert.All(result.Intervals, i => Assert.True(i.Low < i.High, $"{result.Restriction} at {i.Bound}: [{i.Low}, {i.High}]"));
            for (var i = 1; i < result.Intervals.Count; i++)
            {
                Assert.True(result.Intervals[i].Low <= result.Intervals[i - 1].Low + 1e-12 && result.Intervals[i].High >= result.Intervals[i - 1].High - 1e-12, $"{result.Restriction} at {result.Intervals[i].Bound}");
            }
        }
    }

    // The FLCI's half-length uses the worst-case bias in closed form, M (c_l + Σ|u_i|). Here the bias of the chosen
    // estimator is found instead by brute force, as the linear program max v'δ_pre + l'δ_post over Δ^SD(1) (δ split
    // into positive and negative parts, a slack per constraint), and sd · cv_α(M b / sd) must give the same half-length.
    [Fact]
    public void TheWorstCaseBiasIsTheLinearProgramsMaximum()
    {
        var (estimates, _) = Medicaid();
        var beta = estimates.Estimates;
        var sigma = estimates.Covariance;
        foreach (var l in new[] { new[] { 1.0, 0 }, [0.5, 0.5], [0, 1.0] })
        {
            const double m = 0.02;
            var (center, half, v) = HonestDidComputations.FixedLengthInterval(beta, sigma, 5, 2, l, m, 0.05);
            var weights = v.Concat(l).ToArray();
            var bias = MaximumBias(weights, 5, 2);
            var sd = Math.Sqrt(HonestDidComputations.QuadraticForm(weights, sigma));
            Assert.Equal(half, sd * HonestDidDistributions.FoldedNormalQuantile(0.05, m * bias / sd), 1e-12);
            Assert.True(center - half < center + half);
        }
    }

    private static double MaximumBias(double[] a, int pre, int post)
    {
        // δ over periods −K…T with δ₀ = 0: variables δ⁺, δ⁻ for the K + T free periods, then one slack per
        // constraint ±(δ_{t+1} − 2δ_t + δ_{t−1}) ≤ 1 for t = −K+1 … T−1.
        var n = pre + post;
        int Index(int time) => time < 0 ? time + pre : pre + time - 1;   // −K…−1 → 0…K−1, 1…T → K…K+T−1
        var rows = new List<double[]>();
        for (var t = -pre + 1; t <= post - 1; t++)
        {
            foreach (var sign in new[] { 1.0, -1.0 })
            {
                var row = new double[n];
                foreach (var (time, c) in new[] { (t + 1, 1.0), (t, -2.0), (t - 1, 1.0) })
                {
                    if (time != 0)
                    {
                        row[Index(time)] += sign * c;
                    }
                }

                rows.Add(row);
            }
        }

        var k = rows.Count;
        var matrix = new double[k, (2 * n) + k];
        for (var r = 0; r < k; r++)
        {
            for (var j = 0; j < n; j++)
            {
                matrix[r, j] = rows[r][j];
                matrix[r, n + j] = -rows[r][j];
            }

            matrix[r, (2 * n) + r] = 1;
        }

        var objective = new double[(2 * n) + k];
        for (var j = 0; j < n; j++)
        {
            objective[j] = a[j];
            objective[n + j] = -a[j];
        }

        var solution = HonestDidLinearProgram.Maximize(objective, matrix, Enumerable.Repeat(1.0, k).ToArray());
        Assert.True(solution.IsOptimal, $"the bias program ended {solution.Status}");
        return solution.Objective;
    }

    // R: set.seed(0); rnorm(5) and set.seed(0); mvtnorm::rmvnorm(2, sigma = matrix(c(2, 1, 1, 3), 2)).
    [Fact]
    public void NormalDrawsAreRs()
    {
        var generator = new RCompatibleNormalGenerator(0);
        double[] expected = [1.2629542848807933, -0.3262333607056494, 1.3297992629225006, 1.2724293214294047, 0.41464143445640822];
        foreach (var e in expected)
        {
            Assert.Equal(e, generator.NextNormal(), 14);
        }
    }

    [Fact]
    public void SimplexSolvesADegenerateProgramAndReportsInfeasibility()
    {
        // max 3x + 2y s.t. x + y + s1 = 4, x + 3y + s2 = 6, x + s3 = 4 (degenerate at (4, 0)): optimum 12 at x = 4, y = 0.
        double[,] a = { { 1, 1, 1, 0, 0 }, { 1, 3, 0, 1, 0 }, { 1, 0, 0, 0, 1 } };
        var solution = HonestDidLinearProgram.Maximize([3, 2, 0, 0, 0], a, [4, 6, 4]);
        Assert.True(solution.IsOptimal);
        Assert.Equal(12, solution.Objective, 12);
        Assert.Equal(4, solution.Solution[0], 12);

        // x + y = −1 with x, y ≥ 0 has no solution.
        var infeasible = HonestDidLinearProgram.Maximize([1, 1], new double[,] { { 1, 1 } }, [-1]);
        Assert.Equal(LinearProgramStatus.Infeasible, infeasible.Status);

        // max x s.t. x − y = 0 is unbounded.
        var unbounded = HonestDidLinearProgram.Maximize([1, 0], new double[,] { { 1, -1 } }, [0]);
        Assert.Equal(LinearProgramStatus.Unbounded, unbounded.Status);
    }

    [Fact]
    public void BadInputIsRejectedWithTheValue()
    {
        var (estimates, _) = Medicaid();
        var mbar = Assert.Throws<ArgumentException>(() => HonestDid.RelativeMagnitudes(estimates, [1, -0.5]));
        Assert.Contains("-0.5", mbar.Message, StringComparison.Ordinal);
        var target = Assert.Throws<ArgumentException>(() => HonestDid.Smoothness(estimates, [0], target: [1, 0, 0]));
        Assert.Contains("(2)", target.Message, StringComparison.Ordinal);
        var size = Assert.Throws<ArgumentException>(() => EventStudyEstimates.Create([1, 2, 3], new double[2, 2], 1, 2));
        Assert.Contains("3 estimates", size.Message, StringComparison.Ordinal);
    }

    private static double HalfUnit(double published)
    {
        // Half a unit in the third significant digit of the published number.
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(published))) - 2);
        return 0.5 * magnitude;
    }

    private static void AssertRounds(double published, double actual)
        => Assert.True(Math.Abs(published - actual) <= HalfUnit(published) * (1 + 1e-9), $"{actual:R} does not round to the published {published}");
}

/// <summary>The HonestDiD grid extension, table and figure.</summary>
public sealed class HonestDidGridAndReportTests
{
    // θ shifts with the post-period coefficients and Δ^RM does not involve τ, so shifting both post coefficients by c
    // shifts the interval by c, to within one grid step. With c = 0.15 (θ̂ ≈ 21 standard errors) HonestDiD's grid,
    // ±20 sd around 0, would cut the interval at its end; the extended grid keeps it closed.
    [Fact]
    public void AnIntervalBeyondTheDefaultGridIsExtendedNotCut()
    {
        var expected = Expected("honestdid-medicaid");
        var beta = expected.GetProperty("betahat").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = expected.GetProperty("sigma").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var sigma = new double[7, 7];
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 7; j++)
            {
                sigma[i, j] = rows[i][j];
            }
        }

        var baseline = HonestDid.RelativeMagnitudes(EventStudyEstimates.Create(beta, sigma, 5, 2), [1]);
        var shifted = beta.Select((b, i) => i >= 5 ? b + 0.15 : b).ToArray();
        var moved = HonestDid.RelativeMagnitudes(EventStudyEstimates.Create(shifted, sigma, 5, 2), [1]);
        var sd = Math.Sqrt(sigma[5, 5]);
        var step = 40 * sd / 999;
        Assert.True(moved.Intervals[0].High > 20 * sd, $"upper end {moved.Intervals[0].High} is not beyond the default grid end {20 * sd}");
        Assert.Equal(baseline.Intervals[0].Low + 0.15, moved.Intervals[0].Low, step);
        Assert.Equal(baseline.Intervals[0].High + 0.15, moved.Intervals[0].High, step);
        Assert.Contains(moved.Notes, n => n.Message.Contains("extended", StringComparison.Ordinal));
        Assert.DoesNotContain(baseline.Notes, n => n.Message.Contains("extended", StringComparison.Ordinal));
    }

    [Fact]
    public void TableAndFigureShowTheIntervalsAndTheBreakdown()
    {
        var expected = Expected("honestdid-medicaid");
        var beta = expected.GetProperty("betahat").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = expected.GetProperty("sigma").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var sigma = new double[7, 7];
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 7; j++)
            {
                sigma[i, j] = rows[i][j];
            }
        }

        var analysis = HonestDid.Smoothness(EventStudyEstimates.Create(beta, sigma, 5, 2), [0, 0.01, 0.02, 0.03]);
        var text = ModelDsl.Reporting.HonestDidTable.Of(analysis).Title("Sensitivity").ToText();
        Assert.Contains("Original", text, StringComparison.Ordinal);
        Assert.Contains("0.0260", text, StringComparison.Ordinal);      // M = 0 lower bound, 0.025971
        Assert.Contains("Breakdown value: M = 0.03", text, StringComparison.Ordinal);
        var svg = new ModelDsl.Reporting.HonestDidFigure(analysis).ToSvg();
        Assert.Contains("Breakdown M = 0.03", svg, StringComparison.Ordinal);
        Assert.Contains("Robust (FLCI)", svg, StringComparison.Ordinal);
        Assert.True(new ModelDsl.Reporting.HonestDidFigure(analysis).ToPng().Length > 1000);
        Assert.Contains("\"breakdown\": 0.03", analysis.ToJson(), StringComparison.Ordinal);
    }
}

/// <summary>The estimates taken from a fitted event study equal R's β̂ and Σ, and feed the analysis unchanged.</summary>
public sealed class HonestDidEventStudyInputTests
{
    [Fact]
    public void EstimatesFromTheLibrarysEventStudyMatchRAndGiveTheSameIntervals()
    {
        var data = ModelDsl.Data.PanelData.ReadCsv(ReferencePath("honestdid-medicaid", "data.csv"), unit: "state", time: "year");
        var study = Model.EventStudy("dins").Cohort("cohort").Window(-6, 1).Reference(-1).Fe("state", "year").Cluster("state").Fit(data);
        var fromStudy = EventStudyEstimates.From(study);
        var expected = Expected("honestdid-medicaid");
        var beta = expected.GetProperty("betahat").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = expected.GetProperty("sigma").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal(5, fromStudy.PrePeriods);
        Assert.Equal(2, fromStudy.PostPeriods);
        Assert.Equal([-6, -5, -4, -3, -2, 0, 1], fromStudy.EventTimes);
        var estimates = fromStudy.Estimates;
        var covariance = fromStudy.Covariance;
        for (var i = 0; i < beta.Length; i++)
        {
            Close(beta[i], estimates[i], 1e-8, $"beta {i}");
            for (var j = 0; j < beta.Length; j++)
            {
                Close(rows[i][j], covariance[i, j], 1e-6, $"sigma {i},{j}");
            }
        }

        var viaStudy = HonestDid.Smoothness(study, [0.01]);
        var viaNumbers = HonestDid.Smoothness(EventStudyEstimates.Create(beta, To2D(rows), 5, 2), [0.01]);
        Assert.Equal(viaNumbers.Intervals[0].Low, viaStudy.Intervals[0].Low, 1e-7);
        Assert.Equal(viaNumbers.Intervals[0].High, viaStudy.Intervals[0].High, 1e-7);
    }

    // With one cohort the Sun–Abraham effects are the TWFE ones, so the covariance of the cohort-weighted
    // combinations must equal the TWFE covariance.
    [Fact]
    public void SunAbrahamEstimatesWithOneCohortAreTheTwoWayOnes()
    {
        var data = ModelDsl.Data.PanelData.ReadCsv(ReferencePath("honestdid-medicaid", "data.csv"), unit: "state", time: "year");
        var twfe = EventStudyEstimates.From(Model.EventStudy("dins").Cohort("cohort").Window(-6, 1).Reference(-1).Fe("state", "year").Cluster("state").Fit(data));
        var sunAbraham = EventStudyEstimates.From(Model.EventStudy("dins").Cohort("cohort").Window(-6, 1).Reference(-1).Using(EventStudyMethod.SunAbraham).Fe("state", "year").Cluster("state").Fit(data));
        var (a, b) = (twfe.Covariance, sunAbraham.Covariance);
        for (var i = 0; i < 7; i++)
        {
            Close(twfe.Estimates[i], sunAbraham.Estimates[i], 1e-10, $"estimate {i}");
            for (var j = 0; j < 7; j++)
            {
                Close(a[i, j], b[i, j], 1e-10, $"covariance {i},{j}");
            }
        }
    }

    [Fact]
    public void AnotherReferencePeriodIsRefusedWithTheFix()
    {
        var data = ModelDsl.Data.PanelData.ReadCsv(ReferencePath("honestdid-medicaid", "data.csv"), unit: "state", time: "year");
        var study = Model.EventStudy("dins").Cohort("cohort").Window(-6, 1).Reference(-2).Fe("state", "year").Cluster("state").Fit(data);
        var error = Assert.Throws<InvalidOperationException>(() => HonestDid.RelativeMagnitudes(study, [1]));
        Assert.Contains("found -2", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventStudyEstimates.Create", error.Message, StringComparison.Ordinal);
    }

    private static double[,] To2D(double[][] rows)
    {
        var matrix = new double[rows.Length, rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows.Length; j++)
            {
                matrix[i, j] = rows[i][j];
            }
        }

        return matrix;
    }
}
