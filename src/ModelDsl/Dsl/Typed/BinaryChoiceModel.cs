using ModelDsl.Data;
using ModelDsl.Estimation;

namespace ModelDsl;

/// <summary>
/// A typed logit or probit on <typeparamref name="TSchema"/>: regressors are numeric terms of that schema,
/// <c>Factors</c> and <c>Cluster</c> take its categorical columns, and <c>Fit</c> takes its data set. It wraps
/// the string-keyed <see cref="BinaryChoiceSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class BinaryChoiceModel<TSchema> : TypedModel<TSchema, BinaryChoiceSpecification, BinaryChoiceResult>
    where TSchema : IDatasetSchema
{
    private BinaryChoiceModel(BinaryChoiceSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a logit of <paramref name="outcome"/>; generated <c>Logit</c> verbs call this.</summary>
    /// <param name="outcome">The 0/1 dependent variable.</param>
    /// <returns>A model with no regressors yet.</returns>
    public static BinaryChoiceModel<TSchema> Logit(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Logit(outcome.Term));
    }

    /// <summary>Starts a probit of <paramref name="outcome"/>; generated <c>Probit</c> verbs call this.</summary>
    /// <param name="outcome">The 0/1 dependent variable.</param>
    /// <returns>A model with no regressors yet.</returns>
    public static BinaryChoiceModel<TSchema> Probit(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Probit(outcome.Term));
    }

    /// <summary>Adds regressors of interest.</summary>
    /// <param name="regressors">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> On(params NumericTerm<TSchema>[] regressors) => new(Specification.On(TermsOf(regressors)));

    /// <summary>Adds control variables.</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Adds categorical columns as dummy regressors, first level dropped (year or unit dummies).</summary>
    /// <param name="columns">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> Factors(params CategoricalVariable<TSchema>[] columns) => new(Specification.Factors(ColumnsOf(columns)));

    /// <summary>Cluster-robust standard errors by one categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public BinaryChoiceModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the model on the data by maximum likelihood, finding columns by their ordinals.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override BinaryChoiceResult Estimate(PanelData data) => Specification.Fit(data);
}
