namespace ModelDsl.Tests.Measures;

/// <summary>Paths of the committed reference cases, copied to the test output folder.</summary>
internal static class ReferencePaths
{
    public static string Of(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "reference", .. parts]);
}
