using System.Globalization;

using ModelDsl.Results;

namespace ModelDsl.Causal;

/// <summary>How a placebo test reassigns the treatment.</summary>
public enum PlaceboMode
{
    /// <summary>
    /// Pseudo-treated units and their timing at random (the default): as many units as are really treated are
    /// drawn without replacement from all units, and each gets a first treated period drawn with replacement
    /// from the observed cohorts of the treated units.
    /// </summary>
    UnitsAndTiming,

    /// <summary>
    /// Pseudo-treated units at random, keeping each cohort's size: the observed cohorts (never treated included)
    /// are permuted across units, so each first treated period keeps its number of units.
    /// </summary>
    UnitsOnly,

    /// <summary>
    /// Timing at random: the truly treated units stay treated and each gets a first treated period drawn with
    /// replacement from the observed cohorts; never-treated units stay untreated.
    /// </summary>
    TimingOnly,
}

/// <summary>The statistic a placebo test compares across draws.</summary>
public enum PlaceboStatistic
{
    /// <summary>The treatment coefficient β̂ (the papers' placebo figures).</summary>
    Coefficient,

    /// <summary>
    /// The t statistic β̂ / se(β̂) under the model's variance estimator (iid, HC1 or one-way clustered), which is
    /// better behaved with few treated clusters (MacKinnon and Webb 2020, J. Econometrics 218(2)).
    /// </summary>
    TStatistic,
}

/// <summary>
/// Randomisation (placebo) inference for a staggered DID: reassigns the treatment at random, refits the
/// treatment coefficient and compares the actual estimate with the placebo distribution.
/// </summary>
/// <remarks>
/// <para>Under the sharp null of no effect for any unit the assignment is exchangeable, so the actual estimate is
/// one draw of the randomisation distribution (Fisher 1935, <i>The Design of Experiments</i>; Imbens and Rubin 2015,
/// ch. 5). The two-sided p-value is p = (1 + #{b : |β̂_b| ≥ |β̂|}) / (1 + B) over the B valid draws: the +1 in
/// numerator and denominator counts the actual assignment itself, which makes the test exact at level α for any B
/// (Phipson and Smyth 2010, Stat. Appl. Genet. Mol. Biol. 9(1)). The uncorrected share #{…}/B is also reported.</para>
/// <para>Computation: y and the controls are demeaned once; per draw only the pseudo-treatment column is demeaned
/// and partialled off the controls (Frisch–Waugh–Lovell), costing one demeaning plus O(nk). Draw b uses its own
/// generator seeded from (seed, b), so the result does not depend on thread scheduling; draws run in parallel
/// on all cores. A draw whose pseudo-treatment is absorbed by the fixed effects (for example all pseudo
/// cohorts before the first period) is discarded and counted.</para>
/// </remarks>
public static class PlaceboInference
{
    /// <summary>The largest number of draws accepted.</summary>
    public const int MaximumDraws = 1_000_000;

    /// <summary>Runs the placebo test on a fitted DID.</summary>
    /// <param name="did">The fitted DID (its sample, fixed effects, controls and treatment are reused).</param>
    /// <param name="draws">The number of random reassignments B (at least 1).</param>
    /// <param name="seed">The seed; the same seed gives the same draws.</param>
    /// <param name="mode">How the treatment is reassigned.</param>
    /// <param name="statistic">The statistic compared across draws (the coefficient by default).</param>
    /// <param name="progress">Receives the number of completed draws, about 100 times over the run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static PlaceboResult Run(DidResult did, int draws = 500, int seed = 42, PlaceboMode mode = PlaceboMode.UnitsAndTiming, PlaceboStatistic statistic = PlaceboStatistic.Coefficient, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (draws < 1 || draws > MaximumDraws)
        {
            throw new ArgumentOutOfRangeException(nameof(draws), draws, $"The number of placebo draws must be between 1 and {MaximumDraws} but got {draws}; 500 or 1000 is usual.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use PlaceboMode.UnitsAndTiming, UnitsOnly or TimingOnly.");
        }

        if (!Enum.IsDefined(statistic))
        {
            throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "Use PlaceboStatistic.Coefficient or TStatistic.");
        }

        var assignment = did.Assignment;
        if (!assignment.IsAbsorbing)
        {
            throw new InvalidOperationException(
                $"The treatment '{assignment.Name}' switches off for some unit after it was 1; a placebo test reassigns first treated periods and needs an absorbing (staggered) treatment. Define it with Treatment.FromCohort.");
        }

        var fit = did.Regression.Fit;
        if (fit.Specification.WeightColumn is { } weights)
        {
            // The draws re-estimate by unweighted partialling; a weighted DID would be compared with unweighted draws.
            throw new InvalidOperationException(
                $"The placebo test re-estimates the DID without weights, but the model has Weights(\"{weights.Name}\"); refit the DID without Weights(...) for the placebo test.");
        }

        var rows = fit.SampleRows;
        var n = rows.Length;

        // Units of the sample, renumbered 0..U-1, and each row's unit and period.
        var localOf = new Dictionary<int, int>();
        var rowUnit = new int[n];
        var rowPeriod = new double[n];
        var cohorts = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var u = assignment.UnitCodeArray[rows[i]];
            if (!localOf.TryGetValue(u, out var local))
            {
                local = localOf.Count;
                localOf[u] = local;
                cohorts.Add(assignment.UnitCohortArray[u]);
            }

            rowUnit[i] = local;
            rowPeriod[i] = assignment.PeriodArray[rows[i]];
        }

        var observed = cohorts.ToArray();
        var treatedCohorts = observed.Where(c => c > 0).ToArray();
        var treatedUnits = observed.Select((c, u) => (c, u)).Where(p => p.c > 0).Select(p => p.u).ToArray();
        var design = PartialledDesign.FromFit(fit, assignment.Name);
        var actual = did.Effect.Estimate;
        var estimates = new double[draws];
        var studentized = statistic == PlaceboStatistic.TStatistic ? Studentizer.For(did, design) : null;
        var tStatistics = studentized is null ? null : new double[draws];
        var completed = 0;
        var step = Math.Max(1, draws / 100);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            draws,
            options,
            () => new DrawBuffers(observed.Length, n, design.ScratchLength, studentized?.Groups ?? 0),
            (b, _, buffers) =>
            {
                var random = RandomStream.ForStream(seed, b);
                Assign(mode, random, observed, treatedCohorts, treatedUnits, buffers.Cohorts, buffers.Units);
                for (var i = 0; i < n; i++)
                {
                    var c = buffers.Cohorts[rowUnit[i]];
                    buffers.Dummy[i] = c > 0 && rowPeriod[i] >= c ? 1 : 0;
                }

                if (studentized is null)
                {
                    estimates[b] = design.Coefficient(buffers.Dummy, buffers.Scratch);
                }
                else
                {
                    (estimates[b], tStatistics![b]) = studentized.Statistic(buffers.Dummy, buffers.Scratch, buffers.ClusterSums);
                }

                var done = Interlocked.Increment(ref completed);
                if (progress is not null && (done % step == 0 || done == draws))
                {
                    progress.Report(done);
                }

                return buffers;
            },
            _ => { });

        return new PlaceboResult(did, mode, seed, actual, estimates, statistic, did.Effect.TStatistic, tStatistics);
    }

    /// <summary>
    /// Runs the placebo test on a regression fitted with <c>Model.Regress(...).On("treated")</c> on data to which
    /// <paramref name="treatment"/>'s dummy was added (<c>data.WithTreatment(treatment)</c>); every other regressor and
    /// control is kept as a control.
    /// </summary>
    public static PlaceboResult Run(RegressionResult regression, Treatment treatment, int draws = 500, int seed = 42, PlaceboMode mode = PlaceboMode.UnitsAndTiming, PlaceboStatistic statistic = PlaceboStatistic.Coefficient, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regression);
        ArgumentNullException.ThrowIfNull(treatment);
        var data = regression.Fit.Data;
        var assignment = treatment.Assign(data);
        if (!regression.TryGetCoefficient(assignment.Name, out _))
        {
            throw new ArgumentException(
                $"The regression has no coefficient '{assignment.Name}' (its coefficients: {string.Join(", ", regression.Coefficients.Select(c => c.Name))}); fit it with On(\"{assignment.Name}\") on data.WithTreatment(...).", nameof(treatment));
        }

        var column = data.Numeric(assignment.Name).Values;
        foreach (var row in regression.SampleRows)
        {
            if (column[row] != assignment.DummyArray[row])
            {
                throw new ArgumentException(
                    $"The regression's '{assignment.Name}' is {Causal.Treatment.Format(column[row])} in row {row + 1} but the treatment gives {Causal.Treatment.Format(assignment.DummyArray[row])}; pass the treatment that built the column.", nameof(treatment));
            }
        }

        assignment.RequireContrast(regression.SampleRows);
        return Run(new DidResult(regression, assignment), draws, seed, mode, statistic, progress, cancellationToken);
    }

    /// <summary>Fills <paramref name="pseudo"/> (one cohort per unit, 0 = never) for one draw.</summary>
    internal static void Assign(PlaceboMode mode, RandomStream random, double[] observed, double[] treatedCohorts, int[] treatedUnits, double[] pseudo, int[] units)
    {
        switch (mode)
        {
            case PlaceboMode.UnitsOnly:
                observed.CopyTo(pseudo, 0);
                random.Shuffle(pseudo.AsSpan());
                break;
            case PlaceboMode.TimingOnly:
                Array.Clear(pseudo);
                foreach (var u in treatedUnits)
                {
                    pseudo[u] = treatedCohorts[random.NextInt(treatedCohorts.Length)];
                }

                break;
            default:
                {
                    Array.Clear(pseudo);
                    for (var u = 0; u < units.Length; u++)
                    {
                        units[u] = u;
                    }

                    // Partial Fisher–Yates: the first T positions are a uniform sample without replacement.
                    for (var t = 0; t < treatedCohorts.Length; t++)
                    {
                        var j = t + random.NextInt(units.Length - t);
                        (units[t], units[j]) = (units[j], units[t]);
                        pseudo[units[t]] = treatedCohorts[random.NextInt(treatedCohorts.Length)];
                    }

                    break;
                }
        }
    }

    internal static string Describe(PlaceboMode mode) => mode switch
    {
        PlaceboMode.UnitsOnly => "units_only",
        PlaceboMode.TimingOnly => "timing_only",
        _ => "units_and_timing",
    };

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Turns a draw's coefficient into a t statistic with the fitted model's variance estimator, calibrated on the actual fit.</summary>
    internal sealed class Studentizer
    {
        private readonly PartialledDesign _design;
        private readonly int[]? _clusters;
        private readonly bool _heteroskedastic;
        private readonly double _factor;

        private Studentizer(PartialledDesign design, int[]? clusters, int groups, bool heteroskedastic, double factor)
        {
            _design = design;
            _clusters = clusters;
            Groups = groups;
            _heteroskedastic = heteroskedastic;
            _factor = factor;
        }

        internal int Groups { get; }

        internal static Studentizer For(DidResult did, PartialledDesign design)
        {
            var regression = did.Regression;
            var vcov = regression.Vcov;
            int[]? clusters = null;
            var groups = 0;
            if (vcov.Kind is not (VcovKind.Iid or VcovKind.HC1 or VcovKind.Cluster))
            {
                // The draws are studentized by the built-in formulas only; a custom estimator's variance cannot be
                // recomputed for each reassignment here, and treating it as iid would rank draws by another statistic.
                throw new ArgumentException(
                    $"A studentized placebo test recomputes the variance for every draw with the iid, HC1 or one-way cluster formula, but the model uses the {(vcov.Kind == VcovKind.Custom ? "custom " : string.Empty)}estimator {vcov.Description}. Use PlaceboStatistic.Coefficient, or refit with a built-in variance.", nameof(did));
            }

            if (vcov.Kind == VcovKind.Cluster)
            {
                if (vcov.Clusters.Count != 1)
                {
                    throw new ArgumentException(
                        $"A studentized placebo test supports iid, HC1 and one-way clustered variances, but the model uses {vcov.Description}. Use PlaceboStatistic.Coefficient, or refit with one cluster variable.", nameof(did));
                }

                (clusters, groups) = Estimation.FitClusters.CodesOf(regression.Fit, vcov.Clusters[0]);
            }

            var studentizer = new Studentizer(design, clusters, groups, vcov.Kind == VcovKind.HC1, 1.0);

            // The model's small-sample factor (and 1/(N − K) for iid) is the ratio of its variance to the unscaled one.
            var rows = regression.SampleRows;
            var actual = rows.Select(r => did.Assignment.DummyArray[r]).ToArray();
            var (_, raw) = design.CoefficientAndVariance(actual, new double[design.ScratchLength], clusters, studentizer._heteroskedastic, new double[groups]);
            var se = did.Effect.StandardError;
            return new Studentizer(design, clusters, groups, studentizer._heteroskedastic, se * se / raw);
        }

        internal (double Coefficient, double T) Statistic(double[] dummy, double[] scratch, double[] clusterSums)
        {
            var (beta, raw) = _design.CoefficientAndVariance(dummy, scratch, _clusters, _heteroskedastic, clusterSums);
            return (beta, beta / Math.Sqrt(_factor * raw));
        }
    }

    private sealed class DrawBuffers
    {
        internal DrawBuffers(int units, int n, int scratch, int groups)
        {
            ClusterSums = new double[groups];
            Cohorts = new double[units];
            Units = new int[units];
            Dummy = new double[n];
            Scratch = new double[scratch];
        }

        internal double[] Cohorts { get; }

        internal int[] Units { get; }

        internal double[] Dummy { get; }

        internal double[] Scratch { get; }

        internal double[] ClusterSums { get; }
    }
}
