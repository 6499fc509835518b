using MathNet.Numerics.Distributions;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>Which global statistic of spatial autocorrelation.</summary>
public enum AutocorrelationStatistic
{
    /// <summary>Moran's I (positive autocorrelation: I above E(I) = −1/(n − 1)).</summary>
    MoransI,

    /// <summary>Geary's C (positive autocorrelation: C below E(C) = 1).</summary>
    GearysC,
}

/// <summary>The assumption under which the statistic's variance is computed.</summary>
public enum VarianceAssumption
{
    /// <summary>Randomisation (permutation of the observed values over the regions): uses the sample kurtosis; spdep's default.</summary>
    Randomisation,

    /// <summary>Normality (the values are independent normal draws).</summary>
    Normality,
}

/// <summary>One test of global spatial autocorrelation: the statistic, its moments under the null, z and the one-sided p.</summary>
/// <param name="Statistic">Which statistic.</param>
/// <param name="Value">The statistic, I or C.</param>
/// <param name="Expectation">Its expectation under no autocorrelation: −1/(n − 1) for I, 1 for C.</param>
/// <param name="Variance">Its variance under the <paramref name="Assumption"/>.</param>
/// <param name="Assumption">Randomisation or normality.</param>
/// <param name="Regions">The number of regions n.</param>
/// <param name="Period">The period (time label) for a panel year, or null for one cross-section.</param>
public sealed record SpatialAutocorrelationTest(AutocorrelationStatistic Statistic, double Value, double Expectation, double Variance, VarianceAssumption Assumption, int Regions, string? Period = null)
{
    /// <summary>The standard deviation √Var under the assumption.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>
    /// The standard deviate, signed so that positive means positive spatial autocorrelation: (I − E(I))/sd for Moran's I,
    /// (E(C) − C)/sd = (1 − C)/sd for Geary's C (as spdep's <c>moran.test</c> and <c>geary.test</c> report it).
    /// </summary>
    public double Z => Statistic == AutocorrelationStatistic.MoransI ? (Value - Expectation) / StandardDeviation : (Expectation - Value) / StandardDeviation;

    /// <summary>The one-sided p-value against positive autocorrelation, 1 − Φ(z) (spdep's default <c>alternative = "greater"</c>).</summary>
    public double P => Normal.CDF(0, 1, -Z);

    /// <summary>The two-sided p-value 2(1 − Φ(|z|)), for papers that print it.</summary>
    public double PTwoSided => 2 * Normal.CDF(0, 1, -Math.Abs(Z));

    /// <summary>The result as JSON (snake_case keys, round-trip numbers).</summary>
    public string ToJson() => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("statistic", Statistic == AutocorrelationStatistic.MoransI ? "moran_i" : "geary_c");
        w.WriteString("assumption", Assumption == VarianceAssumption.Randomisation ? "randomisation" : "normality");
        if (Period is not null)
        {
            w.WriteString("period", Period);
        }

        w.WriteNumber("regions", Regions);
        JsonOutput.Number(w, "value", Value);
        JsonOutput.Number(w, "expectation", Expectation);
        JsonOutput.Number(w, "variance", Variance);
        JsonOutput.Number(w, "z", Z);
        JsonOutput.Number(w, "p", P);
        w.WriteEndObject();
    });
}

/// <summary>Global Moran's I and Geary's C, for one cross-section or per period of a panel, as spdep computes them.</summary>
/// <remarks>
/// <para>With z = x − x̄, S₀ = Σᵢⱼ wᵢⱼ, S₁ = ½ Σᵢⱼ (wᵢⱼ + wⱼᵢ)², S₂ = Σᵢ (wᵢ. + w.ᵢ)², m₂ = Σ zᵢ², m₄ = Σ zᵢ⁴ and the
/// kurtosis b₂ = n m₄ / m₂² (Cliff and Ord 1981):</para>
/// <para>I = (n/S₀) Σᵢⱼ wᵢⱼ zᵢ zⱼ / m₂, E(I) = −1/(n − 1);
/// Var_N(I) = (n² S₁ − n S₂ + 3 S₀²) / (S₀² (n² − 1)) − E(I)²;
/// Var_R(I) = [n((n² − 3n + 3) S₁ − n S₂ + 3 S₀²) − b₂((n² − n) S₁ − 2n S₂ + 6 S₀²)] / ((n − 1)(n − 2)(n − 3) S₀²) − E(I)².</para>
/// <para>C = (n − 1) Σᵢⱼ wᵢⱼ (xᵢ − xⱼ)² / (2 S₀ m₂), E(C) = 1;
/// Var_N(C) = ((2 S₁ + S₂)(n − 1) − 4 S₀²) / (2 (n + 1) S₀²);
/// Var_R(C) = [(n − 1) S₁ (n² − 3n + 3 − (n − 1) b₂) − ¼ (n − 1) S₂ (n² + 3n − 6 − (n² − n + 2) b₂) + S₀² (n² − 3 − (n − 1)² b₂)] / (n (n − 2)(n − 3) S₀²).</para>
/// <para>These are spdep's <c>moran.test(x, listw)</c> and <c>geary.test(x, listw)</c> (randomisation = TRUE by default,
/// alternative = "greater"); reproduced to 1e-10 on the Columbus data (tests/ModelDsl.Tests/reference/spatial-moran-columbus).</para>
/// </remarks>
public static class SpatialAutocorrelation
{
    /// <summary>Moran's I of one cross-section.</summary>
    /// <param name="values">The variable, aligned with <paramref name="weights"/>' ids.</param>
    /// <param name="weights">The spatial weights (no islands).</param>
    /// <param name="assumption">Randomisation (default, as spdep) or normality.</param>
    /// <exception cref="ArgumentException">The length differs from the number of regions, a value is missing, the values are constant, or W has islands.</exception>
    public static SpatialAutocorrelationTest MoransI(ReadOnlySpan<double> values, SpatialWeights weights, VarianceAssumption assumption = VarianceAssumption.Randomisation)
        => Compute(values, weights, AutocorrelationStatistic.MoransI, assumption, null);

    /// <summary>Geary's C of one cross-section.</summary>
    /// <param name="values">The variable, aligned with <paramref name="weights"/>' ids.</param>
    /// <param name="weights">The spatial weights (no islands).</param>
    /// <param name="assumption">Randomisation (default, as spdep) or normality.</param>
    /// <exception cref="ArgumentException">The length differs from the number of regions, a value is missing, the values are constant, or W has islands.</exception>
    public static SpatialAutocorrelationTest GearysC(ReadOnlySpan<double> values, SpatialWeights weights, VarianceAssumption assumption = VarianceAssumption.Randomisation)
        => Compute(values, weights, AutocorrelationStatistic.GearysC, assumption, null);

    /// <summary>The statistic for each period of a panel: the period's cross-section of <paramref name="column"/>, matched to W's ids by the unit label.</summary>
    /// <param name="panel">A panel (unit and time set); its unit labels are the region ids.</param>
    /// <param name="column">The numeric variable.</param>
    /// <param name="weights">The spatial weights.</param>
    /// <param name="statistic">Moran's I (default) or Geary's C.</param>
    /// <param name="assumption">Randomisation (default) or normality.</param>
    /// <returns>One test per period, in the panel's period order.</returns>
    /// <exception cref="ArgumentException">A unit is not a region of W, or a region has no row or a missing value in a period (named).</exception>
    public static IReadOnlyList<SpatialAutocorrelationTest> ByPeriod(PanelData panel, string column, SpatialWeights weights, AutocorrelationStatistic statistic = AutocorrelationStatistic.MoransI, VarianceAssumption assumption = VarianceAssumption.Randomisation)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(weights);
        if (!panel.IsPanel || panel.TimeColumnName is null)
        {
            throw new ArgumentException("Moran's I by period needs a panel with unit and time columns (PanelData.AsPanel(unit, time)).", nameof(panel));
        }

        var x = panel.Numeric(column).Values;
        var unit = panel.Unit;
        var time = panel.Time;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < weights.Count; i++)
        {
            index[weights.Ids[i]] = i;
        }

        var cross = new double[time.LevelCount][];
        for (var t = 0; t < cross.Length; t++)
        {
            cross[t] = new double[weights.Count];
            Array.Fill(cross[t], double.NaN);
        }

        for (var r = 0; r < panel.RowCount; r++)
        {
            var id = unit[r] ?? throw new ArgumentException($"Row {r + 1} has no unit; every row needs a region.", nameof(panel));
            if (!index.TryGetValue(id, out var i))
            {
                throw new ArgumentException($"Unit '{id}' of the panel is not a region of the spatial weights ({weights.Count} regions); build W over the panel's units.", nameof(weights));
            }

            var t = time.Codes[r];
            if (t < 0)
            {
                throw new ArgumentException($"Row {r + 1} (unit '{id}') has no period.", nameof(panel));
            }

            cross[t][i] = x[r];
        }

        var tests = new List<SpatialAutocorrelationTest>(cross.Length);
        for (var t = 0; t < cross.Length; t++)
        {
            for (var i = 0; i < weights.Count; i++)
            {
                if (double.IsNaN(cross[t][i]))
                {
                    throw new ArgumentException($"Region '{weights.Ids[i]}' has no value of '{column}' in period {time.Levels[t]}; Moran's I needs the full cross-section of W's regions in every period (drop the period or fill the value).", nameof(column));
                }
            }

            tests.Add(Compute(cross[t], weights, statistic, assumption, time.Levels[t]));
        }

        return tests;
    }

    private static SpatialAutocorrelationTest Compute(ReadOnlySpan<double> x, SpatialWeights weights, AutocorrelationStatistic statistic, VarianceAssumption assumption, string? period)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights.Count;
        var where = period is null ? string.Empty : $" in period {period}";
        if (x.Length != n)
        {
            throw new ArgumentException($"The variable has {x.Length} values but the weights have {n} regions; align the values with the weights' ids.", nameof(x));
        }

        if (weights.Islands.Count > 0)
        {
            throw new ArgumentException($"The weights have {weights.Islands.Count} island(s) without neighbours ({string.Join(", ", weights.Islands.Take(10))}); Moran's I and Geary's C are not defined with empty rows here. Drop those regions, widen the cutoff or use k nearest neighbours.", nameof(weights));
        }

        if (n < 4)
        {
            throw new ArgumentException($"The randomisation variance needs n ≥ 4 regions; {n} given.", nameof(weights));
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"Region '{weights.Ids[i]}' has a missing or infinite value ({x[i]}){where}.", nameof(x));
            }

            mean += x[i];
        }

        mean /= n;
        var z = new double[n];
        double m2 = 0, m4 = 0;
        for (var i = 0; i < n; i++)
        {
            z[i] = x[i] - mean;
            var z2 = z[i] * z[i];
            m2 += z2;
            m4 += z2 * z2;
        }

        if (m2 == 0)
        {
            throw new ArgumentException($"The variable is constant{where}; spatial autocorrelation is undefined.", nameof(x));
        }

        // S0, S1 = ½Σ(wij + wji)², S2 = Σ(wi. + w.i)²: the transpose is needed for the asymmetric (k-nearest) case
        double s0 = 0, cross = 0, squaredDifferences = 0;
        var rowSum = new double[n];
        var columnSum = new double[n];
        var pairs = new Dictionary<(int, int), double>();
        for (var i = 0; i < n; i++)
        {
            var neighbours = weights.Neighbours(i);
            var w = weights.Weights(i);
            for (var p = 0; p < neighbours.Length; p++)
            {
                var j = neighbours[p];
                s0 += w[p];
                rowSum[i] += w[p];
                columnSum[j] += w[p];
                cross += w[p] * z[i] * z[j];
                var d = x[i] - x[j];
                squaredDifferences += w[p] * d * d;
                var key = i < j ? (i, j) : (j, i);
                pairs[key] = pairs.GetValueOrDefault(key) + w[p];
            }
        }

        var s1 = 0.0;
        foreach (var sum in pairs.Values)
        {
            s1 += 2 * sum * sum; // ½[(wij + wji)² + (wji + wij)²]
        }

        s1 /= 2;
        var s2 = 0.0;
        for (var i = 0; i < n; i++)
        {
            var t = rowSum[i] + columnSum[i];
            s2 += t * t;
        }

        double nn = n, b2 = nn * m4 / (m2 * m2), s0Squared = s0 * s0;
        if (statistic == AutocorrelationStatistic.MoransI)
        {
            var value = nn / s0 * cross / m2;
            var expectation = -1.0 / (nn - 1);
            var variance = assumption == VarianceAssumption.Normality
                ? (((nn * nn * s1) - (nn * s2) + (3 * s0Squared)) / (s0Squared * ((nn * nn) - 1))) - (expectation * expectation)
                : (((nn * ((((nn * nn) - (3 * nn) + 3) * s1) - (nn * s2) + (3 * s0Squared))) - (b2 * ((((nn * nn) - nn) * s1) - (2 * nn * s2) + (6 * s0Squared))))
                    / ((nn - 1) * (nn - 2) * (nn - 3) * s0Squared)) - (expectation * expectation);
            return new SpatialAutocorrelationTest(statistic, value, expectation, variance, assumption, n, period);
        }
        else
        {
            var value = (nn - 1) * squaredDifferences / (2 * s0 * m2);
            var variance = assumption == VarianceAssumption.Normality
                ? ((((2 * s1) + s2) * (nn - 1)) - (4 * s0Squared)) / (2 * (nn + 1) * s0Squared)
                : (((nn - 1) * s1 * ((nn * nn) - (3 * nn) + 3 - ((nn - 1) * b2)))
                    - (0.25 * (nn - 1) * s2 * ((nn * nn) + (3 * nn) - 6 - (((nn * nn) - nn + 2) * b2)))
                    + (s0Squared * ((nn * nn) - 3 - ((nn - 1) * (nn - 1) * b2)))) / (nn * (nn - 2) * (nn - 3) * s0Squared);
            return new SpatialAutocorrelationTest(statistic, value, 1.0, variance, assumption, n, period);
        }
    }
}
