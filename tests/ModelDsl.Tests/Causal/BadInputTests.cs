using ModelDsl.Causal;
using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

public sealed class BadInputTests
{
    private static PanelData WithCohort(PanelData data, Func<int, double, double> cohort)
    {
        var values = data.Numeric("cohort").Values.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = cohort(i, values[i]);
        }

        return data.WithColumn(new NumericColumn("cohort", values));
    }

    [Fact]
    public void NoTreatedUnits()
    {
        var data = WithCohort(Simulated(20, 8, 0, 1), (_, _) => 0);
        var error = Assert.Throws<InvalidOperationException>(() => Model.Did("y").Cohort("cohort").Fit(data));
        Assert.Contains("No treated observations", error.Message);
        Assert.Contains("cohort 0 or missing in 'cohort'", error.Message);
    }

    [Fact]
    public void CohortsAfterTheLastPeriodMeanNoTreatedObservations()
    {
        var data = WithCohort(Simulated(20, 8, 0, 1), (_, c) => c > 0 ? 2050 : 0);
        var error = Assert.Throws<InvalidOperationException>(() => Model.Did("y").Cohort("cohort").Fit(data));
        Assert.Contains("2000–2007", error.Message);
    }

    [Fact]
    public void NoNeverOrNotYetTreatedUnits()
    {
        var data = WithCohort(Simulated(20, 8, 0, 1), (_, _) => 2004);
        var error = Assert.Throws<InvalidOperationException>(() => Model.Did("y").Cohort("cohort").Fit(data));
        Assert.Contains("No never- or not-yet-treated units", error.Message);
        Assert.Contains("2004, 2005, 2006, 2007", error.Message);
    }

    [Fact]
    public void EventStudyNeedsNeverTreatedUnits()
    {
        var data = Simulated(20, 8, 0, 1, withNever: false);
        var error = Assert.Throws<InvalidOperationException>(() => Model.EventStudy("y").Cohort("cohort").Window(-3, 2).Fit(data));
        Assert.Contains("No never-treated units", error.Message);
    }

    [Fact]
    public void CohortVaryingWithinAUnitNamesTheUnit()
    {
        var data = WithCohort(Simulated(20, 8, 0, 1), (i, c) => i == 13 ? 2003 : c);
        var error = Assert.Throws<ArgumentException>(() => Model.Did("y").Cohort("cohort").Fit(data));
        Assert.Contains("varies within unit 'u001'", error.Message);
        Assert.Contains("in row 14", error.Message);
    }

    [Fact]
    public void WindowOutsideTheData()
    {
        var data = Produc("did-produc");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-15, 5).Cluster("state").Fit(data));
        Assert.Contains("outside the data", error.Message);
        Assert.Contains("-15, -14, -13", error.Message);
        Assert.Contains("-12..10", error.Message);
    }

    [Fact]
    public void BadWindowAndReference()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Window(2, 5));
        var data = Simulated(20, 8, 0, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(-3, 2).Reference(1).Fit(data));
        Assert.Contains("reference event time 1", error.Message);
    }

    [Fact]
    public void MissingTreatmentAndNonBinaryIndicator()
    {
        var data = Simulated(20, 8, 0, 1);
        Assert.Contains("has no treatment", Assert.Throws<InvalidOperationException>(() => Model.Did("y").Fit(data)).Message);
        Assert.Contains("must be 0 or 1", Assert.Throws<ArgumentException>(() => Model.Did("y").Treated("x").Fit(data)).Message);
    }

    [Fact]
    public void ExistingColumnWithDifferentValues()
    {
        var data = Simulated(20, 8, 0, 1).WithColumn(new NumericColumn("treated", new double[160]));
        var error = Assert.Throws<ArgumentException>(() => Model.Did("y").Cohort("cohort").Fit(data));
        Assert.Contains("already has a column 'treated'", error.Message);
    }
}
