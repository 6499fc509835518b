namespace ModelDsl.Data;

/// <summary>Which sample-quantile definition to use (Hyndman and Fan, 1996, numbering as in R's <c>quantile(type = )</c>).</summary>
public enum QuantileDefinition
{
    /// <summary>
    /// R's default, type 7: with sorted x₁ ≤ … ≤ xₙ and h = (n − 1)p + 1, Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
    /// Also numpy's and Excel's PERCENTILE.INC.
    /// </summary>
    Linear,

    /// <summary>
    /// R type 2 and Stata's <c>_pctile</c>/<c>summarize, detail</c>: with j = ⌊np⌋, Q(p) = x_(j+1) when np &gt; j, and
    /// the average (x_j + x_(j+1)) / 2 when np is an integer (x₀ = x₁, xₙ₊₁ = xₙ).
    /// </summary>
    AveragedInverse,
}

/// <summary>Sample quantiles of a set of values, matching R's <c>quantile</c>.</summary>
/// <remarks>Hyndman, R. J. and Fan, Y. (1996), "Sample quantiles in statistical packages", <i>The American Statistician</i> 50(4), 361–365.</remarks>
public static class Quantiles
{
    // R's .Machine$double.eps, the fuzz R adds before flooring n p.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The quantile at probability <paramref name="probability"/> (0 to 1) of the non-missing values.</summary>
    /// <returns>NaN when no value is present.</returns>
    public static double Compute(ReadOnlySpan<double> values, double probability, QuantileDefinition definition = QuantileDefinition.Linear)
    {
        var sorted = SortedNonMissing(values);
        return OfSorted(sorted, probability, definition);
    }

    /// <summary>The non-missing values, sorted ascending (a new array).</summary>
    public static double[] SortedNonMissing(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                count++;
            }
        }

        var sorted = new double[count];
        count = 0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                sorted[count++] = value;
            }
        }

        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The quantile at <paramref name="probability"/> of values already sorted ascending with no NaN.</summary>
    /// <returns>NaN when <paramref name="sorted"/> is empty.</returns>
    public static double OfSorted(ReadOnlySpan<double> sorted, double probability, QuantileDefinition definition = QuantileDefinition.Linear)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"A quantile's probability must be between 0 and 1; got {probability}. (Percentiles 1 and 99 are probabilities 0.01 and 0.99.)");
        }

        var n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        switch (definition)
        {
            case QuantileDefinition.Linear:
                {
                    // R: index = 1 + (n - 1) p; lo = floor, hi = ceiling; (1 - h) x[lo] + h x[hi].
                    var index = (n - 1) * probability;
                    var low = (int)Math.Floor(index);
                    var high = (int)Math.Ceiling(index);
                    var quantile = sorted[low];
                    var h = index - low;
                    return index > low && sorted[high] != quantile ? ((1 - h) * quantile) + (h * sorted[high]) : quantile;
                }

            case QuantileDefinition.AveragedInverse:
                {
                    // R: j = floor(n p + fuzz); h = 1 when n p > j, 1/2 otherwise; x padded with x[1], x[n] at both ends.
                    var np = n * probability;
                    var j = (int)Math.Floor(np + (4 * MachineEpsilon));
                    var lower = sorted[Math.Clamp(j - 1, 0, n - 1)];
                    var upper = sorted[Math.Clamp(j, 0, n - 1)];
                    if (np > j)
                    {
                        return upper;
                    }

                    return lower == upper ? lower : (0.5 * lower) + (0.5 * upper);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(definition), definition, "Unknown quantile definition.");
        }
    }
}
