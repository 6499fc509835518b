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

/// <summary>The estimates of one spatial likelihood: β (with θ of the Durbin terms), ρ or λ (both for SAC), σ², the variance of (β, ρ, [λ,] σ²).</summary>
/// <param name="Beta">β (k).</param>
/// <param name="Rho">ρ (lag, SAC) or λ (error).</param>
/// <param name="SigmaSquared">σ² after the bias correction (if any).</param>
/// <param name="LogLikelihood">The maximised (concentrated) log-likelihood, at the ML σ² = e'e/(NT).</param>
/// <param name="Covariance">The inverse information matrix of (β, ρ, σ²), (k + 2)², or of (β, ρ, λ, σ²), (k + 3)², for SAC, at the reported estimates.</param>
/// <param name="Residuals">ε̂ = B(ρ)ỹ − X̃β (lag), B(λ)(ỹ − X̃β) (error) or B(λ)(A(ρ)ỹ − X̃β) (SAC), NT.</param>
/// <param name="BiasCorrection">The Lee–Yu correction added to (β, ρ, [λ,] σ²) in the two-way model (zeros otherwise).</param>
/// <param name="Lambda">λ of the SAC model's error process (null for the other models).</param>
internal sealed record SpatialEstimates(double[] Beta, double Rho, double SigmaSquared, double LogLikelihood, double[,] Covariance, double[] Residuals, double[] BiasCorrection, double? Lambda = null);

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
/// <para>SAC (lag and error, <see cref="FitLagError"/>): ρ and λ jointly by a profile search, the information matrix of
/// (β, ρ, λ, σ²) of spatialreg's <c>sacsarlm</c>, and the two-way correction with (0, 1/(1 − ρ), 1/(1 − λ), 1/(2σ²)).</para>
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
            double[] spatial;
            (beta, spatial, sigma2, correction) = TwoWayCorrection(info, beta, [rho], sigma2, periods);
            rho = spatial[0];
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
            double[] spatial;
            (beta, spatial, sigma2, correction) = TwoWayCorrection(info, beta, [lambda], sigma2, periods);
            lambda = spatial[0];
            info = ErrorInformation(op, periods, x - (lambda * wx), lambda, sigma2, nt);
        }

        return new SpatialEstimates(beta, lambda, sigma2, logLikelihood, Invert(info), fit.Epsilon.ToArray(), correction);
    }

    /// <summary>
    /// Fits the SAC model ỹ = ρwỹ + X̃β + u, u = λWu + ε. Dimensions: y = ỹ, wy = wỹ (the transformed lag of y, as the lag
    /// model), wLagY = Wỹ, wLagWy = W·wỹ (lags within each period, as the error model), NT; x = X̃, wx = WX̃, NT × k (k ≥ 1).
    /// </summary>
    /// <remarks>
    /// For a given λ the filtered outcome (I − λW)(ỹ − ρwỹ) is linear in ρ, so the lag model's algebra applies on the filtered
    /// data: with e₀, e_d the residuals of (I − λW)ỹ and (I − λW)wỹ on (I − λW)X̃, SSE(ρ, λ) = e₀'e₀ − 2ρe₀'e_d + ρ²e_d'e_d and
    /// ℓ(ρ, λ) = −(NT/2)(ln 2π + 1 + ln(SSE/NT)) + T ln|I − ρW| + T ln|I − λW|. The 2-D maximum is found as a nested
    /// (profile) search: for each λ, ρ*(λ) maximises ℓ(·, λ) (Brent; where the λ score is needed, and at the optimum, then
    /// the root of ∂ℓ/∂ρ = NT ε'(I − λW)wỹ/SSE − T tr(WA⁻¹));
    /// λ maximises the profile ℓ(ρ*(λ), λ) — a grid of 19 interior points picks the bracket (the profile can have more than
    /// one local maximum), then Brent and the root of its derivative, which is ∂ℓ/∂λ = NT ε'Wu/SSE − T tr(WB⁻¹) at ρ*(λ)
    /// (envelope theorem). At the optimum both scores vanish to machine precision.
    /// </remarks>
    internal static SpatialEstimates FitLagError(SpatialOperator op, int periods, double[] y, double[] wy, double[] wLagY, double[] wLagWy, Matrix<double> x, Matrix<double> wx, SpatialFixedEffects effects, bool biasCorrection)
    {
        var n = op.Count;
        var nt = y.Length;
        var yv = Vector<double>.Build.DenseOfArray(y);
        var wyv = Vector<double>.Build.DenseOfArray(wy);
        var wly = Vector<double>.Build.DenseOfArray(wLagY);
        var wlwy = Vector<double>.Build.DenseOfArray(wLagWy);
        var constant = -0.5 * nt * (Math.Log(2 * Math.PI) + 1);

        SacProfile Filter(double lambda)
        {
            var xs = x - (lambda * wx);
            var qr = xs.QR();
            var ys0 = yv - (lambda * wly);
            var ysd = wyv - (lambda * wlwy);
            var b0 = qr.Solve(ys0);
            var bd = qr.Solve(ysd);
            var e0 = ys0 - (xs * b0);
            var ed = ysd - (xs * bd);
            return new SacProfile(lambda, b0, bd, e0, ed, e0 * e0, e0 * ed, ed * ed, periods * op.LogDeterminant(lambda));
        }

        double Likelihood(SacProfile p, double rho) => constant - (0.5 * nt * Math.Log(p.Sse(rho) / nt)) + (periods * op.LogDeterminant(rho)) + p.LogDeterminant;

        // ρ*(λ): Brent alone while λ is searched (the profile's value is flat in ρ at ρ*, so ~√ε in ρ costs ~ε in ℓ), the
        // score root too where the λ score is evaluated and at the end (on the sparse path each tr(WB⁻¹) of that root is
        // four more factorisations).
        (SacProfile Profile, double Rho, bool Polished)? last = null;
        (SacProfile Profile, double Rho) Inner(double lambda, bool polish)
        {
            if (last is { } cached && cached.Profile.Lambda.Equals(lambda) && (cached.Polished || !polish))
            {
                return (cached.Profile, cached.Rho);
            }

            var p = last is { } same && same.Profile.Lambda.Equals(lambda) ? same.Profile : Filter(lambda);
            double F(double r) => Likelihood(p, r);
            var rho = polish
                ? Maximise(F, r => (nt * (p.E0d - (r * p.Edd)) / p.Sse(r)) - (periods * TraceWB(op, r)), op.Lower, op.Upper)
                : BrentMinimum(r => -F(r), op.Lower, op.Upper, 1e-10);
            last = (p, rho, polish);
            return (p, rho);
        }

        double ProfileLikelihood(double lambda)
        {
            var (p, rho) = Inner(lambda, polish: false);
            return Likelihood(p, rho);
        }

        double LambdaScore(double lambda)
        {
            var (p, rho) = Inner(lambda, polish: true);
            var beta = p.B0 - (rho * p.Bd);
            var eps = p.E0 - (rho * p.Ed);
            var wu = wly - (rho * wlwy) - (wx * beta);
            return (nt * (eps * wu) / p.Sse(rho)) - (periods * TraceWB(op, lambda));
        }

        // The grid: 19 interior points of the admissible interval; Brent then searches between the best point's neighbours.
        const int GridPoints = 20;
        var width = op.Upper - op.Lower;
        var best = 1;
        var bestValue = double.NegativeInfinity;
        for (var g = 1; g < GridPoints; g++)
        {
            var value = ProfileLikelihood(op.Lower + (width * g / GridPoints));
            if (value > bestValue)
            {
                bestValue = value;
                best = g;
            }
        }

        var lambda = Maximise(ProfileLikelihood, LambdaScore, op.Lower + (width * (best - 1) / GridPoints), op.Lower + (width * (best + 1) / GridPoints));
        var (profile, rho) = Inner(lambda, polish: true);
        var logLikelihood = Likelihood(profile, rho);
        var beta = (profile.B0 - (rho * profile.Bd)).ToArray();
        var residuals = (profile.E0 - (rho * profile.Ed)).ToArray();
        var sigma2 = profile.Sse(rho) / nt * SigmaFactor(effects, biasCorrection, n, periods);
        var info = SacInformation(op, periods, x, wx, beta, rho, lambda, sigma2);
        var correction = new double[beta.Length + 3];
        if (effects == SpatialFixedEffects.TwoWay && biasCorrection)
        {
            double[] spatial;
            (beta, spatial, sigma2, correction) = TwoWayCorrection(info, beta, [rho, lambda], sigma2, periods);
            (rho, lambda) = (spatial[0], spatial[1]);
            info = SacInformation(op, periods, x, wx, beta, rho, lambda, sigma2);
        }

        return new SpatialEstimates(beta, rho, sigma2, logLikelihood, Invert(info), residuals, correction, lambda);
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

    /// <summary>
    /// Lee and Yu's two-way correction: (β, ρ…, σ²) + T·I⁻¹(0, 1/(1 − ρ)…, 1/(2σ²))', then σ² × T/(T − 1); one 1/(1 − ·)
    /// entry per spatial parameter (ρ or λ; ρ and λ for SAC, Lee and Yu's b_θ with row-standardised W).
    /// </summary>
    private static (double[] Beta, double[] Spatial, double Sigma2, double[] Correction) TwoWayCorrection(Matrix<double> info, double[] beta, double[] spatial, double sigma2, int periods)
    {
        var k = beta.Length;
        var s = spatial.Length;
        var bias = Vector<double>.Build.Dense(k + s + 1);
        for (var j = 0; j < s; j++)
        {
            bias[k + j] = 1 / (1 - spatial[j]);
        }

        bias[k + s] = 1 / (2 * sigma2);
        var step = periods * info.Solve(bias);
        var corrected = new double[k];
        for (var j = 0; j < k; j++)
        {
            corrected[j] = beta[j] + step[j];
        }

        var spatialC = new double[s];
        for (var j = 0; j < s; j++)
        {
            spatialC[j] = spatial[j] + step[k + j];
        }

        var sigma2C = (sigma2 + step[k + s]) * periods / (periods - 1.0);
        var correction = new double[k + s + 1];
        for (var j = 0; j < k + s; j++)
        {
            correction[j] = step[j];
        }

        correction[k + s] = sigma2C - sigma2;
        return (corrected, spatialC, sigma2C, correction);
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

    /// <summary>
    /// The SAC information matrix of (β, ρ, λ, σ²) (spatialreg's <c>sacsarlm</c>, <c>method = "eigen"</c>, with W₁ = W₂ = W and
    /// T periods). With A = I − ρW, B = I − λW, G = WA⁻¹, H = WB⁻¹ (all polynomials in W, so they commute):
    /// I_ββ = X̃*'X̃*/σ² (X̃* = BX̃), I_βρ = Σₜ X̃*ₜ'BGX̃ₜβ/σ², I_ρρ = T(tr(GG) + tr(G'G)) + Σₜ ‖BGX̃ₜβ‖²/σ²,
    /// I_λλ = T(tr(HH) + tr(H'H)), I_ρλ = T(tr(H'G) + tr(GH)), I_ρσ² = T tr(G)/σ², I_λσ² = T tr(H)/σ², I_σ²σ² = NT/(2σ⁴),
    /// I_βλ = I_βσ² = 0.
    /// </summary>
    private static Matrix<double> SacInformation(SpatialOperator op, int periods, Matrix<double> x, Matrix<double> wx, double[] beta, double rho, double lambda, double sigma2)
    {
        var n = op.Count;
        var k = beta.Length;
        var xs = x - (lambda * wx);
        var info = Matrix<double>.Build.Dense(k + 3, k + 3);
        var xb = (x * Vector<double>.Build.DenseOfArray(beta)).ToArray();
        var cross = new double[k];
        var quadratic = 0.0;
        for (var t = 0; t < periods; t++)
        {
            var g = op.Weights.Lag(op.Solve(rho, xb[(t * n)..((t + 1) * n)]));
            var wg = op.Weights.Lag(g);
            for (var i = 0; i < n; i++)
            {
                var z = g[i] - (lambda * wg[i]);
                quadratic += z * z;
                for (var j = 0; j < k; j++)
                {
                    cross[j] += xs[(t * n) + i, j] * z;
                }
            }
        }

        var (trG, trGG, trGtG) = op.Traces(rho);
        var (product, frobenius) = op.CrossTraces(rho, lambda);
        var (trH, trHH, trHtH) = op.Traces(lambda);
        info.SetSubMatrix(0, 0, xs.TransposeThisAndMultiply(xs) / sigma2);
        for (var j = 0; j < k; j++)
        {
            info[j, k] = info[k, j] = cross[j] / sigma2;
        }

        info[k, k] = (periods * (trGG + trGtG)) + (quadratic / sigma2);
        info[k + 1, k + 1] = periods * (trHH + trHtH);
        info[k, k + 1] = info[k + 1, k] = periods * (frobenius + product);
        info[k, k + 2] = info[k + 2, k] = periods * trG / sigma2;
        info[k + 1, k + 2] = info[k + 2, k + 1] = periods * trH / sigma2;
        info[k + 2, k + 2] = x.RowCount / (2 * sigma2 * sigma2);
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

/// <summary>The SAC likelihood at one λ: the residuals of the filtered outcome and its lag on the filtered X̃, and T ln|I − λW|.</summary>
internal sealed record SacProfile(double Lambda, Vector<double> B0, Vector<double> Bd, Vector<double> E0, Vector<double> Ed, double E00, double E0d, double Edd, double LogDeterminant)
{
    /// <summary>SSE(ρ) = e₀'e₀ − 2ρe₀'e_d + ρ²e_d'e_d.</summary>
    internal double Sse(double rho) => E00 - (2 * rho * E0d) + (rho * rho * Edd);
}
