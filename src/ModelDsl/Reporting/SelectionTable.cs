using System.Globalization;

using ModelDsl.Estimation;

namespace ModelDsl.Reporting;

/// <summary>
/// The selection table of a (panel) logit or probit (the trade-policy paper's pilot-selection logit): one column per
/// fit with the coefficients and z statistics, the dummies of each factor (for example the year dummies of
/// <c>.Factors("year")</c>) collapsed into a "Year dummies: Yes" row, then N, pseudo R² and the log likelihood.
/// The result is a <see cref="RegressionTable"/>, so every option and output format applies.
/// </summary>
/// <remarks>
/// Numbers are read from the <see cref="BinaryChoiceResult"/>s; nothing is recomputed. Pseudo R² is McFadden's,
/// 1 − ln L / ln L₀, as the result reports it.
/// </remarks>
/// <example>
/// <code>
/// SelectionTable.Of(logit).Title("Panel logit of pilot-area selection").Stars(StarThresholds.Strict).Save("tableL.md");
/// </code>
/// </example>
public static class SelectionTable
{
    /// <summary>Lays out logit or probit fits with their factor dummies collapsed into indicator rows.</summary>
    /// <param name="results">The fits (at least one).</param>
    public static RegressionTable Of(params BinaryChoiceResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = RegressionTable.Of(results).Statistics(SummaryStatistic.Observations);
        foreach (var factor in results.SelectMany(r => r.Factors).Distinct(StringComparer.Ordinal))
        {
            // Factor dummies are named "factor=level" by the binary-choice design.
            var prefix = factor + "=";
            var dummies = results.SelectMany(r => r.Coefficients.Select(c => c.Name)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
            if (dummies.Length > 0)
            {
                table = table.Indicator(char.ToUpper(factor[0], CultureInfo.InvariantCulture) + factor[1..] + " dummies", dummies);
            }
        }

        return table;
    }
}
