using ModelDsl.Causal;
using ModelDsl.Data;

namespace ModelDsl;

/// <summary>
/// A typed Callaway–Sant'Anna (2021) group-time DID on the panel <typeparamref name="TSchema"/>:
/// <c>CallawaySantAnna(Inno).Cohort(FirstYear).Covariates(LnGdp).NotYetTreated().Fit(data)</c>. The cohort column and the
/// covariates are numeric handles of that schema, the cluster a categorical one, and <c>Fit</c> takes its data set.
/// It wraps the string-keyed <see cref="CallawaySantAnnaSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type (a <c>[Panel]</c>).</typeparam>
/// <remarks>
/// Estimator and conventions: <see cref="CallawaySantAnnaSpecification"/> (docs/causal.md). A categorical cohort or
/// covariate does not compile; the analyzer reports the outcome among the covariates (MDSL1001), a covariate listed
/// twice (MDSL1002), the cohort column used as the outcome or a covariate (MDSL1009) and a constant negative
/// anticipation (MDSL1015).
/// </remarks>
public sealed class CallawaySantAnnaModel<TSchema> : TypedModel<TSchema, CallawaySantAnnaSpecification, CallawaySantAnnaResult>
    where TSchema : IDatasetSchema
{
    private CallawaySantAnnaModel(CallawaySantAnnaSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a Callaway–Sant'Anna estimation of <paramref name="outcome"/>; generated <c>CallawaySantAnna</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Cohort</c>, <c>Covariates</c>, the comparison group and <c>Fit</c>.</returns>
    public static CallawaySantAnnaModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.CallawaySantAnna(outcome.Term));
    }

    /// <summary>Defines the cohort column: the first treated period of each unit, 0 or missing for never treated.</summary>
    /// <param name="cohort">A numeric column of this schema.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(ColumnOf(cohort)));

    /// <summary>Adds covariates (their base-period values enter the 2×2 estimator).</summary>
    /// <param name="covariates">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Covariates(params NumericTerm<TSchema>[] covariates) => new(Specification.Covariates(TermsOf(covariates)));

    /// <summary>Uses never-treated and not-yet-treated units as the comparison group.</summary>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> NotYetTreated() => new(Specification.NotYetTreated());

    /// <summary>Uses only never-treated units as the comparison group (the default).</summary>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> NeverTreated() => new(Specification.NeverTreated());

    /// <summary>Sets the 2×2 estimator.</summary>
    /// <param name="estimation">Outcome regression, inverse probability weighting or doubly robust.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Using(GroupTimeEstimation estimation) => new(Specification.Using(estimation));

    /// <summary>Sets the number of anticipation periods δ: units are affected from g − δ on.</summary>
    /// <param name="periods">0 or more.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Anticipation(int periods) => new(Specification.Anticipation(periods));

    /// <summary>Sets the base period of the pre-treatment cells.</summary>
    /// <param name="basePeriod">Varying or universal.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> WithBasePeriod(BasePeriod basePeriod) => new(Specification.WithBasePeriod(basePeriod));

    /// <summary>Clusters the standard errors by a categorical column constant within units.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])[0]));

    /// <summary>Standard errors and uniform bands from the multiplier bootstrap.</summary>
    /// <param name="draws">At least 2 draws.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="weights">The multiplier weights.</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Bootstrap(int draws, int seed, MultiplierWeights weights = MultiplierWeights.Rademacher) =>
        new(Specification.Bootstrap(draws, seed, weights));

    /// <summary>Sets the confidence level of intervals and bands.</summary>
    /// <param name="level">A level in (0, 1).</param>
    /// <returns>A new model.</returns>
    public CallawaySantAnnaModel<TSchema> Level(double level) => new(Specification.Level(level));

    /// <summary>Estimates every ATT(g,t) on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override CallawaySantAnnaResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>
/// A typed imputation event study (Borusyak, Jaravel and Spiess 2024) on the panel <typeparamref name="TSchema"/>:
/// <c>Imputation(Inno).Cohort(FirstYear).Controls(LnGdp).Fe(City, Year).Cluster(City).PreTrends(3).Fit(data)</c>.
/// It wraps the string-keyed <see cref="ImputationSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type (a <c>[Panel]</c>).</typeparam>
/// <remarks>
/// Estimator and conventions: <see cref="ImputationSpecification"/> (docs/causal.md). The analyzer reports the outcome
/// among the controls (MDSL1001), a control or fixed effect listed twice (MDSL1002, MDSL1003), the cohort column in
/// another role (MDSL1009), clustering on the time alone (MDSL1004) and constant horizons, anticipation or pre-trend
/// leads out of range (MDSL1015).
/// </remarks>
public sealed class ImputationModel<TSchema> : TypedModel<TSchema, ImputationSpecification, ImputationResult>
    where TSchema : IDatasetSchema
{
    private ImputationModel(ImputationSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts an imputation event study of <paramref name="outcome"/>; generated <c>Imputation</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Cohort</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public static ImputationModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Imputation(outcome.Term));
    }

    /// <summary>Defines the cohort column: the first treated period of each unit, 0 or missing for never treated.</summary>
    /// <param name="cohort">A numeric column of this schema.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(ColumnOf(cohort)));

    /// <summary>Defines the treatment from a prepared <see cref="ModelDsl.Causal.Treatment"/> (its columns must belong to this schema).</summary>
    /// <param name="treatment">The treatment assignment.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> WithTreatment(Treatment treatment) => new(Specification.WithTreatment(treatment));

    /// <summary>Adds time-varying controls to the model of Y(0).</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects in the model of Y(0).</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Clusters the standard errors by a categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])[0]));

    /// <summary>Excludes the <paramref name="periods"/> periods before each cohort from the fit of Y(0).</summary>
    /// <param name="periods">0 or more.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Anticipation(int periods) => new(Specification.Anticipation(periods));

    /// <summary>Adds the pre-trend test with <paramref name="periods"/> lead dummies.</summary>
    /// <param name="periods">At least 1.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> PreTrends(int periods) => new(Specification.PreTrends(periods));

    /// <summary>Reports the horizons <paramref name="first"/>..<paramref name="last"/> (periods since treatment).</summary>
    /// <param name="first">The first horizon.</param>
    /// <param name="last">The last horizon, at least <paramref name="first"/>.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Horizons(int first, int last) => new(Specification.Horizons(first, last));

    /// <summary>Weights the estimands by a numeric column of non-negative weights on the treated observations.</summary>
    /// <param name="weights">A numeric column of this schema.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Weighted(NumericVariable<TSchema> weights) => new(Specification.Weighted(ColumnOf(weights)));

    /// <summary>Sets the groups within which the standard errors average the effects.</summary>
    /// <param name="groups">The groups.</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> AverageEffectsBy(ImputationEffectGroups groups) => new(Specification.AverageEffectsBy(groups));

    /// <summary>Uses the plain (not leave-out) group averages in the standard errors.</summary>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> WithoutLeaveOut() => new(Specification.WithoutLeaveOut());

    /// <summary>Sets the confidence level of the intervals.</summary>
    /// <param name="level">A level in (0, 1).</param>
    /// <returns>A new model.</returns>
    public ImputationModel<TSchema> Confidence(double level) => new(Specification.Confidence(level));

    /// <summary>Estimates the imputation event study on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override ImputationResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>
/// A typed DID_M (de Chaisemartin and D'Haultfœuille 2020) for a treatment that switches on and off, on the panel
/// <typeparamref name="TSchema"/>: <c>SwitchingDid(Inno).Treated(Pilot).Cluster(Province).Bootstrap(100, seed: 1).Fit(data)</c>.
/// It wraps the string-keyed <see cref="SwitchingDidSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type (a <c>[Panel]</c>).</typeparam>
/// <remarks>
/// Estimator and conventions: <see cref="SwitchingDidSpecification"/> (docs/causal.md). A categorical treatment does not
/// compile; the analyzer reports the outcome used as the treatment (MDSL1009) and clustering on the time alone (MDSL1004).
/// </remarks>
public sealed class SwitchingDidModel<TSchema> : TypedModel<TSchema, SwitchingDidSpecification, SwitchingDidResult>
    where TSchema : IDatasetSchema
{
    private SwitchingDidModel(SwitchingDidSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a DID_M estimation of <paramref name="outcome"/>; generated <c>SwitchingDid</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Treated</c>, <c>Bootstrap</c> and <c>Fit</c>.</returns>
    public static SwitchingDidModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.SwitchingDid(outcome.Term));
    }

    /// <summary>Defines the 0/1 treatment indicator (it may switch on and off).</summary>
    /// <param name="indicator">A numeric column of this schema.</param>
    /// <returns>A new model.</returns>
    public SwitchingDidModel<TSchema> Treated(NumericVariable<TSchema> indicator) => new(Specification.Treated(ColumnOf(indicator)));

    /// <summary>Resamples clusters of units in the bootstrap (default: each unit its own cluster).</summary>
    /// <param name="variable">A categorical column constant within units.</param>
    /// <returns>A new model.</returns>
    public SwitchingDidModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])[0]));

    /// <summary>Standard errors by a cluster bootstrap.</summary>
    /// <param name="draws">At least 2 draws.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>A new model.</returns>
    public SwitchingDidModel<TSchema> Bootstrap(int draws = 100, int seed = 1) => new(Specification.Bootstrap(draws, seed));

    /// <summary>Sets the confidence level.</summary>
    /// <param name="level">A level in (0, 1).</param>
    /// <returns>A new model.</returns>
    public SwitchingDidModel<TSchema> Confidence(double level) => new(Specification.Confidence(level));

    /// <summary>Estimates DID_M and its placebo on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override SwitchingDidResult Estimate(PanelData data) => Specification.Fit(data);
}
