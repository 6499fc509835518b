namespace ModelDsl.Generators.Tests;

public sealed class GeneratorProjectTests
{
    [Fact]
    public void GeneratorAssemblyTargetsNetStandard()
    {
        var assembly = typeof(ModelDsl.Generators.AssemblyMarker).Assembly;
        var framework = assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
            .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>()
            .Single();

        Assert.Equal(".NETStandard,Version=v2.0", framework.FrameworkName);
    }
}
