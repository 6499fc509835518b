using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// An immutable logit or probit model: outcome, regressors, factor (dummy) regressors and the variance
/// estimator. Every verb returns a new specification; <see cref="Fit"/> estimates it by maximum likelihood.
/// </summary>
/// <remarks>
/// <para>P(y = 1 | x) = F(x'β), F logistic or standard normal, with an intercept unless
/// <see cref="WithoutIntercept"/>. Estimated by Newton–Raphson with step-halving until max|∂ℓ/∂β| &lt; 1e-10.</para>
/// <para><see cref="Factors(string[])"/> adds one dummy per level of a categorical column except the first
/// (year dummies, or unit dummies in a pooled panel logit); dummies are named <c>column=level</c>. Note that
/// unit dummies in a short panel give the incidental-parameters bias of the unconditional fixed-effects
/// logit (Neyman &amp; Scott 1948); year dummies do not.</para>
/// <para><see cref="Absorb(string[])"/> (and <see cref="Fe(string[])"/> beyond <see cref="DummyLevelLimit"/> levels)
/// absorbs the fixed effects instead: IRLS with weighted demeaning inside each iteration (fixest's <c>feglm</c>;
/// Bergé 2018), same slopes and standard errors as the dummy fit, no intercept; see
/// <see cref="FixedEffectBinaryChoiceEstimator"/>.</para>
/// <para>Variance: <see cref="Vcov.Iid"/> is the inverse observed information (Stata's default; for probit it
/// differs from R glm's expected information); <see cref="Vcov.HC1"/> the sandwich with n/(n − 1);
/// <see cref="Vcov.Cluster(string[])"/> (one variable) the cluster sandwich with G/(G − 1), Stata's conventions
/// for ML estimators, under the default correction. Another <see cref="SmallSampleCorrection"/> is applied as asked
/// or rejected with an error (see <see cref="BinaryVarianceInput"/>); <see cref="Vcov.Using(Inference.IVarianceEstimator)"/>
/// brings any other estimator through the same seam. Inference uses the normal distribution (z statistics).</para>
/// </remarks>
public sealed record BinaryChoiceSpecification
{
    internal BinaryChoiceSpecification(BinaryLink link, Term outcome)
    {
        Link = link;
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>Logit or probit.</summary>
    public BinaryLink Link { get; init; }

    /// <summary>The 0/1 outcome.</summary>
    public Term Outcome { get; init; }

    /// <summary>The numeric regressors, in order.</summary>
    public IReadOnlyList<Term> Regressors { get; init; } = [];

    /// <summary>Categorical columns entered as dummies (first level dropped).</summary>
    public IReadOnlyList<ColumnTerm> FactorTerms { get; init; } = [];

    /// <summary>Fixed effects given by <see cref="Fe(string[])"/>: dummy columns up to <see cref="DummyLevelLimit"/> levels in all, absorbed beyond.</summary>
    public IReadOnlyList<ColumnTerm> FixedEffectTerms { get; init; } = [];

    /// <summary>Fixed effects always absorbed (<see cref="Absorb(string[])"/>).</summary>
    public IReadOnlyList<ColumnTerm> AbsorbedTerms { get; init; } = [];

    /// <summary>The most levels (summed over the <see cref="Fe(string[])"/> columns) entered as dummy columns; more are absorbed.</summary>
    public const int DummyLevelLimit = 100;

    /// <summary>The variance estimator (default: observed information).</summary>
    public Vcov Variance { get; init; } = ModelDsl.Vcov.Iid;

    /// <summary>Whether the model has an intercept (default true).</summary>
    public bool HasIntercept { get; init; } = true;

    /// <summary>The confidence level of the reported intervals (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Adds regressors.</summary>
    public BinaryChoiceSpecification On(params Term[] regressors)
    {
        ArgumentNullException.ThrowIfNull(regressors);
        return this with { Regressors = [.. Regressors, .. regressors] };
    }

    /// <summary>Adds control variables (regressors listed after those of interest).</summary>
    public BinaryChoiceSpecification Controls(params Term[] controls) => On(controls);

    /// <summary>Adds categorical columns as dummy regressors, first level dropped (year or unit dummies).</summary>
    public BinaryChoiceSpecification Factors(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { FactorTerms = [.. FactorTerms, .. columns.Select(c => new ColumnTerm(c))] };
    }

    /// <summary>Adds categorical columns as dummy regressors (typed path).</summary>
    public BinaryChoiceSpecification Factors(params ColumnTerm[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { FactorTerms = [.. FactorTerms, .. columns] };
    }

    /// <summary>
    /// Fixed effects: entered as dummy columns (as <see cref="Factors(string[])"/>) when together they have at most
    /// <see cref="DummyLevelLimit"/> levels in the estimation sample, otherwise absorbed as <see cref="Absorb(string[])"/>
    /// does (IRLS with weighted demeaning; no intercept or dummy coefficients reported). The slopes and their
    /// standard errors are the same either way.
    /// </summary>
    public BinaryChoiceSpecification Fe(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { FixedEffectTerms = [.. FixedEffectTerms, .. columns.Select(c => new ColumnTerm(c))] };
    }

    /// <summary>Fixed effects, dummies or absorbed by their number of levels (typed path); see <see cref="Fe(string[])"/>.</summary>
    public BinaryChoiceSpecification Fe(params ColumnTerm[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { FixedEffectTerms = [.. FixedEffectTerms, .. columns] };
    }

    /// <summary>
    /// Absorbs fixed effects whatever their number of levels: the model is fitted by IRLS with weighted demeaning
    /// (fixest's <c>feglm</c>); levels whose outcomes are all 0 or all 1 are dropped with a note; no intercept.
    /// </summary>
    public BinaryChoiceSpecification Absorb(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { AbsorbedTerms = [.. AbsorbedTerms, .. columns.Select(c => new ColumnTerm(c))] };
    }

    /// <summary>Absorbs fixed effects whatever their number of levels (typed path); see <see cref="Absorb(string[])"/>.</summary>
    public BinaryChoiceSpecification Absorb(params ColumnTerm[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { AbsorbedTerms = [.. AbsorbedTerms, .. columns] };
    }

    /// <summary>Cluster-robust standard errors by one variable.</summary>
    public BinaryChoiceSpecification Cluster(params string[] variables) => Vcov(ModelDsl.Vcov.Cluster(variables));

    /// <summary>Cluster-robust standard errors by one variable (typed path).</summary>
    public BinaryChoiceSpecification Cluster(params ColumnTerm[] variables) => Vcov(ModelDsl.Vcov.Cluster(variables));

    /// <summary>Sets the variance estimator: <see cref="Vcov.Iid"/> (observed information), <see cref="Vcov.HC1"/> (robust) or a one-way cluster.</summary>
    public BinaryChoiceSpecification Vcov(Vcov variance)
    {
        ArgumentNullException.ThrowIfNull(variance);
        // Every request that reads cluster codes (the built-in cluster estimator or a custom one) reads one variable's.
        if ((variance.Kind == VcovKind.Cluster && variance.Clusters.Count != 1) || variance.Clusters.Count > 1)
        {
            throw new ArgumentException($"Logit and probit support one-way clustering only; got {variance.Clusters.Count} cluster variables ({string.Join(", ", variance.Clusters.Select(c => c.Name))}). Cluster on one variable.", nameof(variance));
        }

        return this with { Variance = variance };
    }

    /// <summary>Robust (sandwich) standard errors with the n/(n − 1) factor, Stata's <c>vce(robust)</c>.</summary>
    public BinaryChoiceSpecification Robust() => Vcov(ModelDsl.Vcov.HC1);

    /// <summary>Removes the intercept.</summary>
    public BinaryChoiceSpecification WithoutIntercept() => this with { HasIntercept = false };

    /// <summary>Sets the confidence level of the intervals.</summary>
    public BinaryChoiceSpecification Confidence(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1, e.g. 0.95.");
        }

        return this with { ConfidenceLevel = level };
    }

    /// <summary>Estimates the model on <paramref name="data"/>.</summary>
    public BinaryChoiceResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var design = BinaryDesign.Build(this, data);
        var fit = design.Absorbed.Count == 0
            ? BinaryChoiceEstimator.Fit(Link, design.Y, design.Columns, design.Names, design.InterceptIndex, Outcome.Name)
            : FixedEffectBinaryChoiceEstimator.Fit(Link, design.Y, design.Columns, design.Names, design.Absorbed.Select(a => a.Codes).ToArray(), design.Absorbed.Select(a => a.Levels).ToArray(), design.Absorbed.Select(a => a.Name).ToArray(), Outcome.Name);
        var clusters = design.ClusterCodes is null ? null : EstimationSample.GatherCodes(design.ClusterCodes, fit.Rows);
        var sampleRows = EstimationSample.GatherCodes(design.Rows, fit.Rows);
        return new BinaryChoiceResult(this, fit, Variance, clusters, sampleRows, design.Notes, [.. design.Factors, .. design.Absorbed.Select(a => a.Name)]);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{(Link == BinaryLink.Logit ? "logit" : "probit")} {Outcome.Name} ~ {string.Join(" + ", Regressors.Select(r => r.Name).Concat(FactorTerms.Select(f => $"i.{f.Name}")))}{(FixedEffectTerms.Count + AbsorbedTerms.Count == 0 ? string.Empty : $" | {string.Join(" + ", FixedEffectTerms.Concat(AbsorbedTerms).Select(f => f.Name))}")}, {Variance.Description}";
}

/// <summary>The arrays of a binary-choice model on the complete rows of a data set.</summary>
internal sealed class BinaryDesign
{
    private BinaryDesign(int[] rows, double[] y, List<double[]> columns, List<string> names, int interceptIndex, int[]? clusterCodes, List<Note> notes, List<string> factors, List<(string Name, int[] Codes, int Levels)> absorbed)
    {
        Absorbed = absorbed;
        Rows = rows;
        Y = y;
        Columns = columns;
        Names = names;
        InterceptIndex = interceptIndex;
        ClusterCodes = clusterCodes;
        Notes = notes;
        Factors = factors;
    }

    public int[] Rows { get; }

    public double[] Y { get; }

    public List<double[]> Columns { get; }

    public List<string> Names { get; }

    public int InterceptIndex { get; }

    public int[]? ClusterCodes { get; }

    public List<Note> Notes { get; }

    public List<string> Factors { get; }

    /// <summary>The absorbed fixed effects with their codes on <see cref="Rows"/> and their columns' level counts (codes lie below it; some levels may be absent from the rows) (empty: none).</summary>
    public List<(string Name, int[] Codes, int Levels)> Absorbed { get; }

    // source restricted to rows (source itself, never written, when every row is kept).
    private static T[] Gather<T>(T[] source, List<int> rows, int n)
    {
        if (rows.Count == n)
        {
            return source;
        }

        var result = new T[rows.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = source[rows[i]];
        }

        return result;
    }

    public static BinaryDesign Build(BinaryChoiceSpecification specification, PanelData data)
    {
        var evaluator = new TermEvaluator(data);
        var notes = new List<Note>(data.Notes);
        var y = evaluator.Evaluate(specification.Outcome);
        var regressors = specification.Regressors.Select(evaluator.Evaluate).ToArray();
        var factors = specification.FactorTerms.Select(f => evaluator.Categorical(f, "factor")).ToList();
        var fixedEffects = specification.FixedEffectTerms.Select(f => evaluator.Categorical(f, "fixed effect")).ToArray();
        var absorbed = specification.AbsorbedTerms.Select(f => evaluator.Categorical(f, "fixed effect")).ToList();
        var cluster = specification.Variance.Clusters.Count == 1 ? evaluator.Categorical(specification.Variance.Clusters[0], "cluster variable") : null;
        notes.AddRange(evaluator.Notes);
        var names = specification.Regressors.Select(r => r.Name).ToList();
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Regressor '{duplicate.Key}' appears {duplicate.Count()} times; list each regressor once.");
        }

        var n = data.RowCount;
        // Complete rows, checked column by column.
        var missing = new bool[n];
        foreach (var values in regressors.Prepend(y))
        {
            for (var i = 0; i < n; i++)
            {
                missing[i] |= double.IsNaN(values[i]);
            }
        }

        foreach (var categorical in factors.Concat(fixedEffects).Concat(absorbed).Concat(cluster is null ? [] : [cluster]))
        {
            var codes = categorical.Codes;
            for (var i = 0; i < n; i++)
            {
                missing[i] |= codes[i] < 0;
            }
        }

        var rows = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (!missing[i])
            {
                rows.Add(i);
            }
        }

        if (rows.Count < n)
        {
            var variables = specification.Regressors.Prepend(specification.Outcome).Select(t => t.Name).Concat(specification.FactorTerms.Concat(specification.FixedEffectTerms).Concat(specification.AbsorbedTerms).Select(f => f.Name));
            notes.Add(new Note(NoteKind.MissingValues, $"{n - rows.Count} rows with a missing value in {string.Join(", ", variables)}{(cluster is null ? string.Empty : $" or {cluster.Name}")} were dropped.", n - rows.Count));
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"No complete rows: every row has a missing value in the outcome '{specification.Outcome.Name}' or a regressor.");
        }

        var fixedEffectLevels = fixedEffects.Sum(f => rows.Select(r => f.Codes[r]).Distinct().Count());
        if (fixedEffectLevels > BinaryChoiceSpecification.DummyLevelLimit || absorbed.Count > 0)
        {
            absorbed.AddRange(fixedEffects);
        }
        else
        {
            factors.AddRange(fixedEffects);
        }

        var m = rows.Count;
        var columns = new List<double[]>();
        var columnNames = new List<string>();
        var interceptIndex = -1;
        if (specification.HasIntercept && absorbed.Count == 0)
        {
            interceptIndex = 0;
            columns.Add(Enumerable.Repeat(1.0, m).ToArray());
            columnNames.Add(BinaryChoiceResult.InterceptName);
        }

        for (var j = 0; j < regressors.Length; j++)
        {
            columns.Add(Gather(regressors[j], rows, n));
            columnNames.Add(names[j]);
        }

        var factorNames = new List<string>();
        foreach (var factor in factors)
        {
            factorNames.Add(factor.Name);
            var present = rows.Select(r => factor.Codes[r]).Distinct().Order().ToArray();
            foreach (var level in present.Skip(1))
            {
                columns.Add(rows.Select(r => factor.Codes[r] == level ? 1.0 : 0.0).ToArray());
                columnNames.Add(string.Create(CultureInfo.InvariantCulture, $"{factor.Name}={factor.Levels[level]}"));
            }
        }

        return new BinaryDesign(
            rows.ToArray(),
            Gather(y, rows, n),
            columns,
            columnNames,
            interceptIndex,
            cluster is null ? null : Gather(cluster.Codes.ToArray(), rows, n),
            notes,
            factorNames,
            absorbed.Select(a => (a.Name, Gather(a.Codes.ToArray(), rows, n), a.LevelCount)).ToList());
    }
}
