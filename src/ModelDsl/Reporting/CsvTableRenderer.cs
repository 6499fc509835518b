using System.Text;

namespace ModelDsl.Reporting;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a quote or a line break (quotes doubled),
/// every record the same number of fields. The title (if any) is the first record and each note a last record,
/// in the first field; a spanning cell fills its first field and leaves the others empty.
/// </summary>
internal static class CsvTableRenderer
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

            builder.Append(Quote(fields[i]));
        }

        builder.Append("\r\n");
    }

    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
