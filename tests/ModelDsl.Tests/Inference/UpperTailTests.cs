using MathNet.Numerics.Distributions;

using ModelDsl.Inference;

namespace ModelDsl.Tests.Inference;

/// <summary><see cref="UpperTail"/>: far-tail p-values stay positive and exact where 1 − CDF rounded them to zero.</summary>
public sealed class UpperTailTests
{
    [Fact]
    public void A_chi_square_of_100_on_one_restriction_has_the_normal_tail_not_zero()
    {
        // P(χ²₁ ≥ z²) = 2Φ(−z): z = 10 gives 1.5239706595e-23.
        var p = UpperTail.ChiSquare(1, 100);

        Assert.Equal(0.0, 1 - ChiSquared.CDF(1, 100));
        Assert.Equal(2 * Normal.CDF(0, 1, -10), p, 2 * Normal.CDF(0, 1, -10) * 1e-10);
    }

    [Fact]
    public void An_F_with_one_numerator_degree_is_the_two_sided_t_tail()
    {
        foreach (var (t, df) in new[] { (1.3, 12.0), (15.0, 30.0), (40.0, 200.0) })
        {
            var expected = 2 * StudentT.CDF(0, 1, df, -t);

            Assert.Equal(expected, UpperTail.F(1, df, t * t), expected * 1e-9);
        }
    }

    [Fact]
    public void The_edges_are_one_zero_and_NaN()
    {
        Assert.Equal(1.0, UpperTail.ChiSquare(3, 0));
        Assert.Equal(1.0, UpperTail.ChiSquare(3, -2));
        Assert.Equal(1.0, UpperTail.F(2, 10, 0));
        Assert.Equal(0.0, UpperTail.F(2, 10, double.PositiveInfinity));
        Assert.True(double.IsNaN(UpperTail.ChiSquare(0, 5)));
        Assert.True(double.IsNaN(UpperTail.F(2, 0, 5)));
        Assert.True(double.IsNaN(UpperTail.ChiSquare(2, double.NaN)));
    }

    [Fact]
    public void A_Wald_test_far_in_the_tail_reports_a_positive_p_value()
    {
        var test = WaldTestResult.FromF("far", ["b = 0"], 400, 1, 50);

        Assert.True(test.ChiSquarePValue > 0);
        Assert.True(test.FPValue > 0);
        Assert.Equal(2 * StudentT.CDF(0, 1, 50, -20), test.FPValue, test.FPValue * 1e-9);
    }
}
