using System.Collections.Immutable;

namespace ModelDsl.Reporting;

/// <summary>The numbers one table column reads from a fitted model; a narrow view so that tables never recompute anything.</summary>
/// <param name="Dependent">The outcome's name.</param>
/// <param name="Observations">The estimation sample size.</param>
/// <param name="Coefficients">The coefficients in the model's order.</param>
/// <param name="RSquared">R², NaN when the estimator has none.</param>
/// <param name="RSquaredAdjusted">Adjusted R², NaN when none.</param>
/// <param name="RSquaredWithin">Within R², NaN when the model has no fixed effects.</param>
/// <param name="FixedEffects">The absorbed fixed-effect dimensions.</param>
/// <param name="ClusterCounts">Number of clusters per clustering dimension, in the variance estimator's order.</param>
/// <param name="Variance">The variance estimator's description (for example <c>cluster(city)</c>).</param>
internal sealed record RegressionColumn(
    string Dependent,
    long Observations,
    ImmutableArray<RegressionColumnCoefficient> Coefficients,
    double RSquared,
    double RSquaredAdjusted,
    double RSquaredWithin,
    ImmutableArray<string> FixedEffects,
    ImmutableArray<KeyValuePair<string, long>> ClusterCounts,
    string Variance);

/// <summary>One coefficient as a table reads it.</summary>
/// <param name="Name">The term's display name.</param>
/// <param name="Estimate">The point estimate.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="TStatistic">Its t (or z) statistic.</param>
/// <param name="PValue">Its p-value, used for the stars.</param>
/// <param name="ConfidenceLow">Lower bound of the confidence interval.</param>
/// <param name="ConfidenceHigh">Upper bound of the confidence interval.</param>
internal sealed record RegressionColumnCoefficient(
    string Name,
    double Estimate,
    double StandardError,
    double TStatistic,
    double PValue,
    double ConfidenceLow,
    double ConfidenceHigh);
