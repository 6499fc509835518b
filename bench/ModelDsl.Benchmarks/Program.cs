using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using ModelDsl.Benchmarks;
using ModelDsl.Data;

// The benchmark suite of the performance issue. Without arguments it runs every case at 1M rows, each
// in a child process (so the peak working set is per case), and prints a table and JSON.
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- [--sizes 1M,5M] [--cases fe2,fe3] [--runs 5] [--json out.json]
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- child <case> <rows> <difficult> <runs>
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- wild-size [replications]   (test size with 30 clusters)
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- wild-rejection [replications]   (CR1 vs wild bootstrap, few treated clusters)
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- stream 100M [folder] [--check] [--source parquet|duckdb] [--copy] [--no-read-pass]   (Parquet, not in CI)
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- stream-1B [folder] [--check]   (= stream 1000M --source duckdb: 10M units x 100 periods, not in CI)
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- wild-large   (9,999 draws on 1M rows, timing only)
//   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- csv-fread [1M,10M] [runs] [--no-sequential]   (ReadCsv vs data.table::fread, 2 threads)
var options = args.ToList();
if (options.Count > 0 && options[0] == "child")
{
    RunChild(options[1], int.Parse(options[2], CultureInfo.InvariantCulture), bool.Parse(options[3]), int.Parse(options[4], CultureInfo.InvariantCulture));
    return 0;
}

// The stream cases (never in CI): dotnet run -c Release --project bench/ModelDsl.Benchmarks -- stream <rows> [folder] [--check] [--source parquet|duckdb] [--copy]
if (options.Count > 0 && options[0] is "stream" or "stream-1B")
{
    var oneBillion = options[0] == "stream-1B";
    var positional = options.Skip(1).TakeWhile(o => !o.StartsWith("--", StringComparison.Ordinal)).ToList();
    var rows = oneBillion ? 1_000_000_000 : ParseSize(positional[0]);
    var folder = positional.Skip(oneBillion ? 0 : 1).FirstOrDefault() ?? "/work/bench-data";
    var at = options.IndexOf("--source");
    var source = oneBillion ? "duckdb" : at >= 0 ? options[at + 1] : "parquet";
    StreamingBenchmark.Run(rows, folder, options.Contains("--check"), source, oneBillion || source.StartsWith("duckdb", StringComparison.Ordinal) || options.Contains("--copy"), !options.Contains("--no-read-pass"));
    return 0;
}

if (options.Count > 0 && options[0] == "wild-large")
{
    WildBootstrapSize.RunLarge();
    return 0;
}

if (options.Count > 0 && options[0] == "wild-rejection")
{
    WildBootstrapRejection.Run(options.Count > 1 ? int.Parse(options[1], CultureInfo.InvariantCulture) : 1000);
    return 0;
}

if (options.Count > 0 && options[0] == "csv-fread")
{
    CsvReadBenchmark.Run(
        (options.Count > 1 ? options[1] : "1M,10M").Split(',').Select(ParseSize).ToArray(),
        options.Count > 2 ? int.Parse(options[2], CultureInfo.InvariantCulture) : 5,
        sequentialToo: !options.Contains("--no-sequential"));
    return 0;
}

if (options.Count > 0 && options[0] == "wild-size")
{
    WildBootstrapSize.Run(options.Count > 1 ? int.Parse(options[1], CultureInfo.InvariantCulture) : 1000);
    WildBootstrapSize.RunLarge();
    return 0;
}

var sizes = Option("--sizes", "1M").Split(',').Select(ParseSize).ToArray();
var caseNames = Option("--cases", string.Join(',', BenchmarkCase.All.Select(c => c.Name))).Split(',');
var runs = int.Parse(Option("--runs", "5"), CultureInfo.InvariantCulture);
var jsonPath = Option("--json", string.Empty);
var difficultToo = !options.Contains("--no-difficult");

var results = new List<JsonElement>();
var startedUtc = DateTime.UtcNow;
var machine = $"{CpuModel()}, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}, .NET {Environment.Version}";
var startLoad = LoadAverage();
Console.WriteLine($"machine: {machine}");
Console.WriteLine($"load average at start: {startLoad}");
Console.WriteLine($"{"case",-16} {"rows",10} {"median s",9} {"cpu s",7} {"fixest s",9} {"speed-up",8} {"peak MB",8} {"stream s",9} {"× stream",9} {"load",5}");
foreach (var size in sizes)
{
    foreach (var name in caseNames)
    {
        foreach (var difficult in difficultToo && name is "fe2" or "fe3" ? new[] { false, true } : [false])
        {
            var result = RunInChild(name, size, difficult, runs);
            results.Add(result);
            var median = result.GetProperty("median_seconds").GetDouble();
            var fixest = result.GetProperty("fixest_seconds");
            var fixestText = fixest.ValueKind == JsonValueKind.Number ? fixest.GetDouble().ToString("0.00", CultureInfo.InvariantCulture) : "—";
            var speedup = fixest.ValueKind == JsonValueKind.Number ? (fixest.GetDouble() / median).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "—";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.GetProperty("case").GetString(),-16} {result.GetProperty("rows").GetInt32(),10} {median,9:0.000} {result.GetProperty("cpu_seconds").GetDouble(),7:0.00} {fixestText,9} {speedup,8} {result.GetProperty("peak_working_set_mb").GetDouble(),8:0} {result.GetProperty("stream_seconds").GetDouble(),9:0.0000} {result.GetProperty("ratio_to_stream").GetDouble(),9:0} {result.GetProperty("load_average").GetString()?.Split(' ')[0],5}"));
            if (result.TryGetProperty("side_by_side", out var side) && side.ValueKind == JsonValueKind.Object)
            {
                foreach (var figure in side.EnumerateObject())
                {
                    Console.WriteLine($"    side by side: {figure.Name} = {figure.Value}");
                }
            }
        }
    }
}

var json = JsonSerializer.Serialize(
    new Dictionary<string, object>
    {
        ["machine"] = machine,
        ["command"] = "dotnet run -c Release --project bench/ModelDsl.Benchmarks -- " + string.Join(' ', args),
        ["started_utc"] = startedUtc.ToString("u", CultureInfo.InvariantCulture),
        ["load_average_at_start"] = startLoad,
        ["load_average_at_end"] = LoadAverage(),
        ["results"] = results,
    },
    new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
if (jsonPath.Length > 0)
{
    File.WriteAllText(jsonPath, json);
    Console.WriteLine($"JSON written to {jsonPath}");
}
else
{
    Console.WriteLine(json);
}

return 0;

string Option(string name, string fallback)
{
    var at = options.IndexOf(name);
    return at >= 0 && at + 1 < options.Count ? options[at + 1] : fallback;
}

static int ParseSize(string text)
{
    text = text.Trim().ToUpperInvariant();
    return text.EndsWith('M') ? (int)(double.Parse(text[..^1], CultureInfo.InvariantCulture) * 1_000_000)
        : text.EndsWith('K') ? (int)(double.Parse(text[..^1], CultureInfo.InvariantCulture) * 1_000)
        : int.Parse(text, CultureInfo.InvariantCulture);
}

static JsonElement RunInChild(string name, int rows, bool difficult, int runs)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(BenchmarkCase).Assembly.Location);
    }

    foreach (var argument in new[] { "child", name, rows.ToString(CultureInfo.InvariantCulture), difficult.ToString(), runs.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"Case '{name}' at {rows} rows failed with exit code {process.ExitCode}.");
    }

    return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
}

static void RunChild(string name, int rows, bool difficult, int runs)
{
    var benchmark = BenchmarkCase.All.Single(c => c.Name == name);
    var data = BenchmarkData.Generate(rows, difficult);
    var action = benchmark.Setup(data);
    var streamSeconds = StreamSeconds(data.Panel, benchmark.Columns);

    // The peak working set counts from here: the data in memory (as in the fixest figures), not the generator's
    // scratch. Linux resets the high-water mark (VmHWM) when 5 is written to /proc/self/clear_refs.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var peakReset = TryResetPeak();
    action(); // warm-up: JIT and first-touch of the arrays
    var times = new double[runs];
    var cpu = new double[runs];
    using var self = Process.GetCurrentProcess();
    for (var r = 0; r < runs; r++)
    {
        // The previous run's result is garbage now: collect it so that the peak working set is one fit's, not the
        // sum of the runs' (the large-object heap is otherwise collected late).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        self.Refresh();
        var cpuStart = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        times[r] = watch.Elapsed.TotalSeconds;
        self.Refresh();
        cpu[r] = (self.TotalProcessorTime - cpuStart).TotalSeconds;
    }

    var sorted = times.Order().ToArray();
    var median = sorted[runs / 2];
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var fixest = !difficult && benchmark.FixestSeconds.TryGetValue(rows, out var seconds) ? seconds : (double?)null;
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["case"] = difficult ? name + "-difficult" : name,
        ["description"] = benchmark.Description,
        ["rows"] = data.Panel.RowCount,
        ["runs_seconds"] = times,
        ["median_seconds"] = median,
        ["cpu_seconds"] = cpu.Order().ToArray()[runs / 2],
        ["load_average"] = LoadAverage(),
        ["fixest_seconds"] = fixest,
        ["peak_working_set_mb"] = process.PeakWorkingSet64 / 1048576.0,
        ["peak_counts_from"] = peakReset ? "data in memory (generator excluded)" : "process start (generator included)",
        ["stream_seconds"] = streamSeconds,
        ["ratio_to_stream"] = median / streamSeconds,
        ["side_by_side"] = BenchmarkCase.SideBySide.Count > 0 ? BenchmarkCase.SideBySide : null,
    }));
}

// Resets the kernel's peak resident set size of this process; false where that is not possible.
static bool TryResetPeak()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return true;
    }
    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
    {
        return false;
    }
}

// The processor model (Linux), for the machine description.
static string CpuModel()
{
    const string key = "model name";
    var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) : null;
    return line is null ? "unknown processor" : line[(line.IndexOf(':') + 1)..].Trim();
}

// The 1-minute load average (Linux), so that figures from a shared machine can be judged.
static string LoadAverage()
    => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// The memory-bandwidth bound: one streaming pass over the bytes of the columns a case reads, so that
// "× stream" compares across machines.
static double StreamSeconds(PanelData panel, string[] columns)
{
    var best = double.MaxValue;
    double sink = 0;
    for (var r = 0; r < 5; r++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var name in columns)
        {
            switch (panel[name])
            {
                case NumericColumn numeric:
                    var values = numeric.Values;
                    var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(values);
                    var accumulator = System.Numerics.Vector<double>.Zero;
                    foreach (var vector in vectors)
                    {
                        accumulator += vector;
                    }

                    sink += System.Numerics.Vector.Sum(accumulator);
                    break;
                case CategoricalColumn categorical:
                    long total = 0;
                    foreach (var code in categorical.Codes)
                    {
                        total += code;
                    }

                    sink += total;
                    break;
            }
        }

        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }

    GC.KeepAlive(sink);
    return best;
}
