using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Mechanisms;

/// <summary>
/// An immutable moderation analysis with a centred interaction:
/// <c>Model.Moderate("inno").Effect("cbec").By("human_capital").At(0.2, 0.5).Controls(...).Fe("city", "year").Cluster("city").Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>Y = β_X X̃ + β_Z Z̃ + β_XZ X̃·Z̃ + W'γ + FE + e, with X̃ = X − X̄ and Z̃ = Z − Z̄ centred at their means on the
/// estimation sample (Aiken and West 1991), which leaves β_XZ unchanged and makes β_X the effect of X at the mean
/// of Z. The marginal effect of X at Z = z is θ(z) = β_X + β_XZ (z − Z̄), with the delta-method variance
/// V(θ) = V_X + (z − Z̄)² V_XZ + 2 (z − Z̄) Cov(β_X, β_XZ) from the model's variance estimator; t with the model's
/// inference degrees of freedom (Brambor, Clark and Golder 2006). A moderator constant within a fixed-effect level
/// (for example time-invariant with unit effects) is absorbed: β_Z is then dropped with a note, the interaction stays.</para>
/// </remarks>
public sealed record ModerationSpecification
{
    internal ModerationSpecification(Term outcome)
    {
        Regression = new RegressionSpecification(outcome ?? throw new ArgumentNullException(nameof(outcome)));
    }

    /// <summary>The regression template: outcome, controls, fixed effects and variance estimator.</summary>
    public RegressionSpecification Regression { get; init; }

    /// <summary>The focal variable X whose effect is moderated.</summary>
    public Term? EffectTerm { get; init; }

    /// <summary>The moderator Z.</summary>
    public Term? ModeratorTerm { get; init; }

    /// <summary>The moderator values (original scale) at which the marginal effect of X is reported; empty means Z̄ − sd, Z̄, Z̄ + sd.</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary>Sets the focal variable X.</summary>
    public ModerationSpecification Effect(Term effect) => this with { EffectTerm = effect ?? throw new ArgumentNullException(nameof(effect)) };

    /// <summary>Sets the moderator Z.</summary>
    public ModerationSpecification By(Term moderator) => this with { ModeratorTerm = moderator ?? throw new ArgumentNullException(nameof(moderator)) };

    /// <summary>Sets the moderator values (original scale) at which the marginal effect of X is reported.</summary>
    public ModerationSpecification At(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"Moderator values must be finite numbers but got {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}.", nameof(values));
        }

        return this with { Values = values.ToArray() };
    }

    /// <summary>Adds control variables.</summary>
    public ModerationSpecification Controls(params Term[] controls) => this with { Regression = Regression.Controls(controls) };

    /// <summary>Adds fixed-effect dimensions.</summary>
    public ModerationSpecification Fe(params ColumnTerm[] dimensions) => this with { Regression = Regression.Fe(dimensions) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two.</summary>
    public ModerationSpecification Cluster(params ColumnTerm[] variables) => this with { Regression = Regression.Cluster(variables) };

    /// <summary>Sets the variance estimator.</summary>
    public ModerationSpecification Vcov(Vcov variance) => this with { Regression = Regression.Vcov(variance) };

    /// <summary>The column name of the centred X: <c>c(x)</c>.</summary>
    public static string CentredName(string name) => $"c({name})";

    /// <summary>The column name of the centred interaction: <c>c(x):c(z)</c>.</summary>
    public static string InteractionName(string effect, string moderator) => $"{CentredName(effect)}:{CentredName(moderator)}";

    /// <summary>Fits the centred interaction model and the marginal effects of X on <paramref name="data"/>.</summary>
    public ModerationResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = EffectTerm ?? throw new InvalidOperationException($"The moderation of '{Regression.Outcome.Name}' has no focal variable; call Effect(\"x\").");
        var z = ModeratorTerm ?? throw new InvalidOperationException($"The moderation of '{Regression.Outcome.Name}' has no moderator; call By(\"z\").");
        if (x.Name == z.Name)
        {
            throw new ArgumentException($"The moderator '{z.Name}' is the focal variable itself; X × X is a quadratic term, not a moderation. Use a different moderator.");
        }

        var (sample, _) = CompleteCases.Select(data, [Regression.Outcome, x, z, .. Regression.ControlTerms], Regression);
        var evaluator = new Design.TermEvaluator(sample, Estimation.LinearModelEstimator.PanelShift);
        var xs = evaluator.Evaluate(x);
        var zs = evaluator.Evaluate(z);
        var xMean = xs.Average();
        var zMean = zs.Average();
        var zSd = Math.Sqrt(zs.Sum(v => (v - zMean) * (v - zMean)) / Math.Max(1, zs.Length - 1));
        var xc = xs.Select(v => v - xMean).ToArray();
        var zc = zs.Select(v => v - zMean).ToArray();
        var xz = xc.Zip(zc, (a, b) => a * b).ToArray();
        var xName = CentredName(x.Name);
        var zName = CentredName(z.Name);
        var xzName = InteractionName(x.Name, z.Name);
        foreach (var name in new[] { xName, zName, xzName })
        {
            if (sample.Contains(name))
            {
                throw new ArgumentException($"The data set already has a column '{name}', the name of a centred term; rename that column.", nameof(data));
            }
        }

        var augmented = sample
            .WithColumn(new NumericColumn(xName, xc))
            .WithColumn(new NumericColumn(zName, zc))
            .WithColumn(new NumericColumn(xzName, xz));
        var result = Regression.On(xName, zName, xzName).Fit(augmented);
        foreach (var name in new[] { xName, xzName })
        {
            if (!result.TryGetCoefficient(name, out _))
            {
                throw new InvalidOperationException($"'{name}' was dropped from the moderation model ({string.Join("; ", result.Notes.Select(n => n.Message))}); the marginal effect of {x.Name} needs it.");
            }
        }

        var at = Values.Count > 0 ? Values.ToArray() : [zMean - zSd, zMean, zMean + zSd];
        return new ModerationResult(this, result, x.Name, z.Name, xMean, zMean, zSd, at);
    }
}
