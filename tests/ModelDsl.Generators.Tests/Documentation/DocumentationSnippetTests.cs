using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.Generators.Tests.Documentation;

/// <summary>
/// Every fenced <c>```csharp</c> block of README.md and docs/*.md compiles against the runtime with the source
/// generator and the usage analyzer running, so the documentation cannot drift from the API.
/// </summary>
/// <remarks>
/// The convention (also in docs/maintainers.md, "Snippets in the documentation"):
/// <list type="bullet">
/// <item><b>Scripts.</b> A block with <c>#:project</c>/<c>#:package</c> lines is a whole file-based app: the
/// <c>#:</c> lines are removed and the rest compiles as it stands (top-level statements, its own schema
/// declarations), with nothing from the prelude but the SDK's implicit usings (<c>System</c>, <c>System.IO</c>,
/// <c>System.Linq</c>, …), which every snippet gets, as every file-based app and console project does.</item>
/// <item><b>Fragments.</b> Any other block compiles as top-level statements beside a prelude
/// (<see cref="PreludeSource"/>) that declares the variables the prose around the snippets takes as given —
/// <c>data</c> (the cities panel), <c>fit</c> (a regression on it), <c>cities</c>, <c>provinces</c> — and the schemas
/// <c>Cities</c> (data/cities_cbec.csv) and <c>ProvincesDigital</c> (data/provinces_digital.csv), unless the block
/// declares a type of that name itself. A fragment with no <c>using</c> line also gets every namespace of the
/// runtime as a global using; a fragment that shows its usings gets none, so the usings it shows are checked.</item>
/// <item><b>Expected failures.</b> <c>```csharp fails ID</c> marks a block that shows a mistake: it must fail, and
/// with the diagnostic <c>ID</c> (a compiler CS…, generator or analyzer MDSL… ID).</item>
/// <item><b>Excerpts.</b> <c>```csharp excerpt path</c> marks a quotation of the repository's own source (not
/// user code): the block, with <c>...</c> standing for any text and white space and line comments ignored, must
/// occur in <c>path</c>.</item>
/// <item><b>Declarations only</b> (no statement) compile as a library, which needs no entry point.</item>
/// <item><b>Not C#.</b> <c>```csharp ignore</c> is skipped. Use it only for text that is deliberately not C#.</item>
/// </list>
/// Every data file under data/ is an AdditionalFile (as in examples/Directory.Build.props), so a schema attribute
/// may name any of them by a path that ends with its name; data/cities_cbec.csv is also there as cities_cbec.parquet
/// (its schema sidecar, as the package's build step writes it). Each block is its own test case, named by file and line.
/// </remarks>
public sealed class DocumentationSnippetTests
{
    private const string VirtualRoot = "/repo";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The whole framework and the runtime's dependencies, as a file-based app sees them; never the test assemblies.
        var excluded = new[] { "ModelDsl.Generators", "ModelDsl.Generators.Tests" };
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !excluded.Contains(Path.GetFileNameWithoutExtension(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    private static readonly Lazy<(string Path, string Text)[]> DataFiles = new(() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot(), "data"), "*.csv")
            .Select(f => ($"{VirtualRoot}/data/{Path.GetFileName(f)}", File.ReadAllText(f)))
            .Append(CitiesParquetSidecar())
            .ToArray());

    /// <summary>
    /// data/cities_cbec.csv as data/cities_cbec.parquet (written by the runtime's writer) seen through the package's build
    /// step: its footer read into the schema sidecar the generator gets, so snippets may type a schema from a Parquet file.
    /// </summary>
    private static (string Path, string Text) CitiesParquetSidecar()
    {
        var file = Path.Combine(Path.GetTempPath(), "modeldsl-docs-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            ModelDsl.Data.PanelData.ReadCsv(Path.Combine(RepositoryRoot(), "data", "cities_cbec.csv"), "city", "year").WriteParquet(file);
            var text = ModelDslParquetFooter.SidecarText($"{VirtualRoot}/data/cities_cbec.parquet", ModelDslParquetFooter.ReadFile(file));
            return ($"{VirtualRoot}/obj/modeldsl/cities_cbec.1.parquet.schema", text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The SDK's implicit usings (ImplicitUsings=enable, the default of a file-based app and of <c>dotnet new console</c>).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The prelude of fragments: the variables and schemas the documentation's prose takes as given.</summary>
    internal const string PreludeSource = """
        #pragma warning disable
        global using static DocumentationPrelude;

        public static class DocumentationPrelude
        {
            /// <summary>The cities panel (data/cities_cbec.csv), the <c>data</c> of most pages.</summary>
            public static global::ModelDsl.Data.PanelData data = null!;

            /// <summary>The same panel under the name the measures page gives it.</summary>
            public static global::ModelDsl.Data.PanelData cities = null!;

            /// <summary>The provinces panel (data/provinces_digital.csv).</summary>
            public static global::ModelDsl.Data.PanelData provinces = null!;

            /// <summary>A fitted regression on <see cref="data"/>.</summary>
            public static global::ModelDsl.Results.RegressionResult fit = null!;
        }
        """;

    /// <summary>The schemas of the prelude, each added unless the block declares a type of the same name.</summary>
    private static readonly (string Name, string Declaration)[] PreludeSchemas =
    [
        ("Cities", """[global::ModelDsl.Panel("data/cities_cbec.csv", Unit = "city", Time = "year")] public partial class Cities;"""),
        ("ProvincesDigital", """[global::ModelDsl.Panel("data/provinces_digital.csv", Unit = "province", Time = "year")] public partial class ProvincesDigital;"""),
    ];

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var snippet in ReadSnippets())
        {
            data.Add(snippet.File, snippet.Line);
        }

        return data;
    }

    [Fact]
    public void TheDocumentationHasSnippets() =>
        // Guards the extraction itself: a changed fence syntax must not turn this into a test of nothing.
        Assert.True(ReadSnippets().Count(s => s.Kind == SnippetKind.Compile) >= 10, "fewer than ten compiled snippets were found");

    [Theory]
    [MemberData(nameof(Snippets))]
    public void SnippetCompiles(string file, int line)
    {
        var snippet = ReadSnippets().Single(s => s.File == file && s.Line == line);
        switch (snippet.Kind)
        {
            case SnippetKind.Ignore:
                return;
            case SnippetKind.Excerpt:
                AssertExcerpt(snippet);
                return;
        }

        var diagnostics = Compile(snippet);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (snippet.Kind == SnippetKind.Fails)
        {
            Assert.True(
                diagnostics.Any(d => d.Id == snippet.Argument),
                $"{file}:{line} is marked 'fails {snippet.Argument}' but its diagnostics are: {Describe(diagnostics, snippet)}");
            return;
        }

        Assert.True(errors.Count == 0, $"{file}:{line} does not compile:{Environment.NewLine}{Describe(errors, snippet)}");
    }

    [Fact]
    public void AFragmentThatDoesNotCompileIsCaught()
    {
        // The test must be able to fail: a stale name and a misspelled column are errors, and a script gets no prelude.
        var stale = new Snippet("docs/x.md", 1, SnippetKind.Compile, null, "var result = Model.Regress(\"inno\").On(\"cbec\").Fit(data).ToFigure();");
        Assert.Contains(Compile(stale), d => d.Id == "CS1061");
        var typo = new Snippet("docs/x.md", 1, SnippetKind.Compile, null, "using static Cities;\nvar r = Regress(Inov).On(Cbec).Fit(Cities.Load());");
        Assert.Contains(Compile(typo), d => d.Id == "CS0103" && d.GetMessage().Contains("Inov", StringComparison.Ordinal));
        var script = new Snippet("docs/x.md", 1, SnippetKind.Compile, null, "#:package ModelDsl@0.1.0\nusing ModelDsl;\nvar r = Model.Regress(\"y\").On(\"x\").Fit(data);");
        Assert.Contains(Compile(script), d => d.Id == "CS0103" && d.GetMessage().Contains("data", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFenceInfoIsRead()
    {
        var markdown = "text\n```csharp\nvar a = 1;\n```\n  ```csharp fails CS0103\n  Regress(Inov);\n  ```\n```csharp excerpt src/x.cs\nnew X(...)\n```\n```csharp ignore\nnot C#\n```\n```bash\nls\n```\n";
        var snippets = ParseMarkdown("docs/x.md", markdown).ToList();
        Assert.Equal([SnippetKind.Compile, SnippetKind.Fails, SnippetKind.Excerpt, SnippetKind.Ignore], snippets.Select(s => s.Kind));
        Assert.Equal([2, 5, 8, 11], snippets.Select(s => s.Line));
        Assert.Equal("Regress(Inov);", snippets[1].Code);
        Assert.Equal("CS0103", snippets[1].Argument);
        Assert.Equal("src/x.cs", snippets[2].Argument);

        Assert.Single(ParseMarkdown("docs/x.md", "```cs\nvar a = 1;\n```\n"));
        Assert.Contains("never closed", Assert.Throws<InvalidOperationException>(() => ParseMarkdown("docs/x.md", "```csharp\nvar a = 1;\n").ToList()).Message, StringComparison.Ordinal);
        Assert.Contains("unknown fence info", Assert.Throws<InvalidOperationException>(() => ParseMarkdown("docs/x.md", "```csharp nocompile\nx\n```\n").ToList()).Message, StringComparison.Ordinal);
        Assert.Contains("needs an argument", Assert.Throws<InvalidOperationException>(() => ParseMarkdown("docs/x.md", "```csharp fails\nx\n```\n").ToList()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExcerptMustOccurInTheQuotedFile()
    {
        var quoted = new Snippet("docs/x.md", 1, SnippetKind.Excerpt, "generators/ModelDsl.Generators/ModelFamilies.cs", "new ChainVerb(\"EventStudyModel\", \"Cohort\", ChainArgument.Role, \"cohort\"),   // a comment");
        AssertExcerpt(quoted);
        var stale = quoted with { Code = "new ChainVerb(\"EventStudyModel\", \"Kohort\", ...)" };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertExcerpt(stale));
    }

    private static ImmutableArray<Diagnostic> Compile(Snippet snippet)
    {
        var lines = snippet.Code.Split('\n');
        var isScript = lines.Any(l => l.TrimStart().StartsWith("#:", StringComparison.Ordinal));

        // A "#:" line becomes an empty line, so diagnostics keep the block's line numbers.
        var code = string.Join('\n', lines.Select(l => l.TrimStart().StartsWith("#:", StringComparison.Ordinal) ? string.Empty : l));
        var sources = new List<string> { code, ImplicitUsings };
        if (!isScript)
        {
            var prelude = PreludeSource;
            foreach (var (name, declaration) in PreludeSchemas)
            {
                if (!Regex.IsMatch(code, $@"\b(class|record|struct|interface)\s+{name}\b"))
                {
                    prelude += Environment.NewLine + declaration;
                }
            }

            if (!lines.Any(l => Regex.IsMatch(l, @"^\s*using\s+[\w.]+\s*;")) && !lines.Any(l => Regex.IsMatch(l, @"^\s*using\s+static\s")))
            {
                prelude = string.Concat(RuntimeNamespaces().Select(n => $"global using {n};{Environment.NewLine}")) + prelude;
            }

            sources.Add(prelude);
        }

        var directory = $"{VirtualRoot}/{Path.GetDirectoryName(snippet.File)!.Replace('\\', '/')}".TrimEnd('/');
        var compilation = CSharpCompilation.Create(
            "Snippet",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: i == 0 ? $"{directory}/snippet.cs" : $"{VirtualRoot}/Prelude{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        if (!compilation.SyntaxTrees[0].GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any())
        {
            // Declarations only (a schema, a class to plug in): a library, which needs no entry point.
            compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.DynamicallyLinkedLibrary));
        }

        var driver = GeneratorHarness.CreateDriver(
            DataFiles.Value.Select(f => GeneratorHarness.Csv(f.Path, f.Text)),
            new Dictionary<string, string> { ["build_property.ModelDslProjectDirectory"] = directory });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return [.. generatorDiagnostics, .. output.GetDiagnostics(), .. GeneratorHarness.Analyze(output)];
    }

    private static void AssertExcerpt(Snippet snippet)
    {
        var path = Path.Combine(RepositoryRoot(), snippet.Argument!);
        Assert.True(File.Exists(path), $"{snippet.File}:{snippet.Line} quotes {snippet.Argument}, which does not exist");
        var source = Squeeze(File.ReadAllText(path));
        var pattern = string.Join(".*?", Squeeze(snippet.Code).Split("...").Select(Regex.Escape));
        Assert.True(
            Regex.IsMatch(source, pattern, RegexOptions.Singleline),
            $"{snippet.File}:{snippet.Line} quotes {snippet.Argument}, but the file no longer contains that text (white space aside, '...' for any text)");
    }

    /// <summary>The text without line comments (the quotation may annotate, the source documents) and without white space.</summary>
    private static string Squeeze(string code) => Regex.Replace(Regex.Replace(code, @"//[^\n]*", string.Empty), @"\s+", string.Empty);

    private static string Describe(IEnumerable<Diagnostic> diagnostics, Snippet snippet) =>
        string.Join(
            Environment.NewLine,
            diagnostics.Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var inSnippet = d.Location.IsInSource && span.Path.EndsWith("/snippet.cs", StringComparison.Ordinal);
                var where = inSnippet ? $"{snippet.File}:{snippet.Line + 1 + span.StartLinePosition.Line}" : span.Path;
                return $"  {where}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }));

    private static IEnumerable<string> RuntimeNamespaces() =>
        typeof(PanelAttribute).Assembly.GetExportedTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static List<Snippet> ReadSnippets()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        return files
            .SelectMany(f => ParseMarkdown(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>The <c>```csharp</c> blocks of one Markdown file, their indentation (a block inside a list item) removed.</summary>
    internal static IEnumerable<Snippet> ParseMarkdown(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Regex.Match(lines[i], @"^(\s*)```(\S*)\s*(.*)$");
            if (!open.Success)
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && !Regex.IsMatch(lines[end], @"^\s*```\s*$"))
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{file}:{i + 1}: the fence is never closed, so the rest of the file would be code");
            }

            // The other names GitHub highlights as C# count too, so no block escapes the test by its spelling.
            if (open.Groups[2].Value is "csharp" or "cs" or "c#" or "C#")
            {
                var indent = open.Groups[1].Value.Length;
                var body = lines[(i + 1)..end].Select(l => l.Length >= indent && string.IsNullOrWhiteSpace(l[..indent]) ? l[indent..] : l.TrimStart());
                var info = open.Groups[3].Value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                var kind = info.Length == 0 ? SnippetKind.Compile : info[0] switch
                {
                    "fails" => SnippetKind.Fails,
                    "excerpt" => SnippetKind.Excerpt,
                    "ignore" => SnippetKind.Ignore,
                    _ => throw new InvalidOperationException($"{file}:{i + 1}: unknown fence info '{info[0]}' (use fails ID, excerpt path or ignore)"),
                };
                if (kind is SnippetKind.Fails or SnippetKind.Excerpt && info.Length < 2)
                {
                    throw new InvalidOperationException($"{file}:{i + 1}: '{info[0]}' needs an argument (a diagnostic ID or a path)");
                }

                yield return new Snippet(file, i + 1, kind, info.Length > 1 ? info[1].Trim() : null, string.Join('\n', body));
            }

            i = end;
        }
    }

    private static string RepositoryRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));

    internal enum SnippetKind
    {
        Compile,
        Fails,
        Excerpt,
        Ignore,
    }

    /// <summary>One fenced block: where it starts (the fence's line, 1-based), how it is checked, and its code.</summary>
    internal sealed record Snippet(string File, int Line, SnippetKind Kind, string? Argument, string Code);
}
