// One reading of a CSV file, compiled into both the runtime (ModelDsl) and the source generator
// (ModelDsl.Generators, as a linked file) so that a study that compiles also loads: the generator decides
// column kinds and handle names from the same tokens, trimming and number syntax the runtime reader uses.
// Keep this file free of anything netstandard2.0 lacks (no spans, no newer BCL APIs) and free of I/O.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace ModelDsl.Data
{
    /// <summary>The conventions shared by the runtime CSV reader and the compile-time header reader.</summary>
    internal static class CsvConventions
    {
        /// <summary>
        /// The cell texts read as missing when no tokens are given, compared ordinally after <see cref="TrimCell"/>:
        /// empty, Stata's <c>.</c>, R's <c>NA</c>, spreadsheet and database spellings of "not available".
        /// </summary>
        public static readonly string[] DefaultMissingTokens =
        {
            "", ".", "NA", "na", "N/A", "n/a", "#N/A", "NaN", "nan", "NAN", "null", "NULL", "Null",
        };

        /// <summary>Removes leading and trailing white space (Unicode White_Space, including U+3000) from a cell or header name.</summary>
        public static string TrimCell(string cell) => cell.Trim();

        /// <summary>The column name a raw header cell stands for: a leading byte-order mark removed, then trimmed.</summary>
        public static string HeaderName(string rawCell)
        {
            var name = rawCell.Length > 0 && rawCell[0] == '\uFEFF' ? rawCell.Substring(1) : rawCell;
            return TrimCell(name);
        }

        /// <summary>True when the trimmed <paramref name="cell"/> equals one of <paramref name="tokens"/>.</summary>
        public static bool IsMissing(string cell, IReadOnlyList<string> tokens)
        {
            var trimmed = TrimCell(cell);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (string.Equals(trimmed, tokens[i], StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The number syntax of a numeric cell: the cell trimmed by <see cref="TrimCell"/>, then invariant culture,
        /// <see cref="NumberStyles.Float"/> (sign, decimal point, exponent; no thousands separators), finite
        /// (<c>1e400</c>, <c>Infinity</c> and <c>NaN</c> are not numbers).
        /// </summary>
        public static bool TryParseNumber(string cell, out double value) =>
            double.TryParse(TrimCell(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
