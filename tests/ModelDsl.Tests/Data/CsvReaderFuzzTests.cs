using System.Globalization;
using System.Text;

using CsCheck;

using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

/// <summary>
/// Issue 13 acceptance: a bounded fuzz of the runtime CSV reader (random bytes and random hostile CSVs, plus the
/// committed corpus under <c>fuzz-corpus/csv</c>) and round-trip properties. Reading either succeeds or throws
/// one of the documented exceptions with a message; never an index, null-reference or decoder exception.
/// </summary>
public sealed class CsvReaderFuzzTests : IDisposable
{
    private const int Seconds = 3;

    private static readonly string[] HostileCells =
    [
        "", " ", "NA", " NA ", "na", "N/A", "#N/A", "null", "NULL", ".", "NaN", "nan", "1", " 2003", "2003.0", "2.003e3", "-0",
        "1e400", "-1e400", "1e-400", "Infinity", "9007199254740993", "2147483647", "-2147483648", "1e12", "0x10", "1,5",
        "\"quoted, with separator\"", "\"two\nlines\"", "\"doubled \"\" quote\"", "a\"b", "\"open", "北京", "上海", "\u00A0x\u3000",
        "\uFEFF", "\t", "\0", "=cmd|' /C calc'!A0", "x;y", "\r",
    ];

    private static readonly byte[][] Prefixes = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0x0A]];

    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC0, 0xAF], [0xC3, 0x28], [0xE6, 0x9D], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xB1, 0xB1, 0xBE, 0xA9]];

    private static readonly string[] LineEnds = ["\n", "\r\n", "\r"];

    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RandomBytesGiveDataOrADocumentedError()
    {
        var gen = Gen.Select(Gen.Int[0, Prefixes.Length - 1], Gen.Byte.Array[0, 300], Gen.Bool);
        gen.Sample(
            (prefix, body, panel) => ReadBoth([.. Prefixes[prefix], .. body], panel),
            iter: 1_000_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void RandomHostileCsvsGiveDataOrADocumentedError()
    {
        var cell = Gen.Frequency(
            (6, Gen.OneOf(HostileCells).Select(c => Encoding.UTF8.GetBytes(c))),
            (2, Gen.Double.Select(d => Encoding.UTF8.GetBytes(d.ToString("R", CultureInfo.InvariantCulture)))),
            (1, Gen.OneOf(InvalidUtf8)),
            (1, Gen.String[0, 6].Select(s => Encoding.UTF8.GetBytes(s))));
        var row = cell.Array[1, 5];
        var gen = Gen.Select(Gen.Int[0, Prefixes.Length - 1], row.Array[0, 12], Gen.Int[0, LineEnds.Length - 1], Gen.Bool, Gen.OneOf(',', ';', '\t'));
        gen.Sample(
            (prefix, rows, lineEnd, panel, separator) =>
            {
                var text = new List<byte>(Prefixes[prefix]);
                text.AddRange(Encoding.UTF8.GetBytes($"u{separator}t{separator}x{separator}y{LineEnds[lineEnd]}"));
                foreach (var cells in rows)
                {
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (c > 0)
                        {
                            text.Add((byte)separator);
                        }

                        text.AddRange(cells[c]);
                    }

                    text.AddRange(Encoding.UTF8.GetBytes(LineEnds[(lineEnd + cells.Length) % LineEnds.Length]));
                }

                ReadBoth([.. text], panel, separator);
            },
            iter: 1_000_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void EveryCorpusFileGivesDataOrADocumentedError()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", "csv"), "*.csv");
        Assert.True(files.Length >= 30, $"The corpus has {files.Length} files.");
        foreach (var file in files)
        {
            foreach (var panel in new[] { false, true })
            {
                foreach (var options in new[] { new CsvReadOptions(), new CsvReadOptions().WithEncoding("gb18030") })
                {
                    Check(() => _ = panel ? PanelData.ReadCsv(file, "u", "t", options) : PanelData.ReadCsv(file, options: options), file);
                }
            }

            Check(() => _ = PanelData.ReadCsvHeader(file), file);
        }
    }

    [Fact]
    public void TheCorpusGivesTheExpectedOutcomes()
    {
        static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", "csv", name);

        Assert.Equal(2, Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("gb18030-cities.csv"), "u", "t")).Line);
        Assert.Equal(["上海", "北京"], PanelData.ReadCsv(Corpus("gb18030-cities.csv"), "u", "t", new CsvReadOptions().WithEncoding("gb18030")).Unit.Levels);
        Assert.Equal(["上海", "北京"], PanelData.ReadCsv(Corpus("utf16be-bom.csv"), "u", "t").Unit.Levels);
        Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("utf16le-lone-surrogate.csv")));
        Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("utf8-encoded-surrogate.csv")));
        Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("utf8-overlong-slash.csv")));
        Assert.Equal(3, Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("utf8-lone-continuation.csv"))).Line);
        Assert.Contains("beyond the range of a double", Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("huge-numbers.csv"), options: new CsvReadOptions().Numeric("y"))).Message, StringComparison.Ordinal);
        Assert.Equal(ColumnKind.Categorical, PanelData.ReadCsv(Corpus("huge-numbers.csv"))["y"].Kind);
        Assert.Equal([1e308, -1e308, 0.0], PanelData.ReadCsv(Corpus("huge-numbers.csv")).Numeric("x").Values.ToArray());
        Assert.Throws<DuplicatePanelKeyException>(() => PanelData.ReadCsv(Corpus("time-duplicate-by-value.csv"), "u", "t"));
        Assert.Throws<DuplicatePanelKeyException>(() => PanelData.ReadCsv(Corpus("units-duplicate-after-trim.csv"), "u", "t"));
        Assert.Equal(["2003", "2004"], PanelData.ReadCsv(Corpus("time-spellings.csv"), "u", "t").Time.Levels);
        Assert.Equal(5, PanelData.ReadCsv(Corpus("missing-tokens.csv"), "u", "t")["x"].MissingCount);
        Assert.Equal(["u", "t", "x"], PanelData.ReadCsvHeader(Corpus("header-bom-spaces.csv")));
        Assert.Contains("appears twice", Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Corpus("header-duplicate-after-trim.csv"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSpanConventionsAcceptExactlyWhatTheStringConventionsAccept()
    {
        var chars = Gen.Frequency(
            (4, Gen.Char["0123456789+-.eE "]),
            (1, Gen.Char["\t\r\n\v\f\u0085\u00A0\u1680\u2000\u2028\u2029\u202F\u205F\u3000\uFEFF\u200B\0xabINfinityNa,"]),
            (1, Gen.Char));
        var text = chars.Array[0, 12].Select(a => new string(a))
            .Select(s => new string(s.Where((c, i) => !char.IsSurrogate(c)).ToArray()));
        text.Sample(
            s =>
            {
                var utf8 = Encoding.UTF8.GetBytes(s);
                var trimmed = CsvUtf8.Trim(utf8);
                Assert.Equal(CsvConventions.TrimCell(s), Encoding.UTF8.GetString(trimmed));
                var byString = CsvConventions.TryParseNumber(s, out var expected);
                var bySpan = CsvUtf8.TryParseNumber(trimmed, out var actual);
                Assert.Equal(byString, bySpan);
                if (byString)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
                }
            },
            iter: 200_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void RandomTablesRoundTripThroughCsvText()
    {
        var number = Gen.Frequency(
            (8, Gen.Double.Where(double.IsFinite)),
            (2, Gen.Int.Select(i => (double)i)),
            (1, Gen.Const(double.NaN)));
        var label = Gen.Frequency(
            (4, Gen.String[0, 8]),
            (1, Gen.OneOf(HostileCells)),
            (1, Gen.OneOf(" 1", "1 ", "北京", "Zürich", "a,b", "\"q\"", "x\ny", "\u3000y")));
        var gen = Gen.Int[1, 30].SelectMany(rows => Gen.Select(number.Array[rows], label.Array[rows], Gen.String[0, 6], Gen.Int[0, LineEnds.Length - 1], Gen.Bool));
        gen.Sample(
            (numbers, labels, headerSuffix, lineEnd, viaFile) =>
            {
                labels = [.. labels.Select(l => new string(l.Where(c => !char.IsSurrogate(c)).ToArray()))];
                var numberName = "n " + headerSuffix.Replace('"', '\'');
                var labelName = "label";
                var csv = new StringBuilder();
                csv.Append(Quote(numberName)).Append(',').Append(labelName).Append(LineEnds[lineEnd]);
                for (var i = 0; i < numbers.Length; i++)
                {
                    csv.Append(double.IsNaN(numbers[i]) ? "NA" : numbers[i].ToString("R", CultureInfo.InvariantCulture))
                        .Append(',')
                        .Append(Quote(labels[i]))
                        .Append(LineEnds[lineEnd]);
                }

                var options = new CsvReadOptions().Categorical(labelName).Numeric(CsvConventions.HeaderName(numberName));
                PanelData data;
                if (viaFile)
                {
                    var path = Path.Combine(_folder, "round-trip.csv");
                    File.WriteAllText(path, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                    data = PanelData.ReadCsv(path, options: options);
                }
                else
                {
                    data = PanelData.ReadCsv(new StringReader(csv.ToString()), "round-trip.csv", options: options);
                }

                Assert.Equal([CsvConventions.HeaderName(numberName), labelName], data.ColumnNames);
                Assert.Equal(numbers.Length, data.RowCount);
                var readNumbers = data.Numeric(CsvConventions.HeaderName(numberName));
                var readLabels = data.Categorical(labelName);
                for (var i = 0; i < numbers.Length; i++)
                {
                    Assert.Equal(numbers[i], readNumbers[i]);
                    var expected = CsvConventions.IsMissing(labels[i], CsvConventions.DefaultMissingTokens) ? null : CsvConventions.TrimCell(labels[i]);
                    Assert.Equal(expected, readLabels[i]);
                }
            },
            iter: 1_000_000,
            time: Seconds,
            threads: 1);
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void ReadBoth(byte[] bytes, bool panel, char separator = ',')
    {
        var path = Path.Combine(_folder, "fuzz.csv");
        File.WriteAllBytes(path, bytes);
        var options = new CsvReadOptions { Separator = separator };
        var name = Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)));
        Check(() => _ = panel ? PanelData.ReadCsv(path, "u", "t", options) : PanelData.ReadCsv(path, options: options), name);
        Check(() => _ = PanelData.ReadCsv(new StringReader(Encoding.UTF8.GetString(bytes)), "fuzz.csv", panel ? "u" : null, panel ? "t" : null, options), name);
    }

    private static void Check(Action read, string input)
    {
        try
        {
            read();
        }
        catch (Exception error) when (IsDocumented(error))
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{error.GetType().Name} without a message for {input}");
        }
        catch (Exception error)
        {
            Assert.Fail($"{error.GetType().FullName} is not a documented error of ReadCsv, for input {input}: {error}");
        }
    }

    // DecoderFallbackException derives from ArgumentException: it must have been turned into a DataFormatException.
    private static bool IsDocumented(Exception error)
        => error is DataFormatException or DuplicatePanelKeyException
            || error.GetType() == typeof(ArgumentException)
            || error.GetType() == typeof(InvalidOperationException);
}
