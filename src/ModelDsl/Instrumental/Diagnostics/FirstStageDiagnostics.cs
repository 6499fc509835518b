using System.Globalization;
using System.Text;
using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>One excluded instrument's coefficient in a first-stage regression.</summary>
/// <param name="Instrument">The instrument's name.</param>
/// <param name="Estimate">The coefficient.</param>
/// <param name="StandardError">Its standard error under the diagnostics' variance (see <see cref="FirstStageDiagnostics"/>).</param>
public sealed record FirstStageCoefficient(string Instrument, double Estimate, double StandardError)
{
    /// <summary>Estimate / standard error.</summary>
    public double TStatistic => Estimate / StandardError;
}

/// <summary>
/// The first stage of one endogenous regressor as ivreg2's <c>first</c> prints it: the coefficients of the excluded
/// instruments, the partial R², the F test of the excluded instruments (unadjusted and under the chosen variance), and
/// the Sanderson–Windmeijer and Angrist–Pischke conditional statistics.
/// </summary>
/// <remarks>
/// <para>Regression of the endogenous regressor on all instruments (X₂ partialled out, FWL). The partial R² is
/// W/(N − dofminus) / (1 + W/(N − dofminus)) with W the unadjusted Wald of the excluded instruments (σ² = RSS/(N − dofminus)),
/// i.e. ESS/(ESS + RSS) of the partialled regression. The F is χ²/l₁ × (N − L − sdof − dofminus)/(N − dofminus)
/// (unadjusted: the classical F with N − L − sdof − dofminus denominator df; robust and HAC: the sandwich Wald with
/// ivreg2's Ω/(N − dofminus)), or χ²/l₁ × (N − L − sdof)/(N − 1) × (G − 1)/G with G − 1 denominator df when clustered
/// (ivreg2's first-stage F; Baum, Schaffer and Stillman 2007, §7). Standard errors are the ones whose Wald/l₁ is that F
/// (s²(Z'Z)⁻¹ unadjusted, HC1- and CR1-scaled sandwiches otherwise).</para>
/// <para>Sanderson and Windmeijer (2016, J. Econometrics 190(2)) and Angrist and Pischke (2009, §4.6.1) conditional F for
/// k₁ &gt; 1: regress the regressor on the first-stage fitted values of the other endogenous regressors (coefficients δ);
/// AP tests the excluded instruments in the regression of x_j − X̂₋ⱼδ on the instruments, SW in that of x_j − X₋ⱼδ, both with
/// l₁ − k₁ + 1 numerator df and the F scaling above (ivreg2 3.x). With k₁ = 1 both equal the first-stage F.</para>
/// </remarks>
/// <param name="Endogenous">The endogenous regressor.</param>
/// <param name="Coefficients">The coefficients of the excluded instruments.</param>
/// <param name="PartialRSquared">The partial R² of the excluded instruments.</param>
/// <param name="FUnadjusted">The F test of the excluded instruments with the homoskedastic variance.</param>
/// <param name="F">The F test under the diagnostics' variance (equal to <paramref name="FUnadjusted"/> when unadjusted).</param>
/// <param name="SandersonWindmeijer">The SW conditional F.</param>
/// <param name="SandersonWindmeijerChiSquare">The SW conditional χ².</param>
/// <param name="AngristPischke">The AP conditional F.</param>
/// <param name="AngristPischkeChiSquare">The AP conditional χ².</param>
/// <param name="SandersonWindmeijerPartialRSquared">The SW partial R².</param>
/// <param name="AngristPischkePartialRSquared">The AP partial R².</param>
public sealed record FirstStageDiagnostics(
    string Endogenous,
    IReadOnlyList<FirstStageCoefficient> Coefficients,
    double PartialRSquared,
    DiagnosticTest FUnadjusted,
    DiagnosticTest F,
    DiagnosticTest SandersonWindmeijer,
    DiagnosticTest SandersonWindmeijerChiSquare,
    DiagnosticTest AngristPischke,
    DiagnosticTest AngristPischkeChiSquare,
    double SandersonWindmeijerPartialRSquared,
    double AngristPischkePartialRSquared)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"First stage of {Endogenous}: partial R2 = {PartialRSquared:F4}").AppendLine();
        foreach (var c in Coefficients)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {c.Instrument,-16} {c.Estimate,12:G6} ({c.StandardError:G6})").AppendLine();
        }

        text.Append("  ").AppendLine(F.ToString());
        text.Append("  ").AppendLine(SandersonWindmeijer.ToString());
        text.Append("  ").Append(AngristPischke.ToString());
        return text.ToString();
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("endogenous", Endogenous);
        writer.WriteStartArray("coefficients");
        foreach (var c in Coefficients)
        {
            writer.WriteStartObject();
            writer.WriteString("instrument", c.Instrument);
            JsonOutput.Number(writer, "estimate", c.Estimate);
            JsonOutput.Number(writer, "std_error", c.StandardError);
            JsonOutput.Number(writer, "t", c.TStatistic);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Number(writer, "partial_r2", PartialRSquared);
        JsonOutput.Property(writer, "f_unadjusted", FUnadjusted.WriteJson);
        JsonOutput.Property(writer, "f", F.WriteJson);
        JsonOutput.Property(writer, "sw_f", SandersonWindmeijer.WriteJson);
        JsonOutput.Property(writer, "sw_chi2", SandersonWindmeijerChiSquare.WriteJson);
        JsonOutput.Number(writer, "sw_partial_r2", SandersonWindmeijerPartialRSquared);
        JsonOutput.Property(writer, "ap_f", AngristPischke.WriteJson);
        JsonOutput.Property(writer, "ap_chi2", AngristPischkeChiSquare.WriteJson);
        JsonOutput.Number(writer, "ap_partial_r2", AngristPischkePartialRSquared);
        writer.WriteEndObject();
    }
}
