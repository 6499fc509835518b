using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

using ModelDsl.Data;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Packs ModelDsl into a temporary local feed and uses it as a user outside this repository would: a
/// file-based app with <c>#:package ModelDsl@0.1.0</c> beside a cities.csv. Slow (two SDK builds); filter it
/// out with <c>--filter Category!=Package</c> for a quick run.
/// </summary>
public sealed class PackageTests
{
    private const string ContractScript = """
        #:package ModelDsl@0.1.0
        using ModelDsl;
        using static Cities;                        // brings the typed columns and the model verbs into scope

        var data = Cities.Load("cities.csv");       // generated loader (CsvHelper); path optional when the attribute's path resolves

        var baseline = Regress(Inno).On(Cbec).Controls(LnPop, LnGdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
        Console.WriteLine(baseline.ToJson());

        [Panel("cities.csv", Unit = "city", Time = "year")]
        partial class Cities;
        """;

    [Fact]
    [Trait("Category", "Package")]
    public void PackedPackageRunsTheContractScriptAndRejectsMisuseAtTheWord()
    {
        var root = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("modeldsl-package-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "study")).FullName;
            var (packExit, packOutput) = Dotnet(root, "pack", Path.Combine(root, "src", "ModelDsl"), "-o", feed, "--nologo");
            Assert.True(packExit == 0, packOutput);
            Assert.True(File.Exists(Path.Combine(feed, "ModelDsl.0.1.0.nupkg")), packOutput);
            AssertPackageContents(feed);

            WriteNuGetConfig(app, feed, Path.Combine(work.FullName, "packages"));
            var csv = Path.Combine(AppContext.BaseDirectory, "fixtures", "cities.csv");
            File.Copy(csv, Path.Combine(app, "cities.csv"));
            File.WriteAllText(Path.Combine(app, "study.cs"), ContractScript);

            // Build output inside the temporary folder (deleted below), not in the SDK's per-user cache of
            // file-based apps, where each run would leave ~0.5 GB behind (the plotting library's native assets).
            var artifacts = Path.Combine(work.FullName, "artifacts");
            var (runExit, json) = Dotnet(app, "run", "study.cs", "--artifacts-path", Path.Combine(artifacts, "study"));
            Assert.True(runExit == 0, json);
            var expected = Model.Regress("inno").On("cbec").Controls("ln_pop", "ln_gdp", "infra").Fe("city", "year").Cluster("city")
                .Fit(PanelData.ReadCsv(csv, "city", "year")).ToJson();
            Assert.Equal(expected.Trim(), json.Trim());
            AssertOnlyTheRunningPlatformsNativeAssets(Path.Combine(artifacts, "study"));

            // Analyzers switched off: one error that names the cause, and the compiler never runs (no CS0103 per column).
            File.WriteAllText(Path.Combine(app, "noanalyzers.cs"), "#:property RunAnalyzers=false\n" + ContractScript);
            var (offExit, offOutput) = Dotnet(app, "build", "noanalyzers.cs", "--artifacts-path", Path.Combine(artifacts, "noanalyzers"));
            Assert.NotEqual(0, offExit);
            Assert.Contains("error MDSLBUILD002: ModelDsl's source generator cannot run because analyzers are switched off", offOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("CS0103", offOutput, StringComparison.Ordinal);

            var misuse = ContractScript.Replace("Regress(Inno)", "Regress(Inov)", StringComparison.Ordinal).Replace("Fe(City, Year)", "Fe(Infra, Year)", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(app, "misuse.cs"), misuse);
            var (buildExit, errors) = Dotnet(app, "build", "misuse.cs", "--artifacts-path", Path.Combine(artifacts, "misuse"));
            Assert.NotEqual(0, buildExit);
            Assert.Contains("misuse.cs(7,24): error CS0103: The name 'Inov' does not exist in the current context", errors, StringComparison.Ordinal);
            Assert.Contains("misuse.cs(7,72): error MDSL1007: 'Infra' is a numeric column of 'Cities'; Fe accepts only categorical columns", errors, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Package")]
    public void ProjectRouteOutsideTheRepositoryRunsTheGeneratorThroughTheProjectTargets()
    {
        var root = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("modeldsl-project-route-");
        try
        {
            var app = work.FullName;
            var csv = Path.Combine(AppContext.BaseDirectory, "fixtures", "cities.csv");
            File.Copy(csv, Path.Combine(app, "cities.csv"));
            var targets = Path.Combine(root, "src", "ModelDsl", "build", "ModelDsl.Project.targets");
            File.WriteAllText(Path.Combine(app, "study.cs"), ContractScript.Replace("#:package ModelDsl@0.1.0", "#:property CustomAfterMicrosoftCommonTargets=" + targets, StringComparison.Ordinal));

            var artifacts = Path.Combine(work.FullName, "artifacts");
            var (runExit, json) = Dotnet(app, "run", "study.cs", "--artifacts-path", artifacts);
            Assert.True(runExit == 0, json);
            var expected = Model.Regress("inno").On("cbec").Controls("ln_pop", "ln_gdp", "infra").Fe("city", "year").Cluster("city")
                .Fit(PanelData.ReadCsv(csv, "city", "year")).ToJson();
            Assert.Equal(expected.Trim(), json.Trim());
            AssertOnlyTheRunningPlatformsNativeAssets(artifacts);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The package a study restores: generator, build files, readme, docs, license expression, symbols.</summary>
    private static void AssertPackageContents(string feed)
    {
        Assert.True(File.Exists(Path.Combine(feed, "ModelDsl.0.1.0.snupkg")), "no symbol package beside the package");
        using var package = ZipFile.OpenRead(Path.Combine(feed, "ModelDsl.0.1.0.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "analyzers/dotnet/cs/ModelDsl.Generators.dll", "build/ModelDsl.props", "build/ModelDsl.targets", "lib/net10.0/ModelDsl.dll", "lib/net10.0/ModelDsl.xml", "README.md" })
        {
            Assert.Contains(expected, entries);
        }

        using var nuspec = new StreamReader(package.GetEntry("ModelDsl.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<icon>", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Build output of a study: native files for the running platform only (the plotting library ships them for
    /// every platform, ~0.5 GB), so a run stays under the 50 MB the README states.
    /// </summary>
    private static void AssertOnlyTheRunningPlatformsNativeAssets(string artifacts)
    {
        var runtimes = Directory.GetDirectories(artifacts, "runtimes", SearchOption.AllDirectories);
        Assert.NotEmpty(runtimes);
        var platforms = runtimes.SelectMany(Directory.GetDirectories).Select(Path.GetFileName).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal([System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier], platforms);
        var bytes = new DirectoryInfo(artifacts).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(bytes < 50L * 1024 * 1024, $"the run left {bytes / (1024 * 1024)} MB of build output");
    }

    /// <summary>A nuget.config with the local feed first, then the machine's own sources (copied, not named here).</summary>
    private static void WriteNuGetConfig(string directory, string feed, string packages)
    {
        var sources = new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed)));
        var machine = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(machine))
        {
            foreach (var add in XDocument.Load(machine).Descendants("packageSources").Elements("add"))
            {
                sources.Add(new XElement(add));
            }
        }

        // A private packages folder so a stale ModelDsl 0.1.0 in the global cache is never used; the global
        // cache still serves the dependencies as a fallback folder.
        var global = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = new XDocument(new XElement(
            "configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages))),
            sources,
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "global"), new XAttribute("value", global)))));
        config.Save(Path.Combine(directory, "nuget.config"));
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into the user's build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 5 minutes:\n" + output);
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
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

        throw new InvalidOperationException($"No ModelDsl.sln above {AppContext.BaseDirectory}; the package test runs from the repository's test output.");
    }
}
