using System.Globalization;
using System.Text;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>
/// The weak-instrument, underidentification, overidentification and endogeneity diagnostics of a linear IV model, as
/// Stata's ivreg2 / ivreghdfe print them, computed by <see cref="Compute"/> from the model's matrices.
/// </summary>
/// <remarks>
/// <para><b>Notation.</b> N observations, k₁ endogenous regressors, k₂ included exogenous regressors, l₁ excluded
/// instruments, L = l₁ + k₂ + sdof (sdof = <see cref="InstrumentDiagnosticsInput.AbsorbedDegreesOfFreedom"/>), K = k₁ + k₂,
/// dofminus = <see cref="InstrumentDiagnosticsInput.LargeSampleDegreesOfFreedomAdjustment"/>, G clusters. X₂ is
/// partialled out (Frisch–Waugh–Lovell) before the first-stage and identification statistics; the
/// overidentification and endogeneity tests use the full matrices. Every F below has denominator df
/// N − L − dofminus, or G − 1 when clustered, and is χ²/q × (N − L − dofminus)/(N − dofminus), or
/// χ²/q × (N − L)/(N − 1) × (G − 1)/G when clustered (ivreg2's conversion; <c>small</c> does not change them).
/// Robust and HAC Ω divide the score sums by N − dofminus, clustered Ω by N. Analytic weights are normalised to sum
/// to N.</para>
/// <para><b>Underidentification.</b> Anderson's canonical-correlation LM = (N − dofminus)·λ_min, λ the squared canonical
/// correlations of the partialled X₁ and Z₁, χ²(l₁ − k₁ + 1) (Anderson 1951). Kleibergen–Paap rk LM (Kleibergen and
/// Paap 2006, J. Econometrics 133(1), via ranktest's computation: the SVD of Θ = Q_zz^{1/2} Π̂ Q_yy^{−1/2} and the
/// variance of vec Θ from the scores of X₁ ⊗ Z₁ under the chosen variance), χ²(l₁ − k₁ + 1); ×(N − dofminus)/N unless
/// clustered. Under iid errors (variance <see cref="InstrumentVariance.Unadjusted"/>) the rk statistics are computed with
/// the homoskedastic Ω = Σ ⊗ Q_zz and equal Anderson's LM and the Cragg–Donald F exactly.</para>
/// <para><b>Weak identification.</b> Cragg–Donald Wald F = λ_min/(1 − λ_min) × (N − L − dofminus)/l₁ (Cragg and Donald
/// 1993); Kleibergen–Paap rk Wald F = rk Wald χ² converted as above (the rk statistic with first-stage residual scores).
/// Stock–Yogo (2005) critical values (<see cref="StockYogoCriticalValues"/>) where the tables have them.</para>
/// <para><b>Anderson–Rubin.</b> The Wald test that the excluded instruments' coefficients are zero in the regression of
/// y − X₁β₀ on all instruments (Anderson and Rubin 1949), χ²(l₁) and F(l₁, df₂) as above; its confidence set for k₁ = 1
/// (<see cref="AndersonRubinConfidenceSet"/>).</para>
/// <para><b>Overidentification</b> (df = l₁ − k₁; not applicable when exactly identified). Sargan (1958) under iid errors:
/// û'P_Z û/(û'û/(N − dofminus)), û the 2SLS residuals. Hansen (1982) J otherwise: N ḡ'Ω̂⁻¹ḡ at the two-step efficient
/// GMM estimate with Ω̂ from the 2SLS residuals (the J ivreg2 reports after a robust, clustered or HAC 2SLS fit).</para>
/// <para><b>Endogeneity</b> of the tested regressors (q of them). ivreg2's <c>endog()</c> C statistic: J (or Sargan) of
/// the model that treats them as exogenous minus J of the model that does not, both with the Ω̂ of the former,
/// χ²(q) (Hayashi 2000, §3.6). Durbin (1954) χ²(q) = N (RSS_OLS − RSS_aug)/RSS_OLS and Wu (1973)–Hausman (1978)
/// F(q, N − K − q − sdof) = [(RSS_OLS − RSS_aug)/q]/[RSS_aug/(N − K − q − sdof)] from the control-function regression of y
/// on X and the first-stage residuals of the tested regressors (homoskedastic forms; Stata's <c>estat endogenous</c>,
/// R's <c>AER::summary.ivreg(diagnostics = TRUE)</c>). Under iid errors Durbin equals the C statistic.</para>
/// </remarks>
public sealed class InstrumentDiagnostics
{
    internal InstrumentDiagnostics(
        int observations,
        string variance,
        int? clusters,
        int absorbed,
        IReadOnlyList<string> endogenous,
        IReadOnlyList<string> instruments,
        IReadOnlyList<FirstStageDiagnostics> firstStages,
        DiagnosticTest anderson,
        DiagnosticTest kleibergenPaapLm,
        DiagnosticTest craggDonald,
        DiagnosticTest kleibergenPaapWald,
        StockYogoCriticalValues stockYogo,
        IReadOnlyList<double> andersonRubinNull,
        DiagnosticTest andersonRubinF,
        DiagnosticTest andersonRubinChiSquare,
        AndersonRubinConfidenceSet? andersonRubinSet,
        string? andersonRubinSetReason,
        DiagnosticTest overidentification,
        IReadOnlyList<string> endogeneityTested,
        DiagnosticTest endogeneity,
        DiagnosticTest durbin,
        DiagnosticTest wuHausman,
        IReadOnlyList<Note> notes,
        bool unadjusted)
    {
        Observations = observations;
        Variance = variance;
        Clusters = clusters;
        AbsorbedDegreesOfFreedom = absorbed;
        EndogenousNames = endogenous;
        InstrumentNames = instruments;
        FirstStages = firstStages;
        AndersonLm = anderson;
        KleibergenPaapLm = kleibergenPaapLm;
        CraggDonaldF = craggDonald;
        KleibergenPaapWaldF = kleibergenPaapWald;
        StockYogo = stockYogo;
        AndersonRubinNull = andersonRubinNull;
        AndersonRubinF = andersonRubinF;
        AndersonRubinChiSquare = andersonRubinChiSquare;
        AndersonRubinSet = andersonRubinSet;
        AndersonRubinSetReason = andersonRubinSetReason;
        Overidentification = overidentification;
        EndogeneityTested = endogeneityTested;
        Endogeneity = endogeneity;
        Durbin = durbin;
        WuHausman = wuHausman;
        Notes = notes;
        IsUnadjusted = unadjusted;
    }

    /// <summary>N.</summary>
    public int Observations { get; }

    /// <summary>The variance of the robust statistics ("unadjusted", "robust", "cluster", "hac(…)").</summary>
    public string Variance { get; }

    /// <summary>The number of clusters when clustered.</summary>
    public int? Clusters { get; }

    /// <summary>The absorbed degrees of freedom (sdofminus) used.</summary>
    public int AbsorbedDegreesOfFreedom { get; }

    /// <summary>The endogenous regressors.</summary>
    public IReadOnlyList<string> EndogenousNames { get; }

    /// <summary>The excluded instruments.</summary>
    public IReadOnlyList<string> InstrumentNames { get; }

    /// <summary>The first stage of each endogenous regressor.</summary>
    public IReadOnlyList<FirstStageDiagnostics> FirstStages { get; }

    /// <summary>Anderson's canonical-correlation LM underidentification test.</summary>
    public DiagnosticTest AndersonLm { get; }

    /// <summary>The Kleibergen–Paap rk LM underidentification test under the chosen variance.</summary>
    public DiagnosticTest KleibergenPaapLm { get; }

    /// <summary>The Cragg–Donald Wald F (weak identification, iid).</summary>
    public DiagnosticTest CraggDonaldF { get; }

    /// <summary>The Kleibergen–Paap rk Wald F (weak identification under the chosen variance).</summary>
    public DiagnosticTest KleibergenPaapWaldF { get; }

    /// <summary>The underidentification test ivreg2 prints: Anderson's LM when unadjusted, Kleibergen–Paap's otherwise.</summary>
    public DiagnosticTest Underidentification => IsUnadjusted ? AndersonLm : KleibergenPaapLm;

    /// <summary>The weak-identification F ivreg2 stores in e(widstat): Cragg–Donald when unadjusted, Kleibergen–Paap otherwise.</summary>
    public DiagnosticTest WeakIdentification => IsUnadjusted ? CraggDonaldF : KleibergenPaapWaldF;

    /// <summary>Stock–Yogo critical values for this k₁ and l₁.</summary>
    public StockYogoCriticalValues StockYogo { get; }

    /// <summary>β₀ of the Anderson–Rubin null.</summary>
    public IReadOnlyList<double> AndersonRubinNull { get; }

    /// <summary>The Anderson–Rubin test, F form.</summary>
    public DiagnosticTest AndersonRubinF { get; }

    /// <summary>The Anderson–Rubin test, χ² form.</summary>
    public DiagnosticTest AndersonRubinChiSquare { get; }

    /// <summary>The Anderson–Rubin confidence set (k₁ = 1), or null with <see cref="AndersonRubinSetReason"/>.</summary>
    public AndersonRubinConfidenceSet? AndersonRubinSet { get; }

    /// <summary>Why there is no confidence set, or null.</summary>
    public string? AndersonRubinSetReason { get; }

    /// <summary>Sargan (unadjusted) or Hansen J (robust, cluster, HAC); not applicable when exactly identified.</summary>
    public DiagnosticTest Overidentification { get; }

    /// <summary>The regressors the endogeneity tests treat as exogenous under the null.</summary>
    public IReadOnlyList<string> EndogeneityTested { get; }

    /// <summary>ivreg2's <c>endog()</c> C statistic (difference of Sargan / Hansen J).</summary>
    public DiagnosticTest Endogeneity { get; }

    /// <summary>Durbin's χ² (homoskedastic).</summary>
    public DiagnosticTest Durbin { get; }

    /// <summary>The Wu–Hausman F (homoskedastic).</summary>
    public DiagnosticTest WuHausman { get; }

    /// <summary>Remarks on the computation (few clusters, …).</summary>
    public IReadOnlyList<Note> Notes { get; }

    private bool IsUnadjusted { get; }

    /// <summary>Computes every diagnostic from <paramref name="input"/>.</summary>
    /// <param name="input">The model's matrices and options.</param>
    /// <returns>The diagnostics.</returns>
    /// <exception cref="ArgumentException">On bad input (dimensions, non-finite values, collinear instruments, underidentification).</exception>
    public static InstrumentDiagnostics Compute(InstrumentDiagnosticsInput input) => InstrumentDiagnosticsCalculator.Compute(input);

    /// <summary>The diagnostics as JSON (snake_case keys; NaN as null).</summary>
    /// <param name="indented">Whether to indent.</param>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"IV diagnostics: N = {Observations}, variance {Variance}{(Clusters is { } g ? $" ({g} clusters)" : string.Empty)}, endogenous {string.Join(", ", EndogenousNames)}, excluded instruments {string.Join(", ", InstrumentNames)}").AppendLine();
        foreach (var stage in FirstStages)
        {
            text.AppendLine(stage.ToString());
        }

        text.Append("Underidentification test (").Append(Underidentification.Name).Append("): ").AppendLine(Underidentification.ToString());
        text.AppendLine(CraggDonaldF.ToString());
        text.AppendLine(KleibergenPaapWaldF.ToString());
        text.Append("Stock-Yogo critical values: ").AppendLine(StockYogo.HasAny
            ? string.Create(CultureInfo.InvariantCulture, $"10% maximal IV size {StockYogo.Size10?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a"}, 10% maximal IV relative bias {StockYogo.RelativeBias10?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a"}")
            : "not available for this number of endogenous regressors and instruments");
        text.AppendLine(AndersonRubinF.ToString());
        text.AppendLine(AndersonRubinChiSquare.ToString());
        text.AppendLine(AndersonRubinSet?.ToString() ?? $"Anderson-Rubin set: not computed ({AndersonRubinSetReason})");
        text.AppendLine(Overidentification.ToString());
        text.AppendLine(Endogeneity.ToString());
        text.AppendLine(Durbin.ToString());
        text.Append(WuHausman.ToString());
        foreach (var note in Notes)
        {
            text.AppendLine().Append("Note: ").Append(note.Message);
        }

        return text.ToString();
    }

    private void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("observations", Observations);
        writer.WriteString("vcov", Variance);
        if (Clusters is { } g)
        {
            writer.WriteNumber("clusters", g);
        }
        else
        {
            writer.WriteNull("clusters");
        }

        writer.WriteNumber("absorbed_df", AbsorbedDegreesOfFreedom);
        JsonOutput.Strings(writer, "endogenous", EndogenousNames);
        JsonOutput.Strings(writer, "instruments", InstrumentNames);
        writer.WriteStartArray("first_stages");
        foreach (var stage in FirstStages)
        {
            stage.WriteJson(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("underidentification");
        JsonOutput.Property(writer, "anderson_lm", AndersonLm.WriteJson);
        JsonOutput.Property(writer, "kleibergen_paap_lm", KleibergenPaapLm.WriteJson);
        writer.WriteEndObject();
        writer.WriteStartObject("weak_identification");
        JsonOutput.Property(writer, "cragg_donald_f", CraggDonaldF.WriteJson);
        JsonOutput.Property(writer, "kleibergen_paap_f", KleibergenPaapWaldF.WriteJson);
        JsonOutput.Property(writer, "stock_yogo", StockYogo.WriteJson);
        writer.WriteEndObject();
        writer.WriteStartObject("anderson_rubin");
        JsonOutput.Numbers(writer, "null", AndersonRubinNull);
        JsonOutput.Property(writer, "f", AndersonRubinF.WriteJson);
        JsonOutput.Property(writer, "chi2", AndersonRubinChiSquare.WriteJson);
        if (AndersonRubinSet is { } set)
        {
            JsonOutput.Property(writer, "confidence_set", set.WriteJson);
        }
        else
        {
            writer.WriteNull("confidence_set");
            writer.WriteString("confidence_set_not_computed", AndersonRubinSetReason);
        }

        writer.WriteEndObject();
        JsonOutput.Property(writer, "overidentification", Overidentification.WriteJson);
        writer.WriteStartObject("endogeneity");
        JsonOutput.Strings(writer, "tested", EndogeneityTested);
        JsonOutput.Property(writer, "c_statistic", Endogeneity.WriteJson);
        JsonOutput.Property(writer, "durbin", Durbin.WriteJson);
        JsonOutput.Property(writer, "wu_hausman", WuHausman.WriteJson);
        writer.WriteEndObject();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }
}
