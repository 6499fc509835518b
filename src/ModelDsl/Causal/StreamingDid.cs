using ModelDsl.Streaming;

namespace ModelDsl.Causal;

/// <summary>
/// The two-way fixed-effects DID and event study over batches:
/// <c>Model.Did(y).Cohort(g).Fe(unit, time).Cluster(unit).FitStreaming(source, time)</c>, and the same for <c>Model.EventStudy(y)</c>.
/// </summary>
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

    /// <summary>
    /// Fits the TWFE event study y = Σ_k β_k·1[K = k] + unit + period effects (+ controls), K = t − g the event time,
    /// k over the window without the reference period, the endpoints binned (K below the window counts at its start, above
    /// at its end), with <see cref="StreamingVerbs.FitStreaming"/>: the dummies are built row by row in each batch.
    /// </summary>
    /// <param name="specification">A TWFE event study (binned endpoints) with a cohort, fixed effects given with <c>Fe(unit, time)</c> and an iid, HC1 or one-way cluster variance.</param>
    /// <param name="source">The rows.</param>
    /// <param name="time">The period column the cohort is compared with (numeric).</param>
    /// <param name="options">Workers; null for the defaults.</param>
    /// <returns>The regression; event time k's effect is the coefficient named <see cref="EventStudySpecification.DummyName"/>(k).</returns>
    /// <remarks>
    /// Same numbers as <see cref="EventStudySpecification.Fit"/> on the same rows (tested to 1e-10). An event time no
    /// treated row reaches gives a dummy that is all zero: it is dropped with a note (the in-memory fit refuses the window).
    /// Sun–Abraham and unbinned windows are fitted in memory.
    /// </remarks>
    public static StreamingRegressionResult FitStreaming(this EventStudySpecification specification, IColumnBatchSource source, string time, StreamingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(time);
        if (specification.Method != EventStudyMethod.TwoWayFixedEffects || !specification.BinEndpoints)
        {
            throw new NotSupportedException("A streaming event study is the TWFE one with binned endpoints; fit Sun–Abraham or an unbinned window in memory.");
        }

        if (specification.WindowStart >= 0 || specification.WindowEnd < 0 || specification.ReferencePeriod < specification.WindowStart || specification.ReferencePeriod >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(specification), $"The window [{specification.WindowStart}, {specification.WindowEnd}] must have leads and the treatment period, and the reference {specification.ReferencePeriod} must be a lead inside it.");
        }

        if (specification.Assignment is not CohortTreatment cohort)
        {
            throw new InvalidOperationException($"The event study of '{specification.Regression.Outcome.Name}' needs Cohort(\"first_year\") (the first treated period of each unit).");
        }

        var regression = specification.Regression;
        if (regression.FixedEffects.Count == 0)
        {
            throw new InvalidOperationException($"A streaming event study needs its fixed effects named: add .Fe(\"unit\", \"{time}\").");
        }

        var (start, end) = (specification.WindowStart, specification.WindowEnd);
        var eventTimes = Enumerable.Range(start, end - start + 1).Where(k => k != specification.ReferencePeriod).ToArray();
        var derived = source;
        foreach (var k in eventTimes)
        {
            var at = k;
            derived = new DerivedColumnSource(derived, EventStudySpecification.DummyName(k), [cohort.Cohort.ColumnName, time], row =>
            {
                var (g, t) = (row[0], row[1]);
                if (double.IsNaN(t))
                {
                    return double.NaN;
                }

                if (double.IsNaN(g) || g == 0)
                {
                    return 0;
                }

                return Math.Clamp(Math.Round(t - g), start, end) == at ? 1 : 0;
            });
        }

        var dummies = eventTimes.Select(k => new ColumnTerm(EventStudySpecification.DummyName(k))).ToArray();
        return regression.On(dummies.Cast<Term>().ToArray()).FitStreaming(derived, options);
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
