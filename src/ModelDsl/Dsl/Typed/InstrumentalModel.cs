using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// A typed instrumental-variables model on <typeparamref name="TSchema"/>, reached from a typed regression:
/// <c>Regress(Inno).On(Dig).Controls(Lnpop).Instrument(Dig, with: [Slope, Distance]).Fe(Province, Year).Cluster(Province).Liml()</c>.
/// Endogenous regressors and instruments are numeric handles or terms of that schema, fixed effects and the cluster are its
/// categorical columns, and <c>Fit</c> takes its data set. It wraps the string-keyed <see cref="InstrumentalSpecification"/>,
/// with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
/// <remarks>
/// Clustering is one-way, as in Stata's <c>ivregress</c> (the family's variance), so the two-way <c>Cluster(a, b)</c> of a
/// regression has no counterpart here and does not compile. The generator's analyzer checks the roles at compile time:
/// an excluded instrument that is also a regressor, a control or the outcome (MDSL1010), an endogenous regressor that is
/// the outcome, a control or its own instrument (MDSL1011), and fewer excluded instruments than endogenous regressors
/// (MDSL1012). See docs/instrumental.md.
/// </remarks>
public sealed class InstrumentalModel<TSchema> : TypedModel<TSchema, InstrumentalSpecification, InstrumentalResult>
    where TSchema : IDatasetSchema
{
    internal InstrumentalModel(InstrumentalSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Marks another regressor endogenous (adding it to the regressors if absent) and adds excluded instruments, pooled with those given before.</summary>
    /// <param name="endogenous">The endogenous regressor.</param>
    /// <param name="with">Its excluded instruments: <c>with: [Slope, Distance]</c>.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Instrument(NumericTerm<TSchema> endogenous, params NumericTerm<TSchema>[] with) =>
        new(Specification.Instrument(TermOf(endogenous), TermsOf(with)));

    /// <summary>Marks several regressors endogenous, instrumented jointly by <paramref name="with"/> (Stata's <c>(x1 x2 = z1 z2 z3)</c>).</summary>
    /// <param name="endogenous">The endogenous regressors: <c>[Dig, Fin]</c>.</param>
    /// <param name="with">The excluded instruments.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Instrument(NumericTerm<TSchema>[] endogenous, params NumericTerm<TSchema>[] with) =>
        new(Specification.Instrument(TermsOf(endogenous), TermsOf(with)));

    /// <summary>Adds exogenous regressors of interest.</summary>
    /// <param name="regressors">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> On(params NumericTerm<TSchema>[] regressors) => new(Specification.On(TermsOf(regressors)));

    /// <summary>Adds exogenous control variables (they instrument themselves).</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given (demeaning, never dummies).</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column (Stata's <c>vce(cluster g)</c>).</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])[0]));

    /// <summary>Sets the variance estimator: <see cref="ModelDsl.Vcov.Iid"/>, <see cref="ModelDsl.Vcov.HC1"/> (robust), a one-way cluster or <see cref="ModelDsl.Vcov.Hac(int, string)"/>.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Two-stage least squares (the default).</summary>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> TwoStageLeastSquares() => new(Specification.TwoStageLeastSquares());

    /// <summary>Limited-information maximum likelihood (Stata's <c>ivregress liml</c>).</summary>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Liml() => new(Specification.Liml());

    /// <summary>Fuller's modified LIML, κ = κ_LIML − α/(N − L) (Fuller 1977); 1 gives the approximately unbiased estimator.</summary>
    /// <param name="alpha">Fuller's constant, positive.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Fuller(double alpha) => new(Specification.Fuller(alpha));

    /// <summary>Two-step efficient GMM (Stata's <c>ivregress gmm</c>); see <see cref="InstrumentalSpecification.Gmm"/>.</summary>
    /// <param name="weight">The weight matrix's kind (iid, HC1, cluster, HAC), or null for the variance's.</param>
    /// <param name="center">Centre the moments before forming the weight matrix (Stata's <c>center</c>).</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Gmm(Vcov? weight = null, bool center = false) => new(Specification.Gmm(weight, center));

    /// <summary>Stata's <c>small</c>: finite-sample variance factors with t and F tests.</summary>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Small() => new(Specification.Small());

    /// <summary>Analytic weights from a numeric column of this schema (Stata <c>[aweight=]</c>: normalised to sum to N).</summary>
    /// <param name="column">A numeric column of positive weights.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Weights(NumericVariable<TSchema> column) => new(Specification.Weighted(ColumnOf(column)));

    /// <summary>A model without a constant (Stata's <c>noconstant</c>; only meaningful without fixed effects).</summary>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> WithoutIntercept() => new(Specification.WithoutIntercept());

    /// <summary>Keeps observations alone in a fixed-effect level (they are removed by default, as reghdfe does).</summary>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> KeepSingletons() => new(Specification.KeepSingletons());

    /// <summary>Sets the confidence level of the intervals.</summary>
    /// <param name="level">A level in (0, 1), for example 0.95.</param>
    /// <returns>A new model.</returns>
    public InstrumentalModel<TSchema> Confidence(double level) => new(Specification.Confidence(level));

    /// <summary>Estimates the model on the data, finding columns by their ordinals.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model (<see cref="InstrumentalResult.Diagnose"/> for the instrument diagnostics).</returns>
    private protected override InstrumentalResult Estimate(PanelData data) => Specification.Fit(data);
}
