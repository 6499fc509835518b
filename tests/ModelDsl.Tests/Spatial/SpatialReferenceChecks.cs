using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Spatial;

/// <summary>
/// The comparisons every spatial reference case makes against its expected.json block (R's Lee–Yu formulas or
/// spatialreg): one place for the tolerances the docs state — estimates, σ², R² and effects 1e-8 relative, standard
/// errors 1e-6, the log-likelihood 1e-10.
/// </summary>
internal static class SpatialReferenceChecks
{
    /// <summary>A file of the reference case <paramref name="folder"/> as copied beside the tests.</summary>
    public static string ReferencePath(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "reference", folder, name);

    /// <summary>The case's expected.json.</summary>
    public static JsonElement ExpectedJson(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferencePath(folder, "expected.json")));
        return document.RootElement.Clone();
    }

    /// <summary>The row-standardised contiguity of a panel's units from the case's neighbours.csv (columns state, neighbour).</summary>
    public static SpatialWeights PanelContiguity(PanelData data, string folder)
    {
        var units = data.Unit;
        var ids = Enumerable.Range(0, data.RowCount).Select(r => units[r]!).Distinct().ToArray();
        return SpatialWeights.ReadNeighbourCsv(ReferencePath(folder, "neighbours.csv"), ids, "state", "neighbour").RowStandardize();
    }

    public static void Close(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1e-12), $"{what}: expected {expected:R}, got {actual:R} (rel diff {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    public static double[] Array(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>ρ and its SE, σ², the log-likelihood, R², and every coefficient with its SE.</summary>
    public static void Estimates(JsonElement e, SpatialResult fit, string key)
    {
        Close(e.GetProperty("rho").GetDouble(), fit.SpatialParameter.Estimate, 1e-8, $"{key} rho");
        Close(e.GetProperty("rho_se").GetDouble(), fit.SpatialParameter.StandardError, 1e-6, $"{key} rho se");
        Close(e.GetProperty("sigma2").GetDouble(), fit.SigmaSquared, 1e-8, $"{key} sigma2");
        Close(e.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, 1e-10, $"{key} log-likelihood");
        Close(e.GetProperty("r2").GetDouble(), fit.RSquared, 1e-8, $"{key} R2");
        var b = Array(e.GetProperty("coefficients"));
        var se = Array(e.GetProperty("std_errors"));
        Assert.Equal(b.Length, fit.Coefficients.Count);
        for (var j = 0; j < b.Length; j++)
        {
            Close(b[j], fit.Coefficients[j].Estimate, 1e-8, $"{key} {fit.Coefficients[j].Name}");
            Close(se[j], fit.Coefficients[j].StandardError, 1e-6, $"{key} se {fit.Coefficients[j].Name}");
        }
    }

    /// <summary>The direct, indirect and total effects of each regressor with their delta-method SEs.</summary>
    public static void Effects(JsonElement effects, SpatialResult fit, string key, IReadOnlyList<string> regressors)
    {
        Assert.Equal("delta method", fit.EffectsMethod);
        Assert.Equal(regressors.Count, fit.Effects.Count);
        foreach (var part in new[] { "direct", "indirect", "total" })
        {
            var value = Array(effects.GetProperty(part));
            var error = Array(effects.GetProperty(part + "_se"));
            for (var j = 0; j < regressors.Count; j++)
            {
                var effect = part switch { "direct" => fit.Effects[j].Direct, "indirect" => fit.Effects[j].Indirect, _ => fit.Effects[j].Total };
                Close(value[j], effect.Estimate, 1e-8, $"{key} {part} {regressors[j]}");
                Close(error[j], effect.StandardError, 1e-6, $"{key} {part} se {regressors[j]}");
            }
        }
    }
}
