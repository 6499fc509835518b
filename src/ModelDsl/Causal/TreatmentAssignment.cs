using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>
/// A treatment evaluated on a data set: the dummy of every row, each row's unit and period, and each
/// unit's cohort (first treated period; 0 for never treated).
/// </summary>
public sealed class TreatmentAssignment
{
    private readonly double[] _dummy;
    private readonly double[] _periods;
    private readonly int[] _unitCodes;
    private readonly double[] _unitCohorts;

    internal TreatmentAssignment(Treatment treatment, string name, double[] dummy, double[] periods, int[] unitCodes, IReadOnlyList<string> unitLabels, double[] unitCohorts, bool absorbing)
    {
        Treatment = treatment;
        Name = name;
        _dummy = dummy;
        _periods = periods;
        _unitCodes = unitCodes;
        UnitLabels = unitLabels;
        _unitCohorts = unitCohorts;
        IsAbsorbing = absorbing;
    }

    /// <summary>The treatment definition.</summary>
    public Treatment Treatment { get; }

    /// <summary>The dummy's column name.</summary>
    public string Name { get; }

    /// <summary>D_it for every row (NaN where the period, unit or indicator is missing).</summary>
    public ReadOnlySpan<double> Dummy => _dummy;

    /// <summary>The numeric period of every row.</summary>
    public ReadOnlySpan<double> Periods => _periods;

    /// <summary>The unit code of every row (−1 when missing).</summary>
    public ReadOnlySpan<int> UnitCodes => _unitCodes;

    /// <summary>The unit labels, indexed by unit code.</summary>
    public IReadOnlyList<string> UnitLabels { get; }

    /// <summary>Each unit's cohort (first treated period), 0 for never treated, indexed by unit code.</summary>
    public ReadOnlySpan<double> UnitCohorts => _unitCohorts;

    /// <summary>True when no unit leaves treatment once treated (always true for a cohort treatment).</summary>
    public bool IsAbsorbing { get; }

    internal double[] DummyArray => _dummy;

    internal double[] PeriodArray => _periods;

    internal int[] UnitCodeArray => _unitCodes;

    internal double[] UnitCohortArray => _unitCohorts;

    /// <summary>The data set with the dummy added as a numeric column named <see cref="Name"/>.</summary>
    public PanelData AddTo(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount != _dummy.Length)
        {
            throw new ArgumentException($"The assignment has {_dummy.Length} rows but the data set has {data.RowCount}; assign the treatment on this data set.", nameof(data));
        }

        if (!data.Contains(Name))
        {
            return data.WithColumn(new NumericColumn(Name, _dummy));
        }

        // An existing column of that name is reused only when it holds exactly the dummy.
        var existing = data[Name] as NumericColumn;
        var row = -1;
        if (existing is not null)
        {
            var values = existing.Values;
            for (var i = 0; i < values.Length && row < 0; i++)
            {
                if (!(values[i] == _dummy[i] || (double.IsNaN(values[i]) && double.IsNaN(_dummy[i]))))
                {
                    row = i;
                }
            }
        }

        if (existing is null || row >= 0)
        {
            var detail = existing is null ? "is not numeric" : $"differs from the treatment dummy in row {row + 1} ({Causal.Treatment.Format(existing[row])} instead of {Causal.Treatment.Format(_dummy[row])})";
            throw new ArgumentException(
                $"The data set already has a column '{Name}' that {detail}; name the treatment dummy differently with Treatment.FromCohort(...).Named(\"...\").", nameof(data));
        }

        return data;
    }

    /// <summary>
    /// Checks that the rows <paramref name="rows"/> (an estimation sample) contain treated rows and, in some period
    /// with treated rows, untreated (never- or not-yet-treated) rows to compare them with.
    /// </summary>
    /// <exception cref="InvalidOperationException">No treated rows, or no comparison rows.</exception>
    public void RequireContrast(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var treatedPeriods = new HashSet<double>();
        var controlPeriods = new HashSet<double>();
        var treatedUnits = new HashSet<int>();
        var allUnits = new HashSet<int>();
        foreach (var i in rows)
        {
            allUnits.Add(_unitCodes[i]);
            if (_dummy[i] == 1)
            {
                treatedPeriods.Add(_periods[i]);
                treatedUnits.Add(_unitCodes[i]);
            }
            else if (_dummy[i] == 0)
            {
                controlPeriods.Add(_periods[i]);
            }
        }

        if (treatedPeriods.Count == 0)
        {
            throw new InvalidOperationException(
                $"No treated observations: '{Name}' is 0 in all {rows.Count} rows of the estimation sample ({allUnits.Count} units). "
                + $"{DescribeSource()} Check that cohorts fall inside the data's periods ({Treatment.Format(_periods.Where(p => !double.IsNaN(p)).DefaultIfEmpty(double.NaN).Min())}–{Treatment.Format(_periods.Where(p => !double.IsNaN(p)).DefaultIfEmpty(double.NaN).Max())}).");
        }

        if (!treatedPeriods.Overlaps(controlPeriods))
        {
            throw new InvalidOperationException(
                $"No never- or not-yet-treated units: in every period with treated observations ({string.Join(", ", treatedPeriods.Order().Select(Treatment.Format))}) all {allUnits.Count} units are treated, so the treatment effect cannot be separated from the time fixed effects. "
                + "A DID needs comparison units that are untreated while others are treated: add never-treated units (cohort 0) or units treated later.");
        }
    }

    private string DescribeSource() => Treatment switch
    {
        CohortTreatment cohort => $"Every unit has cohort 0 or missing in '{cohort.Cohort.Name}', or its cohort lies after the last period.",
        IndicatorTreatment indicator => $"The indicator '{indicator.Indicator.Name}' is never 1 in the sample.",
        _ => string.Empty,
    };
}
