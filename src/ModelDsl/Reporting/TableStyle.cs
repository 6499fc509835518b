using System.Collections.Immutable;

namespace ModelDsl.Reporting;

/// <summary>
/// A paper's house style for regression tables, declared once and applied to every table of a study: variable
/// labels, the coefficient order, which controls collapse into a "Controls: Yes" row, fixed-effect row labels,
/// the statistic under each estimate, brackets, stars and decimals. Immutable: every option returns a new style.
/// </summary>
/// <remarks>
/// A style holds presentation only; the content of a particular table (its title, column titles, added rows and
/// test rows) stays on the table. <see cref="RegressionTable.Style(TableStyle)"/> applies the options in the order
/// they were declared, so an option set on the table after the style (for example a different
/// <see cref="RegressionTable.Order(string[])"/> for one table) overrides the style's.
/// Every table built from results (<c>RegressionTable.Of</c>, <see cref="MediationTable"/>,
/// <see cref="HeterogeneityTable"/>, <see cref="PsmTable"/>, <see cref="SelectionTable"/>) is a
/// <see cref="RegressionTable"/> and takes the same style.
/// </remarks>
/// <example>
/// <code>
/// var paper = TableStyle.Default
///     .Label("cbec", "CBEC")
///     .Label(RegressionResult.InterceptName, "Constant")
///     .Controls()
///     .FixedEffectLabel("city", "Urban fixed effect")
///     .Stars(StarThresholds.Strict);
/// RegressionTable.Of(m1, m2).Style(paper).Title("Table 4. Baseline regression results").Save("table4.tex");
/// </code>
/// </example>
public sealed class TableStyle
{
    private readonly ImmutableArray<Func<RegressionTable, RegressionTable>> steps;

    private TableStyle(ImmutableArray<Func<RegressionTable, RegressionTable>> steps) => this.steps = steps;

    /// <summary>The style that changes nothing: the tables' defaults (t statistics in parentheses, 10/5/1 % stars).</summary>
    public static TableStyle Default { get; } = new([]);

    /// <summary>Shows <paramref name="label"/> instead of a variable's name (coefficients, outcomes, fixed effects, clusters).</summary>
    /// <param name="name">The name as the results report it.</param>
    /// <param name="label">The label to print.</param>
    public TableStyle Label(string name, string label)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(label);
        return Then(table => table.Label(name, label));
    }

    /// <summary>Sets several labels at once (see <see cref="Label(string, string)"/>).</summary>
    /// <param name="labels">Names mapped to labels.</param>
    public TableStyle Labels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var copy = labels.ToImmutableArray();
        return Then(table => table.Labels(copy));
    }

    /// <summary>Puts these coefficients first, in this order (see <see cref="RegressionTable.Order(string[])"/>).</summary>
    /// <param name="names">Coefficient names as the results report them.</param>
    public TableStyle Order(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var copy = names.ToArray();
        return Then(table => table.Order(copy));
    }

    /// <summary>Collapses controls into one "Controls: Yes/No" row (see <see cref="RegressionTable.Controls(string[])"/>).</summary>
    /// <param name="names">The controls' coefficient names, or none to use each specification's controls.</param>
    public TableStyle Controls(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var copy = names.ToArray();
        return Then(table => table.Controls(copy));
    }

    /// <summary>Hides these coefficients behind a Yes/No row with the given label (see <see cref="RegressionTable.Indicator(string, string[])"/>).</summary>
    /// <param name="label">The row label, for example "Province trends".</param>
    /// <param name="names">The coefficient names the row stands for.</param>
    public TableStyle Indicator(string label, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(names);
        var copy = names.ToArray();
        return Then(table => table.Indicator(label, copy));
    }

    /// <summary>Hides these coefficients without an indicator row.</summary>
    /// <param name="names">Coefficient names as the results report them.</param>
    public TableStyle Drop(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var copy = names.ToArray();
        return Then(table => table.Drop(copy));
    }

    /// <summary>Sets the label of a fixed effect's Yes/No row.</summary>
    /// <param name="fixedEffect">The fixed effect's name as the results report it.</param>
    /// <param name="label">The row label, for example "Year fixed effect".</param>
    public TableStyle FixedEffectLabel(string fixedEffect, string label)
    {
        ArgumentNullException.ThrowIfNull(fixedEffect);
        ArgumentNullException.ThrowIfNull(label);
        return Then(table => table.FixedEffectLabel(fixedEffect, label));
    }

    /// <summary>Whether to show one Yes/No row per fixed effect.</summary>
    /// <param name="show">Whether to show the rows.</param>
    public TableStyle FixedEffectRows(bool show) => Then(table => table.FixedEffectRows(show));

    /// <summary>Chooses the statistic printed under the coefficients.</summary>
    /// <param name="statistic">The statistic.</param>
    public TableStyle Below(CoefficientStatistic statistic) => Then(table => table.Below(statistic));

    /// <summary>Prints standard errors instead of t statistics under the coefficients.</summary>
    public TableStyle StandardErrors() => Below(CoefficientStatistic.StandardError);

    /// <summary>Puts the statistic under each coefficient in brackets instead of parentheses.</summary>
    public TableStyle Brackets() => Then(table => table.Brackets());

    /// <summary>Sets the significance thresholds, for example <see cref="StarThresholds.Strict"/> (5/1/0.1 %).</summary>
    /// <param name="thresholds">The thresholds.</param>
    public TableStyle Stars(StarThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return Then(table => table.Stars(thresholds));
    }

    /// <summary>Sets the decimals of coefficients, of the statistic under them and of R² rows.</summary>
    /// <param name="coefficients">Decimals of estimates.</param>
    /// <param name="statistic">Decimals of the statistic under each estimate.</param>
    /// <param name="summary">Decimals of R² rows.</param>
    public TableStyle Decimals(int coefficients, int? statistic = null, int? summary = null)
    {
        // Validated now, where the style is declared, rather than at the first table that uses it.
        NumberFormat.CheckDecimals(coefficients, nameof(coefficients));
        if (statistic is { } s)
        {
            NumberFormat.CheckDecimals(s, nameof(statistic));
        }

        if (summary is { } r)
        {
            NumberFormat.CheckDecimals(r, nameof(summary));
        }

        return Then(table => table.Decimals(coefficients, statistic, summary));
    }

    /// <summary>Chooses the summary rows and their order.</summary>
    /// <param name="statistics">The rows to show.</param>
    public TableStyle Statistics(params SummaryStatistic[] statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var copy = statistics.ToArray();
        return Then(table => table.Statistics(copy));
    }

    /// <summary>Whether to state the variance estimator(s) in the notes.</summary>
    /// <param name="show">Whether to state it.</param>
    public TableStyle VarianceNote(bool show) => Then(table => table.VarianceNote(show));

    /// <summary>Adds a note line under every table of this style (for example the data source).</summary>
    /// <param name="note">The note.</param>
    public TableStyle Note(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return Then(table => table.Note(note));
    }

    internal RegressionTable ApplyTo(RegressionTable table)
    {
        foreach (var step in steps)
        {
            table = step(table);
        }

        return table;
    }

    private TableStyle Then(Func<RegressionTable, RegressionTable> step) => new(steps.Add(step));
}
