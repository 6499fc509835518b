namespace ModelDsl.Inference;

/// <summary>
/// A variance estimator: given a read-only view of a fitted model, returns the coefficients' covariance matrix
/// and their inference (standard error, t or z, p-value, interval), or the inference alone.
/// </summary>
/// <remarks>
/// <para>The estimators of a model family call the estimator that the requested <see cref="Vcov"/> names
/// (<see cref="Vcov.Estimator"/>) and hand the <see cref="VarianceEstimate"/> to the result; results never compute
/// a variance. The built-in estimators are in <see cref="VarianceEstimators"/> (iid, HC1, one- and two-way cluster);
/// a new one implements this interface and is requested with <see cref="Vcov.Using(IVarianceEstimator)"/>.</para>
/// <para>A matrix-based estimator returns <see cref="VarianceEstimate.FromMatrix"/>, which derives the per-coefficient
/// inference from the diagonal with the family's reference distribution. An estimator whose p-values and intervals come
/// from elsewhere (a bootstrap that inverts a test) returns <see cref="VarianceEstimate.FromInference"/>, with or without
/// a matrix; results then report its numbers as they are, and joint Wald tests say they do not apply when there is no
/// matrix.</para>
/// <para>Units: the view's estimates, bread and scores are in the fit's working units (coefficient j is reported as
/// working value · 2^<see cref="VarianceInput.Exponent(int)"/>); the estimate is returned in the same units and the
/// result rescales it exactly by powers of two.</para>
/// </remarks>
public interface IVarianceEstimator
{
    /// <summary>A short name for tables and JSON (<c>iid</c>, <c>hc1</c>, <c>cluster</c>, <c>wild-bootstrap</c>).</summary>
    string Name { get; }

    /// <summary>Estimates the variance of <paramref name="fit"/>'s coefficients as <paramref name="request"/> asks.</summary>
    /// <param name="fit">The read-only view of the fitted model the family's estimator hands over.</param>
    /// <param name="request">The request: cluster variables, small-sample correction, eigenvalue fix.</param>
    /// <returns>The matrix and per-coefficient inference, in the fit's working units.</returns>
    /// <exception cref="InvalidOperationException">When the request cannot be applied to this fit (too few clusters or
    /// residual degrees of freedom, an option the family does not support); the message says what to change.</exception>
    VarianceEstimate Estimate(VarianceInput fit, Vcov request);
}
