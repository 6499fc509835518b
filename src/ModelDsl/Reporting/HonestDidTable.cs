using System.Globalization;

using ModelDsl.Causal;

namespace ModelDsl.Reporting;

/// <summary>
/// The sensitivity table of a HonestDiD analysis, as the package prints it: one row per M (or M̄) with the robust
/// interval's ends, the original interval first, the method and Δ in the note, and the breakdown value.
/// </summary>
/// <example>
/// <code>
/// HonestDidTable.Of(HonestDid.RelativeMagnitudes(eventStudy, [0.5, 1, 1.5, 2])).Save("honestdid_rm.md");
/// </code>
/// </example>
public sealed class HonestDidTable : PublicationTable
{
    private readonly HonestDidSensitivity _analysis;

    private HonestDidTable(HonestDidSensitivity analysis, string? title, int decimals)
    {
        _analysis = analysis;
        TitleText = title;
        Decimals = decimals;
    }

    /// <summary>The caption (default none).</summary>
    public string? TitleText { get; }

    /// <summary>Decimals printed for the interval ends (default 4).</summary>
    public int Decimals { get; }

    /// <summary>Lays out a sensitivity analysis.</summary>
    /// <param name="analysis">The analysis.</param>
    public static HonestDidTable Of(HonestDidSensitivity analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new HonestDidTable(analysis, null, 4);
    }

    /// <summary>Sets the caption.</summary>
    public HonestDidTable Title(string title) => new(_analysis, title, Decimals);

    /// <summary>Sets the decimals of the interval ends (0–10).</summary>
    public HonestDidTable Digits(int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 10);
        return new(_analysis, TitleText, decimals);
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var a = _analysis;
        string Number(double v) => double.IsNaN(v) ? "(empty)" : NumberFormat.Fixed(v, Decimals);
        var header = new TableRow(TableRowKind.Section, [a.BoundName, "Lower bound", "Upper bound", "Contains 0"]);
        var rows = new List<TableRow>
        {
            new(TableRowKind.Coefficient, ["Original", Number(a.Original.Low), Number(a.Original.High), a.Original.ContainsZero ? "Yes" : "No"]),
        };
        rows.AddRange(a.Intervals.Select(i => new TableRow(TableRowKind.Coefficient, [i.Bound.ToString("0.###", CultureInfo.InvariantCulture), Number(i.Low), Number(i.High), double.IsNaN(i.Low) ? string.Empty : i.ContainsZero ? "Yes" : "No"])));
        var delta = a.Restriction == HonestDidRestriction.RelativeMagnitudes ? "Δ^RM(M̄), relative magnitudes" : "Δ^SD(M), smoothness";
        var target = string.Join(", ", a.Target.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
        var notes = new List<string>
        {
            $"Robust {(1 - a.Alpha) * 100:0.##}% confidence intervals for θ = l'τ_post, l = ({target}), under {delta}; method {a.Method} (Rambachan and Roth 2023). Original: the interval under exact parallel trends.",
            a.BreakdownValue is { } b
                ? $"Breakdown value: {a.BoundName} = {b.ToString("0.###", CultureInfo.InvariantCulture)} (the smallest value of the grid whose interval contains 0)."
                : $"Breakdown value: beyond the grid (every interval excludes 0).",
        };
        notes.AddRange(a.Notes.Select(n => n.Message));
        return new ReportTable(TitleText, [header], rows, [ColumnAlignment.Left, ColumnAlignment.Decimal, ColumnAlignment.Decimal, ColumnAlignment.Center], notes);
    }
}
