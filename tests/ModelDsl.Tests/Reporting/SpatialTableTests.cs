using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Spatial;

namespace ModelDsl.Tests.Reporting;

/// <summary>The spatial regression table: its rows, numbers as the results hold them, and every format.</summary>
public sealed class SpatialTableTests
{
    private static readonly Lazy<(SpatialResult Sar, SpatialResult Sem, SpatialResult Sdm)> Fits = new(() =>
    {
        static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "reference", "spatial-sar-sem-columbus", name);
        var data = PanelData.ReadCsv(Path("data.csv"));
        var ids = data.Numeric("id").Values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var w = SpatialWeights.ReadNeighbourCsv(Path("neighbours.csv"), ids).RowStandardize();
        var spec = Model.Spatial("crime").On("inc", "hoval").Weights(w).Regions("id");
        return (spec.Fit(data), spec.Error().Fit(data), spec.Durbin().Fit(data));
    });

    [Fact]
    public void TablePrintsCoefficientsLagsSpatialParametersEffectsFitAndTests()
    {
        var (sar, sem, sdm) = Fits.Value;
        var table = SpatialTable.Of(sar, sem, sdm).Tests(sdm.WaldDurbinTerms(), sdm.LikelihoodRatio(sem)).Title("Columbus crime");
        var text = table.ToMarkdown();
        Assert.Contains("(3) SDM", text, StringComparison.Ordinal);
        Assert.Contains("W×inc", text, StringComparison.Ordinal);
        Assert.Contains("ρ (W×y)", text, StringComparison.Ordinal);
        Assert.Contains("λ (W×u)", text, StringComparison.Ordinal);
        Assert.Contains("Indirect effects", text, StringComparison.Ordinal);
        Assert.Contains(NumberFormat.Fixed(sdm.SpatialParameter.Estimate, 4), text, StringComparison.Ordinal);
        Assert.Contains(NumberFormat.Fixed(sdm.Effects[0].Indirect.Estimate, 4), text, StringComparison.Ordinal);
        Assert.Contains(NumberFormat.Fixed(sem.LogLikelihood, 3), text, StringComparison.Ordinal);
        Assert.Contains("Wald: SDM vs SAR (θ = 0)", text, StringComparison.Ordinal);
        Assert.Contains("LR: SDM vs SEM", text, StringComparison.Ordinal);
        Assert.Contains("delta method", text, StringComparison.Ordinal);
        foreach (var rendered in new[] { table.ToText(), table.ToLatex(), table.ToHtml(), table.ToCsv() })
        {
            Assert.Contains("Total effects", rendered, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ColumnLabelsMustMatchTheModels()
    {
        var (sar, _, sdm) = Fits.Value;
        Assert.Throws<ArgumentException>(() => SpatialTable.Of(sar, sdm).ColumnLabels("only one"));
        Assert.Contains("Cross-section", SpatialTable.Of(sar, sdm).ColumnLabels("Cross-section", "Durbin").ToText(), StringComparison.Ordinal);
    }
}
