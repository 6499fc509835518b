using System.Runtime.CompilerServices;
using System.Text;

using CsCheck;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// A bounded fuzz target for the generator's CSV header parser (issue 13 acceptance): random bytes and random text go
/// through <see cref="CsvSchemaReader"/> and the whole generator; nothing throws, the generator reports no internal
/// failure, and whatever it emits compiles. The committed corpus (<c>fuzz-corpus/*.txt</c>, hostile headers found or
/// written by hand) runs on every test run; CsCheck prints a seed for any failing random input, whose CSV text then
/// belongs in the corpus.
/// </summary>
public sealed class HeaderParserFuzzTests
{
    private const string Source = """
        using ModelDsl;

        System.Console.WriteLine(typeof(Data));

        [Dataset("data.csv")]
        partial class Data;
        """;

    private const string PanelSource = """
        using ModelDsl;

        System.Console.WriteLine(typeof(Data));

        [Panel("data.csv", Unit = "a", Time = "b", Categorical = new[] { "c" }, Encoding = "gb18030")]
        partial class Data;
        """;

    private static readonly Gen<char> CsvChar = Gen.OneOf(
        Gen.Char[',', ','],
        Gen.Char['"', '"'],
        Gen.Char["\r\n"],
        Gen.Char["abcAB_ 019.-"],
        Gen.Char["\u0085\u2028\u2029\uFEFF\u0000\t*/<>&\\{}"],
        Gen.Char['\u4E00', '\u4E20'],
        Gen.Char);

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFileNeitherThrowsNorEmitsBrokenCode(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(CorpusDirectory(), file));
        foreach (var encoding in new[] { Encoding.UTF8, Encoding.Latin1 })
        {
            CheckBytes(bytes, encoding);
        }
    }

    [Fact]
    public void CorpusIsThere() => Assert.True(CorpusFiles().Count >= 15, "the fuzz corpus is missing");

    [Fact]
    public void RandomTextNeverBreaksTheHeaderParser() =>
        Gen.String[CsvChar, 0, 120].Sample(
            text =>
            {
                var schema = CsvSchemaReader.Read("/project/data.csv", SourceText.From(text), 50, CancellationToken.None);
                Assert.Equal(schema.HasHeader, schema.Columns.Count > 0);
                CheckGenerator(Source, GeneratorHarness.Csv("data.csv", text));
            },
            time: 2,
            threads: 1,
            print: Escape);

    [Fact]
    public void RandomBytesNeverBreakTheGenerator() =>
        Gen.Byte.Array[0, 120].Sample(
            bytes =>
            {
                CheckBytes(bytes, Encoding.UTF8);
                CheckGenerator(PanelSource, new BytesText("/project/data.csv", bytes, Encoding.Latin1));
            },
            time: 2,
            threads: 1,
            print: b => Convert.ToHexString(b));

    [Fact]
    public void RandomAttributeArgumentsNeverBreakTheGenerator() =>
        Gen.Select(Gen.String[CsvChar, 0, 12], Gen.String[CsvChar, 0, 12], Gen.String[CsvChar, 1, 12], Gen.String[CsvChar, 0, 8], Gen.Bool).Sample(
            (unit, time, path, encoding, nameEncoding) =>
            {
                // The unit and time are in the header (so the schema is generated), the path is the file's own name.
                var literal = (string s) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(s, quote: true);
                var source = $$"""
                    using ModelDsl;

                    System.Console.WriteLine(typeof(Data));

                    [Panel({{literal(path)}}, Unit = {{literal(unit)}}, Time = {{literal(time)}}, Categorical = new[] { {{literal(unit)}}, null }{{(nameEncoding ? ", Encoding = " + literal(encoding) : "")}})]
                    partial class Data;
                    """;
                var csv = string.Join(",", new[] { unit, time, "x" }.Select(CodeInjectionTests.Quote)) + "\n1,2,3\n";
                CheckGenerator(source, GeneratorHarness.Csv("/project/" + path, csv));
            },
            time: 2,
            threads: 1);

    private static void CheckBytes(byte[] bytes, Encoding encoding)
    {
        var text = new BytesText("/project/data.csv", bytes, encoding);
        CsvSchemaReader.Read(text.Path, text.GetText(), "gb18030", 1000, CancellationToken.None);
        CsvSchemaReader.Read(text.Path, text.GetText(), null, 1000, CancellationToken.None);
        CheckGenerator(Source, text);
        CheckGenerator(PanelSource, text);
    }

    private static void CheckGenerator(string source, AdditionalText csv)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorHarness.CreateDriver([csv]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785" or "MDSL0900");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }

    private static string CorpusDirectory([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "fuzz-corpus");

    /// <summary>A file's bytes decoded as a host would: with <paramref name="encoding"/>, invalid bytes replaced.</summary>
    private sealed class BytesText(string path, byte[] bytes, Encoding encoding) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(bytes, bytes.Length, encoding);
    }
}
