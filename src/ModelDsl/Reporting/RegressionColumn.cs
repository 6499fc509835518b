using System.Collections.Immutable;

using ModelDsl.Causal;
using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>The numbers one table column reads from a fitted model; a narrow view so that tables never recompute anything.</summary>
/// <param name="Dependent">The outcome's name.</param>
/// <param name="Observations">The estimation sample size.</param>
/// <param name="Coefficients">The coefficients in the model's order.</param>
/// <param name="RSquared">R², NaN when the estimator has none.</param>
/// <param name="RSquaredAdjusted">Adjusted R², NaN when none.</param>
/// <param name="RSquaredWithin">Within R², NaN when the model has no fixed effects.</param>
/// <param name="FixedEffects">The absorbed fixed-effect dimensions.</param>
/// <param name="ClusterCounts">Number of clusters per clustering dimension, in the variance estimator's order.</param>
/// <param name="Variance">The variance estimator's description (for example <c>cluster(city)</c>).</param>
/// <param name="Controls">The control terms the specification named (for the "Controls: Yes/No" row).</param>
/// <param name="StatisticName">"t" for t-based inference, "z" for normal-based inference (logit, probit, matching).</param>
/// <param name="Extra">Further summary rows this kind of model reports (label and formatted value), such as a pseudo R² or group counts.</param>
internal sealed record RegressionColumn(
    string Dependent,
    long Observations,
    ImmutableArray<Coefficient> Coefficients,
    double RSquared,
    double RSquaredAdjusted,
    double RSquaredWithin,
    ImmutableArray<string> FixedEffects,
    ImmutableArray<KeyValuePair<string, long>> ClusterCounts,
    string Variance,
    ImmutableArray<string> Controls = default,
    string StatisticName = "t",
    ImmutableArray<KeyValuePair<string, string>> Extra = default)
{
    /// <summary>Reads the numbers a table shows from a fitted model; nothing is recomputed.</summary>
    public static RegressionColumn From(RegressionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var clusterOrder = result.Vcov.Clusters.Select(c => c.Name).ToList();
        var clusters = result.ClusterCounts
            .OrderBy(pair => clusterOrder.IndexOf(pair.Key) is var index and >= 0 ? index : int.MaxValue)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new KeyValuePair<string, long>(pair.Key, pair.Value));
        return new RegressionColumn(
            result.Dependent,
            result.Observations,
            [.. result.Coefficients],
            result.RSquared,
            result.RSquaredAdjusted,
            result.RSquaredWithin,
            [.. result.FixedEffects],
            [.. clusters],
            result.Vcov.Description,
            [.. result.Specification.ControlTerms.Select(t => t.Name)]);
    }

    /// <summary>
    /// Reads a dynamic-panel GMM fit: z statistics; the estimator, the instrument and group counts, the AR(1) and AR(2)
    /// tests, Hansen's J, Sargan's statistic and, in system GMM, the difference-in-Hansen test
    /// of the level instruments, each as "statistic (p)" — the rows papers print under an xtabond2 column.
    /// </summary>
    public static RegressionColumn From(DynamicPanelResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var extra = new List<KeyValuePair<string, string>>
        {
            new("Estimator", result.Estimator),
            new("Instruments", result.Instruments.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Groups", result.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        foreach (var (label, test) in new[] { ("AR(1) z (p)", result.ArellanoBond1), ("AR(2) z (p)", result.ArellanoBond2) })
        {
            extra.Add(new(label, test is null ? string.Empty : NumberFormat.StatisticWithPValue(test.Statistic, test.PValue)));
        }

        extra.Add(new("Hansen J (p)", NumberFormat.StatisticWithPValue(result.Hansen.Statistic, result.Hansen.PValue)));
        if (result.Sargan is { } sargan)
        {
            extra.Add(new("Sargan (p)", NumberFormat.StatisticWithPValue(sargan.Statistic, sargan.PValue)));
        }

        if (result.DifferenceInHansen.FirstOrDefault(t => t.Subset == "GMM instruments for levels") is { } levels)
        {
            extra.Add(new("Diff-in-Hansen, level instruments (p)", NumberFormat.StatisticWithPValue(levels.Difference.Statistic, levels.Difference.PValue)));
        }

        return new RegressionColumn(
            result.Dependent,
            result.Observations,
            [.. result.Coefficients],
            double.NaN,
            double.NaN,
            double.NaN,
            [],
            [],
            result.VcovDescription,
            [],
            "z",
            [.. extra]);
    }

    /// <summary>Reads a logit or probit fit: z statistics, pseudo R² and log likelihood as extra rows.</summary>
    public static RegressionColumn From(BinaryChoiceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ImmutableArray<KeyValuePair<string, long>> clusters = result.ClusterCount is { } count && result.Vcov.Clusters.Count > 0
            ? [new KeyValuePair<string, long>(result.Vcov.Clusters[0].Name, count)]
            : [];
        return new RegressionColumn(
            result.Dependent,
            result.Observations,
            [.. result.Coefficients],
            double.NaN,
            double.NaN,
            double.NaN,
            [],
            clusters,
            result.Vcov.Description,
            [],
            "z",
            [
                new("Pseudo R²", NumberFormat.Fixed(result.PseudoRSquared, 4)),
                new("Log likelihood", NumberFormat.Fixed(result.LogLikelihood, 2)),
            ]);
    }

    /// <summary>Reads an instrumental-variables fit: z statistics (t with Stata's <c>small</c>), the estimator, κ for LIML and Fuller, Hansen's J for GMM.</summary>
    public static RegressionColumn From(InstrumentalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var extra = new List<KeyValuePair<string, string>> { new("Estimator", result.Estimator.ToUpperInvariant()) };
        if (result.Estimator is "liml" or "fuller")
        {
            extra.Add(new("κ", NumberFormat.Fixed(result.Kappa, 4)));
        }

        if (!double.IsNaN(result.HansenJPValue))
        {
            extra.Add(new("Hansen J (p)", $"{NumberFormat.Fixed(result.HansenJ, 3)} ({NumberFormat.Fixed(result.HansenJPValue, 3)})"));
        }

        return new RegressionColumn(
            result.Dependent,
            result.Observations,
            [.. result.Coefficients],
            result.RSquared,
            result.RSquaredAdjusted,
            result.RSquaredWithin,
            [.. result.FixedEffects],
            [.. result.ClusterCounts.Select(pair => new KeyValuePair<string, long>(pair.Key, pair.Value))],
            result.Vcov.Description,
            [.. result.Specification.ControlTerms.Select(t => t.Name)],
            result.SmallSample ? "t" : "z",
            [.. extra]);
    }

    /// <summary>Reads a matching result as one "ATT" coefficient with its standard error and z test, plus the group counts.</summary>
    public static RegressionColumn From(MatchingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RegressionColumn(
            result.Dependent,
            result.TreatedCount + result.ControlCount,
            [new Coefficient("ATT", result.Att, result.StandardError, result.ZStatistic, result.PValue, result.ConfidenceLow, result.ConfidenceHigh)],
            double.NaN,
            double.NaN,
            double.NaN,
            [],
            [],
            result.StandardErrorMethod,
            [],
            "z",
            [
                new("Treated", NumberFormat.Integer(result.TreatedCount)),
                new("Treated on support", NumberFormat.Integer(result.TreatedMatchedCount)),
                new("Controls", NumberFormat.Integer(result.ControlCount)),
                new("Controls used", NumberFormat.Integer(result.ControlsUsedCount)),
            ]);
    }

    /// <summary>
    /// Reads an imputation (BJS) event study: the ATT (in the row <paramref name="averageRow"/>, so that it lines up with a
    /// TWFE treatment coefficient) then each horizon, with z statistics; the treated and untreated counts, the estimator
    /// and the pre-trend test as extra rows.
    /// </summary>
    public static RegressionColumn From(ImputationResult result, string averageRow = "ATT")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(averageRow);
        var extra = new List<KeyValuePair<string, string>>
        {
            new("Estimator", "Imputation (BJS)"),
            new("Treated observations", NumberFormat.Integer(result.AverageObservations)),
            new("Untreated observations", NumberFormat.Integer(result.UntreatedObservations)),
        };
        if (result.PreTrendTest.IsApplicable)
        {
            extra.Add(new("Pre-trend F (p)", $"{NumberFormat.Fixed(result.PreTrendTest.F, 3)} ({NumberFormat.Fixed(result.PreTrendTest.FPValue, 3)})"));
        }

        return new RegressionColumn(
            result.Dependent,
            result.Observations,
            [result.Average with { Name = averageRow }, .. result.Horizons.Select(h => h.Coefficient)],
            double.NaN,
            double.NaN,
            double.NaN,
            [.. result.Model.FixedEffects.Select(f => f.Name)],
            [new KeyValuePair<string, long>(result.ClusterName, result.ClusterCount)],
            result.VarianceDescription,
            [.. result.Model.ControlTerms.Select(t => t.Name)],
            "z",
            [.. extra]);
    }

    /// <summary>Reads a DID_M fit: the effect (in the row <paramref name="effectRow"/>) and the placebo, with the switcher counts as extra rows.</summary>
    public static RegressionColumn From(SwitchingDidResult result, string effectRow = "DID_M")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(effectRow);
        ImmutableArray<Coefficient> coefficients = result.Placebo is null ? [result.Effect with { Name = effectRow }] : [result.Effect with { Name = effectRow }, result.Placebo];
        return new RegressionColumn(
            result.Dependent,
            result.Switchers,
            coefficients,
            double.NaN,
            double.NaN,
            double.NaN,
            [],
            result.Specification.BootstrapDraws > 0 ? [new KeyValuePair<string, long>(result.ClusterName, result.ClusterCount)] : [],
            result.VarianceDescription,
            [],
            "z",
            [new("Estimator", "DID_M (dCDH)"), new("Switchers", NumberFormat.Integer(result.Switchers)), new("Placebo switchers", NumberFormat.Integer(result.PlaceboSwitchers))]);
    }

    /// <summary>The extra summary rows, empty when none.</summary>
    public ImmutableArray<KeyValuePair<string, string>> ExtraRows => Extra.IsDefault ? [] : Extra;

    /// <summary>The control names, empty when none were recorded.</summary>
    public ImmutableArray<string> ControlNames => Controls.IsDefault ? [] : Controls;
}
