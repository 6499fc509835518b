using System.Text;

namespace ModelDsl.Measures;

/// <summary>Splits English and Chinese text into tokens for keyword counting, with no external service.</summary>
/// <remarks>
/// <para>Convention: a run of letters or digits outside the CJK ideograph blocks is one word token, lower-cased with the
/// invariant culture (so "Cloud", "cloud" and "CLOUD" are the same token; "cross-border" is two tokens). A run of CJK
/// ideographs (U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+3134F) is segmented by forward maximum matching
/// against the dictionary of CJK keywords: at each position the longest dictionary word that starts there is one
/// token; a character that starts no dictionary word is a token of its own. Everything else (spaces, punctuation,
/// symbols) separates tokens and is not counted.</para>
/// <para>Consequence of forward maximum matching: a CJK keyword nested inside a longer CJK keyword (of any theme) is not
/// a token where the longer one matches, just as a Chinese word segmenter would not split it.</para>
/// <para>Reference: Wong, P. and Chan, C. (1996), Chinese word segmentation based on maximum matching and word binding
/// force, COLING.</para>
/// </remarks>
public sealed class ThemeTokenizer
{
    private readonly HashSet<string> _dictionary;
    private readonly int _longest;

    /// <summary>Creates a tokenizer whose CJK dictionary is every CJK run in <paramref name="keywords"/>.</summary>
    public ThemeTokenizer(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        _dictionary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            foreach (var (text, isCjk) in Runs(keyword))
            {
                if (isCjk)
                {
                    _dictionary.Add(text);
                }
            }
        }

        _longest = _dictionary.Count == 0 ? 0 : _dictionary.Max(w => w.EnumerateRunes().Count());
    }

    /// <summary>The CJK words the segmenter knows (the CJK runs of the keywords).</summary>
    public IReadOnlyCollection<string> Dictionary => _dictionary;

    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (var (run, isCjk) in Runs(text))
        {
            if (isCjk)
            {
                Segment(run, tokens);
            }
            else
            {
                tokens.Add(run.ToLowerInvariant());
            }
        }

        return tokens;
    }

    /// <summary>True for a rune in the CJK Unified Ideographs blocks (basic, extension A, compatibility, extensions B–G).</summary>
    public static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        return (v >= 0x4E00 && v <= 0x9FFF)
            || (v >= 0x3400 && v <= 0x4DBF)
            || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x3134F);
    }

    private void Segment(string run, List<string> tokens)
    {
        var runes = run.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var i = 0;
        while (i < runes.Length)
        {
            var taken = 1;
            for (var length = Math.Min(_longest, runes.Length - i); length > 1; length--)
            {
                if (_dictionary.Contains(string.Concat(runes.AsSpan(i, length))))
                {
                    taken = length;
                    break;
                }
            }

            tokens.Add(string.Concat(runes.AsSpan(i, taken)));
            i += taken;
        }
    }

    /// <summary>Maximal runs of word characters: (text, true) for CJK ideographs, (text, false) for other letters and digits.</summary>
    private static IEnumerable<(string Text, bool IsCjk)> Runs(string text)
    {
        var current = new StringBuilder();
        bool? currentCjk = null;
        foreach (var rune in text.EnumerateRunes())
        {
            bool? kind = IsCjk(rune) ? true : Rune.IsLetterOrDigit(rune) || IsCombiningMark(rune) ? false : null;
            if (kind != currentCjk && current.Length > 0)
            {
                if (currentCjk is not null)
                {
                    yield return (current.ToString(), currentCjk.Value);
                }

                current.Clear();
            }

            currentCjk = kind;
            if (kind is not null)
            {
                current.Append(rune.ToString());
            }
        }

        if (current.Length > 0 && currentCjk is not null)
        {
            yield return (current.ToString(), currentCjk.Value);
        }
    }

    // Accents written as combining marks stay inside their word (e.g. a decomposed "é").
    private static bool IsCombiningMark(Rune rune)
        => Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}
