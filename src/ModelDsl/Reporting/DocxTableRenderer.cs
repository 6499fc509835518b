using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

using WordCell = DocumentFormat.OpenXml.Wordprocessing.TableCell;
using WordRow = DocumentFormat.OpenXml.Wordprocessing.TableRow;

namespace ModelDsl.Reporting;

/// <summary>
/// A Word (.docx) document holding one journal-style table: the caption above, a three-line table (a heavy top rule, a
/// light rule under the header, a heavy bottom rule, light rules between blocks, no vertical lines), column groups
/// spanning their columns with a light rule under them, stars as superscripts, numbers aligned on the decimal point,
/// and the notes below in a smaller font, all in Times New Roman on an A4 portrait page.
/// </summary>
/// <remarks>
/// <para>The layout is fixed (column widths set here, not by Word's autofit), because a decimal tab stop needs a
/// known column width: a number in a <see cref="ColumnAlignment.Decimal"/> column starts with a tab to a decimal tab
/// stop placed so that the column's widest integer and fractional parts sit centred in the cell; words and integers
/// in such a column are centred, as in the text renderer. Widths are estimated from character counts at
/// Times New Roman 10 pt (figures are half an em wide), the row-label column taking up to 40% of the text width; a
/// narrow table is widened towards the text width (each data column to at most 1.5 inch), a wide one shrunk to fit.</para>
/// <para>The output is deterministic: relationship ids are fixed, the package properties carry no dates and the zip
/// entries get a fixed timestamp, so the same table gives the same bytes.</para>
/// </remarks>
internal static class DocxTableRenderer
{
    /// <summary>A4 width minus two one-inch margins, in twentieths of a point (twips).</summary>
    private const int TextWidth = 11906 - (2 * 1440);

    private const int CellMargin = 85;

    /// <summary>Estimated width of a figure at 10 pt (half an em).</summary>
    private const int FigureWidth = 100;

    /// <summary>Estimated average width of a character of a label at 10 pt.</summary>
    private const int LetterWidth = 95;

    /// <summary>The narrowest data column (0.7 inch).</summary>
    private const int NarrowColumn = 1000;

    /// <summary>The widest a data column is made when the table is widened towards the text width (1.5 inch).</summary>
    private const int WideColumn = 2160;

    private const string FontName = "Times New Roman";

    /// <summary>Font sizes in half-points: 10 pt for the caption and the table, 8 pt for the notes.</summary>
    private const string TableSize = "20";

    private const string NoteSize = "16";

    private const uint HeavyRule = 12;

    private const uint LightRule = 4;

    /// <summary>The zip entries' timestamp (the earliest a zip can store), so that the bytes do not depend on the clock.</summary>
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Render(ReportTable table)
    {
        using var package = new MemoryStream();
        using (var document = WordprocessingDocument.Create(package, WordprocessingDocumentType.Document))
        {
            var main = document.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var styles = main.AddNewPart<StyleDefinitionsPart>("rId1");
            styles.Styles = BuildStyles();
            main.Document = new Document(BuildBody(table));
            var core = document.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2");
            using var stream = core.GetStream(FileMode.Create);
            CoreProperties(table).Save(stream);
        }

        return Normalise(package.ToArray());
    }

    private static Body BuildBody(ReportTable table)
    {
        var body = new Body();
        if (table.Title is not null)
        {
            body.Append(new Paragraph(
                new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { After = "120" }),
                TextRun(table.Title, bold: true)));
        }

        body.Append(BuildTable(table));
        foreach (var note in table.Notes)
        {
            body.Append(new Paragraph(
                new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0" }),
                TextRun(note, size: NoteSize)));
        }

        if (table.Notes.Length == 0)
        {
            body.Append(new Paragraph());
        }

        body.Append(new SectionProperties(
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin { Top = 1440, Bottom = 1440, Left = 1440, Right = 1440, Header = 708, Footer = 708, Gutter = 0 }));
        return body;
    }

    private static Table BuildTable(ReportTable table)
    {
        var blocks = DecimalBlocks(table);
        var widths = ColumnWidths(table, blocks);
        var decimalTabs = DecimalTabs(blocks, widths);
        var result = new Table(
            new TableProperties(
                new TableWidth { Width = widths.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableJustification { Val = TableRowAlignmentValues.Center },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Nil },
                    new LeftBorder { Val = BorderValues.Nil },
                    new BottomBorder { Val = BorderValues.Nil },
                    new RightBorder { Val = BorderValues.Nil },
                    new InsideHorizontalBorder { Val = BorderValues.Nil },
                    new InsideVerticalBorder { Val = BorderValues.Nil }),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TableCellLeftMargin { Width = CellMargin, Type = TableWidthValues.Dxa },
                    new TableCellRightMargin { Width = CellMargin, Type = TableWidthValues.Dxa }),
                new TableLook { Val = "0000" }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));

        var rows = table.HeaderRows.Select(r => (Row: r, Header: true)).Concat(table.BodyRows.Select(r => (Row: r, Header: false))).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, header) = rows[i];
            var headerIndex = header ? i : -1;
            var rules = new Rules(
                Top: i == 0 ? HeavyRule : !header && row.RuleAbove && i != table.HeaderRows.Length ? LightRule : 0,
                Bottom: i == rows.Count - 1 ? HeavyRule : header && headerIndex == table.HeaderRows.Length - 1 ? LightRule : 0);
            result.Append(BuildRow(table, row, header, rules, widths, decimalTabs));
        }

        return result;
    }

    private readonly record struct Rules(uint Top, uint Bottom);

    private static WordRow BuildRow(ReportTable table, TableRow row, bool header, Rules rules, int[] widths, int?[] decimalTabs)
    {
        var properties = new TableRowProperties(new CantSplit());
        if (header)
        {
            properties.Append(new TableHeader());
        }

        var result = new WordRow(properties);
        var column = 0;
        foreach (var cell in row.Cells)
        {
            var section = row.Kind == TableRowKind.Section && cell.ColumnSpan == table.ColumnCount;
            var cellProperties = new TableCellProperties(new TableCellWidth
            {
                Width = widths.Skip(column).Take(cell.ColumnSpan).Sum().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Type = TableWidthUnitValues.Dxa,
            });
            if (cell.ColumnSpan > 1)
            {
                cellProperties.Append(new GridSpan { Val = cell.ColumnSpan });
            }

            // A spanning column group in the header gets a light rule under it (LaTeX's \cmidrule).
            var bottom = rules.Bottom > 0 ? rules.Bottom : header && cell.ColumnSpan > 1 && cell.Text.Length > 0 && !section ? LightRule : 0;
            if (rules.Top > 0 || bottom > 0)
            {
                var borders = new TableCellBorders();
                if (rules.Top > 0)
                {
                    borders.Append(new TopBorder { Val = BorderValues.Single, Size = rules.Top, Space = 0, Color = "000000" });
                }

                if (bottom > 0)
                {
                    borders.Append(new BottomBorder { Val = BorderValues.Single, Size = bottom, Space = 0, Color = "000000" });
                }

                cellProperties.Append(borders);
            }

            cellProperties.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Bottom });
            var paragraphProperties = new ParagraphProperties();
            var text = Escape(cell.Text);
            var tab = !header && cell.ColumnSpan == 1 && table.Alignments[column] == ColumnAlignment.Decimal
                && decimalTabs[column] is not null && TextTableRenderer.DecimalPoint(text) >= 0;
            if (tab)
            {
                paragraphProperties.Append(new Tabs(new TabStop { Val = TabStopValues.Decimal, Position = decimalTabs[column]!.Value }));
            }

            paragraphProperties.Append(new SpacingBetweenLines { Before = "0", After = "0" });
            var alignment = section ? ColumnAlignment.Left
                : cell.ColumnSpan > 1 || (header && column > 0) ? ColumnAlignment.Center
                : table.Alignments[column];
            paragraphProperties.Append(new Justification
            {
                Val = tab ? JustificationValues.Left : alignment switch
                {
                    ColumnAlignment.Left => JustificationValues.Left,
                    ColumnAlignment.Right => JustificationValues.Right,
                    _ => JustificationValues.Center,
                },
            });

            var paragraph = new Paragraph(paragraphProperties);
            if (tab)
            {
                paragraph.Append(new Run(BuildRunProperties(size: TableSize), new TabChar()));
            }

            if (text.Length > 0)
            {
                paragraph.Append(TextRun(cell.Text, italic: section));
            }

            if (cell.Stars.Length > 0)
            {
                paragraph.Append(TextRun(cell.Stars, superscript: true));
            }

            result.Append(new WordCell(cellProperties, paragraph));
            column += cell.ColumnSpan;
        }

        return result;
    }

    /// <summary>
    /// Column widths in twips: the labels' column as wide as its longest label (within 20–40% of the text width), the
    /// others as wide as their widest cell or their decimal block; then widened towards the text width (a data column at
    /// most <see cref="WideColumn"/>, as journals set tables across the text) or shrunk to fit it.
    /// </summary>
    private static int[] ColumnWidths(ReportTable table, (int Left, int Right)?[] blocks)
    {
        var rows = table.HeaderRows.Concat(table.BodyRows).ToList();
        var widths = new int[table.ColumnCount];
        for (var column = 0; column < widths.Length; column++)
        {
            var cells = rows.Select(r => CellAt(r, column)).OfType<TableCell>().Where(c => c.ColumnSpan == 1).ToList();
            var widest = cells.Count == 0 ? 0 : cells.Max(c => EstimatedWidth(c));
            var block = blocks[column] is { } b ? b.Left + b.Right : 0;
            widths[column] = column == 0
                ? Math.Clamp(widest + (2 * CellMargin), TextWidth / 5, TextWidth * 2 / 5)
                : Math.Max(Math.Max(widest, block) + (2 * CellMargin) + (2 * FigureWidth), NarrowColumn);
        }

        // A spanning cell wider than its columns widens them evenly.
        foreach (var row in rows)
        {
            var column = 0;
            foreach (var cell in row.Cells)
            {
                var available = widths.Skip(column).Take(cell.ColumnSpan).Sum();
                var needed = EstimatedWidth(cell) + (2 * CellMargin);
                if (cell.ColumnSpan > 1 && needed > available && row.Kind != TableRowKind.Section)
                {
                    for (var k = column; k < column + cell.ColumnSpan; k++)
                    {
                        widths[k] += ((needed - available) / cell.ColumnSpan) + 1;
                    }
                }

                column += cell.ColumnSpan;
            }
        }

        var total = widths.Sum();
        if (total > TextWidth)
        {
            for (var column = 0; column < widths.Length; column++)
            {
                widths[column] = (int)((long)widths[column] * TextWidth / total);
            }
        }
        else if (widths.Length > 1)
        {
            var extra = (TextWidth - total) / (widths.Length - 1);
            for (var column = 1; column < widths.Length; column++)
            {
                widths[column] = Math.Max(widths[column], Math.Min(widths[column] + extra, WideColumn));
            }
        }

        return widths;
    }

    /// <summary>
    /// The decimal block of each decimal column: the widest integer part and the widest fractional part (with stars and
    /// closing brackets) of the column's numbers in the body, in twips; <see langword="null"/> for other columns.
    /// </summary>
    private static (int Left, int Right)?[] DecimalBlocks(ReportTable table)
    {
        var blocks = new (int Left, int Right)?[table.ColumnCount];
        for (var column = 1; column < table.ColumnCount; column++)
        {
            if (table.Alignments[column] != ColumnAlignment.Decimal)
            {
                continue;
            }

            var numbers = table.BodyRows.Select(r => CellAt(r, column)).OfType<TableCell>()
                .Where(c => c.ColumnSpan == 1 && TextTableRenderer.DecimalPoint(Escape(c.Text)) >= 0)
                .Select(c => (Text: Escape(c.Text), c.Stars)).ToList();
            if (numbers.Count > 0)
            {
                blocks[column] = (
                    numbers.Max(n => TextTableRenderer.DecimalPoint(n.Text)) * FigureWidth,
                    numbers.Max(n => ((n.Text.Length - TextTableRenderer.DecimalPoint(n.Text)) * FigureWidth) + StarsWidth(n.Stars)));
            }
        }

        return blocks;
    }

    /// <summary>Where each decimal column's tab stop goes (from the cell's left text edge): its decimal block centred in the cell.</summary>
    private static int?[] DecimalTabs((int Left, int Right)?[] blocks, int[] widths)
    {
        var tabs = new int?[blocks.Length];
        for (var column = 0; column < blocks.Length; column++)
        {
            if (blocks[column] is { } block)
            {
                var content = widths[column] - (2 * CellMargin);
                tabs[column] = Math.Clamp(((content - block.Left - block.Right) / 2) + block.Left, 0, content);
            }
        }

        return tabs;
    }

    private static TableCell? CellAt(TableRow row, int column)
    {
        var start = 0;
        foreach (var cell in row.Cells)
        {
            if (start == column)
            {
                return cell;
            }

            start += cell.ColumnSpan;
            if (start > column)
            {
                return null;
            }
        }

        return null;
    }

    private static int EstimatedWidth(TableCell cell) => (Escape(cell.Text).Length * LetterWidth) + StarsWidth(cell.Stars);

    /// <summary>Stars are set as superscripts, about two thirds of a figure wide.</summary>
    private static int StarsWidth(string stars) => stars.Length * FigureWidth * 2 / 3;

    private static Run TextRun(string text, bool bold = false, bool italic = false, bool superscript = false, string size = TableSize)
        => new(BuildRunProperties(bold, italic, superscript, size), new Text(Escape(text)) { Space = SpaceProcessingModeValues.Preserve });

    private static RunProperties BuildRunProperties(bool bold = false, bool italic = false, bool superscript = false, string size = TableSize)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        properties.Append(new FontSize { Val = size });
        if (superscript)
        {
            properties.Append(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript });
        }

        return properties;
    }

    private static Styles BuildStyles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = FontName, HighAnsi = FontName, ComplexScript = FontName, EastAsia = FontName },
                new FontSize { Val = TableSize },
                new FontSizeComplexScript { Val = TableSize },
                new Languages { Val = "en-US" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });

    /// <summary>
    /// The one escaping point of Word output: every title, cell, star and note from data passes here before it becomes
    /// the text of a <c>w:t</c> element (the XML writer escapes <c>&lt;</c> and <c>&amp;</c> itself, so they stay text).
    /// </summary>
    /// <remarks>
    /// XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return, U+FFFE, U+FFFF and
    /// unpaired surrogates; a document holding one is rejected by Word. Those are dropped, and so are the C1 controls
    /// and DEL, which have no glyph. Line breaks and tabs become spaces, because a cell is one line (as in the other
    /// formats). Everything else, including emoji (surrogate pairs) and right-to-left text and its marks, is kept as
    /// it is.
    /// </remarks>
    internal static string Escape(string text)
    {
        var builder = (StringBuilder?)null;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            var pair = char.IsHighSurrogate(character) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var replacement = character switch
            {
                '\r' or '\n' or '\t' => " ",
                _ when pair => null,
                _ when char.IsControl(character) || char.IsSurrogate(character) || character is '\uFFFE' or '\uFFFF' => string.Empty,
                _ => null,
            };
            if (replacement is null && builder is null)
            {
                i += pair ? 1 : 0;
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length);
            if (replacement is not null)
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(character);
                if (pair)
                {
                    builder.Append(text[++i]);
                }
            }
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// The package's core properties (docProps/core.xml): the title and "ModelDsl" as creator, and no dates, so that the
    /// bytes do not depend on the clock. Written here rather than through <c>PackageProperties</c>, which stores them
    /// in a part with a random name.
    /// </summary>
    private static XDocument CoreProperties(ReportTable table)
    {
        XNamespace cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        var root = new XElement(cp + "coreProperties", new XAttribute(XNamespace.Xmlns + "cp", cp), new XAttribute(XNamespace.Xmlns + "dc", dc));
        if (table.Title is not null)
        {
            root.Add(new XElement(dc + "title", Escape(table.Title)));
        }

        root.Add(new XElement(dc + "creator", "ModelDsl"));
        return new XDocument(new XDeclaration("1.0", "UTF-8", "yes"), root);
    }

    /// <summary>Rewrites the zip with every entry in the same order and content but a fixed timestamp.</summary>
    private static byte[] Normalise(byte[] package)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
