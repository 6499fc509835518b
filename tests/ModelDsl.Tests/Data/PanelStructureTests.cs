using System.Globalization;

using CsCheck;

using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

public sealed class PanelStructureTests
{
    [Fact]
    public void DuplicatePairsNameRowsAndLines()
    {
        var error = Assert.Throws<DuplicatePanelKeyException>(() => PanelData.ReadCsv(Fixtures.Path("duplicates.csv"), "city", "year"));

        Assert.Equal(2, error.DuplicateCount);
        Assert.Equal(2, error.Examples.Count);
        Assert.Equal(("c1", "2021"), (error.Examples[0].Unit, error.Examples[0].Time));
        Assert.Equal([1, 3], error.Examples[0].Rows);
        Assert.Equal([3, 5], error.Examples[0].Lines!);
        Assert.Equal("c2", error.Examples[1].Unit);
        Assert.Equal([4, 6], error.Examples[1].Lines!);
        Assert.Contains("(c1, 2021) in row 1 (line 3) and row 3 (line 5); (c2, 2020) in row 2 (line 4) and row 4 (line 6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheIndexOrdersRowsByUnitThenPeriodWhetherOrNotTheyCameSorted()
    {
        // Sorted rows take a path without sorting; shuffled ones the counting sorts: both must give the rows by unit
        // level, then by period, and the same unit starts, or the same duplicate error.
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5].Array[1, 30], Gen.Bool, Gen.Bool, Gen.Int).Sample(
            (units, periods, shuffle, duplicate, seed) =>
            {
                var rows = new List<(string Unit, string Time)>();
                for (var u = 0; u < units; u++)
                {
                    var year = 2000;
                    foreach (var step in periods.Skip(u).Take(3 + u))
                    {
                        year += step;
                        rows.Add(((u * 7).ToString(CultureInfo.InvariantCulture), year.ToString(CultureInfo.InvariantCulture)));
                    }
                }

                if (rows.Count == 0)
                {
                    return;
                }

                if (duplicate)
                {
                    rows.Insert(rows.Count / 2, rows[rows.Count / 2]);
                }

                if (shuffle)
                {
                    var random = new Random(seed);
                    rows = [.. rows.OrderBy(_ => random.Next())];
                }

                var unit = CategoricalColumn.FromLabels("u", rows.Select(r => (string?)r.Unit).ToArray());
                var time = CategoricalColumn.FromLabels("t", rows.Select(r => (string?)r.Time).ToArray());
                if (duplicate)
                {
                    Assert.Throws<DuplicatePanelKeyException>(() => new PanelData([unit, time], "u", "t"));
                    return;
                }

                var index = new PanelData([unit, time], "u", "t").PanelIndex;
                var expected = Enumerable.Range(0, rows.Count).OrderBy(r => unit.Codes[r]).ThenBy(r => int.Parse(rows[r].Time, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(expected, index.SortedRows.ToArray());
                for (var u = 0; u < index.UnitLevelCount; u++)
                {
                    Assert.All(index.RowsOfUnit(u).ToArray(), r => Assert.Equal(u, unit.Codes[r]));
                }

                Assert.Equal(rows.Count, index.UnitStarts[^1]);
            },
            iter: 3_000,
            threads: 1);
    }

    [Fact]
    public void DuplicatesAreCheckedWhenAPanelIsBuiltFromColumns()
    {
        var unit = CategoricalColumn.FromLabels("u", ["a", "a", "a"]);
        var time = CategoricalColumn.FromLabels("t", ["1", "2", "1"]);

        var error = Assert.Throws<DuplicatePanelKeyException>(() => new PanelData([unit, time], "u", "t"));

        Assert.Contains("(a, 1) in row 0 and row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectingARowTwiceFromAPanelIsADuplicate()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("bom.csv"), "city", "year");

        Assert.Throws<DuplicatePanelKeyException>(() => data.SelectRows([0, 1, 1]));
        Assert.Equal(2, data.SelectRows([3, 0]).RowCount);
    }

    [Fact]
    public void MissingUnitOrTimeNamesTheRows()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PanelData.ReadCsv(Fixtures.Path("missing_key.csv"), "city", "year"));

        Assert.Contains("The unit column 'city' is missing in 1 row (row 1 (line 3))", error.Message, StringComparison.Ordinal);
        var timeError = Assert.Throws<InvalidOperationException>(() => PanelData.ReadCsv(new StringReader("city,year\na,1\nb,NA\n"), "t.csv", "city", "year"));
        Assert.Contains("The time column 'year' is missing in 1 row (row 1 (line 3))", timeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructureCountsUnitsPeriodsAndGaps()
    {
        var structure = PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year").Structure;

        Assert.Equal(4, structure.Units);
        Assert.Equal(4, structure.Periods);
        Assert.Equal(12, structure.Observations);
        Assert.False(structure.IsBalanced);
        Assert.Equal(1, structure.UnitsWithGaps);
        Assert.Equal(1, structure.Gaps);
        Assert.Equal(3, structure.MinimumPeriodsPerUnit);
        Assert.Equal(3, structure.MaximumPeriodsPerUnit);
        Assert.Equal(3.0, structure.MeanPeriodsPerUnit);
        Assert.Equal("2010", structure.FirstPeriod);
        Assert.Equal("2013", structure.LastPeriod);
    }

    [Fact]
    public void ABalancedPanelSaysSo()
    {
        var structure = PanelData.ReadCsv(Fixtures.Path("bom.csv"), "city", "year").Structure;

        Assert.True(structure.IsBalanced);
        Assert.Equal("Balanced panel: 2 units, 2 periods (2020–2021), 4 observations", structure.Describe());
    }

    [Fact]
    public void TheIndexFindsRowsByUnitAndTimeValue()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year");
        var index = data.PanelIndex;
        var vic = data.Unit.Levels.ToList().IndexOf("VIC");

        Assert.True(index.PeriodsAreTimeValues);
        Assert.Equal(6, index.Find(vic, 2010));
        Assert.Equal(-1, index.Find(vic, 2011));
        Assert.Equal(8, index.Find(vic, 2013));
        Assert.Equal(-1, index.Find(vic, 2014));
        Assert.Equal(-1, index.Shift(7, -1));
        Assert.Equal(8, index.Shift(7, 1));
        Assert.Equal([6, 7, 8], index.RowsOfUnit(vic).ToArray());

        // QLD's rows are in reverse order in the file; the index orders them by time.
        var qld = data.Unit.Levels.ToList().IndexOf("QLD");
        Assert.Equal([2, 1, 0], index.RowsOfUnit(qld).ToArray());
        Assert.Same(index, data.Lag("emp").PanelIndex);
    }

    [Fact]
    public void TextTimeLabelsUseTheirRank()
    {
        var data = new PanelData(
            [CategoricalColumn.FromLabels("u", ["a", "a", "b"]), CategoricalColumn.FromLabels("t", ["2020Q1", "2020Q2", "2020Q2"]), new NumericColumn("x", [1.0, 2.0, 3.0])],
            "u",
            "t");

        Assert.False(data.PanelIndex.PeriodsAreTimeValues);
        Assert.Equal([double.NaN, 1.0, double.NaN], data.Lag("x").Numeric("L1.x").Values.ToArray());
    }

    [Fact]
    public void SparsePeriodsFallBackToSearchAndStillFindRows()
    {
        var data = new PanelData(
            [CategoricalColumn.FromLabels("u", ["a", "a", "a"]), CategoricalColumn.FromLabels("t", ["1", "2", "100000000"]), new NumericColumn("x", [1.0, 2.0, 3.0])],
            "u",
            "t");

        Assert.Equal(2, data.PanelIndex.Find(0, 100000000));
        Assert.Equal(-1, data.PanelIndex.Find(0, 99999999));
        Assert.Equal(1, data.PanelIndex.Find(0, 2));
        Assert.Equal([double.NaN, 1.0, double.NaN], data.Lag("x").Numeric("L1.x").Values.ToArray());
        Assert.Equal(1, data.Structure.UnitsWithGaps);
    }

    [Fact]
    public void AsPanelDeclaresUnitAndTimeAndChecksThem()
    {
        var flat = PanelData.ReadCsv(Fixtures.Path("bom.csv"));

        Assert.False(flat.IsPanel);
        Assert.Throws<InvalidOperationException>(() => flat.Structure);
        var panel = flat.AsPanel("city", "year");
        Assert.True(panel.Structure.IsBalanced);
        Assert.Contains(panel.Notes, n => n.Kind == ModelDsl.Results.NoteKind.Structure);
    }

    [Fact]
    public void TheIndexIsBuiltOnceAcrossThreads()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year").SelectRows([0, 1, 2, 3]);

        var indexes = new PanelIndex[8];
        Parallel.For(0, indexes.Length, i => indexes[i] = data.PanelIndex);

        Assert.All(indexes, index => Assert.Same(indexes[0], index));
    }
}
