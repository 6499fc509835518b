using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// A typed fixed-effects panel threshold regression (Hansen 1999; xthreg) on the panel <typeparamref name="TSchema"/>:
/// <c>Threshold(Inno).On(Va).By(Infra).Regimes(2).Controls(LnPop).Fe(Province).Bootstrap(300, seed: 1).Fit(data)</c>.
/// Regressors and the threshold variable are numeric handles or terms of that schema, the unit and the cluster its
/// categorical columns, and <c>Fit</c> takes its data set. It wraps the string-keyed <see cref="ThresholdSpecification"/>,
/// with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type (a <c>[Panel]</c>: the generated <c>Threshold</c> verb is written only into panels).</typeparam>
/// <remarks>
/// The estimator, its grid, trimming, bootstrap and conventions are those of <see cref="ThresholdSpecification"/>
/// (docs/threshold.md). The threshold variable may also be a regime-dependent regressor or a control (Hansen 1999 and
/// xthreg allow both). The generator's analyzer reports the outcome used as the threshold variable (MDSL1014) and a
/// constant regime count outside 2–4 or a constant trimmed share outside [0, 0.5) (MDSL1015) when the study compiles,
/// and the outcome among the regressors (MDSL1001) or a regressor listed twice, in <c>On</c> and <c>Controls</c> say
/// (MDSL1002), as for any model.
/// </remarks>
public sealed class ThresholdModel<TSchema> : TypedModel<TSchema, ThresholdSpecification, ThresholdResult>
    where TSchema : IDatasetSchema
{
    private ThresholdModel(ThresholdSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a panel threshold regression of <paramref name="outcome"/>; generated <c>Threshold</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>On</c>, <c>By</c>, <c>Regimes</c>, <c>Controls</c>, <c>Fe</c> and <c>Fit</c>.</returns>
    public static ThresholdModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Threshold(outcome.Term));
    }

    /// <summary>Sets the regime-dependent regressors x (xthreg's <c>rx()</c>).</summary>
    /// <param name="regressors">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> On(params NumericTerm<TSchema>[] regressors) => new(Specification.On(TermsOf(regressors)));

    /// <summary>Sets the threshold variable q (xthreg's <c>qx()</c>).</summary>
    /// <param name="thresholdVariable">A numeric column or term of this schema.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> By(NumericTerm<TSchema> thresholdVariable) => new(Specification.By(TermOf(thresholdVariable)));

    /// <summary>Sets the number of regimes: 2 (one threshold), 3 (two) or 4 (three).</summary>
    /// <param name="regimes">The number of regimes, 2 to 4.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Regimes(int regimes) => new(Specification.Regimes(regimes));

    /// <summary>Adds regime-independent controls z (xthreg's main varlist).</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Sets the unit fixed effect; it must be the panel's unit column (the model is one-way).</summary>
    /// <param name="unit">The unit column of this schema.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Fe(CategoricalVariable<TSchema> unit) => new(Specification.Fe(ColumnsOf([unit])[0]));

    /// <summary>Cluster-robust errors of the regime coefficients by a categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])[0]));

    /// <summary>Sets the variance estimator of the regime coefficients.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Bootstraps the F tests for the number of thresholds.</summary>
    /// <param name="draws">Draws per test, at least 10 (Hansen recommends 300 or more).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Bootstrap(int draws, int seed = 1) => new(Specification.Bootstrap(draws, seed));

    /// <summary>Sets the number of grid points G.</summary>
    /// <param name="points">At least 2.</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Grid(int points) => new(Specification.Grid(points));

    /// <summary>Uses every distinct value of q between the trimmed quantiles as a candidate.</summary>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> EveryValue() => new(Specification.EveryValue());

    /// <summary>
    /// Sets the trimmed share τ at each end of q's distribution: one share for every threshold, or one per threshold in
    /// order (xthreg's <c>trim(0.01 0.01 0.05)</c>).
    /// </summary>
    /// <param name="shares">One share, or one per threshold; each in [0, 0.5).</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Trim(params double[] shares) => new(Specification.Trim(shares));

    /// <summary>Sets the confidence level of the threshold intervals.</summary>
    /// <param name="level">A level in (0, 1).</param>
    /// <returns>A new model.</returns>
    public ThresholdModel<TSchema> Confidence(double level) => new(Specification.Confidence(level));

    /// <summary>Estimates the model on the data, finding columns by their ordinals.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override ThresholdResult Estimate(PanelData data) => Specification.Fit(data);
}
