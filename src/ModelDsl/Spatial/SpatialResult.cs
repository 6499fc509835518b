using System.Text.Json;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>The direct, indirect and total effect of one regressor (LeSage and Pace 2009), each with its standard error.</summary>
/// <param name="Variable">The regressor.</param>
/// <param name="Direct">tr(Sₖ)/n: the mean own-region effect.</param>
/// <param name="Indirect">Total − direct: the mean spillover.</param>
/// <param name="Total">1'Sₖ1/n: the mean row sum.</param>
public sealed record SpatialEffect(string Variable, Coefficient Direct, Coefficient Indirect, Coefficient Total);

/// <summary>A Wald or likelihood-ratio test between spatial models (χ²).</summary>
/// <param name="Name">What is tested (for example "Wald: SDM vs SAR (θ = 0)").</param>
/// <param name="Statistic">The χ² statistic.</param>
/// <param name="DegreesOfFreedom">The number of restrictions.</param>
/// <param name="PValue">P(χ²(df) ≥ statistic).</param>
public sealed record SpatialTest(string Name, double Statistic, int DegreesOfFreedom, double PValue)
{
    internal static SpatialTest Of(string name, double statistic, int df) => new(name, statistic, df, 1 - ChiSquared.CDF(df, statistic));
}

/// <summary>
/// A fitted spatial regression: β (and θ of the Durbin terms), ρ or λ (both for SAC), σ², the log-likelihood, the
/// asymptotic variance (inverse information matrix), R², and the effects decomposition of the lag, Durbin and SAC models.
/// </summary>
/// <remarks>
/// Coefficients carry asymptotic (normal) z statistics and p-values, as spatialreg and Elhorst's routines print them.
/// R² = 1 − ε̂'ε̂/Σ(ỹ − mean ỹ)² on the (transformed) outcome with the model's innovations ε̂. Tests between models:
/// <see cref="WaldDurbinTerms"/> (SDM against SAR), <see cref="WaldCommonFactor"/> (SDM against SEM), and
/// <see cref="LikelihoodRatio"/> for nested pairs (Elhorst 2014, ch. 2.6).
/// </remarks>
public sealed class SpatialResult
{
    private readonly double[,] covariance;
    private readonly int spatialIndex;

    internal SpatialResult(SpatialSpecification spec, SpatialFixedEffects effects, IReadOnlyList<string> names, SpatialEstimates estimates, int regions, int periods, double rSquared, SpatialOperator op, List<Note> notes, IReadOnlyList<string>? periodLabels)
    {
        _ = periodLabels;
        Process = spec.Process;
        FixedEffects = effects;
        Dependent = spec.Outcome.Name;
        Regions = regions;
        Periods = periods;
        Observations = regions * periods;
        BiasCorrected = spec.BiasCorrected && effects != SpatialFixedEffects.None;
        WeightsDescription = op.Weights.Description;
        covariance = estimates.Covariance;
        spatialIndex = names.Count;
        Coefficients = [.. names.Select((name, j) => Significance.Coefficient(name, estimates.Beta[j], Math.Sqrt(covariance[j, j]), null, 0.95))];
        SpatialParameter = Significance.Coefficient(spec.Process == SpatialProcess.Error ? "lambda" : "rho", estimates.Rho, Math.Sqrt(covariance[spatialIndex, spatialIndex]), null, 0.95);
        ErrorParameter = estimates.Lambda is { } lambda
            ? Significance.Coefficient("lambda", lambda, Math.Sqrt(covariance[spatialIndex + 1, spatialIndex + 1]), null, 0.95)
            : null;
        SigmaSquared = estimates.SigmaSquared;
        LogLikelihood = estimates.LogLikelihood;
        RSquared = rSquared;
        BiasCorrection = estimates.BiasCorrection;
        ParameterCount = names.Count + (ErrorParameter is null ? 2 : 3);
        if (spec.Process != SpatialProcess.Error)
        {
            (Effects, EffectsMethod) = SpatialEffectsCalculator.Compute(this, spec, op, names);
        }
        else
        {
            Effects = [];
            EffectsMethod = "none (the error model's effects are its coefficients)";
        }

        Notes = notes;
    }

    /// <summary>The spatial process.</summary>
    public SpatialProcess Process { get; }

    /// <summary>The fixed effects removed by the within transformation.</summary>
    public SpatialFixedEffects FixedEffects { get; }

    /// <summary>The outcome's name.</summary>
    public string Dependent { get; }

    /// <summary>n, the number of regions.</summary>
    public int Regions { get; }

    /// <summary>T, the number of periods (1 for a cross-section).</summary>
    public int Periods { get; }

    /// <summary>N = nT.</summary>
    public int Observations { get; }

    /// <summary>Whether Lee and Yu's corrections were applied.</summary>
    public bool BiasCorrected { get; }

    /// <summary>The description of W.</summary>
    public string WeightsDescription { get; }

    /// <summary>β (the intercept first when there are no fixed effects), then θ of the Durbin terms ("W*x").</summary>
    public IReadOnlyList<Coefficient> Coefficients { get; }

    /// <summary>ρ (lag, Durbin, SAC) or λ (error).</summary>
    public Coefficient SpatialParameter { get; }

    /// <summary>λ of the SAC model's error process u = λWu + ε (null for the lag, error and Durbin models, whose one spatial parameter is <see cref="SpatialParameter"/>).</summary>
    public Coefficient? ErrorParameter { get; }

    /// <summary>σ² (bias-corrected where <see cref="BiasCorrected"/>).</summary>
    public double SigmaSquared { get; }

    /// <summary>The maximised log-likelihood (of the within-transformed data in a fixed-effects panel).</summary>
    public double LogLikelihood { get; }

    /// <summary>R² = 1 − ε̂'ε̂/Σ(ỹ − mean ỹ)².</summary>
    public double RSquared { get; }

    /// <summary>The Lee–Yu correction added to (β, ρ, σ²) — (β, ρ, λ, σ²) for SAC — in a two-way panel (zeros otherwise).</summary>
    public IReadOnlyList<double> BiasCorrection { get; }

    /// <summary>The number of estimated parameters (β, θ, ρ, [λ,] σ²), for LR tests and information criteria.</summary>
    public int ParameterCount { get; }

    /// <summary>The direct, indirect and total effects (lag, Durbin and SAC models; empty for the error model).</summary>
    public IReadOnlyList<SpatialEffect> Effects { get; }

    /// <summary>How the effects' standard errors were computed.</summary>
    public string EffectsMethod { get; }

    /// <summary>Notes (log-determinant method, weights).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The coefficient named <paramref name="name"/> ("rho" or "lambda" gives the spatial parameter; both for SAC).</summary>
    public Coefficient this[string name] => name == SpatialParameter.Name
        ? SpatialParameter
        : ErrorParameter is not null && name == ErrorParameter.Name
        ? ErrorParameter
        : Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No coefficient '{name}'; the model has {string.Join(", ", Coefficients.Select(c => c.Name))}, {SpatialNames}.");

    /// <summary>The asymptotic covariance of two parameters (coefficient names, "rho"/"lambda" — both for SAC —, or "sigma2").</summary>
    public double Covariance(string first, string second) => covariance[Index(first), Index(second)];

    /// <summary>The Wald test of θ = 0 (the spatial Durbin model against the spatial lag model).</summary>
    /// <exception cref="InvalidOperationException">The model is not a spatial Durbin model.</exception>
    public SpatialTest WaldDurbinTerms()
    {
        var (beta, theta) = DurbinIndices();
        var v = Sub(theta, theta);
        var g = Vector<double>.Build.DenseOfEnumerable(theta.Select(j => Coefficients[j].Estimate));
        return SpatialTest.Of("Wald: SDM vs SAR (θ = 0)", g * v.Solve(g), beta.Length);
    }

    /// <summary>The Wald test of the common-factor restriction θ = −ρβ (the spatial Durbin model against the spatial error model).</summary>
    /// <remarks>W = g'(GVG')⁻¹g, g = θ + ρβ, G = ∂g/∂(β, θ, ρ) = [ρI, I, β] (Burridge 1981; Elhorst 2014, ch. 2.6).</remarks>
    /// <exception cref="InvalidOperationException">The model is not a spatial Durbin model.</exception>
    public SpatialTest WaldCommonFactor()
    {
        var (beta, theta) = DurbinIndices();
        var k = beta.Length;
        var rho = SpatialParameter.Estimate;
        var index = beta.Concat(theta).Append(spatialIndex).ToArray();
        var v = Sub(index, index);
        var g = Vector<double>.Build.Dense(k, j => Coefficients[theta[j]].Estimate + (rho * Coefficients[beta[j]].Estimate));
        var jacobian = Matrix<double>.Build.Dense(k, (2 * k) + 1);
        for (var j = 0; j < k; j++)
        {
            jacobian[j, j] = rho;
            jacobian[j, k + j] = 1;
            jacobian[j, 2 * k] = Coefficients[beta[j]].Estimate;
        }

        return SpatialTest.Of("Wald: SDM vs SEM (θ = −ρβ)", g * (jacobian * v * jacobian.Transpose()).Solve(g), k);
    }

    /// <summary>The likelihood-ratio test of a restricted model against this (unrestricted) one: 2(ℓᵤ − ℓᵣ), df = the difference in parameters.</summary>
    /// <param name="restricted">The restricted model fitted on the same data (SAR or SEM against an SDM).</param>
    /// <exception cref="ArgumentException">The models differ in observations, fixed effects or outcome, or are not nested by parameter count.</exception>
    public SpatialTest LikelihoodRatio(SpatialResult restricted)
    {
        ArgumentNullException.ThrowIfNull(restricted);
        if (restricted.Observations != Observations || restricted.FixedEffects != FixedEffects || restricted.Dependent != Dependent)
        {
            throw new ArgumentException("The likelihood-ratio test needs two models of the same outcome on the same observations with the same fixed effects.", nameof(restricted));
        }

        var df = ParameterCount - restricted.ParameterCount;
        if (df <= 0)
        {
            throw new ArgumentException($"The restricted model has {restricted.ParameterCount} parameters and this one {ParameterCount}; pass the model with fewer parameters.", nameof(restricted));
        }

        var name = $"LR: {Abbreviation(Process)} vs {Abbreviation(restricted.Process)}";
        return SpatialTest.Of(name, 2 * (LogLikelihood - restricted.LogLikelihood), df);
    }

    /// <summary>The result as JSON (snake_case keys; the coefficients, the spatial parameter, effects, fit).</summary>
    public string ToJson() => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("estimator", Abbreviation(Process).ToLowerInvariant());
        w.WriteString("dependent", Dependent);
        w.WriteString("fixed_effects", FixedEffects.ToString().ToLowerInvariant());
        w.WriteBoolean("bias_corrected", BiasCorrected);
        w.WriteNumber("observations", Observations);
        w.WriteNumber("regions", Regions);
        w.WriteNumber("periods", Periods);
        JsonOutput.Number(w, "log_likelihood", LogLikelihood);
        JsonOutput.Number(w, "sigma2", SigmaSquared);
        JsonOutput.Number(w, "r2", RSquared);
        w.WritePropertyName("spatial_parameter");
        WriteCoefficient(w, SpatialParameter);
        if (ErrorParameter is not null)
        {
            w.WritePropertyName("error_parameter");
            WriteCoefficient(w, ErrorParameter);
        }

        w.WriteStartArray("coefficients");
        foreach (var c in Coefficients)
        {
            WriteCoefficient(w, c);
        }

        w.WriteEndArray();
        w.WriteStartArray("effects");
        foreach (var e in Effects)
        {
            w.WriteStartObject();
            w.WriteString("variable", e.Variable);
            w.WritePropertyName("direct");
            WriteCoefficient(w, e.Direct);
            w.WritePropertyName("indirect");
            WriteCoefficient(w, e.Indirect);
            w.WritePropertyName("total");
            WriteCoefficient(w, e.Total);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("effects_method", EffectsMethod);
        w.WriteStartArray("notes");
        foreach (var note in Notes)
        {
            w.WriteStringValue(note.Message);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>SAR, SEM, SDM or SAC.</summary>
    internal static string Abbreviation(SpatialProcess process) => process switch
    {
        SpatialProcess.Lag => "SAR",
        SpatialProcess.Error => "SEM",
        SpatialProcess.LagAndError => "SAC",
        _ => "SDM",
    };

    /// <summary>The covariance block of the given parameter indices.</summary>
    internal Matrix<double> Sub(IReadOnlyList<int> rows, IReadOnlyList<int> columns) => Matrix<double>.Build.Dense(rows.Count, columns.Count, (r, c) => covariance[rows[r], columns[c]]);

    /// <summary>The index of ρ in the parameter vector.</summary>
    internal int SpatialIndex => spatialIndex;

    private static void WriteCoefficient(Utf8JsonWriter w, Coefficient c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        JsonOutput.Number(w, "estimate", c.Estimate);
        JsonOutput.Number(w, "std_error", c.StandardError);
        JsonOutput.Number(w, "z", c.TStatistic);
        JsonOutput.Number(w, "p_value", c.PValue);
        w.WriteEndObject();
    }

    private (int[] Beta, int[] Theta) DurbinIndices()
    {
        if (Process != SpatialProcess.Durbin)
        {
            throw new InvalidOperationException($"The test compares a spatial Durbin model with its restrictions; this is a {Abbreviation(Process)} model. Fit the model with Durbin().");
        }

        var theta = Coefficients.Select((c, j) => (c, j)).Where(p => p.c.Name.StartsWith("W*", StringComparison.Ordinal)).Select(p => p.j).ToArray();
        var beta = theta.Select(j => Coefficients.Select((c, i) => (c, i)).First(p => p.c.Name == Coefficients[j].Name[2..]).i).ToArray();
        return (beta, theta);
    }

    private int Index(string name)
    {
        if (name == SpatialParameter.Name)
        {
            return spatialIndex;
        }

        if (ErrorParameter is not null && name == ErrorParameter.Name)
        {
            return spatialIndex + 1;
        }

        if (name == "sigma2")
        {
            return spatialIndex + (ErrorParameter is null ? 1 : 2);
        }

        for (var j = 0; j < Coefficients.Count; j++)
        {
            if (Coefficients[j].Name == name)
            {
                return j;
            }
        }

        throw new KeyNotFoundException($"No parameter '{name}'; the model has {string.Join(", ", Coefficients.Select(c => c.Name))}, {SpatialNames}, sigma2.");
    }

    private string SpatialNames => ErrorParameter is null ? SpatialParameter.Name : $"{SpatialParameter.Name}, {ErrorParameter.Name}";
}
