using ModelDsl.Design;
using ModelDsl.Inference;

namespace ModelDsl.Estimation;

/// <summary>
/// The view of a least-squares or random-effects fit that <see cref="LinearModelEstimator"/> hands to a variance
/// estimator: bread (D'D)⁻¹, scores eᵢdᵢ, and the parameter count of the small-sample correction.
/// </summary>
/// <remarks>
/// <para>Design D is n×p column-major (or described by columns plus shifts, see <see cref="LinearFit"/>), bread
/// B = (D'D)⁻¹ p×p row-major, residuals e of length n. The model-based variance is σ̂² B with σ̂² = e'e/(N − K),
/// K every parameter. K of the observation factor counts the slopes, the constant unless absorbed fixed effects make it
/// one of them and <see cref="SmallSampleCorrection.CountConstant"/> is off, and the fixed-effect degrees of freedom
/// chosen by <see cref="SmallSampleCorrection.FixedEffects"/> (a dimension nested in a cluster variable does not count
/// under <see cref="FixedEffectCount.ExcludeNested"/>).</para>
/// </remarks>
internal sealed class LinearVarianceInput : VarianceInput
{
    private readonly LinearFit _fit;

    internal LinearVarianceInput(LinearFit fit)
    {
        _fit = fit;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Names => _fit.Names;

    /// <inheritdoc />
    public override IReadOnlyList<double> Estimates => _fit.Estimates;

    /// <inheritdoc />
    public override int Observations => _fit.EffectiveObservations;

    /// <inheritdoc />
    public override IReadOnlyList<int> SampleRows => _fit.SampleRows;

    /// <inheritdoc />
    public override int ResidualDegreesOfFreedom => _fit.ResidualDegreesOfFreedom;

    /// <inheritdoc />
    public override bool NormalInference => _fit.NormalInference;

    /// <inheritdoc />
    public override double ConfidenceLevel => _fit.Specification.ConfidenceLevel;

    /// <inheritdoc />
    public override string Family => _fit.Estimator;

    /// <inheritdoc />
    internal override int Slopes => _fit.Slopes;

    // A perfect fit (RSS below 1e-20 of the sum of squares to explain, i.e. R² = 1 to ten digits) leaves standard
    // errors made of rounding (1e-17 and t = 1e17): they are reported, their tests are not.
    private bool PerfectFit => _fit.ResidualSumOfSquares <= 1e-20 * _fit.ReferenceSumOfSquares;

    /// <inheritdoc />
    public override int Exponent(int coefficient) => _fit.CoefficientExponents?[coefficient] ?? 0;

    /// <inheritdoc />
    public override double[] Bread() => (double[])_fit.Bread.Clone();

    /// <inheritdoc />
    public override double[] ModelBasedVariance()
    {
        RequireResidualDegreesOfFreedom();
        var sigma2 = _fit.ResidualSumOfSquares / _fit.ResidualDegreesOfFreedom;
        var matrix = new double[_fit.Bread.Length];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = sigma2 * _fit.Bread[i];
        }

        return matrix;
    }

    /// <inheritdoc />
    internal override void RequireResidualDegreesOfFreedom()
    {
        var df = _fit.ResidualDegreesOfFreedom;
        if (df <= 0)
        {
            throw new InvalidOperationException(
                $"The model has {_fit.Observations} observations and {_fit.ParameterCount} parameters (slopes, constant and fixed-effect levels), leaving {df} residual degrees of freedom; it needs more observations than parameters.");
        }
    }

    /// <inheritdoc />
    internal override CoefficientInference Infer(int coefficient, double standardError, int degreesOfFreedom)
    {
        // t from the scaled estimate and variance (scale-free); the result rescales estimate, SE and interval.
        var estimate = _fit.Estimates[coefficient];
        var s = Significance.Of(estimate, standardError, _fit.NormalInference ? null : degreesOfFreedom, ConfidenceLevel, PerfectFit);
        return new CoefficientInference(standardError, s.Statistic, s.PValue, s.ConfidenceLow, s.ConfidenceHigh);
    }

    /// <inheritdoc />
    private protected override (int[] Codes, int Groups) ComputeClusterCodes(ColumnTerm variable) => FitClusters.CodesOf(_fit, variable);

    /// <inheritdoc />
    internal override int CorrectionParameters(SmallSampleCorrection correction, IReadOnlyList<int[]> clusterCodes)
    {
        var fit = _fit;
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

    // meat = Σ_i e_i² d_i d_i' (p×p row-major); with frequency weights Σ_i (d_i e_i)(d_i e_i)'/w_i, each of a row's w_i
    // copies its own observation (d_i e_i = w_i x_i e_i in the √w metric).
    public override double[] HeteroskedasticMeat()
    {
        var n = _fit.Observations;
        var identity = new int[n];
        for (var i = 0; i < n; i++)
        {
            identity[i] = i;
        }

        if (_fit.FrequencyWeights is not { } w)
        {
            return Meat(identity, n);
        }

        var p = _fit.Names.Length;
        var scores = GroupScores(identity, n);
        var meat = new double[p * p];
        for (var i = 0; i < n; i++)
        {
            var s = scores.AsSpan(i * p, p);
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < p; b++)
                {
                    meat[(a * p) + b] += s[a] * s[b] / w[i];
                }
            }
        }

        return meat;
    }

    /// <inheritdoc />
    private protected override (int[] Codes, int Periods) ComputeTimeCodes(ColumnTerm? variable)
    {
        var data = _fit.Data;
        var term = variable ?? (data.TimeColumnName is { } time
            ? new ColumnTerm(time)
            : throw new InvalidOperationException("The data have no time column; declare it when reading the data (time: \"year\") or name the time variable (Vcov.DriscollKraay(\"year\"))."));
        var raw = FitClusters.ResolveCategorical(data, term).RawCodes;
        var rows = _fit.SampleRows;
        var codes = new int[rows.Length];
        var max = -1;
        for (var i = 0; i < rows.Length; i++)
        {
            var code = raw[rows[i]];
            if (code < 0)
            {
                throw new InvalidOperationException($"Time variable '{term.Name}' is missing in row {rows[i] + 1} of the estimation sample; remove such rows before fitting.");
            }

            codes[i] = code;
            max = Math.Max(max, code);
        }

        // Levels are sorted (numerically for years), so raw codes follow time; renumber the periods present 0 .. T − 1 in that order.
        var rank = new int[max + 1];
        Array.Fill(rank, -1);
        foreach (var code in codes)
        {
            rank[code] = 0;
        }

        var periods = 0;
        for (var c = 0; c <= max; c++)
        {
            if (rank[c] == 0)
            {
                rank[c] = periods++;
            }
        }

        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = rank[codes[i]];
        }

        return (codes, periods);
    }

    /// <inheritdoc />
    internal override (double[] Design, double[] Outcome)? LeastSquaresData()
    {
        var fit = _fit;
        var n = fit.Observations;
        var p = fit.Names.Length;
        var design = new double[n * p];
        if (fit.DesignColumns is { } columns)
        {
            var shifts = fit.DesignShifts!;
            var r = fit.DesignRowScale;
            for (var j = 0; j < columns.Length; j++)
            {
                var column = columns[j].Span;
                var target = design.AsSpan(j * n, n);
                for (var i = 0; i < n; i++)
                {
                    target[i] = column[i] + (shifts[j] * (r?[i] ?? 1.0));
                }
            }

            if (fit.HasConstant)
            {
                var target = design.AsSpan(columns.Length * n, n);
                for (var i = 0; i < n; i++)
                {
                    target[i] = r?[i] ?? 1.0;
                }
            }
        }
        else
        {
            fit.Design.AsSpan(0, n * p).CopyTo(design);
        }

        var outcome = (double[])fit.Residuals.Clone();
        for (var j = 0; j < p; j++)
        {
            Kernels.Axpy(fit.Estimates[j], design.AsSpan(j * n, n), outcome);
        }

        return (design, outcome);
    }

    /// <inheritdoc />
    /// <remarks>meat = Σ_g s_g s_g', s_g = Σ_{i∈g} e_i d_i.</remarks>
    public override double[] Meat(int[] codes, int groups)
    {
        var p = _fit.Names.Length;
        var scores = GroupScores(codes, groups);
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

    /// <inheritdoc />
    /// <remarks>s_g = Σ_{i∈g} e_i d_i, groups×p row-major.</remarks>
    public override double[] GroupScores(int[] codes, int groups)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var fit = _fit;
        var n = fit.Observations;
        var p = fit.Names.Length;
        var scores = new double[groups * p];
        var e = fit.Residuals;
        if (fit.DesignColumns is { } columns)
        {
            // d_ic = x̃_ic + shift_c·r_i (then the constant's column r; r = 1 unweighted, √w weighted):
            // s_gc = Σ_{i∈g} x̃_ic e_i + shift_c Σ_{i∈g} r_i e_i.
            var shifts = fit.DesignShifts!;
            var ones = fit.HasConstant;
            var sums = ones || shifts.Any(v => v != 0) ? new double[groups] : null;
            if (sums is not null)
            {
                if (fit.DesignRowScale is { } r)
                {
                    for (var i = 0; i < n; i++)
                    {
                        sums[codes[i]] += r[i] * e[i];
                    }
                }
                else
                {
                    for (var i = 0; i < n; i++)
                    {
                        sums[codes[i]] += e[i];
                    }
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

        return scores;
    }

    // c · B M B
    internal override double[] Sandwich(double[] meat, double c)
    {
        var bread = _fit.Bread;
        var p = _fit.Names.Length;
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
}
