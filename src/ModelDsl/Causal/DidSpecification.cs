using ModelDsl.Data;

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
        var augmented = assignment.AddTo(data);
        var specification = WithDefaultFixedEffects(Regression, data).On(assignment.Name);
        var result = specification.Fit(augmented);
        assignment.RequireContrast(result.SampleRows);
        if (!result.TryGetCoefficient(assignment.Name, out _))
        {
            throw new InvalidOperationException(
                $"The treatment '{assignment.Name}' was dropped from the model ({string.Join("; ", result.Notes.Select(n => n.Message))}); it is collinear with the fixed effects or controls.");
        }

        return new DidResult(result, assignment);
    }

    internal static RegressionSpecification WithDefaultFixedEffects(RegressionSpecification specification, PanelData data)
        => specification.FixedEffects.Count == 0 && data.IsPanel
            ? specification.Fe(data.UnitColumnName!, data.TimeColumnName!)
            : specification;
}
