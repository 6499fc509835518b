using System.Diagnostics;
using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Benchmarks;

/// <summary>
/// A Monte Carlo of test size with few, unequal clusters: the CR1 t test against the wild cluster bootstrap (WCR,
/// Rademacher, symmetric), both at 5 %, for H₀: β_x = 0 true.
/// </summary>
/// <remarks>
/// Design (after MacKinnon and Webb 2017, §5): G = 30 clusters with sizes N_g = round(10·40^(g/29)) (10 to 400, 2,900
/// rows in all), a regressor x_ig = z_g + 0.5·e_ig with a skewed cluster component z_g = exp(N(0, 1)), errors
/// u_ig = η_g + ε_ig (η, ε standard normal), y = 1 + 0·x + u. Each replication fits OLS and asks Vcov.Cluster and
/// Vcov.WildBootstrap(B = 399) for the p-value of x.
///   dotnet run -c Release --project bench/ModelDsl.Benchmarks -- wild-size [replications]
/// </remarks>
internal static class WildBootstrapSize
{
    internal static void Run(int replications)
    {
        const int groups = 30;
        var sizes = Enumerable.Range(0, groups).Select(g => (int)Math.Round(10 * Math.Pow(40, g / (groups - 1.0)))).ToArray();
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
        var random = new Random(20260101);
        var rejectCr1 = 0;
        var rejectWild = 0;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < replications; r++)
        {
            var z = Enumerable.Range(0, groups).Select(_ => Math.Exp(Normal(random))).ToArray();
            var eta = Enumerable.Range(0, groups).Select(_ => Normal(random)).ToArray();
            var x = new double[n];
            var y = new double[n];
            for (int g = 0, i = 0; g < groups; g++)
            {
                for (var k = 0; k < sizes[g]; k++, i++)
                {
                    x[i] = z[g] + (0.5 * Normal(random));
                    y[i] = 1 + eta[g] + Normal(random);
                }
            }

            var data = new PanelData([clusterColumn, new NumericColumn("x", x), new NumericColumn("y", y)]);
            var fit = Model.Regress("y").On("x").Cluster("g").Fit(data);
            if (fit["x"].PValue < 0.05)
            {
                rejectCr1++;
            }

            if (fit.WithVcov(Vcov.WildBootstrap("g", draws: 399, seed: r + 1))["x"].PValue < 0.05)
            {
                rejectWild++;
            }
        }

        double Rate(int count) => count / (double)replications;
        double Error(int count) => Math.Sqrt(Rate(count) * (1 - Rate(count)) / replications);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"G = {groups} clusters of 10 to 400 rows (N = {n}), {replications} replications, nominal 5 %, H0 true:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CR1 t test (G - 1 df):         rejection rate {Rate(rejectCr1):0.000} (Monte Carlo s.e. {Error(rejectCr1):0.000})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wild cluster bootstrap (WCR):  rejection rate {Rate(rejectWild):0.000} (Monte Carlo s.e. {Error(rejectWild):0.000})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>Times 9,999 WCR draws (every coefficient, p-values and intervals) on 1,000,000 rows with 50 clusters.</summary>
    internal static void RunLarge()
    {
        const int n = 1_000_000;
        var random = new Random(5);
        var labels = Enumerable.Range(0, 50).Select(g => $"c{g:00}").ToArray();
        var cluster = new string[n];
        var x = new double[n];
        var z = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            cluster[i] = labels[i % 50];
            x[i] = random.NextDouble();
            z[i] = random.NextDouble();
            y[i] = x[i] + z[i] + Normal(random);
        }

        var data = new PanelData([CategoricalColumn.FromLabels("g", cluster), new NumericColumn("x", x), new NumericColumn("z", z), new NumericColumn("y", y)]);
        var fit = Model.Regress("y").On("x", "z").Fe("g").Cluster("g").Fit(data);
        var watch = Stopwatch.StartNew();
        var boot = fit.WithVcov(Vcov.WildBootstrap("g", draws: 9999, seed: 1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"9,999 WCR draws, 1,000,000 rows, 50 clusters, fixed effects, {boot.Coefficients.Count} coefficients (p-values and intervals): {watch.Elapsed.TotalSeconds:0.00} s"));
    }

    internal static double Normal(Random random)
    {
        // Box–Muller: the simulation needs no more than a seeded standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
