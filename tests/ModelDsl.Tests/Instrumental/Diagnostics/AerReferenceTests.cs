using System.Text.Json;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>
/// R's <c>AER::summary(ivreg(...), diagnostics = TRUE)</c> on Stock and Watson's 1995 cigarette demand
/// (reference/iv-diagnostics): the weak-instrument F, Wu–Hausman and Sargan tests.
/// </summary>
public sealed class AerReferenceTests
{
    private const double Tolerance = 1e-10;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void WeakInstrumentWuHausmanAndSarganMatchAer(int model)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "iv-diagnostics", "expected.json")));
        var expected = document.RootElement.GetProperty("models")[model];
        var instruments = expected.GetProperty("excluded").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var data = DiagnosticsFixture.Load("iv-diagnostics", "data.csv");

        var result = InstrumentDiagnostics.Compute(data.Input("lpacks", ["lrprice"], ["1", "lrincome"], instruments));

        var weak = expected.GetProperty("weak_instruments");
        var stage = result.FirstStages[0];
        DiagnosticsFixture.Close(weak.GetProperty("statistic").GetDouble(), stage.FUnadjusted.Statistic, Tolerance, "weak-instrument F");
        DiagnosticsFixture.Close(weak.GetProperty("p").GetDouble(), stage.FUnadjusted.PValue, 1e-8, "weak-instrument p");
        Assert.Equal(weak.GetProperty("df1").GetInt32(), stage.FUnadjusted.DegreesOfFreedom);
        Assert.Equal(weak.GetProperty("df2").GetInt32(), stage.FUnadjusted.DenominatorDegreesOfFreedom);

        var wu = expected.GetProperty("wu_hausman");
        DiagnosticsFixture.Close(wu.GetProperty("statistic").GetDouble(), result.WuHausman.Statistic, Tolerance, "Wu-Hausman F");
        DiagnosticsFixture.Close(wu.GetProperty("p").GetDouble(), result.WuHausman.PValue, 1e-8, "Wu-Hausman p");
        Assert.Equal(wu.GetProperty("df2").GetInt32(), result.WuHausman.DenominatorDegreesOfFreedom);
        DiagnosticsFixture.Close(expected.GetProperty("durbin").GetDouble(), result.Durbin.Statistic, Tolerance, "Durbin chi2");

        var sargan = expected.GetProperty("sargan");
        if (sargan.ValueKind == JsonValueKind.Null)
        {
            Assert.False(result.Overidentification.IsApplicable);
            Assert.Contains("exactly identified", result.Overidentification.Reason, StringComparison.Ordinal);
            Assert.True(double.IsNaN(result.Overidentification.Statistic));
        }
        else
        {
            DiagnosticsFixture.Close(sargan.GetProperty("statistic").GetDouble(), result.Overidentification.Statistic, Tolerance, "Sargan");
            DiagnosticsFixture.Close(sargan.GetProperty("p").GetDouble(), result.Overidentification.PValue, 1e-8, "Sargan p");
            Assert.Equal(sargan.GetProperty("df1").GetInt32(), result.Overidentification.DegreesOfFreedom);
        }
    }
}
