using System.Text;

namespace ModelDsl.Reporting;

/// <summary>
/// One self-contained <c>&lt;table&gt;</c> with inline styles that mimic booktabs (heavy top and bottom rules, light
/// middle rules), a caption, escaped text, stars as superscripts and notes in the footer.
/// </summary>
internal static class HtmlTableRenderer
{
    private const string HeavyRule = "border-top:2px solid #000";
    private const string LightRule = "border-top:1px solid #000";

    public static string Render(ReportTable table)
    {
        var builder = new StringBuilder();
        builder.Append("<table style=\"border-collapse:collapse;font-family:'Times New Roman',serif;font-size:11pt\">\n");
        if (table.Title is not null)
        {
            builder.Append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding-bottom:4px\">").Append(Escape(table.Title)).Append("</caption>\n");
        }

        builder.Append("<thead>\n");
        for (var i = 0; i < table.HeaderRows.Length; i++)
        {
            AppendRow(builder, table, table.HeaderRows[i], "th", i == 0 ? HeavyRule : null);
        }

        builder.Append("</thead>\n<tbody>\n");
        for (var i = 0; i < table.BodyRows.Length; i++)
        {
            var row = table.BodyRows[i];
            AppendRow(builder, table, row, "td", i == 0 || row.RuleAbove ? LightRule : null);
        }

        builder.Append("</tbody>\n");
        builder.Append("<tfoot>\n<tr><td colspan=\"").Append(table.ColumnCount).Append("\" style=\"").Append(HeavyRule).Append(";padding:4px 6px 0 0;font-size:9pt;text-align:left\">");
        builder.Append(string.Join("<br />", table.Notes.Select(Escape)));
        builder.Append("</td></tr>\n</tfoot>\n</table>\n");
        return builder.ToString();
    }

    private static void AppendRow(StringBuilder builder, ReportTable table, TableRow row, string tag, string? rule)
    {
        builder.Append("<tr>");
        var column = 0;
        foreach (var cell in row.Cells)
        {
            var alignment = cell.ColumnSpan > 1 ? ColumnAlignment.Center : table.Alignments[column];
            if (row.Kind == TableRowKind.Section && cell.ColumnSpan == table.ColumnCount)
            {
                alignment = ColumnAlignment.Left;
            }

            var style = new StringBuilder("padding:1px 8px;");
            style.Append("text-align:").Append(alignment switch
            {
                ColumnAlignment.Left => "left",
                ColumnAlignment.Right => "right",
                _ => "center",
            });
            if (rule is not null)
            {
                style.Append(';').Append(rule);
            }

            if (tag == "th")
            {
                style.Append(";font-weight:normal");
            }

            if (row.Kind == TableRowKind.Section)
            {
                style.Append(";font-style:italic");
            }

            builder.Append('<').Append(tag);
            if (tag == "th")
            {
                builder.Append(" scope=\"col\"");
            }

            if (cell.ColumnSpan > 1)
            {
                builder.Append(" colspan=\"").Append(cell.ColumnSpan).Append('"');
            }

            builder.Append(" style=\"").Append(style).Append("\">").Append(Escape(cell.Text));
            if (cell.Stars.Length > 0)
            {
                builder.Append("<sup>").Append(Escape(cell.Stars)).Append("</sup>");
            }

            builder.Append("</").Append(tag).Append('>');
            column += cell.ColumnSpan;
        }

        builder.Append("</tr>\n");
    }

    internal static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
