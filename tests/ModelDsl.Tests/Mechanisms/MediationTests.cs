using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Mechanisms;
using ModelDsl.Tests.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Mechanisms;

/// <summary>Baron–Kenny mediation against reference/mediation-produc (R, exact least squares on dummies, Stata CR1).</summary>
public sealed class MediationTests
{
    private const string Case = "mediation-produc";

    private static MediationSpecification Spec()
        => Model.Mediate(Term.Log("gsp")).Treatment(Term.Log("pcap")).Through(Term.Log("emp"))
            .Controls(Term.Log("pc"), "unemp").Fe("state", "year").Cluster("state");

    [Fact]
    public void PathsAndZStatisticsMatchR()
    {
        var expected = Expected(Case);
        var result = Spec().Fit(CausalFixtures.Produc(Case));

        Close(expected.GetProperty("a").GetDouble(), result.A.Estimate, 1e-8, "a");
        Close(expected.GetProperty("b").GetDouble(), result.B.Estimate, 1e-8, "b");
        Close(expected.GetProperty("c").GetDouble(), result.C.Estimate, 1e-8, "c");
        Close(expected.GetProperty("c_prime").GetDouble(), result.CPrime.Estimate, 1e-8, "c'");
        Close(expected.GetProperty("indirect").GetDouble(), result.Indirect, 1e-8, "ab");
        Close(expected.GetProperty("proportion_mediated").GetDouble(), result.ProportionMediated, 1e-8, "proportion");
        Close(expected.GetProperty("se_a").GetDouble(), result.A.StandardError, 1e-6, "se_a");
        Close(expected.GetProperty("se_b").GetDouble(), result.B.StandardError, 1e-6, "se_b");
        Close(expected.GetProperty("se_c").GetDouble(), result.C.StandardError, 1e-6, "se_c");
        Close(expected.GetProperty("se_c_prime").GetDouble(), result.CPrime.StandardError, 1e-6, "se_c'");
        foreach (var test in new[] { result.Sobel, result.Aroian, result.Goodman })
        {
            Close(expected.GetProperty($"{test.Name}_z").GetDouble(), test.Z, 1e-6, $"{test.Name} z");
            Close(expected.GetProperty($"{test.Name}_se").GetDouble(), test.StandardError, 1e-6, $"{test.Name} se");
            Close(expected.GetProperty($"{test.Name}_p").GetDouble(), test.PValue, 1e-5, $"{test.Name} p");
        }

        Assert.Equal(result.C.Estimate, result.CPrime.Estimate + result.Indirect, 10);
        var iid = expected.GetProperty("iid");
        var iidResult = Spec().Vcov(Vcov.Iid).Fit(CausalFixtures.Produc(Case));
        Close(iid.GetProperty("sobel_z").GetDouble(), iidResult.Sobel.Z, 1e-6, "iid sobel z");
        Close(iid.GetProperty("goodman_z").GetDouble(), iidResult.Goodman.Z, 1e-6, "iid goodman z");
    }

    [Fact]
    public void StepsMatchR()
    {
        var expected = Expected(Case).GetProperty("steps");
        var result = Spec().Fit(CausalFixtures.Produc(Case));
        foreach (var (name, fit) in new[] { ("total", result.Total), ("mediator", result.MediatorModel), ("outcome", result.Outcome) })
        {
            var step = expected.GetProperty(name);
            Assert.Equal(step.GetProperty("observations").GetInt32(), fit.Observations);
            foreach (var c in step.GetProperty("coefficients").EnumerateArray())
            {
                var coefficient = fit[c.GetProperty("name").GetString()!];
                Close(c.GetProperty("estimate").GetDouble(), coefficient.Estimate, 1e-8, $"{name} {coefficient.Name}");
                Close(c.GetProperty("std_error").GetDouble(), coefficient.StandardError, 1e-6, $"{name} SE {coefficient.Name}");
            }

            Close(step.GetProperty("r2_within").GetDouble(), fit.RSquaredWithin, 1e-8, $"{name} within R2");
        }
    }

    [Fact]
    public void JsonHasTheRequiredKeys()
    {
        var result = Spec().Fit(CausalFixtures.Produc(Case));
        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        foreach (var key in new[] { "a", "se_a", "b", "se_b", "c", "c_prime", "indirect", "sobel_z", "sobel_p", "aroian_z", "goodman_z", "proportion_mediated" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
        }

        Assert.Equal(result.Sobel.Z, root.GetProperty("sobel_z").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bootstrap").ValueKind);
        Assert.Equal("fe", root.GetProperty("steps").GetProperty("outcome").GetProperty("estimator").GetString());
        Assert.Equal(4, root.GetProperty("steps").GetProperty("outcome").GetProperty("coefficients").GetArrayLength() - 1);
    }

    [Fact]
    public void ClusterBootstrapIsSeededAndCoversTheEstimate()
    {
        var data = CausalFixtures.Produc(Case);
        var first = Spec().Bootstrap(draws: 120, seed: 3).Fit(data);
        var second = Spec().Bootstrap(draws: 120, seed: 3).Fit(data);

        var interval = first.Bootstrap!;
        Assert.Equal(interval, second.Bootstrap);
        Assert.Equal("state", interval.ResamplingUnit);
        Assert.Equal(120, interval.ValidDraws);
        Assert.True(interval.Low < first.Indirect && first.Indirect < interval.High, $"{interval.Low} < {first.Indirect} < {interval.High}");

        // The cluster bootstrap SE is of the order of the clustered Sobel SE (0.096), far above the iid one (0.027).
        Assert.InRange(interval.StandardError, 0.05, 0.2);
        using var json = JsonDocument.Parse(first.ToJson());
        Assert.Equal(interval.Low, json.RootElement.GetProperty("bootstrap").GetProperty("ci_low").GetDouble());
    }

    [Fact]
    public void ObservationBootstrapWithoutClusters()
    {
        var random = new Random(8);
        var n = 300;
        var x = Enumerable.Range(0, n).Select(_ => Normal(random)).ToArray();
        var m = x.Select(v => (0.6 * v) + Normal(random)).ToArray();
        var y = x.Select((v, i) => (0.2 * v) + (0.5 * m[i]) + Normal(random)).ToArray();
        var data = new PanelData([new NumericColumn("y", y), new NumericColumn("x", x), new NumericColumn("m", m)]);
        var result = Model.Mediate("y").Treatment("x").Through("m").Vcov(Vcov.HC1).Bootstrap(draws: 200, seed: 9, level: 0.9).Fit(data);

        var interval = result.Bootstrap!;
        Assert.Equal("observation", interval.ResamplingUnit);
        Assert.Equal(0.9, interval.Level);
        Assert.True(interval.Low < result.Indirect && result.Indirect < interval.High);
        Assert.Equal(result.C.Estimate, result.CPrime.Estimate + result.Indirect, 10);

        // The bootstrap SE of ab is close to the delta-method (Sobel) SE in a large, well-behaved sample.
        Assert.InRange(interval.StandardError / result.Sobel.StandardError, 0.7, 1.4);
    }

    [Fact]
    public void SameSampleForAllThreeSteps()
    {
        var data = CausalFixtures.Produc(Case);
        var emp = data.Numeric("emp").Values.ToArray();
        emp[5] = double.NaN;
        var unemp = data.Numeric("unemp").Values.ToArray();
        unemp[40] = double.NaN;
        var holed = data.WithColumn(new NumericColumn("emp", emp)).WithColumn(new NumericColumn("unemp", unemp));
        var result = Spec().Fit(holed);

        Assert.Equal(814, result.Total.Observations);
        Assert.Equal(result.Total.SampleRows, result.MediatorModel.SampleRows);
        Assert.Equal(result.Total.SampleRows, result.Outcome.SampleRows);
        Assert.Equal(result.C.Estimate, result.CPrime.Estimate + result.Indirect, 10);
        Assert.Contains(result.Notes, n => n.Message.Contains("same complete cases", StringComparison.Ordinal));
    }

    [Fact]
    public void MediatorIdenticalToTheTreatmentIsRejected()
    {
        var data = CausalFixtures.Produc(Case);
        var same = Assert.Throws<ArgumentException>(() => Model.Mediate("gsp").Treatment("pcap").Through("pcap").Fit(data));
        Assert.Contains("is the treatment itself", same.Message);

        var copy = data.WithColumn(new NumericColumn("pcap_copy", data.Numeric("pcap").Values));
        var identical = Assert.Throws<ArgumentException>(() => Model.Mediate("gsp").Treatment("pcap").Through("pcap_copy").Fe("state", "year").Fit(copy));
        Assert.Contains("identical to the treatment 'pcap' in all 816 rows", identical.Message);

        Assert.Throws<InvalidOperationException>(() => Model.Mediate("gsp").Through("emp").Fit(data));
        Assert.Throws<ArgumentException>(() => Model.Mediate("gsp").Treatment("pcap").Through("gsp").Fit(data));
    }

    // Seed 0: of the 2 resamples only one contains the treated row. The old code threw ("Only 1 of 2 ..."), which
    // discarded the three steps and the Sobel tests; one draw has no spread, so the interval is not reported.
    [Fact]
    public void OneValidBootstrapDrawLeavesTheIntervalUnreportedWithANote()
    {
        var result = Model.Mediate("y").Treatment("x").Through("m").Vcov(Vcov.HC1).Bootstrap(draws: 2, seed: 0).Fit(OneRowTreated());

        var interval = result.Bootstrap!;
        Assert.Equal(1, interval.ValidDraws);
        Assert.False(interval.IsReported);
        Assert.True(double.IsNaN(interval.Low) && double.IsNaN(interval.High) && double.IsNaN(interval.StandardError));
        var note = Assert.Single(result.Notes, n => n.Message.Contains("a·b (bootstrap)", StringComparison.Ordinal));
        Assert.Equal(note, interval.Note);
        Assert.Contains("only 1 of 2 bootstrap resamples", note.Message, StringComparison.Ordinal);
        Assert.Contains("not reported", note.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(result.Indirect));

        using var json = JsonDocument.Parse(result.ToJson());
        var bootstrap = json.RootElement.GetProperty("bootstrap");
        Assert.Equal(JsonValueKind.Null, bootstrap.GetProperty("ci_low").ValueKind);
        Assert.Equal(JsonValueKind.Null, bootstrap.GetProperty("std_error").ValueKind);
        Assert.Contains(json.RootElement.GetProperty("notes").EnumerateArray(), n => n.ToString().Contains("a·b (bootstrap)", StringComparison.Ordinal));
    }

    // Seed 3: neither resample contains the treated row; nothing can be estimated, which is an error.
    [Fact]
    public void NoValidBootstrapDrawIsAnError()
    {
        var spec = Model.Mediate("y").Treatment("x").Through("m").Vcov(Vcov.HC1).Bootstrap(draws: 2, seed: 3);
        var error = Assert.Throws<InvalidOperationException>(() => spec.Fit(OneRowTreated()));
        Assert.Contains("None of the 2 bootstrap resamples", error.Message, StringComparison.Ordinal);
        Assert.Contains("8 observations", error.Message, StringComparison.Ordinal);
    }

    // Eight observations, only the first treated: a resample without it cannot estimate a (x is constant).
    private static PanelData OneRowTreated()
    {
        double[] x = [1, 0, 0, 0, 0, 0, 0, 0];
        double[] m = [2.0, 0.3, -0.4, 1.1, 0.2, -0.9, 0.5, 0.8];
        double[] y = [1.5, 0.1, -0.2, 0.9, 0.4, -0.6, 0.2, 1.0];
        return new PanelData([new NumericColumn("y", y), new NumericColumn("x", x), new NumericColumn("m", m)]);
    }
}
