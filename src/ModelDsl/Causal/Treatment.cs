using System.Globalization;

using ModelDsl.Data;

namespace ModelDsl.Causal;

/// <summary>
/// How a unit's treatment is defined: from a cohort column (the first treated period; 0 or missing means
/// never treated) or from a 0/1 indicator column given directly.
/// </summary>
/// <remarks>
/// A cohort defines an absorbing (staggered) treatment D_it = 1{cohort_i &gt; 0 and t ≥ cohort_i}, the design
/// of a staggered two-way fixed-effects DID. The cohort must be constant within a unit; an indicator column
/// is taken as given (its implied cohort, the first period with D = 1, is used only by placebo tests, which
/// require the indicator to be absorbing).
/// </remarks>
public abstract record Treatment
{
    /// <summary>The column name the treatment dummy gets when added to a data set.</summary>
    public const string DefaultName = "treated";

    private protected Treatment()
    {
    }

    /// <summary>The name of the dummy in the model (<see cref="DefaultName"/> unless set with <see cref="Named"/>).</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>A staggered treatment from a cohort column: the first treated period, 0 or missing for never treated.</summary>
    public static CohortTreatment FromCohort(ColumnTerm cohort) => new(cohort ?? throw new ArgumentNullException(nameof(cohort)));

    /// <summary>A treatment given directly by a 0/1 indicator column.</summary>
    public static IndicatorTreatment FromIndicator(ColumnTerm indicator) => new(indicator ?? throw new ArgumentNullException(nameof(indicator))) { Name = indicator.Name };

    /// <summary>The same treatment with the dummy named <paramref name="name"/> in results.</summary>
    public Treatment Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }

    /// <summary>Evaluates the treatment on every row of <paramref name="data"/>: the dummy, the unit and period of each row and each unit's cohort.</summary>
    public TreatmentAssignment Assign(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsPanel)
        {
            throw new InvalidOperationException(
                $"A treatment needs panel data, but the data set has no unit and time columns; read it with ReadCsv(path, unit: \"...\", time: \"...\") or call AsPanel(unit, time).");
        }

        var time = data.Time;
        if (!time.HasNumericLevels)
        {
            throw new InvalidOperationException(
                $"The time column '{time.Name}' has non-numeric labels (for example '{time.Levels.FirstOrDefault()}'); treatment timing needs numeric periods such as years.");
        }

        var n = data.RowCount;
        var periods = new double[n];
        for (var i = 0; i < n; i++)
        {
            periods[i] = time.NumericValue(i);
        }

        return Build(data, periods);
    }

    private protected abstract TreatmentAssignment Build(PanelData data, double[] periods);

    private protected static double[] NumericValues(PanelData data, ColumnTerm term, string role)
    {
        var column = term.Ordinal is { } ordinal ? data.Columns[ordinal] : data[term.ColumnName];
        switch (column)
        {
            case NumericColumn numeric:
                return numeric.Values.ToArray();
            case CategoricalColumn categorical when categorical.HasNumericLevels:
                {
                    var values = new double[data.RowCount];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = categorical.NumericValue(i);
                    }

                    return values;
                }

            default:
                throw new InvalidOperationException(
                    $"The {role} column '{term.Name}' holds text labels; it must be numeric ({(role == "cohort" ? "the first treated period, 0 for never treated" : "0 or 1")}).");
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A staggered treatment defined by a cohort (first treated period) column; 0 or missing means never treated.</summary>
public sealed record CohortTreatment : Treatment
{
    internal CohortTreatment(ColumnTerm cohort)
    {
        Cohort = cohort;
    }

    /// <summary>The cohort column.</summary>
    public ColumnTerm Cohort { get; }

    private protected override TreatmentAssignment Build(PanelData data, double[] periods)
    {
        var raw = NumericValues(data, Cohort, "cohort");
        var unit = data.Unit;
        var codes = unit.Codes;
        var unitCohorts = new double[unit.LevelCount];
        Array.Fill(unitCohorts, double.NaN);
        var firstRow = new int[unit.LevelCount];
        var n = data.RowCount;
        var d = new double[n];
        for (var i = 0; i < n; i++)
        {
            var value = raw[i];
            if (double.IsNaN(value) || value == 0)
            {
                value = 0;
            }
            else if (value < 0 || double.IsInfinity(value))
            {
                throw new ArgumentException(
                    $"The cohort column '{Cohort.Name}' has the value {Format(raw[i])} in row {i + 1} (unit '{unit[i]}'); a cohort is the first treated period (for example 2015), or 0 / missing for never treated.");
            }

            var u = codes[i];
            if (u < 0)
            {
                continue;
            }

            if (double.IsNaN(unitCohorts[u]))
            {
                unitCohorts[u] = value;
                firstRow[u] = i;
            }
            else if (unitCohorts[u] != value)
            {
                throw new ArgumentException(
                    $"The cohort column '{Cohort.Name}' varies within unit '{unit.Levels[u]}': {Describe(unitCohorts[u])} in row {firstRow[u] + 1} but {Describe(value)} in row {i + 1}. "
                    + "A cohort is the unit's first treated period and must be the same in every row of the unit; fix the data or build the cohort with a group minimum of the treatment year.");
            }
        }

        for (var i = 0; i < n; i++)
        {
            var u = codes[i];
            var cohort = u < 0 ? double.NaN : unitCohorts[u];
            d[i] = double.IsNaN(periods[i]) || double.IsNaN(cohort) ? double.NaN : cohort > 0 && periods[i] >= cohort ? 1 : 0;
        }

        for (var u = 0; u < unitCohorts.Length; u++)
        {
            if (double.IsNaN(unitCohorts[u]))
            {
                unitCohorts[u] = 0;
            }
        }

        return new TreatmentAssignment(this, Name, d, periods, codes.ToArray(), unit.Levels, unitCohorts, absorbing: true);
    }

    private static string Describe(double value) => value == 0 ? "0 (never treated)" : Format(value);
}

/// <summary>A treatment given directly by a 0/1 indicator column.</summary>
public sealed record IndicatorTreatment : Treatment
{
    internal IndicatorTreatment(ColumnTerm indicator)
    {
        Indicator = indicator;
    }

    /// <summary>The indicator column.</summary>
    public ColumnTerm Indicator { get; }

    private protected override TreatmentAssignment Build(PanelData data, double[] periods)
    {
        var d = NumericValues(data, Indicator, "treatment");
        var unit = data.Unit;
        var codes = unit.Codes;
        var cohorts = new double[unit.LevelCount];
        var absorbing = true;
        for (var i = 0; i < d.Length; i++)
        {
            if (!double.IsNaN(d[i]) && d[i] != 0 && d[i] != 1)
            {
                throw new ArgumentException(
                    $"The treatment column '{Indicator.Name}' has the value {Format(d[i])} in row {i + 1}; a treatment indicator must be 0 or 1 (or missing). Use Treatment.FromCohort for a first-treated-period column.");
            }

            var u = codes[i];
            if (u >= 0 && d[i] == 1 && !double.IsNaN(periods[i]) && (cohorts[u] == 0 || periods[i] < cohorts[u]))
            {
                cohorts[u] = periods[i];
            }
        }

        for (var i = 0; i < d.Length; i++)
        {
            var u = codes[i];
            if (u >= 0 && d[i] == 0 && cohorts[u] > 0 && periods[i] >= cohorts[u])
            {
                absorbing = false;
            }
        }

        return new TreatmentAssignment(this, Name, d, periods, codes.ToArray(), unit.Levels, cohorts, absorbing);
    }
}
