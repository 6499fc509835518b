using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>Identities that must hold exactly, on simulated data (each one computed along an independent path).</summary>
public sealed class IdentityTests
{
    private const double Exact = 1e-9;

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(2, 2, 4)]
    [InlineData(3, 3, 5)]
    public void UnderIidErrorsTheRankStatisticsAreAndersonAndCraggDonald(int seed, int endogenous, int instruments)
    {
        var result = InstrumentDiagnostics.Compute(Simulated.Data(seed, 400, endogenous, instruments, 0.4));

        DiagnosticsFixture.Close(result.AndersonLm.Statistic, result.KleibergenPaapLm.Statistic, Exact, "KP rk LM = Anderson LM");
        DiagnosticsFixture.Close(result.CraggDonaldF.Statistic, result.KleibergenPaapWaldF.Statistic, Exact, "KP rk Wald F = Cragg-Donald F");
        Assert.Equal(instruments - endogenous + 1, result.AndersonLm.DegreesOfFreedom);
        Assert.Same(result.AndersonLm, result.Underidentification);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, 3)]
    public void WithOneEndogenousRegressorCraggDonaldIsTheFirstStageF(int seed, int instruments)
    {
        var result = InstrumentDiagnostics.Compute(Simulated.Data(seed, 300, 1, instruments, 0.3));

        DiagnosticsFixture.Close(result.FirstStages[0].FUnadjusted.Statistic, result.CraggDonaldF.Statistic, Exact, "Cragg-Donald F = first-stage F");
        DiagnosticsFixture.Close(result.FirstStages[0].F.Statistic, result.FirstStages[0].SandersonWindmeijer.Statistic, Exact, "SW F = first-stage F when k1 = 1");
    }

    [Fact]
    public void HansenJWithTheHomoskedasticWeightIsSargan()
    {
        var input = Simulated.Data(6, 500, 1, 3, 0.5);
        var sargan = InstrumentDiagnostics.Compute(input).Overidentification;
        var d = new DiagnosticKernels(input);
        var x = d.X1.Append(d.X2);
        var z = d.Z1.Append(d.X2);
        var e = InstrumentDiagnosticsCalculator.TwoStageResiduals(d, x, z);

        var j = InstrumentDiagnosticsCalculator.JStatistic(d, z, x, InstrumentDiagnosticsCalculator.MomentCovariance(d, z, e, unadjusted: true));

        Assert.Equal("Sargan statistic", sargan.Name);
        DiagnosticsFixture.Close(sargan.Statistic, j, Exact, "Hansen J (iid weight) = Sargan");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AndersonRubinWithOneInstrumentIsTheSquaredReducedFormT(bool robust)
    {
        var input = Simulated.Data(7, 250, 1, 1, 0.5, heteroskedastic: robust);
        var result = InstrumentDiagnostics.Compute(input);

        // Reduced form y on [z, 1, w] by OLS, written out: t of z with s²(X'X)⁻¹ or the HC1 sandwich.
        var x = Matrix<double>.Build.DenseOfArray(input.ExcludedInstruments).Append(Matrix<double>.Build.DenseOfArray(input.Exogenous));
        var y = Vector<double>.Build.DenseOfEnumerable(input.Outcome);
        var xtxInverse = (x.Transpose() * x).Inverse();
        var b = xtxInverse * x.Transpose() * y;
        var e = y - (x * b);
        var n = x.RowCount;
        var k = x.ColumnCount;
        var variance = robust
            ? xtxInverse * (x.Transpose() * Matrix<double>.Build.DenseOfDiagonalVector(e.PointwiseMultiply(e)) * x) * xtxInverse * ((double)n / (n - k))
            : xtxInverse * (e.DotProduct(e) / (n - k));
        var t = b[0] / Math.Sqrt(variance[0, 0]);

        DiagnosticsFixture.Close(t * t, result.AndersonRubinF.Statistic, Exact, "AR F = reduced-form t squared");
        Assert.Equal(n - k, result.AndersonRubinF.DenominatorDegreesOfFreedom);
    }

    [Fact]
    public void UnderIidErrorsDurbinIsTheCStatistic()
    {
        var result = InstrumentDiagnostics.Compute(Simulated.Data(8, 400, 2, 4, 0.4));

        DiagnosticsFixture.Close(result.Durbin.Statistic, result.Endogeneity.Statistic, Exact, "Durbin = C statistic (iid)");
        Assert.Equal(2, result.Endogeneity.DegreesOfFreedom);
    }

    [Theory]
    [InlineData(InstrumentVarianceKind.Unadjusted)]
    [InlineData(InstrumentVarianceKind.Robust)]
    [InlineData(InstrumentVarianceKind.Cluster)]
    [InlineData(InstrumentVarianceKind.Hac)]
    public void PartiallingOutTheConstantBeforehandWithAbsorbedDegreesOfFreedomChangesNothing(InstrumentVarianceKind kind)
    {
        // The ivreghdfe path: demeaned data, no constant, the constant counted in AbsorbedDegreesOfFreedom.
        var input = Simulated.Data(9, 360, 1, 3, 0.3, clusters: 40) with
        {
            Weights = Enumerable.Range(0, 360).Select(i => 1.0 + (i % 3)).ToArray(),
        };
        var codes = Enumerable.Range(0, 360).Select(i => i % 40).ToArray();
        input = input with
        {
            Variance = kind switch
            {
                InstrumentVarianceKind.Unadjusted => InstrumentVariance.Unadjusted,
                InstrumentVarianceKind.Robust => InstrumentVariance.Robust,
                InstrumentVarianceKind.Cluster => InstrumentVariance.Cluster(codes),
                _ => InstrumentVariance.Hac(4),
            },
        };
        var full = InstrumentDiagnostics.Compute(input);
        var demeaned = InstrumentDiagnostics.Compute(Simulated.Demeaned(input));

        DiagnosticsFixture.Close(full.FirstStages[0].F.Statistic, demeaned.FirstStages[0].F.Statistic, Exact, "first-stage F");
        DiagnosticsFixture.Close(full.FirstStages[0].PartialRSquared, demeaned.FirstStages[0].PartialRSquared, Exact, "partial R2");
        DiagnosticsFixture.Close(full.CraggDonaldF.Statistic, demeaned.CraggDonaldF.Statistic, Exact, "Cragg-Donald F");
        DiagnosticsFixture.Close(full.KleibergenPaapLm.Statistic, demeaned.KleibergenPaapLm.Statistic, Exact, "KP LM");
        DiagnosticsFixture.Close(full.KleibergenPaapWaldF.Statistic, demeaned.KleibergenPaapWaldF.Statistic, Exact, "KP Wald F");
        DiagnosticsFixture.Close(full.AndersonRubinF.Statistic, demeaned.AndersonRubinF.Statistic, Exact, "AR F");
        DiagnosticsFixture.Close(full.Overidentification.Statistic, demeaned.Overidentification.Statistic, Exact, "Sargan / J");
        DiagnosticsFixture.Close(full.Endogeneity.Statistic, demeaned.Endogeneity.Statistic, Exact, "C statistic");
        DiagnosticsFixture.Close(full.WuHausman.Statistic, demeaned.WuHausman.Statistic, Exact, "Wu-Hausman F");
        Assert.Equal(full.FirstStages[0].F.DenominatorDegreesOfFreedom, demeaned.FirstStages[0].F.DenominatorDegreesOfFreedom);
        Assert.Equal(full.WuHausman.DenominatorDegreesOfFreedom, demeaned.WuHausman.DenominatorDegreesOfFreedom);
    }

    [Fact]
    public void TheIidConfidenceSetIsTheRootsOfTheQuadratic()
    {
        // Weak instrument: the set is two rays or the whole line; strong: an interval. Under iid errors AR F(β) ≤ c is
        // q(β) = (RSS_r(β) − RSS_u(β)) − c·l₁/df₂·RSS_u(β) ≤ 0 with both sums quadratic in β: solve it in closed form.
        var shapes = new HashSet<ConfidenceSetShape>();
        foreach (var (seed, strength) in new[] { (10, 0.5), (11, 0.05), (12, 0.12), (13, 0.0), (14, 0.02) })
        {
            var input = Simulated.Data(seed, 200, 1, 2, strength);
            var result = InstrumentDiagnostics.Compute(input);
            var set = result.AndersonRubinSet!;
            shapes.Add(set.Shape);
            var d = new DiagnosticKernels(input);
            var p = d.Z1p * DiagnosticKernels.SymmetricInverse(d.Azz) * d.Z1p.Transpose();
            var ry = d.Yp;
            var rx = d.X1p.Column(0);
            var c = set.CriticalValue * d.L1 / d.FDenominator;
            double Explained(Vector<double> a, Vector<double> b) => a.DotProduct(p * b);
            double Total(Vector<double> a, Vector<double> b) => a.DotProduct(b);

            // q(β) = A β² + B β + C
            var qa = Explained(rx, rx) - (c * (Total(rx, rx) - Explained(rx, rx)));
            var qb = -2 * (Explained(ry, rx) - (c * (Total(ry, rx) - Explained(ry, rx))));
            var qc = Explained(ry, ry) - (c * (Total(ry, ry) - Explained(ry, ry)));
            var discriminant = (qb * qb) - (4 * qa * qc);
            if (discriminant < 0)
            {
                Assert.Equal(qa < 0 ? ConfidenceSetShape.WholeLine : ConfidenceSetShape.Empty, set.Shape);
                continue;
            }

            var r1 = (-qb - Math.Sqrt(discriminant)) / (2 * qa);
            var r2 = (-qb + Math.Sqrt(discriminant)) / (2 * qa);
            var (low, high) = (Math.Min(r1, r2), Math.Max(r1, r2));
            if (qa > 0)
            {
                Assert.Equal(ConfidenceSetShape.Interval, set.Shape);
                DiagnosticsFixture.Close(low, set.Intervals[0].Lower, 1e-9, $"seed {seed} lower");
                DiagnosticsFixture.Close(high, set.Intervals[0].Upper, 1e-9, $"seed {seed} upper");
            }
            else
            {
                Assert.Equal(ConfidenceSetShape.TwoRays, set.Shape);
                DiagnosticsFixture.Close(low, set.Intervals[0].Upper, 1e-9, $"seed {seed} lower ray");
                DiagnosticsFixture.Close(high, set.Intervals[1].Lower, 1e-9, $"seed {seed} upper ray");
            }
        }

        Assert.Contains(ConfidenceSetShape.Interval, shapes);
        Assert.True(shapes.Contains(ConfidenceSetShape.TwoRays) || shapes.Contains(ConfidenceSetShape.WholeLine), "No weak-instrument draw gave an unbounded set: " + string.Join(", ", shapes));
    }
}
