using System.Collections.Immutable;

using ModelDsl.Instrumental.Diagnostics;
using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>
/// An instrumental-variables fit as papers print it: the first stage of each endogenous regressor beside the second
/// stage, with the identification diagnostics underneath (first-stage F, Kleibergen–Paap rk LM and Wald F, Cragg–Donald
/// F, the Stock–Yogo critical value, Hansen's J or Sargan's statistic).
/// </summary>
/// <example>
/// <code>
/// var fit = Model.Regress("inno").On("lnpop", "lngdp").Fe("city", "year").Vcov(Vcov.Cluster("city"))
///     .Instrument("cbec", with: ["infra", "diginf"]).Fit(data);
/// Console.WriteLine(InstrumentalTable.Of(fit).ToText());
/// </code>
/// </example>
public static class InstrumentalTable
{
    /// <summary>The label of the first-stage F row.</summary>
    public const string FirstStageFLabel = "First-stage F";

    /// <summary>The label of the Kleibergen–Paap rk LM row.</summary>
    public const string KleibergenPaapLmLabel = "Kleibergen-Paap rk LM (p)";

    /// <summary>The label of the Kleibergen–Paap rk Wald F row.</summary>
    public const string KleibergenPaapWaldFLabel = "Kleibergen-Paap rk Wald F";

    /// <summary>The label of the Cragg–Donald Wald F row.</summary>
    public const string CraggDonaldFLabel = "Cragg-Donald Wald F";

    /// <summary>The label of the Stock–Yogo row (10% maximal IV size).</summary>
    public const string StockYogoLabel = "Stock-Yogo 10% critical value";

    /// <summary>The label of the overidentification row under a robust, cluster or HAC variance.</summary>
    public const string HansenJLabel = "Hansen J (p)";

    /// <summary>The label of the overidentification row under the iid variance.</summary>
    public const string SarganLabel = "Sargan (p)";

    /// <summary>
    /// Builds the table: one column "First stage: x" per endogenous regressor x (its coefficients on the excluded
    /// instruments and the controls, from <see cref="InstrumentalResult.FirstStage(string)"/>), then "Second stage"
    /// (the fit's coefficients, as <see cref="RegressionTable.Of(InstrumentalResult[])"/> shows them), and below them
    /// the diagnostics of <see cref="InstrumentalResult.Diagnose"/>.
    /// </summary>
    /// <remarks>
    /// <para>Rows: the first-stage F of the excluded instruments under the fit's variance, in each first-stage column;
    /// in the second-stage column the Kleibergen–Paap rk LM underidentification test with its p-value, the
    /// Kleibergen–Paap rk Wald F and the Cragg–Donald Wald F (weak identification; Kleibergen and Paap 2006, Cragg and
    /// Donald 1993), the Stock and Yogo (2005) critical value for a 10% maximal size of a nominal 5% Wald test of 2SLS (of LIML for LIML and Fuller fits)
    /// (empty where their tables have none), and the overidentification test: Hansen's J for GMM fits and non-iid
    /// variances, Sargan's statistic for iid (empty when exactly identified). The conventions (degrees of freedom,
    /// small-sample factors) are ivreg2's; see docs/instrumental-diagnostics.md. p-values are written as journals print
    /// them (three decimals, <c>&lt; 0.001</c> below).</para>
    /// <para>The result is an ordinary <see cref="RegressionTable"/>: labels, decimals, stars and renderers apply.</para>
    /// </remarks>
    /// <param name="result">The fitted instrumental-variables model.</param>
    /// <returns>The table.</returns>
    public static RegressionTable Of(InstrumentalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var diagnostics = result.Diagnose();
        var second = RegressionColumn.From(result);

        // The Hansen J of the second-stage column's own rows would repeat the diagnostics' row below.
        second = second with { Extra = [.. second.ExtraRows.Where(e => e.Key != "Hansen J (p)")] };
        var endogenous = diagnostics.EndogenousNames;
        var columns = endogenous
            .Select(name => second with
            {
                Dependent = name,
                Coefficients = result.FirstStage(name),
                RSquared = double.NaN,
                RSquaredAdjusted = double.NaN,
                RSquaredWithin = double.NaN,
                Extra = [],
            })
            .Append(second)
            .ToList();
        var blanks = Enumerable.Repeat(string.Empty, endogenous.Count).ToList();
        string WithP(DiagnosticTest test) => test.IsApplicable ? NumberFormat.StatisticWithPValue(test.Statistic, test.PValue) : string.Empty;
        string[] Second(string value) => [.. blanks, value];

        var overidentification = result.Estimator == "gmm" && !double.IsNaN(result.HansenJPValue)
            ? NumberFormat.StatisticWithPValue(result.HansenJ, result.HansenJPValue)
            : WithP(diagnostics.Overidentification);
        var overidentificationLabel = result.Estimator == "gmm" || result.Vcov.Kind != VcovKind.Iid ? HansenJLabel : SarganLabel;
        return RegressionTable.FromColumns(columns)
            .ColumnTitles([.. endogenous.Select(name => "First stage: " + name), "Second stage"])
            .AddRow(FirstStageFLabel, [.. diagnostics.FirstStages.Select(f => Statistic(f.F.Statistic)), string.Empty])
            .AddRow(KleibergenPaapLmLabel, Second(WithP(diagnostics.KleibergenPaapLm)))
            .AddRow(KleibergenPaapWaldFLabel, Second(Statistic(diagnostics.KleibergenPaapWaldF.Statistic)))
            .AddRow(CraggDonaldFLabel, Second(Statistic(diagnostics.CraggDonaldF.Statistic)))
            .AddRow(StockYogoLabel, Second((result.Estimator is "liml" or "fuller" ? diagnostics.StockYogo.LimlSize10 : diagnostics.StockYogo.Size10) is { } critical ? NumberFormat.Fixed(critical, 2) : string.Empty))
            .AddRow(overidentificationLabel, Second(overidentification));
    }

    /// <summary>
    /// The second-stage column of <paramref name="result"/> with the diagnostics rows a mixed OLS/IV table prints: the
    /// first-stage F (one row per endogenous regressor when there are several), the Kleibergen–Paap rk LM with its
    /// p-value and the Kleibergen–Paap rk Wald F.
    /// </summary>
    internal static RegressionColumn DiagnosedColumn(InstrumentalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var diagnostics = result.Diagnose();
        var column = RegressionColumn.From(result);
        var rows = new List<KeyValuePair<string, string>>();
        var several = diagnostics.FirstStages.Count > 1;
        foreach (var stage in diagnostics.FirstStages)
        {
            rows.Add(new(several ? $"{FirstStageFLabel}: {stage.Endogenous}" : FirstStageFLabel, Statistic(stage.F.Statistic)));
        }

        var lm = diagnostics.KleibergenPaapLm;
        rows.Add(new(KleibergenPaapLmLabel, lm.IsApplicable ? NumberFormat.StatisticWithPValue(lm.Statistic, lm.PValue) : string.Empty));
        rows.Add(new(KleibergenPaapWaldFLabel, Statistic(diagnostics.KleibergenPaapWaldF.Statistic)));
        return column with { Extra = [.. column.ExtraRows, .. rows] };
    }

    // A diagnostic's statistic as a cell: three decimals, empty where it does not apply (NaN).
    private static string Statistic(double value) => double.IsNaN(value) ? string.Empty : NumberFormat.Fixed(value, 3);
}
