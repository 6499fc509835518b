using System.Net;

using Microsoft.DotNet.Interactive.Formatting;

using ModelDsl.Causal;
using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Interactive;

/// <summary>
/// How ModelDsl values display in a notebook (<c>text/html</c>) and in a terminal REPL (<c>text/plain</c>): a result as its
/// regression table, a publication table as itself, a balance table as the covariate-balance table, a figure as an
/// inline PNG.
/// </summary>
/// <remarks>
/// The renderers are the Reporting layer's (<see cref="ReportTable.ToHtml"/>, <see cref="ReportTable.ToText"/>,
/// <see cref="Figure.ToPng"/>), so a notebook shows what a study script writes to its files. Each type is given both
/// MIME types (<see cref="MimeTypes"/>): a notebook front end shows the HTML, dotnet-repl's terminal the text table.
/// </remarks>
public static class ModelDslFormatters
{
    /// <summary>The MIME types each ModelDsl value is formatted as, in order of preference: HTML first, but text first in dotnet-repl.</summary>
    /// <remarks>
    /// A notebook front end picks the richest type it renders from the bundle, whatever its order; dotnet-repl's console
    /// shows the first one, and HTML there is markup in a box. Its headless <c>--run</c> writes both types into the output
    /// notebook either way.
    /// </remarks>
    public static IReadOnlyList<string> MimeTypes { get; } =
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "dotnet-repl"
            ? [PlainTextFormatter.MimeType, HtmlFormatter.MimeType]
            : [HtmlFormatter.MimeType, PlainTextFormatter.MimeType];

    /// <summary>Registers the formatters (idempotent: registering again replaces them).</summary>
    public static void Register()
    {
        Table<PublicationTable>(table => table.Build());
        Table<ReportTable>(table => table);
        Table<RegressionResult>(result => RegressionTable.Of(result).Build());
        Table<BinaryChoiceResult>(result => RegressionTable.Of(result).Build());
        Table<InstrumentalResult>(result => RegressionTable.Of(result).Build());
        Table<DynamicPanelResult>(result => RegressionTable.Of(result).Build());
        Table<EventStudyResult>(result => RegressionTable.Of(result.Regression).Build());
        Table<BalanceTable>(balance => CovariateBalanceTable.Of(balance).Build());

        Formatter.Register<Figure>((figure, writer) => writer.Write(ImageHtml(figure)), HtmlFormatter.MimeType);
        Formatter.Register<Figure>((figure, writer) => writer.Write(ImageText(figure)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Figure), [.. MimeTypes]);
    }

    /// <summary>The HTML of a figure: its PNG inline as a data URI, scaled to the output's width.</summary>
    /// <param name="figure">The figure.</param>
    /// <returns>An <c>&lt;img&gt;</c> element.</returns>
    public static string ImageHtml(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var alt = WebUtility.HtmlEncode(figure.Title ?? figure.GetType().Name);
        return $"<img alt=\"{alt}\" style=\"max-width:100%;width:{figure.Width / 2}px\" src=\"data:image/png;base64,{Convert.ToBase64String(figure.ToPng())}\" />";
    }

    /// <summary>The text of a figure in a terminal: what it is and how to save it (a terminal shows no image).</summary>
    /// <param name="figure">The figure.</param>
    /// <returns>One line.</returns>
    public static string ImageText(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return $"{figure.GetType().Name} '{figure.Title ?? "untitled"}' ({figure.Width}x{figure.Height} PNG; .SavePng(\"file.png\") writes it, a notebook shows it inline)";
    }

    private static void Table<T>(Func<T, ReportTable> layout)
    {
        Formatter.Register<T>((value, writer) => writer.Write(layout(value).ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<T>((value, writer) => writer.Write(layout(value).ToText()), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), [.. MimeTypes]);
    }
}
