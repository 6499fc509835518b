using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>
/// The built-in variance estimators and the table from <see cref="VcovKind"/> to them (linearmodels'
/// <c>COVARIANCE_ESTIMATORS</c>, fixest's <c>vcov</c> setup): iid, HC1, and cluster-robust one- and two-way.
/// </summary>
/// <remarks>
/// <para>A request names its estimator (<see cref="Vcov.Estimator"/>): <see cref="Vcov.Iid"/>, <see cref="Vcov.HC1"/>
/// and <see cref="Vcov.Cluster(string[])"/> take theirs from this table; <see cref="Vcov.Using(IVarianceEstimator)"/>
/// carries a new one. New estimators are values, not entries in a global table, so two libraries cannot overwrite each
/// other's and no registration order or thread safety is involved.</para>
/// <para>iid: V = σ̂² B (least squares, σ̂² = e'e/(N − K)) or (−H)⁻¹ (maximum likelihood). Sandwich:
/// V = c · B (Σ_g s_g s_g') B with c = [G/(G − 1)] · [(N − 1)/(N − K) or N/(N − K)] by <see cref="SmallSampleCorrection"/>
/// (Cameron and Miller 2015, eq. 12 and §VI.B); HC1 takes each observation as a cluster. Two-way: V = V₁ + V₂ − V₁₂
/// (Cameron, Gelbach and Miller 2011), optionally with negative eigenvalues set to zero. Maximum-likelihood families read
/// the default correction as Stata's convention for ML estimators, G/(G − 1) alone.</para>
/// <para>Few clusters: a cluster-robust estimate with fewer than <see cref="FewClustersThreshold"/> clusters in any of
/// its dimensions carries a <see cref="NoteKind.FewClusters"/> note. The rule lives here, in the cluster estimator, so
/// every family that clusters (least squares one- and two-way, fixed and random effects, logit and probit, event
/// studies and difference-in-differences, each split-sample group of a heterogeneity analysis) carries it.</para>
/// </remarks>
public static class VarianceEstimators
{
    /// <summary>Homoskedastic, independent errors: the model-based variance.</summary>
    public static IVarianceEstimator Iid { get; } = new IidEstimator();

    /// <summary>Heteroskedasticity-robust (White / Eicker–Huber) sandwich with the request's correction.</summary>
    public static IVarianceEstimator HC1 { get; } = new HeteroskedasticEstimator();

    /// <summary>Cluster-robust sandwich, one-way or two-way (Cameron–Gelbach–Miller), with the request's correction.</summary>
    public static IVarianceEstimator Cluster { get; } = new ClusterEstimator();

    /// <summary>
    /// Newey–West HAC (<see cref="Vcov.Hac(int, string?)"/>): computed by the instrumental-variables family from its
    /// time-ordered scores; a family whose view carries no time order (least squares, logit, probit) gets an error that
    /// says so and names the alternatives.
    /// </summary>
    public static IVarianceEstimator Hac { get; } = new HacEstimator();

    /// <summary>The built-in estimator of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">For <see cref="VcovKind.Custom"/>, which has no built-in estimator.</exception>
    public static IVarianceEstimator For(VcovKind kind) => kind switch
    {
        VcovKind.Iid => Iid,
        VcovKind.HC1 => HC1,
        VcovKind.Cluster => Cluster,
        VcovKind.Hac => Hac,
        _ => throw new ArgumentException($"{kind} has no built-in variance estimator; request it with Vcov.Using(estimator).", nameof(kind)),
    };

    /// <summary>
    /// The number of clusters below which a cluster-robust result carries a <see cref="NoteKind.FewClusters"/> note: 42
    /// (Angrist and Pischke's rule of thumb).
    /// </summary>
    /// <remarks>
    /// The cluster-robust variance is consistent as the number of clusters G grows; with few clusters (and more so with
    /// clusters of unequal size) its t and Wald tests over-reject even with the G/(G − 1) correction and G − 1 degrees of
    /// freedom (Angrist and Pischke 2009, <i>Mostly Harmless Econometrics</i>, §8.2.3; Cameron and Miller 2015,
    /// J. Human Resources 50(2), §VI; MacKinnon and Webb 2017, J. Applied Econometrics 32(2)). The wild cluster
    /// bootstrap (Cameron, Gelbach and Miller 2008) keeps its size with far fewer clusters:
    /// <see cref="Vcov.WildBootstrap(string, int, int, WildWeights, WildBootstrapType, BootstrapPValue)"/>.
    /// </remarks>
    public const int FewClustersThreshold = 42;

    /// <summary>
    /// The note for a cluster-robust estimate whose smallest cluster count is below <see cref="FewClustersThreshold"/>
    /// (null when every count reaches it): names each variable with few clusters and its count, says that the
    /// cluster-robust test over-rejects, and points to the wild cluster bootstrap.
    /// </summary>
    /// <param name="fit">The fit the estimate is for (its reference distribution names the test: t or z).</param>
    /// <param name="clusters">Each cluster variable with its number of clusters in the estimation sample.</param>
    internal static Note? FewClustersNote(VarianceInput fit, IReadOnlyList<(string Variable, int Groups)> clusters)
    {
        var few = clusters.Where(c => c.Groups < FewClustersThreshold).ToList();
        if (few.Count == 0)
        {
            return null;
        }

        var counts = string.Join(" and ", few.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Groups} clusters of '{c.Variable}'")));
        var test = fit.NormalInference ? "z" : "t";
        return new Note(
            NoteKind.FewClusters,
            $"Only {counts} (fewer than {FewClustersThreshold}): the cluster-robust {test} test over-rejects with few clusters (Cameron and Miller 2015; MacKinnon and Webb 2017); "
            + $"check the inference with a wild cluster bootstrap by '{few[0].Variable}', Vcov.WildBootstrap (as Stata's boottest, R's fwildclusterboot)",
            few.Min(c => c.Groups));
    }

    /// <summary>The small-sample factor G/(G − 1), or 1 without the cluster adjustment.</summary>
    internal static double ClusterFactor(SmallSampleCorrection correction, int groups)
        => correction.ClusterAdjustment ? groups / (groups - 1.0) : 1.0;

    /// <summary>The observation factor N/(N − K) or (N − 1)/(N − K), or 1.</summary>
    internal static double ObservationFactor(VarianceInput fit, SmallSampleCorrection correction, int k)
    {
        var n = fit.Observations;
        if (correction.Observations == ObservationAdjustment.None)
        {
            return 1.0;
        }

        if (n - k <= 0)
        {
            throw new InvalidOperationException(
                $"The small-sample correction needs N − K > 0 but N = {n} and K = {k} ({fit.Slopes} slopes, the constant and fixed-effect levels); add observations or remove regressors.");
        }

        return correction.Observations == ObservationAdjustment.NOverNMinusK ? n / (double)(n - k) : (n - 1.0) / (n - k);
    }

    /// <summary>
    /// The signed terms of a one- or two-way cluster-robust variance: V = Σ_t sign_t c_t B M_t B with M_t the meat of
    /// term t's codes; one-way one term, two-way (Cameron, Gelbach and Miller 2011) the two variables (+) and their
    /// intersection (−), each factor c_t = G_t/(G_t − 1)·(observation factor) by the request's correction.
    /// </summary>
    /// <returns>The terms (codes, number of groups, signed factor), the groups per variable and the counts by name.</returns>
    internal static (List<(int[] Codes, int Groups, double Factor)> Components, List<int> Groups, Dictionary<string, int> Counts) Terms(VarianceInput fit, Vcov request)
    {
        var codes = new List<int[]>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<int>();
        foreach (var variable in request.Clusters)
        {
            var (c, g) = fit.SharedClusterCodes(variable);
            if (g < 2)
            {
                throw fit.TooFewClusters(variable, g);
            }

            codes.Add(c);
            groups.Add(g);
            counts[variable.Name] = g;
        }

        var correction = fit.Correction(request.Correction);
        var k = fit.CorrectionParameters(correction, codes);
        var observationFactor = ObservationFactor(fit, correction, k);
        var minimumGroups = groups.Min();
        if (codes.Count == 1)
        {
            return ([(codes[0], groups[0], ClusterFactor(correction, groups[0]) * observationFactor)], groups, counts);
        }

        var (intersection, intersectionGroups) = Intersect(codes[0], codes[1]);
        int G(int own) => correction.Multiway == MultiwayClusterCount.Minimum ? minimumGroups : own;
        return (
            [
                (codes[0], groups[0], ClusterFactor(correction, G(groups[0])) * observationFactor),
                (codes[1], groups[1], ClusterFactor(correction, G(groups[1])) * observationFactor),
                (intersection, intersectionGroups, -ClusterFactor(correction, G(intersectionGroups)) * observationFactor),
            ],
            groups,
            counts);
    }

    /// <summary>The codes of the intersection of two code vectors (compacted, in order of first appearance).</summary>
    internal static (int[] Codes, int Groups) Intersect(int[] first, int[] second)
    {
        var map = new Dictionary<long, int>();
        var codes = new int[first.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            var key = ((long)first[i] << 32) | (uint)second[i];
            if (!map.TryGetValue(key, out var code))
            {
                code = map.Count;
                map[key] = code;
            }

            codes[i] = code;
        }

        return (codes, map.Count);
    }

    private sealed class HacEstimator : IVarianceEstimator
    {
        public string Name => "hac";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            ArgumentNullException.ThrowIfNull(fit);
            throw new InvalidOperationException(
                $"The HAC (Newey–West) variance is computed by the instrumental-variables family (Model.Regress(...).Instrument(...)); a '{fit.Family}' fit does not offer time-ordered scores yet. Use Vcov.Cluster(\"unit\") for serial correlation within units, or Vcov.HC1.");
        }
    }

    private sealed class IidEstimator : IVarianceEstimator
    {
        public string Name => "iid";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            ArgumentNullException.ThrowIfNull(fit);
            var matrix = fit.ModelBasedVariance();
            return VarianceEstimate.FromMatrix(fit, matrix, fit.ResidualDegreesOfFreedom);
        }
    }

    private sealed class HeteroskedasticEstimator : IVarianceEstimator
    {
        public string Name => "hc1";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            ArgumentNullException.ThrowIfNull(fit);
            ArgumentNullException.ThrowIfNull(request);
            fit.RequireResidualDegreesOfFreedom();
            var correction = fit.Correction(request.Correction);
            var meat = fit.HeteroskedasticMeat();
            var k = fit.CorrectionParameters(correction, []);
            var c = ClusterFactor(correction, fit.Observations) * ObservationFactor(fit, correction, k);
            return VarianceEstimate.FromMatrix(fit, fit.Sandwich(meat, c), fit.ResidualDegreesOfFreedom);
        }
    }

    private sealed class ClusterEstimator : IVarianceEstimator
    {
        public string Name => "cluster";

        public VarianceEstimate Estimate(VarianceInput fit, Vcov request)
        {
            ArgumentNullException.ThrowIfNull(fit);
            ArgumentNullException.ThrowIfNull(request);
            if (request.Clusters.Count is < 1 or > 2)
            {
                throw new InvalidOperationException($"Cluster-robust errors need one or two cluster variables; the request names {request.Clusters.Count}.");
            }

            var terms = Terms(fit, request);
            var groups = terms.Groups;
            var notes = new List<Note>();
            var p = fit.Names.Count;
            var matrix = new double[p * p];
            foreach (var (codes, count, factor) in terms.Components)
            {
                var part = fit.Sandwich(fit.Meat(codes, count), Math.Abs(factor));
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] += Math.Sign(factor) * part[i];
                }
            }

            if (terms.Components.Count > 1)
            {
                FixEigenvalues(matrix, p, request.EigenvalueFix, notes);
            }

            if (FewClustersNote(fit, request.Clusters.Select(c => c.Name).Zip(groups).ToList()) is { } few)
            {
                notes.Add(few);
            }

            return VarianceEstimate.FromMatrix(fit, matrix, groups.Min() - 1, terms.Counts, notes);
        }

        // Negative eigenvalues of a two-way matrix: set to zero on request, otherwise a note.
        private static void FixEigenvalues(double[] matrix, int p, bool fix, List<Note> notes)
        {
            var eigen = Matrix<double>.Build.Dense(p, p, (i, j) => matrix[(i * p) + j]).Evd(Symmetricity.Symmetric);
            var negative = eigen.EigenValues.Count(e => e.Real < 0);
            if (negative == 0)
            {
                return;
            }

            if (!fix)
            {
                notes.Add(new Note(NoteKind.Information, $"The two-way cluster matrix is not positive semi-definite ({negative} negative eigenvalue(s)); use Vcov.Cluster(a, b).WithEigenvalueFix() to repair it", negative));
                return;
            }

            var values = eigen.EigenValues.Select(e => Math.Max(e.Real, 0)).ToArray();
            var fixedMatrix = eigen.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(values) * eigen.EigenVectors.Transpose();
            for (var i = 0; i < p; i++)
            {
                for (var j = 0; j < p; j++)
                {
                    matrix[(i * p) + j] = fixedMatrix[i, j];
                }
            }

            notes.Add(new Note(NoteKind.Information, $"The two-way cluster matrix had {negative} negative eigenvalue(s), set to zero (Cameron, Gelbach and Miller 2011)", negative));
        }
    }
}
