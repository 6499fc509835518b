using ModelDsl.Causal;
using ModelDsl.Reporting;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Reporting;

/// <summary>Tables and figures of the imputation and DID_M results, built by Reporting from the results.</summary>
public sealed class ImputationReportingTests
{
    [Fact]
    public void TheImputationAttLinesUpWithTheTwfeTreatmentRow()
    {
        var data = Simulated(units: 60, periods: 10, effect: 0.5, seed: 7);
        var twfe = Model.Did("y").Cohort("cohort").Controls("x").Cluster("unit").Fit(data);
        var bjs = Model.Imputation("y").Cohort("cohort").Controls("x").PreTrends(2).Fit(data);
        var table = RegressionTable.Of(twfe.Regression).AddColumn(bjs, twfe.Assignment.Name).Build();
        var text = table.ToText();
        var row = table.BodyRows.First(r => r.Cells[0].Text == twfe.Assignment.Name);
        Assert.Equal(3, row.Cells.Length);
        Assert.Contains(bjs.Average.Estimate.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), row.Cells[2].Text, StringComparison.Ordinal);
        Assert.Contains("Imputation (BJS)", text, StringComparison.Ordinal);
        Assert.Contains("Pre-trend F (p)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tau::", text, StringComparison.Ordinal);

        var withHorizons = RegressionTable.Of(bjs).ToText();
        Assert.Contains("tau::0", withHorizons, StringComparison.Ordinal);
        Assert.Contains("ATT", withHorizons, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImputationFigureShowsPreTrendsAndHorizonsWithoutAReference()
    {
        var data = Simulated(units: 60, periods: 10, effect: 0.5, seed: 7);
        var bjs = Model.Imputation("y").Cohort("cohort").PreTrends(3).Fit(data);
        var figure = new EventStudyFigure(bjs);
        Assert.Null(figure.ReferencePeriod);
        Assert.Equal(bjs.PreTrendCoefficients.Count + bjs.Horizons.Count, figure.Points.Length);
        Assert.Equal(-3, figure.Points[0].EventTime);
        Assert.Equal(bjs.Horizons[^1].Coefficient.Estimate, figure.Points[^1].Estimate);
    }

    [Fact]
    public void TheDidMTableShowsTheEffectAndThePlacebo()
    {
        var data = Produc("didm-produc");
        var result = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Bootstrap(draws: 20, seed: 3).Fit(data);
        var text = RegressionTable.Of(result).ToText();
        Assert.Contains("DID_M placebo", text, StringComparison.Ordinal);
        Assert.Contains("Switchers", text, StringComparison.Ordinal);
    }
}
