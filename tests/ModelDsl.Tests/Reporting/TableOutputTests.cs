using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

/// <summary>A study's table output writes every format into its folder, echoes the text, and refuses names that are paths.</summary>
public sealed class TableOutputTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "modeldsl-table-output-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static RegressionTable Table() => RegressionTable.FromColumns(TableFixtures.Baseline()).Title("Table 4. Baseline");

    [Fact]
    public void WritesEveryFormatAndEchoesTheText()
    {
        var echo = new StringWriter();
        var output = new TableOutput(Path.Combine(folder, "nested"), "md", ".TEX", ".md", ".docx") { Echo = echo };

        var paths = output.Write("table4_baseline", Table());

        Assert.Equal([".md", ".tex", ".docx"], output.Formats.ToArray());
        Assert.Equal(3, paths.Count);
        Assert.Equal(Table().ToMarkdown(), File.ReadAllText(Path.Combine(folder, "nested", "table4_baseline.md")));
        Assert.Equal(Table().ToLatex(), File.ReadAllText(Path.Combine(folder, "nested", "table4_baseline.tex")));
        Assert.Equal(Table().ToDocx(), File.ReadAllBytes(Path.Combine(folder, "nested", "table4_baseline.docx")));
        Assert.Contains(Table().ToText(), echo.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/table")]
    [InlineData("sub\\table")]
    [InlineData("..")]
    [InlineData(" table")]
    [InlineData("table.")]
    [InlineData("CON")]
    [InlineData("nul.tex")]
    [InlineData("line\nbreak")]
    [InlineData("c:table")]
    public void NamesThatAreNotPlainFileNamesAreRefused(string name)
    {
        var output = new TableOutput(folder, ".md");
        var error = Assert.Throws<ArgumentException>(() => output.Write(name, Table()));
        Assert.Contains("plain file name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "nothing is written for a refused name");
    }

    [Fact]
    public void UnknownOrMissingFormatsAreRefused()
    {
        Assert.Contains(".pdf", Assert.Throws<ArgumentException>(() => new TableOutput(folder, ".pdf")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TableOutput(folder));
        Assert.Throws<ArgumentException>(() => new TableOutput(" ", ".md"));
    }
}
