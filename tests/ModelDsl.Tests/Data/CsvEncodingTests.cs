using System.Text;

using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

/// <summary>Issue 13, class 2 (encodings): bytes that are not valid text are an error, never replacement characters.</summary>
public sealed class CsvEncodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-encoding-").FullName;

    static CsvEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Encoding Gb18030 => Encoding.GetEncoding("gb18030");

    // Beijing in 2020 and Shanghai in 2021: read as UTF-8 with replacement, both became "\uFFFD\uFFFD..." and one unit.
    private const string TwoCities = "city,year,gdp\n北京,2020,1.5\n上海,2021,2.5\n";

    [Fact]
    public void Gb18030ReadAsUtf8IsAnErrorNamingLineColumnAndByteOffset()
    {
        var path = Write("cities.csv", Gb18030.GetBytes(TwoCities));

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(path, "city", "year"));

        Assert.Equal(2, error.Line);
        Assert.Equal("city", error.Column);
        Assert.Equal(1, error.ColumnPosition);
        Assert.Equal("city,year,gdp\n".Length, error.ByteOffset);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {"city,year,gdp\n".Length}", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithEncoding(\"gb18030\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("cities.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gb18030WithTheOptionGivesTwoDistinctUnitsWithTheirNames()
    {
        var path = Write("cities.csv", Gb18030.GetBytes(TwoCities));

        var data = PanelData.ReadCsv(path, "city", "year", new CsvReadOptions().WithEncoding("gb18030"));

        Assert.Equal(2, data.Unit.LevelCount);
        Assert.Equal(["上海", "北京"], data.Unit.Levels);
        Assert.Equal("北京", data.Unit[0]);
        Assert.Equal("上海", data.Unit[1]);
        Assert.Equal([1.5, 2.5], data.Numeric("gdp").Values.ToArray());
    }

    [Fact]
    public void GbkByNameAndByEncodingReadTheSameFile()
    {
        var path = Write("gbk.csv", Encoding.GetEncoding("gbk").GetBytes(TwoCities));

        var byName = PanelData.ReadCsv(path, "city", "year", new CsvReadOptions().WithEncoding("GBK"));
        var byEncoding = PanelData.ReadCsv(path, "city", "year", new CsvReadOptions().WithEncoding(Encoding.GetEncoding(936)));

        Assert.Equal(["上海", "北京"], byName.Unit.Levels);
        Assert.Equal(byName.Unit.Levels, byEncoding.Unit.Levels);
    }

    [Fact]
    public void AnErrorLaterInTheFileNamesItsLineAndColumnAfterQuotedLineBreaks()
    {
        // Line 4 starts after a quoted field holding a line break; the bad byte is in the third field.
        var bytes = Concat("id,year,name\n1,2020,\"two\nlines\"\n2,2020,", [0xC3, 0x28], "x\n");
        var path = Write("late.csv", bytes);

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(path));

        Assert.Equal(4, error.Line);
        Assert.Equal("name", error.Column);
        Assert.Equal(3, error.ColumnPosition);
        Assert.Equal("id,year,name\n1,2020,\"two\nlines\"\n2,2020,".Length, error.ByteOffset);
        Assert.Contains("C3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASequenceSplitAcrossReadBuffersIsCheckedWhole()
    {
        // Valid 3-byte and 4-byte characters straddle every 64 KiB boundary; then one truncated sequence at the end.
        var text = new StringBuilder("name,x\n");
        while (text.Length < 200_000)
        {
            text.Append("東京€𝄞,1\n");
        }

        var valid = Encoding.UTF8.GetBytes(text.ToString());
        var path = Write("long.csv", valid);
        Assert.Equal(text.ToString().Count(c => c == '\n') - 1, PanelData.ReadCsv(path).RowCount);

        var truncated = Write("truncated.csv", [.. valid, .. "x,"u8.ToArray(), 0xE6, 0x9D]);
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(truncated));
        Assert.Equal(valid.Length + 2, error.ByteOffset);
    }

    [Fact]
    public void Utf16WithByteOrderMarksIsReadWithoutAnOption()
    {
        foreach (var encoding in new[] { new UnicodeEncoding(bigEndian: false, byteOrderMark: true), new UnicodeEncoding(bigEndian: true, byteOrderMark: true) })
        {
            var path = Write($"utf16-{encoding.WebName}.csv", [.. encoding.GetPreamble(), .. encoding.GetBytes(TwoCities)]);

            var data = PanelData.ReadCsv(path, "city", "year");

            Assert.Equal(["city", "year", "gdp"], data.ColumnNames);
            Assert.Equal(["上海", "北京"], data.Unit.Levels);
            Assert.Equal([1.5, 2.5], data.Numeric("gdp").Values.ToArray());
        }
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsSkippedAndDecidesOverTheOption()
    {
        var path = Write("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(TwoCities)]);

        var plain = PanelData.ReadCsv(path, "city", "year");
        var optionIgnored = PanelData.ReadCsv(path, "city", "year", new CsvReadOptions().WithEncoding("gb18030"));

        Assert.Equal("city", plain.ColumnNames.First());
        Assert.Equal(["上海", "北京"], plain.Unit.Levels);
        Assert.Equal(plain.Unit.Levels, optionIgnored.Unit.Levels);
        Assert.Equal(["city", "year", "gdp"], PanelData.ReadCsvHeader(path));
    }

    [Fact]
    public void InvalidBytesAfterAUtf8ByteOrderMarkAreStillAnError()
    {
        var path = Write("bom-bad.csv", [0xEF, 0xBB, 0xBF, .. Gb18030.GetBytes(TwoCities)]);

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(path, "city", "year"));

        Assert.Equal(2, error.Line);
        Assert.Equal(3 + "city,year,gdp\n".Length, error.ByteOffset);
    }

    [Fact]
    public void InvalidBytesInTheHeaderAreAnError()
    {
        var path = Write("header.csv", Gb18030.GetBytes("城市,year\nA,2020\n"));

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsvHeader(path));

        Assert.Equal(1, error.Line);
        Assert.Equal(0, error.ByteOffset);
        Assert.Equal(1, error.ColumnPosition);
    }

    [Fact]
    public void BytesInvalidInTheNamedEncodingAreAnErrorToo()
    {
        // 0x80 is not a valid single byte in GB18030 (it is the euro sign only in code page 936).
        var path = Write("bad-gb.csv", Concat("city,year\n", [0xFF, 0x30], ",2020\n"));

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(path, options: new CsvReadOptions().WithEncoding("gb18030")));

        Assert.Equal(2, error.Line);
        Assert.Equal("city,year\n".Length, error.ByteOffset);
        Assert.Contains("gb18030", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnUnknownEncodingNameIsAClearArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new CsvReadOptions().WithEncoding("gb-18030-typo"));

        Assert.Contains("'gb-18030-typo' is not the name of a text encoding", error.Message, StringComparison.Ordinal);
        Assert.Contains("gb18030", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSchemaEncodingReachesTheReadOptions()
    {
        var schema = new DatasetSchema("Cities", "cities.csv", null, "city", "year", matchByHandle: false, [new SchemaColumn("city", ColumnKind.Categorical), new SchemaColumn("year", ColumnKind.Categorical)], encoding: "gb18030");

        var options = schema.CreateReadOptions();

        Assert.Equal(54936, options.Encoding!.CodePage);
        Assert.Null(new DatasetSchema("Cities", "cities.csv", null, null, null, false, [new SchemaColumn("city", ColumnKind.Categorical)]).CreateReadOptions().Encoding);
        Assert.Throws<ArgumentException>(() => new DatasetSchema("Cities", "c.csv", null, null, null, false, [new SchemaColumn("city", ColumnKind.Categorical)], encoding: "nonsense").CreateReadOptions());
    }

    [Fact]
    public void DatasetLoadReadsWithTheSchemaEncoding()
    {
        var path = Write("typed.csv", Gb18030.GetBytes("City,Year,gdp\n北京,2020,1.5\n上海,2021,2.5\n"));

        // A record schema (matchByHandle) also reads the header to find 'city' as 'City': with the same encoding.
        var data = Dataset<Gb18030Cities>.Load(path);

        Assert.Equal(["上海", "北京"], data.Data.Unit.Levels);
        Assert.Throws<DataFormatException>(() => Dataset<Utf8Cities>.Load(path));
    }

    private sealed class Gb18030Cities : IDatasetSchema
    {
        public static DatasetSchema Schema { get; } = new(
            "Gb18030Cities", null, null, "city", "year", matchByHandle: true, [new SchemaColumn("city", ColumnKind.Categorical), new SchemaColumn("year", ColumnKind.Categorical), new SchemaColumn("gdp", ColumnKind.Numeric)], encoding: "gb18030");
    }

    private sealed class Utf8Cities : IDatasetSchema
    {
        public static DatasetSchema Schema { get; } = new(
            "Utf8Cities", null, null, "City", "Year", matchByHandle: false, [new SchemaColumn("City", ColumnKind.Categorical), new SchemaColumn("Year", ColumnKind.Categorical), new SchemaColumn("gdp", ColumnKind.Numeric)]);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Concat(string before, byte[] bytes, string after) => [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];
}
