namespace ModelDsl.Results;

/// <summary>What a <see cref="Note"/> is about; lets callers filter notes without parsing messages.</summary>
public enum NoteKind
{
    /// <summary>Rows dropped because a variable in the model was missing.</summary>
    MissingValues,

    /// <summary>Observations dropped because they were alone in a fixed-effect level.</summary>
    Singletons,

    /// <summary>A regressor dropped because it is collinear with other regressors.</summary>
    Collinear,

    /// <summary>A regressor dropped because the fixed effects absorb it.</summary>
    Absorbed,

    /// <summary>Rows removed by a sample restriction (excluded units, a predicate, a group).</summary>
    SampleRestriction,

    /// <summary>Rows lost to lags, leads or differences at the start or end of a unit's series or at gaps.</summary>
    LostToLags,

    /// <summary>Cells read as missing (a missing-value token, or a bad value counted as missing by option).</summary>
    CellsReadAsMissing,

    /// <summary>Something about the data's structure (balance, gaps).</summary>
    Structure,

    /// <summary>Something about an iterative algorithm (tolerance, iterations).</summary>
    Convergence,

    /// <summary>Anything else worth telling the user.</summary>
    Information,

    /// <summary>
    /// A cluster-robust result with fewer clusters than the rule of thumb (42) in some dimension: its tests over-reject;
    /// <see cref="Note.Count"/> is the smallest number of clusters.
    /// </summary>
    FewClusters,
}

/// <summary>A typed remark attached to data or a result: nothing is dropped or changed silently.</summary>
/// <param name="Kind">What the note is about.</param>
/// <param name="Message">A sentence for people, naming the variables and counts involved.</param>
/// <param name="Count">The number of rows, cells or terms involved, when there is one.</param>
public sealed record Note(NoteKind Kind, string Message, int? Count = null)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
