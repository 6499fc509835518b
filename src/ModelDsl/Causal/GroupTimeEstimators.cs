namespace ModelDsl.Causal;

/// <summary>
/// The 2×2 panel DID estimators of one ATT(g,t) and their influence functions, as Sant'Anna and Zhao's DRDID package
/// writes them (<c>reg_did_panel</c>, <c>std_ipw_did_panel</c>, <c>drdid_panel</c>), which R's <c>did</c> calls for each cell.
/// </summary>
/// <remarks>
/// Kernel conventions: <c>m</c> units in the cell's sample (treated ∪ comparison), <c>p</c> columns of the design
/// <c>x</c> (row-major m × p, the first column the constant), <c>dy</c> = Y_t − Y_base, <c>d</c> = 1 for treated.
/// The influence function ψ satisfies ATT̂ − ATT ≈ (1/m) Σ ψ_i; the caller rescales it by n/m (did's adjustment for
/// estimating a cell on a subsample).
/// </remarks>
internal static class GroupTimeEstimators
{
    /// <summary>A propensity score at or above this makes the cell unestimable (did's overlap check).</summary>
    internal const double OverlapLimit = 0.999;

    /// <summary>
    /// Outcome regression (Heckman, Ichimura and Todd 1997): OLS of Δy on x among comparison units, ATT = mean over the
    /// treated of Δy − x'β̂.
    /// </summary>
    internal static (double Att, double[] Influence, string? Problem) OutcomeRegression(double[] dy, bool[] d, double[] x, int p)
    {
        var m = dy.Length;
        var (beta, xpxInverse, problem) = ControlRegression(dy, d, x, p);
        if (problem is not null)
        {
            return (double.NaN, [], problem);
        }

        var fitted = Fitted(x, p, beta);
        var meanTreated = 0.0;
        var etaTreat = 0.0;
        var etaControl = 0.0;
        for (var i = 0; i < m; i++)
        {
            if (d[i])
            {
                meanTreated += 1;
                etaTreat += dy[i];
                etaControl += fitted[i];
            }
        }

        meanTreated /= m;
        etaTreat = etaTreat / m / meanTreated;
        etaControl = etaControl / m / meanTreated;

        // M1 = mean(D x); the OLS estimation effect is (1 − D)(Δy − x'β) x' (X'(1−D)X/m)⁻¹ M1.
        var m1 = new double[p];
        for (var i = 0; i < m; i++)
        {
            if (d[i])
            {
                for (var j = 0; j < p; j++)
                {
                    m1[j] += x[(i * p) + j];
                }
            }
        }

        Scale(m1, 1.0 / m);
        var direction = Multiply(xpxInverse, m1, p);
        var influence = new double[m];
        for (var i = 0; i < m; i++)
        {
            var treat = d[i] ? (dy[i] - etaTreat) / meanTreated : 0.0;
            var control1 = d[i] ? fitted[i] - etaControl : 0.0;
            var control2 = d[i] ? 0.0 : (dy[i] - fitted[i]) * Dot(x, i, p, direction);
            influence[i] = treat - ((control1 + control2) / meanTreated);
        }

        return (etaTreat - etaControl, influence, null);
    }

    /// <summary>
    /// Normalised (Hájek) inverse probability weighting (Abadie 2005): logit propensity score π̂(x), comparison weights
    /// π̂/(1 − π̂) normalised to mean one, ATT = mean_treated(Δy) − weighted mean_comparison(Δy).
    /// </summary>
    internal static (double Att, double[] Influence, string? Problem) InverseProbabilityWeighting(double[] dy, bool[] d, double[] x, int p)
    {
        var m = dy.Length;
        var (ps, hessianInverse, _, problem) = Logit(d, x, p);
        if (problem is not null)
        {
            return (double.NaN, [], problem);
        }

        var wControl = new double[m];
        var meanTreat = 0.0;
        var meanControl = 0.0;
        var etaTreat = 0.0;
        var etaControl = 0.0;
        for (var i = 0; i < m; i++)
        {
            if (d[i])
            {
                meanTreat += 1;
                etaTreat += dy[i];
            }
            else
            {
                wControl[i] = ps[i] / (1 - ps[i]);
                meanControl += wControl[i];
                etaControl += wControl[i] * dy[i];
            }
        }

        etaTreat /= meanTreat;
        etaControl /= meanControl;
        meanTreat /= m;
        meanControl /= m;

        // M2 = mean(w_c (Δy − η_c) x); the logit estimation effect is (D − π̂) x' H⁻¹ M2 with H = X'WX/m.
        var m2 = new double[p];
        for (var i = 0; i < m; i++)
        {
            if (!d[i])
            {
                var f = wControl[i] * (dy[i] - etaControl);
                for (var j = 0; j < p; j++)
                {
                    m2[j] += f * x[(i * p) + j];
                }
            }
        }

        Scale(m2, 1.0 / m);
        var direction = Multiply(hessianInverse, m2, p);
        var influence = new double[m];
        for (var i = 0; i < m; i++)
        {
            var treat = d[i] ? (dy[i] - etaTreat) / meanTreat : 0.0;
            var control1 = wControl[i] * (dy[i] - etaControl);
            var control2 = ((d[i] ? 1 : 0) - ps[i]) * Dot(x, i, p, direction);
            influence[i] = treat - ((control1 + control2) / meanControl);
        }

        return (etaTreat - etaControl, influence, null);
    }

    /// <summary>
    /// The doubly robust estimator of Sant'Anna and Zhao (2020, eq. 3.1, panel): logit propensity score and OLS outcome
    /// regression on the comparison units, ATT = mean_treated(Δy − x'β̂) − normalised-IPW mean_comparison(Δy − x'β̂)
    /// (DRDID's <c>drdid_panel</c>, the estimator <c>did</c> uses for <c>est_method = "dr"</c>).
    /// </summary>
    internal static (double Att, double[] Influence, string? Problem) DoublyRobust(double[] dy, bool[] d, double[] x, int p)
    {
        var m = dy.Length;
        var (ps, hessianInverse, _, logitProblem) = Logit(d, x, p);
        if (logitProblem is not null)
        {
            return (double.NaN, [], logitProblem);
        }

        var (beta, xpxInverse, regressionProblem) = ControlRegression(dy, d, x, p);
        if (regressionProblem is not null)
        {
            return (double.NaN, [], regressionProblem);
        }

        var fitted = Fitted(x, p, beta);
        var wControl = new double[m];
        var meanTreat = 0.0;
        var meanControl = 0.0;
        var etaTreat = 0.0;
        var etaControl = 0.0;
        for (var i = 0; i < m; i++)
        {
            var residual = dy[i] - fitted[i];
            if (d[i])
            {
                meanTreat += 1;
                etaTreat += residual;
            }
            else
            {
                wControl[i] = ps[i] / (1 - ps[i]);
                meanControl += wControl[i];
                etaControl += wControl[i] * residual;
            }
        }

        etaTreat /= meanTreat;
        etaControl /= meanControl;
        meanTreat /= m;
        meanControl /= m;

        // M1 = mean(D x), M2 = mean(w_c (Δy − x'β − η_c) x), M3 = mean(w_c x).
        var m1 = new double[p];
        var m2 = new double[p];
        var m3 = new double[p];
        for (var i = 0; i < m; i++)
        {
            var residual = dy[i] - fitted[i];
            for (var j = 0; j < p; j++)
            {
                var xij = x[(i * p) + j];
                if (d[i])
                {
                    m1[j] += xij;
                }
                else
                {
                    m2[j] += wControl[i] * (residual - etaControl) * xij;
                    m3[j] += wControl[i] * xij;
                }
            }
        }

        Scale(m1, 1.0 / m);
        Scale(m2, 1.0 / m);
        Scale(m3, 1.0 / m);
        var olsTreat = Multiply(xpxInverse, m1, p);
        var olsControl = Multiply(xpxInverse, m3, p);
        var psControl = Multiply(hessianInverse, m2, p);
        var influence = new double[m];
        for (var i = 0; i < m; i++)
        {
            var residual = dy[i] - fitted[i];

            // The OLS linear representation (1 − D)(Δy − x'β) x'(X'(1−D)X/m)⁻¹ is zero for treated units.
            var olsFactor = d[i] ? 0.0 : residual;
            var treat1 = d[i] ? residual - etaTreat : 0.0;
            var treat2 = olsFactor * Dot(x, i, p, olsTreat);
            var control1 = wControl[i] * (residual - etaControl);
            var control2 = ((d[i] ? 1 : 0) - ps[i]) * Dot(x, i, p, psControl);
            var control3 = olsFactor * Dot(x, i, p, olsControl);
            influence[i] = ((treat1 - treat2) / meanTreat) - ((control1 + control2 - control3) / meanControl);
        }

        return (etaTreat - etaControl, influence, null);
    }

    /// <summary>
    /// The improved doubly robust estimator of Sant'Anna and Zhao (2020, Section 3.1, panel; DRDID's
    /// <c>drdid_imp_panel</c>): the propensity score fitted by inverse probability tilting (Graham, Pinto and Egel 2012),
    /// the outcome regression by weighted least squares on the comparison units with weights π̂/(1 − π̂).
    /// </summary>
    /// <remarks>
    /// ATT = mean[(D − (1 − D) π̂/(1 − π̂)) (Δy − x'β̂)] / mean(D). The tilting moments balance the weighted comparison
    /// means of x against the treated means, and the weighted normal equations make the weighted comparison residuals sum
    /// to zero, so the first-step estimation effects vanish: the influence function is
    /// ψ = [(D − (1 − D) π̂/(1 − π̂)) (Δy − x'β̂) − D·ATT] / mean(D), with no correction terms, exactly as DRDID computes it.
    /// DRDID caps π̂ at 1 − 1e−6 before the weights are formed; so does this.
    /// </remarks>
    internal static (double Att, double[] Influence, string? Problem) ImprovedDoublyRobust(double[] dy, bool[] d, double[] x, int p)
    {
        var m = dy.Length;

        // DRDID starts the tilting from the logit fit; the logit also carries did's overlap check.
        var (_, _, logit, logitProblem) = Logit(d, x, p);
        if (logitProblem is not null)
        {
            return (double.NaN, [], logitProblem);
        }

        var (ps, tiltingProblem) = InverseProbabilityTilting(d, x, p, logit);
        if (tiltingProblem is not null)
        {
            return (double.NaN, [], tiltingProblem);
        }

        // Weighted least squares of Δy on x among the comparison units, weights π̂/(1 − π̂) (DRDID's wols.br.panel).
        var odds = new double[m];
        var xwx = new double[p * p];
        var xwy = new double[p];
        for (var i = 0; i < m; i++)
        {
            if (d[i])
            {
                continue;
            }

            odds[i] = ps[i] / (1 - ps[i]);
            for (var a = 0; a < p; a++)
            {
                var xa = odds[i] * x[(i * p) + a];
                xwy[a] += xa * dy[i];
                for (var b = 0; b < p; b++)
                {
                    xwx[(a * p) + b] += xa * x[(i * p) + b];
                }
            }
        }

        Scale(xwx, 1.0 / m);
        Scale(xwy, 1.0 / m);
        var inverse = Invert(xwx, p);
        if (inverse is null)
        {
            return (double.NaN, [], "the weighted outcome regression on the comparison units is singular (too few comparison units for the covariates, or a covariate constant among them)");
        }

        var fitted = Fitted(x, p, Multiply(inverse, xwy, p));
        var summand = new double[m];
        var meanTreat = 0.0;
        var numerator = 0.0;
        for (var i = 0; i < m; i++)
        {
            var residual = dy[i] - fitted[i];
            summand[i] = d[i] ? residual : -odds[i] * residual;
            numerator += summand[i];
            meanTreat += d[i] ? 1 : 0;
        }

        numerator /= m;
        meanTreat /= m;
        var att = numerator / meanTreat;
        var influence = new double[m];
        for (var i = 0; i < m; i++)
        {
            influence[i] = (summand[i] - (d[i] ? att : 0.0)) / meanTreat;
        }

        return (att, influence, null);
    }

    /// <summary>
    /// Inverse probability tilting: γ̂ minimises the convex loss −mean[D x'γ − (1 − D) exp(x'γ)] (DRDID's
    /// <c>loss.ps.cal</c>), whose first-order condition Σ_treated x = Σ_comparison exp(x'γ) x balances the covariates;
    /// π̂ = logistic(x'γ̂), capped at 1 − 1e−6.
    /// </summary>
    /// <remarks>
    /// Solved by Newton's method with step halving from the logit estimate (DRDID uses a trust-region Newton method
    /// from the same start; the loss is strictly convex when x has full rank among the comparison units, so both reach
    /// the same minimiser). Converged when the gradient's largest element is below 1e−12 relative to the scale of x.
    /// Unlike DRDID, which falls back to the logit score when its solvers fail, a failure here leaves the cell
    /// unestimated with a note, so a result never mixes two propensity-score estimators silently.
    /// </remarks>
    private static (double[] Probabilities, string? Problem) InverseProbabilityTilting(bool[] d, double[] x, int p, double[] start)
    {
        var m = d.Length;
        var gamma = (double[])start.Clone();
        var xScale = 0.0;
        foreach (var v in x)
        {
            xScale = Math.Max(xScale, Math.Abs(v));
        }

        var loss = TiltingLoss(d, x, p, gamma);
        var converged = false;
        for (var iteration = 0; iteration < 200 && double.IsFinite(loss); iteration++)
        {
            var gradient = new double[p];
            var hessian = new double[p * p];
            for (var i = 0; i < m; i++)
            {
                var factor = d[i] ? -1.0 : Math.Exp(Dot(x, i, p, gamma));
                for (var a = 0; a < p; a++)
                {
                    var xa = x[(i * p) + a];
                    gradient[a] += factor * xa;
                    if (!d[i])
                    {
                        for (var b = 0; b < p; b++)
                        {
                            hessian[(a * p) + b] += factor * xa * x[(i * p) + b];
                        }
                    }
                }
            }

            Scale(gradient, 1.0 / m);
            Scale(hessian, 1.0 / m);
            var largest = 0.0;
            foreach (var g in gradient)
            {
                largest = Math.Max(largest, Math.Abs(g));
            }

            if (largest < 1e-12 * Math.Max(1.0, xScale))
            {
                converged = true;
                break;
            }

            var inverse = Invert(hessian, p);
            if (inverse is null)
            {
                return ([], "the inverse-probability-tilting Hessian is singular (a covariate constant among the comparison units)");
            }

            var step = Multiply(inverse, gradient, p);
            var length = 1.0;
            var candidate = new double[p];
            var candidateLoss = double.PositiveInfinity;
            for (var halving = 0; halving < 60; halving++)
            {
                for (var j = 0; j < p; j++)
                {
                    candidate[j] = gamma[j] - (length * step[j]);
                }

                // Near the minimum the loss changes by less than its rounding error: a step that does not raise it beyond
                // that is taken, so Newton's quadratic convergence finishes the job instead of stalling on noise.
                candidateLoss = TiltingLoss(d, x, p, candidate);
                if (candidateLoss <= loss + (1e-14 * (1 + Math.Abs(loss))))
                {
                    break;
                }

                length /= 2;
            }

            if (!(candidateLoss <= loss + (1e-14 * (1 + Math.Abs(loss)))))
            {
                break;
            }

            (gamma, candidate) = (candidate, gamma);
            loss = candidateLoss;
        }

        if (!converged)
        {
            return ([], "the inverse-probability-tilting propensity score did not converge (the comparison units cannot balance the treated units' covariate means)");
        }

        var ps = new double[m];
        for (var i = 0; i < m; i++)
        {
            ps[i] = Math.Min(1 / (1 + Math.Exp(-Dot(x, i, p, gamma))), 1 - 1e-6);
        }

        return (ps, null);
    }

    /// <summary>The tilting loss −mean[D x'γ − (1 − D) exp(x'γ)].</summary>
    private static double TiltingLoss(bool[] d, double[] x, int p, double[] gamma)
    {
        var m = d.Length;
        var sum = 0.0;
        for (var i = 0; i < m; i++)
        {
            var index = Dot(x, i, p, gamma);
            sum += d[i] ? -index : Math.Exp(index);
        }

        return sum / m;
    }

    /// <summary>OLS of Δy on x among the comparison units: β̂ and (X'(1−D)X/m)⁻¹.</summary>
    private static (double[] Beta, double[] XpxInverse, string? Problem) ControlRegression(double[] dy, bool[] d, double[] x, int p)
    {
        var m = dy.Length;
        var xpx = new double[p * p];
        var xpy = new double[p];
        for (var i = 0; i < m; i++)
        {
            if (d[i])
            {
                continue;
            }

            for (var a = 0; a < p; a++)
            {
                var xa = x[(i * p) + a];
                xpy[a] += xa * dy[i];
                for (var b = 0; b < p; b++)
                {
                    xpx[(a * p) + b] += xa * x[(i * p) + b];
                }
            }
        }

        Scale(xpx, 1.0 / m);
        Scale(xpy, 1.0 / m);
        var inverse = Invert(xpx, p);
        if (inverse is null)
        {
            return ([], [], "the outcome regression on the comparison units is singular (too few comparison units for the covariates, or a covariate constant among them)");
        }

        return (Multiply(inverse, xpy, p), inverse, null);
    }

    /// <summary>Logit of D on x by Newton–Raphson (glm's IRLS): fitted probabilities (capped at 1 − 1e−16 as DRDID does), (X'WX/m)⁻¹ and the coefficients.</summary>
    private static (double[] Probabilities, double[] HessianInverse, double[] Coefficients, string? Problem) Logit(bool[] d, double[] x, int p)
    {
        var m = d.Length;
        var beta = new double[p];
        var ps = new double[m];
        double[]? inverse = null;
        var previousDeviance = double.PositiveInfinity;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var hessian = new double[p * p];
            var score = new double[p];
            var deviance = 0.0;
            for (var i = 0; i < m; i++)
            {
                var eta = Dot(x, i, p, beta);
                var pi = 1 / (1 + Math.Exp(-eta));
                ps[i] = pi;
                var w = pi * (1 - pi);
                var residual = (d[i] ? 1 : 0) - pi;
                deviance -= 2 * (d[i] ? Math.Log(Math.Max(pi, 1e-300)) : Math.Log(Math.Max(1 - pi, 1e-300)));
                for (var a = 0; a < p; a++)
                {
                    var xa = x[(i * p) + a];
                    score[a] += xa * residual;
                    for (var b = 0; b < p; b++)
                    {
                        hessian[(a * p) + b] += w * xa * x[(i * p) + b];
                    }
                }
            }

            inverse = Invert(hessian, p);
            if (inverse is null)
            {
                return ([], [], [], "the propensity-score logit is singular (a covariate constant in the cell's sample, or perfect separation)");
            }

            var step = Multiply(inverse, score, p);
            for (var a = 0; a < p; a++)
            {
                beta[a] += step[a];
            }

            // glm's convergence rule: |dev − dev_old| / (|dev| + 0.1) < 1e−8; one more step past it makes the fit exact.
            var converged = Math.Abs(deviance - previousDeviance) / (Math.Abs(deviance) + 0.1) < 1e-10;
            previousDeviance = deviance;
            if (converged)
            {
                break;
            }
        }

        var hessianFinal = new double[p * p];
        var maximum = 0.0;
        for (var i = 0; i < m; i++)
        {
            var pi = 1 / (1 + Math.Exp(-Dot(x, i, p, beta)));
            maximum = Math.Max(maximum, pi);
            ps[i] = Math.Min(pi, 1 - 1e-16);
            var w = pi * (1 - pi);
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < p; b++)
                {
                    hessianFinal[(a * p) + b] += w * x[(i * p) + a] * x[(i * p) + b];
                }
            }
        }

        if (maximum >= OverlapLimit)
        {
            return ([], [], [], $"the overlap condition fails: a propensity score is {maximum:G4} ≥ {OverlapLimit} (did's check)");
        }

        Scale(hessianFinal, 1.0 / m);
        inverse = Invert(hessianFinal, p);
        return inverse is null
            ? ([], [], [], "the propensity-score logit's information matrix is singular")
            : (ps, inverse, beta, null);
    }

    private static double[] Fitted(double[] x, int p, double[] beta)
    {
        var m = x.Length / p;
        var fitted = new double[m];
        for (var i = 0; i < m; i++)
        {
            fitted[i] = Dot(x, i, p, beta);
        }

        return fitted;
    }

    private static double Dot(double[] x, int row, int p, double[] v)
    {
        var sum = 0.0;
        for (var j = 0; j < p; j++)
        {
            sum += x[(row * p) + j] * v[j];
        }

        return sum;
    }

    private static double[] Multiply(double[] matrix, double[] v, int p)
    {
        var result = new double[p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                result[a] += matrix[(a * p) + b] * v[b];
            }
        }

        return result;
    }

    private static void Scale(double[] values, double factor)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>The inverse of a small p × p matrix by Gauss–Jordan with partial pivoting, or null when (numerically) singular.</summary>
    private static double[]? Invert(double[] matrix, int p)
    {
        var a = (double[])matrix.Clone();
        var inverse = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            inverse[(i * p) + i] = 1;
        }

        var scale = 0.0;
        foreach (var v in a)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (var column = 0; column < p; column++)
        {
            var pivot = column;
            for (var r = column + 1; r < p; r++)
            {
                if (Math.Abs(a[(r * p) + column]) > Math.Abs(a[(pivot * p) + column]))
                {
                    pivot = r;
                }
            }

            if (!(Math.Abs(a[(pivot * p) + column]) > scale * 1e-13))
            {
                return null;
            }

            if (pivot != column)
            {
                for (var c = 0; c < p; c++)
                {
                    (a[(pivot * p) + c], a[(column * p) + c]) = (a[(column * p) + c], a[(pivot * p) + c]);
                    (inverse[(pivot * p) + c], inverse[(column * p) + c]) = (inverse[(column * p) + c], inverse[(pivot * p) + c]);
                }
            }

            var diagonal = a[(column * p) + column];
            for (var c = 0; c < p; c++)
            {
                a[(column * p) + c] /= diagonal;
                inverse[(column * p) + c] /= diagonal;
            }

            for (var r = 0; r < p; r++)
            {
                if (r == column)
                {
                    continue;
                }

                var factor = a[(r * p) + column];
                if (factor == 0)
                {
                    continue;
                }

                for (var c = 0; c < p; c++)
                {
                    a[(r * p) + c] -= factor * a[(column * p) + c];
                    inverse[(r * p) + c] -= factor * inverse[(column * p) + c];
                }
            }
        }

        return inverse;
    }
}
