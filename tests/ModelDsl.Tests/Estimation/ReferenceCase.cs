using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Estimation;

/// <summary>A reference case under reference/&lt;case&gt;/: its data and the R output in expected.json.</summary>
internal sealed class ReferenceCase
{
    private ReferenceCase(PanelData data, JsonElement expected)
    {
        Data = data;
        Expected = expected;
    }

    internal PanelData Data { get; }

    internal JsonElement Expected { get; }

    /// <summary>Reads data.csv (numbers invariant, "NA" or empty is missing) with the named columns categorical.</summary>
    internal static ReferenceCase Load(string name, string? unit = null, string? time = null, params string[] categorical)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "reference", name);
        var lines = File.ReadAllLines(Path.Combine(folder, "data.csv")).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var cells = lines.Skip(1).Select(l => l.Split(',').Select(c => c.Trim('"')).ToArray()).ToArray();
        var keys = new HashSet<string>(categorical.Concat(new[] { unit, time }.OfType<string>()), StringComparer.Ordinal);
        var columns = new List<Column>();
        for (var j = 0; j < header.Length; j++)
        {
            if (keys.Contains(header[j]))
            {
                columns.Add(CategoricalColumn.FromLabels(header[j], cells.Select(r => r[j] is "" or "NA" ? null : r[j]).ToArray()));
            }
            else
            {
                columns.Add(new NumericColumn(header[j], cells.Select(r => r[j] is "" or "NA" ? double.NaN : double.Parse(r[j], CultureInfo.InvariantCulture)).ToArray()));
            }
        }

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        return new ReferenceCase(new PanelData(columns, unit, time), document.RootElement.Clone());
    }

    /// <summary>The expected block of a variance estimator (<c>vcov.&lt;key&gt;</c>).</summary>
    internal JsonElement Vcov(string key) => Expected.GetProperty("vcov").GetProperty(key);

    internal static double Number(JsonElement element, string property) => element.GetProperty(property).GetDouble();

    /// <summary>Asserts estimates (relative <paramref name="estimateTolerance"/>) of every expected coefficient.</summary>
    internal static void AssertEstimates(JsonElement coefficients, RegressionResult actual, double estimateTolerance, Func<string, string>? rename = null)
    {
        foreach (var c in coefficients.EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var mine = actual[rename?.Invoke(name) ?? name];
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "estimate"), mine.Estimate, estimateTolerance);
        }
    }

    /// <summary>Asserts standard errors, t, p and intervals of every expected coefficient.</summary>
    internal static void AssertInference(JsonElement coefficients, RegressionResult actual, double tolerance, bool checkDistribution = true, Func<string, string>? rename = null)
    {
        foreach (var c in coefficients.EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var mine = actual[rename?.Invoke(name) ?? name];
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "std_error"), mine.StandardError, tolerance);
            OrdinaryLeastSquaresTests.AssertClose(Number(c, "t"), mine.TStatistic, tolerance);
            if (checkDistribution)
            {
                OrdinaryLeastSquaresTests.AssertClose(Number(c, "p"), mine.PValue, tolerance);
                OrdinaryLeastSquaresTests.AssertClose(Number(c, "ci_low"), mine.ConfidenceLow, tolerance);
                OrdinaryLeastSquaresTests.AssertClose(Number(c, "ci_high"), mine.ConfidenceHigh, tolerance);
            }
        }
    }

    /// <summary>Maps Stata's <c>_cons</c> to this library's intercept name.</summary>
    internal static string StataNames(string name) => name == "_cons" ? RegressionResult.InterceptName : name;
}
