using System.Diagnostics;
using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Benchmarks;

/// <summary>
/// The CSV reader against data.table's <c>fread</c> on the benchmark panel written as CSV (10 columns: unit, time and
/// firm as integer labels, seven numeric columns in round-trip format, rel_time with empty cells), side by side in
/// one run: minimum of several runs each, file in the page cache (a warm-up read first), both with 2 threads. Wall
/// time and CPU time (both threads, user + system) are reported: on a shared machine the CPU time is the steadier.
/// </summary>
/// <remarks>
/// Also reads each file once with the sequential reader and checks that the parallel reader's table is bit-identical
/// to it (columns, numbers, category codes, source lines, notes).
///   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- csv-fread [sizes, default 1M,10M] [runs, default 5] [--no-sequential]
/// (--no-sequential skips the sequential read and the comparison, which take minutes at 10M rows on a busy machine).
/// </remarks>
internal static class CsvReadBenchmark
{
    internal static void Run(IReadOnlyList<int> sizes, int runs, bool sequentialToo)
    {
        var rscript = File.Exists("/usr/bin/Rscript") ? "/usr/bin/Rscript" : null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average at start: {LoadAverage()}");
        Console.WriteLine($"{"rows",10} {"MB",7} {"ReadCsv s",10} {"CPU s",6} {"sequential s",13} {"fread s",8} {"CPU s",6} {"fread/ReadCsv",14} {"CPU ratio",10} {"identical",10} {"load",5}");
        foreach (var size in sizes)
        {
            var path = Path.Combine(Path.GetTempPath(), $"modeldsl-bench-csv-{size}.csv");
            int rows;
            {
                var data = BenchmarkData.Generate(size, difficult: false);
                rows = data.Panel.RowCount;
                BenchmarkCase.WriteCsv(data.Panel, path);
            }

            GC.Collect();
            var megabytes = new FileInfo(path).Length / 1e6;

            // Warm-up: JIT and the page cache.
            _ = PanelData.ReadCsv(path, "unit", "time");
            var (ours, oursCpu) = MinimumSeconds(runs, () => _ = PanelData.ReadCsv(path, "unit", "time"));

            var sequentialSeconds = double.NaN;
            bool? identical = null;
            if (sequentialToo)
            {
                var parallel = CsvTableSource.FromFile(path);
                var parallelTable = parallel.Read(new ColumnKinds().Categorical("unit", "time"));
                var sequential = CsvTableSource.FromFile(path);
                sequential.Parallel = false;
                var watch = Stopwatch.StartNew();
                var sequentialTable = sequential.Read(new ColumnKinds().Categorical("unit", "time"));
                sequentialSeconds = watch.Elapsed.TotalSeconds;
                identical = parallel.LastReadWasParallel && Identical(sequentialTable, parallelTable);
                parallelTable = null;
                sequentialTable = null;
                GC.Collect();
            }

            var fread = rscript is null ? null : Fread(rscript, path, runs);
            var freadText = fread is { } f ? f.Wall.ToString("0.000", CultureInfo.InvariantCulture) : "—";
            var freadCpu = fread is { } h ? h.Cpu.ToString("0.00", CultureInfo.InvariantCulture) : "—";
            var ratio = fread is { } g ? (g.Wall / ours).ToString("0.00", CultureInfo.InvariantCulture) : "—";
            var cpuRatio = fread is { } k ? (k.Cpu / oursCpu).ToString("0.00", CultureInfo.InvariantCulture) : "—";
            Console.WriteLine($"{rows,10} {megabytes,7:0} {ours,10:0.000} {oursCpu,6:0.00} {(double.IsNaN(sequentialSeconds) ? "—" : sequentialSeconds.ToString("0.000", CultureInfo.InvariantCulture)),13} {freadText,8} {freadCpu,6} {ratio,14} {cpuRatio,10} {(identical is { } same ? same.ToString() : "—"),10} {LoadAverage().Split(' ')[0],5}");
            File.Delete(path);
        }
    }

    // The minimum wall time and the minimum CPU time (user + system, all threads) of the runs.
    private static (double Wall, double Cpu) MinimumSeconds(int runs, Action action)
    {
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            self.Refresh();
            bestCpu = Math.Min(bestCpu, (self.TotalProcessorTime - cpu).TotalSeconds);
        }

        return (best, bestCpu);
    }

    // data.table::fread with 2 threads: one warm-up read, then the minimum elapsed and CPU (user + system) times of the runs.
    private static (double Wall, double Cpu)? Fread(string rscript, string path, int runs)
    {
        var script = $"suppressMessages(library(data.table)); f <- '{path}'; invisible(fread(f, nThread = 2)); "
            + $"t <- sapply(seq_len({runs}), function(i) {{ gc(); s <- system.time(fread(f, nThread = 2)); c(s[['elapsed']], s[['user.self']] + s[['sys.self']]) }}); "
            + "cat(sprintf('%.4f %.4f', min(t[1, ]), min(t[2, ])))";
        var start = new ProcessStartInfo(rscript) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var parts = output.Trim().Split(' ');
        if (process.ExitCode != 0 || parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var wall)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var cpu))
        {
            Console.WriteLine($"fread did not run (is data.table installed?): {error.Trim()}");
            return null;
        }

        return (wall, cpu);
    }

    private static bool Identical(SourceTable expected, SourceTable actual)
    {
        if (!expected.LineArray!.AsSpan().SequenceEqual(actual.LineArray) || !expected.Notes.SequenceEqual(actual.Notes) || expected.Columns.Count != actual.Columns.Count)
        {
            return false;
        }

        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var same = (expected.Columns[c], actual.Columns[c]) switch
            {
                (NumericColumn e, NumericColumn a) => e.Name == a.Name
                    && System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(e.Values).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(a.Values)),
                (CategoricalColumn e, CategoricalColumn a) => e.Name == a.Name && e.Levels.SequenceEqual(a.Levels) && e.Codes.SequenceEqual(a.Codes),
                _ => false,
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
