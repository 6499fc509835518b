using MathNet.Numerics.LinearAlgebra;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>
/// The validated matrices of one diagnostics call and the kernels every statistic shares (weighted cross products,
/// partialling out X₂, score meats, the Wald test of excluded instruments and its ivreg2 scalings).
/// Dimensions: n rows; y (n), X₁ (n×k₁), X₂ (n×k₂), Z₁ (n×l₁); suffix <c>p</c> = partialled on X₂.
/// </summary>
internal sealed class DiagnosticKernels
{
    internal DiagnosticKernels(InstrumentDiagnosticsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Outcome);
        ArgumentNullException.ThrowIfNull(input.Endogenous);
        ArgumentNullException.ThrowIfNull(input.ExcludedInstruments);
        ArgumentNullException.ThrowIfNull(input.Exogenous);
        N = input.Outcome.Count;
        K1 = input.Endogenous.GetLength(1);
        K2 = input.Exogenous.GetLength(1);
        L1 = input.ExcludedInstruments.GetLength(1);
        Check(input.Endogenous.GetLength(0) == N, $"The endogenous regressors have {input.Endogenous.GetLength(0)} rows and the outcome {N}; pass the same rows.");
        Check(input.ExcludedInstruments.GetLength(0) == N, $"The excluded instruments have {input.ExcludedInstruments.GetLength(0)} rows and the outcome {N}; pass the same rows.");
        Check(K2 == 0 || input.Exogenous.GetLength(0) == N, $"The exogenous regressors have {input.Exogenous.GetLength(0)} rows and the outcome {N}; pass the same rows (or an empty matrix).");
        Check(K1 >= 1, "There is no endogenous regressor; the diagnostics need at least one column in Endogenous.");
        Check(L1 >= K1, $"The model is underidentified: {L1} excluded instrument(s) for {K1} endogenous regressor(s); add instruments so that l1 >= k1.");
        Check(input.AbsorbedDegreesOfFreedom >= 0, $"AbsorbedDegreesOfFreedom is {input.AbsorbedDegreesOfFreedom}; it counts absorbed parameters and cannot be negative.");
        Check(input.LargeSampleDegreesOfFreedomAdjustment >= 0, $"LargeSampleDegreesOfFreedomAdjustment is {input.LargeSampleDegreesOfFreedomAdjustment}; it cannot be negative.");
        Check(input.ConfidenceLevel is > 0 and < 1, $"ConfidenceLevel is {input.ConfidenceLevel}; expected a value in (0, 1) such as 0.95.");
        Absorbed = input.AbsorbedDegreesOfFreedom;
        DofMinus = input.LargeSampleDegreesOfFreedomAdjustment;
        LFull = L1 + K2 + Absorbed;
        Check(N - LFull - DofMinus > 0, $"There are {N} observations for {LFull} instruments (excluded, included and absorbed); the first stage has no residual degrees of freedom.");

        Y = Vector<double>.Build.DenseOfEnumerable(input.Outcome);
        X1 = Matrix<double>.Build.DenseOfArray(input.Endogenous);
        X2 = Matrix<double>.Build.DenseOfArray(input.Exogenous.GetLength(0) == 0 ? new double[N, 0] : input.Exogenous);
        Z1 = Matrix<double>.Build.DenseOfArray(input.ExcludedInstruments);
        CheckFinite(Y.ToArray(), "Outcome");
        CheckFinite(X1.ToColumnMajorArray(), "Endogenous");
        CheckFinite(X2.ToColumnMajorArray(), "Exogenous");
        CheckFinite(Z1.ToColumnMajorArray(), "ExcludedInstruments");

        if (input.Weights is { } weights)
        {
            Check(weights.Count == N, $"There are {weights.Count} weights for {N} rows; pass one weight per row.");
            var bad = Enumerable.Range(0, N).FirstOrDefault(i => !(double.IsFinite(weights[i]) && weights[i] > 0), -1);
            Check(bad < 0, bad < 0 ? string.Empty : $"Weight {bad} is {weights[bad]}; analytic weights must be positive and finite (drop the row instead).");
            var total = weights.Sum();
            W = Vector<double>.Build.Dense(N, i => weights[i] * N / total);
        }
        else
        {
            W = Vector<double>.Build.Dense(N, 1.0);
        }

        Variance = input.Variance ?? InstrumentVariance.Unadjusted;
        if (Variance.Kind == InstrumentVarianceKind.Cluster)
        {
            var codes = Variance.ClusterCodes!;
            Check(codes.Count == N, $"There are {codes.Count} cluster codes for {N} rows; pass one code per row.");
            var map = new Dictionary<int, int>();
            ClusterIndex = new int[N];
            for (var i = 0; i < N; i++)
            {
                if (!map.TryGetValue(codes[i], out var g))
                {
                    g = map.Count;
                    map[codes[i]] = g;
                }

                ClusterIndex[i] = g;
            }

            Clusters = map.Count;
            Check(Clusters >= 2, $"There is {Clusters} cluster; cluster-robust statistics need at least two.");
        }

        if (Variance.Kind == InstrumentVarianceKind.Hac)
        {
            Check(Variance.Lags < N, $"The HAC variance asks for {Variance.Lags} lags with {N} rows; use fewer lags.");
        }

        Yp = Partial(Y.ToColumnMatrix()).Column(0);
        X1p = Partial(X1);
        Z1p = Partial(Z1);
        Azz = Cross(Z1p, Z1p);
        if (Rank(Azz) < L1)
        {
            throw new ArgumentException($"The excluded instruments are collinear (after partialling out the {K2} exogenous regressor(s)): rank {Rank(Azz)} of {L1}. Drop the redundant instrument.");
        }

        if (Rank(Cross(X1p, X1p)) < K1)
        {
            throw new ArgumentException($"The endogenous regressors are collinear (after partialling out the {K2} exogenous regressor(s)); drop the redundant one.");
        }
    }

    internal int N { get; }

    internal int K1 { get; }

    internal int K2 { get; }

    internal int L1 { get; }

    internal int Absorbed { get; }

    internal int DofMinus { get; }

    /// <summary>ivreg2's L + sdofminus: excluded, included and absorbed instruments.</summary>
    internal int LFull { get; }

    internal Vector<double> Y { get; }

    internal Matrix<double> X1 { get; }

    internal Matrix<double> X2 { get; }

    internal Matrix<double> Z1 { get; }

    /// <summary>Weights normalised to sum to N (all ones without weights).</summary>
    internal Vector<double> W { get; }

    internal InstrumentVariance Variance { get; }

    internal int[]? ClusterIndex { get; }

    internal int Clusters { get; }

    internal Vector<double> Yp { get; }

    internal Matrix<double> X1p { get; }

    internal Matrix<double> Z1p { get; }

    /// <summary>Z₁p' W Z₁p (l₁×l₁).</summary>
    internal Matrix<double> Azz { get; }

    internal bool IsCluster => Variance.Kind == InstrumentVarianceKind.Cluster;

    internal bool IsUnadjusted => Variance.Kind == InstrumentVarianceKind.Unadjusted;

    /// <summary>N − dofminus, the large-sample divisor.</summary>
    internal double Nd => N - DofMinus;

    /// <summary>The denominator degrees of freedom of every F: G − 1 clustered, N − L − sdofminus − dofminus otherwise.</summary>
    internal int FDenominator => IsCluster ? Clusters - 1 : N - LFull - DofMinus;

    /// <summary>A' W B.</summary>
    internal Matrix<double> Cross(Matrix<double> a, Matrix<double> b)
    {
        var wb = b.Clone();
        for (var i = 0; i < N; i++)
        {
            wb.SetRow(i, wb.Row(i) * W[i]);
        }

        return a.TransposeThisAndMultiply(wb);
    }

    /// <summary>Weighted least-squares residuals of the columns of <paramref name="m"/> on X₂ (m itself when k₂ = 0).</summary>
    internal Matrix<double> Partial(Matrix<double> m) => K2 == 0 ? m.Clone() : Residuals(X2, m);

    /// <summary>Weighted least-squares residuals of the columns of <paramref name="m"/> on <paramref name="x"/> (QR of √w·x).</summary>
    internal Matrix<double> Residuals(Matrix<double> x, Matrix<double> m) => m - (x * Coefficients(x, m));

    /// <summary>Weighted least-squares coefficients of <paramref name="m"/> on <paramref name="x"/>.</summary>
    internal Matrix<double> Coefficients(Matrix<double> x, Matrix<double> m)
    {
        var sx = x.Clone();
        var sm = m.Clone();
        for (var i = 0; i < N; i++)
        {
            var r = Math.Sqrt(W[i]);
            sx.SetRow(i, sx.Row(i) * r);
            sm.SetRow(i, sm.Row(i) * r);
        }

        var qr = sx.QR();
        if (!qr.IsFullRank)
        {
            throw new ArgumentException($"A design of {x.ColumnCount} columns is rank deficient (collinear regressors or instruments); drop the redundant columns before the diagnostics.");
        }

        return qr.Solve(sm);
    }

    /// <summary>The scores w_i e_i z_i' (n×p).</summary>
    internal Matrix<double> Scores(Matrix<double> z, Vector<double> e)
    {
        var s = z.Clone();
        for (var i = 0; i < N; i++)
        {
            s.SetRow(i, s.Row(i) * (W[i] * e[i]));
        }

        return s;
    }

    /// <summary>
    /// The meat Σ s s' of scores under the variance choice, unscaled: Σ_i s_i s_i' (robust), Σ_g (Σ_{i∈g} s_i)(…)'
    /// (cluster), Σ_i s_i s_i' + Σ_j k(j) Σ_t (s_t s_{t−j}' + s_{t−j} s_t') with k(j) = 1 − j/(lags + 1) (HAC).
    /// </summary>
    internal Matrix<double> Meat(Matrix<double> s)
    {
        switch (Variance.Kind)
        {
            case InstrumentVarianceKind.Cluster:
                var sums = Matrix<double>.Build.Dense(Clusters, s.ColumnCount);
                for (var i = 0; i < N; i++)
                {
                    sums.SetRow(ClusterIndex![i], sums.Row(ClusterIndex[i]) + s.Row(i));
                }

                return sums.TransposeThisAndMultiply(sums);
            case InstrumentVarianceKind.Hac:
                var meat = s.TransposeThisAndMultiply(s);
                for (var j = 1; j <= Variance.Lags; j++)
                {
                    var k = 1.0 - (j / (Variance.Lags + 1.0));
                    var lead = s.SubMatrix(j, N - j, 0, s.ColumnCount);
                    var lag = s.SubMatrix(0, N - j, 0, s.ColumnCount);
                    var gamma = lead.TransposeThisAndMultiply(lag);
                    meat += k * (gamma + gamma.Transpose());
                }

                return meat;
            default:
                return s.TransposeThisAndMultiply(s);
        }
    }

    /// <summary>
    /// The Wald test that the coefficients of <paramref name="z"/> are zero in the weighted regression of
    /// <paramref name="dep"/> on it (both partialled), under the variance choice and in ivreg2's χ² scaling.
    /// </summary>
    internal ExcludedWald Wald(Matrix<double> z, Vector<double> dep, int df1)
    {
        var a = Cross(z, z);
        var aInverse = SymmetricInverse(a);
        var coefficients = aInverse * Cross(z, dep.ToColumnMatrix()).Column(0);
        var residuals = dep - (z * coefficients);
        var rss = residuals.PointwiseMultiply(residuals).DotProduct(W);
        var classicalVariance = aInverse * (rss / Nd);
        var classical = Quadratic(coefficients, classicalVariance);
        Matrix<double> chiVariance;
        if (IsUnadjusted)
        {
            chiVariance = classicalVariance;
        }
        else
        {
            var sandwich = aInverse * Meat(Scores(z, residuals)) * aInverse;
            sandwich = (sandwich + sandwich.Transpose()) / 2;

            // ivreg2 divides the robust and HAC Ω by N − dofminus (Wald × (N − dofminus)/N of the raw sandwich); the cluster Ω by N.
            chiVariance = IsCluster ? sandwich : sandwich * (N / Nd);
        }

        var chi2 = Quadratic(coefficients, chiVariance);

        // V_F: the covariance whose Wald/q is the F (OLS's s²(Z'Z)⁻¹ unadjusted, HC1-like robust, CR1 clustered).
        var fScale = FScale();
        var covariance = chiVariance / fScale;
        var partialR2 = classical / Nd / (1 + (classical / Nd));
        return new ExcludedWald(coefficients, covariance, rss, partialR2, classical, chi2, chi2 * fScale / df1, df1, FDenominator);
    }

    /// <summary>F = χ² × FScale / q (ivreg2): (N − L − sdof − dofminus)/(N − dofminus), clustered (N − L − sdof)/(N − 1) · (G − 1)/G.</summary>
    internal double FScale() => IsCluster
        ? (N - LFull) / (N - 1.0) * (Clusters - 1.0) / Clusters
        : (N - LFull - DofMinus) / Nd;

    internal static double Quadratic(Vector<double> b, Matrix<double> v) => b.DotProduct(SymmetricSolve(v, b));

    /// <summary>Solves V x = b for a symmetric positive semi-definite V (Cholesky, or the pseudo-inverse when singular).</summary>
    internal static Vector<double> SymmetricSolve(Matrix<double> v, Vector<double> b) => SymmetricInverse(v) * b;

    /// <summary>The inverse of a symmetric matrix: Cholesky when positive definite, otherwise the eigen pseudo-inverse.</summary>
    internal static Matrix<double> SymmetricInverse(Matrix<double> v)
    {
        try
        {
            return v.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(v.RowCount));
        }
        catch (ArgumentException)
        {
            var evd = ((v + v.Transpose()) / 2).Evd(Symmetricity.Symmetric);
            var values = evd.EigenValues.Real();
            var tolerance = values.AbsoluteMaximum() * v.RowCount * 1e-14;
            var d = Vector<double>.Build.Dense(values.Count, i => values[i] > tolerance ? 1 / values[i] : 0);
            return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(d) * evd.EigenVectors.Transpose();
        }
    }

    /// <summary>The symmetric square root of a positive semi-definite matrix (negative rounding eigenvalues set to 0).</summary>
    internal static Matrix<double> SymmetricSqrt(Matrix<double> a)
    {
        var evd = ((a + a.Transpose()) / 2).Evd(Symmetricity.Symmetric);
        var d = evd.EigenValues.Real().Map(x => Math.Sqrt(Math.Max(x, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(d) * evd.EigenVectors.Transpose();
    }

    internal static int Rank(Matrix<double> symmetric)
    {
        var values = ((symmetric + symmetric.Transpose()) / 2).Evd(Symmetricity.Symmetric).EigenValues.Real();
        var max = values.AbsoluteMaximum();
        return max == 0 ? 0 : values.Count(v => v > max * 1e-12);
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private static void CheckFinite(double[] values, string name)
    {
        var i = Array.FindIndex(values, v => !double.IsFinite(v));
        if (i >= 0)
        {
            throw new ArgumentException($"{name} holds a non-finite value ({values[i]}) at element {i}; drop rows with missing values before the diagnostics.");
        }
    }
}

/// <summary>The Wald test of excluded instruments in one auxiliary regression, with ivreg2's scalings.</summary>
/// <param name="Coefficients">The coefficients (l).</param>
/// <param name="Covariance">Their covariance, scaled so that b'V⁻¹b/q is the F.</param>
/// <param name="ResidualSumOfSquares">The weighted residual sum of squares.</param>
/// <param name="PartialRSquared">The partial R² (from the classical Wald).</param>
/// <param name="ClassicalChiSquare">The Wald statistic with σ² = RSS/(N − dofminus).</param>
/// <param name="ChiSquare">The Wald statistic under the variance choice.</param>
/// <param name="F">The F statistic.</param>
/// <param name="NumeratorDegreesOfFreedom">q.</param>
/// <param name="DenominatorDegreesOfFreedom">The F's denominator degrees of freedom.</param>
internal sealed record ExcludedWald(
    Vector<double> Coefficients,
    Matrix<double> Covariance,
    double ResidualSumOfSquares,
    double PartialRSquared,
    double ClassicalChiSquare,
    double ChiSquare,
    double F,
    int NumeratorDegreesOfFreedom,
    int DenominatorDegreesOfFreedom);
