namespace ModelDsl.Generators.Tests;

/// <summary>
/// <see cref="SchemaSource"/> (what a notebook's <c>#!panel</c> submits) against the source generator on the same CSV:
/// the text must be the generator's, byte for byte, and the diagnostics its messages.
/// </summary>
public sealed class SchemaSourceTests
{
    [Fact]
    public void CityPanelFromDataIsTheGeneratorsSourceByteForByte()
    {
        var csv = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "data", "cities_cbec.csv"));
        var generated = GeneratorHarness.Run(
            """
            [ModelDsl.Panel("cities_cbec.csv", Unit = "city", Time = "year")]
            partial class Cities;
            """,
            ("cities_cbec.csv", csv));
        Assert.Empty(generated.Diagnostics);

        var emitted = SchemaSource.Emit(new SchemaSourceRequest("Cities", "cities_cbec.csv", $"{GeneratorHarness.ProjectDirectory}/cities_cbec.csv", csv, GeneratorHarness.ProjectDirectory)
        {
            Unit = "city",
            Time = "year",
        });

        Assert.Empty(emitted.Errors);
        Assert.Empty(emitted.Warnings);
        Assert.Equal(generated.Sources.Values.Single(), emitted.Source);
        Assert.Contains("NumericVariable<Cities> Inno", emitted.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredCategoricalAndARelativePathAreTheGeneratorsToo()
    {
        var generated = GeneratorHarness.Run(
            """
            [ModelDsl.Panel("../data/cities.csv", Unit = "city", Time = "year", Categorical = new[] { "cbec" })]
            partial class Panel2;
            """,
            ("/data/cities.csv", Scenarios.CitiesCsv));
        Assert.Empty(generated.Diagnostics);

        var emitted = SchemaSource.Emit(new SchemaSourceRequest("Panel2", "../data/cities.csv", "/data/cities.csv", Scenarios.CitiesCsv, GeneratorHarness.ProjectDirectory)
        {
            Unit = "city",
            Time = "year",
            Categorical = ["cbec"],
        });

        Assert.Equal(generated.Sources.Values.Single(), emitted.Source);
        Assert.Contains("CategoricalVariable<Panel2> Cbec", emitted.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossSectionWarningsAreTheGeneratorsMessages()
    {
        var generated = GeneratorHarness.Run(Scenarios.FirmsSource, ("firms.csv", Scenarios.FirmsCsv));

        var emitted = SchemaSource.Emit(new SchemaSourceRequest("Firms", "firms.csv", $"{GeneratorHarness.ProjectDirectory}/firms.csv", Scenarios.FirmsCsv, GeneratorHarness.ProjectDirectory) { IsPanel = false });

        Assert.Equal(generated.Sources.Values.Single(), emitted.Source);
        Assert.Empty(emitted.Errors);
        var expected = generated.Diagnostics.Select(d => $"warning {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").Order();
        Assert.Equal(expected, emitted.Warnings.Order());
        Assert.Equal(3, emitted.Warnings.Count);
    }

    [Fact]
    public void AMissingUnitColumnIsTheGeneratorsErrorAndNoSource()
    {
        var generated = GeneratorHarness.Run(
            """
            [ModelDsl.Panel("cities.csv", Unit = "town", Time = "year")]
            partial class Cities;
            """,
            ("cities.csv", Scenarios.CitiesCsv));
        var error = Assert.Single(generated.Diagnostics);

        var emitted = SchemaSource.Emit(new SchemaSourceRequest("Cities", "cities.csv", $"{GeneratorHarness.ProjectDirectory}/cities.csv", Scenarios.CitiesCsv, GeneratorHarness.ProjectDirectory)
        {
            Unit = "town",
            Time = "year",
        });

        Assert.Null(emitted.Source);
        Assert.Equal($"error {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}", Assert.Single(emitted.Errors));
        Assert.Contains("'town'", emitted.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ATypeNameThatIsNotAnIdentifierIsRefused()
    {
        var emitted = SchemaSource.Emit(new SchemaSourceRequest("my cities", "cities.csv", "/project/cities.csv", Scenarios.CitiesCsv, "/project") { Unit = "city", Time = "year" });

        Assert.Null(emitted.Source);
        Assert.Contains("'my cities' is not a C# type name", Assert.Single(emitted.Errors), StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ModelDsl.sln above {AppContext.BaseDirectory}.");
    }
}
