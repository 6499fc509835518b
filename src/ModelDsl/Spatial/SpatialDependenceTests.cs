using System.Globalization;

using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>One Lagrange multiplier (Rao score) test for spatial dependence: the statistic, its χ² degrees of freedom and p.</summary>
/// <param name="Name">The test, as papers print it: "LM-lag", "LM-error", "Robust LM-lag", "Robust LM-error", "LM-SARMA".</param>
/// <param name="Statistic">The LM statistic.</param>
/// <param name="DegreesOfFreedom">The degrees of freedom of its χ² null distribution (1; 2 for the joint SARMA test).</param>
public sealed record LagrangeMultiplierTest(string Name, double Statistic, int DegreesOfFreedom)
{
    /// <summary>The p-value P(χ²(df) ≥ statistic).</summary>
    public double P => UpperTail.ChiSquare(DegreesOfFreedom, Statistic);
}

/// <summary>
/// The LM tests for a spatial lag and a spatial error after a non-spatial regression, which papers print to choose
/// between SAR, SEM and SDM (Anselin 1988; Anselin, Bera, Florax and Yoon 1996; Elhorst 2010 for panels).
/// </summary>
/// <param name="Lag">LM-lag: H₀ ρ = 0 in y = ρWy + Xβ + ε.</param>
/// <param name="Error">LM-error: H₀ λ = 0 in y = Xβ + u, u = λWu + ε.</param>
/// <param name="RobustLag">Robust LM-lag: H₀ ρ = 0, robust to a local spatial error.</param>
/// <param name="RobustError">Robust LM-error: H₀ λ = 0, robust to a local spatial lag.</param>
/// <param name="Joint">LM-SARMA: H₀ ρ = λ = 0 (2 df).</param>
/// <param name="Model">The regression the residuals come from: "OLS", "pooled OLS", "unit fixed effects", "two-way fixed effects".</param>
/// <param name="Regions">The number of regions N (W is N×N).</param>
/// <param name="Periods">The number of periods T (1 for a cross-section).</param>
/// <param name="WeightsDescription">The weights, as <see cref="SpatialWeights.Description"/> gives them.</param>
/// <param name="Notes">What was done to the data, with counts.</param>
public sealed record SpatialDependenceDiagnostics(
    LagrangeMultiplierTest Lag,
    LagrangeMultiplierTest Error,
    LagrangeMultiplierTest RobustLag,
    LagrangeMultiplierTest RobustError,
    LagrangeMultiplierTest Joint,
    string Model,
    int Regions,
    int Periods,
    string WeightsDescription,
    IReadOnlyList<Note> Notes)
{
    /// <summary>The five tests in the order papers print them: LM-lag, robust LM-lag, LM-error, robust LM-error, LM-SARMA.</summary>
    public IReadOnlyList<LagrangeMultiplierTest> Tests => [Lag, RobustLag, Error, RobustError, Joint];

    /// <summary>The number of observations N·T.</summary>
    public int Observations => Regions * Periods;

    /// <summary>The result as JSON (snake_case keys, round-trip numbers).</summary>
    public string ToJson() => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("model", Model);
        w.WriteNumber("regions", Regions);
        w.WriteNumber("periods", Periods);
        w.WriteString("weights", WeightsDescription);
        foreach (var (key, test) in new[] { ("lm_lag", Lag), ("robust_lm_lag", RobustLag), ("lm_error", Error), ("robust_lm_error", RobustError), ("lm_sarma", Joint) })
        {
            w.WriteStartObject(key);
            JsonOutput.Number(w, "statistic", test.Statistic);
            w.WriteNumber("df", test.DegreesOfFreedom);
            JsonOutput.Number(w, "p", test.P);
            w.WriteEndObject();
        }

        w.WriteStartArray("notes");
        foreach (var note in Notes)
        {
            w.WriteStringValue(note.Message);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}

/// <summary>LM tests for spatial dependence in the residuals of a fitted (non-spatial) regression.</summary>
/// <remarks>
/// <para>Let ỹ and X̃ be the outcome and regressors after the fit's fixed effects are swept out (nothing for OLS; unit
/// means for unit fixed effects; unit and period means, plus the grand mean, for two-way effects in a balanced panel),
/// stacked period by period so that the NT×NT weights are I_T ⊗ W; b = (X̃'X̃)⁻¹X̃'ỹ, e = ỹ − X̃b, σ̂² = e'e/(NT) (no
/// degrees-of-freedom correction, as spdep and Elhorst); T_W = tr(W'W + WW) = Σᵢⱼ wᵢⱼ² + Σᵢⱼ wᵢⱼwⱼᵢ;
/// J = (W X̃b)' M (W X̃b)/σ̂² + T·T_W with M = I − X̃(X̃'X̃)⁻¹X̃' (spdep's N·J); d_ρ = e'(I_T⊗W)ỹ/σ̂², d_λ = e'(I_T⊗W)e/σ̂².</para>
/// <para>LM-lag = d_ρ²/J; LM-error = d_λ²/(T·T_W); robust LM-lag = (d_ρ − d_λ)²/(J − T·T_W);
/// robust LM-error = (d_λ − T·T_W·d_ρ/J)² / (T·T_W·(1 − T·T_W/J)); LM-SARMA = robust LM-lag + LM-error; each χ²(1)
/// under its null, SARMA χ²(2) (Anselin 1988; Anselin, Bera, Florax and Yoon 1996; panels: Anselin, Le Gallo and Jayet
/// 2008, Elhorst 2010's <c>LMsarsem_panel</c>, which apply W to the demeaned data).</para>
/// <para>With T = 1 and no fixed effects these are spdep's <c>lm.LMtests(lm, listw, test = "all")</c> (LMlag, LMerr,
/// RLMlag, RLMerr, SARMA; RSlag, RSerr, adjRSlag, adjRSerr in spdep ≥ 1.3), reproduced to 1e-10 on the Columbus data
/// (reference/spatial-lm-columbus); the panel versions are checked against the formulas computed in R on plm's Produc
/// with the 48-state contiguity W (reference/spatial-lm-produc).</para>
/// <para>The statistics are computed from the fit's estimation sample, re-solved by least squares on the transformed
/// data (the coefficients are the fit's); weights and sample restrictions other than dropped rows are not supported.</para>
/// </remarks>
public static class SpatialDependenceTests
{
    /// <summary>The LM tests after a least-squares regression: OLS on a cross-section or pooled panel, or within (fixed effects).</summary>
    /// <param name="fit">A least-squares fit without weights; fixed effects none, the panel's unit, or unit and time.</param>
    /// <param name="weights">The spatial weights over the regions (no islands).</param>
    /// <param name="regionColumn">The column holding each row's region id (text or whole numbers); null for a panel's unit column.</param>
    /// <returns>The five tests.</returns>
    /// <exception cref="ArgumentException">The fit cannot be matched to W (a region not in W, a region missing from a period, an island), or its fixed effects are not supported.</exception>
    public static SpatialDependenceDiagnostics AfterRegression(RegressionResult fit, SpatialWeights weights, string? regionColumn = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(weights);
        var linear = fit.Fit;
        var spec = linear.Specification;
        if (spec.Method != LinearMethod.LeastSquares || spec.WeightColumn is not null)
        {
            throw new ArgumentException($"The LM tests for spatial dependence need an unweighted least-squares fit; this one is '{linear.Estimator}'{(spec.WeightColumn is null ? string.Empty : " with weights '" + spec.WeightColumn.Name + "'")}.", nameof(fit));
        }

        if (weights.Islands.Count > 0)
        {
            throw new ArgumentException($"The weights have {weights.Islands.Count} island(s) without neighbours ({string.Join(", ", weights.Islands.Take(10))}); the LM tests need every region linked. Drop those regions, widen the cutoff or use k nearest neighbours.", nameof(weights));
        }

        var data = linear.Data;
        var rows = linear.SampleRows;
        var notes = new List<Note>();
        var regionOf = RegionLabels(data, regionColumn);
        var n = weights.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            index[weights.Ids[i]] = i;
        }

        // Periods: the panel's time codes, or one period for a cross-section.
        var hasTime = data.IsPanel && data.TimeColumnName is not null && regionColumn is null;
        int[]? timeCodes = hasTime ? data.Time.Codes.ToArray() : null;
        var periodIndex = new Dictionary<int, int>();
        if (timeCodes is not null)
        {
            foreach (var code in rows.Select(r => timeCodes[r]).Distinct().Order())
            {
                periodIndex[code] = periodIndex.Count;
            }
        }

        var periods = Math.Max(1, periodIndex.Count);

        // position[t·N + i] = the sample row of region i in period t.
        var position = new int[n * periods];
        Array.Fill(position, -1);
        foreach (var row in rows)
        {
            var label = regionOf(row);
            if (!index.TryGetValue(label, out var i))
            {
                throw new ArgumentException($"Region '{label}' (row {row + 1}) is not a region of the spatial weights ({n} regions); build W over the sample's regions.", nameof(weights));
            }

            var t = timeCodes is null ? 0 : periodIndex[timeCodes[row]];
            if (position[(t * n) + i] >= 0)
            {
                throw new ArgumentException($"Region '{label}' has two rows{(timeCodes is null ? string.Empty : " in period " + data.Time.Levels[timeCodes[row]])}; the LM tests need one row per region and period.", nameof(fit));
            }

            position[(t * n) + i] = row;
        }

        if (rows.Length != n * periods)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The fit's sample has {rows.Length} rows but {n} regions × {periods} period(s) = {n * periods} are needed: the LM tests apply W within each period, so every region of W needs one row in every period (a balanced sample)."), nameof(fit));
        }

        var transform = Transform(spec, data, periods, notes);
        var evaluator = new TermEvaluator(data);
        double[] Gather(Term term)
        {
            var values = evaluator.Evaluate(term);
            return position.Select(r => values[r]).ToArray();
        }

        var slopes = spec.Regressors.Concat(spec.ControlTerms).Where(t => fit.TryGetCoefficient(t.Name, out _)).ToList();
        var y = transform.Apply(Gather(spec.Outcome), n, periods);
        var columns = slopes.Select(t => transform.Apply(Gather(t), n, periods)).ToList();
        if (transform.KeepsConstant && fit.TryGetCoefficient(RegressionResult.InterceptName, out _))
        {
            columns.Add(Enumerable.Repeat(1.0, n * periods).ToArray());
        }

        var dropped = spec.Regressors.Concat(spec.ControlTerms).Count() - slopes.Count;
        if (dropped > 0)
        {
            notes.Add(new Note(NoteKind.Information, "Regressors the fit dropped (collinear or absorbed) are left out of the LM tests' design too", dropped));
        }

        var x = Matrix<double>.Build.DenseOfColumnArrays(columns);
        var qr = x.QR();
        var yVector = Vector<double>.Build.DenseOfArray(y);
        var b = qr.Solve(yVector);
        var fitted = x * b;
        var e = yVector - fitted;
        var observations = n * periods;
        var sigma2 = e.DotProduct(e) / observations;

        var wy = Lag(weights, y, periods);
        var we = Lag(weights, e.ToArray(), periods);
        var wFitted = Vector<double>.Build.DenseOfArray(Lag(weights, fitted.ToArray(), periods));
        var projected = wFitted - (x * qr.Solve(wFitted));
        var traceW = TraceTerm(weights);
        var tt = periods * traceW;
        var j = (projected.DotProduct(projected) / sigma2) + tt;
        var dLag = e.DotProduct(Vector<double>.Build.DenseOfArray(wy)) / sigma2;
        var dError = e.DotProduct(Vector<double>.Build.DenseOfArray(we)) / sigma2;

        var lmLag = dLag * dLag / j;
        var lmError = dError * dError / tt;
        var robustLag = (dLag - dError) * (dLag - dError) / (j - tt);
        var robustErrorNumerator = dError - (tt / j * dLag);
        var robustError = robustErrorNumerator * robustErrorNumerator / (tt * (1 - (tt / j)));
        return new SpatialDependenceDiagnostics(
            new LagrangeMultiplierTest("LM-lag", lmLag, 1),
            new LagrangeMultiplierTest("LM-error", lmError, 1),
            new LagrangeMultiplierTest("Robust LM-lag", robustLag, 1),
            new LagrangeMultiplierTest("Robust LM-error", robustError, 1),
            new LagrangeMultiplierTest("LM-SARMA", robustLag + lmError, 2),
            transform.Name,
            n,
            periods,
            weights.Description,
            notes);
    }

    /// <summary>T_W = tr(W'W + WW) = Σᵢⱼ wᵢⱼ² + Σᵢⱼ wᵢⱼ wⱼᵢ (spdep's <c>tracew</c>).</summary>
    internal static double TraceTerm(SpatialWeights weights)
    {
        var lookup = new Dictionary<(int, int), double>();
        for (var i = 0; i < weights.Count; i++)
        {
            var neighbours = weights.Neighbours(i);
            var values = weights.Weights(i);
            for (var k = 0; k < neighbours.Length; k++)
            {
                lookup[(i, neighbours[k])] = values[k];
            }
        }

        var sum = 0.0;
        foreach (var ((i, j), w) in lookup)
        {
            sum += w * w;
            if (lookup.TryGetValue((j, i), out var back))
            {
                sum += w * back;
            }
        }

        return sum;
    }

    /// <summary>(I_T ⊗ W)v for v stacked period by period (N values per period).</summary>
    private static double[] Lag(SpatialWeights weights, double[] v, int periods)
    {
        var n = weights.Count;
        var result = new double[v.Length];
        for (var t = 0; t < periods; t++)
        {
            weights.Lag(v.AsSpan(t * n, n)).CopyTo(result, t * n);
        }

        return result;
    }

    private static Func<int, string> RegionLabels(PanelData data, string? regionColumn)
    {
        if (regionColumn is null)
        {
            if (!data.IsPanel)
            {
                throw new ArgumentException("The fit's data is a cross-section; name the column that holds each row's region id (regionColumn), the ids of the spatial weights.", nameof(regionColumn));
            }

            var unit = data.Unit;
            return r => unit[r] ?? throw new ArgumentException($"Row {r + 1} has no unit; every row needs a region.", nameof(data));
        }

        if (!data.Contains(regionColumn))
        {
            throw new ArgumentException($"The fit's data has no column '{regionColumn}' to name the regions.", nameof(regionColumn));
        }

        return data[regionColumn] switch
        {
            CategoricalColumn text => r => text[r] ?? throw new ArgumentException($"Row {r + 1} has no region id in '{regionColumn}'.", nameof(regionColumn)),
            NumericColumn numbers => r => double.IsFinite(numbers[r])
                ? numbers[r].ToString("R", CultureInfo.InvariantCulture)
                : throw new ArgumentException($"Row {r + 1} has no region id in '{regionColumn}'.", nameof(regionColumn)),
            _ => throw new ArgumentException($"Column '{regionColumn}' holds neither text nor numbers.", nameof(regionColumn)),
        };
    }

    private static Sweep Transform(RegressionSpecification spec, PanelData data, int periods, List<Note> notes)
    {
        var effects = spec.FixedEffects.Select(f => f.Name).ToList();
        if (effects.Count == 0)
        {
            return new Sweep(periods > 1 ? "pooled OLS" : "OLS", KeepsConstant: true, UnitMeans: false, PeriodMeans: false);
        }

        var unit = data.UnitColumnName;
        var time = data.TimeColumnName;
        if (effects.Count == 1 && effects[0] == unit)
        {
            return new Sweep("unit fixed effects", KeepsConstant: false, UnitMeans: true, PeriodMeans: false);
        }

        if (effects.Count == 2 && effects.Contains(unit!) && effects.Contains(time!))
        {
            notes.Add(new Note(NoteKind.Information, "Two-way effects: unit and period means swept out of the balanced panel, W applied to the demeaned data (Elhorst 2010)"));
            return new Sweep("two-way fixed effects", KeepsConstant: false, UnitMeans: true, PeriodMeans: true);
        }

        throw new ArgumentException($"The LM tests support no fixed effects, the panel's unit ('{unit}') or unit and time ('{unit}', '{time}'); the fit absorbs {string.Join(", ", effects.Select(f => "'" + f + "'"))}.", nameof(spec));
    }

    /// <summary>The sweep of the fit's fixed effects out of vectors stacked period by period.</summary>
    private sealed record Sweep(string Name, bool KeepsConstant, bool UnitMeans, bool PeriodMeans)
    {
        public double[] Apply(double[] v, int n, int periods)
        {
            var result = (double[])v.Clone();
            if (!UnitMeans && !PeriodMeans)
            {
                return result;
            }

            var grand = v.Average();
            var unitMean = new double[n];
            var periodMean = new double[periods];
            for (var t = 0; t < periods; t++)
            {
                for (var i = 0; i < n; i++)
                {
                    unitMean[i] += v[(t * n) + i] / periods;
                    periodMean[t] += v[(t * n) + i] / n;
                }
            }

            for (var t = 0; t < periods; t++)
            {
                for (var i = 0; i < n; i++)
                {
                    result[(t * n) + i] -= unitMean[i] + (PeriodMeans ? periodMean[t] - grand : 0);
                }
            }

            return result;
        }
    }
}
