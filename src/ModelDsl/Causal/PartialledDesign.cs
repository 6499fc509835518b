using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;

namespace ModelDsl.Causal;

/// <summary>
/// The demeaned outcome and controls of a fitted fixed-effects model, kept so that the coefficient of a new
/// regressor can be computed by Frisch–Waugh–Lovell at the cost of one demeaning plus O(nk).
/// </summary>
/// <remarks>
/// Dimensions: n observations, r kept controls. <c>_w</c> is W̃ n×r column-major (demeaned controls), <c>_bread</c>
/// is (W̃'W̃)⁻¹ r×r row-major, <c>_y</c> is ỹ (length n). For a new column d: d̃ = M_FE d, d̈ = d̃ − W̃(W̃'W̃)⁻¹W̃'d̃,
/// β = d̈'ỹ / d̈'d̈ — the coefficient of d in the regression of y on [d, W] with the fixed effects absorbed
/// (Frisch and Waugh 1933; Lovell 1963). Thread-safe: nothing is mutated after construction.
/// </remarks>
internal sealed class PartialledDesign
{
    private readonly double[] _y;
    private readonly double[] _yResidual;
    private readonly double[] _w;
    private readonly double[] _bread;
    private readonly int _r;
    private readonly FixedEffectStructure? _structure;
    private readonly bool _centred;
    private readonly double _tolerance;
    private readonly int _iterations;

    private PartialledDesign(double[] y, double[] w, double[] bread, int r, FixedEffectStructure? structure, bool centred, double tolerance, int iterations)
    {
        _y = y;
        _w = w;
        _bread = bread;
        _r = r;
        _structure = structure;
        _centred = centred;
        _tolerance = tolerance;
        _iterations = iterations;
        _yResidual = y.ToArray();
        Residualize(_yResidual, new double[2 * r]);
    }

    internal int Observations => _y.Length;

    /// <summary>The scratch length <see cref="Coefficient"/> needs: n + 2r.</summary>
    internal int ScratchLength => _y.Length + (2 * _r);

    /// <summary>Demeans y and every right-hand-side term of <paramref name="fit"/> except <paramref name="excluded"/> once, on its estimation sample.</summary>
    internal static PartialledDesign FromFit(LinearFit fit, string excluded)
    {
        var specification = fit.Specification;
        var evaluator = new TermEvaluator(fit.Data, LinearModelEstimator.PanelShift);
        var rows = fit.SampleRows;
        var n = rows.Length;
        var controls = specification.RightHandSide.Where(t => t.Name != excluded).ToArray();
        var k = controls.Length;
        var m = new double[n * (k + 1)];
        Gather(evaluator.Evaluate(specification.Outcome), rows, m.AsSpan(0, n));
        var before = new double[k];
        for (var j = 0; j < k; j++)
        {
            var column = m.AsSpan((j + 1) * n, n);
            Gather(evaluator.Evaluate(controls[j]), rows, column);
            before[j] = Kernels.CenteredSumOfSquares(column);
        }

        var structure = fit.FixedEffects;
        var centred = structure is not null || specification.HasIntercept;
        if (structure is not null)
        {
            structure.DemeanColumns(m, k + 1, specification.DemeaningTolerance, specification.DemeaningIterations);
        }
        else if (centred)
        {
            for (var j = 0; j <= k; j++)
            {
                Centre(m.AsSpan(j * n, n));
            }
        }

        var candidates = new List<int>();
        for (var j = 0; j < k; j++)
        {
            var column = m.AsSpan((j + 1) * n, n);
            var after = Kernels.Dot(column, column);
            if (!(centred && (before[j] == 0 || after <= LinearModelEstimator.AbsorbedTolerance * before[j])))
            {
                candidates.Add(j);
            }
        }

        var work = new double[n * candidates.Count];
        for (var c = 0; c < candidates.Count; c++)
        {
            m.AsSpan((candidates[c] + 1) * n, n).CopyTo(work.AsSpan(c * n, n));
        }

        var qr = HouseholderQr.Decompose(work.ToArray(), n, candidates.Count);
        var kept = qr.Kept.ToArray();
        var w = new double[n * kept.Length];
        for (var c = 0; c < kept.Length; c++)
        {
            work.AsSpan(kept[c] * n, n).CopyTo(w.AsSpan(c * n, n));
        }

        var bread = kept.Length > 0 ? qr.InverseCrossProduct() : [];
        return new PartialledDesign(m.AsSpan(0, n).ToArray(), w, bread, kept.Length, structure, centred, specification.DemeaningTolerance, specification.DemeaningIterations);
    }

    /// <summary>The FWL coefficient of <paramref name="values"/> (length n, sample order); <paramref name="scratch"/> has length n + 2r. NaN when the column is absorbed.</summary>
    internal double Coefficient(ReadOnlySpan<double> values, Span<double> scratch) => Partial(values, scratch, out _);

    /// <summary>
    /// The FWL coefficient and its unscaled variance: iid e'e/d̈'d̈; heteroskedastic Σ d̈ᵢ²eᵢ²/(d̈'d̈)²; clustered
    /// Σ_g (Σ_{i∈g} d̈ᵢeᵢ)²/(d̈'d̈)², with e = ÿ − βd̈ the full model's residuals (FWL gives the same scores). Multiply by
    /// the model's small-sample factor (and 1/(N − K) for iid) to get its variance. <paramref name="clusterSums"/> has one slot per cluster.
    /// </summary>
    internal (double Coefficient, double RawVariance) CoefficientAndVariance(ReadOnlySpan<double> values, Span<double> scratch, int[]? clusters, bool heteroskedastic, Span<double> clusterSums)
    {
        var beta = Partial(values, scratch, out var dd);
        if (double.IsNaN(beta))
        {
            return (double.NaN, double.NaN);
        }

        var d = scratch[.._y.Length];
        var sum = 0.0;
        if (clusters is not null)
        {
            clusterSums.Clear();
            for (var i = 0; i < d.Length; i++)
            {
                clusterSums[clusters[i]] += d[i] * (_yResidual[i] - (beta * d[i]));
            }

            foreach (var score in clusterSums)
            {
                sum += score * score;
            }

            return (beta, sum / (dd * dd));
        }

        for (var i = 0; i < d.Length; i++)
        {
            var e = _yResidual[i] - (beta * d[i]);
            sum += heteroskedastic ? d[i] * d[i] * e * e : e * e;
        }

        return (beta, heteroskedastic ? sum / (dd * dd) : sum / dd);
    }

    /// <summary>Partials <paramref name="values"/> into scratch[..n] and returns its coefficient (NaN when absorbed) and d̈'d̈.</summary>
    private double Partial(ReadOnlySpan<double> values, Span<double> scratch, out double dd)
    {
        var n = _y.Length;
        var d = scratch[..n];
        values.CopyTo(d);
        double before;
        if (_structure is not null)
        {
            before = Kernels.CenteredSumOfSquares(d);
            _structure.Demean(d, d, _tolerance, _iterations);
        }
        else
        {
            before = _centred ? Kernels.CenteredSumOfSquares(d) : Kernels.Dot(d, d);
            if (_centred)
            {
                Centre(d);
            }
        }

        Residualize(d, scratch.Slice(n, 2 * _r));
        dd = Kernels.Dot(d, d);
        return before == 0 || dd <= LinearModelEstimator.AbsorbedTolerance * before ? double.NaN : Kernels.Dot(d, _y) / dd;
    }

    private void Residualize(Span<double> d, Span<double> scratch)
    {
        var n = _y.Length;
        var c = scratch[.._r];
        var coefficient = scratch.Slice(_r, _r);
        for (var j = 0; j < _r; j++)
        {
            c[j] = Kernels.Dot(_w.AsSpan(j * n, n), d);
        }

        for (var i = 0; i < _r; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < _r; j++)
            {
                sum += _bread[(i * _r) + j] * c[j];
            }

            coefficient[i] = sum;
        }

        for (var j = 0; j < _r; j++)
        {
            Kernels.Axpy(-coefficient[j], _w.AsSpan(j * n, n), d);
        }
    }

    private static void Gather(double[] values, int[] rows, Span<double> target)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            target[i] = values[rows[i]];
        }
    }

    private static void Centre(Span<double> column)
    {
        var mean = Kernels.Sum(column) / column.Length;
        for (var i = 0; i < column.Length; i++)
        {
            column[i] -= mean;
        }
    }
}
