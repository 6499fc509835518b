using System.Globalization;
using System.Text.Json;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>One estimand of an imputation event study: a horizon (periods since treatment) or a pre-trend coefficient.</summary>
/// <param name="EventTime">k: periods since the first treated period (negative: an anticipation horizon, or a pre-trend coefficient, see <see cref="ImputationResult.PreTrendCoefficients"/>).</param>
/// <param name="Coefficient">The estimate with its standard error, z, p and interval (t on G − 1 df for pre-trend coefficients).</param>
/// <param name="Observations">The observations with weight in the estimand.</param>
/// <param name="EffectiveObservations">1/Σw², the effective number of treated observations (the observation count for pre-trend coefficients).</param>
public sealed record ImputationHorizon(int EventTime, Coefficient Coefficient, int Observations, double EffectiveObservations);

/// <summary>The estimated effect of one treated observation: τ̂_it = Y_it − Ŷ_it(0).</summary>
/// <param name="Row">The row in the data set that was fitted.</param>
/// <param name="Unit">The unit's label.</param>
/// <param name="Period">The period.</param>
/// <param name="Cohort">The unit's first treated period.</param>
/// <param name="EventTime">Periods since the first treated period.</param>
/// <param name="Effect">τ̂_it (not consistent on its own; averages of many are).</param>
public sealed record ImputedEffect(int Row, string Unit, double Period, double Cohort, int EventTime, double Effect);

/// <summary>A fitted Borusyak–Jaravel–Spiess imputation event study (see <see cref="ImputationSpecification"/>).</summary>
public sealed class ImputationResult
{
    private readonly string[] _names;
    private readonly double[,] _covariance;

    internal ImputationResult(
        ImputationSpecification specification,
        RegressionSpecification model,
        Coefficient average,
        int averageObservations,
        double averageEffective,
        IReadOnlyList<ImputationHorizon> horizons,
        string[] names,
        double[,] covariance,
        IReadOnlyList<ImputationHorizon> preTrend,
        WaldTestResult preTrendTest,
        RegressionResult? preTrendRegression,
        IReadOnlyList<(string Name, double Estimate)> controls,
        int untreatedObservations,
        int treatedObservations,
        int notImputed,
        string clusterName,
        int clusters,
        IReadOnlyList<ImputedEffect> effects,
        TreatmentAssignment assignment,
        IReadOnlyList<Note> notes)
    {
        Specification = specification;
        Model = model;
        Average = average;
        AverageObservations = averageObservations;
        AverageEffectiveObservations = averageEffective;
        Horizons = horizons;
        _names = names;
        _covariance = covariance;
        PreTrendCoefficients = preTrend;
        PreTrendTest = preTrendTest;
        PreTrendRegression = preTrendRegression;
        ControlCoefficients = controls;
        UntreatedObservations = untreatedObservations;
        TreatedObservations = treatedObservations;
        NotImputedObservations = notImputed;
        ClusterName = clusterName;
        ClusterCount = clusters;
        Effects = effects;
        Assignment = assignment;
        Notes = notes;
    }

    /// <summary>The specification that was fitted.</summary>
    public ImputationSpecification Specification { get; }

    /// <summary>The model of Y(0) with its defaults filled in (fixed effects, cluster).</summary>
    public RegressionSpecification Model { get; }

    /// <summary>The outcome's name.</summary>
    public string Dependent => Model.Outcome.Name;

    /// <summary>The overall ATT: the (weighted) average of τ̂_it over the imputed observations with t ≥ cohort, named <c>ATT</c>.</summary>
    public Coefficient Average { get; }

    /// <summary>The treated observations with weight in <see cref="Average"/>.</summary>
    public int AverageObservations { get; }

    /// <summary>1/Σw² of <see cref="Average"/>.</summary>
    public double AverageEffectiveObservations { get; }

    /// <summary>The average effect at each horizon k = t − cohort (anticipation horizons −a..−1 first when anticipation is set), named <c>tau::k</c>.</summary>
    public IReadOnlyList<ImputationHorizon> Horizons { get; }

    /// <summary>The BJS pre-trend coefficients <c>pre::h</c>, h = 1..k, empty without <c>PreTrends(k)</c>.</summary>
    /// <remarks>The coefficient <c>pre::h</c> is the untreated observations' deviation h periods before the (anticipation-shifted) cohort, relative to the observations more than k periods before it and the never treated; its <see cref="ImputationHorizon.EventTime"/> is −h − a.</remarks>
    public IReadOnlyList<ImputationHorizon> PreTrendCoefficients { get; }

    /// <summary>The joint test that all pre-trend coefficients are zero: F = W/k on F(k, G − 1) (did_imputation's <c>pre_F</c>); inapplicable without <c>PreTrends(k)</c>.</summary>
    public WaldTestResult PreTrendTest { get; }

    /// <summary>The pre-trend regression on the untreated observations, or null without <c>PreTrends(k)</c>.</summary>
    public RegressionResult? PreTrendRegression { get; }

    /// <summary>γ̂ of the model of Y(0) (no standard errors: they are not part of the estimand).</summary>
    public IReadOnlyList<(string Name, double Estimate)> ControlCoefficients { get; }

    /// <summary>The untreated observations the model of Y(0) was fitted on (never treated and not yet treated, outside the anticipation window).</summary>
    public int UntreatedObservations { get; }

    /// <summary>The treated observations (including anticipation periods) whose Y(0) was imputed.</summary>
    public int TreatedObservations { get; }

    /// <summary>Treated observations that could not be imputed and are in no estimand (see <see cref="Notes"/>).</summary>
    public int NotImputedObservations { get; }

    /// <summary>The observations used: untreated plus imputed treated.</summary>
    public int Observations => UntreatedObservations + TreatedObservations;

    /// <summary>The cluster variable of the standard errors.</summary>
    public string ClusterName { get; }

    /// <summary>The number of clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>τ̂_it of every imputed treated observation.</summary>
    public IReadOnlyList<ImputedEffect> Effects { get; }

    /// <summary>The treatment evaluated on the data.</summary>
    public TreatmentAssignment Assignment { get; }

    /// <summary>What was left out or changed and why.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>A description of the variance estimator.</summary>
    public string VarianceDescription
        => $"BJS conservative, clustered by {ClusterName}, τ̃ averaged by {GroupWords(Specification.EffectGroups)}{(Specification.LeaveOut ? ", leave-out" : string.Empty)}";

    /// <summary>The effect at horizon <paramref name="eventTime"/>.</summary>
    public ImputationHorizon this[int eventTime]
        => Horizons.FirstOrDefault(h => h.EventTime == eventTime)
           ?? throw new KeyNotFoundException($"No horizon {eventTime}; the horizons are {string.Join(", ", Horizons.Select(h => h.EventTime))}.");

    /// <summary>The covariance of two estimands (<c>ATT</c>, <c>tau::k</c>) under the BJS variance.</summary>
    public double Covariance(string first, string second) => _covariance[IndexOf(first), IndexOf(second)];

    /// <summary>
    /// The result as JSON: <c>estimator: "imputation"</c>, the ATT and horizons (<c>coefficients</c>, each horizon with
    /// <c>event_time</c>, <c>observations</c> and <c>effective_observations</c>), <c>pretrend</c> coefficients and
    /// <c>pretrend_wald</c>, the counts, the variance description and notes.
    /// </summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Imputation (BJS) {Dependent}: ATT = {Average.Estimate:G6} ({Average.StandardError:G4}), {AverageObservations} treated and {UntreatedObservations} untreated observations, {ClusterCount} clusters";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "imputation");
        writer.WriteString("dependent", Dependent);
        if (Assignment.Treatment is CohortTreatment cohort)
        {
            writer.WriteString("cohort", cohort.Cohort.Name);
        }

        writer.WriteNumber("observations", Observations);
        writer.WriteNumber("untreated_observations", UntreatedObservations);
        writer.WriteNumber("treated_observations", TreatedObservations);
        writer.WriteNumber("not_imputed_observations", NotImputedObservations);
        writer.WriteNumber("anticipation", Specification.AnticipationPeriods);
        writer.WriteString("vcov", VarianceDescription);
        JsonOutput.Strings(writer, "fixed_effects", Model.FixedEffects.Select(f => f.Name));
        writer.WriteStartObject("clusters");
        writer.WriteNumber(ClusterName, ClusterCount);
        writer.WriteEndObject();
        writer.WriteStartArray("coefficients");
        WriteEstimand(writer, Average, null, AverageObservations, AverageEffectiveObservations);
        foreach (var h in Horizons)
        {
            WriteEstimand(writer, h.Coefficient, h.EventTime, h.Observations, h.EffectiveObservations);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("pretrend");
        foreach (var p in PreTrendCoefficients)
        {
            WriteEstimand(writer, p.Coefficient, p.EventTime, p.Observations, double.NaN);
        }

        writer.WriteEndArray();
        JsonOutput.Property(writer, "pretrend_wald", PreTrendTest.WriteJson);
        writer.WriteStartArray("controls");
        foreach (var (name, estimate) in ControlCoefficients)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            JsonOutput.Number(writer, "estimate", estimate);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }

    private static void WriteEstimand(Utf8JsonWriter writer, Coefficient c, int? eventTime, int observations, double effective)
    {
        writer.WriteStartObject();
        writer.WriteString("name", c.Name);
        if (eventTime is { } k)
        {
            writer.WriteNumber("event_time", k);
        }

        JsonOutput.Number(writer, "estimate", c.Estimate);
        JsonOutput.Number(writer, "std_error", c.StandardError);
        JsonOutput.Number(writer, "t", c.TStatistic); // the z statistic, under the contract's key
        JsonOutput.Number(writer, "p", c.PValue);
        JsonOutput.Number(writer, "ci_low", c.ConfidenceLow);
        JsonOutput.Number(writer, "ci_high", c.ConfidenceHigh);
        writer.WriteNumber("observations", observations);
        if (double.IsFinite(effective))
        {
            JsonOutput.Number(writer, "effective_observations", effective);
        }

        writer.WriteEndObject();
    }

    private int IndexOf(string name)
    {
        var index = Array.IndexOf(_names, name);
        return index >= 0 ? index : throw new KeyNotFoundException($"No estimand '{name}'; the estimands are {string.Join(", ", _names)}.");
    }

    private static string GroupWords(ImputationEffectGroups groups) => groups switch
    {
        ImputationEffectGroups.CohortAndPeriod => "cohort × period",
        ImputationEffectGroups.EventTime => "event time",
        ImputationEffectGroups.Cohort => "cohort",
        _ => "all treated observations",
    };

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
