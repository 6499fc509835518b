using System.Globalization;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>Which variance the instrument diagnostics use for their robust statistics.</summary>
public enum InstrumentVarianceKind
{
    /// <summary>Homoskedastic, independent errors (ivreg2 without <c>robust</c>).</summary>
    Unadjusted,

    /// <summary>Heteroskedasticity-robust (ivreg2 <c>robust</c>).</summary>
    Robust,

    /// <summary>One-way cluster-robust (ivreg2 <c>cluster(var)</c>).</summary>
    Cluster,

    /// <summary>Heteroskedasticity- and autocorrelation-robust with the Bartlett kernel (ivreg2 <c>robust bw(#)</c>).</summary>
    Hac,
}

/// <summary>
/// The variance choice of <see cref="InstrumentDiagnosticsInput"/>: unadjusted, robust, one-way cluster (integer cluster
/// codes, one per row) or HAC with the Bartlett kernel (rows in time order, one series).
/// </summary>
/// <remarks>
/// HAC weights are k(j) = 1 − j/(lags + 1) for j = 1 … lags (Newey and West 1987); ivreg2's <c>bw(b)</c> is
/// <c>lags = b − 1</c> and Stata's <c>ivregress … vce(hac bartlett L)</c> is <c>lags = L</c>.
/// </remarks>
public sealed record InstrumentVariance
{
    private InstrumentVariance(InstrumentVarianceKind kind, int[]? clusterCodes, int lags)
    {
        Kind = kind;
        ClusterCodes = clusterCodes;
        Lags = lags;
    }

    /// <summary>The kind.</summary>
    public InstrumentVarianceKind Kind { get; }

    /// <summary>The cluster code of each row (0 … G − 1 or any integers) for <see cref="InstrumentVarianceKind.Cluster"/>; null otherwise.</summary>
    public IReadOnlyList<int>? ClusterCodes { get; }

    /// <summary>The number of Bartlett lags for <see cref="InstrumentVarianceKind.Hac"/>; 0 otherwise.</summary>
    public int Lags { get; }

    /// <summary>Homoskedastic errors.</summary>
    public static InstrumentVariance Unadjusted { get; } = new(InstrumentVarianceKind.Unadjusted, null, 0);

    /// <summary>Heteroskedasticity-robust.</summary>
    public static InstrumentVariance Robust { get; } = new(InstrumentVarianceKind.Robust, null, 0);

    /// <summary>One-way cluster-robust with the given code per row.</summary>
    /// <param name="codes">The cluster of each row.</param>
    /// <exception cref="ArgumentException">When <paramref name="codes"/> is empty.</exception>
    public static InstrumentVariance Cluster(IReadOnlyList<int> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count == 0)
        {
            throw new ArgumentException("Cluster codes are empty; pass one code per row of the data.", nameof(codes));
        }

        return new InstrumentVariance(InstrumentVarianceKind.Cluster, codes.ToArray(), 0);
    }

    /// <summary>HAC with the Bartlett kernel and <paramref name="lags"/> lags (rows in time order).</summary>
    /// <param name="lags">The number of lags, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="lags"/> is below 1.</exception>
    public static InstrumentVariance Hac(int lags)
    {
        if (lags < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lags), lags, $"A Bartlett HAC variance needs at least one lag; found {lags}. Use InstrumentVariance.Robust for none.");
        }

        return new InstrumentVariance(InstrumentVarianceKind.Hac, null, lags);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        InstrumentVarianceKind.Unadjusted => "unadjusted",
        InstrumentVarianceKind.Robust => "robust",
        InstrumentVarianceKind.Cluster => "cluster",
        _ => "hac(bartlett, " + Lags.ToString(CultureInfo.InvariantCulture) + " lags)",
    };
}

/// <summary>
/// The matrices of an instrumental-variables model for <see cref="InstrumentDiagnostics.Compute"/>: the outcome y (n), the
/// endogenous regressors X₁ (n×k₁), the included exogenous regressors X₂ (n×k₂, the constant among them when there is
/// one; empty when the constant and fixed effects were partialled out beforehand), the excluded instruments Z₁ (n×l₁),
/// optional analytic weights and the variance choice.
/// </summary>
/// <remarks>
/// <para>Matrices are row-major <c>double[n, k]</c>. When fixed effects were absorbed (demeaned) before the call, pass the
/// demeaned columns, an empty X₂ and the number of absorbed parameters (the constant included) as
/// <see cref="AbsorbedDegreesOfFreedom"/>: ivreg2's <c>sdofminus</c>, as ivreghdfe passes it. It enters every
/// small-sample denominator as N − L − absorbed (L = k₂ + l₁ the instruments in the matrices).
/// <see cref="LargeSampleDegreesOfFreedomAdjustment"/> is ivreg2's <c>dofminus</c> (it replaces N by N − dofminus in
/// the large-sample variances, as xtivreg2's within transformation needs); 0 unless you reproduce that option.</para>
/// <para>Analytic weights are normalised to sum to N (Stata's aweights).</para>
/// </remarks>
public sealed record InstrumentDiagnosticsInput
{
    /// <summary>The outcome, n values.</summary>
    public required IReadOnlyList<double> Outcome { get; init; }

    /// <summary>The endogenous regressors, n×k₁ (k₁ ≥ 1).</summary>
    public required double[,] Endogenous { get; init; }

    /// <summary>The included exogenous regressors, n×k₂ (k₂ may be 0).</summary>
    public double[,] Exogenous { get; init; } = new double[0, 0];

    /// <summary>The excluded instruments, n×l₁ (l₁ ≥ k₁).</summary>
    public required double[,] ExcludedInstruments { get; init; }

    /// <summary>The names of the endogenous regressors (default x1, x2, …).</summary>
    public IReadOnlyList<string>? EndogenousNames { get; init; }

    /// <summary>The names of the excluded instruments (default z1, z2, …).</summary>
    public IReadOnlyList<string>? InstrumentNames { get; init; }

    /// <summary>Analytic weights, n positive values, or null.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>The variance of the robust statistics.</summary>
    public InstrumentVariance Variance { get; init; } = InstrumentVariance.Unadjusted;

    /// <summary>Parameters absorbed before the call (fixed effects and the constant when partialled out): ivreg2's <c>sdofminus</c>.</summary>
    public int AbsorbedDegreesOfFreedom { get; init; }

    /// <summary>ivreg2's <c>dofminus</c>: subtracted from N in the large-sample variances; 0 by default.</summary>
    public int LargeSampleDegreesOfFreedomAdjustment { get; init; }

    /// <summary>The endogenous regressors the endogeneity tests treat as exogenous under the null (indices into X₁); null tests all.</summary>
    public IReadOnlyList<int>? EndogeneityTested { get; init; }

    /// <summary>The coefficients of the endogenous regressors under the Anderson–Rubin null (default all zero).</summary>
    public IReadOnlyList<double>? AndersonRubinNull { get; init; }

    /// <summary>The confidence level of the Anderson–Rubin confidence set (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}
