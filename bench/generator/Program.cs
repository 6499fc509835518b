// Measures what the ModelDsl generator and usage analyzer add to compiling a study with a 50-column panel
// and 30 typed models. Prints medians over repeated runs after a warm-up; see docs/generator.md.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

using ModelDsl;
using ModelDsl.Generators;

const int Columns = 50;
const int Models = 30;
const int Rows = 2000;
const int Repeats = 15;

var csv = BuildCsv();
var source = BuildStudy();
var parse = new CSharpParseOptions(LanguageVersion.Preview);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .Append(MetadataReference.CreateFromFile(typeof(PanelAttribute).Assembly.Location))
    .ToImmutableArray();
var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
var tree = CSharpSyntaxTree.ParseText(source, parse, path: "/study/study.cs");
var baseline = CSharpCompilation.Create("Study", [tree], references, options);
var text = new CsvText("/study/panel.csv", csv);
var config = new StudyOptions(new Dictionary<string, string> { ["build_property.ModelDslProjectDirectory"] = "/study" });

// 1. The generator alone, cold (a fresh driver each time, as in a command-line build).
var cold = Median(() =>
{
    var driver = CSharpGeneratorDriver.Create([new ModelDslGenerator().AsSourceGenerator()], [text], parse, config);
    driver.RunGeneratorsAndUpdateCompilation(baseline.Clone(), out _, out _);
});

// 2. The generator warm (the IDE keeps the driver; an edit elsewhere re-runs only the cheap steps).
GeneratorDriver warmDriver = CSharpGeneratorDriver.Create([new ModelDslGenerator().AsSourceGenerator()], [text], parse, config);
warmDriver = warmDriver.RunGeneratorsAndUpdateCompilation(baseline, out var generated, out var generatorDiagnostics);
var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0 || generatorDiagnostics.Length > 0)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, errors.Concat(generatorDiagnostics)));
    return 1;
}

var editIndex = 0;
var warm = Median(() =>
{
    var edited = baseline.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(new TextSpan(source.IndexOf("// edit", StringComparison.Ordinal), 7), "// e" + (editIndex++ % 10).ToString(CultureInfo.InvariantCulture) + "it")));
    warmDriver = warmDriver.RunGenerators(edited);
});

// 3. The usage analyzer over the 30 models: its own execution time as the compiler's telemetry reports it.
var bind = Median(() => generated.Clone().GetDiagnostics());
var analyzer = Median(() => { }, () =>
{
    var usage = new DslUsageAnalyzer();
    var withAnalyzer = generated.Clone().WithAnalyzers(
        [usage],
        new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
    withAnalyzer.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    return withAnalyzer.GetAnalyzerTelemetryInfoAsync(usage, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
});

// 4. For scale: binding and emitting the whole study (handles included) without any generator work.
var compile = Median(() =>
{
    using var stream = new MemoryStream();
    generated.Clone().Emit(stream);
});

Console.WriteLine($"study: {Columns} columns x {Rows} rows CSV, {Models} typed models; medians of {Repeats} runs after warm-up");
Console.WriteLine($"generator, cold driver (command-line build): {cold:F1} ms");
Console.WriteLine($"generator, warm driver after an edit (IDE):  {warm:F2} ms");
Console.WriteLine($"usage analyzer (own execution time):         {analyzer:F1} ms");
Console.WriteLine($"binding the study (for scale):               {bind:F1} ms");
Console.WriteLine($"compile + emit of the generated study:       {compile:F1} ms");
return 0;

static double Median(Action action, Func<double>? measured = null)
{
    // Either time the action, or take the time the measured function reports itself.
    Func<double> run = measured ?? (() =>
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    });
    for (var i = 0; i < 3; i++)
    {
        run();
    }

    var times = new double[Repeats];
    for (var i = 0; i < Repeats; i++)
    {
        times[i] = run();
    }

    Array.Sort(times);
    return times[Repeats / 2];
}

static string BuildCsv()
{
    var builder = new StringBuilder("city,year");
    for (var c = 1; c <= Columns - 2; c++)
    {
        builder.Append(CultureInfo.InvariantCulture, $",x_{c}");
    }

    builder.Append('\n');
    var random = new Random(7);
    for (var r = 0; r < Rows; r++)
    {
        builder.Append(CultureInfo.InvariantCulture, $"c{r / 10},{2000 + (r % 10)}");
        for (var c = 1; c <= Columns - 2; c++)
        {
            builder.Append(CultureInfo.InvariantCulture, $",{random.NextDouble():F4}");
        }

        builder.Append('\n');
    }

    return builder.ToString();
}

static string BuildStudy()
{
    var builder = new StringBuilder("using ModelDsl;\nusing static Panel;\n\n// edit\n");
    for (var m = 0; m < Models; m++)
    {
        var y = 1 + (m % 48);
        var x = 1 + ((m + 7) % 48);
        builder.Append(CultureInfo.InvariantCulture, $"var m{m} = Regress(X{y}).On(X{x}).Controls(Log(X{1 + ((m + 11) % 48)}), Lag(X{1 + ((m + 13) % 48)})).Fe(City, Year).Cluster(City);\n");
    }

    builder.Append("System.Console.WriteLine(m0);\n\n[Panel(\"panel.csv\", Unit = \"city\", Time = \"year\")]\npartial class Panel;\n");
    return builder.ToString();
}

internal sealed class CsvText(string path, string text) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

internal sealed class StudyOptions(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
