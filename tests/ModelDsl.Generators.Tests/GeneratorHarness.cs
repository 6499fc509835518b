using System.Collections.Immutable;
using System.Runtime.CompilerServices;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ModelDsl.Generators.Tests;

/// <summary>Runs the generator (and the usage analyzer) over in-memory sources and CSV files, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/project";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The few framework assemblies a study needs; referencing the whole framework makes every test slower.
        string[] needed = ["System.Private.CoreLib", "System.Runtime", "netstandard", "System.Console", "System.Linq", "System.Collections", "System.ComponentModel", "System.ComponentModel.Primitives", "System.Memory"];
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => needed.Contains(Path.GetFileNameWithoutExtension(p)));
        var references = paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(PanelAttribute).Assembly.Location));
        return references.ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Study",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"{ProjectDirectory}/Study{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> csvFiles, IDictionary<string, string>? globalOptions = null)
    {
        var options = new Dictionary<string, string> { ["build_property.ModelDslProjectDirectory"] = ProjectDirectory };
        foreach (var pair in globalOptions ?? new Dictionary<string, string>())
        {
            options[pair.Key] = pair.Value;
        }

        return CSharpGeneratorDriver.Create(
            [new ModelDslGenerator().AsSourceGenerator()],
            csvFiles,
            ParseOptions,
            new TestOptionsProvider(options),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator once; returns the driver (for a second run), the output compilation and the generator's diagnostics.</summary>
    public static GeneratorRun Run(string source, params (string Path, string Text)[] csvFiles) =>
        Run([source], csvFiles, null);

    public static GeneratorRun Run(string[] sources, (string Path, string Text)[] csvFiles, IDictionary<string, string>? options)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver(csvFiles.Select(f => Csv(f.Path, f.Text)), options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, compilation, output, diagnostics);
    }

    public static AdditionalText Csv(string path, string text) => new InMemoryText(path.StartsWith('/') ? path : $"{ProjectDirectory}/{path}", text);

    /// <summary>The analyzer's diagnostics on a compilation that already includes the generated sources.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers([new DslUsageAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// The diagnostics a build that references the generator's assembly reports for a compilation that already includes
    /// the generated sources: the compiler's and the usage analyzer's, after the generator's suppressor has removed
    /// the runtime's "generator not running" warning (MDSLBUILD003).
    /// </summary>
    public static ImmutableArray<Diagnostic> BuildDiagnostics(Compilation compilation) =>
        compilation.WithAnalyzers([new DslUsageAnalyzer(), new GeneratorPresenceSuppressor()]).GetAllDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>The zero-based line and column span of the <paramref name="occurrence"/>-th <paramref name="text"/> in <paramref name="source"/>.</summary>
    public static LinePositionSpan SpanOf(string source, string text, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = source.IndexOf(text, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{text}' occurs fewer than {occurrence} times in the source.");
        }

        var sourceText = SourceText.From(source);
        return sourceText.Lines.GetLinePositionSpan(new TextSpan(index, text.Length));
    }

    public static string GoldenDirectory([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Golden");

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class TestOptionsProvider(IDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;
    }

    /// <summary>Asserts that the run reported exactly one diagnostic: its ID, message, file and the span of <paramref name="word"/>.</summary>
    public static void AssertOnly(GeneratorRun run, string source, string id, string word, string message, int occurrence = 1)
    {
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"{ProjectDirectory}/Study0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(SpanOf(source, word, occurrence), diagnostic.Location.GetLineSpan().Span);
    }

    /// <summary>Asserts that the compilation with the generated sources has no errors (a script without a Main may be allowed).</summary>
    public static void AssertCompiles(GeneratorRun run, bool allowNoMain = false) =>
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !(allowNoMain && d.Id == "CS5001")));

    private sealed class TestOptions(IDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = string.Empty;
            return false;
        }
    }
}

/// <summary>One generator run.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    /// <summary>The generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
