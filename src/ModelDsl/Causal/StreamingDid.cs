using ModelDsl.Streaming;

namespace ModelDsl.Causal;

/// <summary>The two-way fixed-effects DID over batches: <c>Model.Did(y).Cohort(g).Fe(unit, time).Cluster(unit).FitStreaming(source, time)</c>.</summary>
public static class StreamingDid
{
    /// <summary>
    /// Fits the DID's regression y = β·D + unit + period effects (+ controls) with <see cref="StreamingVerbs.FitStreaming"/>:
    /// the treatment dummy is built row by row in each batch (cohort: D = 1 when the cohort is positive and the period ≥ the
    /// cohort; indicator: the column itself), so the same passes, memory bound and exact partition merge apply.
    /// </summary>
    /// <param name="specification">A DID with a treatment, fixed effects given with <c>Fe(unit, time)</c> and an iid, HC1 or one-way cluster variance.</param>
    /// <param name="source">The rows.</param>
    /// <param name="time">The period column the cohort is compared with (numeric).</param>
    /// <param name="options">Workers; null for the defaults.</param>
    /// <returns>The regression; the effect is the coefficient named by the treatment (<see cref="Treatment.DefaultName"/> for a cohort).</returns>
    /// <remarks>
    /// Same numbers as <see cref="DidSpecification.Fit"/> on the same rows (tested to 1e-10). Unlike the in-memory fit, a
    /// cohort that varies within a unit is not detected (each row's dummy uses its own row's cohort); a unit's cohort must
    /// be constant, as the in-memory fit requires.
    /// </remarks>
    public static StreamingRegressionResult FitStreaming(this DidSpecification specification, IColumnBatchSource source, string time, StreamingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(time);
        var regression = specification.Regression;
        if (regression.FixedEffects.Count == 0)
        {
            throw new InvalidOperationException($"A streaming DID needs its fixed effects named: add .Fe(\"unit\", \"{time}\") (the in-memory fit takes them from the panel's unit and time).");
        }

        switch (specification.Assignment)
        {
            case IndicatorTreatment indicator:
                return regression.On(indicator.Indicator).FitStreaming(source, options);
            case CohortTreatment cohort:
                var name = cohort.Name;
                var derived = new DerivedColumnSource(source, name, [cohort.Cohort.ColumnName, time], CohortDummy);
                return regression.On(name).FitStreaming(derived, options);
            default:
                throw new InvalidOperationException($"The DID of '{regression.Outcome.Name}' has no treatment; call Cohort(\"first_year\") or Treated(\"d\").");
        }
    }

    // D = 1[g > 0 and t ≥ g]; a missing or zero cohort is never treated; a missing period is missing.
    private static double CohortDummy(double[] row)
    {
        var (cohort, period) = (row[0], row[1]);
        if (double.IsNaN(period))
        {
            return double.NaN;
        }

        if (cohort < 0 || double.IsInfinity(cohort))
        {
            throw new ArgumentException($"A cohort is the first treated period or 0 / missing for never treated, but a row has {cohort}.");
        }

        return !double.IsNaN(cohort) && cohort > 0 && period >= cohort ? 1 : 0;
    }
}
