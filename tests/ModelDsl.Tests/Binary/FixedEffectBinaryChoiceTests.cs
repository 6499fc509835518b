using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Tests.Binary;

public sealed class FixedEffectBinaryChoiceTests
{
    // A panel of `units` × 8 periods (some unit-periods missing); units whose outcomes are all 0 or all 1 are removed
    // unless `keepPerfect`.
    private static PanelData Panel(int units, int seed, bool keepPerfect = false, bool shuffle = false)
    {
        var random = new Random(seed);
        var unit = new List<string?>();
        var time = new List<string?>();
        var y = new List<double>();
        var x1 = new List<double>();
        var x2 = new List<double>();
        for (var u = 0; u < units; u++)
        {
            var alpha = random.NextDouble() - 0.5;
            var rows = new List<(int T, double Y, double X1, double X2)>();
            for (var t = 0; t < 8; t++)
            {
                if (t > 1 && random.NextDouble() < 0.15)
                {
                    continue;
                }

                var a = (0.3 * alpha) + Normal(random);
                var b = Normal(random);
                var eta = -0.2 + (0.5 * a) - (0.3 * b) + alpha + (0.1 * t);
                var outcome = random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;

                // With keepPerfect, every ninth unit never has y = 1 and every eleventh always has it.
                outcome = keepPerfect && u % 9 == 4 ? 0 : keepPerfect && u % 11 == 5 ? 1 : outcome;
                rows.Add((t, outcome, a, b));
            }

            if (!keepPerfect && (rows.All(r => r.Y == 0) || rows.All(r => r.Y == 1)))
            {
                continue;
            }

            foreach (var r in rows)
            {
                unit.Add($"u{u}");
                time.Add($"t{r.T}");
                y.Add(r.Y);
                x1.Add(r.X1);
                x2.Add(r.X2);
            }
        }

        if (shuffle)
        {
            var order = Enumerable.Range(0, y.Count).OrderBy(_ => random.Next()).ToArray();
            unit = [.. order.Select(i => unit[i])];
            time = [.. order.Select(i => time[i])];
            y = [.. order.Select(i => y[i])];
            x1 = [.. order.Select(i => x1[i])];
            x2 = [.. order.Select(i => x2[i])];
        }

        var shift = Enumerable.Range(0, y.Count).Select(i => $"s{(int.Parse(unit[i]![1..], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(time[i]![1..], System.Globalization.CultureInfo.InvariantCulture)) % 3}").ToList();
        return new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("time", time), CategoricalColumn.FromLabels("shift", shift), new NumericColumn("y", y.ToArray()), new NumericColumn("x1", x1.ToArray()), new NumericColumn("x2", x2.ToArray())]);
    }

    // Same sample, slopes (1e-8), standard errors and log-likelihood (at the given tolerances) in both fits.
    private static void AssertSameFit(BinaryChoiceResult expected, BinaryChoiceResult actual, double standardErrorTolerance, double logLikelihoodTolerance, params string[] names)
    {
        Assert.Equal(expected.Observations, actual.Observations);
        foreach (var name in names)
        {
            Assert.Equal(expected[name].Estimate, actual[name].Estimate, 1e-8);
            Assert.Equal(expected[name].StandardError, actual[name].StandardError, standardErrorTolerance);
        }

        Assert.Equal(expected.LogLikelihood, actual.LogLikelihood, logLikelihoodTolerance);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [InlineData(BinaryLink.Logit, false)]
    [InlineData(BinaryLink.Logit, true)]
    [InlineData(BinaryLink.Probit, false)]
    [InlineData(BinaryLink.Probit, true)]
    public void AbsorbedSlopesAndStandardErrorsEqualTheDummyVariableFit(BinaryLink link, bool cluster)
    {
        var data = Panel(40, 3);
        var model = link == BinaryLink.Logit ? Model.Logit("y") : Model.Probit("y");
        model = model.On("x1", "x2");
        if (cluster)
        {
            model = model.Cluster("unit");
        }

        var absorbed = model.Absorb("unit", "time").Fit(data);
        var dummies = model.Factors("unit", "time").Fit(data);
        Assert.Equal(["x1", "x2"], absorbed.Coefficients.Select(c => c.Name));
        AssertSameFit(dummies, absorbed, 1e-6, 1e-7, "x1", "x2");
    }

    [Theory]
    [InlineData(BinaryLink.Logit)]
    [InlineData(BinaryLink.Probit)]
    public void ThreeAbsorbedDimensionsEqualTheDummyVariableFit(BinaryLink link)
    {
        // Two further dimensions: the general loop (conjugate-gradient demeaning) rather than the one-pass engine.
        var data = Panel(40, 5);
        var model = (link == BinaryLink.Logit ? Model.Logit("y") : Model.Probit("y")).On("x1", "x2").Cluster("unit");
        var absorbed = model.Absorb("unit", "time", "shift").Fit(data);
        var dummies = model.Factors("unit", "time", "shift").Fit(data);
        AssertSameFit(dummies, absorbed, 1e-6, 1e-7, "x1", "x2");
    }

    [Fact]
    public void ManyLevelsPerUnitInTheSecondDimensionEqualTheDummyVariableFit()
    {
        // A second dimension with more levels than four times a unit's rows: the one-pass engine visits only the
        // levels present in each unit when it accumulates S (its sparse path), rather than a dense tally.
        var random = new Random(23);
        var unit = new List<string?>();
        var week = new List<string?>();
        var y = new List<double>();
        var x = new List<double>();
        for (var u = 0; u < 100; u++)
        {
            var alpha = random.NextDouble() - 0.5;
            var rows = new List<(int Week, double Y, double X)>();
            for (var t = 0; t < 8; t++)
            {
                var w = random.Next(40);
                var value = (0.3 * alpha) + Normal(random);
                var eta = -0.1 + (0.6 * value) + alpha + (0.02 * w);
                rows.Add((w, random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0, value));
            }

            if (rows.All(r => r.Y == 0) || rows.All(r => r.Y == 1))
            {
                continue;
            }

            foreach (var r in rows)
            {
                unit.Add($"u{u}");
                week.Add($"w{r.Week}");
                y.Add(r.Y);
                x.Add(r.X);
            }
        }

        var data = new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("week", week), new NumericColumn("y", y.ToArray()), new NumericColumn("x", x.ToArray())]);
        var absorbed = Model.Logit("y").On("x").Absorb("unit", "week").Cluster("unit").Fit(data);
        var dummies = Model.Logit("y").On("x").Factors("unit", "week").Cluster("unit").Fit(data);
        AssertSameFit(dummies, absorbed, 1e-6, 1e-7, "x");
    }

    [Fact]
    public void LargePanelOnePassEngineEqualsTheGeneralLoop()
    {
        // 15,000 units × 8 periods (~100,000 rows after missing periods): many cache blocks per lane, lanes in
        // parallel. A third dimension with one level changes nothing in the model but sends the fit through the
        // general loop (conjugate-gradient demeaning each iteration), so the two engines are compared directly.
        var data = Panel(15_000, 29);
        var all = new CategoricalColumn[] { CategoricalColumn.FromLabels("all", Enumerable.Repeat<string?>("one", data.RowCount).ToList()) };
        var withConstant = new PanelData(data.Columns.Concat(all));
        Assert.True(data.RowCount > 90_000);
        var model = Model.Logit("y").On("x1", "x2").Cluster("unit");
        var engine = model.Absorb("unit", "time").Fit(withConstant);
        var general = model.Absorb("unit", "time", "all").Fit(withConstant);
        AssertSameFit(general, engine, 1e-8, 1e-6, "x1", "x2");
    }

    [Fact]
    public void RowsOutOfPanelOrderGiveTheSameFitInTheirOwnOrder()
    {
        // The same panel with its rows shuffled: the engine sorts rows by unit internally and reports in row order.
        var sorted = Panel(60, 11);
        var shuffled = Panel(60, 11, shuffle: true);
        var model = Model.Logit("y").On("x1", "x2").Absorb("unit", "time").Cluster("unit");
        var a = model.Fit(sorted);
        var b = model.Fit(shuffled);
        Assert.Equal(a.Observations, b.Observations);
        foreach (var name in new[] { "x1", "x2" })
        {
            Assert.Equal(a[name].Estimate, b[name].Estimate, 1e-10);
            Assert.Equal(a[name].StandardError, b[name].StandardError, 1e-9);
        }

        Assert.Equal(a.LogLikelihood, b.LogLikelihood, 1e-9);
        Assert.Equal(Enumerable.Range(0, shuffled.RowCount), b.SampleRows);

        // Each row's linear index belongs to that row: minus its own x'β it is the row's unit + time effect, the same
        // in both fits for the same unit-time cell.
        var offsets = new Dictionary<(string?, string?), double>();
        var sortedX1 = sorted.Numeric("x1").Values.ToArray();
        var sortedX2 = sorted.Numeric("x2").Values.ToArray();
        for (var i = 0; i < a.SampleRows.Count; i++)
        {
            var row = a.SampleRows[i];
            offsets[(sorted.Categorical("unit")[row], sorted.Categorical("time")[row])] = a.LinearIndex[i] - (a["x1"].Estimate * sortedX1[row]) - (a["x2"].Estimate * sortedX2[row]);
        }

        var x1 = shuffled.Numeric("x1").Values.ToArray();
        var x2 = shuffled.Numeric("x2").Values.ToArray();
        for (var i = 0; i < b.SampleRows.Count; i++)
        {
            var row = b.SampleRows[i];
            var offset = b.LinearIndex[i] - (b["x1"].Estimate * x1[row]) - (b["x2"].Estimate * x2[row]);
            Assert.Equal(offsets[(shuffled.Categorical("unit")[row], shuffled.Categorical("time")[row])], offset, 1e-8);
        }
    }

    [Fact]
    public void LargeSampleAbsorbedFitEqualsTheDummyFit()
    {
        // 120,000 rows: the parallel evaluation, cross-product and demeaning paths; one dimension of 6 levels.
        var random = new Random(17);
        const int n = 120_000;
        var group = new string?[n];
        var y = new double[n];
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var g = random.Next(6);
            group[i] = $"g{g}";
            x[i] = Normal(random);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-((0.4 * x[i]) + (0.3 * g) - 0.8))) ? 1 : 0;
        }

        var data = new PanelData([CategoricalColumn.FromLabels("g", group), new NumericColumn("y", y), new NumericColumn("x", x)]);
        var absorbed = Model.Logit("y").On("x").Absorb("g").Cluster("g").Fit(data);
        var dummies = Model.Logit("y").On("x").Factors("g").Cluster("g").Fit(data);
        Assert.Equal(dummies["x"].Estimate, absorbed["x"].Estimate, 1e-8);
        Assert.Equal(dummies["x"].StandardError, absorbed["x"].StandardError, 1e-6);
        Assert.Equal(dummies.LogLikelihood, absorbed.LogLikelihood, 1e-6);
    }

    [Fact]
    public void FeAbsorbsWhenTheFixedEffectsHaveManyLevels()
    {
        var data = Panel(130, 4);
        var fe = Model.Logit("y").On("x1", "x2").Fe("unit", "time").Cluster("unit").Fit(data);
        var absorbed = Model.Logit("y").On("x1", "x2").Absorb("unit", "time").Cluster("unit").Fit(data);
        Assert.Equal(2, fe.Coefficients.Count);
        Assert.Equal(absorbed["x1"].Estimate, fe["x1"].Estimate, 1e-12);
        Assert.Equal(absorbed["x1"].StandardError, fe["x1"].StandardError, 1e-12);
    }

    [Fact]
    public void LevelsWithOnlyZerosOrOnlyOnesAreDroppedWithANote()
    {
        var data = Panel(40, 7, keepPerfect: true);
        var y = data.Numeric("y").Values.ToArray();
        var unit = data.Categorical("unit").Codes.ToArray();
        var perfectRows = Enumerable.Range(0, data.RowCount).GroupBy(i => unit[i]).Where(g => g.All(i => y[i] == 0) || g.All(i => y[i] == 1)).ToArray();
        Assert.NotEmpty(perfectRows);
        var expectedRows = perfectRows.Sum(g => g.Count());

        var fit = Model.Logit("y").On("x1", "x2").Absorb("unit", "time").Fit(data);

        Assert.Equal(data.RowCount - expectedRows, fit.Observations);
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("only 0 (or only 1) outcomes", StringComparison.Ordinal));
        Assert.Equal(expectedRows, note.Count);
        Assert.StartsWith($"{expectedRows} observations removed because of only 0 (or only 1) outcomes of 'y' in a fixed-effect level ({perfectRows.Length} levels of unit)", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegressorAbsorbedByTheFixedEffectsIsDroppedWithANote()
    {
        var data = Panel(40, 9);
        var unit = data.Categorical("unit").Codes.ToArray();
        var constantWithinUnit = Enumerable.Range(0, data.RowCount).Select(i => (double)(unit[i] % 3)).ToArray();
        var withColumn = new PanelData(data.Columns.Append(new NumericColumn("z", constantWithinUnit)));
        var fit = Model.Logit("y").On("x1", "z", "x2").Absorb("unit", "time").Fit(withColumn);
        Assert.Equal(["x1", "x2"], fit.Coefficients.Select(c => c.Name));
        Assert.Single(fit.Notes, n => n.Kind == NoteKind.Absorbed && n.Message.StartsWith("z was dropped", StringComparison.Ordinal));
    }
}
