using System.Globalization;

using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// The one place where an estimate and its standard error become a test statistic, a two-sided p-value and an
/// interval, for every estimator (linear fits, event-study aggregates, matching, marginal effects).
/// </summary>
/// <remarks>
/// <para>t = b/se; p = 2·F(−|t|) with F the Student t with <c>df</c> degrees of freedom, or the standard normal when
/// <c>df</c> is null; interval b ± q·se with q the (1 + level)/2 quantile of the same distribution.</para>
/// <para>A standard error that is zero, negative or not finite while the estimate is finite has no test: b/0 would
/// print as infinitely significant (t = ±∞, p = 0) or as 0/0. Such a quantity keeps its estimate and standard error,
/// its statistic, p-value and interval are not reported (NaN, shown blank in tables and null in JSON), and the
/// caller adds the <see cref="Note"/> from <see cref="DegenerateNote"/> to its result, so nothing is silent.</para>
/// </remarks>
internal readonly record struct Significance(double Statistic, double PValue, double ConfidenceLow, double ConfidenceHigh)
{
    /// <summary>True when the standard error admits no test (see remarks).</summary>
    internal static bool IsDegenerate(double estimate, double standardError)
        => double.IsFinite(estimate) && !(standardError > 0 && double.IsFinite(standardError));

    /// <summary>The statistic, p-value and interval of <paramref name="estimate"/> (see remarks).</summary>
    /// <param name="estimate">The point estimate.</param>
    /// <param name="standardError">Its standard error.</param>
    /// <param name="degreesOfFreedom">The t reference's degrees of freedom, or null for the standard normal.</param>
    /// <param name="level">The confidence level, in (0, 1).</param>
    /// <param name="untestable">True when the caller knows the standard error is not meaningful (a perfect fit).</param>
    internal static Significance Of(double estimate, double standardError, int? degreesOfFreedom, double level, bool untestable = false)
    {
        if (untestable || IsDegenerate(estimate, standardError) || !double.IsFinite(estimate))
        {
            return new Significance(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var t = estimate / standardError;
        double p;
        double critical;
        if (degreesOfFreedom is { } df)
        {
            p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
            critical = StudentT.InvCDF(0, 1, df, 0.5 + (level / 2));
        }
        else
        {
            p = 2 * Normal.CDF(0, 1, -Math.Abs(t));
            critical = Normal.InvCDF(0, 1, 0.5 + (level / 2));
        }

        return new Significance(t, p, estimate - (critical * standardError), estimate + (critical * standardError));
    }

    /// <summary>A <see cref="Coefficient"/> with its statistic, p-value and interval from <see cref="Of"/>.</summary>
    internal static Coefficient Coefficient(string name, double estimate, double standardError, int? degreesOfFreedom, double level, bool untestable = false)
    {
        var s = Of(estimate, standardError, degreesOfFreedom, level, untestable);
        return new Coefficient(name, estimate, standardError, s.Statistic, s.PValue, s.ConfidenceLow, s.ConfidenceHigh);
    }

    /// <summary>
    /// The note for quantities whose standard error admits no test: names them, their standard errors, the reason and
    /// what is not reported.
    /// </summary>
    /// <param name="terms">The quantities with their standard errors.</param>
    /// <param name="reason">Why the standard error is degenerate, as a clause ("the outcome does not vary among …").</param>
    /// <param name="state">What is wrong with the standard errors ("are not positive").</param>
    internal static Note DegenerateNote(IReadOnlyList<(string Name, double StandardError)> terms, string reason, string state = "are not positive")
    {
        var listed = string.Join(", ", terms.Select(t => $"'{t.Name}' ({t.StandardError.ToString("G4", CultureInfo.InvariantCulture)})"));
        var plural = terms.Count > 1;
        return new Note(
            NoteKind.Information,
            $"The standard error{(plural ? "s" : string.Empty)} of {listed} {(plural ? state : Singular(state))}: {reason}. {(plural ? "Their" : "Its")} test statistic, p-value and confidence interval are not reported (NaN) instead of showing an infinitely significant estimate.",
            terms.Count);

        static string Singular(string clause) => clause.StartsWith("are ", StringComparison.Ordinal) ? "is " + clause[4..] : clause;
    }
}
