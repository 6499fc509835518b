using ModelDsl.Data;
using ModelDsl.DynamicPanel;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>Which equations a dynamic-panel GMM estimator uses.</summary>
public enum DynamicPanelTransformation
{
    /// <summary>Difference GMM (Arellano and Bond 1991): the model in first differences only.</summary>
    Difference,

    /// <summary>System GMM (Arellano and Bover 1995; Blundell and Bond 1998): the differenced equation stacked with the equation in levels.</summary>
    System,
}

/// <summary>One-step or two-step GMM.</summary>
public enum GmmSteps
{
    /// <summary>One step with the fixed weight matrix (Σ Z_i'H Z_i)⁻¹; robust (sandwich) standard errors.</summary>
    OneStep,

    /// <summary>Two steps: the weight matrix re-estimated from the one-step residuals; Windmeijer-corrected standard errors by default.</summary>
    TwoStep,
}

/// <summary>The equation(s) an IV-style instrument enters in system GMM.</summary>
public enum InstrumentEquation
{
    /// <summary>The differenced instrument in the differenced equation and the instrument in levels in the level equation, as separate columns (plm::pgmm's convention).</summary>
    Both,

    /// <summary>Only the differenced equation (the differenced instrument).</summary>
    Difference,

    /// <summary>Only the level equation (the instrument in levels); system GMM only.</summary>
    Level,
}

/// <summary>The standard errors of a dynamic-panel GMM fit.</summary>
public enum GmmVariance
{
    /// <summary>One step: the robust sandwich; two step: Windmeijer's (2005) finite-sample correction. plm::pgmm's <c>summary(robust = TRUE)</c>, xtabond2's <c>robust</c>.</summary>
    Robust,

    /// <summary>Two step only: the uncorrected (X'Z A₂ Z'X)⁻¹, known to be downward biased in finite samples.</summary>
    Uncorrected,
}

/// <summary>
/// A GMM-style instrument set: the levels of <paramref name="Variable"/> lagged <paramref name="FirstLag"/> to
/// <paramref name="LastLag"/> periods, one column per period and lag (or one per lag when collapsed).
/// </summary>
/// <param name="Variable">The series whose lags instrument (the outcome, or a predetermined or endogenous regressor).</param>
/// <param name="FirstLag">The shortest lag used (2 for the lagged outcome under serially uncorrelated errors).</param>
/// <param name="LastLag">The longest lag used, or null for all available lags.</param>
/// <param name="Collapse">Roodman's (2009) collapse: one column per lag instead of one per period and lag.</param>
public sealed record GmmInstrument(Term Variable, int FirstLag = 2, int? LastLag = null, bool Collapse = false)
{
    /// <summary>The series whose lags instrument.</summary>
    public Term Variable { get; } = Variable ?? throw new ArgumentNullException(nameof(Variable));

    /// <summary>The shortest lag used.</summary>
    public int FirstLag { get; } = FirstLag >= 1
        ? FirstLag
        : throw new ArgumentOutOfRangeException(nameof(FirstLag), FirstLag, $"A GMM-style instrument needs a first lag of at least 1 but got {FirstLag}; use 2 for the lagged outcome (Arellano–Bond) or 1 for a predetermined regressor.");

    /// <summary>The longest lag used, or null for all available lags.</summary>
    public int? LastLag { get; } = LastLag is null || LastLag >= FirstLag
        ? LastLag
        : throw new ArgumentOutOfRangeException(nameof(LastLag), LastLag, $"A GMM-style instrument's last lag ({LastLag}) is below its first lag ({FirstLag}); give to >= from, or null for all available lags.");

    /// <summary>A display form: <c>gmm(log(emp), 2:.)</c>, <c>gmm(log(emp), 2:4, collapsed)</c>.</summary>
    public override string ToString()
        => $"gmm({Variable.Name}, {FirstLag}:{(LastLag is { } last ? last.ToString(System.Globalization.CultureInfo.InvariantCulture) : ".")}{(Collapse ? ", collapsed" : string.Empty)})";
}

/// <summary>An IV-style instrument: one column (per equation) holding the variable itself.</summary>
/// <param name="Variable">The instrument (a strictly exogenous regressor, a lag of one).</param>
/// <param name="Equation">The equation(s) it enters in system GMM.</param>
public sealed record IvInstrument(Term Variable, InstrumentEquation Equation = InstrumentEquation.Both)
{
    /// <summary>The instrument.</summary>
    public Term Variable { get; } = Variable ?? throw new ArgumentNullException(nameof(Variable));

    /// <inheritdoc />
    public override string ToString() => $"iv({Variable.Name}{(Equation == InstrumentEquation.Both ? string.Empty : ", " + Equation.ToString().ToLowerInvariant())})";
}

/// <summary>
/// An immutable dynamic-panel GMM model: <c>Model.DynamicPanel(Term.Log("emp")).On(Term.Lag(Term.Log("emp"), 1), ...)
/// .GmmInstruments(Term.Log("emp"), from: 2).IvInstruments(...).TimeDummies().TwoStep().Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>The model is y_it = x_it'β + α_i + ε_it with x_it holding lags of y. Difference GMM (Arellano and Bond 1991,
/// Rev. Econ. Stud. 58(2)) removes α_i by first differences and uses E[y_i,t−s Δε_it] = 0 for s ≥ 2; system GMM
/// (Arellano and Bover 1995; Blundell and Bond 1998, J. Econometrics 87(1)) adds the equation in levels with
/// E[Δy_i,t−1 ε_it] = 0. One-step GMM weights the moments by (Σ_i Z_i'H Z_i)⁻¹ with H the covariance of the
/// transformed errors under i.i.d. ε (2 on the diagonal, −1 next to it for the differences); two-step GMM by
/// (Σ_i Z_i'ê_i ê_i'Z_i)⁻¹ from the one-step residuals. Standard errors: one-step robust sandwich; two-step
/// Windmeijer (2005, J. Econometrics 126(1)) corrected. Reported as xtabond2 (Roodman 2009, Stata J. 9(1)) and
/// plm::pgmm (Croissant and Millo 2008) report it; the numbers are those of plm::pgmm 2.6, checked to 1e-8.</para>
/// <para>Conventions (plm::pgmm's, kept so that the numbers agree):</para>
/// <list type="bullet">
/// <item>The differenced equation has rows for periods TL1+1…T with TL1 = max(longest lag in the model + 1, shortest
/// GMM lag) on the grid of the panel's periods; a row whose outcome or regressors (or their first difference) are
/// missing is dropped (zeroed), which is how gaps and each unit's first periods leave the sample. Missing
/// instrument values are zeros (not a dropped row). The level equation (system) has rows for periods TL1…T.</item>
/// <item>GMM-style instruments in levels for the differenced equation: lags FirstLag…LastLag, one column per period
/// and lag, or per lag when collapsed. For the level equation (system) the one lag of the difference
/// Δx_{t−FirstLag+1} (Δx_{t−1} for FirstLag = 2), one column per period or one collapsed column.</item>
/// <item>IV-style instruments: the differenced variable in the differenced equation, the variable in levels in the
/// level equation, as separate columns (<see cref="InstrumentEquation"/>).</item>
/// <item>Time dummies (<see cref="TimeDummies"/>): in difference GMM, the differenced dummies of periods TL1+1…T as
/// regressors and IV-style instruments (xtabond2's <c>iv(yr*)</c> spans the same space); in system GMM a constant and
/// the dummies of periods TL1+1…T as regressors, instrumenting only the level equation (pgmm); their differences
/// enter the differenced equation as regressors. System GMM without time dummies has no constant (pgmm).</item>
/// <item>One-step H for system GMM: [[G, D], [D', I]] with D the cross-covariance of Δε_t and ε_s (pgmm's "full"
/// matrix).</item>
/// <item>Hansen J: (Σ Z_i'ê_i)'(Σ Z_i'ê¹_i ê¹_i'Z_i)⁻¹(Σ Z_i'ê_i) with ê¹ the one-step residuals and ê the model's
/// (pgmm calls it "Sargan"; it is xtabond2's Hansen test in two-step models; see <see cref="DynamicPanelResult.Hansen"/>).
/// Sargan (difference GMM): the one-step statistic scaled by σ̂² = Σ(Δê¹)²/(2(N − K)), Stata xtabond's
/// (<see cref="DynamicPanelResult.Sargan"/>).</item>
/// <item>When Σ Z_i'H Z_i or Σ Z_i'ê ê'Z_i has an eigenvalue below 1e-9 (instruments that are all zero), its
/// Moore–Penrose inverse is used with a note, as pgmm does.</item>
/// </list>
/// </remarks>
public sealed record DynamicPanelSpecification
{
    internal DynamicPanelSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The dependent variable (in levels; the estimator differences it).</summary>
    public Term Outcome { get; }

    /// <summary>The regressors: lags of the outcome and other variables, in levels.</summary>
    public IReadOnlyList<Term> Regressors { get; init; } = [];

    /// <summary>The GMM-style instrument sets.</summary>
    public IReadOnlyList<GmmInstrument> Gmm { get; init; } = [];

    /// <summary>The IV-style instruments.</summary>
    public IReadOnlyList<IvInstrument> Iv { get; init; } = [];

    /// <summary>True when period dummies enter (pgmm's <c>effect = "twoways"</c>).</summary>
    public bool HasTimeDummies { get; init; }

    /// <summary>Difference or system GMM.</summary>
    public DynamicPanelTransformation Transformation { get; init; } = DynamicPanelTransformation.Difference;

    /// <summary>One- or two-step.</summary>
    public GmmSteps Steps { get; init; } = GmmSteps.OneStep;

    /// <summary>The standard errors reported.</summary>
    public GmmVariance Variance { get; init; } = GmmVariance.Robust;

    /// <summary>
    /// Whether the Arellano–Bond test's variance uses the level rows' residuals in Z'ê (xtabond2, the default) or zeroes
    /// them as plm's <c>mtest</c> does for system GMM; internal, so that the pgmm reference cases keep checking the
    /// shared code path. The two coincide in difference GMM.
    /// </summary>
    internal bool LevelResidualsInAutocorrelation { get; init; } = true;

    /// <summary>Adds regressors (lags of the outcome, other variables), in levels.</summary>
    public DynamicPanelSpecification On(params Term[] regressors)
    {
        ArgumentNullException.ThrowIfNull(regressors);
        return this with { Regressors = [.. Regressors, .. regressors.Select(r => r ?? throw new ArgumentNullException(nameof(regressors)))] };
    }

    /// <summary>
    /// Adds GMM-style instruments: the lags <paramref name="from"/>…<paramref name="to"/> of <paramref name="variable"/>
    /// (<paramref name="to"/> null: all available lags), collapsed to one column per lag when <paramref name="collapse"/>.
    /// </summary>
    public DynamicPanelSpecification GmmInstruments(Term variable, int from = 2, int? to = null, bool collapse = false)
        => this with { Gmm = [.. Gmm, new GmmInstrument(variable, from, to, collapse)] };

    /// <summary>Adds IV-style instruments (one column each) for both equations (see <see cref="InstrumentEquation.Both"/>).</summary>
    public DynamicPanelSpecification IvInstruments(params Term[] instruments) => IvInstruments(InstrumentEquation.Both, instruments);

    /// <summary>Adds IV-style instruments for the given equation(s).</summary>
    public DynamicPanelSpecification IvInstruments(InstrumentEquation equation, params Term[] instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        return this with { Iv = [.. Iv, .. instruments.Select(t => new IvInstrument(t, equation))] };
    }

    /// <summary>Adds period dummies as regressors and IV-style instruments (pgmm's <c>effect = "twoways"</c>).</summary>
    public DynamicPanelSpecification TimeDummies() => this with { HasTimeDummies = true };

    /// <summary>One-step GMM (the default).</summary>
    public DynamicPanelSpecification OneStep() => this with { Steps = GmmSteps.OneStep };

    /// <summary>Two-step GMM with Windmeijer-corrected standard errors.</summary>
    public DynamicPanelSpecification TwoStep() => this with { Steps = GmmSteps.TwoStep };

    /// <summary>Difference GMM (Arellano–Bond; the default).</summary>
    public DynamicPanelSpecification Difference() => this with { Transformation = DynamicPanelTransformation.Difference };

    /// <summary>System GMM (Blundell–Bond): the differenced and level equations stacked.</summary>
    public DynamicPanelSpecification System() => this with { Transformation = DynamicPanelTransformation.System };

    /// <summary>Sets the standard errors (robust / Windmeijer by default).</summary>
    public DynamicPanelSpecification Vcov(GmmVariance variance) => this with { Variance = variance };

    /// <summary>Estimates the model on <paramref name="data"/>, a panel with unit and time columns.</summary>
    /// <exception cref="InvalidOperationException">When the specification or the data cannot identify the model (see the message).</exception>
    public DynamicPanelResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return DynamicPanelEstimator.Fit(this, data);
    }

    /// <summary>A one-line description: <c>log(emp) ~ L1.log(emp) + ... | gmm(log(emp), 2:.) | two-step difference GMM</c>.</summary>
    public override string ToString()
        => $"{Outcome.Name} ~ {string.Join(" + ", Regressors.Select(r => r.Name))} | {string.Join(" ", Gmm.Select(g => g.ToString()).Concat(Iv.Select(i => i.ToString())))}{(HasTimeDummies ? " + time dummies" : string.Empty)} | {(Steps == GmmSteps.TwoStep ? "two" : "one")}-step {(Transformation == DynamicPanelTransformation.System ? "system" : "difference")} GMM";
}
