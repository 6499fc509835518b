using ModelDsl.Causal;

namespace ModelDsl.Mechanisms;

/// <summary>A typed mediation analysis on <typeparamref name="TSchema"/> (wraps <see cref="MediationSpecification"/>); generated <c>Mediate</c> verbs call <see cref="Create"/>.</summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class MediationModel<TSchema>
    where TSchema : IDatasetSchema
{
    private MediationModel(MediationSpecification specification) => Specification = specification;

    /// <summary>The string-keyed specification this model builds.</summary>
    public MediationSpecification Specification { get; }

    /// <summary>Starts a mediation analysis of <paramref name="outcome"/>.</summary>
    public static MediationModel<TSchema> Create(NumericTerm<TSchema> outcome) => new(Model.Mediate(TypedTerms.Of(outcome)));

    /// <summary>Sets the treatment X.</summary>
    public MediationModel<TSchema> Treatment(NumericTerm<TSchema> treatment) => new(Specification.Treatment(TypedTerms.Of(treatment)));

    /// <summary>Sets the mediator M.</summary>
    public MediationModel<TSchema> Through(NumericTerm<TSchema> mediator) => new(Specification.Through(TypedTerms.Of(mediator)));

    /// <summary>Adds control variables.</summary>
    public MediationModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TypedTerms.Of(controls)));

    /// <summary>Adds fixed-effect dimensions.</summary>
    public MediationModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(TypedTerms.Of(dimensions)));

    /// <summary>Cluster-robust errors by one variable.</summary>
    public MediationModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(TypedTerms.Of([variable])));

    /// <summary>Sets the variance estimator.</summary>
    public MediationModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Adds a seeded (cluster) bootstrap percentile interval for a·b.</summary>
    public MediationModel<TSchema> Bootstrap(int draws = 1000, int seed = 42, double level = 0.95) => new(Specification.Bootstrap(draws, seed, level));

    /// <summary>Runs the three steps on <paramref name="data"/>.</summary>
    public MediationResult Fit(Dataset<TSchema> data) => Specification.Fit((data ?? throw new ArgumentNullException(nameof(data))).Data);

    /// <inheritdoc />
    public override string ToString() => Specification.ToString();
}

/// <summary>A typed moderation analysis on <typeparamref name="TSchema"/> (wraps <see cref="ModerationSpecification"/>); generated <c>Moderate</c> verbs call <see cref="Create"/>.</summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class ModerationModel<TSchema>
    where TSchema : IDatasetSchema
{
    private ModerationModel(ModerationSpecification specification) => Specification = specification;

    /// <summary>The string-keyed specification this model builds.</summary>
    public ModerationSpecification Specification { get; }

    /// <summary>Starts a moderation analysis of <paramref name="outcome"/>.</summary>
    public static ModerationModel<TSchema> Create(NumericTerm<TSchema> outcome) => new(Model.Moderate(TypedTerms.Of(outcome)));

    /// <summary>Sets the focal variable X.</summary>
    public ModerationModel<TSchema> Effect(NumericTerm<TSchema> effect) => new(Specification.Effect(TypedTerms.Of(effect)));

    /// <summary>Sets the moderator Z.</summary>
    public ModerationModel<TSchema> By(NumericTerm<TSchema> moderator) => new(Specification.By(TypedTerms.Of(moderator)));

    /// <summary>Sets the moderator values (original scale) for the marginal effects.</summary>
    public ModerationModel<TSchema> At(params double[] values) => new(Specification.At(values));

    /// <summary>Adds control variables.</summary>
    public ModerationModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TypedTerms.Of(controls)));

    /// <summary>Adds fixed-effect dimensions.</summary>
    public ModerationModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(TypedTerms.Of(dimensions)));

    /// <summary>Cluster-robust errors by one variable.</summary>
    public ModerationModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(TypedTerms.Of([variable])));

    /// <summary>Sets the variance estimator.</summary>
    public ModerationModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Fits the centred interaction model on <paramref name="data"/>.</summary>
    public ModerationResult Fit(Dataset<TSchema> data) => Specification.Fit((data ?? throw new ArgumentNullException(nameof(data))).Data);

    /// <inheritdoc />
    public override string ToString() => Specification.ToString();
}

/// <summary>A typed heterogeneity analysis on <typeparamref name="TSchema"/>: <c>Regress(Inno).On(Cbec)...By(Region).Fit(data)</c>.</summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class HeterogeneityModel<TSchema>
    where TSchema : IDatasetSchema
{
    internal HeterogeneityModel(HeterogeneitySpecification specification) => Specification = specification;

    /// <summary>The string-keyed specification this model builds.</summary>
    public HeterogeneitySpecification Specification { get; }

    /// <summary>Fits the split samples, the interaction models and the stacked comparison on <paramref name="data"/>.</summary>
    public HeterogeneityResult Fit(Dataset<TSchema> data) => Specification.Fit((data ?? throw new ArgumentNullException(nameof(data))).Data);

    /// <inheritdoc />
    public override string ToString() => $"{Specification.Model} by {Specification.Group.Name}";
}
