using ScottPlot;

using SkiaSharp;

namespace ModelDsl.Reporting;

/// <summary>
/// A publication figure drawn with ScottPlot: immutable (set options with object initialisers or <c>with</c>),
/// saved as PNG or SVG at <see cref="Width"/> × <see cref="Height"/> pixels. Fonts scale with the size and never go
/// below 12 px; at the default 1200 × 800 tick labels are 20 px and axis labels 24 px, readable when the figure is
/// printed at column width.
/// </summary>
public abstract record Figure
{
    /// <summary>Width in pixels (default 1200).</summary>
    public int Width { get; init; } = 1200;

    /// <summary>Height in pixels (default 800).</summary>
    public int Height { get; init; } = 800;

    /// <summary>A title drawn above the plot, or <see langword="null"/> for none (journals usually set the caption themselves).</summary>
    public string? Title { get; init; }

    /// <summary>Writes the figure as a PNG file.</summary>
    /// <param name="path">The file to write.</param>
    public void SavePng(string path) => File.WriteAllBytes(path, ToPng());

    /// <summary>Writes the figure as an SVG file.</summary>
    /// <param name="path">The file to write.</param>
    public void SaveSvg(string path) => File.WriteAllText(path, ToSvg());

    /// <summary>Writes the figure in the format its extension names (.png or .svg).</summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png":
                SavePng(path);
                break;
            case ".svg":
                SaveSvg(path);
                break;
            default:
                throw new ArgumentException($"Cannot tell the figure format from the extension '{Path.GetExtension(path)}' of '{path}'; expected .png or .svg.", nameof(path));
        }
    }

    /// <summary>Renders the figure as PNG bytes.</summary>
    public byte[] ToPng()
    {
        CheckSize();
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Render(surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Renders the figure as an SVG document.</summary>
    public string ToSvg()
    {
        CheckSize();
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            Render(canvas);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Draws the figure onto a canvas of <see cref="Width"/> × <see cref="Height"/> pixels.</summary>
    private protected abstract void Render(SKCanvas canvas);

    /// <summary>Font sizes and the font family for this figure's size.</summary>
    private protected FigureStyle Style => new(Width, Height);

    /// <summary>Renders one plot over the whole canvas, with the figure title if any.</summary>
    private protected void RenderSingle(SKCanvas canvas, Plot plot)
    {
        canvas.Clear(SKColors.White);
        if (Title is not null)
        {
            plot.Title(Title, Style.TitleSize);
        }

        RenderPlot(canvas, plot, new PixelRect(0, Width, Height, 0));
    }

    /// <summary>
    /// Renders a plot into a rectangle. ScottPlot draws a plot twice on its first render (once to settle the layout);
    /// a first pass on a canvas that draws nothing keeps that out of the SVG, halving its size.
    /// </summary>
    private protected static void RenderPlot(SKCanvas canvas, Plot plot, PixelRect rectangle)
    {
        using (var warmUp = new SKNoDrawCanvas((int)Math.Ceiling(rectangle.Right), (int)Math.Ceiling(rectangle.Bottom)))
        {
            plot.Render(warmUp, rectangle);
        }

        plot.Render(canvas, rectangle);
    }

    private void CheckSize()
    {
        if (Width < 200 || Height < 150 || Width > 10000 || Height > 10000)
        {
            throw new InvalidOperationException($"A figure of {Width} × {Height} pixels cannot hold labelled axes; expected a width of 200–10000 and a height of 150–10000 pixels (the default is 1200 × 800).");
        }
    }
}

/// <summary>Font family, font sizes and colours shared by every figure; sizes are proportional to the figure with a floor of 12 px.</summary>
internal sealed class FigureStyle
{
    private static readonly Lazy<string> SansFamily = new(() =>
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "Liberation Sans", "Arial", "Helvetica", "Nimbus Sans", "DejaVu Sans", "Lato" }.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    });

    public FigureStyle(int width, int height) => Scale = Math.Min(width / 1200.0, height / 800.0);

    /// <summary>Colour-blind-safe pair (Okabe–Ito blue and vermillion) plus neutral greys.</summary>
    public static Color Primary { get; } = Color.FromHex("#0072B2");

    public static Color Secondary { get; } = Color.FromHex("#D55E00");

    public static Color Tertiary { get; } = Color.FromHex("#009E73");

    public static Color Quaternary { get; } = Color.FromHex("#CC79A7");

    public static Color Reference { get; } = Color.FromHex("#555555");

    public static IReadOnlyList<Color> Palette { get; } = [Primary, Secondary, Tertiary, Quaternary, Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000")];

    public double Scale { get; }

    public string FontFamily => SansFamily.Value;

    public float TickSize => Size(20);

    public float LabelSize => Size(24);

    public float TitleSize => Size(26);

    public float LegendSize => Size(20);

    public float AnnotationSize => Size(20);

    public float LineWidth => (float)Math.Max(1.5, 2.5 * Scale);

    public float MarkerSize => (float)Math.Max(6, 12 * Scale);

    public float Size(double basePixels) => (float)Math.Max(12, Math.Round(basePixels * Scale));

    /// <summary>A plot with the house style: sans font, large ticks and labels, light grid, labelled axes.</summary>
    public Plot NewPlot(string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = false;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = FontFamily;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.OutlineColor = Color.FromHex("#999999");
        return plot;
    }
}
