using System.Text.Json;

using MathNet.Numerics.Distributions;

using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>A z test of the indirect effect a·b = 0 (Sobel, Aroian or Goodman); not applicable when its variance is not positive.</summary>
/// <param name="Name">sobel, aroian or goodman.</param>
/// <param name="StandardError">The standard error of a·b the test uses.</param>
/// <param name="Z">a·b / StandardError.</param>
/// <param name="PValue">Two-sided standard-normal p-value.</param>
/// <param name="Reason">Why the test does not apply, or null.</param>
public sealed record IndirectEffectTestResult(string Name, double StandardError, double Z, double PValue, string? Reason = null)
{
    /// <summary>True when the statistic was computed.</summary>
    public bool IsApplicable => Reason is null;

    internal static IndirectEffectTestResult Create(string name, double indirect, double variance)
    {
        if (!(variance > 0))
        {
            return new IndirectEffectTestResult(name, double.NaN, double.NaN, double.NaN, $"the variance b²s_a² + a²s_b² − s_a²s_b² = {variance:G4} is not positive");
        }

        var se = Math.Sqrt(variance);
        var z = indirect / se;
        return new IndirectEffectTestResult(name, se, z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }
}

/// <summary>A bootstrap percentile interval for the indirect effect a·b.</summary>
/// <remarks>
/// With a single valid resample (no spread: the standard deviation's n − 1 is 0) or valid resamples that all give the
/// same a·b, the interval has no width and is not reported: <see cref="Low"/> and <see cref="High"/> are NaN (null in
/// JSON), <see cref="StandardError"/> is NaN or 0, and <see cref="Note"/> says why (the convention of degenerate
/// standard errors elsewhere). No valid resample at all is an <see cref="InvalidOperationException"/>.
/// </remarks>
/// <param name="Draws">Resamples requested.</param>
/// <param name="ValidDraws">Resamples in which both a and b could be estimated.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Level">The interval level.</param>
/// <param name="Low">The α/2 percentile of the bootstrap a·b (NaN when not reported).</param>
/// <param name="High">The 1 − α/2 percentile (NaN when not reported).</param>
/// <param name="StandardError">The standard deviation of the bootstrap a·b (NaN with one valid resample).</param>
/// <param name="ResamplingUnit">What was resampled: a cluster variable's name, or "observation".</param>
public sealed record MediationBootstrapInterval(int Draws, int ValidDraws, int Seed, double Level, double Low, double High, double StandardError, string ResamplingUnit)
{
    /// <summary>Why the interval is not reported (also in <see cref="MediationResult.Notes"/>), or null when it is.</summary>
    public Note? Note { get; init; }

    /// <summary>True when <see cref="Low"/> and <see cref="High"/> are a reported interval.</summary>
    public bool IsReported => Note is null;
}

/// <summary>A fitted Baron–Kenny mediation: the three steps, the paths a, b, c, c′, the indirect effect and its tests.</summary>
public sealed class MediationResult
{
    internal MediationResult(MediationSpecification specification, RegressionResult total, RegressionResult mediator, RegressionResult outcome, MediationBootstrapInterval? bootstrap)
    {
        Specification = specification;
        Total = total;
        MediatorModel = mediator;
        Outcome = outcome;
        Bootstrap = bootstrap;
        Treatment = specification.TreatmentTerm!.Name;
        Mediator = specification.MediatorTerm!.Name;
        A = mediator[Treatment];
        B = outcome[Mediator];
        C = total[Treatment];
        CPrime = outcome[Treatment];
        var a = A.Estimate;
        var b = B.Estimate;
        var sa2 = A.StandardError * A.StandardError;
        var sb2 = B.StandardError * B.StandardError;
        var basis = (b * b * sa2) + (a * a * sb2);
        Indirect = a * b;
        ProportionMediated = Indirect / C.Estimate;
        Sobel = IndirectEffectTestResult.Create("sobel", Indirect, basis);
        Aroian = IndirectEffectTestResult.Create("aroian", Indirect, basis + (sa2 * sb2));
        Goodman = IndirectEffectTestResult.Create("goodman", Indirect, basis - (sa2 * sb2));
    }

    /// <summary>The specification that was fitted.</summary>
    public MediationSpecification Specification { get; }

    /// <summary>The treatment's name.</summary>
    public string Treatment { get; }

    /// <summary>The mediator's name.</summary>
    public string Mediator { get; }

    /// <summary>Step 1: Y on X and the controls (total effect c).</summary>
    public RegressionResult Total { get; }

    /// <summary>Step 2: M on X and the controls (path a).</summary>
    public RegressionResult MediatorModel { get; }

    /// <summary>Step 3: Y on X, M and the controls (direct effect c′ and path b).</summary>
    public RegressionResult Outcome { get; }

    /// <summary>Path a: the effect of X on M.</summary>
    public Coefficient A { get; }

    /// <summary>Path b: the effect of M on Y given X.</summary>
    public Coefficient B { get; }

    /// <summary>The total effect c of X on Y.</summary>
    public Coefficient C { get; }

    /// <summary>The direct effect c′ of X on Y given M.</summary>
    public Coefficient CPrime { get; }

    /// <summary>The indirect effect a·b (= c − c′ on one sample).</summary>
    public double Indirect { get; }

    /// <summary>a·b / c (can exceed 1 or be negative when c′ and a·b differ in sign).</summary>
    public double ProportionMediated { get; }

    /// <summary>Sobel's z test.</summary>
    public IndirectEffectTestResult Sobel { get; }

    /// <summary>Aroian's z test.</summary>
    public IndirectEffectTestResult Aroian { get; }

    /// <summary>Goodman's z test.</summary>
    public IndirectEffectTestResult Goodman { get; }

    /// <summary>The bootstrap percentile interval of a·b, or null when not asked for.</summary>
    public MediationBootstrapInterval? Bootstrap { get; }

    /// <summary>The notes of the three steps (identical samples, so usually the same notes) and of the bootstrap.</summary>
    public IReadOnlyList<Note> Notes => Total.Notes.Concat(MediatorModel.Notes).Concat(Outcome.Notes).Concat(Bootstrap?.Note is { } note ? [note] : []).DistinctBy(n => n.Message).ToArray();

    /// <summary>
    /// The result as JSON: <c>a, se_a, b, se_b, c, se_c, c_prime, se_c_prime, indirect, proportion_mediated</c>,
    /// <c>sobel_se/z/p, aroian_se/z/p, goodman_se/z/p</c>, <c>bootstrap</c> and the three <c>steps</c>.
    /// </summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"Mediation {Total.Dependent} <- {Treatment} via {Mediator}: a = {A.Estimate:G4}, b = {B.Estimate:G4}, c = {C.Estimate:G4}, c' = {CPrime.Estimate:G4}, ab = {Indirect:G4}, Sobel z = {Sobel.Z:G4} ({PValueText.Statement(Sobel.PValue)})";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "mediation");
        writer.WriteString("dependent", Total.Dependent);
        writer.WriteString("treatment", Treatment);
        writer.WriteString("mediator", Mediator);
        writer.WriteNumber("observations", Total.Observations);
        writer.WriteString("vcov", Total.Vcov.Description);
        JsonOutput.Number(writer, "a", A.Estimate);
        JsonOutput.Number(writer, "se_a", A.StandardError);
        JsonOutput.Number(writer, "b", B.Estimate);
        JsonOutput.Number(writer, "se_b", B.StandardError);
        JsonOutput.Number(writer, "c", C.Estimate);
        JsonOutput.Number(writer, "se_c", C.StandardError);
        JsonOutput.Number(writer, "c_prime", CPrime.Estimate);
        JsonOutput.Number(writer, "se_c_prime", CPrime.StandardError);
        JsonOutput.Number(writer, "indirect", Indirect);
        JsonOutput.Number(writer, "proportion_mediated", ProportionMediated);
        foreach (var test in new[] { Sobel, Aroian, Goodman })
        {
            JsonOutput.Number(writer, $"{test.Name}_se", test.StandardError);
            JsonOutput.Number(writer, $"{test.Name}_z", test.Z);
            JsonOutput.Number(writer, $"{test.Name}_p", test.PValue);
            if (test.Reason is not null)
            {
                writer.WriteString($"{test.Name}_not_applicable", test.Reason);
            }
        }

        if (Bootstrap is { } bootstrap)
        {
            writer.WriteStartObject("bootstrap");
            writer.WriteString("method", "percentile");
            writer.WriteString("resampling_unit", bootstrap.ResamplingUnit);
            writer.WriteNumber("draws", bootstrap.Draws);
            writer.WriteNumber("valid_draws", bootstrap.ValidDraws);
            writer.WriteNumber("seed", bootstrap.Seed);
            JsonOutput.Number(writer, "level", bootstrap.Level);
            JsonOutput.Number(writer, "ci_low", bootstrap.Low);
            JsonOutput.Number(writer, "ci_high", bootstrap.High);
            JsonOutput.Number(writer, "std_error", bootstrap.StandardError);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("bootstrap");
        }

        writer.WriteStartObject("steps");
        JsonOutput.Property(writer, "total", Total.WriteJson);
        JsonOutput.Property(writer, "mediator", MediatorModel.WriteJson);
        JsonOutput.Property(writer, "outcome", Outcome.WriteJson);
        writer.WriteEndObject();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }
}
