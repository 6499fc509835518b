using ModelDsl.Causal;
using ModelDsl.Results;

namespace ModelDsl.Reporting;

/// <summary>
/// The table of a Callaway–Sant'Anna estimation: the four aggregated effects (simple, group, dynamic, calendar) and
/// the event-time effects of the dynamic aggregation (<see cref="Of"/>), or every ATT(g,t) (<see cref="GroupTime"/>);
/// each row with its estimate and stars, standard error, pointwise interval and, with the bootstrap, the uniform band.
/// </summary>
/// <remarks>Numbers are read from the result; nothing is recomputed. The notes say the comparison group, the estimator,
/// the base period, the units and how the standard errors were computed, then the result's own notes.</remarks>
/// <example>
/// <code>
/// output.Write("table_cs", CallawaySantAnnaTable.Of(cs).Title("Callaway–Sant'Anna (2021)"));
/// </code>
/// </example>
public sealed class CallawaySantAnnaTable : PublicationTable
{
    private readonly CallawaySantAnnaResult _result;
    private readonly bool _groupTime;
    private readonly string? _title;
    private readonly StarThresholds _stars;
    private readonly int _decimals;

    private CallawaySantAnnaTable(CallawaySantAnnaResult result, bool groupTime, string? title, StarThresholds stars, int decimals)
    {
        _result = result;
        _groupTime = groupTime;
        _title = title;
        _stars = stars;
        _decimals = decimals;
    }

    /// <summary>The aggregated effects and the event-time effects of the dynamic aggregation.</summary>
    public static CallawaySantAnnaTable Of(CallawaySantAnnaResult result)
        => new(result ?? throw new ArgumentNullException(nameof(result)), groupTime: false, null, StarThresholds.Conventional, 4);

    /// <summary>Every ATT(g,t), by cohort and period.</summary>
    public static CallawaySantAnnaTable GroupTime(CallawaySantAnnaResult result)
        => new(result ?? throw new ArgumentNullException(nameof(result)), groupTime: true, null, StarThresholds.Conventional, 4);

    /// <summary>Sets the caption.</summary>
    public CallawaySantAnnaTable Title(string title) => new(_result, _groupTime, title, _stars, _decimals);

    /// <summary>Sets the significance thresholds of the stars.</summary>
    public CallawaySantAnnaTable Stars(StarThresholds stars) => new(_result, _groupTime, _title, stars ?? throw new ArgumentNullException(nameof(stars)), _decimals);

    /// <summary>Sets the decimals of estimates and standard errors (default 4).</summary>
    public CallawaySantAnnaTable Decimals(int decimals)
    {
        NumberFormat.CheckDecimals(decimals, nameof(decimals));
        return new(_result, _groupTime, _title, _stars, decimals);
    }

    /// <inheritdoc />
    public override ReportTable Build()
    {
        var bootstrap = _result.Specification.BootstrapDraws > 0;
        var level = $"{_result.ConfidenceLevel * 100:0.##}%";
        var header = new List<TableCell> { _groupTime ? "ATT(g,t)" : "Effect", "Estimate", "Std. error", $"{level} CI" };
        if (bootstrap)
        {
            header.Add($"{level} uniform band");
        }

        var body = new List<TableRow>();
        if (_groupTime)
        {
            foreach (var e in _result.GroupTimeEffects)
            {
                body.Add(Row($"g = {Key(e.Group)}, t = {Key(e.Period)}", e.Coefficient, e.BandLow, e.BandHigh, bootstrap));
            }
        }
        else
        {
            foreach (var kind in new[] { AggregationKind.Simple, AggregationKind.Group, AggregationKind.Dynamic, AggregationKind.Calendar })
            {
                var aggregation = _result.Aggregate(kind);
                var label = kind switch
                {
                    AggregationKind.Simple => "Simple ATT (cohort-size weights)",
                    AggregationKind.Group => "Group-averaged ATT",
                    AggregationKind.Dynamic => "Event-time average, e ≥ 0",
                    _ => "Calendar-time average",
                };
                body.Add(Row(label, aggregation.Overall, double.NaN, double.NaN, bootstrap));
            }

            body.Add(new TableRow(TableRowKind.Section, [new TableCell("Event time e = t − g", ColumnSpan: header.Count)], RuleAbove: true));
            foreach (var e in _result.Dynamic().Effects)
            {
                body.Add(Row($"e = {Key(e.Key)}", e.Coefficient, e.BandLow, e.BandHigh, bootstrap));
            }
        }

        var specification = _result.Specification;
        var notes = new List<string>
        {
            $"Callaway and Sant'Anna (2021): {Describe(specification.Estimation)}, {(specification.Comparison == ComparisonGroup.NeverTreated ? "never-treated" : "not-yet-treated")} comparison units, {specification.Base.ToString().ToLowerInvariant()} base period"
                + (specification.AnticipationPeriods > 0 ? $", {specification.AnticipationPeriods} anticipation period(s)" : string.Empty)
                + (specification.CovariateTerms.Count > 0 ? $", covariates {string.Join(", ", specification.CovariateTerms.Select(t => t.Name))}" : string.Empty)
                + $"; {_result.Units} units, {_result.Groups.Count} cohorts.",
            $"Standard errors: {_result.Variance}. {_stars.Describe()}.",
        };
        notes.AddRange(_result.Notes.Select(n => n.Message + "."));
        var alignments = Enumerable.Repeat(ColumnAlignment.Decimal, header.Count).ToList();
        alignments[0] = ColumnAlignment.Left;
        return new ReportTable(_title, [new TableRow(TableRowKind.Data, [.. header])], body, alignments, notes);
    }

    private TableRow Row(string label, Coefficient c, double bandLow, double bandHigh, bool bootstrap)
    {
        var cells = new List<TableCell>
        {
            label,
            new(NumberFormat.Fixed(c.Estimate, _decimals), double.IsNaN(c.PValue) ? string.Empty : _stars.For(c.PValue)),
            double.IsNaN(c.StandardError) ? "—" : NumberFormat.Fixed(c.StandardError, _decimals),
            double.IsNaN(c.ConfidenceLow) ? "—" : $"[{NumberFormat.Fixed(c.ConfidenceLow, _decimals)}, {NumberFormat.Fixed(c.ConfidenceHigh, _decimals)}]",
        };
        if (bootstrap)
        {
            cells.Add(double.IsNaN(bandLow) ? string.Empty : $"[{NumberFormat.Fixed(bandLow, _decimals)}, {NumberFormat.Fixed(bandHigh, _decimals)}]");
        }

        return new TableRow(TableRowKind.Data, [.. cells]);
    }

    private static string Key(double value) => value.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(GroupTimeEstimation estimation) => estimation switch
    {
        GroupTimeEstimation.OutcomeRegression => "outcome regression",
        GroupTimeEstimation.InverseProbabilityWeighting => "inverse probability weighting",
        GroupTimeEstimation.ImprovedDoublyRobust => "improved doubly robust",
        _ => "doubly robust",
    };
}
