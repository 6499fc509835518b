namespace ModelDsl;

/// <summary>The entry point of the string-keyed model verbs: <c>Model.Regress("inno").On("cbec").Fe("city", "year").Fit(data)</c>.</summary>
public static partial class Model
{
    /// <summary>Starts a linear model of <paramref name="outcome"/>.</summary>
    public static RegressionSpecification Regress(Term outcome) => new(outcome);

    /// <summary>Starts a set of linear models, one per outcome, with the same right-hand side.</summary>
    public static ModelSetSpecification Regress(Term first, Term second, params Term[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new RegressionSpecification(first).ForOutcomes([second, .. more]);
    }
}
