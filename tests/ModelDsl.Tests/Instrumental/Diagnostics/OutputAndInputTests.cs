using System.Text.Json;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>The result's JSON and text, and the errors bad input gets.</summary>
public sealed class OutputAndInputTests
{
    [Fact]
    public void JsonCarriesEveryTestWithSnakeCaseKeysAndReasons()
    {
        var input = Simulated.Data(300, 300, 1, 1, 0.02) with { EndogenousNames = ["dig"], InstrumentNames = ["slope"] };
        var result = InstrumentDiagnostics.Compute(input);

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal(300, root.GetProperty("observations").GetInt32());
        Assert.Equal("unadjusted", root.GetProperty("vcov").GetString());
        Assert.Equal("dig", root.GetProperty("first_stages")[0].GetProperty("endogenous").GetString());
        Assert.Equal("slope", root.GetProperty("first_stages")[0].GetProperty("coefficients")[0].GetProperty("instrument").GetString());
        Assert.Equal(result.FirstStages[0].F.Statistic, root.GetProperty("first_stages")[0].GetProperty("f").GetProperty("statistic").GetDouble());
        Assert.Equal(result.CraggDonaldF.Statistic, root.GetProperty("weak_identification").GetProperty("cragg_donald_f").GetProperty("statistic").GetDouble());
        Assert.Equal(16.38, root.GetProperty("weak_identification").GetProperty("stock_yogo").GetProperty("iv_size_10").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("weak_identification").GetProperty("stock_yogo").GetProperty("iv_relative_bias_10").ValueKind);

        // Exactly identified: the overidentification test says why, with a null statistic (never a silent NaN).
        var overid = root.GetProperty("overidentification");
        Assert.Equal(JsonValueKind.Null, overid.GetProperty("statistic").ValueKind);
        Assert.Contains("exactly identified", overid.GetProperty("not_applicable").GetString(), StringComparison.Ordinal);

        // A weak instrument: the AR set is unbounded and its infinite ends are written as strings.
        var set = root.GetProperty("anderson_rubin").GetProperty("confidence_set");
        Assert.Contains(set.GetProperty("shape").GetString(), new[] { "two_rays", "whole_line" });
        Assert.Equal("-inf", set.GetProperty("intervals")[0][0].GetString());
        Assert.Equal(["dig"], root.GetProperty("endogeneity").GetProperty("tested").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void TextNamesTheTestsAsIvreg2Does()
    {
        var result = InstrumentDiagnostics.Compute(Simulated.Data(301, 400, 1, 3, 0.5, heteroskedastic: true));

        var text = result.ToString();
        Assert.Contains("Kleibergen-Paap rk LM statistic: chi2(3) = ", text, StringComparison.Ordinal);
        Assert.Contains("Cragg-Donald Wald F statistic: ", text, StringComparison.Ordinal);
        Assert.Contains("Kleibergen-Paap rk Wald F statistic: ", text, StringComparison.Ordinal);
        Assert.Contains("Hansen J statistic: chi2(2) = ", text, StringComparison.Ordinal);
        Assert.Contains("95% Anderson-Rubin set: [", text, StringComparison.Ordinal);
        Assert.Contains("Stock-Yogo critical values: 10% maximal IV size 22.30, 10% maximal IV relative bias 9.08", text, StringComparison.Ordinal);
        Assert.Equal("robust", result.Variance);
    }

    [Fact]
    public void FewClustersAreNoted()
    {
        var result = InstrumentDiagnostics.Compute(Simulated.Data(302, 300, 1, 2, 0.5, clusters: 12));

        var note = Assert.Single(result.Notes);
        Assert.Equal(ModelDsl.Results.NoteKind.FewClusters, note.Kind);
        Assert.Equal(12, result.Clusters);
        Assert.Equal(11, result.FirstStages[0].F.DenominatorDegreesOfFreedom);
    }

    [Fact]
    public void StockYogoTablesExistOnlyWhereTheyArePublished()
    {
        Assert.Equal(13.91, StockYogoCriticalValues.For(1, 3).RelativeBias5);
        Assert.Null(StockYogoCriticalValues.For(1, 2).RelativeBias5);
        Assert.Equal(7.03, StockYogoCriticalValues.For(2, 2).Size10);
        Assert.Equal(3.63, StockYogoCriticalValues.For(2, 2).LimlSize25);
        Assert.Equal(4.17, StockYogoCriticalValues.For(3, 30).RelativeBias30);
        Assert.Null(StockYogoCriticalValues.For(3, 5).Size10);
        Assert.False(StockYogoCriticalValues.For(4, 10).HasAny);
        Assert.False(StockYogoCriticalValues.For(1, 31).HasAny);
    }

    public static TheoryData<string, Func<InstrumentDiagnosticsInput, InstrumentDiagnosticsInput>> BadInputs => new()
    {
        { "underidentified", i => i with { ExcludedInstruments = new double[300, 1], Endogenous = Two(i.Endogenous) } },
        { "rows and the outcome", i => i with { Outcome = i.Outcome.Take(299).ToArray() } },
        { "non-finite value (NaN) at element 3", i => i with { Outcome = i.Outcome.Select((v, r) => r == 3 ? double.NaN : v).ToArray() } },
        { "Weight 0 is -1", i => i with { Weights = i.Outcome.Select((_, r) => r == 0 ? -1.0 : 1.0).ToArray() } },
        { "instruments are collinear", i => i with { ExcludedInstruments = Duplicate(i.ExcludedInstruments) } },
        { "cluster codes for 300 rows", i => i with { Variance = InstrumentVariance.Cluster([1, 2, 3]) } },
        { "names for 2 columns", i => i with { InstrumentNames = ["a"] } },
        { "AndersonRubinNull has 2 values", i => i with { AndersonRubinNull = [0.0, 1.0] } },
        { "EndogeneityTested holds [1]", i => i with { EndogeneityTested = [1] } },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGetsAClearError(string message, Func<InstrumentDiagnosticsInput, InstrumentDiagnosticsInput> change)
    {
        var input = change(Simulated.Data(303, 300, 1, 2, 0.5));

        var error = Assert.Throws<ArgumentException>(() => InstrumentDiagnostics.Compute(input));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HacNeedsALag()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentVariance.Hac(0));
        Assert.Contains("at least one lag", error.Message, StringComparison.Ordinal);
    }

    private static double[,] Two(double[,] x)
    {
        var result = new double[x.GetLength(0), 2];
        for (var i = 0; i < x.GetLength(0); i++)
        {
            result[i, 0] = x[i, 0];
            result[i, 1] = Math.Sin(i);
        }

        return result;
    }

    private static double[,] Duplicate(double[,] z)
    {
        var result = (double[,])z.Clone();
        for (var i = 0; i < z.GetLength(0); i++)
        {
            result[i, 1] = 2 * z[i, 0];
        }

        return result;
    }
}
