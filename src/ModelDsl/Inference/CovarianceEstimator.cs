using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;

namespace ModelDsl.Inference;

/// <summary>
/// The cluster codes of a linear fit's estimation sample, for the callers that studentize their own statistics
/// (randomisation inference, the mediation bootstrap). The variance estimators themselves are in
/// <see cref="VarianceEstimators"/> and read codes through <see cref="VarianceInput.ClusterCodes"/>.
/// </summary>
internal static class CovarianceEstimator
{
    /// <summary>The codes of a cluster variable on the estimation sample, compacted to 0 .. G − 1.</summary>
    internal static (int[] Codes, int Groups) ClusterCodes(LinearFit fit, ColumnTerm variable)
    {
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

    internal static CategoricalColumn ResolveCategorical(PanelData data, ColumnTerm variable)
    {
        var column = variable.Ordinal is { } ordinal ? data.Columns[ordinal] : data[variable.ColumnName];
        return column as CategoricalColumn
            ?? throw new InvalidOperationException(
                $"Cluster variable '{variable.Name}' is a numeric column; clustering needs a categorical column. Declare it categorical when reading the data.");
    }
}
