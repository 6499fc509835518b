using ModelDsl.Data;

using Columns = ModelDsl.Generators.Tests.EndToEnd.CityYear.Columns;

namespace ModelDsl.Generators.Tests.EndToEnd;

/// <summary>A record schema: the columns are the properties; the CSV header matches them ignoring case and '_'.</summary>
[Panel("fixtures/cities.csv", Unit = nameof(City), Time = nameof(Year))]
public partial record CityYear(string City, int Year, double Inno, double Cbec, double LnPop, double LnGdp, double Infra);

/// <summary>The record path loads and estimates like the string path (columns take the property names).</summary>
public sealed class RecordSchemaTests
{
    [Fact]
    public void RecordSchemaGivesTheStringPathEstimates()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "cities.csv");
        var data = Columns.Load(path);
        Assert.Equal(["City", "Year", "Inno", "Cbec", "LnPop", "LnGdp", "Infra"], data.Data.ColumnNames);
        Assert.Equal(ColumnKind.Categorical, data.Data.Columns[1].Kind);

        var typed = Columns.Regress(Columns.Inno).On(Columns.Cbec).Controls(Columns.LnPop).Fe(Columns.City, Columns.Year).Cluster(Columns.City).Fit(data);
        var keyed = Model.Regress("inno").On("cbec").Controls("ln_pop").Fe("city", "year").Cluster("city").Fit(PanelData.ReadCsv(path, "city", "year"));

        Assert.Equal(keyed.Observations, typed.Observations);
        Assert.Equal(keyed.Coefficients.Select(c => (c.Estimate, c.StandardError)), typed.Coefficients.Select(c => (c.Estimate, c.StandardError)));
        Assert.Equal("Cbec", typed.Coefficients[0].Name);
    }

    [Fact]
    public void AGeneratedSchemaReadsAnyTableSourceAsItsLoaderReadsTheFile()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "cities.csv");

        var loaded = Columns.Load(path).Data;
        var read = Dataset<CityYear>.Read(CsvTableSource.FromFile(path)).Data;

        Assert.Equal(loaded.ColumnNames, read.ColumnNames);
        Assert.Equal(loaded.Columns.Select(c => c.Kind), read.Columns.Select(c => c.Kind));
        Assert.Equal(loaded.Numeric("Inno").Values.ToArray(), read.Numeric("Inno").Values.ToArray());
        Assert.Equal(loaded.Unit.Codes.ToArray(), read.Unit.Codes.ToArray());
        Assert.Equal(loaded.Structure.Describe(), read.Structure.Describe());
    }
}
