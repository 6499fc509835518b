using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Results;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>One coefficient of one model for a <see cref="CoefficientFigure"/>.</summary>
/// <param name="Term">The term's name (matched across models).</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="Low">Lower bound of its interval.</param>
/// <param name="High">Upper bound of its interval.</param>
public sealed record CoefficientEstimate(string Term, double Estimate, double Low, double High);

/// <summary>The coefficients of one model for a <see cref="CoefficientFigure"/>.</summary>
/// <param name="Model">The model's name in the legend (for example "(2) with controls").</param>
/// <param name="Coefficients">Its coefficients.</param>
public sealed record CoefficientSeries(string Model, IReadOnlyList<CoefficientEstimate> Coefficients);

/// <summary>
/// A coefficient plot comparing several models: terms down the vertical axis (first model's order first), each
/// model's estimate as a marker with its interval as a horizontal bar, models side by side within a term, a dashed
/// line at zero.
/// </summary>
public sealed record CoefficientFigure : Figure
{
    /// <summary>Creates the figure.</summary>
    /// <param name="models">One series per model.</param>
    /// <exception cref="ArgumentException">No models, a model without coefficients, a non-finite value or an interval not containing its estimate.</exception>
    public CoefficientFigure(IEnumerable<CoefficientSeries> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        Models = [.. models];
        if (Models.IsEmpty)
        {
            throw new ArgumentException("A coefficient plot needs at least one model; found none.", nameof(models));
        }

        foreach (var model in Models)
        {
            if (model.Coefficients.Count == 0)
            {
                throw new ArgumentException($"Model '{model.Model}' has no coefficients to plot; drop it or keep at least one term.", nameof(models));
            }

            foreach (var c in model.Coefficients)
            {
                if (!double.IsFinite(c.Estimate) || !double.IsFinite(c.Low) || !double.IsFinite(c.High) || c.Low > c.Estimate || c.High < c.Estimate)
                {
                    throw new ArgumentException(
                        $"Coefficient '{c.Term}' of model '{model.Model}' has estimate {c.Estimate.ToString(CultureInfo.InvariantCulture)} and interval [{c.Low.ToString(CultureInfo.InvariantCulture)}, {c.High.ToString(CultureInfo.InvariantCulture)}]; expected finite numbers with Low ≤ Estimate ≤ High.",
                        nameof(models));
                }
            }
        }
    }

    /// <summary>Creates the figure from fitted models, each named "(k) outcome", with the confidence intervals the results report.</summary>
    /// <param name="results">The fitted models.</param>
    /// <param name="terms">The terms to plot (default: every coefficient except the intercept).</param>
    public static CoefficientFigure Of(IEnumerable<RegressionResult> results, params string[] terms)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(terms);
        var series = results.Select((result, k) => new CoefficientSeries(
            $"({k + 1}) {result.Dependent}",
            [.. result.Coefficients
                .Where(c => terms.Length == 0 ? !c.IsIntercept : terms.Contains(c.Name))
                .Select(c => new CoefficientEstimate(c.Name, c.Estimate, c.ConfidenceLow, c.ConfidenceHigh))]));
        return new CoefficientFigure(series);
    }

    /// <summary>The models.</summary>
    public ImmutableArray<CoefficientSeries> Models { get; }

    /// <summary>Labels shown instead of term names.</summary>
    public ImmutableDictionary<string, string> TermLabels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "Estimate and 95% confidence interval";

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, string.Empty);
        var terms = Models.SelectMany(m => m.Coefficients.Select(c => c.Term)).Distinct(StringComparer.Ordinal).ToList();
        var dodge = Models.Length == 1 ? 0 : Math.Min(0.6 / Models.Length, 0.25);
        var zero = plot.Add.VerticalLine(0, style.LineWidth * 0.6f, FigureStyle.Reference, LinePattern.Dashed);
        zero.EnableAutoscale = false;
        for (var m = 0; m < Models.Length; m++)
        {
            var color = FigureStyle.Palette[m % FigureStyle.Palette.Count];
            var offset = (((Models.Length - 1) / 2.0) - m) * dodge;
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var c in Models[m].Coefficients)
            {
                var y = terms.Count - 1 - terms.IndexOf(c.Term) + offset;
                var bar = plot.Add.Line(c.Low, y, c.High, y);
                bar.LineWidth = style.LineWidth;
                bar.Color = color;
                bar.MarkerSize = 0;
                xs.Add(c.Estimate);
                ys.Add(y);
            }

            var markers = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color);
            markers.MarkerSize = style.MarkerSize;
            markers.MarkerShape = MarkerShapes[m % MarkerShapes.Length];
            markers.LegendText = Models[m].Model;
        }

        var positions = terms.Select((_, i) => (double)(terms.Count - 1 - i)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. terms.Select(t => TermLabels.TryGetValue(t, out var label) ? label : t)]);
        plot.Axes.Left.MinorTickStyle.Length = 0;
        var low = Math.Min(0, Models.SelectMany(m => m.Coefficients).Min(c => c.Low));
        var high = Math.Max(0, Models.SelectMany(m => m.Coefficients).Max(c => c.High));
        var pad = (high - low) * 0.08;
        plot.Axes.SetLimits(low - pad, high + pad, -0.6, terms.Count - 0.4);
        if (Models.Length > 1)
        {
            // Outside the data area, so that it never hides an estimate whatever the figure's size.
            plot.ShowLegend(Edge.Bottom);
        }
        else
        {
            plot.HideLegend();
        }

        RenderSingle(canvas, plot);
    }

    private static readonly MarkerShape[] MarkerShapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp, MarkerShape.OpenCircle];
}
