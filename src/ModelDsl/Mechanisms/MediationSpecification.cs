using ModelDsl.Data;

namespace ModelDsl.Mechanisms;

/// <summary>
/// An immutable Baron–Kenny mediation analysis:
/// <c>Model.Mediate("inno").Treatment("cbec").Through("diginf").Controls(...).Fe("city", "year").Cluster("city").Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>Three regressions on the same sample (the complete cases of every variable), with the same controls W,
/// fixed effects and variance estimator (Baron and Kenny 1986, J. Pers. Soc. Psychol. 51(6)):
/// (1) Y = c X + W'γ₁ + FE + e₁ (total effect c); (2) M = a X + W'γ₂ + FE + e₂; (3) Y = c′ X + b M + W'γ₃ + FE + e₃.
/// For linear models on one sample c = c′ + a·b exactly; the indirect effect is a·b and the proportion mediated a·b / c.</para>
/// <para>Tests of a·b = 0 with s_a, s_b the standard errors of a and b under the chosen variance estimator:
/// Sobel (1982, Sociol. Methodol. 13) z = ab / √(b²s_a² + a²s_b²); Aroian (1947) z = ab / √(b²s_a² + a²s_b² + s_a²s_b²);
/// Goodman (1960) z = ab / √(b²s_a² + a²s_b² − s_a²s_b²) (not applicable when the radicand is not positive); two-sided
/// standard-normal p-values. These assume ab is normal, which it is not in small samples (MacKinnon, Lockwood and Williams
/// 2004); the bootstrap percentile interval (<see cref="Bootstrap"/>) does not: it resamples clusters when the variance
/// is clustered (the first cluster variable for two-way), otherwise observations, and refits a and b on each resample.</para>
/// </remarks>
public sealed record MediationSpecification
{
    internal MediationSpecification(Term outcome)
    {
        Regression = new RegressionSpecification(outcome ?? throw new ArgumentNullException(nameof(outcome)));
    }

    /// <summary>The regression template: outcome, controls, fixed effects and variance estimator.</summary>
    public RegressionSpecification Regression { get; init; }

    /// <summary>The treatment X.</summary>
    public Term? TreatmentTerm { get; init; }

    /// <summary>The mediator M.</summary>
    public Term? MediatorTerm { get; init; }

    /// <summary>The number of bootstrap draws for the interval of a·b (0: no bootstrap).</summary>
    public int BootstrapDraws { get; init; }

    /// <summary>The bootstrap seed.</summary>
    public int BootstrapSeed { get; init; }

    /// <summary>The level of the bootstrap percentile interval (default 0.95).</summary>
    public double BootstrapLevel { get; init; } = 0.95;

    /// <summary>Sets the treatment X.</summary>
    public MediationSpecification Treatment(Term treatment) => this with { TreatmentTerm = treatment ?? throw new ArgumentNullException(nameof(treatment)) };

    /// <summary>Sets the mediator M.</summary>
    public MediationSpecification Through(Term mediator) => this with { MediatorTerm = mediator ?? throw new ArgumentNullException(nameof(mediator)) };

    /// <summary>Adds control variables (used in all three steps).</summary>
    public MediationSpecification Controls(params Term[] controls) => this with { Regression = Regression.Controls(controls) };

    /// <summary>Adds fixed-effect dimensions (used in all three steps).</summary>
    public MediationSpecification Fe(params ColumnTerm[] dimensions) => this with { Regression = Regression.Fe(dimensions) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two (all three steps; the bootstrap resamples the first).</summary>
    public MediationSpecification Cluster(params ColumnTerm[] variables) => this with { Regression = Regression.Cluster(variables) };

    /// <summary>Sets the variance estimator of all three steps.</summary>
    public MediationSpecification Vcov(Vcov variance) => this with { Regression = Regression.Vcov(variance) };

    /// <summary>Adds a seeded (cluster) bootstrap percentile interval for a·b.</summary>
    public MediationSpecification Bootstrap(int draws = 1000, int seed = 42, double level = 0.95)
    {
        if (draws < 2 || draws > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, $"The number of bootstrap draws must be between 2 and 1000000 but got {draws}; 1000 or more is usual for a 95% interval.");
        }

        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The interval level must be in (0, 1) but got {level}.");
        }

        return this with { BootstrapDraws = draws, BootstrapSeed = seed, BootstrapLevel = level };
    }

    /// <summary>Runs the three steps (and the bootstrap when asked) on <paramref name="data"/>.</summary>
    public MediationResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = TreatmentTerm ?? throw new InvalidOperationException($"The mediation of '{Regression.Outcome.Name}' has no treatment; call Treatment(\"x\").");
        var m = MediatorTerm ?? throw new InvalidOperationException($"The mediation of '{Regression.Outcome.Name}' has no mediator; call Through(\"m\").");
        var y = Regression.Outcome;
        if (x.Name == m.Name)
        {
            throw new ArgumentException($"The mediator '{m.Name}' is the treatment itself; a mediator must be a different variable through which the treatment acts (for example Through(\"diginf\")).");
        }

        if (y.Name == m.Name || y.Name == x.Name)
        {
            throw new ArgumentException($"The outcome '{y.Name}' is also the {(y.Name == m.Name ? "mediator" : "treatment")}; outcome, treatment and mediator must be three different variables.");
        }

        if (Regression.ControlTerms.Any(c => c.Name == x.Name || c.Name == m.Name))
        {
            throw new ArgumentException($"A control ({string.Join(", ", Regression.ControlTerms.Where(c => c.Name == x.Name || c.Name == m.Name).Select(c => c.Name))}) is the treatment or the mediator; remove it from Controls(...).");
        }

        var (sample, _) = CompleteCases.Select(data, [y, x, m, .. Regression.ControlTerms], Regression);
        RequireDistinct(sample, x, m);

        var template = Regression with { Regressors = [] };
        var totalFit = (template with { Outcome = y }).On(x).Fit(sample);
        var mediatorFit = (template with { Outcome = m }).On(x).Fit(sample);
        var outcomeFit = (template with { Outcome = y }).On(x, m).Fit(sample);
        if (!totalFit.SampleRows.SequenceEqual(mediatorFit.SampleRows) || !totalFit.SampleRows.SequenceEqual(outcomeFit.SampleRows))
        {
            throw new InvalidOperationException(
                $"The three mediation steps ended with different samples ({totalFit.Observations}, {mediatorFit.Observations} and {outcomeFit.Observations} observations); this should not happen after selecting complete cases. Report the data that causes it.");
        }

        foreach (var (fit, term, step) in new[] { (totalFit, x, "total"), (mediatorFit, x, "mediator"), (outcomeFit, x, "outcome"), (outcomeFit, m, "outcome") })
        {
            if (!fit.TryGetCoefficient(term.Name, out _))
            {
                throw new InvalidOperationException(
                    $"'{term.Name}' was dropped from the {step} step ({string.Join("; ", fit.Notes.Select(n => n.Message))}); the mediation needs it. Check for collinearity with the fixed effects or controls.");
            }
        }

        MediationBootstrapInterval? bootstrap = null;
        if (BootstrapDraws > 0)
        {
            bootstrap = MediationBootstrap.Run(this, outcomeFit, mediatorFit);
        }

        return new MediationResult(this, totalFit, mediatorFit, outcomeFit, bootstrap);
    }

    private static void RequireDistinct(PanelData sample, Term x, Term m)
    {
        var evaluator = new Design.TermEvaluator(sample, Estimation.LinearModelEstimator.PanelShift);
        var xs = evaluator.Evaluate(x);
        var ms = evaluator.Evaluate(m);
        if (xs.AsSpan().SequenceEqual(ms))
        {
            throw new ArgumentException(
                $"The mediator '{m.Name}' is identical to the treatment '{x.Name}' in all {xs.Length} rows; the outcome step could not separate b from c′. Use a mediator that differs from the treatment.");
        }
    }
}
