using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelDsl.Measures;

/// <summary>The JSON conventions of results (shared/DESIGN.md §2): snake_case keys, full double precision, NaN as null.</summary>
internal static class MeasureJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a JSON document with <paramref name="write"/> and returns it as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a number, or null when it is NaN or infinite.</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value)
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

    /// <summary>Writes a string, or null.</summary>
    public static void Text(Utf8JsonWriter writer, string name, string? value)
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

    /// <summary>The snake_case name of a direction.</summary>
    public static string Name(IndicatorDirection direction) => direction == IndicatorDirection.Positive ? "positive" : "negative";

    /// <summary>The snake_case name of a scope.</summary>
    public static string Name(NormalizationScope scope) => scope == NormalizationScope.Pooled ? "pooled" : "per_period";
}
