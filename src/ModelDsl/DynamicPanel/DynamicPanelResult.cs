using System.Globalization;
using System.Text;
using System.Text.Json;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.DynamicPanel;
using ModelDsl.Inference;

namespace ModelDsl.Results;

/// <summary>A χ² test: statistic, degrees of freedom and upper-tail p-value.</summary>
/// <param name="Statistic">The χ² statistic.</param>
/// <param name="DegreesOfFreedom">Its degrees of freedom.</param>
/// <param name="PValue">P(χ²(df) ≥ statistic).</param>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double PValue)
{
    internal static ChiSquareTest Of(double statistic, int degreesOfFreedom)
        => new(statistic, degreesOfFreedom, degreesOfFreedom > 0 ? MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2) : double.NaN);

    internal void Write(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        JsonOutput.Number(writer, "chi2", Statistic);
        writer.WriteNumber("df", DegreesOfFreedom);
        JsonOutput.Number(writer, "p", PValue);
        writer.WriteEndObject();
    }
}

/// <summary>A group of instrument columns, for the result's description (<c>gmm(log(emp), 2:.) in the differenced equation …: 27</c>).</summary>
/// <param name="Description">What the columns hold.</param>
/// <param name="Columns">How many columns.</param>
public sealed record InstrumentGroup(string Description, int Columns)
{
    /// <summary>Which instruments of the specification the columns come from, for the difference-in-Hansen subsets.</summary>
    internal InstrumentSource Source { get; init; }

    /// <summary>The index of the GMM-style instrument in the specification (for the GMM sources), otherwise −1.</summary>
    internal int GmmIndex { get; init; } = -1;
}

/// <summary>Where a group of instrument columns comes from.</summary>
internal enum InstrumentSource
{
    /// <summary>Lagged levels of a GMM-style variable for the differenced equation.</summary>
    GmmDifferenced,

    /// <summary>Lagged differences of a GMM-style variable for the level equation (system GMM).</summary>
    GmmLevel,

    /// <summary>Differenced time dummies for the differenced equation.</summary>
    TimeDummiesDifferenced,

    /// <summary>The constant and time dummies in the level equation (system GMM).</summary>
    TimeDummiesLevel,

    /// <summary>An IV-style instrument, differenced, for the differenced equation.</summary>
    IvDifferenced,

    /// <summary>An IV-style instrument in levels for the level equation.</summary>
    IvLevel,
}

/// <summary>
/// A difference-in-Hansen (C) test of the exogeneity of a subset of the instruments, as xtabond2 prints it: the Hansen
/// statistic of the model without the subset and the difference from the full model's statistic.
/// </summary>
/// <param name="Subset">The instruments under test, as xtabond2 names them (<c>gmm(log(emp), 2:.)</c>, <c>iv(...)</c>, <c>GMM instruments for levels</c>).</param>
/// <param name="Columns">How many instrument columns the subset has.</param>
/// <param name="Excluding">The Hansen statistic without the subset, χ²(L − L_s − K).</param>
/// <param name="Difference">The full model's minimised Hansen criterion minus <paramref name="Excluding"/>, χ²(L_s) under the null that the subset is exogenous.</param>
public sealed record DifferenceInHansenTest(string Subset, int Columns, ChiSquareTest Excluding, ChiSquareTest Difference);

/// <summary>The Arellano–Bond test for autocorrelation of order <paramref name="Order"/> in the differenced residuals.</summary>
/// <param name="Order">The order (1 or 2).</param>
/// <param name="Statistic">The statistic, standard normal under no autocorrelation of that order.</param>
/// <param name="PValue">Two-sided p-value.</param>
public sealed record AutocorrelationTest(int Order, double Statistic, double PValue);

/// <summary>
/// The result of a dynamic-panel GMM fit (<see cref="DynamicPanelSpecification"/>): coefficients with z tests, the
/// instrument count, groups and observations, the Arellano–Bond AR(1)/AR(2) tests, the Hansen overidentification
/// test and Wald tests, as xtabond2 and plm::pgmm report them. Immutable.
/// </summary>
/// <remarks>
/// <para>z = b/se against the standard normal (both programs). The AR(m) statistic is Arellano and Bond's (1991) m_m
/// computed as plm::mtest: Σ ê'ê₋ₘ over the differenced residuals divided by the square root of its variance, which uses
/// the reported coefficient variance (robust or Windmeijer). Hansen J: see <see cref="Hansen"/>.</para>
/// </remarks>
public sealed class DynamicPanelResult
{
    private readonly Matrix<double> _vcov;
    private readonly Dictionary<string, int> _positions;

    internal DynamicPanelResult(
        DynamicPanelSpecification specification,
        Layout layout,
        Vector<double> estimates,
        Matrix<double> vcov,
        AutocorrelationTest? ar1,
        AutocorrelationTest? ar2,
        ChiSquareTest hansen,
        ChiSquareTest? sargan,
        IReadOnlyList<DifferenceInHansenTest> differenceInHansen,
        List<Note> notes)
    {
        Specification = specification;
        _vcov = vcov.Clone();
        Groups = layout.Units.Count;
        DifferenceObservations = layout.DifferenceObservations;
        LevelObservations = layout.LevelObservations;
        Instruments = layout.InstrumentCount;
        InstrumentGroups = layout.InstrumentGroups.ToArray();
        Periods = layout.Periods;
        FirstDifferencedPeriod = layout.FirstDifferencePeriod;
        ArellanoBond1 = ar1;
        ArellanoBond2 = ar2;
        Hansen = hansen;
        Sargan = sargan;
        DifferenceInHansen = differenceInHansen;
        var names = layout.RegressorNames;
        var coefficients = new List<Coefficient>(names.Count);
        var degenerate = new List<(string, double)>();
        for (var j = 0; j < names.Count; j++)
        {
            var se = Math.Sqrt(vcov[j, j]);
            if (Significance.IsDegenerate(estimates[j], se))
            {
                degenerate.Add((names[j], se));
            }

            coefficients.Add(Significance.Coefficient(names[j], estimates[j], se, null, 0.95));
        }

        if (degenerate.Count > 0)
        {
            notes.Add(Significance.DegenerateNote(degenerate, "the GMM variance is not positive for them"));
        }

        Coefficients = coefficients;
        _positions = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        var timeStart = names.Count - layout.TimeDummyCount;
        WaldCoefficients = Wald(estimates, vcov, 0, timeStart);
        if (layout.TimeDummyCount > 0)
        {
            var first = timeStart + (specification.Transformation == DynamicPanelTransformation.System ? 1 : 0);
            WaldTimeDummies = Wald(estimates, vcov, first, names.Count);
        }

        Notes = notes.ToArray();
    }

    /// <summary>The specification that was fitted.</summary>
    public DynamicPanelSpecification Specification { get; }

    /// <summary>The estimator's name: <c>one-step difference GMM</c>, <c>two-step system GMM</c>.</summary>
    public string Estimator => $"{(Specification.Steps == GmmSteps.TwoStep ? "two" : "one")}-step {(Specification.Transformation == DynamicPanelTransformation.System ? "system" : "difference")} GMM";

    /// <summary>The dependent variable's name.</summary>
    public string Dependent => Specification.Outcome.Name;

    /// <summary>The coefficients (time dummies last), with z statistics and normal p-values and intervals.</summary>
    public IReadOnlyList<Coefficient> Coefficients { get; }

    /// <summary>The number of groups (units with at least one row).</summary>
    public int Groups { get; }

    /// <summary>Rows of the differenced equation used (xtabond2's "Number of obs" in difference GMM).</summary>
    public int DifferenceObservations { get; }

    /// <summary>Rows of the level equation used (system GMM; xtabond2's "Number of obs" there); 0 in difference GMM.</summary>
    public int LevelObservations { get; }

    /// <summary>All rows used, both equations (pgmm's "Number of Observations Used").</summary>
    public int Observations => DifferenceObservations + LevelObservations;

    /// <summary>The number of instrument columns, zero columns included (pgmm's count; xtabond2 drops columns that are zero or collinear).</summary>
    public int Instruments { get; }

    /// <summary>The instrument columns by group.</summary>
    public IReadOnlyList<InstrumentGroup> InstrumentGroups { get; }

    /// <summary>The periods of the panel's time grid (its first to last period).</summary>
    public int Periods { get; }

    /// <summary>The first period with a differenced equation.</summary>
    public string FirstDifferencedPeriod { get; }

    /// <summary>The Arellano–Bond AR(1) test (expected to reject), or null when it cannot be computed (a note says why).</summary>
    public AutocorrelationTest? ArellanoBond1 { get; }

    /// <summary>The Arellano–Bond AR(2) test (should not reject), or null when it cannot be computed (a note says why).</summary>
    public AutocorrelationTest? ArellanoBond2 { get; }

    /// <summary>
    /// Hansen's J overidentification test, robust to heteroskedasticity: (Σ Z_i'ê_i)'(Σ Z_i'ê¹_i ê¹_i'Z_i)⁻¹(Σ Z_i'ê_i)
    /// with ê the model's residuals and ê¹ the one-step residuals, χ²(L − K). plm::pgmm prints it as "Sargan test"
    /// (<c>sargan(fit)</c>); in a two-step model it is xtabond2's "Hansen test". In a one-step model xtabond2 instead
    /// reports the minimised two-step criterion (this statistic at the two-step estimates).
    /// </summary>
    public ChiSquareTest Hansen { get; }

    /// <summary>
    /// The Sargan overidentification test of difference GMM, not robust to heteroskedasticity but not weakened by many
    /// instruments: (Σ Z_i'ê¹_i)'(Σ Z_i'H Z_i)⁻¹(Σ Z_i'ê¹_i)/σ̂², σ̂² = Σ (Δê¹)²/(2(N − K)), from the one-step residuals ê¹
    /// whatever the steps, χ²(L − K). Stata's xtabond <c>estat sargan</c> (65.81806 on Arellano and Bond's Table 4
    /// model; 65.81805 here). In system GMM σ̂² = Σ (Δê¹)²/(2N) with N the level observations, xtabond2's convention
    /// (186.90 on Roodman's (2009) one-step system example; xtabond has no system counterpart). xtabond2's difference-GMM
    /// Sargan divides by 2N too: this statistic times N/(N − K).
    /// </summary>
    public ChiSquareTest? Sargan { get; }

    /// <summary>
    /// The difference-in-Hansen tests of exogeneity of instrument subsets (xtabond2's block of the same name): one for
    /// each GMM-style variable (its columns in both equations), one for the IV-style instruments together (with the
    /// time dummies in difference GMM, as xtabond2 does when they are in the same <c>iv()</c>), and in system GMM one
    /// for all GMM-style instruments of the level equation (the Blundell–Bond moment conditions). A subset whose removal
    /// leaves fewer instruments than regressors has no test (a note says so).
    /// </summary>
    /// <remarks>
    /// Hayashi's (2000, §3.6) C statistic with the full model's moment covariance: with Ŝ = Σ Z_i'ê¹_i ê¹_i'Z_i from the
    /// one-step residuals (the two-step weight), the restricted statistic is min_β ḡ_s(β)'Ŝ_ss⁻¹ḡ_s(β) over the
    /// remaining columns s, and the difference is the full model's min_β ḡ(β)'Ŝ⁻¹ḡ(β) (the two-step Hansen J; in a
    /// one-step model xtabond2's "Hansen test" is this minimised two-step criterion too) minus it — non-negative by
    /// construction. Degrees of freedom count instrument columns as <see cref="Instruments"/> does. Checked against the
    /// difference-in-Hansen statistics Roodman (2009, Stata Journal 9(1), §3.3) prints for Arellano and Bond's Table 4
    /// column (a1) (docs/dynamic-panel.md).
    /// </remarks>
    public IReadOnlyList<DifferenceInHansenTest> DifferenceInHansen { get; }

    /// <summary>Wald χ² that the regressors other than the time dummies are jointly zero (the reported variance).</summary>
    public ChiSquareTest WaldCoefficients { get; }

    /// <summary>Wald χ² that the time dummies are jointly zero (not the constant), or null without time dummies.</summary>
    public ChiSquareTest? WaldTimeDummies { get; }

    /// <summary>Rows dropped, singular weight matrices, too many instruments, tests that could not be computed.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The coefficient named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">When there is no such coefficient (the message lists them).</exception>
    public Coefficient this[string name] => _positions.TryGetValue(name, out var i)
        ? Coefficients[i]
        : throw new KeyNotFoundException($"No coefficient '{name}'; the model has {string.Join(", ", Coefficients.Select(c => $"'{c.Name}'"))}.");

    /// <summary>The covariance of the estimates of <paramref name="first"/> and <paramref name="second"/> under the reported variance.</summary>
    public double Covariance(string first, string second) => _vcov[Position(first), Position(second)];

    /// <summary>The result as JSON: the shared keys (estimator, dependent, observations, vcov, coefficients, notes) and the GMM tests.</summary>
    public string ToJson() => JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", Specification.Transformation == DynamicPanelTransformation.System ? "system_gmm" : "difference_gmm");
        writer.WriteString("steps", Specification.Steps == GmmSteps.TwoStep ? "two_step" : "one_step");
        writer.WriteString("dependent", Dependent);
        writer.WriteNumber("observations", Observations);
        writer.WriteNumber("observations_differenced", DifferenceObservations);
        writer.WriteNumber("observations_levels", LevelObservations);
        writer.WriteNumber("groups", Groups);
        writer.WriteNumber("instruments", Instruments);
        writer.WriteString("vcov", VcovDescription);
        writer.WriteStartArray("instrument_groups");
        foreach (var group in InstrumentGroups)
        {
            writer.WriteStartObject();
            writer.WriteString("description", group.Description);
            writer.WriteNumber("columns", group.Columns);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Coefficients(writer, Coefficients);
        WriteAutocorrelation(writer, "ar1", ArellanoBond1);
        WriteAutocorrelation(writer, "ar2", ArellanoBond2);
        Hansen.Write(writer, "hansen");
        if (Sargan is null)
        {
            writer.WriteNull("sargan");
        }
        else
        {
            Sargan.Write(writer, "sargan");
        }

        writer.WriteStartArray("difference_in_hansen");
        foreach (var test in DifferenceInHansen)
        {
            writer.WriteStartObject();
            writer.WriteString("subset", test.Subset);
            writer.WriteNumber("columns", test.Columns);
            test.Excluding.Write(writer, "excluding");
            test.Difference.Write(writer, "difference");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WaldCoefficients.Write(writer, "wald_coefficients");
        if (WaldTimeDummies is not null)
        {
            WaldTimeDummies.Write(writer, "wald_time_dummies");
        }

        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    });

    /// <summary>A text report in xtabond2's layout: header counts, the coefficient table, the tests and the notes.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"Dynamic panel-data estimation, {Estimator}\n");
        text.Append(c, $"Dependent variable: {Dependent}\n");
        text.Append(c, $"Number of groups = {Groups}   Number of obs = {(LevelObservations > 0 ? LevelObservations : DifferenceObservations)}{(LevelObservations > 0 ? $" (levels; {DifferenceObservations} differenced)" : string.Empty)}   Number of instruments = {Instruments}\n");
        text.Append(c, $"Standard errors: {VcovDescription}\n\n");
        var width = Math.Max(12, Coefficients.Max(x => x.Name.Length) + 1);
        text.Append(c, $"{"".PadRight(width)} {"Coef.",12} {"Std. Err.",12} {"z",8} {"P>|z|",8}\n");
        foreach (var x in Coefficients)
        {
            text.Append(c, $"{x.Name.PadRight(width)} {x.Estimate,12:F6} {x.StandardError,12:F6} {x.TStatistic,8:F2} {x.PValue,8:F3}\n");
        }

        text.Append('\n');
        foreach (var test in new[] { ArellanoBond1, ArellanoBond2 })
        {
            if (test is not null)
            {
                text.Append(c, $"Arellano-Bond test for AR({test.Order}) in first differences: z = {test.Statistic:F2}  Pr > z = {test.PValue:F3}\n");
            }
        }

        if (Sargan is { } sargan)
        {
            text.Append(c, $"Sargan test of overid. restrictions: chi2({sargan.DegreesOfFreedom}) = {sargan.Statistic:F2}  Prob > chi2 = {sargan.PValue:F3}\n");
        }

        text.Append(c, $"Hansen test of overid. restrictions: chi2({Hansen.DegreesOfFreedom}) = {Hansen.Statistic:F2}  Prob > chi2 = {Hansen.PValue:F3}\n");
        if (DifferenceInHansen.Count > 0)
        {
            text.Append("Difference-in-Hansen tests of exogeneity of instrument subsets:\n");
            foreach (var test in DifferenceInHansen)
            {
                text.Append(c, $"  {test.Subset}\n");
                text.Append(c, $"    Hansen test excluding group:     chi2({test.Excluding.DegreesOfFreedom}) = {test.Excluding.Statistic:F2}  Prob > chi2 = {test.Excluding.PValue:F3}\n");
                text.Append(c, $"    Difference (null H = exogenous): chi2({test.Difference.DegreesOfFreedom}) = {test.Difference.Statistic:F2}  Prob > chi2 = {test.Difference.PValue:F3}\n");
            }
        }

        text.Append(c, $"Wald test of the coefficients: chi2({WaldCoefficients.DegreesOfFreedom}) = {WaldCoefficients.Statistic:F2}  Prob > chi2 = {WaldCoefficients.PValue:F3}\n");
        if (WaldTimeDummies is { } time)
        {
            text.Append(c, $"Wald test of the time dummies: chi2({time.DegreesOfFreedom}) = {time.Statistic:F2}  Prob > chi2 = {time.PValue:F3}\n");
        }

        foreach (var group in InstrumentGroups)
        {
            text.Append(c, $"Instruments: {group.Description} ({group.Columns})\n");
        }

        foreach (var note in Notes)
        {
            text.Append(c, $"Note: {note.Message}\n");
        }

        return text.ToString();
    }

    /// <summary>The reported variance, in words (robust one-step, Windmeijer-corrected or uncorrected two-step).</summary>
    internal string VcovDescription => Specification.Steps == GmmSteps.OneStep
        ? "robust (one-step sandwich)"
        : Specification.Variance == GmmVariance.Robust ? "robust (Windmeijer-corrected two-step)" : "uncorrected two-step";

    private int Position(string name) => _positions.TryGetValue(name, out var i)
        ? i
        : throw new KeyNotFoundException($"No coefficient '{name}'; the model has {string.Join(", ", Coefficients.Select(x => $"'{x.Name}'"))}.");

    private static ChiSquareTest Wald(Vector<double> estimates, Matrix<double> vcov, int start, int end)
    {
        var q = end - start;
        if (q <= 0)
        {
            return new ChiSquareTest(double.NaN, 0, double.NaN);
        }

        var b = estimates.SubVector(start, q);
        var v = vcov.SubMatrix(start, q, start, q);
        return ChiSquareTest.Of(b.DotProduct(v.Solve(b)), q);
    }

    private static void WriteAutocorrelation(Utf8JsonWriter writer, string name, AutocorrelationTest? test)
    {
        if (test is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteNumber("order", test.Order);
        JsonOutput.Number(writer, "z", test.Statistic);
        JsonOutput.Number(writer, "p", test.PValue);
        writer.WriteEndObject();
    }
}
