using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Instrumental.Diagnostics;
using ModelDsl.Reporting;
using ModelDsl.Results;
using ModelDsl.Tests.Reporting;

namespace ModelDsl.Tests.Instrumental;

/// <summary>
/// <see cref="InstrumentalResult.Diagnose"/>: the diagnostics built from a fit's own design agree with the fit (Hansen J),
/// with an explicit first-stage regression (Cragg–Donald F), with the dummy-variable model (absorbed fixed effects) and
/// with a direct <see cref="InstrumentDiagnostics.Compute"/> call on hand-demeaned data (clustered Kleibergen–Paap).
/// Data: the peer suite's simulated-data.csv (read in place).
/// </summary>
public sealed class InstrumentalDiagnosticsWiringTests
{
    private static readonly Lazy<string> CsvText = new(() => File.ReadAllText(StataIvPeerTests.PeerFile("simulated-data.csv")));

    private static PanelData Data()
    {
        var data = PanelData.ReadCsv(new StringReader(CsvText.Value), "simulated-data.csv");
        var binned = data.Numeric("x5").Values.ToArray().Select(v => Math.Floor(v * 4)).ToArray();
        return data.WithColumn(new NumericColumn("x5bin", binned));
    }

    private static Vcov VarianceOf(string name) => name switch
    {
        "iid" => Vcov.Iid,
        "hc1" => Vcov.HC1,
        "hac" => Vcov.Hac(4, "time"),
        _ => Vcov.Cluster("x5bin"),
    };

    [Theory]
    [InlineData("hc1", false)]
    [InlineData("hc1", true)]
    [InlineData("cluster", false)]
    [InlineData("hac", false)]
    public void The_diagnostics_Hansen_J_is_the_GMM_fit_s_J(string variance, bool weighted)
    {
        var model = Model.Regress("y_robust").On("x3", "x4").Vcov(VarianceOf(variance)).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"]).Gmm();
        var fit = (weighted ? model.Weighted("weights") : model).Fit(Data());

        var diagnostics = fit.Diagnose();

        Assert.Same(diagnostics, fit.Diagnose());
        Assert.True(fit.HansenJ > 0);
        Assert.Equal(fit.HansenJ, diagnostics.Overidentification.Statistic, fit.HansenJ * 1e-8);
        Assert.Equal(fit.HansenJPValue, diagnostics.Overidentification.PValue, 1e-8);
        Assert.Equal(fit.HansenJDegreesOfFreedom, diagnostics.Overidentification.DegreesOfFreedom);
        Assert.Equal(["x1", "x2"], diagnostics.EndogenousNames);
        Assert.Equal(["z1", "z2", "x5"], diagnostics.InstrumentNames);
        Assert.Equal(fit.Observations, diagnostics.Observations);
    }

    [Fact]
    public void The_Cragg_Donald_F_with_one_endogenous_regressor_is_the_first_stage_F_of_an_explicit_regression()
    {
        var data = Data();
        var fit = Model.Regress("y_unadjusted").On("x3", "x4").Instrument("x1", with: ["z1", "z2", "x5"]).Fit(data);

        // First stage by hand: x1 on [1, x3, x4] (restricted) and on [1, x3, x4, z1, z2, x5] (unrestricted).
        double[] Column(string name) => data.Numeric(name).Values.ToArray();
        var n = data.RowCount;
        var x1 = Vector<double>.Build.DenseOfArray(Column("x1"));
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        double Rss(params double[][] columns)
        {
            var a = Matrix<double>.Build.DenseOfColumnArrays(columns);
            var residual = x1 - a.Multiply(a.QR().Solve(x1));
            return residual.DotProduct(residual);
        }

        var restricted = Rss(ones, Column("x3"), Column("x4"));
        var unrestricted = Rss(ones, Column("x3"), Column("x4"), Column("z1"), Column("z2"), Column("x5"));
        var f = (restricted - unrestricted) / 3 / (unrestricted / (n - 6));

        var diagnostics = fit.Diagnose();
        Assert.Equal("unadjusted", diagnostics.Variance);
        Assert.Equal(f, diagnostics.CraggDonaldF.Statistic, f * 1e-8);
        Assert.Equal(3, diagnostics.FirstStages[0].F.DegreesOfFreedom);
        Assert.Equal(n - 6, diagnostics.FirstStages[0].F.DenominatorDegreesOfFreedom);
        Assert.Equal(f, diagnostics.FirstStages[0].F.Statistic, f * 1e-8);
    }

    public static TheoryData<string, bool, bool> AbsorbedCases => new()
    {
        { "iid", false, false },
        { "iid", true, true },
        { "hc1", false, true },
        { "cluster", false, false },
        { "cluster", true, true },
    };

    [Theory]
    [MemberData(nameof(AbsorbedCases))]
    public void Absorbed_fixed_effects_give_the_diagnostics_of_the_dummy_variable_model(string variance, bool small, bool weighted)
    {
        var data = Data();
        var ids = data.Numeric("cluster_id").Values.ToArray();
        var dummies = new List<Term>();
        foreach (var level in ids.Distinct().Order().Skip(1))
        {
            var name = $"g{level:0}";
            data = data.WithColumn(new NumericColumn(name, ids.Select(v => v == level ? 1.0 : 0.0).ToArray()));
            dummies.Add(name);
        }

        InstrumentalSpecification Finish(InstrumentalSpecification s)
        {
            s = s.Vcov(VarianceOf(variance));
            s = small ? s.Small() : s;
            return weighted ? s.Weighted("weights") : s;
        }

        var absorbed = Finish(Model.Regress("y_robust").On("x3", "x4").Fe("cluster_id").Instrument(["x1", "x2"], with: ["z1", "z2", "x5"])).Fit(data).Diagnose();
        var dummy = Finish(Model.Regress("y_robust").On("x3", "x4").Controls([.. dummies]).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"])).Fit(data).Diagnose();

        Assert.Equal(120, absorbed.AbsorbedDegreesOfFreedom);
        Assert.Equal(0, dummy.AbsorbedDegreesOfFreedom);
        var pairs = new (DiagnosticTest Absorbed, DiagnosticTest Dummy)[]
        {
            (absorbed.AndersonLm, dummy.AndersonLm),
            (absorbed.KleibergenPaapLm, dummy.KleibergenPaapLm),
            (absorbed.CraggDonaldF, dummy.CraggDonaldF),
            (absorbed.KleibergenPaapWaldF, dummy.KleibergenPaapWaldF),
            (absorbed.AndersonRubinF, dummy.AndersonRubinF),
            (absorbed.WuHausman, dummy.WuHausman),
        };
        if (variance == "cluster")
        {
            // The dummy model's J needs the cluster covariance of 125 moments from fewer clusters: singular. Partialling
            // the fixed effects out (ivreghdfe's way, and Diagnose's) is what makes the test computable.
            Assert.False(dummy.Overidentification.IsApplicable);
            Assert.Contains("singular", dummy.Overidentification.Reason, StringComparison.Ordinal);
            Assert.True(absorbed.Overidentification.IsApplicable && absorbed.Overidentification.Statistic > 0);
        }
        else
        {
            pairs = [.. pairs, (absorbed.Overidentification, dummy.Overidentification), (absorbed.Endogeneity, dummy.Endogeneity)];
        }

        foreach (var (a, d) in pairs)
        {
            Assert.True(Math.Abs(d.Statistic - a.Statistic) <= Math.Abs(d.Statistic) * 1e-8, $"{d.Name}: dummies {d.Statistic:R}, absorbed {a.Statistic:R}");
            Assert.True(d.DenominatorDegreesOfFreedom == a.DenominatorDegreesOfFreedom, $"{d.Name}: denominator df, dummies {d.DenominatorDegreesOfFreedom}, absorbed {a.DenominatorDegreesOfFreedom}");
        }

        for (var j = 0; j < 2; j++)
        {
            Assert.Equal(dummy.FirstStages[j].F.Statistic, absorbed.FirstStages[j].F.Statistic, dummy.FirstStages[j].F.Statistic * 1e-8);
            Assert.Equal(dummy.FirstStages[j].PartialRSquared, absorbed.FirstStages[j].PartialRSquared, 1e-10);
        }
    }

    [Fact]
    public void A_clustered_fit_gives_Kleibergen_Paap_statistics_of_hand_demeaned_data()
    {
        var data = Data();
        var fit = Model.Regress("y_clustered").On("x3").Fe("cluster_id").Vcov(Vcov.Cluster("x5bin")).Instrument("x1", with: ["z1", "z2"]).Fit(data);

        // Demean every column within cluster_id by hand.
        var ids = data.Numeric("cluster_id").Values.ToArray();
        var n = ids.Length;
        double[] Demeaned(string name)
        {
            var v = data.Numeric(name).Values.ToArray();
            var means = ids.Select((g, i) => (g, v: v[i])).GroupBy(p => p.g).ToDictionary(p => p.Key, p => p.Average(q => q.v));
            return [.. v.Select((value, i) => value - means[ids[i]])];
        }

        double[,] Matrix(params string[] names)
        {
            var columns = names.Select(Demeaned).ToArray();
            var result = new double[n, names.Length];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < names.Length; c++)
                {
                    result[i, c] = columns[c][i];
                }
            }

            return result;
        }

        var direct = InstrumentDiagnostics.Compute(new InstrumentDiagnosticsInput
        {
            Outcome = Demeaned("y_clustered"),
            Endogenous = Matrix("x1"),
            Exogenous = Matrix("x3"),
            ExcludedInstruments = Matrix("z1", "z2"),
            Variance = InstrumentVariance.Cluster([.. data.Numeric("x5bin").Values.ToArray().Select(v => (int)v)]),
            AbsorbedDegreesOfFreedom = ids.Distinct().Count(),
        });

        var wired = fit.Diagnose();
        Assert.Equal("cluster", wired.Variance);
        Assert.Equal(direct.Clusters, wired.Clusters);
        Assert.NotEqual(wired.CraggDonaldF.Statistic, wired.KleibergenPaapWaldF.Statistic, wired.CraggDonaldF.Statistic * 1e-3);
        Assert.NotEqual(wired.AndersonLm.Statistic, wired.KleibergenPaapLm.Statistic, wired.AndersonLm.Statistic * 1e-3);
        foreach (var (w, d) in new[]
        {
            (wired.KleibergenPaapLm, direct.KleibergenPaapLm),
            (wired.KleibergenPaapWaldF, direct.KleibergenPaapWaldF),
            (wired.CraggDonaldF, direct.CraggDonaldF),
            (wired.Overidentification, direct.Overidentification),
        })
        {
            Assert.Equal(d.Statistic, w.Statistic, Math.Abs(d.Statistic) * 1e-8);
            Assert.Equal(d.PValue, w.PValue, 1e-10);
        }
    }

    [Fact]
    public void The_first_stage_coefficients_on_the_excluded_instruments_are_the_diagnostics_ones()
    {
        var fit = Model.Regress("y_robust").On("x3").Vcov(Vcov.HC1).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"]).Fit(Data());
        var diagnostics = fit.Diagnose();
        for (var j = 0; j < 2; j++)
        {
            var full = fit.FirstStage(diagnostics.EndogenousNames[j]);
            Assert.Equal(fit.InstrumentNames, full.Select(c => c.Name));
            foreach (var c in diagnostics.FirstStages[j].Coefficients)
            {
                Assert.Equal(c.Estimate, full.Single(f => f.Name == c.Instrument).Estimate, Math.Abs(c.Estimate) * 1e-8);
                Assert.Equal(c.StandardError, full.Single(f => f.Name == c.Instrument).StandardError, c.StandardError * 1e-8);
            }
        }

        Assert.Throws<KeyNotFoundException>(() => fit.FirstStage("x3"));
    }

    [Fact]
    public void The_instrumental_table_prints_the_first_stage_beside_the_second_with_the_diagnostics()
    {
        var fit = Model.Regress("y_clustered").On("x3").Fe("cluster_id").Vcov(Vcov.Cluster("x5bin")).Instrument("x1", with: ["z1", "z2"]).Gmm().Fit(Data());
        var diagnostics = fit.Diagnose();
        var firstStage = fit.FirstStage("x1");

        var table = InstrumentalTable.Of(fit);
        var records = TableParsing.ReadCsv(table.ToCsv());
        var header = records.First(r => r.Contains("Second stage"));
        Assert.Equal(["First stage: x1", "Second stage"], header.Skip(1).Where(h => h.Length > 0));

        // Coefficients: the first stage's on z1 and x3 in column 1, the second stage's on x1 in column 2.
        static double Number(string cell) => double.Parse(cell.TrimEnd('*'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(firstStage.Single(c => c.Name == "z1").Estimate, Number(TableParsing.Row(records, "z1")[1]), 1e-4);
        Assert.Equal(firstStage.Single(c => c.Name == "x3").Estimate, Number(TableParsing.Row(records, "x3")[1]), 1e-4);
        Assert.Equal(fit["x3"].Estimate, Number(TableParsing.Row(records, "x3")[2]), 1e-4);
        Assert.Equal(fit["x1"].Estimate, Number(TableParsing.Row(records, "x1")[2]), 1e-4);
        Assert.Equal(string.Empty, TableParsing.Row(records, "x1")[1]);

        // The diagnostics rows, read back from the text a reader sees.
        Assert.Equal(diagnostics.FirstStages[0].F.Statistic, Number(TableParsing.Row(records, InstrumentalTable.FirstStageFLabel)[1]), 1e-3);
        Assert.Equal(string.Empty, TableParsing.Row(records, InstrumentalTable.FirstStageFLabel)[2]);
        var lm = TableParsing.Row(records, InstrumentalTable.KleibergenPaapLmLabel)[2];
        Assert.Equal($"{diagnostics.KleibergenPaapLm.Statistic.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} ({PValue(diagnostics.KleibergenPaapLm.PValue)})", lm);
        Assert.Equal(diagnostics.KleibergenPaapWaldF.Statistic, Number(TableParsing.Row(records, InstrumentalTable.KleibergenPaapWaldFLabel)[2]), 1e-3);
        Assert.Equal(diagnostics.CraggDonaldF.Statistic, Number(TableParsing.Row(records, InstrumentalTable.CraggDonaldFLabel)[2]), 1e-3);
        Assert.Equal(19.93, Number(TableParsing.Row(records, InstrumentalTable.StockYogoLabel)[2]), 1e-9);
        var j = TableParsing.Row(records, InstrumentalTable.HansenJLabel)[2];
        Assert.Equal($"{fit.HansenJ.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} ({PValue(fit.HansenJPValue)})", j);
        Assert.Single(records, r => r[0] == InstrumentalTable.HansenJLabel);

        // The text rendering carries the same rows.
        var text = table.ToText();
        Assert.Contains("First stage: x1", text, StringComparison.Ordinal);
        Assert.Contains(InstrumentalTable.CraggDonaldFLabel, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_instrumental_table_of_an_iid_2sls_fit_labels_Sargan_and_leaves_exactly_identified_tests_empty()
    {
        var exact = Model.Regress("y_unadjusted").On("x3").Instrument("x1", with: ["z1"]).Fit(Data());
        var records = TableParsing.ReadCsv(InstrumentalTable.Of(exact).ToCsv());
        Assert.Equal(string.Empty, TableParsing.Row(records, InstrumentalTable.SarganLabel)[2]);
        Assert.Equal(16.38, Number(TableParsing.Row(records, InstrumentalTable.StockYogoLabel)[2]), 1e-9);

        var over = Model.Regress("y_unadjusted").On("x3").Instrument("x1", with: ["z1", "z2"]).Fit(Data());
        var sargan = over.Diagnose().Overidentification;
        var row = TableParsing.Row(TableParsing.ReadCsv(InstrumentalTable.Of(over).ToCsv()), InstrumentalTable.SarganLabel)[2];
        Assert.Equal($"{sargan.Statistic.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} ({PValue(sargan.PValue)})", row);

        static double Number(string cell) => double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);
    }

    // The journal convention, written out independently of the library: three decimals, "< 0.001" below.
    private static string PValue(double p) => p < 0.001 ? "< 0.001" : p.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_documentation_example_runs_on_the_shipped_city_panel()
    {
        string? root = null;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null && root is null; directory = directory.Parent)
        {
            root = File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")) ? directory.FullName : null;
        }

        Assert.NotNull(root);
        var data = PanelData.ReadCsv(Path.Combine(root, "data", "cities_cbec.csv"), "city", "year", new CsvReadOptions().Categorical("province", "region", "ind_struct", "city_size"));

        // docs/instrumental.md, "Diagnostics and the first-stage table".
        var iv = Model.Regress("inno").On("lnpop", "lngdp")
            .Instrument("cbec", with: ["infra", "diginf"])
            .Fe("city", "year")
            .Vcov(Vcov.Cluster("city"))
            .Fit(data);
        var diagnostics = iv.Diagnose();
        Assert.Equal("cluster", diagnostics.Variance);
        Assert.True(diagnostics.WeakIdentification.IsApplicable);
        Assert.True(diagnostics.Overidentification.IsApplicable);
        var text = InstrumentalTable.Of(iv).ToText();
        Assert.Contains("First stage: cbec", text, StringComparison.Ordinal);
    }
}
