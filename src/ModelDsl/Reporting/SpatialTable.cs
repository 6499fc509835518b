using System.Collections.Immutable;

using ModelDsl.Results;
using ModelDsl.Spatial;

namespace ModelDsl.Reporting;

/// <summary>
/// The table spatial-econometrics papers print: one column per model (SAR, SEM, SDM, SAC, …) with the coefficients, the W×X
/// terms, ρ and/or λ, the direct/indirect/total effects, σ², the log-likelihood, R², N and the fixed effects, and the Wald/LR
/// tests that choose the model. Numbers are read from the results; nothing is recomputed. Immutable: every option returns
/// a new table.
/// </summary>
/// <remarks>Standard errors in parentheses under each estimate; stars from the asymptotic (normal) p-values:
/// * p&lt;0.10, ** p&lt;0.05, *** p&lt;0.01. Tests are printed as "statistic (p)" in the column of the first Durbin model
/// (without one, of the first SAC model, which nests SAR and SEM; else the first column).</remarks>
/// <example>
/// <code>
/// SpatialTable.Of(sar, sem, sdm).Tests(sdm.WaldDurbinTerms(), sdm.WaldCommonFactor(), sdm.LikelihoodRatio(sar), sdm.LikelihoodRatio(sem)).Save("spatial.md");
/// </code>
/// </example>
public sealed class SpatialTable : PublicationTable
{
    private readonly ImmutableArray<SpatialResult> results;
    private readonly Settings settings;

    private SpatialTable(ImmutableArray<SpatialResult> results, Settings settings)
    {
        this.results = results;
        this.settings = settings;
    }

    /// <summary>Creates the table, one column per model, in the order given.</summary>
    /// <param name="results">The fitted spatial models.</param>
    /// <exception cref="ArgumentException">No model.</exception>
    public static SpatialTable Of(params SpatialResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Length == 0)
        {
            throw new ArgumentException("The spatial table needs at least one model.", nameof(results));
        }

        return new SpatialTable([.. results.Select(r => r ?? throw new ArgumentNullException(nameof(results)))], new Settings());
    }

    /// <summary>Sets the caption.</summary>
    /// <param name="title">The caption text.</param>
    public SpatialTable Title(string title) => new(results, settings with { Title = title });

    /// <summary>Sets the column headings (default "(1) SAR", "(2) SEM", …).</summary>
    /// <param name="labels">One label per model.</param>
    /// <exception cref="ArgumentException">The count differs from the number of models.</exception>
    public SpatialTable ColumnLabels(params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Length == results.Length
            ? new(results, settings with { Labels = [.. labels] })
            : throw new ArgumentException($"{labels.Length} labels for {results.Length} models; give one label per model.", nameof(labels));
    }

    /// <summary>Sets the decimals of estimates and standard errors (default 4).</summary>
    /// <param name="count">The number of decimals.</param>
    public SpatialTable Decimals(int count)
    {
        NumberFormat.CheckDecimals(count, nameof(count));
        return new(results, settings with { Decimals = count });
    }

    /// <summary>Adds model-choice tests (Wald and LR of SDM against SAR and SEM) as rows under the fit statistics.</summary>
    /// <param name="tests">The tests.</param>
    public SpatialTable Tests(params SpatialTest[] tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        return new(results, settings with { Tests = settings.Tests.AddRange(tests) });
    }

    /// <summary>Leaves out the effects panel.</summary>
    public SpatialTable WithoutEffects() => new(results, settings with { ShowEffects = false });

    /// <summary>Adds a note line under the table.</summary>
    /// <param name="note">The note.</param>
    public SpatialTable Note(string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(note);
        return new(results, settings with { Notes = settings.Notes.Add(note) });
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var d = settings.Decimals;
        var m = results.Length;
        var labels = settings.Labels.IsEmpty
            ? results.Select((r, i) => $"({i + 1}) {SpatialResult.Abbreviation(r.Process)}").ToArray()
            : [.. settings.Labels];
        var header = new TableRow(TableRowKind.Data, [new TableCell(string.Empty), .. labels.Select(l => new TableCell(l))]);
        var body = new List<TableRow>();

        var names = results.SelectMany(r => r.Coefficients.Select(c => c.Name)).Distinct().ToList();
        var plain = names.Where(n => !n.StartsWith("W*", StringComparison.Ordinal)).ToList();
        var lagged = names.Where(n => n.StartsWith("W*", StringComparison.Ordinal)).ToList();
        AddCoefficients(body, plain, r => r.Coefficients, d, null);
        if (lagged.Count > 0)
        {
            body.Add(Section("W × X", m));
            AddCoefficients(body, lagged, r => r.Coefficients, d, n => "W×" + n[2..]);
        }

        body.Add(Section("Spatial parameter", m));
        foreach (var symbol in new[] { "rho", "lambda" })
        {
            if (results.Any(r => SpatialParameters(r).Any(c => c.Name == symbol)))
            {
                AddCoefficients(body, [symbol], SpatialParameters, d, n => n == "rho" ? "ρ (W×y)" : "λ (W×u)");
            }
        }

        if (settings.ShowEffects && results.Any(r => r.Effects.Count > 0))
        {
            var variables = results.SelectMany(r => r.Effects.Select(e => e.Variable)).Distinct().ToList();
            foreach (var (part, pick) in new (string, Func<SpatialEffect, Coefficient>)[] { ("Direct effects", e => e.Direct), ("Indirect effects", e => e.Indirect), ("Total effects", e => e.Total) })
            {
                body.Add(Section(part, m));
                AddCoefficients(body, variables, r => [.. r.Effects.Select(e => pick(e) with { Name = e.Variable })], d, null);
            }
        }

        // σ² is often far below 1 (logs, shares): four significant digits rather than a fixed count of decimals that would print 0.000.
        body.Add(Summary("σ²", results.Select(r => r.SigmaSquared.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)), ruleAbove: true));
        body.Add(Summary("Log-likelihood", results.Select(r => NumberFormat.Fixed(r.LogLikelihood, 3))));
        body.Add(Summary("R²", results.Select(r => NumberFormat.Fixed(r.RSquared, 4))));
        body.Add(Summary("N", results.Select(r => NumberFormat.Integer(r.Observations))));
        body.Add(Summary("Regions × periods", results.Select(r => $"{r.Regions} × {r.Periods}")));
        body.Add(Summary("Fixed effects", results.Select(r => r.FixedEffects switch
        {
            SpatialFixedEffects.Unit => "unit",
            SpatialFixedEffects.Time => "time",
            SpatialFixedEffects.TwoWay => "unit, time",
            _ => "none",
        })));
        if (!settings.Tests.IsEmpty)
        {
            var column = Math.Max(0, results.IndexOf(results.FirstOrDefault(r => r.Process == SpatialProcess.Durbin) ?? results.FirstOrDefault(r => r.Process == SpatialProcess.LagAndError) ?? results[0]));
            var first = true;
            foreach (var test in settings.Tests)
            {
                var cells = new TableCell[m + 1];
                cells[0] = test.Name;
                for (var i = 0; i < m; i++)
                {
                    cells[i + 1] = i == column ? new TableCell(NumberFormat.StatisticWithPValue(test.Statistic, test.PValue)) : TableCell.Empty;
                }

                body.Add(new TableRow(TableRowKind.Summary, [.. cells], RuleAbove: first));
                first = false;
            }
        }

        var notes = new List<string>
        {
            "Standard errors in parentheses (asymptotic, inverse information matrix); * p<0.10, ** p<0.05, *** p<0.01.",
            $"W: {results[0].WeightsDescription}.",
        };
        var effectMethods = results.Where(r => r.Effects.Count > 0).Select(r => r.EffectsMethod).Distinct().ToList();
        if (settings.ShowEffects && effectMethods.Count > 0)
        {
            notes.Add($"Effects (LeSage and Pace 2009): direct = tr(S)/n, total = 1'S1/n, indirect = total − direct; standard errors by {string.Join("; ", effectMethods)}.");
        }

        if (results.Any(r => r.BiasCorrected))
        {
            notes.Add("Fixed-effects models: Lee and Yu (2010) bias-corrected quasi-ML (σ² and, with two-way effects, ρ, λ and β); the log-likelihood is the maximum of the within likelihood.");
        }

        notes.AddRange(settings.Notes);
        return new ReportTable(
            settings.Title ?? "Spatial regressions",
            [header],
            body,
            [ColumnAlignment.Left, .. Enumerable.Repeat(ColumnAlignment.Decimal, m)],
            notes);
    }

    private void AddCoefficients(List<TableRow> body, IReadOnlyList<string> names, Func<SpatialResult, IReadOnlyList<Coefficient>> source, int d, Func<string, string>? label)
    {
        foreach (var name in names)
        {
            var estimates = new List<TableCell> { new(label?.Invoke(name) ?? name) };
            var errors = new List<TableCell> { TableCell.Empty };
            foreach (var r in results)
            {
                var c = source(r).FirstOrDefault(x => x.Name == name);
                estimates.Add(c is null ? TableCell.Empty : new TableCell(NumberFormat.Fixed(c.Estimate, d), Stars(c.PValue)));
                errors.Add(c is null ? TableCell.Empty : new TableCell($"({NumberFormat.Fixed(c.StandardError, d)})"));
            }

            body.Add(new TableRow(TableRowKind.Coefficient, [.. estimates]));
            body.Add(new TableRow(TableRowKind.Statistic, [.. errors]));
        }
    }

    /// <summary>ρ or λ; both for the SAC model, whose λ sits in the λ row beside the error models' λ.</summary>
    private static IReadOnlyList<Coefficient> SpatialParameters(SpatialResult r) => r.ErrorParameter is null ? [r.SpatialParameter] : [r.SpatialParameter, r.ErrorParameter];

    private static TableRow Section(string text, int models) => new(TableRowKind.Section, [new TableCell(text, ColumnSpan: models + 1)], RuleAbove: true);

    private static TableRow Summary(string label, IEnumerable<string> values, bool ruleAbove = false)
        => new(TableRowKind.Summary, [new TableCell(label), .. values.Select(v => new TableCell(v))], ruleAbove);

    private static string Stars(double p) => double.IsNaN(p) ? string.Empty : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : string.Empty;

    private sealed record Settings
    {
        public string? Title { get; init; }

        public ImmutableArray<string> Labels { get; init; } = [];

        public int Decimals { get; init; } = 4;

        public ImmutableList<SpatialTest> Tests { get; init; } = [];

        public bool ShowEffects { get; init; } = true;

        public ImmutableList<string> Notes { get; init; } = [];
    }
}
