using System.Collections;
using System.Reflection;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelDsl.Generators.Tests;

/// <summary>The pipeline caches: a second run, an unrelated edit and a CSV data-row edit leave the output Unchanged; a new column changes it.</summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps =
    [
        TrackingNames.Options, TrackingNames.CsvSchemas, TrackingNames.AllCsvSchemas, TrackingNames.PanelDeclarations,
        TrackingNames.Schemas, TrackingNames.Models, TrackingNames.Diagnostics,
    ];

    [Fact]
    public void SecondRunIsAllCachedOrUnchanged()
    {
        var (driver, compilation, _) = FirstRun(Scenarios.CitiesCsv);
        driver = driver.RunGenerators(compilation.Clone());
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            AssertReasons(result, step, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void UnrelatedEditLeavesOutputUnchanged()
    {
        var (driver, compilation, _) = FirstRun(Scenarios.CitiesCsv);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("static class Helper { public static int Two => 2; }", GeneratorHarness.ParseOptions, path: "/project/Helper.cs"));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputsCached(result);

        // The encodings the schemas name did not change, so no CSV is read again.
        AssertReasons(result, TrackingNames.CsvSchemas, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void NamingAnEncodingReadsTheCsvAgainAndModifiesTheOutput()
    {
        var (driver, compilation, _) = FirstRun(Scenarios.CitiesCsv);
        var tree = compilation.SyntaxTrees.Single();
        var withEncoding = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Scenarios.CitiesSource.Replace("Categorical = new[] { \"region\" }", "Categorical = new[] { \"region\" }, Encoding = \"gb18030\"", StringComparison.Ordinal))));
        driver = driver.RunGenerators(withEncoding);
        var result = driver.GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.CsvSchemas, IncrementalStepRunReason.Modified);
        AssertReasons(result, TrackingNames.Models, IncrementalStepRunReason.Modified);
        Assert.Contains("encoding: \"gb18030\",", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DataRowEditLeavesOutputUnchanged()
    {
        var (driver, compilation, csv) = FirstRun(Scenarios.CitiesCsv);
        var editedRows = Scenarios.CitiesCsv.Replace("A,2010,1.5,0,3.1", "A,2010,9.75,1,3.3", StringComparison.Ordinal);
        driver = driver.ReplaceAdditionalText(csv, GeneratorHarness.Csv("cities.csv", editedRows)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.CsvSchemas, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputsCached(result);
    }

    [Fact]
    public void NewColumnModifiesOutput()
    {
        var (driver, compilation, csv) = FirstRun(Scenarios.CitiesCsv);
        var widened = string.Join('\n', Scenarios.CitiesCsv.Split('\n').Select((line, i) => line + (i == 0 ? ",patents" : ",3")));
        driver = driver.ReplaceAdditionalText(csv, GeneratorHarness.Csv("cities.csv", widened)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.Models, IncrementalStepRunReason.Modified);
        Assert.Contains("NumericVariable<Cities> Patents {", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoStepOutputHoldsCompilerObjects()
    {
        var (driver, _, _) = FirstRun(Scenarios.CitiesCsv);
        var result = driver.GetRunResult().Results.Single();
        // Roslyn's own internal steps (ForAttributeWithMetadataName's) hold trees by design; ours must not.
        foreach (var (name, runs) in result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)))
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                AssertNoCompilerObjects(output.Value, $"{name}", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Csv) FirstRun(string csvText)
    {
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.CitiesSource);
        var csv = GeneratorHarness.Csv("cities.csv", csvText);
        var driver = GeneratorHarness.CreateDriver([csv]).RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);
        return (driver, compilation, csv);
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }

    private static void AssertOutputsCached(GeneratorRunResult result) =>
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

    /// <summary>Walks an output object graph; a Compilation, symbol, syntax node, semantic model, Location or AdditionalText would keep compilations alive and defeat caching.</summary>
    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DiagnosticDescriptor)
        {
            return;
        }

        Assert.False(
            value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location or AdditionalText,
            $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence)
            {
                AssertNoCompilerObjects(item, $"{path}[{i++}]", seen);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
