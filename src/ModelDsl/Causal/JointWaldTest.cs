using System.Text.Json;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>
/// A joint Wald test of linear restrictions R b = 0 on a fitted model, reported both as chi-squared and as F;
/// when it does not apply, <see cref="IsApplicable"/> is false and <see cref="Reason"/> says why.
/// </summary>
/// <remarks>
/// χ² = (Rb)'(R V R')⁻¹(Rb) with q = rank(R) restrictions and V the model's coefficient covariance (its
/// variance estimator); the χ² p-value refers to χ²(q). F = χ²/q refers to F(q, df₂) with df₂ the model's
/// inference degrees of freedom: G − 1 for cluster-robust V (Stata's <c>test</c> after a clustered
/// regression), N − K otherwise (Wooldridge 2010, §4.2.3; Cameron and Miller 2015, §VII).
/// </remarks>
/// <param name="Description">What is tested, for example "all leads are zero".</param>
/// <param name="Restrictions">A readable form of each restriction (a coefficient name, or "a − b").</param>
/// <param name="ChiSquare">The χ² statistic.</param>
/// <param name="ChiSquarePValue">P(χ²(q) ≥ statistic).</param>
/// <param name="F">χ²/q.</param>
/// <param name="NumeratorDegreesOfFreedom">q.</param>
/// <param name="DenominatorDegreesOfFreedom">df₂: G − 1 when clustered, N − K otherwise.</param>
/// <param name="FPValue">P(F(q, df₂) ≥ F).</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record JointWaldTest(
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

    /// <summary>Tests that the coefficients named <paramref name="names"/> are jointly zero.</summary>
    public static JointWaldTest AllZero(RegressionResult result, string description, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(names);
        var rows = names.Select(name => new[] { (name, 1.0) }).ToArray();
        return Linear(result, description, names, rows);
    }

    /// <summary>Tests that the coefficients named <paramref name="names"/> are all equal (q = count − 1 differences from the first).</summary>
    public static JointWaldTest AllEqual(RegressionResult result, string description, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count < 2)
        {
            return Inapplicable(description, $"equality needs at least two coefficients but got {names.Count}");
        }

        var rows = names.Skip(1).Select(name => new[] { (name, 1.0), (names[0], -1.0) }).ToArray();
        return Linear(result, description, names.Skip(1).Select(n => $"{n} - {names[0]}").ToArray(), rows);
    }

    /// <summary>Tests a general set of linear restrictions given as weighted coefficient names (each row: Σ w·b = 0).</summary>
    public static JointWaldTest Linear(RegressionResult result, string description, IReadOnlyList<string> labels, IReadOnlyList<(string Name, double Weight)[]> rows)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(rows);
        var q = rows.Count;
        if (q == 0)
        {
            return Inapplicable(description, "there are no restrictions to test");
        }

        var names = result.Coefficients.Select(c => c.Name).ToList();
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

        var b = Vector<double>.Build.Dense(p, j => result.Coefficients[j].Estimate);
        var v = Matrix<double>.Build.DenseOfArray(result.CovarianceMatrix());
        var rb = r * b;
        var rvr = r * v * r.Transpose();
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky;
        try
        {
            cholesky = rvr.Cholesky();
        }
        catch (ArgumentException)
        {
            return Inapplicable(description, $"R V R' ({q}×{q}) is not positive definite, as happens with more restrictions than clusters ({string.Join(", ", result.ClusterCounts.Select(c => $"{c.Key}: {c.Value}"))})");
        }

        var chi2 = rb.DotProduct(cholesky.Solve(rb));
        var df2 = result.InferenceDegreesOfFreedom;
        var f = chi2 / q;
        return new JointWaldTest(
            description,
            labels.ToArray(),
            chi2,
            1 - ChiSquared.CDF(q, chi2),
            f,
            q,
            df2,
            1 - FisherSnedecor.CDF(q, df2, f));
    }

    /// <summary>A test that does not apply, with the reason.</summary>
    public static JointWaldTest Inapplicable(string description, string reason)
        => new(description, [], double.NaN, double.NaN, double.NaN, 0, 0, double.NaN, reason);

    /// <inheritdoc />
    public override string ToString()
        => IsApplicable
            ? $"{Description}: chi2({NumeratorDegreesOfFreedom}) = {ChiSquare:G6}, p = {ChiSquarePValue:G4}; F({NumeratorDegreesOfFreedom}, {DenominatorDegreesOfFreedom}) = {F:G6}, p = {FPValue:G4}"
            : $"{Description}: not applicable ({Reason})";

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
