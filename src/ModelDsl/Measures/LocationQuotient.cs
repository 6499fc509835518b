using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Measures;

/// <summary>Where the national totals of a location quotient come from.</summary>
public sealed record LocationQuotientOptions
{
    /// <summary>The defaults: national totals are the sums over the regions in the data, per period.</summary>
    public static LocationQuotientOptions Default { get; } = new();

    /// <summary>
    /// A column holding the nation's output or employment of the industry (the same value in every row of a period), or
    /// <see langword="null"/> to sum the regions' industry columns per period.
    /// </summary>
    public string? NationIndustryColumn { get; init; }

    /// <summary>
    /// A column holding the nation's total output or employment (the same value in every row of a period), or
    /// <see langword="null"/> to sum the regions' totals per period.
    /// </summary>
    public string? NationTotalColumn { get; init; }
}

/// <summary>The location quotient (location entropy) of an industry: a region's share of the industry over the nation's share.</summary>
/// <remarks>
/// <para>LQᵢₜ = (Eᵢₖₜ / Eᵢₜ) / (Eₖₜ / Eₜ), where Eᵢₖₜ is region i's output or employment in industry k (the sum of the
/// given industry columns when several are given), Eᵢₜ the region's total, and Eₖₜ, Eₜ the nation's industry and total.
/// By default the nation is the set of regions in the data: Eₖₜ = Σᵢ Eᵢₖₜ and Eₜ = Σᵢ Eᵢₜ over the rows of period t;
/// columns with published national totals can be given instead (<see cref="LocationQuotientOptions"/>).
/// LQ &gt; 1 means the industry is more concentrated in the region than in the nation.</para>
/// <para>Uses in the seed papers: the digital-economy study measures industrial agglomeration by the location entropy of
/// secondary-industry output (industry = secondary-industry output, total = GDP, nation = the 30 provinces); the
/// trade-policy study's eq. (11) measures producer-service agglomeration from employment: industry = the sum over the
/// producer-service sectors j of Sᵢⱼₜ, total = Sᵢₜ, nation = the N cities.</para>
/// <para>Missing inputs: a row with a missing industry or total value gets a missing quotient and is left out of the
/// national sums of its period; the result carries a note with the count. A non-positive total, a negative industry
/// value, or a national industry total of zero is an error naming the rows.</para>
/// <para>Reference: Isard, W. (1960), Methods of Regional Analysis, ch. 7; Ran, Zhu and Ren (2023), cited by the
/// digital-economy seed paper.</para>
/// </remarks>
public static class LocationQuotient
{
    /// <summary>Computes the location quotient of one industry column.</summary>
    /// <param name="data">The panel (or a cross-section, treated as one period).</param>
    /// <param name="industryColumn">The region's output or employment in the industry.</param>
    /// <param name="totalColumn">The region's total output (GDP) or total employment.</param>
    /// <param name="name">The name of the quotient column.</param>
    /// <param name="options">Where the national totals come from; sums over the regions when omitted.</param>
    /// <returns>The quotient column, the national totals per period and notes.</returns>
    public static LocationQuotientResult Compute(PanelData data, string industryColumn, string totalColumn, string name = "lq", LocationQuotientOptions? options = null)
        => Compute(data, [industryColumn], totalColumn, name, options);

    /// <summary>Computes the location quotient of several industries summed (e.g. the producer-service sectors of eq. (11)).</summary>
    /// <param name="data">The panel (or a cross-section, treated as one period).</param>
    /// <param name="industryColumns">The region's output or employment in each industry; they are summed.</param>
    /// <param name="totalColumn">The region's total output (GDP) or total employment.</param>
    /// <param name="name">The name of the quotient column.</param>
    /// <param name="options">Where the national totals come from; sums over the regions when omitted.</param>
    /// <returns>The quotient column, the national totals per period and notes.</returns>
    public static LocationQuotientResult Compute(PanelData data, IReadOnlyList<string> industryColumns, string totalColumn, string name = "lq", LocationQuotientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(industryColumns);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= LocationQuotientOptions.Default;
        if (industryColumns.Count == 0)
        {
            throw new ArgumentException("The location quotient needs at least one industry column; none was given.", nameof(industryColumns));
        }

        const string what = "The location quotient";
        var industries = industryColumns.Select(c => PanelRows.Numeric(data, c, what)).ToArray();
        var total = PanelRows.Numeric(data, totalColumn, what);
        var nationIndustry = options.NationIndustryColumn is null ? null : PanelRows.Numeric(data, options.NationIndustryColumn, what);
        var nationTotal = options.NationTotalColumn is null ? null : PanelRows.Numeric(data, options.NationTotalColumn, what);

        var n = data.RowCount;
        var industry = new double[n];
        var usable = new bool[n];
        var missingRows = new List<int>();
        var negativeRows = new List<int>();
        var nonPositiveTotal = new List<int>();
        for (var row = 0; row < n; row++)
        {
            var sum = 0.0;
            foreach (var column in industries)
            {
                sum += column[row];
            }

            industry[row] = sum;
            var t = total[row];
            if (double.IsNaN(sum) || double.IsNaN(t))
            {
                missingRows.Add(row);
                continue;
            }

            if (sum < 0 || double.IsInfinity(sum))
            {
                negativeRows.Add(row);
            }

            if (!(t > 0) || double.IsInfinity(t))
            {
                nonPositiveTotal.Add(row);
            }

            usable[row] = true;
        }

        var industryText = string.Join(" + ", industryColumns.Select(c => $"'{c}'"));
        if (negativeRows.Count > 0)
        {
            throw new InvalidOperationException(
                $"{what}: the industry value {industryText} is negative or infinite in {negativeRows.Count} row(s): {PanelRows.Labels(data, negativeRows)}. Output and employment must be finite and non-negative.");
        }

        if (nonPositiveTotal.Count > 0)
        {
            throw new InvalidOperationException(
                $"{what}: the total '{totalColumn}' is zero, negative or infinite in {nonPositiveTotal.Count} row(s): {PanelRows.Labels(data, nonPositiveTotal)}. A region's share needs a positive total; fix or drop these rows.");
        }

        var quotient = new double[n];
        Array.Fill(quotient, double.NaN);
        var periods = new List<LocationQuotientPeriod>();
        var groups = data.IsPanel ? PanelRows.ByPeriod(data, what) : PanelRows.Groups(data, NormalizationScope.Pooled, what);
        foreach (var (period, rows) in groups)
        {
            var sumIndustry = 0.0;
            var sumTotal = 0.0;
            var regions = 0;
            foreach (var row in rows)
            {
                if (usable[row])
                {
                    sumIndustry += industry[row];
                    sumTotal += total[row];
                    regions++;
                }
            }

            var ek = nationIndustry is null ? sumIndustry : PeriodConstant(data, nationIndustry, rows, period);
            var e = nationTotal is null ? sumTotal : PeriodConstant(data, nationTotal, rows, period);
            if (regions == 0)
            {
                periods.Add(new LocationQuotientPeriod(period, 0, ek, e, double.NaN));
                continue;
            }

            if (!(ek > 0) || !(e > 0) || double.IsInfinity(ek) || double.IsInfinity(e))
            {
                throw new InvalidOperationException(
                    $"{what}: the nation's industry total ({ek.ToString("R", CultureInfo.InvariantCulture)}) or total ({e.ToString("R", CultureInfo.InvariantCulture)}){(period is null ? string.Empty : $" in period {period}")} is not positive, so the nation's share is undefined. Check {industryText} and '{totalColumn}'.");
            }

            var nationShare = ek / e;
            foreach (var row in rows)
            {
                if (usable[row])
                {
                    quotient[row] = industry[row] / total[row] / nationShare;
                }
            }

            periods.Add(new LocationQuotientPeriod(period, regions, ek, e, nationShare));
        }

        var notes = new List<Note>();
        if (missingRows.Count > 0)
        {
            notes.Add(new Note(
                NoteKind.MissingValues,
                $"Location quotient '{name}': {missingRows.Count} row(s) have a missing {industryText} or '{totalColumn}' ({PanelRows.Labels(data, missingRows)}); their quotient is missing and they are left out of the national sums.",
                missingRows.Count));
        }

        return new LocationQuotientResult(NumericColumn.FromOwnedArray(name, quotient), industryColumns.ToArray(), totalColumn, periods, notes);
    }

    private static double PeriodConstant(PanelData data, NumericColumn column, int[] rows, string? period)
    {
        var value = column[rows[0]];
        foreach (var row in rows)
        {
            if (!(column[row] == value))
            {
                throw new InvalidOperationException(
                    $"The location quotient: the national column '{column.Name}' should hold one value per period, but{(period is null ? string.Empty : $" in period {period}")} it is {column[rows[0]].ToString("R", CultureInfo.InvariantCulture)} in {PanelRows.Label(data, rows[0])} and {column[row].ToString("R", CultureInfo.InvariantCulture)} in {PanelRows.Label(data, row)}.");
            }
        }

        return value;
    }
}

/// <summary>The national totals behind the location quotients of one period.</summary>
/// <param name="Period">The time period, or <see langword="null"/> for a cross-section.</param>
/// <param name="Regions">The number of regions with complete inputs in the period.</param>
/// <param name="NationIndustry">Eₖₜ, the nation's industry output or employment.</param>
/// <param name="NationTotal">Eₜ, the nation's total.</param>
/// <param name="NationShare">Eₖₜ / Eₜ.</param>
public sealed record LocationQuotientPeriod(string? Period, int Regions, double NationIndustry, double NationTotal, double NationShare);

/// <summary>A location quotient column with the national totals it used.</summary>
public sealed class LocationQuotientResult
{
    internal LocationQuotientResult(NumericColumn values, IReadOnlyList<string> industryColumns, string totalColumn, IReadOnlyList<LocationQuotientPeriod> periods, IReadOnlyList<Note> notes)
    {
        Values = values;
        IndustryColumns = industryColumns;
        TotalColumn = totalColumn;
        Periods = periods;
        Notes = notes;
    }

    /// <summary>The quotient of each row (missing where an input was missing).</summary>
    public NumericColumn Values { get; }

    /// <summary>The industry columns that were summed.</summary>
    public IReadOnlyList<string> IndustryColumns { get; }

    /// <summary>The regional total column.</summary>
    public string TotalColumn { get; }

    /// <summary>The national totals of each period, in time order.</summary>
    public IReadOnlyList<LocationQuotientPeriod> Periods { get; }

    /// <summary>Notes (rows with missing inputs).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The data set with the quotient column added and the notes appended.</summary>
    public PanelData AddTo(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = data.WithColumn(Values);
        foreach (var note in Notes)
        {
            result = result.WithNote(note);
        }

        return result;
    }

    /// <summary>The national totals and notes as JSON.</summary>
    public string ToJson() => JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("measure", "location_quotient");
        writer.WriteString("name", Values.Name);
        writer.WriteStartArray("industry");
        foreach (var column in IndustryColumns)
        {
            writer.WriteStringValue(column);
        }

        writer.WriteEndArray();
        writer.WriteString("total", TotalColumn);
        writer.WriteStartArray("periods");
        foreach (var period in Periods)
        {
            writer.WriteStartObject();
            JsonOutput.Text(writer, "period", period.Period);
            writer.WriteNumber("regions", period.Regions);
            JsonOutput.Number(writer, "nation_industry", period.NationIndustry);
            JsonOutput.Number(writer, "nation_total", period.NationTotal);
            JsonOutput.Number(writer, "nation_share", period.NationShare);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    });

    /// <inheritdoc />
    public override string ToString()
        => $"Location quotient '{Values.Name}' = ({string.Join(" + ", IndustryColumns)}) / {TotalColumn} over the nation's share, {Periods.Count} period(s), {Values.MissingCount} missing";
}
