using System.Globalization;

using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.DynamicPanel;

/// <summary>One unit's stacked equations: outcome <c>Y</c> (R), regressors <c>X</c> (R×K), instruments <c>Z</c> (R×L); rows that are not used are zero.</summary>
internal sealed record UnitBlock(int UnitCode, Vector<double> Y, Matrix<double> X, Matrix<double> Z);

/// <summary>
/// The design of a dynamic-panel GMM fit on a grid of periods 1…T (the panel's first to last period): the rows of the
/// differenced equation (periods TL1+1…T) and of the level equation (system: TL1…T), the regressor and instrument
/// columns, and each unit's block. A lag is the data layer's (by the time value, missing across gaps).
/// </summary>
internal sealed class Layout
{
    private const int MaximumPeriods = 5000;

    // Σ Z'HZ and Σ Z'êê'Z are L×L and inverted: beyond this, memory and time explode and the tests are meaningless anyway.
    private const int MaximumInstruments = 3000;

    private Layout()
    {
    }

    internal List<UnitBlock> Units { get; } = [];

    internal List<string> RegressorNames { get; } = [];

    internal List<InstrumentGroup> InstrumentGroups { get; } = [];

    internal int InstrumentCount { get; private set; }

    internal Matrix<double> H { get; private set; } = Matrix<double>.Build.Dense(1, 1);

    internal int DifferenceRows { get; private set; }

    internal int LevelRows { get; private set; }

    internal int DifferenceObservations { get; private set; }

    internal int LevelObservations { get; private set; }

    internal int Periods { get; private set; }

    internal string FirstDifferencePeriod { get; private set; } = string.Empty;

    internal string LastPeriod { get; private set; } = string.Empty;

    internal List<Note> Notes { get; } = [];

    /// <summary>How many regressors are time dummies (and the constant), listed last.</summary>
    internal int TimeDummyCount { get; private set; }

    internal static Layout Build(DynamicPanelSpecification specification, PanelData data)
    {
        if (!data.IsPanel)
        {
            throw new InvalidOperationException("Dynamic-panel GMM needs a panel (unit and time columns) but the data set is a cross-section; declare unit and time when reading it (PanelData.ReadCsv(path, unit: \"firm\", time: \"year\")).");
        }

        if (specification.Gmm.Count == 0)
        {
            throw new InvalidOperationException($"The dynamic panel of '{specification.Outcome.Name}' has no GMM-style instruments; add GmmInstruments({specification.Outcome.Name}, from: 2) for the lagged outcome (Arellano–Bond).");
        }

        if (specification.Regressors.Count == 0 && !specification.HasTimeDummies)
        {
            throw new InvalidOperationException($"The dynamic panel of '{specification.Outcome.Name}' has no regressors; add the lagged outcome with On(Term.Lag({specification.Outcome.Name}, 1)).");
        }

        var system = specification.Transformation == DynamicPanelTransformation.System;
        if (!system && specification.Iv.FirstOrDefault(i => i.Equation == InstrumentEquation.Level) is { } levelOnly)
        {
            throw new InvalidOperationException($"IV-style instrument '{levelOnly.Variable.Name}' is for the level equation, which difference GMM does not have; call System() or give it for the differenced equation.");
        }

        var duplicate = specification.Regressors.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Regressor '{duplicate.Key}' is listed {duplicate.Count()} times; list each regressor once.");
        }

        var layout = new Layout();
        var evaluator = new TermEvaluator(data);
        var outcome = evaluator.Evaluate(specification.Outcome);
        var regressors = specification.Regressors.Select(evaluator.Evaluate).ToArray();
        var gmm = specification.Gmm.Select(g => evaluator.Evaluate(g.Variable)).ToArray();
        var iv = specification.Iv.Select(i => evaluator.Evaluate(i.Variable)).ToArray();
        layout.Notes.AddRange(evaluator.Notes);

        var index = data.PanelIndex;
        var periods = index.Periods;
        long first = long.MaxValue, last = long.MinValue;
        var labels = new Dictionary<long, string>();
        for (var row = 0; row < periods.Length; row++)
        {
            first = Math.Min(first, periods[row]);
            last = Math.Max(last, periods[row]);
            labels.TryAdd(periods[row], data.Time[row] ?? periods[row].ToString(CultureInfo.InvariantCulture));
        }

        if (periods.Length == 0 || last - first + 1 > MaximumPeriods)
        {
            throw new InvalidOperationException($"The panel's periods run from {first} to {last}; dynamic-panel GMM builds one instrument block per period and supports at most {MaximumPeriods} periods. Use a time column of consecutive periods (years, quarters numbered 1, 2, …).");
        }

        var t = (int)(last - first + 1);
        var longestLag = Math.Max(0, specification.Regressors.Select(LagDepth).DefaultIfEmpty(0).Max());
        longestLag = Math.Max(longestLag, LagDepth(specification.Outcome));
        var tl1 = Math.Max(longestLag + 1, specification.Gmm.Min(g => g.FirstLag));
        var nd = t - tl1;
        if (nd < 1 || (nd < 2 && !system))
        {
            throw new InvalidOperationException(
                $"The panel spans {t} periods ({labels[first]}–{labels[last]}) but the model's longest lag ({longestLag}) and shortest GMM lag ({specification.Gmm.Min(g => g.FirstLag)}) leave {Math.Max(nd, 0)} differenced periods; at least 2 are needed. Use fewer lags or a longer panel.");
        }

        var nl = system ? nd + 1 : 0;
        var rows = nd + nl;
        layout.DifferenceRows = nd;
        layout.LevelRows = nl;
        layout.Periods = t;
        layout.FirstDifferencePeriod = PeriodLabel(tl1 + 1);
        layout.LastPeriod = PeriodLabel(t);

        // Regressor columns: the named regressors, then the time dummies (system: a constant first).
        layout.RegressorNames.AddRange(specification.Regressors.Select(r => r.Name));
        var timeName = data.TimeColumnName!;
        if (specification.HasTimeDummies)
        {
            if (system)
            {
                layout.RegressorNames.Add(Coefficient.InterceptName);
            }

            for (var s = tl1 + 1; s <= t; s++)
            {
                layout.RegressorNames.Add(timeName + PeriodLabel(s));
            }

            layout.TimeDummyCount = layout.RegressorNames.Count - specification.Regressors.Count;
        }

        var k = layout.RegressorNames.Count;

        // Instrument cells: (row, column, value) recipes shared by every unit.
        var cells = new List<Cell>();
        var column = 0;
        for (var g = 0; g < specification.Gmm.Count; g++)
        {
            var instrument = specification.Gmm[g];
            var a = instrument.FirstLag;
            var b = instrument.LastLag ?? t;
            var start = column;
            if (instrument.Collapse)
            {
                var width = Math.Max(0, Math.Min(t - a, b + 1 - a));
                for (var r = 0; r < nd; r++)
                {
                    var period = tl1 + 1 + r;
                    for (var j = 0; j < width && period - a - j >= Math.Max(1, period - b); j++)
                    {
                        cells.Add(new Cell(r, column + j, CellKind.Level, g, period - a - j));
                    }
                }

                column += width;
            }
            else
            {
                for (var r = 0; r < nd; r++)
                {
                    var period = tl1 + 1 + r;
                    for (var s = Math.Max(1, period - b); s <= period - a; s++)
                    {
                        cells.Add(new Cell(r, column++, CellKind.Level, g, s));
                    }
                }
            }

            layout.InstrumentGroups.Add(new InstrumentGroup($"{instrument} in the differenced equation: levels lagged {a}{(instrument.LastLag is null ? " and more" : $" to {b}")}{(instrument.Collapse ? ", collapsed" : ", one column per period and lag")}", column - start) { Source = InstrumentSource.GmmDifferenced, GmmIndex = g });
        }

        if (specification.HasTimeDummies && !system)
        {
            var start = column;
            for (var s = tl1 + 1; s <= t; s++, column++)
            {
                AddDummyDifference(cells, column, s, tl1, nd);
            }

            layout.InstrumentGroups.Add(new InstrumentGroup("time dummies (differenced) in the differenced equation", column - start) { Source = InstrumentSource.TimeDummiesDifferenced });
        }

        for (var i = 0; i < specification.Iv.Count; i++)
        {
            if (specification.Iv[i].Equation is InstrumentEquation.Both or InstrumentEquation.Difference)
            {
                for (var r = 0; r < nd; r++)
                {
                    cells.Add(new Cell(r, column, CellKind.Difference, gmm.Length + i, tl1 + 1 + r));
                }

                layout.InstrumentGroups.Add(new InstrumentGroup($"iv({specification.Iv[i].Variable.Name}) differenced, in the differenced equation", 1) { Source = InstrumentSource.IvDifferenced });
                column++;
            }
        }

        if (system)
        {
            for (var g = 0; g < specification.Gmm.Count; g++)
            {
                var instrument = specification.Gmm[g];
                var lag = instrument.FirstLag - 1;
                var start = column;
                for (var r = 0; r < nl; r++)
                {
                    var period = tl1 + r;

                    // Δx at period − lag needs x at period − lag − 1 ≥ 1; earlier level rows get no column (pgmm).
                    if (period - lag - 1 < 1)
                    {
                        continue;
                    }

                    cells.Add(new Cell(nd + r, instrument.Collapse ? start : column++, CellKind.Difference, g, period - lag));
                }

                if (instrument.Collapse)
                {
                    column++;
                }

                layout.InstrumentGroups.Add(new InstrumentGroup($"{instrument} in the level equation: the difference lagged {lag}{(instrument.Collapse ? ", collapsed" : ", one column per period")}", column - start) { Source = InstrumentSource.GmmLevel, GmmIndex = g });
            }

            if (specification.HasTimeDummies)
            {
                var start = column;
                for (var r = 0; r < nl; r++)
                {
                    cells.Add(new Cell(nd + r, column, CellKind.Constant, -1, 0));
                }

                column++;
                for (var s = tl1 + 1; s <= t; s++, column++)
                {
                    cells.Add(new Cell(nd + (s - tl1), column, CellKind.Constant, -1, 0));
                }

                layout.InstrumentGroups.Add(new InstrumentGroup("constant and time dummies in the level equation", column - start) { Source = InstrumentSource.TimeDummiesLevel });
            }

            for (var i = 0; i < specification.Iv.Count; i++)
            {
                if (specification.Iv[i].Equation is InstrumentEquation.Both or InstrumentEquation.Level)
                {
                    for (var r = 0; r < nl; r++)
                    {
                        cells.Add(new Cell(nd + r, column, CellKind.Level, gmm.Length + i, tl1 + r));
                    }

                    layout.InstrumentGroups.Add(new InstrumentGroup($"iv({specification.Iv[i].Variable.Name}) in levels, in the level equation", 1) { Source = InstrumentSource.IvLevel });
                    column++;
                }
            }
        }

        var l = column;
        if (l > MaximumInstruments)
        {
            throw new InvalidOperationException(
                $"The model has {l} instrument columns over {t} periods; at most {MaximumInstruments} are supported (and far fewer than the number of groups are advisable). Collapse the GMM-style instruments (collapse: true) or limit their lags (to: 4).");
        }

        layout.InstrumentCount = l;
        layout.H = OneStepWeight(nd, nl);

        // Each unit's series on the grid, then its block.
        var instrumentSeries = gmm.Concat(iv).ToArray();
        var dataRows = 0;
        var beforeWindow = 0;
        for (var unit = 0; unit < index.UnitLevelCount; unit++)
        {
            var unitRows = index.RowsOfUnit(unit);
            if (unitRows.Length == 0)
            {
                continue;
            }

            dataRows += unitRows.Length;
            foreach (var row in unitRows)
            {
                if (periods[row] - first + 1 <= tl1)
                {
                    beforeWindow++;
                }
            }

            var gridRows = new int[t + 1];
            for (var p = 1; p <= t; p++)
            {
                gridRows[p] = index.Find(unit, first + p - 1);
            }

            double Value(double[] series, int period) => period >= 1 && gridRows[period] >= 0 ? series[gridRows[period]] : double.NaN;

            var y = Vector<double>.Build.Dense(rows);
            var x = Matrix<double>.Build.Dense(rows, k);
            var z = Matrix<double>.Build.Dense(rows, l);
            var valid = new bool[rows];
            for (var r = 0; r < nd; r++)
            {
                var period = tl1 + 1 + r;
                var dy = Value(outcome, period) - Value(outcome, period - 1);
                var ok = double.IsFinite(dy);
                y[r] = dy;
                for (var j = 0; j < regressors.Length; j++)
                {
                    var dx = Value(regressors[j], period) - Value(regressors[j], period - 1);
                    ok &= double.IsFinite(dx);
                    x[r, j] = dx;
                }

                valid[r] = ok;
            }

            for (var r = 0; r < nl; r++)
            {
                var period = tl1 + r;
                var level = Value(outcome, period);
                var ok = double.IsFinite(level);
                y[nd + r] = level;
                for (var j = 0; j < regressors.Length; j++)
                {
                    var value = Value(regressors[j], period);
                    ok &= double.IsFinite(value);
                    x[nd + r, j] = value;
                }

                valid[nd + r] = ok;
            }

            if (specification.HasTimeDummies)
            {
                var offset = regressors.Length;
                if (system)
                {
                    for (var r = 0; r < nl; r++)
                    {
                        x[nd + r, offset] = 1;
                    }

                    offset++;
                }

                for (var s = tl1 + 1; s <= t; s++, offset++)
                {
                    // Row of period s: +1; row of period s + 1: −1 (the differenced dummy).
                    x[s - tl1 - 1, offset] = 1;
                    if (s - tl1 < nd)
                    {
                        x[s - tl1, offset] = -1;
                    }

                    if (system)
                    {
                        x[nd + (s - tl1), offset] = 1;
                    }
                }
            }

            foreach (var cell in cells)
            {
                var value = cell.Kind switch
                {
                    CellKind.Level => Value(instrumentSeries[cell.Variable], cell.Period),
                    CellKind.Difference => Value(instrumentSeries[cell.Variable], cell.Period) - Value(instrumentSeries[cell.Variable], cell.Period - 1),
                    _ => cell.Value,
                };
                z[cell.Row, cell.Column] = double.IsFinite(value) ? value : 0;
            }

            for (var r = 0; r < rows; r++)
            {
                if (!valid[r])
                {
                    y[r] = 0;
                    x.ClearRow(r);
                    z.ClearRow(r);
                }
                else if (r < nd)
                {
                    layout.DifferenceObservations++;
                }
                else
                {
                    layout.LevelObservations++;
                }
            }

            layout.Units.Add(new UnitBlock(unit, y, x, z));
        }

        var inWindowDropped = dataRows - beforeWindow - layout.DifferenceObservations;
        layout.Notes.Add(new Note(
            NoteKind.LostToLags,
            $"{dataRows - layout.DifferenceObservations} of {dataRows} rows have no differenced equation: {beforeWindow} lie in a unit's periods up to {PeriodLabel(tl1)} (the first differenced period is {PeriodLabel(tl1 + 1)}: longest lag {longestLag}, shortest GMM lag {specification.Gmm.Min(g => g.FirstLag)}), {inWindowDropped} have a missing value, lag or previous period (a gap)",
            dataRows - layout.DifferenceObservations));
        return layout;

        string PeriodLabel(int gridPeriod) => labels.TryGetValue(first + gridPeriod - 1, out var label) ? label : (first + gridPeriod - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The longest lag a term reaches back (a lead counts negative).</summary>
    internal static int LagDepth(Term term) => term switch
    {
        LagTerm lag => lag.Periods + LagDepth(lag.Inner),
        LeadTerm lead => LagDepth(lead.Inner) - lead.Periods,
        DifferenceTerm difference => difference.Periods + LagDepth(difference.Inner),
        LogTerm log => LagDepth(log.Inner),
        InteractionTerm interaction => Math.Max(LagDepth(interaction.Left), LagDepth(interaction.Right)),
        _ => 0,
    };

    private static void AddDummyDifference(List<Cell> cells, int column, int period, int tl1, int nd)
    {
        cells.Add(new Cell(period - tl1 - 1, column, CellKind.Constant, -1, 0, 1));
        if (period - tl1 < nd)
        {
            cells.Add(new Cell(period - tl1, column, CellKind.Constant, -1, 0, -1));
        }
    }

    /// <summary>
    /// H: the covariance of the transformed errors under i.i.d. ε, up to σ². Differences: 2 on the diagonal, −1 beside
    /// it; system: [[G, D], [D', I]] with D(Δε_t, ε_t) = 1 and D(Δε_t, ε_{t−1}) = −1 (pgmm's "full" matrix).
    /// </summary>
    private static Matrix<double> OneStepWeight(int nd, int nl)
    {
        var h = Matrix<double>.Build.Dense(nd + nl, nd + nl);
        for (var r = 0; r < nd; r++)
        {
            h[r, r] = 2;
            if (r + 1 < nd)
            {
                h[r, r + 1] = -1;
                h[r + 1, r] = -1;
            }
        }

        for (var r = 0; r < nl; r++)
        {
            h[nd + r, nd + r] = 1;
        }

        // Differenced row r is period tl1 + 1 + r; level row r is period tl1 + r.
        for (var r = 0; r < nd && nl > 0; r++)
        {
            h[r, nd + r + 1] = 1;
            h[nd + r + 1, r] = 1;
            h[r, nd + r] = -1;
            h[nd + r, r] = -1;
        }

        return h;
    }

    private enum CellKind
    {
        Level,
        Difference,
        Constant,
    }

    /// <summary>One instrument cell: row, column and how its value is read (a level or difference of a series at a grid period, or a constant).</summary>
    private readonly record struct Cell(int Row, int Column, CellKind Kind, int Variable, int Period, double Value = 1);
}
