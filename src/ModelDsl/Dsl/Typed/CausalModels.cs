using ModelDsl.Causal;
using ModelDsl.Data;

namespace ModelDsl;

/// <summary>
/// A typed difference-in-differences on <typeparamref name="TSchema"/>: the treatment is a numeric column of that
/// schema (a cohort or a 0/1 indicator), fixed effects and clusters are its categorical columns, and <c>Fit</c>
/// takes its data set. It wraps the string-keyed <see cref="DidSpecification"/>, with column ordinals set.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class DidModel<TSchema> : TypedModel<TSchema, DidSpecification, DidResult>
    where TSchema : IDatasetSchema
{
    private DidModel(DidSpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts a difference-in-differences of <paramref name="outcome"/>; generated <c>Did</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Cohort</c> or <c>Treated</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public static DidModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.Did(outcome.Term));
    }

    /// <summary>Defines the treatment from a cohort column (first treated period; 0 or missing for never treated).</summary>
    /// <param name="cohort">The cohort column.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(ColumnOf(cohort)));

    /// <summary>Defines the treatment from an absorbing 0/1 indicator column.</summary>
    /// <param name="indicator">The indicator column.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Treated(NumericVariable<TSchema> indicator) => new(Specification.Treated(ColumnOf(indicator)));

    /// <summary>Defines the treatment from a prepared <see cref="ModelDsl.Causal.Treatment"/> (its columns must belong to this schema).</summary>
    /// <param name="treatment">The treatment assignment.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> WithTreatment(Treatment treatment) => new(Specification.WithTreatment(treatment));

    /// <summary>Adds control variables.</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Weights every row by a numeric column of this schema (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean (Stata's aweight or fweight).</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Weights(NumericVariable<TSchema> column, WeightKind kind = WeightKind.Analytic) => new(Specification.Weights((ColumnTerm)column, kind));

    /// <summary>Cluster-robust standard errors by one categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public DidModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the model on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted model.</returns>
    private protected override DidResult Estimate(PanelData data) => Specification.Fit(data);
}

/// <summary>
/// A typed event study on <typeparamref name="TSchema"/>, wrapping <see cref="EventStudySpecification"/> with the
/// same guarantees as <see cref="DidModel{TSchema}"/>.
/// </summary>
/// <typeparam name="TSchema">The generated schema type.</typeparam>
public sealed class EventStudyModel<TSchema> : TypedModel<TSchema, EventStudySpecification, EventStudyResult>
    where TSchema : IDatasetSchema
{
    private EventStudyModel(EventStudySpecification specification)
        : base(specification)
    {
    }

    /// <summary>Starts an event study of <paramref name="outcome"/>; generated <c>EventStudy</c> verbs call this.</summary>
    /// <param name="outcome">The dependent variable.</param>
    /// <returns>A model to complete with <c>Cohort</c>, <c>Window</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.</returns>
    public static EventStudyModel<TSchema> Create(NumericTerm<TSchema> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Model.EventStudy(outcome.Term));
    }

    /// <summary>Defines the treatment from a cohort column (first treated period; 0 or missing for never treated).</summary>
    /// <param name="cohort">The cohort column.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Cohort(NumericVariable<TSchema> cohort) => new(Specification.Cohort(ColumnOf(cohort)));

    /// <summary>Defines the treatment from a prepared <see cref="ModelDsl.Causal.Treatment"/> (its columns must belong to this schema).</summary>
    /// <param name="treatment">The treatment assignment.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> WithTreatment(Treatment treatment) => new(Specification.WithTreatment(treatment));

    /// <summary>Sets the event window [start, end]; the end points are binned.</summary>
    /// <param name="start">The first event time (negative: periods before treatment).</param>
    /// <param name="end">The last event time.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Window(int start, int end) => new(Specification.Window(start, end));

    /// <summary>Sets the omitted reference event time (default −1).</summary>
    /// <param name="eventTime">The reference event time.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Reference(int eventTime) => new(Specification.Reference(eventTime));

    /// <summary>Drops the treated units' rows outside the window instead of binning them into the end points.</summary>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> WithoutBinning() => new(Specification.WithoutBinning());

    /// <summary>Sets the estimator.</summary>
    /// <param name="method">The estimator.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Using(EventStudyMethod method) => new(Specification.Using(method));

    /// <summary>Adds control variables.</summary>
    /// <param name="controls">Numeric columns or terms of this schema.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Controls(params NumericTerm<TSchema>[] controls) => new(Specification.Controls(TermsOf(controls)));

    /// <summary>Absorbs fixed effects for each categorical column given.</summary>
    /// <param name="dimensions">Categorical columns of this schema.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Fe(params CategoricalVariable<TSchema>[] dimensions) => new(Specification.Fe(ColumnsOf(dimensions)));

    /// <summary>Weights every row by a numeric column of this schema (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean (Stata's aweight or fweight).</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Weights(NumericVariable<TSchema> column, WeightKind kind = WeightKind.Analytic) => new(Specification.Weights((ColumnTerm)column, kind));

    /// <summary>Cluster-robust standard errors by one categorical column.</summary>
    /// <param name="variable">The cluster variable.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Cluster(CategoricalVariable<TSchema> variable) => new(Specification.Cluster(ColumnsOf([variable])));

    /// <summary>Two-way cluster-robust standard errors.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Cluster(CategoricalVariable<TSchema> first, CategoricalVariable<TSchema> second) =>
        new(Specification.Cluster(ColumnsOf([first, second])));

    /// <summary>Sets the variance estimator.</summary>
    /// <param name="variance">The variance estimator.</param>
    /// <returns>A new model.</returns>
    public EventStudyModel<TSchema> Vcov(Vcov variance) => new(Specification.Vcov(variance));

    /// <summary>Estimates the event study on the data.</summary>
    /// <param name="data">The data, columns in schema order.</param>
    /// <returns>The fitted event study.</returns>
    private protected override EventStudyResult Estimate(PanelData data) => Specification.Fit(data);
}
