using ModelDsl.Data;
using ModelDsl.Matching;

namespace ModelDsl;

/// <summary>
/// A typed propensity-score matching on <typeparamref name="TSchema"/>: the treatment, the score covariates and the
/// outcome are numeric terms of that schema, <c>Factors</c> takes its categorical columns, and <c>Fit</c> takes its
/// data set. It wraps the string-keyed <see cref="MatchingSpecification"/> (see there for the estimators and
/// their citations).
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class MatchingModel<TSchema> : TypedModel<TSchema, MatchingSpecification, MatchingResult>
    where TSchema : IDatasetSchema
{
    private MatchingModel(MatchingSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a matching on the 0/1 <paramref name="treatment"/>; generated <c>Match</c> verbs call this.</summary>
    /// <param name="treatment">The 0/1 treatment indicator.</param>
    /// <returns>A model to complete with <c>On</c>, the method, <c>Outcome</c> and <c>Fit</c>.</returns>
    public static MatchingModel<TSchema> Create(NumericTerm<TSchema> treatment)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        return new(Model.Match(treatment.Term));
    }

    /// <summary>Adds covariates of the score model.</summary>
    /// <param name="covariates">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> On(params NumericTerm<TSchema>[] covariates) => new(Specification.On(TermsOf(covariates)));

    /// <summary>Adds categorical columns of this schema as dummy covariates (first level dropped).</summary>
    /// <param name="columns">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Factors(params CategoricalVariable<TSchema>[] columns) =>
        new(Specification.Factors(ColumnsOf(columns).Select(c => c.ColumnName).ToArray()));

    /// <summary>Scores from a logit.</summary>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Logit() => new(Specification.Logit());

    /// <summary>Scores from a probit (the default).</summary>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Probit() => new(Specification.Probit());

    /// <summary>k-nearest-neighbour matching (with replacement unless <see cref="WithoutReplacement"/>).</summary>
    /// <param name="neighbors">The number of neighbours k.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Nearest(int neighbors = 1) => new(Specification.Nearest(neighbors));

    /// <summary>Matching without replacement: each control is used at most once.</summary>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> WithoutReplacement() => new(Specification.WithoutReplacement());

    /// <summary>Drops matches with |pᵢ − pⱼ| above <paramref name="width"/> (score units).</summary>
    /// <param name="width">The caliper in score units.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Caliper(double width) => new(Specification.Caliper(width));

    /// <summary>Treats distances within <paramref name="tolerance"/> of the k-th distance as ties.</summary>
    /// <param name="tolerance">The tie tolerance.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Ties(double tolerance) => new(Specification.Ties(tolerance));

    /// <summary>Treats near-equal distances as ties as Matching::Match does by default.</summary>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> MatchingPackageTies() => new(Specification.MatchingPackageTies());

    /// <summary>Kernel matching with <paramref name="bandwidth"/> and <paramref name="kernel"/>.</summary>
    /// <param name="bandwidth">The bandwidth in score units.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Kernel(double bandwidth = MatchingSpecification.DefaultBandwidth, MatchingKernel kernel = MatchingKernel.Epanechnikov) =>
        new(Specification.Kernel(bandwidth, kernel));

    /// <summary>Drops treated units whose score is outside the range of the controls' scores.</summary>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> CommonSupport() => new(Specification.CommonSupport());

    /// <summary>Sets the bootstrap of kernel matching.</summary>
    /// <param name="replications">The resamples.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Bootstrap(int replications, int seed = MatchingSpecification.DefaultSeed) => new(Specification.Bootstrap(replications, seed));

    /// <summary>Sets the outcome whose ATT is estimated.</summary>
    /// <param name="outcome">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public MatchingModel<TSchema> Outcome(NumericTerm<TSchema> outcome) => new(Specification.Outcome(TermOf(outcome)));

    /// <summary>A PSM-DID: this matching, then <paramref name="did"/> on the matched sample.</summary>
    /// <param name="did">The DID regression of the same schema.</param>
    /// <returns>A PSM-DID to complete with the matching mode, the sample and <c>Fit</c>.</returns>
    public PsmDidModel<TSchema> ThenRegress(RegressionModel<TSchema> did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return new(Specification.ThenRegress(did.Specification));
    }

    /// <summary>Matches on the data and estimates the ATT.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The matching result.</returns>
    private protected override MatchingResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>A typed PSM-DID on <typeparamref name="TSchema"/>, wrapping <see cref="PsmDidSpecification"/>.</summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class PsmDidModel<TSchema> : TypedModel<TSchema, PsmDidSpecification, PsmDidResult>
    where TSchema : IDatasetSchema
{
    internal PsmDidModel(PsmDidSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Matches each period separately (the default).</summary>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> ByPeriod() => new(Specification.ByPeriod());

    /// <summary>Matches all unit-periods at once, as one cross-section.</summary>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> Pooled() => new(Specification.Pooled());

    /// <summary>Matches units on their covariate means over the periods up to <paramref name="lastPeriod"/>.</summary>
    /// <param name="lastPeriod">The last pre-treatment period.</param>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> OnPreTreatmentMeans(double lastPeriod) => new(Specification.OnPreTreatmentMeans(lastPeriod));

    /// <summary>Regresses on the rows with a positive matching weight (the default).</summary>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> MatchedSample() => new(Specification.MatchedSample());

    /// <summary>Regresses on the matched rows, weighted by their matching weights.</summary>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> WeightedSample() => new(Specification.WeightedSample());

    /// <summary>Regresses on the common support: treated units on support and every control.</summary>
    /// <returns>A new model.</returns>
    public PsmDidModel<TSchema> CommonSupportSample() => new(Specification.CommonSupportSample());

    /// <summary>Matches, then fits the DID regression on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The PSM-DID result.</returns>
    private protected override PsmDidResult Estimate(PanelData data) => Specification.Fit(data);
}
