using Microsoft.DotNet.Interactive.Formatting;

using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Interactive.Tests;

/// <summary>
/// The notebook display of ModelDsl values (<see cref="ModelDslFormatters"/>): the Reporting layer's HTML and text, and
/// figures as inline PNGs. The notebook run in CI (.ci/notebook) checks the same end to end in dotnet-repl.
/// </summary>
public sealed class FormatterTests
{
    private static readonly Lazy<(RegressionResult Fe, EventStudyResult EventStudy)> Results = new(() =>
    {
        ModelDslFormatters.Register();
        var data = PanelData.ReadCsv(Path.Combine(RepositoryRoot(), "data", "cities_cbec.csv"), "city", "year");
        var fe = Model.Regress("inno").On("cbec").Controls("lnpop").Fe("city", "year").Cluster("city").Fit(data);
        var eventStudy = Model.EventStudy("inno").Cohort("pilot_year").Window(-2, 2).Reference(-1).Fe("city", "year").Cluster("city").Fit(data);
        return (fe, eventStudy);
    });

    [Fact]
    public void AResultDisplaysAsItsRegressionTableInHtmlAndText()
    {
        var fe = Results.Value.Fe;

        Assert.Equal(RegressionTable.Of(fe).ToHtml(), fe.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal(RegressionTable.Of(fe).ToText(), fe.ToDisplayString(PlainTextFormatter.MimeType));
        Assert.Equal([HtmlFormatter.MimeType, PlainTextFormatter.MimeType], Formatter.GetPreferredMimeTypesFor(typeof(RegressionResult)));
    }

    [Fact]
    public void AnEventStudyDisplaysAsTheTableOfItsRegressionAndATableAsItself()
    {
        var eventStudy = Results.Value.EventStudy;
        var table = RegressionTable.Of(eventStudy.Regression).Title("Event study");

        Assert.Equal(RegressionTable.Of(eventStudy.Regression).ToText(), eventStudy.ToDisplayString(PlainTextFormatter.MimeType));
        Assert.Equal(table.ToHtml(), table.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal(table.Build().ToText(), table.Build().ToDisplayString(PlainTextFormatter.MimeType));
        Assert.Contains("Event study", table.ToDisplayString(HtmlFormatter.MimeType), StringComparison.Ordinal);
    }

    [Fact]
    public void AFigureIsAnInlinePngInHtmlAndOneLineInText()
    {
        var figure = new EventStudyFigure(Results.Value.EventStudy) with { Title = "Leads & lags", Width = 600, Height = 400 };

        var html = figure.ToDisplayString(HtmlFormatter.MimeType);
        var text = figure.ToDisplayString(PlainTextFormatter.MimeType);

        Assert.StartsWith("<img alt=\"Leads &amp; lags\"", html, StringComparison.Ordinal);
        var base64 = html[(html.IndexOf("base64,", StringComparison.Ordinal) + "base64,".Length)..html.LastIndexOf('"')];
        var png = Convert.FromBase64String(base64);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal("EventStudyFigure 'Leads & lags' (600x400 PNG; .SavePng(\"file.png\") writes it, a notebook shows it inline)", text);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ModelDsl.sln above {AppContext.BaseDirectory}.");
    }
}
