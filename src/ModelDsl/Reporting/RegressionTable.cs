using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Causal;
using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>The statistic printed under each coefficient.</summary>
public enum CoefficientStatistic
{
    /// <summary>The t (or z) statistic the result reports.</summary>
    TStatistic,

    /// <summary>The standard error the result reports.</summary>
    StandardError,

    /// <summary>The p-value the result reports.</summary>
    PValue,

    /// <summary>The confidence interval the result reports, as <c>[low, high]</c>.</summary>
    ConfidenceInterval,
}

/// <summary>A model-level number shown at the bottom of a regression table.</summary>
public enum SummaryStatistic
{
    /// <summary>The number of observations (row label "N").</summary>
    Observations,

    /// <summary>R².</summary>
    RSquared,

    /// <summary>Adjusted R².</summary>
    RSquaredAdjusted,

    /// <summary>Within R² (fixed-effects models).</summary>
    RSquaredWithin,

    /// <summary>The number of clusters, one row per clustering dimension.</summary>
    Clusters,
}

/// <summary>
/// Models side by side as in a paper: coefficients with stars, the t statistic (or standard error) under each,
/// indicator rows for collapsed controls and fixed effects, and N, R² and clusters at the bottom.
/// Immutable: every option returns a new table. Numbers (including the p-values behind the stars) are read
/// from the results; nothing is recomputed.
/// </summary>
/// <example>
/// <code>
/// RegressionTable.Of(m1, m2, m3)
///     .Title("Baseline regression results")
///     .Label("cbec", "CBEC")
///     .Controls("ln_pop", "ln_gdp", "infra")
///     .FixedEffectLabel("city", "City FE")
///     .Save("table4.tex");
/// </code>
/// </example>
public sealed class RegressionTable : PublicationTable
{
    private static readonly string[] InterceptNames = ["(Intercept)", "Intercept", "intercept", "_cons", "const", "Constant", "constant", "(const)"];

    private readonly ImmutableArray<RegressionColumn> models;
    private readonly Settings settings;

    private RegressionTable(ImmutableArray<RegressionColumn> models, Settings settings)
    {
        this.models = models;
        this.settings = settings;
    }

    /// <summary>The number of model columns.</summary>
    public int ModelCount => models.Length;

    /// <summary>Puts fitted models side by side, one column each, in the order given.</summary>
    /// <param name="results">The fitted models (at least one).</param>
    /// <exception cref="ArgumentException">No results were given.</exception>
    public static RegressionTable Of(params RegressionResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(RegressionColumn.From));
    }

    /// <summary>Puts fitted models side by side, one column each, in the order given.</summary>
    /// <param name="results">The fitted models (at least one).</param>
    public static RegressionTable Of(IEnumerable<RegressionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(RegressionColumn.From));
    }

    /// <summary>Puts the models of a set (for example a stepwise fit, controls added one at a time) side by side.</summary>
    /// <param name="models">The fitted model set.</param>
    public static RegressionTable Of(ModelSet models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return FromColumns(models.Select(RegressionColumn.From));
    }

    /// <summary>Puts logit or probit fits side by side (z statistics; pseudo R² and log likelihood at the bottom).</summary>
    /// <param name="results">The fitted models (at least one).</param>
    public static RegressionTable Of(params BinaryChoiceResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(RegressionColumn.From));
    }

    /// <summary>Puts instrumental-variables fits side by side (z statistics, or t with Stata's <c>small</c>; the estimator, κ and Hansen's J at the bottom).</summary>
    /// <param name="results">The fitted models (at least one).</param>
    public static RegressionTable Of(params InstrumentalResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(RegressionColumn.From));
    }

    /// <summary>
    /// Puts dynamic-panel GMM fits side by side (z statistics; the estimator, instrument and group counts, AR(1), AR(2),
    /// Hansen, Sargan and, for system GMM, the difference-in-Hansen test of the level instruments at the bottom).
    /// </summary>
    /// <param name="results">The fitted models (at least one).</param>
    public static RegressionTable Of(params DynamicPanelResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(RegressionColumn.From));
    }

    /// <summary>
    /// Puts matching estimates side by side (the trade-policy paper's Table 6): one "ATT" row with its standard error
    /// (shown by default instead of z) and the counts of treated, on-support, control and used control units.
    /// </summary>
    /// <param name="results">The matching results (at least one).</param>
    public static RegressionTable Of(params MatchingResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = FromColumns(results.Select(RegressionColumn.From));
        return table.With(table.settings with { Statistic = CoefficientStatistic.StandardError, Summary = [SummaryStatistic.Observations] });
    }

    /// <summary>
    /// Appends further least-squares fits as columns to the right of the table's models, keeping every option already
    /// set (rows added with <see cref="AddRow"/> and column titles get an empty cell for each new column).
    /// </summary>
    /// <param name="results">The fitted models to append (at least one).</param>
    /// <exception cref="ArgumentException">No results were given.</exception>
    public RegressionTable AddColumns(params RegressionResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Append(results.Select(RegressionColumn.From));
    }

    /// <summary>
    /// Appends instrumental-variables fits as columns to the right of the table's models (the IV column of a robustness
    /// table beside its OLS columns), each with the identification diagnostics papers print under it: the first-stage F
    /// of each endogenous regressor and the Kleibergen–Paap rk LM (with its p-value) and rk Wald F statistics.
    /// </summary>
    /// <remarks>
    /// The diagnostics are those of <see cref="InstrumentalResult.Diagnose"/> under the fit's own variance (ivreg2's
    /// conventions; docs/instrumental-diagnostics.md); the least-squares columns show empty cells in their rows. For the
    /// first stage beside the second, with Cragg–Donald, Stock–Yogo and the overidentification test, use
    /// <see cref="InstrumentalTable.Of(InstrumentalResult)"/>.
    /// </remarks>
    /// <param name="results">The fitted instrumental-variables models to append (at least one).</param>
    /// <exception cref="ArgumentException">No results were given.</exception>
    public RegressionTable AddColumns(params InstrumentalResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Append(results.Select(InstrumentalTable.DiagnosedColumn));
    }

    /// <summary>Appends dynamic-panel GMM fits as columns to the right of the table's models (a GMM column beside fixed-effects columns), with their rows as <see cref="Of(DynamicPanelResult[])"/> shows them.</summary>
    /// <param name="results">The fitted dynamic-panel models to append (at least one).</param>
    /// <exception cref="ArgumentException">No results were given.</exception>
    public RegressionTable AddColumns(params DynamicPanelResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Append(results.Select(RegressionColumn.From));
    }


    /// <summary>Puts imputation (Borusyak–Jaravel–Spiess) event studies side by side: the ATT, then each horizon (z statistics).</summary>
    /// <param name="results">The fitted imputation estimators (at least one).</param>
    public static RegressionTable Of(params ImputationResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(r => RegressionColumn.From(r)));
    }

    /// <summary>Puts DID_M fits side by side: the effect and its placebo (z statistics from the bootstrap standard error).</summary>
    /// <param name="results">The fitted DID_M estimators (at least one).</param>
    public static RegressionTable Of(params SwitchingDidResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return FromColumns(results.Select(r => RegressionColumn.From(r)));
    }

    /// <summary>
    /// Adds an imputation estimator as a further column, its ATT in the row <paramref name="asCoefficient"/> (the TWFE
    /// treatment's name, so that the two estimates line up: <c>RegressionTable.Of(twfe).AddColumn(imputation, "cbec")</c>).
    /// </summary>
    /// <param name="result">The fitted imputation estimator.</param>
    /// <param name="asCoefficient">The row of its ATT (default <c>ATT</c>).</param>
    /// <param name="horizons">Whether to show its horizon rows too (default false: the ATT only).</param>
    public RegressionTable AddColumn(ImputationResult result, string asCoefficient = "ATT", bool horizons = false)
    {
        var column = RegressionColumn.From(result, asCoefficient);
        if (!horizons)
        {
            column = column with { Coefficients = [column.Coefficients[0]] };
        }

        return Append([column]);
    }

    /// <summary>Adds a DID_M estimate as a further column, in the row <paramref name="asCoefficient"/>, with its placebo.</summary>
    /// <param name="result">The fitted DID_M estimator.</param>
    /// <param name="asCoefficient">The row of the effect (default <c>DID_M</c>).</param>
    public RegressionTable AddColumn(SwitchingDidResult result, string asCoefficient = "DID_M")
        => Append([RegressionColumn.From(result, asCoefficient)]);

    internal static RegressionTable FromColumns(IEnumerable<RegressionColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var list = columns.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A regression table needs at least one model; found none. Pass the fitted results to RegressionTable.Of(...).", nameof(columns));
        }

        return new RegressionTable(list, new Settings());
    }

    /// <summary>Applies a study's house style (labels, order, collapsed controls, fixed-effect rows, stars, decimals); options set after it override it.</summary>
    /// <param name="style">The style, declared once per study.</param>
    public RegressionTable Style(TableStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        return style.ApplyTo(this);
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text, for example "Baseline regression results".</param>
    public RegressionTable Title(string title) => With(settings with { Title = title });

    /// <summary>Shows <paramref name="label"/> instead of a variable's name (for coefficients, outcomes, fixed effects and clusters).</summary>
    /// <param name="name">The name as the result reports it (for example <c>cbec</c> or <c>log(gsp)</c>).</param>
    /// <param name="label">The label to print (for example <c>CBEC</c>).</param>
    public RegressionTable Label(string name, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(label);
        return With(settings with { Labels = settings.Labels.SetItem(name, label) });
    }

    /// <summary>Sets several labels at once (see <see cref="Label(string, string)"/>).</summary>
    /// <param name="labels">Names mapped to labels.</param>
    public RegressionTable Labels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return With(settings with { Labels = settings.Labels.SetItems(labels) });
    }

    /// <summary>Puts these coefficients first, in this order; the others follow in order of first appearance, the intercept last.</summary>
    /// <param name="names">Coefficient names as the results report them.</param>
    public RegressionTable Order(params string[] names) => With(settings with { Order = [.. names ?? throw new ArgumentNullException(nameof(names))] });

    /// <summary>Shows only these coefficients (indicator rows still report collapsed controls).</summary>
    /// <param name="names">Coefficient names as the results report them.</param>
    public RegressionTable Keep(params string[] names) => With(settings with { Keep = [.. names ?? throw new ArgumentNullException(nameof(names))] });

    /// <summary>
    /// The robustness-table layout: shows only these core coefficients and hides every other coefficient (the
    /// intercept included) behind one "Controls: Yes/No" row, Yes where a model has any of them. Fixed-effect rows and
    /// the summary rows stay.
    /// </summary>
    /// <param name="names">The core coefficients as the results report them, for example the treatment.</param>
    /// <exception cref="ArgumentException">No names, or a name no model has.</exception>
    public RegressionTable Core(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length == 0)
        {
            throw new ArgumentException("Core needs at least one coefficient to show, for example the treatment; found none.", nameof(names));
        }

        var appearance = models.SelectMany(m => m.Coefficients.Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToList();
        var missing = names.Where(n => !appearance.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"No model has the core coefficient(s) {string.Join(", ", missing.Select(n => $"'{n}'"))}; the models have {string.Join(", ", appearance.Select(n => $"'{n}'"))}.", nameof(names));
        }

        var others = appearance.Where(n => !names.Contains(n) && !InterceptNames.Contains(n)).ToArray();
        var kept = Keep(names);
        return others.Length == 0 ? kept : kept.Indicator("Controls", others);
    }

    /// <summary>Hides these coefficients without an indicator row.</summary>
    /// <param name="names">Coefficient names as the results report them.</param>
    public RegressionTable Drop(params string[] names) => With(settings with { Drop = settings.Drop.Union(names ?? throw new ArgumentNullException(nameof(names))) });

    /// <summary>
    /// Hides control variables behind a "Controls: Yes/No" row. With names, those coefficients are hidden and a model
    /// says Yes when it has any of them; without names, the controls each model's specification lists
    /// (<c>.Controls(...)</c> in the model) are hidden and a model says Yes when its specification has controls.
    /// </summary>
    /// <param name="names">The controls' coefficient names, or none to use the specifications' controls.</param>
    public RegressionTable Controls(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length > 0)
        {
            return Indicator("Controls", names);
        }

        if (models.All(m => m.ControlNames.IsEmpty))
        {
            throw new ArgumentException("None of the models' specifications lists control variables, so there is nothing to collapse into a Controls row. Name the coefficients to hide: Controls(\"ln_pop\", \"ln_gdp\").", nameof(names));
        }

        return With(settings with { Indicators = settings.Indicators.Add(new IndicatorRow("Controls", [], FromSpecification: true)) });
    }

    /// <summary>Hides these coefficients behind a Yes/No row with the given label (Yes where a model has any of them).</summary>
    /// <param name="label">The row label, for example "Province trends".</param>
    /// <param name="names">The coefficient names the row stands for.</param>
    public RegressionTable Indicator(string label, params string[] names)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length == 0)
        {
            throw new ArgumentException($"The indicator row '{label}' needs at least one coefficient name to stand for; found none.", nameof(names));
        }

        return With(settings with { Indicators = settings.Indicators.Add(new IndicatorRow(label, [.. names])) });
    }

    /// <summary>Sets the label of a fixed effect's Yes/No row (default "<c>name</c> FE").</summary>
    /// <param name="fixedEffect">The fixed effect's name as the result reports it (for example <c>city</c>).</param>
    /// <param name="label">The row label (for example "City FE").</param>
    public RegressionTable FixedEffectLabel(string fixedEffect, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(fixedEffect);
        ArgumentException.ThrowIfNullOrEmpty(label);
        return With(settings with { FixedEffectLabels = settings.FixedEffectLabels.SetItem(fixedEffect, label) });
    }

    /// <summary>Whether to show one Yes/No row per fixed effect (on by default when a model has fixed effects).</summary>
    /// <param name="show">Whether to show the rows.</param>
    public RegressionTable FixedEffectRows(bool show) => With(settings with { ShowFixedEffects = show });

    /// <summary>Prints standard errors instead of t statistics under the coefficients.</summary>
    public RegressionTable StandardErrors() => Below(CoefficientStatistic.StandardError);

    /// <summary>Chooses the statistic printed under the coefficients (default: the t statistic).</summary>
    /// <param name="statistic">The statistic.</param>
    public RegressionTable Below(CoefficientStatistic statistic) => With(settings with { Statistic = statistic });

    /// <summary>Puts the statistic under each coefficient in brackets instead of parentheses.</summary>
    public RegressionTable Brackets() => With(settings with { UseBrackets = true });

    /// <summary>Sets the significance thresholds (default <see cref="StarThresholds.Conventional"/>: 10/5/1 %).</summary>
    /// <param name="thresholds">The thresholds, for example <see cref="StarThresholds.Strict"/> (5/1/0.1 %).</param>
    public RegressionTable Stars(StarThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return With(settings with { Thresholds = thresholds });
    }

    /// <summary>Sets the decimals of coefficients (default 4), of the statistic under them (default 2; standard errors default to the coefficients') and of R² rows (default 4).</summary>
    /// <param name="coefficients">Decimals of estimates.</param>
    /// <param name="statistic">Decimals of the statistic under each estimate.</param>
    /// <param name="summary">Decimals of R² rows.</param>
    public RegressionTable Decimals(int coefficients, int? statistic = null, int? summary = null)
    {
        NumberFormat.CheckDecimals(coefficients, nameof(coefficients));
        if (statistic is { } s)
        {
            NumberFormat.CheckDecimals(s, nameof(statistic));
        }

        if (summary is { } r)
        {
            NumberFormat.CheckDecimals(r, nameof(summary));
        }

        return With(settings with { CoefficientDecimals = coefficients, StatisticDecimals = statistic, SummaryDecimals = summary ?? settings.SummaryDecimals });
    }

    /// <summary>Chooses the summary rows and their order (default: N, R², within R² when a model has it, clusters when a model is clustered).</summary>
    /// <param name="statistics">The rows to show.</param>
    public RegressionTable Statistics(params SummaryStatistic[] statistics) => With(settings with { Summary = [.. statistics ?? throw new ArgumentNullException(nameof(statistics))] });

    /// <summary>Replaces the outcome names over the columns with these titles (one per model), for example "Eastern region".</summary>
    /// <param name="titles">One title per model.</param>
    public RegressionTable ColumnTitles(params string[] titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Length != models.Length)
        {
            throw new ArgumentException($"The table has {models.Length} models but {titles.Length} column titles were given; pass one title per model.", nameof(titles));
        }

        return With(settings with { ColumnTitles = [.. titles] });
    }

    /// <summary>Whether to number the columns "(1)", "(2)", ... (on by default).</summary>
    /// <param name="show">Whether to show the numbers.</param>
    public RegressionTable ColumnNumbers(bool show) => With(settings with { ShowColumnNumbers = show });

    /// <summary>
    /// Adds a row at the bottom with values you formatted yourself, one per model (empty for none), for numbers the
    /// results do not carry, such as a Sobel z or the mean of the outcome.
    /// </summary>
    /// <param name="label">The row label.</param>
    /// <param name="values">One cell per model.</param>
    /// <exception cref="ArgumentException">The number of values is not the number of models.</exception>
    public RegressionTable AddRow(string label, params string[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != models.Length)
        {
            throw new ArgumentException($"The row '{label}' has {values.Length} values but the table has {models.Length} models; pass one value per model (an empty string for none).", nameof(values));
        }

        return With(settings with { CustomRows = settings.CustomRows.Add((label, [.. values])) });
    }

    /// <summary>
    /// Adds a test statistic at the bottom, in one model's column: a row with the statistic and the stars its p-value
    /// earns under the table's thresholds (set with <see cref="Stars(StarThresholds)"/>, before or after this call),
    /// and below it a row with the p-value as journals print it (<c>&lt; 0.001</c>, never <c>2.38E-07</c> or <c>0.000</c>).
    /// Used for the Sobel test of a mediation table and the equality test of a heterogeneity table.
    /// </summary>
    /// <param name="label">The statistic's row label, for example "Sobel Z".</param>
    /// <param name="column">The model column (1 for the first model) that shows the statistic.</param>
    /// <param name="statistic">The test statistic; NaN prints an empty cell.</param>
    /// <param name="pValue">The test's p-value, from the result (nothing is recomputed); NaN prints no stars and an empty p cell.</param>
    /// <param name="pValueLabel">The p-value row's label, or an empty string for no p-value row.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is not one of the table's models.</exception>
    public RegressionTable TestRow(string label, int column, double statistic, double pValue, string pValueLabel = "p-value")
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(pValueLabel);
        if (column < 1 || column > models.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The table has {models.Length} model column(s), numbered from 1; column {column} does not exist.");
        }

        if (!double.IsNaN(pValue) && (pValue < 0 || pValue > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pValue), pValue, $"The p-value of '{label}' must lie in [0, 1]; found {pValue.ToString(CultureInfo.InvariantCulture)}.");
        }

        return With(settings with { Tests = settings.Tests.Add(new TestStatisticRow(label, column, statistic, pValue, pValueLabel)) });
    }

    /// <summary>Adds a note line under the table, after the line stating the statistic and the thresholds.</summary>
    /// <param name="note">The note.</param>
    public RegressionTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return With(settings with { ExtraNotes = settings.ExtraNotes.Add(note) });
    }

    /// <summary>Whether to state the variance estimator(s) in the notes (on by default).</summary>
    /// <param name="show">Whether to state it.</param>
    public RegressionTable VarianceNote(bool show) => With(settings with { ShowVarianceNote = show });

    /// <summary>
    /// Stacks tables with the same number of columns as panels ("Panel A: ...", "Panel B: ..."): the title and header
    /// of the first, then each panel's title as a section row followed by its body, then the notes of all panels
    /// (each distinct line once).
    /// </summary>
    /// <param name="panels">Panel titles with their tables, top to bottom.</param>
    /// <exception cref="ArgumentException">No panels, or panels with different numbers of models.</exception>
    public static ReportTable Stack(params (string Title, RegressionTable Table)[] panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Length == 0)
        {
            throw new ArgumentException("Stack needs at least one panel; found none.", nameof(panels));
        }

        var counts = panels.Select(p => p.Table.ModelCount).Distinct().ToList();
        if (counts.Count > 1)
        {
            throw new ArgumentException(
                $"Panels must have the same number of models to share the columns; found {string.Join(", ", panels.Select(p => $"'{p.Title}' with {p.Table.ModelCount}"))}.",
                nameof(panels));
        }

        var built = panels.Select(p => (p.Title, Table: p.Table.Build())).ToList();
        var first = built[0].Table;
        var body = new List<TableRow>();
        foreach (var (title, table) in built)
        {
            body.Add(new TableRow(TableRowKind.Section, [new TableCell(title, ColumnSpan: first.ColumnCount)], RuleAbove: body.Count > 0));
            body.AddRange(table.BodyRows);
        }

        // Panels normally share their notes; any that differ (other thresholds, other variance estimators) are all kept.
        return new ReportTable(first.Title, first.HeaderRows, body, first.Alignments, built.SelectMany(p => p.Table.Notes).Distinct(StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var header = new List<TableRow>();
        if (settings.ShowColumnNumbers)
        {
            header.Add(Row(TableRowKind.Data, string.Empty, models.Select((_, i) => new TableCell($"({i + 1})"))));
        }

        var titles = settings.ColumnTitles.IsDefault ? models.Select(m => LabelOf(m.Dependent)).ToImmutableArray() : settings.ColumnTitles;
        header.Add(Row(TableRowKind.Data, string.Empty, titles.Select(t => new TableCell(t))));

        var body = new List<TableRow>();
        foreach (var name in CoefficientOrder())
        {
            var estimates = new List<TableCell>();
            var statistics = new List<TableCell>();
            foreach (var model in models)
            {
                var coefficient = model.Coefficients.FirstOrDefault(c => c.Name == name);
                if (coefficient is null)
                {
                    estimates.Add(TableCell.Empty);
                    statistics.Add(TableCell.Empty);
                    continue;
                }

                estimates.Add(new TableCell(NumberFormat.Fixed(coefficient.Estimate, settings.CoefficientDecimals), double.IsNaN(coefficient.Estimate) ? string.Empty : settings.Thresholds.For(coefficient.PValue)));
                statistics.Add(new TableCell(StatisticText(coefficient)));
            }

            body.Add(Row(TableRowKind.Coefficient, LabelOf(name), estimates));
            body.Add(Row(TableRowKind.Statistic, string.Empty, statistics));
        }

        var bottom = new List<TableRow>();
        foreach (var indicator in settings.Indicators)
        {
            bottom.Add(Row(TableRowKind.Indicator, indicator.Label, models.Select(m => YesNo(indicator.Applies(m)))));
        }

        if (settings.ShowFixedEffects)
        {
            foreach (var fixedEffect in models.SelectMany(m => m.FixedEffects).Distinct(StringComparer.Ordinal))
            {
                var label = settings.FixedEffectLabels.TryGetValue(fixedEffect, out var custom) ? custom : LabelOf(fixedEffect) + " FE";
                bottom.Add(Row(TableRowKind.Indicator, label, models.Select(m => YesNo(m.FixedEffects.Contains(fixedEffect)))));
            }
        }

        foreach (var statistic in SummaryRows())
        {
            bottom.AddRange(SummaryRow(statistic));
        }

        foreach (var label in models.SelectMany(m => m.ExtraRows.Select(e => e.Key)).Distinct(StringComparer.Ordinal))
        {
            bottom.Add(Row(TableRowKind.Summary, label, models.Select(m => new TableCell(m.ExtraRows.FirstOrDefault(e => e.Key == label).Value ?? string.Empty))));
        }

        foreach (var (label, values) in settings.CustomRows)
        {
            bottom.Add(Row(TableRowKind.Summary, label, values.Select(v => new TableCell(v ?? string.Empty))));
        }

        foreach (var test in settings.Tests)
        {
            var statisticText = NumberFormat.Fixed(test.Statistic, settings.StatisticDecimals ?? 2);
            bottom.Add(Row(TableRowKind.Summary, test.Label, models.Select((_, i) => i + 1 == test.Column
                ? new TableCell(statisticText, statisticText.Length == 0 ? string.Empty : settings.Thresholds.For(test.PValue))
                : TableCell.Empty)));
            if (test.PValueLabel.Length > 0)
            {
                bottom.Add(Row(TableRowKind.Summary, test.PValueLabel, models.Select((_, i) => i + 1 == test.Column ? new TableCell(NumberFormat.PValue(test.PValue)) : TableCell.Empty)));
            }
        }

        for (var i = 0; i < bottom.Count; i++)
        {
            body.Add(i == 0 && body.Count > 0 ? bottom[i] with { RuleAbove = true } : bottom[i]);
        }

        var alignments = new[] { ColumnAlignment.Left }.Concat(Enumerable.Repeat(ColumnAlignment.Decimal, models.Length));
        return new ReportTable(settings.Title, header, body, alignments, Notes());
    }

    private IEnumerable<SummaryStatistic> SummaryRows()
    {
        if (!settings.Summary.IsDefault)
        {
            return settings.Summary;
        }

        var rows = new List<SummaryStatistic> { SummaryStatistic.Observations };
        if (models.Any(m => !double.IsNaN(m.RSquared)))
        {
            rows.Add(SummaryStatistic.RSquared);
        }

        if (models.Any(m => !double.IsNaN(m.RSquaredWithin)))
        {
            rows.Add(SummaryStatistic.RSquaredWithin);
        }

        if (models.Any(m => m.ClusterCounts.Length > 0))
        {
            rows.Add(SummaryStatistic.Clusters);
        }

        return rows;
    }

    private IEnumerable<TableRow> SummaryRow(SummaryStatistic statistic)
    {
        var decimals = settings.SummaryDecimals;
        switch (statistic)
        {
            case SummaryStatistic.Observations:
                yield return Row(TableRowKind.Summary, "N", models.Select(m => new TableCell(NumberFormat.Integer(m.Observations))));
                break;
            case SummaryStatistic.RSquared:
                yield return Row(TableRowKind.Summary, "R²", models.Select(m => new TableCell(NumberFormat.Fixed(m.RSquared, decimals))));
                break;
            case SummaryStatistic.RSquaredAdjusted:
                yield return Row(TableRowKind.Summary, "Adjusted R²", models.Select(m => new TableCell(NumberFormat.Fixed(m.RSquaredAdjusted, decimals))));
                break;
            case SummaryStatistic.RSquaredWithin:
                yield return Row(TableRowKind.Summary, "Within R²", models.Select(m => new TableCell(NumberFormat.Fixed(m.RSquaredWithin, decimals))));
                break;
            case SummaryStatistic.Clusters:
                var dimensions = models.SelectMany(m => m.ClusterCounts.Select(c => c.Key)).Distinct(StringComparer.Ordinal).ToList();
                foreach (var dimension in dimensions)
                {
                    yield return Row(TableRowKind.Summary, $"Clusters ({LabelOf(dimension)})", models.Select(m => new TableCell(
                        m.ClusterCounts.FirstOrDefault(c => c.Key == dimension) is { Key: not null } pair ? NumberFormat.Integer(pair.Value) : string.Empty)));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(statistic), statistic, $"Unknown summary statistic {statistic}; expected one of {string.Join(", ", Enum.GetNames<SummaryStatistic>())}.");
        }
    }

    private List<string> Notes()
    {
        var statistic = settings.Statistic switch
        {
            CoefficientStatistic.TStatistic => StatisticNames(),
            CoefficientStatistic.StandardError => "Standard errors",
            CoefficientStatistic.PValue => "p-values",
            _ => "Confidence intervals",
        };
        var enclosure = settings.UseBrackets ? "brackets" : "parentheses";
        var first = settings.Statistic == CoefficientStatistic.ConfidenceInterval ? $"Note: {statistic} below the estimates." : $"Note: {statistic} in {enclosure}.";
        if (settings.Thresholds.Levels.Length > 0)
        {
            first += " " + settings.Thresholds.Describe() + ".";
        }

        var notes = new List<string> { first };
        if (settings.ShowVarianceNote)
        {
            var variances = models.Select(m => m.Variance).ToList();
            if (variances.All(v => !string.IsNullOrWhiteSpace(v)))
            {
                notes.Add(variances.Distinct(StringComparer.Ordinal).Count() == 1
                    ? $"Variance estimator: {variances[0]}."
                    : "Variance estimators: " + string.Join("; ", variances.Select((v, i) => $"({i + 1}) {v}")) + ".");
            }
        }

        if (models.Any(IsWildBootstrap))
        {
            notes.Add("p-values (and stars) and confidence intervals from the wild cluster bootstrap (Roodman, MacKinnon, Nielsen and Webb 2019), intervals by test inversion; standard errors and t statistics are the cluster-robust ones (CR1, or two-way).");
        }

        if (FewClustersNote() is { } fewClusters)
        {
            notes.Add(fewClusters);
        }

        notes.AddRange(settings.ExtraNotes);
        return notes;
    }

    // One line for the whole table (the results carry a FewClusters note each): which columns have fewer clusters than
    // the rule of thumb in some dimension, and what to check them with.
    private string? FewClustersNote()
    {
        var threshold = Inference.VarianceEstimators.FewClustersThreshold;
        // A column whose p-values already come from the wild cluster bootstrap is the remedy, not a case for it.
        var few = models
            .Select((m, i) => (Column: i + 1, Low: m.ClusterCounts.IsDefaultOrEmpty || IsWildBootstrap(m) ? [] : m.ClusterCounts.Where(c => c.Value < threshold).ToList()))
            .Where(c => c.Low.Count > 0)
            .ToList();
        if (few.Count == 0)
        {
            return null;
        }

        var columns = string.Join("; ", few.Select(c => $"({c.Column}) " + string.Join(", ", c.Low.Select(l => $"{l.Key} {l.Value}"))));
        return $"Few clusters (fewer than {threshold}): {columns}. Cluster-robust tests over-reject with few clusters; check them with a wild cluster bootstrap, .Vcov(Vcov.WildBootstrap(\"{few[0].Low[0].Key}\")) (as Stata's boottest, R's fwildclusterboot).";
    }

    private static bool IsWildBootstrap(RegressionColumn model) => model.Variance?.StartsWith("wild-bootstrap(", StringComparison.Ordinal) == true;

    private string StatisticNames()
    {
        var names = models.Select(m => m.StatisticName).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 1 ? $"{names[0]} statistics" : $"{string.Join(" or ", names)} statistics";
    }

    private string StatisticText(Coefficient coefficient)
    {
        var (open, close) = settings.UseBrackets ? ("[", "]") : ("(", ")");
        switch (settings.Statistic)
        {
            case CoefficientStatistic.ConfidenceInterval:
                var decimals = settings.StatisticDecimals ?? settings.CoefficientDecimals;
                return double.IsNaN(coefficient.ConfidenceLow) ? string.Empty
                    : $"[{NumberFormat.Fixed(coefficient.ConfidenceLow, decimals)}, {NumberFormat.Fixed(coefficient.ConfidenceHigh, decimals)}]";
            default:
                var (value, fallback) = settings.Statistic switch
                {
                    CoefficientStatistic.StandardError => (coefficient.StandardError, settings.CoefficientDecimals),
                    CoefficientStatistic.PValue => (coefficient.PValue, 3),
                    _ => (coefficient.TStatistic, 2),
                };
                // p-values print as journals do ("< 0.001"), never "0.000".
                var text = settings.Statistic == CoefficientStatistic.PValue && settings.StatisticDecimals is null
                    ? NumberFormat.PValue(value)
                    : NumberFormat.Fixed(value, settings.StatisticDecimals ?? fallback);
                return text.Length == 0 ? string.Empty : open + text + close;
        }
    }

    private List<string> CoefficientOrder()
    {
        var hidden = settings.Drop
            .Union(settings.Indicators.SelectMany(i => i.Names))
            .Union(settings.Indicators.Where(i => i.FromSpecification).SelectMany(_ => models.SelectMany(m => m.ControlNames)));
        var appearance = models.SelectMany(m => m.Coefficients.Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToList();
        var missing = settings.Order.Concat(settings.Keep).Where(n => !appearance.Contains(n)).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"No model has the coefficient(s) {string.Join(", ", missing.Select(n => $"'{n}'"))} named in Order/Keep; the models have {string.Join(", ", appearance.Select(n => $"'{n}'"))}. Use the names the results report (for example 'log(gsp)').");
        }

        var ordered = settings.Order.Where(appearance.Contains).ToList();
        ordered.AddRange(appearance.Where(n => !ordered.Contains(n) && !InterceptNames.Contains(n)));
        ordered.AddRange(appearance.Where(n => !ordered.Contains(n)));
        return [.. ordered.Where(n => !hidden.Contains(n) && (settings.Keep.IsEmpty || settings.Keep.Contains(n)))];
    }

    private string LabelOf(string name)
    {
        if (settings.Labels.TryGetValue(name, out var label))
        {
            return label;
        }

        return InterceptNames.Contains(name) ? "Constant" : name;
    }

    private static TableCell YesNo(bool value) => new(value ? "Yes" : "No");

    private static TableRow Row(TableRowKind kind, string label, IEnumerable<TableCell> cells) =>
        new(kind, [new TableCell(label), .. cells]);

    private RegressionTable With(Settings changed) => new(models, changed);

    private RegressionTable Append(IEnumerable<RegressionColumn> columns)
    {
        var added = columns.ToImmutableArray();
        if (added.IsEmpty)
        {
            throw new ArgumentException("AddColumns needs at least one model; found none.", nameof(columns));
        }

        var blanks = Enumerable.Repeat(string.Empty, added.Length).ToImmutableArray();
        var padded = settings with
        {
            CustomRows = [.. settings.CustomRows.Select(row => (row.Label, row.Values.AddRange(blanks)))],
            ColumnTitles = settings.ColumnTitles.IsDefault ? settings.ColumnTitles : settings.ColumnTitles.AddRange(blanks),
        };
        return new RegressionTable(models.AddRange(added), padded);
    }

    private sealed record IndicatorRow(string Label, ImmutableArray<string> Names, bool FromSpecification = false)
    {
        public bool Applies(RegressionColumn model) => FromSpecification ? !model.ControlNames.IsEmpty : model.Coefficients.Any(c => Names.Contains(c.Name));
    }

    private sealed record TestStatisticRow(string Label, int Column, double Statistic, double PValue, string PValueLabel);

    private sealed record Settings
    {
        public string? Title { get; init; }

        public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

        public ImmutableArray<string> Order { get; init; } = [];

        public ImmutableArray<string> Keep { get; init; } = [];

        public ImmutableHashSet<string> Drop { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

        public ImmutableList<IndicatorRow> Indicators { get; init; } = [];

        public ImmutableDictionary<string, string> FixedEffectLabels { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

        public bool ShowFixedEffects { get; init; } = true;

        public CoefficientStatistic Statistic { get; init; } = CoefficientStatistic.TStatistic;

        public bool UseBrackets { get; init; }

        public StarThresholds Thresholds { get; init; } = StarThresholds.Conventional;

        public int CoefficientDecimals { get; init; } = 4;

        public int? StatisticDecimals { get; init; }

        public int SummaryDecimals { get; init; } = 4;

        public ImmutableArray<SummaryStatistic> Summary { get; init; }

        public ImmutableArray<string> ColumnTitles { get; init; }

        public bool ShowColumnNumbers { get; init; } = true;

        public bool ShowVarianceNote { get; init; } = true;

        public ImmutableList<string> ExtraNotes { get; init; } = [];

        public ImmutableList<(string Label, ImmutableArray<string> Values)> CustomRows { get; init; } = [];

        public ImmutableList<TestStatisticRow> Tests { get; init; } = [];
    }
}
