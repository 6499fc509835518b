using ModelDsl.Spatial;

using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>
/// Anselin's (1996) Moran scatter plot: each region's standardised value zᵢ against its spatial lag (Wz)ᵢ, with the
/// quadrant lines at zero and the least-squares line through the origin, whose slope Σ zᵢ(Wz)ᵢ / Σ zᵢ² is Moran's I when W
/// is row-standardised. Immutable; create with <see cref="Of"/>.
/// </summary>
/// <remarks>
/// z = (x − x̄)/s with s the standard deviation over n (not n − 1); the slope does not depend on that choice. The
/// upper-right (high–high) and lower-left (low–low) quadrants are positive spatial association.
/// </remarks>
public sealed record MoranScatterFigure : Figure
{
    private MoranScatterFigure(double[] standardized, double[] lag)
    {
        Standardized = standardized;
        Lag = lag;
    }

    /// <summary>The standardised values zᵢ, aligned with the weights' ids.</summary>
    public IReadOnlyList<double> Standardized { get; }

    /// <summary>The spatial lags (Wz)ᵢ.</summary>
    public IReadOnlyList<double> Lag { get; }

    /// <summary>The slope of the line through the origin, Σ zᵢ(Wz)ᵢ / Σ zᵢ² (Moran's I for row-standardised W).</summary>
    public double Slope => Standardized.Zip(Lag, (z, l) => z * l).Sum() / Standardized.Sum(z => z * z);

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "Standardised value z";

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "Spatial lag Wz";

    /// <summary>Creates the scatter plot of a variable over spatial weights.</summary>
    /// <param name="values">The variable, aligned with the weights' ids.</param>
    /// <param name="weights">The spatial weights (row-standardised for the slope to be Moran's I).</param>
    /// <exception cref="ArgumentException">The length differs, a value is missing, or the values are constant.</exception>
    public static MoranScatterFigure Of(ReadOnlySpan<double> values, SpatialWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = values.Length;
        var mean = 0.0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"The variable has a missing or infinite value ({v}); the Moran scatter plot needs every region.", nameof(values));
            }

            mean += v;
        }

        mean /= Math.Max(n, 1);
        var variance = 0.0;
        foreach (var v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        var sd = Math.Sqrt(variance / Math.Max(n, 1));
        if (!(sd > 0))
        {
            throw new ArgumentException("The variable is constant; the Moran scatter plot needs variation.", nameof(values));
        }

        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            z[i] = (values[i] - mean) / sd;
        }

        return new MoranScatterFigure(z, weights.Lag(z));
    }

    private protected override void Render(SKCanvas canvas)
    {
        var style = Style;
        var plot = style.NewPlot(XLabel, YLabel);
        var x = Standardized.ToArray();
        var y = Lag.ToArray();
        var points = plot.Add.ScatterPoints(x, y, FigureStyle.Primary);
        points.MarkerSize = style.MarkerSize;
        var reach = Math.Max(x.Max(v => Math.Abs(v)), y.Max(v => Math.Abs(v))) * 1.1;
        var slope = Slope;
        var line = plot.Add.Line(-reach, -reach * slope, reach, reach * slope);
        line.LineColor = FigureStyle.Secondary;
        line.LineWidth = style.LineWidth;
        line.LegendText = $"Slope {NumberFormat.Fixed(slope, 4)}";
        var vertical = plot.Add.VerticalLine(0, 1, FigureStyle.Reference, LinePattern.Dashed);
        vertical.EnableAutoscale = false;
        var horizontal = plot.Add.HorizontalLine(0, 1, FigureStyle.Reference, LinePattern.Dashed);
        horizontal.EnableAutoscale = false;
        plot.Axes.SetLimits(-reach, reach, -reach, reach);
        plot.ShowLegend(Alignment.UpperLeft);
        RenderSingle(canvas, plot);
    }
}
