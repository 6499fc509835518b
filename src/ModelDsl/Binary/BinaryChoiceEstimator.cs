using System.Globalization;

using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>A converged binary-choice fit on plain arrays (the kept columns and rows only).</summary>
internal sealed record BinaryChoiceFit
{
    public required BinaryLink Link { get; init; }

    /// <summary>The rows of the input that entered the fit (rows removed for perfect prediction are absent).</summary>
    public required int[] Rows { get; init; }

    /// <summary>The regressor columns kept, restricted to <see cref="Rows"/> (length n each), each divided by 2^e_j (<see cref="ColumnExponents"/>).</summary>
    public required double[][] Columns { get; init; }

    /// <summary>
    /// Per kept column the binary exponent e_j it was divided by before the fit (null: none): <see cref="Columns"/>,
    /// <see cref="MarginalColumns"/>, <see cref="ScaledBeta"/> and <see cref="InverseInformation"/> are in these units,
    /// so that no sum of squares under- or overflows; coefficient j in the data's units is ScaledBeta_j·2^(−e_j).
    /// </summary>
    public int[]? ColumnExponents { get; init; }

    /// <summary>The binary exponent of kept column j (0 without scaling).</summary>
    public int Exponent(int j) => ColumnExponents?[j] ?? 0;

    /// <summary>The position in the input of each kept column.</summary>
    public required int[] ColumnSource { get; init; }

    /// <summary>The names of the kept columns.</summary>
    public required string[] Names { get; init; }

    /// <summary>The position of the intercept among the kept columns, or −1.</summary>
    public required int InterceptIndex { get; init; }

    /// <summary>The outcome restricted to <see cref="Rows"/>.</summary>
    public required double[] Y { get; init; }

    /// <summary>The coefficients in the units of <see cref="Columns"/>.</summary>
    public required double[] ScaledBeta { get; init; }

    /// <summary>The coefficients in the data's units (ScaledBeta_j·2^(−e_j); ±∞ beyond the range of double).</summary>
    public double[] Beta => ScaledBeta.Select((b, j) => Math.ScaleB(b, -Exponent(j))).ToArray();

    /// <summary>The inverse observed information (−H)⁻¹ in the units of <see cref="Columns"/>, row-major k × k.</summary>
    public required double[] InverseInformation { get; init; }

    /// <summary>The linear index x'β of each kept row.</summary>
    public required double[] Eta { get; init; }

    /// <summary>The linear index before the last Newton step (null before any step): the separation guard reads how far each row still moved.</summary>
    public double[]? PreviousEta { get; init; }

    /// <summary>∂ℓᵢ/∂η for each kept row (the score of row i is this times xᵢ).</summary>
    public required double[] ScoreFactor { get; init; }

    public required double LogLikelihood { get; init; }

    public required double NullLogLikelihood { get; init; }

    public required int Iterations { get; init; }

    public required double MaxAbsScore { get; init; }

    public required IReadOnlyList<Note> Notes { get; init; }

    /// <summary>The raw regressor columns for marginal effects when <see cref="Columns"/> holds them demeaned (absorbed fixed effects); null otherwise.</summary>
    public double[][]? MarginalColumns { get; init; }

    /// <summary>The names of the fixed effects absorbed by the fit (empty for a fit on dummy columns).</summary>
    public string[] AbsorbedFixedEffects { get; init; } = [];

    public int Observations => Y.Length;

    public int Parameters => ScaledBeta.Length;
}

/// <summary>
/// Maximum-likelihood logit and probit by Newton–Raphson with step-halving, on column arrays.
/// </summary>
/// <remarks>
/// <para>Dimensions: n rows, k columns; columns are arrays of length n; k × k matrices are row-major.
/// Iterates β ← β + s·(−H)⁻¹g with s halved until the log-likelihood does not fall, and stops when
/// max|g| &lt; 1e-10, or when the Newton decrement g'(−H)⁻¹g is at rounding level; a convergence note is added
/// only when then even the scale-free score max_j |g_j| / max(1, max_i |x_ij|) is above 1e-10. Before fitting, a 0/1 regressor
/// whose ones (or zeros) all share one outcome is dropped together with those rows, as Stata's logit does
/// ("x != 0 predicts success perfectly"); a regressor whose values separate the outcomes completely is an error naming
/// the variable (Albert &amp; Anderson 1984).</para>
/// <para>Separation by any combination of regressors: when the fit is suspect (some row's fitted probability of the
/// outcome it does not have is below <see cref="SuspectProbability"/> and the last Newton step still moved it towards
/// its outcome by more than <see cref="MovingStep"/>, or the information became singular), the iterative rectifier
/// (<see cref="SeparationCheck"/>, from those rows) finds the separated observations; they are dropped with a note
/// naming the regressors that separate them and the count, and the model is fitted again on the rest (fixest and
/// ppmlhdfe drop them; Stata's logit drops and notes). When every observation is separated (complete separation) the
/// fit is an error naming the variable. Without separation the check finds nothing and the fit stands.
/// </para>
/// <para>Scale: every column is divided by 2^e, e the binary exponent of its largest absolute value, before the
/// collinearity check and the iterations (exact; <see cref="ScaleColumns"/>), so that the information matrix neither
/// under- nor overflows and the tolerances are relative to the column; coefficients, standard errors and marginal
/// effects are multiplied back by 2^(−e) when reported (<see cref="BinaryChoiceFit.ColumnExponents"/>), z and p are
/// computed in the scaled units. A number beyond the range of double is an <see cref="ArithmeticException"/>.</para>
/// </remarks>
internal static class BinaryChoiceEstimator
{
    public const double ScoreTolerance = 1e-10;
    private const int MaxIterations = 300;
    private const double CollinearityTolerance = 1e-10;

    // weights: importance weights per row (Stata iweight: ℓ = Σwᵢℓᵢ) or null; used by the matched-sample probit
    // of the balance summary; rows with zero weight must be left out.
    public static BinaryChoiceFit Fit(BinaryLink link, double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int interceptIndex, string outcomeName, double[]? weights = null)
    {
        var n = y.Length;
        if (columns.Count != names.Count)
        {
            throw new ArgumentException($"Got {columns.Count} columns but {names.Count} names; give one name per column.");
        }

        foreach (var column in columns)
        {
            if (column.Length != n)
            {
                throw new ArgumentException($"A regressor has {column.Length} rows but the outcome has {n}; all columns must have the same length.");
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (y[i] != 0.0 && y[i] != 1.0)
            {
                throw new ArgumentException(
                    $"The outcome '{outcomeName}' of a binary-choice model must be 0 or 1, but row {i} holds {y[i].ToString("R", CultureInfo.InvariantCulture)}. Recode it to 0/1 first.");
            }
        }

        return FitSample(link, y, columns, names, interceptIndex, outcomeName, weights);
    }

    /// <summary>
    /// The guard of the iterative fits: a fitted row whose probability of the outcome it does not have is below this
    /// (logit |η| &gt; 11.5, probit |η| &gt; 4.3), or a fit that did not converge, makes the estimator run
    /// <see cref="SeparationCheck"/>. Without separation such rows are rare and the check then finds nothing.
    /// </summary>
    public const double SuspectProbability = 1e-5;

    /// <summary>How far a separated row still moves towards its outcome in the last step (logit about 1, probit about 1/|η|), while a row of a converged fit moves by rounding only.</summary>
    public const double MovingStep = 1e-3;

    /// <summary>
    /// The rows whose fitted probability of the other outcome is below <see cref="SuspectProbability"/> and that the
    /// last step still moved towards their outcome by more than <see cref="MovingStep"/> (all rows at that probability
    /// when <paramref name="previous"/> is null); null when there are none. <paramref name="moving"/> says whether
    /// some such row moved: rows at extreme probabilities that stay put belong to a converged fit (a strong regressor),
    /// rows that keep moving to a separated one, whose estimate does not exist.
    /// </summary>
    public static bool[]? SuspectRows(BinaryLink link, double[] y, double[] eta, double[]? previous, out bool moving)
    {
        bool[]? suspect = null;
        moving = false;
        for (var i = 0; i < y.Length; i++)
        {
            // Below |η| = 4 neither link is near the threshold (logistic 0.018, Φ 3.2e-5): no CDF on most rows.
            if (Math.Abs(eta[i]) >= 4.0 && BinaryLinkFunctions.Cdf(link, y[i] == 1.0 ? -eta[i] : eta[i]) < SuspectProbability)
            {
                var step = previous is null ? double.PositiveInfinity : (y[i] == 1.0 ? 1.0 : -1.0) * (eta[i] - previous[i]);
                if (step > MovingStep)
                {
                    suspect ??= new bool[y.Length];
                    suspect[i] = true;
                    moving = true;
                }
            }
        }

        return suspect;
    }

    /// <summary>The note when the separation check did not settle: separation is not ruled out.</summary>
    public static Note UnresolvedSeparationNote(bool[]? suspect, string outcomeName)
    {
        var count = suspect?.Count(v => v) ?? 0;
        return new Note(
            NoteKind.Convergence,
            $"{count} observations have fitted probabilities of '{outcomeName}' within {SuspectProbability:G1} of 0 or 1 and the separation check (iterative rectifier) did not settle in {SeparationCheck.MaxIterations} steps: separation is not ruled out. A coefficient with a very large standard error would point to it.",
            count);
    }

    /// <summary>The note for <paramref name="count"/> observations dropped because <paramref name="separating"/> predicts them.</summary>
    public static Note SeparationNote(IReadOnlyList<string> separating, int count, int left, string outcomeName, bool withFixedEffects)
    {
        var who = separating.Count == 0 ? "The fixed effects" : string.Join(", ", separating.Select(v => $"'{v}'"));
        var verb = separating.Count == 1 ? "predicts" : "predict";
        var given = withFixedEffects && separating.Count > 0 ? " together with the fixed effects" : string.Empty;
        return new Note(
            NoteKind.Information,
            $"{who}{given} {verb} '{outcomeName}' perfectly for {count} observations (quasi-complete separation, found by the iterative rectifier check): they were dropped and the model refitted on the remaining {left}.",
            count);
    }

    /// <summary>The error when separation leaves nothing to estimate.</summary>
    public static PerfectPredictionException SeparationLeavesNothing(IReadOnlyList<string> separating, string outcomeName, string what)
    {
        var variable = separating.Count > 0 ? separating[0] : outcomeName;
        var who = separating.Count == 0 ? "The fixed effects" : string.Join(", ", separating.Select(v => $"'{v}'"));
        return new PerfectPredictionException(
            variable,
            $"Perfect prediction of '{outcomeName}': {who} {(separating.Count == 1 ? "predicts" : "predict")} it perfectly (separation) and {what}, so the maximum-likelihood estimate does not exist. Remove {(separating.Count == 0 ? "or coarsen the fixed effects" : who)}, coarsen it, or use a penalised (Firth) estimator.");
    }

    /// <summary>
    /// The columns divided by powers of two near their largest absolute values (copies; a column already in [1, 2) is
    /// shared), and the exponents: the likelihood, its information and every tolerance then work in units of order 1.
    /// </summary>
    public static (double[][] Columns, int[] Exponents) ScaleColumns(IReadOnlyList<double[]> columns)
    {
        var scaled = new double[columns.Count][];
        var exponents = new int[columns.Count];
        for (var j = 0; j < columns.Count; j++)
        {
            var copy = (double[])columns[j].Clone();
            exponents[j] = ColumnScaling.ScaleColumn(copy);
            scaled[j] = exponents[j] == 0 ? columns[j] : copy;
        }

        return (scaled, exponents);
    }

    // One fit on the rows given; when the guard fires, the iterative rectifier looks for separated observations,
    // which are dropped (with a note) before fitting again on the rest.
    private static BinaryChoiceFit FitSample(BinaryLink link, double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int interceptIndex, string outcomeName, double[]? weights)
    {
        var n = y.Length;
        var notes = new List<Note>();
        var activeRows = Enumerable.Range(0, n).ToList();
        var activeColumns = Enumerable.Range(0, columns.Count).ToList();
        var (scaled, exponents) = ScaleColumns(columns);

        RequireBothOutcomes(y, activeRows, outcomeName);
        DropPerfectPredictors(y, columns, names, interceptIndex, activeRows, activeColumns, notes, outcomeName);
        RequireBothOutcomes(y, activeRows, outcomeName);
        DropCollinear(scaled, names, interceptIndex, activeRows, activeColumns, notes);

        var rows = activeRows.ToArray();
        var m = rows.Length;
        var k = activeColumns.Count;
        var x = new double[k][];
        for (var j = 0; j < k; j++)
        {
            var source = scaled[activeColumns[j]];
            var target = new double[m];
            for (var i = 0; i < m; i++)
            {
                target[i] = source[rows[i]];
            }

            x[j] = target;
        }

        var yy = new double[m];
        for (var i = 0; i < m; i++)
        {
            yy[i] = y[rows[i]];
        }

        var ww = new double[m];
        for (var i = 0; i < m; i++)
        {
            ww[i] = weights is null ? 1.0 : weights[rows[i]];
        }

        var keptNames = activeColumns.Select(c => names[c]).ToArray();
        var keptIntercept = activeColumns.IndexOf(interceptIndex);
        BinaryChoiceFit? fit = null;
        PerfectPredictionException? failure = null;
        bool[]? suspect = null;
        try
        {
            fit = Newton(link, yy, ww, x, keptNames, keptIntercept, rows, activeColumns.ToArray(), notes, outcomeName) with
            {
                ColumnExponents = activeColumns.Select(c => exponents[c]).ToArray(),
            };
            suspect = SuspectRows(link, yy, fit.Eta, fit.PreviousEta, out var moving);
            if (!moving)
            {
                return fit;
            }
        }
        catch (PerfectPredictionException error)
        {
            failure = error;
        }

        var check = SeparationCheck.Find(yy, x, null, suspect);
        if (check.Rows.Length == 0)
        {
            return fit is null ? throw failure!
                : check.Resolved ? fit
                : fit with { Notes = [.. fit.Notes, UnresolvedSeparationNote(suspect, outcomeName)] };
        }

        // The dummies of one factor ("unit=u5", …) are named by the factor.
        var separating = check.Regressors.Where(j => j != keptIntercept).Select(j => keptNames[j]).Select(v => v.Contains('=', StringComparison.Ordinal) ? v[..v.IndexOf('=', StringComparison.Ordinal)] : v).Distinct().ToArray();
        if (check.Rows.Length == m)
        {
            throw SeparationLeavesNothing(separating, outcomeName, $"all {m} observations are separated (complete separation)");
        }

        var drop = new HashSet<int>(check.Rows.Select(i => rows[i]));
        var keep = Enumerable.Range(0, n).Where(i => !drop.Contains(i)).ToArray();
        BinaryChoiceFit inner;
        try
        {
            inner = FitSample(link, keep.Select(i => y[i]).ToArray(), columns.Select(c => keep.Select(i => c[i]).ToArray()).ToArray(), names, interceptIndex, outcomeName, weights is null ? null : keep.Select(i => weights[i]).ToArray());
        }
        catch (PerfectPredictionException error) when (separating.Length > 0 && error.Variable == outcomeName)
        {
            throw SeparationLeavesNothing(separating, outcomeName, $"the {keep.Length} observations left after dropping the {drop.Count} it predicts have one outcome only");
        }

        return inner with
        {
            Rows = inner.Rows.Select(i => keep[i]).ToArray(),
            Notes = [SeparationNote(separating, drop.Count, inner.Observations, outcomeName, withFixedEffects: false), .. inner.Notes],
        };
    }

    private static BinaryChoiceFit Newton(BinaryLink link, double[] y, double[] w, double[][] x, string[] names, int interceptIndex, int[] rows, int[] columnSource, List<Note> notes, string outcomeName)
    {
        var n = y.Length;
        var k = x.Length;
        var beta = new double[k];
        if (interceptIndex >= 0 && link == BinaryLink.Logit)
        {
            // Starting at the null model's intercept keeps the first step small.
            var mean = y.Zip(w, (a, b) => a * b).Sum() / w.Sum();
            beta[interceptIndex] = Math.Log(mean / (1.0 - mean));
        }

        var eta = new double[n];
        var score = new double[k];
        var information = new double[k * k];
        var factor = new double[n];
        var logLikelihood = Evaluate(link, y, w, x, beta, eta, factor, score, information);
        var iterations = 0;
        double[]? l = null;
        var step = new double[k];
        var trial = new double[k];
        var trialEta = new double[n];
        double[]? previousEta = null;
        var trialFactor = new double[n];
        var trialScore = new double[k];
        var trialInformation = new double[k * k];
        var converged = false;
        while (iterations < MaxIterations)
        {
            l = SmallCholesky.Factor(information, k);
            if (l is null)
            {
                throw SeparationError(x, names, beta, outcomeName, "the information matrix became singular");
            }

            var maxScore = MaxAbs(score);
            score.CopyTo(step, 0);
            SmallCholesky.Solve(l, k, step);
            var decrement = 0.0;
            for (var j = 0; j < k; j++)
            {
                decrement += score[j] * step[j];
            }

            if (maxScore < ScoreTolerance || decrement < 1e-28 * Math.Max(1.0, Math.Abs(logLikelihood)))
            {
                converged = true;
                break;
            }

            iterations++;
            var scale = 1.0;
            double trialLogLikelihood = double.NegativeInfinity;
            for (var halving = 0; halving < 60; halving++)
            {
                for (var j = 0; j < k; j++)
                {
                    trial[j] = beta[j] + (scale * step[j]);
                }

                trialLogLikelihood = Evaluate(link, y, w, x, trial, trialEta, trialFactor, trialScore, trialInformation);
                if (trialLogLikelihood >= logLikelihood - (1e-12 * Math.Abs(logLikelihood)) && !double.IsNaN(trialLogLikelihood))
                {
                    break;
                }

                scale *= 0.5;
            }

            if (!(trialLogLikelihood >= logLikelihood - (1e-12 * Math.Abs(logLikelihood))))
            {
                // No step improves: the score is at rounding level for this scale of data.
                converged = true;
                break;
            }

            previousEta ??= new double[n];
            eta.CopyTo(previousEta, 0);
            (beta, trial) = (trial, beta);
            (eta, trialEta) = (trialEta, eta);
            (factor, trialFactor) = (trialFactor, factor);
            (score, trialScore) = (trialScore, score);
            (information, trialInformation) = (trialInformation, information);
            logLikelihood = trialLogLikelihood;
        }

        l = SmallCholesky.Factor(information, k);
        if (l is null)
        {
            throw SeparationError(x, names, beta, outcomeName, "the information matrix is singular at the estimate");
        }

        CheckFittedProbabilities(link, x, names, beta, eta, y, outcomeName, notes);
        var finalScore = MaxAbs(score);
        if (!converged)
        {
            notes.Add(new Note(NoteKind.Convergence, $"Newton–Raphson stopped after {MaxIterations} iterations with max |score| = {finalScore:G3} (tolerance {ScoreTolerance:G1}).", MaxIterations));
        }
        else if (finalScore >= ScoreTolerance && ScaledMaxAbs(score, x) >= ScoreTolerance)
        {
            notes.Add(new Note(NoteKind.Convergence, $"Newton–Raphson converged to rounding level: max |score| = {finalScore:G3} (max |score_j| / max(1, max|x_j|) = {ScaledMaxAbs(score, x):G3}) could not be pushed below {ScoreTolerance:G1}; the Newton step no longer changes the log-likelihood.", iterations));
        }

        // With weights, n and n₁ are Σw and Σwy.
        var total = w.Sum();
        var n1 = y.Zip(w, (a, b) => a * b).Sum();
        var nullLogLikelihood = interceptIndex >= 0
            ? (n1 * Math.Log(n1 / total)) + ((total - n1) * Math.Log((total - n1) / total))
            : total * Math.Log(0.5);
        return new BinaryChoiceFit
        {
            Link = link,
            Rows = rows,
            Columns = x,
            ColumnSource = columnSource,
            Names = names,
            InterceptIndex = interceptIndex,
            Y = y,
            ScaledBeta = beta,
            InverseInformation = SmallCholesky.Inverse(l, k),
            Eta = eta,
            PreviousEta = previousEta,
            ScoreFactor = factor,
            LogLikelihood = logLikelihood,
            NullLogLikelihood = nullLogLikelihood,
            Iterations = iterations,
            MaxAbsScore = finalScore,
            Notes = notes,
        };
    }

    // Fills eta, the per-row score factor, the score vector and the observed information (−H); returns ℓ.
    private static double Evaluate(BinaryLink link, double[] y, double[] w, double[][] x, double[] beta, double[] eta, double[] factor, double[] score, double[] information)
    {
        var n = y.Length;
        var k = x.Length;
        Array.Clear(eta);
        for (var j = 0; j < k; j++)
        {
            var b = beta[j];
            var column = x[j];
            for (var i = 0; i < n; i++)
            {
                eta[i] += column[i] * b;
            }
        }

        var weight = new double[n];
        var logLikelihood = 0.0;
        for (var i = 0; i < n; i++)
        {
            var (ll, s, h) = BinaryLinkFunctions.Contribution(link, y[i], eta[i]);
            logLikelihood += w[i] * ll;
            factor[i] = w[i] * s;
            weight[i] = w[i] * h;
        }

        for (var j = 0; j < k; j++)
        {
            var cj = x[j];
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += factor[i] * cj[i];
            }

            score[j] = s;
            for (var p = 0; p <= j; p++)
            {
                var cp = x[p];
                var h = 0.0;
                for (var i = 0; i < n; i++)
                {
                    h += weight[i] * cj[i] * cp[i];
                }

                information[(j * k) + p] = h;
                information[(p * k) + j] = h;
            }
        }

        return logLikelihood;
    }

    private static void DropPerfectPredictors(double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int interceptIndex, List<int> activeRows, List<int> activeColumns, List<Note> notes, string outcomeName)
    {
        var separated = new List<(string Name, string Relation, double Outcome, int Count)>();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var c in activeColumns.ToArray())
            {
                if (c == interceptIndex)
                {
                    continue;
                }

                var column = columns[c];
                if (IsDummy(column, activeRows))
                {
                    foreach (var level in new[] { 1.0, 0.0 })
                    {
                        var rows = activeRows.Where(r => column[r] == level).ToList();
                        if (rows.Count == 0 || rows.Count == activeRows.Count)
                        {
                            continue;
                        }

                        var first = y[rows[0]];
                        if (rows.All(r => y[r] == first))
                        {
                            separated.Add((names[c], level == 1.0 ? "!= 0" : "== 0", first, rows.Count));
                            var drop = new HashSet<int>(rows);
                            activeRows.RemoveAll(drop.Contains);
                            activeColumns.Remove(c);
                            changed = true;
                            break;
                        }
                    }

                    continue;
                }

                // A continuous regressor whose ranges for y = 0 and y = 1 do not overlap separates completely.
                double max0 = double.NegativeInfinity, min0 = double.PositiveInfinity, max1 = double.NegativeInfinity, min1 = double.PositiveInfinity;
                foreach (var r in activeRows)
                {
                    if (y[r] == 1.0)
                    {
                        max1 = Math.Max(max1, column[r]);
                        min1 = Math.Min(min1, column[r]);
                    }
                    else
                    {
                        max0 = Math.Max(max0, column[r]);
                        min0 = Math.Min(min0, column[r]);
                    }
                }

                if (max0 < min1 || max1 < min0)
                {
                    var cut = max0 < min1 ? $"every {outcomeName} = 0 has {names[c]} ≤ {Format(max0)} and every {outcomeName} = 1 has {names[c]} ≥ {Format(min1)}" : $"every {outcomeName} = 1 has {names[c]} ≤ {Format(max1)} and every {outcomeName} = 0 has {names[c]} ≥ {Format(min0)}";
                    throw new PerfectPredictionException(
                        names[c],
                        $"{names[c]} predicts {outcomeName} perfectly (complete separation): {cut}. The maximum-likelihood estimate does not exist. Remove {names[c]}, coarsen it, or use a penalised (Firth) estimator.");
                }
            }
        }

        NoteSeparated(separated, notes, outcomeName);
    }

    // One note per separating dummy, except that the dummies of one factor (names "city=…") are summarised in
    // one note when more than three levels separate (a pooled logit with unit dummies and never-treated units).
    private static void NoteSeparated(List<(string Name, string Relation, double Outcome, int Count)> separated, List<Note> notes, string outcomeName)
    {
        static string Describe(double outcome) => outcome == 1.0 ? "success" : "failure";
        foreach (var group in separated.GroupBy(d => d.Name.Contains('=', StringComparison.Ordinal) ? d.Name[..d.Name.IndexOf('=', StringComparison.Ordinal)] : d.Name))
        {
            var items = group.ToList();
            if (items.Count <= 3)
            {
                foreach (var d in items)
                {
                    notes.Add(new Note(
                        NoteKind.Information,
                        $"{d.Name} {d.Relation} predicts {Describe(d.Outcome)} ({outcomeName} = {d.Outcome}) perfectly: {d.Name} dropped and {d.Count} observations not used (quasi-complete separation).",
                        d.Count));
                }

                continue;
            }

            var outcomes = string.Join(" or ", items.Select(d => Describe(d.Outcome)).Distinct());
            var total = items.Sum(d => d.Count);
            notes.Add(new Note(
                NoteKind.Information,
                $"{items.Count} levels of {group.Key} predict {outcomes} of '{outcomeName}' perfectly ({string.Join(", ", items.Take(3).Select(d => d.Name))}, …): their dummies dropped and {total} observations not used (quasi-complete separation).",
                total));
        }
    }

    private static void RequireBothOutcomes(double[] y, List<int> activeRows, string outcomeName)
    {
        var ones = activeRows.Count(r => y[r] == 1.0);
        if (ones == 0 || ones == activeRows.Count)
        {
            throw new PerfectPredictionException(
                outcomeName,
                $"The outcome '{outcomeName}' is {(ones == 0 ? 0 : 1)} in all {activeRows.Count} usable observations; a binary-choice model needs both outcomes. Check the sample restriction or the coding of '{outcomeName}'.");
        }
    }

    private static void DropCollinear(IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int interceptIndex, List<int> activeRows, List<int> activeColumns, List<Note> notes)
    {
        // Gram–Schmidt in the order given (intercept first): a column whose residual norm is below the
        // tolerance relative to its own norm adds nothing and is dropped, as Stata's _rmcoll does.
        var order = activeColumns.OrderBy(c => c == interceptIndex ? 0 : 1).ToList();
        var basis = new List<double[]>();
        var kept = new List<int>();
        var m = activeRows.Count;
        foreach (var c in order)
        {
            var v = new double[m];
            for (var i = 0; i < m; i++)
            {
                v[i] = columns[c][activeRows[i]];
            }

            var norm0 = Math.Sqrt(v.Sum(t => t * t));
            foreach (var q in basis)
            {
                var dot = 0.0;
                for (var i = 0; i < m; i++)
                {
                    dot += q[i] * v[i];
                }

                for (var i = 0; i < m; i++)
                {
                    v[i] -= dot * q[i];
                }
            }

            var norm = Math.Sqrt(v.Sum(t => t * t));
            if (norm0 == 0.0 || norm <= CollinearityTolerance * Math.Max(norm0, 1.0) * Math.Sqrt(m))
            {
                var reason = norm0 == 0.0 || IsConstant(columns[c], activeRows) ? "is constant in the estimation sample" : "is collinear with the other regressors";
                if (c != interceptIndex)
                {
                    notes.Add(new Note(NoteKind.Collinear, $"{names[c]} {reason} and was dropped.", 1));
                }

                continue;
            }

            for (var i = 0; i < m; i++)
            {
                v[i] /= norm;
            }

            basis.Add(v);
            kept.Add(c);
        }

        activeColumns.RemoveAll(c => !kept.Contains(c));
    }

    private static void CheckFittedProbabilities(BinaryLink link, double[][] x, string[] names, double[] beta, double[] eta, double[] y, string outcomeName, List<Note> notes)
    {
        // Complete separation drives every fitted probability to its outcome (|y − p| < 1e-6 for all rows: the
        // Newton iterations stop once the score is negligible, before p reaches 0 or 1 in floating point); rows
        // fitted to within 1e-12 of their outcome are reported as completely determined, as Stata does.
        var successes = 0;
        var failures = 0;
        var close = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var q = y[i] == 1.0 ? 1.0 : -1.0;
            var miss = BinaryLinkFunctions.Cdf(link, -q * eta[i]);
            if (miss < 1e-6)
            {
                close++;
            }

            if (miss < 1e-12)
            {
                if (q > 0)
                {
                    successes++;
                }
                else
                {
                    failures++;
                }
            }
        }

        if (close == y.Length)
        {
            throw SeparationError(x, names, beta, outcomeName, $"all {y.Length} observations are fitted to within 1e-6 of their outcome");
        }

        if (successes + failures > 0)
        {
            var (name, _) = LargestStandardized(x, names, beta);
            notes.Add(new Note(
                NoteKind.Information,
                $"{failures} failures and {successes} successes of '{outcomeName}' are completely determined (fitted probability 0 or 1); the variable with the largest standardized coefficient is {name}.",
                successes + failures));
        }
    }

    private static PerfectPredictionException SeparationError(double[][] x, string[] names, double[] beta, string outcomeName, string symptom)
    {
        var (name, size) = LargestStandardized(x, names, beta);
        return new PerfectPredictionException(
            name,
            $"Perfect prediction of '{outcomeName}': {symptom}, so the maximum-likelihood estimate does not exist (the coefficients diverge). The variable with the largest standardized coefficient is {name} (|β|·sd = {size:G4}). Remove it or the combination of regressors that separates the outcomes.");
    }

    // The variable with the largest |β|·sd(x) is the one driving the linear index to infinity.
    private static (string Name, double Size) LargestStandardized(double[][] x, string[] names, double[] beta)
    {
        var worst = -1;
        var worstSize = -1.0;
        for (var j = 0; j < x.Length; j++)
        {
            var mean = x[j].Average();
            var sd = Math.Sqrt(x[j].Sum(v => (v - mean) * (v - mean)) / x[j].Length);
            if (sd == 0)
            {
                continue;
            }

            var size = Math.Abs(beta[j]) * sd;
            if (size > worstSize)
            {
                worstSize = size;
                worst = j;
            }
        }

        return (worst >= 0 ? names[worst] : "(intercept)", worstSize);
    }

    private static bool IsDummy(double[] column, List<int> rows)
    {
        foreach (var r in rows)
        {
            if (column[r] != 0.0 && column[r] != 1.0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConstant(double[] column, List<int> rows)
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var first = column[rows[0]];
        return rows.All(r => column[r] == first);
    }

    // The score of column j measured in units of the column's magnitude: rounding leaves |g_j| ≈ n·ε·max|x_j|,
    // so earnings in tens of thousands cannot reach an absolute 1e-10 while their rescaled score does.
    private static double ScaledMaxAbs(double[] score, double[][] x)
    {
        var max = 0.0;
        for (var j = 0; j < score.Length; j++)
        {
            var scale = 1.0;
            foreach (var v in x[j])
            {
                scale = Math.Max(scale, Math.Abs(v));
            }

            max = Math.Max(max, Math.Abs(score[j]) / scale);
        }

        return max;
    }

    private static double MaxAbs(double[] values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>
/// Thrown when a regressor (or a combination) predicts a binary outcome perfectly, so the maximum-likelihood
/// estimate does not exist.
/// </summary>
public sealed class PerfectPredictionException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="variable"/>.</summary>
    public PerfectPredictionException(string variable, string message)
        : base(message)
    {
        Variable = variable;
    }

    /// <summary>The variable responsible (or the outcome, when it has a single value).</summary>
    public string Variable { get; }
}
