using System.Text.Json;
using System.Text.Json.Nodes;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The causal and mechanism results' shared JSON pieces (coefficients, tests, embedded regressions), written with <see cref="JsonOutput"/>.</summary>
internal static class CausalJson
{
    /// <summary>The regression's JSON object as a mutable node (to add or override keys).</summary>
    internal static JsonObject RegressionNode(RegressionResult result)
        => JsonNode.Parse(JsonOutput.Write(result.WriteJson, indented: false))!.AsObject();

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

    internal static void Test(Utf8JsonWriter writer, string name, WaldTest test)
    {
        writer.WritePropertyName(name);
        test.WriteJson(writer);
    }
}
