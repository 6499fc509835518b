using System.Globalization;
using System.Text;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Measures;

/// <summary>The weight of one indicator (in one period when weights are per period).</summary>
/// <param name="Period">The time period the weight belongs to, or <see langword="null"/> for pooled weights.</param>
/// <param name="Indicator">The indicator column.</param>
/// <param name="Dimension">The indicator's dimension, or <see langword="null"/>.</param>
/// <param name="Direction">The indicator's direction.</param>
/// <param name="Entropy">eⱼ = −(1/ln n) Σᵢ pᵢⱼ ln pᵢⱼ.</param>
/// <param name="Redundancy">dⱼ = 1 − eⱼ (the degree of divergence).</param>
/// <param name="Weight">wⱼ = dⱼ / Σₖ dₖ.</param>
public sealed record EntropyWeightRow(string? Period, string Indicator, string? Dimension, IndicatorDirection Direction, double Entropy, double Redundancy, double Weight);

/// <summary>The summed weight of the indicators of one dimension (in one period when weights are per period).</summary>
/// <param name="Period">The time period, or <see langword="null"/> for pooled weights.</param>
/// <param name="Dimension">The dimension's name.</param>
/// <param name="Indicators">How many indicators the dimension has.</param>
/// <param name="Weight">The sum of its indicators' weights.</param>
public sealed record DimensionWeight(string? Period, string Dimension, int Indicators, double Weight);

/// <summary>The immutable weights table of an entropy-weight index.</summary>
public sealed class EntropyWeightTable
{
    internal EntropyWeightTable(string indexName, NormalizationScope scope, double shift, IReadOnlyList<EntropyWeightRow> rows, IReadOnlyList<DimensionWeight> dimensions)
    {
        IndexName = indexName;
        Scope = scope;
        Shift = shift;
        Rows = rows.ToArray();
        Dimensions = dimensions.ToArray();
    }

    /// <summary>The name of the index the weights belong to.</summary>
    public string IndexName { get; }

    /// <summary>Pooled weights or weights per period.</summary>
    public NormalizationScope Scope { get; }

    /// <summary>The constant added after min–max normalisation.</summary>
    public double Shift { get; }

    /// <summary>One row per indicator (per indicator and period when weights are per period), in indicator order.</summary>
    public IReadOnlyList<EntropyWeightRow> Rows { get; }

    /// <summary>The subtotal weight of each dimension (per period when weights are per period); empty when no dimension was given.</summary>
    public IReadOnlyList<DimensionWeight> Dimensions { get; }

    /// <summary>The pooled weight of an indicator (or its weight in <paramref name="period"/> when weights are per period).</summary>
    public double WeightOf(string indicator, string? period = null)
    {
        foreach (var row in Rows)
        {
            if (row.Indicator == indicator && row.Period == period)
            {
                return row.Weight;
            }
        }

        var periods = Rows.Select(r => r.Period).Distinct().ToArray();
        throw new KeyNotFoundException(
            $"No weight for indicator '{indicator}'{(period is null ? string.Empty : $" in period {period}")}; indicators are {string.Join(", ", Rows.Select(r => r.Indicator).Distinct())}"
            + (Scope == NormalizationScope.PerPeriod ? $"; periods are {string.Join(", ", periods)}." : "."));
    }

    /// <summary>The table as JSON: snake_case keys, full precision.</summary>
    public string ToJson() => JsonOutput.Write(WriteJson);

    /// <summary>The table as aligned text, weights with 4 decimals.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Entropy weights of '{IndexName}' ({(Scope == NormalizationScope.Pooled ? "pooled" : "per period")}, shift {Shift.ToString("R", CultureInfo.InvariantCulture)})").AppendLine();
        var width = Math.Max(9, Rows.Max(r => r.Indicator.Length));
        var dimWidth = Math.Max(9, Rows.Max(r => r.Dimension?.Length ?? 0));
        var periodPart = Scope == NormalizationScope.PerPeriod;
        if (periodPart)
        {
            text.Append("Period  ");
        }

        text.Append("Indicator".PadRight(width)).Append("  ").Append("Dimension".PadRight(dimWidth)).AppendLine("  Dir   Entropy  Redundancy   Weight");
        foreach (var row in Rows)
        {
            if (periodPart)
            {
                text.Append((row.Period ?? string.Empty).PadRight(8));
            }

            text.Append(row.Indicator.PadRight(width)).Append("  ")
                .Append((row.Dimension ?? string.Empty).PadRight(dimWidth)).Append("  ")
                .Append(row.Direction == IndicatorDirection.Positive ? "+   " : "−   ")
                .Append(CultureInfo.InvariantCulture, $"{row.Entropy,9:F4}  {row.Redundancy,10:F4}  {row.Weight,7:F4}")
                .AppendLine();
        }

        foreach (var dimension in Dimensions)
        {
            if (periodPart)
            {
                text.Append((dimension.Period ?? string.Empty).PadRight(8));
            }

            text.Append(CultureInfo.InvariantCulture, $"Dimension '{dimension.Dimension}' ({dimension.Indicators} indicators): weight {dimension.Weight:F4}").AppendLine();
        }

        return text.ToString();
    }

    internal void WriteJson(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("index", IndexName);
        writer.WriteString("method", "entropy_weight");
        writer.WriteString("scope", MeasureJson.Name(Scope));
        writer.WriteNumber("shift", Shift);
        writer.WriteStartArray("weights");
        foreach (var row in Rows)
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "period", row.Period);
            writer.WriteString("indicator", row.Indicator);
            JsonOutput.Text(writer, "dimension", row.Dimension);
            writer.WriteString("direction", MeasureJson.Name(row.Direction));
            JsonOutput.Number(writer, "entropy", row.Entropy);
            JsonOutput.Number(writer, "redundancy", row.Redundancy);
            JsonOutput.Number(writer, "weight", row.Weight);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("dimensions");
        foreach (var dimension in Dimensions)
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "period", dimension.Period);
            writer.WriteString("dimension", dimension.Dimension);
            writer.WriteNumber("indicators", dimension.Indicators);
            JsonOutput.Number(writer, "weight", dimension.Weight);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>An entropy-weight composite index: the index column and its weights.</summary>
/// <param name="Index">The index, one value per row of the data set, named as requested.</param>
/// <param name="Weights">The weights table.</param>
public sealed record EntropyWeightResult(NumericColumn Index, EntropyWeightTable Weights)
{
    /// <summary>The data set with the index column added (or replacing a column of the same name).</summary>
    public PanelData AddTo(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithColumn(Index);
    }

    /// <summary>The weights table as JSON.</summary>
    public string ToJson() => Weights.ToJson();

    /// <inheritdoc />
    public override string ToString() => Weights.ToString();
}
