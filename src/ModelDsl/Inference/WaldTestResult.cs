using System.Text.Json;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// A Wald test of linear restrictions R b = 0 on a fitted model (that a set of coefficients are jointly zero, or
/// equal), reported both as χ² and as F; when it does not apply, <see cref="IsApplicable"/> is false and
/// <see cref="Reason"/> says why (the numbers are NaN).
/// </summary>
/// <remarks>
/// <para>χ² = (Rb)'(R V R')⁻¹(Rb) with q = rank(R) restrictions and V the model's coefficient covariance (its variance
/// estimator); the χ² p-value refers to χ²(q). F = χ²/q refers to F(q, df₂) with df₂ the model's inference degrees of
/// freedom: G − 1 for cluster-robust V (Stata's <c>test</c> after a clustered regression), N − K otherwise (Wooldridge
/// 2010, §4.2.3; Cameron and Miller 2015, §VII). A model F for iid errors compares sums of squares instead; it has the
/// same shape.</para>
/// <para>df₂ = 0 means the test is referred to χ²(q) only (normal inference, as for random effects): <see cref="FPValue"/>
/// is NaN and <see cref="PValue"/> is the χ² p-value.</para>
/// </remarks>
/// <param name="Description">What is tested, for example "all leads are zero"; empty for a model's F statistic.</param>
/// <param name="Restrictions">A readable form of each restriction (a coefficient name, or "a − b").</param>
/// <param name="ChiSquare">The χ² statistic.</param>
/// <param name="ChiSquarePValue">P(χ²(q) ≥ statistic).</param>
/// <param name="F">χ²/q (the model F for iid errors).</param>
/// <param name="NumeratorDegreesOfFreedom">q.</param>
/// <param name="DenominatorDegreesOfFreedom">df₂: G − 1 when clustered, N − K otherwise; 0 for χ² reference only.</param>
/// <param name="FPValue">P(F(q, df₂) ≥ F); NaN when df₂ is 0.</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record WaldTestResult(
    string Description,
    IReadOnlyList<string> Restrictions,
    double ChiSquare,
    double ChiSquarePValue,
    double F,
    int NumeratorDegreesOfFreedom,
    int DenominatorDegreesOfFreedom,
    double FPValue,
    string? Reason = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    /// <summary>The p-value of the test's reference distribution: <see cref="FPValue"/> when df₂ &gt; 0, <see cref="ChiSquarePValue"/> otherwise.</summary>
    public double PValue => DenominatorDegreesOfFreedom > 0 ? FPValue : ChiSquarePValue;

    /// <summary>A test that does not apply, with the reason.</summary>
    public static WaldTestResult Inapplicable(string description, string reason)
        => new(description, [], double.NaN, double.NaN, double.NaN, 0, 0, double.NaN, reason);

    /// <summary>
    /// The test from an F statistic with q and df₂ degrees of freedom (χ² = q·F); df₂ = 0 refers q·F to χ²(q).
    /// </summary>
    /// <param name="description">What is tested.</param>
    /// <param name="restrictions">The restrictions' readable forms.</param>
    /// <param name="f">The F statistic.</param>
    /// <param name="q">The number of restrictions.</param>
    /// <param name="denominator">df₂, or 0.</param>
    internal static WaldTestResult FromF(string description, IReadOnlyList<string> restrictions, double f, int q, int denominator)
    {
        var chi2 = f * q;
        return new WaldTestResult(
            description,
            restrictions,
            chi2,
            UpperTail.ChiSquare(q, chi2),
            f,
            q,
            denominator,
            denominator > 0 ? UpperTail.F(q, denominator, f) : double.NaN);
    }

    /// <summary>
    /// Tests the linear restrictions <paramref name="rows"/> (each row: Σ w·b = 0 over weighted coefficient names) on
    /// coefficients with covariance <paramref name="covariance"/>.
    /// </summary>
    /// <param name="description">What is tested.</param>
    /// <param name="labels">A readable form of each restriction.</param>
    /// <param name="rows">The restrictions.</param>
    /// <param name="coefficients">The model's coefficients, in the covariance's order.</param>
    /// <param name="covariance">The coefficients' covariance (p×p, the model's variance estimator).</param>
    /// <param name="denominator">df₂, the model's inference degrees of freedom.</param>
    /// <param name="clusterCounts">The model's clusters, named when R V R' is singular.</param>
    public static WaldTestResult Linear(string description, IReadOnlyList<string> labels, IReadOnlyList<(string Name, double Weight)[]> rows, IReadOnlyList<Coefficient> coefficients, double[,] covariance, int denominator, IReadOnlyDictionary<string, int> clusterCounts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(clusterCounts);
        var q = rows.Count;
        if (q == 0)
        {
            return Inapplicable(description, "there are no restrictions to test");
        }

        var names = coefficients.Select(c => c.Name).ToList();
        var p = names.Count;
        var r = Matrix<double>.Build.Dense(q, p);
        for (var i = 0; i < q; i++)
        {
            foreach (var (name, weight) in rows[i])
            {
                var j = names.IndexOf(name);
                if (j < 0)
                {
                    return Inapplicable(description, $"the coefficient '{name}' is not in the model (dropped as collinear or absorbed; see the notes)");
                }

                r[i, j] += weight;
            }
        }

        var b = Vector<double>.Build.Dense(p, j => coefficients[j].Estimate);
        var v = Matrix<double>.Build.DenseOfArray(covariance);
        var rb = r * b;
        var rvr = r * v * r.Transpose();
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky;
        try
        {
            cholesky = rvr.Cholesky();
        }
        catch (ArgumentException)
        {
            return Inapplicable(description, $"R V R' ({q}×{q}) is not positive definite, as happens with more restrictions than clusters ({string.Join(", ", clusterCounts.Select(c => $"{c.Key}: {c.Value}"))})");
        }

        var chi2 = rb.DotProduct(cholesky.Solve(rb));
        var f = chi2 / q;
        return new WaldTestResult(
            description,
            labels.ToArray(),
            chi2,
            UpperTail.ChiSquare(q, chi2),
            f,
            q,
            denominator,
            UpperTail.F(q, denominator, f));
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var prefix = Description.Length > 0 ? Description + ": " : string.Empty;
        return !IsApplicable ? $"{prefix}not applicable ({Reason})"
            : DenominatorDegreesOfFreedom > 0 ? $"{prefix}chi2({NumeratorDegreesOfFreedom}) = {ChiSquare:G6}, {PValueText.Statement(ChiSquarePValue)}; F({NumeratorDegreesOfFreedom}, {DenominatorDegreesOfFreedom}) = {F:G6}, {PValueText.Statement(FPValue)}"
            : $"{prefix}chi2({NumeratorDegreesOfFreedom}) = {ChiSquare:G6}, {PValueText.Statement(ChiSquarePValue)}";
    }

    /// <summary>Writes the test with the keys of the result contract (description, restrictions, q, chi2, chi2_p, f, f_df1, f_df2, f_p, not_applicable).</summary>
    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("description", Description);
        writer.WriteStartArray("restrictions");
        foreach (var restriction in Restrictions)
        {
            writer.WriteStringValue(restriction);
        }

        writer.WriteEndArray();
        writer.WriteNumber("q", NumeratorDegreesOfFreedom);
        JsonOutput.Number(writer, "chi2", ChiSquare);
        JsonOutput.Number(writer, "chi2_p", ChiSquarePValue);
        JsonOutput.Number(writer, "f", F);
        writer.WriteNumber("f_df1", NumeratorDegreesOfFreedom);
        writer.WriteNumber("f_df2", DenominatorDegreesOfFreedom);
        JsonOutput.Number(writer, "f_p", FPValue);
        if (Reason is not null)
        {
            writer.WriteString("not_applicable", Reason);
        }

        writer.WriteEndObject();
    }
}
