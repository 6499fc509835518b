using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// A study that references the runtime without the generator (a script's bare <c>#:project</c>) learns why its schema
/// has no members: [Panel]/[Dataset] carry a warning that names the cause and the fix, and the generator's assembly
/// removes the warning wherever it runs.
/// </summary>
public sealed class GeneratorPresenceTests
{
    private const string Study = """
        using ModelDsl;

        System.Console.WriteLine(Cities.Regress(Cities.Inno).On(Cities.Cbec).Fe(Cities.City, Cities.Year));

        [Panel("cities.csv", Unit = "city", Time = "year")]
        public partial class Cities;

        [Dataset]
        public partial record Firm(string Name, double Sales);
        """;

    private const string Csv = "city,year,inno,cbec\na,2001,1.5,0\n";

    [Fact]
    public void WithoutTheGeneratorEachSchemaAttributeSaysWhyAndHowToFixIt()
    {
        var compilation = GeneratorHarness.CreateCompilation(Study);

        var warnings = compilation.GetDiagnostics().Where(d => d.Id == GeneratorPresence.DiagnosticId).OrderBy(d => d.Location.SourceSpan.Start).ToList();

        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        var message = warnings[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("source generator is not running", message, StringComparison.Ordinal);
        Assert.Contains("#:package ModelDsl@", message, StringComparison.Ordinal);
        Assert.Contains("CustomAfterMicrosoftCommonTargets", message, StringComparison.Ordinal);
        Assert.Equal(GeneratorHarness.SpanOf(Study, "Panel"), warnings[0].Location.GetLineSpan().Span);
        Assert.Equal(GeneratorHarness.SpanOf(Study, "Dataset"), warnings[1].Location.GetLineSpan().Span);

        // The missing members are still errors: the warning explains them, it does not hide them.
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void WhereTheGeneratorRunsTheWarningIsSuppressedAndNothingElseIs()
    {
        var run = GeneratorHarness.Run([Study], [("cities.csv", Csv)], null);

        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == GeneratorPresence.DiagnosticId);
        var build = GeneratorHarness.BuildDiagnostics(run.Output);
        Assert.DoesNotContain(build, d => d.Id == GeneratorPresence.DiagnosticId);
        Assert.Empty(build.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void TheSuppressorTargetsTheRuntimesIdentifierOnly()
    {
        var suppression = Assert.Single(new GeneratorPresenceSuppressor().SupportedSuppressions);
        Assert.Equal(GeneratorPresence.DiagnosticId, suppression.SuppressedDiagnosticId);
    }
}
