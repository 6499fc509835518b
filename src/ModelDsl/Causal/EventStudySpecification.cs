using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>How an event study's dynamic effects are estimated.</summary>
public enum EventStudyMethod
{
    /// <summary>
    /// Two-way fixed effects with relative-time dummies for the treated units, the end points binned, one
    /// reference period omitted and never-treated units as controls (the dynamic TWFE specification).
    /// </summary>
    TwoWayFixedEffects,

    /// <summary>
    /// Sun and Abraham's (2021) interaction-weighted estimator: one dummy per cohort × event time (same window, binning
    /// and reference), never-treated units as controls, and each event time's effect the average of its cohort
    /// effects weighted by each cohort's share of the treated observations at that event time. Standard errors by the
    /// delta method from the model's variance with the weights held fixed (as fixest's <c>sunab</c> aggregation).
    /// </summary>
    SunAbraham,
}

/// <summary>
/// An immutable event study: <c>Model.EventStudy("inno").Cohort("first_year").Window(-5, 5).Reference(-1).Controls(...).Fe("city", "year").Cluster("city").Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>y_it = Σ_{k ∈ [L, U], k ≠ r} μ_k 1{K_it = k} + x_it'γ + α_i + λ_t + ε_it, with K_it = t − cohort_i for treated
/// units, binned at the end points (K ≤ L counts as L and K ≥ U as U), the reference period r (default −1)
/// omitted, and never-treated units all zeros. Each dummy row has at most one non-zero, so the dummies are
/// built in one pass from each row's bin. The joint Wald test that all leads (k &lt; 0, k ≠ r) are zero is the
/// usual parallel-trends pre-test (F with G − 1 denominator degrees of freedom when clustered, and χ²).</para>
/// <para>Caveat: with staggered timing and effects that vary by cohort, μ_k is contaminated by effects at other
/// relative times (Sun and Abraham 2021, J. Econometrics 225(2); Goodman-Bacon 2021); a pre-test that
/// passes is weak evidence (Roth 2022). <see cref="EventStudyMethod.SunAbraham"/> is the heterogeneity-robust
/// interaction-weighted alternative; <see cref="EventStudyMethod"/> leaves room for others (Callaway and Sant'Anna 2021).</para>
/// </remarks>
public sealed record EventStudySpecification
{
    /// <summary>The prefix of the relative-time dummies' names: <c>event_time::-2</c>.</summary>
    public const string DummyPrefix = "event_time::";

    internal EventStudySpecification(Term outcome)
    {
        Regression = new RegressionSpecification(outcome ?? throw new ArgumentNullException(nameof(outcome)));
    }

    /// <summary>The regression template: outcome, controls, fixed effects and variance estimator.</summary>
    public RegressionSpecification Regression { get; init; }

    /// <summary>The treatment (a cohort column), or null until <see cref="Cohort"/> is called.</summary>
    public Treatment? Assignment { get; init; }

    /// <summary>The first event time L (binned: K ≤ L), default −5.</summary>
    public int WindowStart { get; init; } = -5;

    /// <summary>The last event time U (binned: K ≥ U), default 5.</summary>
    public int WindowEnd { get; init; } = 5;

    /// <summary>The omitted reference event time, default −1.</summary>
    public int ReferencePeriod { get; init; } = -1;

    /// <summary>Whether event times outside the window are binned into the end points (default true); otherwise the treated units' rows outside the window are removed from the sample (with a note).</summary>
    public bool BinEndpoints { get; init; } = true;

    /// <summary>The estimator.</summary>
    public EventStudyMethod Method { get; init; } = EventStudyMethod.TwoWayFixedEffects;

    /// <summary>Defines the treatment from a cohort column (first treated period; 0 or missing for never treated).</summary>
    public EventStudySpecification Cohort(ColumnTerm cohort) => this with { Assignment = Treatment.FromCohort(cohort) };

    /// <summary>Sets the treatment definition (a cohort, or an absorbing 0/1 indicator).</summary>
    public EventStudySpecification WithTreatment(Treatment treatment) => this with { Assignment = treatment ?? throw new ArgumentNullException(nameof(treatment)) };

    /// <summary>Sets the event window [start, end]; the end points are binned.</summary>
    public EventStudySpecification Window(int start, int end)
    {
        if (start >= 0 || end < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"The window must include leads and the treatment period: start < 0 ≤ end, but got Window({start}, {end}); for example Window(-5, 5).");
        }

        return this with { WindowStart = start, WindowEnd = end };
    }

    /// <summary>Sets the omitted reference event time (default −1).</summary>
    public EventStudySpecification Reference(int eventTime) => this with { ReferencePeriod = eventTime };

    /// <summary>Drops the treated units' rows outside the window instead of binning them into the end points.</summary>
    public EventStudySpecification WithoutBinning() => this with { BinEndpoints = false };

    /// <summary>Sets the estimator.</summary>
    public EventStudySpecification Using(EventStudyMethod method)
        => Enum.IsDefined(method) ? this with { Method = method } : throw new ArgumentOutOfRangeException(nameof(method), method, "Use EventStudyMethod.TwoWayFixedEffects or SunAbraham.");

    /// <summary>Adds control variables.</summary>
    public EventStudySpecification Controls(params Term[] controls) => this with { Regression = Regression.Controls(controls) };

    /// <summary>Adds fixed-effect dimensions (default: the panel's unit and time).</summary>
    public EventStudySpecification Fe(params ColumnTerm[] dimensions) => this with { Regression = Regression.Fe(dimensions) };

    /// <summary>Weights every row by the numeric column <paramref name="column"/> (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean (Stata's aweight or fweight).</param>
    /// <remarks>The weighted least-squares fit of the linear family, with its conventions
    /// (<see cref="RegressionSpecification.Weights(string, WeightKind)"/>): analytic weights normalised to sum to N, the
    /// cluster sandwich of the scores wᵢeᵢxᵢ with the unweighted sample's small-sample factors; frequency weights as
    /// repeated rows. Rows whose weight is missing or zero leave the sample with a note. Sun–Abraham weights each cohort by its share of the treated weight at an event time (fixest's <c>aggregate</c> with <c>use_weights = TRUE</c>).</remarks>
    public EventStudySpecification Weights(string column, WeightKind kind = WeightKind.Analytic) => this with { Regression = Regression.Weights(column, kind) };

    /// <summary>Weights every row by a numeric column (typed path); see <see cref="Weights(string, WeightKind)"/>.</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean.</param>
    public EventStudySpecification Weights(ColumnTerm column, WeightKind kind = WeightKind.Analytic) => this with { Regression = Regression.Weights(column, kind) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two.</summary>
    public EventStudySpecification Cluster(params ColumnTerm[] variables) => this with { Regression = Regression.Cluster(variables) };

    /// <summary>Sets the variance estimator.</summary>
    public EventStudySpecification Vcov(Vcov variance) => this with { Regression = Regression.Vcov(variance) };

    /// <summary>The dummy name of event time <paramref name="eventTime"/>.</summary>
    public static string DummyName(int eventTime) => DummyPrefix + eventTime.ToString(CultureInfo.InvariantCulture);

    /// <summary>Estimates the event study on <paramref name="data"/>.</summary>
    public EventStudyResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (WindowStart >= 0 || WindowEnd < 0)
        {
            // The init accessors bypass Window(start, end); the rule is checked again where it is relied on.
            throw new ArgumentOutOfRangeException(nameof(WindowStart), $"The window must include leads and the treatment period: start < 0 ≤ end, but got [{WindowStart}, {WindowEnd}]; for example Window(-5, 5).");
        }

        if (ReferencePeriod < WindowStart || ReferencePeriod > WindowEnd || ReferencePeriod >= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ReferencePeriod), ReferencePeriod, $"The reference event time {ReferencePeriod} must be a lead inside the window [{WindowStart}, {WindowEnd}] (usually −1).");
        }

        var treatment = Assignment ?? throw new InvalidOperationException(
            $"The event study of '{Regression.Outcome.Name}' has no treatment timing; call Cohort(\"first_year\") with the first treated period of each unit (0 or missing for never treated).");
        var assignment = treatment.Assign(data);
        if (!assignment.IsAbsorbing)
        {
            throw new InvalidOperationException($"The treatment '{assignment.Name}' switches off after it was 1 for some unit; an event study needs a first treated period per unit (Treatment.FromCohort).");
        }

        return Method switch
        {
            EventStudyMethod.TwoWayFixedEffects or EventStudyMethod.SunAbraham => TwoWayFixedEffectsEventStudy.Fit(this, data, assignment),
            _ => throw new InvalidOperationException($"Unknown event-study method {Method}."),
        };
    }
}
