using System.Text.RegularExpressions;

namespace ModelDsl.Tests.Reporting;

/// <summary>
/// The seed examples build every table with one library call plus options (issue 15): no example lays out a table by
/// hand (ReportTable/TableRow/TableCell constructors) or defines a function that returns a ReportTable or PublicationTable.
/// </summary>
public sealed partial class ExampleTableHelperTests
{
    public static TheoryData<string> Examples() => ["cbec-urban-innovation.cs", "digital-economy-agglomeration.cs", "virtual-agglomeration-innovation.cs"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleHasNoHandWrittenTableHelper(string file)
    {
        var path = Path.Combine(RepositoryRoot(), "examples", file);
        var source = File.ReadAllText(path);
        foreach (var forbidden in new[] { "new ReportTable(", "new TableRow(", "new TableCell(", "TableCell.Empty" })
        {
            Assert.False(source.Contains(forbidden, StringComparison.Ordinal), $"{file} builds a table by hand ({forbidden}); use the one-call table of Reporting instead.");
        }

        var helper = TableHelper().Match(source);
        Assert.False(helper.Success, $"{file} defines a table-building helper: '{helper.Value.Trim()}'; use the one-call table of Reporting instead.");
    }

    [Fact]
    public void TheScanFindsAHelper()
    {
        Assert.Matches(TableHelper(), "static ReportTable WithRow(ReportTable table, string label)");
        Assert.Matches(TableHelper(), "ReportTable BinaryTable(BinaryChoiceResult result, string title)");
        Assert.Matches(TableHelper(), "static PublicationTable Build()");
        Assert.DoesNotMatch(TableHelper(), "void Publish(string name, ReportTable table)");
    }

    // A method or local function whose return type is ReportTable or PublicationTable.
    [GeneratedRegex(@"^\s*(static\s+)?(ReportTable|PublicationTable)\s+\w+\s*\(", RegexOptions.Multiline)]
    private static partial Regex TableHelper();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Could not find the repository root (ModelDsl.sln) above '{AppContext.BaseDirectory}'.");
    }
}
