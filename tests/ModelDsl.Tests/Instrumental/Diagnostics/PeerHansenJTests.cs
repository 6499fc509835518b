using System.Globalization;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>
/// Hansen's J (and Sargan's statistic) against Stata's <c>ivregress gmm</c> two-step J in the linearmodels peer fixtures
/// (../shared/peer/linearmodels/iv/, read in place): the J of the efficient two-step GMM estimate with the weight from
/// 2SLS residuals is the J ivreg2 reports after 2SLS with the same variance (unadjusted: Sargan).
/// </summary>
public sealed class PeerHansenJTests
{
    public static TheoryData<string, int, bool> Blocks()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var wmatrix in new[] { "unadjusted", "robust", "cluster cluster_id", "hac bartlett 12" })
        {
            foreach (var exogenous in new[] { 0, 3 })
            {
                foreach (var weighted in new[] { false, true })
                {
                    data.Add(wmatrix, exogenous, weighted);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void JMatchesStataGmm(string wmatrix, int exogenous, bool weighted)
    {
        var folder = PeerFolder();
        var header = $"########## !gmm-num_endog_1-num_exog_{exogenous}-num_instr_2-weighted_{(weighted ? "True" : "False")}-wmatrix({wmatrix})-! ##########";
        var lines = File.ReadAllLines(Path.Combine(folder, "stata-iv-simulated-results.txt"));
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"Block '{header}' is not in the peer fixture.");
        var jLine = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("##########", StringComparison.Ordinal)).Single(l => l.StartsWith("J\t", StringComparison.Ordinal));
        var expected = double.Parse(jLine.Split('\t')[1], CultureInfo.InvariantCulture);

        var data = ReadCsv(Path.Combine(folder, "simulated-data.csv"));
        var outcome = wmatrix switch
        {
            "unadjusted" => "y_unadjusted",
            "robust" => "y_robust",
            "hac bartlett 12" => "y_kernel",
            _ => "y_clustered",
        };
        var exog = new[] { "x3", "x4", "x5" }.Take(exogenous).Append("_cons").ToArray();
        var input = new InstrumentDiagnosticsInput
        {
            Outcome = data[outcome],
            Endogenous = Matrix(data, "x1"),
            Exogenous = Matrix(data, exog),
            ExcludedInstruments = Matrix(data, "z1", "z2"),
            Weights = weighted ? data["weights"] : null,
            Variance = wmatrix switch
            {
                "unadjusted" => InstrumentVariance.Unadjusted,
                "robust" => InstrumentVariance.Robust,
                "hac bartlett 12" => InstrumentVariance.Hac(12),
                _ => InstrumentVariance.Cluster(data["cluster_id"].Select(v => (int)v).ToArray()),
            },
        };

        var result = InstrumentDiagnostics.Compute(input);

        // Stata prints J to 11 significant digits.
        DiagnosticsFixture.Close(expected, result.Overidentification.Statistic, 1e-8, header);
        Assert.Equal(1, result.Overidentification.DegreesOfFreedom);
    }

    /// <summary>../shared/peer/linearmodels/iv, found by walking up from the test assembly; a missing folder fails the test.</summary>
    internal static string PeerFolder() => PeerFixtures.Folder("iv");

    private static Dictionary<string, double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return header.Select((h, j) => (h, j)).Where(p => p.h.Length > 0).ToDictionary(p => p.h, p => rows.Select(r => double.Parse(r[p.j], CultureInfo.InvariantCulture)).ToArray(), StringComparer.Ordinal);
    }

    private static double[,] Matrix(Dictionary<string, double[]> data, params string[] names)
    {
        var n = data[names[0]].Length;
        var m = new double[n, names.Length];
        for (var j = 0; j < names.Length; j++)
        {
            for (var i = 0; i < n; i++)
            {
                m[i, j] = data[names[j]][i];
            }
        }

        return m;
    }
}
