using System.Globalization;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>The shape of a confidence set obtained by test inversion.</summary>
public enum ConfidenceSetShape
{
    /// <summary>No value is accepted (possible when overidentified and the instruments reject the model).</summary>
    Empty,

    /// <summary>One bounded interval.</summary>
    Interval,

    /// <summary>The union of two rays (−∞, a] ∪ [b, +∞): weak instruments.</summary>
    TwoRays,

    /// <summary>The whole real line: the instruments carry no information at this level.</summary>
    WholeLine,

    /// <summary>Another union of intervals (several pieces; possible when overidentified).</summary>
    Union,
}

/// <summary>
/// The Anderson–Rubin confidence set of the single endogenous coefficient: every β₀ that the AR F test does not reject
/// at the chosen level, as a union of closed intervals whose ends may be ±∞.
/// </summary>
/// <remarks>
/// The set is {β₀ : AR F(β₀) ≤ F₁₋α(l₁, df₂)}. It is found on the whole line by the substitution β₀ = c + s·tan θ,
/// θ ∈ (−π/2, π/2) (c the 2SLS estimate, s a scale from the data), a grid of 4,001 values of θ, and bisection to
/// machine precision between grid points of opposite sign. As |β₀| → ∞ the AR F tends to the first-stage F of the
/// endogenous regressor (the test is scale invariant), so the set is unbounded exactly when that F is below the
/// critical value (Dufour 1997; Mikusheva 2010). Under iid errors the AR F is a ratio of quadratics in β₀ and the
/// set is an interval, two rays, the whole line or empty; robust variances can give more pieces.
/// </remarks>
/// <param name="Level">The confidence level.</param>
/// <param name="CriticalValue">F₁₋α(l₁, df₂).</param>
/// <param name="Shape">The shape.</param>
/// <param name="Intervals">The pieces, ordered, with ±∞ ends where unbounded.</param>
public sealed record AndersonRubinConfidenceSet(double Level, double CriticalValue, ConfidenceSetShape Shape, IReadOnlyList<(double Lower, double Upper)> Intervals)
{
    /// <summary>Inverts <paramref name="f"/> (the AR F at β₀) at <paramref name="critical"/>.</summary>
    /// <param name="f">The AR F statistic as a function of β₀.</param>
    /// <param name="fAtInfinity">Its limit as |β₀| → ∞ (the first-stage F).</param>
    /// <param name="center">The 2SLS estimate.</param>
    /// <param name="scale">A positive scale of β₀.</param>
    /// <param name="level">The confidence level.</param>
    /// <param name="critical">The critical value.</param>
    internal static AndersonRubinConfidenceSet Invert(Func<double, double> f, double fAtInfinity, double center, double scale, double level, double critical)
    {
        const int grid = 4001;
        double Beta(double theta) => center + (scale * Math.Tan(theta));
        double G(double theta) => Math.Abs(theta) >= Math.PI / 2 ? fAtInfinity - critical : f(Beta(theta)) - critical;

        var thetas = new double[grid];
        var values = new double[grid];
        for (var i = 0; i < grid; i++)
        {
            // Open grid: endpoints ±π/2 stand for ±∞ and take the limit.
            thetas[i] = -Math.PI / 2 + (Math.PI * i / (grid - 1));
            values[i] = G(thetas[i]);
        }

        var inside = values.Select(v => v <= 0).ToArray();
        var pieces = new List<(double Lower, double Upper)>();
        double? start = inside[0] ? double.NegativeInfinity : null;
        for (var i = 1; i < grid; i++)
        {
            if (inside[i] == inside[i - 1])
            {
                continue;
            }

            // Bisection on θ between the grid points: the root of AR F(β₀) = critical to machine precision.
            double lo = thetas[i - 1], hi = thetas[i];
            for (var iteration = 0; iteration < 200 && hi - lo > 1e-16; iteration++)
            {
                var mid = (lo + hi) / 2;
                if ((G(mid) <= 0) == inside[i - 1])
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            var root = Beta(inside[i - 1] ? lo : hi);
            if (inside[i])
            {
                start = root;
            }
            else
            {
                pieces.Add((start!.Value, root));
                start = null;
            }
        }

        if (start is { } open)
        {
            pieces.Add((open, double.PositiveInfinity));
        }

        // The two unbounded pieces are one set joined through ±∞ when both ends are inside: keep them as two rays.
        var shape = pieces.Count switch
        {
            0 => ConfidenceSetShape.Empty,
            1 when double.IsNegativeInfinity(pieces[0].Lower) && double.IsPositiveInfinity(pieces[0].Upper) => ConfidenceSetShape.WholeLine,
            1 when double.IsFinite(pieces[0].Lower) && double.IsFinite(pieces[0].Upper) => ConfidenceSetShape.Interval,
            2 when double.IsNegativeInfinity(pieces[0].Lower) && double.IsPositiveInfinity(pieces[1].Upper) => ConfidenceSetShape.TwoRays,
            _ => ConfidenceSetShape.Union,
        };
        return new AndersonRubinConfidenceSet(level, critical, shape, pieces);
    }

    /// <summary>Whether <paramref name="value"/> lies in the set.</summary>
    public bool Contains(double value) => Intervals.Any(p => value >= p.Lower && value <= p.Upper);

    /// <inheritdoc />
    public override string ToString()
    {
        static string Number(double v) => double.IsNegativeInfinity(v) ? "-inf" : double.IsPositiveInfinity(v) ? "+inf" : v.ToString("G6", CultureInfo.InvariantCulture);
        var level = (Level * 100).ToString("G4", CultureInfo.InvariantCulture);
        return Shape == ConfidenceSetShape.Empty
            ? $"{level}% Anderson-Rubin set: empty"
            : $"{level}% Anderson-Rubin set: " + string.Join(" U ", Intervals.Select(p => $"[{Number(p.Lower)}, {Number(p.Upper)}]"));
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("level", Level);
        JsonOutput.Number(writer, "critical_value", CriticalValue);
        writer.WriteString("shape", Shape switch
        {
            ConfidenceSetShape.Empty => "empty",
            ConfidenceSetShape.Interval => "interval",
            ConfidenceSetShape.TwoRays => "two_rays",
            ConfidenceSetShape.WholeLine => "whole_line",
            _ => "union",
        });

        // ±∞ ends are written as the strings "-inf" / "+inf" (JSON has no infinity, and null would read as missing).
        writer.WriteStartArray("intervals");
        foreach (var (lower, upper) in Intervals)
        {
            writer.WriteStartArray();
            WriteEnd(writer, lower);
            WriteEnd(writer, upper);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEnd(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value > 0 ? "+inf" : "-inf");
        }
    }
}
