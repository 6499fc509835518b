using System.Text;
using System.Text.RegularExpressions;

namespace ModelDsl.Reporting;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a semicolon, a quote or a line break (quotes
/// doubled), every record the same number of fields. The title (if any) is the first record and each note a last
/// record, in the first field; a spanning cell fills its first field and leaves the others empty. Every field goes
/// through <see cref="Field"/>, which also neutralises spreadsheet formulas (CSV injection).
/// </summary>
internal static partial class CsvTableRenderer
{
    public static string Render(ReportTable table)
    {
        var builder = new StringBuilder();
        if (table.Title is not null)
        {
            AppendRecord(builder, Single(table.Title, table.ColumnCount));
        }

        foreach (var row in table.HeaderRows.Concat(table.BodyRows))
        {
            var fields = new List<string>();
            foreach (var cell in row.Cells)
            {
                fields.Add(cell.PlainText);
                for (var k = 1; k < cell.ColumnSpan; k++)
                {
                    fields.Add(string.Empty);
                }
            }

            AppendRecord(builder, fields);
        }

        foreach (var note in table.Notes)
        {
            AppendRecord(builder, Single(note, table.ColumnCount));
        }

        return builder.ToString();
    }

    private static string[] Single(string text, int count)
    {
        var fields = new string[count];
        Array.Fill(fields, string.Empty);
        fields[0] = text;
        return fields;
    }

    private static void AppendRecord(StringBuilder builder, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(Field(fields[i]));
        }

        builder.Append("\r\n");
    }

    /// <summary>
    /// The one escaping point of CSV output: neutralises a formula, then quotes the field as RFC 4180 requires.
    /// </summary>
    /// <remarks>
    /// <para>Spreadsheets (Excel, LibreOffice, Google Sheets) evaluate a cell that begins with <c>=</c>, <c>+</c>,
    /// <c>-</c> or <c>@</c> (or a tab or carriage return before one) as a formula, so a variable name or label such as
    /// <c>=HYPERLINK(...)</c> or <c>-2+3+cmd|' /C calc'!A0</c> runs when the file is opened (CWE-1236). As OWASP's "CSV
    /// Injection" guidance recommends, such a field gets a leading single quote, which makes it text, and is quoted.
    /// Spreadsheets in locales whose list separator is a semicolon split unquoted text at <c>;</c>, so a piece after a
    /// semicolon is guarded the same way and a field holding a semicolon is quoted.</para>
    /// <para>A number stays a number: a field (or piece) that is a plain decimal number, optionally followed by
    /// significance stars (<c>-0.0123</c>, <c>+1e-5</c>, <c>-0.0123***</c>), is left as it is; it cannot hold a
    /// function call or a cell reference, so the spreadsheet reads it as the number (or as text with the stars).</para>
    /// </remarks>
    internal static string Field(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var guarded = text.Contains(';', StringComparison.Ordinal)
            ? string.Join(';', text.Split(';').Select(Neutralise))
            : Neutralise(text);
        var quote = guarded.Length != text.Length || guarded.AsSpan().IndexOfAny(",;\"\r\n") >= 0;
        return quote ? "\"" + guarded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : guarded;
    }

    /// <summary>Prefixes a single quote when the text would start a formula and is not a plain number (see <see cref="Field"/>).</summary>
    private static string Neutralise(string text)
        => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(text) ? "'" + text : text;

    /// <summary>A decimal number with an optional sign and exponent, optionally followed by significance stars.</summary>
    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\**$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
