using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Tests.Binary;

/// <summary>
/// Scale invariance of logit and probit: a regressor multiplied by s gives its coefficient, standard error and marginal
/// effect divided by s, the other numbers unchanged (the SwissLabor reference numbers of statsmodels), with no
/// regressor dropped; the absorbed fixed-effect fit likewise against its own unscaled fit.
/// </summary>
public sealed class BinaryChoiceScaleTests
{
    private const string Case = "logit-probit-swisslabor";

    private static PanelData Scaled(PanelData data, string name, double factor)
        => new(data.Columns.Select(c => c.Name == name ? new NumericColumn(name, ((NumericColumn)c).Values.ToArray().Select(v => v * factor).ToArray()) : c), data.UnitColumnName, data.TimeColumnName);

    private static void Close(double expected, double actual, string what)
        => Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("logit", 1e150)]
    [InlineData("logit", 1e-150)]
    [InlineData("logit", 1e-160)]
    [InlineData("logit", 1e200)]
    [InlineData("probit", 1e-160)]
    [InlineData("probit", 1e200)]
    public void ScaledRegressorScalesItsCoefficientOnly(string link, double factor)
    {
        var expected = ReferenceCase.Expected(Case).GetProperty(link);
        var data = Scaled(PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder(Case), "data.csv")), "income", factor);
        var start = link == "logit" ? Model.Logit("participation") : Model.Probit("participation");
        var fit = start.On("income", "age", Term.Interaction("age", "age"), "education", "youngkids", "oldkids", "foreign").Fit(data);

        Assert.Equal(872, fit.Observations);
        Assert.DoesNotContain(fit.Notes, n => n.Kind is NoteKind.Collinear or NoteKind.Absorbed);
        Check(expected.GetProperty("coefficients"), fit.Coefficients, factor);
        Check(expected.GetProperty("vcov").GetProperty("robust_stata").GetProperty("coefficients"), fit.WithVcov(Vcov.HC1).Coefficients, factor);
        Check(expected.GetProperty("average_marginal_effects").GetProperty("effects"), fit.AverageMarginalEffects(), factor);
        Close(expected.GetProperty("log_likelihood").GetDouble(), fit.LogLikelihood, "ll");
    }

    private static void Check(JsonElement expected, IReadOnlyList<Coefficient> actual, double factor)
    {
        foreach (var e in expected.EnumerateArray())
        {
            var name = e.GetProperty("name").GetString()!.Replace("I(age^2)", "age:age", StringComparison.Ordinal);
            var mine = actual.Single(c => c.Name == name);
            var scale = name == "income" ? 1 / factor : 1.0;
            if (e.TryGetProperty("estimate", out var estimate))
            {
                Close(estimate.GetDouble() * scale, mine.Estimate, $"{name} estimate");
            }

            Close(e.GetProperty("std_error").GetDouble() * scale, mine.StandardError, $"{name} se");
        }
    }

    [Theory]
    [InlineData(1e150)]
    [InlineData(1e-160)]
    [InlineData(1e200)]
    public void AbsorbedFixedEffectLogitScalesExactly(double factor)
    {
        // Both engines: unit + time (the one-pass engine) and unit + time + shift (the general loop).
        var data = PanelData.ReadCsv(Path.Combine(ReferenceCase.Folder("logit-panel-produc"), "data.csv"), unit: "state", time: "year");
        data = data.WithColumn(new NumericColumn("high", data.Numeric("unemp").Values.ToArray().Select(u => u > 6.5 ? 1.0 : 0.0).ToArray()));
        data = data.WithColumn(new NumericColumn("scaled_pc", data.Numeric("pc").Values.ToArray().Select(v => Math.Log(v) * factor).ToArray()));
        data = data.WithColumn(new NumericColumn("plain_pc", data.Numeric("pc").Values.ToArray().Select(v => Math.Log(v)).ToArray()));
        data = data.WithColumn(CategoricalColumn.FromNumbers("region_fe", data.Numeric("region").Values));
        foreach (var absorbed in new[] { new[] { "state", "year" }, new[] { "state", "year", "region_fe" } })
        {
            var reference = Model.Logit("high").On("plain_pc", "emp").Absorb(absorbed).Cluster("state").Fit(data);
            var fit = Model.Logit("high").On("scaled_pc", "emp").Absorb(absorbed).Cluster("state").Fit(data);
            Assert.Equal(reference.Observations, fit.Observations);
            Close(reference["plain_pc"].Estimate / factor, fit["scaled_pc"].Estimate, "estimate");
            Close(reference["plain_pc"].StandardError / factor, fit["scaled_pc"].StandardError, "se");
            Close(reference["emp"].Estimate, fit["emp"].Estimate, "emp");
            Close(reference["emp"].StandardError, fit["emp"].StandardError, "emp se");
        }
    }
}
