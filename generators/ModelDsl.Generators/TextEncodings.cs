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
        /// The text of <paramref name="text"/> as the file's bytes decode in <paramref name="encodingName"/>, or null with
        /// <paramref name="problem"/> saying why it cannot be had at compile time.
        /// </summary>
        public static SourceText? Decode(SourceText text, string? encodingName, out string? problem)
        {
            problem = null;
            var used = text.Encoding;
            if (encodingName is null)
            {
                // No encoding named: UTF-8 (or UTF-16/32 by byte-order mark). A fallback decoding means invalid UTF-8.
                if (used is not null && !IsUnicode(used))
                {
                    problem = "it is not valid UTF-8 (the compiler fell back to " + used.WebName + "); name its encoding on the attribute, for example Encoding = \"gb18030\", or save the file as UTF-8";
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

            var decoded = text.ToString();
            var bytes = used.GetBytes(decoded);
            if (!string.Equals(used.GetString(bytes), decoded, StringComparison.Ordinal))
            {
                problem = "its bytes cannot be recovered from the compiler's " + used.WebName + " reading, so the header cannot be decoded as " + encodingName + "; keep the header ASCII or save the file as UTF-8";
                return null;
            }

            var preamble = named.GetPreamble();
            var start = preamble.Length > 0 && StartsWith(bytes, preamble) ? preamble.Length : 0;
            return SourceText.From(named.GetString(bytes, start, bytes.Length - start));
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
