using System.Globalization;

using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Inference;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>
/// Instrumental-variables estimation: 2SLS, LIML and Fuller (k-class) and two-step efficient GMM, with absorbed fixed
/// effects, analytic weights and unadjusted, robust, one-way clustered or HAC (Bartlett) variances, as Stata's
/// <c>ivregress</c> computes them.
/// </summary>
/// <remarks>
/// <para>Notation (dimensions: n rows, k coefficients, q instruments): y (n), X = [endogenous, exogenous] (n×k),
/// Z = [exogenous, excluded] (n×q), all multiplied row by row by √wᵢ when weighted (analytic weights normalised to mean 1,
/// so Σw = N as Stata's <c>aweight</c>). Fixed effects are removed from y, X and Z by the (weighted) demeaning engine of
/// the linear family (<see cref="FixedEffectStructure"/>; Frisch–Waugh–Lovell holds for every estimator here, the fixed
/// effects being included exogenous regressors); without fixed effects the constant is a column of ones in X and Z.</para>
/// <para>k-class: b = [X'(I − κM_Z)X]⁻¹ X'(I − κM_Z)y with κ = 1 (2SLS), κ = the smallest root λ of
/// det(W'M₁W − λ W'M_Z W) = 0 with W = [y, endogenous] and M₁ the annihilator of the included exogenous regressors (LIML,
/// Anderson and Rubin 1949), or κ = λ − α/(N − L) with L the number of instruments, the absorbed constant and fixed-effect
/// levels included (Fuller 1977).</para>
/// <para>Variance of the k-class: unadjusted σ̂² A⁻¹ with A = X'(I − κM_Z)X and σ̂² = e'e/N (e'e/(N − K) with
/// <c>small</c>); robust, clustered and HAC A⁻¹ M A⁻¹ with M built from the scores x̂ᵢeᵢ, x̂ = P_Z X (also for LIML, as
/// Stata does), Σᵢ for robust, Σ_g (Σ_{i∈g})(Σ_{i∈g})' for clusters, Γ₀ + Σ_{j≤L} (1 − j/(L + 1))(Γ_j + Γ_j') for HAC;
/// with <c>small</c> the sandwich is multiplied by N/(N − K) (robust, HAC) or G/(G − 1)·(N − 1)/(N − K) (clustered),
/// without it by nothing. K counts the coefficients, and with fixed effects the absorbed constant and the fixed-effect
/// degrees of freedom.</para>
/// <para>Two-step GMM (Hansen 1982): step one is 2SLS; Ŝ = (1/N) Σ gᵢgᵢ' from its residuals with gᵢ = wᵢzᵢeᵢ (robust, and
/// summed by cluster or kernel-weighted as above) or Ŝ = s² Z'Z/N with s² = Σwᵢ(eᵢ − ē_w)²/N (unadjusted); with
/// <c>center</c> gᵢ = wᵢ(zᵢeᵢ − ḡ_w), ḡ_w = Σwᵢzᵢeᵢ/Σwᵢ. W = Ŝ⁻¹; b = (X'ZWZ'X)⁻¹X'ZWZ'y. Variance
/// N (X'ZWZ'X)⁻¹ X'ZW Ŝ₂ WZ'X (X'ZWZ'X)⁻¹ with Ŝ₂ of the variance's kind from the final residuals (centred at the
/// unweighted mean of zᵢeᵢ with <c>center</c>), times N/(N − K) or G/(G − 1)·(N − 1)/(N − K) with <c>small</c>. Hansen's
/// J = N ḡ'Wḡ with ḡ = Z'e/N at the final residuals and W the step-one weight. These reproduce Stata 13's
/// <c>ivregress</c> on the 786 blocks of linearmodels' test suite (tests/ModelDsl.Tests/Instrumental).</para>
/// </remarks>
internal static class InstrumentalEstimator
{
    /// <summary>A regressor or instrument is absorbed by the fixed effects when SS(after) ≤ this × SS(before).</summary>
    private const double AbsorbedTolerance = 1e-12;

    internal static InstrumentalResult Fit(InstrumentalSpecification specification, PanelData data)
    {
        Validate(specification);
        var variance = specification.Variance;
        var weightKind = specification.Method == InstrumentalMethod.GeneralizedMethodOfMoments ? specification.GmmWeight ?? variance : null;
        foreach (var request in new[] { variance, weightKind })
        {
            if (request is null)
            {
                continue;
            }

            if (request.Kind == VcovKind.Custom)
            {
                throw new InvalidOperationException($"The instrumental-variables family computes iid, HC1 (robust), one-way cluster and HAC variances; '{request.Description}' is a custom estimator. Use one of Vcov.Iid, Vcov.HC1, Vcov.Cluster(\"g\"), Vcov.Hac(lags).");
            }

            if (request.Clusters.Count > 1)
            {
                throw new InvalidOperationException($"Instrumental-variables models cluster by one variable (as Stata's ivregress); got {request.Clusters.Count}: {string.Join(", ", request.Clusters.Select(c => c.Name))}. Cluster by their intersection or by one of them.");
            }
        }

        if (weightKind is not null && variance.Kind == VcovKind.Hac && weightKind.Kind == VcovKind.Hac && !Equals(variance.TimeVariable, weightKind.TimeVariable))
        {
            throw new InvalidOperationException("The GMM weight matrix and the variance are HAC with different time variables; order both by the same column.");
        }

        var clusterTerms = variance.Clusters.Concat(weightKind?.Clusters ?? []).DistinctBy(c => c.Name).ToList();
        var extra = new List<Term>();
        if (specification.Weights is { } weightTerm)
        {
            extra.Add(weightTerm);
        }

        var time = variance.TimeVariable ?? weightKind?.TimeVariable;
        if (time is not null && !extra.Any(t => t.Name == time.Name))
        {
            extra.Add(time);
        }

        var request2 = specification.ToSampleRequest(extra) with { Clusters = clusterTerms };
        var sample = EstimationSample.Build(request2, data, needUnit: false);
        var notes = sample.Notes;
        var n = sample.Count;
        var names = sample.Names;
        var m = sample.Matrix;
        double[] Column(int j) => m.AsSpan((j + 1) * n, n).ToArray();
        int IndexOf(string name) => Array.IndexOf(names, name);

        double[]? weights = null;
        if (specification.Weights is { } wt)
        {
            weights = Column(IndexOf(wt.Name));
            for (var i = 0; i < n; i++)
            {
                if (!(weights[i] > 0) || !double.IsFinite(weights[i]))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {sample.Rows[i] + 1} has analytic weight {weights[i]} in '{wt.Name}'; every row of the estimation sample needs a finite positive weight (remove rows with zero weight first)."));
                }
            }

            var mean = weights.Average();
            for (var i = 0; i < n; i++)
            {
                weights[i] /= mean;
            }

            notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Weighted by '{wt.Name}' (analytic weights, normalised to sum to N = {n}).")));
        }

        int[]? order = null;
        if (time is not null)
        {
            var t = Column(IndexOf(time.Name));
            order = Enumerable.Range(0, n).OrderBy(i => t[i]).ToArray();
            for (var i = 1; i < n; i++)
            {
                if (t[order[i]] == t[order[i - 1]])
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The HAC time variable '{time.Name}' takes the value {t[order[i]]} in more than one row of the estimation sample; Newey–West needs one row per period (a time series). For panels cluster by unit."));
                }
            }
        }

        // Columns: y, the regressors (specification order), the excluded instruments.
        var regressorTerms = specification.Regressors.Concat(specification.ControlTerms).ToList();
        var endogenousNames = specification.Endogenous.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new List<double[]> { Column(-1) };
        var columnNames = new List<string> { specification.Outcome.Name };
        foreach (var r in regressorTerms)
        {
            columns.Add(Column(IndexOf(r.Name)));
            columnNames.Add(r.Name);
        }

        foreach (var z in specification.Instruments)
        {
            columns.Add(Column(IndexOf(z.Name)));
            columnNames.Add(z.Name);
        }

        var hasFixedEffects = specification.FixedEffects.Count > 0;
        var hasConstant = !hasFixedEffects && specification.HasIntercept;
        var yRaw = columns[0].ToArray();
        var dropped = new HashSet<int>();
        FixedEffectStructure? structure = null;
        var feNames = string.Join(", ", specification.FixedEffects.Select(f => f.Name));
        if (hasFixedEffects)
        {
            structure = FixedEffectStructure.Create(specification.FixedEffects.Select(f => f.Name).ToArray(), sample.FixedEffectCodes);
            var before = columns.Select(c => WeightedCentredSquares(c, weights)).ToArray();
            var block = new double[n * columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                columns[c].CopyTo(block, c * n);
            }

            structure.DemeanColumns(block, columns.Count, weights, specification.DemeaningTolerance, specification.DemeaningIterations, notes);

            for (var c = 0; c < columns.Count; c++)
            {
                columns[c] = block.AsSpan(c * n, n).ToArray();
                var after = WeightedSquares(columns[c], weights);
                if (c > 0 && (before[c] == 0 || after <= AbsorbedTolerance * before[c]))
                {
                    dropped.Add(c);
                    var role = c <= regressorTerms.Count ? "regressor" : "instrument";
                    notes.Add(new Note(NoteKind.Absorbed, $"{role} {columnNames[c]} is absorbed by the fixed effects ({feNames}); it was dropped", 1));
                }
            }
        }

        var root = weights?.Select(Math.Sqrt).ToArray();
        if (root is not null)
        {
            foreach (var c in columns)
            {
                for (var i = 0; i < n; i++)
                {
                    c[i] *= root[i];
                }
            }
        }

        var constantColumn = hasConstant ? root?.ToArray() ?? Enumerable.Repeat(1.0, n).ToArray() : null;

        // The design: endogenous regressors and exogenous regressors in the specification's order, then the constant.
        var xIndex = Enumerable.Range(1, regressorTerms.Count).Where(c => !dropped.Contains(c)).ToList();
        var xCols = xIndex.Select(c => columns[c]).ToList();
        var xNames = xIndex.Select(c => columnNames[c]).ToList();
        if (constantColumn is not null)
        {
            xCols.Add(constantColumn);
            xNames.Add(Coefficient.InterceptName);
        }

        if (xCols.Count == 0)
        {
            throw new InvalidOperationException($"The model '{specification}' has no regressor left to estimate.");
        }

        var xKeep = Independent(xCols, n, out var xDropped);
        foreach (var c in xDropped)
        {
            notes.Add(new Note(NoteKind.Collinear, $"{xNames[c]} is collinear with the other regressors{(hasFixedEffects ? $" and the fixed effects ({feNames})" : string.Empty)}; it was dropped", 1));
        }

        xCols = xKeep.Select(c => xCols[c]).ToList();
        xNames = xKeep.Select(c => xNames[c]).ToList();
        var isEndogenous = xNames.Select(endogenousNames.Contains).ToArray();
        var k = xCols.Count;

        // Instruments: the included exogenous regressors (the constant among them), then the excluded instruments.
        var zCols = new List<double[]>();
        var zNames = new List<string>();
        for (var j = 0; j < k; j++)
        {
            if (!isEndogenous[j])
            {
                zCols.Add(xCols[j]);
                zNames.Add(xNames[j]);
            }
        }

        var included = zCols.Count;
        for (var c = regressorTerms.Count + 1; c < columns.Count; c++)
        {
            if (!dropped.Contains(c))
            {
                zCols.Add(columns[c]);
                zNames.Add(columnNames[c]);
            }
        }

        var zKeep = Independent(zCols, n, out var zDropped);
        foreach (var c in zDropped)
        {
            notes.Add(new Note(NoteKind.Collinear, $"instrument {zNames[c]} is collinear with the other instruments{(hasFixedEffects ? $" and the fixed effects ({feNames})" : string.Empty)}; it was dropped", 1));
        }

        zCols = zKeep.Select(c => zCols[c]).ToList();
        zNames = zKeep.Select(c => zNames[c]).ToList();
        var q = zCols.Count;
        var endogenousCount = isEndogenous.Count(e => e);
        var excludedCount = q - included;
        if (excludedCount < endogenousCount)
        {
            // Say which instruments were lost and why: a time-invariant instrument (geography, a baseline value) is
            // absorbed by unit fixed effects, the usual way an IV panel model ends up underidentified.
            var lost = specification.Instruments.Select(t => t.Name).Where(name => !zNames.Contains(name)).ToList();
            var absorbedNote = lost.Count == 0
                ? string.Empty
                : $" Dropped: {string.Join(", ", lost)} ({(hasFixedEffects ? $"absorbed by the fixed effects ({feNames}) or collinear" : "collinear")}; see the notes).";
            var hint = hasFixedEffects && lost.Count > 0
                ? " An instrument constant within a fixed-effect level carries no information after demeaning; interact it with a variable that changes over time (Term.Interaction(\"slope\", \"trend\")) or drop that fixed effect."
                : " Add instruments.";
            throw new UnderidentificationException(
                $"The model has {endogenousCount} endogenous regressor(s) ({string.Join(", ", xNames.Where((_, j) => isEndogenous[j]))}) but only {excludedCount} usable excluded instrument(s) ({(excludedCount == 0 ? "none" : string.Join(", ", zNames.Skip(included)))}); it needs at least one excluded instrument per endogenous regressor.{absorbedNote}{hint}",
                endogenousCount,
                excludedCount);
        }

        var fixedEffectDegrees = structure is null ? 0 : structure.DegreesOfFreedom() + 1;
        var parameters = k + fixedEffectDegrees;
        if (n - parameters <= 0)
        {
            throw new InvalidOperationException($"The model has {n} observations and {parameters} parameters; it needs more observations than parameters.");
        }

        var problem = new InstrumentalDesign(
            n,
            Matrix<double>.Build.DenseOfColumnArrays(xCols),
            Matrix<double>.Build.DenseOfColumnArrays(zCols),
            Vector<double>.Build.DenseOfArray(columns[0]),
            weights,
            root,
            order,
            sample.Clusters.ToDictionary(c => c.Variable.Name, c => (c.Codes, c.Groups), StringComparer.Ordinal),
            isEndogenous,
            included);
        var estimate = Estimate(specification, problem, isEndogenous, included, parameters, fixedEffectDegrees, variance, weightKind);

        // Sums of squares: the total about the (weighted) mean with a constant or fixed effects, about zero without.
        var tss = hasConstant || hasFixedEffects ? WeightedCentredSquares(yRaw, weights) : WeightedSquares(yRaw, weights);
        var withinTss = hasFixedEffects ? columns[0].Sum(v => v * v) : double.NaN;
        return new InstrumentalResult(
            specification,
            estimate with { },
            xNames,
            zNames,
            n,
            tss,
            withinTss,
            hasConstant,
            parameters,
            sample.Rows,
            problem,
            [.. sample.Clusters.Where(c => variance.Clusters.Any(v => v.Name == c.Variable.Name)).Select(c => new KeyValuePair<string, int>(c.Variable.Name, c.Groups))],
            notes);
    }

    private static void Validate(InstrumentalSpecification specification)
    {
        if (specification.Endogenous.Count == 0)
        {
            throw new InstrumentSpecificationException($"The model '{specification.Outcome.Name}' has no endogenous regressor; mark one with Instrument(\"x\", with: [\"z\"]), or fit it by least squares with Model.Regress(...).Fit(data).");
        }

        var regressors = specification.Regressors.Concat(specification.ControlTerms).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var z in specification.Instruments)
        {
            if (regressors.Contains(z.Name))
            {
                var role = specification.Endogenous.Any(e => e.Name == z.Name) ? "an endogenous regressor" : "an exogenous regressor (which instruments itself)";
                throw new InstrumentSpecificationException($"Instrument '{z.Name}' is also {role}; an excluded instrument must not appear among the regressors. Remove it from with: [...] or from the regressors.");
            }

            if (z.Name == specification.Outcome.Name)
            {
                throw new InstrumentSpecificationException($"Instrument '{z.Name}' is the outcome; remove it from with: [...].");
            }
        }

        if (specification.Endogenous.Any(e => e.Name == specification.Outcome.Name))
        {
            throw new InstrumentSpecificationException($"The outcome '{specification.Outcome.Name}' cannot be an endogenous regressor.");
        }
    }

    private static Estimate Estimate(InstrumentalSpecification specification, InstrumentalDesign p, bool[] isEndogenous, int included, int parameters, int fixedEffectDegrees, Vcov variance, Vcov? weightKind)
    {
        var n = p.N;
        var x = p.X;
        var z = p.Z;
        var y = p.Y;
        var zz = z.TransposeThisAndMultiply(z);
        var zzChol = zz.Cholesky();
        var zx = z.TransposeThisAndMultiply(x);
        var zy = z.TransposeThisAndMultiply(y);
        var pi = zzChol.Solve(zx);                          // first-stage coefficients, q×k
        var xhxh = zx.TransposeThisAndMultiply(pi);         // X'P_Z X, k×k
        var xhy = pi.TransposeThisAndMultiply(zy);          // X'P_Z y
        var xhat = Tall(z, pi);                             // P_Z X, n×k
        var small = specification.SmallSample;
        var method = specification.Method;

        if (method == InstrumentalMethod.GeneralizedMethodOfMoments)
        {
            var b1 = xhxh.Cholesky().Solve(xhy);
            var e1 = y - Tall(x, b1);
            var s1 = MomentCovariance(p, z, e1, weightKind!, specification.CenterMoments ? Centring.Weighted : Centring.None);
            var w = Symmetric(s1.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(z.ColumnCount)));
            var qm = zx.TransposeThisAndMultiply(w).Multiply(zx);
            var qmChol = qm.Cholesky();
            var b = qmChol.Solve(zx.TransposeThisAndMultiply(w).Multiply(zy));
            var e = y - Tall(x, b);
            var s2 = MomentCovariance(p, z, e, variance, specification.CenterMoments ? Centring.Unweighted : Centring.None);
            var qInverse = qmChol.Solve(Matrix<double>.Build.DenseIdentity(x.ColumnCount));
            var middle = zx.TransposeThisAndMultiply(w).Multiply(s2).Multiply(w).Multiply(zx);
            var v = qInverse.Multiply(middle).Multiply(qInverse).Multiply(n);
            var factor = small ? SmallFactor(p, variance, parameters) : 1.0;
            var gbar = z.TransposeThisAndMultiply(e) / n;
            var j = n * gbar.DotProduct(w.Multiply(gbar));
            return new Estimate(b.ToArray(), ToArray(Symmetric(v * factor)), e.ToArray(), 1.0, j, z.ColumnCount - x.ColumnCount, ToArray(w), variance, weightKind);
        }

        double kappa = 1;
        if (method != InstrumentalMethod.TwoStageLeastSquares)
        {
            kappa = LimlKappa(x, z, y, zz, isEndogenous, included);
            if (method == InstrumentalMethod.Fuller)
            {
                kappa -= specification.FullerAlpha / (n - z.ColumnCount - fixedEffectDegrees);
            }
        }

        Matrix<double> a;
        Vector<double> rhs;
        if (kappa == 1)
        {
            a = xhxh;
            rhs = xhy;
        }
        else
        {
            a = (x.TransposeThisAndMultiply(x) * (1 - kappa)) + (xhxh * kappa);
            rhs = (x.TransposeThisAndMultiply(y) * (1 - kappa)) + (xhy * kappa);
        }

        var aLu = a.LU();
        var coefficients = aLu.Solve(rhs);
        var residuals = y - Tall(x, coefficients);
        var bread = Symmetric(aLu.Inverse());
        Matrix<double> covariance;
        if (variance.Kind == VcovKind.Iid)
        {
            var rss = residuals.DotProduct(residuals);
            covariance = bread * (rss / (small ? n - parameters : n));
        }
        else
        {
            var scores = RowsTimes(xhat, residuals);
            var meat = Meat(p, scores, variance);
            covariance = bread.Multiply(meat).Multiply(bread) * (small ? SmallFactor(p, variance, parameters) : 1.0);
        }

        return new Estimate(coefficients.ToArray(), ToArray(Symmetric(covariance)), residuals.ToArray(), kappa, double.NaN, 0, null, variance, null);
    }

    private enum Centring
    {
        None,

        // gᵢ = wᵢ(zᵢeᵢ − ḡ_w), ḡ_w = Σwzᵢeᵢ/Σw: Stata's center for the weight matrix.
        Weighted,

        // gᵢ = wᵢ(zᵢeᵢ − μ), μ = Σzᵢeᵢ/N: Stata's center in the variance of the GMM estimator.
        Unweighted,
    }

    // Ŝ (q×q) of the moments from residuals e (rows times √w).
    private static Matrix<double> MomentCovariance(InstrumentalDesign p, Matrix<double> z, Vector<double> e, Vcov kind, Centring centring)
    {
        var n = p.N;
        if (kind.Kind == VcovKind.Iid)
        {
            // s² = Σwᵢ(eᵢ − ē_w)²/N with ē_w = Σwᵢeᵢ/N (e here is √w·e).
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += (p.Root?[i] ?? 1.0) * e[i];
            }

            var mean = sum / n;
            var s2 = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = e[i] - ((p.Root?[i] ?? 1.0) * mean);
                s2 += d * d;
            }

            return z.TransposeThisAndMultiply(z) * (s2 / n / n);
        }

        var g = RowsTimes(z, e);
        if (centring != Centring.None)
        {
            var q = z.ColumnCount;
            var centre = new double[q];
            for (var c = 0; c < q; c++)
            {
                var s = 0.0;
                for (var i = 0; i < n; i++)
                {
                    s += centring == Centring.Weighted ? g[i, c] : g[i, c] / (p.Weights?[i] ?? 1.0);
                }

                centre[c] = s / n;
            }

            for (var i = 0; i < n; i++)
            {
                var w = p.Weights?[i] ?? 1.0;
                for (var c = 0; c < q; c++)
                {
                    g[i, c] -= w * centre[c];
                }
            }
        }

        return Meat(p, g, kind) / n;
    }

    // Σ over the kind's groups of the score sums' outer products (p×p); scores n×p.
    private static Matrix<double> Meat(InstrumentalDesign p, Matrix<double> scores, Vcov kind)
    {
        var n = p.N;
        var cols = scores.ColumnCount;
        switch (kind.Kind)
        {
            case VcovKind.Cluster:
                {
                    var (codes, groups) = p.Clusters[kind.Clusters[0].Name];
                    if (groups < 2)
                    {
                        throw new InvalidOperationException($"Cluster variable '{kind.Clusters[0].Name}' has {groups} level in the estimation sample; clustered errors need at least 2 clusters.");
                    }

                    var values = ColumnMajor(scores);
                    var sums = new double[groups * cols];
                    for (var c = 0; c < cols; c++)
                    {
                        var column = values.AsSpan(c * n, n);
                        var target = sums.AsSpan(c * groups, groups);
                        for (var i = 0; i < n; i++)
                        {
                            target[codes[i]] += column[i];
                        }
                    }

                    var byCluster = Matrix<double>.Build.Dense(groups, cols, sums);
                    return byCluster.TransposeThisAndMultiply(byCluster);
                }

            case VcovKind.Hac:
                {
                    var ordered = p.Order is null ? scores : Matrix<double>.Build.DenseOfRowVectors(p.Order.Select(scores.Row));
                    var meat = ordered.TransposeThisAndMultiply(ordered);
                    for (var lag = 1; lag <= Math.Min(kind.Lags, n - 1); lag++)
                    {
                        var lead = ordered.SubMatrix(lag, n - lag, 0, cols);
                        var lagged = ordered.SubMatrix(0, n - lag, 0, cols);
                        var gamma = lead.TransposeThisAndMultiply(lagged);
                        var weight = 1.0 - (lag / (kind.Lags + 1.0));
                        meat += (gamma + gamma.Transpose()) * weight;
                    }

                    return meat;
                }

            default:
                return scores.TransposeThisAndMultiply(scores);
        }
    }

    private static double SmallFactor(InstrumentalDesign p, Vcov kind, int parameters)
    {
        var n = p.N;
        if (kind.Kind == VcovKind.Cluster)
        {
            var groups = p.Clusters[kind.Clusters[0].Name].Groups;
            return groups / (groups - 1.0) * ((n - 1.0) / (n - parameters));
        }

        return n / (double)(n - parameters);
    }

    // κ_LIML: the smallest root of det(W'M₁W − λ W'M_Z W) = 0, W = [y, endogenous], M₁ the annihilator of the included exogenous.
    private static double LimlKappa(Matrix<double> x, Matrix<double> z, Vector<double> y, Matrix<double> zz, bool[] isEndogenous, int included)
    {
        var endogenous = Enumerable.Range(0, x.ColumnCount).Where(j => isEndogenous[j]).Select(x.Column).ToList();
        var wm = Matrix<double>.Build.DenseOfColumnVectors([y, .. endogenous]);
        var ww = wm.TransposeThisAndMultiply(wm);
        var zw = z.TransposeThisAndMultiply(wm);
        var a = ww - zw.TransposeThisAndMultiply(zz.Cholesky().Solve(zw));
        var b = ww;
        if (included > 0)
        {
            var x1 = z.SubMatrix(0, z.RowCount, 0, included);
            var x1w = x1.TransposeThisAndMultiply(wm);
            b = ww - x1w.TransposeThisAndMultiply(x1.TransposeThisAndMultiply(x1).Cholesky().Solve(x1w));
        }

        var lower = a.Cholesky().Factor;
        var lowerInverse = lower.Inverse();
        var c = Symmetric(lowerInverse.Multiply(b).TransposeAndMultiply(lowerInverse));
        return c.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Min();
    }

    // Column indices of an independent subset (R's limited pivoting: a column nearly in the span of earlier ones goes).
    private static int[] Independent(List<double[]> cols, int n, out int[] droppedColumns)
    {
        var p = cols.Count;
        var work = new double[n * p];
        for (var c = 0; c < p; c++)
        {
            cols[c].CopyTo(work, c * n);
        }

        var qr = HouseholderQr.Decompose(work, n, p);
        droppedColumns = qr.Dropped.ToArray();
        var keep = qr.Kept.ToArray();
        Array.Sort(keep);
        return keep;
    }

    private static Matrix<double> RowsTimes(Matrix<double> a, Vector<double> e)
    {
        var n = a.RowCount;
        var source = ColumnMajor(a);
        var factors = e.AsArray() ?? e.ToArray();
        var result = new double[source.Length];
        for (var c = 0; c < a.ColumnCount; c++)
        {
            var from = source.AsSpan(c * n, n);
            var to = result.AsSpan(c * n, n);
            for (var i = 0; i < n; i++)
            {
                to[i] = from[i] * factors[i];
            }
        }

        return Matrix<double>.Build.Dense(n, a.ColumnCount, result);
    }

    // A·B for a tall dense A (n×q) and a small B (q×k), a column of A at a time. Why not A.Multiply(B): MathNet's managed
    // provider walks a tall matrix element by element through its indexer, which made the products of the predicted
    // regressors and the residuals more than half of a 2SLS fit on a million rows (the benchmark's iv-fe2 case).
    private static Matrix<double> Tall(Matrix<double> a, Matrix<double> b)
    {
        var n = a.RowCount;
        var source = ColumnMajor(a);
        var result = new double[n * b.ColumnCount];
        for (var k = 0; k < b.ColumnCount; k++)
        {
            var to = result.AsSpan(k * n, n);
            for (var c = 0; c < a.ColumnCount; c++)
            {
                var factor = b[c, k];
                if (factor == 0)
                {
                    continue;
                }

                var from = source.AsSpan(c * n, n);
                for (var i = 0; i < n; i++)
                {
                    to[i] += factor * from[i];
                }
            }
        }

        return Matrix<double>.Build.Dense(n, b.ColumnCount, result);
    }

    // A·b for a tall dense A; see Tall(Matrix, Matrix).
    private static Vector<double> Tall(Matrix<double> a, Vector<double> b) =>
        Vector<double>.Build.Dense(ColumnMajor(Tall(a, Matrix<double>.Build.Dense(b.Count, 1, b.AsArray() ?? b.ToArray()))));

    private static double[] ColumnMajor(Matrix<double> a) => a.AsColumnMajorArray() ?? a.ToColumnMajorArray();

    private static Matrix<double> Symmetric(Matrix<double> a) => (a + a.Transpose()) * 0.5;

    private static double[,] ToArray(Matrix<double> a) => a.ToArray();

    private static double WeightedSquares(double[] x, double[]? w)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            s += (w?[i] ?? 1.0) * x[i] * x[i];
        }

        return s;
    }

    private static double WeightedCentredSquares(double[] x, double[]? w)
    {
        var n = x.Length;
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += (w?[i] ?? 1.0) * x[i];
        }

        mean /= n;
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = x[i] - mean;
            s += (w?[i] ?? 1.0) * d * d;
        }

        return s;
    }
}

/// <summary>
/// The data of one fit, kept on the result for the diagnostics (first stages, weak-instrument and overidentification
/// tests): X (n×k, endogenous and exogenous in the result's order), Z (n×q, the included exogenous first), y, all after
/// the fixed effects are removed and every row multiplied by √w; w normalised to mean 1; the HAC row order; the cluster
/// codes by name; which columns of X are endogenous; how many leading columns of Z are included exogenous variables.
/// </summary>
internal sealed record InstrumentalDesign(int N, Matrix<double> X, Matrix<double> Z, Vector<double> Y, double[]? Weights, double[]? Root, int[]? Order, Dictionary<string, (int[] Codes, int Groups)> Clusters, bool[] IsEndogenous, int Included);

/// <summary>The numbers of one instrumental-variables fit: coefficients, covariance, residuals (times √w), κ, J and its df, the GMM weight matrix.</summary>
internal sealed record Estimate(double[] Coefficients, double[,] Covariance, double[] Residuals, double Kappa, double HansenJ, int OveridentifyingRestrictions, double[,]? WeightMatrix, Vcov Variance, Vcov? WeightKind);
