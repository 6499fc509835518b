using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The dynamic two-way fixed-effects event study (see <see cref="EventStudySpecification"/>).</summary>
internal static class TwoWayFixedEffectsEventStudy
{
    internal static EventStudyResult Fit(EventStudySpecification specification, PanelData data, TreatmentAssignment assignment)
    {
        var n = data.RowCount;
        var cohorts = assignment.UnitCohortArray;
        var codes = assignment.UnitCodeArray;
        var periods = assignment.PeriodArray;
        var hasNeverTreated = false;
        for (var i = 0; i < n; i++)
        {
            if (codes[i] < 0)
            {
                continue;
            }

            hasNeverTreated |= cohorts[codes[i]] == 0;
        }

        assignment.RequireContrast(Enumerable.Range(0, n).Where(i => codes[i] >= 0 && !double.IsNaN(assignment.DummyArray[i])).ToArray());

        if (!hasNeverTreated)
        {
            throw new InvalidOperationException(
                $"No never-treated units: every unit has a cohort in '{Describe(assignment)}'. The TWFE event study uses never-treated units as controls; with only treated units the relative-time dummies are collinear with the time fixed effects. Add never-treated units (cohort 0), or drop the last-treated cohort and use it as the control group.");
        }

        // Each row's event time K = t − cohort, in double so that no time value can overflow an int.
        var eventTime = new double[n];
        var distinct = new HashSet<double>();
        for (var i = 0; i < n; i++)
        {
            eventTime[i] = double.NaN;
            var u = codes[i];
            if (u < 0 || cohorts[u] == 0 || double.IsNaN(periods[i]))
            {
                continue;
            }

            eventTime[i] = Math.Round(periods[i] - cohorts[u]);
            distinct.Add(eventTime[i]);
        }

        // A hash set per row and a sorted set of the few distinct values: a sorted-set insert per row cost a third of
        // a 1M-row event study.
        var observed = new SortedSet<double>(distinct);

        // The window is checked against the data before anything of its width is allocated.
        var start = specification.WindowStart;
        var end = specification.WindowEnd;
        RequireWindowInsideData(start, end, observed);
        var minimum = observed.Min;
        var maximum = observed.Max;
        var width = end - start + 1;

        // Each row's bin: index into the event times L..U (−1 = no dummy: never treated, or outside an unbinned window).
        var bin = new int[n];
        var outside = new List<int>();
        for (var i = 0; i < n; i++)
        {
            bin[i] = -1;
            var k = eventTime[i];
            if (double.IsNaN(k))
            {
                continue;
            }

            if (k < start || k > end)
            {
                if (!specification.BinEndpoints)
                {
                    outside.Add(i);
                    continue;
                }

                k = Math.Clamp(k, start, end);
            }

            bin[i] = (int)(k - start);
        }

        var eventTimes = Enumerable.Range(start, width).Where(k => k != specification.ReferencePeriod).ToArray();
        var referenceBin = specification.ReferencePeriod - start;
        var sunAbraham = specification.Method == EventStudyMethod.SunAbraham;
        if (sunAbraham && specification.Regression.Variance.Kind == VcovKind.WildBootstrap)
        {
            // Each Sun–Abraham effect is a weighted sum of cohort coefficients; the bootstrap tests one coefficient at a
            // time, so its p-values would not be those of the sums the table shows.
            throw new InvalidOperationException(
                $"The wild cluster bootstrap tests single coefficients, but Sun–Abraham's event-time effects are weighted sums of cohort × event-time coefficients; use Vcov.Cluster(...) with Sun–Abraham, or the wild bootstrap with the TWFE event study ({specification.Regression.Variance.Description}).");
        }

        // Cells: one per event time (TWFE) or one per cohort × event time (Sun–Abraham); each row is in at most one.
        var cellOf = new int[n];
        var cellIndex = new Dictionary<(double Cohort, int Bin), int>();
        var cellKeys = new List<(double Cohort, int Bin)>();
        for (var i = 0; i < n; i++)
        {
            cellOf[i] = -1;
            if (bin[i] < 0 || bin[i] == referenceBin)
            {
                continue;
            }

            var key = (sunAbraham ? cohorts[codes[i]] : 0.0, bin[i]);
            if (!cellIndex.TryGetValue(key, out var cell))
            {
                cell = cellKeys.Count;
                cellIndex[key] = cell;
                cellKeys.Add(key);
            }

            cellOf[i] = cell;
        }

        // Cells in a stable order: by event time, then cohort.
        var order = Enumerable.Range(0, cellKeys.Count).OrderBy(c => cellKeys[c].Bin).ThenBy(c => cellKeys[c].Cohort).ToArray();
        var rank = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
        }

        var cellNames = order.Select(c => sunAbraham
            ? CellName(cellKeys[c].Cohort, cellKeys[c].Bin + start)
            : EventStudySpecification.DummyName(cellKeys[c].Bin + start)).ToArray();
        var cellBins = order.Select(c => cellKeys[c].Bin).ToArray();
        var dummies = cellNames.Select(_ => new double[n]).ToArray();
        for (var i = 0; i < n; i++)
        {
            if (cellOf[i] >= 0)
            {
                cellOf[i] = rank[cellOf[i]];
                dummies[cellOf[i]][i] = 1;
            }
        }

        var augmented = data;
        for (var j = 0; j < cellNames.Length; j++)
        {
            if (data.Contains(cellNames[j]))
            {
                throw new ArgumentException($"The data set already has a column '{cellNames[j]}', the name of an event-time dummy; rename that column.", nameof(data));
            }

            augmented = augmented.WithColumn(NumericColumn.FromOwnedArray(cellNames[j], dummies[j]));
        }

        if (outside.Count > 0)
        {
            var keep = Enumerable.Range(0, n).Except(outside).ToArray();
            augmented = augmented.SelectRows(keep, new Note(NoteKind.SampleRestriction, $"{outside.Count} rows of treated units outside the event window [{start}, {end}] removed (binning off)", outside.Count));
            bin = keep.Select(i => bin[i]).ToArray();
            cellOf = keep.Select(i => cellOf[i]).ToArray();
        }

        (augmented, var kept) = DidSpecification.WithoutUnweightedRows(specification.Regression, augmented);
        if (kept is not null)
        {
            bin = kept.Select(i => bin[i]).ToArray();
            cellOf = kept.Select(i => cellOf[i]).ToArray();
        }

        var regression = DidSpecification.WithDefaultFixedEffects(specification.Regression, data).On(cellNames.Select(t => (Term)t).ToArray());
        var result = regression.Fit(augmented);

        // Sun–Abraham shares: by rows, or by the weights of a weighted fit (fixest's aggregate with use_weights = TRUE).
        var rowWeight = specification.Regression.WeightColumn is { } weightColumn ? ((NumericColumn)augmented[weightColumn.ColumnName]).RawValues : null;
        var counts = new int[width];
        var cellCounts = new int[cellNames.Length];
        var cellWeights = new double[cellNames.Length];
        foreach (var row in result.SampleRows)
        {
            if (bin[row] >= 0)
            {
                counts[bin[row]]++;
            }

            if (cellOf[row] >= 0)
            {
                cellCounts[cellOf[row]]++;
                cellWeights[cellOf[row]] += rowWeight?[row] ?? 1.0;
            }
        }

        var empty = Enumerable.Range(start, width).Where(k => counts[k - start] == 0).ToArray();
        if (empty.Length > 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(specification),
                $"The event window [{start}, {end}] has no treated observation in the estimation sample at event time{(empty.Length > 1 ? "s" : string.Empty)} {string.Join(", ", empty)} (the treated units' event times in the data are {Format(minimum)}..{Format(maximum)}; rows were lost to missing values or singletons). "
                + $"Choose a window inside the observed event times, or drop the rows' missing values.");
        }

        var dropped = Enumerable.Range(0, cellNames.Length).Where(c => cellCounts[c] > 0 && !result.TryGetCoefficient(cellNames[c], out _)).Select(c => cellNames[c]).ToArray();
        if (dropped.Length > 0)
        {
            throw new InvalidOperationException(
                $"The event-time dummies {string.Join(", ", dropped)} were dropped as collinear ({string.Join("; ", result.Notes.Where(x => x.Kind is NoteKind.Collinear or NoteKind.Absorbed).Select(x => x.Message))}); narrow the window or add never-treated units.");
        }

        // Each event time is a weighted sum of its cells: weight 1 for TWFE; each cohort's share of the treated
        // observations at that event time for Sun–Abraham (their interaction-weighted estimator).
        var combination = eventTimes.ToDictionary(
            k => k,
            k =>
            {
                var cells = Enumerable.Range(0, cellNames.Length).Where(c => cellBins[c] == k - start && cellCounts[c] > 0).ToArray();
                var total = cells.Sum(c => cellWeights[c]);
                return cells.Select(c => (cellNames[c], cellWeights[c] / total)).ToArray();
            });
        var rows = eventTimes.Select(k => new EventTimeCoefficient(
            k,
            sunAbraham ? Combine(result, EventStudySpecification.DummyName(k), combination[k]) : result[EventStudySpecification.DummyName(k)],
            counts[k - start],
            specification.BinEndpoints && ((k == start && minimum < start) || (k == end && maximum > end)))).ToList();
        var leads = eventTimes.Where(k => k < 0).ToArray();
        var lags = eventTimes.Where(k => k >= 0).ToArray();
        var preTrend = leads.Length == 0
            ? WaldTestResult.Inapplicable("all leads are zero (parallel pre-trends)", "the window has no lead besides the reference period")
            : result.WaldLinear("all leads are zero (parallel pre-trends)", leads.Select(EventStudySpecification.DummyName).ToArray(), leads.Select(k => combination[k]).ToArray());
        var post = result.WaldLinear("all lags are zero (no effect at or after treatment)", lags.Select(EventStudySpecification.DummyName).ToArray(), lags.Select(k => combination[k]).ToArray());
        var weights = sunAbraham
            ? eventTimes.SelectMany(k => combination[k].Select(p => new CohortWeight(k, CohortOf(p.Item1), p.Item2))).ToArray()
            : [];
        return new EventStudyResult(specification, result, rows, counts[specification.ReferencePeriod - start], preTrend, post, assignment, weights);
    }

    /// <summary>The name of a Sun–Abraham cohort × event-time dummy: <c>cohort_event::1976:-2</c>.</summary>
    internal static string CellName(double cohort, int eventTime)
        => $"cohort_event::{cohort.ToString("R", CultureInfo.InvariantCulture)}:{eventTime.ToString(CultureInfo.InvariantCulture)}";

    private static double CohortOf(string cellName)
        => double.Parse(cellName["cohort_event::".Length..cellName.LastIndexOf(':')], CultureInfo.InvariantCulture);

    /// <summary>The coefficient of Σ w_c b_c with its delta-method standard error (weights fixed) and the model's t reference.</summary>
    private static Coefficient Combine(RegressionResult result, string name, (string Name, double Weight)[] cells)
    {
        var estimate = cells.Sum(c => c.Weight * result[c.Name].Estimate);
        var variance = 0.0;
        foreach (var a in cells)
        {
            foreach (var b in cells)
            {
                variance += a.Weight * b.Weight * result.Covariance(a.Name, b.Name);
            }
        }

        var se = Math.Sqrt(Math.Max(variance, 0));
        return Significance.Coefficient(name, estimate, se, result.InferenceDegreesOfFreedom, result.ConfidenceLevel);
    }

    /// <summary>
    /// Throws when the window [start, end] asks for an event time no treated row has: before the data's first or after
    /// its last event time, or at a gap. Works on the observed event times only, so a window of any width (up to
    /// [int.MinValue, int.MaxValue]) costs nothing to reject; the arithmetic is in long and double.
    /// </summary>
    internal static void RequireWindowInsideData(int start, int end, SortedSet<double> observed)
    {
        if (observed.Count == 0)
        {
            throw new ArgumentOutOfRangeException(
                "specification", $"The event window [{start}, {end}] lies outside the data: no treated unit has an observed period, so there are no event times.");
        }

        var minimum = observed.Min;
        var maximum = observed.Max;
        var width = (long)end - start + 1;
        var inside = observed.GetViewBetween(start, end).Count;
        if (start >= minimum && end <= maximum && inside == width)
        {
            return;
        }

        var missing = new List<string>();
        if (start < minimum)
        {
            missing.Add(Range(start, Math.Min(end, minimum - 1)));
        }

        if (width <= 10_000)
        {
            // Interior gaps: a narrow window is enumerated (the list is capped below).
            for (var k = (long)Math.Max(start, minimum); k <= Math.Min(end, maximum); k++)
            {
                if (!observed.Contains(k))
                {
                    missing.Add(Format(k));
                }
            }
        }
        else if (inside < Math.Min(end, maximum) - Math.Max(start, minimum) + 1)
        {
            missing.Add("gaps inside the observed range");
        }

        if (end > maximum)
        {
            missing.Add(Range(Math.Max(start, maximum + 1), end));
        }

        var listed = missing.Count > 12 ? string.Join(", ", missing.Take(12)) + $" and {missing.Count - 12} more" : string.Join(", ", missing);
        var suggestedStart = Math.Min(-1, Math.Max(start, minimum));
        var suggestedEnd = Math.Max(0, Math.Min(end, maximum));
        throw new ArgumentOutOfRangeException(
            "specification",
            $"The event window [{start}, {end}] lies outside the data: no treated observation at event time{(width - inside > 1 ? "s" : string.Empty)} {listed} (the treated units' event times in the data are {Format(minimum)}..{Format(maximum)}). "
            + $"Choose a window inside the observed event times, for example Window({Format(suggestedStart)}, {Format(suggestedEnd)}).");

        static string Range(double from, double to) => from == to ? Format(from) : to - from <= 2 ? string.Join(", ", Enumerable.Range(0, (int)(to - from) + 1).Select(i => Format(from + i))) : $"{Format(from)}..{Format(to)}";
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Describe(TreatmentAssignment assignment)
        => assignment.Treatment is CohortTreatment cohort ? cohort.Cohort.Name : assignment.Name;
}
