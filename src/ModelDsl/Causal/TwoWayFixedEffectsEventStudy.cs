using System.Globalization;

using ModelDsl.Data;
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

        // Each row's bin: index into the event times L..U (−1 = no dummy: never treated, or outside an unbinned window).
        var start = specification.WindowStart;
        var end = specification.WindowEnd;
        var width = end - start + 1;
        var bin = new int[n];
        var outside = new List<int>();
        var minimum = int.MaxValue;
        var maximum = int.MinValue;
        for (var i = 0; i < n; i++)
        {
            bin[i] = -1;
            var u = codes[i];
            if (u < 0 || cohorts[u] == 0 || double.IsNaN(periods[i]))
            {
                continue;
            }

            var k = (int)Math.Round(periods[i] - cohorts[u]);
            minimum = Math.Min(minimum, k);
            maximum = Math.Max(maximum, k);
            if (k < start || k > end)
            {
                if (!specification.BinEndpoints)
                {
                    outside.Add(i);
                    continue;
                }

                k = Math.Clamp(k, start, end);
            }

            bin[i] = k - start;
        }

        var eventTimes = Enumerable.Range(start, width).Where(k => k != specification.ReferencePeriod).ToArray();
        var dummies = new double[eventTimes.Length][];
        var slot = new int[width];
        Array.Fill(slot, -1);
        for (var j = 0; j < eventTimes.Length; j++)
        {
            dummies[j] = new double[n];
            slot[eventTimes[j] - start] = j;
        }

        for (var i = 0; i < n; i++)
        {
            if (bin[i] >= 0 && slot[bin[i]] >= 0)
            {
                dummies[slot[bin[i]]][i] = 1;
            }
        }

        var augmented = data;
        for (var j = 0; j < eventTimes.Length; j++)
        {
            var name = EventStudySpecification.DummyName(eventTimes[j]);
            if (data.Contains(name))
            {
                throw new ArgumentException($"The data set already has a column '{name}', the name of an event-time dummy; rename that column.", nameof(data));
            }

            augmented = augmented.WithColumn(NumericColumn.FromOwnedArray(name, dummies[j]));
        }

        if (outside.Count > 0)
        {
            var keep = Enumerable.Range(0, n).Except(outside).ToArray();
            augmented = augmented.SelectRows(keep, new Note(NoteKind.SampleRestriction, $"{outside.Count} rows of treated units outside the event window [{start}, {end}] removed (binning off)", outside.Count));
            bin = keep.Select(i => bin[i]).ToArray();
        }

        var names = eventTimes.Select(EventStudySpecification.DummyName).ToArray();
        var regression = DidSpecification.WithDefaultFixedEffects(specification.Regression, data).On(names.Select(t => (Term)t).ToArray());
        var result = regression.Fit(augmented);

        var counts = new int[width];
        foreach (var row in result.SampleRows)
        {
            if (bin[row] >= 0)
            {
                counts[bin[row]]++;
            }
        }

        var empty = Enumerable.Range(start, width).Where(k => counts[k - start] == 0).ToArray();
        if (empty.Length > 0)
        {
            var observed = minimum == int.MaxValue ? "none" : $"{minimum}..{maximum}";
            throw new ArgumentOutOfRangeException(
                nameof(specification),
                $"The event window [{start}, {end}] lies outside the data: no treated observation at event time{(empty.Length > 1 ? "s" : string.Empty)} {string.Join(", ", empty)} (the treated units' event times in the data are {observed}). "
                + $"Choose a window inside the observed event times, for example Window({Math.Max(start, minimum == int.MaxValue ? start : minimum)}, {Math.Min(end, maximum == int.MinValue ? end : maximum)}).");
        }

        var dropped = eventTimes.Where(k => !result.TryGetCoefficient(EventStudySpecification.DummyName(k), out _)).ToArray();
        if (dropped.Length > 0)
        {
            throw new InvalidOperationException(
                $"The event-time dummies for {string.Join(", ", dropped.Select(k => k.ToString(CultureInfo.InvariantCulture)))} were dropped as collinear ({string.Join("; ", result.Notes.Where(x => x.Kind is NoteKind.Collinear or NoteKind.Absorbed).Select(x => x.Message))}); narrow the window or add never-treated units.");
        }

        var rows = eventTimes.Select(k => new EventTimeCoefficient(
            k,
            result[EventStudySpecification.DummyName(k)],
            counts[k - start],
            specification.BinEndpoints && ((k == start && minimum < start) || (k == end && maximum > end)))).ToList();
        var leads = eventTimes.Where(k => k < 0).Select(EventStudySpecification.DummyName).ToArray();
        var lags = eventTimes.Where(k => k >= 0).Select(EventStudySpecification.DummyName).ToArray();
        var preTrend = leads.Length == 0
            ? JointWaldTest.Inapplicable("all leads are zero (parallel pre-trends)", "the window has no lead besides the reference period")
            : JointWaldTest.AllZero(result, "all leads are zero (parallel pre-trends)", leads);
        var post = JointWaldTest.AllZero(result, "all lags are zero (no effect at or after treatment)", lags);
        return new EventStudyResult(specification, result, rows, counts[specification.ReferencePeriod - start], preTrend, post, assignment);
    }

    private static string Describe(TreatmentAssignment assignment)
        => assignment.Treatment is CohortTreatment cohort ? cohort.Cohort.Name : assignment.Name;
}
