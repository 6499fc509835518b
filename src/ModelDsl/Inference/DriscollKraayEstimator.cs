using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// Driscoll–Kraay (1998) standard errors: a Newey–West (Bartlett-kernel) sandwich over the time series of the
/// cross-sectional sums of the scores, robust to heteroskedasticity, autocorrelation and cross-sectional dependence.
/// </summary>
/// <remarks>
/// <para>With S_t = Σ_{i∈t} sᵢ the scores summed over the rows of period t (T periods in time order, the periods present
/// in the estimation sample), Γ_l = Σ_{t>l} S_t S_{t−l}' and the Bartlett weights w_l = 1 − l/(L + 1):
/// V = c · B (Γ_0 + Σ_{l=1}^{L} w_l (Γ_l + Γ_l')) B (Driscoll and Kraay 1998, Review of Economics and Statistics 80(4);
/// Hoechle 2007, Stata Journal 7(3), eq. 5–7). With absorbed fixed effects the scores are those of the demeaned
/// regression (the within estimator), as in Stata's <c>xtscc, fe</c> and plm's <c>vcovSCC</c> on a within model.</para>
/// <para>Lag: L as given, else Stata xtscc's default floor(4(T/100)^(2/9)) (Hoechle 2007, after Newey and West 1994);
/// plm's own default, floor(T^(1/4)), is obtained by passing it. L must be below T.</para>
/// <para>Small-sample factor c: by default none (plm <c>vcovSCC(type = "HC0")</c>, against which this estimator is
/// checked); a request with <see cref="SmallSampleCorrection.Stata"/> gets T/(T − 1) · (N − 1)/(N − K), T playing the
/// part of the number of clusters. t statistics use T − 1 degrees of freedom (as xtscc's tests).</para>
/// </remarks>
public sealed record DriscollKraayEstimator : IVarianceEstimator
{
    /// <summary>Creates the estimator with a Bartlett lag <paramref name="lags"/> (null for xtscc's default).</summary>
    /// <param name="lags">The lag L ≥ 0, or null.</param>
    public DriscollKraayEstimator(int? lags = null)
    {
        if (lags is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lags), lags, $"The Driscoll–Kraay lag must be 0 or more but got {lags}; leave it null for xtscc's default floor(4(T/100)^(2/9)).");
        }

        Lags = lags;
    }

    /// <summary>The Bartlett kernel's lag, or null for the default.</summary>
    public int? Lags { get; }

    /// <inheritdoc />
    public string Name => Lags is { } l ? string.Create(CultureInfo.InvariantCulture, $"driscoll-kraay(lags = {l})") : "driscoll-kraay";

    /// <summary>Stata xtscc's default lag for <paramref name="periods"/> periods: floor(4(T/100)^(2/9)).</summary>
    /// <param name="periods">T, the number of time periods.</param>
    public static int DefaultLags(int periods) => (int)Math.Floor(4 * Math.Pow(periods / 100.0, 2.0 / 9.0));

    /// <inheritdoc />
    public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Clusters.Count > 1)
        {
            throw new InvalidOperationException($"Driscoll–Kraay errors take one time variable but the request names {request.Clusters.Count}.");
        }

        var time = request.Clusters.Count == 1 ? request.Clusters[0] : null;
        var (codes, periods) = fit.TimeCodes(time);
        if (periods < 2)
        {
            throw new InvalidOperationException($"Driscoll–Kraay errors need at least 2 time periods but the estimation sample has {periods}.");
        }

        var lags = Lags ?? DefaultLags(periods);
        if (lags >= periods)
        {
            throw new InvalidOperationException($"The Driscoll–Kraay lag {lags} must be below the number of time periods ({periods}); choose a lag of at most {periods - 1}.");
        }

        fit.RequireResidualDegreesOfFreedom();
        var p = fit.Names.Count;

        // scores: T×p row-major, S_t in time order.
        var scores = fit.GroupScores(codes, periods);
        var meat = new double[p * p];
        for (var l = 0; l <= lags; l++)
        {
            var weight = 1.0 - (l / (lags + 1.0));
            for (var t = l; t < periods; t++)
            {
                var current = scores.AsSpan(t * p, p);
                var earlier = scores.AsSpan((t - l) * p, p);
                for (var a = 0; a < p; a++)
                {
                    for (var b = 0; b < p; b++)
                    {
                        // Γ_l + Γ_l' for l > 0, Γ_0 once.
                        var term = current[a] * earlier[b];
                        meat[(a * p) + b] += weight * term;
                        if (l > 0)
                        {
                            meat[(b * p) + a] += weight * term;
                        }
                    }
                }
            }
        }

        var correction = fit.Correction(request.Correction);
        var k = fit.CorrectionParameters(correction, [codes]);
        var factor = VarianceEstimators.ClusterFactor(correction, periods) * VarianceEstimators.ObservationFactor(fit, correction, k);
        var name = time is null ? "the panel's time column" : $"'{time.Name}'";
        var notes = new List<Note>
        {
            new(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Driscoll–Kraay errors over {periods} periods of {name} with Bartlett lag {lags}{(Lags is null ? " (xtscc's default floor(4(T/100)^(2/9)))" : string.Empty)}; t statistics with T − 1 = {periods - 1} degrees of freedom"), lags),
        };
        return VarianceEstimate.FromMatrix(fit, fit.Sandwich(meat, factor), periods - 1, null, notes);
    }
}
