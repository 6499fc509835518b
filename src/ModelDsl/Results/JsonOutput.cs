using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelDsl.Results;

/// <summary>
/// The one JSON writer of every result (shared/DESIGN.md §2): snake_case keys chosen by the caller, numbers in
/// round-trip precision (<see cref="Utf8JsonWriter"/> writes the shortest string that round-trips), NaN and ±∞ as
/// <c>null</c>, and text written readably — apostrophes, en dashes and Chinese theme names as themselves, not as
/// <c>\u0027</c> escapes (<see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>; the output is a document, never
/// embedded in HTML or a script).
/// </summary>
internal static class JsonOutput
{
    /// <summary>The encoder every writer uses.</summary>
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Options for <see cref="JsonNode.ToJsonString(JsonSerializerOptions?)"/> of results built as nodes (indented).</summary>
    internal static readonly JsonSerializerOptions NodeOptions = new() { WriteIndented = true, Encoder = Encoder };

    /// <summary>Options for compact node output.</summary>
    internal static readonly JsonSerializerOptions CompactNodeOptions = new() { WriteIndented = false, Encoder = Encoder };

    /// <summary>The writer options.</summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The options.</returns>
    internal static JsonWriterOptions WriterOptions(bool indented = true) => new() { Indented = indented, Encoder = Encoder };

    /// <summary>Writes a document with <paramref name="body"/> and returns it as a string.</summary>
    /// <param name="body">Writes exactly one JSON value.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The document.</returns>
    internal static string Write(Action<Utf8JsonWriter> body, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions(indented)))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A node serialised with the shared options.</summary>
    /// <param name="node">The node.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The document.</returns>
    internal static string Write(JsonNode node, bool indented = true) => node.ToJsonString(indented ? NodeOptions : CompactNodeOptions);

    /// <summary>
    /// The object <paramref name="body"/> writes, as a mutable node: for a result that adds or overrides keys of one
    /// it embeds (a DID, an event study or a moderation over its regression).
    /// </summary>
    /// <param name="body">Writes exactly one JSON object.</param>
    /// <returns>The object.</returns>
    internal static JsonObject ObjectNode(Action<Utf8JsonWriter> body) => JsonNode.Parse(Write(body, indented: false))!.AsObject();

    /// <summary>Writes property <paramref name="name"/> whose value <paramref name="body"/> writes (an embedded regression or test).</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="body">Writes exactly one JSON value.</param>
    internal static void Property(Utf8JsonWriter writer, string name, Action<Utf8JsonWriter> body)
    {
        writer.WritePropertyName(name);
        body(writer);
    }

    /// <summary>Writes a number property, or null when it is NaN or infinite.</summary>
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

    /// <summary>Writes a number property, or null when it is missing, NaN or infinite.</summary>
    internal static void Number(Utf8JsonWriter writer, string name, double? value) => Number(writer, name, value ?? double.NaN);

    /// <summary>Writes a number array element, or null when it is NaN or infinite.</summary>
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

    /// <summary>Writes a string property, or null.</summary>
    internal static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes an array of strings.</summary>
    internal static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes an array of numbers (NaN and ±∞ as null).</summary>
    internal static void Numbers(Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            NumberValue(writer, value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the <c>notes</c> array: each note's message.</summary>
    internal static void Notes(Utf8JsonWriter writer, IEnumerable<Note> notes) => Strings(writer, "notes", notes.Select(n => n.Message));

    /// <summary>Writes a coefficient's fields (DESIGN.md §2 keys) into the current object.</summary>
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

    /// <summary>Writes the <c>coefficients</c> array: one object per coefficient with the DESIGN.md §2 keys.</summary>
    internal static void Coefficients(Utf8JsonWriter writer, IEnumerable<Coefficient> coefficients)
    {
        writer.WriteStartArray("coefficients");
        foreach (var c in coefficients)
        {
            writer.WriteStartObject();
            Coefficient(writer, c);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A coefficient as a JSON object with the DESIGN.md §2 keys.</summary>
    internal static JsonObject CoefficientNode(Coefficient c) => new()
    {
        ["name"] = c.Name,
        ["estimate"] = NumberNode(c.Estimate),
        ["std_error"] = NumberNode(c.StandardError),
        ["t"] = NumberNode(c.TStatistic),
        ["p"] = NumberNode(c.PValue),
        ["ci_low"] = NumberNode(c.ConfidenceLow),
        ["ci_high"] = NumberNode(c.ConfidenceHigh),
    };

    /// <summary>A number node, or null for NaN and ±∞.</summary>
    internal static JsonNode? NumberNode(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>An array node of numbers (NaN and ±∞ as null).</summary>
    internal static JsonArray NumberNodes(IEnumerable<double> values) => new(values.Select(NumberNode).ToArray());

    /// <summary>An array node of strings.</summary>
    internal static JsonArray StringNodes(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
