using ModelDsl.Data;

namespace ModelDsl.Tests.Measures;

/// <summary>Small panels built from columns for the hand-checked tests.</summary>
internal static class MeasureData
{
    /// <summary>A panel with units and periods given per row and numeric columns.</summary>
    public static PanelData Panel(string[] units, string[] periods, params (string Name, double[] Values)[] numeric)
    {
        var columns = new List<Column>
        {
            CategoricalColumn.FromLabels("unit", units),
            CategoricalColumn.FromLabels("year", periods),
        };
        columns.AddRange(numeric.Select(c => new NumericColumn(c.Name, c.Values)));
        return new PanelData(columns, "unit", "year");
    }

    /// <summary>A cross-section with numeric columns only.</summary>
    public static PanelData CrossSection(params (string Name, double[] Values)[] numeric)
        => new(numeric.Select(c => (Column)new NumericColumn(c.Name, c.Values)));
}
