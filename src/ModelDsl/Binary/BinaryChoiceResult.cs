using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using MathNet.Numerics.Distributions;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>A likelihood-ratio test of every slope being zero against the intercept-only model.</summary>
/// <param name="Statistic">2(ℓ − ℓ₀).</param>
/// <param name="DegreesOfFreedom">The number of slopes.</param>
/// <param name="PValue">P(χ²(df) &gt; statistic).</param>
public sealed record LikelihoodRatioTestResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>
/// An immutable fitted logit or probit: coefficients with z statistics, log-likelihoods, the likelihood-ratio
/// test, McFadden's pseudo R², marginal effects and the fitted probabilities.
/// </summary>
/// <remarks>
/// <para>McFadden's (1974) pseudo R² = 1 − ℓ/ℓ₀, with ℓ₀ the log-likelihood of the intercept-only model
/// (n₁ log ȳ + n₀ log(1 − ȳ)). LR = 2(ℓ − ℓ₀) ~ χ²(k − 1). Coefficient tests use z = β/se and the normal
/// distribution, as Stata and statsmodels do for ML estimators.</para>
/// <para>Marginal effects of a regressor j (Greene 2018, §17.3): average marginal effect
/// AME = (1/n)Σᵢ f(xᵢ'β)βⱼ, and the effect at the means MEM = f(x̄'β)βⱼ, with f the link's density; every
/// regressor, dummies included, is differentiated (statsmodels' <c>get_margeff(dummy=False)</c>, Stata's
/// <c>margins, dydx(*)</c> without factor notation). Standard errors by the delta method with the result's
/// variance matrix.</para>
/// </remarks>
public sealed class BinaryChoiceResult
{
    /// <summary>The name of the constant term.</summary>
    public const string InterceptName = "(Intercept)";

    private readonly BinaryChoiceFit _fit;
    private readonly double[]? _covariance;
    private readonly int[]? _clusters;
    private readonly string? _clusterName;
    private readonly IReadOnlyList<Note> _designNotes;
    private readonly Dictionary<string, int> _index;

    /// <param name="specification">The specification.</param>
    /// <param name="fit">The fit.</param>
    /// <param name="vcov">The variance request.</param>
    /// <param name="clusters">The cluster codes of the estimation rows, or null.</param>
    /// <param name="sampleRows">The data rows of the estimation sample.</param>
    /// <param name="designNotes">Notes from building the design.</param>
    /// <param name="factors">The categorical columns entered as dummies or absorbed.</param>
    /// <param name="clusterName">The variable <paramref name="clusters"/> belong to; null: the request's one cluster variable.</param>
    internal BinaryChoiceResult(BinaryChoiceSpecification specification, BinaryChoiceFit fit, Vcov vcov, int[]? clusters, int[] sampleRows, IReadOnlyList<Note> designNotes, IReadOnlyList<string> factors, string? clusterName = null)
    {
        Specification = specification;
        _fit = fit;
        _clusters = clusters;
        _designNotes = designNotes;
        Vcov = vcov;
        SampleRows = sampleRows;
        Factors = factors;
        VarianceKind = vcov.Kind switch
        {
            VcovKind.Iid => BinaryVarianceKind.ObservedInformation,
            VcovKind.Cluster => BinaryVarianceKind.Cluster,
            VcovKind.HC1 => BinaryVarianceKind.Robust,
            _ => BinaryVarianceKind.Custom,
        };

        // The variance comes through the seam: the request's estimator reads this fit's view (bread, scores, cluster
        // codes) and returns the matrix with each coefficient's z, p and interval in the scaled units.
        _clusterName = clusters is null ? null : clusterName ?? (vcov.Clusters.Count == 1 ? vcov.Clusters[0].Name : null);
        var input = new BinaryVarianceInput(fit, clusters, _clusterName, sampleRows, specification.ConfidenceLevel);
        var estimate = vcov.Estimator.Estimate(input, vcov)
            ?? throw new InvalidOperationException($"The {vcov.Description} variance estimator returned no estimate.");
        if (estimate.Coefficients.Count != fit.Parameters)
        {
            throw new InvalidOperationException($"The {vcov.Description} variance estimator returned inference for {estimate.Coefficients.Count} coefficients but the model has {fit.Parameters}.");
        }

        _covariance = estimate.MatrixValues;
        ClusterCount = estimate.ClusterCounts.Count > 0 ? estimate.ClusterCounts.Values.Min() : null;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var coefficients = new Coefficient[fit.Parameters];
        for (var j = 0; j < fit.Parameters; j++)
        {
            var s = estimate.Coefficients[j];
            coefficients[j] = Rescaled(new Coefficient(fit.Names[j], fit.ScaledBeta[j], s.StandardError, s.Statistic, s.PValue, s.ConfidenceLow, s.ConfidenceHigh), fit.Exponent(j));
            _index[fit.Names[j]] = j;
        }

        Coefficients = coefficients;
        var slopes = fit.Parameters - (fit.InterceptIndex >= 0 ? 1 : 0);
        var lr = 2.0 * (fit.LogLikelihood - fit.NullLogLikelihood);
        LikelihoodRatio = new LikelihoodRatioTestResult(lr, slopes, UpperTail.ChiSquare(slopes, lr));
        Notes = designNotes.Concat(fit.Notes).Concat(estimate.Notes).ToArray();
    }

    /// <summary>The specification that was estimated.</summary>
    public BinaryChoiceSpecification Specification { get; }

    /// <summary><c>logit</c> or <c>probit</c>.</summary>
    public string Estimator => _fit.Link == BinaryLink.Logit ? "logit" : "probit";

    /// <summary>The link.</summary>
    public BinaryLink Link => _fit.Link;

    /// <summary>The outcome's name.</summary>
    public string Dependent => Specification.Outcome.Name;

    /// <summary>The number of observations in the estimation sample.</summary>
    public int Observations => _fit.Observations;

    /// <summary>The coefficients (intercept first), with z statistics and normal-based intervals.</summary>
    public IReadOnlyList<Coefficient> Coefficients { get; }

    /// <summary>The maximised log-likelihood ℓ.</summary>
    public double LogLikelihood => _fit.LogLikelihood;

    /// <summary>The intercept-only log-likelihood ℓ₀.</summary>
    public double NullLogLikelihood => _fit.NullLogLikelihood;

    /// <summary>The likelihood-ratio test of all slopes.</summary>
    public LikelihoodRatioTestResult LikelihoodRatio { get; }

    /// <summary>McFadden's pseudo R² = 1 − ℓ/ℓ₀.</summary>
    public double PseudoRSquared => 1.0 - (_fit.LogLikelihood / _fit.NullLogLikelihood);

    /// <summary>Akaike's information criterion −2ℓ + 2k.</summary>
    public double Aic => (-2.0 * _fit.LogLikelihood) + (2.0 * _fit.Parameters);

    /// <summary>The Newton–Raphson iterations used.</summary>
    public int Iterations => _fit.Iterations;

    /// <summary>max |∂ℓ/∂β| at the estimate.</summary>
    public double MaxAbsScore => _fit.MaxAbsScore;

    /// <summary>The variance estimator requested.</summary>
    public Vcov Vcov { get; }

    /// <summary>The variance computation applied.</summary>
    public BinaryVarianceKind VarianceKind { get; }

    /// <summary>The number of clusters, when clustered.</summary>
    public int? ClusterCount { get; }

    /// <summary>The categorical columns entered as dummies.</summary>
    public IReadOnlyList<string> Factors { get; }

    /// <summary>The data rows of the estimation sample, in order.</summary>
    public IReadOnlyList<int> SampleRows { get; }

    /// <summary>Everything dropped or worth knowing: missing rows, perfect predictors, collinear terms, convergence.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The fitted probabilities F(xᵢ'β) of the estimation sample, in <see cref="SampleRows"/> order.</summary>
    public IReadOnlyList<double> Probabilities => _fit.Eta.Select(e => BinaryLinkFunctions.Cdf(_fit.Link, e)).ToArray();

    /// <summary>The linear index xᵢ'β of the estimation sample.</summary>
    public IReadOnlyList<double> LinearIndex => _fit.Eta;

    internal BinaryChoiceFit Fit => _fit;

    /// <summary>The coefficient named <paramref name="name"/>.</summary>
    public Coefficient this[string name] => _index.TryGetValue(name, out var j)
        ? Coefficients[j]
        : throw new KeyNotFoundException($"No coefficient '{name}' in this {Estimator}; coefficients are: {string.Join(", ", _fit.Names)}.");

    /// <summary>The estimated covariance of two coefficients.</summary>
    public double Covariance(string first, string second)
    {
        var a = _index.TryGetValue(first, out var i) ? i : throw new KeyNotFoundException($"No coefficient '{first}'.");
        var b = _index.TryGetValue(second, out var j) ? j : throw new KeyNotFoundException($"No coefficient '{second}'.");
        var covariance = _covariance ?? throw new InvalidOperationException($"The {Vcov.Description} variance estimator gives no covariance matrix; covariances and marginal effects need a matrix-based estimator (Vcov.Iid, Vcov.HC1, Vcov.Cluster).");
        var value = Math.ScaleB(covariance[(a * _fit.Parameters) + b], -_fit.Exponent(a) - _fit.Exponent(b));
        return double.IsInfinity(value)
            ? throw new ArithmeticException($"The covariance of {first} and {second} is beyond the range of double precision (a regressor scaled near 1e±160); rescale the regressor and fit again.")
            : value;
    }

    /// <summary>The same fit with another variance estimator (no re-estimation).</summary>
    public BinaryChoiceResult WithVcov(Vcov vcov)
    {
        ArgumentNullException.ThrowIfNull(vcov);

        // Cluster codes exist for the variable the model was fitted with; another variable is an error from the view.
        return new BinaryChoiceResult(Specification with { Variance = vcov }, _fit, vcov, _clusters, SampleRows.ToArray(), _designNotes, Factors, _clusterName);
    }

    /// <summary>Average marginal effects dP/dx of every regressor with delta-method standard errors.</summary>
    public IReadOnlyList<Coefficient> AverageMarginalEffects() => MarginalEffects(atMeans: false);

    /// <summary>Marginal effects at the means of the regressors with delta-method standard errors.</summary>
    public IReadOnlyList<Coefficient> MarginalEffectsAtMeans() => MarginalEffects(atMeans: true);

    /// <summary>The result as JSON with the keys of the result contract plus the likelihood statistics and marginal effects.</summary>
    public string ToJson() => ToJsonNode().ToJsonString(JsonOutput.NodeOptions);

    internal JsonObject ToJsonNode()
    {
        return new JsonObject
        {
            ["estimator"] = Estimator,
            ["dependent"] = Dependent,
            ["observations"] = Observations,
            ["r2"] = JsonOutput.NumberNode(PseudoRSquared),
            ["r2_adjusted"] = null,
            ["r2_within"] = null,
            ["pseudo_r2"] = JsonOutput.NumberNode(PseudoRSquared),
            ["log_likelihood"] = JsonOutput.NumberNode(LogLikelihood),
            ["null_log_likelihood"] = JsonOutput.NumberNode(NullLogLikelihood),
            ["lr_chi2"] = JsonOutput.NumberNode(LikelihoodRatio.Statistic),
            ["lr_df"] = LikelihoodRatio.DegreesOfFreedom,
            ["lr_p"] = JsonOutput.NumberNode(LikelihoodRatio.PValue),
            ["aic"] = JsonOutput.NumberNode(Aic),
            ["iterations"] = Iterations,
            ["max_abs_score"] = JsonOutput.NumberNode(MaxAbsScore),
            ["vcov"] = VarianceDescription(),
            ["clusters"] = ClusterCount,
            ["fixed_effects"] = JsonOutput.StringNodes(Factors),
            ["coefficients"] = CoefficientArray(Coefficients),
            // Delta-method marginal effects need a covariance matrix; an estimator without one leaves them null.
            ["average_marginal_effects"] = _covariance is null ? null : CoefficientArray(AverageMarginalEffects()),
            ["marginal_effects_at_means"] = _covariance is null ? null : CoefficientArray(MarginalEffectsAtMeans()),
            ["notes"] = JsonOutput.StringNodes(Notes.Select(n => n.Message)),
        };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{Estimator}: {Dependent}, N = {Observations}, log-likelihood = {LogLikelihood:G10}, pseudo R² = {PseudoRSquared:G6}, {VarianceDescription()}").AppendLine();
        foreach (var c in Coefficients)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  {c.Name} {c.Estimate:G8} ({c.StandardError:G6})").AppendLine();
        }

        foreach (var note in Notes)
        {
            builder.Append("  Note: ").AppendLine(note.Message);
        }

        return builder.ToString();
    }

    internal static JsonArray CoefficientArray(IEnumerable<Coefficient> coefficients)
        => new(coefficients.Select(c => (JsonNode?)JsonOutput.CoefficientNode(c)).ToArray());

    // A coefficient computed in the units of a column divided by 2^exponent: z from the scaled numbers, the estimate,
    // its standard error and interval multiplied by 2^(−exponent) exactly; beyond the range of double is an error.
    private static Coefficient ScaledCoefficient(string name, double estimate, double standardError, int exponent, double level)
        => Rescaled(MakeCoefficient(name, estimate, standardError, level), exponent);

    private static Coefficient Rescaled(Coefficient scaled, int exponent)
    {
        var name = scaled.Name;
        if (exponent == 0)
        {
            return scaled;
        }

        var result = scaled with
        {
            Estimate = Math.ScaleB(scaled.Estimate, -exponent),
            StandardError = Math.ScaleB(scaled.StandardError, -exponent),
            ConfidenceLow = Math.ScaleB(scaled.ConfidenceLow, -exponent),
            ConfidenceHigh = Math.ScaleB(scaled.ConfidenceHigh, -exponent),
        };
        return double.IsInfinity(result.Estimate) || double.IsInfinity(result.StandardError) || double.IsInfinity(result.ConfidenceLow) || double.IsInfinity(result.ConfidenceHigh)
            ? throw new ArithmeticException($"The coefficient of {name} or its interval is beyond the range of double precision: the regressor is scaled near 2^{exponent}. Rescale it (for example multiply it by 1e100) and fit again.")
            : result;
    }

    internal static Coefficient MakeCoefficient(string name, double estimate, double standardError, double level)
    {
        var z = estimate / standardError;
        var critical = Normal.InvCDF(0, 1, 0.5 + (level / 2));
        var p = double.IsNaN(z) ? double.NaN : 2.0 * Normal.CDF(0, 1, -Math.Abs(z));
        return new Coefficient(name, estimate, standardError, z, p, estimate - (critical * standardError), estimate + (critical * standardError));
    }

    private string VarianceDescription() => VarianceKind switch
    {
        BinaryVarianceKind.ObservedInformation => "oim",
        BinaryVarianceKind.Robust => "robust",
        BinaryVarianceKind.Cluster => $"cluster({Vcov.Clusters[0].Name})",
        _ => Vcov.Description,
    };

    private Coefficient[] MarginalEffects(bool atMeans)
    {
        var covariance = _covariance ?? throw new InvalidOperationException($"The {Vcov.Description} variance estimator gives no covariance matrix, so marginal effects have no delta-method standard errors; use a matrix-based estimator (Vcov.Iid, Vcov.HC1, Vcov.Cluster).");
        var (parameters, effects, errors) = BinaryChoiceInference.MarginalEffects(_fit, covariance, atMeans);
        return parameters.Select((j, e) => ScaledCoefficient(_fit.Names[j], effects[e], errors[e], _fit.Exponent(j), Specification.ConfidenceLevel)).ToArray();
    }
}
