using System.Collections.Immutable;

using ModelDsl.Matching;

namespace ModelDsl.Reporting;

/// <summary>
/// The balance table of a matching study (the trade-policy paper's Table 5, psmatch2's <c>pstest</c>): for every
/// covariate an Unmatched and a Matched row with the treated and control means, the t statistic with its p-value,
/// the standardized bias (%) and, on the Matched row, the reduction of |bias| (%), under the column groups
/// "Mean difference test" and "Standardized difference". Numbers are read from a <see cref="BalanceTable"/>; nothing
/// is recomputed. Immutable: every option returns a new table.
/// </summary>
public sealed class CovariateBalanceTable : PublicationTable
{
    private readonly BalanceTable balance;
    private readonly string? title;
    private readonly ImmutableDictionary<string, string> labels;
    private readonly int meanDecimals;
    private readonly bool summaryRows;
    private readonly ImmutableList<string> notes;

    private CovariateBalanceTable(BalanceTable balance, string? title, ImmutableDictionary<string, string> labels, int meanDecimals, bool summaryRows, ImmutableList<string> notes)
    {
        this.balance = balance;
        this.title = title;
        this.labels = labels;
        this.meanDecimals = meanDecimals;
        this.summaryRows = summaryRows;
        this.notes = notes;
    }

    /// <summary>Creates the table from a balance result.</summary>
    /// <param name="balance">The covariate balance before and after matching.</param>
    public static CovariateBalanceTable Of(BalanceTable balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        if (balance.Rows.Count == 0)
        {
            throw new ArgumentException("The balance table has no covariates; match on at least one covariate.", nameof(balance));
        }

        return new CovariateBalanceTable(balance, null, ImmutableDictionary<string, string>.Empty, 4, true, []);
    }

    /// <summary>Creates the table from a matching result's balance.</summary>
    /// <param name="matching">The matching result.</param>
    public static CovariateBalanceTable Of(MatchingResult matching)
    {
        ArgumentNullException.ThrowIfNull(matching);
        return Of(matching.Balance);
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public CovariateBalanceTable Title(string title) => new(balance, title, labels, meanDecimals, summaryRows, notes);

    /// <summary>Shows <paramref name="label"/> instead of the covariate's name.</summary>
    /// <param name="covariate">The covariate's name as the balance reports it.</param>
    /// <param name="label">The label to print, for example "Population (logged)".</param>
    public CovariateBalanceTable Label(string covariate, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(covariate);
        ArgumentNullException.ThrowIfNull(label);
        return new(balance, title, labels.SetItem(covariate, label), meanDecimals, summaryRows, notes);
    }

    /// <summary>Sets the decimals of the means (default 4; t statistics keep 2, p-values 3, biases 1).</summary>
    /// <param name="count">The number of decimals.</param>
    public CovariateBalanceTable Decimals(int count)
    {
        NumberFormat.CheckDecimals(count, nameof(count));
        return new(balance, title, labels, count, summaryRows, notes);
    }

    /// <summary>Whether to add the mean and median |bias| and Rubin's B and R under the covariates (on by default).</summary>
    /// <param name="show">Whether to show them.</param>
    public CovariateBalanceTable SummaryRows(bool show) => new(balance, title, labels, meanDecimals, show, notes);

    /// <summary>Adds a note line under the table.</summary>
    /// <param name="note">The note.</param>
    public CovariateBalanceTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return new(balance, title, labels, meanDecimals, summaryRows, notes.Add(note));
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var groups = new TableRow(TableRowKind.Data,
        [
            TableCell.Empty,
            TableCell.Empty,
            new TableCell("Mean difference test", ColumnSpan: 3),
            new TableCell("Standardized difference", ColumnSpan: 2),
        ]);
        var header = new TableRow(TableRowKind.Data, ["Variable", "Sample", "Treated", "Control", "t (p-value)", "Bias (%)", "Reduction (%)"]);
        var body = new List<TableRow>();
        foreach (var row in balance.Rows)
        {
            var label = labels.TryGetValue(row.Name, out var custom) ? custom : row.Name;
            body.Add(new TableRow(TableRowKind.Data,
            [
                label,
                "Unmatched",
                NumberFormat.Fixed(row.MeanTreated, meanDecimals),
                NumberFormat.Fixed(row.MeanControl, meanDecimals),
                Test(row.TStatisticUnmatched, row.PValueUnmatched),
                NumberFormat.Fixed(row.BiasPercentUnmatched, 1),
                TableCell.Empty,
            ], RuleAbove: body.Count > 0));
            body.Add(new TableRow(TableRowKind.Data,
            [
                TableCell.Empty,
                "Matched",
                NumberFormat.Fixed(row.MeanTreatedMatched, meanDecimals),
                NumberFormat.Fixed(row.MeanControlMatched, meanDecimals),
                Test(row.TStatisticMatched, row.PValueMatched),
                NumberFormat.Fixed(row.BiasPercentMatched, 1),
                NumberFormat.Fixed(row.BiasReductionPercent, 1),
            ]));
        }

        if (summaryRows)
        {
            var summary = new (string Label, double Unmatched, double Matched, int Decimals)[]
            {
                ("Mean |bias| (%)", balance.MeanBiasUnmatched, balance.MeanBiasMatched, 1),
                ("Median |bias| (%)", balance.MedianBiasUnmatched, balance.MedianBiasMatched, 1),
                ("Rubin's B (%)", balance.RubinBUnmatched, balance.RubinBMatched, 1),
                ("Rubin's R", balance.RubinRUnmatched, balance.RubinRMatched, 2),
            };
            foreach (var (label, unmatched, matched, decimals) in summary)
            {
                foreach (var (sample, value) in new[] { ("Unmatched", unmatched), ("Matched", matched) })
                {
                    body.Add(new TableRow(TableRowKind.Summary,
                    [
                        sample == "Unmatched" ? label : string.Empty,
                        sample,
                        TableCell.Empty,
                        TableCell.Empty,
                        TableCell.Empty,
                        NumberFormat.Fixed(value, decimals),
                        TableCell.Empty,
                    ], RuleAbove: label == summary[0].Label && sample == "Unmatched"));
                }
            }
        }

        var allNotes = new List<string>
        {
            "Note: standardized bias = 100·(mean treated − mean control)/√((var treated + var control)/2) with the unmatched variances in both rows; "
            + "t tests: pooled two-sample (unmatched) and weighted regression on treatment (matched); reduction = 100·(1 − |bias matched|/|bias unmatched|).",
            $"Treated: {balance.TreatedCount} ({balance.TreatedMatchedCount} matched); controls: {balance.ControlCount} ({balance.ControlsUsedCount} used).",
        };
        allNotes.AddRange(balance.Notes.Select(n => n.Message));
        allNotes.AddRange(notes);
        ColumnAlignment[] alignments = [ColumnAlignment.Left, ColumnAlignment.Left, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Right, ColumnAlignment.Decimal, ColumnAlignment.Decimal];
        return new ReportTable(title, [groups, header], body, alignments, allNotes);
    }

    private static string Test(double statistic, double pValue) =>
        double.IsNaN(statistic) ? string.Empty : $"{NumberFormat.Fixed(statistic, 2)} ({NumberFormat.Fixed(pValue, 3)})";
}
