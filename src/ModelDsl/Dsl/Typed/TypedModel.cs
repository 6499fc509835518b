using ModelDsl.Data;

namespace ModelDsl;

/// <summary>
/// The shape every typed model shares: it wraps a string-keyed specification (<see cref="Specification"/>), is
/// estimated on a data set of its own schema only (<see cref="Fit"/>), and prints as its specification. A typed
/// model (<see cref="RegressionModel{TSchema}"/>, <see cref="DidModel{TSchema}"/>, ...) adds only its verbs, each of
/// which returns a new model around the specification's corresponding verb; the generated schema verbs
/// (<c>Regress</c>, <c>Did</c>, ...) start them (see docs/generator.md, "Adding a model family").
/// </summary>
/// <typeparam name="TSchema">The generated schema type whose handles the verbs take.</typeparam>
/// <typeparam name="TSpecification">The string-keyed specification the model builds.</typeparam>
/// <typeparam name="TResult">What <see cref="Fit"/> returns.</typeparam>
public abstract class TypedModel<TSchema, TSpecification, TResult>
    where TSchema : IDatasetSchema
    where TSpecification : notnull
{
    // private protected: the set of typed models is closed (the generator's table of families lists them).
    private protected TypedModel(TSpecification specification)
    {
        Specification = specification;
    }

    /// <summary>The string-keyed specification this model builds.</summary>
    public TSpecification Specification { get; }

    /// <summary>Estimates the model on <paramref name="data"/>, finding columns by their ordinals in the schema.</summary>
    /// <param name="data">A data set of this schema (a data set of another schema does not compile).</param>
    /// <returns>The fitted model.</returns>
    public TResult Fit(Dataset<TSchema> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Estimate(data.Data);
    }

    /// <inheritdoc />
    public override string ToString() => Specification.ToString() ?? string.Empty;

    /// <summary>The specification's own <c>Fit</c> on the conforming data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected abstract TResult Estimate(PanelData data);

    /// <summary>The string-keyed terms of numeric handles or terms of this schema.</summary>
    /// <param name="terms">The typed terms; none null.</param>
    /// <returns>The terms, with their column ordinals.</returns>
    private protected static Term[] TermsOf(NumericTerm<TSchema>[] terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Select((t, i) => t?.Term ?? throw new ArgumentException($"Term {i} is null; pass a column handle or term.", nameof(terms))).ToArray();
    }

    /// <summary>The string-keyed term of one numeric handle or term of this schema.</summary>
    /// <param name="term">The typed term.</param>
    /// <returns>The term.</returns>
    private protected static Term TermOf(NumericTerm<TSchema> term) => (term ?? throw new ArgumentNullException(nameof(term))).Term;

    /// <summary>The string-keyed columns of categorical handles of this schema.</summary>
    /// <param name="variables">The handles; none null.</param>
    /// <returns>The columns, with their ordinals.</returns>
    private protected static ColumnTerm[] ColumnsOf(CategoricalVariable<TSchema>[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables.Select((v, i) => v?.Term ?? throw new ArgumentException($"Variable {i} is null; pass a categorical column handle.", nameof(variables))).ToArray();
    }

    /// <summary>The string-keyed column of one numeric handle of this schema.</summary>
    /// <param name="variable">The handle.</param>
    /// <returns>The column, with its ordinal.</returns>
    private protected static ColumnTerm ColumnOf(NumericVariable<TSchema> variable) =>
        (variable ?? throw new ArgumentNullException(nameof(variable))).ColumnTerm;
}
