using System.Globalization;
using System.Text;

using CsCheck;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using ModelDsl.Data;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Issue 13 acceptance: random headers (any Unicode, hostile characters, keywords, names that collide after PascalCase)
/// and random cells (numbers, missing tokens, text with commas, quotes and line breaks, properly quoted) go through the
/// generator and the runtime reader. The generated code compiles, has one handle per column that can have one, and the
/// reader, given the generated schema's options, loads exactly the values written.
/// </summary>
public sealed class RoundTripPropertyTests
{
    private const string Source = """
        using ModelDsl;

        System.Console.WriteLine(typeof(Data));

        [Dataset("data.csv")]
        partial class Data;
        """;

    /// <summary>
    /// The missing tokens: the generator and the runtime reader both use <see cref="CsvConventions.DefaultMissingTokens"/>,
    /// so every one of them must read as missing, with or without white space around it.
    /// </summary>
    private static readonly string[] SharedMissingTokens = CsvConventions.DefaultMissingTokens;

    /// <summary>White space either reader trims around a cell or a header name (ASCII, tab, no-break and ideographic space).</summary>
    private static readonly Gen<string> Padding = Gen.OneOf(Gen.Const(""), Gen.Const(""), Gen.OneOf(" ", "  ", "\t", "\u00A0", "\u3000"));

    private static readonly string[] Keywords = ["class", "event", "Load", "Regress", "Columns", "ModelDslSchema", "Data", "ln_gdp", "lnGdp", "LnGdp", "城市", "人均GDP", "N/A", "1st", "_", "@x"];

    private static readonly Gen<char> HostileChar = Gen.OneOf(
        Gen.Char['a', 'z'],
        Gen.Char['A', 'Z'],
        Gen.Char['0', '9'],
        Gen.Char["_ ,\"\r\n\t\\{}<>&;*/'@#.-"],
        Gen.Char["\u0085\u2028\u2029\u00A0\u3000\u200B\uFEFF\u0000\u0007"],
        Gen.Char['\u4E00', '\u9FFF'],
        Gen.Char['\u0080', '\uD7FF'],
        Gen.Char['\uE000', '\uFFFD']);

    /// <summary>A header cell as it appears after the reader's trimming (no surrounding white space), never empty.</summary>
    private static readonly Gen<string> HeaderCell = Gen.OneOf(
            Gen.String[HostileChar, 1, 10],
            Gen.String[Gen.Char["abAB_ "], 1, 4],
            Gen.OneOf(Keywords),
            Gen.String[HostileChar, 1, 4].Select(s => s + "\U0001F600"))
        .Select(CsvConventions.HeaderName)
        .Where(s => s.Length > 0 && CsvConventions.HeaderName(s) == s); // a name the file can spell (" \uFEFFx" reads as "x")

    private static readonly Gen<string> NumberCell = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double[-1e12, 1e12].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf(".5", "-0", "1e-3", "2E+10", "0.000001", "-17.25"));

    private static readonly Gen<string> MissingCell = Gen.OneOf(SharedMissingTokens);

    /// <summary>Text that is a label: no surrounding white space, not a number, not a missing token.</summary>
    private static readonly Gen<string> TextCell = Gen.OneOf(
            Gen.String[HostileChar, 1, 12],
            Gen.OneOf("a,b", "say \"hi\"", "line\nbreak", "cr\r\nlf", "北京", "N/A2", "--", "=1+1", "Infinity"))
        .Select(s => s.Trim())
        .Where(s => s.Length > 0 && !CsvConventions.IsMissing(s, CsvConventions.DefaultMissingTokens) && !CsvConventions.TryParseNumber(s, out _));

    private static readonly Gen<Table> Tables =
        from columns in Gen.Int[1, 6]
        from header in HeaderCell.Array[columns]
        from textColumns in Gen.Bool.Array[columns]
        from rowCount in Gen.Int[1, 5]
        from cells in Gen.OneOf(NumberCell, MissingCell, TextCell).Array[columns * rowCount]
        from numbers in NumberCell.Array[columns * rowCount]
        from missingPattern in Gen.Int[0, 4].Array[columns * rowCount]
        from missing in MissingCell.Array[columns * rowCount]
        from quoteAll in Gen.Bool
        from crlf in Gen.Bool
        from headerPads in Padding.Array[columns * 2]
        from cellPads in Padding.Array[columns * rowCount * 2]
        select MakeTable(header, textColumns, rowCount, cells, numbers, missingPattern, missing, quoteAll, crlf, headerPads, cellPads);

    [Fact]
    public void RandomHeadersAndCellsRoundTripThroughTheGeneratorAndTheReader() =>
        Tables.Sample(CheckRoundTrip, iter: 150, threads: 1, seed: null, print: t => t.Csv.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));

    private static void CheckRoundTrip(Table table)
    {
        var run = GeneratorHarness.Run(Source, ("data.csv", table.Csv));
        var distinctNames = table.Header.Distinct(StringComparer.Ordinal).Count() == table.Header.Length;

        // The generator never fails and never reports anything but the naming diagnostics (or the duplicate-column error).
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8784" or "CS8785" or "MDSL0900");
        string[] allowed = distinctNames ? ["MDSL0004", "MDSL0005", "MDSL0013", "MDSL0021"] : ["MDSL0003", "MDSL0004", "MDSL0005", "MDSL0013", "MDSL0021"];
        Assert.All(run.Diagnostics, d => Assert.Contains(d.Id, allowed));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        if (!distinctNames)
        {
            Assert.Contains(run.Diagnostics, d => d.Id == "MDSL0003");
            Assert.Empty(run.Sources);
            Assert.ThrowsAny<Exception>(() => PanelData.ReadCsv(new StringReader(table.Csv), "data.csv"));
            return;
        }

        // One handle per column, except the columns reported as having nothing to name a handle after.
        var type = CodeInjectionTests.AssertShape(run.Sources.Single().Value, "Data", HandlesOf(run.Sources.Single().Value));
        var withoutHandle = run.Diagnostics.Count(d => d.Id == "MDSL0021");
        Assert.Equal(table.Header.Length - withoutHandle, type.Members.OfType<PropertyDeclarationSyntax>().Count(p => p.ExplicitInterfaceSpecifier is null));
        Assert.Equal(table.Header, CodeInjectionTests.SchemaColumnNames(type));

        // The schema the generated code builds, from its own literals and kinds, drives the runtime reader.
        var schema = new DatasetSchema("Data", "data.csv", null, null, null, false, SchemaColumns(type));
        for (var c = 0; c < table.Header.Length; c++)
        {
            Assert.Equal(table.IsText[c] ? ColumnKind.Categorical : ColumnKind.Numeric, schema.Columns[c].Kind);
        }

        var data = PanelData.ReadCsv(new StringReader(table.Csv), "data.csv", options: schema.CreateReadOptions());
        Assert.Equal(table.Rows.Count, data.RowCount);
        for (var c = 0; c < table.Header.Length; c++)
        {
            var column = data[table.Header[c]];
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var cell = table.Rows[r][c];
                var where = $"column {c + 1} ('{table.Header[c]}'), row {r + 1}, cell '{cell}'";
                if (CsvConventions.IsMissing(cell, SharedMissingTokens))
                {
                    Assert.True(column.IsMissing(r), $"{where} should be missing");
                }
                else if (column is NumericColumn numeric)
                {
                    Assert.True(CsvConventions.TryParseNumber(CsvConventions.TrimCell(cell), out var expected), where);
                    Assert.Equal(expected, numeric[r]);
                }
                else
                {
                    Assert.Equal(CsvConventions.TrimCell(cell), ((CategoricalColumn)column)[r]);
                }
            }
        }
    }

    private static IEnumerable<string> HandlesOf(string generated) =>
        ((CompilationUnitSyntax)CSharpSyntaxTree.ParseText(generated).GetRoot()).DescendantNodes().OfType<PropertyDeclarationSyntax>()
            .Where(p => p.ExplicitInterfaceSpecifier is null)
            .Select(p => p.Identifier.ValueText);

    private static List<SchemaColumn> SchemaColumns(TypeDeclarationSyntax type)
    {
        var names = CodeInjectionTests.SchemaColumnNames(type);
        var kinds = type.DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Where(c => c.Type.ToString().EndsWith("SchemaColumn", StringComparison.Ordinal))
            .Select(c => Enum.Parse<ColumnKind>(((MemberAccessExpressionSyntax)c.ArgumentList!.Arguments[1].Expression).Name.Identifier.ValueText))
            .ToList();
        return names.Zip(kinds, (n, k) => new SchemaColumn(n, k)).ToList();
    }

    private static Table MakeTable(string[] header, bool[] textColumns, int rowCount, string[] cells, string[] numbers, int[] missingPattern, string[] missing, bool quoteAll, bool crlf, string[] headerPads, string[] cellPads)
    {
        var rows = new List<string[]>(rowCount);
        var isText = new bool[header.Length];
        for (var r = 0; r < rowCount; r++)
        {
            var row = new string[header.Length];
            for (var c = 0; c < header.Length; c++)
            {
                var i = (r * header.Length) + c;
                row[c] = cellPads[2 * i] + (textColumns[c] ? cells[i] : missingPattern[i] == 0 ? missing[i] : numbers[i]) + cellPads[(2 * i) + 1];
                isText[c] |= !CsvConventions.IsMissing(row[c], CsvConventions.DefaultMissingTokens) && !CsvConventions.TryParseNumber(CsvConventions.TrimCell(row[c]), out _);
            }

            rows.Add(row);
        }

        var newline = crlf ? "\r\n" : "\n";
        var text = new StringBuilder();
        // The file's header cells carry white space around the names; both readers trim it (the expected names are trimmed).
        var rawHeader = header.Select((name, c) => headerPads[2 * c] + name + headerPads[(2 * c) + 1]).ToArray();
        foreach (var line in new[] { rawHeader }.Concat(rows))
        {
            text.Append(string.Join(",", line.Select(cell => quoteAll || NeedsQuotes(cell) ? CodeInjectionTests.Quote(cell) : cell))).Append(newline);
        }

        return new Table(header, rows, isText, text.ToString());
    }

    private static bool NeedsQuotes(string cell) =>
        cell.Length == 0 || cell.IndexOfAny([',', '"', '\r', '\n']) >= 0;

    /// <summary>One generated CSV: header, rows, which columns hold text, and the CSV text.</summary>
    internal sealed record Table(string[] Header, List<string[]> Rows, bool[] IsText, string Csv);
}
