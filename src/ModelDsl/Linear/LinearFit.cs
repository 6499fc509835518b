using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// What a fitted linear model keeps so that its variance can be recomputed without re-estimating:
/// the design the sandwich uses, the residuals and the bread.
/// </summary>
/// <remarks>
/// Dimensions: <c>Design</c> is n×p column-major (p = slopes + constant), <c>Bread</c> is (D'D)⁻¹ p×p
/// row-major, <c>Residuals</c> has length n. With fixed effects or an intercept, <c>Design</c> is the
/// demeaned regressors plus their sample means and a column of ones, so the constant's variance is the
/// one of Stata's <c>xtreg, fe</c> and reghdfe; slopes are unaffected by the added means.
/// </remarks>
internal sealed class LinearFit
{
    internal required RegressionSpecification Specification { get; init; }

    internal required string Estimator { get; init; }

    internal required PanelData Data { get; init; }

    /// <summary>The data rows of the estimation sample, in order.</summary>
    internal required int[] SampleRows { get; init; }

    internal required int Observations { get; init; }

    /// <summary>Coefficient names: slopes, then the constant when there is one.</summary>
    internal required string[] Names { get; init; }

    /// <summary>The coefficients in the scaled units of the design (see <see cref="CoefficientExponents"/>).</summary>
    internal required double[] Estimates { get; init; }

    /// <summary>
    /// Per coefficient the binary exponent from the stored units to the data's: coefficient j is reported as
    /// <c>Estimates[j]·2^CoefficientExponents[j]</c> and its covariance with i as <c>V[i, j]·2^(eᵢ + eⱼ)</c>. The
    /// least-squares estimator scales y and every regressor by a power of two near its largest absolute value before
    /// the decomposition (so that no sum of squares under- or overflows); null means no scaling.
    /// </summary>
    internal int[]? CoefficientExponents { get; init; }

    /// <summary>The binary exponent of the outcome's scale: residuals are stored in units of 2^e, sums of squares of 2^(2e).</summary>
    internal int OutcomeExponent { get; init; }

    /// <summary>The materialised design (n×p column-major), or empty when <see cref="DesignColumns"/> describes it.</summary>
    internal double[] Design { get; init; } = [];

    /// <summary>
    /// The design without a copy: column c is <c>DesignColumns[c] + DesignShifts[c]</c> for c &lt; the number of
    /// columns, then (with <see cref="HasConstant"/>) a column of ones. Null when <see cref="Design"/> is materialised.
    /// </summary>
    internal ReadOnlyMemory<double>[]? DesignColumns { get; init; }

    /// <summary>The constant added to each of <see cref="DesignColumns"/> (the regressor means with a constant, else 0).</summary>
    internal double[]? DesignShifts { get; init; }

    /// <summary>
    /// Row factors rᵢ of a weighted fit (√wᵢ): column c is then <c>DesignColumns[c] + DesignShifts[c]·rᵢ</c> and the
    /// constant's column is r. Null means rᵢ = 1.
    /// </summary>
    internal double[]? DesignRowScale { get; init; }

    internal required double[] Residuals { get; init; }

    internal required double[] Bread { get; init; }

    /// <summary>The number of slopes (the constant excluded).</summary>
    internal required int Slopes { get; init; }

    /// <summary>Whether the last coefficient is a constant (explicit intercept, or reported with fixed effects).</summary>
    internal required bool HasConstant { get; init; }

    /// <summary>The fixed effects of the sample, or null.</summary>
    /// <summary>The specification's cluster variables on the estimation sample, computed once by <see cref="EstimationSample"/> (empty when it names none).</summary>
    internal IReadOnlyList<SampleCluster> Clusters { get; init; } = [];

    internal FixedEffectStructure? FixedEffects { get; init; }

    /// <summary>Fixed-effect parameters beyond the constant (all dimensions).</summary>
    internal int FixedEffectDegreesOfFreedom { get; init; }

    /// <summary>Every estimated parameter: slopes + constant + fixed-effect degrees of freedom.</summary>
    internal int ParameterCount => Slopes + (HasConstant ? 1 : 0) + FixedEffectDegreesOfFreedom;

    /// <summary>N − K with K = <see cref="ParameterCount"/> and N = <see cref="EffectiveObservations"/>.</summary>
    internal int ResidualDegreesOfFreedom => EffectiveObservations - ParameterCount;

    /// <summary>The frequency weights of the rows (not normalised), or null: then N = Σw, see <see cref="EffectiveObservations"/>.</summary>
    internal double[]? FrequencyWeights { get; init; }

    /// <summary>N: the rows, or Σw with frequency weights (the observations the rows stand for).</summary>
    internal int EffectiveObservations => FrequencyCount ?? Observations;

    /// <summary>Σw of a frequency-weighted fit, or null.</summary>
    internal int? FrequencyCount { get; init; }

    internal required double ResidualSumOfSquares { get; init; }

    /// <summary>Σ(y − ȳ)² (uncentred without an intercept).</summary>
    internal required double TotalSumOfSquares { get; init; }

    /// <summary>Σ ỹ² of the demeaned outcome (fixed-effect models), NaN otherwise.</summary>
    internal double WithinTotalSumOfSquares { get; init; } = double.NaN;

    /// <summary>The sum of squares the model F compares RSS with (within TSS with fixed effects).</summary>
    internal double ReferenceSumOfSquares => FixedEffects is null ? TotalSumOfSquares : WithinTotalSumOfSquares;

    internal required IReadOnlyList<Note> Notes { get; init; }

    /// <summary>The notes raised before the collinearity check (sample, singletons, absorbed terms).</summary>
    internal IReadOnlyList<Note> BaseNotes { get; init; } = [];

    /// <summary>The centred least-squares problem, kept for refits with a replaced regressor; null for random effects.</summary>
    internal CentredProblem? Problem { get; init; }

    internal RandomEffectsComponents? RandomEffects { get; init; }

    /// <summary>Whether p-values and intervals use the normal distribution (random effects, as Stata and plm) instead of t.</summary>
    internal bool NormalInference { get; init; }
}
