using System.Globalization;
using System.Text;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Measures;

/// <summary>A named list of keywords (English words or phrases, Chinese words, or both).</summary>
/// <param name="Name">The theme's name, e.g. "Digital Infrastructure".</param>
/// <param name="Keywords">The keywords; multi-word English keywords are matched as phrases.</param>
public sealed record Theme(string Name, IReadOnlyList<string> Keywords);

/// <summary>A text document: a name (the file name) and its text.</summary>
/// <param name="Name">The document's name.</param>
/// <param name="Text">The document's text.</param>
public sealed record TextDocument(string Name, string Text);

/// <summary>Keyword theme frequency over a corpus of documents (the trade-policy paper's Table 2).</summary>
/// <remarks>
/// <para>Each document is tokenized by <see cref="ThemeTokenizer"/> (English words case-insensitively; CJK runs by
/// forward maximum matching against the CJK parts of all themes' keywords). Each keyword is tokenized the same way, so a
/// keyword is a sequence of one or more tokens. For each theme the token stream is scanned left to right; at each
/// position the theme's longest matching keyword counts as one hit and the scan moves past it, otherwise the scan moves
/// one token (so within a theme hits do not overlap, and "supply chain" is not also counted as "chain" when both are
/// keywords of the theme). Themes are counted independently: a token can be a hit for two themes.</para>
/// <para>Frequency of a theme in a document = hits / total tokens of the document. The corpus frequency of a theme =
/// Σ hits / Σ tokens over all documents (the token-weighted share reported as "theme frequency"); the mean of the
/// per-document frequencies over non-empty documents is reported beside it. A document with no tokens has no frequency
/// (null in JSON) and a note says so.</para>
/// </remarks>
public static class ThemeFrequency
{
    /// <summary>Counts theme keywords in every UTF-8 text file of a folder (file names sorted ordinally).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="themes">The themes.</param>
    /// <param name="searchPattern">The files to read; <c>*.txt</c> by default.</param>
    /// <returns>Per-document and corpus counts.</returns>
    public static ThemeFrequencyResult AnalyzeFolder(string folder, IReadOnlyList<Theme> themes, string searchPattern = "*.txt")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The document folder '{Path.GetFullPath(folder)}' does not exist; give the folder that holds the {searchPattern} files.");
        }

        var files = Directory.GetFiles(folder, searchPattern).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"The folder '{Path.GetFullPath(folder)}' has no files matching '{searchPattern}'.");
        }

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var documents = new List<TextDocument>(files.Length);
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file, strict);
            }
            catch (DecoderFallbackException error)
            {
                throw new InvalidDataException(
                    $"The file '{file}' is not valid UTF-8 (byte index {error.Index}); save it as UTF-8 (with or without BOM).", error);
            }

            documents.Add(new TextDocument(Path.GetFileName(file), text));
        }

        return Analyze(documents, themes);
    }

    /// <summary>Counts theme keywords in documents given as text.</summary>
    /// <param name="documents">The documents, in the order to report them.</param>
    /// <param name="themes">The themes.</param>
    /// <returns>Per-document and corpus counts.</returns>
    public static ThemeFrequencyResult Analyze(IReadOnlyList<TextDocument> documents, IReadOnlyList<Theme> themes)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ValidateThemes(themes);
        var repeated = documents.GroupBy(d => d?.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Document name '{repeated.Key}' appears {repeated.Count()} times; document names must be unique so that counts can be looked up by name.", nameof(documents));
        }

        var tokenizer = new ThemeTokenizer(themes.SelectMany(t => t.Keywords));
        var keywordTokens = themes
            .Select(t => t.Keywords.Select(k => (Keyword: k, Tokens: tokenizer.Tokenize(k).ToArray())).ToArray())
            .ToArray();
        for (var t = 0; t < themes.Count; t++)
        {
            foreach (var (keyword, tokens) in keywordTokens[t])
            {
                if (tokens.Length == 0)
                {
                    throw new ArgumentException($"Keyword '{keyword}' of theme '{themes[t].Name}' has no letters, digits or CJK characters, so it can never match.", nameof(themes));
                }
            }
        }

        // Longest keyword first (in tokens), then list order: the order in which keywords are tried at each position.
        var orders = keywordTokens
            .Select(k => Enumerable.Range(0, k.Length).OrderByDescending(i => k[i].Tokens.Length).ThenBy(i => i).ToArray())
            .ToArray();
        var results = new List<DocumentThemeCount>();
        var tokenCounts = new List<int>();
        var notes = new List<Note>();
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document);
            var tokens = tokenizer.Tokenize(document.Text);
            tokenCounts.Add(tokens.Count);
            if (tokens.Count == 0)
            {
                notes.Add(new Note(NoteKind.Information, $"Document '{document.Name}' has no tokens; its theme frequencies are undefined (null) and it adds nothing to the corpus totals.", 0));
            }

            for (var t = 0; t < themes.Count; t++)
            {
                var perKeyword = Count(tokens, keywordTokens[t], orders[t]);
                var hits = perKeyword.Sum();
                var keywordHits = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var k = 0; k < perKeyword.Length; k++)
                {
                    if (perKeyword[k] > 0)
                    {
                        keywordHits[themes[t].Keywords[k]] = perKeyword[k];
                    }
                }

                results.Add(new DocumentThemeCount(document.Name, themes[t].Name, hits, tokens.Count, tokens.Count == 0 ? double.NaN : (double)hits / tokens.Count, keywordHits));
            }
        }

        var summaries = new List<ThemeSummary>();
        var totalTokens = tokenCounts.Sum(c => (long)c);
        foreach (var theme in themes)
        {
            var rows = results.Where(r => r.Theme == theme.Name).ToArray();
            var hits = rows.Sum(r => (long)r.Hits);
            var nonEmpty = rows.Where(r => r.Tokens > 0).ToArray();
            var keywordHits = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var keyword in theme.Keywords)
            {
                var count = rows.Sum(r => r.KeywordHits.TryGetValue(keyword, out var c) ? c : 0);
                keywordHits[keyword] = count;
            }

            summaries.Add(new ThemeSummary(
                theme.Name,
                hits,
                totalTokens,
                totalTokens == 0 ? double.NaN : (double)hits / totalTokens,
                nonEmpty.Length == 0 ? double.NaN : nonEmpty.Average(r => r.Frequency),
                rows.Count(r => r.Hits > 0),
                keywordHits));
        }

        return new ThemeFrequencyResult(themes.ToArray(), documents.Select(d => d.Name).ToArray(), tokenCounts.ToArray(), results, summaries, notes);
    }

    /// <summary>Reads themes from JSON: <c>{"themes": [{"name": "...", "keywords": ["...", "..."]}]}</c>.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The themes in file order.</returns>
    public static IReadOnlyList<Theme> LoadThemes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
        if (!document.RootElement.TryGetProperty("themes", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"'{path}' has no \"themes\" array; expected {{\"themes\": [{{\"name\": \"...\", \"keywords\": [\"...\"]}}]}}.");
        }

        var themes = new List<Theme>();
        var position = 0;
        foreach (var element in array.EnumerateArray())
        {
            position++;
            if (!element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !element.TryGetProperty("keywords", out var keywords) || keywords.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Theme {position} in '{path}' needs a string \"name\" and a \"keywords\" array of strings.");
            }

            var list = new List<string>();
            foreach (var keyword in keywords.EnumerateArray())
            {
                if (keyword.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"Theme '{name.GetString()}' in '{path}' has a keyword that is {keyword.ValueKind.ToString().ToLowerInvariant()}, not a string.");
                }

                list.Add(keyword.GetString()!);
            }

            themes.Add(new Theme(name.GetString()!, list));
        }

        ValidateThemes(themes);
        return themes;
    }

    // tokens: the document's token stream (length n_tokens); keywords: each keyword's token sequence; order: the keyword
    // indices, longest first.
    private static int[] Count(IReadOnlyList<string> tokens, (string Keyword, string[] Tokens)[] keywords, int[] order)
    {
        var counts = new int[keywords.Length];
        var i = 0;
        while (i < tokens.Count)
        {
            var matched = -1;
            foreach (var k in order)
            {
                var phrase = keywords[k].Tokens;
                if (i + phrase.Length > tokens.Count)
                {
                    continue;
                }

                var equal = true;
                for (var p = 0; p < phrase.Length; p++)
                {
                    if (!string.Equals(tokens[i + p], phrase[p], StringComparison.Ordinal))
                    {
                        equal = false;
                        break;
                    }
                }

                if (equal)
                {
                    matched = k;
                    break;
                }
            }

            if (matched >= 0)
            {
                counts[matched]++;
                i += keywords[matched].Tokens.Length;
            }
            else
            {
                i++;
            }
        }

        return counts;
    }

    private static void ValidateThemes(IReadOnlyList<Theme>? themes)
    {
        ArgumentNullException.ThrowIfNull(themes);
        if (themes.Count == 0)
        {
            throw new ArgumentException("Give at least one theme (a name and its keywords).", nameof(themes));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var theme in themes)
        {
            ArgumentNullException.ThrowIfNull(theme);
            if (string.IsNullOrWhiteSpace(theme.Name) || !names.Add(theme.Name))
            {
                throw new ArgumentException($"Theme names must be non-empty and unique; '{theme.Name}' is {(string.IsNullOrWhiteSpace(theme.Name) ? "empty" : "repeated")}.", nameof(themes));
            }

            if (theme.Keywords is null || theme.Keywords.Count == 0)
            {
                throw new ArgumentException($"Theme '{theme.Name}' has no keywords; give at least one.", nameof(themes));
            }

            var duplicate = theme.Keywords.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ArgumentException($"Theme '{theme.Name}' lists keyword '{duplicate.Key}' {duplicate.Count().ToString(CultureInfo.InvariantCulture)} times (keywords are case-insensitive); list it once.", nameof(themes));
            }
        }
    }
}

/// <summary>The hits of one theme in one document.</summary>
/// <param name="Document">The document's name.</param>
/// <param name="Theme">The theme's name.</param>
/// <param name="Hits">The number of keyword matches.</param>
/// <param name="Tokens">The document's total number of tokens.</param>
/// <param name="Frequency">Hits / tokens; NaN for a document with no tokens.</param>
/// <param name="KeywordHits">The hits of each keyword that matched at least once.</param>
public sealed record DocumentThemeCount(string Document, string Theme, int Hits, int Tokens, double Frequency, IReadOnlyDictionary<string, int> KeywordHits);

/// <summary>The corpus totals of one theme.</summary>
/// <param name="Theme">The theme's name.</param>
/// <param name="Hits">Σ hits over all documents.</param>
/// <param name="Tokens">Σ tokens over all documents.</param>
/// <param name="Frequency">Σ hits / Σ tokens: the corpus theme frequency.</param>
/// <param name="MeanDocumentFrequency">The mean of the per-document frequencies over documents with tokens.</param>
/// <param name="DocumentsWithHits">The number of documents with at least one hit.</param>
/// <param name="KeywordHits">Σ hits of each keyword (zero included), in keyword order.</param>
public sealed record ThemeSummary(string Theme, long Hits, long Tokens, double Frequency, double MeanDocumentFrequency, int DocumentsWithHits, IReadOnlyDictionary<string, int> KeywordHits);

/// <summary>The immutable result of a theme-frequency analysis.</summary>
public sealed class ThemeFrequencyResult
{
    internal ThemeFrequencyResult(IReadOnlyList<Theme> themes, IReadOnlyList<string> documents, IReadOnlyList<int> tokens, IReadOnlyList<DocumentThemeCount> counts, IReadOnlyList<ThemeSummary> summaries, IReadOnlyList<Note> notes)
    {
        Themes = themes;
        Documents = documents;
        DocumentTokens = tokens;
        Counts = counts;
        Summaries = summaries;
        Notes = notes;
    }

    /// <summary>The themes, in the order given.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>The document names, in the order analysed.</summary>
    public IReadOnlyList<string> Documents { get; }

    /// <summary>The total tokens of each document (same order as <see cref="Documents"/>).</summary>
    public IReadOnlyList<int> DocumentTokens { get; }

    /// <summary>One row per document and theme (documents in order, themes in order within a document).</summary>
    public IReadOnlyList<DocumentThemeCount> Counts { get; }

    /// <summary>The corpus summary of each theme (the paper's Table 2).</summary>
    public IReadOnlyList<ThemeSummary> Summaries { get; }

    /// <summary>Notes (documents with no tokens).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The count of <paramref name="theme"/> in <paramref name="document"/>.</summary>
    public DocumentThemeCount this[string document, string theme]
        => Counts.FirstOrDefault(c => c.Document == document && c.Theme == theme)
           ?? throw new KeyNotFoundException($"No count for document '{document}' and theme '{theme}'; themes are {string.Join(", ", Themes.Select(t => t.Name))}.");

    /// <summary>The corpus summary of <paramref name="theme"/>.</summary>
    public ThemeSummary Summary(string theme)
        => Summaries.FirstOrDefault(s => s.Theme == theme)
           ?? throw new KeyNotFoundException($"No theme '{theme}'; themes are {string.Join(", ", Themes.Select(t => t.Name))}.");

    /// <summary>The result as JSON: themes, corpus summaries, per-document counts, notes.</summary>
    public string ToJson() => JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("measure", "theme_frequency");
        writer.WriteNumber("documents", Documents.Count);
        writer.WriteNumber("tokens", DocumentTokens.Sum(c => (long)c));
        writer.WriteStartArray("themes");
        foreach (var summary in Summaries)
        {
            writer.WriteStartObject();
            writer.WriteString("theme", summary.Theme);
            writer.WriteNumber("hits", summary.Hits);
            writer.WriteNumber("tokens", summary.Tokens);
            JsonOutput.Number(writer, "frequency", summary.Frequency);
            JsonOutput.Number(writer, "mean_document_frequency", summary.MeanDocumentFrequency);
            writer.WriteNumber("documents_with_hits", summary.DocumentsWithHits);
            WriteKeywordHits(writer, summary.KeywordHits);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("by_document");
        foreach (var count in Counts)
        {
            writer.WriteStartObject();
            writer.WriteString("document", count.Document);
            writer.WriteString("theme", count.Theme);
            writer.WriteNumber("hits", count.Hits);
            writer.WriteNumber("tokens", count.Tokens);
            JsonOutput.Number(writer, "frequency", count.Frequency);
            WriteKeywordHits(writer, count.KeywordHits);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    });

    // "keyword_hits": { keyword: hits, … } in the dictionary's order.
    private static void WriteKeywordHits(Utf8JsonWriter writer, IReadOnlyDictionary<string, int> keywordHits)
    {
        writer.WriteStartObject("keyword_hits");
        foreach (var (keyword, hits) in keywordHits)
        {
            writer.WriteNumber(keyword, hits);
        }

        writer.WriteEndObject();
    }

    /// <summary>The corpus summary as text (the layout of the paper's Table 2).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Theme frequency over {Documents.Count} documents, {DocumentTokens.Sum(c => (long)c)} tokens").AppendLine();
        var width = Math.Max(5, Summaries.Max(s => s.Theme.Length));
        text.Append("Theme".PadRight(width)).AppendLine("      Hits  Frequency  Docs with hits");
        foreach (var summary in Summaries)
        {
            text.Append(summary.Theme.PadRight(width))
                .Append(CultureInfo.InvariantCulture, $"  {summary.Hits,8}  {summary.Frequency * 100,8:F2}%  {summary.DocumentsWithHits,14}")
                .AppendLine();
        }

        return text.ToString();
    }
}
