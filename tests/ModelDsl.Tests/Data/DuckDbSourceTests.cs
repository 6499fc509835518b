using DuckDB.NET.Data;

using ModelDsl.Data;
using ModelDsl.DuckDb;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

/// <summary>
/// DuckDB as a source: a table gives the CSV's panel; projection and filters are pushed into the SQL and give what
/// reading everything and restricting in memory gives; names and values from outside cannot change the SQL.
/// </summary>
public sealed class DuckDbSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-duckdb-").FullName;
    private readonly DuckDBConnection _connection;
    private readonly string _csv = Fixtures.Reference("grunfeld-fe-twoway", "data.csv");

    public DuckDbSourceTests()
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute($"CREATE TABLE grunfeld AS SELECT * FROM read_csv({DuckDbSql.Literal(_csv)}, header = true)");
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void ATableIsTheCsvsPanelAndGivesTheSameFit()
    {
        var fromCsv = PanelData.ReadCsv(_csv, "firm", "year");

        var fromDuckDb = PanelData.Read(DuckDbSource.Table(_connection, "grunfeld"), "firm", "year");

        SourceAssert.SameData(fromCsv, fromDuckDb);
        Assert.Equal(
            Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Fit(fromCsv).Coefficients,
            Model.Regress("inv").On("value", "capital").Fe("firm", "year").Cluster("firm").Fit(fromDuckDb).Coefficients);
    }

    [Fact]
    public void ProjectionAndFiltersArePushedDownAndEqualARestrictionInMemory()
    {
        var source = DuckDbSource.Query(_connection, "SELECT * FROM grunfeld")
            .Select("inv", "value")
            .Where("year", DuckDbComparison.GreaterOrEqual, 1945)
            .WhereIn("firm", "1", "2", "7");

        var pushed = PanelData.Read(source, "firm", "year");
        var sql = source.ToSql(new ColumnKinds().Categorical("firm", "year"));

        Assert.Equal(["firm", "year", "inv", "value"], pushed.ColumnNames);
        Assert.DoesNotContain("capital", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE (\"year\" >= CAST(1945 AS DOUBLE)) AND (CAST(\"firm\" AS VARCHAR) IN ('1', '2', '7'))", sql, StringComparison.Ordinal);

        var all = PanelData.ReadCsv(_csv, "firm", "year");
        var rows = Enumerable.Range(0, all.RowCount)
            .Where(r => all.Time.NumericValue(r) >= 1945 && all.Unit[r] is "1" or "2" or "7")
            .ToArray();
        var expected = new PanelData(all.Columns.Where(c => c.Name != "capital").Select(c => c.Select(rows)).ToList(), "firm", "year");
        Assert.Equal(expected.RowCount, pushed.RowCount);
        Assert.Equal(30, pushed.RowCount);
        Assert.Equal(expected.Numeric("inv").Values.ToArray(), pushed.Numeric("inv").Values.ToArray());
        Assert.Equal(["1", "2", "7"], pushed.Unit.Levels);
    }

    [Fact]
    public void NamesAndValuesFromOutsideCannotChangeTheSql()
    {
        Execute("CREATE TABLE \"we\"\"ird; table\" (\"id\" INTEGER, \"x\"\" OR 1=1 --\" DOUBLE, label VARCHAR)");
        Execute("INSERT INTO \"we\"\"ird; table\" VALUES (1, 0.5, 'O''Brien'), (2, 1.5, 'x'' OR ''1''=''1')");

        // A table and a column whose names hold quotes and SQL are read as names.
        var weird = PanelData.Read(DuckDbSource.Table(_connection, "we\"ird; table"));
        Assert.Equal(["id", "x\" OR 1=1 --", "label"], weird.ColumnNames);
        Assert.Equal(["O'Brien", "x' OR '1'='1"], weird.Categorical("label").Levels);

        // A value that tries to close the literal is a literal: it matches only itself.
        var one = PanelData.Read(DuckDbSource.Table(_connection, "we\"ird; table").WhereIn("label", "O'Brien"));
        Assert.Equal(1, one.RowCount);
        var none = PanelData.Read(DuckDbSource.Table(_connection, "grunfeld").WhereIn("firm", "1') OR ('1'='1").Where("firm", DuckDbComparison.Equal, "1'; DROP TABLE grunfeld; --"));
        Assert.Equal(0, none.RowCount);
        Assert.Equal("200", Scalar("SELECT count(*) FROM grunfeld"));

        // A column name that is SQL is an unknown column: refused before any query runs.
        var injected = Assert.Throws<ArgumentException>(() => PanelData.Read(DuckDbSource.Table(_connection, "grunfeld").Select("inv\" FROM grunfeld; DROP TABLE grunfeld; --")));
        Assert.Contains("has no such column", injected.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PanelData.Read(DuckDbSource.Table(_connection, "grunfeld").Where("1=1 OR year", DuckDbComparison.Equal, 1)));
        Assert.Throws<InvalidOperationException>(() => PanelData.Read(DuckDbSource.Table(_connection, "grunfeld; DROP TABLE grunfeld")));
        Assert.Equal("200", Scalar("SELECT count(*) FROM grunfeld"));

        Assert.Throws<ArgumentException>(() => DuckDbSql.Literal("a\0b"));
        Assert.Throws<ArgumentException>(() => DuckDbSql.Identifier(string.Empty));
        Assert.Throws<ArgumentException>(() => DuckDbSql.Literal(double.NaN));
        Assert.Equal("'it''s'", DuckDbSql.Literal("it's"));
        Assert.Equal("\"a\"\"b\"", DuckDbSql.Identifier("a\"b"));
        Assert.Equal("'C:\\data\\x.parquet'", DuckDbSql.Literal("C:\\data\\x.parquet"));
    }

    [Fact]
    public void DuckDbReadsParquetFilesIncludingAPathWithAQuote()
    {
        var data = PanelData.ReadCsv(_csv, "firm", "year");
        var path = Path.Combine(_folder, "o'brien.parquet");
        data.WriteParquet(path);

        var viaDuckDb = PanelData.Read(DuckDbSource.Parquet(path), "firm", "year");

        SourceAssert.SameData(data, viaDuckDb);
        SourceAssert.SameData(PanelData.ReadParquet(path, "firm", "year"), viaDuckDb);
    }

    [Fact]
    public void ADatabaseFileIsOpenedReadOnlyAndAMissingOneIsRefused()
    {
        var database = Path.Combine(_folder, "study.duckdb");
        using (var writer = new DuckDBConnection($"DataSource={database}"))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = $"CREATE TABLE grunfeld AS SELECT * FROM read_csv({DuckDbSql.Literal(_csv)}, header = true)";
            command.ExecuteNonQuery();
        }

        var data = PanelData.Read(DuckDbSource.Query(database, "SELECT firm, year, inv FROM grunfeld WHERE firm <= 3"), "firm", "year");

        Assert.Equal(60, data.RowCount);
        Assert.Equal(["firm", "year", "inv", "value", "capital"], DuckDbSource.Table(database, "grunfeld").ReadHeader());
        Assert.Throws<FileNotFoundException>(() => DuckDbSource.Table(Path.Combine(_folder, "absent.duckdb"), "grunfeld"));
    }

    [Fact]
    public void NullsAreNotedAndTypesWeCannotTakeAreNamed()
    {
        Execute("CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 2 = 0 THEN NULL ELSE i * 0.5 END AS y, CASE WHEN i = 1 THEN NULL ELSE 'g' || (i % 2)::VARCHAR END AS g, [i] AS list FROM range(5) t(i)");
        var source = DuckDbSource.Table(_connection, "t");

        var error = Assert.Throws<DataFormatException>(() => PanelData.Read(source));
        Assert.Contains("column 'list' (column 4) has DuckDB type BIGINT[]", error.Message, StringComparison.Ordinal);

        var data = PanelData.Read(source.Select("id", "y", "g"));
        Assert.Equal(
            [
                "Column 'y' of 'DuckDB table \"t\"': 3 cells are NULL and were read as missing.",
                "Column 'g' of 'DuckDB table \"t\"': 1 cell is NULL and was read as missing.",
            ],
            data.Notes.Where(n => n.Kind == NoteKind.CellsReadAsMissing).Select(n => n.Message));
        Assert.Equal(["g0", "g1"], data.Categorical("g").Levels);
    }

    [Fact]
    public void VectorsAcrossChunksGiveEveryValueNullAndLabel()
    {
        // 5,000 rows: three of DuckDB's 2,048-row chunks. Labels inline (up to 12 bytes, 12 exactly, empty) and out of
        // line (longer, multi-byte UTF-8), NULLs of every type, integers as levels and as numbers, text as numbers.
        const int Rows = 5_000;
        Execute($$"""
            CREATE TABLE v AS SELECT i AS id,
                CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 END AS x,
                CASE WHEN i % 11 = 0 THEN NULL ELSE i - 2500 END AS k,
                CASE WHEN i % 13 = 0 THEN NULL WHEN i % 4 = 0 THEN 'exactly12byt' WHEN i % 4 = 1 THEN 'région-numéro-' || (i % 3)::VARCHAR
                     WHEN i % 4 = 2 THEN '' ELSE 's' || (i % 5)::VARCHAR END AS label,
                CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 0.5)::VARCHAR END AS text_number
            FROM range({{Rows}}) t(i)
            """);
        var data = PanelData.Read(DuckDbSource.Query(_connection, "SELECT * FROM v ORDER BY id"), kinds: new ColumnKinds().Categorical("k").Numeric("text_number"));

        Assert.Equal(Rows, data.RowCount);
        var x = data.Numeric("x").Values;
        var k = data.Categorical("k");
        var label = data.Categorical("label");
        var textNumber = data.Numeric("text_number").Values;
        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(i % 7 == 0 ? double.NaN : i * 0.25, x[i]);
            Assert.Equal(i % 11 == 0 ? null : (i - 2500).ToString(System.Globalization.CultureInfo.InvariantCulture), k[i]);
            var expected = i % 13 == 0 ? null : (i % 4) switch { 0 => "exactly12byt", 1 => "région-numéro-" + (i % 3), 2 => string.Empty, _ => "s" + (i % 5) };
            Assert.Equal(expected, label[i]);
            Assert.Equal(i % 17 == 0 ? double.NaN : i * 0.5, textNumber[i]);
        }

        // The row of an error counts the rows of the chunks before it.
        Execute("CREATE TABLE w AS SELECT CASE WHEN i = 4100 THEN 'inf'::DOUBLE ELSE i END AS y FROM range(5000) t(i)");
        var error = Assert.Throws<DataFormatException>(() => PanelData.Read(DuckDbSource.Query(_connection, "SELECT * FROM w ORDER BY y")));
        Assert.Contains("row 5,000 of the result, column 'y'", error.Message, StringComparison.Ordinal);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
