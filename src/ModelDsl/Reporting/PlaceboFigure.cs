using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Causal;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>How a <see cref="PlaceboFigure"/> shows the distribution of placebo estimates.</summary>
public enum PlaceboDisplay
{
    /// <summary>A density-scaled histogram.</summary>
    Histogram,

    /// <summary>A Gaussian kernel density curve.</summary>
    Density,

    /// <summary>The histogram with the kernel density drawn over it.</summary>
    HistogramAndDensity,
}

/// <summary>
/// The placebo (randomisation-inference) figure, as the trade-policy paper's Figure 2: the distribution of estimates
/// from randomly reassigned treatments, the true estimate as a vertical line, and the share of placebo estimates at
/// least as large in absolute value as the true one (the two-sided randomisation p-value these draws imply).
/// </summary>
public sealed record PlaceboFigure : Figure
{
    /// <summary>Creates the figure.</summary>
    /// <param name="placeboEstimates">The estimates from the placebo draws (NaN draws are not allowed: a failed draw must be reported, not hidden).</param>
    /// <param name="trueEstimate">The estimate with the real treatment assignment.</param>
    /// <exception cref="ArgumentException">Fewer than two draws, or a non-finite value.</exception>
    public PlaceboFigure(IEnumerable<double> placeboEstimates, double trueEstimate)
    {
        ArgumentNullException.ThrowIfNull(placeboEstimates);
        PlaceboEstimates = [.. placeboEstimates];
        if (PlaceboEstimates.Length < 2)
        {
            throw new ArgumentException($"A placebo figure needs at least 2 placebo estimates; found {PlaceboEstimates.Length}.", nameof(placeboEstimates));
        }

        var bad = PlaceboEstimates.Select((v, i) => (v, i)).FirstOrDefault(p => !double.IsFinite(p.v));
        if (!double.IsFinite(bad.v))
        {
            throw new ArgumentException($"Placebo estimate {bad.i + 1} of {PlaceboEstimates.Length} is {bad.v.ToString(CultureInfo.InvariantCulture)}; every draw must be a finite number. Drop or refit the failed draws and say so in the note.", nameof(placeboEstimates));
        }

        if (!double.IsFinite(trueEstimate))
        {
            throw new ArgumentException($"The true estimate is {trueEstimate.ToString(CultureInfo.InvariantCulture)}; expected a finite number.", nameof(trueEstimate));
        }

        TrueEstimate = trueEstimate;
    }

    /// <summary>
    /// Creates the figure of a placebo run: its valid placebo estimates with the actual estimate marked (discarded
    /// draws are left out; the result counts them in <see cref="PlaceboResult.ValidDraws"/>).
    /// </summary>
    /// <param name="result">The placebo run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two valid draws.</exception>
    public PlaceboFigure(PlaceboResult result)
        : this((result ?? throw new ArgumentNullException(nameof(result))).Estimates.Where(double.IsFinite), result.Actual)
    {
    }

    /// <summary>The placebo estimates.</summary>
    public ImmutableArray<double> PlaceboEstimates { get; }

    /// <summary>The estimate with the real treatment assignment.</summary>
    public double TrueEstimate { get; }

    /// <summary>How the distribution is drawn (default: histogram with a kernel density over it).</summary>
    public PlaceboDisplay Display { get; init; } = PlaceboDisplay.HistogramAndDensity;

    /// <summary>The number of histogram bins; <see langword="null"/> for the Freedman–Diaconis rule (between 10 and 60 bins).</summary>
    public int? Bins { get; init; }

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "Placebo estimate";

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "Density";

    /// <summary>How many placebo estimates are at least as large in absolute value as the true estimate.</summary>
    public int AtLeastAsExtreme => PlaceboEstimates.Count(p => Math.Abs(p) >= Math.Abs(TrueEstimate));

    /// <summary>The share of placebo estimates with |placebo| ≥ |true estimate|.</summary>
    public double ShareAtLeastAsExtreme => (double)AtLeastAsExtreme / PlaceboEstimates.Length;

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, YLabel);
        var min = Math.Min(PlaceboEstimates.Min(), TrueEstimate);
        var max = Math.Max(PlaceboEstimates.Max(), TrueEstimate);
        var range = max - min;
        if (range <= 0)
        {
            range = Math.Abs(max) > 0 ? Math.Abs(max) : 1;
        }

        var low = min - (0.05 * range);
        var high = max + (0.05 * range);
        var top = 0.0;
        if (Display != PlaceboDisplay.Density)
        {
            var placeboMin = PlaceboEstimates.Min();
            var placeboMax = PlaceboEstimates.Max();
            var count = Bins ?? FreedmanDiaconis();
            if (count < 1)
            {
                throw new InvalidOperationException($"Bins is {count}; a histogram needs at least 1 bin.");
            }

            var width = placeboMax > placeboMin ? (placeboMax - placeboMin) / count : Math.Max(Math.Abs(placeboMax) * 0.01, 1e-12);
            var counts = new int[count];
            foreach (var value in PlaceboEstimates)
            {
                var bin = width > 0 ? (int)((value - placeboMin) / width) : 0;
                counts[Math.Clamp(bin, 0, count - 1)]++;
            }

            var bars = new List<Bar>();
            for (var k = 0; k < count; k++)
            {
                var density = counts[k] / (PlaceboEstimates.Length * width);
                top = Math.Max(top, density);
                bars.Add(new Bar
                {
                    Position = placeboMin + ((k + 0.5) * width),
                    Value = density,
                    Size = width,
                    FillColor = FigureStyle.Primary.WithAlpha(0.35),
                    LineColor = FigureStyle.Primary.WithAlpha(0.8),
                    LineWidth = 1,
                });
            }

            var histogram = plot.Add.Bars(bars);
            histogram.LegendText = $"Placebo estimates (n = {PlaceboEstimates.Length})";
        }

        if (Display != PlaceboDisplay.Histogram)
        {
            var (x, y) = KernelDensity.Estimate(PlaceboEstimates, null, low, high);
            top = Math.Max(top, y.Max());
            var curve = plot.Add.ScatterLine(x, y, FigureStyle.Primary);
            curve.LineWidth = style.LineWidth;
            curve.LegendText = Display == PlaceboDisplay.Density ? $"Placebo estimates (n = {PlaceboEstimates.Length}), kernel density" : "Kernel density";
        }

        var truth = plot.Add.VerticalLine(TrueEstimate, style.LineWidth * 1.2f, FigureStyle.Secondary, LinePattern.Solid);
        // Two lines keep the legend narrow enough for small figures.
        truth.LegendText = $"True estimate {NumberFormat.Fixed(TrueEstimate, 4)}\n|placebo| ≥ |true|: {AtLeastAsExtreme} of {PlaceboEstimates.Length} ({NumberFormat.Fixed(ShareAtLeastAsExtreme, 3)})";
        truth.EnableAutoscale = false;

        // Headroom above the tallest bar for the legend: its lines take a larger share of a small figure.
        var legendLines = Display == PlaceboDisplay.HistogramAndDensity ? 4 : 3;
        var legendShare = Math.Min(0.6, ((legendLines * style.LegendSize * 2.2) + 20) / (Height * 0.8));
        plot.Axes.SetLimits(low, high, 0, top / (1 - legendShare));
        // The legend goes to the side away from the true estimate so that it never hides the line.
        var middle = (low + high) / 2;
        plot.ShowLegend(TrueEstimate > middle ? Alignment.UpperLeft : Alignment.UpperRight);
        RenderSingle(canvas, plot);
    }

    private int FreedmanDiaconis()
    {
        var sorted = PlaceboEstimates.Order().ToArray();
        var iqr = sorted[(int)(0.75 * (sorted.Length - 1))] - sorted[(int)(0.25 * (sorted.Length - 1))];
        var range = sorted[^1] - sorted[0];
        if (iqr <= 0 || range <= 0)
        {
            return 10;
        }

        var width = 2 * iqr / Math.Cbrt(sorted.Length);
        return Math.Clamp((int)Math.Ceiling(range / width), 10, 60);
    }
}
