namespace ModelDsl.Tests.Reporting;

/// <summary>
/// Exact comparison with committed files under tests/ModelDsl.Tests/Reporting/Golden. Set MODELDSL_UPDATE_GOLDEN=1 to
/// rewrite them on purpose (then review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Verify(string fileName, string actual)
    {
        var folder = FindFolder();
        var path = Path.Combine(folder, fileName);
        if (Environment.GetEnvironmentVariable("MODELDSL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual, new System.Text.UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"Golden file '{path}' is missing; run the tests once with MODELDSL_UPDATE_GOLDEN=1 to create it, review it and commit it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var first = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail(
                $"Output differs from golden file '{path}' at line {first + 1}:\n  expected: {(first < expectedLines.Length ? expectedLines[first] : "<end of file>")}\n  actual:   {(first < actualLines.Length ? actualLines[first] : "<end of output>")}\nIf the change is intended, rerun with MODELDSL_UPDATE_GOLDEN=1 and commit the new file.");
        }
    }

    /// <summary>The source folder of the golden files, found by walking up from the test binaries (bin/…/net10.0).</summary>
    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Reporting", "Golden");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "ModelDsl.Tests.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Could not find tests/ModelDsl.Tests/Reporting/Golden above '{AppContext.BaseDirectory}'.");
    }
}
