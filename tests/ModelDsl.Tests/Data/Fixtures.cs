namespace ModelDsl.Tests.Data;

internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "data", name);

    public static string Reference(string folder, string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "reference", folder, name);
}
