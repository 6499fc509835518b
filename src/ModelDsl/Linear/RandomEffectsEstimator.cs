using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>Random effects by feasible GLS with Swamy–Arora variance components, as Stata <c>xtreg, re</c>.</summary>
/// <remarks>
/// <para>σ̂²_e = e_w'e_w / (N − n − k_w) from the within regression (k_w slopes identified within units);
/// σ̂²_b = e_b'e_b / (n − k_b) from the between regression of unit means on x̄_i and a constant;
/// σ̂²_u = max(0, σ̂²_b − σ̂²_e / T̄) with T̄ the harmonic mean of the units' observation counts (Stata's
/// unbalanced-panel rule; Swamy and Arora 1972; Baltagi 2021, §2.3). Each unit's weight is
/// θ_i = 1 − √(σ̂²_e / (T_i σ̂²_u + σ̂²_e)); OLS of y − θ_i ȳ_i on x − θ_i x̄_i and (1 − θ_i) gives the
/// estimates. The iid variance is σ̂²(X*'X*)⁻¹ from that regression's residuals, σ̂² = e*'e*/(N − K) (plm's
/// convention); robust and cluster variances are sandwiches on the transformed data. p-values and intervals
/// use the normal distribution (z statistics), as Stata's <c>xtreg, re</c> and plm's summary do.</para>
/// <para>On balanced panels this agrees with plm's <c>random.method = "swar"</c>; on unbalanced panels plm
/// uses a different quadratic form for σ̂²_u and the two can differ.</para>
/// <para>Scale: y and every regressor are divided by 2^e (e the binary exponent of the column's largest absolute
/// value) before anything is computed, as in <see cref="LinearModelEstimator"/>; θ does not depend on the scale, σ_u
/// and σ_e are multiplied back by 2^(e_y), coefficients and errors by 2^(e_y − e_j).</para>
/// </remarks>
internal static class RandomEffectsEstimator
{
    internal static LinearFit Estimate(RegressionSpecification specification, PanelData data)
    {
        if (specification.FixedEffects.Count > 0)
        {
            throw new InvalidOperationException($"Random effects take no fixed effects but the model has Fe({string.Join(", ", specification.FixedEffects.Select(f => f.Name))}); drop Fe(...) or drop RandomEffects().");
        }

        var sample = EstimationSample.Build(specification.ToSampleRequest(), data, needUnit: true);
        var n = sample.Count;
        var k = sample.Names.Length;
        if (k == 0)
        {
            throw new InvalidOperationException($"The random-effects model '{specification}' has no regressor; add regressors with On(...).");
        }

        // y and every regressor divided by a power of two near their largest absolute values (exact), as in
        // least squares: the variance components and the variance are computed in these units and rescaled when reported.
        var outcomeExponent = ColumnScaling.ScaleColumn(sample.Y);
        var regressorExponents = new int[k];
        for (var j = 0; j < k; j++)
        {
            regressorExponents[j] = ColumnScaling.ScaleColumn(sample.X.AsSpan(j * n, n));
        }

        var (unit, units) = FixedEffectStructure.Compact(sample.UnitCodes!, data.UnitColumnName!);
        var counts = new int[units];
        foreach (var u in unit)
        {
            counts[u]++;
        }

        // Unit means of [y | X].
        var columns = k + 1;
        var unitMeans = new double[units * columns];
        for (var j = 0; j < columns; j++)
        {
            var source = j == 0 ? sample.Y.AsSpan() : sample.X.AsSpan((j - 1) * n, n);
            for (var i = 0; i < n; i++)
            {
                unitMeans[(unit[i] * columns) + j] += source[i];
            }
        }

        for (var u = 0; u < units; u++)
        {
            for (var j = 0; j < columns; j++)
            {
                unitMeans[(u * columns) + j] /= counts[u];
            }
        }

        // Within regression.
        var within = new double[n * k];
        var yWithin = new double[n];
        for (var i = 0; i < n; i++)
        {
            yWithin[i] = sample.Y[i] - unitMeans[unit[i] * columns];
        }

        for (var j = 0; j < k; j++)
        {
            for (var i = 0; i < n; i++)
            {
                within[(j * n) + i] = sample.X[(j * n) + i] - unitMeans[(unit[i] * columns) + j + 1];
            }
        }

        var withinDesign = within.ToArray();
        var qrWithin = HouseholderQr.Decompose(within, n, k);
        var bWithin = qrWithin.Solve(yWithin);
        var rssWithin = ResidualSumOfSquares(withinDesign, n, qrWithin.Kept, bWithin, yWithin);
        var dfWithin = n - units - qrWithin.Rank;
        if (dfWithin <= 0)
        {
            throw new InvalidOperationException($"Random effects need N − n − k > 0 for the within variance but N = {n}, n = {units} units and k = {qrWithin.Rank}; the panel needs more periods per unit.");
        }

        var sigma2E = rssWithin / dfWithin;

        // Between regression on unit means with a constant.
        var between = new double[units * (k + 1)];
        var yBetween = new double[units];
        for (var u = 0; u < units; u++)
        {
            yBetween[u] = unitMeans[u * columns];
            for (var j = 0; j < k; j++)
            {
                between[(j * units) + u] = unitMeans[(u * columns) + j + 1];
            }

            between[(k * units) + u] = 1.0;
        }

        var betweenDesign = between.ToArray();
        var qrBetween = HouseholderQr.Decompose(between, units, k + 1);
        var bBetween = qrBetween.Solve(yBetween);
        var rssBetween = ResidualSumOfSquares(betweenDesign, units, qrBetween.Kept, bBetween, yBetween);
        var dfBetween = units - qrBetween.Rank;
        if (dfBetween <= 0)
        {
            throw new InvalidOperationException($"Random effects need more units than between-regression coefficients but there are {units} units and {qrBetween.Rank} coefficients.");
        }

        var harmonic = units / counts.Sum(c => 1.0 / c);
        var sigma2U = Math.Max(0, (rssBetween / dfBetween) - (sigma2E / harmonic));
        var theta = new double[units];
        for (var u = 0; u < units; u++)
        {
            theta[u] = 1 - Math.Sqrt(sigma2E / ((counts[u] * sigma2U) + sigma2E));
        }

        // Quasi-demeaned regression [X*, 1 − θ].
        var p = k + 1;
        var design = new double[n * p];
        var yStar = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = theta[unit[i]];
            yStar[i] = sample.Y[i] - (t * unitMeans[unit[i] * columns]);
            design[(k * n) + i] = 1 - t;
            for (var j = 0; j < k; j++)
            {
                design[(j * n) + i] = sample.X[(j * n) + i] - (t * unitMeans[(unit[i] * columns) + j + 1]);
            }
        }

        var work = design.ToArray();
        var qr = HouseholderQr.Decompose(work, n, p);
        var notes = sample.Notes;
        foreach (var c in qr.Dropped)
        {
            var name = c == k ? RegressionResult.InterceptName : sample.Names[c];
            notes.Add(new Note(NoteKind.Collinear, $"{name} is collinear with the other regressors of the random-effects model; it was dropped", 1));
        }

        var kept = qr.Kept.ToArray();
        var b = qr.Solve(yStar);
        var keptDesign = new double[n * kept.Length];
        for (var c = 0; c < kept.Length; c++)
        {
            design.AsSpan(kept[c] * n, n).CopyTo(keptDesign.AsSpan(c * n, n));
        }

        var residuals = yStar.ToArray();
        for (var c = 0; c < kept.Length; c++)
        {
            Kernels.Axpy(-b[c], keptDesign.AsSpan(c * n, n), residuals);
        }

        var hasConstant = kept.Contains(k);
        return new LinearFit
        {
            Specification = specification,
            Estimator = "re",
            Data = data,
            SampleRows = sample.Rows,
            Clusters = sample.Clusters,
            Observations = n,
            Names = kept.Select(c => c == k ? RegressionResult.InterceptName : sample.Names[c]).ToArray(),
            Estimates = b,
            OutcomeExponent = outcomeExponent,
            CoefficientExponents = kept.Select(c => c == k ? outcomeExponent : outcomeExponent - regressorExponents[c]).ToArray(),
            Design = keptDesign,
            Residuals = residuals,
            Bread = qr.InverseCrossProduct(),
            Slopes = kept.Length - (hasConstant ? 1 : 0),
            HasConstant = hasConstant,
            ResidualSumOfSquares = Kernels.Dot(residuals, residuals),
            TotalSumOfSquares = Kernels.CenteredSumOfSquares(yStar),
            Notes = notes,
            NormalInference = true,
            RandomEffects = new RandomEffectsComponents(Math.ScaleB(Math.Sqrt(sigma2U), outcomeExponent), Math.ScaleB(Math.Sqrt(sigma2E), outcomeExponent), theta.Min(), theta.Max()),
        };
    }

    private static double ResidualSumOfSquares(double[] design, int n, ReadOnlySpan<int> kept, double[] b, double[] y)
    {
        var residuals = y.ToArray();
        for (var c = 0; c < kept.Length; c++)
        {
            Kernels.Axpy(-b[c], design.AsSpan(kept[c] * n, n), residuals);
        }

        return Kernels.Dot(residuals, residuals);
    }
}
