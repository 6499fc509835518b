using System.Text.Json;
using System.Text.Json.Nodes;

using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>One event time of an event study.</summary>
/// <param name="EventTime">k: periods since the first treated period (the end points include everything beyond them when binned).</param>
/// <param name="Coefficient">The dynamic effect μ_k with its standard error and interval.</param>
/// <param name="Observations">The treated rows at this event time in the estimation sample.</param>
/// <param name="IsBinned">True for an end point that collects event times beyond it.</param>
public sealed record EventTimeCoefficient(int EventTime, Coefficient Coefficient, int Observations, bool IsBinned);

/// <summary>The weight of one cohort in a Sun–Abraham event-time effect.</summary>
/// <param name="EventTime">The event time.</param>
/// <param name="Cohort">The cohort (first treated period).</param>
/// <param name="Weight">The cohort's share of the treated observations at that event time.</param>
public sealed record CohortWeight(int EventTime, double Cohort, double Weight);

/// <summary>A fitted event study: dynamic effects ordered by event time, the pre-trend test and the underlying regression.</summary>
public sealed class EventStudyResult
{
    internal EventStudyResult(EventStudySpecification specification, RegressionResult regression, IReadOnlyList<EventTimeCoefficient> eventTimes, int referenceObservations, WaldTestResult preTrend, WaldTestResult postTreatment, TreatmentAssignment assignment, IReadOnlyList<CohortWeight> cohortWeights)
    {
        Specification = specification;
        Regression = regression;
        EventTimes = eventTimes;
        ReferenceObservations = referenceObservations;
        PreTrendTest = preTrend;
        PostTreatmentTest = postTreatment;
        Assignment = assignment;
        CohortWeights = cohortWeights;
    }

    /// <summary>The cohort weights of each event time (Sun–Abraham); empty for TWFE.</summary>
    public IReadOnlyList<CohortWeight> CohortWeights { get; }

    /// <summary>The specification that was fitted.</summary>
    public EventStudySpecification Specification { get; }

    /// <summary>The underlying regression (event-time dummies, then controls).</summary>
    public RegressionResult Regression { get; }

    /// <summary>The dynamic effects in event-time order (the reference period is omitted).</summary>
    public IReadOnlyList<EventTimeCoefficient> EventTimes { get; }

    /// <summary>The omitted reference event time.</summary>
    public int ReferencePeriod => Specification.ReferencePeriod;

    /// <summary>The treated rows at the reference event time.</summary>
    public int ReferenceObservations { get; }

    /// <summary>The joint Wald test that all leads are zero (the parallel-trends pre-test).</summary>
    public WaldTestResult PreTrendTest { get; }

    /// <summary>The joint Wald test that all effects at and after treatment are zero.</summary>
    public WaldTestResult PostTreatmentTest { get; }

    /// <summary>The treatment evaluated on the data.</summary>
    public TreatmentAssignment Assignment { get; }

    /// <summary>What was dropped or changed and why.</summary>
    public IReadOnlyList<Note> Notes => Regression.Notes;

    /// <summary>The effect at event time <paramref name="eventTime"/>.</summary>
    public EventTimeCoefficient this[int eventTime]
        => EventTimes.FirstOrDefault(e => e.EventTime == eventTime)
           ?? throw new KeyNotFoundException($"No event time {eventTime}; the event times are {string.Join(", ", EventTimes.Select(e => e.EventTime))} (reference {ReferencePeriod} omitted).");

    /// <summary>
    /// The result as JSON: the regression's keys with <c>estimator: "event_study"</c>, the coefficients ordered by event
    /// time (each with <c>event_time</c>) then the controls, <c>window</c>, <c>reference</c>, <c>pretrend_wald</c>,
    /// <c>posttreatment_wald</c> and <c>event_time_counts</c>.
    /// </summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Event study {Regression.Dependent}: {string.Join(", ", EventTimes.Select(e => $"{e.EventTime}: {e.Coefficient.Estimate:G4}"))}; {PreTrendTest}";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        var node = JsonOutput.ObjectNode(Regression.WriteJson);
        node["estimator"] = "event_study";
        var sunAbraham = Specification.Method == EventStudyMethod.SunAbraham;
        node["method"] = sunAbraham ? "sun_abraham" : "twfe";
        if (Assignment.Treatment is CohortTreatment cohort)
        {
            node["cohort"] = cohort.Cohort.Name;
        }

        node["window"] = new JsonArray(Specification.WindowStart, Specification.WindowEnd);
        node["reference"] = ReferencePeriod;
        node["binned_endpoints"] = Specification.BinEndpoints;
        var old = node["coefficients"]!.AsArray();
        var ordered = new JsonArray();
        foreach (var e in EventTimes)
        {
            var c = e.Coefficient;
            ordered.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["event_time"] = e.EventTime,
                ["estimate"] = JsonOutput.NumberNode(c.Estimate),
                ["std_error"] = JsonOutput.NumberNode(c.StandardError),
                ["t"] = JsonOutput.NumberNode(c.TStatistic),
                ["p"] = JsonOutput.NumberNode(c.PValue),
                ["ci_low"] = JsonOutput.NumberNode(c.ConfidenceLow),
                ["ci_high"] = JsonOutput.NumberNode(c.ConfidenceHigh),
                ["observations"] = e.Observations,
                ["binned"] = e.IsBinned,
            });
        }

        // The controls (and the constant) follow; Sun–Abraham's cohort × event-time cells go to their own array.
        var eventNames = EventTimes.Select(e => e.Coefficient.Name).ToHashSet();
        var cells = new JsonArray();
        foreach (var c in old)
        {
            var name = c!["name"]!.GetValue<string>();
            if (name.StartsWith("cohort_event::", StringComparison.Ordinal))
            {
                cells.Add(c.DeepClone());
            }
            else if (!eventNames.Contains(name))
            {
                ordered.Add(c.DeepClone());
            }
        }

        node["coefficients"] = ordered;
        if (sunAbraham)
        {
            node["cohort_event_coefficients"] = cells;
            var weights = new JsonArray();
            foreach (var w in CohortWeights)
            {
                weights.Add(new JsonObject { ["event_time"] = w.EventTime, ["cohort"] = w.Cohort, ["weight"] = w.Weight });
            }

            node["cohort_weights"] = weights;
        }

        node["pretrend_wald"] = JsonNode.Parse(JsonOutput.Write(PreTrendTest.WriteJson, indented: false));
        node["posttreatment_wald"] = JsonNode.Parse(JsonOutput.Write(PostTreatmentTest.WriteJson, indented: false));
        var counts = new JsonObject();
        foreach (var e in EventTimes.Select(e => (e.EventTime, e.Observations)).Append((ReferencePeriod, ReferenceObservations)).OrderBy(p => p.Item1))
        {
            counts[e.Item1.ToString(System.Globalization.CultureInfo.InvariantCulture)] = e.Item2;
        }

        node["event_time_counts"] = counts;
        node.WriteTo(writer);
    }
}
