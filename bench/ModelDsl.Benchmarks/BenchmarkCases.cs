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
        new("csv", "read the panel from a CSV file", ["y", "ybin", "x1", "x2", "treat", "cohort", "rel_time", "unit", "time", "firm"],
            data =>
            {
                var path = Path.Combine(Path.GetTempPath(), $"modeldsl-bench-{data.Panel.RowCount}.csv");
                WriteCsv(data.Panel, path);
                return () => PanelData.ReadCsv(path, "unit", "time");
            }),
    ];

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
