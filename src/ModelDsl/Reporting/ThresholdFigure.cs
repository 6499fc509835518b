using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Results;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>
/// The likelihood-ratio figure of a panel threshold model (Hansen 1999, Figures 1–3; xthreg's <c>_matplot e(LR)</c>):
/// LR(γ) against the candidate thresholds for each estimated threshold, with the critical value c(α) as a dashed
/// line — the confidence interval is where a curve lies below it.
/// </summary>
/// <example><code>new ThresholdFigure(fit).SavePng("figure3_lr.png");   // or .SaveSvg(...)</code></example>
public sealed record ThresholdFigure : Figure
{
    /// <summary>Creates the figure of the model's thresholds (Th-1 of a single model; Th-21 and Th-22 of a double; and Th-3 of a triple).</summary>
    /// <param name="result">The fitted threshold model.</param>
    /// <param name="labels">The estimates to draw by label (Th-1, Th-21, Th-22, Th-3); none means the model's thresholds.</param>
    /// <exception cref="ArgumentException">A label the result does not have.</exception>
    public ThresholdFigure(ThresholdResult result, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var label in labels)
        {
            if (!result.Estimates.Any(e => e.Label == label))
            {
                throw new ArgumentException($"The threshold model has no estimate '{label}'; it has {string.Join(", ", result.Estimates.Select(e => e.Label))}.", nameof(labels));
            }
        }

        Curves = [.. labels.Length == 0 ? result.Estimates.Where(e => e.InModel) : result.Estimates.Where(e => labels.Contains(e.Label))];
        CriticalValue = ThresholdSpecification.CriticalValue(result.Specification.ConfidenceLevel);
        Level = result.Specification.ConfidenceLevel;
        XLabel = $"Threshold ({result.Specification.ThresholdVariable?.Name})";
    }

    /// <summary>The estimates drawn, one curve each.</summary>
    public ImmutableArray<ThresholdEstimate> Curves { get; }

    /// <summary>c(α) = −2 ln(1 − √(1 − α)).</summary>
    public double CriticalValue { get; }

    /// <summary>The confidence level α of the critical value.</summary>
    public double Level { get; }

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; }

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "LR statistic";

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, YLabel);
        var top = CriticalValue;
        for (var i = 0; i < Curves.Length; i++)
        {
            var curve = Curves[i];
            var points = curve.Candidates.Zip(curve.LikelihoodRatio).Where(p => double.IsFinite(p.Second)).ToArray();
            var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray(), FigureStyle.Palette[i % FigureStyle.Palette.Count]);
            line.LineWidth = style.LineWidth;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{curve.Label}: γ̂ = {NumberFormat.Fixed(curve.Value, 4)} [{NumberFormat.Fixed(curve.Lower, 4)}, {NumberFormat.Fixed(curve.Upper, 4)}]");
            top = Math.Max(top, points.Max(p => p.Second));
        }

        var critical = plot.Add.HorizontalLine(CriticalValue, style.LineWidth, FigureStyle.Reference, LinePattern.Dashed);
        critical.LegendText = string.Create(CultureInfo.InvariantCulture, $"{Level * 100:0.##}% critical value {NumberFormat.Fixed(CriticalValue, 2)}");
        plot.Axes.SetLimitsY(0, top * 1.08);
        plot.ShowLegend(Alignment.UpperRight);
        RenderSingle(canvas, plot);
    }
}
