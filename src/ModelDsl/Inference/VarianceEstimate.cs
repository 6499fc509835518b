using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>The inference on one coefficient, in the fit's working units (see <see cref="VarianceInput"/>).</summary>
/// <param name="StandardError">The standard error; NaN when the estimator gives none (test inversion).</param>
/// <param name="Statistic">t or z; NaN when not reported.</param>
/// <param name="PValue">The two-sided p-value; NaN when not reported.</param>
/// <param name="ConfidenceLow">The lower end of the interval.</param>
/// <param name="ConfidenceHigh">The upper end of the interval.</param>
public readonly record struct CoefficientInference(double StandardError, double Statistic, double PValue, double ConfidenceLow, double ConfidenceHigh);

/// <summary>
/// What a variance estimator returns: the coefficient covariance matrix (or none), the per-coefficient inference,
/// the degrees of freedom, the cluster counts and notes.
/// </summary>
/// <remarks>
/// <para>A matrix-based estimate (<see cref="FromMatrix"/>) derives every coefficient's inference from the matrix's
/// diagonal with the family's reference distribution: t with <see cref="DegreesOfFreedom"/> degrees of freedom, or
/// the normal when <see cref="VarianceInput.NormalInference"/>. An estimate built by <see cref="FromInference"/> carries
/// its own p-values and intervals (a bootstrap inverting a test) and may have no matrix; joint Wald tests on it do not
/// apply.</para>
/// </remarks>
public sealed record VarianceEstimate
{
    private VarianceEstimate(double[]? matrix, IReadOnlyList<CoefficientInference> coefficients, int degreesOfFreedom, IReadOnlyDictionary<string, int> clusterCounts, IReadOnlyList<Note> notes)
    {
        MatrixValues = matrix;
        Coefficients = coefficients;
        DegreesOfFreedom = degreesOfFreedom;
        ClusterCounts = clusterCounts;
        Notes = notes;
    }

    /// <summary>The p×p row-major covariance matrix in working units (a copy), or null when the estimator gives none.</summary>
    public double[]? Matrix => (double[]?)MatrixValues?.Clone();

    /// <summary>The inference on each coefficient, in the order of <see cref="VarianceInput.Names"/>.</summary>
    public IReadOnlyList<CoefficientInference> Coefficients { get; }

    /// <summary>
    /// The degrees of freedom of t statistics and of the denominator of Wald F tests: G − 1 for clusters (smallest G for
    /// two-way), N − K otherwise.
    /// </summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The number of clusters per cluster variable (empty unless clustered).</summary>
    public IReadOnlyDictionary<string, int> ClusterCounts { get; }

    /// <summary>Remarks on the estimate (an eigenvalue fix, a matrix that is not positive semi-definite).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The matrix without a copy, for the library's results.</summary>
    internal double[]? MatrixValues { get; }

    /// <summary>
    /// An estimate from a covariance matrix: each coefficient's standard error is the square root of its diagonal
    /// element, its statistic, p-value and interval follow from the family's reference distribution.
    /// </summary>
    /// <param name="fit">The view the matrix was computed for.</param>
    /// <param name="matrix">p×p row-major, working units.</param>
    /// <param name="degreesOfFreedom">The t and F denominator degrees of freedom.</param>
    /// <param name="clusterCounts">Clusters per cluster variable, or null.</param>
    /// <param name="notes">Remarks, or null.</param>
    public static VarianceEstimate FromMatrix(VarianceInput fit, double[] matrix, int degreesOfFreedom, IReadOnlyDictionary<string, int>? clusterCounts = null, IReadOnlyList<Note>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(matrix);
        var p = fit.Names.Count;
        if (matrix.Length != p * p)
        {
            throw new ArgumentException($"The covariance matrix has {matrix.Length} elements but the model has {p} coefficients ({p * p} elements expected).", nameof(matrix));
        }

        var copy = (double[])matrix.Clone();
        var coefficients = new CoefficientInference[p];
        for (var j = 0; j < p; j++)
        {
            var variance = copy[(j * p) + j];
            coefficients[j] = fit.Infer(j, variance >= 0 ? Math.Sqrt(variance) : double.NaN, degreesOfFreedom);
        }

        return new VarianceEstimate(copy, coefficients, degreesOfFreedom, clusterCounts ?? new Dictionary<string, int>(), notes ?? []);
    }

    /// <summary>
    /// An estimate that carries its own per-coefficient inference (p-values and intervals by test inversion, for
    /// example), with or without a covariance matrix.
    /// </summary>
    /// <param name="fit">The view the estimate is for.</param>
    /// <param name="coefficients">One entry per coefficient, working units.</param>
    /// <param name="degreesOfFreedom">The degrees of freedom the inference used (0 when none applies).</param>
    /// <param name="matrix">A p×p row-major matrix for joint tests and covariances, or null.</param>
    /// <param name="clusterCounts">Clusters per cluster variable, or null.</param>
    /// <param name="notes">Remarks, or null.</param>
    public static VarianceEstimate FromInference(VarianceInput fit, IReadOnlyList<CoefficientInference> coefficients, int degreesOfFreedom, double[]? matrix = null, IReadOnlyDictionary<string, int>? clusterCounts = null, IReadOnlyList<Note>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(coefficients);
        var p = fit.Names.Count;
        if (coefficients.Count != p)
        {
            throw new ArgumentException($"The estimate has inference for {coefficients.Count} coefficients but the model has {p}.", nameof(coefficients));
        }

        if (matrix is not null && matrix.Length != p * p)
        {
            throw new ArgumentException($"The covariance matrix has {matrix.Length} elements but the model has {p} coefficients ({p * p} elements expected).", nameof(matrix));
        }

        return new VarianceEstimate((double[]?)matrix?.Clone(), coefficients.ToArray(), degreesOfFreedom, clusterCounts ?? new Dictionary<string, int>(), notes ?? []);
    }
}
