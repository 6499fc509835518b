using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Mechanisms;

/// <summary>
/// The (cluster) bootstrap of a·b: resample clusters (or observations) with replacement, refit steps 2 and 3 with
/// the same controls and fixed effects, and take percentiles of the resampled a·b.
/// </summary>
/// <remarks>
/// Dimensions: n rows of the estimation sample; <c>m</c> is [y, M, X, W] n×(3 + k) column-major. A fixed-effect
/// dimension nested in the resampled clusters (for example the unit when clustering by unit) gets a new level for
/// every copy of a cluster, as a cluster drawn twice is two units (Cameron, Gelbach and Miller 2008; Cameron and
/// Miller 2015, §VI.A); other dimensions keep their levels. Percentiles use R's type-7 interpolation.
/// </remarks>
internal static class MediationBootstrap
{
    internal static MediationBootstrapInterval Run(MediationSpecification specification, RegressionResult outcome, RegressionResult mediator)
    {
        var fit = outcome.Fit;
        var rows = fit.SampleRows;
        var n = rows.Length;
        var regression = specification.Regression;
        var evaluator = new TermEvaluator(fit.Data, LinearModelEstimator.PanelShift);
        var terms = new List<Term> { regression.Outcome, specification.MediatorTerm!, specification.TreatmentTerm! };
        // Controls dropped from the fitted step (absorbed or collinear) stay out of the resampled fits too.
        terms.AddRange(regression.ControlTerms.Where(c => outcome.TryGetCoefficient(c.Name, out _) && mediator.TryGetCoefficient(c.Name, out _)));
        var columns = terms.Count;
        var values = new double[n * columns];
        for (var j = 0; j < columns; j++)
        {
            var source = evaluator.Evaluate(terms[j]);
            for (var i = 0; i < n; i++)
            {
                values[(j * n) + i] = source[rows[i]];
            }
        }

        int[] clusterOf;
        int groups;
        string unit;
        if (regression.Clusters.Count > 0)
        {
            (clusterOf, groups) = FitClusters.CodesOf(fit, regression.Clusters[0]);
            unit = regression.Clusters[0].Name;
        }
        else
        {
            clusterOf = Enumerable.Range(0, n).ToArray();
            groups = n;
            unit = "observation";
        }

        var members = new List<int>[groups];
        for (var g = 0; g < groups; g++)
        {
            members[g] = [];
        }

        for (var i = 0; i < n; i++)
        {
            members[clusterOf[i]].Add(i);
        }

        var structure = fit.FixedEffects;
        var dimensions = structure?.Dimensions ?? 0;
        var nested = new bool[dimensions];
        var featureCodes = new int[dimensions][];
        for (var d = 0; d < dimensions; d++)
        {
            nested[d] = regression.Clusters.Count > 0 && structure!.IsNestedIn(d, clusterOf);
            featureCodes[d] = structure!.Codes(d).ToArray();
        }

        var centred = structure is not null || regression.HasIntercept;
        var draws = specification.BootstrapDraws;
        var estimates = new double[draws];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, draws, options, b =>
        {
            var random = RandomStream.ForStream(specification.BootstrapSeed, b);
            var picked = new List<int>(n);
            var copyOf = new List<int>(n);
            for (var g = 0; g < groups; g++)
            {
                var cluster = members[random.NextInt(groups)];
                picked.AddRange(cluster);
                for (var r = 0; r < cluster.Count; r++)
                {
                    copyOf.Add(g);
                }
            }

            estimates[b] = Indirect(values, n, columns, picked, copyOf, featureCodes, nested, structure?.Names, centred, regression);
        });

        var valid = estimates.Where(double.IsFinite).Order().ToArray();
        var clusters = unit == "observation" ? $"{groups} observations" : $"{groups} {unit} clusters";
        if (valid.Length == 0)
        {
            throw new InvalidOperationException(
                $"None of the {draws} bootstrap resamples could estimate both a and b; with {clusters} every resample is degenerate (a or b collinear or absorbed). Use more clusters or no bootstrap.");
        }

        var alpha = 1 - specification.BootstrapLevel;
        var mean = valid.Average();

        // One valid draw has no spread (n − 1 = 0): its standard deviation is not defined, not NaN.
        var sd = valid.Length > 1 ? Math.Sqrt(valid.Sum(v => (v - mean) * (v - mean)) / (valid.Length - 1)) : double.NaN;
        if (Significance.IsDegenerate(mean, sd))
        {
            // A percentile interval of one value, or of draws that are all equal, has zero width: not reported.
            var reason = valid.Length == 1
                ? $"only 1 of {draws} bootstrap resamples could estimate both a and b (with {clusters} the others are degenerate), and one draw has no spread"
                : $"all {valid.Length} valid bootstrap resamples (of {draws}) give the same a·b";
            var note = Significance.DegenerateNote([("a·b (bootstrap)", sd)], reason, valid.Length == 1 ? "are not defined" : "are not positive");
            return new MediationBootstrapInterval(draws, valid.Length, specification.BootstrapSeed, specification.BootstrapLevel, double.NaN, double.NaN, sd, unit) { Note = note };
        }

        return new MediationBootstrapInterval(draws, valid.Length, specification.BootstrapSeed, specification.BootstrapLevel, Quantile(valid, alpha / 2), Quantile(valid, 1 - (alpha / 2)), sd, unit);
    }

    /// <summary>R's type-7 quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }

    private static double Indirect(double[] values, int n, int columns, List<int> picked, List<int> copyOf, int[][] featureCodes, bool[] nested, IReadOnlyList<string>? names, bool centred, RegressionSpecification regression)
    {
        var m = picked.Count;
        var matrix = new double[m * columns];
        for (var j = 0; j < columns; j++)
        {
            var source = values.AsSpan(j * n, n);
            var target = matrix.AsSpan(j * m, m);
            for (var i = 0; i < m; i++)
            {
                target[i] = source[picked[i]];
            }
        }

        if (names is not null)
        {
            var codes = new int[featureCodes.Length][];
            for (var d = 0; d < featureCodes.Length; d++)
            {
                codes[d] = new int[m];
                var map = nested[d] ? new Dictionary<(int, int), int>() : null;
                for (var i = 0; i < m; i++)
                {
                    var code = featureCodes[d][picked[i]];
                    if (map is null)
                    {
                        codes[d][i] = code;
                    }
                    else
                    {
                        var key = (copyOf[i], code);
                        if (!map.TryGetValue(key, out var fresh))
                        {
                            fresh = map.Count;
                            map[key] = fresh;
                        }

                        codes[d][i] = fresh;
                    }
                }
            }

            var structure = FixedEffectStructure.Create(names, codes);
            structure.DemeanColumns(matrix, columns, regression.DemeaningTolerance, regression.DemeaningIterations);
        }
        else if (centred)
        {
            for (var j = 0; j < columns; j++)
            {
                var column = matrix.AsSpan(j * m, m);
                var mean = Kernels.Sum(column) / m;
                for (var i = 0; i < m; i++)
                {
                    column[i] -= mean;
                }
            }
        }

        // Step 2: M on [X, W] -> a. Step 3: y on [X, M, W] -> b.
        var controls = columns - 3;
        var a = Coefficient(matrix, m, response: 1, [2, .. Enumerable.Range(3, controls)], target: 0);
        var b = Coefficient(matrix, m, response: 0, [1, 2, .. Enumerable.Range(3, controls)], target: 0);
        return a * b;
    }

    private static double Coefficient(double[] matrix, int m, int response, int[] regressors, int target)
    {
        var work = new double[m * regressors.Length];
        for (var c = 0; c < regressors.Length; c++)
        {
            matrix.AsSpan(regressors[c] * m, m).CopyTo(work.AsSpan(c * m, m));
        }

        var qr = HouseholderQr.Decompose(work, m, regressors.Length);
        var position = qr.Kept.IndexOf(target);
        if (position < 0)
        {
            return double.NaN;
        }

        return qr.Solve(matrix.AsSpan(response * m, m))[position];
    }
}
