using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

/// <summary>Models shaped like the trade-policy paper's Table 4 (numbers chosen so every star level occurs).</summary>
internal static class TableFixtures
{
    public static Results.Coefficient Coefficient(string name, double estimate, double standardError, double pValue) =>
        new(name, estimate, standardError, estimate / standardError, pValue, estimate - (1.96 * standardError), estimate + (1.96 * standardError));

    public static RegressionColumn Model(string dependent, long n, double r2, double within, string[] fixedEffects, (string, long)[] clusters, params Results.Coefficient[] coefficients) =>
        new(dependent, n, [.. coefficients], r2, double.NaN, within, [.. fixedEffects], [.. clusters.Select(c => new KeyValuePair<string, long>(c.Item1, c.Item2))], clusters.Length > 0 ? $"cluster({string.Join(", ", clusters.Select(c => c.Item1))})" : "iid");

    /// <summary>Three models: no controls, controls, controls without municipalities; the third has a negative, a tiny and an insignificant estimate.</summary>
    public static RegressionColumn[] Baseline() =>
    [
        Model("inno", 3360, 0.5717, 0.0412, ["city", "year"], [("city", 280)],
            Coefficient("cbec", 0.0194, 0.000652, 0.0000)),
        Model("inno", 3316, 0.6432, 0.0533, ["city", "year"], [("city", 280)],
            Coefficient("cbec", 0.0157, 0.00201, 0.0000),
            Coefficient("ln_pop", -0.0123, 0.0061, 0.044),
            Coefficient("ln_gdp", 0.0042, 0.0023, 0.068)),
        Model("inno", 3269, 0.6350, double.NaN, ["year"], [],
            Coefficient("cbec", 0.0152, 0.0021, 0.0000),
            Coefficient("ln_pop", -0.0101, 0.0039, 0.0096),
            Coefficient("ln_gdp", 0.0009, 0.0031, 0.77),
            Coefficient("(Intercept)", 1.2345, 0.4567, 0.0071)),
    ];
}
