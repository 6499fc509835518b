using System.Globalization;
using System.Text.Json.Nodes;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>How the units of a panel are matched before the DID regression.</summary>
public enum PsmDidMatching
{
    /// <summary>Each period separately: treated and control observations of the same period are matched.</summary>
    ByPeriod,

    /// <summary>All unit-period observations at once, as one cross-section.</summary>
    Pooled,

    /// <summary>Units, on the means of their covariates over the pre-treatment periods; a matched unit keeps all its rows.</summary>
    PreTreatmentMeans,
}

/// <summary>Which rows of the panel the DID regression uses after matching.</summary>
public enum PsmDidSample
{
    /// <summary>Rows with a positive matching weight (matched treated units and the controls matched to them).</summary>
    MatchedSample,

    /// <summary>Rows on the common support: treated units on support and every control.</summary>
    CommonSupport,

    /// <summary>Rows with a positive matching weight, weighted by it in the regression (Stata <c>[aw=_weight]</c>).</summary>
    Weighted,
}

/// <summary>
/// PSM-DID in one declared step: a propensity-score matching of a panel, then a (two-way fixed-effects) DID
/// regression on the matched sample.
/// </summary>
/// <remarks>
/// <para>Matching is cross-sectional: period by period (<see cref="ByPeriod"/>, the default), on all
/// unit-periods pooled (<see cref="Pooled"/>), or on unit means of the covariates over the periods up to a
/// last pre-treatment period (<see cref="OnPreTreatmentMeans"/>; Heckman, Ichimura &amp; Todd 1997). The
/// trade-policy paper's Table 6 reports 3,360 observations = 280 cities × 12 years, i.e. the city-years were
/// matched as one pooled cross-section.</para>
/// <para>The regression is the given <see cref="RegressionSpecification"/> fitted on the kept rows: unweighted
/// on the rows with a positive matching weight (<see cref="PsmDidSample.MatchedSample"/>, the default) or on the
/// common support (<see cref="PsmDidSample.CommonSupport"/>), or by weighted least squares with the matching
/// weights as analytic weights (<see cref="PsmDidSample.Weighted"/>; a unit matched on pre-treatment means
/// carries its weight into every period). With matching period by period or pooled, a row's weight is its
/// own matching weight.</para>
/// </remarks>
public sealed record PsmDidSpecification
{
    internal PsmDidSpecification(MatchingSpecification matching, RegressionSpecification did)
    {
        Matching = matching;
        Did = did;
    }

    /// <summary>The matching step.</summary>
    public MatchingSpecification Matching { get; init; }

    /// <summary>The DID regression.</summary>
    public RegressionSpecification Did { get; init; }

    /// <summary>How observations are matched (default period by period).</summary>
    public PsmDidMatching Mode { get; init; } = PsmDidMatching.ByPeriod;

    /// <summary>The last pre-treatment period for <see cref="PsmDidMatching.PreTreatmentMeans"/>.</summary>
    public double? LastPreTreatmentPeriod { get; init; }

    /// <summary>Which rows the regression uses (default the matched sample).</summary>
    public PsmDidSample Sample { get; init; } = PsmDidSample.MatchedSample;

    /// <summary>Matches each period separately.</summary>
    public PsmDidSpecification ByPeriod() => this with { Mode = PsmDidMatching.ByPeriod, LastPreTreatmentPeriod = null };

    /// <summary>Matches all unit-periods as one cross-section.</summary>
    public PsmDidSpecification Pooled() => this with { Mode = PsmDidMatching.Pooled, LastPreTreatmentPeriod = null };

    /// <summary>Matches units on their covariate means over the periods up to <paramref name="lastPeriod"/>.</summary>
    public PsmDidSpecification OnPreTreatmentMeans(double lastPeriod) => this with { Mode = PsmDidMatching.PreTreatmentMeans, LastPreTreatmentPeriod = lastPeriod };

    /// <summary>Regresses on the rows with a positive matching weight.</summary>
    public PsmDidSpecification MatchedSample() => this with { Sample = PsmDidSample.MatchedSample };

    /// <summary>Regresses on the rows with a positive matching weight, weighted by it (analytic weights).</summary>
    public PsmDidSpecification WeightedSample() => this with { Sample = PsmDidSample.Weighted };

    /// <summary>Regresses on the rows on the common support (on-support treated and every control).</summary>
    public PsmDidSpecification CommonSupportSample() => this with { Sample = PsmDidSample.CommonSupport };

    /// <summary>Matches, then fits the DID on the kept rows.</summary>
    public PsmDidResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Mode != PsmDidMatching.Pooled && !data.IsPanel)
        {
            throw new InvalidOperationException($"PSM-DID matching {(Mode == PsmDidMatching.ByPeriod ? "period by period" : "on pre-treatment means")} needs a panel (unit and time columns); this data set is a cross-section. Declare unit and time when reading it, or use .Pooled().");
        }

        var keep = new bool[data.RowCount];
        var rowWeights = new double[data.RowCount];
        var matchings = new List<(string Label, MatchingResult Result)>();
        var notes = new List<Note>();
        switch (Mode)
        {
            case PsmDidMatching.Pooled:
                {
                    var result = Matching.Fit(data);
                    matchings.Add(("pooled", result));
                    Keep(result, keep, rowWeights, null);
                    break;
                }

            case PsmDidMatching.ByPeriod:
                {
                    var time = data.Time;
                    for (var level = 0; level < time.LevelCount; level++)
                    {
                        var restrict = new bool[data.RowCount];
                        var any = false;
                        for (var i = 0; i < data.RowCount; i++)
                        {
                            restrict[i] = time.Codes[i] == level;
                            any |= restrict[i];
                        }

                        if (!any)
                        {
                            continue;
                        }

                        try
                        {
                            var result = Matching.Run(MatchingInput.Build(Matching, data, restrict));
                            matchings.Add((time.Levels[level], result));
                            Keep(result, keep, rowWeights, null);
                        }
                        catch (InvalidOperationException error)
                        {
                            notes.Add(new Note(NoteKind.SampleRestriction, $"Period {time.Levels[level]} could not be matched and contributes no rows: {error.Message}"));
                        }
                    }

                    if (matchings.Count == 0)
                    {
                        throw new InvalidOperationException($"No period of '{data.TimeColumnName}' could be matched; see the period notes: {string.Join(" | ", notes.Select(n => n.Message))}");
                    }

                    break;
                }

            default:
                {
                    var (units, result) = MatchOnPreTreatmentMeans(data, notes);
                    matchings.Add(("pre-treatment means", result));
                    Keep(result, keep, rowWeights, units);
                    break;
                }
        }

        var rows = Enumerable.Range(0, data.RowCount).Where(i => keep[i]).ToArray();
        var dropped = data.RowCount - rows.Length;
        var what = Sample == PsmDidSample.CommonSupport ? "off the common support" : "a zero matching weight";
        var subset = data.SelectRows(rows, new Note(NoteKind.SampleRestriction, $"PSM-DID: {dropped} rows with {what} (or outside the matching sample) removed before the DID regression; {rows.Length} rows kept.", dropped));
        var regression = Sample == PsmDidSample.Weighted
            ? LinearModelEstimator.FitWeighted(Did, subset, rows.Select(r => rowWeights[r]).ToArray(), "matching weights")
            : Did.Fit(subset);
        return new PsmDidResult(this, matchings, regression, rows, notes);
    }

    private void Keep(MatchingResult result, bool[] keep, double[] rowWeights, int[][]? unitRows)
    {
        for (var p = 0; p < result.SampleRows.Count; p++)
        {
            var row = result.SampleRows[p];
            var weight = result.Weights[row];
            var isTreated = result.Treated[p];
            var kept = Sample == PsmDidSample.CommonSupport ? (!isTreated || weight > 0) : weight > 0;
            if (!kept)
            {
                continue;
            }

            if (unitRows is null)
            {
                keep[row] = true;
                rowWeights[row] = weight;
            }
            else
            {
                foreach (var r in unitRows[row])
                {
                    keep[r] = true;
                    rowWeights[r] = weight;
                }
            }
        }
    }

    private (int[][] UnitRows, MatchingResult Result) MatchOnPreTreatmentMeans(PanelData data, List<Note> notes)
    {
        var last = LastPreTreatmentPeriod!.Value;
        var unit = data.Unit;
        var time = data.Time;
        if (!time.HasNumericLevels)
        {
            throw new InvalidOperationException($"Matching on pre-treatment means needs a numeric time column; '{data.TimeColumnName}' has text levels ({string.Join(", ", time.Levels.Take(3))}, ...).");
        }

        var evaluator = new TermEvaluator(data);
        var treatment = evaluator.Evaluate(Matching.Treatment);
        var covariates = Matching.Covariates.Select(evaluator.Evaluate).ToArray();
        if (Matching.FactorTerms.Count > 0)
        {
            throw new InvalidOperationException("Matching on pre-treatment means averages numeric covariates; factor covariates have no mean. Enter them as 0/1 columns instead.");
        }

        var units = unit.LevelCount;
        var sums = new double[covariates.Length][];
        for (var c = 0; c < covariates.Length; c++)
        {
            sums[c] = new double[units];
        }

        var counts = new int[units];
        var status = Enumerable.Repeat(double.NaN, units).ToArray();
        var rowsOfUnit = Enumerable.Range(0, units).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < data.RowCount; i++)
        {
            var u = unit.Codes[i];
            if (u < 0)
            {
                continue;
            }

            rowsOfUnit[u].Add(i);
            if (!double.IsNaN(treatment[i]))
            {
                if (!double.IsNaN(status[u]) && status[u] != treatment[i])
                {
                    throw new InvalidOperationException($"The treatment '{Matching.Treatment.Name}' varies within unit {unit.Levels[u]} ({status[u]} and {treatment[i]}); matching on pre-treatment means needs a time-invariant treatment-group dummy (1 for units ever treated).");
                }

                status[u] = treatment[i];
            }

            if (time.NumericValue(i) > last || covariates.Any(c => double.IsNaN(c[i])))
            {
                continue;
            }

            counts[u]++;
            for (var c = 0; c < covariates.Length; c++)
            {
                sums[c][u] += covariates[c][i];
            }
        }

        var kept = Enumerable.Range(0, units).Where(u => counts[u] > 0 && !double.IsNaN(status[u])).ToArray();
        var without = units - kept.Length;
        if (without > 0)
        {
            notes.Add(new Note(NoteKind.SampleRestriction, $"{without} units have no complete pre-treatment row (periods ≤ {last.ToString("G", CultureInfo.InvariantCulture)}) and cannot be matched.", without));
        }

        var columns = new List<Column>
        {
            CategoricalColumn.FromLabels(data.UnitColumnName!, kept.Select(u => (string?)unit.Levels[u]).ToArray()),
            new NumericColumn(Matching.Treatment.Name, kept.Select(u => status[u]).ToArray()),
        };
        var names = Matching.Covariates.Select(c => c.Name).ToArray();
        for (var c = 0; c < covariates.Length; c++)
        {
            columns.Add(new NumericColumn(names[c], kept.Select(u => sums[c][u] / counts[u]).ToArray()));
        }

        var means = new PanelData(columns);
        var specification = Matching with
        {
            Treatment = new ColumnTerm(Matching.Treatment.Name),
            Covariates = names.Select(n => (Term)new ColumnTerm(n)).ToArray(),
            OutcomeTerm = null,
        };
        var result = specification.Fit(means);
        return (kept.Select(u => rowsOfUnit[u].ToArray()).ToArray(), result);
    }
}

/// <summary>The result of a PSM-DID: the matching(s), the DID regression on the kept rows, and notes.</summary>
public sealed class PsmDidResult
{
    internal PsmDidResult(PsmDidSpecification specification, IReadOnlyList<(string Label, MatchingResult Result)> matchings, RegressionResult regression, int[] rows, IReadOnlyList<Note> notes)
    {
        Specification = specification;
        MatchingLabels = matchings.Select(m => m.Label).ToArray();
        Matchings = matchings.Select(m => m.Result).ToArray();
        Regression = regression;
        KeptRows = rows;
        Notes = notes.Concat(regression.Notes).ToArray();
    }

    /// <summary>The specification that was run.</summary>
    public PsmDidSpecification Specification { get; }

    /// <summary>One matching per period (by period), or a single one (pooled, pre-treatment means).</summary>
    public IReadOnlyList<MatchingResult> Matchings { get; }

    /// <summary>The label of each matching: the period, <c>pooled</c> or <c>pre-treatment means</c>.</summary>
    public IReadOnlyList<string> MatchingLabels { get; }

    /// <summary>The DID regression on the kept rows.</summary>
    public RegressionResult Regression { get; }

    /// <summary>The data rows the regression was given.</summary>
    public IReadOnlyList<int> KeptRows { get; }

    /// <summary>Periods that could not be matched, units without pre-treatment data, and the regression's notes.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The result as JSON: the regression (result contract keys) plus the matching summary.</summary>
    public string ToJson()
    {
        var regression = JsonNode.Parse(Regression.ToJson())!.AsObject();
        regression["estimator_step2"] = regression["estimator"]?.GetValue<string>();
        regression["estimator"] = "psm-did";
        regression["matching_mode"] = Specification.Mode switch
        {
            PsmDidMatching.ByPeriod => "by-period",
            PsmDidMatching.Pooled => "pooled",
            _ => "pre-treatment-means",
        };
        regression["matched_sample"] = Specification.Sample switch
        {
            PsmDidSample.MatchedSample => "positive-weight",
            PsmDidSample.CommonSupport => "common-support",
            _ => "weighted",
        };
        regression["kept_rows"] = KeptRows.Count;
        regression["matchings"] = new JsonArray(Matchings.Select((m, i) => (JsonNode?)new JsonObject
        {
            ["label"] = MatchingLabels[i],
            ["method"] = m.Method,
            ["treated"] = m.TreatedCount,
            ["treated_on_support"] = m.TreatedMatchedCount,
            ["off_support"] = m.OffSupportCount,
            ["controls"] = m.ControlCount,
            ["controls_used"] = m.ControlsUsedCount,
            ["mean_bias_unmatched"] = JsonOutput.NumberNode(m.Balance.MeanBiasUnmatched),
            ["mean_bias_matched"] = JsonOutput.NumberNode(m.Balance.MeanBiasMatched),
        }).ToArray());
        regression["notes"] = JsonOutput.StringNodes(Notes.Select(n => n.Message));
        return regression.ToJsonString(JsonOutput.NodeOptions);
    }
}
