using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;
using ModelDsl.Tests.Data;

namespace ModelDsl.Tests.Json;

/// <summary>The shared JSON writer: readable text, round-trip numbers, NaN and infinities as null.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public void WritesTextReadablyAndNumbersInRoundTripPrecision()
    {
        var json = JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "theme", "跨境电商 – city's \"pilot\"");
            JsonOutput.Number(writer, "third", 1.0 / 3.0);
            JsonOutput.Number(writer, "nan", double.NaN);
            JsonOutput.Number(writer, "infinity", double.NegativeInfinity);
            JsonOutput.Number(writer, "missing", (double?)null);
            JsonOutput.Numbers(writer, "values", [0.1, double.PositiveInfinity]);
            JsonOutput.Strings(writer, "names", ["a", "b"]);
            JsonOutput.Notes(writer, [new Note(NoteKind.MissingValues, "2 rows of 'inno' dropped", 2)]);
            writer.WriteEndObject();
        });

        Assert.Contains("\"theme\": \"跨境电商 – city's \\\"pilot\\\"\"", json, StringComparison.Ordinal);
        Assert.Contains("\"notes\": [\n    \"2 rows of 'inno' dropped\"\n  ]", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1.0 / 3.0, root.GetProperty("third").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nan").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("infinity").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("missing").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("values")[1].ValueKind);
        Assert.Equal(["a", "b"], root.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ResultsWriteLabelsWithoutEscapes()
    {
        var data = PanelData.ReadCsv(Fixtures.Reference("data-descriptives", "data.csv"));
        var table = DescriptiveStatistics.Compute(data, ["gdp"], new DescriptiveOptions { Labels = new Dictionary<string, string> { ["gdp"] = "GDP – 国内生产总值 (China's)" } });
        Assert.Contains("\"label\": \"GDP – 国内生产总值 (China's)\"", table.ToJson(), StringComparison.Ordinal);
    }
}
