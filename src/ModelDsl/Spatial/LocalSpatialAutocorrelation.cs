using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>The quadrant of the Moran scatter plot a region falls in: its own value against the mean, and its neighbours'.</summary>
public enum MoranQuadrant
{
    /// <summary>Above the mean, neighbours above it on average (a hot spot when significant).</summary>
    HighHigh,

    /// <summary>At or below the mean, neighbours at or below it (a cold spot when significant).</summary>
    LowLow,

    /// <summary>Above the mean, neighbours at or below it (a spatial outlier).</summary>
    HighLow,

    /// <summary>At or below the mean, neighbours above it (a spatial outlier).</summary>
    LowHigh,
}

/// <summary>The local Moran's Iᵢ of one region (Anselin 1995's LISA), with its moments under randomisation.</summary>
/// <param name="Region">The region id.</param>
/// <param name="Value">Iᵢ.</param>
/// <param name="Expectation">E(Iᵢ) = −wᵢ./(n − 1).</param>
/// <param name="Variance">Var(Iᵢ) under randomisation.</param>
/// <param name="Quadrant">The Moran scatter-plot quadrant (deviation from the mean against the lag of the deviations).</param>
public sealed record LocalMoran(string Region, double Value, double Expectation, double Variance, MoranQuadrant Quadrant)
{
    /// <summary>The standard deviate (Iᵢ − E(Iᵢ))/√Var(Iᵢ).</summary>
    public double Z => (Value - Expectation) / Math.Sqrt(Variance);

    /// <summary>The one-sided p-value 1 − Φ(z) against positive local autocorrelation (spdep's default <c>alternative = "greater"</c>).</summary>
    public double P => Normal.CDF(0, 1, -Z);

    /// <summary>The two-sided p-value 2(1 − Φ(|z|)).</summary>
    public double PTwoSided => 2 * Normal.CDF(0, 1, -Math.Abs(Z));

    /// <summary>The quadrant as papers label it: "High-High", "Low-Low", "High-Low", "Low-High".</summary>
    public string QuadrantLabel => Quadrant switch
    {
        MoranQuadrant.HighHigh => "High-High",
        MoranQuadrant.LowLow => "Low-Low",
        MoranQuadrant.HighLow => "High-Low",
        _ => "Low-High",
    };
}

/// <summary>Local indicators of spatial association: the local Moran's Iᵢ of every region (LISA; Anselin 1995).</summary>
/// <remarks>
/// <para>With zᵢ = xᵢ − x̄, m₂ = Σ zᵢ²/n, m₄ = Σ zᵢ⁴/n, b₂ = m₄/m₂², wᵢ. = Σⱼ wᵢⱼ and wᵢ(2) = Σⱼ wᵢⱼ²:
/// Iᵢ = (zᵢ/m₂) Σⱼ wᵢⱼ zⱼ; E(Iᵢ) = −wᵢ./(n − 1); under randomisation
/// Var(Iᵢ) = wᵢ(2)(n − b₂)/(n − 1) + (wᵢ.² − wᵢ(2))(2b₂ − n)/((n − 1)(n − 2)) − E(Iᵢ)² (Anselin 1995; Sokal, Oden and
/// Thomson 1998); z = (Iᵢ − E(Iᵢ))/√Var(Iᵢ); p = 1 − Φ(z) (and the two-sided 2(1 − Φ(|z|))). No adjustment for the n
/// simultaneous tests is made: read the p-values as the map's screening device, as Anselin advises.</para>
/// <para>Quadrant: the Moran scatter plot's (GeoDa, PySAL, and <c>MoranScatterFigure</c>): High
/// when zᵢ &gt; 0, Low when zᵢ ≤ 0; the neighbours High when (Wz)ᵢ &gt; 0 (spdep's <c>attr(, "quadr")$pysal</c>, intervals
/// (−∞, 0] and (0, ∞)). spdep's first column, <c>quadr$mean</c>, compares the lag of x with the mean of the lags instead,
/// which differs from the scatter plot when W is not row-standardised.</para>
/// <para>These are spdep's <c>localmoran(x, listw)</c> with its defaults (<c>conditional = FALSE</c>, <c>mlvar = TRUE</c>,
/// <c>alternative = "greater"</c>), reproduced to 1e-10 on the Columbus data (reference/spatial-lm-columbus).</para>
/// </remarks>
public static class LocalSpatialAutocorrelation
{
    /// <summary>The local Moran's Iᵢ of every region.</summary>
    /// <param name="values">The variable, aligned with <paramref name="weights"/>' ids.</param>
    /// <param name="weights">The spatial weights (no islands).</param>
    /// <returns>One result per region, in the weights' order.</returns>
    /// <exception cref="ArgumentException">The length differs from the number of regions, a value is missing, the values are constant, fewer than 3 regions, or W has islands.</exception>
    public static IReadOnlyList<LocalMoran> MoransI(ReadOnlySpan<double> values, SpatialWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights.Count;
        if (values.Length != n)
        {
            throw new ArgumentException($"The variable has {values.Length} values but the weights have {n} regions; align the values with the weights' ids.", nameof(values));
        }

        if (weights.Islands.Count > 0)
        {
            throw new ArgumentException($"The weights have {weights.Islands.Count} island(s) without neighbours ({string.Join(", ", weights.Islands.Take(10))}); a local Moran's I of a region without neighbours is not defined. Drop those regions, widen the cutoff or use k nearest neighbours.", nameof(weights));
        }

        if (n < 3)
        {
            throw new ArgumentException($"The randomisation variance of the local Moran's I needs n ≥ 3 regions; {n} given.", nameof(weights));
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Region '{weights.Ids[i]}' has a missing or infinite value ({values[i]}).", nameof(values));
            }

            mean += values[i];
        }

        mean /= n;
        var z = new double[n];
        double m2 = 0, m4 = 0;
        for (var i = 0; i < n; i++)
        {
            z[i] = values[i] - mean;
            m2 += z[i] * z[i];
            m4 += z[i] * z[i] * z[i] * z[i];
        }

        m2 /= n;
        m4 /= n;
        if (m2 == 0)
        {
            throw new ArgumentException("The variable is constant over the regions; the local Moran's I is not defined.", nameof(values));
        }

        var b2 = m4 / (m2 * m2);
        var lag = weights.Lag(z);
        var a = (n - b2) / (n - 1);
        var b = ((2 * b2) - n) / ((n - 1.0) * (n - 2.0));
        var result = new LocalMoran[n];
        for (var i = 0; i < n; i++)
        {
            double rowSum = 0, rowSquares = 0;
            foreach (var w in weights.Weights(i))
            {
                rowSum += w;
                rowSquares += w * w;
            }

            var expectation = -rowSum / (n - 1);
            var variance = (a * rowSquares) + (b * ((rowSum * rowSum) - rowSquares)) - (expectation * expectation);
            var quadrant = (z[i] > 0, lag[i] > 0) switch
            {
                (true, true) => MoranQuadrant.HighHigh,
                (false, false) => MoranQuadrant.LowLow,
                (true, false) => MoranQuadrant.HighLow,
                _ => MoranQuadrant.LowHigh,
            };
            result[i] = new LocalMoran(weights.Ids[i], z[i] / m2 * lag[i], expectation, variance, quadrant);
        }

        return result;
    }

    /// <summary>The local Moran results as JSON (one object per region; snake_case keys, round-trip numbers).</summary>
    /// <param name="results">The results of <see cref="MoransI"/>.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IReadOnlyList<LocalMoran> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return JsonOutput.Write(w =>
        {
            w.WriteStartArray();
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("region", r.Region);
                JsonOutput.Number(w, "value", r.Value);
                JsonOutput.Number(w, "expectation", r.Expectation);
                JsonOutput.Number(w, "variance", r.Variance);
                JsonOutput.Number(w, "z", r.Z);
                JsonOutput.Number(w, "p", r.P);
                w.WriteString("quadrant", r.QuadrantLabel);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }
}
