using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Design;

/// <summary>
/// A numeric column of integer identifiers read as category levels, where a model needs a categorical column
/// (a fixed effect, a cluster variable, a factor, a group): the rule that fixest and Stata follow, so that
/// <c>Fe("firm")</c> on a column of firm numbers works without declaring it categorical when reading the data.
/// </summary>
/// <remarks>
/// <para>Each distinct integer value is one level, labelled canonically (<c>101</c>) and sorted by value, exactly as
/// the same column read as categorical; NaN is a missing level (the row is dropped and counted like a missing
/// category). A value that is not an integer, is infinite, or lies at or beyond ±2^53 is an error that names the first
/// such value and its row: beyond 2^53 a double no longer holds every integer, so distinct identifiers in the file may
/// already have been read as one number, and the column must be declared categorical to keep its text.</para>
/// <para>The typed path never gets here: its <c>Fe</c> and <c>Cluster</c> accept only categorical handles, a rule
/// the compiler enforces.</para>
/// </remarks>
internal static class IntegerLevels
{
    /// <summary>2^53: at and beyond it doubles no longer represent every integer.</summary>
    internal const double ExactIntegerLimit = 9007199254740992.0;

    /// <summary>
    /// <paramref name="column"/> as a categorical column, or <paramref name="column"/> itself when it is categorical.
    /// </summary>
    /// <param name="column">The column the term names.</param>
    /// <param name="name">The term's name, for messages.</param>
    /// <param name="role">What the model uses it for (<c>fixed effect</c>, <c>cluster variable</c>, …), for messages.</param>
    /// <exception cref="InvalidOperationException">When a numeric column holds a value that is not an exactly represented integer.</exception>
    /// <remarks>A caller that receives a converted numeric column adds <see cref="Note"/>.</remarks>
    internal static CategoricalColumn Resolve(Column column, string name, string role)
    {
        return column as CategoricalColumn ?? FromIntegers((NumericColumn)column, name, role);
    }

    /// <summary>The note that says a numeric column was read as integer levels, for each role it serves.</summary>
    internal static Note Note(string name, IReadOnlyList<string> roles, int levels)
        => new(
            NoteKind.Information,
            string.Create(CultureInfo.InvariantCulture, $"{name} is numeric; its integer values are used as {string.Join(" and ", roles.Select(LevelWord))} levels ({levels} levels)"));

    /// <summary>True when every value of <paramref name="column"/> is missing or an integer that can be a level.</summary>
    internal static bool HoldsIntegers(NumericColumn column) => column.RawValues.All(v => double.IsNaN(v) || IsLevel(v));

    // An integer that a double holds exactly together with its neighbours: |v| < 2^53.
    private static bool IsLevel(double value) => Math.Abs(value) < ExactIntegerLimit && Math.Floor(value) == value;

    private static string LevelWord(string role) => role switch
    {
        "fixed effect" => "fixed-effect",
        "cluster variable" => "cluster",
        "group variable" => "group",
        _ => role,
    };

    private static CategoricalColumn FromIntegers(NumericColumn column, string name, string role)
    {
        var values = column.RawValues;
        var codes = new int[values.Length];
        var index = new Dictionary<double, int>();
        var labels = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (double.IsNaN(value))
            {
                codes[i] = CategoricalColumn.MissingCode;
                continue;
            }

            if (!IsLevel(value))
            {
                throw new InvalidOperationException(Offending(name, role, value, i));
            }

            // −0 and 0 are one level (adding 0 turns −0 into +0); below 2^53 the value is an exact long, so the label
            // is its digits (1000000000000000, not the shortest round-trip 1E+15).
            value += 0.0;
            if (!index.TryGetValue(value, out var code))
            {
                code = labels.Count;
                index[value] = code;
                labels.Add(((long)value).ToString(CultureInfo.InvariantCulture));
            }

            codes[i] = code;
        }

        return CategoricalColumn.FromUnsortedCodes(name, codes, labels);
    }

    private static string Offending(string name, string role, double value, int row)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"row {row + 1} (0-based index {row})");
        var text = double.IsInfinity(value) ? (value > 0 ? "+Inf" : "-Inf") : value.ToString("R", CultureInfo.InvariantCulture);
        var why = double.IsFinite(value) && Math.Floor(value) == value
            ? "is at or beyond ±2^53, where a double no longer holds every integer (distinct identifiers may already have been read as one number)"
            : "is not an integer";
        return $"The {role} '{name}' is a numeric column and its value {text} in {where} {why}; a numeric {role} needs integer values (identifiers, years). "
            + $"Declare '{name}' categorical when reading the data so that its labels are kept as text, or use a column of integer codes.";
    }
}
