using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// The cluster codes of a linear fit's estimation sample: those the sample computed when the model names the variable,
/// else looked up once on the sample rows. The variance estimators read them through <c>VarianceInput.ClusterCodes</c>;
/// randomisation inference and the mediation bootstrap, which studentize their own statistics, read them here.
/// </summary>
internal static class FitClusters
{
    /// <summary>
    /// The codes of a cluster variable on the estimation sample, compacted to 0 .. G − 1: the ones the sample computed
    /// when the model names the variable, else (a variance asked for later, <c>WithVcov</c>) looked up here.
    /// </summary>
    internal static (int[] Codes, int Groups) CodesOf(LinearFit fit, ColumnTerm variable)
    {
        if (fit.Clusters.FirstOrDefault(c => c.Variable == variable) is { } known)
        {
            return (known.Codes, known.Groups);
        }

        var column = ResolveCategorical(fit.Data, variable);
        var all = column.RawCodes;
        var sample = new int[fit.SampleRows.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            var code = all[fit.SampleRows[i]];
            if (code < 0)
            {
                throw new InvalidOperationException(
                    $"Cluster variable '{variable.Name}' is missing in row {fit.SampleRows[i] + 1} of the estimation sample; name it in the model (Cluster(\"{variable.Name}\")) before fitting so that such rows are dropped.");
            }

            sample[i] = code;
        }

        return FixedEffectStructure.Compact(sample, variable.Name);
    }

    /// <summary>
    /// The notes for cluster variables that <paramref name="vcov"/> asks for after the fit (not named in the model, so
    /// the sample did not resolve them) and that are numeric columns of integers read as levels.
    /// </summary>
    internal static IEnumerable<Note> IntegerLevelNotes(LinearFit fit, Vcov vcov)
    {
        foreach (var variable in vcov.Clusters)
        {
            // A custom estimator may name a variable it never reads; only columns that exist can have been converted.
            if (fit.Clusters.Any(c => c.Variable == variable) || (variable.Ordinal is null && !fit.Data.Contains(variable.ColumnName)))
            {
                continue;
            }

            var column = variable.Ordinal is { } ordinal ? fit.Data.Columns[ordinal] : fit.Data[variable.ColumnName];
            if (column is NumericColumn numeric && IntegerLevels.HoldsIntegers(numeric))
            {
                yield return IntegerLevels.Note(variable.Name, ["cluster variable"], ResolveCategorical(fit.Data, variable).LevelCount);
            }
        }
    }

    /// <summary>The cluster variable's categorical column, or its numeric column of integers read as levels (<see cref="IntegerLevels"/>).</summary>
    internal static CategoricalColumn ResolveCategorical(PanelData data, ColumnTerm variable)
    {
        var column = variable.Ordinal is { } ordinal ? data.Columns[ordinal] : data[variable.ColumnName];
        return IntegerLevels.Resolve(column, variable.Name, "cluster variable");
    }
}
