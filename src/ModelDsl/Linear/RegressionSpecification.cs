using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>How the coefficients of a linear model are estimated.</summary>
public enum LinearMethod
{
    /// <summary>Least squares: pooled OLS, or the within (fixed-effects) estimator when fixed effects are given.</summary>
    LeastSquares,

    /// <summary>Random effects by feasible GLS with Swamy–Arora variance components (Stata <c>xtreg, re</c>).</summary>
    RandomEffects,

    /// <summary>The between estimator: least squares on the units' means (Stata <c>xtreg, be</c>).</summary>
    Between,
}

/// <summary>How the between estimator weights the units' means.</summary>
public enum BetweenWeighting
{
    /// <summary>Every unit's means count once (Stata <c>xtreg, be</c>).</summary>
    None,

    /// <summary>Each unit's means are weighted by its number of observations T_i (Stata <c>xtreg, be wls</c>).</summary>
    ObservationCount,
}

/// <summary>What a weight column means (Stata's weight types).</summary>
public enum WeightKind
{
    /// <summary>
    /// Analytic weights (Stata <c>[aweight=w]</c>): inversely proportional to the variance of an observation (cell means of
    /// w observations); normalised to sum to N, so that N, degrees of freedom and small-sample factors are those of the
    /// unweighted sample and only the weights' ratios matter.
    /// </summary>
    Analytic,

    /// <summary>
    /// Frequency weights (Stata <c>[fweight=w]</c>): each row stands for w identical observations (w a positive integer);
    /// N = Σw, and every estimate, standard error and degree of freedom equals that of the data with each row repeated
    /// w times.
    /// </summary>
    Frequency,
}

/// <summary>
/// An immutable linear model: outcome, regressors, controls, fixed effects and the variance estimator.
/// Every verb returns a new specification; <see cref="Fit"/> estimates it on a data set.
/// </summary>
/// <remarks>
/// Without fixed effects the model has an intercept (unless <see cref="WithoutIntercept"/>). With fixed
/// effects the intercept is absorbed; a constant is still reported as Stata's <c>xtreg, fe</c> and reghdfe
/// do (see <see cref="RegressionResult"/>). <see cref="Cluster(string[])"/> selects cluster-robust errors
/// with the default (Stata / fixest CR1) small-sample correction.
/// </remarks>
public sealed record RegressionSpecification
{
    /// <summary>The default relative tolerance of the fixed-effect demeaning (see <see cref="DemeaningTolerance"/>).</summary>
    public const double DefaultDemeaningTolerance = FixedEffectStructure.DefaultDemeaningTolerance;

    /// <summary>The default iteration cap of the fixed-effect demeaning.</summary>
    public const int DefaultDemeaningIterations = FixedEffectStructure.DefaultDemeaningIterations;

    /// <summary>Creates a specification with an outcome and nothing else.</summary>
    public RegressionSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The dependent variable.</summary>
    public Term Outcome { get; init; }

    /// <summary>The regressors of interest, in order.</summary>
    public IReadOnlyList<Term> Regressors { get; init; } = [];

    /// <summary>The control variables, in order (added one at a time by <see cref="Stepwise"/>); the verb is <see cref="Controls"/>.</summary>
    public IReadOnlyList<Term> ControlTerms { get; init; } = [];

    /// <summary>The fixed-effect dimensions (categorical columns).</summary>
    public IReadOnlyList<ColumnTerm> FixedEffects { get; init; } = [];

    /// <summary>The variance estimator.</summary>
    public Vcov Variance { get; init; } = ModelDsl.Vcov.Iid;

    /// <summary>The cluster variables of <see cref="Variance"/> (empty unless clustered).</summary>
    public IReadOnlyList<ColumnTerm> Clusters => Variance.Clusters;

    /// <summary>Least squares (OLS / within) or random effects.</summary>
    public LinearMethod Method { get; init; } = LinearMethod.LeastSquares;

    /// <summary>How the between estimator weights the units' means (used when <see cref="Method"/> is <see cref="LinearMethod.Between"/>).</summary>
    public BetweenWeighting BetweenWeighting { get; init; } = BetweenWeighting.None;

    /// <summary>The weight column, or null for an unweighted fit (the verb is <see cref="Weights(string, WeightKind)"/>).</summary>
    public ColumnTerm? WeightColumn { get; init; }

    /// <summary>What the weights of <see cref="WeightColumn"/> mean.</summary>
    public WeightKind WeightKind { get; init; } = WeightKind.Analytic;

    /// <summary>Whether a model without fixed effects has an intercept (default true).</summary>
    public bool HasIntercept { get; init; } = true;

    /// <summary>Whether observations alone in a fixed-effect level are removed first, iteratively (default true, as reghdfe).</summary>
    public bool DropSingletons { get; init; } = true;

    /// <summary>
    /// The demeaning stops when every fixed-effect coefficient changes by less than this, absolutely or
    /// relative to 0.1 + |coefficient| (fixest's criterion). Default 1e-8.
    /// </summary>
    public double DemeaningTolerance { get; init; } = DefaultDemeaningTolerance;

    /// <summary>The iteration cap of the demeaning; reaching it adds a convergence note.</summary>
    public int DemeaningIterations { get; init; } = DefaultDemeaningIterations;

    /// <summary>The confidence level of the reported intervals (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// A sample restriction applied to the data before estimation (a data-layer transform such as
    /// <c>d =&gt; d.ExcludeUnits("Beijing")</c>); its notes are carried into the result. Null for the full data.
    /// </summary>
    public Func<PanelData, PanelData>? SampleRestriction { get; init; }

    /// <summary>The right-hand side: regressors, then controls.</summary>
    public IEnumerable<Term> RightHandSide => Regressors.Concat(ControlTerms);

    /// <summary>The design this regression asks the design layer for (outcome, right-hand side, fixed effects, clusters).</summary>
    internal SampleRequest ToSampleRequest() => new(Outcome, RightHandSide, FixedEffects, Clusters, DropSingletons);

    /// <summary>Adds regressors of interest.</summary>
    public RegressionSpecification On(params Term[] regressors)
        => this with { Regressors = [.. Regressors, .. NotNull(regressors)] };

    /// <summary>Adds control variables.</summary>
    public RegressionSpecification Controls(params Term[] controls)
        => this with { ControlTerms = [.. ControlTerms, .. NotNull(controls)] };

    /// <summary>Adds fixed-effect dimensions by column name.</summary>
    /// <remarks>A categorical column, or a numeric column of integer identifiers whose values become the levels (with a
    /// note; a non-integer value is an error naming its row), as fixest and Stata accept.</remarks>
    public RegressionSpecification Fe(params string[] dimensions)
        => Fe(NotNull(dimensions).Select(d => new ColumnTerm(d)).ToArray());

    /// <summary>Adds fixed-effect dimensions (typed path).</summary>
    public RegressionSpecification Fe(params ColumnTerm[] dimensions)
    {
        var added = NotNull(dimensions);
        foreach (var dimension in added)
        {
            if (FixedEffects.Any(f => f.ColumnName == dimension.ColumnName))
            {
                throw new ArgumentException($"Fixed effect '{dimension.ColumnName}' is already in the model; give each dimension once.", nameof(dimensions));
            }
        }

        return this with { FixedEffects = [.. FixedEffects, .. added] };
    }

    /// <summary>Cluster-robust errors by one variable, or two-way by two, with the default correction.</summary>
    /// <remarks>Each variable is a categorical column or a numeric column of integer identifiers (see
    /// <see cref="Fe(string[])"/>). With fewer than 42 clusters the result carries a
    /// <see cref="Results.NoteKind.FewClusters"/> note.</remarks>
    public RegressionSpecification Cluster(params string[] variables) => this with { Variance = ModelDsl.Vcov.Cluster(variables) };

    /// <summary>Cluster-robust errors by one variable, or two-way by two (typed path).</summary>
    public RegressionSpecification Cluster(params ColumnTerm[] variables) => this with { Variance = ModelDsl.Vcov.Cluster(variables) };

    /// <summary>Sets the variance estimator.</summary>
    public RegressionSpecification Vcov(Vcov variance) => this with { Variance = variance ?? throw new ArgumentNullException(nameof(variance)) };

    /// <summary>
    /// Estimates on a sub-sample chosen by a data-layer restriction, for example
    /// <c>.Subset(d =&gt; d.ExcludeUnits("Beijing", "Shanghai"))</c> or <c>.Subset(d =&gt; d.Where(r =&gt; r["year"] &gt;= 2015, "from 2015"))</c>.
    /// Restrictions compose: a second call applies after the first.
    /// </summary>
    public RegressionSpecification Subset(Func<PanelData, PanelData> restriction)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        var previous = SampleRestriction;
        return this with { SampleRestriction = previous is null ? restriction : d => restriction(previous(d)) };
    }

    /// <summary>Random effects (Swamy–Arora, as Stata <c>xtreg, re</c>) on the data's unit column.</summary>
    public RegressionSpecification RandomEffects() => this with { Method = LinearMethod.RandomEffects };

    /// <summary>
    /// The between estimator (Stata <c>xtreg, be</c>): least squares of the units' means of the outcome on the units'
    /// means of the regressors and a constant, one observation per unit of the data's unit column.
    /// </summary>
    /// <param name="weighting">Unweighted (default), or each unit weighted by its number of observations (Stata's <c>be wls</c>).</param>
    /// <remarks>
    /// <para>The means are over the estimation sample (rows where the outcome and every regressor are present), so a unit
    /// with missing values is averaged over its complete rows. The regression of the means is an ordinary least-squares
    /// fit with n units as observations: N − K = n − k − 1 residual degrees of freedom, σ̂² = e'e/(n − k − 1), R² of the
    /// means (Stata's e(r2) = e(r2_b)). With <see cref="BetweenWeighting.ObservationCount"/> the means are weighted by
    /// T_i as analytic weights (normalised to sum to n). Robust and clustered variances treat each unit as an
    /// observation; Stata allows only the conventional one. The result carries a note whose count is the number of rows
    /// averaged (Stata's e(N)). Baltagi (2021), <i>Econometric Analysis of Panel Data</i>, §2.2.</para>
    /// </remarks>
    public RegressionSpecification Between(BetweenWeighting weighting = BetweenWeighting.None)
        => Enum.IsDefined(weighting)
            ? this with { Method = LinearMethod.Between, BetweenWeighting = weighting }
            : throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Use BetweenWeighting.None or BetweenWeighting.ObservationCount.");

    /// <summary>Weights every row by the numeric column <paramref name="column"/> (analytic weights unless <paramref name="kind"/> says otherwise).</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean (Stata's weight type).</param>
    /// <remarks>
    /// <para>Analytic weights (Stata <c>[aweight=w]</c>, reghdfe, fixest <c>weights</c>): b minimises Σ wᵢ(yᵢ − xᵢ'b)² with
    /// the weights normalised to sum to N; means and sums of squares (R², the F test) are weighted; the fixed effects are
    /// removed by weighted demeaning; σ̂² = Σ wᵢeᵢ²/(N − K); robust and cluster sandwiches use the scores wᵢeᵢxᵢ
    /// (Σ_g X_g'W_g e_g e_g'W_g X_g), with the small-sample factors and degrees of freedom of the unweighted sample
    /// (StataCorp, <i>[U] 20.24 Weighted estimation</i>; <i>[R] regress</i>, Methods and formulas).</para>
    /// <para>Frequency weights (<see cref="WeightKind.Frequency"/>, Stata <c>[fweight=w]</c>) are not normalised: N = Σw in
    /// σ̂², the degrees of freedom and the small-sample factors, and the robust meat is Σ wᵢeᵢ²xᵢxᵢ' (each copy its own
    /// observation), so that every number equals the fit on the data with each row repeated w times (singletons of the
    /// fixed effects are still counted by rows). A weight that is not a whole number is an error.</para>
    /// <para>Rows whose weight is missing or zero leave the estimation sample with a note (as Stata's marksample); a
    /// negative weight is an error. Random effects take no weights (Stata's <c>xtreg, re</c> accepts none of this kind).</para>
    /// </remarks>
    public RegressionSpecification Weights(string column, WeightKind kind = WeightKind.Analytic)
        => Weights(new ColumnTerm(column ?? throw new ArgumentNullException(nameof(column))), kind);

    /// <summary>Weights every row by a numeric column (typed path); see <see cref="Weights(string, WeightKind)"/>.</summary>
    /// <param name="column">A numeric column of non-negative weights.</param>
    /// <param name="kind">What the weights mean.</param>
    public RegressionSpecification Weights(ColumnTerm column, WeightKind kind = WeightKind.Analytic)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Enum.IsDefined(kind)
            ? this with { WeightColumn = column, WeightKind = kind }
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use WeightKind.Analytic or WeightKind.Frequency.");
    }

    /// <summary>A model without an intercept (only meaningful without fixed effects).</summary>
    public RegressionSpecification WithoutIntercept() => this with { HasIntercept = false };

    /// <summary>Keeps observations that are alone in a fixed-effect level (as <c>xtreg, fe</c> and plm do).</summary>
    public RegressionSpecification KeepSingletons() => this with { DropSingletons = false };

    /// <summary>Sets the demeaning tolerance and iteration cap.</summary>
    public RegressionSpecification Demeaning(double tolerance, int maxIterations = DefaultDemeaningIterations)
    {
        if (!(tolerance > 0 && tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"The demeaning tolerance must be in (0, 1) but got {tolerance}; the default is {DefaultDemeaningTolerance}.");
        }

        if (maxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, $"The iteration cap must be at least 1 but got {maxIterations}.");
        }

        return this with { DemeaningTolerance = tolerance, DemeaningIterations = maxIterations };
    }

    /// <summary>Sets the confidence level of the intervals (for example 0.90).</summary>
    public RegressionSpecification Confidence(double level)
        => level is > 0 and < 1
            ? this with { ConfidenceLevel = level }
            : throw new ArgumentOutOfRangeException(nameof(level), level, $"The confidence level must be in (0, 1) but got {level}; for example 0.95.");

    /// <summary>Stepwise controls (fixest <c>csw()</c>): column 1 has no controls, column k + 1 adds the k-th control.</summary>
    public ModelSetSpecification Stepwise() => new(this, [Outcome], stepwise: true);

    /// <summary>The same right-hand side for several outcomes (this one first).</summary>
    public ModelSetSpecification ForOutcomes(params Term[] moreOutcomes) => new(this, [Outcome, .. NotNull(moreOutcomes)], stepwise: false);

    /// <summary>Estimates the model on <paramref name="data"/>.</summary>
    public RegressionResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return LinearModelEstimator.Fit(this, data);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{Outcome.Name} ~ {string.Join(" + ", RightHandSide.Select(t => t.Name))}"
           + (FixedEffects.Count > 0 ? $" | {string.Join(" + ", FixedEffects.Select(f => f.Name))}" : string.Empty)
           + (Method == LinearMethod.Between ? " (between)" : string.Empty)
           + (WeightColumn is { } w ? $" [{(WeightKind == WeightKind.Frequency ? "fweight" : "aweight")}={w.Name}]" : string.Empty)
           + $" [{Variance.Description}]";

    private static T[] NotNull<T>(T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
            {
                throw new ArgumentException($"Item {i} is null; every term must be a column name or a Term.", nameof(items));
            }
        }

        return items;
    }
}
