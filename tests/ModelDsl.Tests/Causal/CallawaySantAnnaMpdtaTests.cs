using System.Collections.Concurrent;
using System.Text.Json;

using ModelDsl.Causal;
using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>
/// The <c>did</c> package's mpdta example (Callaway and Sant'Anna 2021) from its published numbers: a panel with mpdta's
/// cohort sizes whose cohort-year means reproduce the twelve published ATT(g,t), then the published aggregations
/// (reference/cs-mpdta-published/README.md says what this can and cannot check).
/// </summary>
public sealed class CallawaySantAnnaMpdtaTests
{
    private const string Case = "cs-mpdta-published";

    /// <summary>Half a unit in the fourth decimal: the largest error of a number printed to 4 decimals.</summary>
    private const double PrintedRounding = 5e-5;

    private static readonly JsonElement Published = ReadPublished();

    private static readonly (double Group, double Period, double Att)[] Cells = Published.GetProperty("group_time").EnumerateArray()
        .Select(c => (c.GetProperty("group").GetDouble(), c.GetProperty("period").GetDouble(), c.GetProperty("att").GetDouble()))
        .ToArray();

    private static readonly ConcurrentDictionary<BasePeriod, (CallawaySantAnnaResult Baseline, CallawaySantAnnaResult[] Moved)> PerturbedFits = new();

    [Fact]
    public void TheTwelveGroupTimeEffectsAreThePublishedOnes()
    {
        var result = Model.CallawaySantAnna("lemp").Cohort("first_treat").Fit(Build(Cells.Select(c => c.Att).ToArray()));

        Assert.Equal(500, result.Units);
        Assert.Equal(12, result.GroupTimeEffects.Count);
        foreach (var (group, period, att) in Cells)
        {
            var cell = result[group, period];
            Assert.True(Math.Abs(cell.Coefficient.Estimate - att) < 1e-12, $"ATT({group},{period}) = {cell.Coefficient.Estimate:R}, published {att}");
        }
    }

    [Fact]
    public void DynamicAggregationMatchesThePublishedEventStudy()
    {
        var expected = Published.GetProperty("dynamic");
        CheckAggregate(expected, result => result.Dynamic(), printed: true);
    }

    [Fact]
    public void BalancedDynamicAggregationMatchesThePublishedOne()
    {
        var expected = Published.GetProperty("dynamic_balanced_1");
        CheckAggregate(expected, result => result.Dynamic(balance: 1), printed: true);
    }

    [Fact]
    public void UniversalBaseEventStudyMatchesCsdid2()
    {
        var expected = Published.GetProperty("universal_event");
        CheckAggregate(expected, result => result.Dynamic(), printed: false, BasePeriod.Universal);

        // csdid2's Pre_avg is the plain mean of the pre-period event times other than the reference e = −1.
        var pre = Perturbed(BasePeriod.Universal).Baseline.Dynamic().Effects.Where(e => e.Key < -1).Average(e => e.Coefficient.Estimate);
        var bound = PrintedRounding * Sensitivity(r => r.Dynamic().Effects.Where(e => e.Key < -1).Average(e => e.Coefficient.Estimate), BasePeriod.Universal);
        Assert.True(Math.Abs(pre - expected.GetProperty("pre_average").GetDouble()) <= bound, $"pre average {pre:R} vs {expected.GetProperty("pre_average").GetDouble():R} (bound {bound:G3})");
    }

    /// <summary>
    /// Compares every event time and the overall effect with the published value. The tolerance is what the rounding
    /// of the published inputs allows: an aggregate is linear in the twelve cells, so its error is at most 5e-5 times
    /// the L1 norm of its gradient (computed here by unit perturbations), plus the rounding of the printed output.
    /// </summary>
    private static void CheckAggregate(JsonElement expected, Func<CallawaySantAnnaResult, CallawaySantAnnaAggregation> aggregate, bool printed, BasePeriod basePeriod = BasePeriod.Varying)
    {
        var result = aggregate(Perturbed(basePeriod).Baseline);
        var outputRounding = printed ? PrintedRounding : 0.0;
        var published = expected.GetProperty("effects").EnumerateArray().ToDictionary(e => e.GetProperty("event_time").GetDouble(), e => e.GetProperty("att").GetDouble());
        Assert.Equal(published.Keys.Order(), result.Effects.Where(e => !(basePeriod == BasePeriod.Universal && e.Key == -1)).Select(e => e.Key).Order());
        foreach (var (eventTime, value) in published)
        {
            var bound = (PrintedRounding * Sensitivity(r => aggregate(r)[eventTime].Coefficient.Estimate, basePeriod)) + outputRounding + 1e-12;
            var actual = result[eventTime].Coefficient.Estimate;
            Assert.True(Math.Abs(actual - value) <= bound, $"e = {eventTime}: {actual:R} vs published {value} (bound {bound:G3})");
        }

        var overall = expected.TryGetProperty("overall", out var o) ? o.GetDouble() : expected.GetProperty("post_average").GetDouble();
        var overallBound = (PrintedRounding * Sensitivity(r => aggregate(r).Overall.Estimate, basePeriod)) + outputRounding + 1e-12;
        Assert.True(Math.Abs(result.Overall.Estimate - overall) <= overallBound, $"overall {result.Overall.Estimate:R} vs published {overall} (bound {overallBound:G3})");
    }

    /// <summary>The L1 norm of an aggregate's gradient with respect to the twelve published cells (exact: it is linear).</summary>
    private static double Sensitivity(Func<CallawaySantAnnaResult, double> statistic, BasePeriod basePeriod)
    {
        var (baseline, moved) = Perturbed(basePeriod);
        var at = statistic(baseline);
        return moved.Sum(fit => Math.Abs(statistic(fit) - at));
    }

    /// <summary>The fit at the published cells and the twelve fits with one cell moved by 1, computed once per base period.</summary>
    private static (CallawaySantAnnaResult Baseline, CallawaySantAnnaResult[] Moved) Perturbed(BasePeriod basePeriod)
        => PerturbedFits.GetOrAdd(basePeriod, b =>
        {
            var cells = Cells.Select(c => c.Att).ToArray();
            var moved = new CallawaySantAnnaResult[cells.Length];
            for (var k = 0; k < cells.Length; k++)
            {
                var shifted = (double[])cells.Clone();
                shifted[k] += 1.0;
                moved[k] = Fit(shifted, b);
            }

            return (Fit(cells, b), moved);
        });

    private static CallawaySantAnnaResult Fit(double[] cells, BasePeriod basePeriod)
        => Model.CallawaySantAnna("lemp").Cohort("first_treat").WithBasePeriod(basePeriod).Fit(Build(cells));

    /// <summary>
    /// mpdta's shape (309 never-treated counties, 20 / 40 / 131 first treated in 2004 / 2006 / 2007; 2003–2007) with
    /// cohort-year mean paths that give the given ATT(g,t) under never-treated controls and the varying base period.
    /// </summary>
    private static PanelData Build(double[] cells)
    {
        var att = new Dictionary<(double, double), double>();
        for (var k = 0; k < Cells.Length; k++)
        {
            att[(Cells[k].Group, Cells[k].Period)] = cells[k];
        }

        // Mean path of each cohort relative to the never treated, 0 in 2003. Post-treatment cells compare with g − 1;
        // pre-treatment cells (varying base) with t − 1.
        var relative = new Dictionary<double, double[]> { [0] = new double[5] };
        foreach (var group in new double[] { 2004, 2006, 2007 })
        {
            var path = new double[5];
            for (var t = 2004; t <= 2007; t++)
            {
                path[t - 2003] = t < group ? path[t - 2004] + att[(group, t)] : path[(int)group - 1 - 2003] + att[(group, t)];
            }

            relative[group] = path;
        }

        var counties = new (double Group, int Count)[] { (0, 309), (2004, 20), (2006, 40), (2007, 131) };
        var random = new Random(2021);
        var unit = new List<string>();
        var year = new List<double>();
        var lemp = new List<double>();
        var firstTreat = new List<double>();
        var id = 0;
        foreach (var (group, count) in counties)
        {
            // Unit levels and noise; the noise is centred within each cohort-year so it leaves the means alone.
            var noise = new double[count, 5];
            for (var t = 0; t < 5; t++)
            {
                var mean = 0.0;
                for (var i = 0; i < count; i++)
                {
                    noise[i, t] = 0.1 * Normal(random);
                    mean += noise[i, t];
                }

                mean /= count;
                for (var i = 0; i < count; i++)
                {
                    noise[i, t] -= mean;
                }
            }

            for (var i = 0; i < count; i++)
            {
                var level = 5.8 + (1.5 * Normal(random));
                id++;
                for (var t = 0; t < 5; t++)
                {
                    unit.Add($"c{id:D3}");
                    year.Add(2003 + t);
                    lemp.Add(level + (0.01 * t) + relative[group][t] + noise[i, t]);
                    firstTreat.Add(group);
                }
            }
        }

        return new PanelData(
            [
                CategoricalColumn.FromLabels("countyreal", unit.ToArray()),
                CategoricalColumn.FromNumbers("year", year.ToArray()),
                new NumericColumn("lemp", lemp.ToArray()),
                new NumericColumn("first_treat", firstTreat.ToArray()),
            ],
            unit: "countyreal",
            time: "year");
    }

    private static JsonElement ReadPublished()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferencePath(Case, "published.json")));
        return document.RootElement.Clone();
    }
}
