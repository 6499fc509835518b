using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The Borusyak–Jaravel–Spiess imputation estimator (see <see cref="ImputationSpecification"/> for the formulas).</summary>
internal static class ImputationEstimator
{
    /// <summary>Below this effective number of treated observations (1/Σw²) an estimand carries a warning (did_imputation's <c>minn(30)</c>).</summary>
    internal const double MinimumEffectiveObservations = 30;

    // A conjugate-gradient solve whose relative residual stays above this means the right-hand side is not in the range of
    // the untreated design: some treated observation needs a fixed-effect combination the untreated sample does not pin down.
    private const double InconsistentResidual = 1e-8;

    internal static ImputationResult Fit(ImputationSpecification specification, PanelData data, TreatmentAssignment assignment)
    {
        var regression = DidSpecification.WithDefaultFixedEffects(specification.Regression, data);
        if (regression.FixedEffects.Count == 0)
        {
            throw new InvalidOperationException("The imputation estimator needs fixed effects for its model of Y(0); the data set is not a panel, so give them with Fe(\"unit\", \"time\").");
        }

        if (regression.Clusters.Count > 1)
        {
            throw new InvalidOperationException($"The imputation estimator's standard errors cluster by one variable, but {regression.Clusters.Count} were given ({string.Join(", ", regression.Clusters.Select(c => c.Name))}).");
        }

        ColumnTerm cluster = regression.Clusters.Count == 1 ? regression.Clusters[0] : new ColumnTerm(data.UnitColumnName!);
        var controls = regression.ControlTerms.ToArray();
        var request = new SampleRequest(regression.Outcome, controls, regression.FixedEffects, [cluster], DropSingletons: false);
        var sample = EstimationSample.Build(request, data, needUnit: false);
        var notes = new List<Note>(sample.Notes);
        var n = sample.Count;
        var k = controls.Length;
        var rows = sample.Rows;
        var y = sample.Y;
        var x = sample.X;

        // Each sample row's cohort, period and event time; Ω₁ = t ≥ cohort − a.
        var anticipation = specification.AnticipationPeriods;
        var cohortOf = new double[n];
        var period = new double[n];
        var eventTime = new int[n];
        var inTreated = new bool[n];
        for (var r = 0; r < n; r++)
        {
            var row = rows[r];
            var unit = assignment.UnitCodeArray[row];
            period[r] = assignment.PeriodArray[row];
            cohortOf[r] = assignment.UnitCohortArray[unit];
            if (double.IsNaN(period[r]))
            {
                throw new InvalidOperationException($"Row {row + 1} has no period; the imputation estimator needs the numeric period of every row.");
            }

            if (cohortOf[r] > 0)
            {
                var kRaw = Math.Round(period[r] - cohortOf[r]);
                if (Math.Abs(kRaw) > int.MaxValue / 2)
                {
                    throw new ArgumentException($"Row {row + 1}: period {Treatment.Format(period[r])} and cohort {Treatment.Format(cohortOf[r])} are too far apart to be an event time.");
                }

                eventTime[r] = (int)kRaw;
                inTreated[r] = eventTime[r] >= -anticipation;
            }
        }

        // Estimand weights ω on the treated rows.
        var omega = new double[n];
        Array.Fill(omega, 1.0);
        if (specification.EstimandWeights is { } weightTerm)
        {
            var values = new TermEvaluator(data).Evaluate(weightTerm);
            for (var r = 0; r < n; r++)
            {
                if (!inTreated[r])
                {
                    continue;
                }

                var value = values[rows[r]];
                if (double.IsNaN(value) || value < 0 || double.IsInfinity(value))
                {
                    throw new ArgumentException($"The estimand weight '{weightTerm.Name}' is {Treatment.Format(value)} in row {rows[r] + 1}, a treated observation; weights must be non-negative numbers on every treated observation.");
                }

                omega[r] = value;
            }
        }

        // Fixed-effect codes over the whole sample, compact.
        var dimensions = regression.FixedEffects.Count;
        var feNames = regression.FixedEffects.Select(f => f.Name).ToArray();
        var codes = new int[dimensions][];
        var levels = new int[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            (codes[d], levels[d]) = FixedEffectStructure.Compact(sample.FixedEffectCodes[d], feNames[d]);
        }

        var untreated = Enumerable.Range(0, n).Where(r => !inTreated[r]).ToArray();
        var treatedAll = Enumerable.Range(0, n).Where(r => inTreated[r]).ToArray();
        if (treatedAll.Length == 0)
        {
            throw new InvalidOperationException(
                $"No treated observations in the estimation sample of '{regression.Outcome.Name}' ({n} rows): every unit is never treated or its cohort lies after the last period. Check the cohort column.");
        }

        if (untreated.Length == 0)
        {
            throw new InvalidOperationException(
                $"No untreated observations: all {n} rows are treated{(anticipation > 0 ? $" or within the anticipation window of {anticipation} periods" : string.Empty)}, so the model of Y(0) cannot be fitted. The imputation estimator needs never-treated or not-yet-treated observations.");
        }

        var codes0 = codes.Select(c => untreated.Select(r => c[r]).ToArray()).ToArray();
        var equations = new FixedEffectNormalEquations(codes0, levels);

        // Identification: every level of a treated row must be present among the untreated rows, and (two or more
        // fixed effects) connected to the row's other levels through untreated rows.
        var component = Components(equations, codes0, levels);
        var missingLevel = new int[dimensions];
        var missingLevels = Enumerable.Range(0, dimensions).Select(_ => new SortedSet<string>(StringComparer.Ordinal)).ToArray();
        var disconnected = 0;
        var imputable = new List<int>(treatedAll.Length);
        var levelLabels = regression.FixedEffects.Select(f => LevelLabels(data, f, rows, sample.FixedEffectCodes[Array.IndexOf(feNames, f.Name)], codes[Array.IndexOf(feNames, f.Name)], levels[Array.IndexOf(feNames, f.Name)])).ToArray();
        foreach (var r in treatedAll)
        {
            var reason = -1;
            for (var d = 0; d < dimensions && reason < 0; d++)
            {
                if (!equations.HasRows(d, codes[d][r]))
                {
                    reason = d;
                }
            }

            if (reason >= 0)
            {
                missingLevel[reason]++;
                missingLevels[reason].Add(levelLabels[reason][codes[reason][r]]);
                continue;
            }

            var root = component[equations.Index(0, codes[0][r])];
            var connected = true;
            for (var d = 1; d < dimensions; d++)
            {
                connected &= component[equations.Index(d, codes[d][r])] == root;
            }

            if (!connected)
            {
                disconnected++;
                continue;
            }

            imputable.Add(r);
        }

        for (var d = 0; d < dimensions; d++)
        {
            if (missingLevel[d] > 0)
            {
                var what = feNames[d] == data.UnitColumnName ? "units with no untreated observation (treated in every observed period)"
                    : feNames[d] == data.TimeColumnName ? "periods in which no observation is untreated (every unit already treated)"
                    : $"levels of '{feNames[d]}' with no untreated observation";
                notes.Add(new Note(
                    NoteKind.SampleRestriction,
                    $"{missingLevel[d]} treated observations not identified and left out of every estimand: {what}: {Listed(missingLevels[d])}",
                    missingLevel[d]));
            }
        }

        if (disconnected > 0)
        {
            notes.Add(new Note(
                NoteKind.SampleRestriction,
                $"{disconnected} treated observations not identified and left out of every estimand: their levels of {string.Join(" and ", feNames)} are not connected through untreated observations",
                disconnected));
        }

        if (imputable.Count == 0)
        {
            throw new InvalidOperationException(
                $"None of the {treatedAll.Length} treated observations can be imputed: {string.Join("; ", notes.Where(x => x.Kind == NoteKind.SampleRestriction && x.Message.Contains("not identified", StringComparison.Ordinal)).Select(x => x.Message))}.");
        }

        var treated = imputable.ToArray();
        var n0 = untreated.Length;
        var n1 = treated.Length;

        // Step 1: the model of Y(0) on Ω₀. Controls by Frisch–Waugh–Lovell on the demeaning engine, then the
        // fixed-effect coefficients from the normal equations in level space.
        var structure = FixedEffectStructure.Create(feNames, codes0);
        var m = new double[n0 * (k + 1)];
        for (var i = 0; i < n0; i++)
        {
            m[i] = y[untreated[i]];
        }

        for (var j = 0; j < k; j++)
        {
            for (var i = 0; i < n0; i++)
            {
                m[((j + 1) * n0) + i] = x[(j * n) + untreated[i]];
            }
        }

        structure.DemeanColumns(m, k + 1, null, regression.DemeaningTolerance, regression.DemeaningIterations, notes);
        var yTilde = m.AsSpan(0, n0).ToArray();
        var xTilde = m.AsSpan(n0).ToArray();
        var gamma = new double[k];
        var bread = Array.Empty<double>();
        if (k > 0)
        {
            var qr = HouseholderQr.Decompose(xTilde.ToArray(), n0, k);
            if (qr.Rank < k)
            {
                var dropped = qr.Dropped.ToArray().Select(j => controls[j].Name);
                throw new InvalidOperationException(
                    $"The controls {string.Join(", ", dropped)} are collinear with the fixed effects or the other controls among the {n0} untreated observations, so the model of Y(0) does not pin down their coefficients for the treated observations. Remove them.");
            }

            gamma = qr.Solve(yTilde);
            bread = qr.InverseCrossProduct();
        }

        var residual0 = yTilde.ToArray();
        for (var j = 0; j < k; j++)
        {
            Kernels.Axpy(-gamma[j], xTilde.AsSpan(j * n0, n0), residual0);
        }

        var raw0 = new double[n0];
        for (var i = 0; i < n0; i++)
        {
            var value = y[untreated[i]];
            for (var j = 0; j < k; j++)
            {
                value -= gamma[j] * x[(j * n) + untreated[i]];
            }

            raw0[i] = value;
        }

        var (feCoefficients, feOutcome) = equations.Solve(equations.LevelSums(raw0));
        if (!feOutcome.Converged)
        {
            notes.Add(new Note(NoteKind.Convergence, $"The fixed-effect coefficients of the model of Y(0) reached a relative residual of {feOutcome.RelativeResidual:G3} after {feOutcome.Iterations} iterations (target 1e-13); imputed values may be imprecise", feOutcome.Iterations));
        }

        // Step 2: impute Y(0) and the effects on Ω₁.
        var codes1 = codes.Select(c => treated.Select(r => c[r]).ToArray()).ToArray();
        var fitted1 = equations.Fitted(feCoefficients, codes1);
        var tau = new double[n1];
        for (var i = 0; i < n1; i++)
        {
            var r = treated[i];
            var value = fitted1[i];
            for (var j = 0; j < k; j++)
            {
                value += gamma[j] * x[(j * n) + r];
            }

            tau[i] = y[r] - value;
        }

        // Step 3: the estimands (overall ATT on t ≥ cohort, then each horizon) and their weights on Ω₁.
        var estimands = Estimands(specification, treated, eventTime, omega);
        var clusterCodes = sample.Clusters[0].Codes;
        var clusterCount = sample.Clusters[0].Groups;
        var groupOf = GroupKeys(specification.EffectGroups, treated, cohortOf, period, eventTime);
        var pairOf = ClusterGroupPairs(treated, groupOf, clusterCodes, out var pairs);
        var scores = new double[estimands.Count][];
        var estimates = new double[estimands.Count];
        var effective = new double[estimands.Count];
        var counts = new int[estimands.Count];
        for (var e = 0; e < estimands.Count; e++)
        {
            var w = estimands[e].Weights;
            estimates[e] = Kernels.Dot(w, tau);
            effective[e] = 1.0 / Kernels.Dot(w, w);
            counts[e] = w.Count(v => v != 0);
            var v0 = UntreatedWeights(equations, codes0, codes1, w, x, xTilde, bread, untreated, treated, n, k, estimands[e].Name);
            scores[e] = ClusterScores(w, v0, tau, residual0, groupOf, pairOf, pairs, clusterCodes, clusterCount, untreated, treated, specification.LeaveOut, estimands[e].Name);
        }

        var covariance = new double[estimands.Count, estimands.Count];
        for (var a = 0; a < estimands.Count; a++)
        {
            for (var b = 0; b < estimands.Count; b++)
            {
                covariance[a, b] = Kernels.Dot(scores[a], scores[b]);
            }
        }

        var level = regression.ConfidenceLevel;
        var coefficients = estimands.Select((estimand, e) => Significance.Coefficient(estimand.Name, estimates[e], Math.Sqrt(covariance[e, e]), null, level)).ToArray();
        var small = estimands.Where((_, e) => effective[e] < MinimumEffectiveObservations).Select((estimand, _) => estimand.Name).ToArray();
        if (small.Length > 0)
        {
            notes.Add(new Note(
                NoteKind.Information,
                $"{string.Join(", ", small)}: fewer than {MinimumEffectiveObservations:0} effective treated observations (1/Σw²); the estimate is reported but its standard error may be biased downward (did_imputation suppresses such estimates by default)",
                small.Length));
        }

        var horizons = estimands.Skip(1).Select((estimand, i) => new ImputationHorizon(estimand.EventTime, coefficients[i + 1], counts[i + 1], effective[i + 1])).ToArray();
        var (preTrend, preTest, preRegression) = PreTrend(specification, regression, data, sample, untreated, cohortOf, period, cluster, notes);

        var effects = treated.Select((r, i) => new ImputedEffect(rows[r], assignment.UnitLabels[assignment.UnitCodeArray[rows[r]]], period[r], cohortOf[r], eventTime[r], tau[i])).ToArray();
        return new ImputationResult(
            specification,
            regression,
            coefficients[0],
            counts[0],
            effective[0],
            horizons,
            estimands.Select(x => x.Name).ToArray(),
            covariance,
            preTrend,
            preTest,
            preRegression,
            controls.Select((c, j) => (c.Name, gamma[j])).ToArray(),
            n0,
            n1,
            treatedAll.Length - n1,
            cluster.Name,
            clusterCount,
            effects,
            assignment,
            notes);
    }

    /// <summary>The overall ATT (t ≥ cohort) and each horizon, with weights on Ω₁ normalised to sum to 1.</summary>
    private static List<(string Name, int EventTime, double[] Weights)> Estimands(ImputationSpecification specification, int[] treated, int[] eventTime, double[] omega)
    {
        var list = new List<(string, int, double[])> { ("ATT", 0, Normalised(treated, i => eventTime[treated[i]] >= 0 ? omega[treated[i]] : 0, "ATT")) };
        var observed = new SortedSet<int>(treated.Select(r => eventTime[r]));
        IEnumerable<int> horizons = observed;
        if (specification.HorizonRange is { } range)
        {
            var missing = Enumerable.Range(range.First, range.Last - range.First + 1).Where(h => !observed.Contains(h)).ToArray();
            if (missing.Length > 0 || range.First < -specification.AnticipationPeriods)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(specification),
                    $"Horizons({range.First}, {range.Last}) asks for horizon{(missing.Length > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Take(12))} with no imputed treated observation; the horizons in the data are {observed.Min}..{observed.Max}{(specification.AnticipationPeriods > 0 ? $" (from −{specification.AnticipationPeriods} with anticipation)" : " (anticipation periods, if any, need Anticipation(a))")}.");
            }

            horizons = Enumerable.Range(range.First, range.Last - range.First + 1);
        }

        foreach (var h in horizons)
        {
            var name = HorizonName(h);
            list.Add((name, h, Normalised(treated, i => eventTime[treated[i]] == h ? omega[treated[i]] : 0, name)));
        }

        return list;
    }

    /// <summary>The name of horizon h: <c>tau::0</c>, <c>tau::-1</c> (an anticipation period).</summary>
    internal static string HorizonName(int horizon) => "tau::" + horizon.ToString(CultureInfo.InvariantCulture);

    private static double[] Normalised(int[] treated, Func<int, double> weight, string name)
    {
        var w = new double[treated.Length];
        var total = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = weight(i);
            total += w[i];
        }

        if (!(total > 0))
        {
            throw new InvalidOperationException($"The estimand {name} has no treated observation with a positive weight; check the cohorts{(name == "ATT" ? " (every imputed observation is in an anticipation period)" : string.Empty)} and the weight column.");
        }

        for (var i = 0; i < w.Length; i++)
        {
            w[i] /= total;
        }

        return w;
    }

    /// <summary>
    /// v₀ = −[q₀ + X̃₀(X̃₀'X̃₀)⁻¹a], q₀ = D₀ s with D₀'D₀ s = D₁'w and a = X₁'w − X₀'q₀: the weights of the untreated rows
    /// in τ̂_w = Σ v Y (dimensions: n₀ untreated rows, n₁ treated rows, k controls; x is the n×k sample design).
    /// </summary>
    private static double[] UntreatedWeights(FixedEffectNormalEquations equations, int[][] codes0, int[][] codes1, double[] w, double[] x, double[] xTilde, double[] bread, int[] untreated, int[] treated, int n, int k, string name)
    {
        var b = new double[equations.Unknowns];
        for (var d = 0; d < codes1.Length; d++)
        {
            for (var i = 0; i < w.Length; i++)
            {
                b[equations.Index(d, codes1[d][i])] += w[i];
            }
        }

        var (s, outcome) = equations.Solve(b);
        if (outcome.RelativeResidual > InconsistentResidual)
        {
            throw new InvalidOperationException(
                $"The fixed effects of the treated observations in {name} are not pinned down by the untreated observations (the level-space system stays inconsistent: relative residual {outcome.RelativeResidual:G3} after {outcome.Iterations} iterations). "
                + "With three or more fixed effects some level combinations of treated observations cannot be imputed; restrict the sample or use fewer fixed effects.");
        }

        var q0 = equations.Fitted(s, codes0);
        var n0 = untreated.Length;
        var v0 = new double[n0];
        if (k > 0)
        {
            var a = new double[k];
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < treated.Length; i++)
                {
                    sum += w[i] * x[(j * n) + treated[i]];
                }

                for (var i = 0; i < n0; i++)
                {
                    sum -= q0[i] * x[(j * n) + untreated[i]];
                }

                a[j] = sum;
            }

            for (var j = 0; j < k; j++)
            {
                var coefficient = 0.0;
                for (var l = 0; l < k; l++)
                {
                    coefficient += bread[(j * k) + l] * a[l];
                }

                Kernels.Axpy(coefficient, xTilde.AsSpan(j * n0, n0), v0);
            }
        }

        for (var i = 0; i < n0; i++)
        {
            v0[i] = -(v0[i] + q0[i]);
        }

        return v0;
    }

    /// <summary>
    /// The cluster sums Σ_{it∈c} v_it ε̃_it of BJS Theorem 3: ε̃ the step-1 residual on Ω₀; on Ω₁ τ̂ − τ̃_g with did_imputation's
    /// cluster-adjusted group average τ̃_g = Σ W_c(it)g w_it τ̂_it / S_g, S_g = Σ_c W²_cg, W_cg = Σ_{it∈c,g} w_it, and with
    /// leave-out the factor S_g / (S_g − W²_c(it)g).
    /// </summary>
    private static double[] ClusterScores(double[] w, double[] v0, double[] tau, double[] residual0, int[] groupOf, int[] pairOf, int pairs, int[] clusterCodes, int clusterCount, int[] untreated, int[] treated, bool leaveOut, string name)
    {
        var scores = new double[clusterCount];
        for (var i = 0; i < untreated.Length; i++)
        {
            scores[clusterCodes[untreated[i]]] += v0[i] * residual0[i];
        }

        // W_cg, indexed by the (cluster, group) pair of each treated row.
        var pairWeight = new double[pairs];
        for (var i = 0; i < treated.Length; i++)
        {
            pairWeight[pairOf[i]] += w[i];
        }

        var groups = groupOf.Length == 0 ? 0 : groupOf.Max() + 1;
        var denominator = new double[groups];
        var numerator = new double[groups];
        for (var i = 0; i < treated.Length; i++)
        {
            var cw = pairWeight[pairOf[i]];
            denominator[groupOf[i]] += cw * w[i];
            numerator[groupOf[i]] += cw * w[i] * tau[i];
        }

        var lonely = 0;
        for (var i = 0; i < treated.Length; i++)
        {
            var g = groupOf[i];
            var average = denominator[g] > 0 ? numerator[g] / denominator[g] : 0;
            var epsilon = tau[i] - average;
            if (leaveOut && denominator[g] > 0)
            {
                var cw = pairWeight[pairOf[i]];
                if (cw * cw / denominator[g] > 0.99999)
                {
                    lonely++;
                    continue;
                }

                epsilon *= denominator[g] / (denominator[g] - (cw * cw));
            }

            scores[clusterCodes[treated[i]]] += w[i] * epsilon;
        }

        if (lonely > 0)
        {
            throw new InvalidOperationException(
                $"Cannot compute leave-out standard errors of {name}: {lonely} treated observations are the only cluster with weight in their averaging group (a cohort with one unit or cluster, under the default cohort × period groups). "
                + "Use AverageEffectsBy(ImputationEffectGroups.EventTime) or All to pool small cohorts; do not switch to WithoutLeaveOut(), whose standard errors are biased downward for the same reason.");
        }

        return scores;
    }

    /// <summary>A compact id of each treated row's (cluster, group) pair, computed once for all estimands.</summary>
    private static int[] ClusterGroupPairs(int[] treated, int[] groupOf, int[] clusterCodes, out int pairs)
    {
        var index = new Dictionary<long, int>();
        var result = new int[treated.Length];
        for (var i = 0; i < treated.Length; i++)
        {
            var key = ((long)clusterCodes[treated[i]] << 32) | (uint)groupOf[i];
            if (!index.TryGetValue(key, out var id))
            {
                id = index.Count;
                index[key] = id;
            }

            result[i] = id;
        }

        pairs = index.Count;
        return result;
    }

    private static int[] GroupKeys(ImputationEffectGroups groups, int[] treated, double[] cohort, double[] period, int[] eventTime)
    {
        var index = new Dictionary<(double, double), int>();
        var keys = new int[treated.Length];
        for (var i = 0; i < treated.Length; i++)
        {
            var r = treated[i];
            var key = groups switch
            {
                ImputationEffectGroups.CohortAndPeriod => (cohort[r], period[r]),
                ImputationEffectGroups.EventTime => (eventTime[r], 0.0),
                ImputationEffectGroups.Cohort => (cohort[r], 0.0),
                _ => (0.0, 0.0),
            };
            if (!index.TryGetValue(key, out var g))
            {
                g = index.Count;
                index[key] = g;
            }

            keys[i] = g;
        }

        return keys;
    }

    /// <summary>The connected component (a representative unknown) of every level, linking the levels each untreated row has.</summary>
    private static int[] Components(FixedEffectNormalEquations equations, int[][] codes0, int[] levels)
    {
        var parent = Enumerable.Range(0, equations.Unknowns).ToArray();
        int Find(int a)
        {
            while (parent[a] != a)
            {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }

            return a;
        }

        var rows = codes0[0].Length;
        for (var d = 1; d < codes0.Length; d++)
        {
            for (var r = 0; r < rows; r++)
            {
                var a = Find(equations.Index(0, codes0[0][r]));
                var b = Find(equations.Index(d, codes0[d][r]));
                if (a != b)
                {
                    parent[a] = b;
                }
            }
        }

        var result = new int[equations.Unknowns];
        for (var l = 0; l < result.Length; l++)
        {
            result[l] = Find(l);
        }

        return result;
    }

    /// <summary>The labels of a fixed effect's compact levels (for notes), read from the data's categorical column.</summary>
    private static string[] LevelLabels(PanelData data, ColumnTerm term, int[] rows, int[] rawCodes, int[] compact, int count)
    {
        var labels = new string[count];
        var column = data.Contains(term.ColumnName) ? data[term.ColumnName] : null;
        for (var r = 0; r < rows.Length; r++)
        {
            labels[compact[r]] ??= column is CategoricalColumn categorical && rawCodes[r] >= 0 && rawCodes[r] < categorical.LevelCount
                ? categorical.Levels[rawCodes[r]]
                : rawCodes[r].ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    private static string Listed(SortedSet<string> values)
        => values.Count > 12 ? string.Join(", ", values.Take(12)) + $" and {values.Count - 12} more" : string.Join(", ", values);

    /// <summary>
    /// BJS Section 4.4: on Ω₀ only, Y on the fixed effects, the controls and 1{t − (cohort − a) = −h}, h = 1..k, clustered
    /// as the model's regression (Stata CR1, G − 1 df); the joint Wald test that all k are zero.
    /// </summary>
    private static (IReadOnlyList<ImputationHorizon> Coefficients, WaldTestResult Test, RegressionResult? Regression) PreTrend(
        ImputationSpecification specification, RegressionSpecification regression, PanelData data, EstimationSample sample, int[] untreated, double[] cohort, double[] period, ColumnTerm cluster, List<Note> notes)
    {
        var leads = specification.PreTrendPeriods;
        const string description = "all pre-trend coefficients are zero (BJS 2024, Section 4.4)";
        if (leads == 0)
        {
            return ([], WaldTestResult.Inapplicable(description, "no pre-trend test was asked for (PreTrends(k))"), null);
        }

        var rowCount = data.RowCount;
        var names = Enumerable.Range(1, leads).Select(PreTrendName).ToArray();
        var dummies = names.Select(_ => new double[rowCount]).ToArray();
        foreach (var dummy in dummies)
        {
            // Rows outside the untreated estimation sample are missing, so the regression runs on Ω₀ only and lags or
            // logs are evaluated on the full panel first.
            Array.Fill(dummy, double.NaN);
        }

        var counts = new int[leads];
        foreach (var r in untreated)
        {
            var row = sample.Rows[r];
            var relative = cohort[r] > 0 ? (int)Math.Round(period[r] - (cohort[r] - specification.AnticipationPeriods)) : 0;
            for (var h = 1; h <= leads; h++)
            {
                var on = relative == -h && cohort[r] > 0;
                dummies[h - 1][row] = on ? 1 : 0;
                counts[h - 1] += on ? 1 : 0;
            }
        }

        var present = Enumerable.Range(0, leads).Where(h => counts[h] > 0).ToArray();
        if (present.Length < leads)
        {
            notes.Add(new Note(NoteKind.Information, $"Pre-trend dummies {string.Join(", ", Enumerable.Range(0, leads).Where(h => counts[h] == 0).Select(h => names[h]))} have no untreated observation and are left out of the test", leads - present.Length));
        }

        if (present.Length == 0)
        {
            return ([], WaldTestResult.Inapplicable(description, $"no untreated observation lies 1..{leads} periods before its cohort"), null);
        }

        var augmented = data;
        foreach (var h in present)
        {
            if (data.Contains(names[h]))
            {
                throw new ArgumentException($"The data set already has a column '{names[h]}', the name of a pre-trend dummy; rename that column.", nameof(data));
            }

            augmented = augmented.WithColumn(NumericColumn.FromOwnedArray(names[h], dummies[h]));
        }

        var pre = regression.On(present.Select(h => (Term)names[h]).ToArray()).Cluster(cluster).Fit(augmented);
        var missing = present.Where(h => !pre.TryGetCoefficient(names[h], out _)).Select(h => names[h]).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"The pre-trend dummies {string.Join(", ", missing)} were dropped as collinear with the fixed effects among the untreated observations; ask for fewer leads.");
        }

        var kept = present.Select(h => names[h]).ToArray();
        var test = pre.WaldAllZero(description, kept);
        var coefficients = present.Select(h => new ImputationHorizon(-(h + 1) - specification.AnticipationPeriods, pre[names[h]], counts[h], counts[h])).ToArray();
        return (coefficients, test, pre);
    }

    /// <summary>The name of the pre-trend dummy h periods before the (shifted) cohort: <c>pre::1</c>.</summary>
    internal static string PreTrendName(int lead) => "pre::" + lead.ToString(CultureInfo.InvariantCulture);
}
