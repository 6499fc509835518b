using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Matching;
using ModelDsl.Results;

namespace ModelDsl.Tests.Matching;

public sealed class PsmDidTests
{
    // A deterministic panel: 40 cities × 6 years, cities 0–14 treated from year 4, covariates that drift.
    internal static PanelData Panel()
    {
        var random = new Random(5);
        var city = new List<string?>();
        var year = new List<string?>();
        var treat = new List<double>();
        var did = new List<double>();
        var x1 = new List<double>();
        var x2 = new List<double>();
        var y = new List<double>();
        for (var c = 0; c < 40; c++)
        {
            var treated = c < 15 ? 1.0 : 0.0;
            var level = random.NextDouble() + (0.6 * treated);
            for (var t = 1; t <= 6; t++)
            {
                city.Add(string.Create(CultureInfo.InvariantCulture, $"c{c}"));
                year.Add(t.ToString(CultureInfo.InvariantCulture));
                treat.Add(treated);
                did.Add(treated * (t >= 4 ? 1.0 : 0.0));
                var a = level + (0.1 * t) + (0.5 * random.NextDouble());
                var b = random.NextDouble() + (0.3 * treated * random.NextDouble());
                x1.Add(a);
                x2.Add(b);
                y.Add((0.5 * a) + b + (0.8 * did[^1]) + (0.2 * t) + random.NextDouble());
            }
        }

        return new PanelData(
        [
            CategoricalColumn.FromLabels("city", city),
            CategoricalColumn.FromLabels("year", year),
            new NumericColumn("treat", treat.ToArray()),
            new NumericColumn("did", did.ToArray()),
            new NumericColumn("x1", x1.ToArray()),
            new NumericColumn("x2", x2.ToArray()),
            new NumericColumn("y", y.ToArray()),
        ],
        unit: "city",
        time: "year");
    }

    private static readonly RegressionSpecification Did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year").Cluster("city");

    [Fact]
    public void ByPeriodMatchesEachYearAndRegressesOnPositiveWeightRows()
    {
        var data = Panel();
        var result = Model.Match("treat").On("x1", "x2").Probit().Kernel(0.2).Bootstrap(0).ThenRegress(Did).Fit(data);
        Assert.Equal(6, result.Matchings.Count);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], result.MatchingLabels);
        var expectedRows = new SortedSet<int>();
        foreach (var matching in result.Matchings)
        {
            foreach (var row in matching.SampleRows)
            {
                if (matching.Weights[row] > 0)
                {
                    expectedRows.Add(row);
                }
            }
        }

        Assert.Equal(expectedRows, result.KeptRows);
        var direct = Did.Fit(data.SelectRows(expectedRows.ToArray()));
        Assert.Equal(direct["did"].Estimate, result.Regression["did"].Estimate, 12);
        Assert.Equal(direct["did"].StandardError, result.Regression["did"].StandardError, 12);
        var json = JsonDocument.Parse(result.ToJson()).RootElement;
        Assert.Equal("psm-did", json.GetProperty("estimator").GetString());
        Assert.Equal("by-period", json.GetProperty("matching_mode").GetString());
        Assert.Equal(6, json.GetProperty("matchings").GetArrayLength());
    }

    [Fact]
    public void CommonSupportSampleKeepsEveryControl()
    {
        var data = Panel();
        var result = Model.Match("treat").On("x1", "x2").Logit().Nearest(1).ThenRegress(Did).Pooled().CommonSupportSample().Fit(data);
        var matching = Assert.Single(result.Matchings);
        var controls = Enumerable.Range(0, data.RowCount).Where(i => data.Numeric("treat")[i] == 0).ToArray();
        Assert.All(controls, c => Assert.Contains(c, result.KeptRows));
        Assert.Equal(controls.Length + matching.TreatedMatchedCount, result.KeptRows.Count);
    }

    [Fact]
    public void PreTreatmentMeansMatchUnitsAndKeepAllTheirRows()
    {
        var data = Panel();
        var result = Model.Match("treat").On("x1", "x2").Logit().Nearest(2).ThenRegress(Did).OnPreTreatmentMeans(3).Fit(data);
        var matching = Assert.Single(result.Matchings);
        Assert.Equal(40, matching.SampleRows.Count);
        Assert.Equal(15, matching.TreatedCount);
        var keptUnits = result.KeptRows.Select(r => data.Unit[r]).Distinct().ToArray();
        Assert.Equal(keptUnits.Length * 6, result.KeptRows.Count);
        var usedUnits = Enumerable.Range(0, 40).Count(u => matching.Weights[u] > 0);
        Assert.Equal(usedUnits, keptUnits.Length);

        // The matching data are the unit means over years 1–3: the balance table's treated mean of x1 is the
        // mean over treated cities of their pre-period means.
        var x1 = data.Numeric("x1");
        var expected = Enumerable.Range(0, 15).Average(c => Enumerable.Range(0, 3).Average(t => x1[(c * 6) + t]));
        Assert.Equal(expected, matching.Balance["x1"].MeanTreated, 12);
    }

    [Fact]
    public void PeriodWithoutTreatedUnitsIsNotedAndSkipped()
    {
        var data = Panel();
        var treat = data.Numeric("treat");
        var year = data.Time;
        var rows = Enumerable.Range(0, data.RowCount).Where(i => !(year[i] == "6" && treat[i] == 1)).ToArray();
        var result = Model.Match("treat").On("x1", "x2").Logit().Nearest(1).ThenRegress(Did).Fit(data.SelectRows(rows));
        Assert.Equal(5, result.Matchings.Count);
        Assert.Contains(result.Notes, n => n.Message.StartsWith("Period 6 could not be matched", StringComparison.Ordinal));
    }

    [Fact]
    public void TimeVaryingTreatmentIsRejectedForPreTreatmentMeans()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Model.Match("did").On("x1").Logit().Nearest(1).ThenRegress(Did).OnPreTreatmentMeans(3).Fit(Panel()));
        Assert.Contains("varies within unit", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>PSM-DID against the reference helper's psm-did-produc case (matching on pre-treatment state means).</summary>
public sealed class PsmDidProducTests
{
    [Fact]
    public void PreTreatmentMeansMatchingAndUnweightedDidMatchReference()
    {
        var expected = ModelDsl.Tests.Binary.ReferenceCase.Expected("psm-did-produc");
        var full = PanelData.ReadCsv(Path.Combine(ModelDsl.Tests.Binary.ReferenceCase.Folder("psm-did-produc"), "data.csv"), unit: "state", time: "year");
        var cohort = full.Numeric("cohort");
        var rows = Enumerable.Range(0, full.RowCount).Where(i => cohort[i] == 0 || cohort[i] == 1976).ToArray();
        var data = full.SelectRows(rows);
        data = data.WithColumn(new NumericColumn("ever", data.Numeric("cohort").Values.ToArray().Select(c => c == 1976 ? 1.0 : 0.0).ToArray()));
        var did = Model.Regress(Term.Log("gsp")).On("treated").Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp").Fe("state", "year").Cluster("state");
        var result = Model.Match("ever").On(Term.Log("emp"), "unemp").Probit().Nearest(1).ThenRegress(did).OnPreTreatmentMeans(1975).Fit(data);

        var matching = Assert.Single(result.Matchings);
        var reference = expected.GetProperty("matching");
        var pscore = ModelDsl.Tests.Binary.ReferenceCase.Doubles(reference.GetProperty("pscore"));
        var weight = ModelDsl.Tests.Binary.ReferenceCase.Doubles(reference.GetProperty("weight"));
        Assert.Equal(32, matching.SampleRows.Count);
        for (var s = 0; s < 32; s++)
        {
            Assert.True(Math.Abs(pscore[s] - matching.PropensityScores[s]) < 1e-9, $"pscore of state {s}");
            Assert.Equal(weight[s], matching.Weights[s], 12);
        }

        Assert.Equal(reference.GetProperty("treated").GetInt32(), matching.TreatedCount);
        Assert.Equal(reference.GetProperty("controls_used").GetInt32(), matching.ControlsUsedCount);

        var weighted = Model.Match("ever").On(Term.Log("emp"), "unemp").Probit().Nearest(1).ThenRegress(did).OnPreTreatmentMeans(1975).WeightedSample().Fit(data);
        var weightedReference = expected.GetProperty("did_weighted");
        Assert.Equal(weightedReference.GetProperty("observations").GetInt32(), weighted.Regression.Observations);
        foreach (var coefficient in weightedReference.GetProperty("coefficients").EnumerateArray())
        {
            var name = coefficient.GetProperty("name").GetString()!;
            ModelDsl.Tests.Binary.ReferenceCase.Close(coefficient.GetProperty("estimate").GetDouble(), weighted.Regression[name].Estimate, 1e-7, name + " weighted estimate");
        }

        foreach (var (block, vcov) in new[] { ("cluster_state_stata", did.Variance), ("iid", Vcov.Iid) })
        {
            var fit = weighted.Regression.WithVcov(vcov);
            foreach (var coefficient in weightedReference.GetProperty("vcov").GetProperty(block).GetProperty("coefficients").EnumerateArray())
            {
                var name = coefficient.GetProperty("name").GetString()!;
                ModelDsl.Tests.Binary.ReferenceCase.Close(coefficient.GetProperty("std_error").GetDouble(), fit[name].StandardError, 1e-6, name + " weighted se " + block);
            }
        }

        var unweighted = expected.GetProperty("did_matched_unweighted");
        Assert.Equal(unweighted.GetProperty("observations").GetInt32(), result.Regression.Observations);
        foreach (var coefficient in unweighted.GetProperty("coefficients").EnumerateArray())
        {
            var name = coefficient.GetProperty("name").GetString()!;
            ModelDsl.Tests.Binary.ReferenceCase.Close(coefficient.GetProperty("estimate").GetDouble(), result.Regression[name].Estimate, 1e-7, name + " estimate");
            ModelDsl.Tests.Binary.ReferenceCase.Close(coefficient.GetProperty("std_error").GetDouble(), result.Regression[name].StandardError, 1e-6, name + " se");
        }
    }

    // The panel with the outcome and control x1 multiplied by s, and x3 = 2·x1 (scaled too) when asked.
    private static PanelData Scaled(double s, bool collinear = false)
    {
        var data = PsmDidTests.Panel();
        var y = data.Numeric("y").Values.ToArray().Select(v => v * s).ToArray();
        var x1 = data.Numeric("x1").Values.ToArray().Select(v => v * s).ToArray();
        data = data.WithColumn(new NumericColumn("ys", y)).WithColumn(new NumericColumn("x1s", x1));
        return collinear ? data.WithColumn(new NumericColumn("x3s", x1.Select(v => 2 * v).ToArray())) : data;
    }

    private static PsmDidResult WeightedScaled(PanelData data, Vcov vcov, bool collinear = false)
    {
        var did = Model.Regress("ys").On("did").Controls(collinear ? ["x1s", "x3s", "x2"] : ["x1s", "x2"]).Fe("city", "year").Vcov(vcov);

        // Matched on x2 only, so that the weights do not depend on the scale.
        return Model.Match("treat").On("x2").Logit().Nearest(1).ThenRegress(did).WeightedSample().Fit(data);
    }

    // Outcome and x1 times s: did, x2 and the constant scale by s, x1 not; standard errors likewise, t unchanged.
    // The old weighted path (its own demeaning, sums of squares in the data's units) overflowed the cluster meat at
    // 1e150 and underflowed it (and at 1e-160 the residual sum of squares) to 0 below.
    [Theory]
    [InlineData(1e150)]
    [InlineData(1e-150)]
    [InlineData(1e-160)]
    public void WeightedPsmDidIsScaleInvariant(double scale)
    {
        foreach (var vcov in new[] { Vcov.Cluster("city"), Vcov.Iid, Vcov.HC1 })
        {
            var baseline = WeightedScaled(Scaled(1.0), vcov).Regression;
            var scaled = WeightedScaled(Scaled(scale), vcov).Regression;
            Assert.Equal(baseline.Observations, scaled.Observations);
            foreach (var (name, power) in new[] { ("did", 1), ("x1s", 0), ("x2", 1), (RegressionResult.InterceptName, 1) })
            {
                var factor = Math.Pow(scale, power);
                var a = baseline[name];
                var b = scaled[name];
                Assert.True(double.IsFinite(b.Estimate) && double.IsFinite(b.StandardError) && b.StandardError > 0, $"{name} at {scale:G3} ({vcov}): {b.Estimate} ± {b.StandardError}");
                Assert.True(Math.Abs((b.Estimate / factor) - a.Estimate) <= 1e-8 * Math.Abs(a.Estimate), $"{name} estimate at {scale:G3} ({vcov}): {b.Estimate / factor} vs {a.Estimate}");
                Assert.True(Math.Abs((b.StandardError / factor) - a.StandardError) <= 1e-8 * a.StandardError, $"{name} se at {scale:G3} ({vcov}): {b.StandardError / factor} vs {a.StandardError}");
                Assert.True(Math.Abs(b.TStatistic - a.TStatistic) <= 1e-8 * Math.Abs(a.TStatistic), $"{name} t at {scale:G3} ({vcov}): {b.TStatistic} vs {a.TStatistic}");
            }

            Assert.Equal(baseline.RSquared, scaled.RSquared, 10);
        }
    }

    // A control collinear with another at 1e-150 is dropped with a note and the rest is the fit without it.
    // Regression guard: the old path also dropped it (its QR norms stayed above the underflow threshold).
    [Fact]
    public void WeightedPsmDidDropsACollinearControlAtTinyScale()
    {
        const double scale = 1e-150;
        var with = WeightedScaled(Scaled(scale, collinear: true), Vcov.Cluster("city"), collinear: true).Regression;
        var without = WeightedScaled(Scaled(scale), Vcov.Cluster("city")).Regression;
        Assert.DoesNotContain(with.Coefficients, c => c.Name == "x3s");
        Assert.Contains(with.Notes, n => n.Kind == NoteKind.Collinear && n.Message.Contains("x3s", StringComparison.Ordinal));
        foreach (var name in new[] { "did", "x1s", "x2" })
        {
            Assert.True(Math.Abs(with[name].Estimate - without[name].Estimate) <= 1e-8 * Math.Abs(without[name].Estimate), name);
            Assert.True(Math.Abs(with[name].StandardError - without[name].StandardError) <= 1e-8 * without[name].StandardError, name);
        }
    }

    // Deterministic weights in (0.5, 3) for the panel's rows.
    private static double[] SomeWeights(int rows) => Enumerable.Range(0, rows).Select(i => 0.5 + (2.5 * (((i * 37) + 11) % 97) / 97.0)).ToArray();

    // A weighted fit with a sample restriction: the weights follow their rows through it. The old weighted path
    // ignored the restriction silently.
    [Fact]
    public void WeightedFitAppliesTheSampleRestrictionWithItsWeights()
    {
        var data = PsmDidTests.Panel();
        var weights = SomeWeights(data.RowCount);
        var did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year").Cluster("city");
        var restricted = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did.Subset(d => d.ExcludeUnits("c3", "c20")), data, weights, "test weights");

        var city = data.Categorical("city");
        var keep = Enumerable.Range(0, data.RowCount).Where(i => city.Levels[city.Codes[i]] is not ("c3" or "c20")).ToArray();
        var direct = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data.SelectRows(keep), keep.Select(i => weights[i]).ToArray(), "test weights");
        var all = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, weights, "test weights");
        Assert.Equal(data.RowCount - 12, restricted.Observations);
        foreach (var name in new[] { "did", "x1", "x2" })
        {
            Assert.Equal(direct[name].Estimate, restricted[name].Estimate, 12);
            Assert.Equal(direct[name].StandardError, restricted[name].StandardError, 12);
            Assert.NotEqual(all[name].Estimate, restricted[name].Estimate, 6);
        }
    }

    // A weighted fit's regressor can be replaced (placebo draws): the refit equals a weighted fit on data with the
    // new values. The old weighted fit kept no least-squares problem and threw.
    [Fact]
    public void WeightedFitReplacesARegressor()
    {
        var data = PsmDidTests.Panel();
        var weights = SomeWeights(data.RowCount);
        var did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year").Cluster("city");
        var fit = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, weights, "test weights");
        var shuffled = data.Numeric("x2").Values.ToArray().Reverse().ToArray();
        var replaced = fit.WithRegressorValues("x2", shuffled);
        var direct = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data.WithColumn(new NumericColumn("x2", shuffled)), weights, "test weights");
        foreach (var name in new[] { "did", "x1", "x2", RegressionResult.InterceptName })
        {
            Assert.True(Math.Abs(direct[name].Estimate - replaced[name].Estimate) <= 1e-10 * Math.Abs(direct[name].Estimate), name);
            Assert.True(Math.Abs(direct[name].StandardError - replaced[name].StandardError) <= 1e-10 * direct[name].StandardError, name);
        }
    }

    // Weights that are zero, negative or not finite are an error naming the row.
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void WeightedFitRejectsAWeightThatIsNotPositiveAndFinite(double bad)
    {
        var data = PsmDidTests.Panel();
        var weights = SomeWeights(data.RowCount);
        weights[7] = bad;
        var did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year");
        var error = Assert.Throws<ArgumentException>(() => ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, weights, "test weights"));
        Assert.Contains("Row 8", error.Message, StringComparison.Ordinal);
    }

    // Weights whose sum overflows are an error (only their ratios matter); weights times 2^-1000 give the same fit.
    [Fact]
    public void WeightedFitRejectsWeightsWhoseSumOverflowsAndIgnoresTheirScale()
    {
        var data = PsmDidTests.Panel();
        var weights = SomeWeights(data.RowCount);
        var did = Model.Regress("y").On("did").Controls("x1", "x2").Fe("city", "year").Cluster("city");
        var huge = weights.Select(w => w * 1e307).ToArray();
        var error = Assert.Throws<ArgumentException>(() => ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, huge, "test weights"));
        Assert.Contains("overflows", error.Message, StringComparison.Ordinal);

        var fit = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, weights, "test weights");
        var tiny = ModelDsl.Estimation.LinearModelEstimator.FitWeighted(did, data, weights.Select(w => Math.ScaleB(w, -1000)).ToArray(), "test weights");
        Assert.Equal(fit["did"].Estimate, tiny["did"].Estimate, 12);
        Assert.Equal(fit["did"].StandardError, tiny["did"].StandardError, 12);
    }
}
