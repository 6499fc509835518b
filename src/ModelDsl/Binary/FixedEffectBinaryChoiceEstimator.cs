using System.Globalization;

using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// Logit and probit with absorbed fixed effects by iteratively reweighted least squares with weighted demeaning
/// inside each iteration (fixest's <c>feglm</c>, Bergé 2018; ppmlhdfe, Correia, Guimarães and Zylkin 2020).
/// </summary>
/// <remarks>
/// <para>Dimensions: n rows, k slopes, fixed effects D (never built). Each iteration evaluates, at the current linear
/// predictor η, the per-row score factor sᵢ = ∂ℓᵢ/∂ηᵢ and the observed-information weight hᵢ = −∂²ℓᵢ/∂ηᵢ² (Newton's
/// method; for logit hᵢ = pᵢ(1 − pᵢ), Fisher scoring), the working response zᵢ = ηᵢ + sᵢ/hᵢ, demeans z and X with
/// weights h (<see cref="FixedEffectStructure.DemeanColumns(double[], int, double[], double, int)"/>),
/// solves (X̃'HX̃)β = X̃'Hz̃ and updates η = z − (z̃ − X̃β), the fitted values of the weighted regression of z on X and
/// the dummies (the residual identity: the fixed effects never need to be recovered). A step that raises the
/// deviance −2ℓ is halved towards the previous η. Iteration stops when
/// |D − D_previous| / (0.1 + |D|) ≤ 1e-10 (fixest's criterion, tighter than its default 1e-8).</para>
/// <para>Engines: with one absorbed dimension, or a primary dimension and one further dimension of at most
/// <see cref="FixedEffectSolver.DenseLimit"/> levels, <see cref="FixedEffectIrls"/> runs each iteration in two passes
/// over the rows (exact weighted elimination, no stored demeaned columns); otherwise the general loop below demeans
/// with the structure's weighted conjugate-gradient solver. Both give the same numbers up to rounding.</para>
/// <para>Inference: the inverse observed information of the slopes is (X̃'HX̃)⁻¹ with X̃ demeaned under the final
/// weights h (the slope block of the inverse of the full information, by partitioned inversion), and the score of
/// row i for the slopes is sᵢx̃ᵢ, so the robust and cluster sandwiches equal those of the dummy-variable logit's
/// slope block.</para>
/// <para>A fixed-effect level whose outcomes are all 0 or all 1 is perfectly predicted (its effect diverges); its rows
/// are removed, repeatedly over all dimensions until none remains, as fixest does, with a note giving the count.</para>
/// <para>Separation by regressors together with the fixed effects (a level in which a regressor predicts the outcome,
/// or a regressor that predicts it on some rows of every level): both engines end with the same guard. When a fitted
/// probability of the outcome a row does not have is below <see cref="BinaryChoiceEstimator.SuspectProbability"/>
/// (|η| &gt; 11.5 for logit) and the last IRLS step still moved it towards its outcome by more than
/// <see cref="BinaryChoiceEstimator.MovingStep"/> (a separated row moves by about 1 per step for ever, a row of a
/// converged fit by rounding), the information of the slopes is singular, or IRLS did not converge, the iterative
/// rectifier (<see cref="SeparationCheck"/>, from those rows, with the fixed effects through the same demeaning
/// engine) finds the separated observations; they are dropped with a note naming the regressors and the count and the model is fitted
/// again on the rest (the level rule runs again). Complete separation, or a refit with no slope left, is a
/// <see cref="PerfectPredictionException"/> naming the regressor. A check that does not settle in
/// <see cref="SeparationCheck.MaxIterations"/> steps leaves the fit with a convergence note saying that separation is
/// not ruled out.</para>
/// </remarks>
internal static class FixedEffectBinaryChoiceEstimator
{
    public const double DevianceTolerance = 1e-10;
    private const int MaxIterations = 100;
    private const double DemeaningTolerance = 1e-12;
    private const int DemeaningIterations = 10_000;
    private const double AbsorbedTolerance = 1e-10;
    private const int ParallelRows = 100_000;
    private const int EvaluationChunks = 8;

    public static BinaryChoiceFit Fit(BinaryLink link, double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<string> names, IReadOnlyList<int[]> fixedEffectCodes, IReadOnlyList<int> fixedEffectLevels, IReadOnlyList<string> fixedEffectNames, string outcomeName)
    {
        var n = y.Length;
        var notes = new List<Note>();
        var (rows, ones) = DropPerfectlyPredictedLevels(y, fixedEffectCodes, fixedEffectLevels, fixedEffectNames, outcomeName, notes);
        var m = rows?.Length ?? n;
        if (m == 0)
        {
            throw new PerfectPredictionException(fixedEffectNames[0], $"Every fixed-effect level predicts '{outcomeName}' perfectly (each level's outcomes are all 0 or all 1); no observation is left to estimate the slopes. Use fewer or coarser fixed effects.");
        }

        // Without dropped rows the input arrays are used as they are (they are only read).
        var yy = rows is null ? y : Gather(y, rows);
        var codes = rows is null ? fixedEffectCodes : fixedEffectCodes.Select(c => Gather(c, rows)).ToArray();
        var (scaled, exponents) = BinaryChoiceEstimator.ScaleColumns(columns);
        var x = rows is null ? scaled.ToList() : scaled.Select(c => Gather(c, rows)).ToList();

        // Start from the overall mean probability.
        var mean = ones / (double)m;
        var start = link == BinaryLink.Logit ? Math.Log(mean / (1 - mean)) : MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, mean);
        var engine = FixedEffectIrls.TryCreate(link, yy, codes, fixedEffectLevels);

        // At the constant start the weight h₀ is the same on every row, so a regressor's weighted sum of squares about
        // its weighted mean is h₀ times its centred sum of squares; it is absorbed when what is left after removing
        // the fixed effects is at most AbsorbedTolerance of that.
        int[] Absorbed(double startWeight, double[] after)
        {
            var drop = Enumerable.Range(0, after.Length).Where(j => after[j] <= AbsorbedTolerance * Math.Max(startWeight * Kernels.CenteredSumOfSquares(x[j]), 1e-300)).ToArray();
            foreach (var j in drop)
            {
                notes.Add(new Note(NoteKind.Absorbed, $"{names[j]} was dropped: the fixed effects absorb it (it does not vary within their levels).", 1));
            }

            return drop;
        }

        Exception Collinear(int[] kept) => new ArgumentException($"The regressors {string.Join(", ", kept.Select(j => names[j]))} of the model for '{outcomeName}' are collinear once the fixed effects are absorbed; remove one of them.");
        FixedEffectStructure? structure = null;
        FixedEffectStructure Structure() => structure ??= FixedEffectStructure.Create(fixedEffectNames, codes);
        var outcome = engine is not null
            ? engine.Run(x, start, DevianceTolerance, MaxIterations, Absorbed, Collinear)
            : RunGeneral(link, yy, x, Structure(), start, Absorbed, Collinear);
        var keptNames = outcome.Kept.Select(j => names[j]).ToArray();
        var kk = outcome.Kept.Length;
        var factor = SmallCholesky.Factor(outcome.Information, kk);

        // The guard: probabilities at 0 or 1, a singular information or no convergence send the sample to the
        // iterative rectifier, which finds the separated observations (if any); they are dropped and the model refitted.
        var suspect = BinaryChoiceEstimator.SuspectRows(link, yy, outcome.Eta, outcome.PreviousEta, out var moving);
        if (factor is null || !outcome.Converged || moving)
        {
            var check = SeparationCheck.Find(yy, x, Structure(), suspect);
            if (check.Rows.Length > 0)
            {
                return DropSeparated(check, rows, n, m, link, y, columns, names, fixedEffectCodes, fixedEffectLevels, fixedEffectNames, outcomeName);
            }

            if (!check.Resolved)
            {
                notes.Add(BinaryChoiceEstimator.UnresolvedSeparationNote(suspect, outcomeName));
            }
        }

        x = [.. outcome.Kept.Select(j => x[j])];
        if (!outcome.Converged)
        {
            notes.Add(new Note(NoteKind.Convergence, $"IRLS stopped after {MaxIterations} iterations with relative deviance change above {DevianceTolerance:G1}; the estimates may be inaccurate.", MaxIterations));
        }

        var (score, tilde, deviance, beta, eta) = (outcome.ScoreSum, outcome.Tilde, outcome.Deviance, outcome.Beta, outcome.Eta);
        var s = outcome.Score;
        var iterations = outcome.Iterations;
        if (factor is null)
        {
            throw new PerfectPredictionException(keptNames.FirstOrDefault() ?? outcomeName, $"The information matrix of the slopes is singular at the estimate: the fitted probabilities of '{outcomeName}' reach 0 or 1 (quasi-complete separation given the fixed effects). Remove the separating regressor or coarsen the fixed effects.");
        }

        var total = (double)m;
        var n1 = (double)ones;
        var logLikelihood = -0.5 * deviance;
        return new BinaryChoiceFit
        {
            Link = link,
            Rows = rows ?? Enumerable.Range(0, n).ToArray(),
            Columns = tilde,
            MarginalColumns = x.ToArray(),
            ColumnSource = outcome.Kept,
            Names = keptNames,
            InterceptIndex = -1,
            Y = yy,
            ScaledBeta = beta,
            ColumnExponents = outcome.Kept.Select(j => exponents[j]).ToArray(),
            InverseInformation = SmallCholesky.Inverse(factor, kk),
            Eta = eta,
            ScoreFactor = s,
            LogLikelihood = logLikelihood,
            NullLogLikelihood = (n1 * Math.Log(n1 / total)) + ((total - n1) * Math.Log((total - n1) / total)),
            Iterations = iterations,
            MaxAbsScore = score.Length == 0 ? 0.0 : score.Max(Math.Abs),
            Notes = notes,
            AbsorbedFixedEffects = fixedEffectNames.ToArray(),
        };
    }

    // Drops the separated observations (indices into the sample after the level rule, `rows` mapping them to the
    // input; null: all) and fits again on the input without them: the level rule runs again, since a level may now
    // have one outcome only. Complete separation, or a refit with no slope left, is an error naming the regressor.
    private static BinaryChoiceFit DropSeparated(SeparationCheck.Result check, int[]? rows, int n, int m, BinaryLink link, double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<string> names, IReadOnlyList<int[]> fixedEffectCodes, IReadOnlyList<int> fixedEffectLevels, IReadOnlyList<string> fixedEffectNames, string outcomeName)
    {
        var separating = check.Regressors.Select(j => names[j]).ToArray();
        if (check.Rows.Length == m)
        {
            throw BinaryChoiceEstimator.SeparationLeavesNothing(separating, outcomeName, $"all {m} observations are separated (complete separation given the fixed effects)");
        }

        var drop = new bool[n];
        foreach (var i in check.Rows)
        {
            drop[rows is null ? i : rows[i]] = true;
        }

        var keep = Enumerable.Range(0, n).Where(i => !drop[i]).ToArray();
        BinaryChoiceFit inner;
        try
        {
            inner = Fit(link, Gather(y, keep), columns.Select(c => Gather(c, keep)).ToArray(), names, fixedEffectCodes.Select(c => Gather(c, keep)).ToArray(), fixedEffectLevels, fixedEffectNames, outcomeName);
        }
        catch (PerfectPredictionException error) when (separating.Length > 0 && !separating.Contains(error.Variable))
        {
            throw BinaryChoiceEstimator.SeparationLeavesNothing(separating, outcomeName, $"no observation with both outcomes is left once the {check.Rows.Length} it predicts are dropped ({error.Message})");
        }

        if (inner.Parameters == 0)
        {
            throw BinaryChoiceEstimator.SeparationLeavesNothing(separating, outcomeName, $"once the {check.Rows.Length} observations it predicts are dropped no regressor is left (the fixed effects absorb the rest)");
        }

        return inner with
        {
            Rows = inner.Rows.Select(i => keep[i]).ToArray(),
            Notes = [BinaryChoiceEstimator.SeparationNote(separating, check.Rows.Length, inner.Observations, outcomeName, withFixedEffects: true), .. inner.Notes],
        };
    }

    // source[rows[i]] for every i, over parallel row chunks on large samples.
    private static T[] Gather<T>(T[] source, int[] rows)
    {
        var result = GC.AllocateUninitializedArray<T>(rows.Length);
        ForChunks(rows.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                result[i] = source[rows[i]];
            }
        });
        return result;
    }

    // Runs body(start, end) over a fixed set of row ranges, in parallel on large samples.
    private static void ForChunks(int m, Action<int, int> body)
    {
        ForChunks(m, m >= ParallelRows ? EvaluationChunks : 1, (_, start, end) => body(start, end));
    }

    // Runs body(chunk, start, end) over the given number of equal row ranges, in parallel when there are several.
    private static void ForChunks(int m, int chunks, Action<int, int, int> body)
    {
        if (chunks == 1 || Environment.ProcessorCount == 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                body(c, (int)((long)m * c / chunks), (int)((long)m * (c + 1) / chunks));
            }

            return;
        }

        Parallel.For(0, chunks, c => body(c, (int)((long)m * c / chunks), (int)((long)m * (c + 1) / chunks)));
    }

    // Fills s = ∂ℓ/∂η and h = −∂²ℓ/∂η² per row; returns the deviance −2ℓ. Rows are split into a fixed number of
    // chunks (run in parallel on large samples) whose sums are added in order, so the result does not depend on threads.
    // With z, also the working response zᵢ = ηᵢ + sᵢ/hᵢ; before(start, end) runs on each chunk's rows first.
    private static double Evaluate(BinaryLink link, double[] y, double[] eta, double[] s, double[] h, double[]? z = null, Action<int, int>? before = null)
    {
        var n = y.Length;
        var chunks = n >= ParallelRows ? EvaluationChunks : 1;
        var partial = new double[chunks];
        void Chunk(int c)
        {
            var start = (int)((long)n * c / chunks);
            var end = (int)((long)n * (c + 1) / chunks);
            before?.Invoke(start, end);
            var logLikelihood = 0.0;
            if (link == BinaryLink.Logit)
            {
                for (var i = start; i < end; i++)
                {
                    // e = exp(−|η|): p = 1/(1 + e) or e/(1 + e); log F(±η) = −log(1 + e) minus |η| on the far side.
                    var value = eta[i];
                    var e = Math.Exp(-Math.Abs(value));
                    var log1p = BinaryLinkFunctions.Log1P(e);
                    var p = value >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                    var success = y[i] > 0.5;
                    logLikelihood -= log1p + (success == (value >= 0) ? 0.0 : Math.Abs(value));
                    s[i] = (success ? 1.0 : 0.0) - p;
                    h[i] = Math.Max(p * (1.0 - p), 1e-300);
                }
            }
            else
            {
                for (var i = start; i < end; i++)
                {
                    var (ll, score, weight) = BinaryLinkFunctions.Contribution(link, y[i], eta[i]);
                    logLikelihood += ll;
                    s[i] = score;
                    h[i] = Math.Max(weight, 1e-300);
                }
            }

            if (z is not null)
            {
                for (var i = start; i < end; i++)
                {
                    z[i] = eta[i] + (s[i] / h[i]);
                }
            }

            partial[c] = logLikelihood;
        }

        if (chunks > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, chunks, Chunk);
        }
        else
        {
            Chunk(0);
        }

        var total = 0.0;
        foreach (var value in partial)
        {
            total += value;
        }

        return -2.0 * total;
    }

    // The general loop (several further dimensions, or one with many levels): each iteration demeans [z, X] under
    // the weights h with the structure's weighted solver (conjugate gradients), solves the weighted least squares
    // and updates η = z − (z̃ − X̃β); at convergence X is demeaned once more under the final weights for inference.
    private static FixedEffectIrls.Outcome RunGeneral(BinaryLink link, double[] y, List<double[]> columns, FixedEffectStructure structure, double start, Func<double, double[], int[]> absorbed, Func<int[], Exception> collinear)
    {
        var m = y.Length;
        var x = columns.ToList();
        var kept = Enumerable.Range(0, x.Count).ToArray();
        var eta = new double[m];
        Array.Fill(eta, start);
        var s = new double[m];
        var h = new double[m];
        var work = new double[m * (x.Count + 1)];
        var deviance = Evaluate(link, y, eta, s, h, work);
        var beta = new double[x.Count];
        var iterations = 0;
        var converged = false;
        var etaPrevious = new double[m];
        while (iterations < MaxIterations)
        {
            var k = x.Count;
            var columnsToCopy = x;
            var target = work;
            ForChunks(m, (start, end) =>
            {
                for (var j = 0; j < columnsToCopy.Count; j++)
                {
                    columnsToCopy[j].AsSpan(start, end - start).CopyTo(target.AsSpan(((j + 1) * m) + start, end - start));
                }
            });
            structure.DemeanColumns(work, k + 1, h, DemeaningTolerance, DemeaningIterations);
            if (iterations == 0)
            {
                var after = Enumerable.Range(0, k).Select(j => h[0] * Kernels.Dot(work.AsSpan((j + 1) * m, m), work.AsSpan((j + 1) * m, m))).ToArray();
                var drop = absorbed(h[0], after);
                if (drop.Length > 0)
                {
                    var keep = Enumerable.Range(0, k).Where(j => !drop.Contains(j)).ToArray();
                    var reduced = new double[m * (keep.Length + 1)];
                    work.AsSpan(0, m).CopyTo(reduced);
                    for (var a = 0; a < keep.Length; a++)
                    {
                        work.AsSpan((keep[a] + 1) * m, m).CopyTo(reduced.AsSpan((a + 1) * m, m));
                    }

                    work = reduced;
                    x = keep.Select(j => x[j]).ToList();
                    kept = keep.Select(j => kept[j]).ToArray();
                    k = x.Count;
                }
            }

            beta = WeightedLeastSquares(work, k, h, m) ?? throw collinear(kept);
            iterations++;

            // η = z − (z̃ − X̃β), row by row inside the evaluation's own chunks (one pass over the rows).
            var (kStep, betaStep, workStep) = (k, beta, work);
            void Update(int start, int end)
            {
                for (var i = start; i < end; i++)
                {
                    var fitted = 0.0;
                    for (var j = 0; j < kStep; j++)
                    {
                        fitted += workStep[((j + 1) * m) + i] * betaStep[j];
                    }

                    etaPrevious[i] = eta[i];
                    eta[i] = eta[i] + (s[i] / h[i]) - workStep[i] + fitted;
                }
            }

            var previous = deviance;
            deviance = Evaluate(link, y, eta, s, h, work, Update);
            for (var halving = 0; halving < 30 && !(deviance <= previous * (1 + 1e-12)); halving++)
            {
                for (var i = 0; i < m; i++)
                {
                    eta[i] = 0.5 * (eta[i] + etaPrevious[i]);
                }

                deviance = Evaluate(link, y, eta, s, h, work);
            }

            if (Math.Abs(deviance - previous) / (0.1 + Math.Abs(deviance)) <= DevianceTolerance)
            {
                converged = true;
                break;
            }
        }

        // Inference at the final η: slopes' information X̃'HX̃ with X demeaned under the final weights.
        var kk = x.Count;
        var demeaned = new double[m * kk];
        for (var j = 0; j < kk; j++)
        {
            x[j].CopyTo(demeaned, j * m);
        }

        structure.DemeanColumns(demeaned, kk, h, DemeaningTolerance, DemeaningIterations);
        var tilde = new double[kk][];
        for (var j = 0; j < kk; j++)
        {
            tilde[j] = demeaned.AsSpan(j * m, m).ToArray();
        }

        var information = new double[kk * kk];
        var score = new double[kk];
        for (var a = 0; a < kk; a++)
        {
            score[a] = Kernels.Dot(s, tilde[a]);
            for (var b = 0; b <= a; b++)
            {
                information[(a * kk) + b] = information[(b * kk) + a] = Kernels.WeightedDot(h, tilde[a], tilde[b]);
            }
        }

        return new FixedEffectIrls.Outcome(beta, eta, s, tilde, information, score, iterations, converged, deviance, kept) { PreviousEta = iterations > 0 ? etaPrevious : null };
    }

    // β = (X̃'HX̃)⁻¹X̃'Hz̃ from work = [z̃, X̃₁ … X̃ₖ] (column-major); null when X̃'HX̃ is singular.
    private static double[]? WeightedLeastSquares(double[] work, int k, double[] h, int m)
    {
        var xtx = new double[k * k];
        var xtz = new double[k];
        for (var a = 0; a < k; a++)
        {
            var xa = work.AsSpan((a + 1) * m, m);
            xtz[a] = Kernels.WeightedDot(h, xa, work.AsSpan(0, m));
            for (var b = 0; b <= a; b++)
            {
                xtx[(a * k) + b] = xtx[(b * k) + a] = Kernels.WeightedDot(h, xa, work.AsSpan((b + 1) * m, m));
            }
        }

        if (k == 0)
        {
            return [];
        }

        var factor = SmallCholesky.Factor(xtx, k);
        if (factor is null)
        {
            return null;
        }

        SmallCholesky.Solve(factor, k, xtz);
        return xtz;
    }

    // Checks that y is 0/1 and removes, repeatedly, every fixed-effect level whose outcomes are all 0 or all 1 (the
    // kept set is the unique largest one without such levels, whatever the order of removal). Returns the kept rows
    // (null: all) and their number of ones. One pass over row chunks (in parallel on large samples; integer counts,
    // so the order of addition does not matter) counts rows and ones per level of every dimension; each round then
    // marks the rows of the perfectly predicted levels in one pass and takes the removed rows out of the counts, which
    // finds the levels that have become perfectly predicted without counting again.
    private static (int[]? Rows, long Ones) DropPerfectlyPredictedLevels(double[] y, IReadOnlyList<int[]> codes, IReadOnlyList<int> levels, IReadOnlyList<string> names, string outcomeName, List<Note> notes)
    {
        var n = y.Length;
        var dimensions = codes.Count;
        var chunks = n >= ParallelRows ? Math.Max(1, Math.Min(EvaluationChunks, Environment.ProcessorCount)) : 1;
        var firstBad = new int[chunks];
        var partCounts = new int[chunks][][];
        var partOnes = new int[chunks][][];
        var partTotals = new long[chunks];
        ForChunks(n, chunks, (chunk, start, end) =>
        {
            var bad = int.MaxValue;
            var total = 0L;
            for (var i = start; i < end; i++)
            {
                var value = y[i];
                if (value != 0.0 && value != 1.0)
                {
                    bad = Math.Min(bad, i);
                }

                total += value == 1.0 ? 1 : 0;
            }

            // One dimension at a time: tight loops over the rows.
            var count = new int[dimensions][];
            var one = new int[dimensions][];
            for (var d = 0; d < dimensions; d++)
            {
                var (c, levelCount, levelOnes) = (codes[d], new int[levels[d]], new int[levels[d]]);
                for (var i = start; i < end; i++)
                {
                    levelCount[c[i]]++;
                    levelOnes[c[i]] += y[i] == 1.0 ? 1 : 0;
                }

                count[d] = levelCount;
                one[d] = levelOnes;
            }

            firstBad[chunk] = bad;
            partTotals[chunk] = total;
            partCounts[chunk] = count;
            partOnes[chunk] = one;
        });
        var badRow = firstBad.Min();
        if (badRow != int.MaxValue)
        {
            throw new ArgumentException(
                $"The outcome '{outcomeName}' of a binary-choice model must be 0 or 1, but row {badRow} holds {y[badRow].ToString("R", CultureInfo.InvariantCulture)}. Recode it to 0/1 first.");
        }

        var counts = partCounts[0];
        var ones = partOnes[0];
        for (var chunk = 1; chunk < chunks; chunk++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                var (count, one, chunkCount, chunkOne) = (counts[d], ones[d], partCounts[chunk][d], partOnes[chunk][d]);
                for (var g = 0; g < count.Length; g++)
                {
                    count[g] += chunkCount[g];
                    one[g] += chunkOne[g];
                }
            }
        }

        var totalOnes = partTotals.Sum();
        var perfect = new bool[dimensions][];
        var droppedLevels = new int[dimensions];
        var pending = false;
        for (var d = 0; d < dimensions; d++)
        {
            perfect[d] = new bool[levels[d]];
            for (var g = 0; g < levels[d]; g++)
            {
                if (counts[d][g] > 0 && (ones[d][g] == 0 || ones[d][g] == counts[d][g]))
                {
                    perfect[d][g] = true;
                    droppedLevels[d]++;
                    pending = true;
                }
            }
        }

        if (!pending)
        {
            return (null, totalOnes);
        }

        var keep = new bool[n];
        Array.Fill(keep, true);
        var dropped = 0;
        var removed = new List<int>[chunks];
        while (pending)
        {
            pending = false;
            ForChunks(n, chunks, (chunk, start, end) =>
            {
                var list = removed[chunk] = [];
                for (var i = start; i < end; i++)
                {
                    if (!keep[i])
                    {
                        continue;
                    }

                    for (var d = 0; d < dimensions; d++)
                    {
                        if (perfect[d][codes[d][i]])
                        {
                            keep[i] = false;
                            list.Add(i);
                            break;
                        }
                    }
                }
            });

            // Take the removed rows out of the counts; a level left with only 0s or only 1s is perfectly predicted now.
            foreach (var list in removed)
            {
                foreach (var i in list)
                {
                    var isOne = y[i] == 1.0 ? 1 : 0;
                    totalOnes -= isOne;
                    dropped++;
                    for (var d = 0; d < dimensions; d++)
                    {
                        var g = codes[d][i];
                        var count = --counts[d][g];
                        var one = ones[d][g] -= isOne;
                        if (!perfect[d][g] && count > 0 && (one == 0 || one == count))
                        {
                            perfect[d][g] = true;
                            droppedLevels[d]++;
                            pending = true;
                        }
                    }
                }
            }
        }

        var detail = string.Join(", ", Enumerable.Range(0, dimensions).Where(d => droppedLevels[d] > 0).Select(d => $"{droppedLevels[d]} level{(droppedLevels[d] == 1 ? string.Empty : "s")} of {names[d]}"));
        notes.Add(new Note(NoteKind.Information, $"{dropped} observations removed because of only 0 (or only 1) outcomes of '{outcomeName}' in a fixed-effect level ({detail}): their fixed effects predict the outcome perfectly.", dropped));
        var rows = new int[n - dropped];
        for (int i = 0, r = 0; i < n; i++)
        {
            if (keep[i])
            {
                rows[r++] = i;
            }
        }

        return (rows, totalOnes);
    }
}
