using System.Collections.Generic;
using System.Text;

using Microsoft.CodeAnalysis.CSharp;

namespace ModelDsl.Generators
{
    /// <summary>Turns CSV header names into C# handle names.</summary>
    internal static class Naming
    {
        /// <summary>PascalCase: split at every character that is not a letter or digit, capitalise each part's first letter, keep the rest (<c>ln_gdp</c>, <c>ln gdp</c> → <c>LnGdp</c>; <c>lnGDP</c> → <c>LnGDP</c>).</summary>
        public static string ToPascalCase(string name)
        {
            var builder = new StringBuilder(name.Length);
            var startOfPart = true;
            foreach (var c in name)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    startOfPart = true;
                    continue;
                }

                builder.Append(startOfPart ? char.ToUpperInvariant(c) : c);
                startOfPart = false;
            }

            if (builder.Length > 0 && char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        /// <summary>True when <paramref name="name"/> can be written as it is in C#.</summary>
        public static bool IsValidIdentifier(string name) =>
            SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        /// <summary>The first of <c>name</c>, <c>name2</c>, <c>name3</c>… not in <paramref name="taken"/>.</summary>
        public static string MakeUnique(string name, ISet<string> taken)
        {
            if (!taken.Contains(name))
            {
                return name;
            }

            for (var suffix = 2; ; suffix++)
            {
                var candidate = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!taken.Contains(candidate))
                {
                    return candidate;
                }
            }
        }
    }
}
