using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Design;

/// <summary>A cluster variable of the model on its estimation sample.</summary>
/// <param name="Variable">The cluster variable as the specification names it.</param>
/// <param name="Codes">One code per sample row, compacted to 0 .. <paramref name="Groups"/> − 1 in order of first appearance (never written after construction).</param>
/// <param name="Groups">The number of clusters in the sample.</param>
internal sealed record SampleCluster(ColumnTerm Variable, int[] Codes, int Groups);

/// <summary>
/// The rows a model is estimated on and its variables there: <see cref="Matrix"/> = [y | X] (n×(k+1)
/// column-major, outcome first), fixed-effect, unit and cluster codes; with notes for every row removed and why.
/// </summary>
/// <remarks>The cluster codes are computed here once, on the sample's rows, and travel with the fit: every variance
/// computed from the fit, the placebo draws and the mediation bootstrap reuse them instead of looking the column up again.</remarks>
/// <remarks>The variables are gathered once into one array that the least-squares fit then demeans in place, so a
/// fit holds one copy of its design, never one per stage.</remarks>
internal sealed class EstimationSample
{
    private double[]? _y;
    private double[]? _x;

    private EstimationSample(int[] rows, double[] matrix, string[] names, int[][] fixedEffectCodes, int[]? unitCodes, SampleCluster[] clusters, List<Note> notes)
    {
        Clusters = clusters;
        Rows = rows;
        Matrix = matrix;
        Names = names;
        FixedEffectCodes = fixedEffectCodes;
        UnitCodes = unitCodes;
        Notes = notes;
    }

    internal int[] Rows { get; }

    internal int Count => Rows.Length;

    /// <summary>[y | X], n×(k+1) column-major; the caller may overwrite it (it is not shared).</summary>
    internal double[] Matrix { get; }

    /// <summary>A copy of y as gathered (made on first use; take it before overwriting <see cref="Matrix"/>).</summary>
    internal double[] Y => _y ??= Matrix.AsSpan(0, Count).ToArray();

    /// <summary>A copy of X (n×k column-major) as gathered (made on first use; take it before overwriting <see cref="Matrix"/>).</summary>
    internal double[] X => _x ??= Matrix.AsSpan(Count).ToArray();

    internal string[] Names { get; }

    internal int[][] FixedEffectCodes { get; }

    internal int[]? UnitCodes { get; }

    /// <summary>The specification's cluster variables on the sample, in the order it names them.</summary>
    internal SampleCluster[] Clusters { get; }

    internal List<Note> Notes { get; }

    /// <summary>Evaluates the model's terms and selects the complete rows, dropping singletons when asked.</summary>
    internal static EstimationSample Build(SampleRequest specification, PanelData data, bool needUnit)
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
        // Column by column (each array streamed once): a row is complete when y, every regressor and every key is
        // present; raw inputs are counted per variable for the note.
        var complete = new bool[rowCount];
        var present = new bool[rowCount];
        Array.Fill(complete, true);
        Array.Fill(present, true);
        MarkMissing(y, complete);
        foreach (var column in columns)
        {
            MarkMissing(column, complete);
        }

        for (var d = 0; d < fixedEffects.Length; d++)
        {
            missingByVariable[rawColumns.Length + d] = MarkMissing(fixedEffects[d], present);
        }

        for (var c = 0; c < clusters.Length; c++)
        {
            missingByVariable[rawColumns.Length + fixedEffects.Length + c] = MarkMissing(clusters[c], present);
        }

        if (unit is not null)
        {
            MarkMissing(unit, present);
        }

        var rawMissing = new bool[rowCount];
        for (var j = 0; j < rawValues.Length; j++)
        {
            var values = rawValues[j];
            var missing = 0;
            for (var i = 0; i < rowCount; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    rawMissing[i] = true;
                    missing++;
                }
            }

            missingByVariable[j] = missing;
        }

        var count = 0;
        for (var i = 0; i < rowCount; i++)
        {
            var keysPresent = present[i];
            valid[i] = complete[i] && keysPresent;
            if (valid[i])
            {
                count++;
            }
            else if (!rawMissing[i] && keysPresent && hasShift)
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

        var matrix = new double[count * (columns.Length + 1)];
        var all = columns.Prepend(y).ToArray();
        var full = count == rowCount;
        Parallel.For(0, all.Length, new ParallelOptions { MaxDegreeOfParallelism = count >= 100_000 ? Environment.ProcessorCount : 1 }, j =>
        {
            var target = matrix.AsSpan(j * count, count);
            if (full)
            {
                all[j].AsSpan().CopyTo(target);
                return;
            }

            var source = all[j];
            for (var r = 0; r < count; r++)
            {
                target[r] = source[rows[r]];
            }
        });

        var feCodes = fixedEffects.Select(codes => GatherCodes(codes, rows)).ToArray();
        var unitCodes = unit is null ? null : GatherCodes(unit, rows);
        var sampleClusters = specification.Clusters.Zip(clusters, (variable, codes) =>
        {
            var (compact, groups) = FixedEffectStructure.Compact(GatherCodes(codes, rows), variable.Name);
            return new SampleCluster(variable, compact, groups);
        }).ToArray();
        return new EstimationSample(rows, matrix, names, feCodes, unitCodes, sampleClusters, notes);
    }

    // flags[i] &= value present; returns the number of missing values.
    private static int MarkMissing(double[] values, bool[] flags)
    {
        var missing = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                flags[i] = false;
                missing++;
            }
        }

        return missing;
    }

    private static int MarkMissing(int[] codes, bool[] flags)
    {
        var missing = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] < 0)
            {
                flags[i] = false;
                missing++;
            }
        }

        return missing;
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

    /// <summary>values[rows[i]] for every i; <paramref name="values"/> itself (never written) when <paramref name="rows"/> is every row in order (an increasing subset of full length).</summary>
    internal static int[] GatherCodes(int[] values, int[] rows)
    {
        if (rows.Length == values.Length)
        {
            return values;
        }

        var result = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            result[r] = values[rows[r]];
        }

        return result;
    }
}
