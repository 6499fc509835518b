using ModelDsl.Causal;
using ModelDsl.Reporting;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Reporting;

/// <summary>The figures of the causal results are built by Reporting from the result (results never draw).</summary>
public sealed class ResultFigureTests
{
    [Fact]
    public void AMissingResultIsAnArgumentError()
    {
        EventStudyResult? study = null;
        PlaceboResult? placebo = null;
        Assert.Equal("result", Assert.Throws<ArgumentNullException>(() => new EventStudyFigure(study!)).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentNullException>(() => new PlaceboFigure(placebo!)).ParamName);
    }

    [Fact]
    public void APlaceboRunWithOneDrawHasNoDistributionToDraw()
    {
        var did = Model.Did("y").Cohort("cohort").Fit(Simulated(units: 20, periods: 8, effect: 0.5, seed: 3));
        var placebo = did.Placebo(draws: 1, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => new PlaceboFigure(placebo));
        Assert.Contains("at least 2 placebo estimates; found 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEventStudyFigureNamesTheIntervalLevelAndTheReferencePeriod()
    {
        var data = Simulated(units: 30, periods: 10, effect: 0.5, seed: 12);
        var specification = Model.EventStudy("y").Cohort("cohort").Window(-3, 3).Reference(-2).Cluster("unit");
        var study = (specification with { Regression = specification.Regression.Confidence(0.9) }).Fit(data);

        var figure = new EventStudyFigure(study);
        Assert.Equal(-2, figure.ReferencePeriod);
        Assert.Equal("Estimate and 90% confidence interval", figure.YLabel);
        Assert.Equal(study.EventTimes.Select(e => e.Coefficient.ConfidenceHigh), figure.Points.Select(p => p.High));
    }
}
