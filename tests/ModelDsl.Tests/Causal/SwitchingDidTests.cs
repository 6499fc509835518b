using System.Text.Json;

using ModelDsl.Causal;
using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>de Chaisemartin–D'Haultfœuille DID_M against reference/didm-produc (R, written out) and its identities.</summary>
public sealed class SwitchingDidTests
{
    private const string Case = "didm-produc";

    [Fact]
    public void EstimateComparisonsAndPlaceboMatchR()
    {
        var expected = Expected(Case);
        var result = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Fit(Produc(Case));
        Close(expected.GetProperty("did_m").GetDouble(), result.Effect.Estimate, 1e-10, "DID_M");
        Assert.Equal(expected.GetProperty("switchers").GetInt32(), result.Switchers);
        Close(expected.GetProperty("placebo").GetDouble(), result.Placebo!.Estimate, 1e-10, "placebo");
        Assert.Equal(expected.GetProperty("placebo_switchers").GetInt32(), result.PlaceboSwitchers);
        var comparisons = expected.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.Equal(comparisons.Length, result.Contributions.Count);
        for (var i = 0; i < comparisons.Length; i++)
        {
            var e = comparisons[i];
            var c = result.Contributions[i];
            Assert.Equal(e.GetProperty("period").GetDouble(), result.Periods[c.PeriodIndex]);
            Assert.Equal(e.GetProperty("kind").GetString() == "joiners", c.Joiners);
            Assert.Equal(e.GetProperty("switchers").GetInt32(), c.Switchers);
            Assert.Equal(e.GetProperty("controls").GetInt32(), c.Controls);
            Close(e.GetProperty("estimate").GetDouble(), c.Estimate, 1e-10, $"DID at {result.Periods[c.PeriodIndex]}");
        }

        Assert.True(double.IsNaN(result.Effect.StandardError));
        Assert.Contains(result.Notes, n => n.Message.Contains("Bootstrap(", StringComparison.Ordinal));
    }

    [Fact]
    public void BootstrapIsSeededAndJsonHasBothEstimates()
    {
        var data = Produc(Case);
        var a = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Bootstrap(draws: 60, seed: 7).Fit(data);
        var b = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Bootstrap(draws: 60, seed: 7).Fit(data);
        var c = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Bootstrap(draws: 60, seed: 8).Fit(data);
        Assert.Equal(a.Effect.StandardError, b.Effect.StandardError);
        Assert.NotEqual(a.Effect.StandardError, c.Effect.StandardError);
        Assert.True(a.Effect.StandardError > 0 && a.Placebo!.StandardError > 0);
        Assert.Equal(60, a.ValidDraws);
        Assert.InRange(a.Effect.ConfidenceHigh - a.Effect.ConfidenceLow, 2 * 1.95 * a.Effect.StandardError, 2 * 1.97 * a.Effect.StandardError);
        using var json = JsonDocument.Parse(a.ToJson());
        Assert.Equal("did_m", json.RootElement.GetProperty("estimator").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("coefficients").GetArrayLength());
    }

    [Fact]
    public void WithTwoPeriodsAndOnlyJoinersItIsTheTwfeDid()
    {
        // Two periods, some units join: DID_M is the 2×2 DID, which the two-way fixed-effects regression also gives.
        var data = FirstPeriods(Simulated(units: 40, periods: 6, effect: 0.8, seed: 12), 2);
        var d = Enumerable.Range(0, data.RowCount).Select(i => data.Time.NumericValue(i) == 2001 && data.Unit.Codes[i] % 3 == 1 ? 1.0 : 0.0).ToArray();
        var withD = data.WithColumn(new NumericColumn("d", d));
        var didM = Model.SwitchingDid("y").Treated("d").Fit(withD);
        var twfe = Model.Regress("y").On("d").Fe("unit", "year").Fit(withD);
        Close(twfe["d"].Estimate, didM.Effect.Estimate, 1e-10, "DID_M vs TWFE");
        Assert.Null(didM.Placebo);
    }

    [Fact]
    public void SwitchesWithoutAComparisonGroupAreLeftOutWithANote()
    {
        // Every unit joins at the same period: no stable untreated unit exists then, so DID_M is not identified.
        var data = FirstPeriods(Simulated(units: 10, periods: 6, effect: 0.8, seed: 12), 4);
        var all = data.WithColumn(new NumericColumn("d", Enumerable.Range(0, data.RowCount).Select(i => data.Time.NumericValue(i) >= 2002 ? 1.0 : 0.0).ToArray()));
        Assert.Contains("not identified", Assert.Throws<InvalidOperationException>(() => Model.SwitchingDid("y").Treated("d").Fit(all)).Message, StringComparison.Ordinal);

        // Half the units join in 2002, the rest in 2003 when none is left untreated: the 2003 joiners are counted in a note.
        var staggered = data.WithColumn(new NumericColumn("d", Enumerable.Range(0, data.RowCount).Select(i => data.Time.NumericValue(i) >= (data.Unit.Codes[i] % 2 == 0 ? 2002 : 2003) ? 1.0 : 0.0).ToArray()));
        var result = Model.SwitchingDid("y").Treated("d").Fit(staggered);
        Assert.Equal(5, result.Switchers);
        Assert.Contains(result.Notes, n => n.Count == 5 && n.Message.Contains("not identified", StringComparison.Ordinal));
    }

    private static PanelData FirstPeriods(PanelData data, int periods)
        => data.SelectRows(Enumerable.Range(0, data.RowCount).Where(i => data.Time.NumericValue(i) < 2000 + periods).ToArray());

    [Fact]
    public void BadInputFailsWithTheReason()
    {
        var data = FirstPeriods(Simulated(units: 10, periods: 6, effect: 0.8, seed: 12), 4);
        Assert.Contains("Treated(", Assert.Throws<InvalidOperationException>(() => Model.SwitchingDid("y").Fit(data)).Message, StringComparison.Ordinal);
        Assert.Contains("0/1", Assert.Throws<ArgumentException>(() => Model.SwitchingDid("y").Treated("x").Fit(data)).Message, StringComparison.Ordinal);
        var never = data.WithColumn(new NumericColumn("d", new double[data.RowCount]));
        Assert.Contains("never switches", Assert.Throws<InvalidOperationException>(() => Model.SwitchingDid("y").Treated("d").Fit(never)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.SwitchingDid("y").Bootstrap(draws: 1));
        var withD = data.WithColumn(new NumericColumn("d", Enumerable.Range(0, data.RowCount).Select(i => (double)(i % 2)).ToArray()));
        Assert.Contains("varies within unit", Assert.Throws<ArgumentException>(() => Model.SwitchingDid("y").Treated("d").Cluster("year").Bootstrap().Fit(withD)).Message, StringComparison.Ordinal);
    }
}
