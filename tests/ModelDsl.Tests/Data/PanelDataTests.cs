using ModelDsl.Data;

namespace ModelDsl.Tests.Data;

public sealed class PanelDataTests
{
    [Fact]
    public void UnknownColumnNamesTheClosestColumn()
    {
        var data = new PanelData([new NumericColumn("inno", [1.0, 2.0]), new NumericColumn("cbec", [0.0, 1.0])]);

        var error = Assert.Throws<KeyNotFoundException>(() => data["inov"]);

        Assert.Contains("Did you mean 'inno'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumericLabelsSortNumerically()
    {
        var years = CategoricalColumn.FromLabels("year", ["2010", "9", "2021", null]);

        Assert.Equal(["9", "2010", "2021"], years.Levels);
        Assert.Equal([1, 0, 2, CategoricalColumn.MissingCode], years.Codes.ToArray());
        Assert.Equal(2010.0, years.NumericValue(0));
    }
}
