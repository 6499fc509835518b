using CsCheck;

using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Results;
using ModelDsl.Streaming;

using Parquet;
using Parquet.Schema;

using Xunit;

namespace ModelDsl.Tests.Linear;

/// <summary>
/// The streaming fixed-effects fit against the in-memory fit (LinearModelEstimator, demeaning to 1e-14) on the same
/// rows, and its partitioned merge: any split of the rows, any number of workers, the same bits.
/// </summary>
public sealed class StreamingRegressionTests
{
    private const double Tolerance = 1e-10;

    // An unbalanced panel of 300 firms over 12 years with two regressors, a state (firms nested in states), an industry
    // that changes within firms, some missing values and a few single-row firms.
    internal static PanelData Panel(int firms = 300, int seed = 7)
    {
        var random = new Random(seed);
        var firm = new List<double>();
        var year = new List<double>();
        var state = new List<double>();
        var industry = new List<double>();
        var x1 = new List<double>();
        var x2 = new List<double>();
        var y = new List<double>();
        var firmEffect = Enumerable.Range(0, firms).Select(_ => random.NextDouble() * 4).ToArray();
        var yearEffect = Enumerable.Range(0, 12).Select(_ => random.NextDouble()).ToArray();
        var industryEffect = Enumerable.Range(0, 9).Select(_ => random.NextDouble() * 2).ToArray();
        for (var f = 0; f < firms; f++)
        {
            for (var t = 0; t < 12; t++)
            {
                if ((f % 50 == 3 && t > 0) || random.NextDouble() < 0.12)
                {
                    continue;
                }

                var ind = (f + (t > 6 && f % 5 == 0 ? 1 : 0)) % 9;
                var a = (random.NextDouble() * 3) + (firmEffect[f] * 0.5) + 10;
                var b = random.NextDouble() + yearEffect[t];
                firm.Add(f + 10_000);
                year.Add(2000 + t);
                state.Add(f / 20);
                industry.Add(ind);
                x1.Add(random.NextDouble() < 0.01 ? double.NaN : a);
                x2.Add(b);
                y.Add((0.7 * a) - (1.3 * b) + firmEffect[f] + yearEffect[t] + industryEffect[ind] + NextNormal(random));
            }
        }

        return new PanelData(
        [
            new NumericColumn("firm", [.. firm]),
            new NumericColumn("year", [.. year]),
            new NumericColumn("state", [.. state]),
            new NumericColumn("industry", [.. industry]),
            new NumericColumn("x1", [.. x1]),
            new NumericColumn("x2", [.. x2]),
            new NumericColumn("y", [.. y]),
        ]);
    }

    public static TheoryData<string, string> Models() => new()
    {
        { "firm,year", "cluster:firm" },
        { "firm,year", "cluster:state" },
        { "firm,year", "cluster:year" },
        { "firm,year", "hc1" },
        { "firm,year", "iid" },
        { "year,firm", "cluster:firm" },
        { "firm,year,industry", "cluster:firm" },
        { "firm,year,industry", "cluster:state" },
        { "firm,year,industry", "iid" },
        { "firm", "cluster:state" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void MatchesTheInMemoryFit(string fixedEffects, string variance)
    {
        var data = Panel();
        var specification = Specification(fixedEffects, variance);
        var memory = specification.Demeaning(1e-14, 100_000).Fit(data);
        var streaming = specification.FitStreaming(PanelPartitionSource.Even(data, 5, batchRows: 97), new StreamingOptions { Workers = 2 });

        AssertMatches(memory, streaming);
        foreach (var expected in memory.Coefficients)
        {
            AssertClose(expected.PValue, streaming[expected.Name].PValue, $"{expected.Name} p-value", 1e-8);
        }

        AssertClose(memory.RSquaredWithin, streaming.RSquaredWithin, "within R²");
        AssertClose(memory.RSquared, streaming.RSquared, "R²");
        Assert.Equal(memory.Notes.Where(n => n.Kind == NoteKind.Singletons).Select(n => n.Count), streaming.Notes.Where(n => n.Kind == NoteKind.Singletons).Select(n => n.Count));
        Assert.Equal(memory.Notes.Where(n => n.Kind == NoteKind.MissingValues).Sum(n => n.Count), streaming.Notes.Where(n => n.Kind == NoteKind.MissingValues).Sum(n => n.Count));
        Assert.Contains(streaming.Notes, n => n.Kind == NoteKind.Singletons);
    }

    [Fact]
    public void DidMatchesTheInMemoryFit()
    {
        var data = Panel();
        var cohort = data.Numeric("firm").Values.ToArray().Select(f => (int)f % 3 == 0 ? 0.0 : 2004 + ((int)f % 5)).ToArray();
        // The in-memory DID wants categorical unit and time; the streaming one compares the cohort with a numeric period.
        var columns = data.Columns.Select(c => c.Name is "firm" or "year" ? CategoricalColumn.FromNumbers(c.Name, data.Numeric(c.Name).Values) : c)
            .Append(new NumericColumn("cohort", cohort)).Append(new NumericColumn("period", data.Numeric("year").Values.ToArray()));
        var panel = new PanelData(columns, unit: "firm", time: "year");
        var did = Model.Did("y").Cohort("cohort").Controls("x2").Fe("firm", "year").Cluster("firm");
        var expected = (did with { Regression = did.Regression.Demeaning(1e-14, 100_000) }).Fit(panel).Effect;
        var actual = did.FitStreaming(PanelPartitionSource.Even(panel, 3), time: "period")[Treatment.DefaultName];
        AssertClose(expected.Estimate, actual.Estimate, "DID estimate");
        AssertClose(expected.StandardError, actual.StandardError, "DID standard error");
    }

    [Fact]
    public void EventStudyMatchesTheInMemoryFit()
    {
        var data = Panel();
        var cohort = data.Numeric("firm").Values.ToArray().Select(f => (int)f % 3 == 0 ? 0.0 : 2004 + ((int)f % 5)).ToArray();
        var columns = data.Columns.Select(c => c.Name is "firm" or "year" ? CategoricalColumn.FromNumbers(c.Name, data.Numeric(c.Name).Values) : c)
            .Append(new NumericColumn("cohort", cohort)).Append(new NumericColumn("period", data.Numeric("year").Values.ToArray()));
        var panel = new PanelData(columns, unit: "firm", time: "year");
        var study = Model.EventStudy("y").Cohort("cohort").Window(-3, 3).Fe("firm", "year").Cluster("firm");
        var expected = (study with { Regression = study.Regression.Demeaning(1e-14, 100_000) }).Fit(panel);
        var actual = study.FitStreaming(PanelPartitionSource.Even(panel, 4), time: "period");
        Assert.Equal(6, expected.EventTimes.Count);
        foreach (var row in expected.EventTimes)
        {
            var streamed = actual[EventStudySpecification.DummyName(row.EventTime)];
            AssertClose(row.Coefficient.Estimate, streamed.Estimate, $"event time {row.EventTime}");
            AssertClose(row.Coefficient.StandardError, streamed.StandardError, $"event time {row.EventTime} standard error");
        }
    }

    [Fact]
    public void AnySplitGivesTheSameBits()
    {
        var data = Panel(firms: 120, seed: 11);
        var specification = Model.Regress("y").On("x1", "x2").Fe("firm", "year", "industry").Cluster("state");
        var reference = specification.FitStreaming(new PanelPartitionSource(data), new StreamingOptions { Workers = 1 });
        var rows = data.RowCount;
        Gen.Select(Gen.Int[0, rows - 1].Array[0, 12], Gen.Int[1, 300], Gen.Int[1, 3]).Sample((points, batch, workers) =>
        {
            var splits = points.Where(p => p > 0).Distinct().Order().ToArray();
            var fit = specification.FitStreaming(new PanelPartitionSource(data, splits, batch), new StreamingOptions { Workers = workers });
            Assert.True(reference.Statistics!.SameBits(fit.Statistics!), $"splits [{string.Join(", ", splits)}], batches of {batch}, {workers} workers");
            Assert.Equal(reference.Coefficients, fit.Coefficients);
        }, iter: 40);
    }

    [Fact]
    public void ParquetRowGroupsGiveTheSameBits()
    {
        var data = Panel(firms: 150, seed: 3);
        var path = Path.Combine(Path.GetTempPath(), $"streaming-{Guid.NewGuid():N}.parquet");
        try
        {
            WriteParquet(data, path, rowGroup: 333);
            var specification = Model.Regress("y").On("x1", "x2").Fe("firm", "year").Cluster("firm");
            var source = new ParquetBatchSource(path);
            Assert.True(source.PartitionCount > 1);
            var fromParquet = specification.FitStreaming(source);
            var fromMemory = specification.FitStreaming(new PanelPartitionSource(data));
            Assert.True(fromMemory.Statistics!.SameBits(fromParquet.Statistics!));
            Assert.Equal(fromMemory.Coefficients, fromParquet.Coefficients);
            var memory = specification.Demeaning(1e-14, 100_000).Fit(data);
            AssertClose(memory["x1"].StandardError, fromParquet["x1"].StandardError, "x1 standard error");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesWhatItDoesNotCompute()
    {
        var source = new PanelPartitionSource(Panel(firms: 40));
        Assert.Contains("derived term", Assert.Throws<NotSupportedException>(() => Model.Regress("y").On(Term.Log("x1")).Fe("firm").FitStreaming(source)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one fixed effect", Assert.Throws<NotSupportedException>(() => Model.Regress("y").On("x1").FitStreaming(source)).Message, StringComparison.Ordinal);
        Assert.Contains("one-way cluster", Assert.Throws<NotSupportedException>(() => Model.Regress("y").On("x1").Fe("firm").Cluster("firm", "year").FitStreaming(source)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPointSumsDoNotDependOnOrder()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 10_000).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-60, 10))).ToArray();
        var scale = FixedPointSum.Scale(values.Max(Math.Abs));
        Int128 forward = 0;
        foreach (var v in values)
        {
            forward += FixedPointSum.ToFixed(v, scale);
        }

        Int128 backward = 0;
        for (var i = values.Length - 1; i >= 0; i--)
        {
            backward += FixedPointSum.ToFixed(values[i], scale);
        }

        Assert.Equal(forward, backward);

        // The fast conversion is the 128-bit rounding (ties to even) of x·2^s, term by term, near every scale and
        // beyond the fast range (scale + 40 puts terms past 2^89, 1100 past a double's exponents).
        foreach (var v in values.Take(500).Append(0.5).Append(1.5).Append(-2.5).Append(0.0))
        {
            foreach (var shift in new[] { scale, scale - 30, scale + 40, 40, -5, -1030 })
            {
                Assert.Equal((Int128)Math.Round(Math.ScaleB(v, shift), MidpointRounding.ToEven), FixedPointSum.ToFixed(v, shift));
            }

            // A grid finer than 2^−1023 (a column of tiny values): 2^s is not a double, the general conversion is used.
            var tiny = Math.ScaleB(v, -1000);
            Assert.Equal((Int128)Math.Round(Math.ScaleB(tiny, 1050), MidpointRounding.ToEven), FixedPointSum.ToFixed(tiny, 1050));
        }

        // The block sums (four lanes at a time, 64-bit parts folded every 2^16 terms) and the sums per level give the
        // integers of the term-by-term sum, whatever the lengths, including terms beyond the fast range.
        var wide = values.Concat(values.Take(7).Select(v => v * Math.Pow(2, 45))).Concat(values).Concat(values).Concat(values).Concat(values).Concat(values).Concat(values).Concat(values).ToArray();
        foreach (var length in new[] { 0, 1, 3, 4, 5, 4099, wide.Length })
        {
            var slice = wide.AsSpan(0, length);
            Int128 single = 0;
            Int128 products = 0;
            foreach (var v in slice)
            {
                single += FixedPointSum.ToFixed(v, scale);
                products += FixedPointSum.ToFixed(v * values[0], scale);
            }

            Assert.Equal(single, FixedPointSum.Sum(slice, scale));
            Assert.Equal(products, FixedPointSum.SumProducts(slice, Enumerable.Repeat(values[0], length).ToArray(), scale));
            var codes = Enumerable.Range(0, length).Select(i => i % 5 == 4 ? -1 : (i / 300) % 3).ToArray();
            var levels = new Int128[3 * 2];
            FixedPointSum.AddByCode(codes, slice, scale, levels, 0, 2, 1);
            for (var level = 0; level < 3; level++)
            {
                Int128 perLevel = 0;
                for (var i = 0; i < length; i++)
                {
                    perLevel += codes[i] == level ? FixedPointSum.ToFixed(slice[i], scale) : 0;
                }

                Assert.Equal(perLevel, levels[(level * 2) + 1]);
                Assert.Equal(0, levels[level * 2]);
            }
        }

        // Against the exact sum: every term is an integer times 2^−250, so the sum is one BigInteger (rounded once).
        var exact = values.Aggregate(System.Numerics.BigInteger.Zero, (s, v) => s + new System.Numerics.BigInteger(Math.ScaleB(v, 250)));
        var expected = Math.ScaleB((double)exact, -250);
        var actual = FixedPointSum.ToDouble(forward, scale);
        Assert.True(Math.Abs(expected - actual) <= 2 * (Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected)), $"exact {expected:R}, fixed point {actual:R}");
    }

    private static RegressionSpecification Specification(string fixedEffects, string variance)
    {
        var specification = Model.Regress("y").On("x1", "x2").Fe(fixedEffects.Split(','));
        return variance switch
        {
            "hc1" => specification.Vcov(Vcov.HC1),
            "iid" => specification.Vcov(Vcov.Iid),
            _ => specification.Cluster(variance["cluster:".Length..]),
        };
    }

    /// <summary>The same observations and coefficient names, estimates and standard errors within 1e-10 (relative) of the in-memory fit.</summary>
    internal static void AssertMatches(RegressionResult memory, StreamingRegressionResult streaming)
    {
        Assert.Equal(memory.Observations, streaming.Observations);
        Assert.Equal(memory.Coefficients.Select(c => c.Name), streaming.Coefficients.Select(c => c.Name));
        foreach (var expected in memory.Coefficients)
        {
            var actual = streaming[expected.Name];
            AssertClose(expected.Estimate, actual.Estimate, $"{expected.Name} estimate");
            AssertClose(expected.StandardError, actual.StandardError, $"{expected.Name} standard error");
        }
    }

    private static void AssertClose(double expected, double actual, string what, double tolerance = Tolerance)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: in memory {expected:R}, streaming {actual:R} (relative {Math.Abs(expected - actual) / scale:G3})");
    }

    private static double NextNormal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static void WriteParquet(PanelData data, string path, int rowGroup)
    {
        var keys = new[] { "firm", "year", "state", "industry" };
        var fields = data.Columns.Select(c => keys.Contains(c.Name) ? (DataField)new DataField<long>(c.Name) : new DataField<double?>(c.Name)).ToArray();
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        try
        {
            for (var first = 0; first < data.RowCount; first += rowGroup)
            {
                var count = Math.Min(rowGroup, data.RowCount - first);
                using var group = writer.CreateRowGroup();
                foreach (var field in fields)
                {
                    var values = data.Numeric(field.Name).Values.Slice(first, count).ToArray();
                    if (keys.Contains(field.Name))
                    {
                        group.WriteAsync<long>(field, values.Select(v => (long)v).ToArray().AsMemory()).GetAwaiter().GetResult();
                    }
                    else
                    {
                        group.WriteAsync<double>(field, values.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray().AsMemory()).GetAwaiter().GetResult();
                    }
                }
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
