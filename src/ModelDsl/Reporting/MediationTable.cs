using ModelDsl.Mechanisms;

namespace ModelDsl.Reporting;

/// <summary>
/// The mediation table of the three-step (Baron–Kenny) test with the Sobel test, as the seed papers print it
/// (the digital-economy paper's Table 5, the trade-policy paper's Tables 11–13): optionally the total effect c, then
/// path a (the mediator on the treatment) and path b with the direct effect c' (the outcome on both), the treatment
/// and the mediator first, and under the last column a "Sobel Z" row with its stars and a "Sobel p-value" row.
/// The result is a <see cref="RegressionTable"/>, so labels, order, stars, column titles, brackets and every output
/// format apply as for any regression table.
/// </summary>
/// <remarks>
/// Numbers are read from the <see cref="MediationResult"/>; nothing is recomputed. The Sobel z is a / b over the
/// first-order delta-method standard error sqrt(b²·se(a)² + a²·se(b)²) (Sobel 1982); its stars follow the table's
/// thresholds. The note states the indirect effect a·b, its share of the total effect and the Aroian z.
/// </remarks>
/// <example>
/// <code>
/// MediationTable.Of(mediation, includeTotal: true)
///     .Title("Mechanism: digital infrastructure")
///     .Stars(StarThresholds.Strict)
///     .Save("table5.tex");
/// </code>
/// </example>
public static class MediationTable
{
    /// <summary>Lays out a fitted mediation: (c,) a, b with c', the Sobel test under the outcome model.</summary>
    /// <param name="mediation">The fitted mediation.</param>
    /// <param name="includeTotal">Whether to add the total-effect model (c) as the first column.</param>
    /// <returns>A regression table; chain its options (Title, Label, Stars, ColumnTitles, Brackets, Controls, ...).</returns>
    public static RegressionTable Of(MediationResult mediation, bool includeTotal = false)
    {
        ArgumentNullException.ThrowIfNull(mediation);
        var models = includeTotal ? new[] { mediation.Total, mediation.MediatorModel, mediation.Outcome } : new[] { mediation.MediatorModel, mediation.Outcome };
        var table = RegressionTable.Of(models)
            .Order(mediation.Treatment, mediation.Mediator)
            .TestRow("Sobel Z", models.Length, mediation.Sobel.Z, mediation.Sobel.PValue, "Sobel p-value");
        var note = $"Indirect effect a·b = {NumberFormat.Fixed(mediation.Indirect, 4)} ({NumberFormat.Fixed(mediation.ProportionMediated * 100, 1)}% of the total effect {NumberFormat.Fixed(mediation.C.Estimate, 4)})";
        note += mediation.Aroian.IsApplicable
            ? $"; Aroian z = {NumberFormat.Fixed(mediation.Aroian.Z, 2)} ({NumberFormat.PValueStatement(mediation.Aroian.PValue)})."
            : ".";
        table = table.Note(note);

        // An inapplicable Sobel test prints an empty cell; the note says why rather than leaving the row silently blank.
        return mediation.Sobel.IsApplicable ? table : table.Note($"Sobel test not reported: {mediation.Sobel.Reason}");
    }
}
