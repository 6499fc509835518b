using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Mechanisms;

namespace ModelDsl;

/// <summary>The causal-toolkit and mechanism verbs of the string-keyed model DSL.</summary>
public static partial class Model
{
    /// <summary>Starts a staggered two-way fixed-effects DID of <paramref name="outcome"/>; give the treatment with <c>Cohort(...)</c> or <c>Treated(...)</c>.</summary>
    public static DidSpecification Did(Term outcome) => new(outcome);

    /// <summary>Starts an event study of <paramref name="outcome"/>: <c>Model.EventStudy("inno").Cohort("first_year").Window(-5, 5)...</c>.</summary>
    public static EventStudySpecification EventStudy(Term outcome) => new(outcome);

    /// <summary>
    /// Starts a Borusyak–Jaravel–Spiess imputation event study of <paramref name="outcome"/>:
    /// <c>Model.Imputation("inno").Cohort("first_year").Fe("city", "year").Cluster("city").PreTrends(3).Fit(data)</c>.
    /// </summary>
    public static ImputationSpecification Imputation(Term outcome) => new(outcome);

    /// <summary>
    /// Starts de Chaisemartin–D'Haultfœuille's DID_M of <paramref name="outcome"/> for a binary treatment that may switch
    /// on and off: <c>Model.SwitchingDid("y").Treated("d").Bootstrap(draws: 100, seed: 1).Fit(data)</c>.
    /// </summary>
    public static SwitchingDidSpecification SwitchingDid(Term outcome) => new(outcome);

    /// <summary>
    /// Starts a Callaway–Sant'Anna (2021) estimation of <paramref name="outcome"/>: every ATT(g,t) and its aggregations,
    /// <c>Model.CallawaySantAnna("lemp").Cohort("first_treat").NotYetTreated().Fit(data).Dynamic()</c>.
    /// </summary>
    public static CallawaySantAnnaSpecification CallawaySantAnna(Term outcome) => new(outcome);

    /// <summary>Starts a Baron–Kenny mediation analysis of <paramref name="outcome"/>: <c>Model.Mediate("inno").Treatment("cbec").Through("diginf")...</c>.</summary>
    public static MediationSpecification Mediate(Term outcome) => new(outcome);

    /// <summary>Starts a moderation analysis of <paramref name="outcome"/>: <c>Model.Moderate("inno").Effect("cbec").By("human_capital").At(...)</c>.</summary>
    public static ModerationSpecification Moderate(Term outcome) => new(outcome);
}

/// <summary>Causal and mechanism verbs on the plain regression specification.</summary>
public static class RegressionSpecificationCausalExtensions
{
    /// <summary>
    /// Heterogeneity by the levels of a categorical column: split-sample fits, a pooled interaction fit, a stacked
    /// comparison and tests of equal effects for the regressors of interest (<c>Model.Regress("inno").On("cbec")...By("region").Fit(data)</c>).
    /// </summary>
    public static HeterogeneitySpecification By(this RegressionSpecification specification, ColumnTerm group)
    {
        ArgumentNullException.ThrowIfNull(specification);
        return new HeterogeneitySpecification(specification, group ?? throw new ArgumentNullException(nameof(group)));
    }

    /// <summary>Adds the treatment dummy of <paramref name="treatment"/> to <paramref name="data"/> as a column named <see cref="Treatment.Name"/> (<c>treated</c> by default), for use in <c>Model.Regress(...).On("treated")</c>.</summary>
    public static PanelData WithTreatment(this PanelData data, Treatment treatment)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(treatment);
        return treatment.Assign(data).AddTo(data);
    }
}
