using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;

using ModelDsl.Reporting;

using SkiaSharp;

namespace ModelDsl.Tests.Reporting;

public sealed class FigureTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("modeldsl-figures-");

    public static TheoryData<string> FigureNames => ["event-study", "placebo", "propensity-score", "coefficients"];

    public void Dispose() => folder.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(FigureNames))]
    public void PngHasTheDefaultPixelSize(string name)
    {
        var path = Path.Combine(folder.FullName, name + ".png");

        Create(name).Save(path);

        Assert.Equal((1200, 800), PngSize(File.ReadAllBytes(path)));
    }

    [Theory]
    [MemberData(nameof(FigureNames))]
    public void PngHonoursACustomSize(string name)
    {
        var png = (Create(name) with { Width = 900, Height = 600 }).ToPng();

        Assert.Equal((900, 600), PngSize(png));
    }

    [Theory]
    [MemberData(nameof(FigureNames))]
    public void SvgIsWellFormedWithTheFigureSizeAndItsAxisLabels(string name)
    {
        var path = Path.Combine(folder.FullName, name + ".svg");
        var figure = Create(name);

        figure.Save(path);
        var svg = XDocument.Load(path).Root!;

        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("1200", svg.Attribute("width")?.Value);
        Assert.Equal("800", svg.Attribute("height")?.Value);
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains(XLabelOf(figure).Replace(" ", string.Empty, StringComparison.Ordinal), text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FigureNames))]
    public void EveryTextIsAtLeastTwelvePixelsEvenInASmallFigure(string name)
    {
        foreach (var (width, height) in new[] { (1200, 800), (400, 300) })
        {
            var svg = XDocument.Parse((Create(name) with { Width = width, Height = height, Title = "A title" }).ToSvg()).Root!;
            var sizes = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => double.Parse(e.Attribute("font-size")!.Value, CultureInfo.InvariantCulture)).ToList();

            Assert.NotEmpty(sizes);
            Assert.All(sizes, size => Assert.True(size >= 12, $"{name} at {width} × {height} has text of {size} px."));
        }
    }

    [Fact]
    public void SvgDrawsEachLabelOnce()
    {
        var svg = XDocument.Parse(Create("event-study").ToSvg()).Root!;
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

        Assert.Single(texts, t => t == "Periods relative to treatment");
    }

    [Fact]
    public void BothPropensityScorePanelsAreDrawn()
    {
        var (scores, treated, weights) = FigureFixtures.PropensityScores();
        using var bitmap = SKBitmap.Decode(new PropensityScoreFigure(scores, treated, weights).ToPng());

        // Each half holds the vermillion treated curve: a panel erased by the other would be white or grey only.
        Assert.True(CountColored(bitmap, 0, bitmap.Width / 2) > 500, "The left panel (before matching) has no curve.");
        Assert.True(CountColored(bitmap, bitmap.Width / 2, bitmap.Width) > 500, "The right panel (after matching) has no curve.");
    }

    [Fact]
    public void PlaceboShareCountsAbsoluteValuesAtLeastAsLarge()
    {
        var figure = new PlaceboFigure([-3, -1, 0, 1, 2, 3], -2);

        Assert.Equal(3, figure.AtLeastAsExtreme);
        Assert.Equal(0.5, figure.ShareAtLeastAsExtreme);
        Assert.Equal(0, new PlaceboFigure(FigureFixtures.Placebo(), 0.0157).AtLeastAsExtreme);
    }

    [Fact]
    public void InvalidInputsAreRejectedWithTheirValues()
    {
        var interval = Assert.Throws<ArgumentException>(() => new EventStudyFigure([new EventStudyPoint(2, 0.5, 0.6, 0.9)]));
        Assert.Contains("[0.6, 0.9] at event time 2 does not contain its estimate 0.5", interval.Message, StringComparison.Ordinal);
        var repeated = Assert.Throws<ArgumentException>(() => new EventStudyFigure([new EventStudyPoint(0, 0, 0, 0), new EventStudyPoint(0, 1, 1, 1)]));
        Assert.Contains("Event time 0 appears 2 times", repeated.Message, StringComparison.Ordinal);
        var lengths = Assert.Throws<ArgumentException>(() => new PropensityScoreFigure([0.2, 0.4], [true], [1, 1]));
        Assert.Contains("2 scores, 1 treatment flags and 2 weights", lengths.Message, StringComparison.Ordinal);
        var score = Assert.Throws<ArgumentException>(() => new PropensityScoreFigure([0.2, 1.4], [true, false], [1, 1]));
        Assert.Contains("Propensity score 2 is 1.4", score.Message, StringComparison.Ordinal);
        var unmatched = Assert.Throws<ArgumentException>(() => new PropensityScoreFigure([0.2, 0.4], [true, false], [1, 0]));
        Assert.Contains("Every control unit has matching weight 0", unmatched.Message, StringComparison.Ordinal);
        var placebo = Assert.Throws<ArgumentException>(() => new PlaceboFigure([0.1, double.NaN, 0.2], 0.3));
        Assert.Contains("Placebo estimate 2 of 3 is NaN", placebo.Message, StringComparison.Ordinal);
        var extension = Assert.Throws<ArgumentException>(() => Create("placebo").Save(Path.Combine(folder.FullName, "figure.jpg")));
        Assert.Contains("'.jpg'", extension.Message, StringComparison.Ordinal);
        var size = Assert.Throws<InvalidOperationException>(() => (Create("placebo") with { Width = 50 }).ToPng());
        Assert.Contains("50 × 800", size.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FontsAreReadableAtJournalSizeAndNeverBelowTwelvePixels()
    {
        var large = new FigureStyle(1200, 800);
        var small = new FigureStyle(400, 300);

        Assert.True(large.TickSize >= 18 && large.LabelSize >= 22, $"Tick {large.TickSize} px, label {large.LabelSize} px at 1200 × 800.");
        Assert.Equal(12, small.TickSize);
        Assert.True(small.LabelSize >= 12);
    }

    internal static Figure Create(string name)
    {
        switch (name)
        {
            case "event-study":
                return new EventStudyFigure(FigureFixtures.EventStudy());
            case "placebo":
                return new PlaceboFigure(FigureFixtures.Placebo(), 0.0157);
            case "propensity-score":
                var (scores, treated, weights) = FigureFixtures.PropensityScores();
                return new PropensityScoreFigure(scores, treated, weights);
            default:
                return new CoefficientFigure(
                [
                    new CoefficientSeries("(1) No controls", [new("cbec", 0.0194, 0.0181, 0.0207)]),
                    new CoefficientSeries("(2) Controls", [new("cbec", 0.0157, 0.0118, 0.0196), new("ln_pop", -0.0123, -0.0243, -0.0003), new("ln_gdp", 0.0042, -0.0003, 0.0087)]),
                    new CoefficientSeries("(3) No municipalities", [new("cbec", 0.0152, 0.0111, 0.0193), new("ln_pop", -0.0101, -0.0177, -0.0025), new("ln_gdp", 0.0009, -0.0052, 0.0070)]),
                ])
                { TermLabels = new Dictionary<string, string> { ["cbec"] = "CBEC pilot", ["ln_pop"] = "Population (log)", ["ln_gdp"] = "GDP (log)" }.ToImmutableDictionary() };
        }
    }

    private static string XLabelOf(Figure figure) => figure switch
    {
        EventStudyFigure e => e.XLabel,
        PlaceboFigure p => p.XLabel,
        PropensityScoreFigure s => s.XLabel,
        CoefficientFigure c => c.XLabel,
        _ => throw new ArgumentOutOfRangeException(nameof(figure)),
    };

    /// <summary>Reads width and height from the IHDR chunk that follows the 8-byte PNG signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    private static int CountColored(SKBitmap bitmap, int fromX, int toX)
    {
        var count = 0;
        for (var x = fromX; x < toX; x += 2)
        {
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 150 && c.Red - c.Blue > 80)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
