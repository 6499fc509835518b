namespace ModelDsl.Estimation;

/// <summary>The link of a binary-choice model: the distribution function F in P(y = 1 | x) = F(x'β).</summary>
public enum BinaryLink
{
    /// <summary>The logistic distribution, F(η) = 1 / (1 + e^(−η)).</summary>
    Logit,

    /// <summary>The standard normal distribution, F(η) = Φ(η).</summary>
    Probit,
}

/// <summary>
/// Numerically stable pieces of the logit and probit likelihoods, per observation.
/// </summary>
/// <remarks>
/// With q = 2y − 1 and z = qη, both links are symmetric (F(−η) = 1 − F(η)), so the log-likelihood
/// contribution is log F(z), the score factor (∂ℓ/∂η) is q·λ(z) with λ = f/F, and the negative second
/// derivative is w = λ(z)·(λ(z) + z) for probit and F(η)(1 − F(η)) for logit (observed information).
/// The logit uses log1p on the side that cannot overflow; the probit evaluates Φ through erfc and switches to
/// the asymptotic Mills-ratio series below z = −30, where Φ underflows relative precision
/// (Abramowitz &amp; Stegun 1964, 26.2.12).
/// </remarks>
internal static class BinaryLinkFunctions
{
    private const double InverseSqrtTwo = 0.70710678118654752440;
    private const double LogSqrtTwoPi = 0.91893853320467274178;
    private const double TailThreshold = -30.0;

    /// <summary>F(η), the probability that y = 1.</summary>
    public static double Cdf(BinaryLink link, double eta) => link switch
    {
        BinaryLink.Logit => eta >= 0 ? 1.0 / (1.0 + Math.Exp(-eta)) : Math.Exp(eta) / (1.0 + Math.Exp(eta)),
        _ => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-eta * InverseSqrtTwo),
    };

    /// <summary>f(η), the density of the link at η.</summary>
    public static double Density(BinaryLink link, double eta)
    {
        if (link == BinaryLink.Logit)
        {
            var e = Math.Exp(-Math.Abs(eta));
            return e / ((1.0 + e) * (1.0 + e));
        }

        return Math.Exp(-0.5 * eta * eta - LogSqrtTwoPi);
    }

    /// <summary>f'(η), the derivative of the density (needed by the delta method for marginal effects).</summary>
    public static double DensityDerivative(BinaryLink link, double eta)
    {
        if (link == BinaryLink.Logit)
        {
            var p = Cdf(link, eta);
            return Density(link, eta) * (1.0 - 2.0 * p);
        }

        return -eta * Density(link, eta);
    }

    /// <summary>log F(z).</summary>
    public static double LogCdf(BinaryLink link, double z)
    {
        if (link == BinaryLink.Logit)
        {
            // log F(z) = −log(1 + e^(−z)).
            return z >= 0 ? -Log1P(Math.Exp(-z)) : z - Log1P(Math.Exp(z));
        }

        if (z > TailThreshold)
        {
            return Math.Log(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z * InverseSqrtTwo));
        }

        return -0.5 * z * z - LogSqrtTwoPi - Math.Log(-z) + Math.Log(TailSeries(z));
    }

    /// <summary>λ(z) = f(z)/F(z) (the inverse Mills ratio for probit; 1 − F(z) for logit).</summary>
    public static double Mills(BinaryLink link, double z)
    {
        if (link == BinaryLink.Logit)
        {
            return Cdf(link, -z);
        }

        if (z > TailThreshold)
        {
            return Density(link, z) / (0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z * InverseSqrtTwo));
        }

        return -z / TailSeries(z);
    }

    /// <summary>
    /// The log-likelihood contribution, the score factor ∂ℓ/∂η and the weight −∂²ℓ/∂η² of one observation.
    /// </summary>
    public static (double LogLikelihood, double Score, double Weight) Contribution(BinaryLink link, double y, double eta)
    {
        var q = y > 0.5 ? 1.0 : -1.0;
        var z = q * eta;
        var logLikelihood = LogCdf(link, z);
        var lambda = Mills(link, z);
        if (link == BinaryLink.Logit)
        {
            var p = Cdf(link, eta);
            return (logLikelihood, q * lambda, p * (1.0 - p));
        }

        return (logLikelihood, q * lambda, lambda * (lambda + z));
    }

    /// <summary>log(1 + x), accurate for small x (Goldberg 1991: log(u)·x/(u − 1) with u = 1 + x).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    // 1 − 1/z² + 3/z⁴ − 15/z⁶ + 105/z⁸ − 945/z¹⁰: Φ(z) ≈ φ(z)/(−z) · series for z ≪ 0.
    private static double TailSeries(double z)
    {
        var r = 1.0 / (z * z);
        return 1.0 - r * (1.0 - r * (3.0 - r * (15.0 - r * (105.0 - r * 945.0))));
    }
}
