using System.Text.Json;

using ModelDsl.Causal;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>One group's split-sample fit.</summary>
/// <param name="Level">The group's label.</param>
/// <param name="Fit">The model fitted on that group's rows only.</param>
public sealed record HeterogeneityGroup(string Level, RegressionResult Fit);

/// <summary>A heterogeneity analysis: split-sample fits, the pooled interaction model, the stacked comparison and the tests of equal effects.</summary>
public sealed class HeterogeneityResult
{
    private readonly IReadOnlyDictionary<string, string[]> _interactionNames;

    internal HeterogeneityResult(HeterogeneitySpecification specification, IReadOnlyList<HeterogeneityGroup> groups, RegressionResult interaction, IReadOnlyDictionary<string, WaldTestResult> interactionTests, IReadOnlyList<HeterogeneityGroup> levelInteractions, RegressionResult stacked, IReadOnlyDictionary<string, WaldTestResult> stackedTests, IReadOnlyDictionary<string, string[]> interactionNames)
    {
        Specification = specification;
        Groups = groups;
        Interaction = interaction;
        EqualityTests = interactionTests;
        LevelInteractions = levelInteractions;
        Stacked = stacked;
        StackedEqualityTests = stackedTests;
        _interactionNames = interactionNames;
    }

    /// <summary>The specification that was fitted.</summary>
    public HeterogeneitySpecification Specification { get; }

    /// <summary>The group column's name.</summary>
    public string Group => Specification.Group.Name;

    /// <summary>The split-sample fits, one per level in label order.</summary>
    public IReadOnlyList<HeterogeneityGroup> Groups { get; }

    /// <summary>The pooled interaction model (one slope per level for each regressor of interest; common controls and fixed effects).</summary>
    public RegressionResult Interaction { get; }

    /// <summary>For each regressor of interest, the Wald test of equal slopes across levels in <see cref="Interaction"/>.</summary>
    public IReadOnlyDictionary<string, WaldTestResult> EqualityTests { get; }

    /// <summary>One full-sample fit per level with only that level's interaction x·1{group = g} (the seed paper's Tables 7–10 layout).</summary>
    public IReadOnlyList<HeterogeneityGroup> LevelInteractions { get; }

    /// <summary>The stacked, fully interacted model whose per-level slopes equal the split-sample fits.</summary>
    public RegressionResult Stacked { get; }

    /// <summary>For each regressor of interest, the Wald test of equal split-sample slopes in <see cref="Stacked"/> (seemingly unrelated comparison).</summary>
    public IReadOnlyDictionary<string, WaldTestResult> StackedEqualityTests { get; }

    /// <summary>The interaction coefficient of <paramref name="regressor"/> in level <paramref name="level"/> of the pooled model.</summary>
    public Coefficient InteractionEffect(string regressor, string level) => Interaction[HeterogeneitySpecification.InteractionName(regressor, Group, level)];

    /// <summary>The split-sample coefficient of <paramref name="regressor"/> in level <paramref name="level"/>.</summary>
    public Coefficient SplitEffect(string regressor, string level)
        => (Groups.FirstOrDefault(g => g.Level == level) ?? throw new KeyNotFoundException($"No level '{level}' of '{Group}'; the levels are {string.Join(", ", Groups.Select(g => g.Level))}.")).Fit[regressor];

    /// <summary>The result as JSON: <c>groups</c> (each split fit), <c>interaction</c>, <c>equality_tests</c>, <c>stacked</c>, <c>stacked_equality_tests</c>.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Heterogeneity by {Group}: " + string.Join("; ", _interactionNames.Keys.Select(x =>
            $"{x}: {string.Join(", ", Groups.Select(g => $"{g.Level} {g.Fit[x].Estimate:G4}"))}, {EqualityTests[x]}"));

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "heterogeneity");
        writer.WriteString("dependent", Interaction.Dependent);
        writer.WriteString("group", Group);
        writer.WriteNumber("observations", Interaction.Observations);
        writer.WriteString("vcov", Interaction.Vcov.Description);
        writer.WriteStartArray("groups");
        foreach (var g in Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("level", g.Level);
            writer.WriteNumber("observations", g.Fit.Observations);
            JsonOutput.Property(writer, "fit", g.Fit.WriteJson);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Property(writer, "interaction", Interaction.WriteJson);
        writer.WriteStartArray("level_interactions");
        foreach (var g in LevelInteractions)
        {
            writer.WriteStartObject();
            writer.WriteString("level", g.Level);
            JsonOutput.Property(writer, "fit", g.Fit.WriteJson);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteTests(writer, "equality_tests", EqualityTests);
        JsonOutput.Property(writer, "stacked", Stacked.WriteJson);
        WriteTests(writer, "stacked_equality_tests", StackedEqualityTests);
        writer.WriteEndObject();
    }

    private static void WriteTests(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, WaldTestResult> tests)
    {
        writer.WriteStartObject(name);
        foreach (var (regressor, test) in tests)
        {
            JsonOutput.Property(writer, regressor, test.WriteJson);
        }

        writer.WriteEndObject();
    }
}
