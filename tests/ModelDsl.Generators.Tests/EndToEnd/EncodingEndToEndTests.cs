using ModelDsl.Data;

namespace ModelDsl.Generators.Tests.EndToEnd;

/// <summary>A GB18030 file compiled by the real compiler (dotnet build), whose AdditionalFile reading replaces the non-UTF-8 bytes.</summary>
[Dataset("fixtures/gb18030.csv", Encoding = "gb18030")]
public partial class Gb18030Cities;

/// <summary>The generator, run by the compiler on a GB18030 file with an ASCII header, agrees with the file.</summary>
public sealed class EncodingEndToEndTests
{
    [Fact]
    public void AsciiHeaderOverGb18030RowsCompilesWithTheEncodingInTheSchema()
    {
        var schema = Schema<Gb18030Cities>();
        Assert.Equal("gb18030", schema.Encoding);
        Assert.Equal(["city", "year", "name", "gdp"], schema.Columns.Select(c => c.Name));
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Numeric], schema.Columns.Select(c => c.Kind));
        Assert.Equal("name", Gb18030Cities.Name.ColumnName);
    }

    private static DatasetSchema Schema<T>()
        where T : IDatasetSchema => T.Schema;
}
