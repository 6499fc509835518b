using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>
/// An immutable staggered two-way fixed-effects DID: <c>Model.Did("inno").Cohort("first_year").Controls(...).Fe("city", "year").Cluster("city").Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>y_it = β D_it + x_it'γ + α_i + λ_t + ε_it with D_it = 1{t ≥ cohort_i} for ever-treated units, estimated by
/// least squares with the fixed effects absorbed (the same estimator as <c>Model.Regress</c>). The fixed effects
/// default to the panel's unit and time columns when none are given.</para>
/// <para>With staggered adoption and heterogeneous effects, β is a weighted average of all 2×2 DID comparisons,
/// including "forbidden" ones that use already-treated units as controls, and some weights can be negative
/// (Goodman-Bacon 2021, J. Econometrics 225(2); de Chaisemartin and D'Haultfœuille 2020). Read it as a
/// variance-weighted summary, check the event study for dynamics, and prefer heterogeneity-robust estimators
/// when effects vary by cohort.</para>
/// </remarks>
public sealed record DidSpecification
{
    internal DidSpecification(Term outcome)
    {
        Regression = new RegressionSpecification(outcome ?? throw new ArgumentNullException(nameof(outcome)));
    }

    /// <summary>The regression template: outcome, controls, fixed effects and variance estimator.</summary>
    public RegressionSpecification Regression { get; init; }

    /// <summary>The treatment definition, or null until <see cref="Cohort(ColumnTerm)"/> or <see cref="Treated(ColumnTerm)"/> is called.</summary>
    public Treatment? Assignment { get; init; }

    /// <summary>Defines the treatment from a cohort column (the first treated period; 0 or missing for never treated).</summary>
    public DidSpecification Cohort(ColumnTerm cohort) => this with { Assignment = Treatment.FromCohort(cohort) };

    /// <summary>Defines the treatment by a 0/1 indicator column given directly.</summary>
    public DidSpecification Treated(ColumnTerm indicator) => this with { Assignment = Treatment.FromIndicator(indicator) };

    /// <summary>Sets the treatment definition.</summary>
    public DidSpecification WithTreatment(Treatment treatment) => this with { Assignment = treatment ?? throw new ArgumentNullException(nameof(treatment)) };

    /// <summary>Adds control variables.</summary>
    public DidSpecification Controls(params Term[] controls) => this with { Regression = Regression.Controls(controls) };

    /// <summary>Adds fixed-effect dimensions (default: the panel's unit and time).</summary>
    public DidSpecification Fe(params ColumnTerm[] dimensions) => this with { Regression = Regression.Fe(dimensions) };

    /// <summary>Weights every row by the numeric column <paramref name="column"/> (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean (Stata's aweight or fweight).</param>
    /// <remarks>The weighted least-squares fit of the linear family, with its conventions
    /// (<see cref="RegressionSpecification.Weights(string, WeightKind)"/>): analytic weights normalised to sum to N, the
    /// cluster sandwich of the scores wᵢeᵢxᵢ with the unweighted sample's small-sample factors; frequency weights as
    /// repeated rows. Rows whose weight is missing or zero leave the sample with a note. The Goodman-Bacon decomposition and the placebo test are of the unweighted DID and refuse a weighted one.</remarks>
    public DidSpecification Weights(string column, WeightKind kind = WeightKind.Analytic) => this with { Regression = Regression.Weights(column, kind) };

    /// <summary>Weights every row by a numeric column (typed path); see <see cref="Weights(string, WeightKind)"/>.</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean.</param>
    public DidSpecification Weights(ColumnTerm column, WeightKind kind = WeightKind.Analytic) => this with { Regression = Regression.Weights(column, kind) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two.</summary>
    public DidSpecification Cluster(params ColumnTerm[] variables) => this with { Regression = Regression.Cluster(variables) };

    /// <summary>Sets the variance estimator.</summary>
    public DidSpecification Vcov(Vcov variance) => this with { Regression = Regression.Vcov(variance) };

    /// <summary>Estimates the DID on <paramref name="data"/>.</summary>
    public DidResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var treatment = Assignment ?? throw new InvalidOperationException(
            $"The DID of '{Regression.Outcome.Name}' has no treatment; call Cohort(\"first_year\") for a first-treated-period column or Treated(\"d\") for a 0/1 indicator.");
        var assignment = treatment.Assign(data);
        assignment.RequireContrast(Enumerable.Range(0, data.RowCount).Where(i => !double.IsNaN(assignment.DummyArray[i]) && assignment.UnitCodeArray[i] >= 0).ToArray());
        var (augmented, kept) = WithoutUnweightedRows(Regression, assignment.AddTo(data));
        var specification = WithDefaultFixedEffects(Regression, data).On(assignment.Name);
        var result = specification.Fit(augmented);
        assignment.RequireContrast(kept is null ? result.SampleRows : result.SampleRows.Select(r => kept[r]).ToArray());
        if (!result.TryGetCoefficient(assignment.Name, out _))
        {
            throw new InvalidOperationException(
                $"The treatment '{assignment.Name}' was dropped from the model ({string.Join("; ", result.Notes.Select(n => n.Message))}); it is collinear with the fixed effects or controls.");
        }

        return new DidResult(result, assignment);
    }

    /// <summary>
    /// With weights, the rows whose weight is missing or zero leave the data first (with the note the regression would
    /// write), so that the regression's sample rows index <paramref name="data"/>'s kept rows; <c>Kept</c> maps them back
    /// (null when nothing was removed).
    /// </summary>
    internal static (PanelData Data, int[]? Kept) WithoutUnweightedRows(RegressionSpecification regression, PanelData data)
    {
        if (regression.WeightColumn is not { } column)
        {
            return (data, null);
        }

        var source = column.Ordinal is { } ordinal && ordinal < data.Columns.Count ? data.Columns[ordinal] : data.Contains(column.ColumnName) ? data[column.ColumnName] : null;
        if (source is not NumericColumn numeric)
        {
            // The regression reports a missing or categorical weight column with its own message.
            return (data, null);
        }

        var values = numeric.RawValues;
        var kept = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i]) && values[i] != 0).ToArray();
        if (kept.Length == values.Length)
        {
            return (data, null);
        }

        var missing = values.Count(double.IsNaN);
        var zero = values.Length - kept.Length - missing;
        var note = new Note(NoteKind.MissingValues, string.Create(CultureInfo.InvariantCulture, $"{missing + zero} rows dropped for a missing ({missing}) or zero ({zero}) weight in '{column.Name}'"), missing + zero);
        return (data.SelectRows(kept, note), kept);
    }

    internal static RegressionSpecification WithDefaultFixedEffects(RegressionSpecification specification, PanelData data)
        => specification.FixedEffects.Count == 0 && data.IsPanel
            ? specification.Fe(data.UnitColumnName!, data.TimeColumnName!)
            : specification;
}
