using System.Globalization;
using System.Text.Json;

namespace ModelDsl.Tests.Binary;

/// <summary>Reads a committed reference case: a numeric CSV and its expected.json.</summary>
internal static class ReferenceCase
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "reference", name);

    public static Dictionary<string, double[]> ReadNumericCsv(string caseName, string file = "data.csv")
    {
        var lines = File.ReadAllLines(Path.Combine(Folder(caseName), file));
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var columns = header.Select(_ => new double[lines.Length - 1]).ToArray();
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (var c = 0; c < header.Length; c++)
            {
                // Text columns (a race label) are skipped here and read as NaN.
                columns[c][r - 1] = double.TryParse(cells[c].Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
            }
        }

        return header.Select((h, i) => (h, i)).ToDictionary(t => t.h, t => columns[t.i]);
    }

    public static JsonElement Expected(string caseName, string file = "expected.json")
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(caseName), file))).RootElement;

    public static double[] Doubles(this JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):G3}, tolerance {tolerance:G2} relative to max(1, |expected|))");
    }
}
