namespace ModelDsl.Generators.Tests;

/// <summary>Snapshots of the generated source, one file per scenario, compared exactly. Set MODELDSL_UPDATE_GOLDEN=1 to rewrite them on purpose.</summary>
public sealed class GoldenTests
{
    [Fact]
    public void PanelFromCsvHeader() =>
        Verify("CitiesPanel", GeneratorHarness.Run(Scenarios.CitiesSource, ("cities.csv", Scenarios.CitiesCsv)));

    [Fact]
    public void CrossSectionWithInvalidAndReservedNames() =>
        Verify("FirmsCrossSection", GeneratorHarness.Run(Scenarios.FirmsSource, ("firms.csv", Scenarios.FirmsCsv)), "MDSL0004", "MDSL0004", "MDSL0013");

    [Fact]
    public void PanelFromRecord() =>
        Verify("CityYearRecord", GeneratorHarness.Run(Scenarios.RecordSource));

    [Fact]
    public void NestedInNamespaceAndType() =>
        Verify("NestedCities", GeneratorHarness.Run(Scenarios.NestedSource, ("/project/data/cities.csv", Scenarios.CitiesCsv)));

    private static void Verify(string scenario, GeneratorRun run, params string[] expectedDiagnostics)
    {
        Assert.Equal(expectedDiagnostics, run.Diagnostics.Select(d => d.Id).Order());
        var sources = run.Sources;
        Assert.Single(sources);
        var (hintName, text) = sources.Single();
        var actual = $"// hint: {hintName}\n{text}";
        var path = Path.Combine(GeneratorHarness.GoldenDirectory(), scenario + ".verified.cs");
        if (Environment.GetEnvironmentVariable("MODELDSL_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No golden file at {path}; run the tests once with MODELDSL_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);

        // The generated code compiles against the runtime, warning-free.
        Assert.Empty(GeneratorHarness.BuildDiagnostics(run.Output).Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }
}
