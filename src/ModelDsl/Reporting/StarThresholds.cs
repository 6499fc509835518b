using System.Collections.Immutable;
using System.Globalization;

namespace ModelDsl.Reporting;

/// <summary>
/// Significance levels for stars: a coefficient gets one star for each level its p-value is strictly below,
/// so with 0.10, 0.05, 0.01 a p-value of 0.03 gets <c>**</c>. The p-values come from the result; nothing is recomputed.
/// </summary>
public sealed class StarThresholds : IEquatable<StarThresholds>
{
    private StarThresholds(ImmutableArray<double> levels) => Levels = levels;

    /// <summary>10 %, 5 % and 1 % (<c>*</c>, <c>**</c>, <c>***</c>): Stata's and most journals' convention.</summary>
    public static StarThresholds Conventional { get; } = new([0.10, 0.05, 0.01]);

    /// <summary>5 %, 1 % and 0.1 %, as in the trade-policy paper and R's default significance codes.</summary>
    public static StarThresholds Strict { get; } = new([0.05, 0.01, 0.001]);

    /// <summary>No stars at all.</summary>
    public static StarThresholds None { get; } = new([]);

    /// <summary>The levels, strictly decreasing; the k-th level earns k+1 stars.</summary>
    public ImmutableArray<double> Levels { get; }

    /// <summary>Creates custom thresholds.</summary>
    /// <param name="levels">Significance levels in (0, 1), strictly decreasing (for example 0.10, 0.05, 0.01).</param>
    /// <exception cref="ArgumentException">A level is outside (0, 1) or the levels are not strictly decreasing.</exception>
    public static StarThresholds Of(params double[] levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        for (var i = 0; i < levels.Length; i++)
        {
            if (!(levels[i] > 0 && levels[i] < 1))
            {
                throw new ArgumentException($"Star level {i + 1} is {levels[i].ToString(CultureInfo.InvariantCulture)}; significance levels must lie strictly between 0 and 1 (for example 0.05).", nameof(levels));
            }

            if (i > 0 && levels[i] >= levels[i - 1])
            {
                throw new ArgumentException(
                    $"Star levels must be strictly decreasing (one star for the largest level); found {string.Join(", ", levels.Select(l => l.ToString(CultureInfo.InvariantCulture)))}. Pass them as, for example, 0.10, 0.05, 0.01.",
                    nameof(levels));
            }
        }

        return new StarThresholds([.. levels]);
    }

    /// <summary>The stars a p-value earns; empty for a missing (NaN) p-value or one above every level.</summary>
    /// <param name="pValue">The coefficient's p-value as the result reports it.</param>
    public string For(double pValue)
    {
        if (double.IsNaN(pValue))
        {
            return string.Empty;
        }

        var count = Levels.Count(level => pValue < level);
        return new string('*', count);
    }

    /// <summary>A sentence fragment naming the thresholds, for example <c>* p&lt;0.10, ** p&lt;0.05, *** p&lt;0.01</c> (esttab's wording).</summary>
    public string Describe() => string.Join(", ", Levels.Select((level, i) => $"{new string('*', i + 1)} p<{FormatLevel(level)}"));

    private static string FormatLevel(double level)
    {
        var text = level.ToString("0.00##", CultureInfo.InvariantCulture);
        return text;
    }

    /// <inheritdoc />
    public bool Equals(StarThresholds? other) => other is not null && Levels.SequenceEqual(other.Levels);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StarThresholds);

    /// <inheritdoc />
    public override int GetHashCode() => Levels.Aggregate(17, (hash, level) => (hash * 31) + level.GetHashCode());

    /// <inheritdoc />
    public override string ToString() => Describe();
}
