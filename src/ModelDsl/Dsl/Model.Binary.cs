using ModelDsl.Estimation;
using ModelDsl.Matching;

namespace ModelDsl;

/// <summary>The binary-choice and matching verbs of the string-keyed model entry point.</summary>
public static partial class Model
{
    /// <summary>Starts a logit of the 0/1 <paramref name="outcome"/>: <c>Model.Logit("pilot").On("ln_pop", "ln_gdp").Fe("year").Fit(data)</c>.</summary>
    public static BinaryChoiceSpecification Logit(Term outcome) => new(BinaryLink.Logit, outcome);

    /// <summary>Starts a probit of the 0/1 <paramref name="outcome"/>.</summary>
    public static BinaryChoiceSpecification Probit(Term outcome) => new(BinaryLink.Probit, outcome);

    /// <summary>
    /// Starts a propensity-score matching on the 0/1 <paramref name="treatment"/>:
    /// <c>Model.Match("treat").On("age", "educ").Probit().Nearest(5).Outcome("re78").Fit(data)</c>.
    /// </summary>
    public static MatchingSpecification Match(Term treatment) => new(treatment);
}
