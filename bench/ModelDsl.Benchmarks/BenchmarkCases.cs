using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Benchmarks;

/// <summary>One timed case: setup runs once (untimed), then the returned action is timed.</summary>
internal sealed record BenchmarkCase(string Name, string Description, string[] Columns, Func<BenchmarkData, Action> Setup)
{
    /// <summary>fixest 0.13 figures in seconds (R 4.2.2, 2 cores, 2 threads) from the performance issue, by rows.</summary>
    public IReadOnlyDictionary<int, double> FixestSeconds { get; init; } = new Dictionary<int, double>();

    public static IReadOnlyList<BenchmarkCase> All { get; } =
    [
        new("fe2", "y ~ x1 + x2 | unit + time, cluster(unit)", ["y", "x1", "x2", "unit", "time"],
            data => () => Model.Regress("y").On("x1", "x2").Fe("unit", "time").Cluster("unit").Fit(data.Panel))
        {
            FixestSeconds = new Dictionary<int, double> { [1_000_000] = 0.22, [5_000_000] = 1.31, [10_000_000] = 1.93 },
        },
        new("fe3", "y ~ x1 + x2 | unit + time + firm, cluster(unit)", ["y", "x1", "x2", "unit", "time", "firm"],
            data => () => Model.Regress("y").On("x1", "x2").Fe("unit", "time", "firm").Cluster("unit").Fit(data.Panel))
        {
            FixestSeconds = new Dictionary<int, double> { [1_000_000] = 0.50, [5_000_000] = 2.14, [10_000_000] = 3.92 },
        },
        new("iv-fe2", "2SLS y ~ x2 | unit + time | x1 ~ z, cluster(unit); z = x1 + N(0,1) added untimed (compare with fe2 in the same run)", ["y", "x1", "x2", "unit", "time"],
            data =>
            {
                var random = new Random(7);
                var x1 = data.Panel.Numeric("x1").Values;
                var z = new double[x1.Length];
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = x1[i] + Normal(random);
                }

                var panel = data.Panel.WithColumn(new NumericColumn("z", z));
                return () => Model.Regress("y").On("x2").Instrument("x1", with: ["z"]).Fe("unit", "time").Cluster("unit").Fit(panel);
            }),
        new("logit-fe2", "logit ybin ~ x1 + x2 | unit + time (IRLS, weighted demeaning), cluster(unit)", ["ybin", "x1", "x2", "unit", "time"],
            data => () => Model.Logit("ybin").On("x1", "x2").Absorb("unit", "time").Cluster("unit").Fit(data.Panel)),
        new("event", "event study i(rel_time, ref = -1), window -15..15 (30 terms) | unit + time, cluster(unit)", ["y", "cohort", "unit", "time"],
            data => () => Model.EventStudy("y").Cohort("cohort").Window(-15, 15).Reference(-1).Fe("unit", "time").Cluster("unit").Fit(data.Panel))
        {
            FixestSeconds = new Dictionary<int, double> { [1_000_000] = 2.3, [5_000_000] = 14.5 },
        },
        new("placebo", "500-draw placebo of the staggered DID y ~ treat | unit + time (fit included)", ["y", "cohort", "unit", "time"],
            data => () => Causal.PlaceboInference.Run(Model.Did("y").Cohort("cohort").Fe("unit", "time").Cluster("unit").Fit(data.Panel), draws: 500, seed: 1)),
        new("cs", "Callaway–Sant'Anna ATT(g,t), 12 cohorts × 20 periods, balanced 1M-row panel, 999 Rademacher bootstrap draws; simple and dynamic aggregations", ["y", "cohort", "unit", "time"],
            data =>
            {
                // CS uses the balanced panel: the same generator without the 15 % missing unit-periods (otherwise 96 % of units would be dropped).
                var balanced = BenchmarkData.Generate(data.Panel.RowCount, difficult: false, balanced: true).Panel;
                return () =>
                {
                    var result = Model.CallawaySantAnna("y").Cohort("cohort").Bootstrap(999, seed: 1).Fit(balanced);
                    _ = result.Simple();
                    _ = result.Dynamic();
                };
            }),
        new("sdm", "spatial Durbin model, two-way effects, Lee–Yu corrected: 3,000 regions (60 × 50 grid, queen contiguity, row-standardised) × 20 years; the rows argument is ignored; exact ln|I − ρW| by sparse Cholesky", ["y", "x1", "x2", "unit", "time"],
            _ =>
            {
                var (panel, weights) = SpatialGrid(60, 50, 20);
                return () => Model.Spatial("y").On("x1", "x2").Weights(weights).Durbin().Fe("unit", "time").Fit(panel);
            }),
        new("sac", "SAC (spatial lag and error), two-way effects, Lee–Yu corrected: the sdm case's 3,000 regions × 20 years; joint (ρ, λ) search, exact ln|I − ρW| and ln|I − λW| by sparse Cholesky", ["y", "x1", "x2", "unit", "time"],
            _ =>
            {
                var (panel, weights) = SpatialGrid(60, 50, 20);
                return () => Model.Spatial("y").On("x1", "x2").Weights(weights).LagAndError().Fe("unit", "time").Fit(panel);
            }),
        new("csv", "read the panel from a CSV file", ["y", "ybin", "x1", "x2", "treat", "cohort", "rel_time", "unit", "time", "firm"],
            data =>
            {
                var path = Path.Combine(Path.GetTempPath(), $"modeldsl-bench-{data.Panel.RowCount}.csv");
                WriteCsv(data.Panel, path);
                return () => PanelData.ReadCsv(path, "unit", "time");
            }),
        new("parquet", "read the panel from a Parquet file (PanelData.WriteParquet); side by side: our CSV reader and data.table::fread on the same data as CSV", ["y", "ybin", "x1", "x2", "treat", "cohort", "rel_time", "unit", "time", "firm"],
            SourceBenchmarks.Parquet),
        new("duckdb", "DuckDB table (in memory) to a panel through DuckDbSource; side by side: DuckDB's own scan of every column (sums), and Parquet via DuckDB", ["y", "ybin", "x1", "x2", "treat", "cohort", "rel_time", "unit", "time", "firm"],
            SourceBenchmarks.DuckDb),
    ];

    /// <summary>Figures measured side by side in the same child process (peer tools, other paths), in seconds; added to the case's JSON.</summary>
    public static Dictionary<string, object> SideBySide { get; } = [];
    /// <summary>
    /// A rows × columns grid of regions with queen contiguity (row-standardised) and a panel drawn from the spatial Durbin
    /// model y = (I − 0.4W)⁻¹(x1 − 0.5x2 + 0.3Wx1 + μᵢ + αₜ + ε) (y by fixed-point iteration, 200 steps: 0.4²⁰⁰ is nil).
    /// </summary>
    private static (PanelData Panel, Spatial.SpatialWeights Weights) SpatialGrid(int rows, int columns, int periods)
    {
        var n = rows * columns;
        var ids = Enumerable.Range(0, n).Select(i => $"r{i:D5}").ToArray();
        var pairs = new List<(string, string)>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                for (var dr = -1; dr <= 1; dr++)
                {
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        var (r2, c2) = (r + dr, c + dc);
                        if ((dr != 0 || dc != 0) && r2 >= 0 && r2 < rows && c2 >= 0 && c2 < columns)
                        {
                            pairs.Add((ids[(r * columns) + c], ids[(r2 * columns) + c2]));
                        }
                    }
                }
            }
        }

        var weights = Spatial.SpatialWeights.FromNeighbourPairs(ids, pairs).RowStandardize();
        var random = new Random(11);
        var unitEffect = Enumerable.Range(0, n).Select(_ => Normal(random)).ToArray();
        var total = n * periods;
        double[] y = new double[total], x1 = new double[total], x2 = new double[total];
        var unit = new string[total];
        var time = new string[total];
        for (var t = 0; t < periods; t++)
        {
            var timeEffect = Normal(random);
            var a = Enumerable.Range(0, n).Select(_ => Normal(random)).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => Normal(random)).ToArray();
            var wa = weights.Lag(a);
            var rhs = Enumerable.Range(0, n).Select(i => a[i] - (0.5 * b[i]) + (0.3 * wa[i]) + unitEffect[i] + timeEffect + Normal(random)).ToArray();
            var v = (double[])rhs.Clone();
            for (var step = 0; step < 200; step++)
            {
                var wv = weights.Lag(v);
                for (var i = 0; i < n; i++)
                {
                    v[i] = rhs[i] + (0.4 * wv[i]);
                }
            }

            for (var i = 0; i < n; i++)
            {
                var row = (t * n) + i;
                (y[row], x1[row], x2[row], unit[row]) = (v[i], a[i], b[i], ids[i]);
                time[row] = (2001 + t).ToString(CultureInfo.InvariantCulture);
            }
        }

        var panel = new PanelData([new NumericColumn("y", y), new NumericColumn("x1", x1), new NumericColumn("x2", x2), CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("time", time)]).AsPanel("unit", "time");
        return (panel, weights);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static void WriteCsv(PanelData panel, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(',', panel.ColumnNames));
        var line = new System.Text.StringBuilder();
        for (var row = 0; row < panel.RowCount; row++)
        {
            line.Clear();
            for (var c = 0; c < panel.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                switch (panel.Columns[c])
                {
                    case NumericColumn numeric:
                        if (!double.IsNaN(numeric[row]))
                        {
                            line.Append(numeric[row].ToString("R", CultureInfo.InvariantCulture));
                        }

                        break;
                    case CategoricalColumn categorical:
                        line.Append(categorical[row]);
                        break;
                }
            }

            writer.WriteLine(line);
        }
    }
}
