using System.Text.RegularExpressions;

namespace ModelDsl.Tests.Reporting;

/// <summary>
/// The seed examples build every table with one library call plus options (issue 15): no example lays out a table by
/// hand (ReportTable/TableRow/TableCell constructors), defines a function that returns a table (ReportTable, PublicationTable,
/// RegressionTable: the paper's look is a <c>TableStyle</c> value) or a function that takes a table to write it (<c>TableOutput</c>).
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
        Assert.Matches(TableHelper(), "RegressionTable Dress(RegressionTable table, params string[] order) => table");
        Assert.Matches(TableHelper(), "void Publish(string name, ReportTable table)");
        Assert.DoesNotMatch(TableHelper(), "var table4 = RegressionTable.Of(did1, did2).Style(paper);");
    }

    // A method or local function that returns a table or a style (a study declares a TableStyle value instead), or a
    // local function that takes a table to write it (TableOutput writes every format and echoes the text).
    [GeneratedRegex(@"^\s*(static\s+)?((ReportTable|PublicationTable|RegressionTable|TableStyle)\s+\w+\s*\(|void\s+\w+\s*\([^)]*\b(ReportTable|PublicationTable|RegressionTable)\b)", RegexOptions.Multiline)]
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
