using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Thresholds;

/// <summary>
/// The balanced panel a threshold model is estimated on: the variables evaluated on the complete rows, in unit-major
/// order, the within-transformed controls, the candidate grid, and the data set for the regime regression.
/// </summary>
internal sealed class ThresholdPanel
{
    private readonly PanelData _sample;
    private readonly int[] _order;
    private readonly string _unit;
    private readonly double[] _rawY;
    private readonly double[][] _rawControls;

    private ThresholdPanel(PanelData sample, int[] order, string unit, int units, int periods, double[] y, double[][] regressors, double[][] controls, double[] q, double[] candidates, IReadOnlyList<bool[]>? allowed, List<Note> notes)
    {
        _rawY = y;
        _rawControls = controls;
        _sample = sample;
        _order = order;
        _unit = unit;
        Units = units;
        Periods = periods;
        Y = Within(y, units, periods);
        Regressors = regressors;
        Controls = [.. controls.Select(c => Within(c, units, periods))];
        Q = q;
        Candidates = candidates;
        Allowed = allowed;
        Notes = notes;
    }

    internal int Units { get; }

    internal int Periods { get; }

    /// <summary>Within-transformed y.</summary>
    internal double[] Y { get; }

    /// <summary>The raw regime-dependent regressors (the search interacts them with the regime indicators before demeaning).</summary>
    internal double[][] Regressors { get; }

    /// <summary>Within-transformed controls.</summary>
    internal double[][] Controls { get; }

    internal double[] Q { get; }

    internal double[] Candidates { get; }

    /// <summary>Per threshold, the candidates of its own grid (null: one grid for all); see <see cref="ThresholdSearch.Allowed"/>.</summary>
    internal IReadOnlyList<bool[]>? Allowed { get; }

    internal List<Note> Notes { get; }

    /// <summary>Reads and checks the data: complete rows, a balanced panel, distinct variables, the candidate grid.</summary>
    internal static ThresholdPanel Build(ThresholdSpecification spec, PanelData data)
    {
        if (data.UnitColumnName is null || data.TimeColumnName is null)
        {
            throw new InvalidOperationException("A panel threshold model needs a panel with unit and time columns; read the data as a panel (PanelData.ReadCsv(path, unit, time) or data.AsPanel(\"unit\", \"year\")).");
        }

        var unit = data.UnitColumnName;
        if (spec.FixedEffect is { } fe && fe.Name != unit)
        {
            throw new InvalidOperationException($"The threshold model's fixed effect is '{fe.Name}' but the panel's unit column is '{unit}'; Hansen's model has unit fixed effects only (one-way), so use Fe(\"{unit}\") or declare '{fe.Name}' as the panel unit.");
        }

        var terms = new List<(string Role, Term Term)> { ("outcome", spec.Outcome) };
        terms.AddRange(spec.RegimeDependent.Select(t => ("regime-dependent regressor", t)));
        terms.Add(("threshold variable", spec.ThresholdVariable!));
        terms.AddRange(spec.ControlTerms.Select(t => ("control", t)));
        var duplicate = terms.GroupBy(t => t.Term.Name).FirstOrDefault(g => g.Count() > 1 && !(g.Count() == 2 && g.Any(x => x.Role == "threshold variable") && g.Any(x => x.Role == "regime-dependent regressor")));
        if (duplicate is not null)
        {
            throw new ArgumentException($"'{duplicate.Key}' appears more than once in the threshold model (as {string.Join(" and ", duplicate.Select(d => d.Role))}); each variable may have one role (the threshold variable may also be a regime-dependent regressor).");
        }

        var evaluator = new TermEvaluator(data, LinearModelEstimator.PanelShift);
        var values = terms.Select(t => evaluator.Evaluate(t.Term)).ToArray();
        var clusterCodes = spec.Variance.Clusters.Select(c => (c.Name, Codes: evaluator.Categorical(c, "cluster variable").RawCodes)).ToArray();
        var unitCodes = data.Unit.Codes;
        var timeCodes = data.Time.Codes;
        var units = data.Unit.LevelCount;
        var periods = data.Time.LevelCount;
        var cell = new int[units * periods];
        Array.Fill(cell, -1);
        var incomplete = new Dictionary<int, string>();
        var complete = 0;
        for (var row = 0; row < data.RowCount; row++)
        {
            if (unitCodes[row] < 0 || timeCodes[row] < 0)
            {
                continue;
            }

            var key = (unitCodes[row] * periods) + timeCodes[row];
            var missing = terms.Select((t, j) => (t.Term.Name, Missing: double.IsNaN(values[j][row])))
                .Concat(clusterCodes.Select(c => (c.Name, Missing: c.Codes[row] < 0)))
                .Where(m => m.Missing).Select(m => m.Name).ToArray();
            if (missing.Length > 0)
            {
                incomplete[key] = $"missing {string.Join(", ", missing)}";
                continue;
            }

            cell[key] = row;
            complete++;
        }

        // As xthreg (marksample, then xtdes): the panel is the units and periods with at least one complete row; a
        // period lost by every unit (the first year of a lagged control) leaves a balanced panel, with a note.
        var presentUnits = Enumerable.Range(0, units).Where(u => Enumerable.Range(0, periods).Any(t => cell[(u * periods) + t] >= 0)).ToArray();
        var presentPeriods = Enumerable.Range(0, periods).Where(t => Enumerable.Range(0, units).Any(u => cell[(u * periods) + t] >= 0)).ToArray();
        var holes = new List<string>();
        foreach (var u in presentUnits)
        {
            foreach (var t in presentPeriods)
            {
                var key = (u * periods) + t;
                if (cell[key] < 0)
                {
                    holes.Add($"{data.Unit.Levels[u]} in {data.Time.Levels[t]} ({(incomplete.TryGetValue(key, out var why) ? why : "no row")})");
                }
            }
        }

        if (holes.Count > 0)
        {
            throw new InvalidOperationException(
                $"Hansen's panel threshold model needs a balanced panel ({presentUnits.Length} units × {presentPeriods.Length} periods, every variable present), but {holes.Count} unit-period(s) are missing: "
                + string.Join("; ", holes.Take(10)) + (holes.Count > 10 ? $"; … and {holes.Count - 10} more" : string.Empty)
                + ". Drop the incomplete units or periods (data.ExcludeUnits(...)) or fill the gaps, and say so in the paper.");
        }

        var n = presentUnits.Length;
        var periodCount = presentPeriods.Length;
        if (periodCount < 2 || n < 2)
        {
            throw new InvalidOperationException($"A panel threshold model needs at least 2 units and 2 periods; the panel has {n} unit(s) and {periodCount} period(s).");
        }

        var order = presentUnits.SelectMany(u => presentPeriods.Select(t => cell[(u * periods) + t])).ToArray();
        var notes = new List<Note>(evaluator.Notes);
        var dropped = data.RowCount - order.Length;
        if (dropped > 0)
        {
            var lostUnits = units - n;
            var lostPeriods = periods - periodCount;
            notes.Add(new Note(
                NoteKind.MissingValues,
                $"{dropped} rows outside the balanced panel of {n} units × {periodCount} periods ({incomplete.Count} with a missing variable, {lostUnits} unit(s) and {lostPeriods} period(s) with no complete row, the rest with no unit or period)",
                dropped));
        }

        double[] Ordered(double[] v) => order.Select(r => v[r]).ToArray();
        var k1 = spec.RegimeDependent.Count;
        var y = Ordered(values[0]);
        var regressors = Enumerable.Range(1, k1).Select(j => Ordered(values[j])).ToArray();
        var q = Ordered(values[k1 + 1]);
        var controls = Enumerable.Range(k1 + 2, spec.ControlTerms.Count).Select(j => Ordered(values[j])).ToArray();
        var (candidates, allowed) = Grids(q, spec, notes);
        var sample = data.SelectRows(order.Order().ToArray());
        return new ThresholdPanel(sample, order, unit, n, periodCount, y, regressors, controls, q, candidates, allowed, notes);
    }

    /// <summary>The within regression at <paramref name="thresholds"/> (ascending) with the requested variance, by the linear family.</summary>
    internal RegressionResult FitRegimes(ThresholdSpecification spec, double[] thresholds)
    {
        // Columns in the sample's row order (the sample keeps the data's order; _order maps unit-major position → data row).
        var rank = new Dictionary<int, int>(_order.Length);
        var sortedRows = _order.Order().ToArray();
        for (var i = 0; i < sortedRows.Length; i++)
        {
            rank[sortedRows[i]] = i;
        }

        var data = _sample;
        double[] InSampleOrder(double[] unitMajor)
        {
            var result = new double[unitMajor.Length];
            for (var i = 0; i < _order.Length; i++)
            {
                result[rank[_order[i]]] = unitMajor[i];
            }

            return result;
        }

        var outcome = AddColumn(ref data, spec.Outcome, () => InSampleOrder(_rawY));
        var names = new List<Term>();
        for (var j = 0; j < Regressors.Length; j++)
        {
            var x = Regressors[j];
            for (var r = 0; r < thresholds.Length + 1; r++)
            {
                var low = r == 0 ? double.NegativeInfinity : thresholds[r - 1];
                var high = r == thresholds.Length ? double.PositiveInfinity : thresholds[r];
                var column = new double[x.Length];
                for (var i = 0; i < x.Length; i++)
                {
                    column[i] = Q[i] > low && Q[i] <= high ? x[i] : 0;
                }

                var name = ThresholdSpecification.RegimeName(spec.RegimeDependent[j].Name, r + 1);
                if (data.Contains(name))
                {
                    throw new ArgumentException($"The data set already has a column '{name}', the name of a regime regressor; rename that column.");
                }

                data = data.WithColumn(new NumericColumn(name, InSampleOrder(column)));
                names.Add(new ColumnTerm(name));
            }
        }

        var controls = new Term[spec.ControlTerms.Count];
        for (var j = 0; j < controls.Length; j++)
        {
            var raw = _rawControls[j];
            controls[j] = AddColumn(ref data, spec.ControlTerms[j], () => InSampleOrder(raw));
        }

        var regression = new RegressionSpecification(outcome).On([.. names]).Controls(controls).Fe(new ColumnTerm(_unit)).Vcov(spec.Variance);
        return regression.Fit(data);
    }

    // Plain columns are used as they are; a transformed term (log, lag, …) becomes a column of its values on the sample.
    private static ColumnTerm AddColumn(ref PanelData data, Term term, Func<double[]> values)
    {
        if (term is ColumnTerm column)
        {
            return column;
        }

        if (data.Contains(term.Name))
        {
            throw new ArgumentException($"The data set already has a column '{term.Name}', the name of the term; rename that column.");
        }

        data = data.WithColumn(new NumericColumn(term.Name, values()));
        return new ColumnTerm(term.Name);
    }

    private static double[] Within(double[] v, int n, int periods)
    {
        var w = new double[v.Length];
        for (var i = 0; i < n; i++)
        {
            var mean = 0.0;
            for (var t = 0; t < periods; t++)
            {
                mean += v[(i * periods) + t];
            }

            mean /= periods;
            for (var t = 0; t < periods; t++)
            {
                w[(i * periods) + t] = v[(i * periods) + t] - mean;
            }
        }

        return w;
    }

    /// <summary>
    /// The candidate thresholds of every threshold's grid, as their union (ascending, distinct), and per threshold which of
    /// them its grid holds; null for that when one trimmed share serves every threshold (one grid).
    /// </summary>
    internal static (double[] Candidates, IReadOnlyList<bool[]>? Allowed) Grids(double[] q, ThresholdSpecification spec, List<Note> notes)
    {
        var thresholds = spec.RegimeCount - 1;
        var shares = Enumerable.Range(1, thresholds).Select(spec.TrimFor).ToArray();
        if (shares.Distinct().Count() == 1)
        {
            return (Grid(q, spec, shares[0], null, notes), null);
        }

        var grids = shares.Select((share, k) => Grid(q, spec, share, k + 1, notes)).ToArray();
        var union = grids.SelectMany(g => g).Distinct().Order().ToArray();
        var allowed = grids.Select(g =>
        {
            var own = new HashSet<double>(g);
            return union.Select(own.Contains).ToArray();
        }).ToArray();
        return (union, allowed);
    }

    /// <summary>The candidate thresholds of one grid (see <see cref="ThresholdSpecification"/>'s remarks), ascending and distinct.</summary>
    private static double[] Grid(double[] q, ThresholdSpecification spec, double trim, int? threshold, List<Note> notes)
    {
        var sorted = q.Order().ToArray();
        var n = sorted.Length;
        var which = threshold is { } k ? string.Create(CultureInfo.InvariantCulture, $" (threshold {k}, trim {trim})") : string.Empty;
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling((p * n) - 1e-9), 1, n) - 1];
        double[] candidates;
        if (spec.UsesEveryValue)
        {
            var low = At(trim);
            var high = At(1 - trim);
            candidates = sorted.Where(v => v >= low && v <= high).Distinct().ToArray();
        }
        else
        {
            var g = spec.GridPoints;
            candidates = Enumerable.Range(0, g).Select(j => At(trim + ((1 - (2 * trim)) * j / (g - 1)))).Distinct().ToArray();
            if (candidates.Length < g)
            {
                notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"The grid of {g} quantiles of the threshold variable{which} has {candidates.Length} distinct values (ties in q)"), g - candidates.Length));
            }
        }

        if (candidates.Length < 2)
        {
            throw new InvalidOperationException($"The threshold variable has {candidates.Length} distinct candidate value(s) between its trimmed quantiles{which}; a threshold search needs at least 2. Lower Trim or check the variable.");
        }

        return candidates;
    }
}
