namespace ModelDsl.Causal;

/// <summary>
/// A typed staggered DID on <typeparamref name="TSchema"/> (wraps <see cref="DidSpecification"/>): handles of that
/// schema only, categorical handles for fixed effects and clusters; generated <c>Did</c> verbs call <see cref="Create"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class DidModel<TSchema>
    where TSchema : IDatasetSchema
{
    private DidModel(DidSpecification specification) => Specification = specification;

    /// <summary>The string-keyed specification this model builds.</summary>
    public DidSpecification Specification { get; }

    /// <summary>Starts a DID of <paramref name="outcome"/>.</summary>
    public static DidModel<TSchema> Create(NumericTerm<TSchema> outcome) => new(Model.Did(TypedTerms.Of(outcome)));

    /// <summary>The treatment from a cohort (first treated period) column; 0 or missing for never treated.</summary>
    public DidModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(TypedTerms.Column(cohort)));

    /// <summary>The treatment from a 0/1 indicator column.</summary>
    public DidModel<TSchema> Treated(NumericVariable<TSchema> indicator) => new(Specification.Treated(TypedTerms.Column(indicator)));

    /// <summary>Adds control variables.</summary>
    public DidModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TypedTerms.Of(controls)));

    /// <summary>Adds fixed-effect dimensions.</summary>
    public DidModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(TypedTerms.Of(dimensions)));

    /// <summary>Cluster-robust errors by one variable.</summary>
    public DidModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(TypedTerms.Of([variable])));

    /// <summary>Two-way cluster-robust errors.</summary>
    public DidModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) => new(Specification.Cluster(TypedTerms.Of([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    public DidModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the DID on <paramref name="data"/>.</summary>
    public DidResult Fit(Dataset<TSchema> data) => Specification.Fit((data ?? throw new ArgumentNullException(nameof(data))).Data);

    /// <inheritdoc />
    public override string ToString() => Specification.ToString();
}

/// <summary>A typed event study on <typeparamref name="TSchema"/> (wraps <see cref="EventStudySpecification"/>); generated <c>EventStudy</c> verbs call <see cref="Create"/>.</summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class EventStudyModel<TSchema>
    where TSchema : IDatasetSchema
{
    private EventStudyModel(EventStudySpecification specification) => Specification = specification;

    /// <summary>The string-keyed specification this model builds.</summary>
    public EventStudySpecification Specification { get; }

    /// <summary>Starts an event study of <paramref name="outcome"/>.</summary>
    public static EventStudyModel<TSchema> Create(NumericTerm<TSchema> outcome) => new(Model.EventStudy(TypedTerms.Of(outcome)));

    /// <summary>The cohort (first treated period) column; 0 or missing for never treated.</summary>
    public EventStudyModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(TypedTerms.Column(cohort)));

    /// <summary>The event window [start, end], end points binned.</summary>
    public EventStudyModel<TSchema> Window(int start, int end) => new(Specification.Window(start, end));

    /// <summary>The omitted reference event time (default −1).</summary>
    public EventStudyModel<TSchema> Reference(int eventTime) => new(Specification.Reference(eventTime));

    /// <summary>Drops the treated rows outside the window instead of binning them.</summary>
    public EventStudyModel<TSchema> WithoutBinning() => new(Specification.WithoutBinning());

    /// <summary>Sets the estimator (TWFE or Sun–Abraham).</summary>
    public EventStudyModel<TSchema> Using(EventStudyMethod method) => new(Specification.Using(method));

    /// <summary>Adds control variables.</summary>
    public EventStudyModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TypedTerms.Of(controls)));

    /// <summary>Adds fixed-effect dimensions.</summary>
    public EventStudyModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(TypedTerms.Of(dimensions)));

    /// <summary>Cluster-robust errors by one variable.</summary>
    public EventStudyModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(TypedTerms.Of([variable])));

    /// <summary>Two-way cluster-robust errors.</summary>
    public EventStudyModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) => new(Specification.Cluster(TypedTerms.Of([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    public EventStudyModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the event study on <paramref name="data"/>.</summary>
    public EventStudyResult Fit(Dataset<TSchema> data) => Specification.Fit((data ?? throw new ArgumentNullException(nameof(data))).Data);

    /// <inheritdoc />
    public override string ToString() => Specification.ToString();
}

/// <summary>Converts typed handles to the string-keyed terms (with their ordinals).</summary>
internal static class TypedTerms
{
    internal static Term Of<TSchema>(NumericTerm<TSchema> term) => term?.Term ?? throw new ArgumentNullException(nameof(term));

    internal static ColumnTerm Column<TSchema>(NumericVariable<TSchema> variable)
        => (ColumnTerm)(variable ?? throw new ArgumentNullException(nameof(variable))).Term;

    internal static Term[] Of<TSchema>(NumericTerm<TSchema>[] terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Select((t, i) => t?.Term ?? throw new ArgumentException($"Term {i} is null; pass a column handle or term.", nameof(terms))).ToArray();
    }

    internal static ColumnTerm[] Of<TSchema>(CategoricalVariable<TSchema>[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables.Select((v, i) => v?.Term ?? throw new ArgumentException($"Variable {i} is null; pass a categorical column handle.", nameof(variables))).ToArray();
    }
}
