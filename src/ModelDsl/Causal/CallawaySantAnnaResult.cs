using System.Globalization;
using System.Text.Json;

using MathNet.Numerics.Distributions;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>One group-time average treatment effect ATT(g,t).</summary>
/// <param name="Group">The cohort g (first treated period).</param>
/// <param name="Period">The period t.</param>
/// <param name="BasePeriod">The base period b of the 2×2 comparison.</param>
/// <param name="Coefficient">The estimate with its standard error, z statistic, p-value and pointwise interval.</param>
/// <param name="BandLow">The lower end of the uniform (sup-t) band over all ATT(g,t); NaN without the bootstrap.</param>
/// <param name="BandHigh">The upper end of the uniform band.</param>
/// <param name="TreatedUnits">Units of cohort g in the comparison.</param>
/// <param name="ComparisonUnits">Comparison units.</param>
/// <param name="IsPostTreatment">True when t ≥ g.</param>
/// <param name="IsReference">True for the universal base period's cell, 0 by construction (no standard error).</param>
public sealed record GroupTimeEffect(double Group, double Period, double BasePeriod, Coefficient Coefficient, double BandLow, double BandHigh, int TreatedUnits, int ComparisonUnits, bool IsPostTreatment, bool IsReference)
{
    /// <summary>The event time e = t − g.</summary>
    public double EventTime => Period - Group;
}

/// <summary>The aggregation schemes of <c>did::aggte</c>.</summary>
public enum AggregationKind
{
    /// <summary>The average of the post-treatment ATT(g,t) weighted by cohort size (<c>type = "simple"</c>).</summary>
    Simple,

    /// <summary>By event time e = t − g, cohorts weighted by size; overall the mean over e ≥ 0 (<c>"dynamic"</c>).</summary>
    Dynamic,

    /// <summary>By cohort, the mean of its post-treatment ATT(g,t); overall weighted by cohort size (<c>"group"</c>).</summary>
    Group,

    /// <summary>By calendar period, the post-treatment cohorts weighted by size; overall the mean over periods (<c>"calendar"</c>).</summary>
    Calendar,
}

/// <summary>One element of an aggregation: an event time, a cohort or a period.</summary>
/// <param name="Key">The event time, cohort or period.</param>
/// <param name="Coefficient">The aggregated effect with its standard error and pointwise interval.</param>
/// <param name="BandLow">The lower end of the uniform band over the elements; NaN without the bootstrap.</param>
/// <param name="BandHigh">The upper end of the uniform band.</param>
public sealed record AggregatedEffect(double Key, Coefficient Coefficient, double BandLow, double BandHigh);

/// <summary>An aggregation of the ATT(g,t): the overall effect and, but for <see cref="AggregationKind.Simple"/>, its elements.</summary>
public sealed class CallawaySantAnnaAggregation
{
    internal CallawaySantAnnaAggregation(AggregationKind kind, Coefficient overall, IReadOnlyList<AggregatedEffect> effects, double uniformCritical, string variance, CallawaySantAnnaResult source)
    {
        Kind = kind;
        Overall = overall;
        Effects = effects;
        UniformCritical = uniformCritical;
        Variance = variance;
        Source = source;
    }

    /// <summary>The aggregation scheme.</summary>
    public AggregationKind Kind { get; }

    /// <summary>The overall effect.</summary>
    public Coefficient Overall { get; }

    /// <summary>The elements (event times, cohorts or periods) in ascending order; empty for the simple aggregation.</summary>
    public IReadOnlyList<AggregatedEffect> Effects { get; }

    /// <summary>The sup-t critical value of the uniform band over <see cref="Effects"/>; NaN without the bootstrap.</summary>
    public double UniformCritical { get; }

    /// <summary>How the standard errors were computed.</summary>
    public string Variance { get; }

    /// <summary>The ATT(g,t) estimation aggregated.</summary>
    public CallawaySantAnnaResult Source { get; }

    /// <summary>The element with key <paramref name="key"/> (an event time, cohort or period).</summary>
    public AggregatedEffect this[double key]
        => Effects.FirstOrDefault(e => e.Key == key)
           ?? throw new KeyNotFoundException($"The {Kind} aggregation has no element {key.ToString(CultureInfo.InvariantCulture)}; its elements are {string.Join(", ", Effects.Select(e => e.Key.ToString(CultureInfo.InvariantCulture)))}.");

    /// <summary>The aggregation as JSON: <c>aggregation</c>, <c>overall</c>, <c>effects</c> (each with <c>key</c>, band), <c>uniform_critical</c>, <c>vcov</c>.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} ATT {Overall.Estimate:G6} (se {Overall.StandardError:G4})";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "callaway_santanna");
        writer.WriteString("aggregation", Kind.ToString().ToLowerInvariant());
        writer.WriteString("vcov", Variance);
        writer.WriteStartObject("overall");
        JsonOutput.Coefficient(writer, Overall);
        writer.WriteEndObject();
        writer.WriteStartArray("effects");
        foreach (var e in Effects)
        {
            writer.WriteStartObject();
            JsonOutput.Number(writer, "key", e.Key);
            JsonOutput.Number(writer, "estimate", e.Coefficient.Estimate);
            JsonOutput.Number(writer, "std_error", e.Coefficient.StandardError);
            JsonOutput.Number(writer, "ci_low", e.Coefficient.ConfidenceLow);
            JsonOutput.Number(writer, "ci_high", e.Coefficient.ConfidenceHigh);
            JsonOutput.Number(writer, "band_low", e.BandLow);
            JsonOutput.Number(writer, "band_high", e.BandHigh);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Number(writer, "uniform_critical", UniformCritical);
        writer.WriteEndObject();
    }
}

/// <summary>
/// A fitted Callaway–Sant'Anna estimation: every ATT(g,t) with its influence function, and the aggregations
/// <see cref="Simple"/>, <see cref="Dynamic"/>, <see cref="Group"/> and <see cref="Calendar"/> (docs/causal.md).
/// </summary>
/// <remarks>
/// <para>Standard errors: with n units (the balanced panel) and ψ the influence function of a parameter,
/// se = √(Σ_c ψ̄_c²)/G over the G clusters (units by default, ψ̄_c the cluster mean), which is √(mean ψ²/n) for units
/// as in <c>did</c>; intervals use the normal. With <see cref="CallawaySantAnnaSpecification.Bootstrap"/> the standard
/// errors are the multiplier bootstrap's (<see cref="MultiplierBootstrap"/>) and each table gets a uniform band.</para>
/// <para>Aggregation weights (did's <c>aggte</c>): a cohort's weight is its share of the n units; the influence function
/// of Σ_k w_k ATT_k adds the estimation of the weights, Σ_k ATT_k ∂w_k (Callaway and Sant'Anna 2021, Section 4.2).</para>
/// </remarks>
public sealed class CallawaySantAnnaResult
{
    private readonly IReadOnlyList<GroupTimeCell> _cells;
    private readonly double[] _unitCohort;
    private readonly int[] _unitCluster;
    private readonly IReadOnlyDictionary<double, int> _groupSizes;

    // The bootstrap's weights, drawn once and shared by the ATT(g,t) table and every aggregation.
    private MultiplierDraws? _draws;

    internal CallawaySantAnnaResult(CallawaySantAnnaSpecification specification, IReadOnlyList<GroupTimeCell> cells, double[] unitCohort, int[] unitCluster, int clusterCount, double[] periods, double[] groups, IReadOnlyDictionary<double, int> groupSizes, IReadOnlyList<Note> notes)
    {
        Specification = specification;
        _cells = cells;
        _unitCohort = unitCohort;
        _unitCluster = unitCluster;
        _groupSizes = groupSizes;
        ClusterCount = clusterCount;
        Periods = periods;
        Groups = groups;
        Notes = notes;
        var (se, critical) = StandardErrors(cells.Select(c => c.Influence).ToArray());
        UniformCritical = critical;
        GroupTimeEffects = cells.Select((c, k) =>
        {
            var coefficient = Significance.Coefficient($"ATT({Format(c.Group)},{Format(c.Period)})", c.Att, c.IsReference ? double.NaN : se[k], null, ConfidenceLevel);
            var band = double.IsFinite(critical) && !c.IsReference ? critical * se[k] : double.NaN;
            return new GroupTimeEffect(c.Group, c.Period, c.BasePeriod, coefficient, c.Att - band, c.Att + band, c.Treated, c.Comparison, c.IsPostTreatment, c.IsReference);
        }).ToArray();
    }

    /// <summary>The specification that was fitted.</summary>
    public CallawaySantAnnaSpecification Specification { get; }

    /// <summary>Every ATT(g,t), by cohort then period.</summary>
    public IReadOnlyList<GroupTimeEffect> GroupTimeEffects { get; }

    /// <summary>The units of the balanced panel used.</summary>
    public int Units => _unitCohort.Length;

    /// <summary>The clusters of the standard errors (the units unless a cluster variable was given).</summary>
    public int ClusterCount { get; }

    /// <summary>The periods used.</summary>
    public IReadOnlyList<double> Periods { get; }

    /// <summary>The treated cohorts.</summary>
    public IReadOnlyList<double> Groups { get; }

    /// <summary>The sup-t critical value of the uniform band over all ATT(g,t); NaN without the bootstrap.</summary>
    public double UniformCritical { get; }

    /// <summary>The confidence level of intervals and bands.</summary>
    public double ConfidenceLevel => Specification.ConfidenceLevel;

    /// <summary>What was dropped or changed and why.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>How the standard errors were computed, for tables and JSON.</summary>
    public string Variance
    {
        get
        {
            var level = Specification.ClusterVariable is { } c ? $"cluster({c.Name})" : "unit";
            return Specification.BootstrapDraws > 0
                ? $"multiplier bootstrap ({Specification.BootstrapDraws} {Specification.BootstrapWeights.ToString().ToLowerInvariant()} draws, seed {Specification.BootstrapSeed}), {level}"
                : $"influence function, {level}";
        }
    }

    /// <summary>ATT(g,t) for cohort <paramref name="group"/> and period <paramref name="period"/>.</summary>
    public GroupTimeEffect this[double group, double period]
        => GroupTimeEffects.FirstOrDefault(e => e.Group == group && e.Period == period)
           ?? throw new KeyNotFoundException($"No ATT({Format(group)},{Format(period)}); the cohorts are {string.Join(", ", Groups.Select(Format))} and the periods {string.Join(", ", Periods.Select(Format))} (see Notes for cells not estimated).");

    /// <summary>The average of the post-treatment ATT(g,t) weighted by cohort size (<c>aggte(type = "simple")</c>).</summary>
    public CallawaySantAnnaAggregation Simple()
    {
        var keep = Indices(c => c.IsPostTreatment && !c.IsReference);
        var (estimate, influence) = Weighted(keep);
        return Build(AggregationKind.Simple, estimate, influence, []);
    }

    /// <summary>
    /// Event-study aggregation (<c>aggte(type = "dynamic")</c>): for each event time e the cohort-size-weighted average of
    /// ATT(g, g + e), restricted to [<paramref name="minimum"/>, <paramref name="maximum"/>]; with <paramref name="balance"/>
    /// only cohorts observed at least <paramref name="balance"/> periods after treatment, and event times up to it.
    /// The overall effect is the mean over event times e ≥ 0.
    /// </summary>
    public CallawaySantAnnaAggregation Dynamic(int? minimum = null, int? maximum = null, int? balance = null)
    {
        var last = Periods[^1];
        var first = Periods[0];
        bool Balanced(GroupTimeCell c) => balance is not { } b || last - c.Group >= b;
        var times = _cells.Where(Balanced).Select(c => c.Period - c.Group).Distinct().Order().ToList();
        if (balance is { } be)
        {
            times = times.Where(e => e <= be && e >= be - last + first).ToList();
        }

        times = times.Where(e => (minimum is null || e >= minimum) && (maximum is null || e <= maximum)).ToList();
        if (times.Count == 0)
        {
            throw new InvalidOperationException($"No event time lies in the requested range (minimum {minimum?.ToString(CultureInfo.InvariantCulture) ?? "none"}, maximum {maximum?.ToString(CultureInfo.InvariantCulture) ?? "none"}, balance {balance?.ToString(CultureInfo.InvariantCulture) ?? "none"}).");
        }

        var elements = times.Select(e => (e, Weighted(Indices(c => c.Period - c.Group == e && Balanced(c))))).ToList();
        var post = elements.Where(x => x.e >= 0).ToList();
        if (post.Count == 0)
        {
            throw new InvalidOperationException("The dynamic aggregation's overall effect averages event times e ≥ 0, but the requested range has none.");
        }

        var (estimate, influence) = Mean(post.Select(x => x.Item2).ToList());
        return Build(AggregationKind.Dynamic, estimate, influence, elements);
    }

    /// <summary>By cohort (<c>aggte(type = "group")</c>): each cohort's mean post-treatment ATT(g,t); overall weighted by cohort size.</summary>
    public CallawaySantAnnaAggregation Group()
    {
        var elements = new List<(double Key, (double, double[]) Value)>();
        foreach (var g in Groups)
        {
            var keep = Indices(c => c.Group == g && c.IsPostTreatment && !c.IsReference);
            if (keep.Length > 0)
            {
                elements.Add((g, Mean(keep.Select(k => (_cells[k].Att, _cells[k].Influence)).ToList())));
            }
        }

        // Overall: Σ_g pg θ_g / Σ pg with the weights' influence function.
        var shares = elements.Select(e => Share(e.Key)).ToArray();
        var groupsOf = elements.Select(e => e.Key).ToArray();
        var (estimate, influence) = Combine(elements.Select(e => e.Value).ToArray(), shares, groupsOf);
        return Build(AggregationKind.Group, estimate, influence, elements);
    }

    /// <summary>By calendar period (<c>aggte(type = "calendar")</c>): for each period from the first cohort on, the cohort-size-weighted average of the treated cohorts' ATT(g,t); overall the mean over periods.</summary>
    public CallawaySantAnnaAggregation Calendar()
    {
        var firstGroup = Groups.Min();
        var elements = new List<(double Key, (double, double[]) Value)>();
        foreach (var t in Periods.Where(t => t >= firstGroup))
        {
            var keep = Indices(c => c.Period == t && c.Group <= t && !c.IsReference);
            if (keep.Length > 0)
            {
                elements.Add((t, Weighted(keep)));
            }
        }

        var (estimate, influence) = Mean(elements.Select(e => e.Value).ToList());
        return Build(AggregationKind.Calendar, estimate, influence, elements);
    }

    /// <summary>The aggregation of the given kind with default options.</summary>
    public CallawaySantAnnaAggregation Aggregate(AggregationKind kind) => kind switch
    {
        AggregationKind.Simple => Simple(),
        AggregationKind.Dynamic => Dynamic(),
        AggregationKind.Group => Group(),
        AggregationKind.Calendar => Calendar(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use Simple, Dynamic, Group or Calendar."),
    };

    /// <summary>
    /// The result as JSON: <c>estimator: "callaway_santanna"</c>, the options, <c>units</c>, <c>clusters</c>, <c>periods</c>,
    /// <c>groups</c>, <c>group_time</c> (every ATT(g,t)), <c>uniform_critical</c>, the four aggregations and the notes.
    /// </summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString() => $"Callaway–Sant'Anna {Specification.Outcome.Name}: {GroupTimeEffects.Count} ATT(g,t); {Simple()}";

    /// <summary>The unit influence functions of the ATT(g,t) (n units × cells), for tests.</summary>
    internal IReadOnlyList<double[]> InfluenceFunctions => _cells.Select(c => c.Influence).ToArray();

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "callaway_santanna");
        writer.WriteString("dependent", Specification.Outcome.Name);
        writer.WriteString("cohort", Specification.Assignment?.Cohort.Name);
        writer.WriteString("control_group", Specification.Comparison == ComparisonGroup.NeverTreated ? "never_treated" : "not_yet_treated");
        writer.WriteString("method", Specification.Estimation switch
        {
            GroupTimeEstimation.OutcomeRegression => "outcome_regression",
            GroupTimeEstimation.InverseProbabilityWeighting => "ipw",
            GroupTimeEstimation.ImprovedDoublyRobust => "improved_doubly_robust",
            _ => "doubly_robust",
        });
        JsonOutput.Strings(writer, "covariates", Specification.CovariateTerms.Select(t => t.Name));
        writer.WriteString("base_period", Specification.Base == BasePeriod.Varying ? "varying" : "universal");
        writer.WriteNumber("anticipation", Specification.AnticipationPeriods);
        writer.WriteString("vcov", Variance);
        writer.WriteNumber("units", Units);
        writer.WriteNumber("clusters", ClusterCount);
        JsonOutput.Numbers(writer, "periods", Periods);
        JsonOutput.Numbers(writer, "groups", Groups);
        writer.WriteStartArray("group_time");
        foreach (var e in GroupTimeEffects)
        {
            writer.WriteStartObject();
            JsonOutput.Number(writer, "group", e.Group);
            JsonOutput.Number(writer, "period", e.Period);
            JsonOutput.Number(writer, "base_period", e.BasePeriod);
            JsonOutput.Number(writer, "event_time", e.EventTime);
            JsonOutput.Number(writer, "estimate", e.Coefficient.Estimate);
            JsonOutput.Number(writer, "std_error", e.Coefficient.StandardError);
            JsonOutput.Number(writer, "ci_low", e.Coefficient.ConfidenceLow);
            JsonOutput.Number(writer, "ci_high", e.Coefficient.ConfidenceHigh);
            JsonOutput.Number(writer, "band_low", e.BandLow);
            JsonOutput.Number(writer, "band_high", e.BandHigh);
            writer.WriteNumber("treated", e.TreatedUnits);
            writer.WriteNumber("comparison", e.ComparisonUnits);
            writer.WriteBoolean("post", e.IsPostTreatment);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Number(writer, "uniform_critical", UniformCritical);
        writer.WriteStartObject("aggregations");
        foreach (var kind in Enum.GetValues<AggregationKind>())
        {
            writer.WritePropertyName(kind.ToString().ToLowerInvariant());
            Aggregate(kind).WriteJson(writer);
        }

        writer.WriteEndObject();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }

    private int[] Indices(Func<GroupTimeCell, bool> predicate)
        => Enumerable.Range(0, _cells.Count).Where(k => predicate(_cells[k])).ToArray();

    private double Share(double group) => (double)_groupSizes[group] / Units;

    /// <summary>Σ w_k ATT_k with w_k ∝ the cell's cohort share, and its influence function including the weights' estimation.</summary>
    private (double Estimate, double[] Influence) Weighted(int[] keep)
        => Combine(keep.Select(k => (_cells[k].Att, _cells[k].Influence)).ToArray(), keep.Select(k => Share(_cells[k].Group)).ToArray(), keep.Select(k => _cells[k].Group).ToArray());

    /// <summary>
    /// θ = Σ_k pg_k θ_k / Σ pg with influence function Σ_k w_k ψ_k + Σ_k θ_k ω_k, where
    /// ω_ik = (1{G_i = g_k} − pg_k)/Σpg − pg_k Σ_l (1{G_i = g_l} − pg_l)/(Σpg)² (did's <c>wif</c>).
    /// </summary>
    private (double Estimate, double[] Influence) Combine(IReadOnlyList<(double Att, double[] Influence)> parts, double[] shares, double[] groups)
    {
        var n = Units;
        var total = shares.Sum();
        var estimate = 0.0;
        var influence = new double[n];
        for (var k = 0; k < parts.Count; k++)
        {
            var w = shares[k] / total;
            estimate += w * parts[k].Att;
            var psi = parts[k].Influence;
            for (var i = 0; i < n; i++)
            {
                influence[i] += w * psi[i];
            }
        }

        // The weights' part: per unit, 1{G_i = g_k} − pg_k summed with the right factors.
        var sumShares = total;
        var attByGroup = new Dictionary<double, double>();
        var countByGroup = new Dictionary<double, int>();
        var baseline = 0.0;
        var baselineSum = 0.0;
        for (var k = 0; k < parts.Count; k++)
        {
            attByGroup[groups[k]] = attByGroup.GetValueOrDefault(groups[k]) + parts[k].Att;
            countByGroup[groups[k]] = countByGroup.GetValueOrDefault(groups[k]) + 1;
            baseline += shares[k] * parts[k].Att;
            baselineSum += shares[k];
        }

        // term1_i = Σ_k (1{G_i=g_k} − pg_k) θ_k / S; term2_i = (Σ_l (1{G_i=g_l} − pg_l)) (Σ_k pg_k θ_k) / S².
        var weighted = baseline / (sumShares * sumShares);
        for (var i = 0; i < n; i++)
        {
            var g = _unitCohort[i];
            var inGroupAtt = attByGroup.GetValueOrDefault(g);
            var inGroupCount = countByGroup.GetValueOrDefault(g);
            var term1 = (inGroupAtt - baseline) / sumShares;
            var term2 = (inGroupCount - baselineSum) * weighted;
            influence[i] += term1 - term2;
        }

        return (estimate, influence);
    }

    private (double Estimate, double[] Influence) Mean(IReadOnlyList<(double Att, double[] Influence)> parts)
    {
        var n = Units;
        var influence = new double[n];
        foreach (var part in parts)
        {
            for (var i = 0; i < n; i++)
            {
                influence[i] += part.Influence[i] / parts.Count;
            }
        }

        return (parts.Average(p => p.Att), influence);
    }

    private CallawaySantAnnaAggregation Build(AggregationKind kind, double estimate, double[] influence, IReadOnlyList<(double Key, (double Estimate, double[] Influence) Value)> elements)
    {
        var (overallSe, _) = StandardErrors([influence]);
        var overall = Significance.Coefficient(kind.ToString().ToLowerInvariant(), estimate, overallSe[0], null, ConfidenceLevel);
        var (se, critical) = elements.Count == 0 ? ([], double.NaN) : StandardErrors(elements.Select(e => e.Value.Influence).ToArray());
        var effects = elements.Select((e, k) =>
        {
            var coefficient = Significance.Coefficient($"{kind.ToString().ToLowerInvariant()}:{Format(e.Key)}", e.Value.Estimate, se[k], null, ConfidenceLevel);
            var band = double.IsFinite(critical) && double.IsFinite(se[k]) ? critical * se[k] : double.NaN;
            return new AggregatedEffect(e.Key, coefficient, e.Value.Estimate - band, e.Value.Estimate + band);
        }).ToArray();
        return new CallawaySantAnnaAggregation(kind, overall, effects, critical, Variance, this);
    }

    /// <summary>Standard errors of the columns and, with the bootstrap, the uniform band's critical value.</summary>
    private (double[] StandardErrors, double Critical) StandardErrors(IReadOnlyList<double[]> columns)
    {
        if (Specification.BootstrapDraws > 0)
        {
            _draws ??= MultiplierDraws.Generate(Specification.BootstrapDraws, ClusterCount, Specification.BootstrapSeed, Specification.BootstrapWeights);
            var outcome = MultiplierBootstrap.Run(columns, _unitCluster, ClusterCount, _draws, ConfidenceLevel);
            return (outcome.StandardErrors, outcome.UniformCritical);
        }

        var means = MultiplierBootstrap.ClusterMeans(columns, _unitCluster, ClusterCount);
        var k = columns.Count;
        var se = new double[k];
        for (var j = 0; j < k; j++)
        {
            var sum = 0.0;
            for (var c = 0; c < ClusterCount; c++)
            {
                var v = means[(c * k) + j];
                sum += v * v;
            }

            se[j] = sum > 0 ? Math.Sqrt(sum) / ClusterCount : double.NaN;
        }

        return (se, double.NaN);
    }

    internal static double NormalCritical(double level) => Normal.InvCDF(0, 1, 0.5 + (level / 2));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
