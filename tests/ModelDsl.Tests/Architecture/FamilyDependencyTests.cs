namespace ModelDsl.Tests.Architecture;

/// <summary>
/// Dependencies between the model families and Reporting point one way: Reporting reads results, results never draw,
/// and a family borrows no shared code from another (shared code lives in the layers underneath).
/// </summary>
public sealed class FamilyDependencyTests
{
    // Everything below Reporting: the model families and the layers they stand on.
    private static readonly string[] BelowReporting =
        ["ModelDsl.Causal", "ModelDsl.Matching", "ModelDsl.Mechanisms", "ModelDsl.Measures", "ModelDsl.Estimation", "ModelDsl.Results", "ModelDsl.Data", "ModelDsl.Design", "ModelDsl.Inference"];

    private static readonly string[] Families = ["ModelDsl.Causal", "ModelDsl.Matching", "ModelDsl.Mechanisms", "ModelDsl.Measures"];

    // Cross-family references that remain on purpose, each with its reason.
    private static readonly (string From, string To, string Why)[] Allowed =
    [
        // The Wald test value type is being merged into Inference (issue 14, one family of test types); until then
        // heterogeneity's equality tests name it where it lives.
        ("ModelDsl.Mechanisms.HeterogeneityResult", "ModelDsl.Causal.JointWaldTest", "test value type moving to Inference"),
        ("ModelDsl.Mechanisms.HeterogeneitySpecification", "ModelDsl.Causal.JointWaldTest", "test value type moving to Inference"),
    ];

    [Fact]
    public void NoResultOrLowerLayerReferencesReporting()
    {
        var offending = TypeReferences.OfLibrary
            .Where(r => BelowReporting.Contains(r.FromNamespace) && r.ToNamespace == "ModelDsl.Reporting")
            .Select(r => r.ToString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(string.Empty, string.Join(Environment.NewLine, offending));
    }

    [Fact]
    public void ModelFamiliesBorrowNothingFromEachOther()
    {
        var offending = TypeReferences.OfLibrary
            .Where(r => Families.Contains(r.FromNamespace) && Families.Contains(r.ToNamespace) && r.FromNamespace != r.ToNamespace)
            .Where(r => !Allowed.Any(a => a.From == $"{r.FromNamespace}.{r.From}" && a.To == $"{r.ToNamespace}.{r.To}"))
            .Select(r => r.ToString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(string.Empty, string.Join(Environment.NewLine, offending));
    }

    [Fact]
    public void TheReaderSeesReferencesInsideMethodBodiesAndLambdas()
    {
        // Guards the guard: Reporting's figures read the causal results (a constructor parameter), the placebo
        // run draws from the shared random stream (a call inside a parallel lambda) and the mediation result writes
        // its steps through the shared JSON helper (a method group).
        Assert.Contains(new TypeReference("EventStudyFigure", "ModelDsl.Reporting", "EventStudyResult", "ModelDsl.Causal"), TypeReferences.OfLibrary);
        Assert.Contains(new TypeReference("PlaceboInference", "ModelDsl.Causal", "RandomStream", "ModelDsl.Results"), TypeReferences.OfLibrary);
        Assert.Contains(new TypeReference("MediationResult", "ModelDsl.Mechanisms", "JsonOutput", "ModelDsl.Results"), TypeReferences.OfLibrary);
    }
}
