using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Tests.Binary;

/// <summary>
/// Quasi-complete and complete separation on every estimation path: the observations a regressor (alone or with the
/// fixed effects) predicts perfectly are dropped with a note naming it, and the fit on the rest equals the fit on the
/// data without those rows; nothing left is an error naming the variable.
/// </summary>
public sealed class SeparationTests
{
    // 40 units × 8 periods; y from a logit with unit effects; x1 an ordinary regressor; d ≥ 0 is positive on some rows
    // of which every one has y = 1 (so d predicts success perfectly there, and is 0 elsewhere); shift a third dimension.
    private static PanelData Panel(int seed, Func<int, int, double, double>? separating = null, Func<int, int, double, double?>? outcome = null)
    {
        var random = new Random(seed);
        var unit = new List<string?>();
        var time = new List<string?>();
        var shift = new List<string?>();
        var y = new List<double>();
        var x1 = new List<double>();
        var d = new List<double>();
        for (var u = 0; u < 40; u++)
        {
            var alpha = random.NextDouble() - 0.5;
            for (var t = 0; t < 8; t++)
            {
                var a = Normal(random);
                var eta = (0.8 * a) + alpha + (0.1 * t) - 0.3;
                var value = random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1.0 : 0.0;
                value = outcome?.Invoke(u, t, a) ?? value;
                unit.Add($"u{u}");
                time.Add($"t{t}");
                shift.Add($"s{(u + t) % 3}");
                y.Add(value);
                x1.Add(a);
                d.Add(separating?.Invoke(u, t, value) ?? (value == 1.0 && (u + (3 * t)) % 7 == 2 ? 0.5 + (0.1 * t) : 0.0));
            }
        }

        return new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("time", time), CategoricalColumn.FromLabels("shift", shift), new NumericColumn("y", y.ToArray()), new NumericColumn("x1", x1.ToArray()), new NumericColumn("d", d.ToArray())]);
    }

    private static PanelData Where(PanelData data, Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, data.RowCount).Where(keep).ToArray();
        return new PanelData(data.Columns.Select(c => c.Select(rows)));
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] Values(PanelData data, string name) => ((NumericColumn)data.Columns.Single(c => c.Name == name)).Values.ToArray();

    private static void AssertEqualsFitWithoutRows(BinaryChoiceResult fit, BinaryChoiceResult reference)
    {
        Assert.Equal(reference.Observations, fit.Observations);
        Assert.DoesNotContain(fit.Coefficients, c => c.Name == "d");
        Assert.Equal(reference["x1"].Estimate, fit["x1"].Estimate, 1e-7);
        Assert.Equal(reference["x1"].StandardError, fit["x1"].StandardError, 1e-6);
        Assert.True(Math.Abs(fit["x1"].Estimate) < 5, "the slope of x1 stays finite and moderate");
    }

    [Theory]
    [InlineData(BinaryLink.Logit, "unit")]
    [InlineData(BinaryLink.Logit, "unit,time")]
    [InlineData(BinaryLink.Logit, "unit,time,shift")]
    [InlineData(BinaryLink.Probit, "unit,time")]
    [InlineData(BinaryLink.Probit, "unit,time,shift")]
    public void QuasiSeparatingRegressorWithAbsorbedEffectsIsDroppedWithItsRows(BinaryLink link, string dimensions)
    {
        var absorbed = dimensions.Split(',');
        // Engines: one dimension and unit + time (8 levels) run the one-pass engine; three dimensions the general loop.
        var data = Panel(11);
        var d = Values(data, "d");
        var separated = d.Count(v => v > 0);
        Assert.InRange(separated, 10, 60);
        var model = link == BinaryLink.Logit ? Model.Logit("y") : Model.Probit("y");
        var fit = model.On("x1", "d").Absorb(absorbed).Fit(data);

        // The reference: the dummy-variable fit without d on the rows where d = 0.
        var reference = model.On("x1").Factors(absorbed).Fit(Where(data, r => d[r] == 0));
        AssertEqualsFitWithoutRows(fit, reference);
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("separation", StringComparison.Ordinal) && n.Message.Contains("'d'", StringComparison.Ordinal));

        // Every row is accounted for: used, separated, or in a level with one outcome only (some of d's rows are).
        var levels = fit.Notes.Where(n => n.Message.Contains("only 0 (or only 1) outcomes", StringComparison.Ordinal)).Sum(n => n.Count ?? 0);
        Assert.Equal(data.RowCount, fit.Observations + note.Count!.Value + levels);
        Assert.InRange(note.Count!.Value, separated - 4, separated);
    }

    [Fact]
    public void FeAndAbsorbGiveTheSameSeparationResult()
    {
        var data = Panel(11);
        var fe = Model.Logit("y").On("x1", "d").Fe("unit", "time").Fit(data);
        var absorbed = Model.Logit("y").On("x1", "d").Absorb("unit", "time").Fit(data);
        Assert.Equal(absorbed.Observations, fe.Observations);
        Assert.Equal(absorbed["x1"].Estimate, fe["x1"].Estimate, 1e-8);
    }

    [Fact]
    public void DummyVariablePathDropsTheSameRows()
    {
        // The pooled (dummy-variable) estimator finds the same separation by the continuous d.
        var data = Panel(11);
        var d = Values(data, "d");
        var fit = Model.Logit("y").On("x1", "d").Factors("unit").Fit(data);
        var reference = Model.Logit("y").On("x1").Factors("unit").Fit(Where(data, r => d[r] == 0));
        AssertEqualsFitWithoutRows(fit, reference);
        Assert.Single(fit.Notes, n => n.Message.Contains("separation", StringComparison.Ordinal) && n.Message.Contains("'d'", StringComparison.Ordinal));
    }

    [Fact]
    public void QuasiSeparationByAContinuousRegressorWithoutFixedEffectsIsDropped()
    {
        // y = 1 on every row with d > 0; where d = 0 both outcomes occur (no single cut separates all rows).
        var data = Panel(5);
        var d = Values(data, "d");
        var fit = Model.Logit("y").On("x1", "d").Fit(data);
        var reference = Model.Logit("y").On("x1").Fit(Where(data, r => d[r] == 0));
        AssertEqualsFitWithoutRows(fit, reference);
        Assert.Equal(reference["(Intercept)"].Estimate, fit["(Intercept)"].Estimate, 1e-7);
    }

    [Fact]
    public void SeparationByOneFixedEffectLevelTogetherWithARegressorDropsThatLevel()
    {
        // d is 0 outside unit u3 and, within u3, y = 1 exactly when d > 0: d together with u3's effect separates u3.
        var data = Panel(7, separating: (u, t, _) => u == 3 ? t - 3.5 : 0.0, outcome: (u, t, _) => u == 3 ? (t > 3 ? 1.0 : 0.0) : null);
        var unit = (CategoricalColumn)data.Columns.Single(c => c.Name == "unit");
        var fit = Model.Logit("y").On("x1", "d").Absorb("unit", "time").Fit(data);
        var reference = Model.Logit("y").On("x1").Factors("unit", "time").Fit(Where(data, r => unit[r] != "u3"));
        AssertEqualsFitWithoutRows(fit, reference);
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("separation", StringComparison.Ordinal) && n.Message.Contains("'d'", StringComparison.Ordinal));
        Assert.Equal(8, note.Count);
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("unit,time,shift")]
    public void CompleteSeparationWithAbsorbedEffectsThrowsNamingTheRegressor(string dimensions)
    {
        var absorbed = dimensions.Split(',');
        // y = 1 exactly when x1 > 0.1: every observation is predicted perfectly.
        var data = Panel(3, separating: (_, _, _) => 0.0, outcome: (_, _, a) => a > 0.1 ? 1.0 : 0.0);
        var error = Assert.Throws<PerfectPredictionException>(() => Model.Logit("y").On("x1").Absorb(absorbed).Fit(data));
        Assert.Equal("x1", error.Variable);
    }

    [Fact]
    public void SeparatingOnlyRegressorThrowsNamingIt()
    {
        // After the rows d predicts are dropped, d is 0 everywhere: no slope is left to estimate.
        var data = Panel(11);
        var error = Assert.Throws<PerfectPredictionException>(() => Model.Logit("y").On("d").Absorb("unit", "time").Fit(data));
        Assert.Equal("d", error.Variable);
    }

    // `units` × 5 periods with a strong regressor x (slope 9, so many fitted probabilities are within 1e-5 of 0 or 1
    // without any separation); d > 0 on some rows with y = 1 only, 0 elsewhere, when `separated`.
    private static PanelData StrongPanel(int units, bool separated)
    {
        var random = new Random(17);
        var unit = new List<string?>();
        var time = new List<string?>();
        var y = new List<double>();
        var x = new List<double>();
        var d = new List<double>();
        for (var u = 0; u < units; u++)
        {
            var alpha = random.NextDouble() - 0.5;
            for (var t = 0; t < 5; t++)
            {
                var value = (2 * random.NextDouble()) - 1;
                var outcome = random.NextDouble() < 1 / (1 + Math.Exp(-(alpha + (9 * value)))) ? 1.0 : 0.0;
                unit.Add($"u{u}");
                time.Add($"t{t}");
                x.Add(value);
                y.Add(outcome);
                d.Add(separated && outcome == 1.0 && u % 97 == 5 ? 1.0 + t : 0.0);
            }
        }

        return new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromLabels("time", time), new NumericColumn("y", y.ToArray()), new NumericColumn("x", x.ToArray()), new NumericColumn("d", d.ToArray())]);
    }

    [Fact]
    public void AStrongRegressorWithoutSeparationKeepsEveryRow()
    {
        var data = StrongPanel(3000, separated: false);
        var fit = Model.Logit("y").On("x", "d").Absorb("unit", "time").Fit(data);
        Assert.DoesNotContain(fit.Notes, n => n.Message.Contains("separation", StringComparison.Ordinal));
        var levels = fit.Notes.Where(n => n.Message.Contains("only 0 (or only 1) outcomes", StringComparison.Ordinal)).Sum(n => n.Count ?? 0);
        Assert.Equal(data.RowCount, fit.Observations + levels);
        Assert.InRange(fit["x"].Estimate, 8, 16);
    }

    [Fact]
    public void SeparationNextToAStrongRegressorIsFound()
    {
        // Many rows are fitted near 0 or 1 by x alone; only d's rows keep moving and d separates them.
        var data = StrongPanel(3000, separated: true);
        var d = Values(data, "d");
        var fit = Model.Logit("y").On("x", "d").Absorb("unit", "time").Fit(data);
        var reference = Model.Logit("y").On("x").Absorb("unit", "time").Fit(Where(data, r => d[r] == 0));
        Assert.DoesNotContain(fit.Coefficients, c => c.Name == "d");
        Assert.Single(fit.Notes, n => n.Message.Contains("separation", StringComparison.Ordinal) && n.Message.Contains("'d'", StringComparison.Ordinal));
        Assert.Equal(reference.Observations, fit.Observations);
        Assert.Equal(reference["x"].Estimate, fit["x"].Estimate, 1e-7);
        Assert.Equal(reference["x"].StandardError, fit["x"].StandardError, 1e-7);
    }
}
