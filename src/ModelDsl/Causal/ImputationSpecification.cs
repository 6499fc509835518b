using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>The groups of treated observations within which the imputation estimator's standard errors average the estimated effects (τ̃ of BJS Theorem 3).</summary>
public enum ImputationEffectGroups
{
    /// <summary>Cohort × calendar period (did_imputation's default <c>avgeffectsby(Ei t)</c>); suits large cohorts.</summary>
    CohortAndPeriod,

    /// <summary>Event time (periods since treatment), pooling cohorts (<c>avgeffectsby(K)</c>); for small cohorts.</summary>
    EventTime,

    /// <summary>Cohort, pooling periods.</summary>
    Cohort,

    /// <summary>All treated observations in one group (<c>avgeffectsby(D)</c>); the most conservative.</summary>
    All,
}

/// <summary>
/// An immutable imputation (Borusyak–Jaravel–Spiess) event study:
/// <c>Model.Imputation("inno").Cohort("first_year").Controls(...).Fe("city", "year").Cluster("city").PreTrends(3).Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para><b>Estimator</b> (Borusyak, Jaravel and Spiess 2024, Review of Economic Studies 91(6), "Revisiting event-study
/// designs: robust and efficient estimation", Theorem 2). Ω₀ is the set of untreated observations (never treated, or
/// t &lt; cohort − a with anticipation a), Ω₁ the treated ones (t ≥ cohort − a). (1) Fit Y_it = α_i + λ_t + x_it'γ
/// (and any further fixed effects) by least squares on Ω₀; (2) impute Ŷ_it(0) = α̂_i + λ̂_t + x_it'γ̂ and set
/// τ̂_it = Y_it − Ŷ_it(0) on Ω₁; (3) average: τ̂_w = Σ_{Ω₁} w_it τ̂_it with weights summing to 1 (equal by default, or
/// proportional to a weight column) over the observations of each estimand — the overall ATT (t ≥ cohort) and each
/// horizon k = t − cohort.</para>
/// <para><b>Standard errors</b> (BJS Theorem 3, conservative, clustered; as did_imputation). τ̂_w = Σ_it v_it Y_it is linear
/// with v = w on Ω₁ and v₀ = −Z₀(Z₀'Z₀)⁻¹Z₁'w on Ω₀ (Z the fixed-effect dummies and controls; computed in level space by
/// conjugate gradients, never with dummy matrices). σ̂² = Σ_c (Σ_{it∈c} v_it ε̃_it)² over clusters c, with ε̃ the step-1
/// residual on Ω₀ and ε̃_it = τ̂_it − τ̃_g(it) on Ω₁, where within each group g (<see cref="ImputationEffectGroups"/>,
/// default cohort × period) and with the cluster totals W_cg = Σ_{it∈c,g} w_it: τ̃_g = Σ_{it∈g} W_c(it)g w_it τ̂_it / S_g,
/// S_g = Σ_c W_cg². With leave-out (default; BJS Appendix A.6, did_imputation's recommended <c>leaveout</c>) ε̃_it is
/// scaled by S_g / (S_g − W²_c(it)g), which is τ̂_it minus the average of the other clusters' effects when a cluster has
/// one observation per group. No small-sample factor; normal p-values and intervals (did_imputation's display).</para>
/// <para><b>Pre-trend test</b> (BJS Section 4.4). A separate regression on Ω₀ only: Y on the fixed effects, the controls
/// and dummies 1{t − (cohort − a) = −h}, h = 1..k; clustered (CR1, Stata's small-sample factor) and the joint F = W/k
/// on F(k, G − 1) that all k are zero. The post-treatment estimates do not depend on k.</para>
/// <para><b>Identification.</b> A treated observation whose unit has no untreated observation, whose period has none,
/// or (two or more fixed effects) whose unit and period lie in different connected parts of the untreated sample cannot
/// be imputed; it is removed from every estimand (weights renormalised) and counted in a note by reason — never dropped
/// silently. Controls collinear in Ω₀ are an error. An estimand with an effective number of treated observations
/// (1/Σw²) below 30 carries a note (did_imputation suppresses it; here it is reported with the warning).</para>
/// </remarks>
public sealed record ImputationSpecification
{
    internal ImputationSpecification(Term outcome)
    {
        Regression = new RegressionSpecification(outcome ?? throw new ArgumentNullException(nameof(outcome)));
    }

    /// <summary>The model of Y(0): outcome, controls, fixed effects (default the panel's unit and time) and the cluster variable (default the unit).</summary>
    public RegressionSpecification Regression { get; init; }

    /// <summary>The treatment (a cohort column), or null until <see cref="Cohort"/> is called.</summary>
    public Treatment? Assignment { get; init; }

    /// <summary>Anticipation a ≥ 0: observations from a periods before the cohort on are not used to fit the model of Y(0).</summary>
    public int AnticipationPeriods { get; init; }

    /// <summary>The number k of pre-trend dummies of the BJS test (0: no test).</summary>
    public int PreTrendPeriods { get; init; }

    /// <summary>The first and last horizon to report, or null for every horizon with treated observations.</summary>
    public (int First, int Last)? HorizonRange { get; init; }

    /// <summary>A column of non-negative weights on the treated observations defining the estimands (weighted averages), or null for equal weights.</summary>
    public ColumnTerm? EstimandWeights { get; init; }

    /// <summary>The groups within which the standard errors average the effects.</summary>
    public ImputationEffectGroups EffectGroups { get; init; } = ImputationEffectGroups.CohortAndPeriod;

    /// <summary>Whether the averages of the standard errors leave the own cluster out (default true, BJS's recommendation).</summary>
    public bool LeaveOut { get; init; } = true;

    /// <summary>Defines the treatment from a cohort column (first treated period; 0 or missing for never treated).</summary>
    public ImputationSpecification Cohort(ColumnTerm cohort) => this with { Assignment = Treatment.FromCohort(cohort) };

    /// <summary>Sets the treatment definition (a cohort, or an absorbing 0/1 indicator).</summary>
    public ImputationSpecification WithTreatment(Treatment treatment) => this with { Assignment = treatment ?? throw new ArgumentNullException(nameof(treatment)) };

    /// <summary>Adds control variables to the model of Y(0).</summary>
    public ImputationSpecification Controls(params Term[] controls) => this with { Regression = Regression.Controls(controls) };

    /// <summary>Sets the fixed effects of the model of Y(0) (default: the panel's unit and time).</summary>
    public ImputationSpecification Fe(params ColumnTerm[] dimensions) => this with { Regression = Regression.Fe(dimensions) };

    /// <summary>Clusters the standard errors by one variable (default: the panel's unit).</summary>
    public ImputationSpecification Cluster(ColumnTerm variable) => this with { Regression = Regression.Cluster(variable) };

    /// <summary>Excludes the <paramref name="periods"/> periods before each cohort from the fit of Y(0) (anticipation).</summary>
    public ImputationSpecification Anticipation(int periods)
        => periods >= 0 ? this with { AnticipationPeriods = periods } : throw new ArgumentOutOfRangeException(nameof(periods), periods, "Anticipation is a number of periods, 0 or more.");

    /// <summary>Adds the BJS pre-trend test with <paramref name="periods"/> lead dummies (k ≥ 1).</summary>
    public ImputationSpecification PreTrends(int periods)
        => periods >= 1 ? this with { PreTrendPeriods = periods } : throw new ArgumentOutOfRangeException(nameof(periods), periods, "The pre-trend test needs at least one lead, for example PreTrends(3).");

    /// <summary>Reports the horizons <paramref name="first"/>..<paramref name="last"/> (periods since treatment).</summary>
    public ImputationSpecification Horizons(int first, int last)
        => first <= last ? this with { HorizonRange = (first, last) } : throw new ArgumentOutOfRangeException(nameof(first), $"Horizons({first}, {last}): the first horizon must not exceed the last.");

    /// <summary>Weights the estimands by a column of non-negative weights on the treated observations.</summary>
    public ImputationSpecification Weighted(ColumnTerm weights) => this with { EstimandWeights = weights ?? throw new ArgumentNullException(nameof(weights)) };

    /// <summary>Sets the groups within which the standard errors average the effects.</summary>
    public ImputationSpecification AverageEffectsBy(ImputationEffectGroups groups)
        => Enum.IsDefined(groups) ? this with { EffectGroups = groups } : throw new ArgumentOutOfRangeException(nameof(groups), groups, "Use an ImputationEffectGroups value.");

    /// <summary>Uses the plain (not leave-out) group averages in the standard errors (did_imputation without <c>leaveout</c>).</summary>
    public ImputationSpecification WithoutLeaveOut() => this with { LeaveOut = false };

    /// <summary>Sets the confidence level of the intervals (default 0.95).</summary>
    public ImputationSpecification Confidence(double level) => this with { Regression = Regression.Confidence(level) };

    /// <summary>Estimates the imputation event study on <paramref name="data"/>.</summary>
    public ImputationResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var treatment = Assignment ?? throw new InvalidOperationException(
            $"The imputation estimator of '{Regression.Outcome.Name}' has no treatment timing; call Cohort(\"first_year\") with the first treated period of each unit (0 or missing for never treated).");
        var assignment = treatment.Assign(data);
        if (!assignment.IsAbsorbing)
        {
            throw new InvalidOperationException($"The treatment '{assignment.Name}' switches off after it was 1 for some unit; the imputation estimator needs a staggered (absorbing) treatment. For a treatment that switches on and off use Model.SwitchingDid.");
        }

        return ImputationEstimator.Fit(this, data, assignment);
    }
}
