using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>The controls matched to one treated unit (data rows) and their weights.</summary>
/// <param name="TreatedRow">The treated unit's data row.</param>
/// <param name="ControlRows">The matched controls' data rows (empty when off support).</param>
/// <param name="Weights">The weight of each control (summing to one).</param>
public sealed record MatchedUnit(int TreatedRow, IReadOnlyList<int> ControlRows, IReadOnlyList<double> Weights)
{
    /// <summary>True when the treated unit found at least one control.</summary>
    public bool IsOnSupport => ControlRows.Count > 0;
}

/// <summary>
/// An immutable propensity-score matching result: the ATT with its standard error, the counts of treated,
/// controls and off-support units, the score model, the per-row scores and matching weights, the balance table
/// and notes.
/// </summary>
/// <remarks>
/// Per-row arrays have one entry per row of the data set given to <see cref="MatchingSpecification.Fit"/>:
/// <see cref="Weights"/> is 1 for a matched treated unit, Σᵢwᵢⱼ for a control (the number of times it is used,
/// fractionally with ties or kernels — psmatch2's <c>_weight</c>), 0 for an unmatched unit and NaN for a row not
/// in the matching sample (a missing value). The z test and interval use the normal distribution.
/// </remarks>
public sealed class MatchingResult
{
    private readonly MatchingOutcome _outcome;
    private readonly int[] _rows;

    internal MatchingResult(MatchingSpecification specification, MatchingOutcome outcome, BalanceTable balance, int[] rows, int rowCount, IReadOnlyList<Note> inputNotes)
    {
        Specification = specification;
        _outcome = outcome;
        _rows = rows;
        Balance = balance;
        var notes = inputNotes.Concat(outcome.Notes).ToList();
        var weights = Enumerable.Repeat(double.NaN, rowCount).ToArray();
        var scores = Enumerable.Repeat(double.NaN, rowCount).ToArray();
        for (var p = 0; p < rows.Length; p++)
        {
            weights[rows[p]] = outcome.Weights[p];
            scores[rows[p]] = outcome.PropensityScore[p];
        }

        Weights = weights;
        PropensityScores = scores;
        var set = outcome.Set;
        Matches = set.Treated.Select((t, i) => new MatchedUnit(rows[t], set.Controls[i].Select(c => rows[c]).ToArray(), set.Weights[i])).ToArray();
        var scoreSpecification = new BinaryChoiceSpecification(specification.Link, specification.Treatment)
            .On([.. specification.Covariates]);
        scoreSpecification = scoreSpecification with { FactorTerms = specification.FactorTerms };
        ScoreModel = new BinaryChoiceResult(scoreSpecification, outcome.Score, ModelDsl.Vcov.Iid, null, outcome.Score.Rows.Select(r => rows[r]).ToArray(), [], specification.FactorTerms.Select(f => f.Name).ToArray());
        var inference = Significance.Of(Att, StandardError, null, 0.95);
        if (Significance.IsDegenerate(Att, StandardError))
        {
            var matched = set.MatchedTreatedCount;
            var reason = matched == 1
                ? "only one treated unit was matched, so the ATT's sampling variance cannot be estimated (the Abadie–Imbens variance of a single matched unit is zero); match more treated units (a wider caliper, more data)"
                : $"the matched differences in '{Dependent}' do not vary across the {matched} matched treated units (is the outcome constant?)";
            notes.Add(Significance.DegenerateNote([("ATT", StandardError)], reason));
        }

        Notes = notes;
        ZStatistic = inference.Statistic;
        PValue = inference.PValue;
        ConfidenceLow = inference.ConfidenceLow;
        ConfidenceHigh = inference.ConfidenceHigh;
    }

    /// <summary>The specification that was run.</summary>
    public MatchingSpecification Specification { get; }

    /// <summary>A short description of the method: <c>nearest(k=5, replace, ties)</c>, <c>kernel(epanechnikov, bw=0.06)</c>.</summary>
    public string Method => Describe(Specification);

    /// <summary>The outcome's name (empty when none was given).</summary>
    public string Dependent => Specification.OutcomeTerm?.Name ?? string.Empty;

    /// <summary>The average treatment effect on the treated (NaN without an outcome).</summary>
    public double Att => _outcome.Att;

    /// <summary>The standard error of the ATT (Abadie–Imbens for nearest neighbour, bootstrap for kernel).</summary>
    public double StandardError => _outcome.StandardError;

    /// <summary>How <see cref="StandardError"/> was computed.</summary>
    public string StandardErrorMethod => Specification.Method == MatchingMethod.NearestNeighbor
        ? "abadie-imbens"
        : string.Create(CultureInfo.InvariantCulture, $"bootstrap({_outcome.BootstrapReplicationsUsed} of {Specification.BootstrapReplications} resamples, seed {Specification.Seed})");

    /// <summary>ATT / standard error.</summary>
    public double ZStatistic { get; }

    /// <summary>The two-sided normal p-value.</summary>
    public double PValue { get; }

    /// <summary>The lower bound of the 95% normal interval.</summary>
    public double ConfidenceLow { get; }

    /// <summary>The upper bound of the 95% normal interval.</summary>
    public double ConfidenceHigh { get; }

    /// <summary>The number of treated units in the matching sample.</summary>
    public int TreatedCount => _outcome.Set.Treated.Length;

    /// <summary>The number of treated units matched (on support).</summary>
    public int TreatedMatchedCount => _outcome.Set.MatchedTreatedCount;

    /// <summary>The number of treated units off support (trimmed, outside the bandwidth or caliper, or unmatched).</summary>
    public int OffSupportCount => TreatedCount - TreatedMatchedCount;

    /// <summary>The number of control units in the matching sample.</summary>
    public int ControlCount => _outcome.Treated.Length - TreatedCount;

    /// <summary>The number of controls with a positive matching weight.</summary>
    public int ControlsUsedCount => _outcome.Weights.Where((w, i) => w > 0 && !_outcome.Treated[i]).Count();

    /// <summary>The matching weight of every data row (see remarks).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The propensity score of every data row (NaN outside the matching sample).</summary>
    public IReadOnlyList<double> PropensityScores { get; }

    /// <summary>The treatment status of every data row of the matching sample, in <see cref="SampleRows"/> order.</summary>
    public IReadOnlyList<bool> Treated => _outcome.Treated;

    /// <summary>The data rows of the matching sample.</summary>
    public IReadOnlyList<int> SampleRows => _rows;

    /// <summary>The matches of every treated unit.</summary>
    public IReadOnlyList<MatchedUnit> Matches { get; }

    /// <summary>The propensity-score model.</summary>
    public BinaryChoiceResult ScoreModel { get; }

    /// <summary>The covariate balance before and after matching.</summary>
    public BalanceTable Balance { get; }

    /// <summary>Rows dropped, units off support, perfect predictors, bootstrap failures.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>Kernel densities of the score for treated and controls before and after matching (the common-support figure).</summary>
    /// <param name="points">The number of grid points between the smallest and largest score.</param>
    public ScoreDensities ScoreDensities(int points = 101)
        => Matching.ScoreDensities.Compute(_outcome.PropensityScore, _outcome.Treated, _outcome.Weights, points);

    /// <summary>The result as JSON.</summary>
    public string ToJson() => ToJsonNode().ToJsonString(JsonOutput.NodeOptions);

    internal JsonObject ToJsonNode() => new()
    {
        ["estimator"] = "psm",
        ["estimand"] = "att",
        ["dependent"] = Dependent,
        ["treatment"] = Specification.Treatment.Name,
        ["score_model"] = Specification.Link == BinaryLink.Logit ? "logit" : "probit",
        ["method"] = Method,
        ["att"] = JsonOutput.NumberNode(Att),
        ["std_error"] = JsonOutput.NumberNode(StandardError),
        ["std_error_method"] = StandardErrorMethod,
        ["z"] = JsonOutput.NumberNode(ZStatistic),
        ["p"] = JsonOutput.NumberNode(PValue),
        ["ci_low"] = JsonOutput.NumberNode(ConfidenceLow),
        ["ci_high"] = JsonOutput.NumberNode(ConfidenceHigh),
        ["observations"] = _rows.Length,
        ["treated"] = TreatedCount,
        ["treated_on_support"] = TreatedMatchedCount,
        ["off_support"] = OffSupportCount,
        ["controls"] = ControlCount,
        ["controls_used"] = ControlsUsedCount,
        ["score_coefficients"] = BinaryChoiceResult.CoefficientArray(ScoreModel.Coefficients),
        ["balance"] = Balance.ToJsonNode(),
        ["weights"] = JsonOutput.NumberNodes(Weights),
        ["notes"] = JsonOutput.StringNodes(Notes.Select(n => n.Message)),
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"PSM ({Method}, {(Specification.Link == BinaryLink.Logit ? "logit" : "probit")} score): ATT of {Specification.Treatment.Name} on {Dependent} = {Att:G8} ({StandardError:G6}, {StandardErrorMethod})").AppendLine();
        builder.Append(CultureInfo.InvariantCulture, $"  treated {TreatedCount} (on support {TreatedMatchedCount}, off support {OffSupportCount}), controls {ControlCount} (used {ControlsUsedCount})").AppendLine();
        foreach (var note in Notes)
        {
            builder.Append("  Note: ").AppendLine(note.Message);
        }

        return builder.ToString();
    }

    internal static string Describe(MatchingSpecification s) => s.Method == MatchingMethod.NearestNeighbor
        ? string.Create(CultureInfo.InvariantCulture, $"nearest(k={s.Neighbors}, {(s.Replace ? "replace" : "no replace")}, ties={s.TieTolerance:G3}{(s.CaliperWidth is { } c ? $", caliper={c:G6}" : string.Empty)}{(s.UseCommonSupport ? ", common" : string.Empty)})")
        : string.Create(CultureInfo.InvariantCulture, $"kernel({s.KernelFunction.ToString().ToLowerInvariant()}, bw={s.Bandwidth:G6}{(s.UseCommonSupport ? ", common" : string.Empty)})");
}
