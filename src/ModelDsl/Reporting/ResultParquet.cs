using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>Writes the coefficient table of a result to Parquet, one row per coefficient, for analysis in other tools (DuckDB, R's arrow, pandas).</summary>
/// <remarks>
/// Columns: <c>term</c> (string), <c>estimate</c>, <c>std_error</c>, <c>statistic</c>, <c>p_value</c>,
/// <c>conf_low</c>, <c>conf_high</c> (doubles), in the result's coefficient order: the names of R's
/// <c>broom::tidy</c>, so a table of many models is a union of files. The file's key-value metadata holds the
/// estimator, the dependent variable, the observations and the variance estimator where the result has them.
/// Read it back with <see cref="PanelData.ReadParquet"/>.
/// </remarks>
public static class ResultParquet
{
    /// <summary>Writes <paramref name="result"/>'s coefficients to a Parquet file (replaced if it exists).</summary>
    /// <param name="result">The regression.</param>
    /// <param name="path">The file to write.</param>
    public static void WriteParquet(this RegressionResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        WriteCoefficients(result.Coefficients, path, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["modeldsl.estimator"] = result.Estimator,
            ["modeldsl.dependent"] = result.Dependent,
            ["modeldsl.observations"] = result.Observations.ToString(CultureInfo.InvariantCulture),
            ["modeldsl.variance"] = result.Vcov.Description,
        });
    }

    /// <summary>Writes coefficients (of any result) to a Parquet file (replaced if it exists).</summary>
    /// <param name="coefficients">The coefficients, in the order to write.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">Key-value metadata to store in the file (e.g. the estimator), or none.</param>
    public static void WriteCoefficients(IReadOnlyList<Coefficient> coefficients, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Column[] columns =
        [
            CategoricalColumn.FromLabels("term", coefficients.Select(c => (string?)c.Name).ToArray()),
            new NumericColumn("estimate", coefficients.Select(c => c.Estimate).ToArray()),
            new NumericColumn("std_error", coefficients.Select(c => c.StandardError).ToArray()),
            new NumericColumn("statistic", coefficients.Select(c => c.TStatistic).ToArray()),
            new NumericColumn("p_value", coefficients.Select(c => c.PValue).ToArray()),
            new NumericColumn("conf_low", coefficients.Select(c => c.ConfidenceLow).ToArray()),
            new NumericColumn("conf_high", coefficients.Select(c => c.ConfidenceHigh).ToArray()),
        ];
        ParquetTableWriter.Write(path, columns, metadata);
    }
}
