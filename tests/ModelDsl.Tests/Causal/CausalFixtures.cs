using System.Text.Json;

using ModelDsl.Data;

namespace ModelDsl.Tests.Causal;

/// <summary>Reference data, expected values and small simulated panels for the causal and mechanism tests.</summary>
internal static class CausalFixtures
{
    internal static string ReferencePath(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "reference", folder, name);

    internal static PanelData Produc(string folder) => PanelData.ReadCsv(ReferencePath(folder, "data.csv"), unit: "state", time: "year");

    internal static JsonElement Expected(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferencePath(folder, "expected.json")));
        return document.RootElement.Clone();
    }

    internal static JsonElement Coefficient(JsonElement model, string name)
        => model.GetProperty("coefficients").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    internal static void Close(double expected, double actual, double relative, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"{what}: expected {expected:R} but got {actual:R} (relative error {Math.Abs(expected - actual) / scale:G3}, tolerance {relative:G3})");
    }

    /// <summary>
    /// A balanced panel with unit and time effects, one control and a staggered treatment with effect <paramref name="effect"/>:
    /// y = α_i + λ_t + 0.5 x + effect·D + ε. Cohorts: a third never treated, the rest spread over periods 4..(periods − 2).
    /// </summary>
    internal static PanelData Simulated(int units, int periods, double effect, int seed, bool withNever = true)
    {
        var random = new Random(seed);
        var n = units * periods;
        var unit = new string[n];
        var time = new double[n];
        var y = new double[n];
        var x = new double[n];
        var cohort = new double[n];
        var region = new string[n];
        for (var u = 0; u < units; u++)
        {
            var alpha = Normal(random);
            var c = withNever && u % 3 == 0 ? 0 : 4 + random.Next(periods - 5);
            for (var t = 0; t < periods; t++)
            {
                var i = (u * periods) + t;
                unit[i] = $"u{u:D3}";
                time[i] = 2000 + t;
                cohort[i] = c == 0 ? 0 : 2000 + c;
                x[i] = Normal(random) + (0.1 * t);
                var d = c > 0 && t >= c ? 1.0 : 0.0;
                y[i] = alpha + (0.2 * t) + (0.5 * x[i]) + (effect * d) + Normal(random);
                region[i] = (u % 4) switch { 0 => "east", 1 => "west", 2 => "north", _ => "south" };
            }
        }

        return new PanelData(
            [
                CategoricalColumn.FromLabels("unit", unit),
                CategoricalColumn.FromNumbers("year", time),
                new NumericColumn("y", y),
                new NumericColumn("x", x),
                new NumericColumn("cohort", cohort),
                CategoricalColumn.FromLabels("region", region),
            ],
            unit: "unit",
            time: "year");
    }

    internal static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
