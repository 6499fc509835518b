using ModelDsl.Results;

namespace ModelDsl.Streaming;

/// <summary>
/// A streaming fixed-effects regression: the coefficients (slopes, then the constant as reghdfe reports it) with their
/// standard errors, the sample and fixed-effect sizes, goodness of fit and what the fit did (passes, notes).
/// </summary>
public sealed record StreamingRegressionResult
{
    /// <summary>The outcome's column.</summary>
    public required string Dependent { get; init; }

    /// <summary>Slopes in the order of the model's regressors (absorbed and collinear ones left out with a note), then <see cref="Coefficient.InterceptName"/>.</summary>
    public required IReadOnlyList<Coefficient> Coefficients { get; init; }

    /// <summary>N: rows in the estimation sample.</summary>
    public required long Observations { get; init; }

    /// <summary>N − K with K every parameter (slopes, constant, fixed-effect degrees of freedom).</summary>
    public required long ResidualDegreesOfFreedom { get; init; }

    /// <summary>Fixed-effect parameters beyond the constant (levels less redundancies, as the in-memory fit counts them).</summary>
    public required int FixedEffectDegreesOfFreedom { get; init; }

    /// <summary>Levels of each fixed-effect dimension in the sample, in the model's order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> FixedEffectLevels { get; init; }

    /// <summary>The dimension eliminated exactly by its means (the one with the most levels); the others form the dense Schur block.</summary>
    public required string EliminatedFixedEffect { get; init; }

    /// <summary>G, the clusters of a cluster-robust variance; 0 otherwise.</summary>
    public required int ClusterCount { get; init; }

    /// <summary>The variance estimator, as <see cref="Vcov.Description"/> writes it.</summary>
    public required string Variance { get; init; }

    /// <summary>Σe².</summary>
    public required double ResidualSumOfSquares { get; init; }

    /// <summary>1 − RSS/Σ(y − ȳ)².</summary>
    public required double RSquared { get; init; }

    /// <summary>1 − RSS/Σỹ², ỹ the outcome with every fixed effect removed.</summary>
    public required double RSquaredWithin { get; init; }

    /// <summary>The coefficients' covariance matrix, p×p row-major in the order of <see cref="Coefficients"/>.</summary>
    public required IReadOnlyList<double> Covariance { get; init; }

    /// <summary>Passes over the data (4, plus one per round of singleton removal).</summary>
    public required int Passes { get; init; }

    /// <summary>Wall-clock seconds of each pass, with the work between passes (the Schur solve after pass 3, say) counted in the pass after it.</summary>
    public IReadOnlyList<double> PassSeconds { get; init; } = [];

    /// <summary>What was dropped or decided, with counts.</summary>
    public required IReadOnlyList<Note> Notes { get; init; }

    /// <summary>The merged sufficient statistics (fixed-point integers), which the partitioned tests compare bit for bit.</summary>
    internal StreamingStatistics? Statistics { get; init; }

    /// <summary>The coefficient named <paramref name="name"/>.</summary>
    /// <param name="name">A regressor's column name, or <see cref="Coefficient.InterceptName"/>.</param>
    public Coefficient this[string name] => Coefficients.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No coefficient named '{name}'; the coefficients are: {string.Join(", ", Coefficients.Select(c => c.Name))}.");
}

/// <summary>The merged sufficient statistics of every pass, as the fixed-point integers the partitions summed (the column totals are the unit sums' sums).</summary>
internal sealed record StreamingStatistics(
    Int128[] UnitSums,
    ulong[] Patterns,
    (long Cell, long Extra)[] Extras,
    Int128[] Products,
    Int128[] LevelSums,
    Int128[] Centred,
    Int128 ResidualSumOfSquares,
    Int128[] Meat,
    Int128[] Scores)
{
    /// <summary>True when every statistic is bitwise equal to <paramref name="other"/>'s.</summary>
    internal bool SameBits(StreamingStatistics other) =>
        UnitSums.AsSpan().SequenceEqual(other.UnitSums)
        && Patterns.AsSpan().SequenceEqual(other.Patterns) && Extras.AsSpan().SequenceEqual(other.Extras)
        && Products.AsSpan().SequenceEqual(other.Products) && LevelSums.AsSpan().SequenceEqual(other.LevelSums)
        && Centred.AsSpan().SequenceEqual(other.Centred) && ResidualSumOfSquares == other.ResidualSumOfSquares
        && Meat.AsSpan().SequenceEqual(other.Meat) && Scores.AsSpan().SequenceEqual(other.Scores);
}
