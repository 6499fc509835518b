using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

public sealed class RestrictionTests
{
    private static PanelData Panel() => PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year");

    [Fact]
    public void ExcludeUnitsRemovesTheirRowsAndSaysHowMany()
    {
        var data = Panel().ExcludeUnits("VIC", "TAS");

        Assert.Equal(6, data.RowCount);
        Assert.DoesNotContain("VIC", Enumerable.Range(0, data.RowCount).Select(r => data.Unit[r]));
        var note = data.Notes[^1];
        Assert.Equal(NoteKind.SampleRestriction, note.Kind);
        Assert.Equal("ExcludeUnits(VIC, TAS) removed 6 rows (2 units entirely); 6 remain.", note.Message);
        Assert.Equal(6, note.Count);
        Assert.Equal(2, data.Structure.Units);
        Assert.Equal(5, data.SourceLine(3)); // NSW 2010 was on line 5
    }

    [Fact]
    public void ExcludingAnUnknownUnitNamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Panel().ExcludeUnits("VIC", "Beijing", "vic"));

        Assert.StartsWith("'Beijing', 'vic' are not units of 'state'; its 4 levels are 'NSW', 'QLD', 'TAS', 'VIC'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepGroupsKeepsListedLevels()
    {
        var data = Panel().KeepGroups("region", "south");

        Assert.Equal(6, data.RowCount);
        Assert.Equal("KeepGroups(region: south) removed 6 rows (2 units entirely); 6 remain.", data.Notes[^1].Message);
        var error = Assert.Throws<ArgumentException>(() => Panel().KeepGroups("region", "West"));
        Assert.Contains("'West' is not a level of 'region'", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Panel().KeepGroups("gsp", "1"));
    }

    [Fact]
    public void WhereKeepsRowsByAPredicate()
    {
        var data = Panel().Where(row => row["year"] >= 2012, "year >= 2012");

        Assert.Equal(6, data.RowCount);
        Assert.Equal("Where(year >= 2012) removed 6 rows (0 units entirely); 6 remain.", data.Notes[^1].Message);
        var byLabel = Panel().Where(row => row.Label("region") == "north" && row.Unit == "QLD", "north");
        Assert.Equal(3, byLabel.RowCount);
    }

    [Fact]
    public void DropMissingCountsRowsPerColumn()
    {
        var data = Panel().DropMissing("gsp", "emp");

        Assert.Equal(7, data.RowCount);
        Assert.Equal("DropMissing(gsp, emp) removed 5 rows (0 units entirely); 7 remain. Missing per column: gsp 4, emp 1.", data.Notes[^1].Message);
        Assert.Equal(5, data.Notes[^1].Count);
        Assert.Equal(7, Panel().DropMissing().RowCount);
    }

    [Fact]
    public void TransformsAfterARestrictionUseTheNewRows()
    {
        var data = Panel().Where(row => !(row.Unit == "VIC" && row.Time == "2012"), "drop VIC 2012").Lag("emp");

        var lag = data.Numeric("L1.emp");
        Assert.Equal(11, data.RowCount);
        Assert.True(double.IsNaN(lag[7])); // VIC 2013: 2012 was removed, so no lag
        Assert.Equal(1, data.Structure.UnitsWithGaps);
        Assert.Equal(2, data.Structure.Gaps); // VIC 2011 and 2012
    }

    [Fact]
    public void NotesAccumulateInOrder()
    {
        var data = Panel().ExcludeUnits("TAS").DropMissing("gsp");

        var restrictions = data.Notes.Where(n => n.Kind == NoteKind.SampleRestriction).ToList();
        Assert.Equal(2, restrictions.Count);
        Assert.StartsWith("ExcludeUnits(TAS)", restrictions[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("DropMissing(gsp)", restrictions[1].Message, StringComparison.Ordinal);
    }
}
