using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.DynamicPanel;

/// <summary>Notes, errors, the pseudo-inverse path, JSON and text of dynamic-panel GMM.</summary>
public sealed class DynamicPanelTests
{
    private static readonly Term LogEmployment = Term.Log("emp");

    private static PanelData EmplUk => DynamicPanelReferenceTests.Read("data.csv");

    [Theory]
    [InlineData("ab_onestep", "data.csv", 1031)]
    [InlineData("ab_twostep_gaps", "data_gaps.csv", 1017)]
    public void RowsWithoutADifferencedEquationAreCountedInANote(string name, string file, int rows)
    {
        var fit = DynamicPanelReferenceTests.Specification(name).Fit(DynamicPanelReferenceTests.Read(file));

        var expectedObservations = DynamicPanelReferenceTests.ExpectedModel(name).GetProperty("observations").GetInt32();
        Assert.Equal(expectedObservations, fit.DifferenceObservations);
        var lost = Assert.Single(fit.Notes, n => n.Kind == NoteKind.LostToLags);
        Assert.Equal(rows - expectedObservations, lost.Count);
        Assert.StartsWith($"{rows - expectedObservations} of {rows} rows have no differenced equation", lost.Message, StringComparison.Ordinal);
        Assert.Contains("the first differenced period is 1979", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GapsLoseTheRowsAfterTheGap()
    {
        // 14 firms lose 1980: each loses the equations of 1980 to 1983 that it has (Δ, the lags and their differences
        // reach 1980), at least 1981 to 1983; the 1979 value is never used in place of 1980.
        var full = DynamicPanelReferenceTests.Specification("ab_twostep_gaps").Fit(EmplUk);
        var gaps = DynamicPanelReferenceTests.Specification("ab_twostep_gaps").Fit(DynamicPanelReferenceTests.Read("data_gaps.csv"));

        Assert.InRange(full.DifferenceObservations - gaps.DifferenceObservations, 14 * 3, 14 * 4);
    }

    [Fact]
    public void ZeroInstrumentColumnsUseThePseudoInverseAndLeaveTheEstimatesUnchanged()
    {
        // gmm(L1.log(emp), 1:.) holds the same values as gmm(log(emp), 2:.) plus, in every period, a column for
        // L1.log(emp) in the panel's first year, which is missing for everyone (a zero column).
        var specification = DynamicPanelReferenceTests.Specification("ab_onestep");
        var shifted = specification with { Gmm = [new GmmInstrument(Term.Lag(LogEmployment, 1), 1, 98)] };
        var expected = DynamicPanelReferenceTests.ExpectedModel("ab_onestep");

        var fit = shifted.Fit(EmplUk);

        Assert.Equal(expected.GetProperty("instruments").GetInt32() + 6, fit.Instruments);
        Assert.Contains(fit.Notes, n => n.Kind == NoteKind.Collinear && n.Message.Contains("Moore–Penrose", StringComparison.Ordinal));
        foreach (var c in expected.GetProperty("coefficients").EnumerateArray())
        {
            var mine = fit[c.GetProperty("name").GetString()!];
            DynamicPanelReferenceTests.AssertClose(c.GetProperty("estimate").GetDouble(), mine.Estimate, 1e-7, mine.Name);
            DynamicPanelReferenceTests.AssertClose(c.GetProperty("std_error").GetDouble(), mine.StandardError, 1e-6, mine.Name);
        }
    }

    [Fact]
    public void MoreInstrumentsThanGroupsIsNoted()
    {
        var small = EmplUk.Where(r => int.Parse(r.Unit!, CultureInfo.InvariantCulture) <= 30, "firm <= 30");

        var fit = DynamicPanelReferenceTests.Specification("ab_onestep").Fit(small);

        Assert.Equal(30, fit.Groups);
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("more instruments than groups", StringComparison.Ordinal));
        Assert.Equal(fit.Instruments, note.Count);
        Assert.StartsWith("38 instruments for 30 groups", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DynamicPanelReferenceTests.Specification("ab_onestep").Fit(EmplUk).Notes, n => n.Message.Contains("more instruments than groups", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonCarriesTheResult()
    {
        var fit = DynamicPanelReferenceTests.Specification("bb_twostep_system").Fit(EmplUk);

        using var json = JsonDocument.Parse(fit.ToJson());
        var root = json.RootElement;
        Assert.Equal("system_gmm", root.GetProperty("estimator").GetString());
        Assert.Equal("two_step", root.GetProperty("steps").GetString());
        Assert.Equal("log(emp)", root.GetProperty("dependent").GetString());
        Assert.Equal(fit.Observations, root.GetProperty("observations").GetInt32());
        Assert.Equal(fit.LevelObservations, root.GetProperty("observations_levels").GetInt32());
        Assert.Equal(140, root.GetProperty("groups").GetInt32());
        Assert.Equal(fit.Instruments, root.GetProperty("instruments").GetInt32());
        Assert.Equal(fit.Instruments, root.GetProperty("instrument_groups").EnumerateArray().Sum(g => g.GetProperty("columns").GetInt32()));
        var first = root.GetProperty("coefficients")[0];
        Assert.Equal("L1.log(emp)", first.GetProperty("name").GetString());
        Assert.Equal(fit.Coefficients[0].Estimate, first.GetProperty("estimate").GetDouble());
        Assert.Equal(fit.Coefficients[0].StandardError, first.GetProperty("std_error").GetDouble());
        Assert.Equal(fit.ArellanoBond2!.Statistic, root.GetProperty("ar2").GetProperty("z").GetDouble());
        Assert.Equal(fit.Hansen.Statistic, root.GetProperty("hansen").GetProperty("chi2").GetDouble());
        Assert.Equal(fit.Hansen.DegreesOfFreedom, root.GetProperty("hansen").GetProperty("df").GetInt32());
        Assert.Equal(fit.WaldTimeDummies!.DegreesOfFreedom, root.GetProperty("wald_time_dummies").GetProperty("df").GetInt32());
        Assert.Equal(fit.Notes.Count, root.GetProperty("notes").GetArrayLength());
        Assert.Equal("(Intercept)", fit.Coefficients[5].Name);
    }

    [Fact]
    public void TextReportNamesTheTests()
    {
        var fit = DynamicPanelReferenceTests.Specification("ab_twostep").Fit(EmplUk);

        var text = fit.ToString();

        Assert.StartsWith("Dynamic panel-data estimation, two-step difference GMM", text, StringComparison.Ordinal);
        Assert.Contains("Number of groups = 140   Number of obs = 611   Number of instruments = 38", text, StringComparison.Ordinal);
        Assert.Contains("robust (Windmeijer-corrected two-step)", text, StringComparison.Ordinal);
        Assert.Contains("Arellano-Bond test for AR(2) in first differences", text, StringComparison.Ordinal);
        Assert.Contains("Hansen test of overid. restrictions: chi2(25)", text, StringComparison.Ordinal);
        Assert.Contains("year1984", text, StringComparison.Ordinal);
        Assert.Contains("Note: 420 of 1031 rows", text, StringComparison.Ordinal);
    }

    [Fact]
    public void VerbsReturnNewSpecifications()
    {
        var start = Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1)).GmmInstruments(LogEmployment);
        var twoStep = start.TwoStep().System().TimeDummies().GmmInstruments("k", 2, 4, collapse: true);

        Assert.Equal(GmmSteps.OneStep, start.Steps);
        Assert.Equal(DynamicPanelTransformation.Difference, start.Transformation);
        Assert.False(start.HasTimeDummies);
        Assert.Single(start.Gmm);
        Assert.Equal(2, twoStep.Gmm.Count);
        Assert.Equal("gmm(k, 2:4, collapsed)", twoStep.Gmm[1].ToString());
        Assert.Equal("gmm(log(emp), 2:.)", twoStep.Gmm[0].ToString());
        Assert.Equal("log(emp) ~ L1.log(emp) | gmm(log(emp), 2:.) gmm(k, 2:4, collapsed) + time dummies | two-step system GMM", twoStep.ToString());
    }

    [Fact]
    public void BadSpecificationsSayWhatToDo()
    {
        var noGmm = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1)).Fit(EmplUk));
        Assert.Contains("GmmInstruments(log(emp), from: 2)", noGmm.Message, StringComparison.Ordinal);

        var noRegressors = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).GmmInstruments(LogEmployment).Fit(EmplUk));
        Assert.Contains("no regressors", noRegressors.Message, StringComparison.Ordinal);

        var level = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1)).GmmInstruments(LogEmployment)
            .IvInstruments(InstrumentEquation.Level, "wage").Fit(EmplUk));
        Assert.Contains("call System()", level.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1), Term.Lag(LogEmployment, 1)).GmmInstruments(LogEmployment).Fit(EmplUk));
        Assert.Contains("'L1.log(emp)' is listed 2 times", twice.Message, StringComparison.Ordinal);

        var tooLong = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 7)).GmmInstruments(LogEmployment).Fit(EmplUk));
        Assert.Contains("spans 9 periods (1976–1984)", tooLong.Message, StringComparison.Ordinal);

        var underidentified = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1), "wage", "capital")
            .GmmInstruments(LogEmployment, 2, 2, collapse: true).Fit(EmplUk));
        Assert.Contains("3 regressors but only 1 instrument columns", underidentified.Message, StringComparison.Ordinal);

        var constant = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1), "sector").GmmInstruments(LogEmployment).IvInstruments("sector").Fit(EmplUk));
        Assert.Contains("Regressor 'sector' is zero in every row the model uses", constant.Message, StringComparison.Ordinal);

        var crossSection = new PanelData([new NumericColumn("emp", [1.0, 2.0, 3.0])]);
        var noPanel = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel(LogEmployment).On(Term.Lag(LogEmployment, 1)).GmmInstruments(LogEmployment).Fit(crossSection));
        Assert.Contains("needs a panel", noPanel.Message, StringComparison.Ordinal);

        var units = Enumerable.Range(0, 200).Select(i => (i / 100).ToString(CultureInfo.InvariantCulture)).ToArray();
        var years = Enumerable.Range(0, 200).Select(i => (1900 + (i % 100)).ToString(CultureInfo.InvariantCulture)).ToArray();
        var longPanel = new PanelData(
            [CategoricalColumn.FromLabels("firm", units), CategoricalColumn.FromLabels("year", years), new NumericColumn("y", Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray())],
            "firm",
            "year");
        var tooMany = Assert.Throws<InvalidOperationException>(() => Model.DynamicPanel("y").On(Term.Lag("y", 1)).GmmInstruments("y").Fit(longPanel));
        Assert.Contains("Collapse the GMM-style instruments", tooMany.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => Model.DynamicPanel(LogEmployment).GmmInstruments(LogEmployment, from: 0));
        var reversed = Assert.Throws<ArgumentOutOfRangeException>(() => Model.DynamicPanel(LogEmployment).GmmInstruments(LogEmployment, from: 3, to: 2));
        Assert.Contains("last lag (2) is below its first lag (3)", reversed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCoefficientListsTheModelsCoefficients()
    {
        var fit = DynamicPanelReferenceTests.Specification("ab_onestep_individual").Fit(EmplUk);

        var error = Assert.Throws<KeyNotFoundException>(() => fit["L3.log(emp)"]);
        Assert.Contains("'L2.log(emp)'", error.Message, StringComparison.Ordinal);
        Assert.Null(fit.WaldTimeDummies);
        Assert.Equal(fit["log(wage)"].StandardError * fit["log(wage)"].StandardError, fit.Covariance("log(wage)", "log(wage)"), 15);
    }
}
