using System.Collections.Concurrent;
using System.Text.Json;

using ModelDsl.Causal;
using ModelDsl.Reporting;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

public sealed class PlaceboTests
{
    private static readonly Term[] ProducControls = [Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp"];

    [Fact]
    public void PartialledCoefficientReproducesTheRegressionEstimate()
    {
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ProducControls).Fe("state", "year").Cluster("state").Fit(Produc("did-produc"));
        var design = PartialledDesign.FromFit(did.Regression.Fit, did.Assignment.Name);
        var rows = did.Regression.SampleRows;
        var d = rows.Select(r => did.Assignment.Dummy[r]).ToArray();
        var beta = design.Coefficient(d, new double[design.ScratchLength]);

        Close(did.Effect.Estimate, beta, 1e-8, "FWL coefficient");
    }

    [Fact]
    public void PartialledCoefficientWithAnInterceptAndNoFixedEffects()
    {
        var treatment = Treatment.FromCohort("cohort");
        var data = Simulated(units: 30, periods: 8, effect: 0.7, seed: 31).WithTreatment(treatment);
        var pooled = Model.Regress("y").On("treated").Controls("x").Fit(data);
        var design = PartialledDesign.FromFit(pooled.Fit, "treated");
        var d = pooled.SampleRows.Select(r => data.Numeric("treated")[r]).ToArray();

        Close(pooled["treated"].Estimate, design.Coefficient(d, new double[design.ScratchLength]), 1e-10, "pooled FWL coefficient");
        var placebo = PlaceboInference.Run(pooled, treatment, draws: 20, seed: 3);
        Assert.Equal(20, placebo.ValidDraws);
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("hc1")]
    [InlineData("iid")]
    public void StudentizedDrawMatchesTheRegressionT(string variance)
    {
        var vcov = variance switch { "cluster" => Vcov.Cluster("state"), "hc1" => Vcov.HC1, _ => Vcov.Iid };
        var data = Produc("did-produc");
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ProducControls).Fe("state", "year").Vcov(vcov).Fit(data);
        var design = PartialledDesign.FromFit(did.Regression.Fit, did.Assignment.Name);
        var studentizer = PlaceboInference.Studentizer.For(did, design);

        // A pseudo-treatment: every cohort two years later.
        var shifted = data.Numeric("cohort").Values.ToArray().Select(c => c > 0 ? c + 2 : 0).ToArray();
        var pseudo = data.WithColumn(new ModelDsl.Data.NumericColumn("cohort2", shifted));
        var direct = Model.Did(Term.Log("gsp")).WithTreatment(Treatment.FromCohort("cohort2").Named("d2")).Controls(ProducControls).Fe("state", "year").Vcov(vcov).Fit(pseudo);
        var dummy = did.Regression.SampleRows.Select(r => direct.Assignment.Dummy[r]).ToArray();
        var (beta, t) = studentizer.Statistic(dummy, new double[design.ScratchLength], new double[studentizer.Groups]);

        Close(direct.Effect.Estimate, beta, 1e-8, "pseudo coefficient");
        Close(direct.Effect.TStatistic, t, 1e-6, $"pseudo t ({variance})");
    }

    [Fact]
    public void StudentizedPlaceboComparesTStatistics()
    {
        var data = Simulated(units: 45, periods: 10, effect: 2.0, seed: 5);
        var did = Model.Did("y").Cohort("cohort").Controls("x").Cluster("unit").Fit(data);
        var placebo = did.Placebo(draws: 99, seed: 4, statistic: PlaceboStatistic.TStatistic);

        Assert.Equal(99, placebo.TStatistics.Count);
        Assert.Equal(99, placebo.DrawPValues.Count);
        Assert.All(placebo.DrawPValues, p => Assert.InRange(p, 0.0, 1.0));
        var largest = placebo.TStatistics.Select(Math.Abs).Max();
        Assert.Equal(placebo.DrawPValues.Min(), 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, did.Regression.InferenceDegreesOfFreedom, -largest), 12);
        Assert.Equal(did.Effect.TStatistic, placebo.ActualTStatistic);
        Assert.Equal(0, placebo.ExceedCount);
        Assert.Equal(0.01, placebo.PValue, 12);
        Assert.Equal(did.Placebo(draws: 99, seed: 4).Estimates, placebo.Estimates);
        using var json = System.Text.Json.JsonDocument.Parse(placebo.ToJson());
        Assert.Equal("t", json.RootElement.GetProperty("statistic").GetString());
        Assert.Equal(99, json.RootElement.GetProperty("t_statistics").GetArrayLength());

        var twoWay = Model.Did("y").Cohort("cohort").Cluster("unit", "year").Fit(data);
        Assert.Contains("one-way clustered", Assert.Throws<ArgumentException>(() => twoWay.Placebo(draws: 5, statistic: PlaceboStatistic.TStatistic)).Message);

        // A custom variance estimator (here the built-in HC1 formula passed as a custom one) cannot be recomputed per
        // draw: an error, not draws silently studentized by the iid formula.
        var custom = Model.Did("y").Cohort("cohort").Controls("x").Vcov(Vcov.Using(ModelDsl.Inference.VarianceEstimators.HC1)).Fit(data);
        Assert.Contains("custom estimator", Assert.Throws<ArgumentException>(() => custom.Placebo(draws: 5, statistic: PlaceboStatistic.TStatistic)).Message);
        Assert.Equal(5, custom.Placebo(draws: 5, seed: 1).Estimates.Count);
    }

    [Fact]
    public void SameSeedSameDrawsWhateverTheScheduling()
    {
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ProducControls).Cluster("state").Fit(Produc("did-produc"));
        var first = did.Placebo(draws: 60, seed: 7);
        var second = did.Placebo(draws: 60, seed: 7);
        var other = did.Placebo(draws: 60, seed: 8);

        Assert.Equal(first.Estimates, second.Estimates);
        Assert.NotEqual(first.Estimates, other.Estimates);
        Assert.Equal(first.PValue, (1.0 + first.ExceedCount) / (1.0 + first.ValidDraws));
        Assert.Equal(did.Effect.Estimate, first.Actual);
    }

    [Fact]
    public void RegressPathGivesTheSamePlaceboDraws()
    {
        var data = Produc("did-produc");
        var treatment = Treatment.FromCohort("cohort").Named("d");
        var did = Model.Did(Term.Log("gsp")).WithTreatment(treatment).Controls(ProducControls).Fe("state", "year").Cluster("state").Fit(data);
        var regression = Model.Regress(Term.Log("gsp")).On("d").Controls(ProducControls).Fe("state", "year").Cluster("state").Fit(data.WithTreatment(treatment));

        var expected = did.Placebo(draws: 30, seed: 5).Estimates;
        Assert.Equal(expected, PlaceboInference.Run(regression, treatment, draws: 30, seed: 5).Estimates);

        // A regressor of interest besides the treatment is partialled out like a control.
        var two = Model.Regress(Term.Log("gsp")).On("d", "unemp").Controls(Term.Log("pcap"), Term.Log("pc"), Term.Log("emp")).Fe("state", "year").Fit(data.WithTreatment(treatment));
        var reordered = PlaceboInference.Run(two, treatment, draws: 30, seed: 5).Estimates;
        for (var b = 0; b < expected.Count; b++)
        {
            Close(expected[b], reordered[b], 1e-9, $"draw {b}");
        }

        Assert.Throws<ArgumentException>(() => PlaceboInference.Run(two, Treatment.FromCohort("cohort").Named("other"), draws: 5));
    }

    [Fact]
    public void PlaceboMeanIsNearZeroForANullEffect()
    {
        var data = Simulated(units: 60, periods: 10, effect: 0.0, seed: 3);
        var did = Model.Did("y").Cohort("cohort").Controls("x").Fe("unit", "year").Cluster("unit").Fit(data);
        var placebo = did.Placebo(draws: 300, seed: 11);

        Assert.Equal(300, placebo.ValidDraws);
        Assert.True(Math.Abs(placebo.Mean) < 0.25 * placebo.StandardDeviation, $"placebo mean {placebo.Mean} vs sd {placebo.StandardDeviation}");
        Assert.True(placebo.StandardDeviation > 0);
    }

    [Fact]
    public void StrongEffectIsFarInTheTail()
    {
        var data = Simulated(units: 45, periods: 10, effect: 2.0, seed: 5);
        var placebo = Model.Did("y").Cohort("cohort").Controls("x").Cluster("unit").Fit(data).Placebo(draws: 199, seed: 1);

        Assert.Equal(0, placebo.ExceedCount);
        Assert.Equal(1.0 / 200, placebo.PValue);
        Assert.Equal(0.0, placebo.PValueUncorrected);
    }

    [Fact]
    public void PValueIsRoughlyUniformUnderTheNull()
    {
        // 40 null data sets, 49 draws each: P(p ≤ 0.2) is exactly 10/50 = 0.2 under the null (exact test).
        var pValues = new List<double>();
        for (var s = 0; s < 40; s++)
        {
            var data = Simulated(units: 24, periods: 8, effect: 0.0, seed: 100 + s);
            var did = Model.Did("y").Cohort("cohort").Fe("unit", "year").Fit(data);
            pValues.Add(did.Placebo(draws: 49, seed: s).PValue);
        }

        var small = pValues.Count(p => p <= 0.2);
        var mean = pValues.Average();
        // Binomial(40, 0.2): mean 8, sd 2.5; bounds ±3 sd. Mean of a U(0,1)-like p: 0.51 ± 3·0.046.
        Assert.InRange(small, 1, 16);
        Assert.InRange(mean, 0.37, 0.65);
    }

    [Fact]
    public void ModesDrawFromTheObservedCohorts()
    {
        var observed = new double[] { 0, 0, 0, 1976, 1976, 1979, 0, 1982 };
        var treatedCohorts = observed.Where(c => c > 0).ToArray();
        var treatedUnits = new[] { 3, 4, 5, 7 };
        var pseudo = new double[observed.Length];
        var units = new int[observed.Length];
        for (var b = 0; b < 50; b++)
        {
            PlaceboInference.Assign(PlaceboMode.UnitsOnly, RandomStream.ForStream(1, b), observed, treatedCohorts, treatedUnits, pseudo, units);
            Assert.Equal(observed.Order(), pseudo.Order());

            PlaceboInference.Assign(PlaceboMode.TimingOnly, RandomStream.ForStream(1, b), observed, treatedCohorts, treatedUnits, pseudo, units);
            Assert.Equal(treatedUnits, Enumerable.Range(0, pseudo.Length).Where(u => pseudo[u] > 0));
            Assert.All(pseudo.Where(c => c > 0), c => Assert.Contains(c, treatedCohorts));

            PlaceboInference.Assign(PlaceboMode.UnitsAndTiming, RandomStream.ForStream(1, b), observed, treatedCohorts, treatedUnits, pseudo, units);
            Assert.Equal(4, pseudo.Count(c => c > 0));
            Assert.All(pseudo.Where(c => c > 0), c => Assert.Contains(c, treatedCohorts));
        }
    }

    [Fact]
    public void ProgressAndJson()
    {
        var data = Simulated(units: 30, periods: 8, effect: 0.5, seed: 9);
        var reports = new ConcurrentBag<int>();
        var placebo = Model.Did("y").Cohort("cohort").Fit(data).Placebo(draws: 40, seed: 2, mode: PlaceboMode.UnitsOnly, progress: new SynchronousProgress(reports.Add));

        Assert.Contains(40, reports);
        Assert.All(reports, r => Assert.InRange(r, 1, 40));
        using var json = JsonDocument.Parse(placebo.ToJson());
        var root = json.RootElement;
        Assert.Equal("placebo", root.GetProperty("estimator").GetString());
        Assert.Equal("units_only", root.GetProperty("mode").GetString());
        Assert.Equal(40, root.GetProperty("estimates").GetArrayLength());
        Assert.Equal(placebo.PValue, root.GetProperty("p_value").GetDouble());
        Assert.Equal(placebo.StandardDeviation, root.GetProperty("sd").GetDouble());
    }

    [Fact]
    public void FiguresTakeTheEstimates()
    {
        var data = Simulated(units: 30, periods: 10, effect: 0.5, seed: 12);
        var placebo = Model.Did("y").Cohort("cohort").Fit(data).Placebo(draws: 20, seed: 1);
        var figure = new PlaceboFigure(placebo);
        Assert.Equal(placebo.Estimates, figure.PlaceboEstimates);
        Assert.Equal(placebo.Actual, figure.TrueEstimate);

        var study = Model.EventStudy("y").Cohort("cohort").Window(-3, 3).Cluster("unit").Fit(data);
        var points = new EventStudyFigure(study).Points;
        Assert.Equal(study.EventTimes.Select(e => (double)e.EventTime), points.Select(p => p.EventTime));
        Assert.Equal(study[0].Coefficient.ConfidenceLow, points.Single(p => p.EventTime == 0).Low);
        var path = Path.Combine(Path.GetTempPath(), $"modeldsl-event-study-{Guid.NewGuid():N}.svg");
        try
        {
            new EventStudyFigure(study).Save(path);
            Assert.Contains("<svg", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RejectsBadDrawCounts()
    {
        var did = Model.Did("y").Cohort("cohort").Fit(Simulated(units: 12, periods: 8, effect: 0, seed: 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => did.Placebo(draws: 0));
        Assert.Contains("got 0", error.Message);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
