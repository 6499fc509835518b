using System.Globalization;
using System.Text.Json;

using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>The kind of a 2×2 comparison in a Goodman-Bacon decomposition.</summary>
public enum BaconComparisonKind
{
    /// <summary>A timing group against the never-treated units.</summary>
    TreatedVersusNeverTreated,

    /// <summary>An earlier-treated group against a later-treated group that is not yet treated.</summary>
    EarlierVersusLaterTreated,

    /// <summary>A later-treated group against an earlier-treated group that is already treated (the comparison that can get negative effective weight on dynamic effects).</summary>
    LaterVersusEarlierTreated,

    /// <summary>A timing group against units treated before the first period.</summary>
    TreatedVersusAlwaysTreated,
}

/// <summary>One 2×2 DID comparison of the decomposition.</summary>
/// <param name="Kind">Which units serve as controls.</param>
/// <param name="TreatedCohort">The first treated period of the group whose treatment changes.</param>
/// <param name="ControlCohort">The first treated period of the control group (0 for never treated).</param>
/// <param name="Estimate">The 2×2 DID estimate.</param>
/// <param name="Weight">Its weight in the TWFE estimate (weights sum to 1).</param>
public sealed record BaconComparison(BaconComparisonKind Kind, double TreatedCohort, double ControlCohort, double Estimate, double Weight);

/// <summary>
/// The Goodman-Bacon decomposition of a TWFE DID estimate into 2×2 comparisons and their weights.
/// </summary>
/// <remarks>
/// <para>Goodman-Bacon (2021, J. Econometrics 225(2), Theorem 1): in a balanced panel with unit and time fixed effects,
/// no controls and an absorbing treatment, β̂_TWFE = Σ s_kU β̂_kU + Σ_{k≠ℓ} (s^k_kℓ β̂^k_kℓ + s^ℓ_kℓ β̂^ℓ_kℓ), with timing groups
/// k (treated earlier) and ℓ (later; the never-treated have D̄ = 0, the always-treated D̄ = 1), n_k the group's share of
/// units, D̄_k its share of treated periods, n_kℓ = n_k/(n_k + n_ℓ) and V̂^D the variance of the two-way demeaned D:
/// s^k_kℓ = [(n_k + n_ℓ)(1 − D̄_ℓ)]² n_kℓ(1 − n_kℓ) (D̄_k − D̄_ℓ)/(1 − D̄_ℓ) · (1 − D̄_k)/(1 − D̄_ℓ) / V̂^D (k treated, ℓ not yet, periods
/// before ℓ's treatment; with ℓ never treated this is s_kU) and s^ℓ_kℓ = [(n_k + n_ℓ) D̄_k]² n_kℓ(1 − n_kℓ) (D̄_ℓ/D̄_k)
/// (D̄_k − D̄_ℓ)/D̄_k / V̂^D (ℓ treated, k already treated, periods from k's treatment on). The weights sum to one and
/// Σ s β̂ equals the TWFE estimate exactly, which <see cref="Residual"/> reports as a check.</para>
/// </remarks>
public sealed class BaconDecomposition
{
    private BaconDecomposition(double twoWayEstimate, IReadOnlyList<BaconComparison> comparisons)
    {
        TwoWayEstimate = twoWayEstimate;
        Comparisons = comparisons;
        WeightedSum = comparisons.Sum(c => c.Weight * c.Estimate);
    }

    /// <summary>The TWFE DID estimate being decomposed.</summary>
    public double TwoWayEstimate { get; }

    /// <summary>The 2×2 comparisons with non-zero weight.</summary>
    public IReadOnlyList<BaconComparison> Comparisons { get; }

    /// <summary>Σ weight × estimate (equals <see cref="TwoWayEstimate"/> up to rounding).</summary>
    public double WeightedSum { get; }

    /// <summary><see cref="TwoWayEstimate"/> − <see cref="WeightedSum"/>: zero up to rounding when the theorem's conditions hold.</summary>
    public double Residual => TwoWayEstimate - WeightedSum;

    /// <summary>The total weight and weighted mean estimate of each kind of comparison.</summary>
    public IReadOnlyDictionary<BaconComparisonKind, (double Weight, double Estimate)> ByKind
        => Comparisons.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => (g.Sum(c => c.Weight), g.Sum(c => c.Weight * c.Estimate) / g.Sum(c => c.Weight)));

    /// <summary>The decomposition as JSON: the TWFE estimate, every comparison and the totals by kind.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Goodman-Bacon decomposition of {TwoWayEstimate:G6}: " + string.Join("; ", ByKind.Select(p => $"{p.Key} weight {p.Value.Weight:G4}, mean {p.Value.Estimate:G4}"));

    internal static BaconDecomposition Compute(DidResult did)
    {
        var regression = did.Regression;
        var fit = regression.Fit;
        var specification = fit.Specification;
        var data = fit.Data;
        var assignment = did.Assignment;
        if (specification.WeightColumn is { } weights)
        {
            throw new InvalidOperationException(
                $"The Goodman-Bacon decomposition is of the unweighted TWFE DID, but the model has Weights(\"{weights.Name}\"); refit without Weights(...) to decompose.");
        }

        if (specification.RightHandSide.Count() != 1)
        {
            throw new InvalidOperationException(
                $"The Goodman-Bacon decomposition holds for the TWFE DID without controls, but the model has {string.Join(", ", specification.RightHandSide.Skip(1).Select(t => t.Name))} as well; refit without Controls(...) to decompose.");
        }

        var fixedEffects = specification.FixedEffects.Select(f => f.Name).ToHashSet();
        if (fixedEffects.Count != 2 || !fixedEffects.Contains(data.UnitColumnName!) || !fixedEffects.Contains(data.TimeColumnName!))
        {
            throw new InvalidOperationException(
                $"The Goodman-Bacon decomposition needs exactly the unit and time fixed effects ({data.UnitColumnName}, {data.TimeColumnName}) but the model has {string.Join(", ", fixedEffects)}.");
        }

        if (!assignment.IsAbsorbing)
        {
            throw new InvalidOperationException($"The treatment '{assignment.Name}' is not absorbing; the decomposition needs each unit treated from its first treated period on.");
        }

        var rows = fit.SampleRows;
        var y = new TermEvaluator(data, LinearModelEstimator.PanelShift).Evaluate(specification.Outcome);
        var periods = rows.Select(r => assignment.PeriodArray[r]).Distinct().Order().ToArray();
        var periodIndex = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var units = rows.Select(r => assignment.UnitCodeArray[r]).Distinct().ToArray();
        var T = periods.Length;
        if ((long)units.Length * T != rows.Length)
        {
            throw new InvalidOperationException(
                $"The Goodman-Bacon decomposition needs a balanced estimation sample, but it has {rows.Length} rows for {units.Length} units and {T} periods ({(long)units.Length * T} if balanced). Balance the panel first (keep units observed in every period).");
        }

        // Timing groups by first treated period index: 0 = always treated, T = never treated (or treated after the last period).
        var groupOfUnit = new Dictionary<int, int>();
        foreach (var u in units)
        {
            var cohort = assignment.UnitCohortArray[u];
            groupOfUnit[u] = cohort == 0 ? T : Array.FindIndex(periods, p => p >= cohort) is var i && i >= 0 ? i : T;
        }

        var starts = groupOfUnit.Values.Distinct().Order().ToArray();
        var g = starts.Length;
        var slot = starts.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var sums = new double[g, T];
        var counts = new int[g];
        foreach (var u in units)
        {
            counts[slot[groupOfUnit[u]]]++;
        }

        foreach (var r in rows)
        {
            sums[slot[groupOfUnit[assignment.UnitCodeArray[r]]], periodIndex[assignment.PeriodArray[r]]] += y[r];
        }

        var means = new double[g, T];
        for (var k = 0; k < g; k++)
        {
            for (var t = 0; t < T; t++)
            {
                means[k, t] = sums[k, t] / counts[k];
            }
        }

        double Mean(int group, int from, int to)
        {
            var total = 0.0;
            for (var t = from; t < to; t++)
            {
                total += means[group, t];
            }

            return total / (to - from);
        }

        // V^D: variance of D after removing unit and time means (balanced panel).
        var share = counts.Select(c => (double)c / units.Length).ToArray();
        var treatedShare = starts.Select(s => (double)(T - s) / T).ToArray();
        var timeMean = new double[T];
        for (var t = 0; t < T; t++)
        {
            for (var k = 0; k < g; k++)
            {
                timeMean[t] += share[k] * (t >= starts[k] ? 1 : 0);
            }
        }

        var grand = timeMean.Average();
        var vd = 0.0;
        for (var k = 0; k < g; k++)
        {
            for (var t = 0; t < T; t++)
            {
                var d = (t >= starts[k] ? 1 : 0) - treatedShare[k] - timeMean[t] + grand;
                vd += share[k] * d * d / T;
            }
        }

        var comparisons = new List<BaconComparison>();
        var cohortOf = starts.Select(s => s == T ? 0.0 : periods[s]).ToArray();
        for (var k = 0; k < g; k++)
        {
            for (var l = k + 1; l < g; l++)
            {
                // k is treated earlier (starts[k] < starts[l]).
                var dk = treatedShare[k];
                var dl = treatedShare[l];
                var nk = share[k];
                var nl = share[l];
                var nkl = nk / (nk + nl);
                var spread = nkl * (1 - nkl);
                if (dk < 1 && dl < 1)
                {
                    var w = Math.Pow((nk + nl) * (1 - dl), 2) * spread * ((dk - dl) / (1 - dl)) * ((1 - dk) / (1 - dl)) / vd;
                    var pre = (0, starts[k]);
                    var mid = (starts[k], starts[l]);
                    var estimate = (Mean(k, mid.Item1, mid.Item2) - Mean(k, pre.Item1, pre.Item2)) - (Mean(l, mid.Item1, mid.Item2) - Mean(l, pre.Item1, pre.Item2));
                    if (w > 0)
                    {
                        comparisons.Add(new BaconComparison(dl == 0 ? BaconComparisonKind.TreatedVersusNeverTreated : BaconComparisonKind.EarlierVersusLaterTreated, cohortOf[k], cohortOf[l], estimate, w));
                    }
                }

                if (dl > 0 && dk > 0)
                {
                    var w = Math.Pow((nk + nl) * dk, 2) * spread * (dl / dk) * ((dk - dl) / dk) / vd;
                    var mid = (starts[k], starts[l]);
                    var post = (starts[l], T);
                    var estimate = (Mean(l, post.Item1, post.Item2) - Mean(l, mid.Item1, mid.Item2)) - (Mean(k, post.Item1, post.Item2) - Mean(k, mid.Item1, mid.Item2));
                    if (w > 0)
                    {
                        comparisons.Add(new BaconComparison(dk == 1 ? BaconComparisonKind.TreatedVersusAlwaysTreated : BaconComparisonKind.LaterVersusEarlierTreated, cohortOf[l], cohortOf[k], estimate, w));
                    }
                }
            }
        }

        return new BaconDecomposition(did.Effect.Estimate, comparisons);
    }

    private void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "bacon_decomposition");
        JsonOutput.Number(writer, "twfe_estimate", TwoWayEstimate);
        JsonOutput.Number(writer, "weighted_sum", WeightedSum);
        writer.WriteStartArray("comparisons");
        foreach (var c in Comparisons)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", Describe(c.Kind));
            writer.WriteString("treated_cohort", c.TreatedCohort.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteString("control_cohort", c.ControlCohort.ToString("R", CultureInfo.InvariantCulture));
            JsonOutput.Number(writer, "estimate", c.Estimate);
            JsonOutput.Number(writer, "weight", c.Weight);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("by_kind");
        foreach (var (kind, (weight, estimate)) in ByKind)
        {
            writer.WriteStartObject(Describe(kind));
            JsonOutput.Number(writer, "weight", weight);
            JsonOutput.Number(writer, "estimate", estimate);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Describe(BaconComparisonKind kind) => kind switch
    {
        BaconComparisonKind.TreatedVersusNeverTreated => "treated_vs_never_treated",
        BaconComparisonKind.EarlierVersusLaterTreated => "earlier_vs_later_treated",
        BaconComparisonKind.LaterVersusEarlierTreated => "later_vs_earlier_treated",
        _ => "treated_vs_always_treated",
    };
}
