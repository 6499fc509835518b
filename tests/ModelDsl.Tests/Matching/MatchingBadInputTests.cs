using ModelDsl.Data;
using ModelDsl.Matching;
using ModelDsl.Tests.Binary;

namespace ModelDsl.Tests.Matching;

public sealed class MatchingBadInputTests
{
    private static readonly Term[] Covariates = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"];
    private static readonly Lazy<PanelData> Lalonde = new(() => PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("psm-lalonde"), "data.csv")));

    [Fact]
    public void NoControlInsideAnyBandwidthIsAnError()
    {
        var data = new PanelData(
        [
            new NumericColumn("d", [1, 0, 1, 0, 1, 0, 0, 1]),
            new NumericColumn("x", [0.5, 1.2, 2.0, 0.1, 1.0, 1.9, 0.6, 0.2]),
            new NumericColumn("y", [3, 4, 5, 1, 2, 2.5, 3.5, 1.5]),
        ]);
        var error = Assert.Throws<InvalidOperationException>(() =>
            Model.Match("d").On("x").Logit().Kernel(bandwidth: 1e-9).Bootstrap(0).Outcome("y").Fit(data));
        Assert.Contains("no treated unit has a control within the bandwidth 1E-09", error.Message, StringComparison.Ordinal);
        Assert.Contains("Widen the bandwidth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CovariateConstantWithinTreatedIsNoted()
    {
        var data = Lalonde.Value;
        var treat = data.Numeric("treat").Values.ToArray();
        var educ = data.Numeric("educ").Values.ToArray();
        var level = treat.Select((t, i) => t == 1 ? 12.0 : educ[i]).ToArray();
        var result = Model.Match("treat").On("age", "level", "re74").Logit().Nearest(1).Outcome("re78")
            .Fit(data.WithColumn(new NumericColumn("level", level)));
        Assert.Contains(result.Notes, n => n.Message.StartsWith("Covariate level is constant among the treated units (= 12)", StringComparison.Ordinal));
        Assert.Contains(result.Balance.Notes, n => n.Message.StartsWith("Covariate level is constant among the treated units", StringComparison.Ordinal));
        Assert.Equal(0.0, result.Balance["level"].VarianceRatioUnmatched);
    }

    [Fact]
    public void PerfectPredictorDropsItsTreatedUnitsOffSupport()
    {
        var data = Lalonde.Value;
        var treat = data.Numeric("treat").Values.ToArray();
        var seen = 0;
        var flag = treat.Select(t => t == 1 && seen++ < 20 ? 1.0 : 0.0).ToArray();
        var result = Model.Match("treat").On([.. Covariates, "flag"]).Logit().Nearest(1).Outcome("re78")
            .Fit(data.WithColumn(new NumericColumn("flag", flag)));
        Assert.Contains(result.Notes, n => n.Message.StartsWith("flag != 0 predicts success (treat = 1) perfectly: flag dropped and 20 observations not used", StringComparison.Ordinal));
        Assert.Equal(20, result.OffSupportCount);
        Assert.Equal(165, result.TreatedMatchedCount);
        Assert.DoesNotContain(result.ScoreModel.Coefficients, c => c.Name == "flag");
    }

    [Fact]
    public void MoreNeighboursThanControlsUsesAllControlsWithANote()
    {
        var data = new PanelData(
        [
            new NumericColumn("d", [1, 1, 1, 0, 0, 0, 1, 0]),
            new NumericColumn("x", [0.5, 1.2, 2.0, 0.1, 1.0, 1.9, 0.2, 0.6]),
            new NumericColumn("y", [3, 4, 5, 1, 2, 2.5, 3.5, 1.5]),
        ]);
        var result = Model.Match("d").On("x").Logit().Nearest(9).Outcome("y").Fit(data);
        Assert.Contains(result.Notes, n => n.Message.StartsWith("k = 9 neighbours were requested but only 4 controls exist", StringComparison.Ordinal));
        Assert.All(result.Matches, m => Assert.Equal(4, m.ControlRows.Count));
        ReferenceCase.Close(((3 + 4 + 5 + 3.5) / 4.0) - ((1 + 2 + 2.5 + 1.5) / 4.0), result.Att, 1e-12, "att against all controls");
    }

    [Fact]
    public void WithoutReplacementRunsOutOfControlsAndSaysSo()
    {
        var data = new PanelData(
        [
            new NumericColumn("d", [1, 1, 1, 1, 0, 0, 0, 1, 0]),
            new NumericColumn("x", [0.5, 1.2, 2.0, 0.3, 0.1, 1.0, 1.9, 0.2, 0.6]),
            new NumericColumn("y", [3, 4, 5, 2, 1, 2, 2.5, 3.5, 1.5]),
        ]);
        var result = Model.Match("d").On("x").Logit().Nearest(1).WithoutReplacement().Outcome("y").Fit(data);
        Assert.Equal(4, result.TreatedMatchedCount);
        Assert.Equal(1, result.OffSupportCount);
        Assert.Contains(result.Notes, n => n.Message.Contains("no control left to match (without replacement)", StringComparison.Ordinal));
        var used = result.Matches.SelectMany(m => m.ControlRows).ToArray();
        Assert.Equal(used.Length, used.Distinct().Count());
    }

    [Fact]
    public void CaliperAndCommonSupportReportOffSupportUnits()
    {
        var caliper = Model.Match("treat").On(Covariates).Logit().Nearest(1).Caliper(0.0005).Outcome("re78").Fit(Lalonde.Value);
        Assert.True(caliper.OffSupportCount > 0);
        Assert.Contains(caliper.Notes, n => n.Message.Contains("no control within the caliper", StringComparison.Ordinal));
        Assert.All(caliper.Matches.Where(m => m.IsOnSupport), m => Assert.All(m.ControlRows, c => Assert.True(Math.Abs(caliper.PropensityScores[c] - caliper.PropensityScores[m.TreatedRow]) <= 0.0005)));

        var common = Model.Match("treat").On(Covariates).Logit().Nearest(1).CommonSupport().Outcome("re78").Fit(Lalonde.Value);
        var maxControl = Enumerable.Range(0, 614).Where(i => !common.Treated[i]).Max(i => common.PropensityScores[i]);
        var outside = Enumerable.Range(0, 614).Count(i => common.Treated[i] && common.PropensityScores[i] > maxControl);
        Assert.Equal(outside, common.OffSupportCount);
        Assert.Contains(common.Notes, n => n.Message.StartsWith($"Common support (min/max of the control scores): {outside} treated units", StringComparison.Ordinal));
    }

    [Fact]
    public void NonBinaryTreatmentIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.Match("educ").On("age").Nearest(1).Fit(Lalonde.Value));
        Assert.Contains("The treatment 'educ' must be 0 or 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCovariatesAreRejectedEarly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Model.Match("treat").Nearest(1).Fit(Lalonde.Value));
        Assert.Contains("no covariates", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Match("treat").Nearest(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Match("treat").Kernel(-1));
    }
}

public sealed class ScoreDensityTests
{
    [Fact]
    public void DensitiesIntegrateToOneAndMoveTowardTheTreated()
    {
        var data = PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("psm-lalonde"), "data.csv"));
        var result = Model.Match("treat").On("age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75").Logit().Nearest(1).Outcome("re78").Fit(data);
        var densities = result.ScoreDensities(401);
        var step = densities.Grid[1] - densities.Grid[0];
        foreach (var curve in new[] { densities.TreatedBefore, densities.ControlBefore, densities.TreatedAfter, densities.ControlAfter })
        {
            // Kernel mass beyond the grid ends is lost, so the integral is a little below one.
            var mass = curve.Sum() * step;
            Assert.InRange(mass, 0.8, 1.0 + 1e-9);
        }

        // Before matching most controls have scores near 0; after matching the control curve's mean is the treated one.
        double Mean(IReadOnlyList<double> curve) => densities.Grid.Zip(curve, (x, f) => x * f).Sum() / curve.Sum();
        Assert.True(Mean(densities.ControlBefore) < 0.25);
        Assert.True(Math.Abs(Mean(densities.ControlAfter) - Mean(densities.TreatedAfter)) < 0.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.ScoreDensities(1));
    }
}

public sealed class BalanceTextTests
{
    [Fact]
    public void TextRenderingListsEveryCovariateTwice()
    {
        var data = PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("psm-lalonde"), "data.csv"));
        var text = Model.Match("treat").On("age", "re74").Logit().Nearest(1).Fit(data).Balance.ToString();
        Assert.Equal(2, text.Split('\n').Count(l => l.Contains("Unmatched", StringComparison.Ordinal)));
        Assert.Equal(2, text.Split('\n').Count(l => l.Contains("Matched ", StringComparison.Ordinal)));
        Assert.Contains("Rubin's B", text, StringComparison.Ordinal);
    }
}
