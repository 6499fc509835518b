using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Defect class 4 of issue 13: the generator never throws and never emits code that does not compile. Each unusual
/// declaration gives correct output or one specific MDSL diagnostic at the attribute (or the offending name).
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private const string Csv = "city,year,inno\nA,2010,1\nB,2010,2\n";

    [Fact]
    public void TypesWhoseNamesDifferOnlyByCaseBothGenerate()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno).ToString() + CITIES.Regress(CITIES.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class CITIES;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(2, run.Sources.Count);
        Assert.Equal(2, run.Sources.Keys.Select(k => k.ToUpperInvariant()).Distinct().Count());
        GeneratorHarness.AssertCompiles(run);
    }

    [Fact]
    public void KeywordNamesAreEscaped()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(@event.@if.@class.Regress(@event.@if.@class.Inno).ToString() + @event.@if.@record.Columns.Regress(@event.@if.@record.Columns.@double));

            namespace @event.@if
            {
                [Panel("cities.csv", Unit = "city", Time = "year")]
                partial class @class;

                [Panel(Unit = nameof(city), Time = nameof(year))]
                partial record @record(string city, int year, double @double);
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(2, run.Sources.Count);
        Assert.All(run.Sources.Keys, k => Assert.DoesNotContain('@', k));
        Assert.Contains(run.Sources.Values, s => s.Contains("namespace @event.@if", StringComparison.Ordinal) && s.Contains("partial class @class", StringComparison.Ordinal));
        GeneratorHarness.AssertCompiles(run);
    }

    [Fact]
    public void FileScopedNamespace()
    {
        const string source = """
            using ModelDsl;

            namespace Study.Data;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities
            {
                public static object Model() => Regress(Inno);
            }
            """;
        var run = GeneratorHarness.Run([source], [("cities.csv", Csv)], null);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("namespace Study.Data", run.Sources.Single().Value, StringComparison.Ordinal);
        GeneratorHarness.AssertCompiles(run, allowNoMain: true);
    }

    [Fact]
    public void RecordPropertyNamedColumns()
    {
        const string source = """
            using ModelDsl;

            [Panel(Unit = nameof(City), Time = nameof(Year))]
            partial record CityYear(string City, int Year, double Columns);
            """;
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertOnly(run, source, "MDSL0019", "Columns",
            "Property 'Columns' has the name of a member the generator adds to 'CityYear'; rename it (the generated names are Columns, ModelDslSchema)");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void RecordPropertyNamedLikeAVerbGetsASuffixedHandle()
    {
        const string source = """
            using ModelDsl;
            using static CityYear.Columns;

            System.Console.WriteLine(Regress(Log2));

            [Panel(Unit = nameof(City), Time = nameof(Year))]
            partial record CityYear(string City, int Year, double Log);
            """;
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0013", diagnostic.Id);
        Assert.Contains("'CityYear.Columns'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        GeneratorHarness.AssertCompiles(run);
    }

    [Fact]
    public void SchemaTypeNamedLikeAGeneratedMember()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Lag;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0019", "Lag",
            "Type 'Lag' has the name of a member the generator adds to 'Lag'; rename it (the generated names are Load, Regress, Logit, Probit, Mediate, Moderate, Match, Log, Lag, Lead, Did, EventStudy, Gmm, Threshold, CallawaySantAnna, Imputation, SwitchingDid, ModelDslSchema)", occurrence: 1);
    }

    [Fact]
    public void HandleAvoidsAMemberTheUserDeclared()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno2).ToString() + Cities.Inno);

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities
            {
                public static string Inno => "mine";
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Equal("MDSL0013", Assert.Single(run.Diagnostics).Id);
        GeneratorHarness.AssertCompiles(run);
    }

    [Fact]
    public void UserMemberNamedLikeAGeneratedVerb()
    {
        const string source = """
            using ModelDsl;

            [Dataset("cities.csv")]
            partial class Cities
            {
                public static int Load { get; set; }
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0019", "Cities",
            "Member 'Load' has the name of a member the generator adds to 'Cities'; rename it (the generated names are Load, Regress, Logit, Probit, Mediate, Moderate, Match, Log, ModelDslSchema)");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void DiagnosticArgumentsStayOnOneLine()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,\"x\n/project/Study0.cs(1,1): error CS0000: fake\",\"x\n/project/Study0.cs(1,1): error CS0000: fake\"\nA,1,2,3\n"));
        var message = Assert.Single(run.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain('\n', message);
        Assert.Contains("x\\u000A/project/Study0.cs(1,1): error CS0000: fake", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CategoricalNullMeansNone()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year", Categorical = null)]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        GeneratorHarness.AssertCompiles(run);
    }

    [Theory]
    [InlineData("new string[] { null }", "null")]
    [InlineData("new[] { \"inno\", \" \" }", "\" \"")]
    public void CategoricalWithoutAName(string categorical, string word)
    {
        var source = $$"""
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year", Categorical = {{categorical}})]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0020", word, "Categorical on 'Cities' lists a null or blank column name; remove it or write the column's name");
        Assert.Single(run.Sources);
    }

    [Theory]
    [InlineData("class Outer", "is not partial", "class")]
    [InlineData("partial class Outer<T>", "is generic", "class")]
    [InlineData("struct Outer", "is not partial", "struct")]
    public void NestedInATypeThatCannotTakeAPart(string outer, string why, string keyword)
    {
        var source = $$"""
            using ModelDsl;

            {{outer}}
            {
                [Panel("cities.csv", Unit = "city", Time = "year")]
                internal partial class Cities;
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0018", "Panel(\"cities.csv\", Unit = \"city\", Time = \"year\")",
            $"'Cities' is nested in 'Outer', which {why}; declare 'Outer' as 'partial {keyword} Outer' without type parameters, or move 'Cities' out of it");
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS0260");
    }

    [Theory]
    [InlineData("static partial class Outer")]
    [InlineData("partial record Outer")]
    [InlineData("partial record struct Outer")]
    [InlineData("readonly partial struct Outer")]
    [InlineData("ref partial struct Outer")]
    [InlineData("partial interface Outer")]
    [InlineData("public sealed partial class Outer")]
    public void NestedInAnyPartialType(string outer)
    {
        var source = $$"""
            using ModelDsl;

            System.Console.WriteLine(typeof(Outer.Cities));

            {{outer}}
            {
                [Panel("cities.csv", Unit = "city", Time = "year")]
                internal partial class Cities;
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        GeneratorHarness.AssertCompiles(run);
    }

    [Theory]
    [InlineData("partial class { }")]
    [InlineData("partial class Cities<")]
    [InlineData("namespace { partial class Cities; }")]
    [InlineData("partial class Cities : { }")]
    [InlineData("partial class 1Cities;")]
    public void CodeBeingTypedGetsNoGeneratorFailure(string declaration)
    {
        var source = $$"""
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            {{declaration}}
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "MDSL0900" or "CS8784" or "CS8785");
        Assert.All(run.Sources.Values, s => Assert.Empty(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(s).GetDiagnostics()));
    }

    [Fact]
    public void GenericSchemaType()
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities<T>;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0009", "Cities", "'Cities' is generic; a schema type must be a non-static, non-generic class or record");
    }

    [Fact]
    public void RecordStruct()
    {
        const string source = """
            using ModelDsl;

            [Panel(Unit = nameof(City), Time = nameof(Year))]
            partial record struct CityYear(string City, int Year, double Inno);
            """;
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertOnly(run, source, "MDSL0009", "CityYear", "'CityYear' is a struct; a schema type must be a non-static, non-generic class or record");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void UnknownEncoding()
    {
        var source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year", Encoding = "klingon-8")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0022", "\"klingon-8\"",
            "Encoding 'klingon-8' on 'Cities' is not a text encoding the compiler knows; use a name such as \"utf-8\", \"gb18030\", \"gbk\", \"big5\", \"shift_jis\" or \"utf-16\"");
    }

    [Fact]
    public void OneBrokenSchemaLeavesTheOthersGenerated()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Good.Regress(Good.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Good;

            [Panel("cities.csv", Unit = "city", Time = "year", Categorical = null, Encoding = "")]
            partial class Bad;

            class Outer
            {
                [Dataset("cities.csv")]
                partial class Nested;
            }
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Equal(["MDSL0018", "MDSL0022"], run.Diagnostics.Select(d => d.Id).Order());
        Assert.Single(run.Sources);
        GeneratorHarness.AssertCompiles(run);
    }

    [Theory]
    [InlineData("\n\ncity,year,inno\nA,2010,1\n")]
    [InlineData("\r\n\r\ncity,year,inno\r\nA,2010,1\r\n")]
    [InlineData("\uFEFFcity,year,inno\nA,2010,1\n")]
    [InlineData(" city , year ,inno\nA,2010,1\n")]
    public void EmptyLinesBeforeTheHeaderAreSkippedAsTheRuntimeDoes(string csv)
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", csv));
        Assert.Empty(run.Diagnostics);
        GeneratorHarness.AssertCompiles(run);
    }

    [Theory]
    [InlineData(" \ncity,year,inno\nA,2010,1\n", "the file is empty or its first line is blank")]
    [InlineData("\"\"\ncity,year,inno\nA,2010,1\n", "the file is empty or its first line is blank")]
    [InlineData("city,,year,inno\nA,,2010,1\n", "column 2 has no name")]
    [InlineData("city, ,year,inno\nA,,2010,1\n", "column 2 has no name")]
    public void HeaderTheRuntimeRefusesIsAnError(string csv, string reason)
    {
        const string source = """
            using ModelDsl;

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", csv));
        GeneratorHarness.AssertOnly(run, source, "MDSL0002", "\"cities.csv\"",
            $"'cities.csv' has no readable header: {reason}; expected a first line of comma-separated column names such as 'city,year,inno'");
        Assert.ThrowsAny<Exception>(() => ModelDsl.Data.PanelData.ReadCsv(new StringReader(csv), "cities.csv", "city", "year"));
    }

    [Fact]
    public void MissingTokensFollowTheSharedConventions()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;

        // Every default missing token, padded, keeps the column numeric.
        var rows = string.Concat(ModelDsl.Data.CsvConventions.DefaultMissingTokens.Select((t, i) => $"A,{2000 + i}, {t} \n"));
        var run = GeneratorHarness.Run(source, ("cities.csv", "city,year,inno\n" + rows + "A,1999,1.5e3\n"));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("NumericVariable<Cities> Inno {", run.Sources.Single().Value, StringComparison.Ordinal);

        // Text that only looks missing ("none", "-") makes it categorical.
        var text = GeneratorHarness.Run(source, ("cities.csv", "city,year,inno\nA,1,none\n"));
        Assert.Contains("CategoricalVariable<Cities> Inno {", text.Sources.Single().Value, StringComparison.Ordinal);
    }


}
