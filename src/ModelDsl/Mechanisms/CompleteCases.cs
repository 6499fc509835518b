using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>Restricts a data set to the rows complete in every variable of a family of models, so that each model is fitted on the same sample.</summary>
internal static class CompleteCases
{
    /// <summary>The rows of <paramref name="data"/> with no missing value in <paramref name="terms"/>, the fixed effects, the clusters and <paramref name="categorical"/>.</summary>
    internal static (PanelData Data, int[] Rows) Select(PanelData data, IEnumerable<Term> terms, RegressionSpecification template, IEnumerable<ColumnTerm>? categorical = null)
    {
        var evaluator = new TermEvaluator(data);
        var numeric = terms.Distinct().Select(evaluator.Evaluate).ToArray();
        var codes = template.FixedEffects.Select(f => evaluator.Categorical(f, "fixed effect").RawCodes)
            .Concat(template.Clusters.Select(c => evaluator.Categorical(c, "cluster variable").RawCodes))
            .Concat((categorical ?? []).Select(c => evaluator.Categorical(c, "group variable").RawCodes))
            .ToArray();
        var rows = new List<int>(data.RowCount);
        for (var i = 0; i < data.RowCount; i++)
        {
            var ok = true;
            foreach (var column in numeric)
            {
                if (double.IsNaN(column[i]))
                {
                    ok = false;
                    break;
                }
            }

            foreach (var column in codes)
            {
                ok &= column[i] >= 0;
            }

            if (ok)
            {
                rows.Add(i);
            }
        }

        var dropped = data.RowCount - rows.Count;
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"No row of the {data.RowCount} has every variable ({string.Join(", ", terms.Select(t => t.Name))}) present; check the variables' missing values.");
        }

        if (dropped == 0)
        {
            return (data, rows.ToArray());
        }

        var note = new Note(NoteKind.MissingValues, $"{dropped} rows dropped so that every model uses the same complete cases of {string.Join(", ", terms.Distinct().Select(t => t.Name))}", dropped);
        return (data.SelectRows(rows.ToArray(), note), rows.ToArray());
    }
}
