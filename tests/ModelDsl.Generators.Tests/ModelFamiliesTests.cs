using System.Reflection;

using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests;

/// <summary>The table of model families agrees with the runtime wrappers, and the emitter and the reserved names follow it.</summary>
public sealed class ModelFamiliesTests
{
    private const string Csv = "city,year,inno,cbec\nA,2010,1.5,0\nA,2011,2.5,1\n";

    [Fact]
    public void EveryTableVerbNamesARuntimeWrapperAndItsFactory()
    {
        var runtime = typeof(PanelAttribute).Assembly;
        foreach (var verb in ModelFamilies.All.SelectMany(f => f.Verbs).Concat(ModelFamilies.TermFunctions))
        {
            var wrapper = runtime.GetType("ModelDsl." + verb.ReturnType + "`1");
            Assert.True(wrapper is not null, $"{verb.Name}: no runtime type ModelDsl.{verb.ReturnType}<TSchema>");
            var factory = wrapper.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == verb.Factory).ToList();
            Assert.True(factory.Count > 0, $"{verb.Name}: {verb.ReturnType} has no public static {verb.Factory}");
        }
    }

    [Fact]
    public void EveryChainVerbOfTheTableIsAnInstanceVerbOfItsWrapper()
    {
        var runtime = typeof(PanelAttribute).Assembly;
        foreach (var family in ModelFamilies.All)
        {
            foreach (var chainType in family.ChainTypes)
            {
                Assert.True(runtime.GetType("ModelDsl." + chainType + "`1") is not null, $"{family.Name}: no runtime type ModelDsl.{chainType}<TSchema>");
            }

            foreach (var verb in family.ChainVerbs)
            {
                Assert.Contains(verb.ChainType, family.ChainTypes);
                var type = runtime.GetType("ModelDsl." + verb.ChainType + "`1")!;
                Assert.True(type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == verb.Name), $"{verb.ChainType} has no instance verb {verb.Name}");
            }
        }
    }

    [Fact]
    public void PanelSchemaGetsEveryVerbOfTheTableAndCrossSectionOnlyTheCrossSectionOnes()
    {
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Inno).ToString() + Firms.Regress(Firms.Inno));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;

            [Dataset("cities.csv")]
            partial class Firms;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", Csv));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.BuildDiagnostics(run.Output).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        foreach (var (name, isPanel) in new[] { ("Cities", true), ("Firms", false) })
        {
            var type = run.Output.GetTypeByMetadataName(name)!;
            var members = type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsStatic && m.DeclaredAccessibility == Accessibility.Public).Select(m => m.Name).ToHashSet();
            foreach (var verb in ModelFamilies.All.SelectMany(f => f.Verbs).Concat(ModelFamilies.TermFunctions))
            {
                Assert.Equal(isPanel || !verb.PanelOnly, members.Contains(verb.Name));
            }
        }
    }

    [Fact]
    public void AColumnNamedLikeAnyVerbOfTheTableGetsASuffix()
    {
        var verbs = ModelFamilies.All.SelectMany(f => f.Verbs).Concat(ModelFamilies.TermFunctions).Select(v => v.Name).ToList();
        var csv = "city,year," + string.Join(",", verbs) + "\nA,2010," + string.Join(",", verbs.Select(_ => "1")) + "\n";
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.Regress2));

            [Panel("cities.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """;
        var run = GeneratorHarness.Run(source, ("cities.csv", csv));
        Assert.Equal(verbs.Count, run.Diagnostics.Count(d => d.Id == "MDSL0013"));
        Assert.Empty(GeneratorHarness.BuildDiagnostics(run.Output).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var properties = run.Output.GetTypeByMetadataName("Cities")!.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name).ToHashSet();
        Assert.All(verbs, v => Assert.Contains(v + "2", properties));
    }

    [Fact]
    public void ReservedNamesAreThePanelsGeneratedMembersPlusObjectsAndColumns()
    {
        var expected = ModelFamilies.GeneratedMembers(isPanel: true)
            .Concat(["Columns", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize"])
            .ToHashSet();
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), ModelFamilies.ReservedMembers.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Superset(ModelFamilies.GeneratedMembers(isPanel: false).ToHashSet(), expected);
    }
}
