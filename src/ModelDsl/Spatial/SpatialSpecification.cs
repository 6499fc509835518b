using ModelDsl.Data;
using ModelDsl.Spatial;

namespace ModelDsl;

/// <summary>The spatial process of a spatial regression.</summary>
public enum SpatialProcess
{
    /// <summary>Spatial lag (SAR): y = ρWy + Xβ + ε.</summary>
    Lag,

    /// <summary>Spatial error (SEM): y = Xβ + u, u = λWu + ε.</summary>
    Error,

    /// <summary>Spatial Durbin (SDM): y = ρWy + Xβ + WXθ + ε.</summary>
    Durbin,

    /// <summary>Spatial lag and spatial error together (SAC, SARAR(1,1); Kelejian and Prucha 1998): y = ρWy + Xβ + u, u = λWu + ε.</summary>
    LagAndError,
}

/// <summary>
/// An immutable spatial regression estimated by maximum likelihood: a cross-section (spatialreg's <c>lagsarlm</c> /
/// <c>errorsarlm</c> / <c>sacsarlm</c>, <c>method = "eigen"</c>) or a balanced panel with unit, time or two-way fixed effects (Lee and Yu's
/// 2010 bias-corrected quasi-ML as Elhorst's routines apply it):
/// <c>Model.Spatial("y").On("x1", "x2").Weights(w).Durbin().Fe("region", "year").Fit(panel)</c>.
/// </summary>
/// <remarks>
/// <para>The data: every region of W in every period, once, with finite values (a spatial model needs the full
/// cross-section; nothing is dropped). Rows are matched to W by the region id (the panel's unit column, or
/// <see cref="RegionColumn"/> for a cross-section). Without <see cref="Fe"/> the model has an intercept (pooled over periods
/// in a panel); with fixed effects the variables are within-transformed (unit, time or both) and W·y, W·X are the lags of
/// the raw variables, transformed (Elhorst 2014, ch. 3). The spatial error model lags the transformed variables, as
/// Elhorst's <c>sem_panel_FE</c>; the SAC model does both (its W·y as the lag model, its error filter as the error model).</para>
/// <para>Estimation, information matrix, Lee–Yu corrections and the conventions: see <c>SpatialLikelihood</c> and
/// docs/spatial.md. Effects (LeSage and Pace 2009, ch. 2.7) for the lag, Durbin and SAC models: direct = tr(Sₖ)/n, total =
/// 1'Sₖ1/n = (βₖ + θₖ)/(1 − ρ) for row-standardised W, indirect = total − direct, Sₖ = (I − ρW)⁻¹(βₖI + θₖW); standard
/// errors by the delta method (default) or by simulation from N(θ̂, V̂) (<see cref="EffectsBySimulation"/>).</para>
/// </remarks>
public sealed record SpatialSpecification
{
    internal SpatialSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The outcome y.</summary>
    public Term Outcome { get; init; }

    /// <summary>The regressors X.</summary>
    public IReadOnlyList<Term> Regressors { get; init; } = [];

    /// <summary>The spatial weights W (row-standardised in the applied literature).</summary>
    public SpatialWeights? SpatialWeights { get; init; }

    /// <summary>The spatial process (default <see cref="SpatialProcess.Lag"/>).</summary>
    public SpatialProcess Process { get; init; } = SpatialProcess.Lag;

    /// <summary>The fixed effects: the panel's unit column, time column, or both.</summary>
    public IReadOnlyList<ColumnTerm> FixedEffects { get; init; } = [];

    /// <summary>Whether Lee and Yu's (2010) bias corrections are applied to a fixed-effects panel (default true, Elhorst's <c>info.bc = 1</c>).</summary>
    public bool BiasCorrected { get; init; } = true;

    /// <summary>The column of region ids of a cross-section (default: the panel's unit column).</summary>
    public string? RegionColumn { get; init; }

    /// <summary>Simulation draws of the effects' standard errors (0: delta method).</summary>
    public int EffectsDraws { get; init; }

    /// <summary>The seed of the effects simulation.</summary>
    public int EffectsSeed { get; init; } = 1;

    /// <summary>Forces the sparse Cholesky log-determinant whatever n (tests compare it with the eigenvalue path).</summary>
    internal bool ForceSparse { get; init; }

    /// <summary>Sets the regressors X.</summary>
    public SpatialSpecification On(params Term[] regressors)
    {
        ArgumentNullException.ThrowIfNull(regressors);
        return this with { Regressors = [.. regressors.Select(r => r ?? throw new ArgumentNullException(nameof(regressors)))] };
    }

    /// <summary>Sets the spatial weights W.</summary>
    public SpatialSpecification Weights(SpatialWeights weights) => this with { SpatialWeights = weights ?? throw new ArgumentNullException(nameof(weights)) };

    /// <summary>The spatial lag model (SAR), the default.</summary>
    public SpatialSpecification Lag() => this with { Process = SpatialProcess.Lag };

    /// <summary>The spatial error model (SEM).</summary>
    public SpatialSpecification Error() => this with { Process = SpatialProcess.Error };

    /// <summary>The spatial Durbin model (SDM): the lag model with the lags WX of the regressors.</summary>
    public SpatialSpecification Durbin() => this with { Process = SpatialProcess.Durbin };

    /// <summary>The SAC model (spatial lag and spatial error, SARAR(1,1)): y = ρWy + Xβ + u, u = λWu + ε, with the same W in both.</summary>
    /// <remarks>
    /// ρ and λ maximise the concentrated likelihood jointly (spatialreg's <c>sacsarlm</c>, <c>method = "eigen"</c>); the
    /// variance is the inverse of the analytic information matrix of (β, ρ, λ, σ²); the effects depend on ρ only, as in the
    /// lag model. With two-way fixed effects Lee and Yu's correction moves β, ρ, λ and σ². See docs/spatial.md.
    /// </remarks>
    public SpatialSpecification LagAndError() => this with { Process = SpatialProcess.LagAndError };

    /// <summary>Fixed effects: the panel's unit column, its time column, or both (two-way).</summary>
    public SpatialSpecification Fe(params ColumnTerm[] effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        return this with { FixedEffects = [.. effects.Select(e => e ?? throw new ArgumentNullException(nameof(effects)))] };
    }

    /// <summary>Leaves out Lee and Yu's bias corrections (the direct within estimates; Elhorst's <c>info.bc = 0</c>).</summary>
    public SpatialSpecification WithoutBiasCorrection() => this with { BiasCorrected = false };

    /// <summary>Names the column of region ids of a cross-section (matched to the ids of W).</summary>
    public SpatialSpecification Regions(string column)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        return this with { RegionColumn = column };
    }

    /// <summary>Standard errors of the effects by simulation: <paramref name="draws"/> draws of (β, θ, ρ) from N(θ̂, V̂), seeded.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 100 draws.</exception>
    public SpatialSpecification EffectsBySimulation(int draws = 1000, int seed = 1) => draws >= 100
        ? this with { EffectsDraws = draws, EffectsSeed = seed }
        : throw new ArgumentOutOfRangeException(nameof(draws), draws, "The effects simulation needs at least 100 draws (1000 is usual).");

    /// <summary>Estimates the model.</summary>
    /// <param name="data">A cross-section (one row per region) or a balanced panel (every region in every period).</param>
    /// <exception cref="InvalidOperationException">No weights or no regressors; a fixed effect that is not the panel's unit or time.</exception>
    /// <exception cref="ArgumentException">A region missing from W or the data, a duplicate, or a missing value (named).</exception>
    public SpatialResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SpatialEstimator.Fit(this, data);
    }
}
