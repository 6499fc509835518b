using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Inference;

/// <summary>A coefficient covariance matrix with the degrees of freedom its t statistics use.</summary>
/// <param name="Matrix">p×p row-major.</param>
/// <param name="DegreesOfFreedom">The t distribution's degrees of freedom: G − 1 for clusters (smallest G for two-way), N − K otherwise.</param>
/// <param name="ClusterCounts">The number of clusters per cluster variable.</param>
/// <param name="Notes">Remarks on the estimate (eigenvalue fix, a non positive semi-definite matrix).</param>
internal sealed record CovarianceEstimate(double[] Matrix, int DegreesOfFreedom, IReadOnlyDictionary<string, int> ClusterCounts, IReadOnlyList<Note> Notes);

/// <summary>
/// iid, HC1 and cluster-robust (one- and two-way) covariance of least-squares coefficients.
/// </summary>
/// <remarks>
/// <para>Dimensions: design D is n×p column-major, bread B = (D'D)⁻¹ p×p row-major, residuals e of length n,
/// scores s_g = Σ_{i∈g} e_i d_i of length p.</para>
/// <para>iid: V = σ̂² B, σ̂² = e'e/(N − K), K all parameters. Sandwich: V = c · B (Σ_g s_g s_g') B with
/// c = [G/(G − 1)] · [(N − 1)/(N − K) or N/(N − K)] by <see cref="SmallSampleCorrection"/> (Cameron and
/// Miller 2015, eq. 12 and §VI.B); HC1 takes each observation as a cluster. Two-way: V = V₁ + V₂ − V₁₂
/// (Cameron, Gelbach and Miller 2011), optionally with negative eigenvalues set to zero.</para>
/// </remarks>
internal static class CovarianceEstimator
{
    internal static CovarianceEstimate Compute(LinearFit fit, Vcov vcov)
    {
        var p = fit.Names.Length;
        var n = fit.Observations;
        switch (vcov.Kind)
        {
            case VcovKind.Iid:
                {
                    var df = fit.ResidualDegreesOfFreedom;
                    RequirePositiveDegreesOfFreedom(fit, df);
                    var sigma2 = fit.ResidualSumOfSquares / df;
                    var matrix = new double[p * p];
                    for (var i = 0; i < matrix.Length; i++)
                    {
                        matrix[i] = sigma2 * fit.Bread[i];
                    }

                    return new CovarianceEstimate(matrix, df, new Dictionary<string, int>(), []);
                }

            case VcovKind.HC1:
                {
                    var df = fit.ResidualDegreesOfFreedom;
                    RequirePositiveDegreesOfFreedom(fit, df);
                    var meat = HeteroskedasticMeat(fit);
                    var k = CorrectionParameters(fit, vcov.Correction, []);
                    var c = ClusterFactor(vcov.Correction, n) * ObservationFactor(vcov.Correction, n, k, fit);
                    return new CovarianceEstimate(Sandwich(fit.Bread, meat, p, c), df, new Dictionary<string, int>(), []);
                }

            default:
                return Clustered(fit, vcov);
        }
    }

    /// <summary>
    /// The codes of a cluster variable on the estimation sample, compacted to 0 .. G − 1: the ones the sample computed
    /// when the model names the variable, else (a variance asked for later, <c>WithVcov</c>) looked up here.
    /// </summary>
    internal static (int[] Codes, int Groups) ClusterCodes(LinearFit fit, ColumnTerm variable)
    {
        if (fit.Clusters.FirstOrDefault(c => c.Variable == variable) is { } known)
        {
            return (known.Codes, known.Groups);
        }

        var column = ResolveCategorical(fit.Data, variable);
        var all = column.RawCodes;
        var sample = new int[fit.SampleRows.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            var code = all[fit.SampleRows[i]];
            if (code < 0)
            {
                throw new InvalidOperationException(
                    $"Cluster variable '{variable.Name}' is missing in row {fit.SampleRows[i] + 1} of the estimation sample; name it in the model (Cluster(\"{variable.Name}\")) before fitting so that such rows are dropped.");
            }

            sample[i] = code;
        }

        return FixedEffectStructure.Compact(sample, variable.Name);
    }

    internal static CategoricalColumn ResolveCategorical(PanelData data, ColumnTerm variable)
    {
        var column = variable.Ordinal is { } ordinal ? data.Columns[ordinal] : data[variable.ColumnName];
        return column as CategoricalColumn
            ?? throw new InvalidOperationException(
                $"Cluster variable '{variable.Name}' is a numeric column; clustering needs a categorical column. Declare it categorical when reading the data.");
    }

    private static CovarianceEstimate Clustered(LinearFit fit, Vcov vcov)
    {
        var p = fit.Names.Length;
        var n = fit.Observations;
        var codes = new List<int[]>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<int>();
        foreach (var variable in vcov.Clusters)
        {
            var (c, g) = ClusterCodes(fit, variable);
            if (g < 2)
            {
                throw new InvalidOperationException(
                    $"Cluster variable '{variable.Name}' has {g} level in the estimation sample; clustered errors need at least 2 clusters (use Vcov.HC1, or cluster by a variable with more levels).");
            }

            codes.Add(c);
            groups.Add(g);
            counts[variable.Name] = g;
        }

        var k = CorrectionParameters(fit, vcov.Correction, codes);
        var observationFactor = ObservationFactor(vcov.Correction, n, k, fit);
        var minimumGroups = groups.Min();
        var notes = new List<Note>();
        double[] matrix;
        if (codes.Count == 1)
        {
            var meat = ClusterMeat(fit, codes[0], groups[0]);
            matrix = Sandwich(fit.Bread, meat, p, ClusterFactor(vcov.Correction, groups[0]) * observationFactor);
        }
        else
        {
            var (intersection, intersectionGroups) = Intersect(codes[0], codes[1]);
            int G(int own) => vcov.Correction.Multiway == MultiwayClusterCount.Minimum ? minimumGroups : own;
            var v1 = Sandwich(fit.Bread, ClusterMeat(fit, codes[0], groups[0]), p, ClusterFactor(vcov.Correction, G(groups[0])) * observationFactor);
            var v2 = Sandwich(fit.Bread, ClusterMeat(fit, codes[1], groups[1]), p, ClusterFactor(vcov.Correction, G(groups[1])) * observationFactor);
            var v12 = Sandwich(fit.Bread, ClusterMeat(fit, intersection, intersectionGroups), p, ClusterFactor(vcov.Correction, G(intersectionGroups)) * observationFactor);
            matrix = new double[p * p];
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] = v1[i] + v2[i] - v12[i];
            }

            var eigen = Matrix<double>.Build.Dense(p, p, (i, j) => matrix[(i * p) + j]).Evd(Symmetricity.Symmetric);
            var negative = eigen.EigenValues.Count(e => e.Real < 0);
            if (negative > 0)
            {
                if (vcov.EigenvalueFix)
                {
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
                else
                {
                    notes.Add(new Note(NoteKind.Information, $"The two-way cluster matrix is not positive semi-definite ({negative} negative eigenvalue(s)); use Vcov.Cluster(a, b).WithEigenvalueFix() to repair it", negative));
                }
            }
        }

        return new CovarianceEstimate(matrix, minimumGroups - 1, counts, notes);
    }

    /// <summary>K of the observation factor under <paramref name="correction"/>.</summary>
    private static int CorrectionParameters(LinearFit fit, SmallSampleCorrection correction, IReadOnlyList<int[]> clusterCodes)
    {
        var k = fit.Slopes;
        if (fit.HasConstant && (fit.FixedEffects is null || correction.CountConstant))
        {
            k++;
        }

        if (fit.FixedEffects is { } fe)
        {
            k += correction.FixedEffects switch
            {
                FixedEffectCount.All => fit.FixedEffectDegreesOfFreedom,
                FixedEffectCount.None => 0,
                _ => NonNestedDegreesOfFreedom(fe, clusterCodes, fit.FixedEffectDegreesOfFreedom),
            };
        }

        return k;
    }

    private static int NonNestedDegreesOfFreedom(FixedEffectStructure fe, IReadOnlyList<int[]> clusterCodes, int all)
    {
        if (clusterCodes.Count == 0)
        {
            return all;
        }

        var include = new bool[fe.Dimensions];
        var anyNested = false;
        for (var d = 0; d < fe.Dimensions; d++)
        {
            include[d] = !clusterCodes.Any(c => fe.IsNestedIn(d, c));
            anyNested |= !include[d];
        }

        return anyNested ? fe.DegreesOfFreedom(include) : all;
    }

    private static double ClusterFactor(SmallSampleCorrection correction, int groups)
        => correction.ClusterAdjustment ? groups / (groups - 1.0) : 1.0;

    private static double ObservationFactor(SmallSampleCorrection correction, int n, int k, LinearFit fit)
    {
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

    private static void RequirePositiveDegreesOfFreedom(LinearFit fit, int df)
    {
        if (df <= 0)
        {
            throw new InvalidOperationException(
                $"The model has {fit.Observations} observations and {fit.ParameterCount} parameters (slopes, constant and fixed-effect levels), leaving {df} residual degrees of freedom; it needs more observations than parameters.");
        }
    }

    // meat = Σ_i e_i² d_i d_i' (p×p row-major).
    private static double[] HeteroskedasticMeat(LinearFit fit)
    {
        var n = fit.Observations;
        var p = fit.Names.Length;
        var identity = new int[n];
        for (var i = 0; i < n; i++)
        {
            identity[i] = i;
        }

        return ClusterMeat(fit, identity, n);
    }

    // meat = Σ_g s_g s_g', s_g = Σ_{i∈g} e_i d_i.
    private static double[] ClusterMeat(LinearFit fit, int[] codes, int groups)
    {
        var n = fit.Observations;
        var p = fit.Names.Length;
        var scores = new double[groups * p];
        var e = fit.Residuals;
        if (fit.DesignColumns is { } columns)
        {
            // d_ic = x̃_ic + shift_c·r_i (then the column r; r_i = 1 unless weighted, √w_i):
            // s_gc = Σ_{i∈g} x̃_ic e_i + shift_c Σ_{i∈g} r_i e_i.
            var shifts = fit.DesignShifts!;
            var scale = fit.DesignRowScale;
            var ones = fit.HasConstant;
            var sums = ones || shifts.Any(v => v != 0) ? new double[groups] : null;
            if (sums is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    sums[codes[i]] += scale is null ? e[i] : scale[i] * e[i];
                }
            }

            for (var j = 0; j < columns.Length; j++)
            {
                var column = columns[j].Span;
                for (var i = 0; i < n; i++)
                {
                    scores[(codes[i] * p) + j] += column[i] * e[i];
                }

                if (sums is not null && shifts[j] != 0)
                {
                    for (var g = 0; g < groups; g++)
                    {
                        scores[(g * p) + j] += shifts[j] * sums[g];
                    }
                }
            }

            if (ones)
            {
                for (var g = 0; g < groups; g++)
                {
                    scores[(g * p) + columns.Length] = sums![g];
                }
            }
        }
        else
        {
            var design = fit.Design;
            for (var j = 0; j < p; j++)
            {
                var column = design.AsSpan(j * n, n);
                for (var i = 0; i < n; i++)
                {
                    scores[(codes[i] * p) + j] += column[i] * e[i];
                }
            }
        }

        var meat = new double[p * p];
        for (var g = 0; g < groups; g++)
        {
            var s = scores.AsSpan(g * p, p);
            for (var a = 0; a < p; a++)
            {
                var sa = s[a];
                for (var b = a; b < p; b++)
                {
                    meat[(a * p) + b] += sa * s[b];
                }
            }
        }

        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < a; b++)
            {
                meat[(a * p) + b] = meat[(b * p) + a];
            }
        }

        return meat;
    }

    // c · B M B
    private static double[] Sandwich(double[] bread, double[] meat, int p, double c)
    {
        var temp = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var k = 0; k < p; k++)
            {
                var b = bread[(i * p) + k];
                if (b == 0)
                {
                    continue;
                }

                for (var j = 0; j < p; j++)
                {
                    temp[(i * p) + j] += b * meat[(k * p) + j];
                }
            }
        }

        var result = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < p; k++)
                {
                    sum += temp[(i * p) + k] * bread[(k * p) + j];
                }

                result[(i * p) + j] = c * sum;
            }
        }

        return result;
    }

    private static (int[] Codes, int Groups) Intersect(int[] first, int[] second)
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
}
