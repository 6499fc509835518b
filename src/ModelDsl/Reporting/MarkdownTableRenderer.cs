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

    /// <summary>
    /// The one escaping point of Markdown output: every title, cell and note from data (variable names, labels) passes
    /// here, so that it renders as the same text and cannot add markup, links, HTML or table columns.
    /// </summary>
    /// <remarks>
    /// Backslash-escapes the ASCII punctuation that GitHub-flavoured Markdown reads inline: <c>\ | * _ ` [ ] ~ $</c>
    /// (<c>|</c> would end the table cell, <c>~</c> strikes through, <c>$</c> starts math on GitHub). <c>&amp;</c> becomes
    /// <c>&amp;amp;</c> (it would start an entity such as <c>&amp;lt;</c>), <c>&lt;</c> becomes <c>&amp;lt;</c> where it
    /// could open raw HTML or an autolink (before a letter, <c>/</c>, <c>!</c> or <c>?</c>) and a leading <c>&gt;</c>
    /// becomes <c>&amp;gt;</c> (a block quote). Line breaks become spaces, other control characters U+FFFD, since a pipe
    /// table row is one line.
    /// </remarks>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            switch (character)
            {
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '~' or '$':
                    builder.Append('\\').Append(character);
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<' when i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?'):
                    builder.Append("&lt;");
                    break;
                case '>' when i == 0:
                    builder.Append("&gt;");
                    break;
                case '\r' or '\n' or '\t':
                    builder.Append(' ');
                    break;
                case var control when char.IsControl(control):
                    builder.Append('\uFFFD');
                    break;
                default:
                    builder.Append(character);
                    break;
            }
        }

        return builder.ToString();
    }
}
