using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Estimation;

/// <summary>The independent path: dummy-variable OLS against the demeaned estimator on random unbalanced panels.</summary>
public sealed class DummyVariableTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 1)]
    public void DemeanedEstimatorEqualsDummyVariableOls(int seed, int dimensions)
    {
        var (data, dummies, names) = RandomPanel(seed, dimensions);
        var fe = Model.Regress("y").On("x1", "x2", "x3").Fe(names.Take(dimensions).ToArray()).Cluster("g0").Demeaning(1e-14).Fit(data);
        var lsdv = Model.Regress("y").On("x1", "x2", "x3").On(dummies.Select(d => (Term)d).ToArray()).Cluster("g0").Fit(data);

        // Nothing dropped; the one note is that 12 clusters are few for the cluster-robust t test.
        Assert.Equal([NoteKind.FewClusters], lsdv.Notes.Select(n => n.Kind));
        foreach (var name in new[] { "x1", "x2", "x3" })
        {
            OrdinaryLeastSquaresTests.AssertClose(lsdv[name].Estimate, fe[name].Estimate, 1e-9);

            // Counting every fixed-effect level makes K that of the dummy regression.
            var all = fe.WithVcov(Vcov.Cluster("g0").With(SmallSampleCorrection.Sandwich));
            OrdinaryLeastSquaresTests.AssertClose(lsdv[name].StandardError, all[name].StandardError, 1e-9);
            OrdinaryLeastSquaresTests.AssertClose(lsdv.WithVcov(Vcov.Iid)[name].StandardError, fe.WithVcov(Vcov.Iid)[name].StandardError, 1e-9);
            OrdinaryLeastSquaresTests.AssertClose(lsdv.WithVcov(Vcov.HC1)[name].StandardError, fe.WithVcov(Vcov.HC1)[name].StandardError, 1e-9);
        }

        Assert.Equal(lsdv.ResidualDegreesOfFreedom, fe.ResidualDegreesOfFreedom);
        OrdinaryLeastSquaresTests.AssertClose(lsdv.RSquared, fe.RSquared, 1e-9);
        OrdinaryLeastSquaresTests.AssertClose(lsdv.RSquaredAdjusted, fe.RSquaredAdjusted, 1e-9);
    }

    [Fact]
    public void ReusedStructureDemeansNewColumnsLikeTheFit()
    {
        var (data, _, names) = RandomPanel(7, 2);
        var first = Model.Regress("y").On("x1").Fe(names[0], names[1]).Demeaning(1e-14).Fit(data);
        var structure = first.Fit.FixedEffects!;
        double[] Demeaned(string column)
        {
            var values = first.SampleRows.Select(r => data.Numeric(column)[r]).ToArray();
            var result = new double[values.Length];
            structure.Demean(values, result, 1e-14);
            return result;
        }

        // Frisch–Waugh–Lovell with the reused structure: regress ỹ on [x̃1, x̃2] by the 2×2 normal equations.
        var y = Demeaned("y");
        var x1 = Demeaned("x1");
        var x2 = Demeaned("x2");
        double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();
        var determinant = (Dot(x1, x1) * Dot(x2, x2)) - (Dot(x1, x2) * Dot(x1, x2));
        var b1 = ((Dot(x2, x2) * Dot(x1, y)) - (Dot(x1, x2) * Dot(x2, y))) / determinant;
        var b2 = ((Dot(x1, x1) * Dot(x2, y)) - (Dot(x1, x2) * Dot(x1, y))) / determinant;

        var second = Model.Regress("y").On("x1", "x2").Fe(names[0], names[1]).Demeaning(1e-14).Fit(data);
        OrdinaryLeastSquaresTests.AssertClose(second["x1"].Estimate, b1, 1e-9);
        OrdinaryLeastSquaresTests.AssertClose(second["x2"].Estimate, b2, 1e-9);
        for (var d = 0; d < 2; d++)
        {
            var sums = new double[structure.Levels[d]];
            var codes = structure.Codes(d);
            for (var i = 0; i < x2.Length; i++)
            {
                sums[codes[i]] += x2[i];
            }

            Assert.All(sums, s => Assert.True(Math.Abs(s) < 1e-9, $"level sum {s}"));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void ReplacingOneRegressorEqualsAFullRefit(int dimensions)
    {
        var (data, _, names) = RandomPanel(21, 3);
        var model = Model.Regress("y").On("x1", "x2").Fe(names.Take(dimensions).ToArray()).Cluster("g0").Demeaning(1e-14);
        var fit = model.Fit(data);
        var random = new Random(5);
        var permuted = fit.SampleRows.Select(r => data.Numeric("x1")[r]).OrderBy(_ => random.Next()).ToArray();
        var full = new double[data.RowCount];
        for (var i = 0; i < permuted.Length; i++)
        {
            full[fit.SampleRows[i]] = permuted[i];
        }

        var placebo = fit.WithRegressorValues("x1", permuted);
        var refit = model.Fit(data.WithColumn(new NumericColumn("x1", full)));

        foreach (var coefficient in refit.Coefficients)
        {
            OrdinaryLeastSquaresTests.AssertClose(coefficient.Estimate, placebo[coefficient.Name].Estimate, 1e-9);
            OrdinaryLeastSquaresTests.AssertClose(coefficient.StandardError, placebo[coefficient.Name].StandardError, 1e-9);
        }

        Assert.Equal(refit.RSquared, placebo.RSquared, 10);
        Assert.Throws<KeyNotFoundException>(() => fit.WithRegressorValues("x9", permuted));
        Assert.Throws<ArgumentException>(() => fit.WithRegressorValues("x1", permuted.AsSpan(1)));
    }

    internal static (PanelData Data, string[] Dummies, string[] Names) RandomPanel(int seed, int dimensions)
    {
        var random = new Random(seed);
        var levels = new[] { 12, 7, 4 };
        var rows = 160;
        var codes = new int[3][];
        for (var d = 0; d < 3; d++)
        {
            codes[d] = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                // Every level appears at least twice so no singleton is dropped.
                codes[d][i] = i < 2 * levels[d] ? i % levels[d] : random.Next(levels[d]);
            }
        }

        var effects = levels.Select(l => Enumerable.Range(0, l).Select(_ => random.NextDouble() * 4).ToArray()).ToArray();
        var x1 = new double[rows];
        var x2 = new double[rows];
        var x3 = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x1[i] = random.NextDouble() + effects[0][codes[0][i]];
            x2[i] = Normal(random) + (0.5 * effects[1][codes[1][i]]);
            x3[i] = Normal(random) * (1 + effects[2][codes[2][i]]);
            var fixedPart = 0.0;
            for (var d = 0; d < dimensions; d++)
            {
                fixedPart += effects[d][codes[d][i]];
            }

            y[i] = 1.5 + (0.7 * x1[i]) - (1.2 * x2[i]) + (0.3 * x3[i]) + fixedPart + (Normal(random) * (1 + effects[0][codes[0][i]]));
        }

        var names = new[] { "g0", "g1", "g2" };
        var columns = new List<Column>
        {
            new NumericColumn("y", y), new NumericColumn("x1", x1), new NumericColumn("x2", x2), new NumericColumn("x3", x3),
        };
        var dummies = new List<string>();
        for (var d = 0; d < 3; d++)
        {
            columns.Add(CategoricalColumn.FromLabels(names[d], codes[d].Select(c => $"L{c}").ToArray()));
            if (d >= dimensions)
            {
                continue;
            }

            for (var level = 1; level < levels[d]; level++)
            {
                var name = $"{names[d]}_{level}";
                columns.Add(new NumericColumn(name, codes[d].Select(c => c == level ? 1.0 : 0.0).ToArray()));
                dummies.Add(name);
            }
        }

        return (new PanelData(columns), dummies.ToArray(), names);
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
