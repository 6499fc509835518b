namespace ModelDsl.Design;

/// <summary>
/// What an estimation sample is built from: the outcome, the right-hand-side terms, the fixed effects and cluster
/// variables whose missing values drop a row, and whether singletons go. Every model family states its design in these
/// words (a linear regression through <c>RegressionSpecification.ToSampleRequest()</c>), so that the design layer
/// depends on no model family.
/// </summary>
/// <param name="Outcome">The dependent variable.</param>
/// <param name="RightHandSide">Regressors then controls, in the order of the coefficients.</param>
/// <param name="FixedEffects">The absorbed fixed effects.</param>
/// <param name="Clusters">The cluster variables.</param>
/// <param name="DropSingletons">True to drop singleton observations of the fixed effects (iteratively).</param>
internal sealed record SampleRequest(Term Outcome, IEnumerable<Term> RightHandSide, IReadOnlyList<ColumnTerm> FixedEffects, IReadOnlyList<ColumnTerm> Clusters, bool DropSingletons);
