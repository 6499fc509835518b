using System.Diagnostics;
using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Benchmarks;

/// <summary>
/// Rejection rates under a true null at 5 %: the CR1 t test against the wild cluster bootstrap, with 30 clusters of very
/// different sizes, and with only 3 of 30 clusters treated (where the bootstrap by cluster fails and the ordinary wild
/// bootstrap, one weight per observation, is MacKinnon and Webb's 2018 remedy).
/// </summary>
/// <remarks>
/// <para>A: G = 30 clusters of N_g = round(10·40^(g/29)) rows (10 to 400, N = 3,274), x_ig = z_g + 0.5·e_ig with a skewed
/// cluster component z_g = exp(N(0, 1)), y = 1 + 0·x + η_g + ε_ig (η, ε standard normal); OLS of y on x; tests of
/// β_x = 0 by CR1 (t with G − 1 df), WCR and WCU (Rademacher, B = 399, symmetric).</para>
/// <para>B: G = 30 clusters of 100 rows, the first 3 treated (d_ig = 1), y = 1 + 0·d + η_g/3 + ε_ig (intra-cluster
/// correlation 0.1); tests of β_d = 0 by
/// CR1, WCR, WCU by cluster, and WCR with one weight per observation (Vcov.WildSubclusterBootstrap(g, null)).</para>
///   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- wild-rejection [replications]
/// </remarks>
internal static class WildBootstrapRejection
{
    internal static void Run(int replications)
    {
        var watch = Stopwatch.StartNew();
        var unequal = Enumerable.Range(0, 30).Select(g => (int)Math.Round(10 * Math.Pow(40, g / 29.0))).ToArray();
        Report(
            $"A. 30 clusters of 10 to 400 rows (N = {unequal.Sum()}), skewed cluster-level regressor, {replications} replications, H0 true, nominal 5 %:",
            Simulate(unequal, treatedClusters: 0, replications, seed: 20260102, observationLevel: false),
            replications);
        Report(
            $"B. 30 clusters of 100 rows, 3 treated (pure treatment dummy), {replications} replications, H0 true, nominal 5 %:",
            Simulate(Enumerable.Repeat(100, 30).ToArray(), treatedClusters: 3, replications, seed: 20260103, observationLevel: true),
            replications);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    private static void Report(string title, IReadOnlyList<(string Test, int Rejections)> rows, int replications)
    {
        Console.WriteLine(title);
        foreach (var (test, count) in rows)
        {
            var rate = count / (double)replications;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {test,-44} rejection rate {rate:0.000} (Monte Carlo s.e. {Math.Sqrt(rate * (1 - rate) / replications):0.000})"));
        }
    }

    private static List<(string Test, int Rejections)> Simulate(int[] sizes, int treatedClusters, int replications, int seed, bool observationLevel)
    {
        var groups = sizes.Length;
        var n = sizes.Sum();
        var labels = Enumerable.Range(0, groups).Select(g => $"c{g:00}").ToArray();
        var cluster = new string[n];
        for (int g = 0, i = 0; g < groups; g++)
        {
            for (var k = 0; k < sizes[g]; k++)
            {
                cluster[i++] = labels[g];
            }
        }

        var clusterColumn = CategoricalColumn.FromLabels("g", cluster);
        var random = new Random(seed);
        var counts = new int[observationLevel ? 4 : 3];
        for (var r = 0; r < replications; r++)
        {
            var z = Enumerable.Range(0, groups).Select(_ => Math.Exp(WildBootstrapSize.Normal(random))).ToArray();
            var eta = Enumerable.Range(0, groups).Select(_ => WildBootstrapSize.Normal(random)).ToArray();
            var x = new double[n];
            var y = new double[n];
            for (int g = 0, i = 0; g < groups; g++)
            {
                for (var k = 0; k < sizes[g]; k++, i++)
                {
                    x[i] = treatedClusters > 0 ? (g < treatedClusters ? 1.0 : 0.0) : z[g] + (0.5 * WildBootstrapSize.Normal(random));
                    y[i] = 1 + (treatedClusters > 0 ? eta[g] / 3 : eta[g]) + WildBootstrapSize.Normal(random);
                }
            }

            var data = new PanelData([clusterColumn, new NumericColumn("x", x), new NumericColumn("y", y)]);
            var fit = Model.Regress("y").On("x").Cluster("g").Fit(data);
            var tests = new List<double>
            {
                fit["x"].PValue,
                fit.WithVcov(Vcov.WildBootstrap("g", draws: 399, seed: r + 1))["x"].PValue,
                fit.WithVcov(Vcov.WildBootstrap("g", draws: 399, seed: r + 1, type: WildBootstrapType.Unrestricted))["x"].PValue,
            };
            if (observationLevel)
            {
                tests.Add(fit.WithVcov(Vcov.WildSubclusterBootstrap("g", (string?)null, draws: 399, seed: r + 1))["x"].PValue);
            }

            for (var t = 0; t < tests.Count; t++)
            {
                counts[t] += tests[t] < 0.05 ? 1 : 0;
            }
        }

        var names = new List<string> { "CR1 t test (G - 1 df)", "wild cluster bootstrap WCR (B = 399)", "wild cluster bootstrap WCU (B = 399)" };
        if (observationLevel)
        {
            names.Add("ordinary wild bootstrap WCR, by observation");
        }

        return names.Zip(counts, (a, b) => (a, b)).ToList();
    }
}
