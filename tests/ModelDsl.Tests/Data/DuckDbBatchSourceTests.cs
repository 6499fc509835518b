using DuckDB.NET.Data;

using ModelDsl.Data;
using ModelDsl.DuckDb;
using ModelDsl.Results;
using ModelDsl.Streaming;
using ModelDsl.Tests.Linear;

namespace ModelDsl.Tests.Data;

/// <summary>
/// DuckDB as the reader of a streaming fit: Parquet row-group ranges, table rowid ranges and a query give the same
/// merged statistics, bit for bit, as the in-memory partitions and Parquet.Net's reader, and the in-memory fit's
/// estimates and clustered standard errors to 1e-10; NULLs are counted as dropped rows, never lost silently.
/// </summary>
public sealed class DuckDbBatchSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-duckdb-stream-").FullName;
    private readonly PanelData _data = StreamingRegressionTests.Panel(firms: 150, seed: 3);
    private readonly string _parquet;

    public DuckDbBatchSourceTests()
    {
        _parquet = Path.Combine(_folder, "panel.parquet");
        StreamingRegressionTests.WriteParquet(_data, _parquet, rowGroup: 333);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> FixedEffects() => ["firm,year", "firm,year,industry"];

    [Theory]
    [MemberData(nameof(FixedEffects))]
    public void ParquetRangesEqualParquetNetAndTheInMemoryFit(string fixedEffects)
    {
        var specification = Model.Regress("y").On("x1", "x2").Fe(fixedEffects.Split(',')).Cluster("firm");
        using var source = DuckDbBatchSource.Parquet([_parquet], partitionRows: 700, batchRows: 2048);
        Assert.True(source.PartitionCount > 1);
        Assert.Equal(_data.RowCount, source.RowCount);

        var fromDuckDb = specification.FitStreaming(source, new StreamingOptions { Workers = 2 });
        var fromParquetNet = specification.FitStreaming(new ParquetBatchSource(_parquet));
        var fromPanel = specification.FitStreaming(PanelPartitionSource.Even(_data, 3));
        Assert.True(fromPanel.Statistics!.SameBits(fromDuckDb.Statistics!));
        Assert.True(fromParquetNet.Statistics!.SameBits(fromDuckDb.Statistics!));
        Assert.Equal(fromParquetNet.Coefficients, fromDuckDb.Coefficients);

        var memory = specification.Demeaning(1e-14, 100_000).Fit(_data);
        StreamingRegressionTests.AssertMatches(memory, fromDuckDb);
    }

    [Fact]
    public void AutomaticPartitionsSplitAFileByCoresAndGiveTheSameBits()
    {
        // Two files of whole row groups (333 rows each): automatic partitions are rows / (8 × cores) rounded up to row
        // groups, never spanning two files; the statistics are those of fixed partitions, bit for bit.
        var second = Path.Combine(_folder, "panel-copy.parquet");
        File.Copy(_parquet, second);
        var specification = Model.Regress("y").On("x1", "x2").Fe("firm", "year").Cluster("firm");
        using var automatic = DuckDbBatchSource.Parquet([_parquet, second]);
        using var fixedSize = DuckDbBatchSource.Parquet([_parquet, second], partitionRows: 1000, batchRows: 2048);
        var groups = 2 * ((_data.RowCount + 332) / 333);
        var target = DuckDbBatchSource.PartitionsPerCore * Environment.ProcessorCount;
        Assert.InRange(automatic.PartitionCount, Math.Min(groups, target) / 2, Math.Min(groups, target + 2));
        Assert.Equal(2L * _data.RowCount, automatic.RowCount);
        Assert.True(specification.FitStreaming(automatic).Statistics!.SameBits(specification.FitStreaming(fixedSize).Statistics!));
        Assert.Throws<ArgumentOutOfRangeException>(() => DuckDbBatchSource.Parquet([_parquet], partitionRows: -1));
    }

    [Fact]
    public void TableRowidRangesCountNullsAsDroppedRows()
    {
        // The Parquet rows in a database table, with a NULL firm, a NULL year and a NULL x2 in three rows; the same
        // rows missing (NaN) in memory.
        var database = Path.Combine(_folder, "panel.duckdb");
        using (var connection = new DuckDBConnection($"DataSource={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE panel AS SELECT * FROM read_parquet({DuckDbSql.Literal(_parquet)}); " +
                "UPDATE panel SET firm = NULL WHERE rowid = 10; UPDATE panel SET year = NULL WHERE rowid = 1234; UPDATE panel SET x2 = NULL WHERE rowid = 1500;";
            command.ExecuteNonQuery();
        }

        var columns = _data.Columns.Select(c =>
        {
            var values = _data.Numeric(c.Name).Values.ToArray();
            var row = c.Name switch { "firm" => 10, "year" => 1234, "x2" => 1500, _ => -1 };
            if (row >= 0)
            {
                values[row] = double.NaN;
            }

            return (Column)new NumericColumn(c.Name, values);
        });
        var data = new PanelData(columns);

        var specification = Model.Regress("y").On("x1", "x2").Fe("firm", "year").Cluster("firm");
        using var source = DuckDbBatchSource.Table(database, "panel", partitionRows: 500, batchRows: 4096);
        Assert.True(source.PartitionCount > 1);
        var fromTable = specification.FitStreaming(source, new StreamingOptions { Workers = 2 });
        var fromPanel = specification.FitStreaming(PanelPartitionSource.Even(data, 4));
        Assert.True(fromPanel.Statistics!.SameBits(fromTable.Statistics!));

        var memory = specification.Demeaning(1e-14, 100_000).Fit(data);
        StreamingRegressionTests.AssertMatches(memory, fromTable);
        var x1Missing = _data.Numeric("x1").Values.ToArray().Count(double.IsNaN);
        var dropped = fromTable.Notes.Single(n => n.Kind == NoteKind.MissingValues).Count;
        Assert.Equal(x1Missing + 3, dropped);
    }

    [Fact]
    public void AQueryIsOnePartition()
    {
        var specification = Model.Regress("y").On("x1", "x2").Fe("firm", "year", "industry").Cluster("state");
        using var source = DuckDbBatchSource.Query(null, $"SELECT * FROM read_parquet({DuckDbSql.Literal(_parquet)}) WHERE year >= 2003", batchRows: 2048);
        Assert.Equal(1, source.PartitionCount);
        var fromQuery = specification.FitStreaming(source);

        var kept = Enumerable.Range(0, _data.RowCount).Where(i => _data.Numeric("year").Values[i] >= 2003).ToArray();
        var subset = new PanelData(_data.Columns.Select(c => (Column)new NumericColumn(c.Name, [.. kept.Select(i => _data.Numeric(c.Name).Values[i])])));
        var memory = specification.Demeaning(1e-14, 100_000).Fit(subset);
        StreamingRegressionTests.AssertMatches(memory, fromQuery);
    }

    [Fact]
    public void RefusesTextKeysAndUnknownColumns()
    {
        using var source = DuckDbBatchSource.Query(null, $"SELECT *, CAST(firm AS VARCHAR) AS firm_text FROM read_parquet({DuckDbSql.Literal(_parquet)})");
        var text = Assert.Throws<NotSupportedException>(() => source.Read(0, ["y"], ["firm_text"]));
        Assert.Contains("'firm_text'", text.Message, StringComparison.Ordinal);
        Assert.Contains("integer codes", text.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<KeyNotFoundException>(() => source.Read(0, ["wage"], ["firm"]));
        Assert.Contains("'wage'", unknown.Message, StringComparison.Ordinal);
    }
}
