using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>One period's 2×2 comparison in DID_M.</summary>
/// <param name="PeriodIndex">The index t of the period in the ordered distinct periods (≥ 1; the comparison is t − 1 → t).</param>
/// <param name="Joiners">True for joiners against stable untreated units (DID₊,t), false for leavers against stable treated units (DID₋,t).</param>
/// <param name="Switchers">The switching units (the weight N₁₀,t or N₀₁,t).</param>
/// <param name="Controls">The stable units compared with them.</param>
/// <param name="Estimate">DID₊,t or DID₋,t.</param>
public sealed record SwitchContribution(int PeriodIndex, bool Joiners, int Switchers, int Controls, double Estimate);

/// <summary>A fitted de Chaisemartin–D'Haultfœuille DID_M with its placebo (see <see cref="SwitchingDidSpecification"/>).</summary>
public sealed class SwitchingDidResult
{
    private readonly double[] _periods;

    internal SwitchingDidResult(SwitchingDidSpecification specification, Coefficient effect, Coefficient? placebo, int switchers, int placeboSwitchers, IReadOnlyList<SwitchContribution> contributions, double[] periods, string clusterName, int clusters, int validDraws, IReadOnlyList<Note> notes)
    {
        Specification = specification;
        Effect = effect;
        Placebo = placebo;
        Switchers = switchers;
        PlaceboSwitchers = placeboSwitchers;
        Contributions = contributions;
        _periods = periods;
        ClusterName = clusterName;
        ClusterCount = clusters;
        ValidDraws = validDraws;
        Notes = notes;
    }

    /// <summary>The specification that was fitted.</summary>
    public SwitchingDidSpecification Specification { get; }

    /// <summary>The outcome's name.</summary>
    public string Dependent => Specification.Outcome.Name;

    /// <summary>DID_M, named <c>DID_M</c>; its standard error is NaN without a bootstrap.</summary>
    public Coefficient Effect { get; }

    /// <summary>The placebo DID_M^pl, or null when no switcher had a stable treatment over the two periods before.</summary>
    public Coefficient? Placebo { get; }

    /// <summary>N_S: the switches (joiners and leavers) with a comparison group.</summary>
    public int Switchers { get; }

    /// <summary>N_S^pl: the switches in the placebo.</summary>
    public int PlaceboSwitchers { get; }

    /// <summary>The per-period comparisons behind DID_M, with their weights.</summary>
    public IReadOnlyList<SwitchContribution> Contributions { get; }

    /// <summary>The ordered distinct periods (<see cref="SwitchContribution.PeriodIndex"/> indexes them).</summary>
    public IReadOnlyList<double> Periods => _periods;

    /// <summary>The bootstrap cluster variable.</summary>
    public string ClusterName { get; }

    /// <summary>The number of bootstrap clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>Bootstrap draws with an identified estimate (0 without a bootstrap).</summary>
    public int ValidDraws { get; }

    /// <summary>What was left out and why.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>A description of the inference.</summary>
    public string VarianceDescription
        => Specification.BootstrapDraws > 0
            ? $"cluster bootstrap by {ClusterName} ({Specification.BootstrapDraws} draws, seed {Specification.Seed})"
            : "none (point estimate only)";

    /// <summary>The result as JSON: <c>estimator: "did_m"</c>, the effect and the placebo, the switcher counts, the per-period comparisons and notes.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
        => $"DID_M {Dependent}: {Effect.Estimate:G6} ({Effect.StandardError:G4}), {Switchers} switches; placebo {(Placebo is null ? "n/a" : $"{Placebo.Estimate:G6} ({Placebo.StandardError:G4})")}";

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", "did_m");
        writer.WriteString("dependent", Dependent);
        writer.WriteString("treatment", Specification.Treatment!.Name);
        writer.WriteString("vcov", VarianceDescription);
        writer.WriteNumber("switchers", Switchers);
        writer.WriteNumber("placebo_switchers", PlaceboSwitchers);
        JsonOutput.Coefficients(writer, Placebo is null ? [Effect] : [Effect, Placebo]);
        writer.WriteStartArray("comparisons");
        foreach (var c in Contributions)
        {
            writer.WriteStartObject();
            JsonOutput.Number(writer, "period", _periods[c.PeriodIndex]);
            writer.WriteString("kind", c.Joiners ? "joiners" : "leavers");
            writer.WriteNumber("switchers", c.Switchers);
            writer.WriteNumber("controls", c.Controls);
            JsonOutput.Number(writer, "estimate", c.Estimate);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }
}
