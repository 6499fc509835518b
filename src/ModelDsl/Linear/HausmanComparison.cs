using System.Globalization;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>Which disturbance variance the two covariance matrices of a <see cref="HausmanComparison"/> use (Stata's <c>hausman</c> options).</summary>
public enum HausmanVariance
{
    /// <summary>Each model's own variance, as estimated (Stata's default, plm's <c>phtest</c>).</summary>
    Own,

    /// <summary>Both matrices use the efficient (random-effects) estimator's σ̂² (Stata's <c>sigmamore</c>); needs iid variances.</summary>
    SigmaMore,

    /// <summary>Both matrices use the consistent (fixed-effects) estimator's σ̂² (Stata's <c>sigmaless</c>); needs iid variances.</summary>
    SigmaLess,
}

/// <summary>
/// The Hausman (1978) comparison of a fixed-effects and a random-effects fit (the Hausman test of random against fixed
/// effects; the type is named for what it computes, not "…Test", which tools and readers take for a unit test): H = (b_FE − b_RE)' (V_FE − V_RE)⁻ (b_FE − b_RE)
/// over the slopes both models estimate, χ² with as many degrees of freedom as the rank of V_FE − V_RE.
/// </summary>
/// <remarks>
/// <para>By default each model's own variance is used, as Stata's <c>hausman fe re</c> and plm's <c>phtest</c> do.
/// In finite samples V_FE − V_RE need not be positive definite. Stata's <c>hausman</c> then uses the Moore–Penrose
/// inverse of the difference, takes its rank as the degrees of freedom and prints "(V_b-V_B is not positive definite)";
/// this test does the same through the eigen decomposition V_FE − V_RE = Σ λ_j u_j u_j', H = Σ_{λ_j ≠ 0} (u_j'd)²/λ_j,
/// with a <see cref="NoteKind.Information"/> note. A negative eigenvalue can make H negative; Stata then reports the
/// statistic and says that the data fail to meet the asymptotic assumptions of the test. Here such a test has a
/// <see cref="Statistic"/>, no <see cref="PValue"/> (null) and a note saying so.</para>
/// <para>Eigenvalues are classified after scaling the difference by the fixed-effects standard errors
/// (S⁻¹(V_FE − V_RE)S⁻¹ with S = diag(√V_FE)), so regressors on very different scales do not hide each other; H is
/// invariant to that scaling when the difference has full rank. An eigenvalue within 1e-12·k of zero counts as
/// zero (the difference of two computed matrices of that size carries no more digits).</para>
/// <para><see cref="HausmanVariance.SigmaMore"/> and <see cref="HausmanVariance.SigmaLess"/> rescale one matrix so
/// that both use the same σ̂² (Stata's <c>sigmamore</c>/<c>sigmaless</c>); with iid variances the difference is then
/// positive semi-definite by construction, so the statistic cannot be negative.</para>
/// <para>When the test does not apply (wrong estimators, different samples, no common slope, a zero difference
/// matrix) <see cref="Reason"/> says why and <see cref="Statistic"/> and <see cref="PValue"/> are null.</para>
/// </remarks>
/// <param name="Statistic">H (negative when V_FE − V_RE has negative eigenvalues), or null when the test does not apply.</param>
/// <param name="DegreesOfFreedom">The rank of V_FE − V_RE (the number of slopes compared when it is positive definite).</param>
/// <param name="PValue">P(χ²_df ≥ H), or null when H is negative or the test does not apply.</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record HausmanComparison(double? Statistic, int DegreesOfFreedom, double? PValue, string? Reason = null)
{
    /// <summary>Stata's words for a difference matrix that is not positive definite.</summary>
    public const string NotPositiveDefiniteMessage = "(V_b-V_B is not positive definite)";

    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>Remarks on the computation: a difference matrix that is not positive definite, a negative statistic.</summary>
    public IReadOnlyList<Note> Notes { get; init; } = [];

    /// <summary>Which σ̂² the covariance matrices use.</summary>
    public HausmanVariance Variance { get; init; } = HausmanVariance.Own;

    /// <summary>Compares a fixed-effects and a random-effects fit of the same model.</summary>
    /// <param name="fixedEffects">The consistent estimator (estimator <c>fe</c>).</param>
    /// <param name="randomEffects">The efficient estimator under the null (estimator <c>re</c>).</param>
    /// <param name="variance">Which σ̂² the two covariance matrices use (default: each model's own).</param>
    public static HausmanComparison Compare(RegressionResult fixedEffects, RegressionResult randomEffects, HausmanVariance variance = HausmanVariance.Own)
    {
        ArgumentNullException.ThrowIfNull(fixedEffects);
        ArgumentNullException.ThrowIfNull(randomEffects);
        if (!Enum.IsDefined(variance))
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "Use HausmanVariance.Own, SigmaMore or SigmaLess.");
        }

        if (fixedEffects.Estimator != "fe" || randomEffects.Estimator != "re")
        {
            return Inapplicable($"the test compares a fixed-effects fit with a random-effects fit but got '{fixedEffects.Estimator}' and '{randomEffects.Estimator}'");
        }

        if (fixedEffects.Observations != randomEffects.Observations)
        {
            return Inapplicable($"the two fits use different samples ({fixedEffects.Observations} and {randomEffects.Observations} observations); fit both on the same rows (the fixed-effects fit drops singletons unless KeepSingletons() is used)");
        }

        if (variance != HausmanVariance.Own && (fixedEffects.Vcov.Kind != VcovKind.Iid || randomEffects.Vcov.Kind != VcovKind.Iid))
        {
            return Inapplicable($"{variance} rescales a covariance matrix by σ̂², which holds only for iid variances, but the fits use {fixedEffects.Vcov.Description} and {randomEffects.Vcov.Description}; use HausmanVariance.Own or refit with Vcov.Iid");
        }

        var names = fixedEffects.Coefficients
            .Where(c => !c.IsIntercept && randomEffects.TryGetCoefficient(c.Name, out _))
            .Select(c => c.Name)
            .ToArray();
        if (names.Length == 0)
        {
            return Inapplicable("the fits share no slope (time-invariant regressors are absorbed by the fixed effects)");
        }

        // Stata's sigmamore/sigmaless: σ̂²_RE or σ̂²_FE in both matrices (V = σ̂²·A under iid errors).
        var sigma2Fe = fixedEffects.ResidualStandardError * fixedEffects.ResidualStandardError;
        var sigma2Re = randomEffects.ResidualStandardError * randomEffects.ResidualStandardError;
        var (scaleFe, scaleRe) = variance switch
        {
            HausmanVariance.SigmaMore => (sigma2Re / sigma2Fe, 1.0),
            HausmanVariance.SigmaLess => (1.0, sigma2Fe / sigma2Re),
            _ => (1.0, 1.0),
        };
        if (!double.IsFinite(scaleFe) || !double.IsFinite(scaleRe) || scaleFe <= 0 || scaleRe <= 0)
        {
            return Inapplicable($"{variance} needs a positive residual variance in both fits, but σ̂²_FE = {Format(sigma2Fe)} and σ̂²_RE = {Format(sigma2Re)}");
        }

        var k = names.Length;
        var scale = new double[k];
        for (var i = 0; i < k; i++)
        {
            var varianceFe = scaleFe * fixedEffects.Covariance(names[i], names[i]);
            if (!(varianceFe > 0) || !double.IsFinite(varianceFe))
            {
                return Inapplicable($"the fixed-effects variance of '{names[i]}' is {Format(varianceFe)}; the test needs a positive, finite variance for every slope it compares");
            }

            scale[i] = Math.Sqrt(varianceFe);
        }

        // d and V scaled by the fixed-effects standard errors: S⁻¹d and S⁻¹(V_FE − V_RE)S⁻¹ (unit diagonal for V_FE).
        var difference = Vector<double>.Build.Dense(k, i => (fixedEffects[names[i]].Estimate - randomEffects[names[i]].Estimate) / scale[i]);
        var v = Matrix<double>.Build.Dense(
            k,
            k,
            (i, j) => ((scaleFe * fixedEffects.Covariance(names[i], names[j])) - (scaleRe * randomEffects.Covariance(names[i], names[j]))) / (scale[i] * scale[j]));
        var evd = v.Evd(Symmetricity.Symmetric);
        var tolerance = 1e-12 * k;
        var statistic = 0.0;
        var rank = 0;
        var negative = 0;
        for (var j = 0; j < k; j++)
        {
            var lambda = evd.EigenValues[j].Real;
            if (Math.Abs(lambda) <= tolerance)
            {
                continue;
            }

            var projection = evd.EigenVectors.Column(j).DotProduct(difference);
            statistic += projection * projection / lambda;
            rank++;
            negative += lambda < 0 ? 1 : 0;
        }

        if (rank == 0)
        {
            return Inapplicable("V_FE − V_RE is zero: the two estimators have the same variance");
        }

        var notes = new List<Note>();
        if (rank < k || negative > 0)
        {
            var detail = string.Create(
                CultureInfo.InvariantCulture,
                $"{NotPositiveDefiniteMessage}: V_FE − V_RE has {negative} negative and {k - rank} zero eigenvalue(s) over {k} slope(s); the statistic uses its generalised (Moore–Penrose) inverse with {rank} degree(s) of freedom, as Stata's hausman does");
            notes.Add(new Note(NoteKind.Information, detail, k - rank + negative));
        }

        if (statistic < 0)
        {
            notes.Add(new Note(
                NoteKind.Information,
                string.Create(CultureInfo.InvariantCulture, $"chi2 = {statistic:G6} < 0: the models fitted on these data fail to meet the asymptotic assumptions of the Hausman test, so no p-value is reported; try HausmanVariance.SigmaMore (iid variances) or a cluster-robust test (an auxiliary regression with clustered errors, Wooldridge 2010 §10.7.3)")));
            return new HausmanComparison(statistic, rank, null) { Notes = notes, Variance = variance };
        }

        return new HausmanComparison(statistic, rank, UpperTail.ChiSquare(rank, statistic)) { Notes = notes, Variance = variance };
    }

    /// <summary>A test that does not apply, with the reason.</summary>
    public static HausmanComparison Inapplicable(string reason) => new(null, 0, null, reason ?? throw new ArgumentNullException(nameof(reason)));

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsApplicable)
        {
            return $"Hausman test not applicable: {Reason}";
        }

        var head = string.Create(CultureInfo.InvariantCulture, $"Hausman chi2({DegreesOfFreedom}) = {Statistic:G6}, ");
        var p = PValue is { } value ? PValueText.Statement(value) : "no p-value";
        return Notes.Count == 0 ? head + p : $"{head}{p} ({string.Join("; ", Notes.Select(n => n.Message))})";
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
