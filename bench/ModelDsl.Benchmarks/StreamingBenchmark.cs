using System.Diagnostics;
using System.Globalization;

using DuckDB.NET.Data;

using ModelDsl.Data;
using ModelDsl.DuckDb;
using ModelDsl.Streaming;

using Parquet;
using Parquet.Schema;

namespace ModelDsl.Benchmarks;

/// <summary>
/// The stream cases: y ~ x1 + x2 | unit + time, cluster(unit) from a Parquet file of the given rows, fitted by
/// <c>FitStreaming</c> with Parquet.Net (<see cref="ParquetBatchSource"/>) or DuckDB (<see cref="DuckDbBatchSource"/>)
/// as the reader; timed against DuckDB's own scan of the same five columns; the peak resident memory of the fit read
/// from /proc (VmHWM) before DuckDB's scan runs; with --check, the in-memory fit of (the first 10M of) the same rows and
/// the largest relative difference. Files are written once under the folder and reused: by Parquet.Net (20 periods per
/// unit, row groups of 1M rows) or, with --copy (implied by --source duckdb and stream-1B), by DuckDB's COPY (100
/// periods per unit, so 1B rows are 10M units; DuckDB's default row groups of 122,880 rows; every value a function of
/// the row number, so the first n rows of a larger file are the file of n rows).
/// </summary>
internal static class StreamingBenchmark
{
    private const int Periods = 20;
    private const int CopyPeriods = 100;
    private const int RowGroup = 1 << 20;
    private const int CheckRows = 10_000_000;

    public static void Run(int rows, string folder, bool check, string reader, bool copy, bool readPass = true)
    {
        if (reader is not ("parquet" or "duckdb" or "duckdb-query"))
        {
            throw new ArgumentException($"--source is parquet or duckdb, not '{reader}'.");
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"stream-{(copy ? "copy-" : string.Empty)}{rows}.parquet"));
        if (!File.Exists(path))
        {
            var watch = Stopwatch.StartNew();
            if (copy)
            {
                WriteWithCopy(path, rows);
            }
            else
            {
                Write(path, rows);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1e9:0.00} GB) in {watch.Elapsed.TotalSeconds:0.0} s"));
        }

        Console.WriteLine($"source={reader} file={path} load average at start: {LoadAverage()}");
        var specification = Model.Regress("y").On("x1", "x2").Fe("unit", "time").Cluster("unit");
        using var duckSource = reader == "duckdb" ? DuckDbBatchSource.Parquet([path])
            : reader == "duckdb-query" ? DuckDbBatchSource.Query(null, $"SELECT unit, time, x1, x2, y FROM read_parquet({DuckDbSql.Literal(path)})", threads: Environment.ProcessorCount)
            : null;
        IColumnBatchSource source = duckSource is not null ? duckSource : new ParquetBatchSource(path);

        // One pass that only reads the five columns into batches (two workers): the floor of every pass.
        if (readPass)
        {
            var decode = Stopwatch.StartNew();
            Parallel.For(0, source.PartitionCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, p =>
            {
                foreach (var batch in source.Read(p, ["x1", "x2", "y"], ["unit", "time"]))
                {
                    GC.KeepAlive(batch);
                }
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read-only pass seconds={decode.Elapsed.TotalSeconds:0.00} partitions={source.PartitionCount}"));
        }

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var fit = specification.FitStreaming(source);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var peak = PeakResidentMegabytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stream-fit rows={fit.Observations} passes={fit.Passes} seconds={seconds:0.00} cpu={cpuSeconds:0.0} peak_rss_mb={peak:0} units={fit.FixedEffectLevels[0].Value} clusters={fit.ClusterCount} per-pass={string.Join("/", fit.PassSeconds.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}"));
        foreach (var c in fit.Coefficients)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Name,-12} {c.Estimate,22:R} {c.StandardError,22:R}"));
        }

        Console.WriteLine($"load average after the fit: {LoadAverage()}");
        var (scan, scanCpu) = DuckDbScanSeconds(path, rows > 100_000_000 ? 1 : 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb-scan seconds={scan:0.00} cpu={scanCpu:0.00}; fit cpu per pass / scan cpu = {cpuSeconds / fit.Passes / scanCpu:0.00} (sum of the 5 columns, 2 threads, best of {(rows > 100_000_000 ? 1 : 2)}); fit/scan = {seconds / scan:0.0} over {fit.Passes} passes = {seconds / scan / fit.Passes:0.00} scans per pass"));

        if (check)
        {
            // The first 10M rows (or all): streamed again from the same file, then loaded and fitted in memory.
            var checkRows = Math.Min(rows, CheckRows);
            using var subset = checkRows == rows ? null : DuckDbBatchSource.Query(null, string.Create(CultureInfo.InvariantCulture, $"SELECT unit, time, x1, x2, y FROM read_parquet({DuckDbSql.Literal(path)}, file_row_number = true) WHERE file_row_number < {checkRows}"));
            var streamed = subset is null ? fit : specification.FitStreaming(subset);
            var data = Load(subset ?? source);
            var memory = specification.Demeaning(1e-14, 100_000).Fit(data);
            var worst = 0.0;
            foreach (var expected in memory.Coefficients)
            {
                var actual = streamed[expected.Name];
                worst = Math.Max(worst, Math.Abs(actual.Estimate - expected.Estimate) / Math.Abs(expected.Estimate));
                worst = Math.Max(worst, Math.Abs(actual.StandardError - expected.StandardError) / expected.StandardError);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-memory check on {data.RowCount} rows: largest relative difference of estimates and standard errors {worst:G3}"));
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    // y = 0.5 x1 − 0.3 x2 + a_unit + b_time + U(−0.5, 0.5), x1 correlated with a_unit, uniform draws from hashes of the
    // row number (deterministic whatever DuckDB's threads do); written to a temporary name and renamed when complete.
    private static void WriteWithCopy(string path, int rows)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET threads TO 2";
        command.ExecuteNonQuery();
        var partial = path + ".partial";
        var p = CopyPeriods.ToString(CultureInfo.InvariantCulture);
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            COPY (
                SELECT i // {p} AS unit, 2000 + i % {p} AS time,
                    (hash(i, 1) >> 11) * pow(2, -53) + sin((i // {p}) * 0.7) * 2 AS x1,
                    (hash(i, 2) >> 11) * pow(2, -53) + sin(i % {p}) AS x2,
                    0.5 * x1 - 0.3 * x2 + sin((i // {p}) * 0.7) * 2 + sin(i % {p}) + (hash(i, 3) >> 11) * pow(2, -53) - 0.5 AS y
                FROM range(0, {rows}) t(i)
            ) TO {DuckDbSql.Literal(partial)} (FORMAT parquet)
            """);
        command.ExecuteNonQuery();
        File.Move(partial, path);
    }

    private static (double Seconds, double CpuSeconds) DuckDbScanSeconds(string path, int runs)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET threads TO 2";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT sum(y), sum(x1), sum(x2), sum(unit), sum(time) FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')";
        var best = double.MaxValue;
        var bestCpu = double.NaN;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            using var reader = command.ExecuteReader();
            reader.Read();
            var seconds = watch.Elapsed.TotalSeconds;
            if (seconds < best)
            {
                best = seconds;
                bestCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            }
        }

        return (best, bestCpu);
    }

    private static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    // y = 0.5 x1 − 0.3 x2 + a_unit + b_time + N(0, 1), x1 correlated with a_unit; rows in unit order.
    private static void Write(string path, int rows)
    {
        var fields = new DataField[] { new DataField<long>("unit"), new DataField<long>("time"), new DataField<double>("x1"), new DataField<double>("x2"), new DataField<double>("y") };
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        try
        {
            var random = new Random(2026);
            var timeEffect = Enumerable.Range(0, Periods).Select(_ => random.NextDouble()).ToArray();
            long written = 0;
            long row = 0;
            while (written < rows)
            {
                var count = (int)Math.Min(RowGroup, rows - written);
                var unit = new long[count];
                var time = new long[count];
                var x1 = new double[count];
                var x2 = new double[count];
                var y = new double[count];
                for (var i = 0; i < count; i++, row++)
                {
                    var u = row / Periods;
                    var t = row % Periods;
                    var a = Math.Sin(u * 0.7) * 2;
                    unit[i] = u;
                    time[i] = 2000 + t;
                    x1[i] = a + random.NextDouble();
                    x2[i] = random.NextDouble() + timeEffect[t];
                    y[i] = (0.5 * x1[i]) - (0.3 * x2[i]) + a + timeEffect[t] + (random.NextDouble() - 0.5);
                }

                using var group = writer.CreateRowGroup();
                group.WriteAsync<long>(fields[0], unit).GetAwaiter().GetResult();
                group.WriteAsync<long>(fields[1], time).GetAwaiter().GetResult();
                group.WriteAsync<double>(fields[2], x1).GetAwaiter().GetResult();
                group.WriteAsync<double>(fields[3], x2).GetAwaiter().GetResult();
                group.WriteAsync<double>(fields[4], y).GetAwaiter().GetResult();
                written += count;
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static PanelData Load(IColumnBatchSource source)
    {
        var numeric = new[] { "x1", "x2", "y" };
        var keys = new[] { "unit", "time" };
        var columns = numeric.Concat(keys).ToDictionary(c => c, _ => new List<double>());
        for (var p = 0; p < source.PartitionCount; p++)
        {
            foreach (var batch in source.Read(p, numeric, keys))
            {
                foreach (var name in numeric)
                {
                    columns[name].AddRange(batch.Numbers(name).ToArray());
                }

                foreach (var name in keys)
                {
                    columns[name].AddRange(batch.Keys(name).Values.Take(batch.RowCount).Select(v => (double)v));
                }
            }
        }

        return new PanelData(columns.Select(c => (Column)new NumericColumn(c.Key, [.. c.Value])));
    }
}
