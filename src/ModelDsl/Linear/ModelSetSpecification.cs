using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>
/// Several linear models estimated together for one table: stepwise controls (fixest <c>csw()</c>)
/// and/or several outcomes with the same right-hand side.
/// </summary>
/// <remarks>
/// The models are ordered by outcome, then by step: for each outcome, step 1 has the regressors only and
/// step k + 1 adds the first k controls. Without <see cref="IsStepwise"/>, one model per outcome with every control.
/// </remarks>
public sealed record ModelSetSpecification
{
    internal ModelSetSpecification(RegressionSpecification template, IReadOnlyList<Term> outcomes, bool stepwise)
    {
        Template = template;
        Outcomes = outcomes;
        IsStepwise = stepwise;
    }

    /// <summary>The shared specification (its outcome is the first of <see cref="Outcomes"/>).</summary>
    public RegressionSpecification Template { get; init; }

    /// <summary>The outcomes, each estimated with the same right-hand side.</summary>
    public IReadOnlyList<Term> Outcomes { get; init; }

    /// <summary>Whether controls are added one at a time.</summary>
    public bool IsStepwise { get; init; }

    /// <summary>Adds regressors of interest.</summary>
    public ModelSetSpecification On(params Term[] regressors) => this with { Template = Template.On(regressors) };

    /// <summary>Adds control variables.</summary>
    public ModelSetSpecification Controls(params Term[] controls) => this with { Template = Template.Controls(controls) };

    /// <summary>Adds fixed-effect dimensions by column name.</summary>
    public ModelSetSpecification Fe(params string[] dimensions) => this with { Template = Template.Fe(dimensions) };

    /// <summary>Adds fixed-effect dimensions (typed path).</summary>
    public ModelSetSpecification Fe(params ColumnTerm[] dimensions) => this with { Template = Template.Fe(dimensions) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two.</summary>
    public ModelSetSpecification Cluster(params string[] variables) => this with { Template = Template.Cluster(variables) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two (typed path).</summary>
    public ModelSetSpecification Cluster(params ColumnTerm[] variables) => this with { Template = Template.Cluster(variables) };

    /// <summary>Sets the variance estimator.</summary>
    public ModelSetSpecification Vcov(Vcov variance) => this with { Template = Template.Vcov(variance) };

    /// <summary>Random effects for every model.</summary>
    public ModelSetSpecification RandomEffects() => this with { Template = Template.RandomEffects() };

    /// <summary>Estimates every model on a sub-sample chosen by a data-layer restriction.</summary>
    public ModelSetSpecification Subset(Func<PanelData, PanelData> restriction) => this with { Template = Template.Subset(restriction) };

    /// <summary>Keeps singleton observations in every model.</summary>
    public ModelSetSpecification KeepSingletons() => this with { Template = Template.KeepSingletons() };

    /// <summary>Adds stepwise controls.</summary>
    public ModelSetSpecification Stepwise() => this with { IsStepwise = true };

    /// <summary>Adds outcomes estimated with the same right-hand side.</summary>
    public ModelSetSpecification ForOutcomes(params Term[] moreOutcomes)
    {
        ArgumentNullException.ThrowIfNull(moreOutcomes);
        return this with { Outcomes = [.. Outcomes, .. moreOutcomes] };
    }

    /// <summary>The individual specifications, in table order.</summary>
    public IReadOnlyList<RegressionSpecification> Expand()
    {
        var models = new List<RegressionSpecification>();
        foreach (var outcome in Outcomes)
        {
            var baseModel = Template with { Outcome = outcome };
            if (!IsStepwise)
            {
                models.Add(baseModel);
                continue;
            }

            for (var step = 0; step <= Template.ControlTerms.Count; step++)
            {
                models.Add(baseModel with { ControlTerms = Template.ControlTerms.Take(step).ToArray() });
            }
        }

        return models;
    }

    /// <summary>Estimates every model on <paramref name="data"/>.</summary>
    public ModelSet Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // One cache for the set: a column demeaned for one model is reused by the next on the same rows.
        var cache = new DemeaningCache();
        return new ModelSet(Expand().Select(s => LinearModelEstimator.Fit(s, data, cache)).ToArray());
    }
}
