namespace ModelDsl.Data;

/// <summary>A panel in which some unit appears more than once in the same period.</summary>
public sealed class DuplicatePanelKeyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, naming the first duplicate pairs with their rows (and lines).</param>
    /// <param name="duplicateCount">The number of rows that repeat an earlier (unit, time) pair.</param>
    /// <param name="examples">The first duplicate pairs as (unit label, time label, rows).</param>
    public DuplicatePanelKeyException(string message, int duplicateCount, IReadOnlyList<DuplicatePanelKey> examples)
        : base(message)
    {
        DuplicateCount = duplicateCount;
        Examples = examples;
    }

    /// <summary>The number of rows that repeat an earlier (unit, time) pair.</summary>
    public int DuplicateCount { get; }

    /// <summary>The first duplicate pairs found, in order of unit and time.</summary>
    public IReadOnlyList<DuplicatePanelKey> Examples { get; }
}

/// <summary>One (unit, time) pair that occurs in more than one row.</summary>
/// <param name="Unit">The unit label.</param>
/// <param name="Time">The time label.</param>
/// <param name="Rows">The 0-based rows holding the pair.</param>
/// <param name="Lines">The 1-based file lines of those rows, when the data came from a file.</param>
public sealed record DuplicatePanelKey(string Unit, string Time, IReadOnlyList<int> Rows, IReadOnlyList<int>? Lines);
