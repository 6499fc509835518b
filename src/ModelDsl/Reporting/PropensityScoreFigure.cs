using System.Collections.Immutable;
using System.Globalization;

using ModelDsl.Matching;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>
/// The common-support figure (the trade-policy paper's Figure 3): kernel densities of the propensity score for treated
/// and control units, (a) before matching (every unit, unweighted) and (b) after matching (units weighted by their
/// matching weights; weight 0 means unmatched), side by side on the same axes. The densities are reflected at 0 and 1,
/// the bounds of a probability, so that they integrate to one on [0, 1].
/// </summary>
public sealed record PropensityScoreFigure : Figure
{
    /// <summary>Creates the figure.</summary>
    /// <param name="scores">Each unit's propensity score, in [0, 1].</param>
    /// <param name="treated">Whether each unit is treated.</param>
    /// <param name="matchedWeights">Each unit's weight after matching (0 for unmatched units; treated units usually 1).</param>
    /// <exception cref="ArgumentException">Lengths differ, a score is outside [0, 1], a weight is negative or not finite, or a group is empty before or after matching.</exception>
    public PropensityScoreFigure(IEnumerable<double> scores, IEnumerable<bool> treated, IEnumerable<double> matchedWeights)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(matchedWeights);
        Scores = [.. scores];
        Treated = [.. treated];
        MatchedWeights = [.. matchedWeights];
        if (Treated.Length != Scores.Length || MatchedWeights.Length != Scores.Length)
        {
            throw new ArgumentException(
                $"Expected one treatment flag and one weight per score; found {Scores.Length} scores, {Treated.Length} treatment flags and {MatchedWeights.Length} weights. "
                + "For a MatchingResult use new PropensityScoreFigure(result): its PropensityScores and Weights have one entry per data row, its Treated one per row of the matching sample.",
                nameof(treated));
        }

        for (var i = 0; i < Scores.Length; i++)
        {
            if (!(Scores[i] >= 0 && Scores[i] <= 1))
            {
                throw new ArgumentException($"Propensity score {i + 1} is {Scores[i].ToString(CultureInfo.InvariantCulture)}; expected a probability in [0, 1].", nameof(scores));
            }

            if (!(MatchedWeights[i] >= 0) || double.IsInfinity(MatchedWeights[i]))
            {
                throw new ArgumentException($"Matching weight {i + 1} is {MatchedWeights[i].ToString(CultureInfo.InvariantCulture)}; expected a finite weight ≥ 0 (0 for an unmatched unit).", nameof(matchedWeights));
            }
        }

        foreach (var group in new[] { true, false })
        {
            var name = group ? "treated" : "control";
            if (!Treated.Contains(group))
            {
                throw new ArgumentException($"No {name} units among the {Scores.Length} scores; the figure compares treated and control densities.", nameof(treated));
            }

            if (!Enumerable.Range(0, Scores.Length).Any(i => Treated[i] == group && MatchedWeights[i] > 0))
            {
                throw new ArgumentException($"Every {name} unit has matching weight 0; after matching each group needs at least one unit with a positive weight.", nameof(matchedWeights));
            }
        }
    }

    /// <summary>Creates the figure from a matching result: its sample's scores, treatment flags and matching weights.</summary>
    /// <param name="matching">The matching result.</param>
    public PropensityScoreFigure(MatchingResult matching)
        : this(
            SampleValues(matching, m => m.PropensityScores),
            matching?.Treated ?? throw new ArgumentNullException(nameof(matching)),
            SampleValues(matching, m => m.Weights))
    {
    }

    /// <summary>The propensity scores.</summary>
    public ImmutableArray<double> Scores { get; }

    /// <summary>The treatment flags.</summary>
    public ImmutableArray<bool> Treated { get; }

    /// <summary>The matching weights.</summary>
    public ImmutableArray<double> MatchedWeights { get; }

    /// <summary>The left panel's title.</summary>
    public string BeforeTitle { get; init; } = "(a) Before matching";

    /// <summary>The right panel's title.</summary>
    public string AfterTitle { get; init; } = "(b) After matching";

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "Propensity score";

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "Density";

    /// <summary>The legend label of treated units.</summary>
    public string TreatedLabel { get; init; } = "Treated";

    /// <summary>The legend label of control units.</summary>
    public string ControlLabel { get; init; } = "Control";

    /// <summary>A per-data-row array of the result restricted to the matching sample, in the order of <see cref="MatchingResult.Treated"/>.</summary>
    private static double[] SampleValues(MatchingResult? matching, Func<MatchingResult, IReadOnlyList<double>> select)
    {
        ArgumentNullException.ThrowIfNull(matching);
        var values = select(matching);
        return [.. matching.SampleRows.Select(row => values[row])];
    }

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        canvas.Clear(SKColors.White);
        var curves = new List<(double[] X, double[] Y)>();
        var panels = new[] { (Title: BeforeTitle, Weighted: false), (Title: AfterTitle, Weighted: true) };
        var plots = new List<Plot>();
        foreach (var (title, weighted) in panels)
        {
            var plot = style.NewPlot(XLabel, YLabel);
            plot.Title(title, style.LabelSize);
            foreach (var group in new[] { true, false })
            {
                var indices = Enumerable.Range(0, Scores.Length).Where(i => Treated[i] == group).ToArray();
                var values = indices.Select(i => Scores[i]).ToArray();
                var weights = indices.Select(i => weighted ? MatchedWeights[i] : 1.0).ToArray();
                var curve = KernelDensity.Estimate(values, weights, 0, 1, bounds: (0, 1));
                curves.Add(curve);
                var color = group ? FigureStyle.Secondary : FigureStyle.Primary;
                var fill = plot.Add.FillY(curve.X, curve.Y, new double[curve.X.Length]);
                fill.FillColor = color.WithAlpha(0.12);
                fill.LineWidth = 0;
                var line = plot.Add.ScatterLine(curve.X, curve.Y, color);
                line.LineWidth = style.LineWidth;
                line.LinePattern = group ? LinePattern.Solid : LinePattern.Dashed;
                var count = weighted ? indices.Count(i => MatchedWeights[i] > 0) : indices.Length;
                // Panels narrower than about 260 px cannot hold the counts in the legend without clipping it.
                var name = group ? TreatedLabel : ControlLabel;
                line.LegendText = Width < 520 ? name : $"{name} (n = {count})";
            }

            plot.ShowLegend(Alignment.UpperRight);
            plots.Add(plot);
        }

        var top = curves.Max(c => c.Y.Length == 0 ? 0 : c.Y.Max()) * 1.3;
        var titleHeight = Title is null ? 0 : style.TitleSize * 2.2f;
        if (Title is not null)
        {
            using var typeface = SKTypeface.FromFamilyName(style.FontFamily);
            using var font = new SKFont(typeface, style.TitleSize);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(Title, Width / 2f, style.TitleSize * 1.4f, SKTextAlign.Center, font, paint);
        }

        for (var k = 0; k < plots.Count; k++)
        {
            plots[k].Axes.SetLimits(0, 1, 0, top);
            // ScottPlot clears its canvas before drawing; the clip keeps each panel from erasing the other.
            var left = k * Width / 2f;
            canvas.Save();
            canvas.ClipRect(new SKRect(left, titleHeight, left + (Width / 2f), Height));
            RenderPlot(canvas, plots[k], new PixelRect(left, left + (Width / 2f), Height, titleHeight));
            canvas.Restore();
        }
    }
}
