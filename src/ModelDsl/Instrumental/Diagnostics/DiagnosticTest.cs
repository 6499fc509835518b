using System.Globalization;
using System.Text.Json;

using MathNet.Numerics;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>The reference distribution of a <see cref="DiagnosticTest"/>.</summary>
public enum TestDistribution
{
    /// <summary>χ²(df).</summary>
    ChiSquare,

    /// <summary>F(df, df₂).</summary>
    F,

    /// <summary>No p-value: the statistic is compared with tabulated critical values (Cragg–Donald and Kleibergen–Paap Wald F).</summary>
    None,
}

/// <summary>
/// One diagnostic test as a value: its name, statistic, degrees of freedom and p-value; when it does not apply,
/// <see cref="Reason"/> says why and the numbers are NaN (never a silent NaN).
/// </summary>
/// <param name="Name">The test as ivreg2 names it ("Kleibergen-Paap rk LM statistic", "Hansen J statistic", …).</param>
/// <param name="Statistic">The statistic.</param>
/// <param name="Distribution">Its reference distribution.</param>
/// <param name="DegreesOfFreedom">df (χ²) or the numerator df (F); 0 when it does not apply.</param>
/// <param name="DenominatorDegreesOfFreedom">The F's denominator df; 0 for χ².</param>
/// <param name="PValue">P(reference ≥ statistic); NaN for <see cref="TestDistribution.None"/>.</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record DiagnosticTest(
    string Name,
    double Statistic,
    TestDistribution Distribution,
    int DegreesOfFreedom,
    int DenominatorDegreesOfFreedom,
    double PValue,
    string? Reason = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>A χ² test with its p-value (the upper regularized gamma function, accurate far into the tail, not 1 − CDF).</summary>
    internal static DiagnosticTest ChiSquared(string name, double statistic, int df)
        => new(name, statistic, TestDistribution.ChiSquare, df, 0, SpecialFunctions.GammaUpperRegularized(df / 2.0, Math.Max(statistic, 0) / 2));

    /// <summary>An F test with its p-value: P(F &gt; f) = I_{d₂/(d₂ + d₁f)}(d₂/2, d₁/2), accurate far into the tail.</summary>
    internal static DiagnosticTest FTest(string name, double statistic, int df1, int df2)
        => new(name, statistic, TestDistribution.F, df1, df2, SpecialFunctions.BetaRegularized(df2 / 2.0, df1 / 2.0, df2 / (df2 + (df1 * Math.Max(statistic, 0)))));

    /// <summary>A statistic read against critical values (no p-value).</summary>
    internal static DiagnosticTest Tabulated(string name, double statistic) => new(name, statistic, TestDistribution.None, 0, 0, double.NaN);

    /// <summary>A test that does not apply.</summary>
    internal static DiagnosticTest Inapplicable(string name, string reason) => new(name, double.NaN, TestDistribution.None, 0, 0, double.NaN, reason);

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsApplicable)
        {
            return $"{Name}: not applicable ({Reason})";
        }

        var s = Statistic.ToString("F3", CultureInfo.InvariantCulture);
        return Distribution switch
        {
            TestDistribution.ChiSquare => $"{Name}: chi2({DegreesOfFreedom}) = {s}, {PValueText.Statement(PValue)}",
            TestDistribution.F => $"{Name}: F({DegreesOfFreedom}, {DenominatorDegreesOfFreedom}) = {s}, {PValueText.Statement(PValue)}",
            _ => $"{Name}: {s}",
        };
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        JsonOutput.Number(writer, "statistic", Statistic);
        writer.WriteString("distribution", Distribution switch { TestDistribution.ChiSquare => "chi2", TestDistribution.F => "f", _ => "none" });
        writer.WriteNumber("df", DegreesOfFreedom);
        writer.WriteNumber("df2", DenominatorDegreesOfFreedom);
        JsonOutput.Number(writer, "p", PValue);
        if (Reason is not null)
        {
            writer.WriteString("not_applicable", Reason);
        }

        writer.WriteEndObject();
    }
}
