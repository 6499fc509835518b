using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Tests.Instrumental;

/// <summary>
/// Absorbed fixed effects against the independent dummy-variable path, Fuller's κ against the k-class formula, the HAC
/// row order, the typed errors and notes, JSON and tables. Data: the peer suite's simulated-data.csv (read in place).
/// </summary>
public sealed class InstrumentalVariablesTests
{
    private static readonly Lazy<string> CsvText = new(() => File.ReadAllText(StataIvPeerTests.PeerFile("simulated-data.csv")));

    private static PanelData Data() => PanelData.ReadCsv(new StringReader(CsvText.Value), "simulated-data.csv");

    // 119 dummies of cluster_id (level 0 the base): the fixed effects as regressors that instrument themselves.
    private static (PanelData Data, Term[] Dummies) WithDummies()
    {
        var data = Data();
        var ids = data.Numeric("cluster_id").Values.ToArray();
        var levels = ids.Distinct().Order().ToArray();
        var dummies = new List<Term>();
        foreach (var level in levels.Skip(1))
        {
            var name = $"g{level:0}";
            data = data.WithColumn(new NumericColumn(name, ids.Select(v => v == level ? 1.0 : 0.0).ToArray()));
            dummies.Add(name);
        }

        return (data, [.. dummies]);
    }

    public static TheoryData<string, string, bool, bool> Cases => new()
    {
        { "2sls", "iid", false, false },
        { "2sls", "iid", true, false },
        { "2sls", "hc1", true, true },
        { "2sls", "cluster", true, false },
        { "2sls", "cluster", false, true },
        { "liml", "iid", true, false },
        { "liml", "hc1", false, true },
        { "liml", "cluster", true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Absorbed_fixed_effects_equal_the_dummy_variable_estimator(string method, string variance, bool small, bool weighted)
    {
        var (data, dummies) = WithDummies();
        var vcov = variance switch { "iid" => Vcov.Iid, "hc1" => Vcov.HC1, _ => Vcov.Cluster("x5bin") };
        var binned = data.Numeric("x5").Values.ToArray().Select(v => Math.Floor(v * 4)).ToArray();
        data = data.WithColumn(new NumericColumn("x5bin", binned));

        InstrumentalSpecification Finish(InstrumentalSpecification s)
        {
            s = method == "liml" ? s.Liml() : s;
            s = small ? s.Small() : s;
            return weighted ? s.Weighted("weights") : s;
        }

        var absorbed = Finish(Model.Regress("y_robust").On("x3", "x4").Fe("cluster_id").Vcov(vcov).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"])).Fit(data);
        var dummy = Finish(Model.Regress("y_robust").On("x3", "x4").Controls(dummies).Vcov(vcov).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"])).Fit(data);

        Assert.Equal(dummy.Parameters, absorbed.Parameters);
        Assert.Equal(dummy.Kappa, absorbed.Kappa, 1e-10);
        foreach (var name in new[] { "x1", "x2", "x3", "x4" })
        {
            var a = absorbed[name];
            var d = dummy[name];
            Assert.Equal(d.Estimate, a.Estimate, Math.Abs(d.Estimate) * 1e-8);
            Assert.Equal(d.StandardError, a.StandardError, d.StandardError * 1e-6);
        }

        Assert.Equal(dummy.ResidualSumOfSquares, absorbed.ResidualSumOfSquares, dummy.ResidualSumOfSquares * 1e-8);
        Assert.Equal(dummy.RSquared, absorbed.RSquared, 1e-8);
        Assert.DoesNotContain(Coefficient.InterceptName, absorbed.Names);
    }

    [Fact]
    public void Fuller_is_the_k_class_estimator_with_kappa_liml_minus_alpha_over_n_minus_l()
    {
        var data = Data();
        var liml = Model.Regress("y_unadjusted").On("x3").Instrument("x1", with: ["z1", "z2"]).Liml().Fit(data);
        var fuller = Model.Regress("y_unadjusted").On("x3").Instrument("x1", with: ["z1", "z2"]).Fuller(1).Fit(data);
        var n = data.RowCount;
        Assert.Equal(liml.Kappa - (1.0 / (n - 4)), fuller.Kappa, 1e-12);   // L = x3, constant, z1, z2

        // b = [X'(I − κM_Z)X]⁻¹ X'(I − κM_Z)y, computed here with explicit projections.
        Vector<double> Col(string name) => Vector<double>.Build.DenseOfArray(data.Numeric(name).Values.ToArray());
        var ones = Vector<double>.Build.Dense(n, 1.0);
        var x = Matrix<double>.Build.DenseOfColumnVectors(Col("x1"), Col("x3"), ones);
        var z = Matrix<double>.Build.DenseOfColumnVectors(Col("x3"), ones, Col("z1"), Col("z2"));
        var y = Col("y_unadjusted");
        var mz = Matrix<double>.Build.DenseIdentity(n) - (z * (z.TransposeThisAndMultiply(z)).Inverse() * z.Transpose());
        var a = Matrix<double>.Build.DenseIdentity(n) - (mz * fuller.Kappa);
        var b = x.TransposeThisAndMultiply(a * x).Solve(x.TransposeThisAndMultiply(a * y));
        Assert.Equal(b[0], fuller["x1"].Estimate, Math.Abs(b[0]) * 1e-9);
        Assert.Equal(b[1], fuller["x3"].Estimate, Math.Abs(b[1]) * 1e-9);
        Assert.Equal(b[2], fuller[Coefficient.InterceptName].Estimate, Math.Abs(b[2]) * 1e-9);
        Assert.NotEqual(liml["x1"].Estimate, fuller["x1"].Estimate);
    }

    [Fact]
    public void Hac_orders_rows_by_the_time_variable_not_by_the_file()
    {
        var lines = CsvText.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var body = lines.Skip(1).ToArray();
        var shuffled = lines.Take(1).Concat(Enumerable.Range(0, body.Length).OrderBy(i => (i * 7919) % body.Length).Select(i => body[i]));
        var scrambled = PanelData.ReadCsv(new StringReader(string.Join('\n', shuffled)), "shuffled.csv");
        var model = Model.Regress("y_kernel").Vcov(Vcov.Hac(12, "time")).Instrument("x1", with: ["z1", "z2"]).Gmm();
        var ordered = model.Fit(Data());
        var fromShuffled = model.Fit(scrambled);
        Assert.Equal(ordered["x1"].Estimate, fromShuffled["x1"].Estimate, 1e-10);
        Assert.Equal(ordered["x1"].StandardError, fromShuffled["x1"].StandardError, 1e-10);
        Assert.Equal("hac(bartlett, 12, time)", ordered.Vcov.Description);

        // Without a time variable the file order is the time order, and the scrambled file gives another (wrong) answer.
        var byRow = Model.Regress("y_kernel").Vcov(Vcov.Hac(12)).Instrument("x1", with: ["z1", "z2"]).Gmm();
        Assert.Equal(ordered["x1"].StandardError, byRow.Fit(Data())["x1"].StandardError, 1e-10);
        Assert.NotEqual(ordered["x1"].StandardError, byRow.Fit(scrambled)["x1"].StandardError, 1e-6);
        Assert.Equal(4, Vcov.NeweyWestLags(100));
    }

    [Fact]
    public void An_instrument_that_is_also_a_regressor_is_a_typed_error()
    {
        var error = Assert.Throws<InstrumentSpecificationException>(() => Model.Regress("y_robust").On("x3").Instrument("x1", with: ["z1", "x3"]).Fit(Data()));
        Assert.Contains("'x3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("exogenous regressor", error.Message, StringComparison.Ordinal);
        Assert.Throws<InstrumentSpecificationException>(() => Model.Regress("y_robust").Controls("x3").Instrument("x3", with: ["z1"]));
    }

    [Fact]
    public void Fewer_excluded_instruments_than_endogenous_regressors_is_an_underidentification_error()
    {
        var error = Assert.Throws<UnderidentificationException>(() => Model.Regress("y_robust").Instrument(["x1", "x2"], with: ["z1"]).Fit(Data()));
        Assert.Equal(2, error.EndogenousCount);
        Assert.Equal(1, error.InstrumentCount);
        Assert.Contains("x1, x2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collinear_instrument_is_dropped_with_a_note_naming_it()
    {
        var data = Data();
        data = data.WithColumn(new NumericColumn("z1twice", data.Numeric("z1").Values.ToArray().Select(v => 2 * v).ToArray()));
        var fit = Model.Regress("y_robust").Instrument("x1", with: ["z1", "z1twice", "z2"]).Fit(data);
        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.Collinear);
        Assert.Contains("instrument z1twice is collinear", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("z1twice", fit.InstrumentNames);
        var reference = Model.Regress("y_robust").Instrument("x1", with: ["z1", "z2"]).Fit(data);
        Assert.Equal(reference["x1"].Estimate, fit["x1"].Estimate, 1e-10);

        // With two endogenous regressors the collinear instrument leaves too few: the error counts the usable ones.
        var error = Assert.Throws<UnderidentificationException>(() => Model.Regress("y_robust").Instrument(["x1", "x2"], with: ["z1", "z1twice"]).Fit(data));
        Assert.Equal(1, error.InstrumentCount);
    }

    [Fact]
    public void Rows_with_missing_values_are_dropped_with_a_note_giving_the_count()
    {
        var data = Data();
        var z2 = data.Numeric("z2").Values.ToArray();
        z2[3] = double.NaN;
        z2[10] = double.NaN;
        var fit = Model.Regress("y_robust").Instrument("x1", with: ["z1", "z2"]).Fit(data.WithColumn(new NumericColumn("z2", z2)));
        Assert.Equal(data.RowCount - 2, fit.Observations);
        var note = Assert.Single(fit.Notes, n => n.Kind == NoteKind.MissingValues);
        Assert.Equal(2, note.Count);
        Assert.Contains("z2", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_table_and_text_carry_the_iv_statistics()
    {
        var fit = Model.Regress("y_clustered").On("x3").Vcov(Vcov.Cluster("cluster_id")).Instrument("x1", with: ["z1", "z2"]).Gmm().Small().Fit(Data());
        var json = System.Text.Json.JsonDocument.Parse(fit.ToJson()).RootElement;
        Assert.Equal("gmm", json.GetProperty("estimator").GetString());
        Assert.Equal(fit.HansenJ, json.GetProperty("hansen_j").GetDouble());
        Assert.Equal(["x1"], json.GetProperty("endogenous").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, json.GetProperty("coefficients").GetArrayLength());
        Assert.Equal(fit.ModelTest.F, json.GetProperty("model_test").GetProperty("f").GetDouble());
        Assert.Contains("Hansen's J", fit.ToString(), StringComparison.Ordinal);
        Assert.Equal(119, fit.InferenceDegreesOfFreedom);
        Assert.Equal(fit.Names.Length, fit.Design.X.ColumnCount);
        Assert.Equal(fit.InstrumentNames.Length, fit.Design.Z.ColumnCount);
        Assert.Equal(2, fit.Design.Included);   // x3 and the constant

        var table = RegressionTable.Of(fit, Model.Regress("y_clustered").On("x3").Instrument("x1", with: ["z1", "z2"]).Liml().Fit(Data())).ToText();
        Assert.Contains("Hansen J", table, StringComparison.Ordinal);
        Assert.Contains("LIML", table, StringComparison.Ordinal);
        Assert.Contains("x1", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Hac_requested_for_a_least_squares_fit_says_where_it_is_available()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("y_kernel").On("x1").Vcov(Vcov.Hac(4)).Fit(Data()));
        Assert.Contains("instrumental-variables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_invariant_instrument_absorbed_by_the_fixed_effects_is_named_in_the_error()
    {
        var data = Data();
        var ids = data.Numeric("cluster_id").Values.ToArray();
        data = data.WithColumn(new NumericColumn("geography", ids.Select(g => Math.Sin(g)).ToArray()));
        var error = Assert.Throws<UnderidentificationException>(() => Model.Regress("y_robust").Instrument("x1", with: ["geography"]).Fe("cluster_id").Fit(data));
        Assert.Equal(0, error.InstrumentCount);
        Assert.Contains("geography", error.Message, StringComparison.Ordinal);
        Assert.Contains("absorbed by the fixed effects (cluster_id)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Term.Interaction", error.Message, StringComparison.Ordinal);

        // With another instrument left the model is estimated, and the absorbed one is a note.
        var fit = Model.Regress("y_robust").Instrument("x1", with: ["geography", "z1"]).Fe("cluster_id").Fit(data);
        Assert.Contains(fit.Notes, n => n.Kind == NoteKind.Absorbed && n.Message.Contains("instrument geography", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_input_gets_errors_that_say_what_to_change()
    {
        var data = Data();
        var weights = data.Numeric("weights").Values.ToArray();
        weights[5] = 0;
        var zeroWeight = Assert.Throws<ArgumentException>(() => Model.Regress("y_robust").Instrument("x1", with: ["z1"]).Weighted("w0").Fit(data.WithColumn(new NumericColumn("w0", weights))));
        Assert.Contains("Row 6", zeroWeight.Message, StringComparison.Ordinal);

        var ties = Assert.Throws<InvalidOperationException>(() => Model.Regress("y_kernel").Vcov(Vcov.Hac(2, "cluster_id")).Instrument("x1", with: ["z1"]).Fit(data));
        Assert.Contains("one row per period", ties.Message, StringComparison.Ordinal);

        var twoWay = Assert.Throws<InvalidOperationException>(() => Model.Regress("y_clustered").Vcov(Vcov.Cluster("cluster_id", "time")).Instrument("x1", with: ["z1"]).Fit(data));
        Assert.Contains("one variable", twoWay.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => Vcov.Hac(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Regress("y_robust").Instrument("x1", with: ["z1"]).Fuller(0));
        Assert.Throws<ArgumentException>(() => Model.Regress("y_robust").Instrument("x1"));
        Assert.Throws<InstrumentSpecificationException>(() => Model.Regress("y_robust").Instrument("x1", with: ["y_robust"]).Fit(data));
    }
}
