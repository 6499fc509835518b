using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

public sealed class KernelDensityTests
{
    [Fact]
    public void SilvermanBandwidthMatchesTheRuleOfThumb()
    {
        // x = 1..10: weighted (population) sd = 2.8723, IQR (inverse-CDF quartiles 3 and 8) / 1.34 = 3.7313 → min = sd; h = 0.9 · sd · 10^(−1/5).
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var h = KernelDensity.Silverman(x, [.. x.Select(_ => 1.0)]);

        var sd = Math.Sqrt(x.Select(v => (v - 5.5) * (v - 5.5)).Sum() / 10);
        Assert.Equal(0.9 * sd * Math.Pow(10, -0.2), h, 12);
    }

    [Fact]
    public void DensityIntegratesToOneAndReflectionKeepsMassInsideTheBounds()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 400).Select(_ => Math.Pow(random.NextDouble(), 3)).ToArray();

        var (x, plain) = KernelDensity.Estimate(scores, null, 0, 1, points: 2001);
        var (_, reflected) = KernelDensity.Estimate(scores, null, 0, 1, points: 2001, bounds: (0, 1));
        var (wideX, wide) = KernelDensity.Estimate(scores, null, -2, 3, points: 5001);

        Assert.Equal(1.0, Trapezoid(wideX, wide), 3);
        Assert.Equal(1.0, Trapezoid(x, reflected), 3);
        Assert.True(Trapezoid(x, plain) < 0.97, "Without reflection some mass lies below 0.");
        Assert.True(reflected[0] > plain[0]);
    }

    [Fact]
    public void WeightsScaleTheContributionsAndZeroWeightsDropOut()
    {
        var (_, weighted) = KernelDensity.Estimate([0.2, 0.8, 0.5], [1, 3, 0], 0, 1, points: 11, bandwidth: 0.1);
        var (_, repeated) = KernelDensity.Estimate([0.2, 0.8, 0.8, 0.8], null, 0, 1, points: 11, bandwidth: 0.1);

        Assert.Equal(repeated, weighted, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    private static double Trapezoid(double[] x, double[] y) =>
        Enumerable.Range(1, x.Length - 1).Sum(i => (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2);
}
