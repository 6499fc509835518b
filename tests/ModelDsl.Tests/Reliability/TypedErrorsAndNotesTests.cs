using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Inference;
using ModelDsl.Results;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Reliability;

/// <summary>
/// Issue 13, class 3: inputs that used to crash (an exception from a library deep inside, an index error, memory
/// exhaustion) or gave a confident number where none exists now get a typed error naming what the data allow, or a
/// result with a note.
/// </summary>
public sealed class TypedErrorsAndNotesTests
{
    private static readonly Lazy<PanelData> Cities = new(() => PanelData.ReadCsv(
        Path.Combine(RepositoryFolder(), "data", "cities_cbec.csv"),
        "city",
        "year",
        new CsvReadOptions().Categorical("province", "region", "ind_struct", "city_size")));

    // --- Hausman ------------------------------------------------------------------------------------------------

    [Fact]
    public void HausmanWithANegativeStatisticReportsItWithoutAPValueAsStataDoes()
    {
        // On the shipped city data V_FE − V_RE for cbec alone is negative: the χ² CDF used to throw.
        var (fe, re) = FeAndRe("inno", "cbec");

        var test = HausmanComparison.Compare(fe, re);

        Assert.True(test.IsApplicable);
        Assert.True(test.Statistic < 0, $"statistic {test.Statistic}");
        Assert.Null(test.PValue);
        Assert.Equal(1, test.DegreesOfFreedom);
        Assert.Equal(2, test.Notes.Count);
        Assert.StartsWith(HausmanComparison.NotPositiveDefiniteMessage, test.Notes[0].Message, StringComparison.Ordinal);
        Assert.Contains("1 negative and 0 zero eigenvalue(s)", test.Notes[0].Message, StringComparison.Ordinal);
        Assert.Contains("fail to meet the asymptotic assumptions", test.Notes[1].Message, StringComparison.Ordinal);
        Assert.Contains("no p-value", test.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HausmanWithAnIndefiniteDifferenceButPositiveStatisticKeepsItsPValueAndNote()
    {
        var (fe, re) = FeAndRe("inno", "cbec", "lnpop");

        var test = HausmanComparison.Compare(fe, re);

        Assert.True(test.Statistic > 0);
        Assert.NotNull(test.PValue);
        Assert.Equal(2, test.DegreesOfFreedom);
        var note = Assert.Single(test.Notes);
        Assert.StartsWith(HausmanComparison.NotPositiveDefiniteMessage, note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HausmanVariance.SigmaMore)]
    [InlineData(HausmanVariance.SigmaLess)]
    public void HausmanWithOneSigmaInBothMatricesIsNeverNegative(HausmanVariance variance)
    {
        foreach (var regressors in new[] { new[] { "cbec" }, ["cbec", "lnpop", "lngdp", "infra", "lngov"] })
        {
            var (fe, re) = FeAndRe("inno", regressors);

            var test = HausmanComparison.Compare(fe, re, variance);

            Assert.True(test.Statistic >= 0, $"{variance} {string.Join("+", regressors)}: {test}");
            Assert.NotNull(test.PValue);
            Assert.Equal(regressors.Length, test.DegreesOfFreedom);
            Assert.DoesNotContain(test.Notes, n => n.Message.Contains("negative", StringComparison.Ordinal) && !n.Message.Contains("0 negative", StringComparison.Ordinal));
            Assert.Equal(variance, test.Variance);
        }
    }

    [Fact]
    public void HausmanSigmaMoreMatchesTheDefaultWhenBothSigmasAgree()
    {
        // Scaling one matrix by σ̂²_RE/σ̂²_FE is the only change: H(sigmamore) = d'(c·A − B)⁻¹d with c = σ̂²_RE/σ̂²_FE.
        var (fe, re) = FeAndRe("inno", "cbec", "lnpop", "lngdp");
        var own = HausmanComparison.Compare(fe, re);
        var more = HausmanComparison.Compare(fe, re, HausmanVariance.SigmaMore);
        Assert.NotEqual(own.Statistic, more.Statistic);
        Assert.Equal(HausmanVariance.Own, own.Variance);
    }

    [Fact]
    public void HausmanSigmaOptionsNeedIidVariances()
    {
        var data = Cities.Value;
        var re = Model.Regress("inno").On("cbec").RandomEffects().Cluster("city").Fit(data);
        var fe = Model.Regress("inno").On("cbec").Fe("city").KeepSingletons().Cluster("city").Fit(data);

        var test = HausmanComparison.Compare(fe, re, HausmanVariance.SigmaMore);

        Assert.False(test.IsApplicable);
        Assert.Null(test.Statistic);
        Assert.Contains("only for iid variances", test.Reason, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => HausmanComparison.Compare(fe, re, (HausmanVariance)7));
    }

    // --- Event-study windows --------------------------------------------------------------------------------------

    [Theory]
    [InlineData(int.MinValue, int.MaxValue)]
    [InlineData(-1_000_000_000, 1_000_000_000)]
    [InlineData(int.MinValue, 0)]
    [InlineData(-1, int.MaxValue)]
    [InlineData(-3, 1_000_000)]
    public void EventWindowBeyondTheDataIsRejectedBeforeAnythingIsAllocated(int start, int end)
    {
        var data = Simulated(20, 8, 0, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(start, end).Fit(data));

        Assert.Contains($"The event window [{start}, {end}] lies outside the data", error.Message, StringComparison.Ordinal);
        Assert.Contains("the treated units' event times in the data are ", error.Message, StringComparison.Ordinal);
        Assert.Contains("for example Window(", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "a rejected window must not allocate in proportion to its width");

        var sunAbraham = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(start, end).Using(EventStudyMethod.SunAbraham).Fit(data));
        Assert.Equal(error.Message, sunAbraham.Message);
    }

    [Fact]
    public void EventWindowErrorNamesTheRangeTheDataAllow()
    {
        var data = Simulated(20, 8, 0, 1);
        var observed = ObservedEventTimes(data);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(int.MinValue, int.MaxValue).WithoutBinning().Fit(data));

        Assert.Contains($"are {observed.Min()}..{observed.Max()})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{int.MinValue}..{observed.Min() - 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{observed.Max() + 1}..{int.MaxValue}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Window({observed.Min()}, {observed.Max()})", error.Message, StringComparison.Ordinal);

        // The suggested window fits.
        var fit = Model.EventStudy("y").Cohort("cohort").Window(observed.Min(), observed.Max()).Fit(data);
        Assert.Equal(observed.Max() - observed.Min(), fit.EventTimes.Count);
    }

    [Fact]
    public void EventWindowWithAGapInsideTheDataNamesTheGap()
    {
        // Every treated unit is treated in 2004 and period 2002 is removed: event time −2 is never observed.
        var data = Simulated(20, 8, 0, 1);
        var cohort = data.Numeric("cohort").Values.ToArray().Select(c => c == 0 ? 0 : 2004.0).ToArray();
        data = data.WithColumn(new NumericColumn("cohort", cohort));
        var keep = Enumerable.Range(0, data.RowCount).Where(i => cohort[i] == 0 || i % 8 != 2).ToArray();
        data = data.SelectRows(keep, new Note(NoteKind.SampleRestriction, "test: period 2002 of treated units removed", data.RowCount - keep.Length));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(-3, 2).Fit(data));

        Assert.Contains("no treated observation at event time -2 ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    [InlineData(-4)]
    public void ReferencePeriodOutsideTheWindowIsAnError(int reference)
    {
        var data = Simulated(20, 8, 0, 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.EventStudy("y").Cohort("cohort").Window(-3, 2).Reference(reference).Fit(data));

        Assert.Contains($"reference event time {reference} must be a lead inside the window [-3, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowSetPastItsValidationIsCheckedAtFit()
    {
        var data = Simulated(20, 8, 0, 1);
        var specification = Model.EventStudy("y").Cohort("cohort") with { WindowStart = int.MaxValue, WindowEnd = int.MinValue };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => specification.Fit(data));

        Assert.Contains("start < 0 ≤ end", error.Message, StringComparison.Ordinal);
    }

    // --- Degenerate inference -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.1)]
    [InlineData(-7.25e5)]
    public void ConstantOutcomeIsAnErrorNotNaNRSquaredAndInfiniteT(double value)
    {
        var data = Simulated(20, 8, 0.5, 1);
        data = data.WithColumn(new NumericColumn("c", Enumerable.Repeat(value, data.RowCount).ToArray()));

        foreach (var fit in new Func<object>[]
        {
            () => Model.Regress("c").On("x").Fit(data),
            () => Model.Regress("c").On("x").Fe("unit", "year").Fit(data),
            () => Model.Did("c").Cohort("cohort").Fit(data),
            () => Model.EventStudy("c").Cohort("cohort").Window(-3, 2).Fit(data),
        })
        {
            var error = Assert.Throws<InvalidOperationException>(fit);
            Assert.Contains("The outcome 'c' is constant in the estimation sample (160 rows", error.Message, StringComparison.Ordinal);
            Assert.Contains("R² is undefined", error.Message, StringComparison.Ordinal);
        }

        // Random effects can divide 0 by 0 in θ (exactly constant values) before the sums of squares exist: then the
        // backstop names the non-finite estimates; otherwise the constant outcome is named.
        var re = Assert.Throws<InvalidOperationException>(() => Model.Regress("c").On("x").RandomEffects().Fit(data));
        Assert.True(
            re.Message.StartsWith("The outcome 'c' is constant in the estimation sample (160 rows", StringComparison.Ordinal)
            || re.Message.StartsWith("The re fit of 'c' on 160 rows did not give finite numbers (estimates of x, (Intercept) are not finite). Check that the outcome varies", StringComparison.Ordinal),
            re.Message);
    }

    [Fact]
    public void OutcomeExplainedExactlyByTheFixedEffectsIsAnError()
    {
        var data = Simulated(20, 8, 0.5, 1);
        var codes = data.Unit.Codes.ToArray();
        data = data.WithColumn(new NumericColumn("alpha", codes.Select(c => 1.5 + (0.25 * c)).ToArray()));

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("alpha").On("x").Fe("unit").Fit(data));

        Assert.Contains("The fixed effects (unit) explain the outcome 'alpha' exactly", error.Message, StringComparison.Ordinal);
        Assert.NotNull(Model.Regress("alpha").On("x").Fit(data)); // without the unit effects there is variation to explain
    }

    [Fact]
    public void PerfectFitReportsEstimatesButNoTests()
    {
        var data = Simulated(20, 8, 0.5, 1);
        var x = data.Numeric("x").Values.ToArray();
        data = data.WithColumn(new NumericColumn("exact", x.Select(v => (2 * v) + 1).ToArray()));

        var fit = Model.Regress("exact").On("x").Fit(data);

        Assert.Equal(2, fit["x"].Estimate, 12);
        Assert.All(fit.Coefficients, c => Assert.True(double.IsNaN(c.TStatistic) && double.IsNaN(c.PValue) && double.IsNaN(c.ConfidenceLow)));
        var note = Assert.Single(fit.Notes, n => n.Message.Contains("fits 'exact' exactly", StringComparison.Ordinal));
        Assert.StartsWith("The standard errors of 'x' (", note.Message, StringComparison.Ordinal);
        Assert.Equal(2, note.Count);
        Assert.DoesNotContain("∞", fit.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void MatchingWithOneTreatedUnitHasNoStandardErrorTest(int neighbours)
    {
        var data = new PanelData(
        [
            new NumericColumn("d", [1, 0, 0, 0, 0, 0, 0, 0]),
            new NumericColumn("x", [0.5, 1.2, 2.0, 0.1, 1.0, 1.9, 0.6, 0.2]),
            new NumericColumn("y", [3, 4, 5, 1, 2, 2.5, 3.5, 1.5]),
        ]);

        var result = Model.Match("d").On("x").Logit().Nearest(neighbours).Outcome("y").Fit(data);

        Assert.True(double.IsFinite(result.Att));
        Assert.Equal(0, result.StandardError);
        Assert.True(double.IsNaN(result.ZStatistic) && double.IsNaN(result.PValue) && double.IsNaN(result.ConfidenceLow) && double.IsNaN(result.ConfidenceHigh));
        Assert.Contains(result.Notes, n => n.Message.StartsWith("The standard error of 'ATT' (0) is not positive: only one treated unit was matched", StringComparison.Ordinal));
    }

    [Fact]
    public void MatchingOnAConstantOutcomeHasNoStandardErrorTest()
    {
        var data = new PanelData(
        [
            new NumericColumn("d", [1, 0, 1, 0, 1, 0, 0, 1, 0, 0]),
            new NumericColumn("x", [0.5, 1.2, 2.0, 0.1, 1.0, 1.9, 0.6, 0.2, 1.4, 0.9]),
            new NumericColumn("y", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
        ]);

        var result = Model.Match("d").On("x").Logit().Nearest(1).Outcome("y").Fit(data);

        Assert.Equal(0, result.Att);
        Assert.True(double.IsNaN(result.PValue));
        Assert.Contains(result.Notes, n => n.Message.Contains("the matched differences in 'y' do not vary across the 4 matched treated units", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PlaceboStatistic.Coefficient)]
    [InlineData(PlaceboStatistic.TStatistic)]
    public void PlaceboWhoseDrawsAllEqualTheEstimateSaysTheDistributionIsAPoint(PlaceboStatistic statistic)
    {
        // One cohort: TimingOnly keeps the treated units and can only draw that cohort, so every draw is the actual assignment.
        var data = Simulated(20, 8, 0.5, 1);
        data = data.WithColumn(new NumericColumn("cohort", data.Numeric("cohort").Values.ToArray().Select(c => c == 0 ? 0 : 2004.0).ToArray()));
        var did = Model.Did("y").Cohort("cohort").Fit(data);

        var placebo = PlaceboInference.Run(did, draws: 25, mode: PlaceboMode.TimingOnly, statistic: statistic);

        var note = Assert.Single(placebo.Notes);
        Assert.StartsWith($"All 25 valid placebo draws give the same {(statistic == PlaceboStatistic.TStatistic ? "t statistic" : "estimate")} (the actual", note.Message, StringComparison.Ordinal);
        Assert.Contains("TimingOnly", note.Message, StringComparison.Ordinal);
        Assert.Contains("(note: All 25", placebo.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"notes\": [", placebo.ToJson(), StringComparison.Ordinal);

        // A placebo with real variation has no note.
        Assert.Empty(PlaceboInference.Run(Model.Did("y").Cohort("cohort").Fit(Simulated(20, 8, 0.5, 1)), draws: 25).Notes);
    }

    [Fact]
    public void PlaceboOfATStatisticThatDoesNotExistIsAnError()
    {
        // y = α_i + λ_t + 0.5·D exactly: a perfect fit, so the actual t is not reported and cannot rank the draws.
        var data = Simulated(20, 8, 0.5, 1);
        var cohort = data.Numeric("cohort").Values.ToArray();
        var years = data.Time.Codes.ToArray().Select(c => double.Parse(data.Time.Levels[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var units = data.Unit.Codes.ToArray();
        var exact = Enumerable.Range(0, data.RowCount).Select(i => units[i] + (0.1 * (years[i] - 2000)) + (cohort[i] > 0 && years[i] >= cohort[i] ? 0.5 : 0)).ToArray();
        data = data.WithColumn(new NumericColumn("exact", exact));
        var did = Model.Did("exact").Cohort("cohort").Fit(data);
        Assert.True(double.IsNaN(did.Effect.TStatistic));

        var error = Assert.Throws<InvalidOperationException>(() => PlaceboInference.Run(did, draws: 10, statistic: PlaceboStatistic.TStatistic));

        Assert.Contains("The actual t statistic of 'treated' is NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("fits 'exact' exactly", error.Message, StringComparison.Ordinal);
    }

    private static SortedSet<int> ObservedEventTimes(PanelData data)
    {
        var cohort = data.Numeric("cohort").Values.ToArray();
        var year = data.Time;
        var set = new SortedSet<int>();
        for (var i = 0; i < data.RowCount; i++)
        {
            if (cohort[i] != 0)
            {
                set.Add((int)(double.Parse(year.Levels[year.Codes[i]], System.Globalization.CultureInfo.InvariantCulture) - cohort[i]));
            }
        }

        return set;
    }

    private static (RegressionResult FixedEffects, RegressionResult RandomEffects) FeAndRe(string outcome, params string[] regressors)
    {
        var terms = regressors.Select(r => (Term)r).ToArray();
        var data = Cities.Value;
        return (Model.Regress(outcome).On(terms).Fe("city").KeepSingletons().Fit(data), Model.Regress(outcome).On(terms).RandomEffects().Fit(data));
    }

    private static string RepositoryFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ModelDsl.sln above {AppContext.BaseDirectory}; these tests read the shipped data in data/.");
    }
}
