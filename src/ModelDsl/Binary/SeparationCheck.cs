using ModelDsl.Design;

namespace ModelDsl.Estimation;

/// <summary>
/// Finds the observations of a binary-choice model that are separated: those whose outcome a linear combination of
/// the regressors and the fixed-effect dummies predicts perfectly, so that their fitted probabilities go to 0 or 1 and
/// the maximum-likelihood estimate does not exist.
/// </summary>
/// <remarks>
/// <para>Separation (Albert &amp; Anderson 1984): there is z = Xγ + Dα, not zero, with zᵢ ≥ 0 where yᵢ = 1 and zᵢ ≤ 0
/// where yᵢ = 0. Writing sᵢ = 2yᵢ − 1, the separating directions are the points other than 0 of the intersection of the
/// column space L of [X, D] and the cone K = {u : sᵢuᵢ ≥ 0}; the separated observations are those with sᵢzᵢ &gt; 0
/// for some such z.</para>
/// <para>The iterative rectifier of Correia, Guimarães and Zylkin (2019, "Verifying the existence of maximum likelihood
/// estimates for generalized linear models", §4; ppmlhdfe's <c>separation(ir)</c>, fixest's <c>"ir"</c> check)
/// written for both outcomes at once: starting from u = s (on the candidate rows), it regresses u on [X, D] by least squares (the fixed
/// effects through the same demeaning engine as the estimator, X demeaned once), sets fitted values below
/// <see cref="ZeroTolerance"/> in absolute value to 0, and stops when every fitted value has the sign of its outcome
/// (or is 0): the fitted vector is then a separating direction and its non-zero rows are the separated observations.
/// Otherwise u is rectified, uᵢ ← sᵢ·max(sᵢẑᵢ, 0), and the regression repeated. Without separation u shrinks to 0 and
/// the check stops when the largest fitted value is below the tolerance. These are alternating projections between L
/// and K, whose limit lies in L ∩ K.</para>
/// <para>The regressors that separate are those whose coefficient in the final regression contributes at least
/// <see cref="ZeroTolerance"/> to the fitted values (largest |γⱼ|·|x̃ᵢⱼ|); when none does, the fixed effects alone
/// (a combination of their levels) separate.</para>
/// </remarks>
internal static class SeparationCheck
{
    /// <summary>Fitted values of the rectified outcome (which starts at ±1) below this are treated as 0.</summary>
    public const double ZeroTolerance = 1e-7;

    /// <summary>The most rectifier steps; a check that has not settled by then is reported as unresolved.</summary>
    public const int MaxIterations = 300;
    private const double DemeaningTolerance = 1e-13;
    private const int DemeaningIterations = 20_000;

    /// <summary>The outcome of <see cref="Find"/>: the separated rows (ascending) and the regressors that separate them.</summary>
    public sealed record Result(int[] Rows, int[] Regressors, bool Resolved);

    /// <summary>
    /// Runs the iterative rectifier for the 0/1 outcome <paramref name="y"/> on the regressors
    /// <paramref name="columns"/> (including the intercept column, if any) and, when given, the fixed effects
    /// <paramref name="fixedEffects"/> (on the same rows).
    /// </summary>
    /// <remarks>
    /// <paramref name="start"/> marks the candidate rows (those the estimator found at probability 0 or 1 and still
    /// moving; null: all rows): the rectified outcome is kept at 0 on the other rows, so the search is for a separating
    /// direction supported on the candidates. A strong but not separating regressor is far from that set, so the
    /// projections settle in a few steps instead of the many the unrestricted cone needs. Whatever the start, a result
    /// is a fitted vector of the regression on [X, D] whose every non-zero value has its outcome's sign: a separating
    /// direction.
    /// </remarks>
    public static Result Find(double[] y, IReadOnlyList<double[]> columns, FixedEffectStructure? fixedEffects, bool[]? start = null)
    {
        var n = y.Length;
        var sign = new double[n];
        for (var i = 0; i < n; i++)
        {
            sign[i] = y[i] == 1.0 ? 1.0 : -1.0;
        }

        // X̃ = M_D X, orthonormalised (modified Gram–Schmidt twice) to Q with X̃_kept = QR; columns that the fixed
        // effects absorb or that are collinear are skipped (their part of the space is already spanned).
        var k = columns.Count;
        var demeaned = new double[n * k];
        for (var j = 0; j < k; j++)
        {
            // Each column scaled by its largest absolute value, so that the tolerances are relative.
            var scale = 0.0;
            foreach (var v in columns[j])
            {
                scale = Math.Max(scale, Math.Abs(v));
            }

            var target = demeaned.AsSpan(j * n, n);
            for (var i = 0; i < n; i++)
            {
                target[i] = scale > 0 ? columns[j][i] / scale : 0.0;
            }
        }

        fixedEffects?.DemeanColumns(demeaned, k, DemeaningTolerance, DemeaningIterations);
        var basis = new List<double[]>();
        var basisSource = new List<int>();
        var r = new List<double[]>();
        for (var j = 0; j < k; j++)
        {
            var v = demeaned.AsSpan(j * n, n).ToArray();
            var before = Math.Sqrt(Kernels.Dot(v, v));
            var coefficients = new double[basis.Count];
            for (var pass = 0; pass < 2; pass++)
            {
                for (var b = 0; b < basis.Count; b++)
                {
                    var dot = Kernels.Dot(basis[b], v);
                    coefficients[b] += dot;
                    Kernels.Axpy(-dot, basis[b], v);
                }
            }

            var norm = Math.Sqrt(Kernels.Dot(v, v));
            if (before == 0.0 || norm <= 1e-9 * Math.Sqrt(n))
            {
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                v[i] /= norm;
            }

            basis.Add(v);
            basisSource.Add(j);
            r.Add([.. coefficients, norm]);
        }

        var u = new double[n];
        for (var i = 0; i < n; i++)
        {
            u[i] = start is null || start[i] ? sign[i] : 0.0;
        }

        var fitted = new double[n];
        var residual = new double[n];
        var projection = new double[basis.Count];
        int[]? previous = null;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            // ẑ = u − (M_D u − Q Q'M_D u): the least-squares fit of u on [X, D].
            u.CopyTo(residual, 0);
            if (fixedEffects is not null)
            {
                fixedEffects.DemeanColumns(residual, 1, DemeaningTolerance, DemeaningIterations);
            }

            for (var b = 0; b < basis.Count; b++)
            {
                projection[b] = Kernels.Dot(basis[b], residual);
                Kernels.Axpy(-projection[b], basis[b], residual);
            }

            var largest = 0.0;
            var wrong = false;
            for (var i = 0; i < n; i++)
            {
                var z = u[i] - residual[i];
                z = Math.Abs(z) < ZeroTolerance ? 0.0 : z;
                fitted[i] = z;
                largest = Math.Max(largest, Math.Abs(z));
                wrong |= sign[i] * z < 0;
            }

            if (largest == 0.0)
            {
                return new Result([], [], true);
            }

            if (!wrong)
            {
                // A separating direction; its rows must also be those of the previous iteration (a settled fixed point).
                var rows = Enumerable.Range(0, n).Where(i => fitted[i] != 0.0).ToArray();
                if (previous is not null && rows.AsSpan().SequenceEqual(previous))
                {
                    return new Result(rows, Separating(basisSource, r, projection), true);
                }

                previous = rows;
            }
            else
            {
                previous = null;
            }

            for (var i = 0; i < n; i++)
            {
                u[i] = start is null || start[i] ? sign[i] * Math.Max(sign[i] * fitted[i], 0.0) : 0.0;
            }
        }

        return new Result([], [], false);
    }

    // The regressors whose coefficient γ = R⁻¹Q'ũ (in units of the column's largest value) contributes at least the
    // tolerance to the fitted values.
    private static int[] Separating(List<int> source, List<double[]> r, double[] projection)
    {
        var count = source.Count;
        var gamma = new double[count];
        for (var a = count - 1; a >= 0; a--)
        {
            var value = projection[a];
            for (var b = a + 1; b < count; b++)
            {
                value -= r[b][a] * gamma[b];
            }

            gamma[a] = value / r[a][a];
        }

        return Enumerable.Range(0, count).Where(a => Math.Abs(gamma[a]) >= ZeroTolerance).Select(a => source[a]).ToArray();
    }
}
