using ModelDsl.Data;
using ModelDsl.Mechanisms;

namespace ModelDsl;

/// <summary>
/// A typed Baron–Kenny mediation analysis on <typeparamref name="TSchema"/>: outcome, treatment, mediator and controls
/// are numeric terms of that schema, fixed effects and clusters its categorical columns, and <c>Fit</c> takes its data
/// set. It wraps the string-keyed <see cref="MediationSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class MediationModel<TSchema> : TypedModel<TSchema, MediationSpecification, MediationResult>
    where TSchema : IDatasetSchema
{
    private MediationModel(MediationSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a mediation analysis of <paramref name="outcome"/>; generated <c>Mediate</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable Y.</param>
    /// <returns>A model to complete with <c>Treatment</c>, <c>Through</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public static MediationModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Mediate(outcome.Term));
    }

    /// <summary>Sets the treatment X.</summary>
    /// <param name="treatment">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Treatment(NumericTerm<TSchema> treatment) => new(Specification.Treatment(TermOf(treatment)));

    /// <summary>Sets the mediator M.</summary>
    /// <param name="mediator">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Through(NumericTerm<TSchema> mediator) => new(Specification.Through(TermOf(mediator)));

    /// <summary>Adds control variables (in all three equations).</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Adds a seeded (cluster) bootstrap percentile interval for the indirect effect a·b.</summary>
    /// <param name="draws">The bootstrap resamples.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="level">The confidence level of the percentile interval.</param>
    /// <returns>A new model.</returns>
    public MediationModel<TSchema> Bootstrap(int draws = 1000, int seed = 42, double level = 0.95) => new(Specification.Bootstrap(draws, seed, level));

    /// <summary>Runs the three equations on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The mediation result.</returns>
    private protected override MediationResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>
/// A typed moderation analysis on <typeparamref name="TSchema"/> (centred interaction of a focal variable and a
/// moderator, marginal effects at chosen moderator values), wrapping <see cref="ModerationSpecification"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class ModerationModel<TSchema> : TypedModel<TSchema, ModerationSpecification, ModerationResult>
    where TSchema : IDatasetSchema
{
    private ModerationModel(ModerationSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a moderation analysis of <paramref name="outcome"/>; generated <c>Moderate</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Effect</c>, <c>By</c>, <c>At</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public static ModerationModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Moderate(outcome.Term));
    }

    /// <summary>Sets the focal variable X.</summary>
    /// <param name="effect">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Effect(NumericTerm<TSchema> effect) => new(Specification.Effect(TermOf(effect)));

    /// <summary>Sets the moderator Z.</summary>
    /// <param name="moderator">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> By(NumericTerm<TSchema> moderator) => new(Specification.By(TermOf(moderator)));

    /// <summary>Sets the moderator values (original scale) at which marginal effects are reported.</summary>
    /// <param name="values">The moderator values.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> At(params double[] values) => new(Specification.At(values));

    /// <summary>Adds control variables.</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Cluster-robust standard errors by one categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public ModerationModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Fits the centred interaction model on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The moderation result.</returns>
    private protected override ModerationResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>
/// A typed heterogeneity analysis on <typeparamref name="TSchema"/>: <c>Regress(Inno).On(Cbec)...By(Region).Fit(data)</c>
/// (split samples, a pooled interaction model and a stacked comparison), wrapping <see cref="HeterogeneitySpecification"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class HeterogeneityModel<TSchema> : TypedModel<TSchema, HeterogeneitySpecification, HeterogeneityResult>
    where TSchema : IDatasetSchema
{
    internal HeterogeneityModel(HeterogeneitySpecification specification)
        : base(specification)
    {
    }

    /// <summary>Fits the split samples, the interaction model and the stacked comparison on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The heterogeneity result.</returns>
    private protected override HeterogeneityResult Estimate(PanelData data) => Specification.Fit(data);

    /// <inheritdoc />
    public override string ToString() => $"{Specification.Model} by {Specification.Group.Name}";
}
