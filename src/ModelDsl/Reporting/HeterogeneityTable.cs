using ModelDsl.Inference;
using ModelDsl.Mechanisms;

namespace ModelDsl.Reporting;

/// <summary>
/// Heterogeneity tables from a <see cref="HeterogeneityResult"/>, with the groups' labels as column titles in the
/// order you choose and the test of equal effects as a row under the last column:
/// <see cref="Split"/> puts the split-sample fits side by side (the virtual-agglomeration paper's Table 4);
/// <see cref="Interactions"/> puts one full-sample column per group with only that group's interaction, then the
/// pooled model with every group's interaction (the trade-policy paper's Tables 7–9).
/// The result is a <see cref="RegressionTable"/>, so every option and output format applies.
/// </summary>
/// <remarks>
/// Numbers are read from the result; nothing is recomputed. The equality test is the result's Wald test (F with
/// G − 1 denominator degrees of freedom when clustered, χ² otherwise): for split samples the stacked (seemingly
/// unrelated) comparison, for interactions the pooled interaction model. Groups left out of the table are named in a
/// note; the test still covers every group.
/// </remarks>
/// <example>
/// <code>
/// HeterogeneityTable.Split(result, "va", ("east", "Eastern region"), ("central", "Central region"), ("west", "Western region"))
///     .Title("Heterogeneity by region")
///     .Save("table4.md");
/// </code>
/// </example>
public static class HeterogeneityTable
{
    /// <summary>The split-sample fits side by side, one column per group, with the stacked test of equal effects.</summary>
    /// <param name="result">The heterogeneity analysis.</param>
    /// <param name="regressor">The regressor whose effect is compared (its name as the results report it).</param>
    /// <param name="columns">The groups to show, in order, with their column titles; none for every group in the result's order, titled by level.</param>
    /// <exception cref="ArgumentException">A level is not one of the result's groups, or the regressor was not compared.</exception>
    public static RegressionTable Split(HeterogeneityResult result, string regressor, params (string Level, string Title)[] columns)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(regressor);
        var chosen = Choose(result, result.Groups, columns);
        var table = RegressionTable.Of(chosen.Select(c => c.Group.Fit)).ColumnTitles([.. chosen.Select(c => c.Title)]);
        return Finish(table, result, regressor, chosen.Count, Test(result.StackedEqualityTests, result, regressor), "stacked split-sample fits", chosen.Select(c => c.Group.Level));
    }

    /// <summary>
    /// One full-sample column per group with only that group's interaction (regressor × 1{group}), then a last column
    /// with every group's interaction at once; the interaction rows are labelled "<c>title</c> × <c>regressorLabel</c>".
    /// </summary>
    /// <param name="result">The heterogeneity analysis.</param>
    /// <param name="regressor">The regressor interacted with the groups (its name as the results report it).</param>
    /// <param name="regressorLabel">How the regressor is printed in the interaction rows' labels, for example "CBEC".</param>
    /// <param name="columns">The groups to show, in order, with their titles; none for every group in the result's order.</param>
    /// <exception cref="ArgumentException">A level is not one of the result's groups, or the regressor was not interacted.</exception>
    public static RegressionTable Interactions(HeterogeneityResult result, string regressor, string regressorLabel, params (string Level, string Title)[] columns)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(regressor);
        ArgumentException.ThrowIfNullOrEmpty(regressorLabel);
        var chosen = Choose(result, result.LevelInteractions, columns);
        var names = chosen.Select(c => HeterogeneitySpecification.InteractionName(regressor, result.Group, c.Group.Level)).ToArray();
        var table = RegressionTable.Of([.. chosen.Select(c => c.Group.Fit), result.Interaction])
            .ColumnTitles([.. chosen.Select(c => c.Title), "All groups"])
            .Order(names);
        for (var k = 0; k < chosen.Count; k++)
        {
            table = table.Label(names[k], $"{chosen[k].Title} × {regressorLabel}");
        }

        return Finish(table, result, regressor, chosen.Count + 1, Test(result.EqualityTests, result, regressor), "pooled interaction model", chosen.Select(c => c.Group.Level));
    }

    private static List<(HeterogeneityGroup Group, string Title)> Choose(HeterogeneityResult result, IReadOnlyList<HeterogeneityGroup> groups, (string Level, string Title)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            return [.. groups.Select(g => (g, g.Level))];
        }

        var chosen = new List<(HeterogeneityGroup, string)>();
        foreach (var (level, title) in columns)
        {
            var group = groups.FirstOrDefault(g => g.Level == level)
                ?? throw new ArgumentException($"'{level}' is not a level of '{result.Group}'; the levels are {string.Join(", ", groups.Select(g => $"'{g.Level}'"))}.", nameof(columns));
            if (chosen.Any(c => c.Item1.Level == level))
            {
                throw new ArgumentException($"The level '{level}' of '{result.Group}' is listed twice; list each group once.", nameof(columns));
            }

            chosen.Add((group, string.IsNullOrWhiteSpace(title) ? level : title));
        }

        return chosen;
    }

    private static WaldTestResult Test(IReadOnlyDictionary<string, WaldTestResult> tests, HeterogeneityResult result, string regressor)
        => tests.TryGetValue(regressor, out var test)
            ? test
            : throw new ArgumentException($"The heterogeneity analysis by '{result.Group}' compares {string.Join(", ", tests.Keys.Select(k => $"'{k}'"))}, not '{regressor}'; pass one of those names.", nameof(regressor));

    private static RegressionTable Finish(RegressionTable table, HeterogeneityResult result, string regressor, int column, WaldTestResult test, string model, IEnumerable<string> shown)
    {
        var isF = test.DenominatorDegreesOfFreedom > 0;
        var statistic = test.IsApplicable ? (isF ? test.F : test.ChiSquare) : double.NaN;
        var pValue = test.IsApplicable ? test.PValue : double.NaN;
        table = table.TestRow(isF ? "Equality test (F)" : "Equality test (χ²)", column, statistic, pValue, "Equality test p-value");
        table = table.Note(test.IsApplicable
            ? $"Equality test: equal effects of {regressor} across the groups of {result.Group} ({model}), "
                + (isF
                    ? $"F({test.NumeratorDegreesOfFreedom}, {test.DenominatorDegreesOfFreedom}) = {NumberFormat.Fixed(test.F, 2)}, {NumberFormat.PValueStatement(test.FPValue)}."
                    : $"χ²({test.NumeratorDegreesOfFreedom}) = {NumberFormat.Fixed(test.ChiSquare, 2)}, {NumberFormat.PValueStatement(test.ChiSquarePValue)}.")
            : $"Equality test of {regressor} across the groups of {result.Group} not reported: {test.Reason}");
        var hidden = result.Groups.Select(g => g.Level).Except(shown, StringComparer.Ordinal).ToList();
        return hidden.Count == 0 ? table : table.Note($"Groups not shown as columns: {string.Join(", ", hidden)} (the equality test covers every group).");
    }
}
