using System.Diagnostics;
using System.Globalization;

using DuckDB.NET.Data;

using ModelDsl.Data;
using ModelDsl.DuckDb;

namespace ModelDsl.Benchmarks;

/// <summary>
/// The data-source cases: Parquet and DuckDB to a panel, each with its peers measured side by side in the same
/// process (untimed setup, median of three after a warm-up), recorded in <see cref="BenchmarkCase.SideBySide"/>.
/// </summary>
internal static class SourceBenchmarks
{
    private const int PeerRuns = 3;

    /// <summary>Parquet load vs our CSV reader and data.table::fread (when Rscript with data.table is installed) on the same data.</summary>
    public static Action Parquet(BenchmarkData data)
    {
        var rows = data.Panel.RowCount;
        var parquet = TemporaryFile(rows, "parquet");
        var csv = TemporaryFile(rows, "csv");
        data.Panel.WriteParquet(parquet);
        BenchmarkCase.WriteCsv(data.Panel, csv);
        BenchmarkCase.SideBySide["parquet_file_mb"] = Math.Round(new FileInfo(parquet).Length / 1048576.0, 1);
        BenchmarkCase.SideBySide["csv_file_mb"] = Math.Round(new FileInfo(csv).Length / 1048576.0, 1);
        BenchmarkCase.SideBySide["modeldsl_csv_median_seconds"] = Median(() => PanelData.ReadCsv(csv, "unit", "time"));
        if (Fread(csv) is { } fread)
        {
            BenchmarkCase.SideBySide["fread_median_seconds"] = fread.Seconds;
            BenchmarkCase.SideBySide["fread_threads"] = fread.Threads;
        }

        return () => PanelData.ReadParquet(parquet, "unit", "time");
    }

    /// <summary>A DuckDB table (in memory) to a panel vs DuckDB's own scan of the same columns, and read_parquet through DuckDB.</summary>
    public static Action DuckDb(BenchmarkData data)
    {
        var rows = data.Panel.RowCount;
        var parquet = TemporaryFile(rows, "parquet");
        data.Panel.WriteParquet(parquet);
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"CREATE TABLE panel AS SELECT * FROM read_parquet({DuckDbSql.Literal(parquet)})");
        var sums = string.Join(", ", data.Panel.ColumnNames.Select(c => $"sum({DuckDbSql.Identifier(c)})"));
        BenchmarkCase.SideBySide["duckdb_scan_median_seconds"] = Median(() => Execute(connection, $"SELECT {sums} FROM panel"));
        var kinds = new ColumnKinds().Categorical("firm");
        BenchmarkCase.SideBySide["duckdb_read_parquet_to_panel_median_seconds"] = Median(() => PanelData.Read(DuckDbSource.Parquet(parquet), "unit", "time", kinds));
        BenchmarkCase.SideBySide["modeldsl_parquet_median_seconds"] = Median(() => PanelData.ReadParquet(parquet, "unit", "time"));
        var table = DuckDbSource.Table(connection, "panel");
        return () => PanelData.Read(table, "unit", "time", kinds);
    }

    // Named by process, so that runs side by side (other cases, other worktrees) never share a file; removed at exit.
    private static string TemporaryFile(int rows, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"modeldsl-bench-sources-{rows}-{Environment.ProcessId}.{extension}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }

    private static double Median(Action action)
    {
        action();
        var times = new double[PeerRuns];
        for (var r = 0; r < PeerRuns; r++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            times[r] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[PeerRuns / 2];
    }

    // data.table::fread of the same CSV, median elapsed of three after a warm-up, with all cores; null without R.
    private static (double Seconds, int Threads)? Fread(string csv)
    {
        const string rscript = "/usr/bin/Rscript";
        if (!File.Exists(rscript))
        {
            return null;
        }

        var start = new ProcessStartInfo(rscript) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(
            "suppressMessages(library(data.table)); setDTthreads(0); f <- commandArgs(trailingOnly = TRUE)[1]; invisible(fread(f)); " +
            "t <- sapply(1:3, function(i) system.time(fread(f))[['elapsed']]); cat(median(t), getDTthreads(), '\\n')");
        start.ArgumentList.Add(csv);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return process.ExitCode == 0 && parts.Length >= 2
            ? (double.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture))
            : null;
    }
}
