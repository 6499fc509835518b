using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Causal;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>One event-time coefficient of an event study with its confidence interval.</summary>
/// <param name="EventTime">Periods relative to treatment (−3, −2, 0, 1, ...).</param>
/// <param name="Estimate">The coefficient.</param>
/// <param name="Low">Lower bound of the interval (usually 95 %).</param>
/// <param name="High">Upper bound of the interval.</param>
public sealed record EventStudyPoint(double EventTime, double Estimate, double Low, double High);

/// <summary>
/// The parallel-trends figure (the trade-policy paper's Figure 1): event-time coefficients with their intervals as
/// error bars, a dashed zero line, the omitted reference period marked by a hollow marker at zero and a dotted
/// vertical line, and a shaded post-treatment region.
/// </summary>
public sealed record EventStudyFigure : Figure
{
    /// <summary>Creates the figure from the estimated coefficients (the reference period is normally not among them).</summary>
    /// <param name="points">One point per event time; intervals must contain their estimates.</param>
    /// <exception cref="ArgumentException">No points, a non-finite value, an interval not containing its estimate, or a repeated event time.</exception>
    public EventStudyFigure(IEnumerable<EventStudyPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Points = [.. points.OrderBy(p => p.EventTime)];
        if (Points.IsEmpty)
        {
            throw new ArgumentException("An event-study figure needs at least one coefficient; found none.", nameof(points));
        }

        foreach (var point in Points)
        {
            if (!double.IsFinite(point.EventTime) || !double.IsFinite(point.Estimate) || !double.IsFinite(point.Low) || !double.IsFinite(point.High))
            {
                throw new ArgumentException($"The coefficient at event time {point.EventTime.ToString(CultureInfo.InvariantCulture)} has a non-finite value ({point}); every estimate and bound must be a finite number.", nameof(points));
            }

            if (point.Low > point.Estimate || point.High < point.Estimate)
            {
                throw new ArgumentException($"The interval [{point.Low.ToString(CultureInfo.InvariantCulture)}, {point.High.ToString(CultureInfo.InvariantCulture)}] at event time {point.EventTime.ToString(CultureInfo.InvariantCulture)} does not contain its estimate {point.Estimate.ToString(CultureInfo.InvariantCulture)}; pass Low ≤ Estimate ≤ High.", nameof(points));
            }
        }

        var repeated = Points.GroupBy(p => p.EventTime).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Event time {repeated.Key.ToString(CultureInfo.InvariantCulture)} appears {repeated.Count()} times; pass one coefficient per event time.", nameof(points));
        }
    }

    /// <summary>
    /// Creates the parallel-trends figure of an event study: each event time's estimate with its confidence interval,
    /// the omitted reference period marked at zero, the axis naming the interval's level.
    /// </summary>
    /// <param name="result">The fitted event study.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public EventStudyFigure(EventStudyResult result)
        : this(PointsOf(result))
    {
        ReferencePeriod = result.ReferencePeriod;
        YLabel = $"Estimate and {result.Regression.ConfidenceLevel * 100:0.##}% confidence interval";
    }

    /// <summary>
    /// The figure of an imputation (BJS) event study: the pre-trend coefficients (if asked for) and the horizons with their
    /// intervals, nothing omitted (the imputation estimator has no reference period).
    /// </summary>
    /// <param name="result">The fitted imputation estimator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public EventStudyFigure(ImputationResult result)
        : this((result ?? throw new ArgumentNullException(nameof(result))).PreTrendCoefficients.Concat(result.Horizons)
            .Select(h => new EventStudyPoint(h.EventTime, h.Coefficient.Estimate, h.Coefficient.ConfidenceLow, h.Coefficient.ConfidenceHigh)))
    {
        ReferencePeriod = null;
        YLabel = $"Estimate and {result.Model.ConfidenceLevel * 100:0.##}% confidence interval";
    }

    /// <summary>
    /// Creates the event-study figure of a Callaway–Sant'Anna dynamic aggregation: each event time's effect with its
    /// pointwise interval, or its uniform band when the estimation was bootstrapped; under a universal base period the
    /// reference event time (0 by construction) is the hollow marker, under a varying base nothing is omitted.
    /// </summary>
    /// <param name="dynamic">The dynamic aggregation (<c>result.Dynamic()</c>).</param>
    /// <exception cref="ArgumentException">The aggregation is not the dynamic one.</exception>
    public EventStudyFigure(CallawaySantAnnaAggregation dynamic)
        : this(PointsOf(dynamic))
    {
        var bands = dynamic.Effects.Any(e => double.IsFinite(e.BandLow));
        ReferencePeriod = dynamic.Effects.Where(e => double.IsNaN(e.Coefficient.StandardError) && e.Coefficient.Estimate == 0).Select(e => (double?)e.Key).FirstOrDefault();
        var level = $"{dynamic.Source.ConfidenceLevel * 100:0.##}%";
        EstimateLabel = bands ? $"ATT(e) with {level} uniform band" : $"ATT(e) with {level} CI";
        YLabel = bands ? $"ATT and {level} uniform confidence band" : $"ATT and {level} confidence interval";
        XLabel = "Periods relative to treatment (e = t − g)";
    }

    /// <summary>The coefficients, ordered by event time.</summary>
    public ImmutableArray<EventStudyPoint> Points { get; }

    /// <summary>The omitted reference period, drawn as a hollow marker at zero (default −1); <see langword="null"/> to leave it unmarked.</summary>
    public double? ReferencePeriod { get; init; } = -1;

    /// <summary>Whether to shade the post-treatment periods (event time ≥ 0).</summary>
    public bool ShadePostTreatment { get; init; } = true;

    /// <summary>Whether to join the estimates with a line.</summary>
    public bool ConnectEstimates { get; init; } = true;

    /// <summary>The legend entry of the estimates (say the interval's level when it is not 95 %).</summary>
    public string EstimateLabel { get; init; } = "Estimate with 95% CI";

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "Periods relative to treatment";

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "Estimate and 95% confidence interval";

    private static IEnumerable<EventStudyPoint> PointsOf(EventStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.EventTimes.Select(e => new EventStudyPoint(e.EventTime, e.Coefficient.Estimate, e.Coefficient.ConfidenceLow, e.Coefficient.ConfidenceHigh));
    }

    private static IEnumerable<EventStudyPoint> PointsOf(CallawaySantAnnaAggregation dynamic)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        if (dynamic.Kind != AggregationKind.Dynamic)
        {
            throw new ArgumentException($"The event-study figure draws the dynamic aggregation, but this is the {dynamic.Kind} aggregation; pass result.Dynamic().", nameof(dynamic));
        }

        // The universal base period's cell is 0 with no standard error: drawn as the reference marker, not as a point.
        return dynamic.Effects.Where(e => !double.IsNaN(e.Coefficient.StandardError)).Select(e => double.IsFinite(e.BandLow)
            ? new EventStudyPoint(e.Key, e.Coefficient.Estimate, e.BandLow, e.BandHigh)
            : new EventStudyPoint(e.Key, e.Coefficient.Estimate, e.Coefficient.ConfidenceLow, e.Coefficient.ConfidenceHigh));
    }

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, YLabel);
        var times = Points.Select(p => p.EventTime).ToList();
        if (ReferencePeriod is { } reference && !times.Contains(reference))
        {
            times.Add(reference);
            times.Sort();
        }

        var left = times[0] - 0.6;
        var right = times[^1] + 0.6;
        if (ShadePostTreatment && times[^1] >= 0)
        {
            var span = plot.Add.HorizontalSpan(Math.Max(-0.5, left), right, FigureStyle.Primary.WithAlpha(0.07));
            span.LineWidth = 0;
            span.EnableAutoscale = false;
        }

        var zero = plot.Add.HorizontalLine(0, style.LineWidth * 0.6f, FigureStyle.Reference, LinePattern.Dashed);
        zero.EnableAutoscale = false;

        if (ReferencePeriod is { } period)
        {
            var line = plot.Add.VerticalLine(period, style.LineWidth * 0.6f, FigureStyle.Reference, LinePattern.Dotted);
            line.EnableAutoscale = false;
        }

        foreach (var point in Points)
        {
            var whisker = plot.Add.Line(point.EventTime, point.Low, point.EventTime, point.High);
            whisker.LineWidth = style.LineWidth;
            whisker.Color = FigureStyle.Primary;
            whisker.MarkerSize = 0;
            foreach (var bound in new[] { point.Low, point.High })
            {
                var cap = plot.Add.Line(point.EventTime - 0.12, bound, point.EventTime + 0.12, bound);
                cap.LineWidth = style.LineWidth;
                cap.Color = FigureStyle.Primary;
                cap.MarkerSize = 0;
            }
        }

        if (ConnectEstimates)
        {
            // The path runs through the reference period at zero, where the omitted coefficient is normalised.
            var path = Points.Select(p => (p.EventTime, p.Estimate)).ToList();
            if (ReferencePeriod is { } normalised && !Points.Any(p => p.EventTime == normalised))
            {
                path.Add((normalised, 0));
            }

            path.Sort();
            var line = plot.Add.ScatterLine(path.Select(p => p.EventTime).ToArray(), path.Select(p => p.Estimate).ToArray(), FigureStyle.Primary);
            line.LineWidth = style.LineWidth;
        }

        var estimates = plot.Add.ScatterPoints(Points.Select(p => p.EventTime).ToArray(), Points.Select(p => p.Estimate).ToArray(), FigureStyle.Primary);
        estimates.MarkerSize = style.MarkerSize;
        estimates.MarkerShape = MarkerShape.FilledCircle;
        estimates.LegendText = EstimateLabel;

        if (ReferencePeriod is { } omitted)
        {
            // A white disc under the open circle hides the connecting line inside the marker.
            plot.Add.Marker(omitted, 0, MarkerShape.FilledCircle, style.MarkerSize * 1.2f, Colors.White);
            var marker = plot.Add.Marker(omitted, 0, MarkerShape.OpenCircle, style.MarkerSize * 1.2f, FigureStyle.Primary);
            marker.MarkerLineWidth = style.LineWidth;
            marker.LegendText = $"Reference period ({omitted.ToString(CultureInfo.InvariantCulture)})";
        }

        var ticks = times.Where(t => t == Math.Round(t)).Distinct().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, [.. ticks.Select(t => t.ToString(CultureInfo.InvariantCulture))]);

        var low = Math.Min(0, Points.Min(p => p.Low));
        var high = Math.Max(0, Points.Max(p => p.High));
        var pad = (high - low) * 0.08;
        plot.Axes.SetLimits(left, right, low - pad, high + (pad * 3));
        plot.ShowLegend(Alignment.UpperLeft);
        RenderSingle(canvas, plot);
    }
}
