using System.Globalization;

namespace ModelDsl.DuckDb;

/// <summary>
/// The one place where SQL text is made from names and values: every identifier, string, number and path that
/// <see cref="DuckDbSource"/> puts into a query goes through these methods, which quote and escape it (or refuse it).
/// </summary>
/// <remarks>
/// <para>
/// Column names, table names, labels in a filter and file paths are data (they may come from a file's header or a
/// user's input), never SQL: an identifier is always double-quoted with inner double quotes doubled
/// (<c>a"b</c> → <c>"a""b"</c>), a string always single-quoted with inner single quotes doubled
/// (<c>O'Brien</c> → <c>'O''Brien'</c>), following the SQL standard as DuckDB implements it (a backslash is an
/// ordinary character in such literals). A NUL character, which would end the text early on the native side, and
/// an empty identifier are refused. Numbers are written in invariant culture with round-trip precision; NaN and
/// infinities are refused (they are not SQL literals).
/// </para>
/// <para>
/// The SQL of <see cref="DuckDbSource.Query(string, string)"/> is code the caller wrote, not data: it is wrapped as a
/// subquery, never escaped; do not build it from untrusted text (use <see cref="DuckDbSource.Where(string, DuckDbComparison, double)"/>
/// and the other filters for values).
/// </para>
/// </remarks>
public static class DuckDbSql
{
    /// <summary>A quoted identifier (column, table or schema name).</summary>
    /// <param name="name">The name as it is, e.g. <c>gdp per capita</c> or <c>a"b</c>.</param>
    /// <returns>The name between double quotes, inner double quotes doubled.</returns>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL character.</exception>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("An SQL identifier (column or table name) cannot be empty.", nameof(name));
        }

        RefuseNul(name, nameof(name));
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A string literal.</summary>
    /// <param name="text">The text as it is, e.g. <c>O'Brien</c>.</param>
    /// <returns>The text between single quotes, inner single quotes doubled.</returns>
    /// <exception cref="ArgumentException">The text contains a NUL character.</exception>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        RefuseNul(text, nameof(text));
        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A numeric literal, as a DOUBLE.</summary>
    /// <param name="value">A finite number.</param>
    /// <returns>The number in invariant culture, round-trip precision, cast to DOUBLE (so <c>1e400</c>-like text never appears).</returns>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public static string Literal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value} is not a finite number; an SQL filter needs one (filter missing values with WhereNotNull).", nameof(value));
        }

        return "CAST(" + value.ToString("R", CultureInfo.InvariantCulture) + " AS DOUBLE)";
    }

    /// <summary>An integer literal, as a BIGINT.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer in invariant culture.</returns>
    public static string Literal(long value) => "CAST(" + value.ToString(CultureInfo.InvariantCulture) + " AS BIGINT)";

    private static void RefuseNul(string text, string parameter)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("SQL text cannot contain a NUL character (U+0000); it would end the text early on the native side.", parameter);
        }
    }
}
