using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Tests.Measures;

/// <summary>
/// A minimal reader for the committed, unquoted test CSVs (until the library's CSV reader is on main): the unit, time and
/// listed text columns are categorical, every other column numeric (empty or NA is missing).
/// </summary>
internal static class TinyCsv
{
    public static PanelData Read(string path, string? unit, string? time, params string[] textColumns)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        foreach (var row in cells)
        {
            Assert.Equal(header.Length, row.Length);
        }

        var categorical = new HashSet<string>(textColumns);
        if (unit is not null)
        {
            categorical.Add(unit);
            categorical.Add(time!);
        }

        var columns = new List<Column>();
        for (var c = 0; c < header.Length; c++)
        {
            var values = cells.Select(r => r[c]).ToArray();
            if (categorical.Contains(header[c]))
            {
                columns.Add(CategoricalColumn.FromLabels(header[c], values.Select(v => v.Length == 0 ? null : v).ToArray()));
            }
            else
            {
                columns.Add(new NumericColumn(
                    header[c],
                    values.Select(v => v.Length == 0 || v == "NA" ? double.NaN : double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()));
            }
        }

        return new PanelData(columns, unit, time, source: path);
    }

    public static string Reference(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "reference", .. parts]);
}
