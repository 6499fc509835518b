using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Design;

/// <summary>
/// The rows a model is estimated on and its variables there: outcome y (length n), regressors X (n×k
/// column-major), fixed-effect and unit codes; with notes for every row removed and why.
/// </summary>
internal sealed class EstimationSample
{
    private EstimationSample(int[] rows, double[] y, double[] x, string[] names, int[][] fixedEffectCodes, int[]? unitCodes, List<Note> notes)
    {
        Rows = rows;
        Y = y;
        X = x;
        Names = names;
        FixedEffectCodes = fixedEffectCodes;
        UnitCodes = unitCodes;
        Notes = notes;
    }

    internal int[] Rows { get; }

    internal int Count => Rows.Length;

    internal double[] Y { get; }

    internal double[] X { get; }

    internal string[] Names { get; }

    internal int[][] FixedEffectCodes { get; }

    internal int[]? UnitCodes { get; }

    internal List<Note> Notes { get; }

    /// <summary>Evaluates the model's terms and selects the complete rows, dropping singletons when asked.</summary>
    internal static EstimationSample Build(RegressionSpecification specification, PanelData data, bool needUnit)
    {
        var evaluator = new TermEvaluator(data);
        var notes = new List<Note>(data.Notes);
        var y = evaluator.Evaluate(specification.Outcome);
        var terms = specification.RightHandSide.ToArray();
        var names = terms.Select(t => t.Name).ToArray();
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Term '{duplicate.Key}' appears {duplicate.Count()} times on the right-hand side; list each regressor once.");
        }

        if (names.Contains(specification.Outcome.Name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The outcome '{specification.Outcome.Name}' is also a regressor; remove it from the right-hand side.");
        }

        var columns = terms.Select(evaluator.Evaluate).ToArray();
        var fixedEffects = specification.FixedEffects.Select(f => evaluator.Categorical(f, "fixed effect").RawCodes).ToArray();
        var clusters = specification.Clusters.Select(c => evaluator.Categorical(c, "cluster variable").RawCodes).ToArray();
        var unit = needUnit
            ? (data.IsPanel
                ? data.Unit.RawCodes
                : throw new InvalidOperationException("Random effects need a panel: declare the unit and time columns when reading the data."))
            : null;
        notes.AddRange(evaluator.Notes);

        var rowCount = data.RowCount;
        var valid = new bool[rowCount];
        var missingRows = 0;
        var lostToShifts = 0;
        var hasShift = specification.RightHandSide.Append(specification.Outcome).Any(t => t.NeedsPanel);
        var rawColumns = specification.RightHandSide.Append(specification.Outcome).SelectMany(t => t.Columns).Distinct().ToArray();
        var rawValues = rawColumns.Select(c => evaluator.Evaluate(c)).ToArray();
        var missingByVariable = new int[rawColumns.Length + fixedEffects.Length + clusters.Length];
        var count = 0;
        for (var i = 0; i < rowCount; i++)
        {
            var ok = !double.IsNaN(y[i]);
            for (var j = 0; ok && j < columns.Length; j++)
            {
                ok = !double.IsNaN(columns[j][i]);
            }

            var keysPresent = true;
            for (var d = 0; d < fixedEffects.Length; d++)
            {
                if (fixedEffects[d][i] < 0)
                {
                    keysPresent = false;
                    missingByVariable[rawColumns.Length + d]++;
                }
            }

            for (var c = 0; c < clusters.Length; c++)
            {
                if (clusters[c][i] < 0)
                {
                    keysPresent = false;
                    missingByVariable[rawColumns.Length + fixedEffects.Length + c]++;
                }
            }

            if (unit is not null && unit[i] < 0)
            {
                keysPresent = false;
            }

            var rawMissing = false;
            for (var j = 0; j < rawValues.Length; j++)
            {
                if (double.IsNaN(rawValues[j][i]))
                {
                    rawMissing = true;
                    missingByVariable[j]++;
                }
            }

            valid[i] = ok && keysPresent;
            if (valid[i])
            {
                count++;
            }
            else if (!rawMissing && keysPresent && hasShift)
            {
                lostToShifts++;
            }
            else
            {
                missingRows++;
            }
        }

        if (missingRows > 0)
        {
            var detail = string.Join(", ", rawColumns.Select(c => c.Name).Concat(specification.FixedEffects.Select(f => f.Name)).Concat(specification.Clusters.Select(c => c.Name))
                .Zip(missingByVariable)
                .Where(p => p.Second > 0)
                .Select(p => $"{p.First}: {p.Second.ToString(CultureInfo.InvariantCulture)}"));
            notes.Add(new Note(NoteKind.MissingValues, $"{missingRows} rows dropped for missing values{(detail.Length > 0 ? $" (missing cells: {detail})" : string.Empty)}", missingRows));
        }

        if (lostToShifts > 0)
        {
            var shifted = string.Join(", ", specification.RightHandSide.Append(specification.Outcome).Where(t => t.NeedsPanel).Select(t => t.Name));
            notes.Add(new Note(NoteKind.LostToLags, $"{lostToShifts} rows lost to lags, leads or differences ({shifted}) at the start or end of a unit's series or at gaps", lostToShifts));
        }

        if (count == 0)
        {
            throw new InvalidOperationException(
                $"No rows left to estimate '{specification}': of {rowCount} rows, {missingRows} have a missing value and {lostToShifts} are lost to lags. Check the sample restriction and the variables' missing values.");
        }

        if (fixedEffects.Length > 0 && specification.DropSingletons)
        {
            var singletons = DropSingletons(valid, fixedEffects);
            if (singletons > 0)
            {
                count -= singletons;
                notes.Add(new Note(NoteKind.Singletons, $"{singletons} singleton observations dropped (alone in a level of {string.Join(" or ", specification.FixedEffects.Select(f => f.Name))}; removed iteratively)", singletons));
            }

            if (count == 0)
            {
                throw new InvalidOperationException($"No rows left after removing singleton observations of the fixed effects ({string.Join(", ", specification.FixedEffects.Select(f => f.Name))}); every level has one observation. Use KeepSingletons() or fewer fixed effects.");
            }
        }

        var rows = new int[count];
        for (int i = 0, r = 0; i < rowCount; i++)
        {
            if (valid[i])
            {
                rows[r++] = i;
            }
        }

        var ySample = Gather(y, rows);
        var x = new double[count * columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            var source = columns[j];
            var target = x.AsSpan(j * count, count);
            for (var r = 0; r < count; r++)
            {
                target[r] = source[rows[r]];
            }
        }

        var feCodes = fixedEffects.Select(codes => GatherCodes(codes, rows)).ToArray();
        var unitCodes = unit is null ? null : GatherCodes(unit, rows);
        return new EstimationSample(rows, ySample, x, names, feCodes, unitCodes, notes);
    }

    private static int DropSingletons(bool[] valid, int[][] fixedEffects)
    {
        var dropped = 0;
        var counts = fixedEffects.Select(codes => new int[codes.Length == 0 ? 0 : codes.Max() + 1]).ToArray();
        while (true)
        {
            foreach (var c in counts)
            {
                Array.Clear(c);
            }

            for (var i = 0; i < valid.Length; i++)
            {
                if (valid[i])
                {
                    for (var d = 0; d < fixedEffects.Length; d++)
                    {
                        counts[d][fixedEffects[d][i]]++;
                    }
                }
            }

            var droppedNow = 0;
            for (var i = 0; i < valid.Length; i++)
            {
                if (!valid[i])
                {
                    continue;
                }

                for (var d = 0; d < fixedEffects.Length; d++)
                {
                    if (counts[d][fixedEffects[d][i]] == 1)
                    {
                        valid[i] = false;
                        droppedNow++;
                        break;
                    }
                }
            }

            dropped += droppedNow;
            if (droppedNow == 0)
            {
                return dropped;
            }
        }
    }

    private static double[] Gather(double[] values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            result[r] = values[rows[r]];
        }

        return result;
    }

    private static int[] GatherCodes(int[] values, int[] rows)
    {
        var result = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            result[r] = values[rows[r]];
        }

        return result;
    }
}
