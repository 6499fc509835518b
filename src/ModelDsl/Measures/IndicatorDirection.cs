namespace ModelDsl.Measures;

/// <summary>Whether a larger raw value of an indicator means more (positive) or less (negative) of the measured concept.</summary>
public enum IndicatorDirection
{
    /// <summary>A benefit indicator: normalised as (x − min) / (max − min).</summary>
    Positive,

    /// <summary>A cost indicator: normalised as (max − x) / (max − min).</summary>
    Negative,
}

/// <summary>Over which rows the minimum, maximum and entropy of an indicator are taken.</summary>
public enum NormalizationScope
{
    /// <summary>All rows together (every unit in every period).</summary>
    Pooled,

    /// <summary>Each time period separately (a cross-section per year).</summary>
    PerPeriod,
}
