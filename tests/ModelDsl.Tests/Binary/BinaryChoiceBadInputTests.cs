using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Tests.Binary;

public sealed class BinaryChoiceBadInputTests
{
    private static PanelData Frame(params (string Name, double[] Values)[] columns)
        => new(columns.Select(c => (Column)new NumericColumn(c.Name, c.Values)));

    private static readonly double[] Y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1];
    private static readonly double[] X = [0.3, -1.2, 0.8, 0.1, -0.4, 1.5, -0.7, 0.2, 2.0, -1.1, 0.9, -0.2];

    [Fact]
    public void DummyPredictingSuccessIsDroppedWithItsRowsAndNamed()
    {
        // Every row with d = 1 has y = 1: quasi-complete separation by d (Stata: "d != 0 predicts success perfectly").
        double[] d = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0];
        var fit = Model.Logit("y").On("x", "d").Fit(Frame(("y", Y), ("x", X), ("d", d)));
        Assert.Equal(9, fit.Observations);
        Assert.DoesNotContain(fit.Coefficients, c => c.Name == "d");
        var note = Assert.Single(fit.Notes, n => n.Message.StartsWith("d != 0 predicts success", StringComparison.Ordinal));
        Assert.Equal(3, note.Count);
    }

    [Fact]
    public void ManySeparatingLevelsOfOneFactorShareOneNote()
    {
        // 12 units × 5 periods; units u0–u4 never have y = 1, so their dummies predict failure perfectly.
        var random = new Random(9);
        var unit = new List<string?>();
        var y = new List<double>();
        var x = new List<double>();
        for (var u = 0; u < 12; u++)
        {
            for (var t = 0; t < 5; t++)
            {
                unit.Add($"u{u}");
                var v = random.NextDouble() - 0.5;
                x.Add(v);
                y.Add(u < 5 ? 0.0 : (random.NextDouble() < 0.5 + (0.3 * v) ? 1.0 : 0.0));
            }
        }

        var data = new PanelData([CategoricalColumn.FromLabels("unit", unit), new NumericColumn("y", y.ToArray()), new NumericColumn("x", x.ToArray())]);
        var fit = Model.Logit("y").On("x").Fe("unit").Fit(data);

        // The reference level u0 has only failures too: the intercept with the other dummies separates its 5 rows,
        // which the separation check drops (as the absorbed fit drops all five levels).
        Assert.Equal(35, fit.Observations);
        var separation = Assert.Single(fit.Notes, n => n.Message.StartsWith("'unit' predicts 'y' perfectly for 5 observations", StringComparison.Ordinal));
        Assert.Equal(5, separation.Count);
        Assert.Equal(35, Model.Logit("y").On("x").Absorb("unit").Fit(data).Observations);
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("levels of unit predict failure", StringComparison.Ordinal));
        Assert.StartsWith("4 levels of unit predict failure of 'y' perfectly (unit=u1, unit=u2, unit=u3, …)", note.Message, StringComparison.Ordinal);
        Assert.Equal(20, note.Count);
    }

    [Fact]
    public void ContinuousSeparationThrowsNamingTheVariable()
    {
        double[] z = [1, 2, 10, 3, 11, 12, 4, 13, 14, 5, 6, 15];
        var error = Assert.Throws<PerfectPredictionException>(() => Model.Probit("y").On("x", "z").Fit(Frame(("y", Y), ("x", X), ("z", z))));
        Assert.Equal("z", error.Variable);
        Assert.Contains("complete separation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultivariateSeparationThrows()
    {
        // y = 1 exactly when a + b > 0, while neither a nor b alone separates.
        double[] a = [1, -2, 2, -1, 0.5, 3, -3, 1.5, 1, -0.5, 2, -1];
        double[] b = [-2, 1, -1, 0.5, 1, -2, 2, -1, 0.5, -0.2, -3, 2];
        double[] y = a.Zip(b, (p, q) => p + q > 0 ? 1.0 : 0.0).ToArray();
        var error = Assert.Throws<PerfectPredictionException>(() => Model.Logit("y").On("a", "b").Fit(Frame(("y", y), ("a", a), ("b", b))));
        Assert.Contains("Perfect prediction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonBinaryOutcomeIsRejectedWithTheRow()
    {
        var y = Y.ToArray();
        y[4] = 2;
        var error = Assert.Throws<ArgumentException>(() => Model.Logit("y").On("x").Fit(Frame(("y", y), ("x", X))));
        Assert.Contains("row 4 holds 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantOutcomeIsRejected()
    {
        var error = Assert.Throws<PerfectPredictionException>(() => Model.Logit("y").On("x").Fit(Frame(("y", Enumerable.Repeat(1.0, 12).ToArray()), ("x", X))));
        Assert.Contains("is 1 in all 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CollinearRegressorIsDroppedWithANote()
    {
        var twice = X.Select(v => 2 * v).ToArray();
        var fit = Model.Logit("y").On("x", "x2").Fit(Frame(("y", Y), ("x", X), ("x2", twice)));
        Assert.Equal(["(Intercept)", "x"], fit.Coefficients.Select(c => c.Name));
        Assert.Contains(fit.Notes, n => n.Kind == NoteKind.Collinear && n.Message.StartsWith("x2", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingRowsAreDroppedWithANote()
    {
        var x = X.ToArray();
        x[0] = double.NaN;
        var fit = Model.Logit("y").On("x").Fit(Frame(("y", Y), ("x", x)));
        Assert.Equal(11, fit.Observations);
        Assert.Contains(fit.Notes, n => n.Kind == NoteKind.MissingValues && n.Count == 1);
        Assert.DoesNotContain(0, fit.SampleRows);
    }

    [Fact]
    public void TwoWayClusteringIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.Logit("y").On("x").Cluster("a", "b"));
        Assert.Contains("one-way clustering only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbitTailsStayFinite()
    {
        // Far-out linear indices: log Φ(z) and the Mills ratio in the asymptotic branch agree with the direct one.
        foreach (var z in new[] { -29.9, -30.1, -35.0, -40.0 })
        {
            var direct = Math.Log(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2)));
            var ours = BinaryLinkFunctions.LogCdf(BinaryLink.Probit, z);
            if (double.IsFinite(direct))
            {
                Assert.True(Math.Abs(direct - ours) < 1e-9 * Math.Abs(direct), $"log Φ({z}): {direct} vs {ours}");
            }

            Assert.True(double.IsFinite(ours));
            Assert.True(double.IsFinite(BinaryLinkFunctions.Mills(BinaryLink.Probit, z)));
        }

        Assert.Equal(-800.0, BinaryLinkFunctions.LogCdf(BinaryLink.Logit, -800.0), 12);
        var tiny = BinaryLinkFunctions.LogCdf(BinaryLink.Logit, 40.0);
        Assert.True(Math.Abs(tiny + Math.Exp(-40.0)) < 1e-15 * Math.Exp(-40.0), $"log F(40) = {tiny:R}, expected −e^−40");
    }
}

public sealed class BinaryChoiceFactorTests
{
    [Fact]
    public void FactorDummiesMatchStatsmodels()
    {
        var expected = ReferenceCase.Expected("logit-probit-swisslabor-matching").GetProperty("logit_factor");
        var data = PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("logit-probit-swisslabor-matching"), "data.csv"))
            .AsCategoricalCopy("youngkids", "kids");
        var fit = Model.Logit("participation").On("income", "age", "age2", "education", "oldkids", "foreign").Factors("kids").Fit(data);
        var beta = expected.GetProperty("coefficients").Doubles();
        var se = expected.GetProperty("se_oim").Doubles();
        Assert.Equal(["kids=1", "kids=2", "kids=3"], fit.Coefficients.Skip(7).Select(c => c.Name));
        for (var j = 0; j < beta.Length; j++)
        {
            ReferenceCase.Close(beta[j], fit.Coefficients[j].Estimate, 1e-7, $"beta {fit.Coefficients[j].Name}");
            ReferenceCase.Close(se[j], fit.Coefficients[j].StandardError, 1e-6, $"se {fit.Coefficients[j].Name}");
        }

        Assert.Equal(["kids"], fit.Factors);
    }
}
