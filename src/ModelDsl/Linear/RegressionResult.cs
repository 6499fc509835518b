using System.Text;
using System.Text.Json;

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Estimation;
using ModelDsl.Inference;

namespace ModelDsl.Results;

/// <summary>
/// An immutable fitted linear model (OLS, fixed effects or random effects): coefficients, fit statistics,
/// the variance estimator used and every note on what was dropped.
/// </summary>
/// <remarks>
/// <para>Fit statistics: R² = 1 − RSS/TSS on the estimation sample (TSS centred; uncentred without an
/// intercept); adjusted R² = 1 − (1 − R²)(N − 1)/(N − K), K every parameter including fixed-effect levels
/// (fixest); within R² = 1 − RSS/Σỹ² with ỹ the outcome after removing the fixed effects, i.e. the R² of the
/// demeaned regression (fixest's <c>wr2</c>; Stata's <c>xtreg, fe</c> "within"). RMSE = √(RSS/N) (fixest);
/// <see cref="ResidualStandardError"/> = √(RSS/(N − K)) (Stata's "Root MSE"). For random effects R² is that
/// of the quasi-demeaned regression (plm).</para>
/// <para>With fixed effects a constant is reported as Stata's <c>xtreg, fe</c> and reghdfe do:
/// _cons = ȳ − x̄'b on the estimation sample, its variance from the regression of y − ỹ-means added back,
/// V(_cons) = x̄'V_b x̄ − 2x̄'V_bc + V_cc (Correia 2016, §"constant").</para>
/// <para>The F statistic tests that every slope is zero: the model F (RSS against the reference TSS) for iid
/// errors, a Wald F = b'V⁻¹b / k for HC1 and clustered errors with the inference degrees of freedom as
/// denominator (Stata's convention).</para>
/// <para>Scale: the fit is stored in units scaled by powers of two (see <see cref="LinearModelEstimator"/>);
/// estimates, standard errors, intervals, RMSE and covariances are rescaled exactly when reported, and t, p, R² and the
/// F statistic are computed in the scaled units. A reported number beyond the range of double (a residual sum of squares or
/// covariance of an outcome near 1e200) throws <see cref="ArithmeticException"/> instead of returning ∞.</para>
/// </remarks>
public sealed class RegressionResult
{
    /// <summary>The name of the constant term.</summary>
    public const string InterceptName = Coefficient.InterceptName;

    private readonly LinearFit _fit;
    private readonly double[]? _covariance;
    private readonly Dictionary<string, int> _index;

    /// <summary>The result of <paramref name="fit"/> with the variance <paramref name="estimate"/> that <paramref name="vcov"/>'s estimator computed.</summary>
    internal RegressionResult(LinearFit fit, Vcov vcov, VarianceEstimate estimate)
    {
        _fit = fit;
        Vcov = vcov;
        RequireOutcomeVariation(fit);
        _covariance = estimate.MatrixValues;
        InferenceDegreesOfFreedom = estimate.DegreesOfFreedom;
        ClusterCounts = estimate.ClusterCounts;
        var p = fit.Names.Length;
        if (estimate.Coefficients.Count != p)
        {
            throw new InvalidOperationException($"The {vcov.Description} variance estimator returned inference for {estimate.Coefficients.Count} coefficients but the model has {p}.");
        }

        var coefficients = new Coefficient[p];
        var degenerate = new List<(string Name, double StandardError)>();

        // A perfect fit (RSS below 1e-20 of the sum of squares to explain, i.e. R² = 1 to ten digits) leaves standard
        // errors made of rounding (1e-17 and t = 1e17): they are reported, their tests are not.
        var perfectFit = fit.ResidualSumOfSquares <= 1e-20 * fit.ReferenceSumOfSquares;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < p; j++)
        {
            // The estimate's inference is in the fit's scaled units (t and p scale-free); estimate, SE and interval
            // are rescaled by 2^e exactly.
            var scaled = fit.Estimates[j];
            var s = estimate.Coefficients[j];
            var scaledSe = s.StandardError;
            var untestable = double.IsNaN(s.PValue) && (perfectFit || Significance.IsDegenerate(scaled, scaledSe));
            var exponent = Exponent(j);
            var b = Math.ScaleB(scaled, exponent);
            var se = Math.ScaleB(scaledSe, exponent);
            var low = Math.ScaleB(s.ConfidenceLow, exponent);
            var high = Math.ScaleB(s.ConfidenceHigh, exponent);
            if (!double.IsFinite(b) || (double.IsFinite(scaledSe) && !double.IsFinite(se)) || (double.IsFinite(s.ConfidenceLow) && (!double.IsFinite(low) || !double.IsFinite(high))))
            {
                throw new ArithmeticException(
                    $"The coefficient of {fit.Names[j]} or its confidence interval is beyond the range of double precision (about {scaled:G3}·2^{exponent}): the outcome and this regressor differ in scale by a factor near 2^{exponent}. Rescale one of them (for example divide the outcome by 1e100) and fit again.");
            }

            coefficients[j] = new Coefficient(fit.Names[j], b, se, s.Statistic, s.PValue, low, high);
            if (untestable)
            {
                degenerate.Add((fit.Names[j], se));
            }

            _index[fit.Names[j]] = j;
        }

        var notes = fit.Notes.Concat(FitClusters.IntegerLevelNotes(fit, vcov)).Concat(estimate.Notes).ToList();
        if (degenerate.Count > 0)
        {
            notes.Add(perfectFit
                ? Significance.DegenerateNote(degenerate, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the model fits '{fit.Specification.Outcome.Name}' exactly (residual sum of squares {fit.ResidualSumOfSquares:G3} against {fit.ReferenceSumOfSquares:G3} to explain), so the standard errors are rounding, not sampling variation"), "are not meaningful")
                : Significance.DegenerateNote(degenerate, $"the {vcov.Description} variance leaves no sampling variation for {(degenerate.Count > 1 ? "them" : "it")} (for example a regressor that is non-zero only where the residuals are zero)"));
        }

        Notes = notes;
        Coefficients = coefficients;
        FStatistic = ComputeF();
    }

    /// <summary>
    /// Throws when the outcome has no variation left to explain: constant in the estimation sample (TSS = 0, so R² is
    /// 0/0 and every standard error is 0), or constant within every fixed-effect level (the fixed effects explain it
    /// exactly, so every slope is 0 with standard error 0). Both are "zero" relative to the outcome's size: a spread
    /// below 1e-12 of its level is rounding in the mean, not variation.
    /// </summary>
    internal static void RequireOutcomeVariation(LinearFit fit)
    {
        // A backstop for every linear estimator: a fit that produced NaN or ±∞ is an error here rather than a result
        // whose every number is NaN (random effects on a constant outcome get 0/0 in θ before any of the checks below).
        var nonFinite = fit.Names.Where((_, j) => !double.IsFinite(fit.Estimates[j])).ToArray();
        if (nonFinite.Length > 0 || !double.IsFinite(fit.ResidualSumOfSquares) || !double.IsFinite(fit.TotalSumOfSquares))
        {
            throw new InvalidOperationException(
                $"The {fit.Estimator} fit of '{fit.Specification.Outcome.Name}' on {fit.Observations} rows did not give finite numbers ({(nonFinite.Length > 0 ? $"estimates of {string.Join(", ", nonFinite)}" : "sums of squares")} are not finite). "
                + "Check that the outcome varies in the estimation sample and that no variable is so large or small that its square overflows.");
        }

        var interceptIndex = Array.IndexOf(fit.Names, InterceptName);
        var level = interceptIndex >= 0 ? fit.Estimates[interceptIndex] : 0.0;
        var rounding = 1e-24 * fit.Observations * level * level;
        var outcome = fit.Specification.Outcome.Name;
        if (fit.TotalSumOfSquares <= rounding)
        {
            throw new InvalidOperationException(
                $"The outcome '{outcome}' is constant in the estimation sample ({fit.Observations} rows{(interceptIndex >= 0 ? $", every value {level.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty)}): there is no variation to explain, so R² is undefined and every standard error is 0. "
                + "Check the outcome column and the rows the sample keeps (restrictions, missing values).");
        }

        if (fit.FixedEffects is not null && fit.WithinTotalSumOfSquares <= 1e-24 * (fit.TotalSumOfSquares + (fit.Observations * level * level)))
        {
            throw new InvalidOperationException(
                $"The fixed effects ({string.Join(", ", fit.FixedEffects.Names)}) explain the outcome '{outcome}' exactly: it is constant within every level in the estimation sample ({fit.Observations} rows), so every slope is 0 with standard error 0 and the within R² is undefined. "
                + "Drop fixed effects that the outcome does not vary within, or check the outcome column.");
        }
    }

    /// <summary>The estimator: <c>ols</c>, <c>fe</c> or <c>re</c>.</summary>
    public string Estimator => _fit.Estimator;

    /// <summary>The model that was fitted.</summary>
    public RegressionSpecification Specification => _fit.Specification;

    /// <summary>The dependent variable's display name.</summary>
    public string Dependent => _fit.Specification.Outcome.Name;

    /// <summary>The number of observations in the estimation sample.</summary>
    public int Observations => _fit.EffectiveObservations;

    /// <summary>The coefficients: slopes in model order, then the constant.</summary>
    public IReadOnlyList<Coefficient> Coefficients { get; }

    /// <summary>R² on the estimation sample.</summary>
    public double RSquared => 1 - (_fit.ResidualSumOfSquares / _fit.TotalSumOfSquares);

    /// <summary>Adjusted R²: 1 − (1 − R²)(N − 1)/(N − K), K counting every parameter (N/(N − K) without an intercept).</summary>
    public double RSquaredAdjusted
    {
        get
        {
            var n = (double)_fit.EffectiveObservations;
            var numerator = _fit.HasConstant ? n - 1 : n;
            return 1 - ((1 - RSquared) * numerator / _fit.ResidualDegreesOfFreedom);
        }
    }

    /// <summary>Within R² (fixest's: the R² of the demeaned regression); NaN without fixed effects.</summary>
    public double RSquaredWithin => _fit.FixedEffects is null ? double.NaN : 1 - (_fit.ResidualSumOfSquares / _fit.WithinTotalSumOfSquares);

    /// <summary>The residual sum of squares.</summary>
    /// <exception cref="ArithmeticException">When it exceeds the range of double (an outcome beyond about 1e154); <see cref="RootMeanSquaredError"/> stays available.</exception>
    public double ResidualSumOfSquares => Finite(Math.ScaleB(_fit.ResidualSumOfSquares, 2 * _fit.OutcomeExponent), "residual sum of squares");

    /// <summary>√(RSS/N), fixest's RMSE.</summary>
    public double RootMeanSquaredError => Finite(Math.ScaleB(Math.Sqrt(_fit.ResidualSumOfSquares / _fit.EffectiveObservations), _fit.OutcomeExponent), "root mean squared error");

    /// <summary>√(RSS/(N − K)), Stata's "Root MSE" and R's residual standard error.</summary>
    public double ResidualStandardError => Finite(Math.ScaleB(Math.Sqrt(_fit.ResidualSumOfSquares / _fit.ResidualDegreesOfFreedom), _fit.OutcomeExponent), "residual standard error");

    /// <summary>N − K, K counting slopes, the constant and the fixed-effect degrees of freedom.</summary>
    public int ResidualDegreesOfFreedom => _fit.ResidualDegreesOfFreedom;

    /// <summary>The degrees of freedom of the t statistics: G − 1 when clustered (smallest G for two-way), N − K otherwise.</summary>
    /// <remarks>Random-effects results use the normal distribution instead (<see cref="UsesNormalDistribution"/>).</remarks>
    public int InferenceDegreesOfFreedom { get; }

    /// <summary>True when p-values and intervals come from the normal distribution (random effects) rather than t.</summary>
    public bool UsesNormalDistribution => _fit.NormalInference;

    /// <summary>The test that every slope is zero (model F for iid, Wald F otherwise).</summary>
    public WaldTestResult FStatistic { get; }

    /// <summary>The names of the fixed-effect dimensions (empty without fixed effects).</summary>
    public IReadOnlyList<string> FixedEffects => _fit.FixedEffects?.Names ?? [];

    /// <summary>The number of levels of each fixed-effect dimension in the sample, in <see cref="FixedEffects"/> order.</summary>
    public IReadOnlyList<int> FixedEffectLevels => _fit.FixedEffects?.Levels ?? [];

    /// <summary>The number of clusters of each cluster variable (empty unless clustered).</summary>
    public IReadOnlyDictionary<string, int> ClusterCounts { get; }

    /// <summary>The variance estimator; <c>Vcov.Description</c> gives <c>cluster(city)</c>.</summary>
    public Vcov Vcov { get; }

    /// <summary>The confidence level of the intervals.</summary>
    public double ConfidenceLevel => _fit.Specification.ConfidenceLevel;

    /// <summary>What was dropped or changed and why (missing values, singletons, absorbed or collinear terms, lags).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The variance components of a random-effects model; null otherwise.</summary>
    public RandomEffectsComponents? RandomEffects => _fit.RandomEffects;

    /// <summary>The rows of the estimation sample, as indices into the data the model was fitted on (after any <c>Subset</c> restriction).</summary>
    public IReadOnlyList<int> SampleRows => _fit.SampleRows;

    internal LinearFit Fit => _fit;

    /// <summary>The coefficient named <paramref name="name"/>.</summary>
    public Coefficient this[string name]
        => _index.TryGetValue(name, out var j)
            ? Coefficients[j]
            : throw new KeyNotFoundException(
                $"No coefficient named '{name}'; the coefficients are: {string.Join(", ", _fit.Names)}. A dropped regressor is listed in Notes.");

    /// <summary>The coefficient of <paramref name="term"/>.</summary>
    public Coefficient this[Term term] => this[term?.Name ?? throw new ArgumentNullException(nameof(term))];

    /// <summary>Looks up a coefficient without throwing.</summary>
    public bool TryGetCoefficient(string name, out Coefficient coefficient)
    {
        if (_index.TryGetValue(name, out var j))
        {
            coefficient = Coefficients[j];
            return true;
        }

        coefficient = null!;
        return false;
    }

    /// <summary>The estimated covariance of two coefficients.</summary>
    /// <exception cref="ArithmeticException">When it exceeds the range of double (standard errors beyond about 1e154).</exception>
    public double Covariance(string first, string second)
    {
        var (a, b) = (IndexOf(first), IndexOf(second));
        return Finite(Math.ScaleB(RequireCovariance()[(a * _fit.Names.Length) + b], Exponent(a) + Exponent(b)), $"covariance of {first} and {second}");
    }

    /// <summary>A copy of the coefficient covariance matrix, in <see cref="Coefficients"/> order.</summary>
    public double[,] CovarianceMatrix()
    {
        var covariance = RequireCovariance();
        var p = _fit.Names.Length;
        var matrix = new double[p, p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                matrix[i, j] = Finite(Math.ScaleB(covariance[(i * p) + j], Exponent(i) + Exponent(j)), $"covariance of {_fit.Names[i]} and {_fit.Names[j]}");
            }
        }

        return matrix;
    }

    /// <summary>
    /// The Wald test that the named coefficients are jointly zero, under this result's variance:
    /// F = b'V⁻¹b / q on (q, <see cref="InferenceDegreesOfFreedom"/>) degrees of freedom (Stata's <c>test</c>);
    /// <see cref="WaldTestResult.ChiSquare"/> = q·F. For restrictions other than "all zero" see <see cref="WaldLinear"/>. Inapplicable (with the reason) when V is singular.
    /// </summary>
    public WaldTestResult Wald(params string[] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.Length == 0)
        {
            throw new ArgumentException("A Wald test needs at least one coefficient name.", nameof(coefficients));
        }

        var indices = coefficients.Select(IndexOf).ToArray();
        return JointTest($"{string.Join(", ", coefficients)} jointly zero", indices, _fit.NormalInference ? 0 : InferenceDegreesOfFreedom);
    }

    /// <summary>
    /// The Wald test that the coefficients named <paramref name="names"/> are jointly zero, as χ² and F (see
    /// <see cref="WaldTestResult.Linear"/>): χ² = (Rb)'(R V R')⁻¹(Rb), F = χ²/q on (q, <see cref="InferenceDegreesOfFreedom"/>).
    /// </summary>
    /// <param name="description">What is tested, for reports ("all leads are zero").</param>
    /// <param name="names">The coefficients.</param>
    public WaldTestResult WaldAllZero(string description, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var rows = names.Select(name => new[] { (name, 1.0) }).ToArray();
        return WaldLinear(description, names, rows);
    }

    /// <summary>The Wald test that the coefficients named <paramref name="names"/> are all equal (q = count − 1 differences from the first).</summary>
    /// <param name="description">What is tested.</param>
    /// <param name="names">The coefficients; at least two, otherwise the test is inapplicable.</param>
    public WaldTestResult WaldAllEqual(string description, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count < 2)
        {
            return WaldTestResult.Inapplicable(description, $"equality needs at least two coefficients but got {names.Count}");
        }

        var rows = names.Skip(1).Select(name => new[] { (name, 1.0), (names[0], -1.0) }).ToArray();
        return WaldLinear(description, names.Skip(1).Select(n => $"{n} - {names[0]}").ToArray(), rows);
    }

    /// <summary>The Wald test of general linear restrictions given as weighted coefficient names (each row: Σ w·b = 0).</summary>
    /// <param name="description">What is tested.</param>
    /// <param name="labels">A readable form of each restriction.</param>
    /// <param name="rows">The restrictions.</param>
    public WaldTestResult WaldLinear(string description, IReadOnlyList<string> labels, IReadOnlyList<(string Name, double Weight)[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (_covariance is null)
        {
            return WaldTestResult.Inapplicable(description, $"the {Vcov.Description} variance estimator gives no covariance matrix");
        }

        return WaldTestResult.Linear(description, labels, rows, Coefficients, CovarianceMatrix(), InferenceDegreesOfFreedom, ClusterCounts);
    }

    /// <summary>The same estimates with another variance estimator (no re-estimation).</summary>
    public RegressionResult WithVcov(Vcov vcov)
    {
        ArgumentNullException.ThrowIfNull(vcov);
        return LinearModelEstimator.Result(_fit, vcov);
    }

    /// <summary>
    /// Refits the model with the values of regressor <paramref name="name"/> replaced on the estimation sample
    /// (one value per <see cref="SampleRows"/> entry), with the same variance estimator. Only that column is
    /// demeaned again: the demeaned outcome and other regressors are reused (placebo and randomisation inference).
    /// </summary>
    public RegressionResult WithRegressorValues(string name, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LinearModelEstimator.Result(LinearModelEstimator.ReplaceRegressor(_fit, name, values), Vcov);
    }

    /// <summary>The result as JSON with the keys of the design's result contract (numbers round-trip; NaN is null).</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(WriteJson, indented);

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(Estimator).Append(": ").Append(Dependent).Append(", N = ").Append(Observations).Append(", ").AppendLine(Vcov.Description);
        foreach (var c in Coefficients)
        {
            builder.Append("  ").Append(c.Name).Append(' ').Append(c.Estimate.ToString("G8", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" (").Append(c.StandardError.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(")");
        }

        foreach (var note in Notes)
        {
            builder.Append("  Note: ").AppendLine(note.Message);
        }

        return builder.ToString();
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("estimator", Estimator);
        writer.WriteString("dependent", Dependent);
        writer.WriteNumber("observations", Observations);
        JsonOutput.Number(writer, "r2", RSquared);
        JsonOutput.Number(writer, "r2_adjusted", RSquaredAdjusted);
        JsonOutput.Number(writer, "r2_within", RSquaredWithin);
        writer.WriteString("vcov", Vcov.Description);
        JsonOutput.Strings(writer, "fixed_effects", FixedEffects);
        writer.WriteStartObject("fixed_effect_levels");
        for (var d = 0; d < FixedEffects.Count; d++)
        {
            writer.WriteNumber(FixedEffects[d], FixedEffectLevels[d]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("clusters");
        foreach (var (name, count) in ClusterCounts)
        {
            writer.WriteNumber(name, count);
        }

        writer.WriteEndObject();
        JsonOutput.Number(writer, "rmse", RootMeanSquaredError);
        writer.WriteNumber("df_residual", ResidualDegreesOfFreedom);
        writer.WriteNumber("df_inference", InferenceDegreesOfFreedom);
        JsonOutput.Number(writer, "f", FStatistic.F);
        JsonOutput.Number(writer, "f_p", FStatistic.PValue);
        JsonOutput.Number(writer, "confidence_level", ConfidenceLevel);
        JsonOutput.Coefficients(writer, Coefficients);
        JsonOutput.Notes(writer, Notes);
        writer.WriteEndObject();
    }

    // The binary exponent from the fit's scaled units to the data's units of coefficient j.
    private int Exponent(int j) => _fit.CoefficientExponents?[j] ?? 0;

    private static double Finite(double value, string what)
        => double.IsInfinity(value)
            ? throw new ArithmeticException($"The {what} is beyond the range of double precision (the data are scaled near 1e±308); rescale the outcome or the regressors and fit again.")
            : value;

    private const string SlopesDescription = "all slopes are zero";

    private double[] RequireCovariance()
        => _covariance ?? throw new InvalidOperationException($"The {Vcov.Description} variance estimator gives standard errors, p-values and intervals but no covariance matrix; covariances and joint tests need a matrix-based estimator (Vcov.Iid, Vcov.HC1, Vcov.Cluster).");

    private int IndexOf(string name)
        => _index.TryGetValue(name, out var j)
            ? j
            : throw new KeyNotFoundException($"No coefficient named '{name}'; the coefficients are: {string.Join(", ", _fit.Names)}.");

    private WaldTestResult ComputeF()
    {
        var k = _fit.Slopes;
        if (k == 0)
        {
            return WaldTestResult.Inapplicable(SlopesDescription, "the model has no slopes to test");
        }

        if (Vcov.Kind == VcovKind.Iid && _fit.RandomEffects is null)
        {
            var df2 = _fit.ResidualDegreesOfFreedom;
            var f = (_fit.ReferenceSumOfSquares - _fit.ResidualSumOfSquares) / k / (_fit.ResidualSumOfSquares / df2);
            return WaldTestResult.FromF(SlopesDescription, _fit.Names.Take(k).ToArray(), f, k, df2);
        }

        return JointTest(SlopesDescription, Enumerable.Range(0, k).ToArray(), _fit.NormalInference ? 0 : InferenceDegreesOfFreedom);
    }

    // F = b'V⁻¹b / q over the coefficients at indices; denominator 0 means the χ² limit (normal inference).
    private WaldTestResult JointTest(string description, int[] indices, int denominator)
    {
        if (_covariance is not { } covariance)
        {
            return WaldTestResult.Inapplicable(description, $"the {Vcov.Description} variance estimator gives no covariance matrix");
        }

        var p = _fit.Names.Length;
        var q = indices.Length;
        var v = Matrix<double>.Build.Dense(q, q, (i, j) => covariance[(indices[i] * p) + indices[j]]);
        var b = Vector<double>.Build.Dense(q, i => _fit.Estimates[indices[i]]);
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky;
        try
        {
            cholesky = v.Cholesky();
        }
        catch (ArgumentException)
        {
            return WaldTestResult.Inapplicable(description, $"the covariance matrix of the {q} tested coefficients is not positive definite (rank below {q}), as happens with more coefficients than clusters");
        }

        var f = b.DotProduct(cholesky.Solve(b)) / q;
        return WaldTestResult.FromF(description, indices.Select(i => _fit.Names[i]).ToArray(), f, q, denominator);
    }
}
