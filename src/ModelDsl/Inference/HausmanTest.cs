using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// The Hausman (1978) test of random against fixed effects: H = (b_FE − b_RE)' (V_FE − V_RE)⁻¹ (b_FE − b_RE)
/// over the slopes both models estimate, χ² with as many degrees of freedom as slopes compared.
/// </summary>
/// <remarks>
/// Each model's own variance is used, as Stata's <c>hausman fe re</c> and plm's <c>phtest</c> do (with iid
/// variances that is the textbook test). When V_FE − V_RE is not positive definite the statistic uses its
/// Moore–Penrose inverse, the degrees of freedom are its rank, and <see cref="Note"/> says so. When the test
/// does not apply (wrong estimators, no common slope) <see cref="Reason"/> says why and the numbers are NaN.
/// </remarks>
/// <param name="Statistic">H.</param>
/// <param name="DegreesOfFreedom">The number of slopes compared (or the rank of V_FE − V_RE).</param>
/// <param name="PValue">P(χ²_df ≥ H).</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
/// <param name="Note">A remark on the computation (a difference matrix that is not positive definite), or null.</param>
public sealed record HausmanTest(double Statistic, int DegreesOfFreedom, double PValue, string? Reason = null, string? Note = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>Compares a fixed-effects and a random-effects fit of the same model.</summary>
    public static HausmanTest Compare(RegressionResult fixedEffects, RegressionResult randomEffects)
    {
        ArgumentNullException.ThrowIfNull(fixedEffects);
        ArgumentNullException.ThrowIfNull(randomEffects);
        if (fixedEffects.Estimator != "fe" || randomEffects.Estimator != "re")
        {
            return Inapplicable($"the test compares a fixed-effects fit with a random-effects fit but got '{fixedEffects.Estimator}' and '{randomEffects.Estimator}'");
        }

        if (fixedEffects.Observations != randomEffects.Observations)
        {
            return Inapplicable($"the two fits use different samples ({fixedEffects.Observations} and {randomEffects.Observations} observations); fit both on the same rows (the fixed-effects fit drops singletons unless KeepSingletons() is used)");
        }

        var names = fixedEffects.Coefficients
            .Where(c => !c.IsIntercept && randomEffects.TryGetCoefficient(c.Name, out _))
            .Select(c => c.Name)
            .ToArray();
        if (names.Length == 0)
        {
            return Inapplicable("the fits share no slope (time-invariant regressors are absorbed by the fixed effects)");
        }

        var k = names.Length;
        var difference = Vector<double>.Build.Dense(k, i => fixedEffects[names[i]].Estimate - randomEffects[names[i]].Estimate);
        var v = Matrix<double>.Build.Dense(k, k, (i, j) => fixedEffects.Covariance(names[i], names[j]) - randomEffects.Covariance(names[i], names[j]));
        try
        {
            var cholesky = v.Cholesky();
            var statistic = difference.DotProduct(cholesky.Solve(difference));
            return new HausmanTest(statistic, k, 1 - ChiSquared.CDF(k, statistic));
        }
        catch (ArgumentException)
        {
            var inverse = v.PseudoInverse();
            var rank = v.Rank();
            if (rank == 0)
            {
                return Inapplicable("V_FE − V_RE is zero: the two estimators have the same variance");
            }

            var statistic = difference.DotProduct(inverse * difference);
            return new HausmanTest(statistic, rank, 1 - ChiSquared.CDF(rank, statistic), Note: $"V_FE − V_RE is not positive definite; the statistic uses its generalised inverse and {rank} degrees of freedom (of {k} slopes)");
        }
    }

    /// <summary>A test that does not apply, with the reason.</summary>
    public static HausmanTest Inapplicable(string reason) => new(double.NaN, 0, double.NaN, reason);

    /// <inheritdoc />
    public override string ToString()
        => IsApplicable ? $"Hausman chi2({DegreesOfFreedom}) = {Statistic:G6}, p = {PValue:G4}" : $"Hausman test not applicable: {Reason}";
}
