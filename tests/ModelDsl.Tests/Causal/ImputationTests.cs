using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>Identities, identification notes and bad input of the imputation estimator.</summary>
public sealed class ImputationTests
{
    [Fact]
    public void WithOneCohortInABalancedPanelTheAttEqualsTheTwfeDid()
    {
        // One adoption date, never-treated controls, a balanced panel and no controls: both estimators are the 2×2
        // difference of the treated and control groups' mean changes from the pre to the post periods.
        var data = Simulated(units: 60, periods: 10, effect: 0.7, seed: 3);
        var cohort = data.Numeric("cohort");
        var single = data.WithColumn(new NumericColumn("single", Enumerable.Range(0, data.RowCount).Select(i => cohort[i] > 0 ? 2006.0 : 0).ToArray()));
        var did = Model.Did("y").Cohort("single").Cluster("unit").Fit(single);
        var imputation = Model.Imputation("y").Cohort("single").Fit(single);
        Close(did.Effect.Estimate, imputation.Average.Estimate, 1e-10, "ATT vs TWFE");
        Assert.Equal(imputation.AverageObservations, single.RowCount - imputation.UntreatedObservations);
    }

    [Fact]
    public void HomogeneousEffectIsRecoveredUnderStaggeredAdoption()
    {
        // With a constant effect every τ̂ is unbiased for it; the estimate is close and the interval covers it.
        var data = Simulated(units: 300, periods: 12, effect: 0.5, seed: 11);
        var result = Model.Imputation("y").Cohort("cohort").Controls("x").Fit(data);
        Assert.InRange(result.Average.Estimate, 0.4, 0.6);
        Assert.InRange(0.5, result.Average.ConfidenceLow, result.Average.ConfidenceHigh);
        Close(0.5, result.ControlCoefficients[0].Estimate, 0.1, "γ of x");
        Assert.Equal(300, result.ClusterCount);
    }

    [Fact]
    public void LinearWeightsReproduceTheEstimateAndSumToZeroWithinUnitsAndPeriods()
    {
        // The SEs rest on τ̂_w = Σ v Y with v₀ = −D₀(D₀'D₀)⁻D₁'w: adding any α_i + λ_t to Y must leave every estimate unchanged
        // (Σ_t v_it = 0 for every unit and Σ_i v_it = 0 for every period, BJS Theorem 1).
        var data = Simulated(units: 80, periods: 9, effect: 0.3, seed: 5);
        var y = data.Numeric("y");
        var unit = data.Unit;
        var year = data.Time;
        var shifted = data.WithColumn(new NumericColumn("y2", Enumerable.Range(0, data.RowCount).Select(i => y[i] + (3.0 * unit.Codes[i]) - (0.7 * year.NumericValue(i))).ToArray()));
        var a = Model.Imputation("y").Cohort("cohort").Fit(shifted);
        var b = Model.Imputation("y2").Cohort("cohort").Fit(shifted);
        Close(a.Average.Estimate, b.Average.Estimate, 1e-9, "ATT invariant to fixed effects");
        Close(a.Average.StandardError, b.Average.StandardError, 1e-7, "SE invariant to fixed effects");
        foreach (var h in a.Horizons)
        {
            Close(h.Coefficient.Estimate, b[h.EventTime].Coefficient.Estimate, 1e-9, $"tau {h.EventTime}");
        }
    }

    [Fact]
    public void ConjugateGradientsAndTheDirectSolveAgree()
    {
        // Unit + year is solved directly (Schur complement of the years); a third, redundant fixed effect nested in the
        // units (region) sends the same model through the conjugate gradients. Both give the same estimates and SEs.
        var data = Simulated(units: 90, periods: 9, effect: 0.4, seed: 17);
        var direct = Model.Imputation("y").Cohort("cohort").Controls("x").Fit(data);
        var iterative = Model.Imputation("y").Cohort("cohort").Controls("x").Fe("unit", "year", "region").Fit(data);
        Close(direct.Average.Estimate, iterative.Average.Estimate, 1e-9, "ATT");
        Close(direct.Average.StandardError, iterative.Average.StandardError, 1e-7, "SE");
        foreach (var h in direct.Horizons)
        {
            Close(h.Coefficient.Estimate, iterative[h.EventTime].Coefficient.Estimate, 1e-9, $"tau {h.EventTime}");
            Close(h.Coefficient.StandardError, iterative[h.EventTime].Coefficient.StandardError, 1e-7, $"se {h.EventTime}");
        }
    }

    [Fact]
    public void AlwaysTreatedUnitsAndFullyTreatedPeriodsAreLeftOutWithNotes()
    {
        var data = Simulated(units: 40, periods: 8, effect: 0.4, seed: 9, withNever: false);
        var cohort = data.Numeric("cohort").Values.ToArray();
        var unit = data.Unit;

        // Unit u000 becomes always treated (cohort before the first period).
        for (var i = 0; i < cohort.Length; i++)
        {
            if (unit[i] == "u000")
            {
                cohort[i] = 1990;
            }
        }

        var edited = data.WithColumn(new NumericColumn("cohort2", cohort));
        var result = Model.Imputation("y").Cohort("cohort2").Fit(edited);
        var unitNote = Assert.Single(result.Notes, n => n.Message.Contains("units with no untreated observation", StringComparison.Ordinal));
        Assert.Equal(8, unitNote.Count);
        Assert.Contains("u000", unitNote.Message, StringComparison.Ordinal);

        // Without never-treated units, the periods from the last cohort on have no untreated observation.
        var last = cohort.Where(c => c > 1990).Max();
        var fullyTreated = Enumerable.Range(0, cohort.Length).Count(i => unit[i] != "u000" && data.Time.NumericValue(i) >= last);
        var periodNote = Assert.Single(result.Notes, n => n.Message.Contains("periods in which no observation is untreated", StringComparison.Ordinal));
        Assert.Equal(fullyTreated, periodNote.Count);
        Assert.Equal(8 + fullyTreated, result.NotImputedObservations);
        Assert.Equal(data.RowCount, result.UntreatedObservations + result.TreatedObservations + result.NotImputedObservations);
        Assert.All(result.Effects, e => Assert.True(e.Period < last && e.Unit != "u000"));
    }

    [Fact]
    public void PreTrendTestIsNearUniformUnderParallelTrends()
    {
        // The pre-trend coefficients of data with parallel trends are centred on zero; the test is a proper F.
        var data = Simulated(units: 200, periods: 10, effect: 0.5, seed: 21);
        var result = Model.Imputation("y").Cohort("cohort").PreTrends(3).Fit(data);
        Assert.Equal(3, result.PreTrendCoefficients.Count);
        Assert.Equal(new[] { -1, -2, -3 }, result.PreTrendCoefficients.Select(p => p.EventTime));
        Assert.True(result.PreTrendTest.IsApplicable);
        Assert.Equal(199, result.PreTrendTest.DenominatorDegreesOfFreedom);
        Assert.InRange(result.PreTrendTest.FPValue, 0.001, 1.0);
        Assert.NotNull(result.PreTrendRegression);
    }

    [Fact]
    public void HorizonsOutsideTheDataAreAnErrorNamingTheRange()
    {
        var data = Simulated(units: 50, periods: 8, effect: 0.5, seed: 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.Imputation("y").Cohort("cohort").Horizons(0, 40).Fit(data));
        Assert.Contains("horizons in the data", error.Message, StringComparison.Ordinal);
        var some = Model.Imputation("y").Cohort("cohort").Horizons(0, 2).Fit(data);
        Assert.Equal(new[] { 0, 1, 2 }, some.Horizons.Select(h => h.EventTime));
    }

    [Fact]
    public void LeaveOutWithALoneClusterInAGroupIsAClearError()
    {
        // One treated unit in a cohort: its cohort × period groups have a single cluster, so the leave-out average is empty.
        var data = Simulated(units: 30, periods: 8, effect: 0.5, seed: 4);
        var cohort = data.Numeric("cohort").Values.ToArray();
        var unit = data.Unit;
        for (var i = 0; i < cohort.Length; i++)
        {
            cohort[i] = unit[i] == "u001" ? 2003 : cohort[i] == 0 ? 0 : 2005;
        }

        var edited = data.WithColumn(new NumericColumn("c2", cohort));
        var error = Assert.Throws<InvalidOperationException>(() => Model.Imputation("y").Cohort("c2").Fit(edited));
        Assert.Contains("AverageEffectsBy", error.Message, StringComparison.Ordinal);
        // Pooling all treated observations works for estimands with weight in several clusters (horizons 0..2; from 3 on
        // only u001 is observed, which no grouping can leave out).
        var pooled = Model.Imputation("y").Cohort("c2").AverageEffectsBy(ImputationEffectGroups.All).Horizons(0, 2).Fit(edited);
        Assert.True(pooled.Average.StandardError > 0);
        var plain = Model.Imputation("y").Cohort("c2").WithoutLeaveOut().Fit(edited);
        Assert.True(plain.Average.StandardError > 0);
    }

    [Fact]
    public void BadInputFailsWithTheReason()
    {
        var data = Simulated(units: 30, periods: 6, effect: 0.5, seed: 1);
        Assert.Contains("Cohort(", Assert.Throws<InvalidOperationException>(() => Model.Imputation("y").Fit(data)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Imputation("y").Anticipation(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Imputation("y").PreTrends(0));
        var negative = data.WithColumn(new NumericColumn("w", Enumerable.Repeat(-1.0, data.RowCount).ToArray()));
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => Model.Imputation("y").Cohort("cohort").Weighted("w").Fit(negative)).Message, StringComparison.Ordinal);
        var constant = data.WithColumn(new NumericColumn("one", Enumerable.Repeat(1.0, data.RowCount).ToArray()));
        Assert.Contains("collinear", Assert.Throws<InvalidOperationException>(() => Model.Imputation("y").Cohort("cohort").Controls("one").Fit(constant)).Message, StringComparison.Ordinal);
        var late = data.WithColumn(new NumericColumn("late", Enumerable.Repeat(2100.0, data.RowCount).ToArray()));
        Assert.Contains("No treated observations", Assert.Throws<InvalidOperationException>(() => Model.Imputation("y").Cohort("late").Fit(late)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOutcomesAreCountedInTheNotes()
    {
        var data = Simulated(units: 40, periods: 8, effect: 0.5, seed: 8);
        var y = data.Numeric("y").Values.ToArray();
        y[5] = double.NaN;
        y[17] = double.NaN;
        var holed = data.WithColumn(new NumericColumn("y", y));
        var result = Model.Imputation("y").Cohort("cohort").Fit(holed);
        Assert.Contains(result.Notes, n => n.Kind == NoteKind.MissingValues && n.Count == 2);
        Assert.Equal(holed.RowCount - 2, result.Observations);
    }
}
