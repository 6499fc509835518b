using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// A typed dynamic-panel GMM model (Arellano–Bond difference GMM, Blundell–Bond system GMM) on the panel
/// <typeparamref name="TSchema"/>: <c>Gmm(Ic).On(Lag(Ic, 1), Dig).GmmInstruments(Ic, from: 2, to: 4).IvInstruments(Dig).TwoStep().Fit(data)</c>.
/// Regressors and instruments are numeric handles or terms of that schema and <c>Fit</c> takes its data set. It wraps the
/// string-keyed <see cref="DynamicPanelSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type (a <c>[Panel]</c>: the generated <c>Gmm</c> verb is written only into panels).</typeparam>
/// <remarks>
/// The estimator, its conventions and its tests (AR(1)/AR(2), Hansen, Sargan) are those of
/// <see cref="DynamicPanelSpecification"/> (docs/dynamic-panel.md). The generator's analyzer reports a GMM lag range that
/// cannot hold, a constant first lag below 1 or a last lag below the first (MDSL1013), when the study compiles, and the
/// outcome itself among the regressors (MDSL1001) or a regressor listed twice (MDSL1002) as for any model.
/// </remarks>
public sealed class DynamicPanelModel<TSchema> : TypedModel<TSchema, DynamicPanelSpecification, DynamicPanelResult>
    where TSchema : IDatasetSchema
{
    private DynamicPanelModel(DynamicPanelSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a dynamic-panel GMM model of <paramref name="outcome"/>; generated <c>Gmm</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable, in levels (the estimator differences it).</param>
    /// <returns>A model to complete with <c>On</c>, <c>GmmInstruments</c>, <c>IvInstruments</c> and <c>Fit</c>.</returns>
    public static DynamicPanelModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.DynamicPanel(outcome.Term));
    }

    /// <summary>Adds regressors in levels: lags of the outcome (<c>Lag(Ic, 1)</c>) and other variables.</summary>
    /// <param name="regressors">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> On(params NumericTerm<TSchema>[] regressors) => new(Specification.On(TermsOf(regressors)));

    /// <summary>
    /// Adds GMM-style instruments: the lags <paramref name="from"/>…<paramref name="to"/> of <paramref name="variable"/>
    /// (xtabond2's <c>gmm(variable, lag(from to))</c>; <paramref name="to"/> null: all available lags), one column per lag
    /// when <paramref name="collapse"/> (Roodman 2009).
    /// </summary>
    /// <param name="variable">The series whose lags instrument (the outcome, a predetermined or endogenous regressor).</param>
    /// <param name="from">The shortest lag, at least 1 (2 for the lagged outcome under serially uncorrelated errors).</param>
    /// <param name="to">The longest lag, at least <paramref name="from"/>, or null for all available lags.</param>
    /// <param name="collapse">One column per lag instead of one per period and lag.</param>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> GmmInstruments(NumericTerm<TSchema> variable, int from = 2, int? to = null, bool collapse = false) =>
        new(Specification.GmmInstruments(TermOf(variable), from, to, collapse));

    /// <summary>Adds IV-style instruments (one column each) for both equations of system GMM, or the differenced one of difference GMM.</summary>
    /// <param name="instruments">Numeric columns or terms of this schema (strictly exogenous regressors, lags of them).</param>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> IvInstruments(params NumericTerm<TSchema>[] instruments) => new(Specification.IvInstruments(TermsOf(instruments)));

    /// <summary>Adds IV-style instruments for the given equation(s).</summary>
    /// <param name="equation">The equation(s) they enter (<see cref="InstrumentEquation.Level"/> needs system GMM).</param>
    /// <param name="instruments">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> IvInstruments(InstrumentEquation equation, params NumericTerm<TSchema>[] instruments) =>
        new(Specification.IvInstruments(equation, TermsOf(instruments)));

    /// <summary>Adds period dummies as regressors and IV-style instruments (plm::pgmm's <c>effect = "twoways"</c>).</summary>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> TimeDummies() => new(Specification.TimeDummies());

    /// <summary>One-step GMM with robust standard errors (the default).</summary>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> OneStep() => new(Specification.OneStep());

    /// <summary>Two-step GMM with Windmeijer-corrected standard errors.</summary>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> TwoStep() => new(Specification.TwoStep());

    /// <summary>Difference GMM (Arellano–Bond; the default).</summary>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> Difference() => new(Specification.Difference());

    /// <summary>System GMM (Blundell–Bond): the differenced and level equations stacked.</summary>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> System() => new(Specification.System());

    /// <summary>Sets the standard errors (robust one-step, Windmeijer two-step by default).</summary>
    /// <param name="variance">The standard errors.</param>
    /// <returns>A new model.</returns>
    public DynamicPanelModel<TSchema> Vcov(GmmVariance variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the model on the data, finding columns by their ordinals.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override DynamicPanelResult Estimate(PanelData data) => Specification.Fit(data);
}
