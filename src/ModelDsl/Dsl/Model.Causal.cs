using ModelDsl.Causal;
using ModelDsl.Data;

namespace ModelDsl;

/// <summary>The causal-toolkit and mechanism verbs of the string-keyed model DSL.</summary>
public static partial class Model
{
    /// <summary>Starts a staggered two-way fixed-effects DID of <paramref name="outcome"/>; give the treatment with <c>Cohort(...)</c> or <c>Treated(...)</c>.</summary>
    public static DidSpecification Did(Term outcome) => new(outcome);

    /// <summary>Starts an event study of <paramref name="outcome"/>: <c>Model.EventStudy("inno").Cohort("first_year").Window(-5, 5)...</c>.</summary>
    public static EventStudySpecification EventStudy(Term outcome) => new(outcome);
}

/// <summary>Causal and mechanism verbs on the plain regression specification.</summary>
public static class RegressionSpecificationCausalExtensions
{
    /// <summary>Adds the treatment dummy of <paramref name="treatment"/> to <paramref name="data"/> as a column named <see cref="Treatment.Name"/> (<c>treated</c> by default), for use in <c>Model.Regress(...).On("treated")</c>.</summary>
    public static PanelData WithTreatment(this PanelData data, Treatment treatment)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(treatment);
        return treatment.Assign(data).AddTo(data);
    }
}
