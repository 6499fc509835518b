using System.Text.RegularExpressions;

namespace ModelDsl.Tests;

/// <summary>
/// Finds the peer project's published results (<c>shared/peer/</c>, read in place and never copied into the
/// repository). They sit beside the repository (<c>../shared/peer</c>); a fresh clone made elsewhere finds them beside
/// the repository it was cloned from. A test that needs them fails, never skips, when they are not found.
/// </summary>
internal static partial class PeerFixtures
{
    /// <summary>The environment variable that names the <c>peer</c> folder explicitly.</summary>
    public const string Variable = "MODELDSL_PEER";

    private static readonly Lazy<(string? Root, string Searched)> Root = new(Locate);

    /// <summary>The folder <c>peer/linearmodels/&lt;part&gt;</c>, for example <c>Folder("iv")</c>.</summary>
    public static string Folder(string part)
    {
        var (root, searched) = Root.Value;
        var folder = root is null ? null : Path.Combine(root, "linearmodels", part);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The peer fixtures shared/peer/linearmodels/{part} were not found; searched {searched}. Put the clone beside shared/ (../shared/peer) or set {Variable} to the peer folder.");
        }

        return folder;
    }

    /// <summary>A file of <c>peer/linearmodels/&lt;part&gt;</c>.</summary>
    public static string File(string part, string name) => Path.Combine(Folder(part), name);

    private static (string? Root, string Searched) Locate()
    {
        var starts = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } explicitPeer)
        {
            if (Directory.Exists(explicitPeer))
            {
                return (explicitPeer, Variable);
            }

            starts.Add($"{Variable}={explicitPeer} (missing)");
        }

        var bases = new List<string> { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        if (Origin() is { } origin)
        {
            bases.Add(origin);
        }

        foreach (var start in bases)
        {
            starts.Add(start);
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "shared", "peer");
                if (Directory.Exists(candidate))
                {
                    return (candidate, string.Join(", ", starts));
                }
            }
        }

        return (null, "the folders above " + string.Join(", ", starts));
    }

    // A clone made from a local path records it as its origin; the fixtures sit beside that repository.
    private static string? Origin()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var config = Path.Combine(folder.FullName, ".git", "config");
            if (System.IO.File.Exists(config))
            {
                var match = OriginUrl().Match(System.IO.File.ReadAllText(config));
                if (!match.Success)
                {
                    return null;
                }

                var url = match.Groups[1].Value.Trim();
                url = url.StartsWith("file://", StringComparison.Ordinal) ? url["file://".Length..] : url;
                return Path.IsPathRooted(url) ? url : null;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\[remote ""origin""\][^\[]*?url\s*=\s*([^\r\n]+)")]
    private static partial Regex OriginUrl();
}
