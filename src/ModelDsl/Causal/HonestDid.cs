using System.Globalization;
using System.Text.Json;

using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>
/// The event-study estimates a sensitivity analysis needs: β̂ = (β̂_pre, β̂_post) and its covariance Σ, the pre-period
/// coefficients first (event times −K−1 … −2 when the reference period is −1), then the post-period ones (0 … T−1).
/// Build it from a fitted event study (<see cref="From(EventStudyResult)"/>) or from any estimator's numbers
/// (<see cref="Create"/>).
/// </summary>
public sealed class EventStudyEstimates
{
    private readonly double[] _estimates;
    private readonly double[,] _covariance;

    private EventStudyEstimates(double[] estimates, double[,] covariance, int prePeriods, int postPeriods, IReadOnlyList<int> eventTimes, IReadOnlyList<Note> notes)
    {
        _estimates = estimates;
        _covariance = covariance;
        PrePeriods = prePeriods;
        PostPeriods = postPeriods;
        EventTimes = eventTimes;
        Notes = notes;
    }

    /// <summary>K: the number of pre-period coefficients (the reference period excluded).</summary>
    public int PrePeriods { get; }

    /// <summary>T: the number of post-period coefficients.</summary>
    public int PostPeriods { get; }

    /// <summary>The event time of each coefficient, in order.</summary>
    public IReadOnlyList<int> EventTimes { get; }

    /// <summary>The estimates β̂ (a copy).</summary>
    public double[] Estimates => (double[])_estimates.Clone();

    /// <summary>The covariance Σ (a copy).</summary>
    public double[,] Covariance => (double[,])_covariance.Clone();

    /// <summary>What the caller should know about these estimates (binned end points, for instance).</summary>
    public IReadOnlyList<Note> Notes { get; }

    internal double[] EstimatesView => _estimates;

    internal double[,] CovarianceView => _covariance;

    /// <summary>Estimates from any estimator: K pre-period then T post-period coefficients and their covariance.</summary>
    /// <param name="estimates">β̂, length K + T: pre-period coefficients in time order, then post-period ones.</param>
    /// <param name="covariance">Σ, (K + T) × (K + T), symmetric with a positive diagonal.</param>
    /// <param name="prePeriods">K ≥ 1.</param>
    /// <param name="postPeriods">T ≥ 1.</param>
    /// <exception cref="ArgumentException">Sizes that disagree, a non-finite value, an asymmetric Σ or a non-positive variance.</exception>
    public static EventStudyEstimates Create(IReadOnlyList<double> estimates, double[,] covariance, int prePeriods, int postPeriods)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(covariance);
        if (prePeriods < 1 || postPeriods < 1)
        {
            throw new ArgumentException($"A sensitivity analysis needs at least one pre-period and one post-period coefficient; found {prePeriods} pre and {postPeriods} post.", nameof(prePeriods));
        }

        var n = prePeriods + postPeriods;
        if (estimates.Count != n || covariance.GetLength(0) != n || covariance.GetLength(1) != n)
        {
            throw new ArgumentException($"Expected {n} estimates ({prePeriods} pre + {postPeriods} post) and a {n} × {n} covariance; found {estimates.Count} estimates and a {covariance.GetLength(0)} × {covariance.GetLength(1)} covariance.", nameof(covariance));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(estimates[i]))
            {
                throw new ArgumentException($"Estimate {i + 1} is {estimates[i].ToString(CultureInfo.InvariantCulture)}; every estimate must be finite.", nameof(estimates));
            }

            if (!(covariance[i, i] > 0) || !double.IsFinite(covariance[i, i]))
            {
                throw new ArgumentException($"The variance of estimate {i + 1} is {covariance[i, i].ToString(CultureInfo.InvariantCulture)}; every variance must be positive and finite.", nameof(covariance));
            }

            for (var j = 0; j < i; j++)
            {
                var scale = Math.Sqrt(covariance[i, i] * covariance[j, j]);
                if (!double.IsFinite(covariance[i, j]) || Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-10 * scale)
                {
                    throw new ArgumentException($"The covariance is not symmetric at ({i + 1}, {j + 1}): {covariance[i, j].ToString("R", CultureInfo.InvariantCulture)} vs {covariance[j, i].ToString("R", CultureInfo.InvariantCulture)}.", nameof(covariance));
                }
            }
        }

        var times = Enumerable.Range(-prePeriods - 1, prePeriods).Concat(Enumerable.Range(0, postPeriods)).ToArray();
        return new EventStudyEstimates([.. estimates], (double[,])covariance.Clone(), prePeriods, postPeriods, times, []);
    }

    /// <summary>
    /// The event-time coefficients of a fitted event study and their covariance under the study's variance estimator
    /// (Sun–Abraham effects: the cohort-weighted combinations of the cohort × event-time cells, with their covariance).
    /// </summary>
    /// <exception cref="InvalidOperationException">The reference period is not −1, an event time is missing between the window's ends, or there is no pre- or post-period coefficient.</exception>
    public static EventStudyEstimates From(EventStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ReferencePeriod != -1)
        {
            throw new InvalidOperationException($"HonestDiD normalises the period just before treatment: the reference period must be −1, found {result.ReferencePeriod}. Refit with .Reference(-1), or pass the estimates through EventStudyEstimates.Create.");
        }

        var times = result.EventTimes.Select(e => e.EventTime).ToArray();
        for (var i = 1; i < times.Length; i++)
        {
            var expected = times[i - 1] == -2 ? 0 : times[i - 1] + 1;
            if (times[i] != expected)
            {
                throw new InvalidOperationException($"The event times {string.Join(", ", times)} are not consecutive around the reference period −1 (missing {expected}); the restrictions compare consecutive periods.");
            }
        }

        int pre = times.Count(t => t < 0), post = times.Count(t => t >= 0);
        if (pre < 1 || post < 1)
        {
            throw new InvalidOperationException($"The event study has {pre} pre-period and {post} post-period coefficients; a sensitivity analysis needs at least one of each.");
        }

        var estimates = result.EventTimes.Select(e => e.Coefficient.Estimate).ToArray();
        var covariance = new double[times.Length, times.Length];
        var regression = result.Regression;
        if (result.Specification.Method == EventStudyMethod.SunAbraham)
        {
            var weights = times.Select(t => result.CohortWeights.Where(w => w.EventTime == t).Select(w => (Name: TwoWayFixedEffectsEventStudy.CellName(w.Cohort, t), w.Weight)).ToArray()).ToArray();
            for (var i = 0; i < times.Length; i++)
            {
                for (var j = 0; j < times.Length; j++)
                {
                    covariance[i, j] = weights[i].Sum(a => weights[j].Sum(b => a.Weight * b.Weight * regression.Covariance(a.Name, b.Name)));
                }
            }
        }
        else
        {
            for (var i = 0; i < times.Length; i++)
            {
                for (var j = 0; j < times.Length; j++)
                {
                    covariance[i, j] = regression.Covariance(result.EventTimes[i].Coefficient.Name, result.EventTimes[j].Coefficient.Name);
                }
            }
        }

        var notes = new List<Note>();
        var binned = result.EventTimes.Where(e => e.IsBinned).Select(e => e.EventTime).ToArray();
        if (binned.Length > 0)
        {
            notes.Add(new Note(NoteKind.Information, $"The end points {string.Join(" and ", binned)} are binned (they pool every event time beyond them); the restrictions treat them as single periods.", binned.Length));
        }

        var created = Create(estimates, covariance, pre, post);
        return new EventStudyEstimates(created._estimates, created._covariance, pre, post, times, notes);
    }
}

/// <summary>Which restriction on the post-treatment violations of parallel trends a sensitivity analysis imposes.</summary>
public enum HonestDidRestriction
{
    /// <summary>Δ^RM(M̄): every post-treatment change in the violation is at most M̄ times the largest pre-treatment one.</summary>
    RelativeMagnitudes,

    /// <summary>Δ^SD(M): the slope of the violation changes by at most M between consecutive periods.</summary>
    Smoothness,
}

/// <summary>A robust confidence interval for θ at one value of M (or M̄).</summary>
/// <param name="Bound">M̄ for relative magnitudes, M for smoothness.</param>
/// <param name="Low">Lower end (NaN when the confidence set is empty).</param>
/// <param name="High">Upper end.</param>
public sealed record HonestDidInterval(double Bound, double Low, double High)
{
    /// <summary>Whether the interval contains zero (the effect is then not significant under this bound).</summary>
    public bool ContainsZero => Low <= 0 && High >= 0;
}

/// <summary>A HonestDiD sensitivity analysis: the robust intervals over a grid of M (or M̄), beside the original interval.</summary>
public sealed class HonestDidSensitivity
{
    internal HonestDidSensitivity(HonestDidRestriction restriction, string method, IReadOnlyList<double> target, double alpha, HonestDidInterval original, IReadOnlyList<HonestDidInterval> intervals, IReadOnlyList<Note> notes)
    {
        Restriction = restriction;
        Method = method;
        Target = target;
        Alpha = alpha;
        Original = original;
        Intervals = intervals;
        Notes = notes;
        BreakdownValue = intervals.OrderBy(i => i.Bound).FirstOrDefault(i => double.IsNaN(i.Low) is false && i.ContainsZero)?.Bound;
    }

    /// <summary>The restriction imposed.</summary>
    public HonestDidRestriction Restriction { get; }

    /// <summary>The interval construction, in HonestDiD's words: <c>C-LF</c> (least-favourable hybrid), <c>Conditional</c> or <c>FLCI</c>.</summary>
    public string Method { get; }

    /// <summary>The weights l of θ = l'τ_post.</summary>
    public IReadOnlyList<double> Target { get; }

    /// <summary>The size α (the intervals have coverage 1 − α).</summary>
    public double Alpha { get; }

    /// <summary>The original interval l'β̂_post ± z_{1−α/2} √(l'Σ_post l), valid under exact parallel trends.</summary>
    public HonestDidInterval Original { get; }

    /// <summary>The robust intervals in the order of the bounds given.</summary>
    public IReadOnlyList<HonestDidInterval> Intervals { get; }

    /// <summary>
    /// The breakdown value: the smallest M (or M̄) of the grid whose robust interval contains zero, or
    /// <see langword="null"/> when every interval of the grid excludes it (the true breakdown lies between this
    /// grid value and the one before it).
    /// </summary>
    public double? BreakdownValue { get; }

    /// <summary>The parameter's name: <c>M̄</c> or <c>M</c>.</summary>
    public string BoundName => Restriction == HonestDidRestriction.RelativeMagnitudes ? "M̄" : "M";

    /// <summary>What the reader should know (binned end points, empty sets, open grid ends).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>
    /// The analysis as JSON: <c>restriction</c> (<c>relative_magnitudes</c> / <c>smoothness</c>), <c>method</c>,
    /// <c>alpha</c>, <c>target</c>, <c>original</c>, <c>intervals</c> (each <c>bound</c>, <c>ci_low</c>, <c>ci_high</c>),
    /// <c>breakdown</c> and <c>notes</c>.
    /// </summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"HonestDiD {Restriction} ({Method}): original [{Original.Low:G4}, {Original.High:G4}]; "
           + string.Join("; ", Intervals.Select(i => $"{BoundName} = {i.Bound:G4}: [{i.Low:G4}, {i.High:G4}]"))
           + $"; breakdown {(BreakdownValue is { } b ? b.ToString("G4", CultureInfo.InvariantCulture) : "beyond the grid")}";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        JsonOutput.Text(writer, "restriction", Restriction == HonestDidRestriction.RelativeMagnitudes ? "relative_magnitudes" : "smoothness");
        JsonOutput.Text(writer, "method", Method);
        JsonOutput.Number(writer, "alpha", Alpha);
        JsonOutput.Numbers(writer, "target", Target);
        writer.WriteStartObject("original");
        JsonOutput.Number(writer, "ci_low", Original.Low);
        JsonOutput.Number(writer, "ci_high", Original.High);
        writer.WriteEndObject();
        writer.WriteStartArray("intervals");
        foreach (var i in Intervals)
        {
            writer.WriteStartObject();
            JsonOutput.Number(writer, "bound", i.Bound);
            JsonOutput.Number(writer, "ci_low", i.Low);
            JsonOutput.Number(writer, "ci_high", i.High);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Number(writer, "breakdown", BreakdownValue);
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }
}

/// <summary>
/// Robust inference for event studies when parallel trends may fail (Rambachan and Roth 2023, "A More Credible
/// Approach to Parallel Trends", <i>Review of Economic Studies</i> 90(5), 2555–2591), as the HonestDiD package
/// computes it: confidence sets for θ = l'τ_post that are valid whenever the post-treatment violation δ_post is
/// restricted by the pre-treatment one.
/// </summary>
/// <remarks>
/// <para>Model: β̂ ~ N(β, Σ), β = (δ_pre, τ_post + δ_post) with the reference period's δ₀ = 0. The two verbs are the
/// package's defaults for their restrictions.</para>
/// <para><see cref="RelativeMagnitudes(EventStudyEstimates, IEnumerable{double}, IReadOnlyList{double}?, double, HonestDidMethod)"/>:
/// Δ^RM(M̄) = {δ : |δ_{t+1} − δ_t| ≤ M̄ · max_{s&lt;0} |δ_{s+1} − δ_s| for t ≥ 0}, a union of polyhedra (one per s and
/// sign). The confidence set is the union of the ARP conditional-least-favourable hybrid sets of each polyhedron
/// (Andrews, Roth and Pakes 2023, <i>Review of Economic Studies</i> 90(6)): first stage rejects when η̂ exceeds the 1 − κ quantile
/// of η under the least-favourable null (κ = α/10; 1,000 draws as HonestDiD's <c>set.seed(0)</c> gives them),
/// second stage is the conditional test at size (α − κ)/(1 − κ), using the post-period moments only. The test is
/// inverted over 1,000 equally spaced θ in ±20 sd(l'β̂_post), so the ends are grid points (spacing 40 sd/999).</para>
/// <para><see cref="Smoothness(EventStudyEstimates, IEnumerable{double}, IReadOnlyList{double}?, double)"/>:
/// Δ^SD(M) = {δ : |(δ_{t+1} − δ_t) − (δ_t − δ_{t−1})| ≤ M}. The fixed-length confidence interval of Armstrong and
/// Kolesár (2018, <i>Econometrica</i> 86(2)): among affine estimators v'β̂_pre + l'β̂_post, the one minimising the
/// half-length sd · cv_α(M·b̄/sd), with b̄ the worst-case bias per unit M and cv_α(b) the 1 − α quantile of |N(b, 1)|
/// (exact here; HonestDiD simulates it with 10⁶ draws). With M = 0 it is the minimum-variance estimator unbiased
/// under linear trends, the interval of linear extrapolation.</para>
/// <para>The breakdown value is the smallest grid value whose interval contains zero.</para>
/// </remarks>
public static class HonestDid
{
    /// <summary>Robust intervals under relative magnitudes, Δ^RM(M̄), for each M̄ (HonestDiD's <c>createSensitivityResults_relativeMagnitudes</c>).</summary>
    /// <param name="eventStudy">The fitted event study (reference period −1).</param>
    /// <param name="mbar">The values of M̄ (≥ 0).</param>
    /// <param name="target">l, one weight per post period; default the first post-period effect (1, 0, …).</param>
    /// <param name="alpha">Size; intervals have coverage 1 − α.</param>
    /// <param name="method">The test inverted: the least-favourable hybrid (default) or the plain conditional test.</param>
    public static HonestDidSensitivity RelativeMagnitudes(EventStudyResult eventStudy, IEnumerable<double> mbar, IReadOnlyList<double>? target = null, double alpha = 0.05, HonestDidMethod method = HonestDidMethod.ConditionalLeastFavorable)
        => RelativeMagnitudes(EventStudyEstimates.From(eventStudy), mbar, target, alpha, method);

    /// <summary>Robust intervals under relative magnitudes, Δ^RM(M̄), from any estimator's β̂ and Σ.</summary>
    /// <param name="estimates">β̂, Σ and the numbers of pre- and post-periods.</param>
    /// <param name="mbar">The values of M̄ (≥ 0).</param>
    /// <param name="target">l, one weight per post period; default the first post-period effect.</param>
    /// <param name="alpha">Size.</param>
    /// <param name="method">The test inverted.</param>
    public static HonestDidSensitivity RelativeMagnitudes(EventStudyEstimates estimates, IEnumerable<double> mbar, IReadOnlyList<double>? target = null, double alpha = 0.05, HonestDidMethod method = HonestDidMethod.ConditionalLeastFavorable)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var bounds = Bounds(mbar, nameof(mbar), "M̄");
        var l = Target(estimates, target);
        CheckAlpha(alpha);
        var hybrid = method == HonestDidMethod.ConditionalLeastFavorable;
        var notes = new List<Note>(estimates.Notes);
        var intervals = new List<HonestDidInterval>();
        foreach (var m in bounds)
        {
            var (low, high) = HonestDidComputations.RelativeMagnitudeInterval(estimates.EstimatesView, estimates.CovarianceView, estimates.PrePeriods, estimates.PostPeriods, l, m, alpha, 1000, hybrid, out var extended);
            intervals.Add(new HonestDidInterval(m, low, high));
            var at = m.ToString(CultureInfo.InvariantCulture);
            if (double.IsNaN(low))
            {
                notes.Add(new Note(NoteKind.Information, $"At M̄ = {at} no θ of the grid is accepted: the confidence set is empty (the pre-period coefficients reject Δ^RM)."));
            }
            else if (extended)
            {
                notes.Add(new Note(NoteKind.Information, $"At M̄ = {at} the interval reached an end of HonestDiD's θ grid (±20 standard errors around 0); the grid was extended at the same spacing until it closed (HonestDiD itself would report the grid end)."));
            }
        }

        return new HonestDidSensitivity(HonestDidRestriction.RelativeMagnitudes, hybrid ? "C-LF" : "Conditional", l, alpha, Original(estimates, l, alpha), intervals, notes);
    }

    /// <summary>Robust intervals under smoothness, Δ^SD(M), for each M: the optimal FLCI (HonestDiD's <c>createSensitivityResults</c> default).</summary>
    /// <param name="eventStudy">The fitted event study (reference period −1).</param>
    /// <param name="m">The values of M (≥ 0), in the units of the outcome.</param>
    /// <param name="target">l; default the first post-period effect.</param>
    /// <param name="alpha">Size.</param>
    public static HonestDidSensitivity Smoothness(EventStudyResult eventStudy, IEnumerable<double> m, IReadOnlyList<double>? target = null, double alpha = 0.05)
        => Smoothness(EventStudyEstimates.From(eventStudy), m, target, alpha);

    /// <summary>Robust intervals under smoothness, Δ^SD(M), from any estimator's β̂ and Σ.</summary>
    /// <param name="estimates">β̂, Σ and the numbers of pre- and post-periods.</param>
    /// <param name="m">The values of M (≥ 0).</param>
    /// <param name="target">l; default the first post-period effect.</param>
    /// <param name="alpha">Size.</param>
    public static HonestDidSensitivity Smoothness(EventStudyEstimates estimates, IEnumerable<double> m, IReadOnlyList<double>? target = null, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var bounds = Bounds(m, nameof(m), "M");
        var l = Target(estimates, target);
        CheckAlpha(alpha);
        var intervals = bounds.Select(value =>
        {
            var (center, half, _) = HonestDidComputations.FixedLengthInterval(estimates.EstimatesView, estimates.CovarianceView, estimates.PrePeriods, estimates.PostPeriods, l, value, alpha);
            return new HonestDidInterval(value, center - half, center + half);
        }).ToArray();
        return new HonestDidSensitivity(HonestDidRestriction.Smoothness, "FLCI", l, alpha, Original(estimates, l, alpha), intervals, estimates.Notes);
    }

    /// <summary>The original interval l'β̂_post ± z_{1−α/2} √(l'Σ_post l) (HonestDiD's <c>constructOriginalCS</c>).</summary>
    public static HonestDidInterval Original(EventStudyEstimates estimates, IReadOnlyList<double>? target = null, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        CheckAlpha(alpha);
        return Original(estimates, Target(estimates, target), alpha);
    }

    private static HonestDidInterval Original(EventStudyEstimates estimates, double[] l, double alpha)
    {
        var beta = estimates.EstimatesView;
        var theta = 0.0;
        for (var t = 0; t < l.Length; t++)
        {
            theta += l[t] * beta[estimates.PrePeriods + t];
        }

        var half = Normal.InvCDF(0, 1, 1 - (alpha / 2)) * Math.Sqrt(HonestDidComputations.QuadraticForm(l, estimates.CovarianceView, estimates.PrePeriods));
        return new HonestDidInterval(double.NaN, theta - half, theta + half);
    }

    private static double[] Target(EventStudyEstimates estimates, IReadOnlyList<double>? target)
    {
        if (target is null)
        {
            var first = new double[estimates.PostPeriods];
            first[0] = 1;
            return first;
        }

        if (target.Count != estimates.PostPeriods)
        {
            throw new ArgumentException($"The target needs one weight per post-period coefficient ({estimates.PostPeriods}); found {target.Count}.", nameof(target));
        }

        if (target.Any(v => !double.IsFinite(v)) || target.All(v => v == 0))
        {
            throw new ArgumentException($"The target weights ({string.Join(", ", target.Select(v => v.ToString(CultureInfo.InvariantCulture)))}) must be finite and not all zero.", nameof(target));
        }

        return [.. target];
    }

    private static double[] Bounds(IEnumerable<double> values, string parameter, string name)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        var bounds = values.ToArray();
        if (bounds.Length == 0)
        {
            throw new ArgumentException($"Give at least one value of {name}.", parameter);
        }

        var bad = bounds.FirstOrDefault(v => !(v >= 0) || !double.IsFinite(v), 0);
        if (bounds.Any(v => !(v >= 0) || !double.IsFinite(v)))
        {
            throw new ArgumentException($"Every {name} must be a finite number ≥ 0; found {bad.ToString(CultureInfo.InvariantCulture)}.", parameter);
        }

        return bounds;
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The size α must lie in (0, 0.5); 0.05 gives 95% intervals.");
        }
    }
}

/// <summary>The test inverted for relative magnitudes.</summary>
public enum HonestDidMethod
{
    /// <summary>The conditional-least-favourable hybrid of Andrews, Roth and Pakes (HonestDiD's default, "C-LF").</summary>
    ConditionalLeastFavorable,

    /// <summary>The conditional test alone ("Conditional").</summary>
    Conditional,
}
