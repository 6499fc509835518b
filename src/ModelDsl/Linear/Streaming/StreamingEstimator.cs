using System.Globalization;
using System.Numerics;

using ModelDsl.Estimation;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Streaming;

/// <summary>Options of a streaming fit.</summary>
public sealed record StreamingOptions
{
    /// <summary>Partitions processed at the same time (each worker keeps one set of per-level statistics); default the processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Least squares with fixed effects (one, two, three or more dimensions) over data read in batches, in a bounded number
/// of passes, with memory bounded by the number of fixed-effect levels, and partitions processed in parallel and merged
/// exactly.
/// </summary>
/// <remarks>
/// <para>Passes (each reads only the model's columns): (1) the levels of every key column with their row counts, and each
/// numeric column's largest absolute value (which sets the fixed-point grid of every later sum); (1′) only when
/// singletons must go, one counting pass per round of their iterative removal; (2) per-unit sums of [y X] for the
/// dimension with the most levels (the "units", eliminated exactly by their means) and each unit's pattern of levels of
/// the other ("small") dimensions; (3) A = Ẋ'Ẋ and C = T'Ẋ of the unit-demeaned columns Ẋ = [y X] − unit means, with
/// T the dummies of the small dimensions; (4) residuals and per-cluster scores.</para>
/// <para>Algebra (Frisch–Waugh–Lovell twice): with M_D the unit-demeaning projection, T'M_D Ẋ = C needs only the unit
/// means, and T'M_D T = diag(n_ℓ) − Σ_u c_u c_u'/n_u needs each unit's count vector c_u over the small levels — stored
/// as a bitset of L bits per unit (units × L bits: 10 million firms × 100 years is 125 MB), with a sparse count for the
/// cells holding more than one row, and summed once per distinct pattern (a balanced panel has one). Γ = (T'M_D T)⁺C
/// (one reference level per small dimension dropped, further dependent levels found by the pivots of a Cholesky
/// factorisation), X̃'X̃ = A − C'Γ is the fully demeaned cross-product, and b solves the slope block, collinear columns
/// dropped in order as the in-memory QR drops them (remaining squared norm ≤ 1e-14 of the column's). Every sum is an
/// order-independent fixed-point sum (<see cref="FixedPointSum"/>), so the merged statistics, and the estimates, are
/// bitwise the same for every split of the rows into partitions and every number of workers.</para>
/// <para>Conventions are those of <see cref="LinearModelEstimator"/>: singletons dropped iteratively (unless
/// KeepSingletons), a regressor absorbed when its within sum of squares is ≤ 1e-12 of its centred sum of squares, the
/// constant reported as ȳ − x̄'b with reghdfe's variance, the fixed-effect degrees of freedom counted exactly for the
/// first two dimensions (levels − connected components) and one redundancy per further dimension, and the
/// small-sample correction of the request (default Stata's: G/(G − 1)·(N − 1)/(N − K) with fixed effects nested in the
/// cluster not counted in K).</para>
/// <para>Memory: per unit m fixed-point sums (16 bytes each), m means and L pattern bits; per cluster p score sums;
/// dense L×m and L×L blocks; times the number of workers for the per-worker statistics. Never per row.</para>
/// </remarks>
internal static class StreamingEstimator
{
    internal static StreamingRegressionResult Fit(RegressionSpecification specification, IColumnBatchSource source, StreamingOptions options)
    {
        var layout = Layout(specification);
        var workers = Math.Max(1, options.Workers);
        var notes = new List<Note>();
        var passes = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var passSeconds = new List<double>();
        void Lap()
        {
            passSeconds.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        }

        // Pass 1: levels, counts, maxima.
        var levelPass = Run(source, workers, layout, () => new LevelPass(layout), (s, b) => s.Add(layout, b), (a, b) => a.Merge(b));
        passes++;
        Lap();
        if (levelPass.Rows == 0)
        {
            throw new InvalidOperationException($"No complete rows: every row misses a value of {string.Join(", ", layout.Numeric.Concat(layout.Keys))}.");
        }

        if (levelPass.Rows > FixedPointSum.MaximumTerms)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The data have {levelPass.Rows} rows; the streaming sums hold at most {FixedPointSum.MaximumTerms}."));
        }

        if (levelPass.Incomplete > 0)
        {
            notes.Add(new Note(NoteKind.MissingValues, string.Create(CultureInfo.InvariantCulture, $"{levelPass.Incomplete} rows dropped for a missing value of {string.Join(", ", layout.Numeric.Concat(layout.Keys))}"), (int)Math.Min(int.MaxValue, levelPass.Incomplete)));
        }

        var dims = layout.FixedEffects.Length;
        var sorted = levelPass.Counters.Select(c => c.Sorted()).ToArray();
        var indices = Enumerable.Range(0, dims).Select(d => LevelIndex.Of(sorted[d].Keys)).ToArray();
        var counts = Enumerable.Range(0, dims).Select(d => sorted[d].Counts).ToArray();
        var rows = levelPass.Rows;

        // Pass 1′: singletons, removed iteratively as the in-memory sample does.
        if (specification.DropSingletons)
        {
            while (counts.Any(c => c.Contains(1)))
            {
                var keep = counts;
                indices = indices.Select((index, d) => index.Keep(keep[d].Select(c => c > 1).ToArray())).ToArray();
                var current = indices;
                var countPass = Run(source, workers, layout, () => new CountPass(current), (s, b) => s.Add(layout, b, current), (a, b) => a.Merge(b));
                passes++;
                Lap();
                counts = countPass.Counts;
                if (countPass.Rows == 0)
                {
                    throw new InvalidOperationException($"No rows left after removing singleton observations of the fixed effects ({string.Join(", ", layout.FixedEffects)}); every level has one observation. Use KeepSingletons() or fewer fixed effects.");
                }

                var dropped = rows - countPass.Rows;
                rows = countPass.Rows;
                if (dropped > 0)
                {
                    var previous = notes.FindIndex(n => n.Kind == NoteKind.Singletons);
                    var total = dropped + (previous >= 0 ? notes[previous].Count ?? 0 : 0);
                    var note = new Note(NoteKind.Singletons, string.Create(CultureInfo.InvariantCulture, $"{total} singleton observations dropped (alone in a level of {string.Join(" or ", layout.FixedEffects)}; removed iteratively)"), (int)Math.Min(int.MaxValue, total));
                    if (previous >= 0)
                    {
                        notes[previous] = note;
                    }
                    else
                    {
                        notes.Add(note);
                    }
                }
            }
        }

        // Levels that lost all their rows leave the index too (codes stay dense).
        indices = indices.Select((index, d) => counts[d].All(c => c > 0) ? index : index.Keep(counts[d].Select(c => c > 0).ToArray())).ToArray();
        counts = counts.Select(c => c.Where(x => x > 0).ToArray()).ToArray();
        var fe = new FixedEffectLayout(counts.Select(c => c.Length).ToArray());
        LevelIndex? clusterIndex = null;
        if (layout.Cluster is not null)
        {
            clusterIndex = layout.ClusterFixedEffect >= 0 ? indices[layout.ClusterFixedEffect] : LevelIndex.Of(sorted[^1].Keys);
        }

        var clusterLevels = clusterIndex?.Levels ?? 0;
        var m = layout.M;
        var max = levelPass.MaximumAbsolute;
        var units = fe.Units;

        // Pass 2: unit sums and patterns.
        var sumScales = max.Select(FixedPointSum.Scale).ToArray();
        var sumPass = Run(source, workers, layout, () => new SumPass(fe, m, clusterLevels, sumScales), (s, b) =>
        {
            var (codes, clusters) = StreamingRows.Codes(layout, b, indices, clusterIndex, s.Scratch);
            s.Add(layout, fe, b, codes, clusters);
        }, (a, b) => a.Merge(b, fe));
        passes++;
        Lap();
        var n = sumPass.Rows;
        var unitCounts = counts[fe.Eliminated];
        var unitMeans = new double[(long)units * m];
        for (long u = 0; u < units; u++)
        {
            for (var j = 0; j < m; j++)
            {
                unitMeans[(u * m) + j] = FixedPointSum.ToDouble(sumPass.UnitSums[(u * m) + j], sumScales[j]) / unitCounts[u];
            }
        }

        var totals = sumPass.Totals();
        var means = Enumerable.Range(0, m).Select(j => FixedPointSum.ToDouble(totals[j], sumScales[j]) / n).ToArray();

        // Pass 3: cross-products of the unit-demeaned columns.
        var productScales = new int[m * m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++)
            {
                productScales[(a * m) + b] = FixedPointSum.Scale(4 * max[a] * max[b]);
            }
        }

        var demeanedScales = max.Select(x => FixedPointSum.Scale(2 * x)).ToArray();
        var centredScales = max.Select(x => FixedPointSum.Scale(4 * x * x)).ToArray();
        var crossPass = Run(source, workers, layout, () => new CrossPass(m, fe.SmallLevels, productScales, demeanedScales, centredScales), (s, b) =>
        {
            var (codes, _) = StreamingRows.Codes(layout, b, indices, null, s.Scratch);
            s.Add(layout, fe, b, codes, unitMeans, means);
        }, (a, b) => a.Merge(b));
        passes++;
        Lap();

        // The Schur step: Γ = (T'M T)⁺ C and X̃'X̃ = A − C'Γ.
        var (patterns, patternOf) = Patterns(fe, sumPass, unitCounts);
        var smallCounts = fe.Small.SelectMany(s => counts[s]).ToArray();
        var (gamma, within) = Schur(fe, m, crossPass, patterns, smallCounts, sumPass.Pairs);
        var centred = Enumerable.Range(0, m).Select(j => FixedPointSum.ToDouble(crossPass.Centred[j], centredScales[j])).ToArray();

        // Absorbed and collinear regressors, then the slopes.
        var names = layout.Numeric;
        var candidates = new List<int>();
        var feNames = string.Join(", ", layout.FixedEffects);
        for (var j = 1; j < m; j++)
        {
            if (centred[j] == 0 || within[(j * m) + j] <= LinearModelEstimator.AbsorbedTolerance * centred[j])
            {
                notes.Add(new Note(NoteKind.Absorbed, $"{names[j]} is absorbed by the fixed effects ({feNames}); it was dropped", 1));
            }
            else
            {
                candidates.Add(j);
            }
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"Every regressor ({string.Join(", ", names.Skip(1))}) is absorbed by the fixed effects ({feNames}) or constant; nothing is left to estimate.");
        }

        var (kept, inverse) = Slopes(within, m, candidates, notes, names, feNames);
        var r = kept.Length;
        var slopes = new double[r];
        for (var a = 0; a < r; a++)
        {
            for (var b = 0; b < r; b++)
            {
                slopes[a] += inverse[(a * r) + b] * within[kept[b] * m];
            }
        }

        // Pass 4: residuals, meat and cluster scores.
        var patternShift = new double[(long)patterns.Count * m];
        for (var q = 0; q < patterns.Count; q++)
        {
            var pattern = patterns[q];
            for (var t = 0; t < pattern.Levels.Length; t++)
            {
                for (var j = 0; j < m; j++)
                {
                    patternShift[((long)q * m) + j] += pattern.Counts[t] * gamma[((long)pattern.Levels[t] * m) + j] / pattern.Rows;
                }
            }
        }

        var model = new ResidualModel
        {
            FixedEffects = fe,
            UnitMeans = unitMeans,
            Means = means,
            Gamma = gamma,
            PatternOf = patternOf,
            PatternShift = patternShift,
            Kept = kept,
            Slopes = slopes,
        };

        // Bounds of x̃ = ẋ − (Γ_row − T̄'Γ): |ẋ| ≤ 2max, and per small dimension |Γ_row − T̄'Γ| ≤ 2 max|Γ|.
        var tildeBound = new double[m];
        for (var j = 0; j < m; j++)
        {
            tildeBound[j] = 2 * max[j];
            for (var s = 0; s < fe.Small.Length; s++)
            {
                var largest = 0.0;
                for (var l = 0; l < fe.Levels[fe.Small[s]]; l++)
                {
                    largest = Math.Max(largest, Math.Abs(gamma[((long)(fe.Offsets[s] + l) * m) + j]));
                }

                tildeBound[j] += 2 * largest;
            }
        }

        var p = r + 1;
        var residualBound = tildeBound[0] + kept.Select((c, a) => Math.Abs(slopes[a]) * tildeBound[c]).Sum();
        var designBound = kept.Select(c => tildeBound[c]).Append(1.0).ToArray();
        var meatScales = new int[p * p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                meatScales[(a * p) + b] = FixedPointSum.Scale(residualBound * residualBound * designBound[a] * designBound[b]);
            }
        }

        var scoreScales = designBound.Select(x => FixedPointSum.Scale(residualBound * x)).ToArray();
        var rssScale = FixedPointSum.Scale(residualBound * residualBound);
        var residualPass = Run(source, workers, layout, () => new ResidualPass(p, clusterLevels, rssScale, meatScales, scoreScales), (s, b) =>
        {
            var (codes, clusters) = StreamingRows.Codes(layout, b, indices, clusterIndex, s.Scratch);
            s.Add(model, layout, b, codes, clusters);
        }, (a, b) => a.Merge(b));
        passes++;
        Lap();

        return Result(specification, layout, fe, indices, counts, sumPass, crossPass, residualPass, model, inverse, within, centred, notes, passes, n) with { PassSeconds = passSeconds };
    }

    private static StreamingRegressionResult Result(RegressionSpecification specification, StreamingLayout layout, FixedEffectLayout fe, LevelIndex[] indices, long[][] counts, SumPass sumPass, CrossPass crossPass, ResidualPass residualPass, ResidualModel model, double[] inverse, double[] within, double[] centred, List<Note> notes, int passes, long n)
    {
        var m = layout.M;
        var kept = model.Kept;
        var r = kept.Length;
        var p = r + 1;
        var xbar = kept.Select(c => model.Means[c]).ToArray();
        var bread = ConstantAugmentation.Bread(inverse, xbar, n);
        var estimates = model.Slopes.Append(model.Means[0] - kept.Select((c, a) => model.Means[c] * model.Slopes[a]).Sum()).ToArray();
        var names = kept.Select(c => layout.Numeric[c]).Append(Coefficient.InterceptName).ToArray();
        var rss = FixedPointSum.ToDouble(residualPass.ResidualSumOfSquares, residualPass.RssScale);
        var feDegrees = DegreesOfFreedom(fe, sumPass, counts, null);
        var parameters = r + 1 + feDegrees;
        var residualDegrees = n - parameters;
        if (residualDegrees <= 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The model has {n} observations and {parameters} parameters ({r} slopes, the constant and {feDegrees} fixed-effect levels), leaving no residual degrees of freedom."));
        }

        var vcov = specification.Variance;
        var correction = vcov.Correction;
        double[] matrix;
        long inferenceDegrees = residualDegrees;
        var clusterCount = 0;
        if (vcov.Kind == VcovKind.Iid)
        {
            var sigma2 = rss / residualDegrees;
            matrix = bread.Select(x => x * sigma2).ToArray();
        }
        else
        {
            var meat = new double[p * p];
            long groups;
            long k;
            if (vcov.Kind == VcovKind.HC1)
            {
                for (var a = 0; a < p; a++)
                {
                    for (var b = a; b < p; b++)
                    {
                        meat[(a * p) + b] = meat[(b * p) + a] = FixedPointSum.ToDouble(residualPass.Meat[(a * p) + b], residualPass.MeatScales[(a * p) + b]);
                    }
                }

                groups = n;
                k = CorrectionParameters(correction, r, fe, sumPass, counts, null);
            }
            else
            {
                var present = sumPass.ClusterRows!;
                groups = present.Count(c => c > 0);
                clusterCount = (int)groups;
                var score = new double[p];
                for (long g = 0; g < present.Length; g++)
                {
                    if (present[g] == 0)
                    {
                        continue;
                    }

                    for (var a = 0; a < p; a++)
                    {
                        score[a] = FixedPointSum.ToDouble(residualPass.Scores[(g * p) + a], residualPass.ScoreScales[a]);
                    }

                    for (var a = 0; a < p; a++)
                    {
                        for (var b = 0; b < p; b++)
                        {
                            meat[(a * p) + b] += score[a] * score[b];
                        }
                    }
                }

                k = CorrectionParameters(correction, r, fe, sumPass, counts, layout);
                inferenceDegrees = groups - 1;
            }

            var factor = (correction.ClusterAdjustment ? groups / (groups - 1.0) : 1.0) * ObservationFactor(correction, n, k, r);

            // In the centred basis the bread is diag((X̃'X̃)⁻¹, 1/N); V = T⁻¹ Ṽ T⁻ᵀ with T⁻¹ = [[I, 0], [−x̄', 1]].
            var centredBread = new double[p * p];
            for (var a = 0; a < r; a++)
            {
                for (var b = 0; b < r; b++)
                {
                    centredBread[(a * p) + b] = inverse[(a * r) + b];
                }
            }

            centredBread[(p * p) - 1] = 1.0 / n;
            matrix = Uncentre(Sandwich(centredBread, meat, p, factor), xbar, p);
        }

        var level = specification.ConfidenceLevel;
        var df = (int)Math.Min(int.MaxValue, inferenceDegrees);
        var coefficients = Enumerable.Range(0, p).Select(a => Significance.Coefficient(names[a], estimates[a], Math.Sqrt(matrix[(a * p) + a]), df, level)).ToArray();
        var tss = centred[0];
        var withinTss = within[0];
        var statistics = new StreamingStatistics(sumPass.UnitSums, sumPass.Patterns, [.. sumPass.Extras.OrderBy(x => x.Key).Select(x => (x.Key, x.Value))], crossPass.Products, crossPass.LevelSums, crossPass.Centred, residualPass.ResidualSumOfSquares, residualPass.Meat, residualPass.Scores);
        return new StreamingRegressionResult
        {
            Dependent = layout.Numeric[0],
            Coefficients = coefficients,
            Observations = n,
            ResidualDegreesOfFreedom = residualDegrees,
            FixedEffectDegreesOfFreedom = feDegrees,
            FixedEffectLevels = layout.FixedEffects.Select((name, d) => new KeyValuePair<string, int>(name, fe.Levels[d])).ToArray(),
            EliminatedFixedEffect = layout.FixedEffects[fe.Eliminated],
            ClusterCount = clusterCount,
            Variance = vcov.Description,
            ResidualSumOfSquares = rss,
            RSquared = 1 - (rss / tss),
            RSquaredWithin = 1 - (rss / withinTss),
            Covariance = matrix,
            Passes = passes,
            Notes = notes,
            Statistics = statistics,
        };
    }

    private static double ObservationFactor(SmallSampleCorrection correction, long n, long k, int slopes)
    {
        if (correction.Observations == ObservationAdjustment.None)
        {
            return 1.0;
        }

        if (n - k <= 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The small-sample correction needs N − K > 0 but N = {n} and K = {k} ({slopes} slopes, the constant and fixed-effect levels)."));
        }

        return correction.Observations == ObservationAdjustment.NOverNMinusK ? n / (double)(n - k) : (n - 1.0) / (n - k);
    }

    // K of the observation factor, as LinearVarianceInput.CorrectionParameters counts it.
    private static long CorrectionParameters(SmallSampleCorrection correction, int slopes, FixedEffectLayout fe, SumPass sumPass, long[][] counts, StreamingLayout? cluster)
    {
        long k = slopes + (correction.CountConstant ? 1 : 0);
        k += correction.FixedEffects switch
        {
            FixedEffectCount.All => DegreesOfFreedom(fe, sumPass, counts, null),
            FixedEffectCount.None => 0,
            _ => DegreesOfFreedom(fe, sumPass, counts, cluster is null ? null : Enumerable.Range(0, fe.Levels.Length).Select(d => !NestedInCluster(sumPass, d)).ToArray()),
        };
        return k;
    }

    // Every level of dimension d lies within one cluster.
    private static bool NestedInCluster(SumPass sumPass, int d)
    {
        var low = sumPass.ClusterLow![d];
        var high = sumPass.ClusterHigh![d];
        for (var l = 0; l < low.Length; l++)
        {
            if (low[l] != high[l])
            {
                return false;
            }
        }

        return true;
    }

    // Σ levels − (components of the first two included dimensions) − (one per further dimension) − 1 (FixedEffectStructure.DegreesOfFreedom).
    private static int DegreesOfFreedom(FixedEffectLayout fe, SumPass sumPass, long[][] counts, bool[]? include)
    {
        var dims = Enumerable.Range(0, fe.Levels.Length).Where(d => include is null || include[d]).ToArray();
        if (dims.Length == 0)
        {
            return 0;
        }

        var total = dims.Sum(d => fe.Levels[d]);
        if (dims.Length == 1)
        {
            return total - 1;
        }

        return total - Components(fe, sumPass, dims[0], dims[1]) - (dims.Length - 2) - 1;
    }

    // Connected components of the bipartite graph of the levels of dimensions a and b that share a row.
    private static int Components(FixedEffectLayout fe, SumPass sumPass, int a, int b)
    {
        var la = fe.Levels[a];
        var parent = Enumerable.Range(0, la + fe.Levels[b]).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int x, int y) => parent[Find(x)] = Find(y);

        if (a == fe.Eliminated || b == fe.Eliminated)
        {
            var other = a == fe.Eliminated ? b : a;
            var s = Array.IndexOf(fe.Small, other);
            for (long u = 0; u < fe.Units; u++)
            {
                for (var w = 0; w < fe.Words; w++)
                {
                    var bits = sumPass.Patterns[(u * fe.Words) + w];
                    while (bits != 0)
                    {
                        var level = (w * 64) + BitOperations.TrailingZeroCount(bits) - fe.Offsets[s];
                        bits &= bits - 1;
                        if (level >= 0 && level < fe.Levels[other])
                        {
                            var (x, y) = a == fe.Eliminated ? ((int)u, la + level) : (level, la + (int)u);
                            Union(x, y);
                        }
                    }
                }
            }
        }
        else
        {
            var sa = Array.IndexOf(fe.Small, a);
            var sb = Array.IndexOf(fe.Small, b);
            var (first, second) = sa < sb ? (sa, sb) : (sb, sa);
            var pair = 0;
            for (var s = 0; s < first; s++)
            {
                pair += fe.Small.Length - s - 1;
            }

            pair += second - first - 1;
            var cells = sumPass.Pairs[pair];
            var width = fe.Levels[fe.Small[second]];
            for (long at = 0; at < cells.Length; at++)
            {
                if (cells[at] > 0)
                {
                    var i = (int)(at / width);
                    var j = (int)(at % width);
                    var (x, y) = sa < sb ? (i, la + j) : (j, la + i);
                    Union(x, y);
                }
            }
        }

        return Enumerable.Range(0, parent.Length).Count(x => Find(x) == x);
    }

    // T⁻¹ V T⁻ᵀ with T⁻¹ = [[I, 0], [−x̄', 1]]: the slopes' block is unchanged, the constant's row is v_c − x̄'V_s.
    private static double[] Uncentre(double[] v, double[] xbar, int p)
    {
        var r = p - 1;
        var result = (double[])v.Clone();
        var cross = new double[r];
        for (var a = 0; a < r; a++)
        {
            cross[a] = v[(r * p) + a];
            for (var b = 0; b < r; b++)
            {
                cross[a] -= xbar[b] * v[(b * p) + a];
            }

            result[(r * p) + a] = result[(a * p) + r] = cross[a];
        }

        var constant = v[(r * p) + r];
        for (var a = 0; a < r; a++)
        {
            constant -= 2 * xbar[a] * v[(a * p) + r];
            for (var b = 0; b < r; b++)
            {
                constant += xbar[a] * v[(a * p) + b] * xbar[b];
            }
        }

        result[(r * p) + r] = constant;
        return result;
    }

    private static double[] Sandwich(double[] bread, double[] meat, int p, double factor)
    {
        var left = new double[p * p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                var s = 0.0;
                for (var c = 0; c < p; c++)
                {
                    s += bread[(a * p) + c] * meat[(c * p) + b];
                }

                left[(a * p) + b] = s;
            }
        }

        var result = new double[p * p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                var s = 0.0;
                for (var c = 0; c < p; c++)
                {
                    s += left[(a * p) + c] * bread[(c * p) + b];
                }

                result[(a * p) + b] = factor * s;
            }
        }

        return result;
    }

    /// <summary>One distinct pattern of small-dimension levels: the levels (columns of T), their counts, the unit's rows and how many units share it.</summary>
    internal sealed record Pattern(int[] Levels, long[] Counts, long Rows, long Units);

    // The distinct patterns in order of first appearance among units (deterministic), and each unit's pattern.
    private static (List<Pattern> Patterns, int[] PatternOf) Patterns(FixedEffectLayout fe, SumPass sumPass, long[] unitCounts)
    {
        if (fe.SmallLevels == 0)
        {
            return ([new Pattern([], [], 1, fe.Units)], new int[fe.Units]);
        }

        var words = fe.Words;
        var bits = sumPass.Patterns;
        var units = fe.Units;
        var withExtras = new HashSet<long>(sumPass.Extras.Keys.Select(key => key / Math.Max(1, fe.SmallLevels)));
        var comparer = new PatternComparer(bits, words);
        var byPattern = new Dictionary<long, int>(comparer);
        var patterns = new List<Pattern>();
        var unitsPer = new List<long>();
        var patternOf = new int[units];
        for (long u = 0; u < units; u++)
        {
            if (!withExtras.Contains(u) && byPattern.TryGetValue(u, out var q))
            {
                patternOf[u] = q;
                unitsPer[q]++;
                continue;
            }

            var levels = new List<int>();
            var cellCounts = new List<long>();
            for (var w = 0; w < words; w++)
            {
                var word = bits[(u * words) + w];
                while (word != 0)
                {
                    var level = (w * 64) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    levels.Add(level);
                    cellCounts.Add(1 + sumPass.Extras.GetValueOrDefault((u * fe.SmallLevels) + level));
                }
            }

            patternOf[u] = patterns.Count;
            patterns.Add(new Pattern([.. levels], [.. cellCounts], unitCounts[u], 1));
            unitsPer.Add(1);
            if (!withExtras.Contains(u))
            {
                byPattern[u] = patterns.Count - 1;
            }
        }

        return (patterns.Select((pattern, q) => pattern with { Units = unitsPer[q] }).ToList(), patternOf);
    }

    private sealed class PatternComparer(ulong[] bits, int words) : IEqualityComparer<long>
    {
        public bool Equals(long x, long y) => bits.AsSpan((int)(x * words), words).SequenceEqual(bits.AsSpan((int)(y * words), words));

        public int GetHashCode(long obj)
        {
            var hash = default(HashCode);
            foreach (var word in bits.AsSpan((int)(obj * words), words))
            {
                hash.Add(word);
            }

            return hash.ToHashCode();
        }
    }

    // Γ (L×m) and X̃'X̃ (m×m) from the pass-3 sums and the patterns.
    private static (double[] Gamma, double[] Within) Schur(FixedEffectLayout fe, int m, CrossPass cross, List<Pattern> patterns, long[] smallCounts, List<long[]> pairs)
    {
        var a = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = i; j < m; j++)
            {
                a[(i * m) + j] = a[(j * m) + i] = FixedPointSum.ToDouble(cross.Products[(i * m) + j], cross.ProductScales[(i * m) + j]);
            }
        }

        var l = fe.SmallLevels;
        var gamma = new double[(long)l * m];
        if (l == 0)
        {
            return (gamma, a);
        }

        var c = new double[(long)l * m];
        for (long t = 0; t < l; t++)
        {
            for (var j = 0; j < m; j++)
            {
                c[(t * m) + j] = FixedPointSum.ToDouble(cross.LevelSums[(t * m) + j], cross.DemeanedScales[j]);
            }
        }

        // T'M T = T'T − Σ_patterns units·c c'/n; T'T is diag(n_ℓ) within a dimension and the pair counts across two.
        var g = new double[l * l];
        for (var t = 0; t < l; t++)
        {
            g[(t * l) + t] = smallCounts[t];
        }

        var pair = 0;
        for (var s = 0; s < fe.Small.Length; s++)
        {
            for (var t = s + 1; t < fe.Small.Length; t++)
            {
                var cells = pairs[pair++];
                var width = fe.Levels[fe.Small[t]];
                for (long at = 0; at < cells.Length; at++)
                {
                    var i = fe.Offsets[s] + (int)(at / width);
                    var j = fe.Offsets[t] + (int)(at % width);
                    g[(i * l) + j] = g[(j * l) + i] = cells[at];
                }
            }
        }

        foreach (var pattern in patterns)
        {
            var weight = pattern.Units / (double)pattern.Rows;
            for (var i = 0; i < pattern.Levels.Length; i++)
            {
                var wi = weight * pattern.Counts[i];
                var row = pattern.Levels[i] * l;
                for (var j = 0; j < pattern.Levels.Length; j++)
                {
                    g[row + pattern.Levels[j]] -= wi * pattern.Counts[j];
                }
            }
        }

        // Free columns: all but the first level of each small dimension; a Cholesky with pivots in order drops the dependent ones.
        var free = new bool[l];
        Array.Fill(free, true);
        foreach (var offset in fe.Offsets)
        {
            free[offset] = false;
        }

        var factor = (double[])g.Clone();
        for (var k = 0; k < l; k++)
        {
            if (!free[k])
            {
                continue;
            }

            var pivot = factor[(k * l) + k];
            for (var s = 0; s < k; s++)
            {
                if (free[s])
                {
                    pivot -= factor[(k * l) + s] * factor[(k * l) + s];
                }
            }

            if (pivot <= 1e-10 * g[(k * l) + k])
            {
                free[k] = false;
                continue;
            }

            var root = Math.Sqrt(pivot);
            factor[(k * l) + k] = root;
            for (var i = k + 1; i < l; i++)
            {
                if (!free[i])
                {
                    continue;
                }

                var v = factor[(i * l) + k];
                for (var s = 0; s < k; s++)
                {
                    if (free[s])
                    {
                        v -= factor[(i * l) + s] * factor[(k * l) + s];
                    }
                }

                factor[(i * l) + k] = v / root;
            }
        }

        // Solve L L' Γ = C on the free columns, per column of [y X].
        var z = new double[l];
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < l; i++)
            {
                if (!free[i])
                {
                    z[i] = 0;
                    continue;
                }

                var v = c[((long)i * m) + j];
                for (var s = 0; s < i; s++)
                {
                    if (free[s])
                    {
                        v -= factor[(i * l) + s] * z[s];
                    }
                }

                z[i] = v / factor[(i * l) + i];
            }

            for (var i = l - 1; i >= 0; i--)
            {
                if (!free[i])
                {
                    continue;
                }

                var v = z[i];
                for (var s = i + 1; s < l; s++)
                {
                    if (free[s])
                    {
                        v -= factor[(s * l) + i] * gamma[((long)s * m) + j];
                    }
                }

                gamma[((long)i * m) + j] = v / factor[(i * l) + i];
            }
        }

        var within = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var s = a[(i * m) + j];
                for (long t = 0; t < l; t++)
                {
                    s -= c[(t * m) + i] * gamma[(t * m) + j];
                }

                within[(i * m) + j] = s;
            }
        }

        return (gamma, within);
    }

    // The kept slopes (columns of [y X]) and (X̃'X̃)⁻¹ over them, dropping collinear columns in order as the QR does.
    private static (int[] Kept, double[] Inverse) Slopes(double[] within, int m, List<int> candidates, List<Note> notes, string[] names, string feNames)
    {
        var kept = new List<int>();
        var factor = new List<double[]>();
        foreach (var j in candidates)
        {
            // Remaining squared norm of x̃_j after projecting out the kept columns (a Cholesky step).
            var row = new double[kept.Count + 1];
            for (var a = 0; a < kept.Count; a++)
            {
                var v = within[(j * m) + kept[a]];
                for (var s = 0; s < a; s++)
                {
                    v -= row[s] * factor[a][s];
                }

                row[a] = v / factor[a][a];
            }

            var pivot = within[(j * m) + j] - row.Take(kept.Count).Sum(x => x * x);
            if (pivot <= 1e-14 * within[(j * m) + j])
            {
                notes.Add(new Note(NoteKind.Collinear, $"{names[j]} is collinear with the other regressors ({string.Join(", ", kept.Select(c => names[c]))}) and the fixed effects ({feNames}); it was dropped", 1));
                continue;
            }

            row[kept.Count] = Math.Sqrt(pivot);
            kept.Add(j);
            factor.Add(row);
        }

        var r = kept.Count;
        var matrix = new double[r * r];
        for (var a = 0; a < r; a++)
        {
            for (var b = 0; b < r; b++)
            {
                matrix[(a * r) + b] = within[(kept[a] * m) + kept[b]];
            }
        }

        return ([.. kept], Invert(matrix, r));
    }

    // The inverse of a symmetric positive-definite r×r matrix (Gauss–Jordan with partial pivoting; r is small).
    private static double[] Invert(double[] matrix, int r)
    {
        var a = (double[])matrix.Clone();
        var inverse = new double[r * r];
        for (var i = 0; i < r; i++)
        {
            inverse[(i * r) + i] = 1;
        }

        for (var col = 0; col < r; col++)
        {
            var best = col;
            for (var i = col + 1; i < r; i++)
            {
                if (Math.Abs(a[(i * r) + col]) > Math.Abs(a[(best * r) + col]))
                {
                    best = i;
                }
            }

            if (best != col)
            {
                for (var j = 0; j < r; j++)
                {
                    (a[(col * r) + j], a[(best * r) + j]) = (a[(best * r) + j], a[(col * r) + j]);
                    (inverse[(col * r) + j], inverse[(best * r) + j]) = (inverse[(best * r) + j], inverse[(col * r) + j]);
                }
            }

            var pivot = a[(col * r) + col];
            for (var j = 0; j < r; j++)
            {
                a[(col * r) + j] /= pivot;
                inverse[(col * r) + j] /= pivot;
            }

            for (var i = 0; i < r; i++)
            {
                if (i == col)
                {
                    continue;
                }

                var f = a[(i * r) + col];
                if (f == 0)
                {
                    continue;
                }

                for (var j = 0; j < r; j++)
                {
                    a[(i * r) + j] -= f * a[(col * r) + j];
                    inverse[(i * r) + j] -= f * inverse[(col * r) + j];
                }
            }
        }

        return inverse;
    }

    // The model's columns and what each is for; refuses what the streaming fit does not do.
    private static StreamingLayout Layout(RegressionSpecification specification)
    {
        if (specification.Method != LinearMethod.LeastSquares || specification.WeightColumn is not null || specification.SampleRestriction is not null)
        {
            throw new NotSupportedException("A streaming fit runs unweighted least squares with fixed effects on all rows; remove Weights(...), the sample restriction or the random-effects/between method (or fit in memory).");
        }

        if (specification.FixedEffects.Count == 0)
        {
            throw new NotSupportedException("A streaming fit needs at least one fixed effect (Fe(...)); a pooled regression fits in memory from the same columns.");
        }

        if (!specification.HasIntercept)
        {
            throw new NotSupportedException("A streaming fit reports the constant as reghdfe does; WithoutIntercept() is not supported.");
        }

        var terms = specification.Regressors.Concat(specification.ControlTerms).Prepend(specification.Outcome).ToArray();
        var columns = terms.Select(t => t is ColumnTerm column ? column.ColumnName : throw new NotSupportedException($"A streaming fit reads columns as stored; '{t.Name}' is a derived term (log, lag, difference, interaction): write it as a column of the data first.")).ToArray();
        if (columns.Length < 2)
        {
            throw new InvalidOperationException($"The model '{specification}' has fixed effects but no regressor; add regressors with On(...).");
        }

        var vcov = specification.Variance;
        if (vcov.Kind is not (VcovKind.Iid or VcovKind.HC1 or VcovKind.Cluster) || (vcov.Kind == VcovKind.Cluster && vcov.Clusters.Count != 1))
        {
            throw new NotSupportedException($"A streaming fit computes iid, HC1 and one-way cluster-robust variances; the model asks for {vcov.Description}.");
        }

        return new StreamingLayout
        {
            Numeric = columns,
            FixedEffects = specification.FixedEffects.Select(f => f.ColumnName).ToArray(),
            Cluster = vcov.Kind == VcovKind.Cluster ? vcov.Clusters[0].ColumnName : null,
        };
    }

    // One pass: partitions in parallel, `workers` workers each taking the next partition from a shared counter and
    // accumulating into its own statistics, created once per worker and merged exactly at the end. (Not Parallel.For
    // with thread-local state: its replicas yield after a time slice and start again with fresh local state, which
    // with millions of units allocated and merged per-unit arrays of hundreds of MB after nearly every partition.)
    private static TState Run<TState>(IColumnBatchSource source, int workers, StreamingLayout layout, Func<TState> create, Action<TState, ColumnBatch> add, Action<TState, TState> merge)
        where TState : class
    {
        TState? total = null;
        var gate = new object();
        var next = -1;
        var count = source.PartitionCount;
        Parallel.For(0, Math.Max(1, Math.Min(workers, count)), new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var state = create();
            int partition;
            while ((partition = Interlocked.Increment(ref next)) < count)
            {
                foreach (var batch in source.Read(partition, layout.Numeric, layout.Keys))
                {
                    add(state, batch);
                }
            }

            lock (gate)
            {
                if (total is null)
                {
                    total = state;
                }
                else
                {
                    merge(total, state);
                }
            }
        });
        return total ?? create();
    }
}
