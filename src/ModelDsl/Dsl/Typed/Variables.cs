using System.ComponentModel;

namespace ModelDsl;

/// <summary>
/// A numeric term of the data set <typeparamref name="TSchema"/>: a column, or a log, lag, lead or
/// difference of one. Terms of two data sets have different types, so they never mix in one model.
/// </summary>
/// <typeparam name="TSchema">The generated schema type the term belongs to.</typeparam>
public class NumericTerm<TSchema>
{
    private protected NumericTerm(Term term)
    {
        Term = term ?? throw new ArgumentNullException(nameof(term));
    }

    /// <summary>The string-keyed term this typed term stands for (column ordinals set).</summary>
    public Term Term { get; }

    /// <summary>The display name (<c>log(gdp)</c>, <c>L1.inno</c>).</summary>
    public string Name => Term.Name;

    /// <summary>
    /// The string-keyed term, so that a typed handle or term can be passed wherever the string-keyed path takes a
    /// <see cref="ModelDsl.Term"/> (<c>Model.Regress(Inno)</c>, <c>Term.Log(Gdp)</c>); the ordinals travel along.
    /// </summary>
    /// <param name="term">The typed term.</param>
    /// <returns>Its <see cref="Term"/>.</returns>
    public static implicit operator Term(NumericTerm<TSchema> term) => NotNull(term).Term;

    /// <summary>The natural logarithm of <paramref name="term"/>.</summary>
    /// <param name="term">A numeric column or term.</param>
    /// <returns>The term <c>log(term)</c>.</returns>
    public static NumericTerm<TSchema> Log(NumericTerm<TSchema> term) => new(ModelDsl.Term.Log(NotNull(term).Term));

    /// <summary>The value <paramref name="periods"/> periods earlier within the same unit.</summary>
    /// <param name="term">A numeric column or term.</param>
    /// <param name="periods">How many periods back; positive.</param>
    /// <returns>The term <c>L{periods}.term</c>.</returns>
    public static NumericTerm<TSchema> Lag(NumericTerm<TSchema> term, int periods = 1) => new(ModelDsl.Term.Lag(NotNull(term).Term, periods));

    /// <summary>The value <paramref name="periods"/> periods later within the same unit.</summary>
    /// <param name="term">A numeric column or term.</param>
    /// <param name="periods">How many periods ahead; positive.</param>
    /// <returns>The term <c>F{periods}.term</c>.</returns>
    public static NumericTerm<TSchema> Lead(NumericTerm<TSchema> term, int periods = 1) => new(ModelDsl.Term.Lead(NotNull(term).Term, periods));

    /// <summary>The change over <paramref name="periods"/> periods within the same unit.</summary>
    /// <param name="term">A numeric column or term.</param>
    /// <param name="periods">The span of the difference; positive.</param>
    /// <returns>The term <c>D{periods}.term</c>.</returns>
    public static NumericTerm<TSchema> Difference(NumericTerm<TSchema> term, int periods = 1) => new(ModelDsl.Term.Difference(NotNull(term).Term, periods));

    /// <summary>The product of two terms (an interaction, <c>a:b</c>).</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <returns>The term <c>left:right</c>.</returns>
    public static NumericTerm<TSchema> operator *(NumericTerm<TSchema> left, NumericTerm<TSchema> right) =>
        new(ModelDsl.Term.Interaction(NotNull(left).Term, NotNull(right).Term));

    /// <summary>The product of two terms (the named form of <c>*</c>).</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <returns>The term <c>left:right</c>.</returns>
    public static NumericTerm<TSchema> Multiply(NumericTerm<TSchema> left, NumericTerm<TSchema> right) => left * right;

    /// <inheritdoc />
    public override string ToString() => Name;

    private static NumericTerm<TSchema> NotNull(NumericTerm<TSchema> term) => term ?? throw new ArgumentNullException(nameof(term));
}

/// <summary>A numeric column of <typeparamref name="TSchema"/>; generated code creates one per numeric column.</summary>
/// <typeparam name="TSchema">The generated schema type the column belongs to.</typeparam>
public sealed class NumericVariable<TSchema> : NumericTerm<TSchema>
{
    /// <summary>Creates the handle of column <paramref name="name"/> at position <paramref name="ordinal"/>; called by generated code.</summary>
    /// <param name="name">The column name in the data.</param>
    /// <param name="ordinal">The column's position in the schema (and in a conforming data set).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public NumericVariable(string name, int ordinal)
        : base(new ColumnTerm(name, CheckOrdinal(ordinal)))
    {
        ColumnName = name;
        Ordinal = ordinal;
    }

    /// <summary>
    /// The column term with its ordinal set (<see cref="NumericTerm{TSchema}.Term"/> typed as a column), for the
    /// string-keyed verbs that take a column: <c>Model.EventStudy(y).Cohort(PilotYear.ColumnTerm)</c>.
    /// </summary>
    public ColumnTerm ColumnTerm => (ColumnTerm)Term;

    /// <summary>The column term, so that the handle can be passed wherever the string-keyed path takes a column (<c>.Cohort(PilotYear)</c>).</summary>
    /// <param name="variable">The numeric column handle.</param>
    /// <returns>Its <see cref="ModelDsl.ColumnTerm"/>.</returns>
    public static implicit operator ColumnTerm(NumericVariable<TSchema> variable) =>
        (variable ?? throw new ArgumentNullException(nameof(variable))).ColumnTerm;

    /// <summary>The column term as a <see cref="ModelDsl.Term"/> (declared here as well so that the conversion to <see cref="ModelDsl.Term"/> is not ambiguous).</summary>
    /// <param name="variable">The numeric column handle.</param>
    /// <returns>Its term.</returns>
    public static implicit operator Term(NumericVariable<TSchema> variable) =>
        (variable ?? throw new ArgumentNullException(nameof(variable))).Term;

    /// <summary>The column name in the data.</summary>
    public string ColumnName { get; }

    /// <summary>The column's position in the schema.</summary>
    public int Ordinal { get; }

    internal static int CheckOrdinal(int ordinal) =>
        ordinal >= 0 ? ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"A column ordinal is a position from 0 but got {ordinal}.");
}

/// <summary>
/// A categorical column of <typeparamref name="TSchema"/> (the unit, the time, a text column or one
/// declared categorical): the only kind <c>Fe</c> and <c>Cluster</c> accept.
/// </summary>
/// <typeparam name="TSchema">The generated schema type the column belongs to.</typeparam>
public sealed class CategoricalVariable<TSchema>
{
    /// <summary>Creates the handle of column <paramref name="name"/> at position <paramref name="ordinal"/>; called by generated code.</summary>
    /// <param name="name">The column name in the data.</param>
    /// <param name="ordinal">The column's position in the schema (and in a conforming data set).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public CategoricalVariable(string name, int ordinal)
    {
        Term = new ColumnTerm(name, NumericVariable<TSchema>.CheckOrdinal(ordinal));
        ColumnName = name;
        Ordinal = ordinal;
    }

    /// <summary>The column term with its ordinal set.</summary>
    public ColumnTerm Term { get; }

    /// <summary>The column term (the same as <see cref="Term"/>; named as on <see cref="NumericVariable{TSchema}"/>).</summary>
    public ColumnTerm ColumnTerm => Term;

    /// <summary>The column term, so that the handle can be passed wherever the string-keyed path takes a column (<c>.Fe(City)</c>).</summary>
    /// <param name="variable">The categorical column handle.</param>
    /// <returns>Its <see cref="ModelDsl.ColumnTerm"/>.</returns>
    public static implicit operator ColumnTerm(CategoricalVariable<TSchema> variable) =>
        (variable ?? throw new ArgumentNullException(nameof(variable))).Term;

    /// <summary>The column term as a <see cref="ModelDsl.Term"/> (a categorical column as a term of the string-keyed path).</summary>
    /// <param name="variable">The categorical column handle.</param>
    /// <returns>Its term.</returns>
    public static implicit operator Term(CategoricalVariable<TSchema> variable) =>
        (variable ?? throw new ArgumentNullException(nameof(variable))).Term;

    /// <summary>The column name in the data.</summary>
    public string ColumnName { get; }

    /// <summary>The column's position in the schema.</summary>
    public int Ordinal { get; }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
