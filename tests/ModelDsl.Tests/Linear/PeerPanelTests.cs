using System.Globalization;
using System.Text.Json;

using ModelDsl.Data;
using ModelDsl.Results;

using Xunit.Abstractions;

namespace ModelDsl.Tests.Linear;

/// <summary>
/// The 51 Stata blocks of linearmodels' panel test suite (<c>../shared/peer/linearmodels/panel/</c>, read in place):
/// <c>regress</c>, <c>xtreg fe</c>, <c>xtreg re</c> and <c>xtreg be</c> (and <c>be wls</c>) with conventional, robust and
/// clustered errors, with and without <c>[aweight=w]</c>, on the full, light and heavy samples.
/// </summary>
/// <remarks>
/// Tolerances: coefficients 1e-8 relative (Stata prints b with 12 significant digits), standard errors 1e-6 relative
/// (sqrt of e(V), which Stata prints with 9–10 significant digits), e() scalars 1e-7 relative (printed with 11).
/// Mapping of Stata's commands: <c>xtreg, fe</c> keeps singletons (<see cref="RegressionSpecification.KeepSingletons"/>)
/// and its <c>vce(robust)</c> is clustering by the panel; <c>xtreg, re vce(robust)</c> likewise; <c>be wls</c> weights
/// each unit's means by its number of observations.
/// </remarks>
public sealed class PeerPanelTests(ITestOutputHelper output)
{
    private const double CoefficientTolerance = 1e-8;
    private const double StandardErrorTolerance = 1e-6;
    private const double ScalarTolerance = 1e-7;

    /// <summary>The folder of the peer panel fixtures; the test fails (never skips) when it is not found.</summary>
    internal static string PeerFolder() => PeerFixtures.Folder("panel");

    internal static PanelData PeerData() => PanelData.ReadCsv(Path.Combine(PeerFolder(), "simulated-panel.csv"), unit: "firm", time: "time");

    [Fact]
    public void EveryStataBlockOfThePanelSuiteIsReproduced()
    {
        var data = PeerData();
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(PeerFolder(), "expected.json")));
        var cases = document.RootElement.GetProperty("cases");
        var failures = new List<string>();
        var ran = 0;
        var total = 0;
        var worstCoefficient = 0.0;
        var worstStandardError = 0.0;
        foreach (var block in cases.EnumerateObject())
        {
            total++;
            var expected = block.Value;
            var specification = Specification(expected);
            RegressionResult fit;
            try
            {
                fit = specification.Fit(data);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                failures.Add($"{block.Name}: {e.Message}");
                continue;
            }

            ran++;
            foreach (var parameter in expected.GetProperty("params").EnumerateObject())
            {
                var name = parameter.Name == "_cons" ? RegressionResult.InterceptName : parameter.Name;
                var mine = fit[name];
                var b = parameter.Value.GetProperty("b").GetDouble();
                var se = parameter.Value.GetProperty("se").GetDouble();
                var relativeB = Relative(b, mine.Estimate);
                var relativeSe = Relative(se, mine.StandardError);
                worstCoefficient = Math.Max(worstCoefficient, relativeB);
                worstStandardError = Math.Max(worstStandardError, relativeSe);
                if (!(relativeB <= CoefficientTolerance))
                {
                    failures.Add(Invariant($"{block.Name} {name}: b {mine.Estimate:R}, Stata {b:R} (relative {relativeB:G3})"));
                }

                if (!(relativeSe <= StandardErrorTolerance))
                {
                    failures.Add(Invariant($"{block.Name} {name}: se {mine.StandardError:R}, Stata {se:R} (relative {relativeSe:G3})"));
                }
            }

            foreach (var (scalar, value) in Scalars(expected, fit))
            {
                if (expected.GetProperty("stats").GetProperty(scalar) is { ValueKind: JsonValueKind.Number } stata && !(Relative(stata.GetDouble(), value) <= ScalarTolerance))
                {
                    failures.Add(Invariant($"{block.Name} e({scalar}): {value:R}, Stata {stata.GetDouble():R}"));
                }
            }
        }

        output.WriteLine(Invariant($"Ran {ran} of {total} Stata blocks; largest relative error: coefficients {worstCoefficient:G3}, standard errors {worstStandardError:G3}."));
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
        Assert.Equal(51, total);
        Assert.Equal(total, ran);
    }

    /// <summary>The specification of a Stata block.</summary>
    internal static RegressionSpecification Specification(JsonElement block)
    {
        var suffix = block.GetProperty("suffix").GetString()!;
        var model = block.GetProperty("model").GetString()!;
        var vcov = block.GetProperty("vcov").GetString()!;
        var weights = block.GetProperty("weights").ValueKind == JsonValueKind.String ? block.GetProperty("weights").GetString() : null;
        var specification = Model.Regress("y" + suffix).On(Enumerable.Range(1, 5).Select(j => (Term)$"x{j}{suffix}").ToArray());
        specification = model switch
        {
            "pooled" => specification,
            "fixed_effect" => specification.Fe("firm").KeepSingletons(),
            "random_effect" => specification.RandomEffects(),
            "between" => specification.Between(weights == "wls" ? BetweenWeighting.ObservationCount : BetweenWeighting.None),
            _ => throw new InvalidOperationException($"Unknown model '{model}' in the peer suite."),
        };
        if (weights == "weighted")
        {
            specification = specification.Weights("w");
        }

        return vcov switch
        {
            "conventional" => specification.Vcov(Vcov.Iid),
            "robust" when model == "pooled" => specification.Vcov(Vcov.HC1),
            "robust" or "cluster" => specification.Cluster("firm"),
            _ => throw new InvalidOperationException($"Unknown variance '{vcov}' in the peer suite."),
        };
    }

    /// <summary>The e() scalars of a block that the result reports, by Stata's name.</summary>
    private static IEnumerable<(string Name, double Value)> Scalars(JsonElement block, RegressionResult fit)
    {
        var model = block.GetProperty("model").GetString()!;
        var conventional = block.GetProperty("vcov").GetString() == "conventional";
        yield return ("F", fit.FStatistic.F);
        switch (model)
        {
            case "pooled":
                yield return ("N", fit.Observations);
                yield return ("r2", fit.RSquared);
                yield return ("r2_a", fit.RSquaredAdjusted);
                yield return ("rss", fit.ResidualSumOfSquares);
                yield return ("rmse", fit.ResidualStandardError);
                yield return ("df_r", fit.InferenceDegreesOfFreedom);
                yield return ("df_m", fit.FStatistic.NumeratorDegreesOfFreedom);
                break;
            case "fixed_effect":
                yield return ("N", fit.Observations);
                yield return ("r2", fit.RSquaredWithin);
                yield return ("rss", fit.ResidualSumOfSquares);
                yield return ("sigma_e", fit.ResidualStandardError);
                yield return ("df_r", fit.InferenceDegreesOfFreedom);
                if (conventional)
                {
                    yield return ("rmse", fit.ResidualStandardError);
                }

                break;
            case "random_effect":
                yield return ("N", fit.Observations);
                yield return ("sigma_u", fit.RandomEffects!.SigmaUnit);
                yield return ("sigma_e", fit.RandomEffects!.SigmaIdiosyncratic);
                yield return ("rho", fit.RandomEffects!.Rho);
                break;
            case "between":
                yield return ("N_g", fit.Observations);
                yield return ("r2", fit.RSquared);
                yield return ("r2_a", fit.RSquaredAdjusted);
                yield return ("rss", fit.ResidualSumOfSquares);
                yield return ("rmse", fit.ResidualStandardError);
                yield return ("df_r", fit.ResidualDegreesOfFreedom);
                yield return ("df_m", fit.FStatistic.NumeratorDegreesOfFreedom);
                yield return ("N", fit.Notes.Single(n => n.Kind == NoteKind.Information && n.Message.StartsWith("Between estimator", StringComparison.Ordinal)).Count!.Value);
                break;
        }
    }

    private static double Relative(double expected, double actual) => Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The weight and between verbs' handling of bad or partial input.</summary>
public sealed class WeightsAndBetweenInputTests
{
    [Fact]
    public void RowsWithMissingOrZeroWeightLeaveWithANoteAndMatchTheFitWithoutThem()
    {
        var data = PeerPanelTests.PeerData();
        var w = data.Numeric("w").Values.ToArray();
        w[0] = double.NaN;
        w[1] = 0;
        var changed = data.WithColumn(new NumericColumn("w2", w));
        var fit = Model.Regress("y").On("x1", "x2").Weights("w2").Cluster("firm").Fit(changed);
        var kept = Enumerable.Range(2, data.RowCount - 2).ToArray();
        var reference = Model.Regress("y").On("x1", "x2").Weights("w").Cluster("firm").Fit(data.SelectRows(kept));

        var note = Assert.Single(fit.Notes, n => n.Message.Contains("missing (1) or zero (1) weight in 'w2'", StringComparison.Ordinal));
        Assert.Equal(2, note.Count);
        Assert.Equal(data.RowCount - 2, fit.Observations);
        Assert.Equal(reference["x1"].Estimate, fit["x1"].Estimate, 12);
        Assert.Equal(reference["x1"].StandardError, fit["x1"].StandardError, 12);
    }

    [Fact]
    public void ANegativeWeightIsAnErrorNamingTheRow()
    {
        var data = PeerPanelTests.PeerData();
        var w = data.Numeric("w").Values.ToArray();
        w[4] = -1;
        var error = Assert.Throws<ArgumentException>(() => Model.Regress("y").On("x1").Weights("w2").Fit(data.WithColumn(new NumericColumn("w2", w))));
        Assert.Contains("Row 5 has weight -1 in 'w2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomEffectsAndBetweenRejectWhatTheyCannotUse()
    {
        var data = PeerPanelTests.PeerData();
        Assert.Contains("Random effects take no weights", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").RandomEffects().Weights("w").Fit(data)).Message, StringComparison.Ordinal);
        Assert.Contains("takes no fixed effects", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Fe("time").Between().Fit(data)).Message, StringComparison.Ordinal);
        Assert.Contains("varies within unit", Assert.Throws<InvalidOperationException>(() => Model.Regress("y").On("x1").Between().Cluster("time").Fit(data)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BetweenIsOrdinaryLeastSquaresOnTheUnitMeans()
    {
        var data = PeerPanelTests.PeerData();
        var between = Model.Regress("y").On("x1", "x2").Between().Vcov(Vcov.HC1).Fit(data);
        Assert.Equal("be", between.Estimator);
        Assert.Equal(1000, between.Observations);

        // One row per firm holding its means: plain OLS on it gives the same numbers.
        var firm = data.Unit;
        var rows = Enumerable.Range(0, data.RowCount).GroupBy(i => firm[i]!).ToArray();
        double[] Means(string column) => rows.Select(g => g.Average(i => data.Numeric(column).Values[i])).ToArray();
        var means = new PanelData([new NumericColumn("y", Means("y")), new NumericColumn("x1", Means("x1")), new NumericColumn("x2", Means("x2"))]);
        var ols = Model.Regress("y").On("x1", "x2").Vcov(Vcov.HC1).Fit(means);
        Assert.Equal(ols["x2"].Estimate, between["x2"].Estimate, 12);
        Assert.Equal(ols["x2"].StandardError, between["x2"].StandardError, 12);
    }
}

/// <summary>Frequency weights equal the fit on the data with every row repeated w times (Stata's fweight).</summary>
public sealed class FrequencyWeightTests
{
    [Theory]
    [InlineData(false, "iid")]
    [InlineData(false, "hc1")]
    [InlineData(false, "cluster")]
    [InlineData(true, "iid")]
    [InlineData(true, "hc1")]
    [InlineData(true, "cluster")]
    public void FrequencyWeightsEqualRepeatedRows(bool fixedEffects, string variance)
    {
        var peer = PeerPanelTests.PeerData();
        var rows = Enumerable.Range(0, 600).ToArray();
        var counts = rows.Select(i => (double)(1 + (i * 7 % 3))).ToArray();
        var firm = peer.Unit;
        var x1 = peer.Numeric("x1").Values.ToArray();
        var x2 = peer.Numeric("x2").Values.ToArray();
        var y = peer.Numeric("y").Values.ToArray();
        PanelData Table(int[] which, double[] weights) => new(
        [
            CategoricalColumn.FromLabels("firm", which.Select(i => firm[i]).ToArray()),
            new NumericColumn("x1", which.Select(i => x1[i]).ToArray()),
            new NumericColumn("x2", which.Select(i => x2[i]).ToArray()),
            new NumericColumn("y", which.Select(i => y[i]).ToArray()),
            new NumericColumn("w", weights),
        ]);
        var weighted = Table(rows, counts);
        var repeated = rows.SelectMany((r, k) => Enumerable.Repeat(r, (int)counts[k])).ToArray();
        var expanded = Table(repeated, repeated.Select(_ => 1.0).ToArray());
        var vcov = variance switch { "iid" => Vcov.Iid, "hc1" => Vcov.HC1, _ => Vcov.Cluster("firm") };
        RegressionSpecification Model(bool weights)
        {
            var s = ModelDsl.Model.Regress("y").On("x1", "x2").Vcov(vcov);
            s = fixedEffects ? s.Fe("firm").KeepSingletons() : s;
            return weights ? s.Weights("w", WeightKind.Frequency) : s;
        }

        var fit = Model(true).Fit(weighted);
        var reference = Model(false).Fit(expanded);
        Assert.Equal(reference.Observations, fit.Observations);
        Assert.Equal(reference.ResidualDegreesOfFreedom, fit.ResidualDegreesOfFreedom);
        foreach (var name in new[] { "x1", "x2", RegressionResult.InterceptName })
        {
            Assert.Equal(reference[name].Estimate, fit[name].Estimate, 1e-10);
            Assert.True(Math.Abs(reference[name].StandardError - fit[name].StandardError) <= 1e-9 * reference[name].StandardError, $"{name}: {fit[name].StandardError:R} against {reference[name].StandardError:R}");
        }

        Assert.Equal(reference.RSquared, fit.RSquared, 10);
        Assert.Equal(reference.FStatistic.F, fit.FStatistic.F, 8);
        Assert.Contains("Frequency weights count observations", Assert.Throws<ArgumentException>(() => Model(true).Fit(Table(rows, counts.Select(c => c + 0.5).ToArray()))).Message, StringComparison.Ordinal);
    }
}
