using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>What the diagnostics must say about strong, irrelevant and invalid instruments (simulated, seeded).</summary>
public sealed class PropertyTests
{
    private static readonly int[] Seeds = Enumerable.Range(100, 20).ToArray();

    [Theory]
    [InlineData(InstrumentVarianceKind.Unadjusted)]
    [InlineData(InstrumentVarianceKind.Robust)]
    [InlineData(InstrumentVarianceKind.Cluster)]
    public void StrongInstrumentsAreStrongAndTheSetIsAnIntervalAroundTheTruth(InstrumentVarianceKind kind)
    {
        var covered = 0;
        foreach (var seed in Seeds)
        {
            var input = Simulated.Data(seed, 600, 1, 3, 0.6, heteroskedastic: kind == InstrumentVarianceKind.Robust, clusters: kind == InstrumentVarianceKind.Cluster ? 60 : 0);
            var result = InstrumentDiagnostics.Compute(input);

            Assert.True(result.FirstStages[0].F.Statistic > 30, $"seed {seed}: first-stage F {result.FirstStages[0].F.Statistic}");
            Assert.True(result.WeakIdentification.Statistic > result.StockYogo.Size10!.Value, $"seed {seed}: weak-identification F {result.WeakIdentification.Statistic} below the 10% size value");
            Assert.True(result.Underidentification.PValue < 1e-6, $"seed {seed}: underidentification p {result.Underidentification.PValue}");
            Assert.True(result.AndersonRubinF.PValue < 1e-6, $"seed {seed}: AR test of beta = 0 does not reject");

            // The AR test is joint (β and the overidentifying restrictions): a draw where those reject by chance can
            // leave no β accepted, and the set is then honestly empty.
            var set = result.AndersonRubinSet!;
            Assert.True(set.Shape is ConfidenceSetShape.Interval or ConfidenceSetShape.Empty, $"seed {seed}: {set}");
            Assert.True(set.Shape == ConfidenceSetShape.Interval || result.Overidentification.PValue < 0.05, $"seed {seed}: empty set without an overidentification rejection");

            // The set (its fast quadratic path) and the AR test at the true β (the Wald path) agree.
            var atTruth = InstrumentDiagnostics.Compute(input with { AndersonRubinNull = [Simulated.Beta] });
            Assert.Equal(atTruth.AndersonRubinF.Statistic <= set.CriticalValue, set.Contains(Simulated.Beta));
            covered += set.Contains(Simulated.Beta) ? 1 : 0;
        }

        // 95% sets: at least 16 of 20 cover the true β (P(fewer) < 0.02 under correct coverage).
        Assert.True(covered >= 16, $"Only {covered} of {Seeds.Length} Anderson-Rubin sets cover the true coefficient.");
    }

    [Fact]
    public void IrrelevantInstrumentsAreWeakAndTheSetIsUnbounded()
    {
        var unbounded = 0;
        var rejected = 0;
        foreach (var seed in Seeds)
        {
            var result = InstrumentDiagnostics.Compute(Simulated.Data(seed, 600, 1, 3, 0.0));

            Assert.True(result.FirstStages[0].F.Statistic < 10, $"seed {seed}: first-stage F {result.FirstStages[0].F.Statistic} with irrelevant instruments");
            Assert.True(result.CraggDonaldF.Statistic < result.StockYogo.Size25!.Value * 2);
            rejected += result.Underidentification.PValue < 0.05 ? 1 : 0;
            var shape = result.AndersonRubinSet!.Shape;
            unbounded += shape is ConfidenceSetShape.TwoRays or ConfidenceSetShape.WholeLine ? 1 : 0;
        }

        // Irrelevant instruments: the underidentification test rejects at about its size, and the AR set is unbounded
        // whenever the first-stage F is below its critical value (nearly always).
        Assert.True(rejected <= 4, $"{rejected} of {Seeds.Length} underidentification tests reject with irrelevant instruments.");
        Assert.True(unbounded >= 17, $"Only {unbounded} of {Seeds.Length} Anderson-Rubin sets are unbounded with irrelevant instruments.");
    }

    [Fact]
    public void AnInvalidInstrumentIsCaughtByTheOveridentificationTest()
    {
        var valid = 0;
        var caught = 0;
        foreach (var seed in Seeds)
        {
            valid += InstrumentDiagnostics.Compute(Simulated.Data(seed, 600, 1, 3, 0.6)).Overidentification.PValue < 0.05 ? 1 : 0;
            var robust = Simulated.Data(seed, 600, 1, 3, 0.6, heteroskedastic: true, invalid: 0.5);
            caught += InstrumentDiagnostics.Compute(robust).Overidentification.PValue < 0.05 ? 1 : 0;
        }

        Assert.True(valid <= 4, $"Sargan rejects valid instruments {valid} times of {Seeds.Length}.");
        Assert.True(caught >= 18, $"Hansen J catches an invalid instrument only {caught} times of {Seeds.Length}.");
    }

    [Fact]
    public void MultipleEndogenousRegressorsGetConditionalFAndNoConfidenceSet()
    {
        var strong = InstrumentDiagnostics.Compute(Simulated.Data(200, 800, 2, 4, 0.6));

        Assert.Null(strong.AndersonRubinSet);
        Assert.Contains("one endogenous regressor", strong.AndersonRubinSetReason, StringComparison.Ordinal);
        Assert.All(strong.FirstStages, s => Assert.True(s.SandersonWindmeijer.Statistic > 10, $"{s.Endogenous}: SW F {s.SandersonWindmeijer.Statistic}"));
        Assert.All(strong.FirstStages, s => Assert.Equal(3, s.SandersonWindmeijer.DegreesOfFreedom));
        Assert.NotNull(strong.StockYogo.RelativeBias10);
        Assert.NotNull(strong.StockYogo.Size10);

        // The second regressor loses its own instruments: both load on all instruments alike, so it is not separately identified.
        var input = Simulated.Data(201, 800, 2, 4, 0.6);
        var x = (double[,])input.Endogenous.Clone();
        var z = input.ExcludedInstruments;
        var random = new Random(5);
        for (var i = 0; i < 800; i++)
        {
            x[i, 1] = (0.5 * x[i, 0]) + (0.01 * (random.NextDouble() - 0.5)) + (0.0 * z[i, 0]);
        }

        var weak = InstrumentDiagnostics.Compute(input with { Endogenous = x });
        Assert.True(weak.FirstStages[1].SandersonWindmeijer.Statistic < strong.FirstStages[1].SandersonWindmeijer.Statistic / 10, "conditional F of a regressor that is not separately identified");
        Assert.True(weak.CraggDonaldF.Statistic < strong.CraggDonaldF.Statistic / 10);
    }
}
