namespace ModelDsl.Measures;

/// <summary>The snake_case names the measures write to JSON (the writer itself is <see cref="ModelDsl.Results.JsonOutput"/>).</summary>
internal static class MeasureJson
{
    /// <summary>The snake_case name of a direction.</summary>
    public static string Name(IndicatorDirection direction) => direction == IndicatorDirection.Positive ? "positive" : "negative";

    /// <summary>The snake_case name of a scope.</summary>
    public static string Name(NormalizationScope scope) => scope == NormalizationScope.Pooled ? "pooled" : "per_period";
}
