using System;
using System.Globalization;
using System.Text;

using Microsoft.CodeAnalysis.CSharp;

namespace ModelDsl.Generators
{
    /// <summary>
    /// The one way a string from outside the generator (a CSV header cell, an attribute argument, a symbol name)
    /// reaches generated source: as an identifier, as text inside a <c>///</c> comment, or as a string literal.
    /// </summary>
    /// <remarks>
    /// A header cell is user data, so it must never end a comment or a literal early. C# ends a single-line
    /// comment at CR, LF, U+0085, U+2028 or U+2029 (C# spec §6.3.2, "new-line"); a string literal cannot hold any of
    /// them raw; an unpaired surrogate cannot even be written to the generated file. Every such character is therefore
    /// written as an escape (<c>\u2028</c>): in a literal the compiler turns the escape back into the character, in a
    /// comment it stays visible text (escapes are not processed in comments, §6.4.2).
    /// </remarks>
    internal static class CSharpText
    {
        /// <summary>
        /// A name taken from source (a namespace part, a type, a record property), written so that it parses back
        /// to the same name: a keyword gets the verbatim <c>@</c> (<c>namespace @event</c>, <c>partial class @class</c>).
        /// </summary>
        /// <exception cref="ArgumentException">The name is not an identifier at all (the caller reports a diagnostic before emitting).</exception>
        public static string Identifier(string name)
        {
            if (!IsIdentifier(name))
            {
                throw new ArgumentException($"'{Literal(name)}' is not a C# identifier.", nameof(name));
            }

            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
                ? "@" + name
                : name;
        }

        /// <summary>True when <paramref name="name"/> (without any <c>@</c>) is an identifier, possibly a keyword that needs <c>@</c>.</summary>
        public static bool IsIdentifier(string name) => name.Length > 0 && SyntaxFacts.IsValidIdentifier(name);

        /// <summary>A dotted namespace name whose parts come from <c>INamespaceSymbol.Name</c>, each written by <see cref="Identifier"/>.</summary>
        public static string QualifiedName(string dottedName)
        {
            var parts = dottedName.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = Identifier(parts[i]);
            }

            return string.Join(".", parts);
        }

        /// <summary>A regular string literal with its quotes that reads back as exactly <paramref name="value"/> (or <c>null</c>).</summary>
        public static string Literal(string? value)
        {
            if (value is null)
            {
                return "null";
            }

            var builder = new StringBuilder(value.Length + 2);
            builder.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    default:
                        i = AppendOther(builder, value, i);
                        break;
                }
            }

            builder.Append('"');
            return builder.ToString();
        }

        /// <summary>
        /// Appends the character at <paramref name="i"/> that neither a literal nor doc text treats specially: a surrogate
        /// pair as it is, a character that must not stand in source (<see cref="MustEscape"/>) as <c>\uXXXX</c> text, the rest
        /// as it is. Returns the index of the last character used.
        /// </summary>
        private static int AppendOther(StringBuilder builder, string value, int i)
        {
            var c = value[i];
            if (IsSurrogatePairAt(value, i))
            {
                builder.Append(c).Append(value[i + 1]);
                return i + 1;
            }

            if (MustEscape(c))
            {
                AppendEscape(builder, c);
            }
            else
            {
                builder.Append(c);
            }

            return i;
        }

        /// <summary>
        /// Text for inside a <c>///</c> XML documentation comment: markup characters as entities, every line break and other
        /// control or unpaired surrogate as visible <c>\uXXXX</c> text, and <c>*/</c> broken up, so that it stays one line of one comment.
        /// </summary>
        public static string DocText(string value)
        {
            var builder = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '&':
                        builder.Append("&amp;");
                        break;
                    case '<':
                        builder.Append("&lt;");
                        break;
                    case '>':
                        builder.Append("&gt;");
                        break;
                    case '"':
                        builder.Append("&quot;");
                        break;
                    case '\'':
                        builder.Append("&apos;");
                        break;
                    case '/' when i > 0 && value[i - 1] == '*':
                        builder.Append("&#47;");
                        break;
                    default:
                        i = AppendOther(builder, value, i);
                        break;
                }
            }

            return builder.ToString();
        }

        /// <summary>
        /// Text for a diagnostic message argument: line breaks, controls and unpaired surrogates as visible <c>\uXXXX</c>, so that a
        /// header cell cannot start a new line in the build log (where it could pass for another error or a file path).
        /// </summary>
        public static string MessageText(string value)
        {
            var builder = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (IsSurrogatePairAt(value, i))
                {
                    builder.Append(value[i]).Append(value[++i]);
                }
                else if (MustEscape(value[i]))
                {
                    AppendEscape(builder, value[i]);
                }
                else
                {
                    builder.Append(value[i]);
                }
            }

            return builder.ToString();
        }

        /// <summary>A character that may not appear raw: line breaks (C# new-line characters), other controls, format characters, unpaired surrogates, unassigned and private-use code points.</summary>
        private static bool MustEscape(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.PrivateUse:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsSurrogatePairAt(string value, int index) =>
            char.IsHighSurrogate(value[index]) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]);

        private static void AppendEscape(StringBuilder builder, char c) =>
            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
    }
}
