using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Tests.Data;

public sealed class TransformTests
{
    private const double N = double.NaN;

    private static PanelData Panel() => PanelData.ReadCsv(Fixtures.Path("panel_gaps.csv"), "state", "year");

    [Fact]
    public void LagUsesTheTimeValueSoAGapGivesMissing()
    {
        var data = Panel().Lag("emp");

        // Rows: QLD 2013, 2012, 2011; NSW 2010-2012; VIC 2010, 2012, 2013; TAS 2010-2012. emp NSW 2011 is NA.
        Assert.Equal([2, 1, N, N, 5, N, N, N, 8, N, 4, 4.5], data.Numeric("L1.emp").Values.ToArray());
    }

    [Fact]
    public void LagByTwoAndLeadAndDifference()
    {
        var data = Panel().Lag("emp", 2).Lead("emp").Difference("emp");

        Assert.Equal([1, N, N, N, N, 5, N, 7, N, N, N, 4], data.Numeric("L2.emp").Values.ToArray());
        Assert.Equal([N, 3, 2, N, 6, N, N, 9, N, 4.5, 5, N], data.Numeric("F1.emp").Values.ToArray());
        Assert.Equal([1, 1, N, N, N, N, N, N, 1, N, 0.5, 0.5], data.Numeric("D1.emp").Values.ToArray());
    }

    [Fact]
    public void PureLagWritesIntoACallerBuffer()
    {
        var data = Panel();
        var destination = new double[data.RowCount];

        PanelTransforms.Lag(data.PanelIndex, data.Numeric("emp").Values, 1, destination);

        Assert.Equal(data.Lag("emp").Numeric("L1.emp").Values.ToArray(), destination);
        Assert.Throws<ArgumentException>(() => PanelTransforms.Lag(data.PanelIndex, data.Numeric("emp").Values, 1, new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelTransforms.Lag(data.PanelIndex, data.Numeric("emp"), -1));
    }

    [Fact]
    public void ShiftLooksBackForPositiveAndForwardForNegativePeriods()
    {
        var data = Panel().Lag("emp").Lead("emp");
        var emp = data.Numeric("emp").Values;

        Assert.Equal(data.Numeric("L1.emp").Values.ToArray(), PanelTransforms.Shift(data, emp, 1));
        Assert.Equal(data.Numeric("F1.emp").Values.ToArray(), PanelTransforms.Shift(data, emp, -1));
    }

    [Fact]
    public void LagNeedsAPanel()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PanelData.ReadCsv(Fixtures.Path("bom.csv")).Lag("x"));

        Assert.Contains("cross-section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogOfPositiveValuesKeepsMissing()
    {
        var data = Panel().Log("gsp");

        var log = data.Numeric("log_gsp");
        Assert.Equal(Math.Log(70), log[0]);
        Assert.True(double.IsNaN(log[1]));
        Assert.DoesNotContain(data.Notes, n => n.Message.StartsWith("log_gsp", StringComparison.Ordinal));
    }

    [Fact]
    public void LogOfNonPositiveValuesIsAnErrorWithCountAndRows()
    {
        var data = Panel().Compute("x", row => row["emp"] - 4.5);

        var error = Assert.Throws<InvalidOperationException>(() => data.Log("x"));

        // emp ≤ 4.5: QLD 3, 2, 1; TAS 4, 4.5 → 5 values ≤ 0.
        Assert.Contains("'x' has 5 values ≤ 0 (row 0 (state QLD, year 2013, line 2): -1.5; row 1 (state QLD, year 2012, line 3): -2.5;", error.Message, StringComparison.Ordinal);
        Assert.Contains("nonPositiveAsMissing", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PanelTransforms.Log(data.Numeric("x")));
    }

    [Fact]
    public void LogOfNonPositiveValuesAsMissingAddsANote()
    {
        var data = Panel().Compute("x", row => row["emp"] - 4.5).Log("x", "ln_x", nonPositiveAsMissing: true);

        var log = data.Numeric("ln_x");
        Assert.Equal(6 + 0, log.MissingCount); // 5 non-positive + NSW 2011 (emp NA)
        Assert.Equal(Math.Log(0.5), log[3]);
        var note = Assert.Single(data.Notes, n => n.Message.StartsWith("ln_x", StringComparison.Ordinal));
        Assert.Equal(5, note.Count);
    }

    [Fact]
    public void InterpolationFillsInteriorGapsByTimeValueButNotTheEnds()
    {
        var data = Panel().Interpolate("gsp");

        var filled = data.Numeric("interp_gsp");
        Assert.Equal(60.0, filled[1]);          // QLD 2012 between 2011 (50) and 2013 (70)
        Assert.Equal(240.0, filled[7], 12);     // VIC 2012 between 2010 (200) and 2013 (260): two thirds of the way
        Assert.True(double.IsNaN(filled[9]));   // TAS 2010: before the first observed value
        Assert.True(double.IsNaN(filled[11]));  // TAS 2012: after the last observed value
        Assert.Equal(100.0, filled[3]);
        var note = Assert.Single(data.Notes, n => n.Message.StartsWith("interp_gsp", StringComparison.Ordinal));
        Assert.Equal(2, note.Count);
        Assert.True(double.IsNaN(data.Numeric("gsp")[1]));
    }

    [Fact]
    public void InterpolatingInPlaceReplacesTheColumn()
    {
        var data = Panel().Interpolate("gsp", "gsp");

        Assert.Equal(60.0, data.Numeric("gsp")[1]);
        Assert.Equal(6, data.Columns.Count);
    }

    [Fact]
    public void StandardizeHasMeanZeroAndUnitSd()
    {
        var data = Panel().Standardize("emp");

        var (count, mean, sd) = PanelTransforms.MeanAndStandardDeviation(data.Numeric("std_emp").Values);
        Assert.Equal(11, count);
        Assert.Equal(0.0, mean, 14);
        Assert.Equal(1.0, sd, 14);
        Assert.Throws<InvalidOperationException>(() => Panel().Compute("c", _ => 1.0).Standardize("c"));
    }

    [Fact]
    public void GroupMeansPooledAndByTime()
    {
        var data = Panel().GroupMean("gsp", "region").GroupMean("gsp", "region", "south_year", byTime: true);

        var pooled = data.Numeric("mean_gsp_by_region");
        Assert.Equal(60.0, pooled[1]);
        Assert.Equal((100 + 110 + 121) / 3.0, pooled[4]);
        Assert.Equal((200 + 260 + 30) / 3.0, pooled[9]);
        var byYear = data.Numeric("south_year");
        Assert.Equal(200.0, byYear[6]);   // south 2010: VIC 200, TAS missing
        Assert.Equal(30.0, byYear[10]);   // south 2011: TAS 30 only
        Assert.True(double.IsNaN(byYear[7])); // south 2012: VIC '' and TAS NaN
    }

    [Fact]
    public void AsCategoricalAndComputeWithRowViews()
    {
        var data = Panel().AsCategorical("emp", "emp_level").Compute("interaction", row => row["gsp"] * row["emp"]);

        Assert.Equal(ColumnKind.Categorical, data["emp_level"].Kind);
        Assert.Equal("4.5", data.Categorical("emp_level")[10]);
        Assert.Equal(70 * 3.0, data.Numeric("interaction")[0]);
        Assert.True(double.IsNaN(data.Numeric("interaction")[4]));
        var error = Assert.Throws<InvalidOperationException>(() => Panel().Compute("bad", row => row["region"]));
        Assert.Contains("Label(\"region\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransformsShareUntouchedColumnsAndTheIndex()
    {
        var data = Panel();

        var derived = data.Log("gsp");

        Assert.Same(data["emp"], derived["emp"]);
        Assert.Same(data.PanelIndex, derived.PanelIndex);
        Assert.Equal(6, data.Columns.Count);
    }

    [Fact]
    public void AnUnknownColumnSuggestsTheClosest()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Panel().Lag("gps"));

        Assert.Contains("Did you mean 'gsp'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WinsorizeClipsAndNotes()
    {
        var data = PanelData.ReadCsv(new StringReader("v\n1\n2\n3\n4\n100\nNA\n"), "w.csv").Winsorize("v", 0, 75);

        // R type 7: quantile(c(1,2,3,4,100), 0.75) = 4.
        Assert.Equal([1, 2, 3, 4, 4, N], data.Numeric("win_v").Values.ToArray());
        Assert.Equal(1, Assert.Single(data.Notes, n => n.Message.StartsWith("win_v", StringComparison.Ordinal)).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Winsorize("v", 99, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Winsorize("v", 0.01, 1.5 * 100));
    }
}
