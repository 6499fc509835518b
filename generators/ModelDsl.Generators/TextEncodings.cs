using System;
using System.Reflection;
using System.Text;

using Microsoft.CodeAnalysis.Text;

namespace ModelDsl.Generators
{
    /// <summary>
    /// Encodings named by <c>Encoding = "..."</c> and the compile-time re-decoding of an AdditionalFile in them.
    /// </summary>
    /// <remarks>
    /// The compiler decodes an AdditionalFile as UTF-8 (or as UTF-16/32 by byte-order mark) and, when the bytes are not
    /// valid UTF-8, with a single-byte fallback encoding; <see cref="SourceText.Encoding"/> says which. Encoding that text
    /// back with the same encoding gives the file's bytes exactly when the round trip reproduces the text, and those bytes
    /// are then decoded with the encoding the schema names. GB18030, GBK, Big5 and Shift-JIS come from
    /// <c>System.Text.CodePagesEncodingProvider</c>, which is part of the .NET runtime the compiler runs on; it is found by
    /// name so that the generator (netstandard2.0) needs no package that might fail to load in the compiler.
    /// </remarks>
    internal static class TextEncodings
    {
        private static readonly Lazy<EncodingProvider?> CodePages = new(FindCodePages);

        /// <summary>True when <paramref name="name"/> is an encoding the compiler can decode.</summary>
        public static bool IsKnown(string name) => TryGet(name, out _);

        /// <summary>The encoding called <paramref name="name"/> (web names such as <c>utf-8</c>, <c>gb18030</c>, <c>gbk</c>, case ignored).</summary>
        public static bool TryGet(string name, out Encoding encoding)
        {
            encoding = null!;
            var trimmed = name.Trim();
            if (trimmed.Length == 0)
            {
                return false;
            }

            try
            {
                encoding = Encoding.GetEncoding(trimmed);
                return true;
            }
            catch (ArgumentException)
            {
            }
            catch (NotSupportedException)
            {
            }

            try
            {
                var found = CodePages.Value?.GetEncoding(trimmed);
                if (found is not null)
                {
                    encoding = found;
                    return true;
                }
            }
            catch (ArgumentException)
            {
            }
            catch (NotSupportedException)
            {
            }

            return false;
        }

        /// <summary>True for the UTF encodings the compiler itself detects, whose decoding needs no re-reading.</summary>
        public static bool IsUnicode(Encoding encoding) =>
            encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001;

        /// <summary>
        /// The text of <paramref name="text"/> with its header decoded as <paramref name="encodingName"/> says, or null with
        /// <paramref name="problem"/> saying why that cannot be done at compile time.
        /// </summary>
        /// <remarks>
        /// Only the header needs the named encoding: the kind of a column depends on ASCII alone (numbers and missing
        /// tokens are ASCII, and a cell with any other character is text in every decoding), and none of the encodings
        /// named here uses the bytes of ',', '"', CR or LF inside a multi-byte character. The compiler (dotnet build)
        /// decodes AdditionalFiles as UTF-8 and replaces invalid bytes with U+FFFD, which loses them; a header holding
        /// U+FFFD therefore cannot be recovered.
        /// </remarks>
        public static SourceText? Decode(SourceText text, string? encodingName, out string? problem)
        {
            problem = null;
            var used = text.Encoding;
            var headerLength = HeaderLength(text);
            var header = text.ToString(new TextSpan(0, headerLength));
            var replaced = header.IndexOf('\uFFFD') >= 0;
            if (encodingName is null)
            {
                // No encoding named: UTF-8 (or UTF-16/32 by byte-order mark), as the runtime reads the file.
                if (used is not null && !IsUnicode(used))
                {
                    problem = "it is not valid UTF-8 (the compiler fell back to " + used.WebName + "); name its encoding on the attribute, for example Encoding = \"gb18030\", or save the file as UTF-8";
                    return null;
                }

                if (replaced && used is not null)
                {
                    problem = "its header is not valid UTF-8 (the compiler replaced bytes with U+FFFD); save the file as UTF-8, or name its encoding on the attribute (Encoding = \"gb18030\") and keep the header ASCII";
                    return null;
                }

                return text;
            }

            if (!TryGet(encodingName, out var named))
            {
                problem = "the encoding '" + encodingName + "' is not known to the compiler";
                return null;
            }

            if (used is null || used.CodePage == named.CodePage || (IsUnicode(used) && used.CodePage != 65001))
            {
                // Already decoded by the host (in-memory text), in the named encoding, or by a byte-order mark that wins at run time too.
                return text;
            }

            if (replaced)
            {
                problem = "the compiler reads AdditionalFiles as UTF-8 and replaced the header's " + encodingName + " bytes with U+FFFD, so its column names cannot be read at compile time; keep the header ASCII (the data rows may stay " + encodingName + ") or save the file as UTF-8";
                return null;
            }

            var bytes = used.GetBytes(header);
            if (!string.Equals(used.GetString(bytes), header, StringComparison.Ordinal))
            {
                problem = "its header's bytes cannot be recovered from the compiler's " + used.WebName + " reading, so it cannot be decoded as " + encodingName + "; keep the header ASCII or save the file as UTF-8";
                return null;
            }

            var preamble = named.GetPreamble();
            var start = preamble.Length > 0 && StartsWith(bytes, preamble) ? preamble.Length : 0;
            return SourceText.From(named.GetString(bytes, start, bytes.Length - start) + text.ToString(new TextSpan(headerLength, text.Length - headerLength)));
        }

        /// <summary>The length of the empty lines before the header and of the header record itself (quotes respected), without its line break.</summary>
        private static int HeaderLength(SourceText text)
        {
            var quoted = false;
            var content = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"')
                {
                    quoted = !quoted;
                    content = true;
                }
                else if ((c == '\n' || c == '\r') && !quoted)
                {
                    if (content)
                    {
                        return i;
                    }
                }
                else
                {
                    content = true;
                }
            }

            return text.Length;
        }

        private static bool StartsWith(byte[] bytes, byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (var i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static EncodingProvider? FindCodePages()
        {
            try
            {
                var type = Type.GetType("System.Text.CodePagesEncodingProvider, System.Text.Encoding.CodePages", throwOnError: false);
                return type?.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as EncodingProvider;
            }
            catch (Exception)
            {
                // Not on this runtime (the .NET Framework compiler): only the built-in encodings are known.
                return null;
            }
        }
    }
}
