using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>
/// Simulated IV data: y = 1 + β·x₁ (+ 0.5·x₂ for a second endogenous regressor) + 0.3·w + u, first stages
/// x = π'z + 0.2·w + v with corr(u, v) = 0.5, and heteroskedastic errors when asked. Seeded, so every test is
/// reproducible.
/// </summary>
internal static class Simulated
{
    internal const double Beta = 1.0;

    internal static InstrumentDiagnosticsInput Data(int seed, int n, int endogenous, int instruments, double strength, bool heteroskedastic = false, double invalid = 0, int clusters = 0)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var y = new double[n];
        var x = new double[n, endogenous];
        var w = new double[n, 2];
        var z = new double[n, instruments];
        var codes = new int[n];
        var clusterShock = Enumerable.Range(0, Math.Max(clusters, 1)).Select(_ => Normal()).ToArray();
        for (var i = 0; i < n; i++)
        {
            codes[i] = clusters > 0 ? i % clusters : 0;
            var covariate = Normal();
            w[i, 0] = 1;
            w[i, 1] = covariate;
            for (var m = 0; m < instruments; m++)
            {
                z[i, m] = Normal() + (0.3 * covariate);
            }

            var u = Normal() + (clusters > 0 ? clusterShock[codes[i]] : 0);
            if (heteroskedastic)
            {
                u *= 0.5 + Math.Abs(z[i, 0]);
            }

            y[i] = 1 + (0.3 * covariate) + u + (invalid * z[i, instruments - 1]);
            for (var j = 0; j < endogenous; j++)
            {
                var v = (0.5 * u) + (Math.Sqrt(0.75) * Normal());
                var signal = 0.0;
                for (var m = 0; m < instruments; m++)
                {
                    // Each regressor loads on its own instruments so that k₁ > 1 stays identified.
                    signal += (m % endogenous == j ? strength : strength / 4) * z[i, m];
                }

                x[i, j] = signal + (0.2 * covariate) + v;
                y[i] += (j == 0 ? Beta : 0.5) * x[i, j];
            }
        }

        return new InstrumentDiagnosticsInput
        {
            Outcome = y,
            Endogenous = x,
            Exogenous = w,
            ExcludedInstruments = z,
            Variance = clusters > 0 ? InstrumentVariance.Cluster(codes) : heteroskedastic ? InstrumentVariance.Robust : InstrumentVariance.Unadjusted,
        };
    }

    /// <summary>The input with every column demeaned (weighted), X₂ = the demeaned covariate only and the constant counted as absorbed.</summary>
    internal static InstrumentDiagnosticsInput Demeaned(InstrumentDiagnosticsInput input)
    {
        var n = input.Outcome.Count;
        var weights = input.Weights ?? Enumerable.Repeat(1.0, n).ToArray();
        var total = weights.Sum();
        double[] Demean(Func<int, double> value)
        {
            var mean = Enumerable.Range(0, n).Sum(i => weights[i] * value(i)) / total;
            return Enumerable.Range(0, n).Select(i => value(i) - mean).ToArray();
        }

        double[,] DemeanMatrix(double[,] m, int skip)
        {
            var result = new double[n, m.GetLength(1) - skip];
            for (var j = skip; j < m.GetLength(1); j++)
            {
                var column = Demean(i => m[i, j]);
                for (var i = 0; i < n; i++)
                {
                    result[i, j - skip] = column[i];
                }
            }

            return result;
        }

        return input with
        {
            Outcome = Demean(i => input.Outcome[i]),
            Endogenous = DemeanMatrix(input.Endogenous, 0),
            Exogenous = DemeanMatrix(input.Exogenous, 1),
            ExcludedInstruments = DemeanMatrix(input.ExcludedInstruments, 0),
            AbsorbedDegreesOfFreedom = input.AbsorbedDegreesOfFreedom + 1,
        };
    }
}
