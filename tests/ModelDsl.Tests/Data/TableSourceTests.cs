using System.Globalization;
using System.Text;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

/// <summary>
/// The data-source seam: a second <see cref="ITableSource"/> (a table held in arrays, as a typed columnar format such
/// as Parquet would give) read through the same entry as the CSV reader gives the same data, on the string-keyed and
/// the typed path, and the entry holds every source to the contract.
/// </summary>
public sealed class TableSourceTests : IDisposable
{
    private const string Name = "cities";

    private static readonly string?[] City = ["Hefei", "Hefei", "Hefei", "Wuhu", "Wuhu", "Bengbu", "Bengbu", "Bengbu"];
    private static readonly double[] Year = [2019, 2020, 2021, 2019, 2021, 2019, 2020, 2021];
    private static readonly double[] Gdp = [1.5, 2.25, double.NaN, -0.5, 1e-3, 3, 4.125, 12345.678];
    private static readonly string?[] Region = ["north", "north", "north", null, "south", "east", "east", "east"];
    private static readonly double[] Code = [7, 7, 7, 12, 12, 3, 3, 3];

    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-sources-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AnArraySourceReadsAsTheCsvOfTheSameDataOnTheStringKeyedPath()
    {
        var fromCsv = PanelData.ReadCsv(new StringReader(Csv()), Name, "city", "year", new CsvReadOptions().Categorical("code"));
        var fromArrays = PanelData.Read(Arrays(), "city", "year", new ColumnKinds().Categorical("code"));

        AssertSameData(fromCsv, fromArrays);
        Assert.Equal(ColumnKind.Categorical, fromArrays["code"].Kind);
        Assert.Equal(ColumnKind.Categorical, fromArrays["region"].Kind);
        Assert.True(fromArrays.Time.HasNumericLevels);

        // A cross-section too, where nothing is declared and each source gives its own kinds.
        AssertSameData(PanelData.ReadCsv(new StringReader(Csv()), Name), PanelData.Read(Arrays()));
    }

    [Fact]
    public void TheCsvReaderIsOneSourceOfTheSameEntry()
    {
        var path = WriteCsv("cities.csv");
        var options = new CsvReadOptions().Numeric("gdp");

        var viaReadCsv = PanelData.ReadCsv(path, "city", "year", options);
        var viaSource = PanelData.Read(CsvTableSource.FromFile(path, new CsvReadOptions()), "city", "year", new ColumnKinds().Numeric("gdp"));

        AssertSameData(viaReadCsv, viaSource);
        Assert.Equal(viaReadCsv.Notes.Select(n => (n.Kind, n.Message, n.Count)), viaSource.Notes.Select(n => (n.Kind, n.Message, n.Count)));
        Assert.Equal(2, viaSource.SourceLine(0));
        Assert.Equal(["city", "year", "gdp", "region", "code"], CsvTableSource.FromFile(path).ReadHeader());
    }

    [Fact]
    public void KindsDeclaredOnTheCsvOptionsHoldWhenTheSourceIsReadDirectly()
    {
        var source = CsvTableSource.FromText(new StringReader(Csv()), Name, new CsvReadOptions().Categorical("code"));

        var data = PanelData.Read(source, "city", "year");

        Assert.Equal(ColumnKind.Categorical, data["code"].Kind);
        var conflict = Assert.Throws<ArgumentException>(() => PanelData.Read(source, kinds: new ColumnKinds().Numeric("code")));
        Assert.Contains("'code' is already declared categorical", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnArraySourceReadsAsTheCsvOfTheSameDataOnTheTypedPath()
    {
        var path = WriteCsv("cities.csv");

        var fromCsv = Dataset<ExactCities>.Load(path).Data;
        var fromArrays = Dataset<ExactCities>.Read(Arrays()).Data;

        AssertSameData(fromCsv, fromArrays);
        Assert.Equal(["city", "year", "gdp", "code", "region"], fromArrays.ColumnNames);
        Assert.Equal(ColumnKind.Categorical, fromArrays["code"].Kind);
    }

    [Fact]
    public void LooseNamesMatchTheSameWayForEverySource()
    {
        // A record schema spells the columns as properties; the sources spell them as the file does.
        var path = WriteCsv("cities.csv");

        var fromCsv = Dataset<RecordCities>.Load(path).Data;
        var fromArrays = Dataset<RecordCities>.Read(Arrays()).Data;

        AssertSameData(fromCsv, fromArrays);
        Assert.Equal(["City", "Year", "Gdp", "Code"], fromArrays.ColumnNames.Take(4));
        Assert.Equal("City", fromArrays.UnitColumnName);
        Assert.Equal(ColumnKind.Categorical, fromArrays["Code"].Kind);
    }

    [Fact]
    public void AMissingDeclaredColumnIsTheSameErrorFromEverySource()
    {
        var fromCsv = Assert.Throws<ArgumentException>(() => PanelData.ReadCsv(new StringReader(Csv()), Name, "city", "year", new CsvReadOptions().Numeric("gpd")));
        var fromArrays = Assert.Throws<ArgumentException>(() => PanelData.Read(Arrays(), "city", "year", new ColumnKinds().Numeric("gpd")));

        Assert.Equal(fromCsv.Message, fromArrays.Message);
        Assert.Contains("Did you mean 'gdp'?", fromArrays.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASourceThatIgnoresADeclaredKindIsAnError()
    {
        var careless = new ArrayTableSource(Name, honourKinds: false).Add("city", City).Add("year", Year).Add("code", Code);

        var error = Assert.Throws<InvalidOperationException>(() => PanelData.Read(careless, "city", "year", new ColumnKinds().Categorical("code")));

        Assert.Contains("returned column 'year' as numeric, but it was declared categorical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileSourcesAreClearErrors()
    {
        var empty = Assert.Throws<InvalidOperationException>(() => PanelData.Read(new NullTableSource()));
        Assert.Contains("returned no table", empty.Message, StringComparison.Ordinal);

        var twice = new ArrayTableSource(Name).Add("x", [1.0]).Add("x", [2.0]);
        Assert.Contains("'x' appears twice", Assert.Throws<ArgumentException>(() => PanelData.Read(twice)).Message, StringComparison.Ordinal);

        var noRegion = new ArrayTableSource(Name).Add("city", City).Add("year", Year).Add("gdp", Gdp).Add("code", Code);
        var missing = Assert.Throws<ArgumentException>(() => Dataset<ExactCities>.Read(noRegion));
        Assert.Contains("'region'", missing.Message, StringComparison.Ordinal);

        var textGdp = new ArrayTableSource(Name).Add("city", City).Add("year", Year).Add("gdp", Region).Add("code", Code).Add("region", Region);
        Assert.Throws<DataFormatException>(() => Dataset<ExactCities>.Read(textGdp));

        var nowhere = Path.Combine(_folder, "absent.csv");
        Assert.Contains("No data file at", Assert.Throws<FileNotFoundException>(() => CsvTableSource.FromFile(nowhere)).Message, StringComparison.Ordinal);
        Assert.Contains("No data file at", Assert.Throws<FileNotFoundException>(() => PanelData.ReadCsvHeader(nowhere)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => PanelData.Read(null!));
    }

    [Fact]
    public void KindsAreDeclaredOnceAndTheKeysAreNeverNumeric()
    {
        Assert.Throws<ArgumentException>(() => new ColumnKinds().Numeric("gdp").Categorical("gdp"));
        Assert.Throws<ArgumentException>(() => new CsvReadOptions().Categorical("gdp").Numeric("gdp"));
        var key = Assert.Throws<ArgumentException>(() => PanelData.Read(Arrays(), "city", "year", new ColumnKinds().Numeric("year")));
        Assert.Contains("'year' is the panel's time column", key.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PanelData.Read(Arrays(), "city", null));

        var options = new CsvReadOptions().Categorical("code").Numeric("gdp");
        Assert.Equal(["code"], options.Kinds.CategoricalColumns);
        Assert.Equal(["gdp"], options.NumericColumns);
        Assert.Equal(ColumnKind.Numeric, options.Kinds.KindOf("gdp"));
        Assert.Null(options.Kinds.KindOf("city"));
    }

    [Fact]
    public void RowsWithoutLinesAreNamedByRowAndLinesMustMatchTheRows()
    {
        var repeated = new ArrayTableSource(Name).Add("city", ["a", "a"]).Add("year", [2020, 2020]);
        var duplicate = Assert.Throws<DuplicatePanelKeyException>(() => PanelData.Read(repeated, "city", "year"));
        Assert.Contains("row 0", duplicate.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line", duplicate.Message, StringComparison.Ordinal);

        var column = new NumericColumn("x", [1.0, 2.0]);
        Assert.Throws<ArgumentException>(() => new SourceTable([column], lines: [2]));
        Assert.Throws<ArgumentException>(() => new SourceTable([column, new NumericColumn("y", [1.0])]));
        Assert.Equal([5, 9], new SourceTable([column], lines: [5, 9]).Lines);
    }

    [Fact]
    public void TheSchemaDeclaresKindsOnlyWhenItsNamesAreTheSourcesNames()
    {
        var exact = ExactCities.Schema.Table.DeclaredKinds();
        Assert.Equal(["code", "region"], exact.CategoricalColumns);
        Assert.Equal(["gdp"], exact.NumericColumns);
        Assert.True(RecordCities.Schema.Table.DeclaredKinds().IsEmpty);
        Assert.Equal(["city", "year", "gdp", "code", "region"], ExactCities.Schema.Table.Columns.Select(c => c.Name));
        Assert.Throws<ArgumentException>(() => new TableSchema("S", [new TableColumn("a", ColumnKind.Numeric)], unit: "a"));
    }

    private static ArrayTableSource Arrays()
        => new ArrayTableSource(Name).Add("city", City).Add("year", Year).Add("gdp", Gdp).Add("region", Region).Add("code", Code);

    // The same table as CSV text: numbers in their shortest round-trip form, missing as empty cells.
    private static string Csv()
    {
        var text = new StringBuilder("city,year,gdp,region,code\n");
        for (var i = 0; i < City.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{City[i]},{Number(Year[i])},{Number(Gdp[i])},{Region[i]},{Number(Code[i])}\n");
        }

        return text.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private string WriteCsv(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, Csv());
        return path;
    }

    private static void AssertSameData(PanelData expected, PanelData actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.UnitColumnName, actual.UnitColumnName);
        Assert.Equal(expected.TimeColumnName, actual.TimeColumnName);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            switch (expected.Columns[c], actual.Columns[c])
            {
                case (NumericColumn e, NumericColumn a):
                    Assert.Equal(e.Values.ToArray().Select(BitConverter.DoubleToInt64Bits), a.Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
                    break;
                case (CategoricalColumn e, CategoricalColumn a):
                    Assert.Equal(e.Levels, a.Levels);
                    Assert.Equal(e.Codes.ToArray(), a.Codes.ToArray());
                    Assert.Equal(e.HasNumericLevels, a.HasNumericLevels);
                    Assert.Equal(e.NumericLevels.ToArray(), a.NumericLevels.ToArray());
                    break;
                default:
                    Assert.Fail($"Column '{expected.Columns[c].Name}' is {expected.Columns[c].Kind} from one source and {actual.Columns[c].Kind} from the other.");
                    break;
            }
        }

        if (expected.IsPanel)
        {
            Assert.Equal(expected.Structure.Describe(), actual.Structure.Describe());
            Assert.Equal(expected.Notes.Where(n => n.Kind == NoteKind.Structure).Select(n => n.Message), actual.Notes.Where(n => n.Kind == NoteKind.Structure).Select(n => n.Message));
        }
    }

    /// <summary>A schema with exact names, as the generator emits for a <c>[Panel]</c> class.</summary>
    private sealed class ExactCities : IDatasetSchema
    {
        public static DatasetSchema Schema { get; } = new(
            "ExactCities", null, null, "city", "year", matchByHandle: false,
            [new SchemaColumn("city", ColumnKind.Categorical), new SchemaColumn("year", ColumnKind.Categorical), new SchemaColumn("gdp", ColumnKind.Numeric), new SchemaColumn("code", ColumnKind.Categorical), new SchemaColumn("region", ColumnKind.Categorical)]);
    }

    /// <summary>A schema whose names are record properties, matched loosely, as the generator emits for a record.</summary>
    private sealed class RecordCities : IDatasetSchema
    {
        public static DatasetSchema Schema { get; } = new(
            "RecordCities", null, null, "City", "Year", matchByHandle: true,
            [new SchemaColumn("City", ColumnKind.Categorical), new SchemaColumn("Year", ColumnKind.Categorical), new SchemaColumn("Gdp", ColumnKind.Numeric), new SchemaColumn("Code", ColumnKind.Categorical)]);
    }

    /// <summary>A source that breaks the contract by returning nothing.</summary>
    private sealed class NullTableSource : ITableSource
    {
        public string Name => "nothing";

        public IReadOnlyList<string> ReadHeader() => [];

        public SourceTable Read(ColumnKinds kinds) => null!;
    }

    /// <summary>
    /// A second source: typed columns held in arrays (numbers as doubles, text as strings), as a columnar file format
    /// hands them over. Declared kinds are honoured as the contract asks: numbers become categorical by their canonical
    /// text, text declared numeric is an error.
    /// </summary>
    private sealed class ArrayTableSource(string name, bool honourKinds = true) : ITableSource
    {
        private readonly List<(string Name, double[]? Numbers, string?[]? Labels)> _columns = [];

        public string Name { get; } = name;

        public ArrayTableSource Add(string column, double[] numbers)
        {
            _columns.Add((column, numbers, null));
            return this;
        }

        public ArrayTableSource Add(string column, string?[] labels)
        {
            _columns.Add((column, null, labels));
            return this;
        }

        public IReadOnlyList<string> ReadHeader() => _columns.Select(c => c.Name).ToArray();

        public SourceTable Read(ColumnKinds kinds)
        {
            var columns = new List<Column>();
            foreach (var (column, numbers, labels) in _columns)
            {
                var kind = honourKinds ? kinds.KindOf(column) : null;
                columns.Add((numbers, kind) switch
                {
                    (not null, ColumnKind.Categorical) => CategoricalColumn.FromNumbers(column, numbers),
                    (not null, _) => new NumericColumn(column, numbers),
                    (null, ColumnKind.Numeric) => throw new DataFormatException($"'{Name}' column '{column}' holds text but is declared numeric.", Name, 0),
                    (null, _) => CategoricalColumn.FromLabels(column, labels!),
                });
            }

            return new SourceTable(columns);
        }
    }
}
