using System.Globalization;

using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>Arranges the data region by region and period by period, transforms it, and runs the likelihood kernels.</summary>
internal static class SpatialEstimator
{
    internal static SpatialResult Fit(SpatialSpecification spec, PanelData data)
    {
        var weights = spec.SpatialWeights ?? throw new InvalidOperationException($"The spatial model of '{spec.Outcome.Name}' has no weights; call Weights(w) with a SpatialWeights over the regions.");
        if (spec.Regressors.Count == 0)
        {
            throw new InvalidOperationException($"The spatial model of '{spec.Outcome.Name}' has no regressor; call On(\"x\").");
        }

        var duplicate = spec.Regressors.Append(spec.Outcome).GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"'{duplicate.Key}' appears more than once in the spatial model; each variable may have one role.");
        }

        var regionColumn = spec.RegionColumn ?? data.UnitColumnName ?? throw new InvalidOperationException("The spatial model needs the region of each row: read the data as a panel (unit, time) or name the id column with Regions(\"id\").");
        var timeColumn = data.TimeColumnName;
        var effects = Effects(spec, data, regionColumn, timeColumn);
        var n = weights.Count;
        var regionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            regionIndex[weights.Ids[i]] = i;
        }

        var regions = RegionLabels(data, regionColumn);
        var time = timeColumn is null || spec.RegionColumn is not null && timeColumn == regionColumn ? null : data.Time;
        var periods = time?.LevelCount ?? 1;
        var evaluator = new TermEvaluator(data);
        var terms = new List<Term> { spec.Outcome };
        terms.AddRange(spec.Regressors);
        var raw = terms.Select(evaluator.Evaluate).ToArray();
        var stacked = terms.Select(_ => new double[n * periods]).ToArray();
        var seen = new int[n * periods];
        Array.Fill(seen, -1);
        for (var r = 0; r < data.RowCount; r++)
        {
            var id = regions[r] ?? throw new ArgumentException($"Row {Line(data, r)} has no region ('{regionColumn}'); every row needs a region.", nameof(data));
            if (!regionIndex.TryGetValue(id, out var i))
            {
                throw new ArgumentException($"Region '{id}' (row {Line(data, r)}) is not a region of the spatial weights ({n} regions); build W over the data's regions or drop the row.", nameof(data));
            }

            var t = time is null ? 0 : time.Codes[r];
            if (t < 0)
            {
                throw new ArgumentException($"Row {Line(data, r)} (region '{id}') has no period ('{timeColumn}').", nameof(data));
            }

            var cell = (t * n) + i;
            if (seen[cell] >= 0)
            {
                throw new ArgumentException($"Region '{id}'{(time is null ? string.Empty : $" in period {time.Levels[t]}")} appears twice (rows {Line(data, seen[cell])} and {Line(data, r)}); a spatial model needs one row per region and period.", nameof(data));
            }

            seen[cell] = r;
            for (var v = 0; v < terms.Count; v++)
            {
                var value = raw[v][r];
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException($"'{terms[v].Name}' is missing or not finite for region '{id}'{(time is null ? string.Empty : $" in period {time.Levels[t]}")} (row {Line(data, r)}); a spatial model needs the full cross-section of W's regions in every period (nothing is dropped silently: fill or remove the region from W and the data).", nameof(data));
                }

                stacked[v][cell] = value;
            }
        }

        for (var cell = 0; cell < seen.Length; cell++)
        {
            if (seen[cell] < 0)
            {
                var i = cell % n;
                var t = cell / n;
                throw new ArgumentException($"Region '{weights.Ids[i]}' has no row{(time is null ? string.Empty : $" in period {time.Levels[t]}")}; a spatial model needs every region of W in every period (a balanced panel).", nameof(data));
            }
        }

        if (effects is SpatialFixedEffects.Unit or SpatialFixedEffects.TwoWay && periods < 2)
        {
            throw new InvalidOperationException("Unit fixed effects need at least two periods.");
        }

        var op = SpatialOperator.Create(weights, spec.ForceSparse);
        var notes = new List<Note>(evaluator.Notes);
        notes.AddRange(weights.Notes);
        return Estimate(spec, op, effects, periods, stacked[0], stacked[1..], notes, time?.Levels);
    }

    /// <summary>The estimation proper, on stacked arrays (period-major); also the benchmark's entry.</summary>
    internal static SpatialResult Estimate(SpatialSpecification spec, SpatialOperator op, SpatialFixedEffects effects, int periods, double[] y, double[][] x, List<Note> notes, IReadOnlyList<string>? periodLabels)
    {
        var n = op.Count;
        var weights = op.Weights;
        var names = new List<string>();
        var columns = new List<double[]>();
        if (effects == SpatialFixedEffects.None)
        {
            names.Add(Coefficient.InterceptName);
            columns.Add(Enumerable.Repeat(1.0, y.Length).ToArray());
        }

        var regressorNames = spec.Regressors.Select(t => t.Name).ToList();
        for (var j = 0; j < x.Length; j++)
        {
            names.Add(regressorNames[j]);
            columns.Add(SpatialLikelihood.Within(x[j], n, periods, effects));
        }

        if (spec.Process == SpatialProcess.Durbin)
        {
            for (var j = 0; j < x.Length; j++)
            {
                names.Add("W*" + regressorNames[j]);
                columns.Add(SpatialLikelihood.Within(SpatialLikelihood.Lag(weights, x[j], periods), n, periods, effects));
            }
        }

        var design = Matrix<double>.Build.Dense(y.Length, columns.Count, (r, c) => columns[c][r]);
        var yt = SpatialLikelihood.Within(y, n, periods, effects);
        SpatialEstimates estimates;
        if (spec.Process == SpatialProcess.Error)
        {
            var wy = SpatialLikelihood.Lag(weights, yt, periods);
            var wx = Matrix<double>.Build.Dense(y.Length, columns.Count, (r, c) => 0.0);
            for (var c = 0; c < columns.Count; c++)
            {
                wx.SetColumn(c, SpatialLikelihood.Lag(weights, columns[c], periods));
            }

            estimates = SpatialLikelihood.FitError(op, periods, yt, wy, design, wx, effects, spec.BiasCorrected);
        }
        else if (spec.Process == SpatialProcess.LagAndError)
        {
            // The lag part as the lag model (W·y lagged raw, then transformed); the error filter I − λW applied to the
            // transformed variables, as the error model (Elhorst's sem_panel_FE).
            var wy = SpatialLikelihood.Within(SpatialLikelihood.Lag(weights, y, periods), n, periods, effects);
            var wx = Matrix<double>.Build.Dense(y.Length, columns.Count);
            for (var c = 0; c < columns.Count; c++)
            {
                wx.SetColumn(c, SpatialLikelihood.Lag(weights, columns[c], periods));
            }

            estimates = SpatialLikelihood.FitLagError(op, periods, yt, wy, SpatialLikelihood.Lag(weights, yt, periods), SpatialLikelihood.Lag(weights, wy, periods), design, wx, effects, spec.BiasCorrected);
        }
        else
        {
            var wy = SpatialLikelihood.Within(SpatialLikelihood.Lag(weights, y, periods), n, periods, effects);
            estimates = SpatialLikelihood.FitLag(op, periods, yt, wy, design, effects, spec.BiasCorrected);
        }

        var mean = yt.Average();
        var tss = yt.Sum(v => (v - mean) * (v - mean));
        var rss = estimates.Residuals.Sum(v => v * v);
        notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"ln|I − ρW| by {op.Method}; {(spec.Process == SpatialProcess.LagAndError ? "ρ and λ" : "ρ")} searched on ({op.Lower:G6}, {op.Upper:G6})."), 0));
        return new SpatialResult(spec, effects, names, estimates, n, periods, 1 - (rss / tss), op, notes, periodLabels);
    }

    private static SpatialFixedEffects Effects(SpatialSpecification spec, PanelData data, string regionColumn, string? timeColumn)
    {
        bool unit = false, period = false;
        foreach (var fe in spec.FixedEffects)
        {
            if (fe.Name == regionColumn)
            {
                unit = true;
            }
            else if (fe.Name == timeColumn)
            {
                period = true;
            }
            else
            {
                throw new InvalidOperationException($"The spatial model's fixed effect '{fe.Name}' is neither the region column '{regionColumn}' nor the time column '{timeColumn ?? "(none)"}'; spatial panels have unit, time or two-way effects (Fe(\"{regionColumn}\"{(timeColumn is null ? string.Empty : $", \"{timeColumn}\"")})).");
            }
        }

        _ = data;
        return (unit, period) switch
        {
            (true, true) => SpatialFixedEffects.TwoWay,
            (true, false) => SpatialFixedEffects.Unit,
            (false, true) => SpatialFixedEffects.Time,
            _ => SpatialFixedEffects.None,
        };
    }

    /// <summary>The region id of each row: a categorical column's labels, or a numeric id column's values in round-trip form.</summary>
    private static string?[] RegionLabels(PanelData data, string column)
    {
        if (!data.Contains(column))
        {
            throw new ArgumentException($"The data have no region column '{column}'; its columns are {string.Join(", ", data.ColumnNames)}.", nameof(data));
        }

        if (data[column] is NumericColumn numeric)
        {
            var values = numeric.Values.ToArray();
            return [.. Enumerable.Range(0, data.RowCount).Select(r => double.IsFinite(values[r]) ? values[r].ToString("R", CultureInfo.InvariantCulture) : null)];
        }

        var categorical = data.Categorical(column);
        return [.. Enumerable.Range(0, data.RowCount).Select(r => categorical[r])];
    }

    private static string Line(PanelData data, int row) => (data.SourceLine(row) ?? (row + 2)).ToString(CultureInfo.InvariantCulture);
}
