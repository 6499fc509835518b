using System.Text;

namespace ModelDsl.Reporting;

/// <summary>Monospace text: '=' rules at top and bottom, '-' rules under the header and between blocks, decimal points aligned.</summary>
internal static class TextTableRenderer
{
    private const int Gap = 3;
    private const int MinimumNoteWidth = 72;

    public static string Render(ReportTable table)
    {
        table = Sanitise(table);
        var layout = Layout.Compute(table);
        var builder = new StringBuilder();
        if (table.Title is not null)
        {
            builder.Append(table.Title).Append('\n');
        }

        var rule = new string('=', layout.TotalWidth);
        builder.Append(rule).Append('\n');
        foreach (var row in table.HeaderRows)
        {
            AppendLine(builder, layout.RenderRow(row, header: true));
            var underline = layout.SpanUnderline(row);
            if (underline is not null)
            {
                AppendLine(builder, underline);
            }
        }

        builder.Append(new string('-', layout.TotalWidth)).Append('\n');
        foreach (var row in table.BodyRows)
        {
            if (row.RuleAbove)
            {
                builder.Append(new string('-', layout.TotalWidth)).Append('\n');
            }

            AppendLine(builder, layout.RenderRow(row, header: false));
        }

        builder.Append(rule).Append('\n');
        foreach (var note in table.Notes)
        {
            foreach (var line in Wrap(note, Math.Max(layout.TotalWidth, MinimumNoteWidth)))
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The one escaping point of text output: a copy of the table whose title, cells and notes are safe to print to a
    /// terminal or a log (see <see cref="Escape"/>).
    /// </summary>
    private static ReportTable Sanitise(ReportTable table)
    {
        static TableRow Row(TableRow row) => row with { Cells = [.. row.Cells.Select(c => c with { Text = Escape(c.Text), Stars = Escape(c.Stars) })] };
        return new ReportTable(
            table.Title is null ? null : Escape(table.Title),
            table.HeaderRows.Select(Row),
            table.BodyRows.Select(Row),
            table.Alignments,
            table.Notes.Select(Escape));
    }

    /// <summary>
    /// Text from data as plain text shows it: line breaks and tabs become spaces (they would break the column layout);
    /// other control characters (an ANSI escape sequence could rewrite the terminal) and the bidirectional overrides and
    /// isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a reader sees) become U+FFFD.
    /// </summary>
    internal static string Escape(string text)
    {
        if (!text.Any(c => char.IsControl(c) || IsBidiControl(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            builder.Append(character switch
            {
                '\r' or '\n' or '\t' => ' ',
                _ when char.IsControl(character) || IsBidiControl(character) => '\uFFFD',
                _ => character,
            });
        }

        return builder.ToString();

        static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
    }

    private static void AppendLine(StringBuilder builder, string line) => builder.Append(line.TrimEnd()).Append('\n');

    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Finds the decimal point of a number such as <c>0.0194***</c>, <c>(29.77)</c> or <c>[-3.04]</c>; -1 when the text is not such a number.</summary>
    internal static int DecimalPoint(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1 || !char.IsAsciiDigit(text[dot - 1]) || !char.IsAsciiDigit(text[dot + 1]))
        {
            return -1;
        }

        foreach (var character in text)
        {
            if (!(char.IsAsciiDigit(character) || character is '.' or '-' or '(' or ')' or '[' or ']' or '*' or ',' or '+' or '%'))
            {
                return -1;
            }
        }

        return dot;
    }

    private sealed class Layout
    {
        private readonly ReportTable table;
        private readonly int[] widths;
        private readonly int[] decimalLeft;
        private readonly int[] decimalRight;

        private Layout(ReportTable table, int[] widths, int[] decimalLeft, int[] decimalRight)
        {
            this.table = table;
            this.widths = widths;
            this.decimalLeft = decimalLeft;
            this.decimalRight = decimalRight;
        }

        public int TotalWidth => widths.Sum() + (Gap * (widths.Length - 1));

        public static Layout Compute(ReportTable table)
        {
            var count = table.ColumnCount;
            var widths = new int[count];
            var left = new int[count];
            var right = new int[count];
            var all = table.HeaderRows.Concat(table.BodyRows).ToList();
            foreach (var row in all)
            {
                var column = 0;
                foreach (var cell in row.Cells)
                {
                    if (cell.ColumnSpan == 1 && !IsSpanningSection(row))
                    {
                        var text = cell.PlainText;
                        var dot = table.Alignments[column] == ColumnAlignment.Decimal ? DecimalPoint(text) : -1;
                        if (dot >= 0)
                        {
                            left[column] = Math.Max(left[column], dot);
                            right[column] = Math.Max(right[column], text.Length - dot);
                        }
                        else
                        {
                            widths[column] = Math.Max(widths[column], text.Length);
                        }
                    }

                    column += cell.ColumnSpan;
                }
            }

            for (var column = 0; column < count; column++)
            {
                widths[column] = Math.Max(widths[column], left[column] + right[column]);
            }

            // Spanning cells (column groups, sections) widen the columns they cover when they do not fit.
            foreach (var row in all)
            {
                var column = 0;
                foreach (var cell in row.Cells)
                {
                    if (cell.ColumnSpan > 1 && !IsSpanningSection(row))
                    {
                        var available = Enumerable.Range(column, cell.ColumnSpan).Sum(c => widths[c]) + (Gap * (cell.ColumnSpan - 1));
                        var missing = cell.PlainText.Length - available;
                        for (var k = 0; missing > 0; k = (k + 1) % cell.ColumnSpan, missing--)
                        {
                            widths[column + k]++;
                        }
                    }

                    column += cell.ColumnSpan;
                }
            }

            return new Layout(table, widths, left, right);
        }

        /// <summary>A section row whose label spans the whole table is printed flush left and does not widen columns.</summary>
        private static bool IsSpanningSection(TableRow row) => row.Kind == TableRowKind.Section && row.Cells.Length == 1;

        public string RenderRow(TableRow row, bool header)
        {
            if (IsSpanningSection(row))
            {
                return row.Cells[0].PlainText;
            }

            return JoinCells(row, (cell, column, width) => Place(cell, column, width, header));
        }

        public string? SpanUnderline(TableRow row)
        {
            if (!row.Cells.Any(c => c.ColumnSpan > 1 && c.Text.Length > 0))
            {
                return null;
            }

            return JoinCells(row, (cell, _, width) => new string(cell.ColumnSpan > 1 && cell.Text.Length > 0 ? '-' : ' ', width));
        }

        // The row's cells side by side, each piece(cell, first column, width of its columns and gaps), Gap apart.
        private string JoinCells(TableRow row, Func<TableCell, int, int, string> piece)
        {
            var line = new StringBuilder();
            var column = 0;
            foreach (var cell in row.Cells)
            {
                if (column > 0)
                {
                    line.Append(' ', Gap);
                }

                line.Append(piece(cell, column, SpanWidth(column, cell.ColumnSpan)));
                column += cell.ColumnSpan;
            }

            return line.ToString();
        }

        // The width of `span` columns from `column`, with the gaps between them.
        private int SpanWidth(int column, int span) => Enumerable.Range(column, span).Sum(c => widths[c]) + (Gap * (span - 1));

        private string Place(TableCell cell, int column, int width, bool header)
        {
            var text = cell.PlainText;
            var alignment = cell.ColumnSpan > 1 ? ColumnAlignment.Center : table.Alignments[column];
            if (header && column > 0)
            {
                alignment = ColumnAlignment.Center;
            }

            var dot = DecimalPoint(text);
            if (alignment == ColumnAlignment.Decimal && dot >= 0)
            {
                var block = decimalLeft[column] + decimalRight[column];
                var offset = ((width - block) / 2) + (decimalLeft[column] - dot);
                return (new string(' ', offset) + text).PadRight(width);
            }

            return alignment switch
            {
                ColumnAlignment.Left => text.PadRight(width),
                ColumnAlignment.Right => text.PadLeft(width),
                _ => (new string(' ', (width - text.Length) / 2) + text).PadRight(width),
            };
        }
    }
}
