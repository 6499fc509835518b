using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>
/// An immutable de Chaisemartin–D'Haultfœuille DID_M for a binary treatment that may switch on and off:
/// <c>Model.SwitchingDid("y").Treated("d").Bootstrap(draws: 100, seed: 1).Fit(data)</c>.
/// </summary>
/// <remarks>
/// <para><b>Estimator</b> (de Chaisemartin and D'Haultfœuille 2020, American Economic Review 110(9), Theorem 3). Periods are
/// the panel's distinct time values in order, consecutive periods are neighbours in that order, and each unit-period
/// is one cell. At each period t ≥ 2, among the units observed at t − 1 and t: joiners (D 0 → 1), stable untreated
/// (0 → 0), leavers (1 → 0) and stable treated (1 → 1), with counts N₁₀,t, N₀₀,t, N₀₁,t, N₁₁,t (joiners first, then
/// leavers, as (D_t, D_{t−1}) in the paper). With ΔY = Y_t − Y_{t−1} and means over each group,
/// DID₊,t = ΔȲ(joiners) − ΔȲ(stable untreated), DID₋,t = ΔȲ(stable treated) − ΔȲ(leavers), and
/// DID_M = Σ_t (N₁₀,t DID₊,t + N₀₁,t DID₋,t) / N_S, N_S = Σ_t (N₁₀,t + N₀₁,t) over the switchers that have a stable
/// comparison group at t. Switchers without one (no stable untreated unit for joiners, no stable treated unit for
/// leavers) are not identified: they are left out of N_S and counted in a note, never dropped silently.</para>
/// <para><b>Placebo</b> (their Section 4). The same comparison one period earlier among units whose treatment was stable
/// from t − 2 to t − 1: joiners 0,0 → 1 against 0,0 → 0 and leavers 1,1 → 0 against 1,1 → 1, using Y_{t−1} − Y_{t−2};
/// DID_M^pl = Σ_t (N₀₀₁,t DID^pl₊,t + N₁₁₀,t DID^pl₋,t) / N_S^pl. A placebo far from zero casts doubt on parallel trends.</para>
/// <para><b>Inference</b>: a cluster bootstrap (clusters drawn with replacement, default the unit; every drawn copy is a
/// new unit), seeded; the standard error is the standard deviation (n − 1) of the draws' estimates and the interval
/// estimate ± z·SE, as the Stata command <c>did_multiplegt</c> reports with <c>breps()</c>. Draws in which no switcher
/// has a comparison group are discarded and counted. Without <see cref="Bootstrap"/> no standard error is reported.</para>
/// </remarks>
public sealed record SwitchingDidSpecification
{
    internal SwitchingDidSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The outcome.</summary>
    public Term Outcome { get; }

    /// <summary>The 0/1 treatment column, or null until <see cref="Treated"/> is called.</summary>
    public ColumnTerm? Treatment { get; init; }

    /// <summary>The bootstrap cluster variable (constant within unit), or null for the unit.</summary>
    public ColumnTerm? ClusterVariable { get; init; }

    /// <summary>The number of bootstrap draws (0: no standard errors).</summary>
    public int BootstrapDraws { get; init; }

    /// <summary>The bootstrap seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The confidence level of the intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Sets the 0/1 treatment indicator (it may switch on and off).</summary>
    public SwitchingDidSpecification Treated(ColumnTerm indicator) => this with { Treatment = indicator ?? throw new ArgumentNullException(nameof(indicator)) };

    /// <summary>Resamples clusters of units in the bootstrap (default: each unit its own cluster).</summary>
    public SwitchingDidSpecification Cluster(ColumnTerm variable) => this with { ClusterVariable = variable ?? throw new ArgumentNullException(nameof(variable)) };

    /// <summary>Standard errors by a cluster bootstrap of <paramref name="draws"/> draws, deterministic for <paramref name="seed"/>.</summary>
    public SwitchingDidSpecification Bootstrap(int draws = 100, int seed = 1)
        => draws >= 2 ? this with { BootstrapDraws = draws, Seed = seed } : throw new ArgumentOutOfRangeException(nameof(draws), draws, "The bootstrap needs at least 2 draws, for example Bootstrap(draws: 100, seed: 1).");

    /// <summary>Sets the confidence level (default 0.95).</summary>
    public SwitchingDidSpecification Confidence(double level)
        => level is > 0 and < 1 ? this with { ConfidenceLevel = level } : throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1), for example 0.95.");

    /// <summary>Estimates DID_M and its placebo on <paramref name="data"/>.</summary>
    public SwitchingDidResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var indicator = Treatment ?? throw new InvalidOperationException($"DID_M of '{Outcome.Name}' has no treatment; call Treated(\"d\") with a 0/1 column.");
        if (!data.IsPanel)
        {
            throw new InvalidOperationException("DID_M needs panel data (unit and time columns); read the data with ReadCsv(path, unit: \"...\", time: \"...\").");
        }

        if (!data.Time.HasNumericLevels)
        {
            throw new InvalidOperationException($"The time column '{data.Time.Name}' has non-numeric labels; DID_M orders periods by their numeric values (years).");
        }

        var evaluator = new TermEvaluator(data);
        var y = evaluator.Evaluate(Outcome);
        var d = evaluator.Evaluate(indicator);
        var unitCodes = data.Unit.Codes;
        var notes = new List<Note>(data.Notes);
        notes.AddRange(evaluator.Notes);
        var clusterOf = ClusterOfUnits(data, evaluator, unitCodes, ClusterVariable, out var clusterName, out var clusterCount);

        // Distinct periods in order; each row's period index.
        var n = data.RowCount;
        var periodValues = new double[n];
        for (var i = 0; i < n; i++)
        {
            periodValues[i] = data.Time.NumericValue(i);
        }

        var periods = periodValues.Where(p => !double.IsNaN(p)).Distinct().Order().ToArray();
        var periodIndex = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var units = data.Unit.LevelCount;
        var cellY = new double[units, periods.Length];
        var cellD = new double[units, periods.Length];
        for (var u = 0; u < units; u++)
        {
            for (var t = 0; t < periods.Length; t++)
            {
                cellY[u, t] = double.NaN;
                cellD[u, t] = double.NaN;
            }
        }

        var missing = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(d[i]) && d[i] != 0 && d[i] != 1)
            {
                throw new ArgumentException($"The treatment column '{indicator.Name}' has the value {Causal.Treatment.Format(d[i])} in row {i + 1}; DID_M needs a 0/1 treatment (or missing).");
            }

            if (unitCodes[i] < 0 || double.IsNaN(periodValues[i]) || double.IsNaN(y[i]) || double.IsNaN(d[i]))
            {
                missing++;
                continue;
            }

            var t = periodIndex[periodValues[i]];
            cellY[unitCodes[i], t] = y[i];
            cellD[unitCodes[i], t] = d[i];
        }

        if (missing > 0)
        {
            notes.Add(new Note(NoteKind.MissingValues, $"{missing} rows dropped for a missing outcome, treatment, unit or period", missing));
        }

        // Per cluster and period: count and ΔY sum of each transition type (4 for DID_M, 4 for the placebo), so that a
        // bootstrap draw is a weighted sum over clusters.
        var sums = new CellSums(clusterCount, periods.Length);
        for (var u = 0; u < units; u++)
        {
            var c = clusterOf[u];
            if (c < 0)
            {
                continue;
            }

            for (var t = 1; t < periods.Length; t++)
            {
                var now = cellD[u, t];
                var before = cellD[u, t - 1];
                if (double.IsNaN(now) || double.IsNaN(before))
                {
                    continue;
                }

                sums.Add(c, t, Type((int)before, (int)now), cellY[u, t] - cellY[u, t - 1]);
                if (t >= 2 && !double.IsNaN(cellD[u, t - 2]) && cellD[u, t - 2] == before)
                {
                    sums.Add(c, t, 4 + Type((int)before, (int)now), cellY[u, t - 1] - cellY[u, t - 2]);
                }
            }
        }

        var multiplicity = Enumerable.Repeat(1.0, clusterCount).ToArray();
        var full = Aggregate(sums, multiplicity, periods.Length);
        var estimate = Estimate(full, periods.Length, placebo: false, out var switchers, out var unmatched, out var contributions);
        var placeboEstimate = Estimate(full, periods.Length, placebo: true, out var placeboSwitchers, out var placeboUnmatched, out _);
        if (switchers == 0)
        {
            throw new InvalidOperationException(
                unmatched > 0
                    ? $"DID_M is not identified: all {unmatched} switches of '{indicator.Name}' happen in periods without a stable comparison group (no unit kept its treatment from the period before)."
                    : $"The treatment '{indicator.Name}' never switches between consecutive periods of a unit; DID_M compares switchers with stable units and needs at least one switch.");
        }

        if (unmatched > 0)
        {
            notes.Add(new Note(NoteKind.SampleRestriction, $"{unmatched} switches not identified and left out of DID_M: no unit with a stable treatment of the same starting value at that period", unmatched));
        }

        if (placeboUnmatched > 0)
        {
            notes.Add(new Note(NoteKind.SampleRestriction, $"{placeboUnmatched} placebo switches left out: no stable comparison unit over the three periods", placeboUnmatched));
        }

        var (se, placeboSe, valid) = BootstrapErrors(sums, periods.Length, clusterCount);
        if (BootstrapDraws > 0 && valid < BootstrapDraws)
        {
            notes.Add(new Note(NoteKind.Information, $"{BootstrapDraws - valid} of {BootstrapDraws} bootstrap draws had no identified switch and were discarded", BootstrapDraws - valid));
        }

        if (BootstrapDraws == 0)
        {
            notes.Add(new Note(NoteKind.Information, "No standard errors: call Bootstrap(draws, seed) for the cluster bootstrap"));
        }

        var effect = Inference.Significance.Coefficient("DID_M", estimate, se, null, ConfidenceLevel);
        var placebo = placeboSwitchers == 0
            ? null
            : Inference.Significance.Coefficient("DID_M placebo", placeboEstimate, placeboSe, null, ConfidenceLevel);
        if (placebo is null)
        {
            notes.Add(new Note(NoteKind.Information, "No placebo: no switcher was observed with a stable treatment over the two periods before its switch"));
        }

        var clusterLabel = clusterName ?? data.UnitColumnName!;
        return new SwitchingDidResult(this, effect, placebo, switchers, placeboSwitchers, contributions, periods, clusterLabel, clusterCount, valid, notes);
    }

    // 0: stable untreated (0 → 0), 1: joiner (0 → 1), 2: leaver (1 → 0), 3: stable treated (1 → 1).
    private static int Type(int before, int now) => (before * 2) + now;

    private static int[] ClusterOfUnits(PanelData data, TermEvaluator evaluator, ReadOnlySpan<int> unitCodes, ColumnTerm? variable, out string? name, out int count)
    {
        var units = data.Unit.LevelCount;
        var result = new int[units];
        if (variable is null)
        {
            for (var u = 0; u < units; u++)
            {
                result[u] = u;
            }

            name = null;
            count = units;
            return result;
        }

        var codes = evaluator.Categorical(variable, "cluster variable").RawCodes;
        Array.Fill(result, -1);
        var map = new Dictionary<int, int>();
        for (var i = 0; i < unitCodes.Length; i++)
        {
            var u = unitCodes[i];
            if (u < 0 || codes[i] < 0)
            {
                continue;
            }

            if (!map.TryGetValue(codes[i], out var c))
            {
                c = map.Count;
                map[codes[i]] = c;
            }

            if (result[u] >= 0 && result[u] != c)
            {
                throw new ArgumentException($"The cluster variable '{variable.Name}' varies within unit '{data.Unit.Levels[u]}' (row {i + 1}); the bootstrap resamples whole units, so the cluster must be constant within a unit.");
            }

            result[u] = c;
        }

        name = variable.Name;
        count = map.Count;
        return result;
    }

    private static double[] Aggregate(CellSums sums, double[] multiplicity, int periods)
    {
        var total = new double[periods * 8 * 2];
        for (var c = 0; c < multiplicity.Length; c++)
        {
            var k = multiplicity[c];
            if (k == 0)
            {
                continue;
            }

            var block = sums.Cluster(c);
            for (var j = 0; j < total.Length; j++)
            {
                total[j] += k * block[j];
            }
        }

        return total;
    }

    /// <summary>DID_M (or its placebo) from aggregated counts and ΔY sums: slot (t·8 + type)·2 holds the count, +1 the sum.</summary>
    private static double Estimate(double[] total, int periods, bool placebo, out int switchers, out int unmatched, out List<SwitchContribution> contributions)
    {
        var offset = placebo ? 4 : 0;
        double numerator = 0, weight = 0;
        switchers = 0;
        unmatched = 0;
        contributions = [];
        for (var t = 1; t < periods; t++)
        {
            double Count(int type) => total[(((t * 8) + offset + type) * 2) + 0];
            double Mean(int type) => total[(((t * 8) + offset + type) * 2) + 1] / Count(type);
            var joiners = Count(1);
            var leavers = Count(2);
            if (joiners > 0)
            {
                if (Count(0) > 0)
                {
                    var did = Mean(1) - Mean(0);
                    numerator += joiners * did;
                    weight += joiners;
                    switchers += (int)joiners;
                    contributions.Add(new SwitchContribution(t, true, (int)joiners, (int)Count(0), did));
                }
                else
                {
                    unmatched += (int)joiners;
                }
            }

            if (leavers > 0)
            {
                if (Count(3) > 0)
                {
                    var did = Mean(3) - Mean(2);
                    numerator += leavers * did;
                    weight += leavers;
                    switchers += (int)leavers;
                    contributions.Add(new SwitchContribution(t, false, (int)leavers, (int)Count(3), did));
                }
                else
                {
                    unmatched += (int)leavers;
                }
            }
        }

        return weight > 0 ? numerator / weight : double.NaN;
    }

    private (double Se, double PlaceboSe, int Valid) BootstrapErrors(CellSums sums, int periods, int clusters)
    {
        if (BootstrapDraws == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        var random = new Random(Seed);
        var multiplicity = new double[clusters];
        var draws = new List<double>(BootstrapDraws);
        var placeboDraws = new List<double>(BootstrapDraws);
        for (var b = 0; b < BootstrapDraws; b++)
        {
            Array.Clear(multiplicity);
            for (var g = 0; g < clusters; g++)
            {
                multiplicity[random.Next(clusters)]++;
            }

            var total = Aggregate(sums, multiplicity, periods);
            var value = Estimate(total, periods, placebo: false, out _, out _, out _);
            if (double.IsFinite(value))
            {
                draws.Add(value);
            }

            var placebo = Estimate(total, periods, placebo: true, out _, out _, out _);
            if (double.IsFinite(placebo))
            {
                placeboDraws.Add(placebo);
            }
        }

        return (StandardDeviation(draws), StandardDeviation(placeboDraws), draws.Count);
    }

    private static double StandardDeviation(List<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Counts and ΔY sums per cluster × period × transition type (8 types: 4 for DID_M, 4 for the placebo).</summary>
    private sealed class CellSums(int clusters, int periods)
    {
        private readonly double[] _values = new double[clusters * periods * 8 * 2];
        private readonly int _stride = periods * 8 * 2;

        internal void Add(int cluster, int period, int type, double change)
        {
            var slot = (cluster * _stride) + ((((period * 8) + type) * 2));
            _values[slot]++;
            _values[slot + 1] += change;
        }

        internal ReadOnlySpan<double> Cluster(int cluster) => _values.AsSpan(cluster * _stride, _stride);
    }
}
