using System.Collections.Immutable;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md, checked on the runtime's source: every reference from a type in one
/// folder of src/ModelDsl to a type declared in another folder must point down the layers.
/// </summary>
/// <remarks>
/// Layers are folders (the first folder under src/ModelDsl), not namespaces: the user-facing verbs and handles live
/// in the root namespace whatever folder holds them. The source is compiled with Roslyn against the assemblies the
/// runtime references, and every name, member access, object creation and base type is bound to its symbol; the
/// symbol's declaring file gives the target folder. Reading source rather than IL keeps the finding precise (the
/// file and line of each reference) and needs no extra package.
/// </remarks>
public sealed class LayeringTests
{
    /// <summary>
    /// The layers, lowest first. A folder may use any folder of a lower rank. Folders of the same rank are model
    /// families: one may use another only when <see cref="Compositions"/> lists the pair.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, int> Ranks = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Shared"] = 0,
        ["Results"] = 0,
        ["Data"] = 1,
        ["Design"] = 2,
        ["Inference"] = 3,
        ["Linear"] = 4,
        ["Binary"] = 4,
        ["Causal"] = 4,
        ["Matching"] = 4,
        ["Mechanisms"] = 4,
        ["Measures"] = 4,
        ["Instrumental"] = 4,
        ["DynamicPanel"] = 4,
        ["Threshold"] = 4,
        ["Spatial"] = 4,
        ["Reporting"] = 5,
        ["Dsl"] = 6,
    };

    /// <summary>Families that are built from another family's estimator (composition, not borrowed plumbing).</summary>
    internal static readonly ISet<(string From, string To)> Compositions = new HashSet<(string, string)>
    {
        ("Causal", "Linear"),       // DID and event studies are linear fixed-effects regressions
        ("Matching", "Binary"),     // propensity scores are a logit or probit
        ("Matching", "Linear"),     // PSM-DID is a (weighted) fixed-effects regression
        ("Matching", "Causal"),     // PSM-DID is a DID on the matched sample
        ("Mechanisms", "Linear"),   // mediation, moderation and heterogeneity are sets of regressions
        ("Threshold", "Linear"),    // the regime coefficients are the within regression at the estimated thresholds
        ("Spatial", "Linear"),      // the LM tests for spatial dependence read a fitted regression
    };

    /// <summary>
    /// References that break the rule, as "From -> To" folder pairs, for a step that cannot remove one at once (empty
    /// since issue 14); the test fails when a new pair appears and when a listed pair is gone (so the list only shrinks).
    /// </summary>
    internal static readonly ISet<string> KnownViolations = new HashSet<string>(StringComparer.Ordinal);

    private static readonly Lazy<(CSharpCompilation Compilation, string Root)> Source = new(CompileRuntime);

    [Fact]
    public void ReferencesPointDownTheLayers()
    {
        var violations = FindViolations();
        var pairs = violations.Select(v => $"{v.From} -> {v.To}").ToHashSet(StringComparer.Ordinal);
        var added = violations.Where(v => !KnownViolations.Contains($"{v.From} -> {v.To}"))
            .GroupBy(v => $"{v.From} -> {v.To}")
            .Select(g => $"{g.Key}: {string.Join("; ", g.Take(5).Select(v => v.Where))}")
            .ToList();
        var removed = KnownViolations.Where(k => !pairs.Contains(k)).ToList();

        Assert.True(added.Count == 0, "References up the layers (or between families without a listed composition):\n" + string.Join("\n", added));
        Assert.True(removed.Count == 0, "No longer violated; remove from KnownViolations: " + string.Join(", ", removed));
    }

    [Fact]
    public void EveryFolderHasALayer()
    {
        var folders = Directory.GetDirectories(RuntimeDirectory())
            .Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj" or "build"))
            .ToList();

        Assert.All(folders, f => Assert.True(Ranks.ContainsKey(f!), $"src/ModelDsl/{f} has no layer in LayeringTests.Ranks (and docs/architecture.md)."));
    }

    [Fact]
    public void TheCheckFindsAReferenceUpTheLayers()
    {
        // The checker itself must see a violation: a Data type that names a Reporting type.
        var found = FindViolations(("Data/Probe.cs", "namespace ModelDsl.Data; internal static class Probe { internal static object Table() => typeof(ModelDsl.Reporting.RegressionTable); }"));

        Assert.Contains(found, v => v.From == "Data" && v.To == "Reporting" && v.Where.Contains("Probe.cs", StringComparison.Ordinal));
    }

    internal sealed record Violation(string From, string To, string Where);

    /// <summary>The violations in the runtime's source, or only in <paramref name="extra"/> files added to it.</summary>
    internal static List<Violation> FindViolations(params (string RelativePath, string Text)[] extra)
    {
        var (compilation, root) = Source.Value;
        IEnumerable<SyntaxTree> scanned = compilation.SyntaxTrees;
        if (extra.Length > 0)
        {
            var added = extra.Select(e => CSharpSyntaxTree.ParseText(e.Text, (CSharpParseOptions)compilation.SyntaxTrees.First().Options, Path.Combine(root, e.RelativePath))).ToList();
            compilation = compilation.AddSyntaxTrees(added);
            scanned = added;
        }
        else
        {
            // Unbound names would hide references: the probe compilation must compile as the project does (but for the
            // bodies the BCL's source generators add, such as [GeneratedRegex] partial methods: CS8795).
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(5).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("The layering probe does not compile the runtime's source: " + string.Join("; ", errors));
            }
        }

        return Scan(compilation, root, scanned);
    }

    private static (CSharpCompilation, string) CompileRuntime()
    {
        var root = RuntimeDirectory();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "..", "Shared"), "*.cs").Select(Path.GetFullPath))
            .ToList();
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings, options, Path.Combine(root, "obj", "GlobalUsings.g.cs")));
        var compilation = CSharpCompilation.Create(
            "LayeringProbe",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, root);
    }

    private static List<Violation> Scan(CSharpCompilation compilation, string root, IEnumerable<SyntaxTree> trees)
    {
        var violations = new List<Violation>();
        foreach (var tree in trees)
        {
            var from = LayerOf(root, tree.FilePath);
            if (from is null)
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var info = model.GetSymbolInfo(node);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                while (type?.ContainingType is not null)
                {
                    type = type.ContainingType;
                }

                if (type is null || type.DeclaringSyntaxReferences.Length == 0)
                {
                    continue;
                }

                foreach (var target in type.DeclaringSyntaxReferences.Select(r => LayerOf(root, r.SyntaxTree.FilePath)).Distinct())
                {
                    if (target is null || target == from || Allowed(from, target))
                    {
                        continue;
                    }

                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var where = $"{Path.GetRelativePath(root, tree.FilePath)}:{line} uses {type.Name}";
                    if (seen.Add($"{target}|{type.Name}"))
                    {
                        violations.Add(new Violation(from, target, where));
                    }
                }
            }
        }

        return violations;
    }

    private static bool Allowed(string from, string to)
    {
        if (!Ranks.TryGetValue(from, out var a) || !Ranks.TryGetValue(to, out var b))
        {
            return false;
        }

        return b < a || (a == b && (from == to || Compositions.Contains((from, to)) || Ranks[from] == 0));
    }

    private static string? LayerOf(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            return Path.GetFileName(Path.GetDirectoryName(path)) == "Shared" ? "Shared" : null;
        }

        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Length > 1 && !IsBuildOutput(relative) ? parts[0] : null;
    }

    // build/ holds the MSBuild task source shipped in the package (ModelDsl.ParquetSchema.cs), which the project
    // removes from its compilation (<Compile Remove="build/**" />): it is compiled at the user's build, not in the runtime.
    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("build" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("ModelDsl", StringComparison.Ordinal));
        return platform.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray();
    }

    private static string RuntimeDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "ModelDsl");
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The layering test reads the runtime's source; run it from a clone (no ModelDsl.sln above " + AppContext.BaseDirectory + ").");
    }

    // The implicit usings of an SDK project (ImplicitUsings=enable in Directory.Build.props).
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
