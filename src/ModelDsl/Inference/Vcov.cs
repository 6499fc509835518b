using ModelDsl.Inference;

namespace ModelDsl;

/// <summary>The family of a variance estimator.</summary>
public enum VcovKind
{
    /// <summary>Homoskedastic, independent errors: σ̂²(X'X)⁻¹.</summary>
    Iid,

    /// <summary>Heteroskedasticity-robust (White / Eicker–Huber), corrected by N/(N−K) under the default correction.</summary>
    HC1,

    /// <summary>Cluster-robust, one-way or multi-way (Cameron–Gelbach–Miller).</summary>
    Cluster,

    /// <summary>An estimator outside the built-in table, carried by the request (<see cref="Vcov.Using(IVarianceEstimator)"/>).</summary>
    Custom,

    /// <summary>
    /// Heteroskedasticity- and autocorrelation-consistent (Newey–West): Bartlett kernel weights 1 − j/(L + 1) on the
    /// score autocovariances of lags j = 1 … L, rows in time order (<see cref="Vcov.Hac(int, string?)"/>).
    /// </summary>
    Hac,

    /// <summary>Driscoll–Kraay: robust to heteroskedasticity, serial and cross-sectional correlation (<see cref="Vcov.DriscollKraay(int?)"/>).</summary>
    DriscollKraay,

    /// <summary>The wild cluster bootstrap: p-values and intervals by bootstrap test inversion (<see cref="Vcov.WildBootstrap(string, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/>).</summary>
    WildBootstrap,
}

/// <summary>
/// How the variance of the coefficients is estimated: iid, heteroskedasticity-robust (HC1) or
/// cluster-robust (one- or two-way), each with an explicit <see cref="SmallSampleCorrection"/>.
/// </summary>
/// <remarks>
/// <para>iid: V = σ̂² (X'X)⁻¹ with σ̂² = e'e / (N − K), K counting every estimated parameter (slopes, the
/// constant and the fixed-effect degrees of freedom); the correction does not apply.</para>
/// <para>HC1 and cluster: V = c · (X'X)⁻¹ (Σ_g s_g s_g') (X'X)⁻¹ with s_g = Σ_{i∈g} x_i e_i (each
/// observation is its own cluster for HC1) and c from <see cref="SmallSampleCorrection"/>; the default
/// gives Stata's <c>regress, vce(robust)</c> N/(N−K) for HC1 and Stata / reghdfe / fixest's
/// G/(G−1)·(N−1)/(N−K) for clusters (Cameron and Miller 2015, §VI.B; Correia 2016; Bergé 2018).</para>
/// <para>Two-way clustering follows Cameron, Gelbach and Miller (2011): V = V₁ + V₂ − V₁₂, V₁₂ clustered
/// by the intersection of the two variables.</para>
/// <para>A request carries the <see cref="IVarianceEstimator"/> that computes it (<see cref="Estimator"/>): the built-in
/// kinds take theirs from <see cref="VarianceEstimators"/>, <see cref="Using(IVarianceEstimator)"/> carries any
/// other. Model estimators ask it for the variance and hand the result to the fitted model.</para>
/// </remarks>
public sealed record Vcov
{
    private Vcov(VcovKind kind, IReadOnlyList<ColumnTerm> clusters, SmallSampleCorrection correction, bool eigenvalueFix, IVarianceEstimator estimator, int lags = 0, ColumnTerm? time = null)
    {
        Lags = lags;
        TimeVariable = time;
        Kind = kind;
        Clusters = clusters;
        Correction = correction;
        EigenvalueFix = eigenvalueFix;
        Estimator = estimator;
    }

    /// <summary>Homoskedastic, independent errors.</summary>
    public static Vcov Iid { get; } = new(VcovKind.Iid, [], SmallSampleCorrection.Default, false, VarianceEstimators.Iid);

    /// <summary>Heteroskedasticity-robust errors with the HC1 correction N/(N−K).</summary>
    public static Vcov HC1 { get; } = new(VcovKind.HC1, [], SmallSampleCorrection.Default, false, VarianceEstimators.HC1);

    /// <summary>The estimator family.</summary>
    public VcovKind Kind { get; }

    /// <summary>The estimator that computes this request.</summary>
    public IVarianceEstimator Estimator { get; }

    /// <summary>The cluster variables (one for one-way, two for two-way clustering); empty otherwise.</summary>
    public IReadOnlyList<ColumnTerm> Clusters { get; }

    /// <summary>The small-sample correction applied to HC1 and cluster-robust estimates.</summary>
    public SmallSampleCorrection Correction { get; init; }

    /// <summary>
    /// For multi-way clustering: replace negative eigenvalues of V₁ + V₂ − V₁₂ by zero (Cameron, Gelbach
    /// and Miller 2011, §2.3) so that every standard error exists. Off by default, as in fixest.
    /// </summary>
    public bool EigenvalueFix { get; init; }

    /// <summary>The Bartlett bandwidth L (the number of lags whose autocovariances enter) of a <see cref="VcovKind.Hac"/> request; 0 otherwise.</summary>
    public int Lags { get; }

    /// <summary>The variable that orders the rows of a <see cref="VcovKind.Hac"/> request (null: the data's row order).</summary>
    public ColumnTerm? TimeVariable { get; }

    /// <summary>A short description: <c>iid</c>, <c>hc1</c>, <c>cluster(city)</c>, <c>cluster(city, year)</c>.</summary>
    /// <remarks>A <see cref="VcovKind.Custom"/> request shows its estimator's name, with the cluster variables in parentheses when it has any.</remarks>
    public string Description => Kind switch
    {
        VcovKind.Iid => "iid",
        VcovKind.HC1 => "hc1",
        VcovKind.Custom when Clusters.Count == 0 => Estimator.Name,
        VcovKind.Custom => $"{Estimator.Name}({string.Join(", ", Clusters.Select(c => c.Name))})",
        VcovKind.Hac => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"hac(bartlett, {Lags}{(TimeVariable is null ? string.Empty : ", " + TimeVariable.Name)})"),
        VcovKind.DriscollKraay when Clusters.Count == 0 => Estimator.Name,
        VcovKind.DriscollKraay => $"{Estimator.Name}({string.Join(", ", Clusters.Select(c => c.Name))})",
        VcovKind.WildBootstrap => $"{Estimator.Name}({string.Join(", ", Clusters.Select(c => c.Name))}; {(Estimator as WildClusterBootstrap)?.Method})",
        _ => $"cluster({string.Join(", ", Clusters.Select(c => c.Name))})",
    };

    /// <summary>Cluster-robust errors by one variable, or two-way by two variables.</summary>
    public static Vcov Cluster(params string[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Cluster(variables.Select(v => new ColumnTerm(v)).ToArray());
    }

    /// <summary>Cluster-robust errors by one variable, or two-way by two variables (typed path).</summary>
    public static Vcov Cluster(params ColumnTerm[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Length is < 1 or > 2)
        {
            throw new ArgumentException(
                $"Clustering takes one or two variables but got {variables.Length}; use Cluster(\"city\") or Cluster(\"city\", \"year\").",
                nameof(variables));
        }

        if (variables.Length == 2 && variables[0].ColumnName == variables[1].ColumnName)
        {
            throw new ArgumentException($"Two-way clustering needs two different variables but got '{variables[0].ColumnName}' twice.", nameof(variables));
        }

        return new Vcov(VcovKind.Cluster, variables.ToArray(), SmallSampleCorrection.Default, false, VarianceEstimators.Cluster);
    }

    /// <summary>
    /// A request computed by <paramref name="estimator"/> (a variance estimator outside the built-in table), with the
    /// cluster variables it needs; rows where a cluster variable is missing leave the estimation sample, as for
    /// <see cref="Cluster(string[])"/>.
    /// </summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="clusters">Zero, one or two cluster variables whose codes the estimator reads (<see cref="VarianceInput.ClusterCodes"/>).</param>
    public static Vcov Using(IVarianceEstimator estimator, params string[] clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return Using(estimator, clusters.Select(c => new ColumnTerm(c)).ToArray());
    }

    /// <summary>A request computed by <paramref name="estimator"/> that reads no cluster variable.</summary>
    /// <param name="estimator">The estimator.</param>
    public static Vcov Using(IVarianceEstimator estimator) => Using(estimator, Array.Empty<ColumnTerm>());

    /// <summary>A request computed by <paramref name="estimator"/>, with cluster variables (typed path).</summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="clusters">Zero, one or two cluster variables.</param>
    public static Vcov Using(IVarianceEstimator estimator, params ColumnTerm[] clusters)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(clusters);
        if (string.IsNullOrWhiteSpace(estimator.Name))
        {
            throw new ArgumentException("A variance estimator needs a name for tables and JSON; its Name is empty.", nameof(estimator));
        }

        if (clusters.Length > 2)
        {
            throw new ArgumentException($"A variance estimator reads at most two cluster variables but got {clusters.Length}.", nameof(clusters));
        }

        if (clusters.Length == 2 && clusters[0].ColumnName == clusters[1].ColumnName)
        {
            throw new ArgumentException($"Two cluster variables must differ but got '{clusters[0].ColumnName}' twice.", nameof(clusters));
        }

        return new Vcov(VcovKind.Custom, clusters.ToArray(), SmallSampleCorrection.Default, false, estimator);
    }

    /// <summary>
    /// Heteroskedasticity- and autocorrelation-consistent errors (Newey and West 1987): the Bartlett kernel with bandwidth
    /// <paramref name="lags"/>, Stata's <c>vce(hac bartlett L)</c> / <c>vce(hac nwest L)</c>.
    /// </summary>
    /// <remarks>
    /// The meat is Γ₀ + Σ_{j=1..L} (1 − j/(L + 1)) (Γ_j + Γ_j'), Γ_j = Σ_t s_t s_{t−j}' over the score rows in time order:
    /// the order of <paramref name="time"/> (a numeric column with one row per period in the estimation sample), or
    /// the data's row order when it is null (Stata's <c>tsset</c> order for data sorted by time). The instrumental-variables
    /// family computes it; least-squares and maximum-likelihood fits report that they do not offer it yet.
    /// <see cref="NeweyWestLags(int)"/> gives the Newey–West (1994) rule-of-thumb bandwidth.
    /// </remarks>
    /// <param name="lags">The bandwidth L ≥ 0 (0 gives the heteroskedasticity-robust meat).</param>
    /// <param name="time">The column that orders the rows, or null for the data's row order.</param>
    public static Vcov Hac(int lags, string? time = null)
    {
        if (lags < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lags), lags, $"The HAC bandwidth must be 0 or more lags but got {lags}; for example Vcov.Hac(4), or Vcov.NeweyWestLags(n) for the rule of thumb.");
        }

        return new Vcov(VcovKind.Hac, [], SmallSampleCorrection.Default, false, VarianceEstimators.Hac, lags, time is null ? null : new ColumnTerm(time));
    }

    /// <summary>The Newey–West (1994) rule-of-thumb Bartlett bandwidth for <paramref name="observations"/> rows: ⌊4 (N/100)^(2/9)⌋.</summary>
    /// <param name="observations">The number of rows N (at least 1).</param>
    public static int NeweyWestLags(int observations)
        => observations >= 1
            ? (int)Math.Floor(4 * Math.Pow(observations / 100.0, 2.0 / 9.0))
            : throw new ArgumentOutOfRangeException(nameof(observations), observations, "The number of observations must be at least 1.");

    /// <summary>
    /// Driscoll–Kraay (1998) errors over the panel's time column: robust to heteroskedasticity, autocorrelation up to
    /// <paramref name="lags"/> periods and any correlation across units within and between nearby periods.
    /// </summary>
    /// <param name="lags">The Bartlett kernel's lag L; null for Stata xtscc's default floor(4(T/100)^(2/9)).</param>
    /// <remarks>See <see cref="DriscollKraayEstimator"/> for the formula and conventions. The default correction is none
    /// (HC0, plm's <c>vcovSCC</c> default); <c>.With(SmallSampleCorrection.Stata)</c> multiplies by T/(T − 1)·(N − 1)/(N − K).</remarks>
    public static Vcov DriscollKraay(int? lags = null)
        => new(VcovKind.DriscollKraay, [], SmallSampleCorrection.None, false, new DriscollKraayEstimator(lags));

    /// <summary>Driscoll–Kraay errors over the time variable <paramref name="time"/> (see <see cref="DriscollKraay(int?)"/>).</summary>
    /// <param name="time">The time column (a categorical column or integer periods such as years).</param>
    /// <param name="lags">The Bartlett kernel's lag; null for xtscc's default.</param>
    public static Vcov DriscollKraay(string time, int? lags = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(time);
        return new(VcovKind.DriscollKraay, [new ColumnTerm(time)], SmallSampleCorrection.None, false, new DriscollKraayEstimator(lags));
    }

    /// <summary>
    /// The wild cluster bootstrap by <paramref name="cluster"/>: every coefficient's p-value and confidence interval come
    /// from <paramref name="draws"/> bootstrap t statistics (test inversion for the interval), computed by the fast
    /// cluster-level algorithm of Roodman, MacKinnon, Nielsen and Webb (2019).
    /// </summary>
    /// <param name="cluster">The cluster variable (one-way clustering).</param>
    /// <param name="draws">The number of bootstrap draws B (9,999 by default); with Rademacher weights and 2^G ≤ B the 2^G sign vectors are enumerated instead.</param>
    /// <param name="seed">The seed of the draws: the same seed gives the same numbers.</param>
    /// <param name="weights">The distribution of the cluster weights.</param>
    /// <param name="type">Restricted (null imposed, WCR, the default) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric (default) or equal-tailed p-values.</param>
    /// <remarks>See <see cref="WildClusterBootstrap"/> for the algorithm and conventions.</remarks>
    public static Vcov WildBootstrap(string cluster, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        return WildBootstrap(new ColumnTerm(cluster), draws, seed, weights, type, pValue);
    }

    /// <summary>The wild cluster bootstrap by a cluster variable (typed path); see <see cref="WildBootstrap(string, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/>.</summary>
    /// <param name="cluster">The cluster variable.</param>
    /// <param name="draws">The number of bootstrap draws.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the cluster weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    public static Vcov WildBootstrap(ColumnTerm cluster, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new(VcovKind.WildBootstrap, [cluster], SmallSampleCorrection.Default, false, new WildClusterBootstrap(draws, seed, weights, type, pValue));
    }

    /// <summary>
    /// The wild cluster bootstrap with two-way clustering by <paramref name="first"/> and <paramref name="second"/>: the
    /// t statistic and every bootstrap t use the Cameron–Gelbach–Miller two-way variance V₁ + V₂ − V₁₂, and the bootstrap
    /// weights are drawn by the clusters of one of the two variables (as Stata's boottest and R's fwildclusterboot
    /// with <c>bootcluster</c>).
    /// </summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <param name="bootstrapBy">The variable whose clusters get the weights (one of the two); null for the one with fewer
    /// clusters, which MacKinnon, Nielsen and Webb (2021) find most reliable.</param>
    /// <param name="draws">The number of bootstrap draws B; with Rademacher weights and 2^H ≤ B the 2^H sign vectors are enumerated.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the weights.</param>
    /// <param name="type">Restricted (WCR, default) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric (default) or equal-tailed p-values.</param>
    /// <remarks>See <see cref="WildClusterBootstrap"/> for the algorithm and conventions.</remarks>
    public static Vcov WildBootstrap(string first, string second, string? bootstrapBy = null, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(first);
        ArgumentException.ThrowIfNullOrWhiteSpace(second);
        return WildBootstrap(new ColumnTerm(first), new ColumnTerm(second), bootstrapBy is null ? null : new ColumnTerm(bootstrapBy), draws, seed, weights, type, pValue);
    }

    /// <summary>The two-way wild cluster bootstrap (typed path); see <see cref="WildBootstrap(string, string, string?, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/>.</summary>
    /// <param name="first">The first cluster variable.</param>
    /// <param name="second">The second cluster variable.</param>
    /// <param name="bootstrapBy">The variable whose clusters get the weights; null for the one with fewer clusters.</param>
    /// <param name="draws">The number of bootstrap draws.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    public static Vcov WildBootstrap(ColumnTerm first, ColumnTerm second, ColumnTerm? bootstrapBy = null, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.ColumnName == second.ColumnName)
        {
            throw new ArgumentException($"Two-way clustering needs two different variables but got '{first.ColumnName}' twice; use Vcov.WildBootstrap(\"{first.ColumnName}\") for one-way.", nameof(second));
        }

        if (bootstrapBy is not null && bootstrapBy.ColumnName != first.ColumnName && bootstrapBy.ColumnName != second.ColumnName)
        {
            throw new ArgumentException($"The two-way wild bootstrap draws its weights by '{first.ColumnName}' or '{second.ColumnName}', not '{bootstrapBy.ColumnName}'.", nameof(bootstrapBy));
        }

        var by = bootstrapBy is null ? null : (bootstrapBy.ColumnName == first.ColumnName ? first : second);
        return new(VcovKind.WildBootstrap, [first, second], SmallSampleCorrection.Default, false, new WildClusterBootstrap(draws, seed, weights, type, pValue, WildBootstrapLevel.Cluster, by));
    }

    /// <summary>
    /// The subcluster wild bootstrap (MacKinnon and Webb 2018) for few treated clusters: the t statistic is clustered by
    /// <paramref name="cluster"/> (CR1) as usual, but the bootstrap weights are drawn per cell of <paramref name="cluster"/> ×
    /// <paramref name="subcluster"/> (state × year, say), or per observation when <paramref name="subcluster"/> is null
    /// (the ordinary wild bootstrap with the cluster-robust t).
    /// </summary>
    /// <param name="cluster">The cluster variable of the variance.</param>
    /// <param name="subcluster">The subcluster variable (need not be nested: the cells of cluster × subcluster are the
    /// subclusters), or null for one weight per observation.</param>
    /// <param name="draws">The number of bootstrap draws B.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the weights.</param>
    /// <param name="type">Restricted (WCR, default) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric (default) or equal-tailed p-values.</param>
    /// <remarks>
    /// <para>When to use it: when only a few clusters are treated (a policy adopted by 1 to about 5 of 30 provinces), the
    /// wild cluster bootstrap by cluster fails — WCR under-rejects severely and WCU over-rejects — because the bootstrap
    /// cannot reproduce the variation of the treated clusters' scores (MacKinnon and Webb 2017, 2018). Drawing weights
    /// at a finer level gives the bootstrap distribution that variation. MacKinnon and Webb (2018) find that it works
    /// well for pure treatment models (every observation of a cluster treated or not) when the clusters are of similar
    /// size; it is less reliable when cluster sizes differ a lot and for difference-in-differences designs, where they
    /// advise reporting it beside the ordinary wild cluster bootstrap rather than instead of it. With many treated
    /// clusters the ordinary <see cref="WildBootstrap(string, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/> is the better choice.</para>
    /// <para>See <see cref="WildClusterBootstrap"/> for the algorithm and conventions. With frequency weights a row's copies share one weight.</para>
    /// </remarks>
    public static Vcov WildSubclusterBootstrap(string cluster, string? subcluster, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        return WildSubclusterBootstrap(new ColumnTerm(cluster), subcluster is null ? null : new ColumnTerm(subcluster), draws, seed, weights, type, pValue);
    }

    /// <summary>The subcluster wild bootstrap (typed path); see <see cref="WildSubclusterBootstrap(string, string?, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/>.</summary>
    /// <param name="cluster">The cluster variable of the variance.</param>
    /// <param name="subcluster">The subcluster variable, or null for one weight per observation.</param>
    /// <param name="draws">The number of bootstrap draws.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="weights">The distribution of the weights.</param>
    /// <param name="type">Restricted (WCR) or unrestricted (WCU).</param>
    /// <param name="pValue">Symmetric or equal-tailed p-values.</param>
    public static Vcov WildSubclusterBootstrap(ColumnTerm cluster, ColumnTerm? subcluster, int draws = 9999, int seed = 1, WildWeights weights = WildWeights.Rademacher, WildBootstrapType type = WildBootstrapType.Restricted, BootstrapPValue pValue = BootstrapPValue.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var level = subcluster is null ? WildBootstrapLevel.Observation : WildBootstrapLevel.Subcluster;
        return new(VcovKind.WildBootstrap, [cluster], SmallSampleCorrection.Default, false, new WildClusterBootstrap(draws, seed, weights, type, pValue, level, subcluster));
    }

    /// <summary>This estimator with another small-sample correction.</summary>
    public Vcov With(SmallSampleCorrection correction) => this with { Correction = correction };

    /// <summary>This estimator with negative eigenvalues of a multi-way cluster matrix set to zero.</summary>
    public Vcov WithEigenvalueFix() => this with { EigenvalueFix = true };

    /// <inheritdoc />
    public bool Equals(Vcov? other)
        => other is not null && Kind == other.Kind && Correction == other.Correction && EigenvalueFix == other.EigenvalueFix
           && (ReferenceEquals(Estimator, other.Estimator) || Estimator.Equals(other.Estimator)) && Clusters.SequenceEqual(other.Clusters)
           && Lags == other.Lags && Equals(TimeVariable, other.TimeVariable);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Correction, EigenvalueFix, Clusters.Count);

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>The observation factor of a small-sample correction.</summary>
public enum ObservationAdjustment
{
    /// <summary>No factor.</summary>
    None,

    /// <summary>(N − 1) / (N − K): Stata, reghdfe, fixest and sandwich's <c>vcovCL(type = "HC1")</c>.</summary>
    NMinusOneOverNMinusK,

    /// <summary>N / (N − K): plm's <c>vcovHC(type = "HC1")</c>.</summary>
    NOverNMinusK,
}

/// <summary>Which fixed-effect parameters count in the K of the observation factor.</summary>
public enum FixedEffectCount
{
    /// <summary>Every fixed-effect degree of freedom (as if the fixed effects were dummy variables).</summary>
    All,

    /// <summary>Only fixed effects that are not nested in a cluster variable (Stata, reghdfe, fixest <c>fixef.K = "nested"</c>).</summary>
    ExcludeNested,

    /// <summary>No fixed-effect parameters (plm, whose K counts the within model's slopes).</summary>
    None,
}

/// <summary>How multi-way clustering chooses G in the cluster factor G/(G − 1).</summary>
public enum MultiwayClusterCount
{
    /// <summary>The smallest number of clusters for every term (reghdfe, fixest <c>cluster.df = "min"</c>).</summary>
    Minimum,

    /// <summary>Each term's own number of clusters (sandwich's <c>vcovCL</c>).</summary>
    PerTerm,
}

/// <summary>
/// The small-sample correction c that multiplies a robust or cluster-robust sandwich:
/// c = [G/(G − 1)] × [observation factor].
/// </summary>
/// <remarks>
/// K in the observation factor counts the slopes, the constant when <see cref="CountConstant"/> and the
/// fixed-effect degrees of freedom chosen by <see cref="FixedEffects"/>. The default
/// (<see cref="Default"/> = <see cref="Stata"/>) reproduces Stata <c>xtreg, fe vce(cluster)</c>, reghdfe and
/// fixest: G/(G − 1) × (N − 1)/(N − K) with K = slopes + non-nested fixed-effect levels + constant
/// (Cameron and Miller 2015, §VI.B; Correia 2016). For HC1 (each observation a cluster, G = N) the same
/// setting gives N/(N − K), Stata's <c>vce(robust)</c>.
/// </remarks>
/// <param name="Observations">The observation factor.</param>
/// <param name="FixedEffects">Which fixed-effect parameters count in K.</param>
/// <param name="CountConstant">Whether the (reported or absorbed) constant counts in K.</param>
/// <param name="ClusterAdjustment">Whether to multiply by G/(G − 1).</param>
/// <param name="Multiway">How multi-way clustering chooses G.</param>
public readonly record struct SmallSampleCorrection(
    ObservationAdjustment Observations,
    FixedEffectCount FixedEffects,
    bool CountConstant,
    bool ClusterAdjustment,
    MultiwayClusterCount Multiway)
{
    /// <summary>Stata / reghdfe / fixest: G/(G − 1) × (N − 1)/(N − K), nested fixed effects not counted, minimum G for multi-way.</summary>
    public static SmallSampleCorrection Stata { get; } = new(ObservationAdjustment.NMinusOneOverNMinusK, FixedEffectCount.ExcludeNested, true, true, MultiwayClusterCount.Minimum);

    /// <summary>The default: <see cref="Stata"/>.</summary>
    public static SmallSampleCorrection Default => Stata;

    /// <summary>
    /// sandwich's <c>vcovCL(type = "HC1", cadjust = TRUE)</c> on an <c>lm</c> with dummy variables: every
    /// fixed-effect level counts, each multi-way term uses its own G; <c>vcovHC(type = "HC1")</c> for HC1.
    /// </summary>
    public static SmallSampleCorrection Sandwich { get; } = new(ObservationAdjustment.NMinusOneOverNMinusK, FixedEffectCount.All, true, true, MultiwayClusterCount.PerTerm);

    /// <summary>
    /// plm's <c>vcovHC(method = "arellano", type = "sss")</c>: G/(G − 1) × (N − 1)/(N − K) with K the
    /// number of coefficients of the within model (slopes only).
    /// </summary>
    public static SmallSampleCorrection Plm { get; } = new(ObservationAdjustment.NMinusOneOverNMinusK, FixedEffectCount.None, false, true, MultiwayClusterCount.PerTerm);

    /// <summary>plm's <c>vcovHC(method = "arellano", type = "HC1")</c>: N/(N − K), K the within model's slopes, no cluster factor.</summary>
    public static SmallSampleCorrection PlmHC1 { get; } = new(ObservationAdjustment.NOverNMinusK, FixedEffectCount.None, false, false, MultiwayClusterCount.PerTerm);

    /// <summary>No correction (CR0 / HC0).</summary>
    public static SmallSampleCorrection None { get; } = new(ObservationAdjustment.None, FixedEffectCount.All, true, false, MultiwayClusterCount.PerTerm);
}
