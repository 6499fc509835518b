using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>Which units serve as the comparison group of each ATT(g,t).</summary>
public enum ComparisonGroup
{
    /// <summary>Units never treated in the sample (cohort 0), <c>did</c>'s default <c>"nevertreated"</c>.</summary>
    NeverTreated,

    /// <summary>Never-treated units and units not yet treated (nor anticipating) in either period compared, <c>"notyettreated"</c>.</summary>
    NotYetTreated,
}

/// <summary>How each 2×2 ATT(g,t) is estimated.</summary>
public enum GroupTimeEstimation
{
    /// <summary>Outcome regression: OLS of the outcome change on the covariates among the comparison units (<c>"reg"</c>).</summary>
    OutcomeRegression,

    /// <summary>Normalised inverse probability weighting with a logit propensity score (<c>"ipw"</c>).</summary>
    InverseProbabilityWeighting,

    /// <summary>Doubly robust: logit propensity score and OLS outcome regression (<c>"dr"</c>, <c>did</c>'s default).</summary>
    DoublyRobust,

    /// <summary>
    /// Improved doubly robust (Sant'Anna and Zhao 2020, Section 3.1; DRDID's <c>drdid_imp_panel</c>): propensity score by
    /// inverse probability tilting, outcome regression by weighted least squares with weights π̂/(1 − π̂); also doubly
    /// robust for inference. Not <c>did</c>'s <c>"dr"</c>, which is <see cref="DoublyRobust"/>.
    /// </summary>
    ImprovedDoublyRobust,
}

/// <summary>The base period of the pre-treatment ATT(g,t).</summary>
public enum BasePeriod
{
    /// <summary>Each pre-treatment period is compared with the period just before it (<c>did</c>'s default); post-treatment periods with g − δ − 1.</summary>
    Varying,

    /// <summary>Every period is compared with g − δ − 1, whose ATT is 0 by construction (the event-study normalisation).</summary>
    Universal,
}

/// <summary>
/// An immutable Callaway–Sant'Anna (2021) estimation:
/// <c>Model.CallawaySantAnna("lemp").Cohort("first_treat").Covariates("lpop").NotYetTreated().Bootstrap(999, seed: 1).Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>For each cohort g (first treated period) and period t, ATT(g,t) = E[Y_t − Y_b | G = g] − E[Y_t − Y_b | C], estimated
/// by a 2×2 DID of g against the comparison group C on the balanced panel, with b the base period (g − δ − 1 for
/// t ≥ g; t − 1 or g − δ − 1 before, by <see cref="BasePeriod"/>), δ the anticipation periods and, with covariates
/// (taken in the base period), the outcome-regression, IPW or doubly robust estimator of Sant'Anna and Zhao (2020).
/// Every ATT(g,t) comes with its influence function per unit; aggregations (simple, dynamic, group, calendar) are
/// weighted averages whose influence functions include the estimation of the weights, and standard errors come from
/// the influence functions analytically or by the multiplier bootstrap with uniform bands
/// (Callaway and Sant'Anna 2021, J. Econometrics 225(2), 200–230; the conventions of R's <c>did</c> 2.x with
/// <c>panel = TRUE</c>; docs/causal.md).</para>
/// <para>A unit missing from some period, or with a missing outcome or covariate in some period, is dropped with a note
/// (the estimator needs the balanced panel, as <c>did</c> balances it).</para>
/// </remarks>
public sealed record CallawaySantAnnaSpecification
{
    internal CallawaySantAnnaSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The outcome.</summary>
    public Term Outcome { get; init; }

    /// <summary>The cohort (first treated period; 0 or missing for never treated), or null until <see cref="Cohort"/> is called.</summary>
    public CohortTreatment? Assignment { get; init; }

    /// <summary>Covariates of the conditional parallel-trends assumption, taken in the base period.</summary>
    public IReadOnlyList<Term> CovariateTerms { get; init; } = [];

    /// <summary>The comparison group (default never treated, as <c>did</c>).</summary>
    public ComparisonGroup Comparison { get; init; } = ComparisonGroup.NeverTreated;

    /// <summary>The 2×2 estimator (default doubly robust, as <c>did</c>).</summary>
    public GroupTimeEstimation Estimation { get; init; } = GroupTimeEstimation.DoublyRobust;

    /// <summary>The number of anticipation periods δ (default 0).</summary>
    public int AnticipationPeriods { get; init; }

    /// <summary>The base period of pre-treatment cells (default varying, as <c>did</c>).</summary>
    public BasePeriod Base { get; init; } = BasePeriod.Varying;

    /// <summary>A cluster variable coarser than the unit (constant within unit), or null for the unit.</summary>
    public ColumnTerm? ClusterVariable { get; init; }

    /// <summary>The number of multiplier-bootstrap draws; 0 (default) for analytic standard errors from the influence functions.</summary>
    public int BootstrapDraws { get; init; }

    /// <summary>The bootstrap seed.</summary>
    public int BootstrapSeed { get; init; }

    /// <summary>The bootstrap multiplier weights (default Rademacher, as <c>did</c>).</summary>
    public MultiplierWeights BootstrapWeights { get; init; } = MultiplierWeights.Rademacher;

    /// <summary>The confidence level of intervals and bands (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Defines the cohort column: the first treated period of each unit, 0 or missing for never treated.</summary>
    public CallawaySantAnnaSpecification Cohort(ColumnTerm cohort) => this with { Assignment = Treatment.FromCohort(cohort) };

    /// <summary>Adds covariates (time-invariant in the design; their base-period values are used).</summary>
    public CallawaySantAnnaSpecification Covariates(params Term[] covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        return this with { CovariateTerms = [.. CovariateTerms, .. covariates.Select(c => c ?? throw new ArgumentNullException(nameof(covariates)))] };
    }

    /// <summary>Uses never-treated and not-yet-treated units as the comparison group.</summary>
    public CallawaySantAnnaSpecification NotYetTreated() => this with { Comparison = ComparisonGroup.NotYetTreated };

    /// <summary>Uses only never-treated units as the comparison group (the default).</summary>
    public CallawaySantAnnaSpecification NeverTreated() => this with { Comparison = ComparisonGroup.NeverTreated };

    /// <summary>Sets the 2×2 estimator.</summary>
    public CallawaySantAnnaSpecification Using(GroupTimeEstimation estimation)
        => Enum.IsDefined(estimation) ? this with { Estimation = estimation } : throw new ArgumentOutOfRangeException(nameof(estimation), estimation, "Use OutcomeRegression, InverseProbabilityWeighting, DoublyRobust or ImprovedDoublyRobust.");

    /// <summary>Sets the number of anticipation periods δ: units are affected from g − δ on.</summary>
    public CallawaySantAnnaSpecification Anticipation(int periods)
        => periods >= 0 ? this with { AnticipationPeriods = periods } : throw new ArgumentOutOfRangeException(nameof(periods), periods, "The anticipation periods must be 0 or more.");

    /// <summary>Sets the base period of the pre-treatment cells.</summary>
    public CallawaySantAnnaSpecification WithBasePeriod(BasePeriod basePeriod)
        => Enum.IsDefined(basePeriod) ? this with { Base = basePeriod } : throw new ArgumentOutOfRangeException(nameof(basePeriod), basePeriod, "Use BasePeriod.Varying or BasePeriod.Universal.");

    /// <summary>Clusters the standard errors by a variable constant within units (a region of cities, say).</summary>
    public CallawaySantAnnaSpecification Cluster(ColumnTerm variable) => this with { ClusterVariable = variable ?? throw new ArgumentNullException(nameof(variable)) };

    /// <summary>Standard errors and uniform bands from the multiplier bootstrap with <paramref name="draws"/> draws.</summary>
    public CallawaySantAnnaSpecification Bootstrap(int draws, int seed, MultiplierWeights weights = MultiplierWeights.Rademacher)
    {
        if (draws < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, "The bootstrap needs at least 2 draws (did uses 1000; 999 is usual).");
        }

        return Enum.IsDefined(weights)
            ? this with { BootstrapDraws = draws, BootstrapSeed = seed, BootstrapWeights = weights }
            : throw new ArgumentOutOfRangeException(nameof(weights), weights, "Use MultiplierWeights.Rademacher or Mammen.");
    }

    /// <summary>Sets the confidence level of intervals and bands.</summary>
    public CallawaySantAnnaSpecification Level(double level)
        => level is > 0 and < 1 ? this with { ConfidenceLevel = level } : throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie in (0, 1), for example 0.95.");

    /// <summary>Estimates every ATT(g,t) on <paramref name="data"/>.</summary>
    public CallawaySantAnnaResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cohort = Assignment ?? throw new InvalidOperationException(
            $"The Callaway–Sant'Anna estimation of '{Outcome.Name}' has no treatment timing; call Cohort(\"first_treat\") with the first treated period of each unit (0 or missing for never treated).");
        return CallawaySantAnnaEstimator.Fit(this, data, cohort.Assign(data));
    }
}
