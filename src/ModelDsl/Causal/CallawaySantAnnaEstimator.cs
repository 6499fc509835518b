using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The group-time average treatment effects of Callaway and Sant'Anna (2021); see <see cref="CallawaySantAnnaSpecification"/>.</summary>
internal static class CallawaySantAnnaEstimator
{
    internal static CallawaySantAnnaResult Fit(CallawaySantAnnaSpecification specification, PanelData data, TreatmentAssignment assignment)
    {
        var notes = new List<Note>();
        var evaluator = new TermEvaluator(data, LinearModelEstimator.PanelShift);
        var y = evaluator.Evaluate(specification.Outcome);
        var covariates = specification.CovariateTerms.Select(evaluator.Evaluate).ToArray();
        var q = covariates.Length;
        var n = data.RowCount;
        var codes = assignment.UnitCodeArray;
        var periodOf = assignment.PeriodArray;
        var unitCount = assignment.UnitLabels.Count;
        int[]? clusterRows = null;
        if (specification.ClusterVariable is { } clusterTerm)
        {
            clusterRows = evaluator.Categorical(clusterTerm, "cluster").Codes.ToArray();
        }

        notes.AddRange(evaluator.Notes);

        // The periods of the panel, ascending.
        var periods = Enumerable.Range(0, n).Where(i => codes[i] >= 0 && !double.IsNaN(periodOf[i])).Select(i => periodOf[i]).Distinct().Order().ToArray();
        if (periods.Length < 2)
        {
            throw new InvalidOperationException($"The Callaway–Sant'Anna estimator needs at least two periods, but the data have {periods.Length}.");
        }

        var T = periods.Length;
        var periodIndex = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);

        // Unit × period arrays; a cell is complete when its row exists with the outcome and every covariate.
        var outcome = new double[(long)unitCount * T];
        var design = new double[(long)unitCount * T * q];
        var cluster = new int[unitCount];
        Array.Fill(cluster, -2);
        var filled = new int[unitCount];
        var hasRows = new bool[unitCount];
        var complete = new bool[(long)unitCount * T];
        for (var i = 0; i < n; i++)
        {
            var u = codes[i];
            if (u < 0 || double.IsNaN(periodOf[i]))
            {
                continue;
            }

            hasRows[u] = true;
            var cell = ((long)u * T) + periodIndex[periodOf[i]];
            if (complete[cell])
            {
                throw new ArgumentException($"Unit '{assignment.UnitLabels[u]}' has two rows in period {Format(periodOf[i])} (row {i + 1}); a panel has one row per unit and period.", nameof(data));
            }

            var ok = !double.IsNaN(y[i]);
            for (var j = 0; j < q && ok; j++)
            {
                ok = !double.IsNaN(covariates[j][i]);
            }

            if (clusterRows is not null)
            {
                var c = clusterRows[i];
                if (c < 0)
                {
                    ok = false;
                }
                else if (cluster[u] == -2)
                {
                    cluster[u] = c;
                }
                else if (cluster[u] != c)
                {
                    throw new ArgumentException(
                        $"The cluster variable '{specification.ClusterVariable!.Name}' varies within unit '{assignment.UnitLabels[u]}' (row {i + 1}); clusters must contain whole units, as the influence functions are per unit.", nameof(data));
                }
            }

            if (!ok)
            {
                continue;
            }

            complete[cell] = true;
            filled[u]++;
            outcome[cell] = y[i];
            for (var j = 0; j < q; j++)
            {
                design[(cell * q) + j] = covariates[j][i];
            }
        }

        // The balanced panel: units complete in every period.
        var unbalanced = Enumerable.Range(0, unitCount).Count(u => hasRows[u] && filled[u] < T);
        if (unbalanced > 0)
        {
            notes.Add(new Note(
                NoteKind.Structure,
                $"{unbalanced} units dropped: not observed with the outcome{(q > 0 ? ", covariates" : string.Empty)}{(clusterRows is not null ? " and cluster" : string.Empty)} in all {T} periods ({Format(periods[0])}–{Format(periods[^1])}); the estimator uses the balanced panel, as did with panel = TRUE balances it",
                unbalanced));
        }

        var cohorts = assignment.UnitCohortArray;
        var delta = specification.AnticipationPeriods;
        var kept = new List<int>();
        var cohortOfKept = new List<double>();
        var lateAsNever = 0;
        var earlyDropped = 0;
        for (var u = 0; u < unitCount; u++)
        {
            if (!hasRows[u] || filled[u] < T)
            {
                continue;
            }

            var g = cohorts[u];
            if (g > periods[^1])
            {
                // Treated after the sample ends: untreated throughout, as did treats it.
                g = 0;
                lateAsNever++;
            }
            else if (g > 0 && g <= periods[0] + delta)
            {
                earlyDropped++;
                continue;
            }

            kept.Add(u);
            cohortOfKept.Add(g);
        }

        if (lateAsNever > 0)
        {
            notes.Add(new Note(NoteKind.Information, $"{lateAsNever} units first treated after the last period ({Format(periods[^1])}) are used as never treated", lateAsNever));
        }

        if (earlyDropped > 0)
        {
            notes.Add(new Note(
                NoteKind.SampleRestriction,
                $"{earlyDropped} units dropped: treated in the first period {Format(periods[0])}{(delta > 0 ? $" or within the {delta} anticipation period{(delta > 1 ? "s" : string.Empty)} after it" : string.Empty)}, so no untreated base period exists",
                earlyDropped));
        }

        // Without never-treated units, not-yet-treated comparisons stop before the last cohort (anticipation included).
        var lastPeriod = T - 1;
        if (!cohortOfKept.Contains(0))
        {
            if (specification.Comparison == ComparisonGroup.NeverTreated)
            {
                throw new InvalidOperationException(
                    "No never-treated units (cohort 0) remain in the balanced panel, so ATT(g,t) with never-treated comparisons cannot be estimated; use NotYetTreated() to compare with units treated later.");
            }

            var gmax = cohortOfKept.Max();
            lastPeriod = Array.FindLastIndex(periods, p => p < gmax - delta);
            if (lastPeriod < 1)
            {
                throw new InvalidOperationException($"No never-treated units and no two periods before the last cohort {Format(gmax)} (less {delta} anticipation periods): no comparison is possible.");
            }

            for (var k = 0; k < cohortOfKept.Count; k++)
            {
                if (cohortOfKept[k] > periods[lastPeriod])
                {
                    cohortOfKept[k] = 0;
                }
            }

            notes.Add(new Note(
                NoteKind.SampleRestriction,
                $"No never-treated units: periods from {Format(periods[lastPeriod + 1])} on are not used and the last cohort {Format(gmax)} serves only as a comparison group (did's rule)",
                T - 1 - lastPeriod));
            T = lastPeriod + 1;
            periods = periods[..T];
        }

        var units = kept.Count;
        var groups = cohortOfKept.Where(g => g > 0).Distinct().Order().ToArray();
        if (groups.Length == 0)
        {
            throw new InvalidOperationException("No treated cohort remains in the balanced panel: every kept unit is never treated. Check the cohort column and the periods it refers to.");
        }

        var fullT = complete.Length / Math.Max(unitCount, 1);
        var unitCohort = cohortOfKept.ToArray();
        var unitCluster = new int[units];
        var clusterCount = units;
        if (clusterRows is not null)
        {
            var relabel = new Dictionary<int, int>();
            for (var k = 0; k < units; k++)
            {
                var c = cluster[kept[k]];
                if (!relabel.TryGetValue(c, out var code))
                {
                    code = relabel.Count;
                    relabel[c] = code;
                }

                unitCluster[k] = code;
            }

            clusterCount = relabel.Count;
        }
        else
        {
            for (var k = 0; k < units; k++)
            {
                unitCluster[k] = k;
            }
        }

        var p = q + 1;
        var cells = new List<GroupTimeCell>();
        var skipped = new List<string>();
        foreach (var g in groups)
        {
            var anchor = Array.FindLastIndex(periods, t => t + delta < g);
            var first = specification.Base == BasePeriod.Varying ? 1 : 0;
            for (var c = first; c < T; c++)
            {
                var post = g <= periods[c];
                var basePeriod = specification.Base == BasePeriod.Varying && !post ? c - 1 : anchor;
                var threshold = periods[Math.Max(c, specification.Base == BasePeriod.Varying ? c - 1 : anchor)];
                if (basePeriod == c)
                {
                    cells.Add(new GroupTimeCell(g, periods[c], periods[basePeriod], post, 0, new double[units], 0, 0, IsReference: true));
                    continue;
                }

                // The cell's sample: the cohort and its comparison units.
                var members = new List<int>();
                var treatedCount = 0;
                for (var k = 0; k < units; k++)
                {
                    var gk = unitCohort[k];
                    var treated = gk == g;
                    var comparison = gk == 0 || (specification.Comparison == ComparisonGroup.NotYetTreated && gk > threshold + delta && gk != g);
                    if (treated || comparison)
                    {
                        members.Add(k);
                        treatedCount += treated ? 1 : 0;
                    }
                }

                var m = members.Count;
                if (treatedCount == 0 || treatedCount == m)
                {
                    skipped.Add($"ATT({Format(g)},{Format(periods[c])}): no {(treatedCount == 0 ? "treated" : "comparison")} units");
                    continue;
                }

                var dy = new double[m];
                var d = new bool[m];
                var x = new double[m * p];
                for (var r = 0; r < m; r++)
                {
                    var u = kept[members[r]];
                    dy[r] = outcome[((long)u * fullT) + c] - outcome[((long)u * fullT) + basePeriod];
                    d[r] = unitCohort[members[r]] == g;
                    x[r * p] = 1;
                    for (var j = 0; j < q; j++)
                    {
                        x[(r * p) + 1 + j] = design[((((long)u * fullT) + basePeriod) * q) + j];
                    }
                }

                var (att, influence, problem) = specification.Estimation switch
                {
                    GroupTimeEstimation.OutcomeRegression => GroupTimeEstimators.OutcomeRegression(dy, d, x, p),
                    GroupTimeEstimation.InverseProbabilityWeighting => GroupTimeEstimators.InverseProbabilityWeighting(dy, d, x, p),
                    GroupTimeEstimation.ImprovedDoublyRobust => GroupTimeEstimators.ImprovedDoublyRobust(dy, d, x, p),
                    _ => GroupTimeEstimators.DoublyRobust(dy, d, x, p),
                };
                if (problem is not null)
                {
                    skipped.Add($"ATT({Format(g)},{Format(periods[c])}): {problem}");
                    continue;
                }

                // did's adjustment for estimating the cell on m of the n units: ψ_i scaled by n/m, zero outside the cell.
                var full = new double[units];
                var factor = (double)units / m;
                for (var r = 0; r < m; r++)
                {
                    full[members[r]] = factor * influence[r];
                }

                cells.Add(new GroupTimeCell(g, periods[c], periods[basePeriod], post, att, full, treatedCount, m - treatedCount, IsReference: false));
            }
        }

        if (skipped.Count > 0)
        {
            notes.Add(new Note(NoteKind.Information, $"{skipped.Count} ATT(g,t) not estimated and left out of the table and the aggregations: {string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? $"; and {skipped.Count - 5} more" : string.Empty)}", skipped.Count));
        }

        if (cells.All(c => c.IsReference))
        {
            throw new InvalidOperationException("No ATT(g,t) could be estimated: " + string.Join("; ", skipped.Take(5)));
        }

        var groupSizes = groups.ToDictionary(g => g, g => unitCohort.Count(c => c == g));
        return new CallawaySantAnnaResult(specification, cells, unitCohort, unitCluster, clusterCount, periods, groups, groupSizes, notes);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One estimated ATT(g,t) with its influence function over the n kept units.</summary>
internal sealed record GroupTimeCell(double Group, double Period, double BasePeriod, bool IsPostTreatment, double Att, double[] Influence, int Treated, int Comparison, bool IsReference);
