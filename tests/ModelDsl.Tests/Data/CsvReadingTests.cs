using System.Text;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

public sealed class CsvReadingTests
{
    [Fact]
    public void ReadsKindsMissingTokensAndNotes()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year");

        Assert.Equal(12, data.RowCount);
        Assert.Equal(["state", "year", "gsp", "emp", "region", "id"], data.ColumnNames);
        Assert.Equal(ColumnKind.Numeric, data["gsp"].Kind);
        Assert.Equal(ColumnKind.Categorical, data["region"].Kind);
        Assert.Equal(ColumnKind.Categorical, data["id"].Kind);
        Assert.Equal(["2010", "2011", "2012", "2013"], data.Time.Levels);
        Assert.Equal(["NSW", "QLD", "TAS", "VIC"], data.Unit.Levels);

        // '.', '', 'NA' and 'NaN' are all missing; 4 cells in gsp, 1 in emp.
        Assert.Equal(4, data["gsp"].MissingCount);
        Assert.True(double.IsNaN(data.Numeric("gsp")[1]));
        Assert.Equal(4.5, data.Numeric("emp")[10]);
        var gspNote = Assert.Single(data.Notes, n => n.Kind == NoteKind.CellsReadAsMissing && n.Message.Contains("'gsp'", StringComparison.Ordinal));
        Assert.Equal(4, gspNote.Count);
        Assert.Contains(data.Notes, n => n.Kind == NoteKind.CellsReadAsMissing && n.Message.Contains("'emp'", StringComparison.Ordinal) && n.Count == 1);
        Assert.Equal(2, data.Notes.Count(n => n.Kind == NoteKind.CellsReadAsMissing));
        Assert.Equal(Fixtures.Path("panel_gaps.csv"), data.Source);
        Assert.Equal(2, data.SourceLine(0));
    }

    [Fact]
    public void ReadsAPanelWithAStructureNote()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year");

        var note = Assert.Single(data.Notes, n => n.Kind == NoteKind.Structure);
        Assert.Equal("Unbalanced panel: 4 units, 4 periods (2010–2013), 12 observations; 3–3 periods per unit (mean 3); 1 unit has gaps (1 absent period inside their spans).", note.Message);
        Assert.Equal(12, note.Count);
    }

    [Fact]
    public void HandlesAByteOrderMarkAndCrLf()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("bom.csv"), "city", "year");

        Assert.Equal(["city", "year", "x"], data.ColumnNames);
        Assert.Equal([1.5, 2.5, 3, 4], data.Numeric("x").Values.ToArray());
        Assert.True(data.Structure.IsBalanced);
    }

    [Fact]
    public void HandlesQuotedFieldsWithSeparatorsQuotesAndLineBreaks()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("quoted.csv"));

        Assert.Equal(["name", "note, with comma", "value"], data.ColumnNames);
        var name = data.Categorical("name");
        Assert.Equal("Smith, J.", name[0]);
        Assert.Equal("O'Brien", name[2]);
        Assert.Equal("said \"hello\", then left", data.Categorical("note, with comma")[0]);
        Assert.Equal("two\nlines", data.Categorical("note, with comma")[1]);
        Assert.Equal([1.25, 2, 3], data.Numeric("value").Values.ToArray());

        // Line numbers are physical lines: the record after the two-line field starts on line 5.
        Assert.Equal([2, 3, 5], Enumerable.Range(0, 3).Select(r => data.SourceLine(r)!.Value));
    }

    [Fact]
    public void ANonNumericCellInAForcedNumericColumnNamesFileLineColumnAndValue()
    {
        var path = Fixtures.Path("bad_cell.csv");

        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(path, "city", "year", new CsvReadOptions().Numeric("x")));

        Assert.Equal(path, error.SourceName);
        Assert.Equal(4, error.Line);
        Assert.Equal("x", error.Column);
        Assert.Equal(3, error.ColumnPosition);
        Assert.Equal("12a", error.Value);
        Assert.Contains($"'{path}' line 4, column 'x' (column 3): '12a' is not a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("BadNumericAsMissing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadNumericAsMissingCountsTheCellsInANote()
    {
        var options = new CsvReadOptions().Numeric("x").ReadBadNumericAsMissing();

        var data = PanelData.ReadCsv(Fixtures.Path("bad_cell.csv"), "city", "year", options);

        var x = data.Numeric("x");
        Assert.Equal(3, x.MissingCount);
        Assert.True(double.IsNaN(x[2]));
        var note = Assert.Single(data.Notes, n => n.Kind == NoteKind.CellsReadAsMissing && n.Message.Contains("not a number", StringComparison.Ordinal));
        Assert.Equal(1, note.Count);
        Assert.Contains("'12a' on line 4", note.Message, StringComparison.Ordinal);

        // 'NA' and 'n/a' are both default missing-value tokens (the list the generator shares).
        Assert.Contains(data.Notes, n => n.Kind == NoteKind.CellsReadAsMissing && n.Message.Contains("missing-value token", StringComparison.Ordinal) && n.Count == 2);
    }

    [Fact]
    public void AnUndeclaredColumnWithTextIsCategorical()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("bad_cell.csv"), "city", "year");

        var x = data.Categorical("x");
        Assert.Equal(["1", "2", "12a", null, null], Enumerable.Range(0, 5).Select(r => x[r]));
        Assert.Equal(ColumnKind.Numeric, data["y"].Kind);
    }

    [Fact]
    public void AColumnWhoseTextComesAfterNumbersKeepsItsOriginalLabels()
    {
        var data = PanelData.ReadCsv(Fixtures.Path("mixed.csv"));

        var code = data.Categorical("code");
        Assert.Equal(["007", "12", "A7", "007"], Enumerable.Range(0, 4).Select(r => code[r]));
        Assert.Equal(code.Codes[0], code.Codes[3]);
        Assert.Equal(ColumnKind.Numeric, data["value"].Kind);
    }

    [Fact]
    public void AMixedColumnFromATextReaderIsReadAgainFromMemory()
    {
        var data = PanelData.ReadCsv(new StringReader("id,v\n01,1\nNA,2\nx9,3\n1,4\n"), "ids.csv", options: new CsvReadOptions().Numeric("v"));

        var id = data.Categorical("id");
        Assert.Equal(["01", null, "x9", "1"], Enumerable.Range(0, 4).Select(r => id[r]));
        Assert.Equal(["01", "1", "x9"], id.Levels); // ordinal order, as the labels are not all numbers
        Assert.Single(data.Notes, n => n.Message.StartsWith("Column 'id'", StringComparison.Ordinal));
    }

    [Fact]
    public void DeclaredCategoricalColumnsAndCustomMissingTokens()
    {
        var text = "g,v\n1,-\n2,5\n-,7\n";

        var data = PanelData.ReadCsv(new StringReader(text), "inline.csv", options: new CsvReadOptions().Categorical("g").WithMissingTokens("-"));

        Assert.Equal(ColumnKind.Categorical, data["g"].Kind);
        Assert.True(data["g"].IsMissing(2));
        Assert.True(double.IsNaN(data.Numeric("v")[0]));
        Assert.Equal("inline.csv", data.Source);
    }

    [Fact]
    public void EmptyIsNotMissingWhenTheTokensSaySo()
    {
        var text = "g,v\na,\nb,1\n";

        var data = PanelData.ReadCsv(new StringReader(text), "inline.csv", options: new CsvReadOptions().WithMissingTokens("NA"));

        Assert.Equal(ColumnKind.Categorical, data["v"].Kind);
        Assert.Equal(string.Empty, data.Categorical("v")[0]);
    }

    [Fact]
    public void ARaggedLineIsAnErrorNamingTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(Fixtures.Path("ragged.csv")));

        Assert.Equal(3, error.Line);
        Assert.Contains("line 3 has 2 fields but the header has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedQuoteIsAnErrorNamingTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(new StringReader("a,b\n1,2\n\"x\"y,3\n"), "broken.csv"));

        Assert.Equal(3, error.Line);
        Assert.Contains("'broken.csv' line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownDeclaredColumnSuggestsTheClosest()
    {
        var error = Assert.Throws<ArgumentException>(() => PanelData.ReadCsv(Fixtures.Path("bom.csv"), "cty", "year"));

        Assert.Contains("Column 'cty' was declared", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'city'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingDeclarationsAreErrors()
    {
        Assert.Throws<ArgumentException>(() => new CsvReadOptions().Numeric("x").Categorical("x"));
        var error = Assert.Throws<ArgumentException>(() => PanelData.ReadCsv(Fixtures.Path("bom.csv"), "city", "year", new CsvReadOptions().Numeric("year")));
        Assert.Contains("always categorical", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PanelData.ReadCsv(Fixtures.Path("bom.csv"), "city", null));
    }

    [Fact]
    public void DuplicateHeaderNamesAreErrors()
    {
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(new StringReader("a,b,a\n1,2,3\n"), "dup.csv"));

        Assert.Contains("'a' appears twice (positions 1 and 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileNamesTheFullPath()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PanelData.ReadCsv("no-such-file.csv"));

        Assert.Contains(Path.GetFullPath("no-such-file.csv"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderWithoutRowsGivesAnEmptyPanel()
    {
        var data = PanelData.ReadCsv(new StringReader("city,year,x\n"), "empty.csv", "city", "year");

        Assert.Equal(0, data.RowCount);
        Assert.Equal(ColumnKind.Numeric, data["x"].Kind);
        Assert.Equal(0, data.Structure.Units);
    }

    [Fact]
    public void AnEmptyFileIsAnError()
    {
        var error = Assert.Throws<DataFormatException>(() => PanelData.ReadCsv(new StringReader(string.Empty), "nothing.csv"));

        Assert.Equal(1, error.Line);
        Assert.Contains("'nothing.csv' has no header row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherSeparatorCanBeSet()
    {
        var data = PanelData.ReadCsv(new StringReader("a;b\n1,5;x\n"), "semi.csv", options: new CsvReadOptions { Separator = ';' });

        Assert.Equal("1,5", data.Categorical("a")[0]);
        Assert.Equal(["", ".", "NA", "na", "N/A", "n/a", "#N/A", "NaN", "nan", "NAN", "null", "NULL", "Null"], CsvReadOptions.DefaultMissingTokens);
    }

    [Fact]
    public void ReadsTheHeaderAlone()
    {
        Assert.Equal(["city", "year", "x"], PanelData.ReadCsvHeader(Fixtures.Path("bom.csv")));
        using var reader = new StringReader("a,b\n1,2\n");
        Assert.Equal(["a", "b"], PanelData.ReadCsvHeader(reader, "inline.csv"));
        Assert.NotNull(reader.ReadToEnd()); // still open: a disposed StringReader throws here
    }

    [Fact]
    public void ReadsUtf8TextLabels()
    {
        var bytes = Encoding.UTF8.GetBytes("省份,year,x\n北京,2020,1\n上海,2020,2\nSão Paulo,2020,3\n");
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);

        var data = PanelData.ReadCsv(reader, "cn.csv", "省份", "year");

        Assert.Equal("北京", data.Unit[0]);
        Assert.Equal("São Paulo", data.Unit[2]);
    }

    [Fact]
    public void LongLabelsBeyondTheStackBufferAreRead()
    {
        var label = new string('x', 300) + "é";
        var data = PanelData.ReadCsv(new StringReader($"g,v\n{label},1\n{label},2\nshort,3\n"), "long.csv");

        var g = data.Categorical("g");
        Assert.Equal(label, g[0]);
        Assert.Equal(g.Codes[0], g.Codes[1]);
        Assert.Equal(2, g.LevelCount);
    }

    [Fact]
    public void ALargeFileReadsQuickly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modeldsl-large-{Environment.ProcessId}.csv");
        try
        {
            using (var writer = new StreamWriter(path))
            {
                writer.Write("city,year,inno,cbec,region,code\n");
                for (var city = 0; city < 20_000; city++)
                {
                    for (var year = 2010; year < 2020; year++)
                    {
                        writer.Write($"C{city},{year},{(city * 31 + year) % 997 / 7.0:R},{(city + year) % 2},{(city % 4 == 0 ? "east" : "west")},{city % 50}\n");
                    }
                }
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var data = PanelData.ReadCsv(path, "city", "year");
            watch.Stop();

            Assert.Equal(200_000, data.RowCount);
            Assert.Equal(20_000, data.Structure.Units);
            Assert.True(data.Structure.IsBalanced);
            Assert.Equal(ColumnKind.Numeric, data["code"].Kind);

            var lagged = data.Lag("cbec").Numeric("L1.cbec");
            Assert.True(double.IsNaN(lagged[0]));
            Assert.Equal(data.Numeric("cbec")[0], lagged[1]);

            // About 0.1 s on an idle core (a 1M-row file takes about 0.5 s). The bound is generous so that a busy
            // shared machine does not fail it, yet it catches a per-cell allocation storm or quadratic behaviour.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Reading 200,000 rows took {watch.Elapsed}.");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
