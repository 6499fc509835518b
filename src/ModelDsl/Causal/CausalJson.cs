using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>JSON helpers shared by the causal and mechanism results (snake_case, NaN as null, numbers round-trip).</summary>
internal static class CausalJson
{
    internal static string Write(Action<Utf8JsonWriter> body, bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static void NumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>The regression's JSON object as a mutable node (to add or override keys).</summary>
    internal static JsonObject RegressionNode(RegressionResult result)
        => JsonNode.Parse(Write(result.WriteJson, indented: false))!.AsObject();

    internal static void Node(Utf8JsonWriter writer, string name, JsonNode node)
    {
        writer.WritePropertyName(name);
        node.WriteTo(writer);
    }

    internal static void Regression(Utf8JsonWriter writer, string name, RegressionResult result)
    {
        writer.WritePropertyName(name);
        result.WriteJson(writer);
    }

    internal static void Coefficient(Utf8JsonWriter writer, Coefficient c)
    {
        writer.WriteString("name", c.Name);
        Number(writer, "estimate", c.Estimate);
        Number(writer, "std_error", c.StandardError);
        Number(writer, "t", c.TStatistic);
        Number(writer, "p", c.PValue);
        Number(writer, "ci_low", c.ConfidenceLow);
        Number(writer, "ci_high", c.ConfidenceHigh);
    }

    internal static void Test(Utf8JsonWriter writer, string name, JointWaldTest test)
    {
        writer.WritePropertyName(name);
        test.WriteJson(writer);
    }

    internal static void Notes(Utf8JsonWriter writer, IEnumerable<Note> notes)
    {
        writer.WriteStartArray("notes");
        foreach (var note in notes)
        {
            writer.WriteStringValue(note.Message);
        }

        writer.WriteEndArray();
    }
}
