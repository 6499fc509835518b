
namespace ModelDsl;

/// <summary>
/// The instrumental-variables verb on a regression: <c>Model.Regress("y").On("x1", "x2").Instrument("x1", with: ["z1", "z2"])</c>
/// turns the regression into an <see cref="InstrumentalSpecification"/> with the same outcome, regressors, controls,
/// fixed effects and variance.
/// </summary>
/// <remarks>
/// Why this shape: the regression a user already writes stays as it is, and <c>Instrument</c> says which of its
/// regressors is endogenous and with what, in the order of Stata's <c>(x1 = z1 z2)</c> and fixest's <c>| x1 ~ z1 + z2</c>.
/// The estimator is a further verb (<c>.Liml()</c>, <c>.Fuller(1)</c>, <c>.Gmm()</c>; 2SLS by default), and everything a
/// regression allows before <c>Instrument</c> (<c>Fe</c>, <c>Vcov</c>, <c>Controls</c>, analytic <c>Weights</c>) is kept
/// and allowed after it too.
/// </remarks>
public static class InstrumentalVerbs
{
    /// <summary>Marks <paramref name="endogenous"/> endogenous (adding it to the regressors if absent) with the excluded instruments <paramref name="with"/>.</summary>
    /// <param name="regression">The regression whose outcome, regressors, controls, fixed effects and variance are kept.</param>
    /// <param name="endogenous">The endogenous regressor.</param>
    /// <param name="with">The excluded instruments.</param>
    public static InstrumentalSpecification Instrument(this RegressionSpecification regression, Term endogenous, params Term[] with)
        => From(regression).Instrument(endogenous, with);

    /// <summary>Marks several regressors endogenous, instrumented jointly by <paramref name="with"/>.</summary>
    /// <param name="regression">The regression whose outcome, regressors, controls, fixed effects and variance are kept.</param>
    /// <param name="endogenous">The endogenous regressors.</param>
    /// <param name="with">The excluded instruments.</param>
    public static InstrumentalSpecification Instrument(this RegressionSpecification regression, Term[] endogenous, params Term[] with)
        => From(regression).Instrument(endogenous, with);

    private static InstrumentalSpecification From(RegressionSpecification regression)
    {
        ArgumentNullException.ThrowIfNull(regression);
        if (regression.Method != LinearMethod.LeastSquares)
        {
            throw new InvalidOperationException("Instrumental variables start from a least-squares regression; random effects IV is not available. Remove RandomEffects().");
        }

        if (regression.SampleRestriction is not null)
        {
            throw new InvalidOperationException("Subset(...) is not carried into instrumental-variables models yet; restrict the data first (data.ExcludeUnits(...), data.Where(...)) and fit on the result.");
        }

        // Weights set on the regression carry over: dropping them would change every number without a word.
        if (regression.WeightColumn is not null && regression.WeightKind != WeightKind.Analytic)
        {
            throw new InvalidOperationException($"Instrumental-variables models take analytic weights (Stata [aweight=]) only; the regression has {regression.WeightKind} weights from '{regression.WeightColumn.Name}'. Use Weights(\"{regression.WeightColumn.Name}\") (analytic) or expand the rows by their frequency first.");
        }

        return new InstrumentalSpecification(regression.Outcome)
        {
            Weights = regression.WeightColumn,
            Regressors = regression.Regressors,
            ControlTerms = regression.ControlTerms,
            FixedEffects = regression.FixedEffects,
            Variance = regression.Variance,
            HasIntercept = regression.HasIntercept,
            DropSingletons = regression.DropSingletons,
            DemeaningTolerance = regression.DemeaningTolerance,
            DemeaningIterations = regression.DemeaningIterations,
            ConfidenceLevel = regression.ConfidenceLevel,
        };
    }
}
