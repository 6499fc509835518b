using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Estimation;

public sealed class BadInputTests
{
    private static PanelData Panel(Func<int, double>? x2 = null, Func<int, double>? y = null)
    {
        var n = 24;
        var unit = Enumerable.Range(0, n).Select(i => $"u{i / 4}").ToArray();
        var time = Enumerable.Range(0, n).Select(i => (2000 + (i % 4)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var x1 = Enumerable.Range(0, n).Select(i => Math.Sin(i) + (i * 0.1)).ToArray();
        var x2Values = Enumerable.Range(0, n).Select(i => x2?.Invoke(i) ?? Math.Cos(3 * i)).ToArray();
        var yValues = Enumerable.Range(0, n).Select(i => y?.Invoke(i) ?? (1 + (2 * x1[i]) - x2Values[i] + Math.Sin(7 * i))).ToArray();
        return new PanelData(
        [
            CategoricalColumn.FromLabels("unit", unit),
            CategoricalColumn.FromLabels("year", time),
            CategoricalColumn.FromLabels("one", Enumerable.Repeat("all", n).ToArray()),
            new NumericColumn("y", yValues),
            new NumericColumn("x1", x1),
            new NumericColumn("x2", x2Values),
        ], "unit", "year");
    }

    [Fact]
    public void NoRowsLeftIsAnError()
    {
        var data = Panel(y: _ => double.NaN);

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Fit(data));

        Assert.Contains("No rows left", error.Message, StringComparison.Ordinal);
        Assert.Contains("24 have a missing value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantRegressorIsDroppedWithANote()
    {
        var data = Panel(x2: _ => 3.0, y: i => 1 + i);

        var ols = Model.Regress("y").On("x1", "x2").Fit(data);
        var fe = Model.Regress("y").On("x1", "x2").Fe("unit").Fit(data);

        Assert.Contains(ols.Notes, n => n.Kind == NoteKind.Collinear && n.Message.Contains("x2 is constant", StringComparison.Ordinal));
        Assert.Contains(fe.Notes, n => n.Kind == NoteKind.Absorbed && n.Message.Contains("x2 is constant", StringComparison.Ordinal));
        Assert.False(ols.TryGetCoefficient("x2", out _));
        Assert.True(double.IsFinite(ols["x1"].StandardError));
    }

    [Fact]
    public void RegressorAbsorbedByFixedEffectsIsDroppedWithANote()
    {
        var data = Panel(x2: i => i / 4);

        var fit = Model.Regress("y").On("x1", "x2").Fe("unit", "year").Fit(data);

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.Absorbed);
        Assert.Contains("x2 is absorbed by the fixed effects (unit, year)", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllRegressorsAbsorbedIsAnError()
    {
        var data = Panel(x2: i => i / 4);

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x2").Fe("unit").Fit(data));

        Assert.Contains("Every regressor (x2) is absorbed by the fixed effects (unit)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CollinearRegressorIsDroppedWithANote()
    {
        var data = Panel();
        var x1 = data.Numeric("x1").Values.ToArray();
        var x2 = data.Numeric("x2").Values.ToArray();
        var withSum = data.WithColumn(new NumericColumn("x3", x1.Zip(x2, (a, b) => a - (2 * b)).ToArray()));

        var fit = Model.Regress("y").On("x1", "x2", "x3").Fit(withSum);

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.Collinear);
        Assert.Contains("x3 is collinear with the other regressors (x1, x2)", note.Message, StringComparison.Ordinal);
        Assert.Equal(3, fit.Coefficients.Count);
    }

    [Fact]
    public void ClusterWithOneLevelIsAnError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Cluster("one").Fit(Panel()));

        Assert.Contains("Cluster variable 'one' has 1 level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValuesAreDroppedWithANote()
    {
        var data = Panel(x2: i => i % 5 == 0 ? double.NaN : Math.Cos(3 * i));

        var fit = Model.Regress("y").On("x1", "x2").Fit(data);

        Assert.Equal(19, fit.Observations);
        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.MissingValues);
        Assert.Equal(5, note.Count);
        Assert.Contains("x2: 5", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InfinityIsAnErrorNamingColumnAndRow()
    {
        var data = Panel(x2: i => i == 6 ? double.PositiveInfinity : 1.0 + i, y: i => i);

        var error = Assert.Throws<ArgumentException>(() => Model.Regress("y").On("x1", "x2").Fit(data));

        Assert.Contains("Column 'x2' holds +Inf in row 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreRegressorsThanRowsIsAnError()
    {
        var data = new PanelData(
        [
            new NumericColumn("y", [1.0, 2.0, 4.0]),
            new NumericColumn("a", [1.0, 0.0, 3.0]),
            new NumericColumn("b", [2.0, 5.0, 1.0]),
            new NumericColumn("c", [0.5, 0.2, 0.9]),
        ]);

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("a", "b", "c").Fit(data));

        Assert.Contains("4 coefficients", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 3 observations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactFitWithNoResidualDegreesOfFreedomIsAnError()
    {
        var data = new PanelData([new NumericColumn("y", [1.0, 2.0, 4.0]), new NumericColumn("a", [1.0, 0.0, 3.0]), new NumericColumn("b", [2.0, 5.0, 1.0])]);

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("a", "b").Fit(data));

        Assert.Contains("no residual degrees of freedom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingletonsAreDroppedIterativelyWithANote()
    {
        var data = Panel();
        var rows = Enumerable.Range(0, 21).ToArray();
        var fit = Model.Regress("y").On("x1").Fe("unit").Fit(data.SelectRows(rows));

        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.Singletons);
        Assert.Equal(1, note.Count);
        Assert.Equal(20, fit.Observations);
        Assert.Equal(21, Model.Regress("y").On("x1").Fe("unit").KeepSingletons().Fit(data.SelectRows(rows)).Observations);
    }

    [Fact]
    public void CategoricalRegressorIsAnError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("unit").Fit(Panel()));

        Assert.Contains("Column 'unit' is categorical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveValuesUnderALogBecomeMissingWithANote()
    {
        var data = Panel(x2: i => i < 3 ? 0.0 : i);

        var fit = Model.Regress("y").On("x1", Term.Log("x2")).Fit(data);

        Assert.Equal(21, fit.Observations);
        Assert.Contains(fit.Notes, n => n.Message.Contains("log(x2): 3 rows", StringComparison.Ordinal));
    }
}
