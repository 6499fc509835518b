using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Tests.Threshold;

/// <summary>
/// The fixed-effects panel threshold regression against a brute-force base-R search on plm's Produc
/// (reference/threshold-produc): log(gsp) on log(pcap) by regimes of unemp, controls log(pc) and log(emp), state effects.
/// </summary>
public sealed class ThresholdTests
{
    private const string Folder = "threshold-produc";

    private static readonly Lazy<JsonElement> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", Folder, "expected.json")));
        return document.RootElement.Clone();
    });

    private static readonly Lazy<PanelData> Produc = new(() => PanelData.ReadCsv(Path.Combine(AppContext.BaseDirectory, "reference", Folder, "data.csv"), unit: "state", time: "year"));

    private static ThresholdSpecification Produc4 => Model.Threshold(Term.Log("gsp")).On(Term.Log("pcap")).By("unemp").Controls(Term.Log("pc"), Term.Log("emp")).Fe("state");

    private static readonly Lazy<ThresholdResult> Triple = new(() => Produc4.Regimes(4).Fit(Produc.Value));

    [Fact]
    public void TheGridIsTheReferenceGrid()
    {
        var expected = Expected.Value.GetProperty("candidates").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected, Triple.Value.Candidates);
        Assert.Equal(48, Triple.Value.Units);
        Assert.Equal(17, Triple.Value.Periods);
        Assert.Contains(Triple.Value.Notes, n => n.Message.Contains("distinct values", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("single", 0)]
    [InlineData("double_refined", 1)]
    [InlineData("double_second", 2)]
    [InlineData("triple", 3)]
    public void ThresholdsIntervalsAndLrProfilesMatchTheBruteForceSearch(string stage, int index)
    {
        var expected = Expected.Value.GetProperty(stage);
        var actual = Triple.Value.Estimates[index];
        Assert.Equal(expected.GetProperty("label").GetString(), actual.Label);
        Assert.Equal(expected.GetProperty("value").GetDouble(), actual.Value);
        Assert.Equal(expected.GetProperty("lower").GetDouble(), actual.Lower);
        Assert.Equal(expected.GetProperty("upper").GetDouble(), actual.Upper);
        Relative(expected.GetProperty("ssr").GetDouble(), actual.Ssr, 1e-9);
        var lr = expected.GetProperty("lr").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
        Assert.Equal(lr.Length, actual.LikelihoodRatio.Count);
        for (var i = 0; i < lr.Length; i++)
        {
            Assert.Equal(double.IsNaN(lr[i]), double.IsNaN(actual.LikelihoodRatio[i]));
            if (!double.IsNaN(lr[i]))
            {
                Assert.True(Math.Abs(lr[i] - actual.LikelihoodRatio[i]) <= 1e-6 * Math.Max(1, Math.Abs(lr[i])), $"LR at candidate {i}: {lr[i]} vs {actual.LikelihoodRatio[i]}");
            }
        }
    }

    [Fact]
    public void FStatisticsMatch()
    {
        Relative(Expected.Value.GetProperty("linear_ssr").GetDouble(), Triple.Value.LinearSsr, 1e-10);
        var tests = Expected.Value.GetProperty("tests").EnumerateArray().ToArray();
        Assert.Equal(3, Triple.Value.Tests.Count);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(tests[k].GetProperty("label").GetString(), Triple.Value.Tests[k].Label);
            Relative(tests[k].GetProperty("ssr").GetDouble(), Triple.Value.Tests[k].Ssr, 1e-9);
            Relative(tests[k].GetProperty("f").GetDouble(), Triple.Value.Tests[k].F, 1e-6);
            Assert.True(double.IsNaN(Triple.Value.Tests[k].PValue));
        }
    }

    [Fact]
    public void OneTrimmedSharePerThresholdMatchesTheBruteForceSearch()
    {
        var expected = Expected.Value.GetProperty("per_threshold_trim");
        var fit = Produc4.Regimes(4).Trim(0.01, 0.05, 0.10).Fit(Produc.Value);
        Assert.Equal(expected.GetProperty("candidates").EnumerateArray().Select(e => e.GetDouble()).ToArray(), fit.Candidates);
        string[] stages = ["single", "double_refined", "double_second", "triple"];
        for (var index = 0; index < stages.Length; index++)
        {
            var stage = expected.GetProperty(stages[index]);
            var actual = fit.Estimates[index];
            Assert.Equal(stage.GetProperty("label").GetString(), actual.Label);
            Assert.Equal(stage.GetProperty("value").GetDouble(), actual.Value);
            Assert.Equal(stage.GetProperty("lower").GetDouble(), actual.Lower);
            Assert.Equal(stage.GetProperty("upper").GetDouble(), actual.Upper);
            Relative(stage.GetProperty("ssr").GetDouble(), actual.Ssr, 1e-9);
            var lr = stage.GetProperty("lr").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
            Assert.Equal(lr.Length, actual.LikelihoodRatio.Count);
            for (var i = 0; i < lr.Length; i++)
            {
                Assert.True(double.IsNaN(lr[i]) == double.IsNaN(actual.LikelihoodRatio[i]), $"{stages[index]}: candidate {i} is {(double.IsNaN(lr[i]) ? "outside" : "inside")} the stage's grid in R");
                if (!double.IsNaN(lr[i]))
                {
                    Assert.True(Math.Abs(lr[i] - actual.LikelihoodRatio[i]) <= 1e-6 * Math.Max(1, Math.Abs(lr[i])), $"LR at candidate {i}: {lr[i]} vs {actual.LikelihoodRatio[i]}");
                }
            }
        }

        var tests = expected.GetProperty("tests").EnumerateArray().ToArray();
        for (var k = 0; k < 3; k++)
        {
            Relative(tests[k].GetProperty("ssr").GetDouble(), fit.Tests[k].Ssr, 1e-9);
            Relative(tests[k].GetProperty("f").GetDouble(), fit.Tests[k].F, 1e-6);
        }

        // Each grid's ties are noted, naming its threshold and share.
        Assert.Contains(fit.Notes, n => n.Message.Contains("(threshold 3, trim 0.1)", StringComparison.Ordinal));

        // One share for all thresholds is the one-share model; a count that is neither one nor one per threshold is refused.
        Assert.Equal(Triple.Value.ToJson(), Produc4.Regimes(4).Trim(0.01, 0.01, 0.01).Fit(Produc.Value).ToJson());
        var message = Assert.Throws<InvalidOperationException>(() => Produc4.Regimes(2).Trim(0.01, 0.05).Fit(Produc.Value)).Message;
        Assert.Contains("1 threshold(s) (Regimes(2)) but 2 trimmed shares", message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Produc4.Trim(0.01, 0.5));
        Assert.Throws<ArgumentException>(() => Produc4.Trim(0.01, 0.01, 0.01, 0.01));
    }

    [Theory]
    [InlineData(2, "coefficients_single")]
    [InlineData(3, "coefficients_double")]
    public void RegimeCoefficientsMatchWithIidAndClusteredErrors(int regimes, string key)
    {
        var iid = Produc4.Regimes(regimes).Fit(Produc.Value);
        var clustered = Produc4.Regimes(regimes).Cluster("state").Fit(Produc.Value);
        foreach (var expected in Expected.Value.GetProperty(key).EnumerateArray())
        {
            var name = expected.GetProperty("name").GetString()!;
            Relative(expected.GetProperty("estimate").GetDouble(), iid.Regression[name].Estimate, 1e-8);
            Relative(expected.GetProperty("se_iid").GetDouble(), iid.Regression[name].StandardError, 1e-6);
            Relative(expected.GetProperty("estimate").GetDouble(), clustered.Regression[name].Estimate, 1e-8);
            Relative(expected.GetProperty("se_cluster").GetDouble(), clustered.Regression[name].StandardError, 1e-6);
        }

        Assert.Equal(regimes - 1, iid.Thresholds.Count);
        Assert.Equal(iid.Regression["log(pcap):regime1"], iid.RegimeCoefficient("log(pcap)", 1));
    }

    [Fact]
    public void TheBootstrapIsReproducibleForASeedAndDiffersForAnother()
    {
        var spec = Produc4.Regimes(2).Grid(30).Bootstrap(50, seed: 7);
        var first = spec.Fit(Produc.Value).Tests[0];
        var again = spec.Fit(Produc.Value).Tests[0];
        var other = spec.Bootstrap(50, seed: 8).Fit(Produc.Value).Tests[0];
        Assert.Equal(first.Draws, again.Draws);
        Assert.Equal(first.PValue, again.PValue);
        Assert.NotEqual(first.Draws, other.Draws);
        Assert.InRange(first.PValue, 0, 1);
        Assert.True(first.CriticalValue(0.01) >= first.CriticalValue(0.05) && first.CriticalValue(0.05) >= first.CriticalValue(0.10));
    }

    [Fact]
    public void ASimulatedThresholdIsRecoveredAndTested()
    {
        // y = μ_i + 1·x·1(q ≤ 0.3) + 3·x·1(q > 0.3) + 0.5 z + e: a large jump that the search and the bootstrap must find.
        const int units = 60, periods = 8;
        var random = new Random(11);
        var unit = new List<string>();
        var year = new double[units * periods];
        var y = new double[units * periods];
        var x = new double[units * periods];
        var q = new double[units * periods];
        var z = new double[units * periods];
        for (var i = 0; i < units; i++)
        {
            var mu = random.NextDouble() * 5;
            for (var t = 0; t < periods; t++)
            {
                var r = (i * periods) + t;
                unit.Add($"u{i:D2}");
                year[r] = 2000 + t;
                x[r] = random.NextDouble() * 2;
                q[r] = random.NextDouble();
                z[r] = random.NextDouble();
                var e = (random.NextDouble() - 0.5) * 0.5;
                y[r] = mu + ((q[r] <= 0.3 ? 1 : 3) * x[r]) + (0.5 * z[r]) + e;
            }
        }

        var data = new PanelData([CategoricalColumn.FromLabels("unit", unit), CategoricalColumn.FromNumbers("year", year), new NumericColumn("y", y), new NumericColumn("x", x), new NumericColumn("q", q), new NumericColumn("z", z)], "unit", "year");
        var fit = Model.Threshold("y").On("x").By("q").Controls("z").Regimes(2).Grid(100).Bootstrap(50, seed: 3).Fit(data);
        Assert.InRange(fit.Thresholds[0], 0.27, 0.33);
        Assert.True(fit.Estimates[0].Lower <= 0.3 && fit.Estimates[0].Upper >= 0.29);
        Assert.InRange(fit.RegimeCoefficient("x", 1).Estimate, 0.8, 1.2);
        Assert.InRange(fit.RegimeCoefficient("x", 2).Estimate, 2.8, 3.2);
        Assert.Equal(0, fit.Tests[0].PValue);
    }

    [Fact]
    public void AnUnbalancedPanelIsRefusedNamingTheMissingCells()
    {
        var data = Produc.Value;
        var rows = Enumerable.Range(0, data.RowCount).Where(r => !(data.Unit[r] == "ALABAMA" && data.Time[r] == "1975")).ToArray();
        var error = Assert.Throws<InvalidOperationException>(() => Produc4.Fit(data.SelectRows(rows)));
        Assert.Contains("balanced panel", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALABAMA in 1975 (no row)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APeriodLostByEveryUnitLeavesABalancedPanelWithANote()
    {
        // A lagged control is missing in 1970 for every state: the panel is 48 × 16, as xthreg's marksample makes it.
        var fit = Model.Threshold(Term.Log("gsp")).On(Term.Log("pcap")).By("unemp").Controls(Term.Lag(Term.Log("pc"), 1)).Grid(20).Fit(Produc.Value);
        Assert.Equal(16, fit.Periods);
        Assert.Contains(fit.Notes, n => n.Kind == NoteKind.MissingValues && n.Count == 48 && n.Message.Contains("1 period(s) with no complete row", StringComparison.Ordinal));
    }

    [Fact]
    public void BadSpecificationsFailWithReasons()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Produc4.Regimes(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Produc4.Trim(0.5));
        Assert.Contains("By(", Assert.Throws<InvalidOperationException>(() => Model.Threshold("gsp").On("pcap").Fit(Produc.Value)).Message, StringComparison.Ordinal);
        Assert.Contains("unit column is 'state'", Assert.Throws<InvalidOperationException>(() => Produc4.Fe("region").Fit(Produc.Value)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TablesAndFigureShowTheTestsEstimatesAndRegimes()
    {
        var fit = Produc4.Regimes(3).Grid(40).Bootstrap(20, seed: 5).Fit(Produc.Value);
        var text = ThresholdTable.Of(fit).ToMarkdown();
        Assert.Contains("| Single |", text, StringComparison.Ordinal);
        Assert.Contains("| Double |", text, StringComparison.Ordinal);
        Assert.Contains("Th-21", text, StringComparison.Ordinal);
        Assert.Contains(NumberFormat.Fixed(fit.Estimates[1].Lower, 4), text, StringComparison.Ordinal);
        Assert.Contains(NumberFormat.Fixed(fit.Tests[0].F, 4), text, StringComparison.Ordinal);
        var regimes = ThresholdTable.Regimes(fit).ToText();
        Assert.Contains($"log(pcap) (unemp ≤ {NumberFormat.Fixed(fit.Thresholds[0], 4)})", regimes, StringComparison.Ordinal);
        Assert.Contains($"log(pcap) (unemp > {NumberFormat.Fixed(fit.Thresholds[1], 4)})", regimes, StringComparison.Ordinal);
        var figure = new ThresholdFigure(fit) { Width = 600, Height = 400 };
        Assert.Equal(["Th-21", "Th-22"], figure.Curves.Select(c => c.Label));
        Assert.Contains("<svg", figure.ToSvg(), StringComparison.Ordinal);
        Assert.True(figure.ToPng().Length > 1000);
        Assert.Throws<ArgumentException>(() => new ThresholdFigure(fit, "Th-3"));
        using var json = JsonDocument.Parse(fit.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("thresholds").GetArrayLength());
    }

    private static void Relative(double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1e-300, Math.Abs(expected)), $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):E2}, tolerance {tolerance:E0})");
}
