using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>A fitted staggered two-way fixed-effects DID: the regression, the treatment effect and the treatment's make-up in the sample.</summary>
public sealed class DidResult
{
    internal DidResult(RegressionResult regression, TreatmentAssignment assignment)
    {
        Regression = regression;
        Assignment = assignment;
        Effect = regression[assignment.Name];
        var units = new Dictionary<int, double>();
        foreach (var row in regression.SampleRows)
        {
            var u = assignment.UnitCodes[row];
            units.TryAdd(u, assignment.UnitCohorts[u]);
        }

        TreatedUnits = units.Values.Count(c => c > 0);
        NeverTreatedUnits = units.Values.Count(c => c == 0);
        CohortSizes = units.Values.Where(c => c > 0).GroupBy(c => c).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The underlying regression (every coefficient, fit statistics, notes).</summary>
    public RegressionResult Regression { get; }

    /// <summary>The treatment coefficient β.</summary>
    public Coefficient Effect { get; }

    /// <summary>The treatment evaluated on the data.</summary>
    public TreatmentAssignment Assignment { get; }

    /// <summary>Units in the estimation sample that are ever treated.</summary>
    public int TreatedUnits { get; }

    /// <summary>Units in the estimation sample that are never treated.</summary>
    public int NeverTreatedUnits { get; }

    /// <summary>The number of treated units in each cohort (first treated period) in the estimation sample.</summary>
    public IReadOnlyDictionary<double, int> CohortSizes { get; }

    /// <summary>What was dropped or changed and why.</summary>
    public IReadOnlyList<Note> Notes => Regression.Notes;

    /// <summary>
    /// Randomisation inference: reassigns the treatment at random <paramref name="draws"/> times and refits
    /// (see <see cref="PlaceboInference"/>); deterministic for a <paramref name="seed"/>.
    /// </summary>
    public PlaceboResult Placebo(int draws = 500, int seed = 42, PlaceboMode mode = PlaceboMode.UnitsAndTiming, PlaceboStatistic statistic = PlaceboStatistic.Coefficient, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => PlaceboInference.Run(this, draws, seed, mode, statistic, progress, cancellationToken);

    /// <summary>
    /// The Goodman-Bacon (2021) decomposition of <see cref="Effect"/> into 2×2 comparisons and their weights; needs a
    /// balanced sample, unit and time fixed effects and no controls.
    /// </summary>
    public BaconDecomposition Decompose() => BaconDecomposition.Compute(this);

    /// <summary>The result as JSON: the regression's keys with <c>estimator: "did"</c>, plus the treatment, the treated and never-treated unit counts and the cohort sizes.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(w => WriteJson(w), indented);

    /// <inheritdoc />
    public override string ToString()
        => $"DID {Regression.Dependent}: {Effect.Name} = {Effect.Estimate:G6} ({Effect.StandardError:G4}), {TreatedUnits} treated and {NeverTreatedUnits} never-treated units, {Regression.Vcov.Description}";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        var node = JsonOutput.ObjectNode(Regression.WriteJson);
        node["estimator"] = "did";
        node["treatment"] = Assignment.Name;
        if (Assignment.Treatment is CohortTreatment cohort)
        {
            node["cohort"] = cohort.Cohort.Name;
        }

        node["treated_units"] = TreatedUnits;
        node["never_treated_units"] = NeverTreatedUnits;
        var sizes = new System.Text.Json.Nodes.JsonObject();
        foreach (var (c, count) in CohortSizes)
        {
            sizes[Treatment.Format(c)] = count;
        }

        node["cohort_sizes"] = sizes;
        node.WriteTo(writer);
    }
}
