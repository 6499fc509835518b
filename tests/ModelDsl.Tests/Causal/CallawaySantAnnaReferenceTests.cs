using System.Text.Json;

using ModelDsl.Causal;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>Callaway–Sant'Anna ATT(g,t), influence-function standard errors and aggregations against reference/cs-produc (R by hand).</summary>
public sealed class CallawaySantAnnaReferenceTests
{
    private const string Case = "cs-produc";

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach (var configuration in Expected(Case).GetProperty("configurations").EnumerateArray())
        {
            data.Add(configuration.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void GroupTimeEffectsAndAggregationsMatchR(string name)
    {
        var expected = Expected(Case).GetProperty("configurations").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);
        var result = Specification(expected).Fit(Produc(Case));

        // A skipped cell would show up as a count mismatch below; say which and why.
        Assert.True(result.GroupTimeEffects.Count == expected.GetProperty("group_time").GetArrayLength(), string.Join(" / ", result.Notes.Select(n => n.Message)));
        Assert.Equal(expected.GetProperty("units").GetInt32(), result.Units);
        var cells = expected.GetProperty("group_time").EnumerateArray().ToArray();
        Assert.Equal(cells.Length, result.GroupTimeEffects.Count);
        foreach (var cell in cells)
        {
            var g = cell.GetProperty("group").GetDouble();
            var t = cell.GetProperty("period").GetDouble();
            var actual = result[g, t];
            Assert.Equal(cell.GetProperty("base_period").GetDouble(), actual.BasePeriod);
            Close(cell.GetProperty("estimate").GetDouble(), actual.Coefficient.Estimate, 1e-8, $"{name} ATT({g},{t})");
            if (cell.GetProperty("std_error") is { ValueKind: JsonValueKind.Number } se)
            {
                Close(se.GetDouble(), actual.Coefficient.StandardError, 1e-6, $"{name} se ATT({g},{t})");
            }
            else
            {
                Assert.True(actual.IsReference);
                Assert.Equal(0.0, actual.Coefficient.Estimate);
            }
        }

        foreach (var aggregation in expected.GetProperty("aggregations").EnumerateObject())
        {
            var kind = Enum.Parse<AggregationKind>(aggregation.Name, ignoreCase: true);
            var actual = result.Aggregate(kind);
            var overall = aggregation.Value.GetProperty("overall");
            Close(overall.GetProperty("estimate").GetDouble(), actual.Overall.Estimate, 1e-8, $"{name} {kind} overall");
            Close(overall.GetProperty("std_error").GetDouble(), actual.Overall.StandardError, 1e-6, $"{name} {kind} overall se");
            var effects = aggregation.Value.GetProperty("effects").EnumerateArray().ToArray();
            Assert.Equal(effects.Length, actual.Effects.Count);
            foreach (var effect in effects)
            {
                var key = effect.GetProperty("key").GetDouble();
                Close(effect.GetProperty("estimate").GetDouble(), actual[key].Coefficient.Estimate, 1e-8, $"{name} {kind} {key}");
                // The universal base period's event time is 0 by construction: R's formula gives se 0, ours reports none.
                if (effect.GetProperty("std_error") is { ValueKind: JsonValueKind.Number } se && se.GetDouble() > 0)
                {
                    Close(se.GetDouble(), actual[key].Coefficient.StandardError, 1e-6, $"{name} {kind} {key} se");
                }
                else
                {
                    Assert.True(double.IsNaN(actual[key].Coefficient.StandardError));
                }
            }
        }
    }

    [Fact]
    public void WithoutCovariatesTheThreeEstimatorsAreTheTwoByTwoMeans()
    {
        var data = Produc(Case);
        var baseline = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Using(GroupTimeEstimation.OutcomeRegression).Fit(data);
        foreach (var method in new[] { GroupTimeEstimation.InverseProbabilityWeighting, GroupTimeEstimation.DoublyRobust, GroupTimeEstimation.ImprovedDoublyRobust })
        {
            var other = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Using(method).Fit(data);
            for (var k = 0; k < baseline.GroupTimeEffects.Count; k++)
            {
                Close(baseline.GroupTimeEffects[k].Coefficient.Estimate, other.GroupTimeEffects[k].Coefficient.Estimate, 1e-10, $"{method} ATT {k}");
                Close(baseline.GroupTimeEffects[k].Coefficient.StandardError, other.GroupTimeEffects[k].Coefficient.StandardError, 1e-8, $"{method} se {k}");
            }
        }
    }

    [Fact]
    public void ImprovedDoublyRobustDiffersFromTheStandardOneWithCovariates()
    {
        // Guards the dispatch: with covariates the tilting score and the weighted regression change every estimate.
        var data = Produc(Case);
        var standard = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Covariates(Term.Log("pcap"), "unemp").NotYetTreated().Fit(data);
        var improved = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Covariates(Term.Log("pcap"), "unemp").NotYetTreated()
            .Using(GroupTimeEstimation.ImprovedDoublyRobust).Fit(data);
        Assert.True(Math.Abs(standard.Simple().Overall.Estimate - improved.Simple().Overall.Estimate) > 1e-3);
        using var json = JsonDocument.Parse(improved.ToJson());
        Assert.Equal("improved_doubly_robust", json.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void CellsWithoutAnInverseProbabilityTiltingScoreAreSkippedWithANote()
    {
        // Cohort 1982 against the never treated with base years 1974–1977: the treated covariate mean lies outside the
        // comparison states' hull, the tilting loss is unbounded below and no IPT score exists (reference.R shows it).
        var result = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Covariates(Term.Log("pcap"), "unemp")
            .Using(GroupTimeEstimation.ImprovedDoublyRobust).Fit(Produc(Case));
        foreach (var period in new[] { 1975.0, 1976, 1977, 1978 })
        {
            Assert.DoesNotContain(result.GroupTimeEffects, e => e.Group == 1982 && e.Period == period);
        }

        var note = Assert.Single(result.Notes, n => n.Message.Contains("not estimated", StringComparison.Ordinal));
        Assert.Contains("ATT(1982,1975)", note.Message, StringComparison.Ordinal);
        Assert.Contains("inverse-probability-tilting", note.Message, StringComparison.Ordinal);
        Assert.Contains(result.GroupTimeEffects, e => e.Group == 1982 && e.Period == 1974);
    }

    [Fact]
    public void JsonCarriesTheTableAndTheAggregations()
    {
        var result = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Covariates(Term.Log("pcap"), "unemp").Fit(Produc(Case));
        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("callaway_santanna", root.GetProperty("estimator").GetString());
        Assert.Equal("doubly_robust", root.GetProperty("method").GetString());
        Assert.Equal(result.GroupTimeEffects.Count, root.GetProperty("group_time").GetArrayLength());
        Assert.Equal(result.Simple().Overall.Estimate, root.GetProperty("aggregations").GetProperty("simple").GetProperty("overall").GetProperty("estimate").GetDouble());
        Assert.Equal(48, root.GetProperty("units").GetInt32());
    }

    internal static CallawaySantAnnaSpecification Specification(JsonElement configuration)
    {
        var method = configuration.GetProperty("method").GetString() switch
        {
            "reg" or "means" => GroupTimeEstimation.OutcomeRegression,
            "ipw" => GroupTimeEstimation.InverseProbabilityWeighting,
            "drimp" => GroupTimeEstimation.ImprovedDoublyRobust,
            "dr" => GroupTimeEstimation.DoublyRobust,
            var other => throw new InvalidOperationException($"Unknown method '{other}' in {Case}/expected.json."),
        };
        var specification = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Using(method)
            .Anticipation(configuration.GetProperty("anticipation").GetInt32())
            .WithBasePeriod(configuration.GetProperty("base_period").GetString() == "varying" ? BasePeriod.Varying : BasePeriod.Universal);
        if (configuration.GetProperty("covariates").GetBoolean())
        {
            specification = specification.Covariates(Term.Log("pcap"), "unemp");
        }

        if (configuration.GetProperty("control_group").GetString() == "notyet")
        {
            specification = specification.NotYetTreated();
        }

        if (configuration.GetProperty("cluster").GetString() == "region")
        {
            specification = specification.Cluster("region");
        }

        return specification;
    }
}
