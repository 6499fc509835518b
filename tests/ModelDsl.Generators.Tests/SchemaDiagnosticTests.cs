using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests;

/// <summary>Each schema and options diagnostic: ID, message, location of the offending word, and nothing else reported.</summary>
public sealed class SchemaDiagnosticTests
{
    private const string Header = "city,year,inno\nA,2010,1\n";

    [Fact]
    public void CsvNotAmongAdditionalFiles()
    {
        var source = Panel("\"citys.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0001", "\"citys.csv\"",
            "'citys.csv' named by [Panel] on 'Cities' is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"citys.csv\" /> to the project (the ModelDsl package adds **/*.csv)");
    }

    [Fact]
    public void CsvWithoutHeader()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        // A first line of white space is a header with one unnamed column for the runtime reader too (empty lines are skipped by both).
        var run = GeneratorHarness.Run(source, ("cities.csv", " \n1,2,3\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0002", "\"cities.csv\"",
            "'cities.csv' has no readable header: the file is empty or its first line is blank; expected a first line of comma-separated column names such as 'city,year,inno'");
    }

    [Fact]
    public void DuplicateColumnNames()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,inno,inno\nA,1,2,3\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0003", "\"cities.csv\"",
            "Column 'inno' appears 2 times in the header of 'cities.csv' (columns 3, 4); column names must be unique, rename all but one");
    }

    [Fact]
    public void InvalidColumnNameNamesTheHandle()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,ln pop\nA,1,2\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0004", "\"cities.csv\"", "Column 'ln pop' in 'cities.csv' is not a valid C# identifier; its handle is 'LnPop'");
        Assert.Contains("NumericVariable<Cities> LnPop {", run.Sources.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void CollidingHandles()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,ln_gdp,lnGdp\nA,1,2,3\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0005", "\"cities.csv\"",
            "Columns 'ln_gdp' and 'lnGdp' in 'cities.csv' both map to the handle 'LnGdp'; 'lnGdp' gets the handle 'LnGdp2', rename a column to choose another");
        Assert.Contains("NumericVariable<Cities> LnGdp2 {", run.Sources.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitColumnMissing()
    {
        var source = Panel("\"cities.csv\", Unit = \"cty\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0006", "\"cty\"",
            "The unit column 'cty' is not in the header of 'cities.csv', which has city, year, inno; set Unit to one of these columns");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void TimeColumnMissing()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"yr\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0006", "\"yr\"",
            "The time column 'yr' is not in the header of 'cities.csv', which has city, year, inno; set Time to one of these columns");
    }

    [Fact]
    public void ClassNotPartial()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0007", "Cities",
            "'Cities' carries [Panel] but is not partial; declare it 'partial class Cities' so that the generated handles can be added");
    }

    [Fact]
    public void DeclaredCategoricalColumnMissing()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\", Categorical = new[] { \"regin\" }");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0008", "\"regin\"",
            "Column 'regin' listed in Categorical is not in the header of 'cities.csv', which has city, year, inno; remove it or correct the spelling");
        Assert.Single(run.Sources);
    }

    [Fact]
    public void StaticSchemaType()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            static partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0009", "Cities", "'Cities' is static; a schema type must be a non-static, non-generic class or record");
    }

    [Fact]
    public void ClassWithoutCsv()
    {
        const string source = """
            using ModelDsl;

            [Panel(Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertOnly(run, source, "MDSL0010", "Cities",
            "[Panel] on 'Cities' gives no columns; name a CSV file ([Panel(\"cities.csv\", ...)]) or declare a positional record whose properties are the columns");
    }

    [Fact]
    public void PanelWithoutTime()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0011", "Panel(\"cities.csv\", Unit = \"city\")",
            "[Panel] on 'Cities' does not name its time column; set Time = \"...\" (or use [Dataset] for a cross-section)");
    }

    [Fact]
    public void RecordPropertyWithoutColumnKind()
    {
        const string source = """
            using ModelDsl;

            [Panel(Unit = nameof(City), Time = nameof(Year))]
            partial record CityYear(string City, int Year, System.Collections.Generic.List<int> Patents);
            """;
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertOnly(run, source, "MDSL0012", "Patents",
            "Property 'Patents' of 'CityYear' has type 'List<int>'; a column is a number (int, long, double, decimal, ...), a string, a bool or an enum");
        Assert.DoesNotContain("Patents", run.Sources.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordPropertyWithoutColumn()
    {
        const string source = """
            using ModelDsl;

            [Panel("panel.csv", Unit = nameof(City), Time = nameof(Year))]
            partial record CityYear(string City, int Year, double Patents);
            """;
        var run = GeneratorHarness.Run(source, ("panel.csv", "city,year,inno\nA,1,2\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0016", "Patents",
            "Property 'Patents' of 'CityYear' has no column in 'panel.csv', which has city, year, inno; rename the property to match a column (case, '_' and spaces are ignored)");
    }

    [Fact]
    public void NumericRecordPropertyOverTextColumn()
    {
        const string source = """
            using ModelDsl;

            [Panel("panel.csv", Unit = nameof(City), Time = nameof(Year))]
            partial record CityYear(string City, int Year, double LnGdp);
            """;
        var run = GeneratorHarness.Run(source, ("panel.csv", "city,year,ln_gdp\nA,1,high\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0017", "LnGdp",
            "Property 'LnGdp' of 'CityYear' is double but column 'ln_gdp' in 'panel.csv' holds text; declare the property string (or an enum), or fix the cells");
    }

    [Fact]
    public void ColumnNamedLikeAGeneratedMember()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,regress\nA,1,2\n"));
        GeneratorHarness.AssertOnly(run, source, "MDSL0013", "\"cities.csv\"",
            "Column 'regress' in 'cities.csv' would have the handle 'Regress', which is a member that 'Cities' needs; its handle is 'Regress2'");
    }

    [Fact]
    public void UnitEqualsTime()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"city\"");
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0014", "\"city\"",
            "Unit and Time both name 'city'; a panel is indexed by two different columns, such as Unit = \"city\", Time = \"year\"", occurrence: 2);
    }

    [Fact]
    public void AttributeOnTwoPartsGeneratesOnceAndLeavesTheRepeatToTheCompiler()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        // CS5001 (no Main) only because this snippet has no statements.
        Assert.Equal(["CS0579"], run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS5001").Select(d => d.Id));
    }

    [Fact]
    public void PanelAndDatasetOnOneType()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            [Dataset("cities.csv")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Header));
        GeneratorHarness.AssertOnly(run, source, "MDSL0015", "Dataset(\"cities.csv\")",
            "'Cities' carries both [Panel] and [Dataset]; [Panel] is used, remove [Dataset] (a panel is a data set with a unit and a time)");
        Assert.Single(run.Sources);
    }

    [Fact]
    public void InvalidSampleRowsOption()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var run = GeneratorHarness.Run([source], [("cities.csv", Header)], new Dictionary<string, string> { ["build_property.ModelDslSampleRows"] = "many" });
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL2001", diagnostic.Id);
        Assert.Equal("The MSBuild property ModelDslSampleRows is 'many'; expected a whole number from 1 to 100000, using 1000 rows", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Location.None, diagnostic.Location);
    }

    [Fact]
    public void TextBeyondTheSampleDoesNotChangeTheKind()
    {
        var source = Panel("\"cities.csv\", Unit = \"city\", Time = \"year\"");
        var csv = "city,year,code\nA,1,1\nA,2,2\nB,1,X7\n";
        var sampled = GeneratorHarness.Run([source], [("cities.csv", csv)], new Dictionary<string, string> { ["build_property.ModelDslSampleRows"] = "2" });
        var full = GeneratorHarness.Run([source], [("cities.csv", csv)], null);
        Assert.Contains("NumericVariable<Cities> Code {", sampled.Sources.Single().Value, StringComparison.Ordinal);
        Assert.Contains("CategoricalVariable<Cities> Code {", full.Sources.Single().Value, StringComparison.Ordinal);
    }

    private static string Panel(string arguments) => $$"""
        using ModelDsl;

        [Panel({{arguments}})]
        partial class Cities;
        """;

}
