using System.Text.Json;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>The marginal effect of the focal variable at one moderator value.</summary>
/// <param name="ModeratorValue">z, on the moderator's original scale.</param>
/// <param name="Estimate">θ(z) = β_X + β_XZ (z − Z̄).</param>
/// <param name="StandardError">Delta-method standard error.</param>
/// <param name="TStatistic">Estimate / StandardError.</param>
/// <param name="PValue">Two-sided p-value (t with the model's inference degrees of freedom).</param>
/// <param name="ConfidenceLow">Lower bound of the interval at the model's confidence level.</param>
/// <param name="ConfidenceHigh">Upper bound.</param>
public sealed record MarginalEffect(double ModeratorValue, double Estimate, double StandardError, double TStatistic, double PValue, double ConfidenceLow, double ConfidenceHigh);

/// <summary>A fitted moderation model: the centred interaction regression and the marginal effects of X at chosen moderator values.</summary>
public sealed class ModerationResult
{
    internal ModerationResult(ModerationSpecification specification, RegressionResult regression, string effect, string moderator, double effectMean, double moderatorMean, double moderatorSd, double[] at)
    {
        Specification = specification;
        Regression = regression;
        Effect = effect;
        Moderator = moderator;
        EffectMean = effectMean;
        ModeratorMean = moderatorMean;
        ModeratorStandardDeviation = moderatorSd;
        Interaction = regression[ModerationSpecification.InteractionName(effect, moderator)];
        MarginalEffects = at.Select(MarginalEffectAt).ToArray();
    }

    /// <summary>The specification that was fitted.</summary>
    public ModerationSpecification Specification { get; }

    /// <summary>The centred interaction regression (coefficients <c>c(x)</c>, <c>c(z)</c>, <c>c(x):c(z)</c>, then controls).</summary>
    public RegressionResult Regression { get; }

    /// <summary>The focal variable's name.</summary>
    public string Effect { get; }

    /// <summary>The moderator's name.</summary>
    public string Moderator { get; }

    /// <summary>X̄ on the estimation sample (the centring constant).</summary>
    public double EffectMean { get; }

    /// <summary>Z̄ on the estimation sample (the centring constant).</summary>
    public double ModeratorMean { get; }

    /// <summary>The moderator's standard deviation on the estimation sample.</summary>
    public double ModeratorStandardDeviation { get; }

    /// <summary>The interaction coefficient β_XZ.</summary>
    public Coefficient Interaction { get; }

    /// <summary>The marginal effects of X at the requested moderator values.</summary>
    public IReadOnlyList<MarginalEffect> MarginalEffects { get; }

    /// <summary>The marginal effect of X at moderator value <paramref name="moderatorValue"/> (original scale), with its delta-method standard error.</summary>
    public MarginalEffect MarginalEffectAt(double moderatorValue)
    {
        var xName = ModerationSpecification.CentredName(Effect);
        var xzName = ModerationSpecification.InteractionName(Effect, Moderator);
        var delta = moderatorValue - ModeratorMean;
        var estimate = Regression[xName].Estimate + (Regression[xzName].Estimate * delta);
        var variance = Regression.Covariance(xName, xName) + (delta * delta * Regression.Covariance(xzName, xzName)) + (2 * delta * Regression.Covariance(xName, xzName));
        var se = Math.Sqrt(Math.Max(variance, 0));
        var s = Significance.Of(estimate, se, Regression.InferenceDegreesOfFreedom, Regression.ConfidenceLevel);
        return new MarginalEffect(moderatorValue, estimate, se, s.Statistic, s.PValue, s.ConfidenceLow, s.ConfidenceHigh);
    }

    /// <summary>The result as JSON: the regression, the centring constants, the interaction and the marginal effects.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Moderation of {Effect} by {Moderator}: interaction {Interaction.Estimate:G4} ({Interaction.StandardError:G4}); "
           + string.Join(", ", MarginalEffects.Select(m => $"dY/d{Effect} at {Moderator} = {m.ModeratorValue:G4}: {m.Estimate:G4} ({m.StandardError:G4})"));

    internal void WriteJson(Utf8JsonWriter writer)
    {
        var node = JsonOutput.ObjectNode(Regression.WriteJson);
        node["estimator"] = "moderation";
        node["effect"] = Effect;
        node["moderator"] = Moderator;
        node["effect_mean"] = EffectMean;
        node["moderator_mean"] = ModeratorMean;
        node["moderator_sd"] = ModeratorStandardDeviation;
        var effects = new System.Text.Json.Nodes.JsonArray();
        foreach (var m in MarginalEffects)
        {
            effects.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["moderator_value"] = m.ModeratorValue,
                ["estimate"] = JsonOutput.NumberNode(m.Estimate),
                ["std_error"] = JsonOutput.NumberNode(m.StandardError),
                ["t"] = JsonOutput.NumberNode(m.TStatistic),
                ["p"] = JsonOutput.NumberNode(m.PValue),
                ["ci_low"] = JsonOutput.NumberNode(m.ConfidenceLow),
                ["ci_high"] = JsonOutput.NumberNode(m.ConfidenceHigh),
            });
        }

        node["marginal_effects"] = effects;
        node.WriteTo(writer);
    }
}
