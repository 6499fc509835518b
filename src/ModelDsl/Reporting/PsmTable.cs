using System.Collections.Immutable;

using ModelDsl.Matching;

namespace ModelDsl.Reporting;

/// <summary>
/// The average-treatment-effect table of a propensity-score study (the trade-policy paper's Table 6): one column per
/// matching method, the effect with its standard error in parentheses, and the treated, control and total sample
/// rows. From <see cref="MatchingResult"/>s the effect is the matching ATT (row "Average treatment effect"); from
/// <see cref="PsmDidResult"/>s it is the DID regression on the matched sample (every coefficient, so
/// <see cref="RegressionTable.Keep(string[])"/> or <see cref="RegressionTable.Controls(string[])"/> pick the rows).
/// The result is a <see cref="RegressionTable"/>, so every option and output format applies.
/// </summary>
/// <remarks>
/// The sample rows count units, read from the matching: "Treatment group sample" is the treated units on the common
/// support (those that found a match), "Control group sample" the control units used with a positive weight, "Total
/// sample" their sum. With matching by period (<see cref="PsmDidResult.Matchings"/> holds one matching per period)
/// the counts are summed over the periods, so they count unit-periods; the note says so. Treated units off the support
/// are stated in a note, never dropped silently. Nothing is recomputed.
/// </remarks>
/// <example>
/// <code>
/// PsmTable.Of(kernel, nearest).ColumnTitles("Kernel matching", "5:1 nearest neighbour").Keep("cbec").Save("table6.md");
/// </code>
/// </example>
public static class PsmTable
{
    private const string AttLabel = "Average treatment effect";

    /// <summary>Matching estimates side by side: the ATT with its standard error and the sample rows.</summary>
    /// <param name="results">The matching results (at least one).</param>
    public static RegressionTable Of(params MatchingResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var columns = results.Select(r => RegressionColumn.From(r) with { Extra = SampleRows([r]) }).ToList();
        var table = RegressionTable.FromColumns(columns)
            .Below(CoefficientStatistic.StandardError)
            .Statistics()
            .Label("ATT", AttLabel);
        return OffSupportNote(table, results.Select(r => (IReadOnlyList<MatchingResult>)[r]).ToList());
    }

    /// <summary>PSM-DID estimates side by side: the DID regression on the matched sample, the sample rows and N.</summary>
    /// <param name="results">The PSM-DID results (at least one).</param>
    public static RegressionTable Of(params PsmDidResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var columns = results.Select(r => RegressionColumn.From(r.Regression) with { Extra = SampleRows(r.Matchings) }).ToList();
        var table = RegressionTable.FromColumns(columns).Below(CoefficientStatistic.StandardError);
        if (results.Any(r => r.Matchings.Count > 1))
        {
            table = table.Note("Matching by period: the sample rows count unit-periods (summed over the periods' matchings).");
        }

        return OffSupportNote(table, results.Select(r => r.Matchings).ToList());
    }

    private static ImmutableArray<KeyValuePair<string, string>> SampleRows(IReadOnlyList<MatchingResult> matchings)
    {
        var treated = matchings.Sum(m => (long)m.TreatedMatchedCount);
        var controls = matchings.Sum(m => (long)m.ControlsUsedCount);
        return
        [
            new("Treatment group sample", NumberFormat.Integer(treated)),
            new("Control group sample", NumberFormat.Integer(controls)),
            new("Total sample", NumberFormat.Integer(treated + controls)),
        ];
    }

    private static RegressionTable OffSupportNote(RegressionTable table, IReadOnlyList<IReadOnlyList<MatchingResult>> columns)
    {
        var off = columns.Select(c => c.Sum(m => (long)m.OffSupportCount)).ToList();
        return off.All(o => o == 0)
            ? table
            : table.Note("Treated units off the common support (no match, not in the sample rows): " + string.Join("; ", off.Select((o, i) => $"({i + 1}) {NumberFormat.Integer(o)}")) + ".");
    }
}
