using ModelDsl.Data;
using ModelDsl.Reporting;
using ModelDsl.Results;

namespace ModelDsl.Tests.Instrumental;

/// <summary>
/// <see cref="RegressionTable.AddColumns(InstrumentalResult[])"/>: an IV column beside least-squares columns carries
/// its first-stage F and Kleibergen–Paap statistics, the least-squares columns leave those rows empty, and rows added
/// before the columns are padded. Data: the peer suite's simulated-data.csv (read in place).
/// </summary>
public sealed class MixedInstrumentalTableTests
{
    private static PanelData Data() => PanelData.ReadCsv(new StringReader(File.ReadAllText(StataIvPeerTests.PeerFile("simulated-data.csv"))), "simulated-data.csv");

    [Fact]
    public void An_IV_column_beside_OLS_columns_shows_its_diagnostics_and_the_OLS_columns_leave_them_empty()
    {
        var data = Data();
        var ols = Model.Regress("y_robust").On("x1", "x3").Vcov(Vcov.HC1).Fit(data);
        var iv = Model.Regress("y_robust").On("x3").Vcov(Vcov.HC1).Instrument("x1", with: ["z1", "z2"]).Fit(data);
        var diagnostics = iv.Diagnose();

        var table = RegressionTable.Of(ols, ols).AddRow("Sample", "all", "all").AddColumns(iv).Build();

        Assert.Equal(4, table.ColumnCount);
        string Cell(string label, int column) => table.BodyRows.Single(r => r.Cells[0].Text == label).Cells[column + 1].Text;
        Assert.Equal(NumberFormat.Fixed(diagnostics.FirstStages[0].F.Statistic, 3), Cell(InstrumentalTable.FirstStageFLabel, 2));
        Assert.Equal(string.Empty, Cell(InstrumentalTable.FirstStageFLabel, 0));
        Assert.StartsWith(NumberFormat.Fixed(diagnostics.KleibergenPaapLm.Statistic, 3) + " (", Cell(InstrumentalTable.KleibergenPaapLmLabel, 2), StringComparison.Ordinal);
        Assert.Equal(NumberFormat.Fixed(diagnostics.KleibergenPaapWaldF.Statistic, 3), Cell(InstrumentalTable.KleibergenPaapWaldFLabel, 2));
        Assert.Equal(string.Empty, Cell(InstrumentalTable.KleibergenPaapWaldFLabel, 1));
        Assert.Equal(["all", "all", string.Empty], table.BodyRows.Single(r => r.Cells[0].Text == "Sample").Cells.Skip(1).Select(c => c.Text));
        Assert.Equal(NumberFormat.Fixed(iv["x1"].Estimate, 4), Cell("x1", 2));
    }

    [Fact]
    public void Two_endogenous_regressors_get_one_first_stage_row_each()
    {
        var iv = Model.Regress("y_robust").On("x3").Vcov(Vcov.HC1).Instrument(["x1", "x2"], with: ["z1", "z2", "x5"]).Fit(Data());

        var table = RegressionTable.Of(Model.Regress("y_robust").On("x1", "x2", "x3").Fit(Data())).AddColumns(iv).Build();

        Assert.Contains(table.BodyRows, r => r.Cells[0].Text == InstrumentalTable.FirstStageFLabel + ": x1");
        Assert.Contains(table.BodyRows, r => r.Cells[0].Text == InstrumentalTable.FirstStageFLabel + ": x2");
    }

    [Fact]
    public void Adding_no_columns_is_refused()
    {
        var table = RegressionTable.Of(Model.Regress("y_robust").On("x1").Fit(Data()));

        Assert.Throws<ArgumentException>(() => table.AddColumns(Array.Empty<InstrumentalResult>()));
    }
}

/// <summary>A column that is both the analytic weight and an instrument enters the sample once (it used to fail with "appears 2 times").</summary>
public sealed class InstrumentalSampleTests
{
    [Fact]
    public void The_weight_column_may_also_be_an_instrument()
    {
        var data = PanelData.ReadCsv(new StringReader(File.ReadAllText(StataIvPeerTests.PeerFile("simulated-data.csv"))), "simulated-data.csv");
        var copy = data.WithColumn(new NumericColumn("weights_copy", data.Numeric("weights").Values));

        var shared = Model.Regress("y_robust").On("x3").Instrument("x1", with: ["z1", "weights"]).Weighted("weights").Fit(copy);
        var separate = Model.Regress("y_robust").On("x3").Instrument("x1", with: ["z1", "weights"]).Weighted("weights_copy").Fit(copy);

        Assert.Equal(separate["x1"].Estimate, shared["x1"].Estimate);
        Assert.Equal(separate["x1"].StandardError, shared["x1"].StandardError);
    }
}
