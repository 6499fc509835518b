using System.Text;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The compile-time header read agrees with the encoding the schema names (issue 13, class 2 "Encodings", generator
/// side). The AdditionalTexts here are built from bytes the way the compiler reads them: decoded as UTF-8 with invalid
/// bytes replaced by U+FFFD (what <c>dotnet build</c> does; checked end to end by hand with a GB18030 file), or through a
/// single-byte fallback encoding (what a host may do instead).
/// </summary>
public sealed class EncodingTests
{
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("gb18030")!;

    [Fact]
    public void AsciiHeaderWithGb18030RowsCompilesAndCarriesTheEncoding()
    {
        var source = Schema("Encoding = \"gb18030\"", "Cities.Regress(Cities.Inno).On(Cities.Lnpop)");
        var bytes = Gb18030.GetBytes("city,year,name,inno,lnpop\n北京,2010,首都,1.5,3\n上海,2010,魔都,2,NA\n");
        var run = Run(source, new BytesText("/project/cities.csv", bytes, Encoding.UTF8));
        Assert.Empty(run.Diagnostics);
        var text = run.Sources.Single().Value;
        Assert.Contains("encoding: \"gb18030\",", text, StringComparison.Ordinal);
        Assert.Contains("CategoricalVariable<Cities> Name {", text, StringComparison.Ordinal);
        Assert.Contains("NumericVariable<Cities> Lnpop {", text, StringComparison.Ordinal);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Gb18030HeaderLostToTheCompilersUtf8ReadingIsAnError()
    {
        var source = Schema("Encoding = \"gb18030\"", "0");
        var run = Run(source, new BytesText("/project/cities.csv", Gb18030.GetBytes("城市,年份,创新\n北京,2010,1.5\n"), Encoding.UTF8));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0023", diagnostic.Id);
        Assert.Equal(
            "'cities.csv' cannot be read at compile time: the compiler reads AdditionalFiles as UTF-8 and replaced the header's gb18030 bytes with U+FFFD, so its column names cannot be read at compile time; keep the header ASCII (the data rows may stay gb18030) or save the file as UTF-8",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void InvalidUtf8WithoutANamedEncodingIsAnError()
    {
        var source = Schema(null, "0");
        var run = Run(source, new BytesText("/project/cities.csv", Gb18030.GetBytes("城市,年份,创新\n北京,2010,1.5\n"), Encoding.UTF8));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0023", diagnostic.Id);
        Assert.Contains("its header is not valid UTF-8", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void FallbackDecodingIsUndoneAndTheHeaderDecodedInTheNamedEncoding()
    {
        // A host that falls back to Latin-1 keeps every byte, so the GB18030 header can be recovered exactly.
        var source = """
            using ModelDsl;

            System.Console.WriteLine(Cities.Regress(Cities.创新));

            [Panel("cities.csv", Unit = "城市", Time = "年份", Encoding = "GB18030")]
            partial class Cities;
            """;
        var run = Run(source, new BytesText("/project/cities.csv", Gb18030.GetBytes("城市,年份,创新\n北京,2010,1.5\n上海,2010,2\n"), Encoding.Latin1));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("new global::ModelDsl.SchemaColumn(\"城市\", global::ModelDsl.Data.ColumnKind.Categorical)", run.Sources.Single().Value, StringComparison.Ordinal);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void FallbackDecodingWithoutANamedEncodingIsAnError()
    {
        var run = Run(Schema(null, "0"), new BytesText("/project/cities.csv", Gb18030.GetBytes("城市,年份,创新\n北京,2010,1.5\n"), Encoding.Latin1));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0023", diagnostic.Id);
        Assert.Contains("it is not valid UTF-8 (the compiler fell back to iso-8859-1)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("gbk")]
    public void Utf8FileUnderAnEncodingThatAgreesOnAscii(string encoding)
    {
        var source = Schema($"Encoding = \"{encoding}\"", "Cities.Regress(Cities.Inno)");
        var run = Run(source, new BytesText("/project/cities.csv", Encoding.UTF8.GetBytes("city,year,inno\nA,2010,1.5\n"), Encoding.UTF8));
        Assert.Empty(run.Diagnostics);
        Assert.Contains($"encoding: \"{encoding}\",", run.Sources.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void EachSchemaReadsTheFileInItsOwnEncoding()
    {
        // The same file under two schemas: the one naming GB18030 compiles, the one assuming UTF-8 is told why not.
        const string source = """
            using ModelDsl;

            System.Console.WriteLine(Named.Regress(Named.Inno));

            [Dataset("cities.csv", Encoding = "gb18030")]
            partial class Named;

            [Dataset("cities.csv")]
            partial class Assumed;
            """;
        var bytes = Gb18030.GetBytes("city,inno\n北京,1.5\n");
        var run = Run(source, new BytesText("/project/cities.csv", bytes, Encoding.Latin1));
        Assert.Equal("MDSL0023", Assert.Single(run.Diagnostics).Id);
        Assert.Single(run.Sources);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string Schema(string? encoding, string use) => $$"""
        using ModelDsl;

        System.Console.WriteLine({{use}});

        [Panel("cities.csv", Unit = "city", Time = "year"{{(encoding is null ? "" : ", " + encoding)}})]
        partial class Cities;
        """;

    private static GeneratorRun Run(string source, AdditionalText csv)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver([csv]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, compilation, output, diagnostics);
    }

    /// <summary>A file's bytes decoded as a host would: with <paramref name="encoding"/>, invalid bytes replaced.</summary>
    private sealed class BytesText(string path, byte[] bytes, Encoding encoding) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(bytes, bytes.Length, encoding);
    }
}
