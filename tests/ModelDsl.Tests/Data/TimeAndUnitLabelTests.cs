using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

/// <summary>
/// Issue 13, class 2 (time and unit labels): a numeric time column is compared by value everywhere, and labels
/// are trimmed by the one shared convention.
/// </summary>
public sealed class TimeAndUnitLabelTests
{
    [Fact]
    public void SpellingsOfOneYearAreOnePeriodAndOneFixedEffectLevel()
    {
        var data = Read("unit,year,x\na,2003,1\na,2004.0,2\nb, 2003,3\nb,2.004e3,4\nc,2003.0,5\n");

        Assert.Equal(["2003", "2004"], data.Time.Levels);
        Assert.Equal(2, data.Time.LevelCount);
        Assert.Equal([0, 1, 0, 1, 0], data.Time.Codes.ToArray());
        Assert.Equal([double.NaN, 1.0, double.NaN, 3.0, double.NaN], data.Lag("x").Numeric("L1.x").Values.ToArray());
        Assert.Equal(2, data.Structure.Periods);
        var note = Assert.Single(data.Notes, n => n.Kind == NoteKind.Structure && n.Message.Contains("same number", StringComparison.Ordinal));
        Assert.Contains("'2003', '2003.0' as '2003'", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimeFixedEffectHasOneLevelPerYearWhateverTheSpelling()
    {
        var data = Read("unit,year,y,x\na,2003,1,0.5\na,2004,2,0.1\nb,2003.0,2.5,0.7\nb,2004.0,4,0.3\nc,2003,1.2,0.2\nc,2004.00,3.1,0.9\n");

        var byValue = Model.Regress("y").On("x").Fe("year").Fit(data);
        var canonical = Model.Regress("y").On("x").Fe("year").Fit(Read("unit,year,y,x\na,2003,1,0.5\na,2004,2,0.1\nb,2003,2.5,0.7\nb,2004,4,0.3\nc,2003,1.2,0.2\nc,2004,3.1,0.9\n"));

        Assert.Equal(canonical.Coefficients[0].Estimate, byValue.Coefficients[0].Estimate, 12);
        Assert.Equal(canonical.Coefficients[0].StandardError, byValue.Coefficients[0].StandardError, 12);
    }

    [Fact]
    public void TwoSpellingsOfOneYearInOneUnitAreADuplicateNamingBothLines()
    {
        var error = Assert.Throws<DuplicatePanelKeyException>(() => Read("unit,year,x\na,2003,1\na,2003.0,2\nb,2003,3\n"));

        var key = Assert.Single(error.Examples);
        Assert.Equal("a", key.Unit);
        Assert.Equal("2003", key.Time);
        Assert.Equal([2, 3], key.Lines);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitLabelsWithSurroundingSpacesAreOneUnit()
    {
        var data = Read("unit,year,x\n1,2003,1\n 1,2004,2\n\"1 \",2005,3\n\u00A02\u3000,2003,4\n");

        Assert.Equal(["1", "2"], data.Unit.Levels);
        Assert.Equal([double.NaN, 1.0, 2.0, double.NaN], data.Lag("x").Numeric("L1.x").Values.ToArray());
    }

    [Fact]
    public void UnitLabelsThatDifferOnlyBySpacesAreADuplicateKey()
    {
        var error = Assert.Throws<DuplicatePanelKeyException>(() => Read("unit,year,x\nNSW,2003,1\n NSW ,2003,2\n"));

        Assert.Equal([2, 3], Assert.Single(error.Examples).Lines);
    }

    [Theory]
    [InlineData(2147483647L, 2147483645L, 2147483646L)]
    [InlineData(-2147483648L, -2147483650L, -2147483649L)]
    [InlineData(1_000_000_000_000L, 999_999_999_998L, 999_999_999_999L)]
    [InlineData(-1990L, -1992L, -1991L)]
    public void LagsWorkByValueForLargeAndNegativeTimesWithGaps(long last, long first, long absent)
    {
        // Unit a: first and last with 'absent' missing between them (a gap); unit b: absent and last (consecutive).
        var data = Read($"unit,year,x\na,{first},1\na,{last},2\nb,{absent},3\nb,{last},4\n");

        Assert.True(data.PanelIndex.PeriodsAreTimeValues);
        Assert.Equal([double.NaN, double.NaN, double.NaN, 3.0], data.Lag("x").Numeric("L1.x").Values.ToArray());
        Assert.Equal([double.NaN, 1.0, double.NaN, double.NaN], data.Lag("x", 2).Numeric("L2.x").Values.ToArray());
        Assert.Equal([double.NaN, double.NaN, 4.0, double.NaN], data.Lead("x").Numeric("F1.x").Values.ToArray());
        Assert.Equal(1, data.Structure.UnitsWithGaps);
        Assert.Equal(1, data.Structure.Gaps);
        Assert.Equal(last.ToString(System.Globalization.CultureInfo.InvariantCulture), data.Structure.LastPeriod);
    }

    [Fact]
    public void TimesSpanningMoreThanAnIntWorkByValue()
    {
        var data = Read("unit,year,x\na,-2147483648,1\na,2147483647,2\na,1e12,3\na,1000000000001,4\n");

        Assert.Equal(["-2147483648", "2147483647", "1000000000000", "1000000000001"], data.Time.Levels);
        Assert.Equal([double.NaN, double.NaN, double.NaN, 3.0], data.Lag("x").Numeric("L1.x").Values.ToArray());
        Assert.Equal(1_000_000_000_001L, data.PanelIndex.Periods[3]);
        Assert.Contains("at least 2,147,483,647 absent periods", data.Structure.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TimesBeyondTwoToThe53AreAClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read("unit,year,x\na,9007199254740993,1\na,9007199254740994,2\n"));

        Assert.Contains("2^53", error.Message, StringComparison.Ordinal);
        Assert.Contains("'year'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonIntegerTimesAreRanksAndSaySo()
    {
        var data = Read("unit,t,x\na,2019.5,1\na,2020,2\na,2020.5,3\n");

        Assert.False(data.PanelIndex.PeriodsAreTimeValues);
        Assert.Equal([double.NaN, 1.0, 2.0], data.Lag("x").Numeric("L1.x").Values.ToArray());
    }

    [Fact]
    public void AnInfiniteTimeLabelIsTextNotANumber()
    {
        var data = Read("unit,t,x\na,1e400,1\na,2020,2\n");

        Assert.False(data.Time.HasNumericLevels);
        Assert.Equal(["1e400", "2020"], data.Time.Levels);
    }

    [Fact]
    public void ProgrammaticTimeColumnsAreComparedByValueToo()
    {
        var data = new PanelData(
            [CategoricalColumn.FromLabels("u", ["a", "a"]), CategoricalColumn.FromLabels("t", ["2003.0", "2004"]), new NumericColumn("x", [1.0, 2.0])],
            "u",
            "t");

        Assert.Equal(["2003", "2004"], data.Time.Levels);
        Assert.Same(data.Time, data.Lag("x").Time);
        Assert.Equal([double.NaN, 1.0], data.Lag("x").Numeric("L1.x").Values.ToArray());
    }

    [Fact]
    public void NumericUnitLabelsKeepTheirSpellingAfterTrimming()
    {
        // Units are identifiers, not quantities: FIPS code 01001 stays '01001'.
        var data = Read("fips,year,x\n01001,2003,1\n 01003,2003,2\n");

        Assert.Equal(["01001", "01003"], data.Unit.Levels);
    }

    private static PanelData Read(string csv) => PanelData.ReadCsv(new StringReader(csv), "labels.csv", csv.StartsWith("fips", StringComparison.Ordinal) ? "fips" : "unit", csv.Split(',')[1]);
}
