using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Defect class 1 of issue 13: a CSV header cell, an attribute argument or a symbol name must never become C# code.
/// The generated tree is parsed back and must hold exactly the expected members, compile, and give back every column
/// name unchanged from its string literal.
/// </summary>
public sealed class CodeInjectionTests
{
    /// <summary>Header cells and the handle each must get (null: no handle, MDSL0021).</summary>
    private static readonly (string Cell, string? Handle)[] HostileHeader =
    [
        ("x\npublic static int P = Evil(); //", "XPublicStaticIntPEvil"),
        ("a\rpublic static int Q = 1; //", "APublicStaticIntQ1"),
        ("a\r\npublic static int Q2 = 1; //", "APublicStaticIntQ21"),
        ("b\u2028public static int R = 2; //", "BPublicStaticIntR2"),
        ("c\u0085public static int S = 3; //", "CPublicStaticIntS3"),
        ("d\u2029e", "DE"),
        ("e */ int T; /*", "EIntT"),
        ("</summary> public static int U; <summary>", "SummaryPublicStaticIntUSummary"),
        ("quo\"te", "QuoTe"),
        ("back\\slash\\", "BackSlash"),
        ("{brace}", "Brace"),
        ("lt<gt>", "LtGt"),
        ("amp&er", "AmpEr"),
        ("apos'x", "AposX"),
        ("sur\uD800rogate", "SurRogate"),
        ("emoji\U0001F600x", "EmojiX"),
        ("城市", "城市"),
        ("人均 GDP", "人均GDP"),
        ("!!!", null),
        ("\"\"", null),
        ("Ab", "Ab"),
        ("AB", "AB"),
        ("ab", "Ab2"),
        ("class", "Class"),
        ("null\0byte", "NullByte"),
        ("bell\u0007", "Bell"),
        ("zero\u200Bwidth", "ZeroWidth"),
    ];

    [Fact]
    public void HostileHeaderCellsBecomeExactlyTheirHandles()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(typeof(Hostile));

            [Dataset("hostile.csv")]
            partial class Hostile;
            """;
        var cells = HostileHeader.Select(h => h.Cell).ToArray();
        var run = GeneratorHarness.Run(source, ("hostile.csv", Csv(cells, cells.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())));

        // Diagnostics: the cells without a letter or digit (MDSL0021), the case collision (MDSL0005), and the
        // informational MDSL0004 for every cell that is not an identifier as written; nothing else.
        Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "MDSL0021"));
        Assert.Single(run.Diagnostics, d => d.Id == "MDSL0005");
        Assert.All(run.Diagnostics, d => Assert.Contains(d.Id, new[] { "MDSL0004", "MDSL0005", "MDSL0021" }));

        var text = run.Sources.Single().Value;
        var type = AssertShape(text, "Hostile", HostileHeader.Where(h => h.Handle is not null).Select(h => h.Handle!));

        // Every column, with or without a handle, is in the schema under its exact name.
        Assert.Equal(cells, SchemaColumnNames(type));

        // Each handle reads its own column.
        foreach (var (cell, handle) in HostileHeader.Where(h => h.Handle is not null))
        {
            var property = type.Members.OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.ValueText == handle);
            var creation = (BaseObjectCreationExpressionSyntax)property.Initializer!.Value;
            var literal = (LiteralExpressionSyntax)creation.ArgumentList!.Arguments[0].Expression;
            Assert.Equal(cell, literal.Token.ValueText);
        }

        GeneratorHarness.AssertCompiles(run);
    }

    [Fact]
    public void DocumentationCommentsStayOneLineAndWellFormed()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(typeof(Hostile));

            [Dataset("hostile.csv")]
            partial class Hostile;
            """;
        var cells = HostileHeader.Select(h => h.Cell).ToArray();
        var run = GeneratorHarness.Run(source, ("hostile.csv", Csv(cells, cells.Select(_ => "1").ToArray())));
        var text = run.Sources.Single().Value;

        // Parsed with documentation diagnostics on: a cell that ended the comment or broke its XML would show here.
        var tree = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose));
        Assert.Empty(tree.GetDiagnostics());
        foreach (var line in text.Split('\n'))
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\u2028', line);
            Assert.DoesNotContain('\u2029', line);
            Assert.DoesNotContain('\u0085', line);
        }

        // The summary of the injected cell is one comment line naming the cell with visible escapes.
        Assert.Contains("/// <summary>Column <c>x\\u000Apublic static int P = Evil(); //</c> (numeric).</summary>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileAttributeArgumentsStayInTheirLiterals()
    {
        // Unit, time and path hold quotes, backslashes, line breaks and comment ends; each must come back as written.
        const string unit = "ci\"ty\n*/";
        const string time = "ye\\a\u2028r";
        const string path = "data\r\n*/ </summary>\u0085.csv";
        var source = $$"""
            using ModelDsl;

            System.Console.WriteLine(typeof(Hostile));

            [Panel({{SymbolDisplay.FormatLiteral(path, true)}}, Unit = {{SymbolDisplay.FormatLiteral(unit, true)}}, Time = {{SymbolDisplay.FormatLiteral(time, true)}}, Encoding = "utf-8")]
            partial class Hostile;
            """;
        var run = GeneratorHarness.Run(source, ("/project/" + path, Csv([unit, time, "v"], ["A", "1", "2"])));
        Assert.All(run.Diagnostics, d => Assert.Equal("MDSL0004", d.Id));
        var type = AssertShape(run.Sources.Single().Value, "Hostile", ["CiTy", "YeAR", "V"], panel: true);
        Assert.Equal([unit, time, "v"], SchemaColumnNames(type));
        var schemaArguments = SchemaCreation(type).ArgumentList!.Arguments.ToDictionary(a => a.NameColon!.Name.Identifier.ValueText, a => a.Expression);
        Assert.Equal(unit, ((LiteralExpressionSyntax)schemaArguments["unit"]).Token.ValueText);
        Assert.Equal(time, ((LiteralExpressionSyntax)schemaArguments["time"]).Token.ValueText);
        Assert.Equal(path, ((LiteralExpressionSyntax)schemaArguments["path"]).Token.ValueText);
        Assert.Equal("utf-8", ((LiteralExpressionSyntax)schemaArguments["encoding"]).Token.ValueText);
        GeneratorHarness.AssertCompiles(run);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("\\")]
    [InlineData("x\ny")]
    [InlineData("\r\u0085\u2028\u2029\u0000\u001F\u007F")]
    [InlineData("\uD800")]
    [InlineData("\uDFFF\uD800")]
    [InlineData("\U0001F600\uFEFF\u200E")]
    [InlineData("*/ /* // #if")]
    public void LiteralsReadBackAsTheirValue(string value)
    {
        var literal = CSharpText.Literal(value);
        var expression = SyntaxFactory.ParseExpression(literal);
        Assert.Empty(expression.GetDiagnostics());
        Assert.Equal(value, ((LiteralExpressionSyntax)expression).Token.ValueText);
        Assert.DoesNotContain('\n', literal);
        Assert.DoesNotContain('\r', literal);
    }

    [Theory]
    [InlineData("event", "@event")]
    [InlineData("class", "@class")]
    [InlineData("record", "@record")]
    [InlineData("Cities", "Cities")]
    [InlineData("城市", "城市")]
    public void IdentifiersGetTheVerbatimPrefixOnlyForKeywords(string name, string written)
    {
        Assert.Equal(written, CSharpText.Identifier(name));
        Assert.Equal(name, SyntaxFactory.ParseName(written).ToString().TrimStart('@'));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("1a")]
    [InlineData("a;b")]
    public void NonIdentifiersAreRefused(string name) =>
        Assert.Throws<ArgumentException>(() => CSharpText.Identifier(name));

    /// <summary>A CSV with every cell quoted (doubled quotes inside), one header and one data row.</summary>
    internal static string Csv(IReadOnlyList<string> header, IReadOnlyList<string> row) =>
        string.Join(",", header.Select(Quote)) + "\n" + string.Join(",", row.Select(Quote)) + "\n";

    internal static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Parses the generated source and checks that it declares the one schema type and nothing else, with exactly the
    /// given handles, the generated verbs and the schema field.
    /// </summary>
    internal static TypeDeclarationSyntax AssertShape(string text, string typeName, IEnumerable<string> handles, bool panel = false)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions).GetRoot();
        Assert.Empty(root.GetDiagnostics());
        var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToList();
        var type = Assert.IsAssignableFrom<TypeDeclarationSyntax>(Assert.Single(types));
        Assert.Equal(typeName, type.Identifier.ValueText);
        Assert.Empty(root.Members.OfType<GlobalStatementSyntax>());

        var verbs = new List<string> { "Load", "Regress", "Logit", "Probit", "Mediate", "Moderate", "Match", "Log" };
        if (panel)
        {
            verbs.AddRange(["Lag", "Lead", "Did", "EventStudy", "Gmm", "Threshold", "CallawaySantAnna", "Imputation", "SwitchingDid"]);
        }

        Assert.Equal(verbs.Order(StringComparer.Ordinal), type.Members.OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText).Order(StringComparer.Ordinal));
        Assert.Equal(["ModelDslSchema"], type.Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables).Select(v => v.Identifier.ValueText));
        var properties = type.Members.OfType<PropertyDeclarationSyntax>().ToList();
        Assert.Single(properties, p => p.ExplicitInterfaceSpecifier is not null && p.Identifier.ValueText == "Schema");
        Assert.Equal(handles.Order(StringComparer.Ordinal), properties.Where(p => p.ExplicitInterfaceSpecifier is null).Select(p => p.Identifier.ValueText).Order(StringComparer.Ordinal));
        Assert.Equal(verbs.Count + 1 + properties.Count, type.Members.Count);
        return type;
    }

    /// <summary>The column names of the generated <c>new DatasetSchema(...)</c>, read from their literals.</summary>
    internal static IReadOnlyList<string> SchemaColumnNames(TypeDeclarationSyntax type)
    {
        var columns = SchemaCreation(type).ArgumentList!.Arguments.Single(a => a.NameColon?.Name.Identifier.ValueText == "columns");
        return columns.Expression.DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Select(c => ((LiteralExpressionSyntax)c.ArgumentList!.Arguments[0].Expression).Token.ValueText)
            .ToList();
    }


    private static ObjectCreationExpressionSyntax SchemaCreation(TypeDeclarationSyntax type) =>
        type.Members.OfType<FieldDeclarationSyntax>().Single().Declaration.Variables.Single().Initializer!.Value as ObjectCreationExpressionSyntax
        ?? throw new InvalidOperationException("The schema field is not a 'new DatasetSchema(...)'.");
}
