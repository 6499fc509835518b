namespace ModelDsl;

/// <summary>The distribution of the wild bootstrap's cluster weights v_g.</summary>
public enum WildWeights
{
    /// <summary>±1 with probability 1/2 each (the default; enumerated exactly when 2^G ≤ the draws).</summary>
    Rademacher,

    /// <summary>Webb's (2023) six points ±√(1/2), ±1, ±√(3/2), each with probability 1/6 (for very few clusters).</summary>
    Webb,

    /// <summary>Mammen's (1993) two points (1 − √5)/2 with probability (√5 + 1)/(2√5) and (1 + √5)/2 otherwise.</summary>
    Mammen,

    /// <summary>Standard normal weights.</summary>
    Normal,
}

/// <summary>Whether the bootstrap data are generated with the tested null hypothesis imposed.</summary>
public enum WildBootstrapType
{
    /// <summary>WCR: the restricted estimates and residuals under H₀: β_j = β₀ generate the data (the default; MacKinnon and Webb 2017).</summary>
    Restricted,

    /// <summary>WCU: the unrestricted estimates and residuals generate the data; the bootstrap t is centred at β̂_j.</summary>
    Unrestricted,
}

/// <summary>How a bootstrap p-value compares the original t statistic with the bootstrap ones.</summary>
public enum BootstrapPValue
{
    /// <summary>p = #{|t*| &gt; |t|}/B (the default; boottest's and fwildclusterboot's "two-tailed").</summary>
    Symmetric,

    /// <summary>p = 2·min(#{t* &lt; t}, #{t* &gt; t})/B.</summary>
    EqualTailed,
}

/// <summary>The level at which the wild bootstrap draws its weights v (one weight per group of that level and draw).</summary>
public enum WildBootstrapLevel
{
    /// <summary>
    /// The cluster (the default): one-way, the cluster variable; two-way, one of the two cluster variables, by default
    /// the one with fewer clusters (MacKinnon, Nielsen and Webb 2021).
    /// </summary>
    Cluster,

    /// <summary>
    /// Subclusters: one weight per cell of the cluster variable × a subcluster variable, the cluster-robust variance
    /// still by cluster (MacKinnon and Webb 2018, the subcluster wild bootstrap for few treated clusters).
    /// </summary>
    Subcluster,

    /// <summary>
    /// Every observation its own subcluster (the ordinary wild bootstrap with the cluster-robust t statistic; the limiting
    /// case of the subcluster bootstrap in MacKinnon and Webb 2018).
    /// </summary>
    Observation,
}
