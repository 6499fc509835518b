using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// Least squares (pooled OLS, or the within estimator with any number of fixed-effect dimensions) and
/// random effects.
/// </summary>
/// <remarks>
/// <para>OLS: b solves min ‖y − Xb‖² by Householder QR of the centred (intercept) or demeaned (fixed
/// effects) design with R's limited column pivoting; a column whose remaining norm is below 1e-7 of its
/// own norm is collinear and dropped (<see cref="HouseholderQr.Tolerance"/>). X'X is never inverted for b.</para>
/// <para>Fixed effects: y and X are demeaned together (<see cref="FixedEffectStructure"/>); the slopes of the
/// demeaned regression are the within estimates (Frisch–Waugh–Lovell). A regressor whose sum of squares
/// after demeaning is below 1e-12 of its centred sum of squares before is absorbed by the fixed effects.
/// The constant is reported as reghdfe / <c>xtreg, fe</c> do: ȳ − x̄'b (Correia 2016; Bergé 2018).</para>
/// <para>Scale: before anything else y and every regressor are divided by 2^e, e the binary exponent of the
/// column's largest absolute value (<see cref="ColumnScaling.ScaleColumn"/>; exact, as a power of two only changes exponents), so
/// that sums of squares, the QR, the demeaning and the variance neither under- nor overflow for data anywhere in
/// 1e±300 and every tolerance (collinear, absorbed) is relative to the column. A regressor is constant when all its
/// values are equal. Coefficient j is reported as b_j·2^(e_y − e_j), its standard error likewise, and the variance
/// (iid, HC1, cluster) is computed in the scaled units (<see cref="LinearFit.CoefficientExponents"/>); t statistics
/// and R² are ratios of scaled quantities and do not depend on the scale. A number that cannot be represented in the
/// data's units (a coefficient beyond 1e308) is an <see cref="ArithmeticException"/>, never ∞ or NaN.</para>
/// <para>Weights (<see cref="FitWeighted"/>; analytic weights, Stata <c>[aw=]</c>, reghdfe): the positive weights w are
/// normalised to mean 1; means and sums of squares are weighted (x̄_w = Σwx/N), the fixed effects are removed by the
/// weighted demeaning engine (<see cref="FixedEffectStructure.DemeanColumns(double[], int, double[], double, int)"/>),
/// and the demeaned columns are multiplied by √w, so that the same QR gives WLS and the same sandwich
/// Σ_g D*_g'e*_g e*_g'D*_g equals Σ_g X_g'W_g e_g e_g'W_g X_g (Frisch–Waugh–Lovell in the √w metric; the constant's
/// column is √w, <see cref="LinearFit.DesignRowScale"/>). Scaling, the absorbed and collinear rules, the constant,
/// small-sample factors and degrees of freedom are those of the unweighted fit with N the number of weighted rows.</para>
/// </remarks>
internal static class LinearModelEstimator
{
    /// <summary>A regressor is absorbed when SS(after) ≤ this × SS(before); relative norm 1e-6.</summary>
    internal const double AbsorbedTolerance = 1e-12;

    /// <summary>The lag and lead operator models use: the data layer's.</summary>
    internal static IPanelShift PanelShift => DataLayerShift.Instance;

    internal static RegressionResult Fit(RegressionSpecification specification, PanelData data, DemeaningCache? cache = null)
    {
        if (specification.SampleRestriction is { } restriction)
        {
            data = restriction(data) ?? throw new InvalidOperationException("The sample restriction returned null; it must return a data set (for example d => d.ExcludeUnits(\"Beijing\")).");
        }

        if (specification.WeightColumn is not null && specification.Method == LinearMethod.RandomEffects)
        {
            throw new InvalidOperationException($"Random effects take no weights but the model has Weights(\"{specification.WeightColumn.Name}\"); drop Weights(...) or use a pooled or fixed-effects model (Stata's xtreg, re accepts no analytic weights either).");
        }

        if (specification.Method == LinearMethod.RandomEffects)
        {
            return Result(RandomEffectsEstimator.Estimate(specification, data), specification.Variance);
        }

        if (specification.Method == LinearMethod.Between)
        {
            return Result(BetweenEstimator.Estimate(specification, data), specification.Variance);
        }

        if (specification.WeightColumn is { } weightColumn)
        {
            var (weighted, weights) = WeightedRows(data, weightColumn);
            var frequency = specification.WeightKind == WeightKind.Frequency;
            if (frequency && weights.FirstOrDefault(w => w != Math.Floor(w)) is var fraction && fraction != 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frequency weights count observations, so they must be whole numbers, but '{weightColumn.Name}' has {fraction}; use WeightKind.Analytic for weights that are not counts."));
            }

            return Result(LeastSquares(specification, weighted, null, (weights, $"column '{weightColumn.Name}'"), frequencyWeights: frequency), specification.Variance);
        }

        return Result(LeastSquares(specification, data, cache), specification.Variance);
    }

    /// <summary>The result of <paramref name="fit"/>: the variance <paramref name="vcov"/> asks for, computed here and handed to the result.</summary>
    internal static RegressionResult Result(LinearFit fit, Vcov vcov) => new(fit, vcov, Variance(fit, vcov));

    /// <summary>
    /// Asks <paramref name="vcov"/>'s estimator for the variance of <paramref name="fit"/> through the seam
    /// (<see cref="IVarianceEstimator"/>), after the checks that make any variance meaningless (an outcome with no
    /// variation), so that those are the errors a user sees first.
    /// </summary>
    internal static VarianceEstimate Variance(LinearFit fit, Vcov vcov)
    {
        ArgumentNullException.ThrowIfNull(vcov);
        RegressionResult.RequireOutcomeVariation(fit);
        return vcov.Estimator.Estimate(new LinearVarianceInput(fit), vcov)
            ?? throw new InvalidOperationException($"The {vcov.Description} variance estimator returned no estimate.");
    }

    /// <summary>
    /// Weighted least squares with analytic weights, one per row of <paramref name="data"/> (rows left out of the
    /// estimation sample are ignored; every row in it needs a finite positive weight).
    /// </summary>
    /// <param name="specification">A least-squares model; its sample restriction, if any, is applied to the data with the weights attached.</param>
    /// <param name="data">The data the weights belong to.</param>
    /// <param name="rowWeights">One weight per row of <paramref name="data"/>.</param>
    /// <param name="weightName">What the weights are, for the note (for example "matching weights").</param>
    internal static RegressionResult FitWeighted(RegressionSpecification specification, PanelData data, double[] rowWeights, string weightName)
    {
        if (specification.Method != LinearMethod.LeastSquares)
        {
            throw new InvalidOperationException("A weighted fit needs a least-squares (pooled or fixed-effects) model; random effects take no weights.");
        }

        if (rowWeights.Length != data.RowCount)
        {
            throw new ArgumentException($"Got {rowWeights.Length} weights for {data.RowCount} rows; give one weight per row.", nameof(rowWeights));
        }

        if (specification.SampleRestriction is { } restriction)
        {
            // The weights ride along as a column so that they stay with their rows through the restriction.
            var column = "__weight";
            while (data.Contains(column))
            {
                column = "_" + column;
            }

            data = restriction(data.WithColumn(new NumericColumn(column, rowWeights)))
                ?? throw new InvalidOperationException("The sample restriction returned null; it must return a data set (for example d => d.ExcludeUnits(\"Beijing\")).");
            if (!data.Contains(column))
            {
                throw new InvalidOperationException("The sample restriction of a weighted fit must keep the data's columns (it removed the weights); restrict rows only.");
            }

            rowWeights = data.Numeric(column).Values.ToArray();
        }

        return Result(LeastSquares(specification, data, null, (rowWeights, weightName)), specification.Variance);
    }

    /// <summary>
    /// The rows of <paramref name="data"/> with a positive weight in <paramref name="column"/> and their weights: rows whose
    /// weight is missing or zero leave with a note (Stata's marksample); a negative or infinite weight is an error.
    /// </summary>
    internal static (PanelData Data, double[] Weights) WeightedRows(PanelData data, ColumnTerm column)
    {
        var source = column.Ordinal is { } ordinal ? data.Columns[ordinal] : data.Contains(column.ColumnName) ? data[column.ColumnName] : null;
        if (source is not NumericColumn numeric)
        {
            throw new ArgumentException(source is null
                ? $"The weight column '{column.Name}' is not in the data; the columns are: {string.Join(", ", data.Columns.Select(c => c.Name))}."
                : $"The weight column '{column.Name}' is categorical; weights must be a numeric column of non-negative numbers.");
        }

        var values = numeric.RawValues;
        var kept = new List<int>(values.Length);
        var missing = 0;
        var zero = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var w = values[i];
            if (double.IsNaN(w))
            {
                missing++;
            }
            else if (w == 0)
            {
                zero++;
            }
            else if (w < 0 || double.IsInfinity(w))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i + 1} has weight {w} in '{column.Name}'; weights must be finite and non-negative (rows with weight 0 or a missing weight are left out)."));
            }
            else
            {
                kept.Add(i);
            }
        }

        if (missing + zero == 0)
        {
            return (data, (double[])values.Clone());
        }

        var note = new Note(NoteKind.MissingValues, string.Create(CultureInfo.InvariantCulture, $"{missing + zero} rows dropped for a missing ({missing}) or zero ({zero}) weight in '{column.Name}'"), missing + zero);
        var rows = kept.ToArray();
        return (data.SelectRows(rows, note), rows.Select(r => values[r]).ToArray());
    }

    internal static LinearFit LeastSquares(RegressionSpecification specification, PanelData data, DemeaningCache? cache = null, (double[] Values, string Name)? rowWeights = null, (string Estimator, RegressionSpecification Specification)? reported = null, bool frequencyWeights = false)
    {
        var sample = EstimationSample.Build(specification.ToSampleRequest(), data, needUnit: false);
        var notes = sample.Notes;
        var n = sample.Count;
        var k = sample.Names.Length;
        var hasFixedEffects = specification.FixedEffects.Count > 0;
        var centred = hasFixedEffects || specification.HasIntercept;
        double[]? weights = null;
        double weightTotal = n;
        if (rowWeights is { } given)
        {
            weights = SampleWeights(given.Values, sample.Rows, normalise: !frequencyWeights);
            cache = null;
            if (frequencyWeights)
            {
                weightTotal = weights.Sum();
                notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Weighted by the {given.Name} (frequency weights): {n} rows stand for N = {weightTotal} observations."), (int)Math.Min(int.MaxValue, weightTotal)));
            }
            else
            {
                notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Weighted by the {given.Name} (analytic weights, normalised to mean 1) over {n} rows with positive weight.")));
            }
        }

        // [y | X] column-major n×(k+1) as gathered, scaled by powers of two (exponents e_j), then demeaned or centred
        // in place (no other copy of the design).
        var m = sample.Matrix;
        var means = new double[k + 1];
        var before = new double[k + 1];
        var exponents = new int[k + 1];
        var constant = new bool[k + 1];
        Parallel.For(0, k + 1, new ParallelOptions { MaxDegreeOfParallelism = (long)n * (k + 1) >= 200_000 ? Environment.ProcessorCount : 1 }, j =>
        {
            var column = m.AsSpan(j * n, n);
            exponents[j] = ColumnScaling.ScaleColumn(column);

            // Constant by equality of its values, not by a centred sum of squares (which rounding leaves above 0).
            constant[j] = column.IndexOfAnyExcept(column.IsEmpty ? 0.0 : column[0]) < 0;
            if (weights is null)
            {
                means[j] = Kernels.Sum(column) / n;
                before[j] = j == 0 && !centred ? Kernels.Dot(column, column) : Kernels.CenteredSumOfSquares(column);
            }
            else
            {
                means[j] = WeightedSum(column, weights) / weightTotal;
                before[j] = WeightedSumOfSquares(column, weights, j == 0 && !centred ? 0.0 : means[j]);
            }
        });
        var totalSumOfSquares = before[0];
        before = before[1..];

        FixedEffectStructure? structure = null;
        if (hasFixedEffects)
        {
            // Columns already demeaned on the same rows (an earlier model of a set) are reused, not recomputed.
            var names = sample.Names.Prepend(specification.Outcome.Name).ToArray();
            var key = $"{string.Join("|", specification.FixedEffects.Select(f => f.Name))}|{specification.DemeaningTolerance:R}|{specification.DemeaningIterations}";
            cache?.Reset(key, sample.Rows);
            structure = cache?.Structure ?? FixedEffectStructure.Create(specification.FixedEffects.Select(f => f.Name).ToArray(), sample.FixedEffectCodes);
            if (cache is not null)
            {
                cache.Structure = structure;
            }

            var pending = new List<int>();
            for (var j = 0; j <= k; j++)
            {
                if (cache is not null && cache.Columns.TryGetValue(names[j], out var done))
                {
                    done.CopyTo(m, j * n);
                }
                else
                {
                    pending.Add(j);
                }
            }

            if (pending.Count > 0)
            {
                // Every column pending (no cache, or a new sample): demean the design in place, without a copy.
                var inPlace = pending.Count == k + 1;
                var block = inPlace ? m : new double[n * pending.Count];
                for (var c = 0; c < pending.Count && !inPlace; c++)
                {
                    m.AsSpan(pending[c] * n, n).CopyTo(block.AsSpan(c * n, n));
                }

                var outcome = structure.DemeanColumns(block, pending.Count, weights, specification.DemeaningTolerance, specification.DemeaningIterations, notes);

                for (var c = 0; c < pending.Count; c++)
                {
                    var column = block.AsSpan(c * n, n);
                    if (!inPlace)
                    {
                        column.CopyTo(m.AsSpan(pending[c] * n, n));
                    }
                    if (cache is not null && outcome.Converged)
                    {
                        cache.Columns[names[pending[c]]] = column.ToArray();
                    }
                }
            }
        }
        else if (centred)
        {
            for (var j = 0; j <= k; j++)
            {
                var column = m.AsSpan(j * n, n);
                var mean = means[j];
                for (var i = 0; i < n; i++)
                {
                    column[i] -= mean;
                }
            }
        }

        var candidates = new List<int>();
        var feNames = string.Join(", ", specification.FixedEffects.Select(f => f.Name));
        for (var j = 0; j < k; j++)
        {
            var name = sample.Names[j];
            var column = m.AsSpan((j + 1) * n, n);
            if (centred && (constant[j + 1] || before[j] == 0))
            {
                notes.Add(hasFixedEffects
                    ? new Note(NoteKind.Absorbed, $"{name} is constant in the estimation sample and is absorbed by the fixed effects ({feNames}); it was dropped", 1)
                    : new Note(NoteKind.Collinear, $"{name} is constant in the estimation sample and collinear with the intercept; it was dropped", 1));
                continue;
            }

            if (hasFixedEffects)
            {
                var after = weights is null ? Kernels.Dot(column, column) : WeightedSumOfSquares(column, weights, 0.0);
                if (after <= AbsorbedTolerance * before[j])
                {
                    notes.Add(new Note(NoteKind.Absorbed, $"{name} is absorbed by the fixed effects ({feNames}): its sum of squares after removing them is {(after / before[j]).ToString("G3", CultureInfo.InvariantCulture)} of its sum before; it was dropped", 1));
                    continue;
                }
            }

            candidates.Add(j);
        }

        if (k > 0 && candidates.Count == 0 && hasFixedEffects)
        {
            throw new InvalidOperationException(
                $"Every regressor ({string.Join(", ", sample.Names)}) is absorbed by the fixed effects ({feNames}) or constant; nothing is left to estimate. Remove the fixed effect that absorbs them or use regressors that vary within its levels.");
        }

        if (k == 0 && hasFixedEffects)
        {
            throw new InvalidOperationException($"The model '{specification}' has fixed effects but no regressor; add regressors with On(...).");
        }

        if (k == 0 && !centred)
        {
            throw new InvalidOperationException($"The model '{specification}' has neither regressors nor an intercept; add regressors with On(...).");
        }

        // Weighted: every column (outcome included) times √w, so that least squares on the result is WLS.
        double[]? root = null;
        if (weights is not null)
        {
            root = weights.Select(Math.Sqrt).ToArray();
            for (var j = 0; j <= k; j++)
            {
                MultiplyRows(m.AsSpan(j * n, n), root);
            }
        }

        var constantCount = centred ? 1 : 0;
        if (candidates.Count + constantCount > n)
        {
            throw new InvalidOperationException(
                $"The model has {candidates.Count + constantCount} coefficients ({candidates.Count} regressors{(centred ? " and the constant" : string.Empty)}) but only {n} observations; it needs at least as many observations as coefficients. Remove regressors or use more data.");
        }

        var problem = new CentredProblem
        {
            Specification = specification,
            Data = data,
            Rows = sample.Rows,
            Outcome = new ReadOnlyMemory<double>(m, 0, n),
            OutcomeMean = means[0],
            OutcomeExponent = exponents[0],
            RegressorExponents = candidates.Select(j => exponents[j + 1]).ToArray(),
            Regressors = candidates.Select(j => new ReadOnlyMemory<double>(m, (j + 1) * n, n)).ToArray(),
            RegressorMeans = candidates.Select(j => means[j + 1]).ToArray(),
            Names = candidates.Select(j => sample.Names[j]).ToArray(),
            Centred = centred,
            FixedEffects = structure,
            Clusters = sample.Clusters,
            TotalSumOfSquares = totalSumOfSquares,
            Weights = weights,
            RootWeights = root,
            ReportedEstimator = reported?.Estimator,
            FrequencyTotal = frequencyWeights ? weightTotal : null,
            ReportedSpecification = reported?.Specification,
        };
        return Solve(problem, notes);
    }

    /// <summary>
    /// Refits a least-squares model with the values of one regressor replaced on the estimation sample,
    /// demeaning only that column with the stored fixed-effect structure (placebo and randomisation inference).
    /// </summary>
    internal static LinearFit ReplaceRegressor(LinearFit fit, string name, ReadOnlySpan<double> values)
    {
        var problem = fit.Problem
            ?? throw new InvalidOperationException($"Only least-squares fits can replace a regressor; this fit is '{fit.Estimator}'.");
        var j = Array.IndexOf(problem.Names, name);
        if (j < 0)
        {
            throw new KeyNotFoundException($"No regressor named '{name}' in the fit; the regressors are: {string.Join(", ", problem.Names)}.");
        }

        var n = fit.Observations;
        if (values.Length != n)
        {
            throw new ArgumentException($"Got {values.Length} values for '{name}' but the estimation sample has {n} rows; give one value per row of SampleRows.", nameof(values));
        }

        var raw = values.ToArray();
        var exponent = ColumnScaling.ScaleColumn(raw);
        var weights = problem.Weights;
        var mean = weights is null ? Kernels.Sum(raw) / n : WeightedSum(raw, weights) / (problem.FrequencyTotal ?? n);
        var column = new double[n];
        if (problem.FixedEffects is { } structure && weights is not null)
        {
            raw.CopyTo(column, 0);
            structure.DemeanColumns(column, 1, weights, fit.Specification.DemeaningTolerance, fit.Specification.DemeaningIterations);
        }
        else if (problem.FixedEffects is { } unweighted)
        {
            unweighted.Demean(raw, column, fit.Specification.DemeaningTolerance, fit.Specification.DemeaningIterations);
        }
        else if (problem.Centred)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = raw[i] - mean;
            }
        }
        else
        {
            raw.CopyTo(column, 0);
        }

        var regressors = problem.Regressors.ToArray();
        var means = problem.RegressorMeans.ToArray();
        var regressorExponents = problem.RegressorExponents.ToArray();
        regressors[j] = column;
        means[j] = mean;
        regressorExponents[j] = exponent;
        var notes = fit.BaseNotes.ToList();
        if (problem.Centred)
        {
            var before = weights is null ? Kernels.CenteredSumOfSquares(raw) : WeightedSumOfSquares(raw, weights, mean);
            var after = weights is null ? Kernels.Dot(column, column) : WeightedSumOfSquares(column, weights, 0.0);
            if (before == 0 || after <= AbsorbedTolerance * before)
            {
                throw new InvalidOperationException($"The replacement values of '{name}' are constant or absorbed by the fixed effects; they cannot be estimated.");
            }
        }

        if (problem.RootWeights is { } root)
        {
            MultiplyRows(column, root);
        }

        return Solve(problem with { Regressors = regressors, RegressorMeans = means, RegressorExponents = regressorExponents }, notes);
    }

    // The weights of the estimation sample, checked and normalised to mean 1 (so that Σw = N).
    private static double[] SampleWeights(double[] rowWeights, int[] rows, bool normalise = true)
    {
        var weights = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var value = rowWeights[rows[i]];
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {rows[i] + 1} of the weighted estimation sample has weight {value}; every row needs a finite positive weight (remove the rows with zero weight first)."), nameof(rowWeights));
            }

            weights[i] = value;
        }

        var mean = weights.Average();
        if (!double.IsFinite(mean))
        {
            throw new ArgumentException("The weights' sum overflows; rescale them (only their ratios matter).", nameof(rowWeights));
        }

        if (!normalise)
        {
            return weights;
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= mean;
        }

        return weights;
    }

    // xᵢ ← xᵢ·rᵢ.
    private static void MultiplyRows(Span<double> x, double[] r)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= r[i];
        }
    }

    // Σ wᵢxᵢ.
    private static double WeightedSum(ReadOnlySpan<double> x, double[] w)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            s += w[i] * x[i];
        }

        return s;
    }

    // Σ wᵢ(xᵢ − c)².
    private static double WeightedSumOfSquares(ReadOnlySpan<double> x, double[] w, double centre)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - centre;
            s += w[i] * d * d;
        }

        return s;
    }

    private static LinearFit Solve(CentredProblem problem, List<Note> notes)
    {
        var specification = problem.Specification;
        var n = problem.Rows.Length;
        var centred = problem.Centred;
        var hasFixedEffects = problem.FixedEffects is not null;
        var feNames = string.Join(", ", specification.FixedEffects.Select(f => f.Name));
        var baseNotes = notes.ToArray();
        var p = problem.Regressors.Length;
        HouseholderQr qr;
        double[] b;
        if (n >= HouseholderQr.TallThreshold && p > 0)
        {
            double[] qty;
            (qr, qty) = HouseholderQr.DecomposeTall(problem.Regressors, problem.Outcome, n);
            b = qr.Solve(qty);
        }
        else
        {
            var work = new double[n * p];
            for (var c = 0; c < p; c++)
            {
                problem.Regressors[c].Span.CopyTo(work.AsSpan(c * n, n));
            }

            qr = HouseholderQr.Decompose(work, n, p);
            b = qr.Solve(problem.Outcome.Span);
        }

        if (qr.Dropped.Length > 0)
        {
            var keptNames = qr.Kept.ToArray().Select(c => problem.Names[c]).ToArray();
            foreach (var c in qr.Dropped)
            {
                var context = hasFixedEffects ? $" and the fixed effects ({feNames})" : centred ? " and the intercept" : string.Empty;
                notes.Add(new Note(NoteKind.Collinear, $"{problem.Names[c]} is collinear with the other regressors ({string.Join(", ", keptNames)}){context}; it was dropped", 1));
            }
        }

        var kept = qr.Kept.ToArray();
        var r = kept.Length;
        var yTilde = problem.Outcome;

        // e = ỹ − Σ b_c x̃_c in row blocks (each block stays in cache while every column is subtracted).
        var residuals = yTilde.ToArray();
        const int block = 32_768;
        Parallel.For(0, (n + block - 1) / block, new ParallelOptions { MaxDegreeOfParallelism = n >= 100_000 ? Environment.ProcessorCount : 1 }, blockIndex =>
        {
            var first = blockIndex * block;
            var count = Math.Min(block, n - first);
            var target = residuals.AsSpan(first, count);
            for (var c = 0; c < r; c++)
            {
                Kernels.Axpy(-b[c], problem.Regressors[kept[c]].Span.Slice(first, count), target);
            }
        });

        var inverse = qr.InverseCrossProduct();
        var names = kept.Select(c => problem.Names[c]).ToList();
        double[] estimates;
        double[] shifts;
        double[] bread;
        if (centred)
        {
            // D = [X̃ + x̄, 1] = [X̃, 1]·T; B = T⁻¹ diag((X̃'X̃)⁻¹, 1/N) T⁻ᵀ with T⁻¹ = [[I, 0], [−x̄', 1]].
            var p1 = r + 1;
            var xbar = kept.Select(c => problem.RegressorMeans[c]).ToArray();
            estimates = new double[p1];
            b.CopyTo(estimates, 0);
            var constant = problem.OutcomeMean;
            for (var c = 0; c < r; c++)
            {
                constant -= xbar[c] * b[c];
            }

            estimates[r] = constant;
            shifts = xbar;
            bread = ConstantAugmentation.Bread(inverse, xbar, problem.FrequencyTotal ?? n);
            names.Add(RegressionResult.InterceptName);
        }
        else
        {
            estimates = b;
            bread = inverse;

            // Not centred: the regressors were left as gathered.
            shifts = new double[r];
        }

        // Coefficient j is reported as b_j·2^(e_y − e_j) (the constant as b·2^(e_y)); the sums of squares, residuals,
        // bread and variance stay in the scaled units.
        var coefficientExponents = kept.Select(c => problem.OutcomeExponent - problem.RegressorExponents[c]).ToList();
        if (centred)
        {
            coefficientExponents.Add(problem.OutcomeExponent);
        }

        var rss = Kernels.Dot(residuals, residuals);
        var fit = new LinearFit
        {
            OutcomeExponent = problem.OutcomeExponent,
            CoefficientExponents = coefficientExponents.ToArray(),
            Specification = problem.ReportedSpecification ?? specification,
            Estimator = problem.ReportedEstimator ?? (hasFixedEffects ? "fe" : "ols"),
            Data = problem.Data,
            SampleRows = problem.Rows,
            Observations = n,
            Names = names.ToArray(),
            Estimates = estimates,
            DesignColumns = kept.Select(c => problem.Regressors[c]).ToArray(),
            DesignShifts = shifts,
            DesignRowScale = problem.RootWeights,
            Residuals = residuals,
            Bread = bread,
            Slopes = r,
            HasConstant = centred,
            FixedEffects = problem.FixedEffects,
            Clusters = problem.Clusters,
            FixedEffectDegreesOfFreedom = problem.FixedEffects?.DegreesOfFreedom() ?? 0,
            FrequencyWeights = problem.FrequencyTotal is null ? null : problem.Weights,
            FrequencyCount = problem.FrequencyTotal is { } total ? checked((int)total) : null,
            ResidualSumOfSquares = rss,
            TotalSumOfSquares = problem.TotalSumOfSquares,
            WithinTotalSumOfSquares = hasFixedEffects ? Kernels.Dot(yTilde.Span, yTilde.Span) : double.NaN,
            Notes = notes,
            BaseNotes = baseNotes,
            Problem = problem,
        };
        if (fit.ResidualDegreesOfFreedom <= 0)
        {
            throw new InvalidOperationException(
                $"The model has {n} observations and {fit.ParameterCount} parameters ({r} slopes, the constant and {fit.FixedEffectDegreesOfFreedom} fixed-effect levels), leaving no residual degrees of freedom; it needs more observations than parameters.");
        }

        return fit;
    }
}

/// <summary>
/// A least-squares problem after centring or demeaning: what a refit with one replaced regressor reuses.
/// Columns have length n and are views of the fit's one design array (or a replacement column);
/// <see cref="Regressors"/> are demeaned (or centred; as gathered when the model has neither fixed effects nor intercept).
/// </summary>
internal sealed record CentredProblem
{
    internal required RegressionSpecification Specification { get; init; }

    internal required PanelData Data { get; init; }

    internal required int[] Rows { get; init; }

    internal required ReadOnlyMemory<double> Outcome { get; init; }

    internal required double OutcomeMean { get; init; }

    /// <summary>The binary exponent e_y by which the outcome (and so its mean and sums of squares) was scaled.</summary>
    internal int OutcomeExponent { get; init; }

    /// <summary>The binary exponent by which each of <see cref="Regressors"/> was scaled.</summary>
    internal required int[] RegressorExponents { get; init; }

    internal required ReadOnlyMemory<double>[] Regressors { get; init; }

    internal required double[] RegressorMeans { get; init; }

    internal required string[] Names { get; init; }

    internal required bool Centred { get; init; }

    internal FixedEffectStructure? FixedEffects { get; init; }

    /// <summary>The cluster variables on <see cref="Rows"/> (a refit keeps the rows, so it keeps them too).</summary>
    internal IReadOnlyList<SampleCluster> Clusters { get; init; } = [];

    internal required double TotalSumOfSquares { get; init; }

    /// <summary>The analytic weights of a weighted fit, normalised to mean 1; null when unweighted.</summary>
    internal double[]? Weights { get; init; }

    /// <summary>√w of a weighted fit (the outcome and regressors are already multiplied by it); null when unweighted.</summary>
    internal double[]? RootWeights { get; init; }

    /// <summary>Σw of a frequency-weighted fit (the number of observations the rows stand for); null otherwise.</summary>
    internal double? FrequencyTotal { get; init; }

    /// <summary>The estimator name the fit reports when it is not plain least squares on the user's data (<c>be</c>); null otherwise.</summary>
    internal string? ReportedEstimator { get; init; }

    /// <summary>The user's specification when <see cref="Specification"/> is a derived one (the between regression of the means); null otherwise.</summary>
    internal RegressionSpecification? ReportedSpecification { get; init; }
}

/// <summary>
/// Demeaned columns of one estimation sample and fixed-effect structure, shared by the models of a set
/// (stepwise controls, several outcomes) so that each column is demeaned once. Reset when the rows or
/// the fixed effects change.
/// </summary>
internal sealed class DemeaningCache
{
    private string? _key;
    private int[]? _rows;

    internal FixedEffectStructure? Structure { get; set; }

    internal Dictionary<string, double[]> Columns { get; } = new(StringComparer.Ordinal);

    internal void Reset(string key, int[] rows)
    {
        if (_key == key && _rows is not null && _rows.AsSpan().SequenceEqual(rows))
        {
            return;
        }

        _key = key;
        _rows = rows;
        Structure = null;
        Columns.Clear();
    }
}
