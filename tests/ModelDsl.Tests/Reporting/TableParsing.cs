using System.Text;
using System.Text.RegularExpressions;

namespace ModelDsl.Tests.Reporting;

/// <summary>Independent readers of rendered tables, so that tests check the output a user sees rather than the model behind it.</summary>
internal static partial class TableParsing
{
    /// <summary>A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes.</summary>
    public static List<string[]> ReadCsv(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        while (i < csv.Length)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                    i++;
                    continue;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    i++;
                    break;
                case '"':
                    throw new FormatException($"A quote inside an unquoted field at offset {i}.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < csv.Length && csv[i + 1] == '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    break;
                case '\r' or '\n':
                    throw new FormatException($"A bare line break at offset {i}; RFC 4180 records end with CRLF.");
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("The CSV ends inside a quoted field.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            throw new FormatException("The last record does not end with CRLF.");
        }

        return records;
    }

    /// <summary>The CSV row whose first field is <paramref name="label"/>.</summary>
    public static string[] Row(List<string[]> records, string label) =>
        records.Single(r => r[0] == label);

    /// <summary>The row right under the row labelled <paramref name="label"/> (the statistic under a coefficient).</summary>
    public static string[] RowBelow(List<string[]> records, string label) =>
        records[records.FindIndex(r => r[0] == label) + 1];

    /// <summary>Numbers with a decimal point in a text line, with the column index of their decimal point.</summary>
    public static List<(string Token, int Dot)> DecimalTokens(string line) =>
        [.. NumberToken().Matches(line).Select(m => (m.Value, m.Index + m.Value.IndexOf('.', StringComparison.Ordinal)))];

    [GeneratedRegex(@"[\(\[]?-?\d+\.\d+[\)\]]?\**")]
    private static partial Regex NumberToken();
}
