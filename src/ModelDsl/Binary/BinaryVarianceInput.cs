using MathNet.Numerics.Distributions;

using ModelDsl.Inference;

namespace ModelDsl.Estimation;

/// <summary>
/// The view of a logit or probit fit that the binary-choice result hands to a variance estimator: bread (−H)⁻¹,
/// scores sᵢ = ∂ℓᵢ/∂β, the one cluster variable's codes, and the small-sample correction maximum likelihood can apply.
/// </summary>
/// <remarks>
/// <para>n kept rows, k parameters, k×k matrices row-major, all in the fit's scaled column units. Robust:
/// V = c · A⁻¹(Σᵢ sᵢsᵢ')A⁻¹ with A = −H (White 1982); cluster: Σ_g (Σ_{i∈g} sᵢ)(Σ_{i∈g} sᵢ)' (Stata [U] 20.22).</para>
/// <para>Correction: the default request (<see cref="SmallSampleCorrection.Default"/>) is Stata's convention for ML
/// estimators, c = G/(G − 1) (n/(n − 1) for robust) with no observation factor, which statsmodels' and Stata's reference
/// numbers use. Any other correction is applied as asked: the cluster factor on or off and the observation factor
/// (N − 1)/(N − K) or N/(N − K) with K the model's parameters (intercept and factor dummies are parameters, so
/// <see cref="SmallSampleCorrection.FixedEffects"/> and <see cref="SmallSampleCorrection.CountConstant"/> change nothing).
/// With absorbed fixed effects (conditional-on-levels logit) an observation factor is rejected: K would need the
/// fixed-effect parameters, which that estimator does not count.</para>
/// <para>The eigenvalue fix repairs two-way cluster matrices; logit and probit cluster one way
/// (<see cref="BinaryChoiceSpecification.Vcov(Vcov)"/> rejects two), whose sandwich is positive semi-definite, so the fix
/// has nothing to change, exactly as for a one-way linear model.</para>
/// </remarks>
internal sealed class BinaryVarianceInput : VarianceInput
{
    private readonly BinaryChoiceFit _fit;
    private readonly int[]? _clusters;
    private readonly string? _clusterName;
    private readonly int[] _sampleRows;
    private readonly double _level;

    internal BinaryVarianceInput(BinaryChoiceFit fit, int[]? clusters, string? clusterName, int[] sampleRows, double level)
    {
        _fit = fit;
        _clusters = clusters;
        _clusterName = clusterName;
        _sampleRows = sampleRows;
        _level = level;
    }

    /// <summary>Stata's correction for maximum-likelihood estimators: G/(G − 1) only.</summary>
    internal static SmallSampleCorrection MaximumLikelihood { get; } = new(ObservationAdjustment.None, FixedEffectCount.All, true, true, MultiwayClusterCount.Minimum);

    /// <inheritdoc />
    public override IReadOnlyList<string> Names => _fit.Names;

    /// <inheritdoc />
    public override IReadOnlyList<double> Estimates => _fit.ScaledBeta;

    /// <inheritdoc />
    public override int Observations => _fit.Observations;

    /// <inheritdoc />
    public override IReadOnlyList<int> SampleRows => _sampleRows;

    /// <inheritdoc />
    public override int ResidualDegreesOfFreedom => _fit.Observations - _fit.Parameters;

    /// <inheritdoc />
    public override bool NormalInference => true;

    /// <inheritdoc />
    public override double ConfidenceLevel => _level;

    /// <inheritdoc />
    public override string Family => _fit.Link == BinaryLink.Logit ? "logit" : "probit";

    /// <inheritdoc />
    internal override int Slopes => _fit.Parameters - (_fit.InterceptIndex >= 0 ? 1 : 0);

    /// <inheritdoc />
    public override int Exponent(int coefficient) => -_fit.Exponent(coefficient);

    /// <inheritdoc />
    public override double[] Bread() => (double[])_fit.InverseInformation.Clone();

    /// <inheritdoc />
    public override double[] ModelBasedVariance() => (double[])_fit.InverseInformation.Clone();

    /// <inheritdoc />
    public override double[] HeteroskedasticMeat()
    {
        var k = _fit.Parameters;
        var meat = new double[k * k];
        var s = new double[k];
        for (var i = 0; i < _fit.Observations; i++)
        {
            for (var j = 0; j < k; j++)
            {
                s[j] = _fit.ScoreFactor[i] * _fit.Columns[j][i];
            }

            BinaryChoiceInference.AddOuter(meat, s, k);
        }

        return meat;
    }

    /// <inheritdoc />
    public override double[] Meat(int[] codes, int groups)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var k = _fit.Parameters;
        var n = _fit.Observations;
        if (codes.Length != n)
        {
            throw new ArgumentException($"Cluster standard errors need one cluster code per estimation row ({n}) but got {codes.Length}.", nameof(codes));
        }

        // Score sums per code, column by column (tight loops over the rows); outer products added in order of first
        // appearance.
        var size = 0;
        foreach (var code in codes)
        {
            if (code < 0)
            {
                throw new ArgumentException($"Cluster code {code} is negative; every estimation row needs a cluster.", nameof(codes));
            }

            size = Math.Max(size, code + 1);
        }

        var sums = new double[size * k];
        var seen = new bool[size];
        var order = new List<int>();
        foreach (var code in codes)
        {
            if (!seen[code])
            {
                seen[code] = true;
                order.Add(code);
            }
        }

        var factors = _fit.ScoreFactor;
        for (var j = 0; j < k; j++)
        {
            var column = _fit.Columns[j];
            for (var i = 0; i < n; i++)
            {
                sums[(codes[i] * k) + j] += factors[i] * column[i];
            }
        }

        var meat = new double[k * k];
        var sum = new double[k];
        foreach (var code in order)
        {
            Array.Copy(sums, code * k, sum, 0, k);
            BinaryChoiceInference.AddOuter(meat, sum, k);
        }

        return meat;
    }

    /// <inheritdoc />
    internal override double[] Sandwich(double[] meat, double factor)
    {
        var k = _fit.Parameters;
        var bread = _fit.InverseInformation;
        var result = BinaryChoiceInference.Multiply(BinaryChoiceInference.Multiply(bread, meat, k), bread, k);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] *= factor;
        }

        return result;
    }

    /// <inheritdoc />
    internal override SmallSampleCorrection Correction(SmallSampleCorrection requested)
    {
        if (requested == SmallSampleCorrection.Default)
        {
            return MaximumLikelihood;
        }

        if (requested.Observations != ObservationAdjustment.None && _fit.AbsorbedFixedEffects.Length > 0)
        {
            throw new InvalidOperationException(
                $"The small-sample correction's observation factor ({requested.Observations}) needs K, the number of parameters, but this {Family} absorbs the fixed effects {string.Join(", ", _fit.AbsorbedFixedEffects)} without counting their parameters. Use a correction with ObservationAdjustment.None (for example SmallSampleCorrection.None with ClusterAdjustment = true) or the default.");
        }

        return requested;
    }

    /// <inheritdoc />
    internal override int CorrectionParameters(SmallSampleCorrection correction, IReadOnlyList<int[]> clusterCodes) => _fit.Parameters;

    /// <inheritdoc />
    internal override void RequireResidualDegreesOfFreedom()
    {
        // The information matrix does not divide by N − K; an observation factor checks N − K itself.
    }

    /// <inheritdoc />
    internal override CoefficientInference Infer(int coefficient, double standardError, int degreesOfFreedom)
    {
        // z against the normal, as Stata and statsmodels do for ML estimators.
        var estimate = _fit.ScaledBeta[coefficient];
        var z = estimate / standardError;
        var critical = Normal.InvCDF(0, 1, 0.5 + (_level / 2));
        var p = double.IsNaN(z) ? double.NaN : 2.0 * Normal.CDF(0, 1, -Math.Abs(z));
        return new CoefficientInference(standardError, z, p, estimate - (critical * standardError), estimate + (critical * standardError));
    }

    /// <inheritdoc />
    internal override InvalidOperationException TooFewClusters(ColumnTerm variable, int groups)
        => new($"Cluster standard errors need at least 2 clusters; the estimation sample has {groups}. Cluster on a coarser-grained but varying variable, or use robust standard errors.");

    /// <inheritdoc />
    private protected override (int[] Codes, int Groups) ComputeClusterCodes(ColumnTerm variable)
    {
        if (_clusters is null || _clusterName != variable.Name)
        {
            throw new InvalidOperationException(
                $"Clustering by {variable.Name} needs the cluster codes of the estimation sample; refit with .Cluster(\"{variable.Name}\").");
        }

        // Compact to 0 .. G − 1 in order of first appearance (the order the meat adds clusters in).
        var map = new Dictionary<int, int>();
        var codes = new int[_clusters.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            if (_clusters[i] < 0)
            {
                throw new ArgumentException($"Cluster code {_clusters[i]} is negative; every estimation row needs a cluster.");
            }

            if (!map.TryGetValue(_clusters[i], out var code))
            {
                code = map.Count;
                map[_clusters[i]] = code;
            }

            codes[i] = code;
        }

        return (codes, map.Count);
    }
}
