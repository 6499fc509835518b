using System.Globalization;

using ModelDsl.Causal;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>
/// The HonestDiD sensitivity plot: the original interval at the left, then the robust interval at each M (or M̄) as
/// an error bar, a zero line, and the breakdown value marked (HonestDiD's <c>createSensitivityPlot</c>).
/// </summary>
public sealed record HonestDidFigure : Figure
{
    /// <summary>Creates the figure of a sensitivity analysis.</summary>
    /// <param name="analysis">The analysis.</param>
    /// <exception cref="ArgumentException">Every robust interval is empty.</exception>
    public HonestDidFigure(HonestDidSensitivity analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Intervals.All(i => double.IsNaN(i.Low)))
        {
            throw new ArgumentException("Every robust interval of this analysis is empty; there is nothing to draw. The table's notes say why.", nameof(analysis));
        }

        Analysis = analysis;
        XLabel = analysis.Restriction == HonestDidRestriction.RelativeMagnitudes ? "Relative magnitude bound (Mbar)" : "Smoothness bound M";
    }

    /// <summary>The analysis drawn.</summary>
    public HonestDidSensitivity Analysis { get; }

    /// <summary>The horizontal axis label (default names the bound; Mbar is spelled out because a combining macron renders apart from its letter in most plot fonts).</summary>
    public string XLabel { get; init; }

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "95% robust confidence interval";

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, YLabel);
        var bounds = Analysis.Intervals.Select(i => i.Bound).Distinct().OrderBy(v => v).ToArray();
        var gap = bounds.Length > 1 ? bounds.Zip(bounds.Skip(1), (a, b) => b - a).Min() : Math.Max(bounds[0], 1) * 0.5;
        var originalX = bounds[0] - gap;
        var capWidth = gap * 0.15;

        void Bar(double x, double low, double high, Color color, string? legend)
        {
            var whisker = plot.Add.Line(x, low, x, high);
            whisker.LineWidth = style.LineWidth * 1.3f;
            whisker.Color = color;
            whisker.MarkerSize = 0;
            if (legend is not null)
            {
                whisker.LegendText = legend;
            }

            foreach (var end in new[] { low, high })
            {
                var cap = plot.Add.Line(x - capWidth, end, x + capWidth, end);
                cap.LineWidth = style.LineWidth * 1.3f;
                cap.Color = color;
                cap.MarkerSize = 0;
            }
        }

        var zero = plot.Add.HorizontalLine(0, style.LineWidth * 0.6f, FigureStyle.Reference, LinePattern.Dashed);
        zero.EnableAutoscale = false;
        Bar(originalX, Analysis.Original.Low, Analysis.Original.High, FigureStyle.Secondary, "Original");
        var drawn = Analysis.Intervals.Where(i => !double.IsNaN(i.Low)).ToArray();
        for (var k = 0; k < drawn.Length; k++)
        {
            Bar(drawn[k].Bound, drawn[k].Low, drawn[k].High, FigureStyle.Primary, k == 0 ? $"Robust ({Analysis.Method})" : null);
        }

        if (Analysis.BreakdownValue is { } breakdown)
        {
            var line = plot.Add.VerticalLine(breakdown, style.LineWidth * 0.6f, FigureStyle.Reference, LinePattern.Dotted);
            line.EnableAutoscale = false;
            line.LegendText = $"Breakdown {Analysis.BoundName} = {breakdown.ToString("0.###", CultureInfo.InvariantCulture)}";
        }

        var ticks = new[] { originalX }.Concat(bounds).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, [.. ticks.Select((t, k) => k == 0 ? "Original" : t.ToString("0.###", CultureInfo.InvariantCulture))]);
        var low = Math.Min(0, Math.Min(Analysis.Original.Low, drawn.Min(i => i.Low)));
        var high = Math.Max(0, Math.Max(Analysis.Original.High, drawn.Max(i => i.High)));
        var pad = (high - low) * 0.08;
        plot.Axes.SetLimits(originalX - (gap * 0.6), bounds[^1] + (gap * 0.6), low - pad, high + (pad * 3));
        plot.ShowLegend(Alignment.UpperLeft);
        RenderSingle(canvas, plot);
    }
}
