using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Dsl;

public sealed class SpecificationTests
{
    [Fact]
    public void TermNamesFollowStataOperators()
    {
        Assert.Equal("L1.log(gsp)", Term.Lag(Term.Log("gsp"), 1).Name);
        Assert.Equal("F2.x", Term.Lead("x", 2).Name);
        Assert.Equal("D1.x", Term.Difference("x").Name);
        Assert.Equal("a:log(b)", Term.Interaction("a", Term.Log("b")).Name);
        Assert.Equal(Term.Log("gsp"), Term.Log(Term.Column("gsp")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Term.Lag("x", 0));
    }

    [Fact]
    public void VerbsReturnNewSpecifications()
    {
        var baseModel = Model.Regress("inno").On("cbec");
        var withControls = baseModel.Controls("ln_pop", "ln_gdp").Fe("city", "year").Cluster("city");

        Assert.Empty(baseModel.ControlTerms);
        Assert.Equal(["ln_pop", "ln_gdp"], withControls.ControlTerms.Select(t => t.Name));
        Assert.Equal(["city", "year"], withControls.FixedEffects.Select(t => t.Name));
        Assert.Equal("cluster(city)", withControls.Variance.Description);
        Assert.Equal(SmallSampleCorrection.Stata, withControls.Variance.Correction);
        Assert.Equal("hc1", withControls.Vcov(Vcov.HC1).Variance.Description);
        Assert.Equal("cluster(city, year)", Vcov.Cluster("city", "year").Description);
        Assert.Throws<ArgumentException>(() => withControls.Fe("city"));
        Assert.Throws<ArgumentException>(() => Vcov.Cluster("a", "b", "c"));
    }

    [Fact]
    public void StepwiseAddsOneControlPerColumn()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(11, 2);

        ModelSet steps = Model.Regress("y").On("x1").Controls("x2", "x3").Stepwise().Fe("g0", "g1").Cluster("g0").Fit(data);

        Assert.Equal(3, steps.Count);
        Assert.Equal(["x1", "(Intercept)"], steps[0].Coefficients.Select(c => c.Name));
        Assert.Equal(["x1", "x2", "(Intercept)"], steps[1].Coefficients.Select(c => c.Name));
        Assert.Equal(["x1", "x2", "x3", "(Intercept)"], steps[2].Coefficients.Select(c => c.Name));
        var direct = Model.Regress("y").On("x1").Controls("x2").Fe("g0", "g1").Cluster("g0").Fit(data);
        Assert.Equal(direct["x1"].Estimate, steps[1]["x1"].Estimate);
        Assert.Equal(direct["x1"].StandardError, steps[1]["x1"].StandardError);
        Assert.All(steps, s => Assert.Equal("cluster(g0)", s.Vcov.Description));
    }

    [Fact]
    public void StepwiseWithMissingControlsMatchesSeparateFits()
    {
        var (panel, _, _) = DummyVariableTests.RandomPanel(16, 2);
        var x3 = panel.Numeric("x3").Values.ToArray();
        for (var i = 0; i < x3.Length; i += 9)
        {
            x3[i] = double.NaN;
        }

        var data = panel.WithColumn(new NumericColumn("x3", x3));
        var steps = Model.Regress("y").On("x1").Controls("x2", "x3").Stepwise().Fe("g0", "g1").Cluster("g0").Fit(data);

        for (var step = 0; step < 3; step++)
        {
            var separate = Model.Regress("y").On("x1").Controls(new Term[] { "x2", "x3" }.Take(step).ToArray()).Fe("g0", "g1").Cluster("g0").Fit(data);
            Assert.Equal(separate.Observations, steps[step].Observations);
            Assert.Equal(separate["x1"].Estimate, steps[step]["x1"].Estimate);
            Assert.Equal(separate["x1"].StandardError, steps[step]["x1"].StandardError);
        }

        Assert.True(steps[2].Observations < steps[1].Observations);
    }

    [Fact]
    public void SeveralOutcomesShareTheRightHandSide()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(12, 1);

        var set = Model.Regress("y", "x3").On("x1", "x2").Fe("g0").Fit(data);

        Assert.Equal(["y", "x3"], set.Select(r => r.Dependent));
        Assert.Equal(Model.Regress("x3").On("x1", "x2").Fe("g0").Fit(data)["x2"].Estimate, set[1]["x2"].Estimate);
        Assert.Equal(4, Model.Regress("y", "x3").On("x1").Controls("x2").Stepwise().Fit(data).Count);
    }

    [Fact]
    public void JsonHasTheContractKeysWithRoundTripNumbers()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(13, 2);
        var fit = Model.Regress("y").On("x1", "x2").Fe("g0", "g1").Cluster("g0").Fit(data);
        var ols = Model.Regress("y").On("x1").Fit(data);

        using var document = JsonDocument.Parse(fit.ToJson());
        var root = document.RootElement;
        Assert.Equal("fe", root.GetProperty("estimator").GetString());
        Assert.Equal("y", root.GetProperty("dependent").GetString());
        Assert.Equal(fit.Observations, root.GetProperty("observations").GetInt32());
        Assert.Equal(fit.RSquared, root.GetProperty("r2").GetDouble());
        Assert.Equal(fit.RSquaredAdjusted, root.GetProperty("r2_adjusted").GetDouble());
        Assert.Equal(fit.RSquaredWithin, root.GetProperty("r2_within").GetDouble());
        Assert.Equal("cluster(g0)", root.GetProperty("vcov").GetString());
        Assert.Equal(["g0", "g1"], root.GetProperty("fixed_effects").EnumerateArray().Select(e => e.GetString()));
        var first = root.GetProperty("coefficients")[0];
        Assert.Equal("x1", first.GetProperty("name").GetString());
        Assert.Equal(fit["x1"].Estimate, first.GetProperty("estimate").GetDouble());
        Assert.Equal(fit["x1"].StandardError, first.GetProperty("std_error").GetDouble());
        foreach (var key in new[] { "t", "p", "ci_low", "ci_high" })
        {
            Assert.Equal(JsonValueKind.Number, first.GetProperty(key).ValueKind);
        }

        Assert.Equal(JsonValueKind.Array, root.GetProperty("notes").ValueKind);
        using var olsDocument = JsonDocument.Parse(ols.ToJson());
        Assert.Equal(JsonValueKind.Null, olsDocument.RootElement.GetProperty("r2_within").ValueKind);
        using var setDocument = JsonDocument.Parse(new ModelSet([fit, ols]).ToJson());
        Assert.Equal(2, setDocument.RootElement.GetArrayLength());
    }

    [Fact]
    public void ResultsGiveTypedAccessAndIntervals()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(14, 1);
        var fit = Model.Regress("y").On("x1", "x2").Fe("g0").Fit(data);

        var x1 = fit["x1"];
        Assert.Equal(x1, fit[Term.Column("x1")]);
        Assert.True(x1.ConfidenceLow < x1.Estimate && x1.Estimate < x1.ConfidenceHigh);
        var narrower = Model.Regress("y").On("x1", "x2").Fe("g0").Confidence(0.90).Fit(data)["x1"];
        Assert.True(narrower.ConfidenceHigh - narrower.ConfidenceLow < x1.ConfidenceHigh - x1.ConfidenceLow);
        var error = Assert.Throws<KeyNotFoundException>(() => fit["x9"]);
        Assert.Contains("x1, x2, (Intercept)", error.Message, StringComparison.Ordinal);
        Assert.Equal(fit["x1"].StandardError * fit["x1"].StandardError, fit.Covariance("x1", "x1"), 12);
    }

    [Fact]
    public void TypedPathFindsColumnsByPosition()
    {
        var (data, _, _) = DummyVariableTests.RandomPanel(15, 1);
        var byName = Model.Regress("y").On("x1").Fe("g0").Fit(data);
        var byPosition = Model.Regress(new ColumnTerm("y", data.IndexOf("y"))).On(new ColumnTerm("x1", data.IndexOf("x1"))).Fe(new ColumnTerm("g0", data.IndexOf("g0"))).Fit(data);

        Assert.Equal(byName["x1"].Estimate, byPosition["x1"].Estimate);
        Assert.Equal(byName["x1"].StandardError, byPosition["x1"].StandardError);
    }
}
