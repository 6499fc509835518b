using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using ModelDsl.Design;

namespace ModelDsl.Estimation;

/// <summary>
/// The IRLS of a fixed-effect logit or probit in one pass over the rows per iteration, for one absorbed dimension
/// or a primary dimension and one further dimension of at most <see cref="FixedEffectSolver.DenseLimit"/> levels
/// (unit + time panels, the common case); <see cref="FixedEffectBinaryChoiceEstimator"/> runs the general loop otherwise.
/// </summary>
/// <remarks>
/// <para>Notation as in <see cref="FixedEffectBinaryChoiceEstimator"/> and <see cref="WeightedFixedEffectSolver"/>:
/// n rows grouped by the U levels of the primary dimension P, F_R the n×L dummies of the further dimension, weights
/// h, working response z = η + r with r = s/h, M_P the weighted within-primary projection,
/// S = F_R'H M_P F_R and, per column v of [z, X], b_v = F_R'H M_P v and B_v = S⁻¹b_v; the weighted residual of v on
/// all dummies is ṽ = M_P(v − F_R B_v) (Bergé 2018, §3; Correia, Guimarães and Zylkin 2020, §3).</para>
/// <para>The pass (per lane of primary levels, in blocks of whole levels that stay in cache) computes the linear
/// predictor of the previous step, the log-likelihood, h and r; then per primary level the weighted means of z and
/// of every regressor, the within-primary cross-products C = V'H M_P V (from values centred on their primary-level
/// means, so without cancellation), and the lane's part of S and of every b. The lanes' parts are added in lane
/// order, S (L×L) is factorised and B solved for every column. By block elimination (the Schur complement of the
/// dummies), ṽ_a'Hṽ_b = C_ab − b_a'B_b, so β = (X̃'HX̃)⁻¹X̃'Hz̃ needs no second pass.</para>
/// <para>The fitted values of the weighted regression of z on X and the dummies are
/// z − z̃ + X̃β = Xβ + G[level] + (m_z − m_Xβ)[primary level] with G = B_z − B_Xβ and m_v the primary-level weighted
/// mean of v − F_R B_v, which is the stored mean of v minus the level's mean of G under the previous weights; so the
/// next linear predictor needs U + L constants and the previous weights, not residual columns. The deviance
/// criterion is checked after the pass; at convergence a second pass under the final weights stores X̃ and the
/// scores for inference (X̃'HX̃ from the explicit residuals). The numbers are those of the general loop up to
/// rounding.</para>
/// <para>Σ log(1 + e^{−|η|}) is accumulated as the logarithm of running products (each factor in (1, 2], one
/// logarithm per <see cref="ProductRows"/> rows): an absolute error below 1e-13 per block, far inside the deviance
/// tolerance, for a fraction of the cost of a logarithm per row.</para>
/// <para>The per-block kernels are compiled fully optimised from the first call (a fit calls them thousands of
/// times, so tiered compilation would leave the first fits of a process on unoptimised code).</para>
/// </remarks>
internal sealed class FixedEffectIrls
{
    // Lanes of primary levels (fixed, so that sums do not depend on the thread count) and rows per cache block.
    private const int Lanes = 4;
    private const int BlockRows = 1024;
    private const int ParallelRows = 100_000;

    // A primary level's tally is handled as a dense vector when the further dimension has at most this many levels
    // per row of the primary level (unit + time panels); otherwise only the levels present are visited.
    private const int DenseTally = 4;

    // Factors (1 + e) ≤ 2 multiplied before one logarithm: 2^512 is far below the largest double.
    private const int ProductRows = 512;

    private readonly BinaryLink _link;
    private readonly int _n;
    private readonly int _units;
    private readonly int[] _unitStart;
    private readonly int[]? _rowOf;
    private readonly int[]? _codes;
    private readonly int _levels;
    private readonly int[] _laneStart;
    private readonly int[][] _blockStarts;
    private readonly int _blockCapacity;
    private readonly double[] _y;
    private readonly bool _parallel;

    private FixedEffectIrls(BinaryLink link, PrimaryLevelLayout layout, double[] y)
    {
        _link = link;
        _n = y.Length;
        _units = layout.Units;
        _unitStart = layout.UnitStart;
        _rowOf = layout.RowOf;
        _codes = layout.RestCodes.Length == 1 ? layout.RestCodes[0] : null;
        _levels = layout.RestLevels;
        _laneStart = layout.LaneStarts(Lanes);
        _y = _rowOf is null ? y : Permute(y, _rowOf);
        _parallel = _n >= ParallelRows && Environment.ProcessorCount > 1;

        // Blocks of whole primary levels of about BlockRows rows each, per lane.
        _blockStarts = new int[Lanes][];
        var capacity = 1;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var starts = new List<int> { _laneStart[lane] };
            var rows = 0;
            for (var u = _laneStart[lane]; u < _laneStart[lane + 1]; u++)
            {
                var size = _unitStart[u + 1] - _unitStart[u];
                if (rows > 0 && rows + size > BlockRows)
                {
                    starts.Add(u);
                    capacity = Math.Max(capacity, rows);
                    rows = 0;
                }

                rows += size;
            }

            capacity = Math.Max(capacity, rows);
            starts.Add(_laneStart[lane + 1]);
            _blockStarts[lane] = [.. starts];
        }

        _blockCapacity = capacity;
    }

    /// <summary>
    /// The engine for these fixed effects (codes below <paramref name="levels"/>; absent levels are harmless), or null
    /// when they need the general loop (more than one further dimension, or one with many levels).
    /// </summary>
    public static FixedEffectIrls? TryCreate(BinaryLink link, double[] y, IReadOnlyList<int[]> codes, IReadOnlyList<int> levels)
    {
        var order = Enumerable.Range(0, codes.Count).OrderByDescending(d => levels[d]).ThenBy(d => d).ToArray();
        if (order.Length > 2 || (order.Length == 2 && levels[order[1]] > FixedEffectSolver.DenseLimit))
        {
            return null;
        }

        var layout = PrimaryLevelLayout.Build(order.Select(d => codes[d]).ToArray(), order.Select(d => levels[d]).ToArray(), y.Length);
        return new FixedEffectIrls(link, layout, y);
    }

    /// <summary>The outcome of <see cref="Run"/>, in the caller's row order.</summary>
    public sealed record Outcome(double[] Beta, double[] Eta, double[] Score, double[][] Tilde, double[] Information, double[] ScoreSum, int Iterations, bool Converged, double Deviance, int[] Kept)
    {
        /// <summary>The linear predictor before the last step (the separation guard reads how far each row still moved).</summary>
        public double[]? PreviousEta { get; init; }
    }

    /// <summary>
    /// Runs IRLS from the constant linear predictor <paramref name="start"/> on the regressors <paramref name="x"/>;
    /// <paramref name="absorbed"/> decides, from the (constant) weight of the start and the weighted sums of squares
    /// after removing the fixed effects at the first step, which regressors the fixed effects absorb (they are dropped).
    /// </summary>
    public Outcome Run(IReadOnlyList<double[]> x, double start, double tolerance, int maxIterations, Func<double, double[], int[]> absorbed, Func<int[], Exception> collinear)
    {
        var n = _n;
        var columns = x.Select(c => _rowOf is null ? c : Permute(c, _rowOf)).ToList();
        var kept = Enumerable.Range(0, columns.Count).ToArray();

        // Every row of these is written before it is read: no zeroing.
        var eta = GC.AllocateUninitializedArray<double>(n);
        var next = GC.AllocateUninitializedArray<double>(n);
        Array.Fill(eta, start);
        var h = GC.AllocateUninitializedArray<double>(n);
        var r = GC.AllocateUninitializedArray<double>(n);
        var state = new State(this, columns.Count);
        var deviance = Accumulate(eta, h, r, columns, state, update: false);
        var iterations = 0;
        var converged = false;
        while (iterations < maxIterations)
        {
            var k = columns.Count;
            var cross = Solve(state, k, includeResponse: true);
            if (iterations == 0)
            {
                var after = Enumerable.Range(0, k).Select(j => cross[((j + 1) * (k + 1)) + j + 1]).ToArray();
                var drop = absorbed(h[0], after);
                if (drop.Length > 0)
                {
                    var keep = Enumerable.Range(0, k).Where(j => !drop.Contains(j)).ToArray();
                    cross = state.Compact(keep, cross);
                    columns = keep.Select(j => columns[j]).ToList();
                    kept = keep.Select(j => kept[j]).ToArray();
                    k = columns.Count;
                }
            }

            if (!state.Step(cross, k))
            {
                throw collinear(kept);
            }

            iterations++;
            var previous = deviance;
            deviance = Accumulate(next, h, r, columns, state, update: true);
            for (var halving = 0; halving < 30 && !(deviance <= previous * (1 + 1e-12)); halving++)
            {
                for (var i = 0; i < n; i++)
                {
                    next[i] = 0.5 * (next[i] + eta[i]);
                }

                deviance = Accumulate(next, h, r, columns, state, update: false);
            }

            (eta, next) = (next, eta);
            if (Math.Abs(deviance - previous) / (0.1 + Math.Abs(deviance)) <= tolerance)
            {
                converged = true;
                break;
            }
        }

        // Inference under the final weights: X̃ stored, scores sᵢ = rᵢhᵢ.
        var kk = columns.Count;
        Solve(state, kk, includeResponse: false);
        var tilde = Enumerable.Range(0, kk).Select(_ => GC.AllocateUninitializedArray<double>(n)).ToArray();
        var score = GC.AllocateUninitializedArray<double>(n);
        var (information, scoreSum) = Residuals(h, r, columns, state, tilde, score);
        // After the last swap `next` holds the linear predictor of the step before.
        var previousEta = next;
        if (_rowOf is not null)
        {
            eta = Unpermute(eta, _rowOf);
            previousEta = Unpermute(previousEta, _rowOf);
            score = Unpermute(score, _rowOf);
            tilde = tilde.Select(t => Unpermute(t, _rowOf)).ToArray();
        }

        return new Outcome(state.Beta, eta, score, tilde, information, scoreSum, iterations, converged, deviance, kept) { PreviousEta = iterations > 0 ? previousEta : null };
    }

    private static double[] Permute(double[] source, int[] rowOf)
    {
        var result = GC.AllocateUninitializedArray<double>(rowOf.Length);
        for (var k = 0; k < rowOf.Length; k++)
        {
            result[k] = source[rowOf[k]];
        }

        return result;
    }

    private static double[] Unpermute(double[] source, int[] rowOf)
    {
        var result = GC.AllocateUninitializedArray<double>(rowOf.Length);
        for (var k = 0; k < rowOf.Length; k++)
        {
            result[rowOf[k]] = source[k];
        }

        return result;
    }

    private void ForLanes(Action<int> body)
    {
        if (_parallel)
        {
            Parallel.For(0, Lanes, body);
        }
        else
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                body(lane);
            }
        }
    }

    // The blocks of one lane: primary levels [U0, U1), their rows [K0, K0 + Length).
    private IEnumerable<(int U0, int U1, int K0, int Length)> Blocks(int lane)
    {
        var starts = _blockStarts[lane];
        for (var block = 0; block + 1 < starts.Length; block++)
        {
            var k0 = _unitStart[starts[block]];
            yield return (starts[block], starts[block + 1], k0, _unitStart[starts[block + 1]] - k0);
        }
    }

    // The pass: with `update`, eta ← Xβ + G[level] + m_const[primary level] of the previous step (which reads the
    // previous weights h before they are replaced); then h, r and the log-likelihood at eta, and per primary level
    // its weight, the means of z and of every column, the lane's parts of C, S and every b. Returns the deviance.
    private double Accumulate(double[] eta, double[] h, double[] r, List<double[]> columns, State state, bool update)
    {
        var k = columns.Count;
        ForLanes(lane =>
        {
            var part = state.Parts[lane];
            part.Clear();
            foreach (var (u0, u1, k0, length) in Blocks(lane))
            {
                var etaBlock = eta.AsSpan(k0, length);
                if (update)
                {
                    Predict(etaBlock, h.AsSpan(k0, length), columns, state, u0, u1, k0);
                }

                part.LogLikelihood += Evaluate(_y.AsSpan(k0, length), etaBlock, h.AsSpan(k0, length), r.AsSpan(k0, length));
                Centre(eta, h, r, columns, state, part, u0, u1, k0, length);
            }
        });

        var logLikelihood = 0.0;
        foreach (var part in state.Parts)
        {
            logLikelihood += part.LogLikelihood;
        }

        return -2.0 * logLikelihood;
    }

    // eta ← Xβ + G[level] + m_const[primary level] over one block; m_const = (mean_z − mean_X β) minus the primary
    // level's weighted mean of G under the previous weights (still in h).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Predict(Span<double> eta, ReadOnlySpan<double> previousWeights, List<double[]> columns, State state, int u0, int u1, int k0)
    {
        var beta = state.Beta;
        var k = columns.Count;
        eta.Clear();
        for (var j = 0; j < k; j++)
        {
            Kernels.Axpy(beta[j], columns[j].AsSpan(k0, eta.Length), eta);
        }

        var units = _units;
        var means = state.UnitMeans;
        for (var u = u0; u < u1; u++)
        {
            var constant = means[u];
            for (var j = 0; j < k; j++)
            {
                constant -= beta[j] * means[((j + 1) * units) + u];
            }

            var s = _unitStart[u] - k0;
            var e = _unitStart[u + 1] - k0;
            if (_codes is not null)
            {
                var codes = _codes.AsSpan(k0, eta.Length);
                var level = state.LevelConstant;
                var previousMean = 0.0;
                for (var i = s; i < e; i++)
                {
                    previousMean += previousWeights[i] * level[codes[i]];
                }

                constant -= previousMean * state.InverseUnitWeight[u];
                for (var i = s; i < e; i++)
                {
                    eta[i] += constant + level[codes[i]];
                }
            }
            else
            {
                for (var i = s; i < e; i++)
                {
                    eta[i] += constant;
                }
            }
        }
    }

    // h, r = s/h and the log-likelihood of one block of rows at eta.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Evaluate(ReadOnlySpan<double> y, ReadOnlySpan<double> eta, Span<double> h, Span<double> r)
    {
        var logLikelihood = 0.0;
        if (_link == BinaryLink.Logit)
        {
            return EvaluateLogit(y, eta, h, r);
        }

        for (var i = 0; i < eta.Length; i++)
        {
            var (ll, score, weight) = BinaryLinkFunctions.Contribution(_link, y[i], eta[i]);
            logLikelihood += ll;
            weight = Math.Max(weight, 1e-300);
            h[i] = weight;
            r[i] = score / weight;
        }

        return logLikelihood;
    }

    // The logit terms of one block, branch-free and vectorised: with e = exp(−|η|), p = 1/(1 + e) for η ≥ 0 and
    // e/(1 + e) otherwise, h = p(1 − p) = e/(1 + e)², log F(±η) = −log(1 + e) minus |η| on the far side; the
    // log(1 + e) are summed as the logarithm of running products (see the remarks).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double EvaluateLogit(ReadOnlySpan<double> y, ReadOnlySpan<double> eta, Span<double> h, Span<double> r)
    {
        var i = 0;
        var logLikelihood = 0.0;
        if (Vector256.IsHardwareAccelerated && eta.Length >= Vector256<double>.Count)
        {
            var one = Vector256<double>.One;
            var floor = Vector256.Create(1e-300);
            var half = Vector256.Create(0.5);
            var far = Vector256<double>.Zero;
            var product = one;
            var logProducts = Vector256<double>.Zero;
            var count = 0;
            for (; i + Vector256<double>.Count <= eta.Length; i += Vector256<double>.Count)
            {
                var value = Vector256.Create(eta.Slice(i, Vector256<double>.Count));
                var outcome = Vector256.Create(y.Slice(i, Vector256<double>.Count));
                var a = Vector256.Abs(value);
                var e = Vector256.Exp(-a);
                var onePlus = one + e;
                var inverse = one / onePlus;
                var positive = Vector256.GreaterThanOrEqual(value, Vector256<double>.Zero);
                var p = Vector256.ConditionalSelect(positive, inverse, e * inverse);
                var success = Vector256.GreaterThan(outcome, half);
                far += Vector256.ConditionalSelect(Vector256.Xor(success, positive), a, Vector256<double>.Zero);
                product *= onePlus;
                if (++count == ProductRows)
                {
                    logProducts += Vector256.Log(product);
                    product = one;
                    count = 0;
                }

                var weight = Vector256.Max(e * inverse * inverse, floor);
                weight.CopyTo(h.Slice(i, Vector256<double>.Count));
                ((outcome - p) / weight).CopyTo(r.Slice(i, Vector256<double>.Count));
            }

            logProducts += Vector256.Log(product);
            logLikelihood = -Vector256.Sum(far) - Vector256.Sum(logProducts);
        }

        var scalarProduct = 1.0;
        for (; i < eta.Length; i++)
        {
            var value = eta[i];
            var a = Math.Abs(value);
            var e = Math.Exp(-a);
            var onePlus = 1.0 + e;
            var inverse = 1.0 / onePlus;
            var positive = value >= 0;
            var p = positive ? inverse : e * inverse;
            var success = y[i] > 0.5;
            logLikelihood -= success == positive ? 0.0 : a;
            scalarProduct *= onePlus;
            var weight = Math.Max(e * inverse * inverse, 1e-300);
            h[i] = weight;
            r[i] = (y[i] - p) / weight;
        }

        return logLikelihood - Math.Log(scalarProduct);
    }

    // Per primary level of one block: its weight and the weighted means of z = η + r and of every column (stored),
    // the values centred on those means (in the lane's block buffer), the right-hand sides F_R'H(v − mean) and the
    // tally t_u for S; then the block's within-primary cross-products and its part of S. Loops run over spans of one
    // primary level's rows (no bounds checks), two per column.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Centre(double[] eta, double[] h, double[] r, List<double[]> columns, State state, LanePart part, int u0, int u1, int k0, int length)
    {
        var k = columns.Count;
        var capacity = _blockCapacity;
        var buffer = part.Buffer;
        var units = _units;
        var levels = _levels;
        var means = state.UnitMeans;
        var right = part.Right;
        var denseCount = 0;
        for (var u = u0; u < u1; u++)
        {
            var s = _unitStart[u];
            var rows = _unitStart[u + 1] - s;
            var weights = h.AsSpan(s, rows);
            var etaUnit = eta.AsSpan(s, rows);
            var residual = r.AsSpan(s, rows);
            var total = 0.0;
            var zSum = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                total += weights[i];
                zSum += weights[i] * (etaUnit[i] + residual[i]);
            }

            var inverse = total > 0 ? 1.0 / total : 0.0;
            state.InverseUnitWeight[u] = inverse;
            var zMean = zSum * inverse;
            means[u] = zMean;
            var z = buffer.AsSpan(s - k0, rows);
            if (_codes is null)
            {
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = etaUnit[i] + residual[i] - zMean;
                }

                for (var j = 0; j < k; j++)
                {
                    var column = columns[j].AsSpan(s, rows);
                    var mean = inverse * Kernels.Dot(weights, column);
                    means[((j + 1) * units) + u] = mean;
                    var centred = buffer.AsSpan(((j + 1) * capacity) + s - k0, rows);
                    for (var i = 0; i < centred.Length; i++)
                    {
                        centred[i] = column[i] - mean;
                    }
                }

                continue;
            }

            // The tally t_u (the level's weights per further level): a row of the block's dense tallies, or the
            // lane's sparse tally when the further dimension has many levels per row of this primary level.
            var codes = _codes.AsSpan(s, rows);
            var dense = levels <= DenseTally * rows;
            var tally = dense ? part.BlockTally.AsSpan(denseCount * levels, levels) : part.Tally.AsSpan();
            var zRight = right.AsSpan(0, levels);
            for (var i = 0; i < z.Length; i++)
            {
                var centred = etaUnit[i] + residual[i] - zMean;
                z[i] = centred;
                zRight[codes[i]] += weights[i] * centred;
                tally[codes[i]] += weights[i];
            }

            for (var j = 0; j < k; j++)
            {
                var column = columns[j].AsSpan(s, rows);
                var sum = 0.0;
                for (var i = 0; i < column.Length; i++)
                {
                    sum += weights[i] * column[i];
                }

                var mean = sum * inverse;
                means[((j + 1) * units) + u] = mean;
                var centred = buffer.AsSpan(((j + 1) * capacity) + s - k0, rows);
                var columnRight = right.AsSpan((j + 1) * levels, levels);
                for (var i = 0; i < centred.Length; i++)
                {
                    var value = column[i] - mean;
                    centred[i] = value;
                    columnRight[codes[i]] += weights[i] * value;
                }
            }

            if (dense)
            {
                part.BlockScale[denseCount++] = inverse;
                continue;
            }

            // Many further levels, few rows: S −= t_u t_u'/W_u over the levels present only.
            var present = part.Present;
            var distinct = 0;
            for (var i = 0; i < codes.Length; i++)
            {
                var l = codes[i];
                if (part.Seen[l] != u)
                {
                    part.Seen[l] = u;
                    present[distinct++] = l;
                }
            }

            var matrix = part.S;
            for (var a = 0; a < distinct; a++)
            {
                var la = present[a];
                var scale = tally[la] * inverse;
                for (var c = 0; c < distinct; c++)
                {
                    if (present[c] <= la)
                    {
                        matrix[(la * levels) + present[c]] -= scale * tally[present[c]];
                    }
                }
            }

            for (var a = 0; a < distinct; a++)
            {
                part.LevelWeights[present[a]] += tally[present[a]];
                tally[present[a]] = 0;
            }
        }

        if (denseCount > 0)
        {
            SubtractOuterBlock(part, denseCount, levels);
        }

        // C_ab += Σ h ṽ_a ṽ_b over the block (a ≥ 1 a regressor, b ≤ a; b = 0 is z), on long vectorised spans.
        var blockWeights = h.AsSpan(k0, length);
        var crossProducts = part.Cross;
        for (var a = 1; a <= k; a++)
        {
            var va = buffer.AsSpan(a * capacity, length);
            for (var b = 0; b <= a; b++)
            {
                crossProducts[(a * (k + 1)) + b] += Kernels.WeightedDot(blockWeights, va, buffer.AsSpan(b * capacity, length));
            }
        }
    }

    // S ← S − Σ_q (1/W_q) t_q t_q' over the block's dense tallies t_q (its primary levels), as one rank-q update on the
    // lower triangle: each entry's sum over q stays in a register. Rows are updated up to the next multiple of the
    // vector width (entries above the diagonal are never read: the factorisation uses the lower triangle only). The
    // tallies are added to the level weights and cleared.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractOuterBlock(LanePart part, int count, int levels)
    {
        var tallies = part.BlockTally;
        var scaled = part.BlockScaled;
        var scales = part.BlockScale;
        for (var q = 0; q < count; q++)
        {
            var row = tallies.AsSpan(q * levels, levels);
            var target = scaled.AsSpan(q * levels, levels);
            var scale = scales[q];
            for (var l = 0; l < levels; l++)
            {
                target[l] = scale * row[l];
            }

            Kernels.Axpy(1.0, row, part.LevelWeights);
        }

        var dense = part.S;
        ref var tRef = ref MemoryMarshal.GetArrayDataReference(tallies);
        var width = Vector256<double>.Count;
        for (var a = 0; a < levels; a++)
        {
            var end = Math.Min((a + width) & ~(width - 1), levels);
            var offset = a * levels;
            var b = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; b + width <= end; b += width)
                {
                    var sum = Vector256<double>.Zero;
                    for (var q = 0; q < count; q++)
                    {
                        sum += Vector256.Create(scaled[(q * levels) + a]) * Vector256.LoadUnsafe(ref tRef, (nuint)((q * levels) + b));
                    }

                    var target = dense.AsSpan(offset + b, width);
                    (Vector256.Create((ReadOnlySpan<double>)target) - sum).CopyTo(target);
                }
            }

            for (; b < end; b++)
            {
                var sum = 0.0;
                for (var q = 0; q < count; q++)
                {
                    sum += scaled[(q * levels) + a] * tallies[(q * levels) + b];
                }

                dense[offset + b] -= sum;
            }
        }

        tallies.AsSpan(0, count * levels).Clear();
    }

    // Adds the lanes' parts in lane order, factorises S, solves B for z (when asked) and every column, and returns
    // the cross-products of the residuals on all dummies, C_ab − b_a'B_b ((k + 1)², lower triangle, z first).
    private double[] Solve(State state, int k, bool includeResponse)
    {
        var levels = _levels;
        var size = k + 1;
        var cross = new double[size * size];
        foreach (var part in state.Parts)
        {
            Kernels.Axpy(1.0, part.Cross.AsSpan(0, size * size), cross);
        }

        if (levels == 0)
        {
            return cross;
        }

        var s = new double[levels * levels];
        var levelWeights = new double[levels];
        var right = new double[size * levels];
        foreach (var part in state.Parts)
        {
            Kernels.Axpy(1.0, part.S, s);
            Kernels.Axpy(1.0, part.LevelWeights, levelWeights);
            Kernels.Axpy(1.0, part.Right.AsSpan(0, size * levels), right);
        }

        for (var l = 0; l < levels; l++)
        {
            s[(l * levels) + l] += levelWeights[l];
        }

        var factor = FixedEffectSolver.Factorise(s);
        var solution = state.FixedEffects;
        for (var c = includeResponse ? 0 : 1; c <= k; c++)
        {
            FixedEffectSolver.SolveFactor(factor, levels, right.AsSpan(c * levels, levels), solution.AsSpan(c * levels, levels));
        }

        for (var a = 1; a <= k; a++)
        {
            var ba = right.AsSpan(a * levels, levels);
            for (var b = includeResponse ? 0 : 1; b <= a; b++)
            {
                cross[(a * size) + b] -= Kernels.Dot(ba, solution.AsSpan(b * levels, levels));
            }
        }

        return cross;
    }

    // The final pass: the residuals M_P(x − F_R B_x) of every column block by block, stored in X̃, the scores
    // sᵢ = rᵢhᵢ, the information X̃'HX̃ and the score sums X̃'s (lanes added in lane order).
    private (double[] Information, double[] ScoreSum) Residuals(double[] h, double[] r, List<double[]> columns, State state, double[][] tilde, double[] score)
    {
        var k = columns.Count;
        var levels = _levels;
        var partInformation = new double[Lanes][];
        var partScores = new double[Lanes][];
        ForLanes([MethodImpl(MethodImplOptions.AggressiveOptimization)] (lane) =>
        {
            var information = new double[k * k];
            var scores = new double[k];
            foreach (var (u0, u1, k0, length) in Blocks(lane))
            {
                var weights = h.AsSpan(k0, length);
                var blockScore = score.AsSpan(k0, length);
                var residual = r.AsSpan(k0, length);
                for (var i = 0; i < length; i++)
                {
                    blockScore[i] = residual[i] * weights[i];
                }

                for (var j = 0; j < k; j++)
                {
                    var v = tilde[j].AsSpan(k0, length);
                    columns[j].AsSpan(k0, length).CopyTo(v);
                    if (_codes is not null)
                    {
                        var codes = _codes.AsSpan(k0, length);
                        var coefficients = state.FixedEffects.AsSpan((j + 1) * levels, levels);
                        for (var i = 0; i < length; i++)
                        {
                            v[i] -= coefficients[codes[i]];
                        }
                    }

                    for (var u = u0; u < u1; u++)
                    {
                        var s = _unitStart[u] - k0;
                        var e = _unitStart[u + 1] - k0;
                        var unit = v[s..e];
                        var mean = state.InverseUnitWeight[u] * Kernels.Dot(weights[s..e], unit);
                        for (var i = 0; i < unit.Length; i++)
                        {
                            unit[i] -= mean;
                        }
                    }
                }

                for (var a = 0; a < k; a++)
                {
                    var va = tilde[a].AsSpan(k0, length);
                    scores[a] += Kernels.Dot(blockScore, va);
                    for (var b = 0; b <= a; b++)
                    {
                        information[(a * k) + b] += Kernels.WeightedDot(weights, va, tilde[b].AsSpan(k0, length));
                    }
                }
            }

            partInformation[lane] = information;
            partScores[lane] = scores;
        });

        var total = new double[k * k];
        var scoreSum = new double[k];
        for (var lane = 0; lane < Lanes; lane++)
        {
            Kernels.Axpy(1.0, partInformation[lane], total);
            Kernels.Axpy(1.0, partScores[lane], scoreSum);
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < a; b++)
            {
                total[(b * k) + a] = total[(a * k) + b];
            }
        }

        return (total, scoreSum);
    }

    // Scratch of one lane (reused across iterations; a lane runs on one thread at a time).
    private sealed class LanePart
    {
        public LanePart(int levels, int columns, int capacity, int largestUnit)
        {
            S = new double[levels * levels];
            LevelWeights = new double[levels];
            Right = new double[(columns + 1) * levels];
            Tally = new double[levels];
            Present = new int[Math.Max(1, Math.Min(levels, largestUnit))];
            Seen = new int[levels];
            Buffer = new double[(columns + 1) * capacity];
            Cross = new double[(columns + 1) * (columns + 1)];

            // Primary levels with a dense tally have at least levels / DenseTally rows, so a block holds at most
            // DenseTally · capacity / levels of them.
            var denseUnits = levels == 0 ? 0 : Math.Max(1, DenseTally * capacity / levels) + 1;
            BlockTally = new double[denseUnits * levels];
            BlockScaled = new double[denseUnits * levels];
            BlockScale = new double[denseUnits];
        }

        public double[] BlockTally { get; }

        public double[] BlockScaled { get; }

        public double[] BlockScale { get; }

        public double[] S { get; }

        public double[] LevelWeights { get; }

        public double[] Right { get; }

        public double[] Tally { get; }

        public int[] Present { get; }

        public int[] Seen { get; }

        public double[] Buffer { get; }

        public double[] Cross { get; }

        public double LogLikelihood { get; set; }

        public void Clear()
        {
            Array.Clear(S);
            Array.Clear(LevelWeights);
            Array.Clear(Right);
            Array.Clear(Cross);
            Array.Fill(Seen, -1);
            LogLikelihood = 0;
        }
    }

    // Iteration state: the lanes' scratch, the fixed-effect coefficients B of each column (z first), the
    // primary-level weights and means of the last pass, the slopes and the level constants G of the next step.
    private sealed class State
    {
        private readonly FixedEffectIrls _owner;

        public State(FixedEffectIrls owner, int columns)
        {
            _owner = owner;
            var largestUnit = 0;
            for (var u = 0; u < owner._units; u++)
            {
                largestUnit = Math.Max(largestUnit, owner._unitStart[u + 1] - owner._unitStart[u]);
            }

            Parts = Enumerable.Range(0, Lanes).Select(_ => new LanePart(owner._levels, columns, owner._blockCapacity, largestUnit)).ToArray();
            FixedEffects = new double[(columns + 1) * owner._levels];
            UnitMeans = new double[(columns + 1) * owner._units];
            InverseUnitWeight = new double[owner._units];
            LevelConstant = new double[owner._levels];
        }

        public LanePart[] Parts { get; }

        public double[] FixedEffects { get; }

        public double[] UnitMeans { get; }

        public double[] InverseUnitWeight { get; }

        public double[] LevelConstant { get; }

        public double[] Beta { get; private set; } = [];

        // Keeps the columns `keep` (indices into the current regressors) in the cross-products, B and the means,
        // so that the lanes' scratch keeps its (larger) shape and the kept columns their order.
        public double[] Compact(int[] keep, double[] cross)
        {
            var k = (int)Math.Round(Math.Sqrt(cross.Length)) - 1;
            var size = keep.Length + 1;
            var reduced = new double[size * size];
            var map = new[] { 0 }.Concat(keep.Select(j => j + 1)).ToArray();
            for (var a = 0; a < size; a++)
            {
                for (var b = 0; b < size; b++)
                {
                    reduced[(a * size) + b] = cross[(map[a] * (k + 1)) + map[b]];
                }
            }

            var levels = _owner._levels;
            var units = _owner._units;
            for (var c = 1; c < size; c++)
            {
                FixedEffects.AsSpan(map[c] * levels, levels).CopyTo(FixedEffects.AsSpan(c * levels, levels));
                UnitMeans.AsSpan(map[c] * units, units).CopyTo(UnitMeans.AsSpan(c * units, units));
            }

            return reduced;
        }

        // β = (X̃'HX̃)⁻¹X̃'Hz̃ and the level constants G = B_z − B_Xβ of the next linear predictor; false when X̃'HX̃
        // is singular.
        public bool Step(double[] cross, int k)
        {
            var size = k + 1;
            var xtx = new double[k * k];
            var beta = new double[k];
            for (var a = 0; a < k; a++)
            {
                beta[a] = cross[((a + 1) * size) + 0];
                for (var b = 0; b <= a; b++)
                {
                    xtx[(a * k) + b] = xtx[(b * k) + a] = cross[((a + 1) * size) + b + 1];
                }
            }

            if (k > 0)
            {
                var factor = SmallCholesky.Factor(xtx, k);
                if (factor is null)
                {
                    return false;
                }

                SmallCholesky.Solve(factor, k, beta);
            }

            var levels = _owner._levels;
            FixedEffects.AsSpan(0, levels).CopyTo(LevelConstant);
            for (var j = 0; j < k; j++)
            {
                Kernels.Axpy(-beta[j], FixedEffects.AsSpan((j + 1) * levels, levels), LevelConstant);
            }

            Beta = beta;
            return true;
        }
    }
}
