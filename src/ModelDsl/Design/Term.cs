using System.Globalization;

namespace ModelDsl;

/// <summary>
/// One variable of a model: a data column or a transform of other terms (log, lag, lead, difference,
/// interaction). Terms are immutable values; equal terms have equal <see cref="Name"/>s.
/// </summary>
/// <remarks>
/// A string converts implicitly to a <see cref="ColumnTerm"/>, so <c>Model.Regress("inno").On("cbec")</c>
/// and <c>Model.Regress(Term.Column("inno")).On(Term.Column("cbec"))</c> are the same model.
/// Display names follow Stata's time-series operators: <c>log(gsp)</c>, <c>L1.log(gsp)</c>,
/// <c>F2.x</c>, <c>D1.x</c>, <c>a:b</c>.
/// </remarks>
public abstract record Term
{
    private protected Term()
    {
    }

    /// <summary>The display name used in results and tables (<c>log(gsp)</c>, <c>L1.log(gsp)</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The data columns this term reads, in order of first appearance.</summary>
    public abstract IEnumerable<ColumnTerm> Columns { get; }

    /// <summary>True when the term needs the panel's unit and time columns (a lag, lead or difference).</summary>
    public abstract bool NeedsPanel { get; }

    /// <summary>A term for the data column named <paramref name="name"/>.</summary>
    public static ColumnTerm Column(string name) => new(name);

    /// <summary>The natural logarithm of <paramref name="term"/>; non-positive values become missing (with a note).</summary>
    public static Term Log(Term term) => new LogTerm(term);

    /// <summary>The value of <paramref name="term"/> <paramref name="periods"/> periods earlier in the same unit (missing across gaps).</summary>
    public static Term Lag(Term term, int periods = 1) => new LagTerm(term, periods);

    /// <summary>The value of <paramref name="term"/> <paramref name="periods"/> periods later in the same unit (missing across gaps).</summary>
    public static Term Lead(Term term, int periods = 1) => new LeadTerm(term, periods);

    /// <summary>The change of <paramref name="term"/> over <paramref name="periods"/> periods within a unit: x(t) − x(t − periods).</summary>
    public static Term Difference(Term term, int periods = 1) => new DifferenceTerm(term, periods);

    /// <summary>The product of two terms (<c>a:b</c>).</summary>
    public static Term Interaction(Term left, Term right) => new InteractionTerm(left, right);

    /// <summary>A term for the data column named <paramref name="name"/>.</summary>
    public static implicit operator Term(string name) => new ColumnTerm(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A data column, found by name or, on the typed path, by its position in the data set.</summary>
/// <param name="ColumnName">The column name as written in the source header.</param>
/// <param name="Ordinal">The column's position in the data set, set by the typed path so that columns are found by position; <see langword="null"/> on the string-keyed path.</param>
public sealed record ColumnTerm(string ColumnName, int? Ordinal = null) : Term
{
    /// <summary>The column name as written in the source header.</summary>
    public string ColumnName { get; } = ValidateName(ColumnName);

    /// <inheritdoc />
    public override string Name => ColumnName;

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => [this];

    /// <inheritdoc />
    public override bool NeedsPanel => false;

    /// <summary>A term for the data column named <paramref name="name"/>.</summary>
    public static implicit operator ColumnTerm(string name) => new(name);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}

/// <summary>The natural logarithm of a term.</summary>
/// <param name="Inner">The term whose logarithm is taken.</param>
public sealed record LogTerm(Term Inner) : Term
{
    /// <summary>The term whose logarithm is taken.</summary>
    public Term Inner { get; } = Inner ?? throw new ArgumentNullException(nameof(Inner));

    /// <inheritdoc />
    public override string Name => $"log({Inner.Name})";

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => Inner.Columns;

    /// <inheritdoc />
    public override bool NeedsPanel => Inner.NeedsPanel;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A term shifted back in time within each unit.</summary>
/// <param name="Inner">The term that is lagged.</param>
/// <param name="Periods">How many periods back (at least 1).</param>
public sealed record LagTerm(Term Inner, int Periods) : Term
{
    /// <summary>The term that is lagged.</summary>
    public Term Inner { get; } = Inner ?? throw new ArgumentNullException(nameof(Inner));

    /// <summary>How many periods back.</summary>
    public int Periods { get; } = ShiftValidation.Positive(Periods, "lag");

    /// <inheritdoc />
    public override string Name => $"L{Periods.ToString(CultureInfo.InvariantCulture)}.{Inner.Name}";

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => Inner.Columns;

    /// <inheritdoc />
    public override bool NeedsPanel => true;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A term shifted forward in time within each unit.</summary>
/// <param name="Inner">The term that is led.</param>
/// <param name="Periods">How many periods forward (at least 1).</param>
public sealed record LeadTerm(Term Inner, int Periods) : Term
{
    /// <summary>The term that is led.</summary>
    public Term Inner { get; } = Inner ?? throw new ArgumentNullException(nameof(Inner));

    /// <summary>How many periods forward.</summary>
    public int Periods { get; } = ShiftValidation.Positive(Periods, "lead");

    /// <inheritdoc />
    public override string Name => $"F{Periods.ToString(CultureInfo.InvariantCulture)}.{Inner.Name}";

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => Inner.Columns;

    /// <inheritdoc />
    public override bool NeedsPanel => true;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The within-unit change of a term: x(t) − x(t − periods).</summary>
/// <param name="Inner">The term that is differenced.</param>
/// <param name="Periods">The differencing distance (at least 1).</param>
public sealed record DifferenceTerm(Term Inner, int Periods = 1) : Term
{
    /// <summary>The term that is differenced.</summary>
    public Term Inner { get; } = Inner ?? throw new ArgumentNullException(nameof(Inner));

    /// <summary>The differencing distance.</summary>
    public int Periods { get; } = ShiftValidation.Positive(Periods, "difference");

    /// <inheritdoc />
    public override string Name => $"D{Periods.ToString(CultureInfo.InvariantCulture)}.{Inner.Name}";

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => Inner.Columns;

    /// <inheritdoc />
    public override bool NeedsPanel => true;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The product of two terms.</summary>
/// <param name="Left">The first factor.</param>
/// <param name="Right">The second factor.</param>
public sealed record InteractionTerm(Term Left, Term Right) : Term
{
    /// <summary>The first factor.</summary>
    public Term Left { get; } = Left ?? throw new ArgumentNullException(nameof(Left));

    /// <summary>The second factor.</summary>
    public Term Right { get; } = Right ?? throw new ArgumentNullException(nameof(Right));

    /// <inheritdoc />
    public override string Name => $"{Left.Name}:{Right.Name}";

    /// <inheritdoc />
    public override IEnumerable<ColumnTerm> Columns => Left.Columns.Concat(Right.Columns).Distinct();

    /// <inheritdoc />
    public override bool NeedsPanel => Left.NeedsPanel || Right.NeedsPanel;

    /// <inheritdoc />
    public override string ToString() => Name;
}

internal static class ShiftValidation
{
    internal static int Positive(int periods, string what)
        => periods >= 1
            ? periods
            : throw new ArgumentOutOfRangeException(nameof(periods), periods, $"A {what} needs at least 1 period but got {periods}; use a positive number of periods.");
}
