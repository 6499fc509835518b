using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>
/// Weighted least squares with absorbed fixed effects, for the weighted PSM-DID: the matching weights as
/// analytic weights (Stata <c>[aw=]</c>, reghdfe), with the estimation layer's variance estimators.
/// </summary>
/// <remarks>
/// Dimensions: n rows with positive weight, k regressors; columns are length-n arrays. Weights are normalised
/// to mean 1. The columns [y | X] are demeaned by alternating weighted projections (each fixed-effect
/// dimension's weighted level means removed in turn until no value changes by more than 1e-13 relative to
/// the column's scale), then multiplied by √w, so OLS on the result is WLS and the estimation layer's
/// sandwich Σ_g D*_g'e*_g e*_g'D*_g equals Σ_g X_g'W_g e_g e_g'W_g X_g (Frisch–Waugh–Lovell in the √w metric).
/// Small-sample factors, the constant and the degrees of freedom are those of the unweighted estimator
/// with N the number of rows with positive weight; the iid variance is s²(X'WX)⁻¹ with s² = Σwe²/(N − K).
/// </remarks>
internal static class WeightedFixedEffects
{
    private const double Tolerance = 1e-13;
    private const int MaxSweeps = 100_000;

    public static RegressionResult Fit(RegressionSpecification specification, PanelData data, double[] rowWeights)
    {
        if (specification.Method != LinearMethod.LeastSquares)
        {
            throw new InvalidOperationException("A weighted PSM-DID needs a least-squares (fixed-effects) DID; random effects take no matching weights.");
        }

        var sample = EstimationSample.Build(specification, data, needUnit: false);
        var notes = sample.Notes;
        var n = sample.Count;
        var k = sample.Names.Length;
        var weights = sample.Rows.Select(r => rowWeights[r]).ToArray();
        if (weights.Any(w => !(w > 0)))
        {
            throw new ArgumentException("Every row of a weighted fit needs a positive weight; remove the rows with zero weight first.");
        }

        var meanWeight = weights.Average();
        for (var i = 0; i < n; i++)
        {
            weights[i] /= meanWeight;
        }

        var m = new double[n * (k + 1)];
        sample.Y.CopyTo(m, 0);
        sample.X.CopyTo(m, n);
        var means = new double[k + 1];
        for (var j = 0; j <= k; j++)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += weights[i] * m[(j * n) + i];
            }

            means[j] = s / n;
        }

        var hasFixedEffects = specification.FixedEffects.Count > 0;
        FixedEffectStructure? structure = null;
        if (hasFixedEffects)
        {
            structure = FixedEffectStructure.Create(specification.FixedEffects.Select(f => f.Name).ToArray(), sample.FixedEffectCodes);
            for (var j = 0; j <= k; j++)
            {
                if (!Demean(m.AsSpan(j * n, n), weights, structure))
                {
                    notes.Add(new Note(NoteKind.Convergence, $"The weighted demeaning of column {j} stopped after {MaxSweeps} sweeps before reaching the tolerance {Tolerance:G2}.", MaxSweeps));
                }
            }
        }
        else
        {
            for (var j = 0; j <= k; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    m[(j * n) + i] -= means[j];
                }
            }
        }

        // Absorbed regressors: nothing left after demeaning.
        var candidates = new List<int>();
        for (var j = 0; j < k; j++)
        {
            var before = 0.0;
            var after = 0.0;
            for (var i = 0; i < n; i++)
            {
                var raw = sample.X[(j * n) + i] - means[j + 1];
                before += weights[i] * raw * raw;
                after += weights[i] * m[((j + 1) * n) + i] * m[((j + 1) * n) + i];
            }

            if (before == 0 || after <= 1e-10 * before)
            {
                notes.Add(new Note(NoteKind.Absorbed, $"{sample.Names[j]} is constant or absorbed by the fixed effects in the weighted sample; it was dropped", 1));
                continue;
            }

            candidates.Add(j);
        }

        var root = weights.Select(Math.Sqrt).ToArray();
        for (var j = 0; j <= k; j++)
        {
            for (var i = 0; i < n; i++)
            {
                m[(j * n) + i] *= root[i];
            }
        }

        var p = candidates.Count;
        if (p == 0)
        {
            throw new InvalidOperationException($"Every regressor ({string.Join(", ", sample.Names)}) is absorbed by the fixed effects; nothing is left to estimate.");
        }

        var work = new double[n * p];
        for (var c = 0; c < p; c++)
        {
            m.AsSpan((candidates[c] + 1) * n, n).CopyTo(work.AsSpan(c * n, n));
        }

        var qr = HouseholderQr.Decompose(work, n, p);
        foreach (var c in qr.Dropped)
        {
            notes.Add(new Note(NoteKind.Collinear, $"{sample.Names[candidates[c]]} is collinear with the other regressors in the weighted sample; it was dropped", 1));
        }

        var kept = qr.Kept.ToArray().Select(c => candidates[c]).ToArray();
        var r = kept.Length;
        var yStar = m.AsSpan(0, n);
        var b = qr.Solve(yStar);
        var residuals = yStar.ToArray();
        for (var c = 0; c < r; c++)
        {
            Kernels.Axpy(-b[c], m.AsSpan((kept[c] + 1) * n, n), residuals);
        }

        var inverse = qr.InverseCrossProduct();

        // The constant as the unweighted estimator reports it, in the √w metric:
        // D* = √w·[X̃ + x̄_w, 1], B = T⁻¹ diag((X̃*'X̃*)⁻¹, 1/Σw) T⁻ᵀ (Σ w X̃ = 0 after weighted demeaning).
        var p1 = r + 1;
        var xbar = kept.Select(j => means[j + 1]).ToArray();
        var estimates = new double[p1];
        b.CopyTo(estimates, 0);
        var constant = means[0];
        for (var c = 0; c < r; c++)
        {
            constant -= xbar[c] * b[c];
        }

        estimates[r] = constant;
        var design = new double[n * p1];
        for (var c = 0; c < r; c++)
        {
            for (var i = 0; i < n; i++)
            {
                design[(c * n) + i] = m[((kept[c] + 1) * n) + i] + (xbar[c] * root[i]);
            }
        }

        root.CopyTo(design, r * n);
        var bread = ConstantAugmentation.Bread(inverse, xbar, n);
        var names = kept.Select(j => sample.Names[j]).Append(RegressionResult.InterceptName).ToArray();
        var tss = 0.0;
        for (var i = 0; i < n; i++)
        {
            tss += weights[i] * (sample.Y[i] - means[0]) * (sample.Y[i] - means[0]);
        }

        notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Weighted by the matching weights (analytic weights, normalised to mean 1) over {n} rows with positive weight.")));
        var fit = new LinearFit
        {
            Specification = specification,
            Estimator = hasFixedEffects ? "fe" : "ols",
            Data = data,
            SampleRows = sample.Rows,
            Clusters = sample.Clusters,
            Observations = n,
            Names = names,
            Estimates = estimates,
            Design = design,
            Residuals = residuals,
            Bread = bread,
            Slopes = r,
            HasConstant = true,
            FixedEffects = structure,
            FixedEffectDegreesOfFreedom = structure?.DegreesOfFreedom() ?? 0,
            ResidualSumOfSquares = Kernels.Dot(residuals, residuals),
            TotalSumOfSquares = tss,
            WithinTotalSumOfSquares = hasFixedEffects ? Kernels.Dot(yStar, yStar) : double.NaN,
            Notes = notes,
        };
        if (fit.ResidualDegreesOfFreedom <= 0)
        {
            throw new InvalidOperationException($"The weighted model has {n} observations and {fit.ParameterCount} parameters, leaving no residual degrees of freedom.");
        }

        return new RegressionResult(fit, specification.Variance);
    }

    // Alternating weighted projections: v ← v − weighted level means, dimension after dimension.
    private static bool Demean(Span<double> v, double[] w, FixedEffectStructure structure)
    {
        var n = v.Length;
        var sums = new double[structure.Levels.Max()];
        var totals = new double[structure.Levels.Max()];
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(v[i]));
        }

        scale = Math.Max(scale, 1.0);
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var change = 0.0;
            for (var d = 0; d < structure.Dimensions; d++)
            {
                var codes = structure.Codes(d);
                var levels = structure.Levels[d];
                Array.Clear(sums, 0, levels);
                Array.Clear(totals, 0, levels);
                for (var i = 0; i < n; i++)
                {
                    sums[codes[i]] += w[i] * v[i];
                    totals[codes[i]] += w[i];
                }

                for (var g = 0; g < levels; g++)
                {
                    sums[g] /= totals[g];
                    change = Math.Max(change, Math.Abs(sums[g]));
                }

                for (var i = 0; i < n; i++)
                {
                    v[i] -= sums[codes[i]];
                }
            }

            if (change <= Tolerance * scale)
            {
                return true;
            }
        }

        return false;
    }
}
