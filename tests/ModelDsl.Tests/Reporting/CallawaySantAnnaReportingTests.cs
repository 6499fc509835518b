using ModelDsl.Causal;
using ModelDsl.Reporting;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Reporting;

/// <summary>The Callaway–Sant'Anna table and event-study figure read their numbers from the result.</summary>
public sealed class CallawaySantAnnaReportingTests
{
    [Fact]
    public void TableListsAggregationsAndEventTimesWithTheBandWhenBootstrapped()
    {
        var data = Simulated(units: 240, periods: 6, effect: 1.0, seed: 11);
        var result = Model.CallawaySantAnna("y").Cohort("cohort").Bootstrap(99, seed: 1).Fit(data);
        var table = CallawaySantAnnaTable.Of(result).Title("CS").Build();
        Assert.Equal(5, table.ColumnCount);
        Assert.Contains(table.BodyRows, r => r.Cells[0].Text == "Simple ATT (cohort-size weights)" && r.Cells[1].Text == NumberFormat.Fixed(result.Simple().Overall.Estimate, 4));
        var dynamic = result.Dynamic();
        Assert.Equal(4 + 1 + dynamic.Effects.Count, table.BodyRows.Length);
        Assert.Contains("multiplier bootstrap (99 rademacher draws, seed 1), unit", table.Notes[1], StringComparison.Ordinal);

        var groupTime = CallawaySantAnnaTable.GroupTime(result).Build();
        Assert.Equal(result.GroupTimeEffects.Count, groupTime.BodyRows.Length);
        Assert.Contains("| Effect |", CallawaySantAnnaTable.Of(result).ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void FigureDrawsTheDynamicAggregationAndMarksTheUniversalReference()
    {
        var data = Simulated(units: 240, periods: 6, effect: 1.0, seed: 11);
        var varying = Model.CallawaySantAnna("y").Cohort("cohort").Fit(data).Dynamic();
        var figure = new EventStudyFigure(varying);
        Assert.Null(figure.ReferencePeriod);
        Assert.Equal(varying.Effects.Count, figure.Points.Length);
        Assert.True(figure.ToPng().Length > 1000);

        var universal = Model.CallawaySantAnna("y").Cohort("cohort").WithBasePeriod(BasePeriod.Universal).Fit(data).Dynamic();
        var marked = new EventStudyFigure(universal);
        Assert.Equal(-1, marked.ReferencePeriod);
        Assert.DoesNotContain(marked.Points, p => p.EventTime == -1);

        var simple = Model.CallawaySantAnna("y").Cohort("cohort").Fit(data).Simple();
        Assert.Throws<ArgumentException>(() => new EventStudyFigure(simple));
    }
}
