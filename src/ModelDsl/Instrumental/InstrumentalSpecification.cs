using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl;

/// <summary>How the coefficients of an instrumental-variables model are estimated.</summary>
public enum InstrumentalMethod
{
    /// <summary>Two-stage least squares (k-class with κ = 1), Stata <c>ivregress 2sls</c>.</summary>
    TwoStageLeastSquares,

    /// <summary>Limited-information maximum likelihood (k-class with κ the smallest root), Stata <c>ivregress liml</c>.</summary>
    LimitedInformationMaximumLikelihood,

    /// <summary>Fuller's modified LIML, κ = κ_LIML − α/(N − L) (Fuller 1977), ivreg2's <c>fuller(α)</c>.</summary>
    Fuller,

    /// <summary>Two-step efficient GMM with a weight matrix from the first-step (2SLS) residuals, Stata <c>ivregress gmm</c>.</summary>
    GeneralizedMethodOfMoments,
}

/// <summary>
/// An immutable instrumental-variables model: outcome, exogenous regressors, endogenous regressors with their excluded
/// instruments, absorbed fixed effects, analytic weights, the estimator (2SLS, LIML, Fuller, two-step GMM) and the variance.
/// Every verb returns a new specification; <see cref="Fit"/> estimates it.
/// </summary>
/// <remarks>
/// <para>Written from a regression: <c>Model.Regress("y").On("x1", "x2").Instrument("x1", with: ["z1", "z2"])</c> marks
/// <c>x1</c> endogenous and adds <c>z1</c>, <c>z2</c> to the excluded instruments. Instruments are pooled, as in Stata's
/// <c>(x1 x2 = z1 z2 z3)</c>: every excluded instrument instruments every endogenous regressor; a second
/// <c>Instrument(...)</c> adds to both lists. The included exogenous regressors (the other regressors, the controls, the
/// constant, the fixed effects) instrument themselves.</para>
/// <para>Conventions are Stata's <c>ivregress</c> (docs/instrumental.md): without <see cref="Small"/> the variance is
/// asymptotic (σ̂² = e'e/N, z and χ² tests); with it, σ̂² = e'e/(N − K), N/(N − K) on robust and HAC sandwiches,
/// G/(G − 1)·(N − 1)/(N − K) on clustered ones, t(N − K) (t(G − 1) clustered) and F tests. The <see cref="ModelDsl.Vcov"/>
/// request chooses the kind (iid, HC1 = robust, one-way cluster, HAC); its <see cref="SmallSampleCorrection"/> is not used
/// by this family — <see cref="Small"/> is.</para>
/// </remarks>
public sealed record InstrumentalSpecification
{
    /// <summary>Creates a specification with an outcome and nothing else (see <c>Model.Regress(...).Instrument(...)</c>).</summary>
    public InstrumentalSpecification(Term outcome)
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The dependent variable.</summary>
    public Term Outcome { get; init; }

    /// <summary>Every regressor in order (exogenous and endogenous, then controls): the coefficients' order.</summary>
    public IReadOnlyList<Term> Regressors { get; init; } = [];

    /// <summary>The control variables (exogenous), in order.</summary>
    public IReadOnlyList<Term> ControlTerms { get; init; } = [];

    /// <summary>The endogenous regressors (each also in <see cref="Regressors"/>).</summary>
    public IReadOnlyList<Term> Endogenous { get; init; } = [];

    /// <summary>The excluded instruments, pooled over the endogenous regressors.</summary>
    public IReadOnlyList<Term> Instruments { get; init; } = [];

    /// <summary>The absorbed fixed-effect dimensions (categorical columns), removed by demeaning.</summary>
    public IReadOnlyList<ColumnTerm> FixedEffects { get; init; } = [];

    /// <summary>The variance estimator (iid, HC1, one-way cluster or HAC); also the GMM weight matrix's kind unless <see cref="GmmWeight"/> is set.</summary>
    public Vcov Variance { get; init; } = ModelDsl.Vcov.Iid;

    /// <summary>The estimator.</summary>
    public InstrumentalMethod Method { get; init; } = InstrumentalMethod.TwoStageLeastSquares;

    /// <summary>Fuller's α (<see cref="InstrumentalMethod.Fuller"/> only).</summary>
    public double FullerAlpha { get; init; }

    /// <summary>The kind of the GMM weight matrix (null: the kind of <see cref="Variance"/>, as Stata's <c>ivregress gmm</c> with <c>wmatrix()</c> only).</summary>
    public Vcov? GmmWeight { get; init; }

    /// <summary>Whether the GMM weight matrix is computed from centred moments (Stata's <c>center</c>).</summary>
    public bool CenterMoments { get; init; }

    /// <summary>Stata's <c>small</c>: finite-sample variance factors with t and F tests (see remarks).</summary>
    public bool SmallSample { get; init; }

    /// <summary>The numeric column of analytic weights (Stata <c>[aweight=]</c>), or null.</summary>
    public Term? Weights { get; init; }

    /// <summary>Whether a model without fixed effects has a constant (default true).</summary>
    public bool HasIntercept { get; init; } = true;

    /// <summary>Whether observations alone in a fixed-effect level are removed first, iteratively (default true).</summary>
    public bool DropSingletons { get; init; } = true;

    /// <summary>The relative tolerance of the fixed-effect demeaning.</summary>
    public double DemeaningTolerance { get; init; } = FixedEffectStructure.DefaultDemeaningTolerance;

    /// <summary>The iteration cap of the demeaning.</summary>
    public int DemeaningIterations { get; init; } = FixedEffectStructure.DefaultDemeaningIterations;

    /// <summary>The confidence level of the intervals (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The exogenous regressors: every regressor that is not endogenous, in order.</summary>
    public IEnumerable<Term> ExogenousRegressors => Regressors.Where(r => !Endogenous.Any(e => e.Name == r.Name));

    /// <summary>Marks <paramref name="endogenous"/> as endogenous (adding it to the regressors when it is not one) and adds <paramref name="with"/> to the excluded instruments.</summary>
    /// <param name="endogenous">The endogenous regressor.</param>
    /// <param name="with">Its excluded instruments (pooled with those already given).</param>
    public InstrumentalSpecification Instrument(Term endogenous, params Term[] with)
    {
        ArgumentNullException.ThrowIfNull(endogenous);
        return Instrument([endogenous], with);
    }

    /// <summary>Marks several regressors endogenous and adds the excluded instruments that instrument them jointly.</summary>
    /// <param name="endogenous">The endogenous regressors.</param>
    /// <param name="with">The excluded instruments (pooled with those already given).</param>
    public InstrumentalSpecification Instrument(Term[] endogenous, params Term[] with)
    {
        NotNull(endogenous);
        NotNull(with);
        if (endogenous.Length == 0)
        {
            throw new ArgumentException("Instrument(...) needs at least one endogenous regressor, for example Instrument(\"x1\", with: [\"z1\"]).", nameof(endogenous));
        }

        if (with.Length == 0)
        {
            throw new ArgumentException($"No excluded instrument given for {string.Join(", ", endogenous.Select(e => $"'{e.Name}'"))}; name at least one: Instrument(\"{endogenous[0].Name}\", with: [\"z1\"]).", nameof(with));
        }

        var regressors = Regressors.ToList();
        var endogenousList = Endogenous.ToList();
        foreach (var e in endogenous)
        {
            if (ControlTerms.Any(c => c.Name == e.Name))
            {
                throw new InstrumentSpecificationException($"'{e.Name}' is a control (exogenous) and cannot also be endogenous; move it to On(...) or drop it from Controls(...).");
            }

            if (endogenousList.Any(x => x.Name == e.Name))
            {
                throw new InstrumentSpecificationException($"'{e.Name}' is already endogenous; give each endogenous regressor once.");
            }

            if (!regressors.Any(r => r.Name == e.Name))
            {
                regressors.Add(e);
            }

            endogenousList.Add(e);
        }

        var instruments = Instruments.ToList();
        foreach (var z in with)
        {
            if (!instruments.Any(i => i.Name == z.Name))
            {
                instruments.Add(z);
            }
        }

        return this with { Regressors = regressors, Endogenous = endogenousList, Instruments = instruments };
    }

    /// <summary>Adds exogenous regressors of interest.</summary>
    public InstrumentalSpecification On(params Term[] regressors) => this with { Regressors = [.. Regressors, .. NotNull(regressors)] };

    /// <summary>Adds exogenous control variables.</summary>
    public InstrumentalSpecification Controls(params Term[] controls) => this with { ControlTerms = [.. ControlTerms, .. NotNull(controls)] };

    /// <summary>Absorbs fixed effects by column name (demeaning, never dummies).</summary>
    public InstrumentalSpecification Fe(params string[] dimensions) => Fe(NotNull(dimensions).Select(d => new ColumnTerm(d)).ToArray());

    /// <summary>Absorbs fixed effects (typed path).</summary>
    public InstrumentalSpecification Fe(params ColumnTerm[] dimensions)
    {
        foreach (var dimension in NotNull(dimensions))
        {
            if (FixedEffects.Any(f => f.ColumnName == dimension.ColumnName))
            {
                throw new ArgumentException($"Fixed effect '{dimension.ColumnName}' is already in the model; give each dimension once.", nameof(dimensions));
            }
        }

        return this with { FixedEffects = [.. FixedEffects, .. dimensions] };
    }

    /// <summary>Sets the variance estimator (iid, HC1 = robust, one-way cluster, HAC).</summary>
    public InstrumentalSpecification Vcov(Vcov variance) => this with { Variance = variance ?? throw new ArgumentNullException(nameof(variance)) };

    /// <summary>Cluster-robust errors by one variable.</summary>
    public InstrumentalSpecification Cluster(string variable) => Vcov(ModelDsl.Vcov.Cluster(variable));

    /// <summary>Cluster-robust errors by one variable (typed path).</summary>
    public InstrumentalSpecification Cluster(ColumnTerm variable) => Vcov(ModelDsl.Vcov.Cluster(variable));

    /// <summary>Two-stage least squares (the default).</summary>
    public InstrumentalSpecification TwoStageLeastSquares() => this with { Method = InstrumentalMethod.TwoStageLeastSquares, GmmWeight = null, CenterMoments = false };

    /// <summary>Limited-information maximum likelihood.</summary>
    public InstrumentalSpecification Liml() => this with { Method = InstrumentalMethod.LimitedInformationMaximumLikelihood, GmmWeight = null, CenterMoments = false };

    /// <summary>Fuller's modified LIML with constant <paramref name="alpha"/> (1 gives the approximately unbiased estimator, 4 the one with minimum MSE).</summary>
    public InstrumentalSpecification Fuller(double alpha)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Fuller's α must be a positive number but got {alpha}; 1 is the usual choice.");
        }

        return this with { Method = InstrumentalMethod.Fuller, FullerAlpha = alpha, GmmWeight = null, CenterMoments = false };
    }

    /// <summary>
    /// Two-step efficient GMM; the weight matrix is the inverse of the moments' covariance of kind
    /// <paramref name="weight"/> (iid, HC1, cluster, HAC; null: the kind of the variance request), from centred moments
    /// when <paramref name="center"/> (Stata's <c>wmatrix()</c> and <c>center</c>).
    /// </summary>
    /// <param name="weight">The weight matrix's kind, or null for the variance's.</param>
    /// <param name="center">Centre the moments z_i e_i at their mean before forming the weight matrix.</param>
    public InstrumentalSpecification Gmm(Vcov? weight = null, bool center = false)
        => this with { Method = InstrumentalMethod.GeneralizedMethodOfMoments, GmmWeight = weight, CenterMoments = center };

    /// <summary>Stata's <c>small</c>: finite-sample factors, t and F tests.</summary>
    public InstrumentalSpecification Small() => this with { SmallSample = true };

    /// <summary>Analytic weights from a numeric column (Stata <c>[aweight=]</c>: normalised to sum to N).</summary>
    public InstrumentalSpecification Weighted(Term weights) => this with { Weights = weights ?? throw new ArgumentNullException(nameof(weights)) };

    /// <summary>A model without a constant (only meaningful without fixed effects).</summary>
    public InstrumentalSpecification WithoutIntercept() => this with { HasIntercept = false };

    /// <summary>Keeps observations alone in a fixed-effect level.</summary>
    public InstrumentalSpecification KeepSingletons() => this with { DropSingletons = false };

    /// <summary>Sets the confidence level of the intervals.</summary>
    public InstrumentalSpecification Confidence(double level)
        => level is > 0 and < 1
            ? this with { ConfidenceLevel = level }
            : throw new ArgumentOutOfRangeException(nameof(level), level, $"The confidence level must be in (0, 1) but got {level}; for example 0.95.");

    /// <summary>Estimates the model on <paramref name="data"/>.</summary>
    /// <exception cref="InstrumentSpecificationException">An instrument that is also a regressor or the outcome.</exception>
    /// <exception cref="UnderidentificationException">Fewer excluded instruments (after collinear ones are dropped) than endogenous regressors.</exception>
    public InstrumentalResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return InstrumentalEstimator.Fit(this, data);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{Outcome.Name} ~ {string.Join(" + ", Regressors.Concat(ControlTerms).Select(t => t.Name))}"
           + $" ({string.Join(" ", Endogenous.Select(t => t.Name))} = {string.Join(" ", Instruments.Select(t => t.Name))})"
           + (FixedEffects.Count > 0 ? $" | {string.Join(" + ", FixedEffects.Select(f => f.Name))}" : string.Empty)
           + $" [{Variance.Description}]";

    /// <summary>The design this model asks the design layer for: outcome, then regressors, controls, excluded instruments, weights, the HAC time column.</summary>
    internal SampleRequest ToSampleRequest(IEnumerable<Term> extra)
    {
        // A weight or HAC time column may also be a regressor or an instrument; the sample holds each column once.
        var terms = Regressors.Concat(ControlTerms).Concat(Instruments).ToList();
        terms.AddRange(extra.Where(e => !terms.Any(t => t.Name == e.Name)));
        return new(Outcome, terms, FixedEffects, Variance.Clusters, DropSingletons);
    }

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

/// <summary>An instrumental-variables specification that cannot be estimated as written (an instrument that is also a regressor or the outcome, an endogenous control).</summary>
public sealed class InstrumentSpecificationException : ArgumentException
{
    /// <summary>Creates the exception with its message.</summary>
    public InstrumentSpecificationException(string message)
        : base(message)
    {
    }
}

/// <summary>The order condition fails: fewer excluded instruments (after collinear ones are dropped) than endogenous regressors.</summary>
public sealed class UnderidentificationException : InvalidOperationException
{
    /// <summary>Creates the exception with its message and counts.</summary>
    public UnderidentificationException(string message, int endogenousCount, int instrumentCount)
        : base(message)
    {
        EndogenousCount = endogenousCount;
        InstrumentCount = instrumentCount;
    }

    /// <summary>The number of endogenous regressors.</summary>
    public int EndogenousCount { get; }

    /// <summary>The number of usable excluded instruments.</summary>
    public int InstrumentCount { get; }
}
