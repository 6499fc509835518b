using System.Globalization;
using System.Text;

using ModelDsl.Data;
using ModelDsl.Results;

using Xunit.Abstractions;

namespace ModelDsl.Tests.Instrumental;

/// <summary>
/// The peer suite: Stata 13's <c>ivregress</c> output from linearmodels' test suite (commit in
/// ../shared/peer/linearmodels/README.md), read in place. Every block is refitted with the string-keyed verbs and compared:
/// coefficients 1e-8 relative, t statistics, e(V) and e(W) 1e-6 relative (to √(V_ii V_jj) for a cell), r2, r2_a, mss,
/// rss, rmse and κ 1e-8, the model χ² or F, its p-value and Hansen's J 1e-6 — each widened by half a unit of the last
/// digit Stata printed (%13.12g; e.g. 7 significant digits in exponent form), which is all the printout can show.
/// </summary>
/// <remarks>
/// Block keys (linearmodels' execute-stata*.py): simulated data <c>method-num_endog_e-num_exog_x-num_instr_i-weighted_W-vce-options</c>
/// with endogenous x1 (x1 x2), exogenous none (x3 x4 x5), instruments z1 (z1 z2), outcome y_unadjusted / y_robust /
/// y_clustered / y_kernel by variance (unadjusted / robust / cluster cluster_id / hac bartlett 12 over <c>tsset time</c>),
/// aweight <c>weights</c>, options small / noconstant / center (GMM: wmatrix(...) and vce of the same kind). Housing:
/// <c>ivregress m rent pcturban (hsngval = faminc i.region)</c> with unadjusted / robust / cluster(division) and small or not.
/// </remarks>
public sealed class StataIvPeerTests(ITestOutputHelper output)
{
    /// <summary>Blocks the library cannot match, with the reason; the test fails if this list grows.</summary>
    private static readonly IReadOnlyDictionary<string, string> KnownUnmatched = new Dictionary<string, string>(StringComparer.Ordinal);

    private const int MaxKnownUnmatched = 0;

    private static readonly Lazy<PanelData> Simulated = new(() => PanelData.ReadCsv(PeerFile("simulated-data.csv")));

    private static readonly Lazy<PanelData> Housing = new(LoadHousing);

    [Fact]
    public void Every_block_of_the_Stata_ivregress_suite_is_reproduced()
    {
        var simulated = StataIvResults.Read(PeerFile("stata-iv-simulated-results.txt"));
        var housing = StataIvResults.Read(PeerFile("stata-iv-housing-results.txt"));
        Assert.Equal(768, simulated.Count);
        Assert.Equal(18, housing.Count);
        Assert.True(KnownUnmatched.Count <= MaxKnownUnmatched, $"The list of unmatched blocks grew to {KnownUnmatched.Count}.");

        var failures = new List<string>();
        var worst = new Dictionary<string, double>(StringComparer.Ordinal);
        var ran = 0;
        foreach (var (key, block) in simulated.Select(p => (p.Key, p.Value)).Concat(housing.Select(p => (p.Key, p.Value))))
        {
            if (KnownUnmatched.ContainsKey(key))
            {
                continue;
            }

            InstrumentalResult fit;
            try
            {
                fit = simulated.ContainsKey(key) ? FitSimulated(key) : FitHousing(key);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
            {
                failures.Add($"{key}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            Compare(key, block, fit, failures, worst);
            ran++;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran {ran} of {simulated.Count + housing.Count} Stata ivregress blocks ({KnownUnmatched.Count} listed as unmatched)."));
        foreach (var (quantity, error) in worst.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  max relative difference (printout rounding included), {quantity}: {error:E2}"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n{string.Join("\n", failures.Take(40))}");
        Assert.Equal(786 - KnownUnmatched.Count, ran);
    }

    internal static InstrumentalResult FitSimulated(string key)
    {
        var parts = key.Split('-');
        var (method, endogenousCount, exogenousCount, instrumentCount, weighted, variance, options) =
            (parts[0], parts[1][^1], parts[2][^1], parts[3][^1], parts[4].EndsWith("True", StringComparison.Ordinal), parts[5], parts[6]);
        var kind = variance.Replace("wmatrix", "vce", StringComparison.Ordinal);
        var (outcome, vcov) = kind switch
        {
            "vce(unadjusted)" => ("y_unadjusted", Vcov.Iid),
            "vce(robust)" => ("y_robust", Vcov.HC1),
            "vce(cluster cluster_id)" => ("y_clustered", Vcov.Cluster("cluster_id")),
            "vce(hac bartlett 12)" => ("y_kernel", Vcov.Hac(12, "time")),
            _ => throw new KeyNotFoundException($"Unknown variance '{variance}' in block '{key}'."),
        };
        var regression = Model.Regress(outcome).Vcov(vcov);
        if (exogenousCount == '3')
        {
            regression = regression.On("x3", "x4", "x5");
        }

        if (options.Contains("noconstant", StringComparison.Ordinal))
        {
            regression = regression.WithoutIntercept();
        }

        Term[] endogenous = endogenousCount == '2' ? ["x1", "x2"] : ["x1"];
        Term[] instruments = instrumentCount == '2' ? ["z1", "z2"] : ["z1"];
        var model = regression.Instrument(endogenous, with: instruments);
        model = method switch
        {
            "2sls" => model,
            "liml" => model.Liml(),
            "gmm" => model.Gmm(center: options.Contains("center", StringComparison.Ordinal)),
            _ => throw new KeyNotFoundException($"Unknown method '{method}' in block '{key}'."),
        };
        if (options.Contains("small", StringComparison.Ordinal))
        {
            model = model.Small();
        }

        if (weighted)
        {
            model = model.Weighted("weights");
        }

        return model.Fit(Simulated.Value);
    }

    internal static InstrumentalResult FitHousing(string key)
    {
        var parts = key.Split('-');
        var vcov = parts[1] switch
        {
            "unadjusted" => Vcov.Iid,
            "robust" => Vcov.HC1,
            "cluster" => Vcov.Cluster("division"),
            _ => throw new KeyNotFoundException($"Unknown variance '{parts[1]}' in block '{key}'."),
        };
        var model = Model.Regress("rent").On("pcturban").Vcov(vcov).Instrument("hsngval", with: ["faminc", "2.region", "3.region", "4.region"]);
        model = parts[0] switch
        {
            "2sls" => model,
            "liml" => model.Liml(),
            "gmm" => model.Gmm(),
            _ => throw new KeyNotFoundException($"Unknown method '{parts[0]}' in block '{key}'."),
        };
        return (parts[2] == "small" ? model.Small() : model).Fit(Housing.Value);
    }

    private static void Compare(string key, StataIvBlock block, InstrumentalResult fit, List<string> failures, Dictionary<string, double> worst)
    {
        void Check(string quantity, string what, double actual, Printed expected, double relative, double scale = double.NaN)
        {
            var reference = double.IsNaN(scale) ? Math.Abs(expected.Value) : scale;
            var tolerance = (relative * reference) + (expected.HalfUnit * 1.000001);
            var difference = Math.Abs(actual - expected.Value);
            if (!(difference <= tolerance))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {what}: ours {actual:R}, Stata {expected.Value:R} (tolerance {tolerance:E2})"));
            }

            // Reported: the plain relative difference (rounding of the printout included).
            var error = reference > 0 ? difference / reference : 0;
            worst[quantity] = Math.Max(worst.GetValueOrDefault(quantity), error);
        }

        static string Ours(string stata) => stata == "_cons" ? Coefficient.InterceptName : stata;

        Assert.Equal(block.Parameters.Count, fit.Coefficients.Length);
        foreach (var (name, (b, t)) in block.Parameters)
        {
            var c = fit[Ours(name)];
            Check("coefficient", $"b[{name}]", c.Estimate, b, 1e-8);
            Check("t statistic", $"t[{name}]", c.TStatistic, t, 1e-6);
        }

        var v = fit.Covariance();
        var names = fit.Names;
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = 0; j < names.Length; j++)
            {
                var expected = block.Variance[Stata(names[i]), Stata(names[j])];
                var scale = Math.Sqrt(Math.Abs(block.Variance[Stata(names[i]), Stata(names[i])].Value * block.Variance[Stata(names[j]), Stata(names[j])].Value));
                Check("V", $"V[{names[i]}, {names[j]}]", v[i, j], expected, 1e-6, scale);
            }
        }

        var statistics = new (string Name, double Ours, double Relative)[]
        {
            ("r2", fit.RSquared, 1e-8),
            ("r2_a", fit.RSquaredAdjusted, 1e-8),
            ("mss", fit.ModelSumOfSquares, 1e-8),
            ("rss", fit.ResidualSumOfSquares, 1e-8),
            ("rmse", fit.RootMeanSquaredError, 1e-8),
            ("kappa", fit.Kappa, 1e-8),
            ("chi2", fit.ModelTest.ChiSquare, 1e-6),
            ("F", fit.ModelTest.F, 1e-6),
            ("p", fit.ModelTest.PValue, 1e-5),
        };
        foreach (var (name, ours, relative) in statistics)
        {
            if (block.Statistics.TryGetValue(name, out var expected) && expected is { } value)
            {
                Check(name, name, ours, value, relative);
            }
        }

        if (block.Statistics.TryGetValue("J", out var j2) && j2 is { } jValue)
        {
            // J of an exactly identified model is zero up to rounding (Stata prints 1e-25 and the like).
            Check("J", "J", fit.HansenJ, jValue with { HalfUnit = jValue.HalfUnit + 1e-9 }, 1e-6);
        }

        if (block.Weight is { } weight)
        {
            var w = fit.WeightMatrix() ?? throw new InvalidOperationException($"{key}: Stata printed a GMM weight matrix but the fit has none.");
            var instruments = fit.InstrumentNames;
            for (var i = 0; i < instruments.Length; i++)
            {
                for (var j = 0; j < instruments.Length; j++)
                {
                    var scale = Math.Sqrt(Math.Abs(weight[Stata(instruments[i]), Stata(instruments[i])].Value * weight[Stata(instruments[j]), Stata(instruments[j])].Value));
                    Check("W", $"W[{instruments[i]}, {instruments[j]}]", w[i, j], weight[Stata(instruments[i]), Stata(instruments[j])], 1e-6, scale);
                }
            }

            // Stata's W has a zero row and column for the base level of i.region; nothing else may be left over.
            var extra = weight.Names.Where(n => !instruments.Select(Stata).Contains(n) && n != "1b.region").ToList();
            if (extra.Count > 0)
            {
                failures.Add($"{key}: Stata's weight matrix has instruments the fit lacks: {string.Join(", ", extra)}");
            }
        }
    }

    private static string Stata(string ours) => ours == Coefficient.InterceptName ? "_cons" : ours;

    // The housing CSV's first header field is empty (a pandas index); it is named "row" here. Stata's i.region uses
    // hsng.dta's codes 1 NE, 2 N Cntrl, 3 South, 4 West with NE the base; the dummies carry Stata's names.
    private static PanelData LoadHousing()
    {
        var text = File.ReadAllText(PeerFile("housing.csv"));
        var data = PanelData.ReadCsv(new StringReader("row" + text), "housing.csv");
        var region = data.Categorical("region");
        var codes = region.Codes.ToArray();
        foreach (var (label, name) in new[] { ("N Cntrl", "2.region"), ("South", "3.region"), ("West", "4.region") })
        {
            var level = region.Levels.ToList().IndexOf(label);
            Assert.True(level >= 0, $"Region '{label}' is not in housing.csv.");
            data = data.WithColumn(new NumericColumn(name, codes.Select(c => c == level ? 1.0 : 0.0).ToArray()));
        }

        return data;
    }

    /// <summary>A file of ../shared/peer/linearmodels/iv (see <see cref="PeerFixtures"/>); missing fixtures fail the test.</summary>
    internal static string PeerFile(string name)
    {
        var path = PeerFixtures.File("iv", name);
        Assert.True(File.Exists(path), $"The peer fixture {path} is missing.");
        return path;
    }
}
