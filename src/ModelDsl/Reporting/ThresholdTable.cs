using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>
/// The tables of a panel threshold model as papers print xthreg's output: the threshold-effect tests (F, bootstrap p,
/// critical values at 10/5/1%) with the threshold estimates and their LR confidence intervals
/// (<see cref="Of(ThresholdResult, int)"/>), and the regime coefficients as a regression table (<see cref="Regimes"/>).
/// </summary>
/// <remarks>Numbers are read from the <see cref="ThresholdResult"/>; nothing is recomputed.</remarks>
/// <example>
/// <code>
/// ThresholdTable.Of(fit).Save("table6_threshold_tests.md");
/// ThresholdTable.Regimes(fit).Title("Threshold regression").Save("table7_threshold.tex");
/// </code>
/// </example>
public static class ThresholdTable
{
    /// <summary>
    /// Panel A: one row per test (Single, Double, Triple) with F, the bootstrap p-value and the 10/5/1% critical values;
    /// Panel B: one row per threshold estimate (Th-1, Th-21, Th-22, Th-3) with its confidence interval.
    /// </summary>
    /// <param name="result">The fitted threshold model.</param>
    /// <param name="decimals">Decimals of every number (default 4, as xthreg prints).</param>
    public static ReportTable Of(ThresholdResult result, int decimals = 4)
    {
        ArgumentNullException.ThrowIfNull(result);
        NumberFormat.CheckDecimals(decimals, nameof(decimals));
        string F(double v) => double.IsNaN(v) ? string.Empty : NumberFormat.Fixed(v, decimals);
        var level = (result.Specification.ConfidenceLevel * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var header = new TableRow(TableRowKind.Data, [.. new TableCell[] { "Threshold", "RSS", "MSE", "F", "p-value", "Crit. 10%", "Crit. 5%", "Crit. 1%" }]);
        var body = new List<TableRow> { Section("Panel A: threshold-effect tests") };
        foreach (var test in result.Tests)
        {
            body.Add(new TableRow(TableRowKind.Data, [test.Label, F(test.Ssr), F(test.MeanSquaredError), new TableCell(F(test.F), Stars(test.PValue)), F(test.PValue), F(test.CriticalValue(0.10)), F(test.CriticalValue(0.05)), F(test.CriticalValue(0.01))]));
        }

        body.Add(Section($"Panel B: threshold estimates ({level}% LR confidence interval)"));
        body.Add(new TableRow(TableRowKind.Data, ["Model", "Estimate", "Lower", "Upper", "", "", "", ""], RuleAbove: false));
        foreach (var estimate in result.Estimates)
        {
            body.Add(new TableRow(TableRowKind.Data, [estimate.Label, F(estimate.Value), F(estimate.Lower), F(estimate.Upper), "", "", "", ""]));
        }

        var draws = result.Tests.Count > 0 ? result.Tests[0].Draws.Count : 0;
        var notes = new List<string>
        {
            draws > 0
                ? $"F = (S₀ − S₁)/σ̂² and so on, p-values and critical values from {draws} bootstrap draws per test (Hansen 1999); * p<0.10, ** p<0.05, *** p<0.01."
                : "F = (S₀ − S₁)/σ̂² and so on; no bootstrap was run (call Bootstrap(300, seed)), so p-values and critical values are empty.",
            $"Threshold variable: {result.Specification.ThresholdVariable?.Name}; {result.Candidates.Count} candidate thresholds; {result.Units} units × {result.Periods} periods.",
        };
        notes.AddRange(result.Notes.Where(n => n.Kind != NoteKind.Collinear).Select(n => n.Message.TrimEnd('.') + "."));
        return new ReportTable(
            "Threshold-effect tests and threshold estimates",
            [header],
            body,
            [ColumnAlignment.Left, .. Enumerable.Repeat(ColumnAlignment.Decimal, 7)],
            notes);
    }

    /// <summary>
    /// The regime coefficients as a regression table: <c>x:regimeR</c> labelled by its interval of the threshold variable
    /// (for example <c>log(pcap) (unemp ≤ 7)</c>), the controls, N, R² and the fixed effect, with every
    /// <see cref="RegressionTable"/> option available.
    /// </summary>
    /// <param name="result">The fitted threshold model.</param>
    /// <param name="decimals">Decimals of the thresholds in the labels.</param>
    public static RegressionTable Regimes(ThresholdResult result, int decimals = 4)
    {
        ArgumentNullException.ThrowIfNull(result);
        NumberFormat.CheckDecimals(decimals, nameof(decimals));
        var q = result.Specification.ThresholdVariable?.Name ?? "q";
        var thresholds = result.Thresholds.Select(t => NumberFormat.Fixed(t, decimals)).ToArray();
        var labels = new Dictionary<string, string>();
        var names = new List<string>();
        foreach (var x in result.Specification.RegimeDependent)
        {
            for (var r = 1; r <= thresholds.Length + 1; r++)
            {
                var interval = r == 1 ? $"{q} ≤ {thresholds[0]}"
                    : r == thresholds.Length + 1 ? $"{q} > {thresholds[^1]}"
                    : $"{thresholds[r - 2]} < {q} ≤ {thresholds[r - 1]}";
                var name = ModelDsl.ThresholdSpecification.RegimeName(x.Name, r);
                labels[name] = $"{x.Name} ({interval})";
                names.Add(name);
            }
        }

        return RegressionTable.Of(result.Regression).Labels(labels).Order([.. names]);
    }

    private static TableRow Section(string text) => new(TableRowKind.Section, [new TableCell(text, ColumnSpan: 8)]);

    private static string Stars(double p) => double.IsNaN(p) ? string.Empty : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : string.Empty;
}
