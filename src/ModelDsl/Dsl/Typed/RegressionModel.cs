using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// A typed linear model on <typeparamref name="TSchema"/>: every verb takes handles of that schema only,
/// <c>Fe</c> and <c>Cluster</c> take categorical handles only, and <c>Fit</c> takes that data set. It wraps
/// the string-keyed <see cref="RegressionSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class RegressionModel<TSchema> : TypedModel<TSchema, RegressionSpecification, RegressionResult>
    where TSchema : IDatasetSchema
{
    private RegressionModel(RegressionSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a model of <paramref name="outcome"/>; generated <c>Regress</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model with no regressors yet.</returns>
    public static RegressionModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Regress(outcome.Term));
    }

    /// <summary>Adds regressors of interest.</summary>
    /// <param name="regressors">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> On(params NumericTerm<TSchema>[] regressors) => new(Specification.On(TermsOf(regressors)));

    /// <summary>Adds control variables.</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column (CR1 small-sample correction by default).</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors (Cameron, Gelbach and Miller 2011).</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator (<see cref="ModelDsl.Vcov.Iid"/>, <see cref="ModelDsl.Vcov.HC1"/>, ...).</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Weights every row by a numeric column of this schema (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">Analytic (Stata aweight, the default) or frequency (fweight) weights.</param>
    /// <returns>A new model.</returns>
    /// <remarks>See <see cref="RegressionSpecification.Weights(string, WeightKind)"/>.</remarks>
    public RegressionModel<TSchema> Weights(NumericVariable<TSchema> column, WeightKind kind = WeightKind.Analytic) => new(Specification.Weights((ColumnTerm)column, kind));

    /// <summary>The between estimator (Stata <c>xtreg, be</c>) on the units' means; see <see cref="RegressionSpecification.Between"/>.</summary>
    /// <param name="weighting">Unweighted, or weighted by each unit's number of rows (<c>be wls</c>).</param>
    /// <returns>A new model.</returns>
    public RegressionModel<TSchema> Between(BetweenWeighting weighting = BetweenWeighting.None) => new(Specification.Between(weighting));

    /// <summary>
    /// Marks <paramref name="endogenous"/> endogenous (adding it to the regressors if absent) with the excluded instruments
    /// <paramref name="with"/>: an instrumental-variables model with this regression's outcome, regressors, controls, fixed
    /// effects, variance and analytic weights (see <see cref="InstrumentalVerbs"/>).
    /// </summary>
    /// <param name="endogenous">The endogenous regressor.</param>
    /// <param name="with">Its excluded instruments: <c>with: [Slope, Distance]</c>.</param>
    /// <returns>An instrumental-variables model (2SLS until <c>Liml</c>, <c>Fuller</c> or <c>Gmm</c>).</returns>
    public InstrumentalModel<TSchema> Instrument(NumericTerm<TSchema> endogenous, params NumericTerm<TSchema>[] with) =>
        new(Specification.Instrument(TermOf(endogenous), TermsOf(with)));

    /// <summary>Marks several regressors endogenous, instrumented jointly by <paramref name="with"/> (Stata's <c>(x1 x2 = z1 z2 z3)</c>).</summary>
    /// <param name="endogenous">The endogenous regressors: <c>[Dig, Fin]</c>.</param>
    /// <param name="with">The excluded instruments.</param>
    /// <returns>An instrumental-variables model.</returns>
    public InstrumentalModel<TSchema> Instrument(NumericTerm<TSchema>[] endogenous, params NumericTerm<TSchema>[] with) =>
        new(Specification.Instrument(TermsOf(endogenous), TermsOf(with)));

    /// <summary>Stepwise controls (fixest <c>csw()</c>): model 1 has no controls, model k + 1 adds the k-th control.</summary>
    /// <returns>A set of models to complete with <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public RegressionModelSet<TSchema> Stepwise() => new(Specification.Stepwise());

    /// <summary>
    /// Heterogeneity by the levels of a categorical column of this schema: split-sample fits, a pooled interaction
    /// fit, a stacked comparison and tests of equal effects for the regressors of interest.
    /// </summary>
    /// <param name="group">The categorical column whose levels define the groups.</param>
    /// <returns>A heterogeneity analysis to <c>Fit</c>.</returns>
    public HeterogeneityModel<TSchema> By(CategoricalVariable<TSchema> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(Specification.By(group.Term));
    }

    /// <summary>Estimates the model on the data, finding columns by their ordinals.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override RegressionResult Estimate(PanelData data) => Specification.Fit(data);
}
