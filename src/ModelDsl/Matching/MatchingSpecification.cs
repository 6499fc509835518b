using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Estimation;
using ModelDsl.Results;

namespace ModelDsl.Matching;

/// <summary>
/// An immutable propensity-score matching: treatment, covariates of the score model, its link, the matching
/// method and the outcome. Every verb returns a new specification; <see cref="Fit"/> runs it.
/// </summary>
/// <remarks>
/// <para>The score is F(x'β) from a probit (psmatch2's default) or logit of the treatment on the covariates
/// (Rosenbaum &amp; Rubin 1983). The estimand is the average treatment effect on the treated,
/// ATT = (1/N₁)Σ_{i on support}(Yᵢ − Σⱼ wᵢⱼYⱼ).</para>
/// <para><see cref="Nearest"/>: k nearest neighbours with replacement, every control at exactly the k-th
/// distance kept with equal weights (psmatch2's <c>ties</c>, Stata's <c>teffects</c>;
/// <see cref="MatchingPackageTies"/> switches to Matching::Match's near-tie tolerance), standard error of
/// Abadie &amp; Imbens (2006) as Matching::Match computes it (<c>Var.calc = 0</c>).
/// <see cref="WithoutReplacement"/> matches treated units greedily in data order; <see cref="Caliper"/> bounds
/// |pᵢ − pⱼ| in score units (psmatch2).</para>
/// <para><see cref="Kernel"/>: psmatch2's kernel matching (Leuven &amp; Sianesi 2003), Epanechnikov with
/// bandwidth 0.06 by default; treated units without a control inside the bandwidth are off support; standard
/// error by a seeded bootstrap (<see cref="Bootstrap"/>, default 200 resamples, seed 20240601).</para>
/// <para><see cref="CommonSupport"/>: treated units with a score below the smallest or above the largest
/// control score are dropped (psmatch2 <c>common</c>).</para>
/// </remarks>
public sealed record MatchingSpecification
{
    /// <summary>psmatch2's default kernel bandwidth.</summary>
    public const double DefaultBandwidth = 0.06;

    /// <summary>The default number of bootstrap resamples for kernel matching.</summary>
    public const int DefaultBootstrapReplications = 200;

    /// <summary>The default bootstrap seed.</summary>
    public const int DefaultSeed = 20240601;

    internal MatchingSpecification(Term treatment)
    {
        Treatment = treatment ?? throw new ArgumentNullException(nameof(treatment));
    }

    /// <summary>The 0/1 treatment.</summary>
    public Term Treatment { get; init; }

    /// <summary>The covariates of the propensity-score model.</summary>
    public IReadOnlyList<Term> Covariates { get; init; } = [];

    /// <summary>Categorical covariates entered as dummies (first level dropped).</summary>
    public IReadOnlyList<ColumnTerm> FactorTerms { get; init; } = [];

    /// <summary>The link of the score model (default probit, as psmatch2).</summary>
    public BinaryLink Link { get; init; } = BinaryLink.Probit;

    /// <summary>Nearest neighbour (default) or kernel.</summary>
    public MatchingMethod Method { get; init; } = MatchingMethod.NearestNeighbor;

    /// <summary>The number of neighbours k (default 1).</summary>
    public int Neighbors { get; init; } = 1;

    /// <summary>Whether a control may be matched to several treated units (default true).</summary>
    public bool Replace { get; init; } = true;

    /// <summary>The largest |pᵢ − pⱼ| allowed for a match, or <see langword="null"/> for none.</summary>
    public double? CaliperWidth { get; init; }

    /// <summary>The tie tolerance: 0 (default) keeps exact ties; 1e-5 on the squared standardized distance is Matching::Match's default.</summary>
    public double TieTolerance { get; init; } = MatchingCore.ExactTies;

    /// <summary>The kernel of kernel matching.</summary>
    public MatchingKernel KernelFunction { get; init; } = MatchingKernel.Epanechnikov;

    /// <summary>The kernel bandwidth in score units.</summary>
    public double Bandwidth { get; init; } = DefaultBandwidth;

    /// <summary>Whether treated units outside the controls' score range are dropped first.</summary>
    public bool UseCommonSupport { get; init; }

    /// <summary>The bootstrap resamples of kernel matching (0 = no standard error).</summary>
    public int BootstrapReplications { get; init; } = DefaultBootstrapReplications;

    /// <summary>The bootstrap seed.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The outcome, or <see langword="null"/> to match and check balance only.</summary>
    public Term? OutcomeTerm { get; init; }

    /// <summary>Adds covariates of the score model.</summary>
    public MatchingSpecification On(params Term[] covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        return this with { Covariates = [.. Covariates, .. covariates] };
    }

    /// <summary>Adds categorical covariates as dummies (first level dropped).</summary>
    public MatchingSpecification Factors(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return this with { FactorTerms = [.. FactorTerms, .. columns.Select(c => new ColumnTerm(c))] };
    }

    /// <summary>Scores from a logit.</summary>
    public MatchingSpecification Logit() => this with { Link = BinaryLink.Logit };

    /// <summary>Scores from a probit.</summary>
    public MatchingSpecification Probit() => this with { Link = BinaryLink.Probit };

    /// <summary>k-nearest-neighbour matching (with replacement unless <see cref="WithoutReplacement"/>).</summary>
    public MatchingSpecification Nearest(int neighbors = 1)
    {
        if (neighbors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(neighbors), neighbors, $"Nearest-neighbour matching needs at least 1 neighbour; got {neighbors}.");
        }

        return this with { Method = MatchingMethod.NearestNeighbor, Neighbors = neighbors };
    }

    /// <summary>Matching without replacement: each control is used at most once.</summary>
    public MatchingSpecification WithoutReplacement() => this with { Replace = false };

    /// <summary>Drops matches with |pᵢ − pⱼ| above <paramref name="width"/> (score units).</summary>
    public MatchingSpecification Caliper(double width)
    {
        if (!(width > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The caliper must be positive; got {width}.");
        }

        return this with { CaliperWidth = width };
    }

    /// <summary>
    /// Sets the tie tolerance on the squared distance in units of the score's standard deviation: 0 (default)
    /// keeps exact ties only; <see cref="MatchingPackageTies"/> reproduces Matching::Match's default.
    /// </summary>
    public MatchingSpecification Ties(double tolerance)
    {
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"The tie tolerance must be ≥ 0; got {tolerance}.");
        }

        return this with { TieTolerance = tolerance };
    }

    /// <summary>Treats near-equal distances as ties as Matching::Match does by default (<c>distance.tolerance = 1e-5</c>).</summary>
    public MatchingSpecification MatchingPackageTies() => Ties(MatchingCore.MatchingPackageTieTolerance);

    /// <summary>Kernel matching with <paramref name="bandwidth"/> (default 0.06) and <paramref name="kernel"/> (default Epanechnikov).</summary>
    public MatchingSpecification Kernel(double bandwidth = DefaultBandwidth, MatchingKernel kernel = MatchingKernel.Epanechnikov)
    {
        if (!(bandwidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, $"The bandwidth must be positive; got {bandwidth}. psmatch2's default is 0.06.");
        }

        return this with { Method = MatchingMethod.Kernel, Bandwidth = bandwidth, KernelFunction = kernel };
    }

    /// <summary>Drops treated units whose score is outside the range of the controls' scores (min/max trimming).</summary>
    public MatchingSpecification CommonSupport() => this with { UseCommonSupport = true };

    /// <summary>Sets the bootstrap of kernel matching: <paramref name="replications"/> resamples with <paramref name="seed"/>.</summary>
    public MatchingSpecification Bootstrap(int replications, int seed = DefaultSeed)
    {
        if (replications < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(replications), replications, "The number of bootstrap resamples must be ≥ 0.");
        }

        return this with { BootstrapReplications = replications, Seed = seed };
    }

    /// <summary>Sets the outcome whose ATT is estimated.</summary>
    public MatchingSpecification Outcome(Term outcome) => this with { OutcomeTerm = outcome ?? throw new ArgumentNullException(nameof(outcome)) };

    /// <summary>Matches on <paramref name="data"/> and estimates the ATT.</summary>
    public MatchingResult Fit(PanelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var input = MatchingInput.Build(this, data, null);
        return Run(input);
    }

    /// <summary>A PSM-DID: this matching, then <paramref name="did"/> on the matched sample (see <see cref="PsmDidSpecification"/>).</summary>
    public PsmDidSpecification ThenRegress(RegressionSpecification did) => new(this, did ?? throw new ArgumentNullException(nameof(did)));

    internal MatchingResult Run(MatchingInput input)
    {
        if (input.Covariates.Count == 0)
        {
            throw new InvalidOperationException("The score model has no covariates: add them with .On(\"x1\", \"x2\", ...).");
        }

        var options = new MatchingOptions(Link, Method, Neighbors, Replace, CaliperWidth, TieTolerance, KernelFunction, Bandwidth, UseCommonSupport, Method == MatchingMethod.Kernel ? BootstrapReplications : 0, Seed);
        var outcome = MatchingEngine.Run(options, input.Treatment, input.Covariates, input.Names, input.Outcome, Treatment.Name);
        var balance = BalanceTable.Compute(input.Names, input.Covariates, outcome.Treated, outcome.Weights, outcome.LinearIndex);
        return new MatchingResult(this, outcome, balance, input.Rows, input.RowCount, input.Notes);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"match {Treatment.Name} on {string.Join(", ", Covariates.Select(c => c.Name))} ({Link}, {MatchingResult.Describe(this)})");
}

/// <summary>The arrays of a matching on the complete rows of a data set.</summary>
internal sealed class MatchingInput
{
    public required int[] Rows { get; init; }

    public required int RowCount { get; init; }

    public required double[] Treatment { get; init; }

    public required IReadOnlyList<double[]> Covariates { get; init; }

    public required IReadOnlyList<string> Names { get; init; }

    public required double[]? Outcome { get; init; }

    public required List<Note> Notes { get; init; }

    /// <summary>Evaluates the terms; <paramref name="restrict"/> limits the rows considered (one period of a panel).</summary>
    public static MatchingInput Build(MatchingSpecification specification, PanelData data, bool[]? restrict)
    {
        var evaluator = new TermEvaluator(data);
        var notes = new List<Note>();
        var treatment = evaluator.Evaluate(specification.Treatment);
        var covariates = specification.Covariates.Select(evaluator.Evaluate).ToArray();
        var factors = specification.FactorTerms.Select(f => evaluator.Categorical(f, "factor")).ToArray();
        var outcome = specification.OutcomeTerm is null ? null : evaluator.Evaluate(specification.OutcomeTerm);
        notes.AddRange(evaluator.Notes);
        var rows = new List<int>();
        var missing = 0;
        for (var i = 0; i < data.RowCount; i++)
        {
            if (restrict is not null && !restrict[i])
            {
                continue;
            }

            var ok = !double.IsNaN(treatment[i]) && covariates.All(c => !double.IsNaN(c[i])) && factors.All(f => f.Codes[i] >= 0) && (outcome is null || !double.IsNaN(outcome[i]));
            if (ok)
            {
                rows.Add(i);
            }
            else
            {
                missing++;
            }
        }

        if (missing > 0)
        {
            notes.Add(new Note(NoteKind.MissingValues, $"{missing} rows with a missing treatment, covariate or outcome were dropped before matching.", missing));
        }

        var names = specification.Covariates.Select(c => c.Name).ToList();
        var columns = covariates.Select(c => rows.Select(r => c[r]).ToArray()).ToList();
        foreach (var factor in factors)
        {
            var present = rows.Select(r => factor.Codes[r]).Distinct().Order().ToArray();
            foreach (var level in present.Skip(1))
            {
                columns.Add(rows.Select(r => factor.Codes[r] == level ? 1.0 : 0.0).ToArray());
                names.Add(string.Create(CultureInfo.InvariantCulture, $"{factor.Name}={factor.Levels[level]}"));
            }
        }

        return new MatchingInput
        {
            Rows = rows.ToArray(),
            RowCount = data.RowCount,
            Treatment = rows.Select(r => treatment[r]).ToArray(),
            Covariates = columns,
            Names = names,
            Outcome = outcome is null ? null : rows.Select(r => outcome[r]).ToArray(),
            Notes = notes,
        };
    }
}
