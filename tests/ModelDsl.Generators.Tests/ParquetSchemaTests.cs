using System.Globalization;
using System.Text;

using CsCheck;

using DuckDB.NET.Data;

using Microsoft.CodeAnalysis;

using ModelDsl.Data;
using ModelDsl.Generators.Models;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Typed Parquet schemas: the build step's footer reader (src/ModelDsl/build/ModelDsl.ParquetSchema.cs) on files written
/// by the runtime's writer and by DuckDB, its kinds against the runtime reader's, the generator over a schema sidecar
/// (golden file, diagnostics MDSL0024–0026, caching), and malformed footers and sidecars that never throw.
/// </summary>
public sealed class ParquetSchemaTests : IDisposable
{
    private const string FirmsSource = """
        using ModelDsl;

        System.Console.WriteLine(Firms.Regress(Firms.Inv).On(Firms.Value, Firms.Capital).Fe(Firms.Firm, Firms.Year).Cluster(Firms.Firm));

        [Panel("data/firms.parquet", Unit = "firm", Time = "year")]
        partial class Firms;
        """;

    // What the build step writes for a file of firm (STRING), year (INT64, listed categorical by ModelDsl's writer),
    // inv, value, capital (DOUBLE), a DuckDB DATE and a tab in a name (escaped).
    private const string FirmsSidecar =
        "modeldsl-parquet-schema\t1\n" +
        "source\t/project/data/firms.parquet\n" +
        "rows\t200\n" +
        "column\tfirm\tBYTE_ARRAY\tSTRING\tUTF8\trequired\t0\n" +
        "column\tyear\tINT64\tINTEGER\tINT_64\trequired\t0\n" +
        "column\tinv\tDOUBLE\t-\t-\toptional\t0\n" +
        "column\tvalue\tDOUBLE\t-\t-\toptional\t0\n" +
        "column\tcapital\tDOUBLE\t-\t-\toptional\t0\n" +
        "column\tsurvey\\tdate\tINT32\tDATE\tDATE\toptional\t0\n" +
        "categorical\tfirm\n" +
        "categorical\tyear\n";

    private const string SidecarPath = "/project/obj/Debug/net10.0/modeldsl/firms.123456.parquet.schema";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modeldsl-parquet-schema-" + Guid.NewGuid().ToString("N"));

    public ParquetSchemaTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void FooterOfTheRuntimeWriterGivesNamesTypesRowsAndCategoricalColumns()
    {
        var path = Path.Combine(_folder, "firms.parquet");
        new PanelData(
            [
                CategoricalColumn.FromLabels("firm", ["a", "a", "b", "b", "c"]),
                CategoricalColumn.FromNumbers("year", [2001, 2002, 2001, 2002, 2001]),
                new NumericColumn("inv", [1.5, double.NaN, 2, 3, 4]),
                CategoricalColumn.FromLabels("name with\ttab", ["x", null, "y", "y", "x"]),
            ],
            "firm",
            "year").WriteParquet(path);

        var info = ModelDslParquetFooter.ReadFile(path);

        Assert.Null(info.Problem);
        Assert.Equal(5, info.Rows);
        Assert.Equal(["firm", "year", "inv", "name with\ttab"], info.Columns.Select(c => c.Name));
        Assert.Equal(["BYTE_ARRAY", "INT64", "DOUBLE", "BYTE_ARRAY"], info.Columns.Select(c => c.Physical));
        Assert.Equal("UTF8", info.Columns[0].Converted);
        Assert.Equal(["required", "required", "optional", "optional"], info.Columns.Select(c => c.Repetition));
        Assert.Equal(["firm", "year", "name with\ttab"], info.Categorical);

        // Through the sidecar the generator sees the kinds the runtime reads.
        var schema = ParquetSchemaReader.Read(SidecarPath, Microsoft.CodeAnalysis.Text.SourceText.From(ModelDslParquetFooter.SidecarText(path, info)), CancellationToken.None)!;
        Assert.Null(schema.Problem);
        Assert.Equal(path, schema.Path);
        var data = PanelData.ReadParquet(path);
        Assert.Equal(data.Columns.Select(c => (c.Name, c.Kind == ColumnKind.Categorical)), schema.Columns.Select(c => (c.Name, c.HoldsText)));
    }

    [Fact]
    public void KindsOfEveryDuckDbTypeAgreeWithTheRuntimeReader()
    {
        // DuckDB as an independent writer: every type the runtime takes, and the ones it refuses.
        var path = Path.Combine(_folder, "types.parquet");
        const string query =
            "SELECT i::INTEGER AS i32, i::BIGINT AS i64, i::SMALLINT AS i16, i::TINYINT AS i8, i::UTINYINT AS u8, i::UBIGINT AS u64, " +
            "(i * 1.5)::DOUBLE AS d, (i * 0.5)::FLOAT AS f, (i * 1.25)::DECIMAL(4,2) AS dec4, (i * 1.25)::DECIMAL(10,2) AS dec10, (i * 1.25)::DECIMAL(38,4) AS dec38, " +
            "'r' || i::VARCHAR AS s, DATE '2020-01-01' + i::INTEGER AS dt, TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) HOUR AS ts, " +
            "TIMESTAMPTZ '2020-01-01 10:00:00+00' AS tstz, i % 2 = 0 AS b, " +
            "[i, i] AS list, {'a': i} AS struct, MAP {'k': i} AS map, 'x'::BLOB AS blob, TIME '10:00:00' AS clock, " +
            "INTERVAL (i) DAY AS span, uuid() AS id, '{\"a\":1}'::JSON AS json FROM range(4) t(i)";
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSTALL json; LOAD json;";
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DuckDBException)
            {
                // The JSON extension ships with DuckDB.NET's native library on most platforms; without it the column is text.
            }

            command.CommandText = $"COPY ({query}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var info = ModelDslParquetFooter.ReadFile(path);
        Assert.Null(info.Problem);
        var sidecar = ParquetSchemaReader.Read(SidecarPath, Microsoft.CodeAnalysis.Text.SourceText.From(ModelDslParquetFooter.SidecarText(path, info)), CancellationToken.None)!;
        Assert.Equal(info.Columns.Count, sidecar.Columns.Count);
        var refused = new List<string>();
        foreach (var column in sidecar.Columns)
        {
            string runtime;
            try
            {
                var data = PanelData.ReadParquet(path, options: new ParquetReadOptions().WithColumns(column.Name));
                runtime = data.Columns.Single().Kind == ColumnKind.Categorical ? "categorical" : "numeric";
            }
            catch (DataFormatException)
            {
                runtime = "refused";
            }

            var compiled = column.Unsupported is not null ? "refused" : column.HoldsText ? "categorical" : "numeric";
            Assert.True(runtime == compiled, $"column '{column.Name}': the runtime reader says {runtime}, the generator {compiled} ({column.Unsupported})");
            if (column.Unsupported is not null)
            {
                refused.Add(column.Name);
            }
        }

        // The refused ones are refused for a reason the message names.
        Assert.Equal(["list", "struct", "map", "blob", "clock", "span", "id"], refused.Where(r => r != "json"));
        var messages = sidecar.Columns.Where(c => c.Unsupported is not null).ToDictionary(c => c.Name, c => c.Unsupported);
        Assert.Equal("a nested list", messages["list"]);
        Assert.Equal("a nested struct", messages["struct"]);
        Assert.Equal("a nested map", messages["map"]);
        Assert.Equal("binary (BYTE_ARRAY)", messages["blob"]);
        Assert.StartsWith("a time of day (INT64, TIME)", messages["clock"], StringComparison.Ordinal);
        Assert.Equal("a UUID (FIXED_LEN_BYTE_ARRAY, UUID)", messages["id"]);
    }

    [Fact]
    public void NotParquetTruncatedAndEncryptedFilesAreProblemsNotExceptions()
    {
        var text = Path.Combine(_folder, "notes.parquet");
        File.WriteAllText(text, "city,year\nA,2010\n");
        Assert.Equal("it is not a Parquet file (a Parquet file starts and ends with the bytes 'PAR1')", ModelDslParquetFooter.ReadFile(text).Problem);

        var tiny = Path.Combine(_folder, "tiny.parquet");
        File.WriteAllBytes(tiny, Encoding.ASCII.GetBytes("PAR1PAR1"));
        Assert.Equal("it is 8 bytes long, too short for a Parquet file (which starts and ends with 'PAR1')", ModelDslParquetFooter.ReadFile(tiny).Problem);

        var real = Path.Combine(_folder, "real.parquet");
        new PanelData([new NumericColumn("x", [1, 2, 3])]).WriteParquet(real);
        var bytes = File.ReadAllBytes(real);
        var cut = bytes[..(bytes.Length / 2)].Concat(bytes[^8..]).ToArray();
        var truncated = Path.Combine(_folder, "truncated.parquet");
        File.WriteAllBytes(truncated, cut);
        Assert.StartsWith("its footer", ModelDslParquetFooter.ReadFile(truncated).Problem, StringComparison.Ordinal);

        var encrypted = (byte[])bytes.Clone();
        encrypted[^1] = (byte)'E';
        var encryptedPath = Path.Combine(_folder, "encrypted.parquet");
        File.WriteAllBytes(encryptedPath, encrypted);
        Assert.Equal("its footer is encrypted (Parquet modular encryption), which ModelDsl does not read", ModelDslParquetFooter.ReadFile(encryptedPath).Problem);

        Assert.StartsWith("the file could not be opened", ModelDslParquetFooter.ReadFile(Path.Combine(_folder, "missing.parquet")).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomFootersNeverThrow()
    {
        var path = Path.Combine(_folder, "seed.parquet");
        new PanelData([CategoricalColumn.FromLabels("s", ["a", "b"]), new NumericColumn("x", [1, 2])]).WriteParquet(path);
        var bytes = File.ReadAllBytes(path);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes[(bytes.Length - 8 - footerLength)..^8];
        Assert.Null(ModelDslParquetFooter.ReadFooter(footer).Problem);

        // The real footer with bytes changed, cut short, or random bytes: a result (maybe a problem), never an exception.
        Gen.Select(Gen.Int[0, footer.Length - 1], Gen.Byte, Gen.Int[0, footer.Length]).Sample((position, value, length) =>
        {
            var changed = (byte[])footer.Clone();
            changed[position] = value;
            ModelDslParquetFooter.ReadFooter(changed[..Math.Max(length, 1)]);
            ModelDslParquetFooter.ReadFooter(changed);
        });
        Gen.Byte.Array[1, 300].Sample(random => { ModelDslParquetFooter.ReadFooter(random); });
    }

    [Fact]
    public void SidecarEscapingRoundTripsEveryName()
    {
        Gen.String.Sample(name =>
        {
            var escaped = ModelDslParquetFooter.Escape(name);
            Assert.DoesNotContain('\n', escaped);
            Assert.DoesNotContain('\t', escaped);
            Assert.Equal(name, ParquetSchemaReader.Unescape(escaped));
        });
        Assert.Null(ParquetSchemaReader.Unescape("bad\\x"));
        Assert.Null(ParquetSchemaReader.Unescape("end\\"));
        Assert.Null(ParquetSchemaReader.Unescape("short\\u12"));
    }

    [Fact]
    public void RandomSidecarsNeverThrow()
    {
        Gen.String.Sample(text =>
        {
            ParquetSchemaReader.Read(SidecarPath, Microsoft.CodeAnalysis.Text.SourceText.From("modeldsl-parquet-schema\t1\n" + text), CancellationToken.None);
            ParquetSchemaReader.Read(SidecarPath, Microsoft.CodeAnalysis.Text.SourceText.From(FirmsSidecar + text), CancellationToken.None);
        });
    }

    [Fact]
    public void GoldenPanelFromParquetSidecar()
    {
        var run = GeneratorHarness.Run(FirmsSource, (SidecarPath, FirmsSidecar));
        Assert.Equal(["MDSL0004"], run.Diagnostics.Select(d => d.Id));
        var (hintName, text) = Assert.Single(run.Sources);
        var actual = $"// hint: {hintName}\n{text}";
        var golden = Path.Combine(GeneratorHarness.GoldenDirectory(), "FirmsParquetPanel.verified.cs");
        if (Environment.GetEnvironmentVariable("MODELDSL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), actual);
        Assert.Empty(GeneratorHarness.BuildDiagnostics(run.Output).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void NoSidecarIsMdsl0024AtThePath()
    {
        var run = GeneratorHarness.Run(FirmsSource, ("/project/obj/modeldsl/other.1.parquet.schema", FirmsSidecar.Replace("data/firms.parquet", "data/other.parquet", StringComparison.Ordinal)));
        GeneratorHarness.AssertOnly(run, FirmsSource, "MDSL0024", "\"data/firms.parquet\"",
            "'data/firms.parquet' named by [Panel] on 'Firms' has no compile-time schema: the ModelDsl package reads each Parquet file of the project folder before compiling and gives its columns to the generator, and none was found for this path; check the path and that the file is in the project folder (or add <ModelDslParquet Include=\"data/firms.parquet\" />), and reference the ModelDsl package (its build step does the reading)");
    }

    [Fact]
    public void UnsupportedColumnsAreMdsl0025EachNamingItsType()
    {
        var sidecar = FirmsSidecar +
            "column\ttags\tgroup\tLIST\tLIST\toptional\t1\n" +
            "column\tclock\tINT64\tTIME\tTIME_MICROS\toptional\t0\n" +
            "column\tscores\tDOUBLE\t-\t-\trepeated\t0\n";
        var run = GeneratorHarness.Run(FirmsSource, (SidecarPath, sidecar));
        Assert.Equal(["MDSL0025", "MDSL0025", "MDSL0025"], run.Diagnostics.Select(d => d.Id));
        Assert.Equal(
            [
                "Column 'tags' (column 7) of 'data/firms.parquet' is a nested list, which cannot be a column of a typed schema: ModelDsl reads integers, floating-point numbers, decimals, booleans, strings, dates and timestamps; write the file without this column, or convert it where the file is made (in DuckDB, for example, CAST(column AS VARCHAR))",
                "Column 'clock' (column 8) of 'data/firms.parquet' is a time of day (INT64, TIME), which cannot be a column of a typed schema: ModelDsl reads integers, floating-point numbers, decimals, booleans, strings, dates and timestamps; write the file without this column, or convert it where the file is made (in DuckDB, for example, CAST(column AS VARCHAR))",
                "Column 'scores' (column 9) of 'data/firms.parquet' is a repeated column (a list) (DOUBLE), which cannot be a column of a typed schema: ModelDsl reads integers, floating-point numbers, decimals, booleans, strings, dates and timestamps; write the file without this column, or convert it where the file is made (in DuckDB, for example, CAST(column AS VARCHAR))",
            ],
            run.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
        Assert.All(run.Diagnostics, d => Assert.Equal(GeneratorHarness.SpanOf(FirmsSource, "\"data/firms.parquet\""), d.Location.GetLineSpan().Span));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void AFooterProblemIsMdsl0026()
    {
        var sidecar = "modeldsl-parquet-schema\t1\nsource\t/project/data/firms.parquet\nproblem\tit is not a Parquet file (a Parquet file starts and ends with the bytes 'PAR1')\n";
        var run = GeneratorHarness.Run(FirmsSource, (SidecarPath, sidecar));
        GeneratorHarness.AssertOnly(run, FirmsSource, "MDSL0026", "\"data/firms.parquet\"",
            "'data/firms.parquet' cannot be read at compile time: it is not a Parquet file (a Parquet file starts and ends with the bytes 'PAR1')");
    }

    [Fact]
    public void AMalformedSidecarIsMdsl0026NamingTheLine()
    {
        var sidecar = FirmsSidecar + "column\tbroken\\q\tDOUBLE\t-\t-\toptional\t0\n";
        var run = GeneratorHarness.Run(FirmsSource, (SidecarPath, sidecar));
        GeneratorHarness.AssertOnly(run, FirmsSource, "MDSL0026", "\"data/firms.parquet\"",
            $"'data/firms.parquet' cannot be read at compile time: its schema sidecar '{SidecarPath}' has a malformed line 12; rebuild to rewrite it");
    }

    [Fact]
    public void AFileThatIsNotASidecarIsIgnored()
    {
        Assert.Null(ParquetSchemaReader.Read("/project/notes.parquet.schema", Microsoft.CodeAnalysis.Text.SourceText.From("my own notes\n"), CancellationToken.None));
        var run = GeneratorHarness.Run(FirmsSource, ("/project/data/firms.parquet.schema", "my own notes\n"));
        Assert.Equal("MDSL0024", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void ARowCountChangeLeavesTheOutputCachedAndANewColumnModifiesIt()
    {
        var compilation = GeneratorHarness.CreateCompilation(FirmsSource);
        var sidecar = GeneratorHarness.Csv(SidecarPath, FirmsSidecar);
        var driver = GeneratorHarness.CreateDriver([sidecar]).RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);

        // More rows (a rewritten file with the same columns): the sidecar's text changes, its schema does not.
        var moreRows = GeneratorHarness.Csv(SidecarPath, FirmsSidecar.Replace("rows\t200", "rows\t4000", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(sidecar, moreRows).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TrackingNames.ParquetSchemas].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // A new column: the model and the source change.
        var wider = GeneratorHarness.Csv(SidecarPath, FirmsSidecar + "column\tpatents\tINT32\t-\t-\toptional\t0\n");
        driver = driver.ReplaceAdditionalText(moreRows, wider).RunGenerators(compilation);
        result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("NumericVariable<Firms> Patents {", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);

        // The Parquet steps hold plain values only.
        foreach (var output in result.TrackedSteps[TrackingNames.ParquetSchemas].SelectMany(s => s.Outputs))
        {
            Assert.True(output.Value is null or CsvSchema, $"a ParquetSchemas output is a {output.Value?.GetType().Name}");
        }
    }
}
