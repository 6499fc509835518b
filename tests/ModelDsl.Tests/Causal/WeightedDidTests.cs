using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>
/// Weights in the DID and the event study: analytic and frequency weights against weighted lm() on dummies
/// (reference/did-weighted-produc, Stata's aweight/fweight cluster conventions), frequency weights against repeated
/// rows (Sun–Abraham's weighted cohort shares included), and the estimators that refuse weights.
/// </summary>
public sealed class WeightedDidTests
{
    private const string Case = "did-weighted-produc";
    private static readonly Term[] ControlTerms = [Term.Log("pcap"), Term.Log("pc"), Term.Log("emp"), "unemp"];

    [Theory]
    [InlineData("did_aweight", "aw", WeightKind.Analytic)]
    [InlineData("did_fweight", "fw", WeightKind.Frequency)]
    public void WeightedDidMatchesWeightedLeastSquaresOnDummies(string block, string column, WeightKind kind)
    {
        var expected = Expected(Case).GetProperty(block);
        var fit = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Weights(column, kind).Fe("state", "year").Cluster("state").Fit(Produc(Case));
        AssertBlock(expected, fit.Regression);
        Assert.Equal(expected.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble(), fit.Effect.Estimate, 1e-8 * Math.Abs(fit.Effect.Estimate));
        var unweighted = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Fe("state", "year").Cluster("state").Fit(Produc(Case));
        Assert.NotEqual(unweighted.Effect.Estimate, fit.Effect.Estimate, 6);
    }

    [Theory]
    [InlineData("event_study_aweight", "aw", WeightKind.Analytic)]
    [InlineData("event_study_fweight", "fw", WeightKind.Frequency)]
    public void WeightedEventStudyMatchesWeightedLeastSquaresOnDummies(string block, string column, WeightKind kind)
    {
        var expected = Expected(Case).GetProperty(block);
        var fit = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Controls(ControlTerms).Weights(column, kind).Fe("state", "year").Cluster("state").Fit(Produc(Case));
        AssertBlock(expected, fit.Regression);
    }

    [Fact]
    public void FrequencyWeightsEqualRepeatedRowsInTheSunAbrahamEventStudy()
    {
        var data = Produc(Case);
        var fw = data.Numeric("fw").Values.ToArray();
        var repeated = Enumerable.Range(0, data.RowCount).SelectMany(i => Enumerable.Repeat(i, (int)fw[i])).ToArray();
        // Each copy of a state is a unit of its own (a panel holds a unit once per period); fixed effects and clusters stay by state.
        var copyOf = new int[repeated.Length];
        for (var i = 1; i < repeated.Length; i++)
        {
            copyOf[i] = repeated[i] == repeated[i - 1] ? copyOf[i - 1] + 1 : 0;
        }

        var unitCopy = CategoricalColumn.FromLabels("unit_copy", repeated.Select((r, i) => data.Categorical("state")[r] + "#" + copyOf[i]).ToArray());
        var copies = new PanelData([.. data.Columns.Select(c => c.Select(repeated)), unitCopy], "unit_copy", "year");
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-4, 4).Using(EventStudyMethod.SunAbraham).Fe("state", "year").Cluster("state");
        var weighted = study.Weights("fw", WeightKind.Frequency).Fit(data);
        var expanded = study.Fit(copies);
        foreach (var k in weighted.EventTimes)
        {
            var other = expanded[k.EventTime].Coefficient;
            Assert.Equal(other.Estimate, k.Coefficient.Estimate, 1e-10);
            Assert.Equal(other.StandardError, k.Coefficient.StandardError, 1e-10);
        }

        // The cohort shares are the frequency-weighted ones, which differ from the row shares of the unweighted fit.
        var unweighted = study.Fit(data);
        Assert.Contains(weighted.CohortWeights.Zip(unweighted.CohortWeights), pair => Math.Abs(pair.First.Weight - pair.Second.Weight) > 1e-6);
        Assert.Equal(expanded.CohortWeights.Select(w => w.Weight), weighted.CohortWeights.Select(w => w.Weight), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ZeroWeightsLeaveTheSampleWithANote()
    {
        var data = Produc(Case);
        var aw = data.Numeric("aw").Values.ToArray();
        var zeroed = aw.Select((w, i) => data.Categorical("state")[i] == "ALABAMA" ? 0.0 : w).ToArray();
        var withZero = data.WithColumn(new NumericColumn("aw0", zeroed));
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Weights("aw0").Fe("state", "year").Cluster("state").Fit(withZero);
        var without = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(ControlTerms).Weights("aw").Fe("state", "year").Cluster("state")
            .Fit(data.SelectRows(Enumerable.Range(0, data.RowCount).Where(i => zeroed[i] != 0).ToArray()));
        Assert.Equal(799, did.Regression.Observations);
        Assert.Equal(without.Effect.Estimate, did.Effect.Estimate, 1e-12);
        Assert.Contains(did.Regression.Notes, n => n.Message.Contains("17 rows dropped for a missing (0) or zero (17) weight in 'aw0'", StringComparison.Ordinal));
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-5, 5).Weights("aw0").Fe("state", "year").Cluster("state").Fit(withZero);
        Assert.Equal(799, study.Regression.Observations);
    }

    [Fact]
    public void DecompositionAndPlaceboRefuseAWeightedDid()
    {
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Weights("aw").Fe("state", "year").Cluster("state").Fit(Produc(Case));
        Assert.Contains("refit without Weights(...)", Assert.Throws<InvalidOperationException>(() => did.Decompose()).Message, StringComparison.Ordinal);
        Assert.Contains("without Weights(...)", Assert.Throws<InvalidOperationException>(() => did.Placebo(draws: 5)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWildBootstrapGivesTheTwfeEventStudyItsPValuesAndRefusesSunAbrahamSums()
    {
        var data = Produc(Case);
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-4, 4).Weights("aw").Fe("state", "year");
        var wild = Vcov.WildBootstrap("state", draws: 199, seed: 2);
        var boot = study.Vcov(wild).Fit(data);
        var direct = study.Cluster("state").Fit(data).Regression.WithVcov(wild);
        foreach (var k in boot.EventTimes)
        {
            Assert.Equal(direct[k.Coefficient.Name].PValue, k.Coefficient.PValue);
            Assert.Equal(direct[k.Coefficient.Name].ConfidenceLow, k.Coefficient.ConfidenceLow);
        }

        var error = Assert.Throws<InvalidOperationException>(() => study.Using(EventStudyMethod.SunAbraham).Vcov(wild).Fit(data));
        Assert.Contains("weighted sums of cohort", error.Message, StringComparison.Ordinal);
    }

    private static void AssertBlock(System.Text.Json.JsonElement expected, RegressionResult fit)
    {
        Assert.Equal(expected.GetProperty("observations").GetDouble(), fit.Observations);
        foreach (var e in expected.GetProperty("coefficients").EnumerateArray())
        {
            var name = e.GetProperty("name").GetString()!;
            Close(e.GetProperty("estimate").GetDouble(), fit[name].Estimate, 1e-8, $"{name} estimate");
            Close(e.GetProperty("std_error").GetDouble(), fit[name].StandardError, 1e-6, $"{name} clustered SE");
            Close(e.GetProperty("p").GetDouble(), fit[name].PValue, 1e-6, $"{name} p");
        }
    }
}
