using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>
/// Heterogeneity of the regressors of interest across the levels of a categorical column:
/// <c>Model.Regress("inno").On("cbec").Controls(...).Fe("city", "year").Cluster("city").By("region").Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>Three fits on the complete cases of every variable (the papers' heterogeneity tables):</para>
/// <para>1. Split samples: the model fitted separately on each level g.</para>
/// <para>2. Pooled interaction: y = Σ_g β_g (x · 1{group = g}) + W'γ + FE + e, with group intercepts unless a fixed effect
/// is nested in the group; one slope per level, common controls and fixed effects. Equal effects are tested by the
/// Wald test of β_1 = … = β_G (q = G − 1) with the model's variance estimator.</para>
/// <para>2b. One level at a time (the trade-policy paper's Tables 7–10): for each level g, the full sample with the
/// single interaction x · 1{group = g} in place of x, common controls and fixed effects (so N is the same in every
/// column). Each column compares level g's treated observations with everything else; read it together with 2 and 3.</para>
/// <para>3. Stacked (seemingly unrelated) comparison of the split samples: every regressor and control interacted with
/// the group and every fixed effect interacted with the group, so each level's coefficients equal its split-sample
/// fit exactly; the one variance estimator over the stack (clusters as in the model) supplies the cross-group
/// covariances when clusters span groups (as Stata's <c>suest</c>; Weesie 1999; Zellner 1962), and the Wald test of
/// equal slopes across levels compares the split-sample estimates. Its standard errors differ from the separate fits
/// only by the small-sample factor, which counts the parameters and clusters of the whole stack.</para>
/// </remarks>
public sealed record HeterogeneitySpecification
{
    internal HeterogeneitySpecification(RegressionSpecification model, ColumnTerm group)
    {
        Model = model;
        Group = group;
    }

    /// <summary>The model whose regressors of interest (<c>On(...)</c>) are compared across groups.</summary>
    public RegressionSpecification Model { get; init; }

    /// <summary>The categorical column defining the groups.</summary>
    public ColumnTerm Group { get; init; }

    /// <summary>The name of the interaction of <paramref name="regressor"/> with level <paramref name="level"/> of <paramref name="group"/>: <c>cbec×region=east</c>.</summary>
    public static string InteractionName(string regressor, string group, string level) => $"{regressor}×{group}={level}";

    /// <summary>Fits the split samples, the pooled interaction model and the stacked comparison on <paramref name="data"/>.</summary>
    public HeterogeneityResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Model.Regressors.Count == 0)
        {
            throw new InvalidOperationException($"The heterogeneity analysis of '{Model.Outcome.Name}' has no regressor of interest; name the effect to compare with On(\"cbec\").");
        }

        var (sample, _) = CompleteCases.Select(data, [Model.Outcome, .. Model.RightHandSide], Model, [Group]);
        var evaluator = new TermEvaluator(sample, LinearModelEstimator.PanelShift);
        var group = evaluator.Categorical(Group, "group variable");
        var codes = group.RawCodes;
        var present = codes.Distinct().Order().ToArray();
        if (present.Length < 2)
        {
            throw new InvalidOperationException(
                $"The group column '{Group.Name}' has {present.Length} level ({string.Join(", ", present.Select(c => group.Levels[c]))}) in the estimation sample; comparing effects needs at least two groups.");
        }

        var labels = present.Select(c => group.Levels[c]).ToArray();

        // 1. Split samples.
        var splits = new List<HeterogeneityGroup>();
        for (var l = 0; l < present.Length; l++)
        {
            var rows = Enumerable.Range(0, sample.RowCount).Where(i => codes[i] == present[l]).ToArray();
            var subset = sample.SelectRows(rows, new Note(NoteKind.SampleRestriction, $"{Group.Name} = {labels[l]}: {rows.Length} of {sample.RowCount} rows", sample.RowCount - rows.Length));
            try
            {
                splits.Add(new HeterogeneityGroup(labels[l], Model.Fit(subset)));
            }
            catch (InvalidOperationException error)
            {
                throw new InvalidOperationException($"The split-sample fit for {Group.Name} = {labels[l]} ({rows.Length} rows) failed: {error.Message}", error);
            }
        }

        // 2. Pooled interaction model.
        var augmented = sample;
        var indicator = present.Select(g => codes.Select(c => c == g ? 1.0 : 0.0).ToArray()).ToArray();
        var interactionNames = new Dictionary<string, string[]>();
        foreach (var regressor in Model.Regressors)
        {
            var values = evaluator.Evaluate(regressor);
            var names = labels.Select(label => InteractionName(regressor.Name, Group.Name, label)).ToArray();
            for (var l = 0; l < labels.Length; l++)
            {
                augmented = augmented.WithColumn(new NumericColumn(names[l], values.Select((v, i) => v * indicator[l][i]).ToArray()));
            }

            interactionNames[regressor.Name] = names;
        }

        var groupDummies = new List<Term>();
        if (!Model.FixedEffects.Any(f => IsNested(evaluator.Categorical(f, "fixed effect").RawCodes, codes)))
        {
            for (var l = 1; l < labels.Length; l++)
            {
                var name = $"{Group.Name}={labels[l]}";
                augmented = augmented.WithColumn(new NumericColumn(name, indicator[l]));
                groupDummies.Add(name);
            }
        }

        var pooled = (Model with { Regressors = [] })
            .On(interactionNames.Values.SelectMany(n => n).Select(n => (Term)n).ToArray())
            .Controls([.. groupDummies])
            .Fit(augmented);
        var pooledTests = interactionNames.ToDictionary(
            p => p.Key,
            p => pooled.WaldAllEqual($"equal effects of {p.Key} across {Group.Name} (pooled interaction model)", p.Value));

        // 2b. One level at a time.
        var levelFits = new List<HeterogeneityGroup>();
        for (var l = 0; l < labels.Length; l++)
        {
            var names = Model.Regressors.Select(r => (Term)interactionNames[r.Name][l]).ToArray();
            levelFits.Add(new HeterogeneityGroup(labels[l], (Model with { Regressors = [] }).On(names).Fit(augmented)));
        }

        // 3. Stacked comparison: everything interacted with the group.
        var stacked = augmented;
        var stackedControls = new List<Term>();
        foreach (var control in Model.ControlTerms)
        {
            var values = evaluator.Evaluate(control);
            for (var l = 0; l < labels.Length; l++)
            {
                var name = InteractionName(control.Name, Group.Name, labels[l]);
                stacked = stacked.WithColumn(new NumericColumn(name, values.Select((v, i) => v * indicator[l][i]).ToArray()));
                stackedControls.Add(name);
            }
        }

        var stackedFe = new List<ColumnTerm>();
        foreach (var fe in Model.FixedEffects)
        {
            var column = evaluator.Categorical(fe, "fixed effect");
            var name = $"{fe.Name}#{Group.Name}";
            stacked = stacked.WithColumn(CategoricalColumn.FromLabels(name, Enumerable.Range(0, sample.RowCount).Select(i => $"{column[i]}#{group[i]}").ToArray()));
            stackedFe.Add(name);
        }

        if (stackedFe.Count == 0)
        {
            stackedFe.Add(Group);
        }

        var stackedFit = (Model with { Regressors = [], ControlTerms = [], FixedEffects = [] })
            .On(interactionNames.Values.SelectMany(n => n).Select(n => (Term)n).ToArray())
            .Controls([.. stackedControls])
            .Fe([.. stackedFe])
            .Fit(stacked);
        var stackedTests = interactionNames.ToDictionary(
            p => p.Key,
            p => stackedFit.WaldAllEqual($"equal effects of {p.Key} across the {Group.Name} split samples (stacked, seemingly unrelated)", p.Value));

        return new HeterogeneityResult(this, splits, pooled, pooledTests, levelFits, stackedFit, stackedTests, interactionNames);
    }

    private static bool IsNested(int[] inner, int[] outer)
    {
        var owner = new Dictionary<int, int>();
        for (var i = 0; i < inner.Length; i++)
        {
            if (owner.TryGetValue(inner[i], out var o))
            {
                if (o != outer[i])
                {
                    return false;
                }
            }
            else
            {
                owner[inner[i]] = outer[i];
            }
        }

        return true;
    }
}
