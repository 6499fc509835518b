using System.Text;

namespace ModelDsl.Reporting;

/// <summary>
/// GitHub-flavoured Markdown pipe table. Pipe tables have one header row, so stacked header rows are joined
/// per column with a space ("(1) Inno"); a spanning group header names its first column only. Stars are
/// escaped so that they are not read as emphasis.
/// </summary>
internal static class MarkdownTableRenderer
{
    public static string Render(ReportTable table)
    {
        var builder = new StringBuilder();
        if (table.Title is not null)
        {
            builder.Append("**").Append(Escape(table.Title)).Append("**\n\n");
        }

        var header = new string[table.ColumnCount];
        for (var column = 0; column < header.Length; column++)
        {
            header[column] = string.Empty;
        }

        foreach (var row in table.HeaderRows)
        {
            var cells = Expand(row);
            for (var column = 0; column < cells.Length; column++)
            {
                if (cells[column].Length > 0)
                {
                    header[column] = header[column].Length == 0 ? cells[column] : header[column] + " " + cells[column];
                }
            }
        }

        AppendRow(builder, header);
        builder.Append('|');
        foreach (var alignment in table.Alignments)
        {
            builder.Append(alignment switch
            {
                ColumnAlignment.Left => ":---",
                ColumnAlignment.Right => "---:",
                _ => ":---:",
            }).Append('|');
        }

        builder.Append('\n');
        foreach (var row in table.BodyRows)
        {
            var cells = Expand(row);
            if (row.Kind == TableRowKind.Section && cells.Length > 0 && cells[0].Length > 0)
            {
                cells[0] = "*" + cells[0] + "*";
            }

            AppendRow(builder, cells);
        }

        if (table.Notes.Length > 0)
        {
            builder.Append('\n');
            foreach (var note in table.Notes)
            {
                builder.Append(Escape(note)).Append("  \n");
            }
        }

        return builder.ToString();
    }

    private static string[] Expand(TableRow row)
    {
        var cells = new List<string>();
        foreach (var cell in row.Cells)
        {
            cells.Add(Escape(cell.Text) + Escape(cell.Stars));
            for (var k = 1; k < cell.ColumnSpan; k++)
            {
                cells.Add(string.Empty);
            }
        }

        return [.. cells];
    }

    private static void AppendRow(StringBuilder builder, IEnumerable<string> cells)
    {
        builder.Append('|');
        foreach (var cell in cells)
        {
            builder.Append(' ').Append(cell).Append(" |");
        }

        builder.Append('\n');
    }

    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            switch (character)
            {
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']':
                    builder.Append('\\').Append(character);
                    break;
                case '<' when i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?'):
                    builder.Append("&lt;");
                    break;
                case '>' when i == 0:
                    builder.Append("&gt;");
                    break;
                case '\r' or '\n':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(character);
                    break;
            }
        }

        return builder.ToString();
    }
}
