using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// Several typed linear models estimated together (stepwise controls): the typed counterpart of
/// <see cref="ModelSetSpecification"/>, with the same guarantees as <see cref="RegressionModel{TSchema}"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class RegressionModelSet<TSchema>
    where TSchema : IDatasetSchema
{
    internal RegressionModelSet(ModelSetSpecification specification)
    {
        Specification = specification;
    }

    /// <summary>The string-keyed specification this set builds.</summary>
    public ModelSetSpecification Specification { get; }

    /// <summary>Absorbs fixed effects for each categorical column given, in every model.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) =>
        new(Specification.Fe(RegressionModel<TSchema>.Columns(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column, in every model.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Cluster(CategoricalVariable<TSchema> variable) =>
        new(Specification.Cluster(RegressionModel<TSchema>.Columns([variable])));

    /// <summary>Two-way cluster-robust standard errors, in every model.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(RegressionModel<TSchema>.Columns([first, second])));

    /// <summary>Sets the variance estimator of every model.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new set.</returns>
    public RegressionModelSet<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates every model on <paramref name="data"/>.</summary>
    /// <param name="data">A data set of this schema.</param>
    /// <returns>The fitted models, in order.</returns>
    public ModelSet Fit(Dataset<TSchema> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Specification.Fit(data.Data);
    }
}
