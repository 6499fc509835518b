using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>A likelihood-ratio test of every slope being zero against the intercept-only model.</summary>
/// <param name="Statistic">2(ℓ − ℓ₀).</param>
/// <param name="DegreesOfFreedom">The number of slopes.</param>
/// <param name="PValue">P(χ²(df) &gt; statistic).</param>
public sealed record LikelihoodRatioTest(double Statistic, int DegreesOfFreedom, double PValue);

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
    private readonly double[] _covariance;
    private readonly int[]? _clusters;
    private readonly IReadOnlyList<Note> _designNotes;
    private readonly Dictionary<string, int> _index;

    internal BinaryChoiceResult(BinaryChoiceSpecification specification, BinaryChoiceFit fit, Vcov vcov, int[]? clusters, int[] sampleRows, IReadOnlyList<Note> designNotes, IReadOnlyList<string> factors)
    {
        Specification = specification;
        _fit = fit;
        _clusters = clusters;
        _designNotes = designNotes;
        Vcov = vcov;
        SampleRows = sampleRows;
        Factors = factors;
        var kind = vcov.Kind switch
        {
            VcovKind.Iid => BinaryVarianceKind.ObservedInformation,
            VcovKind.Cluster => BinaryVarianceKind.Cluster,
            _ => BinaryVarianceKind.Robust,
        };
        VarianceKind = kind;
        _covariance = BinaryChoiceInference.Covariance(fit, kind, clusters);
        ClusterCount = clusters is null ? null : CountDistinct(clusters);
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var coefficients = new Coefficient[fit.Parameters];
        for (var j = 0; j < fit.Parameters; j++)
        {
            coefficients[j] = ScaledCoefficient(fit.Names[j], fit.ScaledBeta[j], Math.Sqrt(_covariance[(j * fit.Parameters) + j]), fit.Exponent(j), specification.ConfidenceLevel);
            _index[fit.Names[j]] = j;
        }

        Coefficients = coefficients;
        var slopes = fit.Parameters - (fit.InterceptIndex >= 0 ? 1 : 0);
        var lr = 2.0 * (fit.LogLikelihood - fit.NullLogLikelihood);
        LikelihoodRatio = new LikelihoodRatioTest(lr, slopes, slopes > 0 ? 1.0 - ChiSquared.CDF(slopes, Math.Max(lr, 0.0)) : double.NaN);
        Notes = designNotes.Concat(fit.Notes).ToArray();
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
    public LikelihoodRatioTest LikelihoodRatio { get; }

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
        var value = Math.ScaleB(_covariance[(a * _fit.Parameters) + b], -_fit.Exponent(a) - _fit.Exponent(b));
        return double.IsInfinity(value)
            ? throw new ArithmeticException($"The covariance of {first} and {second} is beyond the range of double precision (a regressor scaled near 1e±160); rescale the regressor and fit again.")
            : value;
    }

    /// <summary>The same fit with another variance estimator (no re-estimation).</summary>
    public BinaryChoiceResult WithVcov(Vcov vcov)
    {
        ArgumentNullException.ThrowIfNull(vcov);
        if (vcov.Kind == VcovKind.Cluster && (_clusters is null || !vcov.Equals(Vcov)))
        {
            throw new InvalidOperationException($"Clustering by {string.Join(", ", vcov.Clusters.Select(c => c.Name))} needs the cluster codes of the estimation sample; refit with .Cluster(\"{vcov.Clusters.FirstOrDefault()?.Name}\").");
        }

        return new BinaryChoiceResult(Specification with { Variance = vcov }, _fit, vcov, _clusters, SampleRows.ToArray(), _designNotes, Factors);
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
            ["average_marginal_effects"] = CoefficientArray(AverageMarginalEffects()),
            ["marginal_effects_at_means"] = CoefficientArray(MarginalEffectsAtMeans()),
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
    {
        var scaled = MakeCoefficient(name, estimate, standardError, level);
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
        _ => $"cluster({Vcov.Clusters[0].Name})",
    };

    // The number of distinct non-negative codes.
    private static int CountDistinct(int[] codes)
    {
        var seen = new bool[codes.Length == 0 ? 0 : codes.Max() + 1];
        var count = 0;
        foreach (var code in codes)
        {
            if (!seen[code])
            {
                seen[code] = true;
                count++;
            }
        }

        return count;
    }

    private Coefficient[] MarginalEffects(bool atMeans)
    {
        var (parameters, effects, errors) = BinaryChoiceInference.MarginalEffects(_fit, _covariance, atMeans);
        return parameters.Select((j, e) => ScaledCoefficient(_fit.Names[j], effects[e], errors[e], _fit.Exponent(j), Specification.ConfidenceLevel)).ToArray();
    }
}
