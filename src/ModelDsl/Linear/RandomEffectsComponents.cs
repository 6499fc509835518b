namespace ModelDsl.Results;

/// <summary>The variance components of a random-effects model (Swamy–Arora).</summary>
/// <param name="SigmaUnit">σ_u, the standard deviation of the unit effect.</param>
/// <param name="SigmaIdiosyncratic">σ_e, the standard deviation of the idiosyncratic error.</param>
/// <param name="ThetaMinimum">The smallest quasi-demeaning weight θ_i over units.</param>
/// <param name="ThetaMaximum">The largest θ_i (equal to the minimum in a balanced panel).</param>
public sealed record RandomEffectsComponents(double SigmaUnit, double SigmaIdiosyncratic, double ThetaMinimum, double ThetaMaximum)
{
    /// <summary>ρ = σ_u² / (σ_u² + σ_e²), the share of the variance due to the unit effect.</summary>
    public double Rho => SigmaUnit * SigmaUnit / ((SigmaUnit * SigmaUnit) + (SigmaIdiosyncratic * SigmaIdiosyncratic));
}
