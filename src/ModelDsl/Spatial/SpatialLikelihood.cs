using MathNet.Numerics.LinearAlgebra;

namespace ModelDsl.Spatial;

/// <summary>Which fixed effects the within transformation removes (Elhorst's <c>info.model</c> 0–3).</summary>
public enum SpatialFixedEffects
{
    /// <summary>None: a cross-section or a pooled panel, with an intercept.</summary>
    None,

    /// <summary>Unit (region) fixed effects: deviations from each region's mean over time.</summary>
    Unit,

    /// <summary>Time fixed effects: deviations from each period's mean over regions.</summary>
    Time,

    /// <summary>Unit and time fixed effects: y − ȳᵢ. − ȳ.ₜ + ȳ...</summary>
    TwoWay,
}

/// <summary>The estimates of one spatial likelihood: β (with θ of the Durbin terms), ρ or λ, σ², the variance of (β, ρ, σ²).</summary>
/// <param name="Beta">β (k).</param>
/// <param name="Rho">ρ (lag) or λ (error).</param>
/// <param name="SigmaSquared">σ² after the bias correction (if any).</param>
/// <param name="LogLikelihood">The maximised (concentrated) log-likelihood, at the ML σ² = e'e/(NT).</param>
/// <param name="Covariance">The inverse information matrix of (β, ρ, σ²), (k + 2)², at the reported estimates.</param>
/// <param name="Residuals">ε̂ = B(ρ)ỹ − X̃β (lag) or B(λ)(ỹ − X̃β) (error), NT.</param>
/// <param name="BiasCorrection">The Lee–Yu correction added to (β, ρ, σ²) in the two-way model (zeros otherwise).</param>
internal sealed record SpatialEstimates(double[] Beta, double Rho, double SigmaSquared, double LogLikelihood, double[,] Covariance, double[] Residuals, double[] BiasCorrection);

/// <summary>
/// The maximum-likelihood kernels of the spatial lag (SAR, and SDM with WX among the regressors) and spatial error (SEM)
/// models on data already within-transformed, stacked period by period (row t·n + i is region i in period t).
/// </summary>
/// <remarks>
/// <para>Lag: ỹ = ρWỹ + X̃β + ε. With e₀, e_d the residuals of ỹ and Wỹ on X̃, β(ρ) = b₀ − ρb_d and the concentrated
/// log-likelihood is ℓ(ρ) = −(NT/2)(ln 2π + 1 + ln(e(ρ)'e(ρ)/NT)) + T ln|I − ρW|, e(ρ) = e₀ − ρe_d (Anselin 1988, ch. 12;
/// Elhorst 2014, ch. 3). Error: ỹ = X̃β + u, u = λWu + ε; for each λ, β(λ) is least squares of (I − λW)ỹ on (I − λW)X̃ and
/// ℓ(λ) has the same form. ρ (λ) maximises ℓ on (1/ω_min, 1/ω_max): Brent's golden-section/parabolic search, then the
/// root of the analytic score ℓ'(ρ) = NT e'e_d/(e'e) − T tr(WB⁻¹) (lag; error: NT ε'(Wu)/(ε'ε) − T tr(WB⁻¹)) to machine
/// precision, because a search on ℓ alone stops at ~√ε relative where ℓ is flat.</para>
/// <para>Information matrix (Elhorst's <c>sar_panel_FE</c> / spatialreg's <c>lagsarlm</c> eigen): with A = WB⁻¹,
/// I_ββ = X̃'X̃/σ², I_βρ = Σ_t X̃_t'AX̃_tβ/σ², I_ρρ = T(tr(AA) + tr(A'A)) + Σ_t ‖AX̃_tβ‖²/σ², I_ρσ² = T tr(A)/σ²,
/// I_σ²σ² = NT/(2σ⁴), I_βσ² = 0. Error: I_ββ = X̃*'X̃*/σ² (X̃* = (I − λW)X̃), I_βλ = 0, I_λλ = T(tr(AA) + tr(A'A)).</para>
/// <para>Lee and Yu (2010) bias corrections as Elhorst's routines apply them: unit effects σ² × T/(T − 1); time effects
/// σ² × N/(N − 1); two-way (β, ρ, σ²) + T·I⁻¹(0, 1/(1 − ρ), 1/(2σ²))' and then σ² × T/(T − 1), the information matrix
/// evaluated again at the corrected estimates. The reported log-likelihood is the maximum (ML σ²) in every case.</para>
/// </remarks>
internal static class SpatialLikelihood
{
    /// <summary>Fits the lag model. Dimensions: y, wy NT; x NT × k (k ≥ 0 columns).</summary>
    internal static SpatialEstimates FitLag(SpatialOperator op, int periods, double[] y, double[] wy, Matrix<double> x, SpatialFixedEffects effects, bool biasCorrection)
    {
        var n = op.Count;
        var nt = y.Length;
        var yv = Vector<double>.Build.DenseOfArray(y);
        var wyv = Vector<double>.Build.DenseOfArray(wy);
        Vector<double> e0, ed, b0, bd;
        if (x.ColumnCount > 0)
        {
            var qr = x.QR();
            b0 = qr.Solve(yv);
            bd = qr.Solve(wyv);
            e0 = yv - (x * b0);
            ed = wyv - (x * bd);
        }
        else
        {
            b0 = bd = Vector<double>.Build.Dense(0);
            e0 = yv;
            ed = wyv;
        }

        double e00 = e0 * e0, e0d = e0 * ed, edd = ed * ed;
        double Sse(double r) => e00 - (2 * r * e0d) + (r * r * edd);
        double Concentrated(double r) => (-0.5 * nt * (Math.Log(2 * Math.PI) + 1 + Math.Log(Sse(r) / nt))) + (periods * op.LogDeterminant(r));
        double Score(double r) => (nt * (e0d - (r * edd)) / Sse(r)) - (periods * TraceWB(op, r));

        var rho = Maximise(Concentrated, Score, op.Lower, op.Upper);
        var beta = (b0 - (rho * bd)).ToArray();
        var sse = Sse(rho);
        var logLikelihood = Concentrated(rho);
        var residuals = (e0 - (rho * ed)).ToArray();
        var sigma2 = sse / nt * SigmaFactor(effects, biasCorrection, n, periods);
        var info = LagInformation(op, periods, x, beta, rho, sigma2);
        var correction = new double[beta.Length + 2];
        if (effects == SpatialFixedEffects.TwoWay && biasCorrection)
        {
            (beta, rho, sigma2, correction) = TwoWayCorrection(info, beta, rho, sigma2, periods);
            info = LagInformation(op, periods, x, beta, rho, sigma2);
        }

        return new SpatialEstimates(beta, rho, sigma2, logLikelihood, Invert(info), residuals, correction);
    }

    /// <summary>Fits the error model. Dimensions: y, wy NT; x, wx NT × k.</summary>
    internal static SpatialEstimates FitError(SpatialOperator op, int periods, double[] y, double[] wy, Matrix<double> x, Matrix<double> wx, SpatialFixedEffects effects, bool biasCorrection)
    {
        var n = op.Count;
        var nt = y.Length;
        var yv = Vector<double>.Build.DenseOfArray(y);
        var wyv = Vector<double>.Build.DenseOfArray(wy);

        (Vector<double> Beta, double Sse, Vector<double> U, Vector<double> Epsilon) At(double lambda)
        {
            var ys = yv - (lambda * wyv);
            var xs = x - (lambda * wx);
            var b = xs.QR().Solve(ys);
            var u = yv - (x * b);
            var eps = ys - (xs * b);
            return (b, eps * eps, u, eps);
        }

        double Concentrated(double l) => (-0.5 * nt * (Math.Log(2 * Math.PI) + 1 + Math.Log(At(l).Sse / nt))) + (periods * op.LogDeterminant(l));
        double Score(double l)
        {
            var (b, sse, _, eps) = At(l);
            var wu = wyv - (wx * b);
            return (nt * (eps * wu) / sse) - (periods * TraceWB(op, l));
        }

        var lambda = Maximise(Concentrated, Score, op.Lower, op.Upper);
        var fit = At(lambda);
        var beta = fit.Beta.ToArray();
        var logLikelihood = Concentrated(lambda);
        var sigma2 = fit.Sse / nt * SigmaFactor(effects, biasCorrection, n, periods);
        var info = ErrorInformation(op, periods, x - (lambda * wx), lambda, sigma2, nt);
        var correction = new double[beta.Length + 2];
        if (effects == SpatialFixedEffects.TwoWay && biasCorrection)
        {
            (beta, lambda, sigma2, correction) = TwoWayCorrection(info, beta, lambda, sigma2, periods);
            info = ErrorInformation(op, periods, x - (lambda * wx), lambda, sigma2, nt);
        }

        return new SpatialEstimates(beta, lambda, sigma2, logLikelihood, Invert(info), fit.Epsilon.ToArray(), correction);
    }

    /// <summary>The within transformation of one variable stacked period by period (Elhorst's demeaning).</summary>
    internal static double[] Within(double[] v, int n, int periods, SpatialFixedEffects effects)
    {
        if (effects == SpatialFixedEffects.None)
        {
            return (double[])v.Clone();
        }

        var unitMean = new double[n];
        var timeMean = new double[periods];
        var grand = 0.0;
        for (var t = 0; t < periods; t++)
        {
            for (var i = 0; i < n; i++)
            {
                var value = v[(t * n) + i];
                unitMean[i] += value / periods;
                timeMean[t] += value / n;
                grand += value;
            }
        }

        grand /= v.Length;
        var result = new double[v.Length];
        for (var t = 0; t < periods; t++)
        {
            for (var i = 0; i < n; i++)
            {
                var value = v[(t * n) + i];
                result[(t * n) + i] = effects switch
                {
                    SpatialFixedEffects.Unit => value - unitMean[i],
                    SpatialFixedEffects.Time => value - timeMean[t],
                    _ => value - unitMean[i] - timeMean[t] + grand,
                };
            }
        }

        return result;
    }

    /// <summary>Wv period by period.</summary>
    internal static double[] Lag(SpatialWeights weights, double[] v, int periods)
    {
        var n = weights.Count;
        var result = new double[v.Length];
        for (var t = 0; t < periods; t++)
        {
            var lag = weights.Lag(v.AsSpan(t * n, n));
            Array.Copy(lag, 0, result, t * n, n);
        }

        return result;
    }

    private static double SigmaFactor(SpatialFixedEffects effects, bool biasCorrection, int n, int periods) => !biasCorrection ? 1.0 : effects switch
    {
        SpatialFixedEffects.Unit => periods / (periods - 1.0),
        SpatialFixedEffects.Time => n / (n - 1.0),
        _ => 1.0,
    };

    private static (double[] Beta, double Rho, double Sigma2, double[] Correction) TwoWayCorrection(Matrix<double> info, double[] beta, double rho, double sigma2, int periods)
    {
        var k = beta.Length;
        var bias = Vector<double>.Build.Dense(k + 2);
        bias[k] = 1 / (1 - rho);
        bias[k + 1] = 1 / (2 * sigma2);
        var step = periods * info.Solve(bias);
        var corrected = new double[k];
        for (var j = 0; j < k; j++)
        {
            corrected[j] = beta[j] + step[j];
        }

        var rhoC = rho + step[k];
        var sigma2C = (sigma2 + step[k + 1]) * periods / (periods - 1.0);
        var correction = new double[k + 2];
        for (var j = 0; j < k; j++)
        {
            correction[j] = step[j];
        }

        correction[k] = step[k];
        correction[k + 1] = sigma2C - sigma2;
        return (corrected, rhoC, sigma2C, correction);
    }

    private static Matrix<double> LagInformation(SpatialOperator op, int periods, Matrix<double> x, double[] beta, double rho, double sigma2)
    {
        var n = op.Count;
        var k = beta.Length;
        var info = Matrix<double>.Build.Dense(k + 2, k + 2);
        var (trA, trAA, trAtA) = op.Traces(rho);
        var xb = k > 0 ? (x * Vector<double>.Build.DenseOfArray(beta)).ToArray() : new double[x.RowCount];
        var cross = new double[k];
        var quadratic = 0.0;
        for (var t = 0; t < periods; t++)
        {
            var z = op.Weights.Lag(op.Solve(rho, xb[(t * n)..((t + 1) * n)]));
            for (var i = 0; i < n; i++)
            {
                quadratic += z[i] * z[i];
                for (var j = 0; j < k; j++)
                {
                    cross[j] += x[(t * n) + i, j] * z[i];
                }
            }
        }

        if (k > 0)
        {
            info.SetSubMatrix(0, 0, x.TransposeThisAndMultiply(x) / sigma2);
        }

        for (var j = 0; j < k; j++)
        {
            info[j, k] = info[k, j] = cross[j] / sigma2;
        }

        info[k, k] = (periods * (trAA + trAtA)) + (quadratic / sigma2);
        info[k, k + 1] = info[k + 1, k] = periods * trA / sigma2;
        info[k + 1, k + 1] = x.RowCount / (2 * sigma2 * sigma2);
        return info;
    }

    private static Matrix<double> ErrorInformation(SpatialOperator op, int periods, Matrix<double> xs, double lambda, double sigma2, int nt)
    {
        var k = xs.ColumnCount;
        var info = Matrix<double>.Build.Dense(k + 2, k + 2);
        var (trA, trAA, trAtA) = op.Traces(lambda);
        if (k > 0)
        {
            info.SetSubMatrix(0, 0, xs.TransposeThisAndMultiply(xs) / sigma2);
        }

        info[k, k] = periods * (trAA + trAtA);
        info[k, k + 1] = info[k + 1, k] = periods * trA / sigma2;
        info[k + 1, k + 1] = nt / (2 * sigma2 * sigma2);
        return info;
    }

    private static double[,] Invert(Matrix<double> info) => info.Inverse().ToArray();

    private static double TraceWB(SpatialOperator op, double rho) => op.TraceWB(rho);

    /// <summary>
    /// Maximises ℓ on (lower, upper): Brent's localmin on −ℓ (tolerance 1e-10), then the root of the score in a bracket
    /// around it (Illinois regula falsi to 1e-15); the search result stands when the score does not change sign there.
    /// </summary>
    private static double Maximise(Func<double, double> f, Func<double, double> score, double lower, double upper)
    {
        var x = BrentMinimum(r => -f(r), lower, upper, 1e-10);
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        double a = Math.Max(x - h, lower + (1e-12 * (upper - lower))), b = Math.Min(x + h, upper - (1e-12 * (upper - lower)));
        double fa = score(a), fb = score(b);
        if (!(fa > 0 && fb < 0))
        {
            return x;
        }

        var side = 0;
        for (var iteration = 0; iteration < 200 && b - a > 1e-15 * Math.Max(1, Math.Abs(a)); iteration++)
        {
            var c = ((a * fb) - (b * fa)) / (fb - fa);
            var fc = score(c);
            if (fc == 0)
            {
                return c;
            }

            if (fc > 0)
            {
                a = c;
                fa = fc;
                if (side == -1)
                {
                    fb /= 2;
                }

                side = -1;
            }
            else
            {
                b = c;
                fb = fc;
                if (side == 1)
                {
                    fa /= 2;
                }

                side = 1;
            }
        }

        return ((a * fb) - (b * fa)) / (fb - fa);
    }

    /// <summary>Brent's (1973) localmin: golden section with parabolic steps on [lower, upper].</summary>
    internal static double BrentMinimum(Func<double, double> f, double lower, double upper, double tolerance)
    {
        var golden = (3 - Math.Sqrt(5)) * 0.5;
        var eps = Math.Sqrt(2.220446049250313e-16);
        double a = lower, b = upper;
        var v = a + (golden * (b - a));
        double w = v, x = v, d = 0, e = 0;
        var fx = f(x);
        double fv = fx, fw = fx;
        var tol3 = tolerance / 3;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var xm = (a + b) * 0.5;
            var tol1 = (eps * Math.Abs(x)) + tol3;
            var t2 = tol1 * 2;
            if (Math.Abs(x - xm) <= t2 - ((b - a) * 0.5))
            {
                break;
            }

            double p = 0, q = 0, r = 0;
            if (Math.Abs(e) > tol1)
            {
                r = (x - w) * (fx - fv);
                q = (x - v) * (fx - fw);
                p = ((x - v) * q) - ((x - w) * r);
                q = (q - r) * 2;
                if (q > 0)
                {
                    p = -p;
                }
                else
                {
                    q = -q;
                }

                r = e;
                e = d;
            }

            double u;
            if (Math.Abs(p) >= Math.Abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x))
            {
                e = x < xm ? b - x : a - x;
                d = golden * e;
            }
            else
            {
                d = p / q;
                u = x + d;
                if (u - a < t2 || b - u < t2)
                {
                    d = x >= xm ? -tol1 : tol1;
                }
            }

            u = Math.Abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
            var fu = f(u);
            if (fu <= fx)
            {
                if (u < x)
                {
                    b = x;
                }
                else
                {
                    a = x;
                }

                v = w;
                fv = fw;
                w = x;
                fw = fx;
                x = u;
                fx = fu;
            }
            else
            {
                if (u < x)
                {
                    a = u;
                }
                else
                {
                    b = u;
                }

                if (fu <= fw || w == x)
                {
                    v = w;
                    fv = fw;
                    w = u;
                    fw = fu;
                }
                else if (fu <= fv || v == x || v == w)
                {
                    v = u;
                    fv = fu;
                }
            }
        }

        return x;
    }
}
