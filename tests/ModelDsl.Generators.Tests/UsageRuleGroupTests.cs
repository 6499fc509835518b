using System.Globalization;
using System.Reflection;

using Microsoft.CodeAnalysis;

using ModelDsl.Generators.Usage;

namespace ModelDsl.Generators.Tests;

/// <summary>The usage analyzer's rule groups: one registration, each diagnostic in exactly one group, chains read from the table of families.</summary>
public sealed class UsageRuleGroupTests
{
    [Fact]
    public void EveryUsageDiagnosticBelongsToExactlyOneRuleGroup()
    {
        var groups = typeof(DslUsageAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(UsageRuleGroup).IsAssignableFrom(t))
            .Select(t => (UsageRuleGroup)Activator.CreateInstance(t, nonPublic: true)!)
            .ToList();
        var fromGroups = groups.SelectMany(g => g.Descriptors.Select(d => d.Id)).ToList();
        Assert.Equal(fromGroups.Distinct().Count(), fromGroups.Count);
        var supported = new DslUsageAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(fromGroups.OrderBy(i => i, StringComparer.Ordinal), supported.OrderBy(i => i, StringComparer.Ordinal));
        var usageIds = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .Where(d => d.Id.StartsWith("MDSL1", StringComparison.Ordinal))
            .Select(d => d.Id);
        Assert.Equal(usageIds.OrderBy(i => i, StringComparer.Ordinal), supported.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public void AMatchingStartedFromItsWrapperIsReadAsAMatching()
    {
        // The family comes from the table: by the generated verb's name, else by the wrapper the start returns,
        // so the treatment is called the treatment whether the chain starts with Match or with MatchingModel.Create.
        var (source, output) = Compile("MatchingModel<Cities>.Create(Cbec).On(LnPop, Cbec).Outcome(Inno).Fit(data)");
        var diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal("MDSL1009", diagnostic.Id);
        Assert.Equal(
            "'Cbec' is both the treatment and the score covariate of this model; each role needs its own variable, pass another one to On",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(GeneratorHarness.SpanOf(source, "Cbec", 2), diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void ChainsThroughTheSharedFitAreStillRead()
    {
        // Fit is declared once on the shared base of the typed wrappers; the chain before it is still checked.
        var (source, output) = Compile("RegressionModel<Cities>.Create(Inno).On(Cbec).Fe(City, City).Fit(data)");
        var diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal("MDSL1003", diagnostic.Id);
        Assert.Equal(GeneratorHarness.SpanOf(source, "City", 2), diagnostic.Location.GetLineSpan().Span);
    }

    private static (string Source, Compilation Output) Compile(string statements)
    {
        var source = $$"""
            using ModelDsl;
            using static Cities;

            var data = Load();
            var result = {{statements}};
            System.Console.WriteLine(result);

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run([source], [("cities.csv", Scenarios.CitiesCsv)], null);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (source, run.Output);
    }
}
