using System.Globalization;
using System.Text;

using CsCheck;

using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

/// <summary>
/// Issue 19 item 0: the parallel UTF-8 path of the CSV reader gives exactly what the sequential reader gives: the
/// same columns, numbers bit for bit, category codes in order of first appearance, source lines and notes, or the
/// same error with the same message. Chunks are made tiny here so that chunk ends fall everywhere (inside quoted
/// fields, between CR and LF, on empty lines).
/// </summary>
public sealed class CsvParallelReaderTests : IDisposable
{
    private const int Seconds = 3;

    private static readonly int[] ChunkSizes = [1, 3, 7, 64, 1 << 22];

    private static readonly string[] Cells =
    [
        "", " ", "NA", " NA ", "na", "N/A", "#N/A", "null", ".", "NaN", "1", " 2003", "2003.0", "2.003e3", "-0", "0", "+5", ".5", "5.", "1e", "1e+",
        "1e400", "1e-400", "Infinity", "9007199254740993", "0.1", "-2.5E-3", "12345678901234567890", "0x10", "1,5", "\"1.5\"",
        "\"quoted, with separator\"", "\"two\nlines\"", "\"cr\r\nlf\"", "\"doubled \"\" quote\"", "\"\"", "a\"b", "\"open", "\"x\"y",
        "北京", "上海", "\u00A0x\u3000", "\t", "\0", "x;y", "\r", "\n", "A", "B", "a b", "-99", "12345678", "123456789", "a\0", "\0a",
    ];

    private static readonly string[] LineEnds = ["\n", "\r\n", "\r"];

    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-parallel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheFastNumberPathGivesTheGeneralParsersDoubleBitForBit()
    {
        var digits = Gen.Char["0123456789"];
        var text = Gen.Frequency(
            (4, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (2, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("E16", CultureInfo.InvariantCulture))),
            (2, Gen.Select(digits.Array[1, 20], digits.Array[0, 20], Gen.Int[-25, 25], Gen.Bool, (i, f, e, neg) =>
                (neg ? "-" : string.Empty) + new string(i) + (f.Length > 0 ? "." + new string(f) : string.Empty) + (e != 0 ? "e" + e.ToString(CultureInfo.InvariantCulture) : string.Empty))),
            (2, Gen.Char["0123456789.-+eE"].Array[0, 24].Select(a => new string(a))),
            (1, Gen.ULong.Select(u => u.ToString(CultureInfo.InvariantCulture) + "e-" + (u % 20).ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Long[1L << 53, 1L << 55].Select(m => m.ToString(CultureInfo.InvariantCulture))));
        text.Sample(
            s =>
            {
                var bytes = Encoding.UTF8.GetBytes(s);
                var consumed = Utf8Number.TryParsePrefix(bytes, out var fast);
                if (consumed == bytes.Length && consumed > 0)
                {
                    Assert.True(CsvUtf8.TryParseNumber(bytes, out var general), $"'{s}' read by the fast path but not a number");
                    Assert.True(BitConverter.DoubleToInt64Bits(general) == BitConverter.DoubleToInt64Bits(fast), $"'{s}': {fast:R} instead of {general:R}");
                }
            },
            iter: 1_000_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void TheDivisionByPowersOfTenAgreesWithUInt128()
    {
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[1, 19]).Sample(
            (high, low, n) =>
            {
                var divisor = (ulong)System.Numerics.BigInteger.Pow(10, n);

                // Also the largest dividends, where the quotient's estimate needs its corrections most.
                high = low % 4 == 0 ? divisor - 1 : high % divisor;
                var expected = UInt128.DivRem(new UInt128(high, low), divisor);
                var quotient = Utf8Number.DividePowerOfTen(high, low, n, out var remainder);
                Assert.Equal(expected.Quotient, quotient);
                Assert.Equal(expected.Remainder, remainder);
            },
            iter: 200_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void TheLabelTableCodesByteStringsInOrderOfFirstAppearance()
    {
        // Short labels (one to eight bytes) are interned as one word, longer ones by their bytes: both must give each
        // distinct byte string one code, NUL bytes and lengths around eight included.
        var label = Gen.Frequency(
            (3, Gen.Byte[0, 3].Array[0, 10]),
            (2, Gen.Byte.Array[0, 17]),
            (1, Gen.Int[0, 99].Select(i => Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)))));
        label.Array[1, 200].Sample(
            labels =>
            {
                var table = new Utf8LabelTable();
                var expected = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var bytes in labels)
                {
                    var text = Convert.ToHexString(bytes);
                    var code = bytes.Length is > 0 and <= 8 && bytes.Length % 2 == 0
                        ? table.GetOrAddShort(bytes, Utf8LabelTable.ShortKey(bytes))
                        : table.GetOrAdd(bytes);
                    Assert.Equal(expected.TryAdd(text, expected.Count) ? expected.Count - 1 : expected[text], code);
                    Assert.Equal(text, Convert.ToHexString(table[code]));
                }

                Assert.Equal(expected.Count, table.Count);
            },
            iter: 5_000,
            time: Seconds,
            threads: 1);
    }

    [Fact]
    public void LevelsFromUnsortedCodesAreSortedByValueThenByText()
    {
        // Equal values in several spellings ("1", "1.0", "01", "-0", "0"), so the ordinal tie-break decides.
        var spellings = new[] { "1", "1.0", "01", "-0", "0", "0.0", "2.5e0", "2.50", "-3", "10", "9", "1e1" };
        Gen.Shuffle(spellings).Sample(
            labels =>
            {
                var codes = Enumerable.Range(0, labels.Length).Reverse().ToArray();
                var column = CategoricalColumn.FromUnsortedCodes("x", codes, labels);
                var expected = labels.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray();
                Assert.Equal(expected, column.Levels);
                for (var i = 0; i < labels.Length; i++)
                {
                    Assert.Equal(labels[labels.Length - 1 - i], column.Levels[column.Codes[i]]);
                }
            },
            iter: 2_000,
            threads: 1);

        // Labels already in increasing order of value skip the sort; equal values in two spellings do not.
        Assert.Equal(["-3", "0", "1", "2.5", "10"], CategoricalColumn.FromUnsortedCodes("x", [4, 0, 1, 2, 3], ["-3", "0", "1", "2.5", "10"]).Levels);
        Assert.Equal(["-0", "0", "1", "1.0"], CategoricalColumn.FromUnsortedCodes("x", [0, 1, 2, 3], ["0", "-0", "1.0", "1"]).Levels);
    }

    [Theory]
    [InlineData("9007199254740993", 9007199254740992.0)]
    [InlineData("9007199254740995", 9007199254740996.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("-0.30000000000000004", -0.30000000000000004)]
    [InlineData("1.7976931348623157e3", 1797.6931348623157)]
    [InlineData("123456789012345678e-19", 0.0123456789012345678)]
    [InlineData("9223372036854775807", 9223372036854775808.0)]
    public void TheFastNumberPathRoundsToNearestEven(string text, double expected)
    {
        Assert.Equal(text.Length, Utf8Number.TryParsePrefix(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("5.")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1e400")]
    [InlineData("12345678901234567890")]
    [InlineData("1e-23")]
    [InlineData("1.5x")]
    public void TheFastNumberPathLeavesOtherSpellingsToTheGeneralParser(string text)
        => Assert.NotEqual(text.Length, Utf8Number.TryParsePrefix(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TheFixturesReferenceDataAndCorpusReadTheSameInParallel()
    {
        var folders = new[] { "fixtures", "reference", "fuzz-corpus" }.Select(f => Path.Combine(AppContext.BaseDirectory, f));
        var files = folders.SelectMany(f => Directory.GetFiles(f, "*.csv", SearchOption.AllDirectories)).ToList();
        var repository = FindRepositoryData();
        if (repository is not null)
        {
            files.AddRange(Directory.GetFiles(repository, "*.csv"));
        }

        Assert.True(files.Count > 60, $"only {files.Count} files");
        var parallel = 0;
        foreach (var file in files)
        {
            foreach (var chunk in new[] { 5, 1 << 22 })
            {
                parallel += Compare(file, new CsvReadOptions(), new ColumnKinds(), chunk) ? 1 : 0;
            }

            parallel += Compare(file, new CsvReadOptions().ReadBadNumericAsMissing(), new ColumnKinds(), 13) ? 1 : 0;
        }

        // Most of these files are clean UTF-8: the comparison above must mostly have compared the two paths.
        Assert.True(parallel > files.Count, $"the parallel path read only {parallel} of {3 * files.Count}");
    }

    [Fact]
    public void RandomHostileCsvsReadTheSameInParallel()
    {
        var cell = Gen.Frequency(
            (6, Gen.OneOf(Cells)),
            (3, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (2, Gen.Int[0, 30].Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.String[0, 5]));
        var row = cell.Array[3, 3];
        var gen = Gen.Select(row.Array[0, 25], Gen.Int[0, LineEnds.Length - 1], Gen.Int[0, ChunkSizes.Length - 1], Gen.Int[0, 5], Gen.Bool, Gen.OneOf(',', ';', '\t'));
        var parallel = 0;
        var total = 0;
        gen.Sample(
            (rows, lineEnd, chunk, declare, emptyLines, separator) =>
            {
                var text = new StringBuilder($"u{separator}t{separator}x").Append(LineEnds[lineEnd]);
                foreach (var cells in rows)
                {
                    text.Append(string.Join(separator, cells)).Append(LineEnds[lineEnd]);
                    if (emptyLines && cells[0].Length == 0)
                    {
                        text.Append(LineEnds[(lineEnd + 1) % LineEnds.Length]);
                    }
                }

                var path = Path.Combine(_folder, "hostile.csv");
                File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
                var options = declare switch
                {
                    1 => new CsvReadOptions().Numeric("x"),
                    2 => new CsvReadOptions().Numeric("x").ReadBadNumericAsMissing(),
                    3 => new CsvReadOptions().Categorical("x").WithMissingTokens("", "-", "0"),

                    // Empty cells not missing, and a missing token that is a number.
                    5 => new CsvReadOptions().Categorical("t").WithMissingTokens("NA", "-99"),
                    _ => new CsvReadOptions(),
                };
                options.Separator = separator;
                var kinds = declare == 4 ? new ColumnKinds().Categorical("u", "t") : new ColumnKinds();
                total++;
                parallel += Compare(path, options, kinds, ChunkSizes[chunk]) ? 1 : 0;
            },
            iter: 1_000_000,
            time: Seconds,
            threads: 1);
        Assert.True(parallel > total / 10, $"the parallel path read {parallel} of {total} random files");
    }

    [Fact]
    public void QuotedLineBreaksEmptyLinesAndLabelOrderAreKeptAcrossChunks()
    {
        var text = new StringBuilder("id,\"na\nme\",value\r\n");
        var random = new Random(5);
        for (var i = 0; i < 400; i++)
        {
            var name = (i % 7) switch
            {
                0 => "\"multi\r\nline \"\"q\"\"\"",
                1 => " spaced ",
                2 => "NA",
                3 => "\"a,b\"",
                _ => "n" + random.Next(50).ToString(CultureInfo.InvariantCulture),
            };
            text.Append(random.Next(100).ToString(CultureInfo.InvariantCulture)).Append(',').Append(name).Append(',')
                .Append((random.NextDouble() * 1e3).ToString("R", CultureInfo.InvariantCulture)).Append(i % 11 == 0 ? "\n\n" : "\r\n");
        }

        var path = Path.Combine(_folder, "quoted.csv");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
        foreach (var chunk in new[] { 1, 2, 5, 17, 100, 1 << 22 })
        {
            Assert.True(Compare(path, new CsvReadOptions(), new ColumnKinds().Categorical("id"), chunk), $"chunk {chunk} declined");
        }

        var table = CsvTableSource.FromFile(path).Read(new ColumnKinds());
        Assert.Equal(["id", "na\nme", "value"], table.Columns.Select(c => c.Name));
        Assert.Equal(3, table.Lines![0]);
    }

    [Fact]
    public void TextAfterNumbersInALaterChunkMakesTheColumnCategoricalAsInOnePass()
    {
        var text = new StringBuilder("x,y\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append(i == 150 ? "text" : i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(i < 100 ? "NA" : i == 120 ? "label" : "7").Append('\n');
        }

        var path = Path.Combine(_folder, "mixed.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(Compare(path, new CsvReadOptions(), new ColumnKinds(), 50));
        var table = CsvTableSource.FromFile(path).Read(new ColumnKinds());
        Assert.All(table.Columns, c => Assert.Equal(ColumnKind.Categorical, c.Kind));
    }

    [Fact]
    public void AFileReadIntoMemoryInPiecesIsItsBytesAndAShorterFileIsAnError()
    {
        // 20 MB + 3 bytes: three 8 MB pieces, the last one short, read on every core into one buffer.
        var path = Path.Combine(_folder, "pieces.bin");
        var bytes = new byte[(20 << 20) + 3];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var target = new byte[bytes.Length + 100];
        var pinned = System.Runtime.InteropServices.GCHandle.Alloc(target, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                Utf8FileInMemory.ReadAll(stream, pinned.AddrOfPinnedObject(), bytes.Length);
            }

            Assert.True(target.AsSpan(0, bytes.Length).SequenceEqual(bytes));

            // Asked for more than the file holds (a file cut short while it is read): the IOException itself, not an
            // AggregateException of the parallel pieces.
            using var shorter = new FileStream(path, FileMode.Open, FileAccess.Read);
            var error = Assert.Throws<IOException>(() => Utf8FileInMemory.ReadAll(shorter, pinned.AddrOfPinnedObject(), bytes.Length + 100));
            Assert.Contains("became shorter", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            pinned.Free();
        }

        // With a byte-order mark, read into memory and mapped: the same bytes after the mark.
        var marked = Path.Combine(_folder, "marked.csv");
        File.WriteAllBytes(marked, [0xEF, 0xBB, 0xBF, .. "a,b\n1,2\n"u8]);
        using var read = new Utf8FileInMemory(new FileStream(marked, FileMode.Open, FileAccess.Read), 3);
        using var mapped = new Utf8FileInMemory(new FileStream(marked, FileMode.Open, FileAccess.Read), 3, mayRead: false);
        Assert.True(read.Bytes.SequenceEqual(mapped.Bytes));
        Assert.True("a,b\n1,2\n"u8.SequenceEqual(read.Bytes));
    }

    // Reads the file with both paths (the parallel one from the file read into memory and from the file mapped) and
    // checks that they agree; true when the parallel path read it.
    private static bool Compare(string path, CsvReadOptions options, ColumnKinds kinds, int chunkBytes)
    {
        var sequential = CsvTableSource.FromFile(path, options);
        sequential.Parallel = false;
        var parallel = CsvTableSource.FromFile(path, options);
        parallel.ChunkBytes = chunkBytes;
        var mapped = CsvTableSource.FromFile(path, options);
        mapped.ChunkBytes = chunkBytes;
        mapped.ReadIntoMemory = false;
        var expected = Outcome(() => sequential.Read(kinds));
        var actual = Outcome(() => parallel.Read(kinds));
        var fromMapping = Outcome(() => mapped.Read(kinds));
        Assert.False(sequential.LastReadWasParallel);
        Assert.Equal(parallel.LastReadWasParallel, mapped.LastReadWasParallel);
        Assert.Equal(actual.Error?.Message, fromMapping.Error?.Message);
        if (actual.Table is not null)
        {
            AssertSame(actual.Table, fromMapping.Table!, $"{path}: read into memory against mapped");
        }

        var name = $"{Path.GetFileName(path)} (chunks of {chunkBytes} bytes): {Convert.ToHexString(File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(300, new FileInfo(path).Length)))}";
        if (expected.Error is not null || actual.Error is not null)
        {
            Assert.True(expected.Error is not null && actual.Error is not null, $"{name}: {expected.Error?.Message ?? "data"} vs {actual.Error?.Message ?? "data"}");
            Assert.Equal(expected.Error!.GetType(), actual.Error!.GetType());
            Assert.Equal(expected.Error.Message, actual.Error.Message);
            Assert.False(parallel.LastReadWasParallel);
            return false;
        }

        AssertSame(expected.Table!, actual.Table!, name);
        return parallel.LastReadWasParallel;
    }

    private static (SourceTable? Table, Exception? Error) Outcome(Func<SourceTable> read)
    {
        try
        {
            return (read(), null);
        }
        catch (Exception error) when (error is DataFormatException or ArgumentException or InvalidOperationException)
        {
            return (null, error);
        }
    }

    private static void AssertSame(SourceTable expected, SourceTable actual, string name)
    {
        Assert.True(expected.Columns.Select(c => c.Name).SequenceEqual(actual.Columns.Select(c => c.Name)), name);
        Assert.True(expected.Lines!.SequenceEqual(actual.Lines!), $"{name}: lines {string.Join(' ', expected.Lines!)} vs {string.Join(' ', actual.Lines!)}");
        Assert.True(expected.Notes.SequenceEqual(actual.Notes), $"{name}: notes {string.Join(" | ", expected.Notes)} vs {string.Join(" | ", actual.Notes)}");
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            switch (expected.Columns[c], actual.Columns[c])
            {
                case (NumericColumn e, NumericColumn a):
                    Assert.True(e.Values.ToArray().Select(BitConverter.DoubleToInt64Bits).SequenceEqual(a.Values.ToArray().Select(BitConverter.DoubleToInt64Bits)), $"{name}: column {e.Name}");
                    break;
                case (CategoricalColumn e, CategoricalColumn a):
                    Assert.True(e.Levels.SequenceEqual(a.Levels), $"{name}: levels of {e.Name}: {string.Join('|', e.Levels)} vs {string.Join('|', a.Levels)}");
                    Assert.True(e.Codes.SequenceEqual(a.Codes), $"{name}: codes of {e.Name}");
                    Assert.Equal(e.HasNumericLevels, a.HasNumericLevels);
                    break;
                default:
                    Assert.Fail($"{name}: column {expected.Columns[c].Name} is {expected.Columns[c].Kind} sequentially but {actual.Columns[c].Kind} in parallel");
                    break;
            }
        }
    }

    private static string? FindRepositoryData()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var data = Path.Combine(folder.FullName, "data");
            if (File.Exists(Path.Combine(data, "cities_cbec.csv")))
            {
                return data;
            }
        }

        return null;
    }
}
