namespace ModelDsl.Generators
{
    /// <summary>Names the generator assembly in tests.</summary>
    internal static class AssemblyMarker
    {
    }
}
