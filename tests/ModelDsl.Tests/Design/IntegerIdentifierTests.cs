using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Design;

/// <summary>Numeric columns of integer identifiers used as fixed effects, cluster variables and factors on the string path.</summary>
public sealed class IntegerIdentifierTests
{
    /// <summary>
    /// 60 firms (identifiers <paramref name="firstId"/> + 7k) over 8 years: <c>firm</c> numeric, <c>firm_c</c> the same
    /// values read as categorical; <c>year</c> numeric, <c>year_c</c> categorical; y, x and a binary d.
    /// </summary>
    private static PanelData Data(double firstId = 1001, int seed = 3)
    {
        var random = new Random(seed);
        var firm = new List<double>();
        var year = new List<double>();
        var x = new List<double>();
        var y = new List<double>();
        var d = new List<double>();
        for (var f = 0; f < 60; f++)
        {
            var effect = random.NextDouble() * 3;
            for (var t = 0; t < 8; t++)
            {
                firm.Add(firstId + (7.0 * f));
                year.Add(2010 + t);
                var xi = random.NextDouble() + (0.3 * effect);
                x.Add(xi);
                y.Add((0.8 * xi) + effect + (0.05 * t) + random.NextDouble());
                d.Add(xi + (0.2 * effect) - 0.8 + random.NextDouble() - 0.5 > 0 ? 1 : 0);
            }
        }

        return new PanelData(
        [
            new NumericColumn("firm", [.. firm]),
            CategoricalColumn.FromNumbers("firm_c", [.. firm]),
            new NumericColumn("year", [.. year]),
            CategoricalColumn.FromNumbers("year_c", [.. year]),
            new NumericColumn("x", [.. x]),
            new NumericColumn("y", [.. y]),
            new NumericColumn("d", [.. d]),
        ]);
    }

    private static PanelData Replace(PanelData data, string name, Func<int, double, double> value)
    {
        var column = data.Numeric(name);
        return data.WithColumn(new NumericColumn(name, Enumerable.Range(0, data.RowCount).Select(i => value(i, column[i])).ToArray()));
    }

    private static void AssertSameNumbers(RegressionResult expected, RegressionResult actual)
    {
        Assert.Equal(expected.Observations, actual.Observations);
        Assert.Equal(expected.ClusterCounts.Values, actual.ClusterCounts.Values);
        Assert.Equal(expected.Coefficients.Count, actual.Coefficients.Count);
        for (var j = 0; j < expected.Coefficients.Count; j++)
        {
            Assert.Equal(expected.Coefficients[j].Estimate, actual.Coefficients[j].Estimate);
            Assert.Equal(expected.Coefficients[j].StandardError, actual.Coefficients[j].StandardError);
            Assert.Equal(expected.Coefficients[j].PValue, actual.Coefficients[j].PValue);
        }
    }

    [Fact]
    public void AnIntegerFixedEffectGivesTheNumbersOfTheSameColumnReadAsCategorical()
    {
        var data = Data();
        var categorical = Model.Regress("y").On("x").Fe("firm_c", "year_c").Cluster("firm_c").Fit(data);
        var numeric = Model.Regress("y").On("x").Fe("firm", "year").Cluster("firm_c").Fit(data);

        AssertSameNumbers(categorical, numeric);
        Assert.Contains(numeric.Notes, n => n.Kind == NoteKind.Information && n.Message == "firm is numeric; its integer values are used as fixed-effect levels (60 levels)");
        Assert.Contains(numeric.Notes, n => n.Message == "year is numeric; its integer values are used as fixed-effect levels (8 levels)");
        Assert.DoesNotContain(categorical.Notes, n => n.Message.Contains("is numeric", StringComparison.Ordinal));
    }

    [Fact]
    public void AnIntegerClusterGivesTheNumbersOfTheSameColumnReadAsCategorical()
    {
        var data = Data();
        var categorical = Model.Regress("y").On("x").Fe("firm_c").Cluster("firm_c").Fit(data);
        var numeric = Model.Regress("y").On("x").Fe("firm_c").Cluster("firm").Fit(data);
        var both = Model.Regress("y").On("x").Fe("firm").Cluster("firm").Fit(data);

        AssertSameNumbers(categorical, numeric);
        Assert.Equal(60, numeric.ClusterCounts["firm"]);
        Assert.Contains(numeric.Notes, n => n.Message == "firm is numeric; its integer values are used as cluster levels (60 levels)");

        // One column in two roles: one note naming both.
        Assert.Equal(categorical["x"].StandardError, both["x"].StandardError);
        Assert.Single(both.Notes, n => n.Message.Contains("is numeric", StringComparison.Ordinal));
        Assert.Contains(both.Notes, n => n.Message == "firm is numeric; its integer values are used as fixed-effect and cluster levels (60 levels)");

        // A cluster asked for after the fit reads the integer column too.
        var later = Model.Regress("y").On("x").Fe("firm_c").Fit(data).WithVcov(Vcov.Cluster("firm"));
        Assert.Equal(categorical["x"].StandardError, later["x"].StandardError);
        Assert.Contains(later.Notes, n => n.Message == "firm is numeric; its integer values are used as cluster levels (60 levels)");
    }

    [Fact]
    public void LogitReadsIntegerClustersAndFactors()
    {
        var data = Data();
        var categorical = Model.Logit("d").On("x").Factors("year_c").Cluster("firm_c").Fit(data);
        var numeric = Model.Logit("d").On("x").Factors("year").Cluster("firm").Fit(data);

        Assert.Equal(categorical["x"].Estimate, numeric["x"].Estimate);
        Assert.Equal(categorical["x"].StandardError, numeric["x"].StandardError);
        Assert.Equal(60, numeric.ClusterCount);
        Assert.Contains(numeric.Notes, n => n.Message == "firm is numeric; its integer values are used as cluster levels (60 levels)");
        Assert.Contains(numeric.Notes, n => n.Message == "year is numeric; its integer values are used as factor levels (8 levels)");
    }

    [Fact]
    public void ANonIntegerValueIsAnErrorNamingTheValueAndRow()
    {
        var data = Replace(Data(), "firm", (i, v) => i == 16 ? 1001.5 : v);

        var fe = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Fe("firm").Fit(data));
        Assert.Contains("fixed effect 'firm' is a numeric column and its value 1001.5 in row 17 (0-based index 16) is not an integer", fe.Message, StringComparison.Ordinal);
        Assert.Contains("Declare 'firm' categorical", fe.Message, StringComparison.Ordinal);

        var cluster = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Cluster("firm").Fit(data));
        Assert.Contains("cluster variable 'firm'", cluster.Message, StringComparison.Ordinal);
        Assert.Contains("1001.5 in row 17", cluster.Message, StringComparison.Ordinal);

        var later = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Fit(data).WithVcov(Vcov.Cluster("firm")));
        Assert.Contains("1001.5 in row 17", later.Message, StringComparison.Ordinal);

        var infinite = Replace(Data(), "firm", (i, v) => i == 3 ? double.NegativeInfinity : v);
        Assert.Contains("-Inf in row 4", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Fe("firm").Fit(infinite)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingIdentifiersDropTheRowAndAreCounted()
    {
        var data = Replace(Data(), "firm", (i, v) => i is 2 or 9 or 30 ? double.NaN : v);
        var fit = Model.Regress("y").On("x").Fe("firm").Fit(data);
        var expected = Model.Regress("y").On("x").Fe("firm_c").Fit(data.WithColumn(CategoricalColumn.FromNumbers("firm_c", data.Numeric("firm").Values)));

        Assert.Equal(480 - 3, fit.Observations);
        var missing = Assert.Single(fit.Notes, n => n.Kind == NoteKind.MissingValues);
        Assert.Equal(3, missing.Count);
        Assert.Contains("firm: 3", missing.Message, StringComparison.Ordinal);
        AssertSameNumbers(expected, fit);
    }

    [Fact]
    public void LargeIntegersBelowTwoToTheFiftyThirdAreLevelsAndBeyondAreAnError()
    {
        // 2^53 − 1 − 7k: distinct integers that doubles hold exactly, printed as digits.
        var large = Data(firstId: 9007199254740991 - (7 * 59));
        var fit = Model.Regress("y").On("x").Fe("firm").Cluster("firm").Fit(large);
        var categorical = Model.Regress("y").On("x").Fe("firm_c").Cluster("firm_c").Fit(large);
        Assert.Equal(categorical["x"].Estimate, fit["x"].Estimate);
        Assert.Equal(categorical["x"].StandardError, fit["x"].StandardError);
        Assert.Equal(60, fit.ClusterCounts["firm"]);

        var beyond = Replace(large, "firm", (i, v) => i == 5 ? 9007199254740992 : v);
        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Fe("firm").Fit(beyond));
        Assert.Contains("9007199254740992 in row 6 (0-based index 5) is at or beyond ±2^53", error.Message, StringComparison.Ordinal);

        var negative = Replace(large, "firm", (i, v) => i == 0 ? -1e300 : v);
        Assert.Contains("-1E+300 in row 1", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x").Fe("firm").Fit(negative)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomEstimatorThatNeverReadsItsClusterVariableIsNotStoppedByIt()
    {
        var data = Data();
        var fit = Model.Regress("y").On("x").Fe("firm_c").Fit(data);

        // 'x' is not an integer column and 'absent' is no column: the estimator never asks for their codes.
        var custom = fit.WithVcov(Vcov.Using(new ModelBased(), "x", "absent"));

        Assert.Equal(fit["x"].StandardError, custom["x"].StandardError);
        Assert.DoesNotContain(custom.Notes, n => n.Message.Contains("is numeric", StringComparison.Ordinal));
    }

    private sealed class ModelBased : ModelDsl.Inference.IVarianceEstimator
    {
        public string Name => "model-based";

        public ModelDsl.Inference.VarianceEstimate Estimate(ModelDsl.Inference.VarianceInput fit, Vcov request)
            => ModelDsl.Inference.VarianceEstimators.Iid.Estimate(fit, request);
    }

    [Fact]
    public void AHeterogeneityGroupMayBeAnIntegerColumn()
    {
        var data = Data();
        var numeric = Model.Regress("y").On("x").Cluster("firm").By("year").Fit(data);
        var categorical = Model.Regress("y").On("x").Cluster("firm_c").By("year_c").Fit(data);

        Assert.Equal(categorical.Groups.Select(g => g.Level), numeric.Groups.Select(g => g.Level));
        Assert.Equal("2010", numeric.Groups[0].Level);
        Assert.Equal(categorical.SplitEffect("x", "2013").StandardError, numeric.SplitEffect("x", "2013").StandardError);
    }

    [Fact]
    public void NegativeZeroIsTheSameLevelAsZero()
    {
        var data = Replace(Data(), "firm", (i, v) => v == 1001 ? (i % 2 == 0 ? 0.0 : -0.0) : v);
        var fit = Model.Regress("y").On("x").Fe("firm").Cluster("firm").Fit(data);

        Assert.Equal(60, fit.ClusterCounts["firm"]);
    }
}
