namespace ModelDsl.DuckDb;

/// <summary>A comparison in a filter pushed down into SQL (<see cref="DuckDbSource.Where(string, DuckDbComparison, double)"/>).</summary>
public enum DuckDbComparison
{
    /// <summary><c>column = value</c>.</summary>
    Equal,

    /// <summary><c>column &lt;&gt; value</c>.</summary>
    NotEqual,

    /// <summary><c>column &lt; value</c>.</summary>
    Less,

    /// <summary><c>column &lt;= value</c>.</summary>
    LessOrEqual,

    /// <summary><c>column &gt; value</c>.</summary>
    Greater,

    /// <summary><c>column &gt;= value</c>.</summary>
    GreaterOrEqual,
}
