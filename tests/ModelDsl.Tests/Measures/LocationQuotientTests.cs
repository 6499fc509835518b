using System.Text.Json;

using ModelDsl.Measures;
using ModelDsl.Results;

namespace ModelDsl.Tests.Measures;

public sealed class LocationQuotientTests
{
    [Fact]
    public void HandComputedQuotientsWithNationAsSumOfRegions()
    {
        // 2020: A 30/100, B 10/100 → nation 40/200 = 0.2 → LQ 1.5, 0.5.
        // 2021: A 20/50, B 30/150 → nation 50/200 = 0.25 → LQ 1.6, 0.8.
        var data = MeasureData.Panel(
            ["A", "B", "A", "B"], ["2020", "2020", "2021", "2021"], ("second", [30, 10, 20, 30]), ("gdp", [100, 100, 50, 150]));
        var result = LocationQuotient.Compute(data, "second", "gdp", "ic");

        Assert.Equal("ic", result.Values.Name);
        Assert.Equal(1.5, result.Values[0], 1e-15);
        Assert.Equal(0.5, result.Values[1], 1e-15);
        Assert.Equal(1.6, result.Values[2], 1e-15);
        Assert.Equal(0.8, result.Values[3], 1e-15);
        Assert.Equal(new LocationQuotientPeriod("2020", 2, 40, 200, 0.2), result.Periods[0]);
        Assert.Equal(0.25, result.Periods[1].NationShare, 1e-15);
    }

    [Fact]
    public void SeveralIndustriesAreSummed()
    {
        // Producer services = transport + finance: A 6 + 4 = 10 of 50, B 5 + 5 = 10 of 150 → nation 20/200 = 0.1.
        var data = MeasureData.Panel(
            ["A", "B"], ["2020", "2020"], ("transport", [6, 5]), ("finance", [4, 5]), ("emp", [50, 150]));
        var result = LocationQuotient.Compute(data, ["transport", "finance"], "emp", "spec");
        Assert.Equal(2.0, result.Values[0], 1e-15);
        Assert.Equal(2.0 / 3, result.Values[1], 1e-15);
        Assert.Equal(["transport", "finance"], result.IndustryColumns);
    }

    [Fact]
    public void GivenNationalTotalsReplaceTheSums()
    {
        var data = MeasureData.Panel(
            ["A", "B"], ["2020", "2020"], ("second", [30, 10]), ("gdp", [100, 100]), ("nation_second", [50, 50]), ("nation_gdp", [500, 500]));
        var result = LocationQuotient.Compute(
            data, "second", "gdp", options: new LocationQuotientOptions { NationIndustryColumn = "nation_second", NationTotalColumn = "nation_gdp" });
        Assert.Equal(3.0, result.Values[0], 1e-15);
        Assert.Equal(1.0, result.Values[1], 1e-15);
        Assert.Equal("lq", result.Values.Name);
    }

    [Fact]
    public void NationalColumnMustBeConstantWithinAPeriod()
    {
        var data = MeasureData.Panel(
            ["A", "B"], ["2020", "2020"], ("second", [30, 10]), ("gdp", [100, 100]), ("nation_gdp", [500, 501]));
        var error = Assert.Throws<InvalidOperationException>(
            () => LocationQuotient.Compute(data, "second", "gdp", options: new LocationQuotientOptions { NationTotalColumn = "nation_gdp" }));
        Assert.Contains("'nation_gdp' should hold one value per period", error.Message);
        Assert.Contains("row 1 (unit B, year 2020)", error.Message);
    }

    [Fact]
    public void MissingInputGivesAMissingQuotientANoteAndIsLeftOutOfTheNation()
    {
        // C is missing, so the nation is A + B: 40/200.
        var data = MeasureData.Panel(
            ["A", "B", "C"], ["2020", "2020", "2020"], ("second", [30, 10, double.NaN]), ("gdp", [100, 100, 300]));
        var result = LocationQuotient.Compute(data, "second", "gdp", "ic");
        Assert.Equal(1.5, result.Values[0], 1e-15);
        Assert.True(double.IsNaN(result.Values[2]));
        var note = Assert.Single(result.Notes);
        Assert.Equal(NoteKind.MissingValues, note.Kind);
        Assert.Equal(1, note.Count);
        Assert.Contains("row 2 (unit C, year 2020)", note.Message);
        Assert.Equal(2, result.Periods[0].Regions);

        var added = result.AddTo(data);
        Assert.Same(result.Values, added["ic"]);
        Assert.Contains(note, added.Notes);
    }

    [Fact]
    public void BadTotalsAreErrors()
    {
        var zero = MeasureData.Panel(["A", "B"], ["2020", "2020"], ("second", [30, 10]), ("gdp", [100, 0]));
        Assert.Contains("'gdp' is zero, negative or infinite in 1 row(s): row 1 (unit B, year 2020)", Assert.Throws<InvalidOperationException>(() => LocationQuotient.Compute(zero, "second", "gdp")).Message);

        var negative = MeasureData.Panel(["A", "B"], ["2020", "2020"], ("second", [30, -1]), ("gdp", [100, 100]));
        Assert.Contains("negative or infinite in 1 row(s)", Assert.Throws<InvalidOperationException>(() => LocationQuotient.Compute(negative, "second", "gdp")).Message);

        var none = MeasureData.Panel(["A", "B"], ["2020", "2020"], ("second", [0, 0]), ("gdp", [100, 100]));
        Assert.Contains("nation's industry total (0)", Assert.Throws<InvalidOperationException>(() => LocationQuotient.Compute(none, "second", "gdp")).Message);

        Assert.Throws<ArgumentException>(() => LocationQuotient.Compute(zero, Array.Empty<string>(), "gdp"));
    }

    [Fact]
    public void CrossSectionIsOnePeriodAndJsonListsTheTotals()
    {
        var data = MeasureData.CrossSection(("second", [30, 10]), ("gdp", [100, 100]));
        var result = LocationQuotient.Compute(data, "second", "gdp");
        Assert.Equal(1.5, result.Values[0], 1e-15);
        var period = Assert.Single(result.Periods);
        Assert.Null(period.Period);

        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal("location_quotient", json.RootElement.GetProperty("measure").GetString());
        Assert.Equal(0.2, json.RootElement.GetProperty("periods")[0].GetProperty("nation_share").GetDouble(), 1e-15);
        Assert.Contains("Location quotient 'lq'", result.ToString());
    }
}
