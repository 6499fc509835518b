namespace ModelDsl.Estimation;

/// <summary>How the standard errors of a binary-choice model are computed.</summary>
public enum BinaryVarianceKind
{
    /// <summary>The inverse observed information (−H)⁻¹, Stata's and statsmodels' default.</summary>
    ObservedInformation,

    /// <summary>The sandwich H⁻¹(Σ sᵢsᵢ')H⁻¹ · n/(n − 1), Stata's <c>vce(robust)</c> for maximum likelihood.</summary>
    Robust,

    /// <summary>The cluster sandwich H⁻¹(Σ_g s_g s_g')H⁻¹ · G/(G − 1), Stata's <c>vce(cluster)</c> for maximum likelihood.</summary>
    Cluster,

    /// <summary>A variance estimator outside the built-in table (<see cref="Vcov.Using(Inference.IVarianceEstimator, string[])"/>).</summary>
    Custom,
}

/// <summary>Marginal effects of a <see cref="BinaryChoiceFit"/> and the matrix helpers of its variance (<see cref="BinaryVarianceInput"/>), on plain arrays.</summary>
/// <remarks>
/// Dimensions: n kept rows, k parameters; k × k matrices row-major. Robust: V = A⁻¹BA⁻¹·n/(n − 1) with
/// A = −H the observed information and B = Σᵢ sᵢsᵢ' (White 1982; Stata [U] 20.22). Cluster:
/// B = Σ_g (Σ_{i∈g} sᵢ)(Σ_{i∈g} sᵢ)' and the factor G/(G − 1) (Stata's convention for ML estimators; no
/// (n − 1)/(n − k) term). Marginal effects of regressor j: AME = (1/n)Σᵢ f(ηᵢ)βⱼ and MEM = f(x̄'β)βⱼ, with
/// delta-method variances G V G' where the gradient row is ∂/∂β of the effect (Greene 2018, §17.3).
/// </remarks>
internal static class BinaryChoiceInference
{
    /// <summary>The covariance of <paramref name="fit"/>'s parameters by the built-in estimator of <paramref name="kind"/>, through the variance seam.</summary>
    public static double[] Covariance(BinaryChoiceFit fit, BinaryVarianceKind kind, int[]? clusterCodes)
    {
        const string cluster = "cluster";
        var vcov = kind switch
        {
            BinaryVarianceKind.ObservedInformation => Vcov.Iid,
            BinaryVarianceKind.Robust => Vcov.HC1,
            BinaryVarianceKind.Cluster => Vcov.Cluster(cluster),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only the built-in kinds have a covariance without a request."),
        };
        if (kind == BinaryVarianceKind.Cluster && (clusterCodes is null || clusterCodes.Length != fit.Observations))
        {
            throw new ArgumentException("Cluster standard errors need one cluster code per estimation row.", nameof(clusterCodes));
        }

        var input = new BinaryVarianceInput(fit, clusterCodes, cluster, Enumerable.Range(0, fit.Observations).ToArray(), 0.95);
        return vcov.Estimator.Estimate(input, vcov).MatrixValues!;
    }

    /// <summary>The marginal effect of each non-intercept parameter and its delta-method variance.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="covariance">The parameter covariance (row-major k × k).</param>
    /// <param name="atMeans">False: average of the effects over rows (AME); true: effect at the mean regressors (MEM).</param>
    public static (int[] Parameters, double[] Effects, double[] StandardErrors) MarginalEffects(BinaryChoiceFit fit, double[] covariance, bool atMeans)
    {
        var k = fit.Parameters;
        var n = fit.Observations;
        var link = fit.Link;
        var beta = fit.ScaledBeta;
        var parameters = Enumerable.Range(0, k).Where(j => j != fit.InterceptIndex).ToArray();
        var columns = fit.MarginalColumns ?? fit.Columns;
        var effects = new double[parameters.Length];
        var errors = new double[parameters.Length];

        // For MEM the same formulas hold with a single "row" at x̄; for AME the gradient averages over rows:
        // ∂AMEⱼ/∂β_p = (1/n)Σᵢ [f(ηᵢ)·1{p = j} + βⱼ f'(ηᵢ) x_ip].
        double meanDensity;
        var meanDerivativeTimesX = new double[k];
        if (atMeans)
        {
            var means = columns.Select(c => c.Average()).ToArray();
            var eta = 0.0;
            for (var j = 0; j < k; j++)
            {
                eta += means[j] * beta[j];
            }

            meanDensity = BinaryLinkFunctions.Density(link, eta);
            var derivative = BinaryLinkFunctions.DensityDerivative(link, eta);
            for (var p = 0; p < k; p++)
            {
                meanDerivativeTimesX[p] = derivative * means[p];
            }
        }
        else
        {
            meanDensity = 0.0;
            var derivatives = new double[n];
            for (var i = 0; i < n; i++)
            {
                meanDensity += BinaryLinkFunctions.Density(link, fit.Eta[i]);
                derivatives[i] = BinaryLinkFunctions.DensityDerivative(link, fit.Eta[i]);
            }

            meanDensity /= n;
            for (var p = 0; p < k; p++)
            {
                var s = 0.0;
                var column = columns[p];
                for (var i = 0; i < n; i++)
                {
                    s += derivatives[i] * column[i];
                }

                meanDerivativeTimesX[p] = s / n;
            }
        }

        var gradient = new double[k];
        for (var e = 0; e < parameters.Length; e++)
        {
            var j = parameters[e];
            effects[e] = meanDensity * beta[j];
            for (var p = 0; p < k; p++)
            {
                gradient[p] = (beta[j] * meanDerivativeTimesX[p]) + (p == j ? meanDensity : 0.0);
            }

            var variance = 0.0;
            for (var p = 0; p < k; p++)
            {
                for (var q = 0; q < k; q++)
                {
                    variance += gradient[p] * covariance[(p * k) + q] * gradient[q];
                }
            }

            errors[e] = Math.Sqrt(Math.Max(variance, 0.0));
        }

        return (parameters, effects, errors);
    }

    internal static void AddOuter(double[] target, double[] v, int k)
    {
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                target[(a * k) + b] += v[a] * v[b];
            }
        }
    }

    internal static double[] Multiply(double[] a, double[] b, int k)
    {
        var c = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var p = 0; p < k; p++)
            {
                var aip = a[(i * k) + p];
                for (var j = 0; j < k; j++)
                {
                    c[(i * k) + j] += aip * b[(p * k) + j];
                }
            }
        }

        return c;
    }
}
