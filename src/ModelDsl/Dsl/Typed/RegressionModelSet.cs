using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// Several typed linear models estimated together (stepwise controls): the typed counterpart of
/// <see cref="ModelSetSpecification"/>, with the same guarantees as <see cref="RegressionModel{TSchema}"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class RegressionModelSet<TSchema> : TypedModel<TSchema, ModelSetSpecification, ModelSet>
    where TSchema : IDatasetSchema
{
    internal RegressionModelSet(ModelSetSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Absorbs fixed effects for each categorical column given, in every model.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) =>
        new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column, in every model.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Cluster(CategoricalVariable<TSchema> variable) =>
        new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors, in every model.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator of every model.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates every model on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted models, in order.</returns>
    private protected override ModelSet Estimate(PanelData data) => Specification.Fit(data);

    /// <inheritdoc />
    /// <remarks>
    /// The set prints its type name, as it did before the typed models shared a base (the base prints the
    /// specification, and the set's specification is a record whose generated text lists every property).
    /// </remarks>
    public override string ToString() => GetType().ToString();
}
