using ModelDsl.Reporting;

namespace ModelDsl.Tests.DynamicPanel;

/// <summary><see cref="RegressionTable.Of(Results.DynamicPanelResult[])"/>: the GMM rows papers print under an xtabond2 column, read from the fit.</summary>
public sealed class DynamicPanelTableTests
{
    [Fact]
    public void A_difference_and_a_system_column_carry_their_tests_and_a_fixed_effects_column_leaves_them_empty()
    {
        var data = DynamicPanelReferenceTests.Read("data.csv");
        var difference = DynamicPanelReferenceTests.TableFourA1.Fit(data);
        var system = DynamicPanelReferenceTests.BlundellBond.TwoStep().Fit(data);
        var within = Model.Regress(Term.Log("emp")).On(Term.Log("wage"), Term.Log("capital")).Fe("firm", "year").Cluster("firm").Fit(data);

        var table = RegressionTable.Of(within).AddColumns(difference, system).Build();

        string[] Row(string label) => [.. table.BodyRows.Single(r => r.Cells[0].Text == label).Cells.Skip(1).Select(c => c.Text)];
        Assert.Equal(["", "41", system.Instruments.ToString(System.Globalization.CultureInfo.InvariantCulture)], Row("Instruments"));
        Assert.Equal(["", "140", "140"], Row("Groups"));
        Assert.Equal($"{NumberFormat.Fixed(difference.ArellanoBond2!.Statistic, 3)} ({NumberFormat.PValue(difference.ArellanoBond2.PValue)})", Row("AR(2) z (p)")[1]);
        Assert.Equal($"{NumberFormat.Fixed(system.Hansen.Statistic, 3)} ({NumberFormat.PValue(system.Hansen.PValue)})", Row("Hansen J (p)")[2]);
        Assert.Equal(["", NumberFormat.Fixed(difference.Sargan!.Statistic, 3) + " (" + NumberFormat.PValue(difference.Sargan.PValue) + ")", NumberFormat.Fixed(system.Sargan!.Statistic, 3) + " (" + NumberFormat.PValue(system.Sargan.PValue) + ")"], Row("Sargan (p)"));
        var levels = system.DifferenceInHansen.Single(t => t.Subset == "GMM instruments for levels");
        Assert.Equal(["", "", $"{NumberFormat.Fixed(levels.Difference.Statistic, 3)} ({NumberFormat.PValue(levels.Difference.PValue)})"], Row("Diff-in-Hansen, level instruments (p)"));
        Assert.Equal(NumberFormat.Fixed(difference["L1.log(emp)"].Estimate, 4), Row("L1.log(emp)")[1]);
    }
}
