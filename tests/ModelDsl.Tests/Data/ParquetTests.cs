using System.Globalization;
using System.Text.Json;

using DuckDB.NET.Data;

using ModelDsl.Data;
using ModelDsl.DuckDb;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

/// <summary>
/// The Parquet source and writer: a round trip through Parquet gives the CSV's data and the R reference numbers; a
/// file written by another engine (DuckDB) with every type we take reads with the right kinds, values and notes, and
/// the same file read by DuckDB gives the same data; projection reads only what is asked; types and values we cannot
/// take are errors naming the file, column, row group and type.
/// </summary>
public sealed class ParquetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AGrunfeldRoundTripThroughParquetGivesTheCsvDataAndTheReferenceNumbers()
    {
        var fromCsv = PanelData.ReadCsv(Fixtures.Reference("grunfeld-fe-twoway", "data.csv"), "firm", "year");
        var path = Path.Combine(_folder, "grunfeld.parquet");
        fromCsv.WriteParquet(path);

        var fromParquet = PanelData.ReadParquet(path, "firm", "year");

        SourceAssert.SameData(fromCsv, fromParquet);
        Assert.Equal(["firm", "year", "inv", "value", "capital"], PanelData.ReadParquetHeader(path));
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Demeaning(1e-12).Fit(fromParquet);
        var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.Reference("grunfeld-fe-twoway", "expected.json"))).RootElement;
        foreach (var coefficient in expected.GetProperty("coefficients").EnumerateArray())
        {
            var name = coefficient.GetProperty("name").GetString()!;
            Assert.Equal(coefficient.GetProperty("estimate").GetDouble(), fit[name].Estimate, 1e-8 * Math.Abs(fit[name].Estimate));
        }

        var csvFit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Demeaning(1e-12).Fit(fromCsv);
        Assert.Equal(csvFit.Coefficients, fit.Coefficients);
    }

    [Fact]
    public void WrittenCategoricalColumnsComeBackCategoricalWithTheirLabelsAndMissingCells()
    {
        var data = new PanelData(
            [
                CategoricalColumn.FromLabels("city", ["Hefei", "Hefei", "Wuhu", "Wuhu"]),
                CategoricalColumn.FromLabels("year", ["2019", "2020", "2019", "2020"]),
                CategoricalColumn.FromLabels("code", ["007", null, "12", "12"]),
                CategoricalColumn.FromLabels("firm", ["3", "3", null, "41"]),
                new NumericColumn("gdp", [1.5, double.NaN, -0.25, 1e-300]),
            ],
            "city",
            "year");
        var path = Path.Combine(_folder, "cities.parquet");
        data.WriteParquet(path);

        var back = PanelData.ReadParquet(path, "city", "year");

        SourceAssert.SameData(data, back);
        Assert.Equal("007", back.Categorical("code")[0]);
        Assert.Equal(
            [
                "Column 'code' of '" + path + "': 1 cell is null and was read as missing.",
                "Column 'firm' of '" + path + "': 1 cell is null and was read as missing.",
                "Column 'gdp' of '" + path + "': 1 cell is null and was read as missing.",
            ],
            back.Notes.Where(n => n.Kind == NoteKind.CellsReadAsMissing).Select(n => n.Message));

        // The integer-labelled categorical column is INT64 in the file (other tools see numbers), categorical for us.
        using var connection = OpenDuckDb();
        Assert.Equal("BIGINT", Scalar(connection, $"SELECT typeof(firm) FROM read_parquet({DuckDbSql.Literal(path)}) LIMIT 1"));
        Assert.Equal("VARCHAR", Scalar(connection, $"SELECT typeof(code) FROM read_parquet({DuckDbSql.Literal(path)}) LIMIT 1"));
    }

    [Fact]
    public void EveryTypeDuckDbWritesIsReadWithItsKindValuesAndNotes()
    {
        var path = WriteWithDuckDb("types.parquet", TypesQuery);

        var data = PanelData.ReadParquet(path);

        Assert.Equal(10, data.RowCount);
        foreach (var name in new[] { "i32", "i64", "i16", "u8", "d", "f", "dec", "dec38", "b", "ni", "nan" })
        {
            Assert.Equal(ColumnKind.Numeric, data[name].Kind);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], data.Numeric("i64").Values.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1.5), data.Numeric("d").Values.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1.25), data.Numeric("dec").Values.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1.25), data.Numeric("dec38").Values.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 1.0 : 0.0), data.Numeric("b").Values.ToArray());
        Assert.True(double.IsNaN(data.Numeric("ni")[2]));
        Assert.Equal(3, data.Numeric("ni")[3]);

        var text = data.Categorical("s");
        Assert.Equal(["r0", "r1", "r2", "r3"], text.Levels);
        Assert.Null(text[0]);
        Assert.Equal("r1", text[1]);
        Assert.Equal(["2020-01-01", "2020-01-02"], data.Categorical("dt").Levels.Take(2));
        Assert.Equal("2020-01-01 11:00:00", data.Categorical("ts")[1]);

        var notes = data.Notes.Where(n => n.Kind == NoteKind.CellsReadAsMissing).ToList();
        Assert.Contains(notes, n => n.Message == $"Column 's' of '{path}': 4 cells are null and were read as missing." && n.Count == 4);
        Assert.Contains(notes, n => n.Message == $"Column 'ni' of '{path}': 1 cell is null and was read as missing." && n.Count == 1);
        Assert.Contains(notes, n => n.Message == $"Column 'nan' of '{path}': 2 cells hold NaN and were read as missing." && n.Count == 2);
    }

    [Fact]
    public void OurReaderAndDuckDbReadTheSameFileToTheSameData()
    {
        var path = WriteWithDuckDb("types.parquet", TypesQuery);
        var kinds = new ColumnKinds().Categorical("i32");

        var ours = PanelData.Read(ParquetTableSource.FromFile(path), kinds: kinds);
        var duckDb = PanelData.Read(DuckDbSource.Parquet(path), kinds: kinds);

        SourceAssert.SameData(ours, duckDb);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], ours.Categorical("i32").Levels);
    }

    [Fact]
    public void ADateIsAPanelsTimeColumnInChronologicalOrder()
    {
        var path = WriteWithDuckDb(
            "dates.parquet",
            "SELECT 'u' || (i % 2)::VARCHAR AS unit, DATE '2021-11-01' + ((i // 2) * 31)::INTEGER AS month, i * 1.0 AS y FROM range(8) t(i)");

        var data = PanelData.ReadParquet(path, "unit", "month");

        Assert.Equal(["2021-11-01", "2021-12-02", "2022-01-02", "2022-02-02"], data.Time.Levels);
        Assert.Equal(4, data.Structure.Periods);
        Assert.True(data.Structure.IsBalanced);
    }

    [Fact]
    public void AProjectionReadsOnlyTheAskedAndDeclaredColumnsAndSkipsTypesWeCannotTake()
    {
        var path = WriteWithDuckDb("mixed.parquet", "SELECT i AS id, i % 3 AS t, i * 0.5 AS y, [i, i] AS list, 'x'::BLOB AS blob, TIME '10:00:00' AS clock FROM range(6) t(i)");

        var all = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path));
        Assert.Contains("column 'list' (column 4) has Parquet type nested list", all.Message, StringComparison.Ordinal);
        Assert.Contains("WithColumns", all.Message, StringComparison.Ordinal);
        Assert.Equal("list", all.Column);

        var projected = PanelData.ReadParquet(path, "id", "t", new ParquetReadOptions().WithColumns("y"));
        Assert.Equal(["id", "t", "y"], projected.ColumnNames);

        var blob = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path, options: new ParquetReadOptions().WithColumns("blob")));
        Assert.Contains("'blob' (column 5) has Parquet type BYTE_ARRAY (no logical type)", blob.Message, StringComparison.Ordinal);
        var clock = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path, options: new ParquetReadOptions().WithColumns("clock")));
        Assert.Contains("'clock' (column 6) has Parquet type INT64 (TIME", clock.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => PanelData.ReadParquet(path, options: new ParquetReadOptions().WithColumns("yy")));
        Assert.Contains("Did you mean 'y'?", unknown.Message, StringComparison.Ordinal);
        var undeclared = Assert.Throws<ArgumentException>(() => PanelData.ReadParquet(path, "idd", "t", new ParquetReadOptions().WithColumns("y")));
        Assert.Contains("Did you mean 'id'?", undeclared.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInfiniteValueIsAnErrorNamingTheRowGroupAndRow()
    {
        var path = Path.Combine(_folder, "infinite.parquet");
        ParquetTableWriter.Write(path, [new NumericColumn("id", [0, 1, 2, 3, 4, 5, 6, 7]), new NumericColumn("y", [0, 1, 2, 3, 4, 5, double.PositiveInfinity, 7])], rowGroupRows: 4);

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path));

        Assert.Equal(1, error.RowGroup);
        Assert.Equal(7, error.Line);
        Assert.Equal("y", error.Column);
        Assert.Equal("Infinity", error.Value);
        Assert.Contains($"'{path}' row group 1, row 7 (row 3 of the group), column 'y' (column 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WideIntegersAreExactAsCategoriesAndRefusedAsNumbers()
    {
        var path = WriteWithDuckDb("wide.parquet", "SELECT 9007199254740993 + i AS id, i AS x FROM range(3) t(i)");

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path));
        Assert.Contains("9007199254740993 is beyond ±2^53", error.Message, StringComparison.Ordinal);
        Assert.Contains("declare the column categorical", error.Message, StringComparison.Ordinal);

        var data = PanelData.ReadParquet(path, options: new ParquetReadOptions().Categorical("id"));
        Assert.Equal(["9007199254740993", "9007199254740994", "9007199254740995"], data.Categorical("id").Levels);
    }

    [Fact]
    public void TextDeclaredNumericIsParsedAndANonNumberIsAnError()
    {
        var good = WriteWithDuckDb("text.parquet", "SELECT i AS id, CASE WHEN i = 1 THEN NULL ELSE ' ' || (i * 1.5)::VARCHAR END AS y FROM range(3) t(i)");
        var data = PanelData.ReadParquet(good, options: new ParquetReadOptions().Numeric("y"));
        Assert.Equal(0, data.Numeric("y")[0]);
        Assert.True(double.IsNaN(data.Numeric("y")[1]));
        Assert.Equal(3, data.Numeric("y")[2]);

        var bad = WriteWithDuckDb("bad.parquet", "SELECT i AS id, CASE WHEN i = 2 THEN 'n/a' ELSE i::VARCHAR END AS y FROM range(3) t(i)");
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(bad, options: new ParquetReadOptions().Numeric("y")));
        Assert.Equal("n/a", error.Value);
        Assert.Equal(3, error.Line);
        Assert.Contains("'n/a' is not a number, but 'y' is declared numeric", error.Message, StringComparison.Ordinal);

        var date = WriteWithDuckDb("date.parquet", "SELECT DATE '2020-01-01' AS day");
        Assert.Contains("holds dates", Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(date, options: new ParquetReadOptions().Numeric("day"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotParquetIsAnErrorNamingIt()
    {
        var path = Path.Combine(_folder, "fake.parquet");
        File.WriteAllText(path, "city,year\nHefei,2020\n");

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadParquet(path));

        Assert.Contains($"'{path}' is not a readable Parquet file", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => PanelData.ReadParquet(Path.Combine(_folder, "absent.parquet")));
    }

    [Fact]
    public void TheTypedLoaderReadsAParquetFileByItsExtension()
    {
        var csv = PanelData.ReadCsv(Fixtures.Reference("grunfeld-fe-twoway", "data.csv"), "firm", "year");
        var path = Path.Combine(_folder, "grunfeld.parquet");
        csv.WriteParquet(path);

        var loaded = Dataset<GrunfeldSchema>.Load(path).Data;

        SourceAssert.SameData(csv, loaded);
    }

    [Fact]
    public void ARegressionsCoefficientsAreWrittenToParquetAndReadBack()
    {
        var data = PanelData.ReadCsv(Fixtures.Reference("grunfeld-fe-twoway", "data.csv"), "firm", "year");
        var fit = Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Fit(data);
        var path = Path.Combine(_folder, "coefficients.parquet");

        fit.WriteParquet(path);

        var table = PanelData.ReadParquet(path);
        Assert.Equal(["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"], table.ColumnNames);
        Assert.Equal(fit.Coefficients.Select(c => c.Name), Enumerable.Range(0, table.RowCount).Select(r => table.Categorical("term")[r]));
        Assert.Equal(fit.Coefficients.Select(c => c.Estimate), table.Numeric("estimate").Values.ToArray());
        Assert.Equal(fit.Coefficients.Select(c => c.StandardError), table.Numeric("std_error").Values.ToArray());
        Assert.Equal(fit.Coefficients.Select(c => c.ConfidenceHigh), table.Numeric("conf_high").Values.ToArray());
        using var connection = OpenDuckDb();
        Assert.Equal("cluster(firm)", Scalar(connection, $"SELECT decode(value) FROM parquet_kv_metadata({DuckDbSql.Literal(path)}) WHERE decode(key) = 'modeldsl.variance'"));
    }

    [Fact]
    public void ManyRowGroupsAndColumnsReadInParallelGiveTheWrittenData()
    {
        var rows = 100_017;
        var random = new Random(3);
        var data = new PanelData(
            [
                CategoricalColumn.FromNumbers("unit", Enumerable.Range(0, rows).Select(i => (double)(i / 4)).ToArray()),
                CategoricalColumn.FromNumbers("time", Enumerable.Range(0, rows).Select(i => (double)(2000 + (i % 4))).ToArray()),
                new NumericColumn("x", Enumerable.Range(0, rows).Select(i => i % 97 == 0 ? double.NaN : random.NextDouble()).ToArray()),
                CategoricalColumn.FromLabels("region", Enumerable.Range(0, rows).Select(i => i % 13 == 0 ? null : "r" + (i % 7).ToString(CultureInfo.InvariantCulture)).ToArray()),
            ],
            "unit",
            "time");
        var path = Path.Combine(_folder, "large.parquet");
        ParquetTableWriter.Write(path, data.Columns, rowGroupRows: 10_000);

        var back = PanelData.ReadParquet(path, "unit", "time");

        SourceAssert.SameData(data, back);
    }

    // Ten rows of every type we take, and nulls and NaNs: DuckDB as an independent writer.
    private const string TypesQuery =
        "SELECT i::INTEGER AS i32, i::BIGINT AS i64, i::SMALLINT AS i16, i::UTINYINT AS u8, (i * 1.5)::DOUBLE AS d, (i * 0.5)::FLOAT AS f, " +
        "(i * 1.25)::DECIMAL(10,2) AS dec, (i * 1.25)::DECIMAL(38,4) AS dec38, CASE WHEN i % 3 = 0 THEN NULL ELSE 'r' || (i % 4)::VARCHAR END AS s, " +
        "DATE '2020-01-01' + i::INTEGER AS dt, TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) HOUR AS ts, i % 2 = 0 AS b, " +
        "CASE WHEN i = 2 THEN NULL ELSE i END AS ni, CASE WHEN i > 7 THEN 'nan'::DOUBLE ELSE i END AS nan FROM range(10) t(i)";

    private string WriteWithDuckDb(string name, string query)
    {
        var path = Path.Combine(_folder, name);
        using var connection = OpenDuckDb();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY ({query}) TO {DuckDbSql.Literal(path)} (FORMAT parquet)";
        command.ExecuteNonQuery();
        return path;
    }

    private static DuckDBConnection OpenDuckDb()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    private static string? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private sealed class GrunfeldSchema : IDatasetSchema
    {
        public static DatasetSchema Schema { get; } = new(
            "GrunfeldSchema", null, null, "firm", "year", matchByHandle: false,
            [new SchemaColumn("firm", ColumnKind.Categorical), new SchemaColumn("year", ColumnKind.Categorical), new SchemaColumn("inv", ColumnKind.Numeric), new SchemaColumn("value", ColumnKind.Numeric), new SchemaColumn("capital", ColumnKind.Numeric)]);
    }
}

/// <summary>Two data sets hold the same columns bit for bit (values, levels, codes) and the same panel.</summary>
internal static class SourceAssert
{
    public static void SameData(PanelData expected, PanelData actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.UnitColumnName, actual.UnitColumnName);
        Assert.Equal(expected.TimeColumnName, actual.TimeColumnName);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            switch (expected.Columns[c], actual.Columns[c])
            {
                case (NumericColumn e, NumericColumn a):
                    Assert.Equal(e.Values.ToArray().Select(BitConverter.DoubleToInt64Bits), a.Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
                    break;
                case (CategoricalColumn e, CategoricalColumn a):
                    Assert.Equal(e.Levels, a.Levels);
                    Assert.Equal(e.Codes.ToArray(), a.Codes.ToArray());
                    Assert.Equal(e.HasNumericLevels, a.HasNumericLevels);
                    break;
                default:
                    Assert.Fail($"Column '{expected.Columns[c].Name}' is {expected.Columns[c].Kind} from one source and {actual.Columns[c].Kind} from the other.");
                    break;
            }
        }

        if (expected.IsPanel)
        {
            Assert.Equal(expected.Structure.Describe(), actual.Structure.Describe());
        }
    }
}
