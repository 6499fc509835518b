using DuckDB.NET.Native;

namespace ModelDsl.DuckDb;

/// <summary>
/// A query's result as DuckDB's data chunks through the C API: prepared, run as a streaming result and fetched chunk
/// by chunk (flat vectors of up to 2,048 rows), the result and statement released at the end however the reading ends.
/// The one place both <see cref="DuckDbSource"/> and <see cref="DuckDbBatchSource"/> talk to DuckDB's result API.
/// </summary>
internal static class DuckDbChunks
{
    /// <summary>
    /// The chunks of <paramref name="sql"/> and their row counts; a chunk is valid until the next one is requested.
    /// Errors are <see cref="InvalidOperationException"/>s that name <paramref name="what"/> and give the SQL.
    /// </summary>
    /// <param name="connection">An open native connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="what">What the query reads, for messages ("the query of DuckDB table "t"").</param>
    internal static IEnumerable<(DuckDBDataChunk Chunk, int Rows)> Read(DuckDBNativeConnection connection, string sql, string what)
    {
        if (NativeMethods.PreparedStatements.DuckDBPrepare(connection, sql, out var statement) != DuckDBState.Success)
        {
            var message = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
            statement.Dispose();
            throw new InvalidOperationException($"DuckDB could not prepare {what}: {message} The SQL was: {sql}");
        }

        var result = default(DuckDBResult);
        try
        {
            if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(statement, out result) != DuckDBState.Success)
            {
                throw new InvalidOperationException($"DuckDB could not run {what}: {NativeMethods.Query.DuckDBResultError(ref result)} The SQL was: {sql}");
            }

            while (true)
            {
                using var chunk = NativeMethods.Query.DuckDBFetchChunk(result);
                var size = chunk.IsInvalid ? 0 : (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                if (size == 0)
                {
                    if (NativeMethods.Query.DuckDBResultError(ref result) is { Length: > 0 } error)
                    {
                        throw new InvalidOperationException($"DuckDB failed while running {what}: {error} The SQL was: {sql}");
                    }

                    yield break;
                }

                yield return (chunk, size);
            }
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            statement.Dispose();
        }
    }
}
