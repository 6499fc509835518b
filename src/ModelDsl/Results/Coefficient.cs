namespace ModelDsl.Results;

/// <summary>One estimated coefficient with its standard error, t statistic, p-value and confidence interval.</summary>
/// <param name="Name">The term's display name (<c>cbec</c>, <c>L1.log(gsp)</c>, <c>(Intercept)</c>).</param>
/// <param name="Estimate">The point estimate.</param>
/// <param name="StandardError">The standard error under the result's variance estimator.</param>
/// <param name="TStatistic">Estimate / StandardError.</param>
/// <param name="PValue">Two-sided p-value from a t distribution with the result's inference degrees of freedom.</param>
/// <param name="ConfidenceLow">The lower bound of the confidence interval.</param>
/// <param name="ConfidenceHigh">The upper bound of the confidence interval.</param>
public sealed record Coefficient(
    string Name,
    double Estimate,
    double StandardError,
    double TStatistic,
    double PValue,
    double ConfidenceLow,
    double ConfidenceHigh)
{
    /// <summary>The name of the constant term, <c>(Intercept)</c> (R's spelling).</summary>
    public const string InterceptName = "(Intercept)";

    /// <summary>True for the constant term.</summary>
    public bool IsIntercept => Name == InterceptName;
}
