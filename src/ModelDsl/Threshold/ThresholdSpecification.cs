using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;
using ModelDsl.Thresholds;

namespace ModelDsl;

/// <summary>
/// An immutable fixed-effects panel threshold regression (Hansen 1999; Wang 2015's xthreg):
/// <c>Model.Threshold("inno").On("va").By("infra").Regimes(2).Controls("pop").Fe("province").Cluster("province").Bootstrap(300, seed: 1).Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para>y_it = μ_i + x_it'β₁·1(q_it ≤ γ₁) + x_it'β₂·1(γ₁ &lt; q_it ≤ γ₂) + … + z_it'δ + e_it: the regime-dependent
/// regressors x (<see cref="On"/>), the threshold variable q (<see cref="By"/>), the regime-independent controls z
/// (<see cref="Controls"/>) and unit fixed effects removed by the within transformation. <see cref="Regimes"/> counts
/// regimes, so <c>Regimes(2)</c> is xthreg's <c>thnum(1)</c> (one threshold) and <c>Regimes(4)</c> its <c>thnum(3)</c>.</para>
/// <para>Candidate thresholds: the sorted sample values q₍₁₎ ≤ … ≤ q₍N₎ at the probabilities
/// p_j = τ + (1 − 2τ)(j − 1)/(G − 1), j = 1 … G (G = <see cref="GridPoints"/>, default 300; τ = <see cref="TrimShares"/>,
/// default 0.01, xthreg's defaults), candidate j = q₍⌈p_j N⌉₎, duplicates removed; <see cref="EveryValue"/> uses every
/// distinct value between those two trimmed quantiles instead. One share per threshold (xthreg's <c>trim(0.01 0.01 0.05)</c>)
/// gives each threshold its own grid τ_k: the search for γ_k (and the refinement of γ₁, on τ₁) considers only the
/// candidates of grid k; the candidate list reported is the union of the grids, ascending, and a candidate outside
/// threshold k's grid has no LR statistic (null) in that threshold's profile. Each threshold is estimated by minimising the concentrated
/// SSR over the grid; the second and third sequentially with Hansen's refinement (see docs/threshold.md).</para>
/// <para>Confidence interval of each threshold: {γ on the grid : LR(γ) ≤ c(α)}, LR(γ) = (S(γ) − S(γ̂))/σ̂²,
/// σ̂² = S(γ̂)/(n(T − 1)), c(α) = −2 ln(1 − √(1 − α)) (Hansen 2000; 7.35 at 95%), reported as its smallest and largest
/// grid point. The regime coefficients are those of the within regression at the estimated thresholds, fitted by the
/// linear family with the requested variance (default iid; clustered errors with Stata's <c>xtreg, fe vce(cluster)</c>
/// small-sample factor G/(G − 1)·(N − 1)/(N − K)). A balanced panel is required (Hansen's method).</para>
/// </remarks>
public sealed record ThresholdSpecification
{
    internal ThresholdSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The outcome y.</summary>
    public Term Outcome { get; init; }

    /// <summary>The regime-dependent regressors x (xthreg's <c>rx()</c>).</summary>
    public IReadOnlyList<Term> RegimeDependent { get; init; } = [];

    /// <summary>The threshold variable q (xthreg's <c>qx()</c>).</summary>
    public Term? ThresholdVariable { get; init; }

    /// <summary>The number of regimes, 2 to 4 (one to three thresholds).</summary>
    public int RegimeCount { get; init; } = 2;

    /// <summary>The regime-independent controls z.</summary>
    public IReadOnlyList<Term> ControlTerms { get; init; } = [];

    /// <summary>The unit fixed effect; null means the panel's unit column.</summary>
    public ColumnTerm? FixedEffect { get; init; }

    /// <summary>The variance estimator of the regime coefficients (default iid).</summary>
    public Vcov Variance { get; init; } = ModelDsl.Vcov.Iid;

    /// <summary>The number of bootstrap draws per F test (0: no test).</summary>
    public int BootstrapDraws { get; init; }

    /// <summary>The bootstrap seed.</summary>
    public int BootstrapSeed { get; init; } = 1;

    /// <summary>The number of grid points G (xthreg's <c>grid()</c>, default 300).</summary>
    public int GridPoints { get; init; } = 300;

    /// <summary>
    /// The trimmed share τ at each end of the distribution of q (xthreg's <c>trim()</c>, default 0.01): one share for
    /// every threshold, or one per threshold in order (τ₁, τ₂, τ₃).
    /// </summary>
    public IReadOnlyList<double> TrimShares { get; init; } = [0.01];

    /// <summary>Whether every distinct value of q between the trimmed quantiles is a candidate (instead of G grid points).</summary>
    public bool UsesEveryValue { get; init; }

    /// <summary>The confidence level of the threshold intervals (xthreg's <c>thlevel()</c>/100, default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Sets the regime-dependent regressors x.</summary>
    public ThresholdSpecification On(params Term[] regressors)
    {
        ArgumentNullException.ThrowIfNull(regressors);
        return this with { RegimeDependent = [.. regressors.Select(r => r ?? throw new ArgumentNullException(nameof(regressors)))] };
    }

    /// <summary>Sets the threshold variable q.</summary>
    public ThresholdSpecification By(Term thresholdVariable) => this with { ThresholdVariable = thresholdVariable ?? throw new ArgumentNullException(nameof(thresholdVariable)) };

    /// <summary>Sets the number of regimes: 2 (one threshold), 3 (two) or 4 (three).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 or more than 4 regimes.</exception>
    public ThresholdSpecification Regimes(int regimes) => regimes is >= 2 and <= 4
        ? this with { RegimeCount = regimes }
        : throw new ArgumentOutOfRangeException(nameof(regimes), regimes, "A panel threshold model has 2, 3 or 4 regimes (one, two or three thresholds, as xthreg's thnum(1–3)).");

    /// <summary>Adds regime-independent controls z.</summary>
    public ThresholdSpecification Controls(params Term[] controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        return this with { ControlTerms = [.. ControlTerms, .. controls.Select(c => c ?? throw new ArgumentNullException(nameof(controls)))] };
    }

    /// <summary>Sets the unit fixed effect; it must be the panel's unit column (the model is one-way).</summary>
    public ThresholdSpecification Fe(ColumnTerm unit) => this with { FixedEffect = unit ?? throw new ArgumentNullException(nameof(unit)) };

    /// <summary>Cluster-robust errors of the regime coefficients by <paramref name="variable"/>.</summary>
    public ThresholdSpecification Cluster(ColumnTerm variable) => this with { Variance = ModelDsl.Vcov.Cluster(variable ?? throw new ArgumentNullException(nameof(variable))) };

    /// <summary>Sets the variance estimator of the regime coefficients.</summary>
    public ThresholdSpecification Vcov(Vcov variance) => this with { Variance = variance ?? throw new ArgumentNullException(nameof(variance)) };

    /// <summary>Bootstraps the F tests for the number of thresholds with <paramref name="draws"/> draws each (Hansen recommends at least 300).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 10 draws.</exception>
    public ThresholdSpecification Bootstrap(int draws, int seed = 1) => draws >= 10
        ? this with { BootstrapDraws = draws, BootstrapSeed = seed }
        : throw new ArgumentOutOfRangeException(nameof(draws), draws, "The bootstrap needs at least 10 draws (300 or more for p-values and 1% critical values).");

    /// <summary>Sets the number of grid points G.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 points.</exception>
    public ThresholdSpecification Grid(int points) => points >= 2
        ? this with { GridPoints = points, UsesEveryValue = false }
        : throw new ArgumentOutOfRangeException(nameof(points), points, "The grid needs at least 2 points.");

    /// <summary>Uses every distinct value of q between the trimmed quantiles as a candidate (Hansen's full search; slower).</summary>
    public ThresholdSpecification EveryValue() => this with { UsesEveryValue = true };

    /// <summary>
    /// Sets the trimmed share τ at each end of q's distribution: one share for every threshold (<c>Trim(0.05)</c>), or
    /// one per threshold in order (<c>Trim(0.01, 0.01, 0.05)</c>, xthreg's <c>trim(0.01 0.01 0.05)</c>; their count must
    /// then equal the number of thresholds, <see cref="RegimeCount"/> − 1, checked by <see cref="Fit"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No share, or more than three.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A share outside [0, 0.5).</exception>
    public ThresholdSpecification Trim(params double[] shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Length is < 1 or > 3)
        {
            throw new ArgumentException($"Trim takes one share for every threshold or one per threshold (at most three); got {shares.Length}.", nameof(shares));
        }

        foreach (var share in shares)
        {
            if (share is not (>= 0 and < 0.5))
            {
                throw new ArgumentOutOfRangeException(nameof(shares), share, "A trimmed share must be in [0, 0.5), for example 0.01 (xthreg's default) or 0.05.");
            }
        }

        return this with { TrimShares = [.. shares] };
    }

    /// <summary>The trimmed share of threshold <paramref name="threshold"/> (1-based): its own, or the one share of all.</summary>
    internal double TrimFor(int threshold) => TrimShares.Count == 1 ? TrimShares[0] : TrimShares[threshold - 1];

    /// <summary>Sets the confidence level of the threshold intervals.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A level outside (0, 1).</exception>
    public ThresholdSpecification Confidence(double level) => level is > 0 and < 1
        ? this with { ConfidenceLevel = level }
        : throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1), for example 0.95.");

    /// <summary>The name of the column of regressor <paramref name="regressor"/> in regime <paramref name="regime"/> (1-based): <c>va:regime1</c>.</summary>
    public static string RegimeName(string regressor, int regime) => $"{regressor}:regime{regime}";

    /// <summary>The critical value c(α) = −2 ln(1 − √(1 − α)) of the LR statistic at confidence level α (Hansen 2000).</summary>
    public static double CriticalValue(double level) => -2 * Math.Log(1 - Math.Sqrt(level));

    /// <summary>Estimates the thresholds, runs the bootstrap tests and fits the regime coefficients on <paramref name="data"/>.</summary>
    /// <exception cref="InvalidOperationException">A missing part of the model, an unbalanced panel, or no usable candidate.</exception>
    public ThresholdResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var q = ThresholdVariable ?? throw new InvalidOperationException($"The threshold model of '{Outcome.Name}' has no threshold variable; call By(\"q\").");
        if (RegimeDependent.Count == 0)
        {
            throw new InvalidOperationException($"The threshold model of '{Outcome.Name}' has no regime-dependent regressor; call On(\"x\").");
        }

        if (TrimShares.Count != 1 && TrimShares.Count != RegimeCount - 1)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The threshold model of '{Outcome.Name}' has {RegimeCount - 1} threshold(s) (Regimes({RegimeCount})) but {TrimShares.Count} trimmed shares; give one share for all thresholds or one per threshold (as xthreg's trim() with thnum())."));
        }

        var panel = ThresholdPanel.Build(this, data);
        var search = new ThresholdSearch(panel.Units, panel.Periods, panel.Controls, panel.Regressors, panel.Q, panel.Candidates) { Allowed = panel.Allowed };
        var y = search.Prepare(panel.Y);
        var thresholds = RegimeCount - 1;
        var stages = ThresholdProcedure.Estimate(search, y, thresholds);
        var tests = new List<ThresholdTest>();
        for (var k = 1; k <= thresholds; k++)
        {
            var f = stages.F(k, search.WithinDegrees);
            var alternative = k == 1 ? stages.FirstSsr[stages.First] : k == 2 ? stages.SecondSsr[stages.Second] : stages.ThirdSsr[stages.Third];
            var draws = BootstrapDraws > 0 ? ThresholdProcedure.Bootstrap(search, y, stages, k, BootstrapDraws, BootstrapSeed, panel.Units, panel.Periods) : [];
            tests.Add(new ThresholdTest(k, alternative, alternative / search.WithinDegrees, f, draws));
        }

        var estimates = Estimates(stages, panel.Candidates, search.WithinDegrees, thresholds);
        var model = estimates.Where(e => e.InModel).Select(e => e.Value).Order().ToArray();
        var notes = new List<Note>(panel.Notes);
        if (estimates.Any(e => e.IntervalIsSplit))
        {
            notes.Add(new Note(NoteKind.Information, "The LR confidence set of a threshold is not an interval; the reported bounds are its smallest and largest grid point."));
        }

        var regression = panel.FitRegimes(this, model);
        notes.AddRange(regression.Notes);
        return new ThresholdResult(this, panel.Units, panel.Periods, panel.Candidates, stages.S0, estimates, tests, model, regression, notes);
    }

    private IReadOnlyList<ThresholdEstimate> Estimates(ThresholdProcedure.Stages stages, double[] candidates, int degrees, int thresholds)
    {
        var critical = CriticalValue(ConfidenceLevel);
        ThresholdEstimate Make(string label, int index, double[] ssr, bool inModel)
        {
            var sigma2 = ssr[index] / degrees;
            var lr = ssr.Select(s => (s - ssr[index]) / sigma2).ToArray();
            var inside = Enumerable.Range(0, lr.Length).Where(i => !double.IsNaN(lr[i]) && lr[i] <= critical).ToArray();
            var split = inside[^1] - inside[0] + 1 != inside.Length;
            return new ThresholdEstimate(label, candidates[index], ssr[index], candidates[inside[0]], candidates[inside[^1]], split, inModel, candidates, lr);
        }

        var list = new List<ThresholdEstimate> { Make("Th-1", stages.First, stages.FirstSsr, thresholds == 1) };
        if (thresholds >= 2)
        {
            list.Add(Make("Th-21", stages.Refined, stages.RefinedSsr, true));
            list.Add(Make("Th-22", stages.Second, stages.SecondSsr, true));
        }

        if (thresholds >= 3)
        {
            list.Add(Make("Th-3", stages.Third, stages.ThirdSsr, true));
        }

        return list;
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"Threshold({Outcome.Name}).On({string.Join(", ", RegimeDependent.Select(t => t.Name))}).By({ThresholdVariable?.Name}).Regimes({RegimeCount})");
}
