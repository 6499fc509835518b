using System.Globalization;

using DuckDB.NET.Data;

using ModelDsl.DuckDb;

namespace ModelDsl.Tests.Linear;

/// <summary>
/// The streaming fit on the 10M-row benchmark panel (100,000 units × 100 periods, written by DuckDB from
/// reference/stream-10m-plm/data.sql) against R's plm on the same rows: two-way within estimates, the residual sum of
/// squares and the unit-clustered standard errors (plm's HC0 times our documented small-sample factor).
/// </summary>
public sealed class StreamingPlmReferenceTests : IDisposable
{
    private const int Rows = 10_000_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-stream-plm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TenMillionRowPanelMatchesPlm()
    {
        var reference = Path.Combine(AppContext.BaseDirectory, "reference", "stream-10m-plm");
        var path = Path.Combine(_folder, "panel.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            var select = File.ReadAllText(Path.Combine(reference, "data.sql")).Replace("{rows}", Rows.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var query = string.Join('\n', select.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal)));
            command.CommandText = $"COPY ({query}) TO {DuckDbSql.Literal(path)} (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var expected = File.ReadAllLines(Path.Combine(reference, "expected.txt"));
        var header = expected[0].Split(' ').Select(part => part.Split('=')).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
        using var source = DuckDbBatchSource.Parquet([path]);
        var fit = Model.Regress("y").On("x1", "x2").Fe("unit", "time").Cluster("unit").FitStreaming(source);
        Assert.Equal((long)header["N"], fit.Observations);
        Assert.Equal((int)header["G"], fit.ClusterCount);

        // Ours is plm's HC0 times G/(G − 1)·(N − 1)/(N − K), K = 2 slopes + constant + (T − 1) time effects.
        var n = header["N"];
        var g = header["G"];
        var k = 3 + header["T"] - 1;
        var factor = Math.Sqrt(g / (g - 1) * (n - 1) / (n - k));
        foreach (var line in expected.Where(l => l.StartsWith("coef ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            var estimate = double.Parse(parts[2], CultureInfo.InvariantCulture);
            var standardError = double.Parse(parts[4], CultureInfo.InvariantCulture) * factor;
            var actual = fit[parts[1]];
            Assert.True(Math.Abs(actual.Estimate - estimate) <= 1e-10 * Math.Abs(estimate), $"{parts[1]}: {actual.Estimate:R} against plm's {estimate:R}");
            Assert.True(Math.Abs(actual.StandardError - standardError) <= 1e-8 * standardError, $"{parts[1]} SE: {actual.StandardError:R} against plm's {standardError:R}");
        }

        var rss = double.Parse(expected.Single(l => l.StartsWith("rss ", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(fit.ResidualSumOfSquares - rss) <= 1e-10 * rss, $"RSS {fit.ResidualSumOfSquares:R} against plm's {rss:R}");
    }
}
