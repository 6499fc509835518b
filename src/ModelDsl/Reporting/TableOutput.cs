using System.Collections.Immutable;

namespace ModelDsl.Reporting;

/// <summary>
/// Where a study's tables go: one folder, the formats every table is written in (for example Markdown for the
/// repository and LaTeX or Word for the paper), and optionally a console that shows each table as text.
/// </summary>
/// <remarks>
/// A table named <c>table3_baseline</c> with formats <c>.md</c> and <c>.tex</c> becomes
/// <c>table3_baseline.md</c> and <c>table3_baseline.tex</c> in the folder (created if missing). The name is a
/// file name, not a path: separators, <c>..</c>, characters that are invalid in file names and names reserved on
/// Windows are refused, so a table name read from data cannot write outside the folder.
/// </remarks>
/// <example>
/// <code>
/// var tables = new TableOutput("output", ".md", ".tex") { Echo = Console.Out };
/// tables.Write("table3_baseline", RegressionTable.Of(m1, m2).Style(paper).Title("Table 3. Baseline"));
/// </code>
/// </example>
public sealed class TableOutput
{
    private static readonly string[] Supported = [".txt", ".md", ".markdown", ".tex", ".html", ".htm", ".csv", ".docx"];

    private static readonly string[] ReservedNames = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    /// <summary>Writes tables into <paramref name="folder"/> in each of the <paramref name="formats"/>.</summary>
    /// <param name="folder">The output folder; created on the first write if it does not exist.</param>
    /// <param name="formats">File extensions, each one of .txt, .md, .tex, .html, .csv or .docx (the dot is optional).</param>
    /// <exception cref="ArgumentException">No format, or a format that is not supported.</exception>
    public TableOutput(string folder, params string[] formats)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Length == 0)
        {
            throw new ArgumentException("Name at least one format to write, for example new TableOutput(folder, \".md\", \".tex\").", nameof(formats));
        }

        var normalised = ImmutableArray.CreateBuilder<string>(formats.Length);
        foreach (var format in formats)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(format, nameof(formats));
            var extension = (format.StartsWith('.') ? format : "." + format).ToLowerInvariant();
            if (Array.IndexOf(Supported, extension) < 0)
            {
                throw new ArgumentException($"Cannot write tables as '{format}'; expected one of {string.Join(", ", Supported)}.", nameof(formats));
            }

            if (!normalised.Contains(extension))
            {
                normalised.Add(extension);
            }
        }

        Folder = folder;
        Formats = normalised.ToImmutable();
    }

    /// <summary>The output folder.</summary>
    public string Folder { get; }

    /// <summary>The extensions every table is written with, in order, without duplicates.</summary>
    public ImmutableArray<string> Formats { get; }

    /// <summary>Where to show each written table as text (for example <see cref="Console.Out"/>), or null for nowhere.</summary>
    public TextWriter? Echo { get; init; }

    /// <summary>Builds the table and writes it in every format; shows it on <see cref="Echo"/>.</summary>
    /// <param name="name">The file name without extension, for example <c>table3_baseline</c>.</param>
    /// <param name="table">The table.</param>
    /// <returns>The paths written, one per format.</returns>
    public IReadOnlyList<string> Write(string name, PublicationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Write(name, table.Build());
    }

    /// <summary>Writes the table in every format; shows it on <see cref="Echo"/>.</summary>
    /// <param name="name">The file name without extension, for example <c>table3_baseline</c>.</param>
    /// <param name="table">The table.</param>
    /// <returns>The paths written, one per format.</returns>
    /// <exception cref="ArgumentException">The name is not a plain file name.</exception>
    public IReadOnlyList<string> Write(string name, ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckName(name);
        Directory.CreateDirectory(Folder);
        var paths = new List<string>(Formats.Length);
        foreach (var extension in Formats)
        {
            var path = Path.Combine(Folder, name + extension);
            table.Save(path);
            paths.Add(path);
        }

        if (Echo is { } echo)
        {
            echo.WriteLine();
            echo.WriteLine(table.ToText());
        }

        return paths;
    }

    // The one check a table name passes before it becomes part of a path.
    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var invalid = name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) >= 0
            || name.Any(char.IsControl)
            || name.Trim() != name
            || name.EndsWith('.')
            || name is "." or ".."
            || ReservedNames.Contains(name.Split('.')[0], StringComparer.OrdinalIgnoreCase);
        if (invalid)
        {
            throw new ArgumentException(
                $"The table name '{name.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}' is not a plain file name; use letters, digits, '_', '-' and '.' without path separators or surrounding spaces, for example \"table3_baseline\".",
                nameof(name));
        }
    }
}
