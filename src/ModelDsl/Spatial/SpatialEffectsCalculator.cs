using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>
/// Direct, indirect and total effects of the lag, Durbin and SAC models (LeSage and Pace 2009, ch. 2.7) with delta-method or
/// simulated standard errors. The SAC model's effects are the lag model's: its error process does not enter E(y | X).
/// </summary>
/// <remarks>
/// <para>Sₖ(W) = B⁻¹(βₖI + θₖW), B = I − ρW, A = WB⁻¹ (θₖ = 0 in the lag model). Direct = (βₖ tr(B⁻¹) + θₖ tr(A))/n with
/// tr(B⁻¹) = n + ρ tr(A); total = (βₖ + θₖ)/(1 − ρ) (W row-standardised, W1 = 1); indirect = total − direct.</para>
/// <para>Delta method: gradients with respect to (βₖ, θₖ, ρ): direct (tr(B⁻¹)/n, tr(A)/n, (βₖ(tr(A) + ρ tr(AA)) + θₖ tr(AA))/n)
/// (d tr(B⁻¹)/dρ = tr(B⁻¹WB⁻¹) = tr(A) + ρ tr(AA), d tr(A)/dρ = tr(AA)); total (1/(1 − ρ), 1/(1 − ρ), (βₖ + θₖ)/(1 − ρ)²);
/// the variance g'V̂g with V̂ the inverse information block. Simulation (Elhorst's and xsmle's route): R draws of (β, θ, ρ)
/// from N(θ̂, V̂) (Cholesky factor, standard normals by Box–Muller from a seeded <see cref="Random"/>), the effects at each draw,
/// the standard error the draws' standard deviation (divisor R − 1); the point estimates stay at θ̂.</para>
/// </remarks>
internal static class SpatialEffectsCalculator
{
    internal static (IReadOnlyList<SpatialEffect> Effects, string Method) Compute(SpatialResult result, SpatialSpecification spec, SpatialOperator op, IReadOnlyList<string> names)
    {
        if (!op.Weights.IsRowStandardized)
        {
            return ([], "none (the effects decomposition here needs row-standardised W, where W1 = 1)");
        }

        var n = op.Count;
        var rhoIndex = result.SpatialIndex;
        var regressors = spec.Regressors.Select(t => t.Name).ToList();
        var effects = new List<SpatialEffect>();
        var rho = result.SpatialParameter.Estimate;
        var (trA, trAA, _) = op.Traces(rho);
        var trB = n + (rho * trA);

        var draws = spec.EffectsDraws > 0 ? Draw(result, op, rhoIndex, spec.EffectsDraws, spec.EffectsSeed) : null;
        foreach (var name in regressors)
        {
            var bj = names.ToList().IndexOf(name);
            var tj = names.ToList().IndexOf("W*" + name);
            var beta = result.Coefficients[bj].Estimate;
            var theta = tj >= 0 ? result.Coefficients[tj].Estimate : 0.0;
            var direct = ((beta * trB) + (theta * trA)) / n;
            var total = (beta + theta) / (1 - rho);
            var indirect = total - direct;
            double seDirect, seIndirect, seTotal;
            if (draws is null)
            {
                var index = tj >= 0 ? new[] { bj, tj, rhoIndex } : [bj, rhoIndex];
                var v = result.Sub(index, index);
                var gDirect = tj >= 0
                    ? new[] { trB / n, trA / n, ((beta * (trA + (rho * trAA))) + (theta * trAA)) / n }
                    : [trB / n, beta * (trA + (rho * trAA)) / n];
                var oneMinus = 1 - rho;
                var gTotal = tj >= 0
                    ? new[] { 1 / oneMinus, 1 / oneMinus, (beta + theta) / (oneMinus * oneMinus) }
                    : [1 / oneMinus, beta / (oneMinus * oneMinus)];
                var gIndirect = gTotal.Zip(gDirect, (a, b) => a - b).ToArray();
                seDirect = Quadratic(v, gDirect);
                seIndirect = Quadratic(v, gIndirect);
                seTotal = Quadratic(v, gTotal);
            }
            else
            {
                var d = new double[draws.Count];
                var ind = new double[draws.Count];
                var tot = new double[draws.Count];
                for (var r = 0; r < draws.Count; r++)
                {
                    var (parameters, trBr, trAr) = draws[r];
                    var b = parameters[bj];
                    var th = tj >= 0 ? parameters[tj] : 0.0;
                    var rr = parameters[rhoIndex];
                    d[r] = ((b * trBr) + (th * trAr)) / n;
                    tot[r] = (b + th) / (1 - rr);
                    ind[r] = tot[r] - d[r];
                }

                seDirect = StandardDeviation(d);
                seIndirect = StandardDeviation(ind);
                seTotal = StandardDeviation(tot);
            }

            effects.Add(new SpatialEffect(
                name,
                Significance.Coefficient(name, direct, seDirect, null, 0.95),
                Significance.Coefficient(name, indirect, seIndirect, null, 0.95),
                Significance.Coefficient(name, total, seTotal, null, 0.95)));
        }

        var method = draws is null
            ? "delta method"
            : $"simulation: {spec.EffectsDraws} draws from N(θ̂, V̂), seed {spec.EffectsSeed}";
        return (effects, method);
    }

    private static double Quadratic(Matrix<double> v, double[] g)
    {
        var gv = Vector<double>.Build.DenseOfArray(g);
        return Math.Sqrt(gv * (v * gv));
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Length - 1));
    }

    private static List<(double[] Parameters, double TrB, double TrA)> Draw(SpatialResult result, SpatialOperator op, int rhoIndex, int count, int seed)
    {
        var p = rhoIndex + 1;
        var all = Enumerable.Range(0, p).ToArray();
        var v = result.Sub(all, all);
        var chol = v.Cholesky().Factor;
        var mean = result.Coefficients.Select(c => c.Estimate).Append(result.SpatialParameter.Estimate).ToArray();
        var random = new Random(seed);
        var draws = new List<(double[], double, double)>(count);
        var z = new double[p];
        var n = op.Count;
        while (draws.Count < count)
        {
            for (var j = 0; j < p; j++)
            {
                double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
                z[j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }

            var parameters = new double[p];
            for (var i = 0; i < p; i++)
            {
                var s = mean[i];
                for (var j = 0; j <= i; j++)
                {
                    s += chol[i, j] * z[j];
                }

                parameters[i] = s;
            }

            var rho = parameters[rhoIndex];
            if (!(rho > op.Lower && rho < op.Upper))
            {
                // A draw outside the admissible interval has no effects; it is redrawn (kept in the method's description).
                continue;
            }

            var trA = op.TraceWB(rho);
            draws.Add((parameters, n + (rho * trA), trA));
        }

        return draws;
    }
}
