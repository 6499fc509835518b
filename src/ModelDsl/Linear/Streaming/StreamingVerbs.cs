using ModelDsl.Streaming;

namespace ModelDsl;

/// <summary>The streaming verb of a regression: <c>Model.Regress(y).On(x).Fe(a, b).Cluster(a).FitStreaming(source)</c>.</summary>
public static class StreamingVerbs
{
    /// <summary>
    /// Fits the fixed-effects regression over <paramref name="source"/> in a bounded number of passes (four, plus one per
    /// round of singleton removal), with memory bounded by the fixed-effect levels, its partitions in parallel; the
    /// numbers are the in-memory <c>Fit</c>'s on the same rows.
    /// </summary>
    /// <param name="specification">A least-squares model with at least one fixed effect, plain columns, and an iid, HC1 or one-way cluster variance.</param>
    /// <param name="source">Where the rows are read (a Parquet file's row groups, a partitioned in-memory panel).</param>
    /// <param name="options">Workers; null for the defaults.</param>
    /// <remarks>See docs/scale.md for the passes, the exact merge and the memory bound.</remarks>
    public static StreamingRegressionResult FitStreaming(this RegressionSpecification specification, IColumnBatchSource source, StreamingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(source);
        return StreamingEstimator.Fit(specification, source, options ?? new StreamingOptions());
    }
}
