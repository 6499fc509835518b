namespace ModelDsl.Inference;

/// <summary>
/// The read-only view of a fitted model that a model family's estimator hands to an <see cref="IVarianceEstimator"/>:
/// coefficients, bread, scores, sample rows, cluster codes on the estimation sample and degrees of freedom.
/// </summary>
/// <remarks>
/// <para>Dimensions: p coefficients, n estimation rows; p×p matrices row-major. The bread B is (D'D)⁻¹ for least
/// squares and the inverse observed information (−H)⁻¹ for maximum likelihood; the score of row i is
/// sᵢ = eᵢdᵢ (residual times design row) for least squares and ∂ℓᵢ/∂β for maximum likelihood, so every sandwich is
/// c · B (Σ_g s_g s_g') B with s_g = Σ_{i∈g} sᵢ.</para>
/// <para>All numbers are in the fit's working units: coefficient j is reported as its working value ·
/// 2^<see cref="Exponent(int)"/>, its covariance with k as V[j, k] · 2^(eⱼ + eₖ). A matrix or interval returned in
/// working units is rescaled exactly by the result; t, z and p are scale-free.</para>
/// <para>Only the library's model families create views (each family knows its bread and scores); a new variance
/// estimator consumes one.</para>
/// </remarks>
public abstract class VarianceInput
{
    private readonly Dictionary<string, (int[] Codes, int Groups)> _clusters = new(StringComparer.Ordinal);

    private protected VarianceInput()
    {
    }

    /// <summary>The coefficient names, in the model's order.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>The coefficient estimates in working units.</summary>
    public abstract IReadOnlyList<double> Estimates { get; }

    /// <summary>The number of rows in the estimation sample.</summary>
    public abstract int Observations { get; }

    /// <summary>The data rows of the estimation sample, in order (row i of every per-row quantity is data row <c>SampleRows[i]</c>).</summary>
    public abstract IReadOnlyList<int> SampleRows { get; }

    /// <summary>N − K, K counting every estimated parameter (slopes, constant, fixed-effect levels).</summary>
    public abstract int ResidualDegreesOfFreedom { get; }

    /// <summary>True when the family refers statistics to the normal distribution (maximum likelihood, random effects) rather than t.</summary>
    public abstract bool NormalInference { get; }

    /// <summary>The confidence level of the intervals, in (0, 1).</summary>
    public abstract double ConfidenceLevel { get; }

    /// <summary>The estimator family: <c>ols</c>, <c>fe</c>, <c>re</c>, <c>logit</c>, <c>probit</c>.</summary>
    public abstract string Family { get; }

    /// <summary>The binary exponent from working to reported units of coefficient <paramref name="coefficient"/> (see remarks).</summary>
    public abstract int Exponent(int coefficient);

    /// <summary>The bread B, p×p row-major (a copy).</summary>
    public abstract double[] Bread();

    /// <summary>The model-based variance: σ̂² (D'D)⁻¹ with σ̂² = e'e/(N − K) for least squares, (−H)⁻¹ for maximum likelihood.</summary>
    /// <exception cref="InvalidOperationException">When N − K ≤ 0 for least squares.</exception>
    public abstract double[] ModelBasedVariance();

    /// <summary>Σ_g s_g s_g' (p×p row-major) with s_g the scores summed over the rows whose code is g.</summary>
    /// <param name="codes">One code per estimation row, in 0 .. <paramref name="groups"/> − 1.</param>
    /// <param name="groups">The number of codes.</param>
    public abstract double[] Meat(int[] codes, int groups);

    /// <summary>Σᵢ sᵢsᵢ' (p×p row-major): the meat with every row its own cluster.</summary>
    public abstract double[] HeteroskedasticMeat();

    /// <summary>
    /// The codes of a cluster variable on the estimation sample, compacted to 0 .. G − 1 (computed once per view and
    /// variable; the array is a copy).
    /// </summary>
    /// <exception cref="InvalidOperationException">When the variable is a numeric column with a value that is not an
    /// integer (integer identifiers are read as levels), or is missing in a row of the sample.</exception>
    public (int[] Codes, int Groups) ClusterCodes(ColumnTerm variable)
    {
        var (codes, groups) = SharedClusterCodes(variable);
        return ((int[])codes.Clone(), groups);
    }

    /// <summary>
    /// Σ_{i∈g} sᵢ for every code g (groups×p row-major): the scores summed by group, for estimators that need more than
    /// the meat (Driscoll–Kraay's cross-period products).
    /// </summary>
    /// <param name="codes">One code per estimation row, in 0 .. <paramref name="groups"/> − 1.</param>
    /// <param name="groups">The number of codes.</param>
    /// <exception cref="InvalidOperationException">When the family does not expose its scores by group.</exception>
    public virtual double[] GroupScores(int[] codes, int groups)
        => throw new InvalidOperationException($"The {Family} family does not expose its scores by group; use a cluster-robust variance instead.");

    /// <summary>
    /// The periods of a time variable on the estimation sample as codes 0 .. T − 1 in time order (0 the earliest period
    /// present), for estimators whose weights depend on the distance between periods.
    /// </summary>
    /// <param name="variable">The time column, or null for the panel's time column.</param>
    /// <exception cref="InvalidOperationException">When the family has no time order, the data no time column, or the variable is missing in a row.</exception>
    public (int[] Codes, int Periods) TimeCodes(ColumnTerm? variable) => ComputeTimeCodes(variable);

    /// <summary>The ordered period codes of <see cref="TimeCodes(ColumnTerm?)"/>.</summary>
    private protected virtual (int[] Codes, int Periods) ComputeTimeCodes(ColumnTerm? variable)
        => throw new InvalidOperationException($"The {Family} family does not expose time periods; use a cluster-robust variance instead.");

    /// <summary>
    /// The least-squares regression behind the fit, for estimators that re-estimate it (a wild bootstrap): the design D
    /// (n×p column-major, as the bread's (D'D)⁻¹ sees it: demeaned with absorbed fixed effects, times √w with weights)
    /// and the outcome y = Dβ̂ + e; null for families that are not least squares.
    /// </summary>
    internal virtual (double[] Design, double[] Outcome)? LeastSquaresData() => null;

    /// <summary>The cached codes of <see cref="ClusterCodes(ColumnTerm)"/> without a copy, for the built-in estimators (which do not modify them).</summary>
    internal (int[] Codes, int Groups) SharedClusterCodes(ColumnTerm variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!_clusters.TryGetValue(variable.Name, out var codes))
        {
            codes = ComputeClusterCodes(variable);
            _clusters[variable.Name] = codes;
        }

        return codes;
    }

    /// <summary>c · B M B (p×p row-major) for this fit's bread.</summary>
    internal abstract double[] Sandwich(double[] meat, double factor);

    /// <summary>K of the observation factor N/(N − K) or (N − 1)/(N − K) under <paramref name="correction"/>.</summary>
    internal abstract int CorrectionParameters(SmallSampleCorrection correction, IReadOnlyList<int[]> clusterCodes);

    /// <summary>
    /// The correction this family applies for <paramref name="requested"/>: the request itself, or the family's own
    /// convention for the default (maximum likelihood: G/(G − 1) only, Stata's convention for ML estimators).
    /// </summary>
    /// <exception cref="InvalidOperationException">When the family cannot apply the request; the message says why.</exception>
    internal virtual SmallSampleCorrection Correction(SmallSampleCorrection requested) => requested;

    /// <summary>The statistic, p-value and interval of coefficient <paramref name="coefficient"/> with standard error <paramref name="standardError"/>.</summary>
    internal abstract CoefficientInference Infer(int coefficient, double standardError, int degreesOfFreedom);

    /// <summary>The cluster codes of <paramref name="variable"/> on the estimation sample.</summary>
    private protected abstract (int[] Codes, int Groups) ComputeClusterCodes(ColumnTerm variable);

    /// <summary>The number of slopes (the constant and fixed effects excluded), for messages.</summary>
    internal abstract int Slopes { get; }

    /// <summary>Throws when N − K ≤ 0 (no residual degrees of freedom for the variance).</summary>
    internal abstract void RequireResidualDegreesOfFreedom();

    /// <summary>The error for a cluster variable with fewer than 2 levels in the estimation sample.</summary>
    internal virtual InvalidOperationException TooFewClusters(ColumnTerm variable, int groups)
        => new($"Cluster variable '{variable.Name}' has {groups} level in the estimation sample; clustered errors need at least 2 clusters (use Vcov.HC1, or cluster by a variable with more levels).");
}
