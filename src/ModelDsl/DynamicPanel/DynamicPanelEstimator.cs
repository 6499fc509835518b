using System.Globalization;

using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.DynamicPanel;

/// <summary>
/// Difference and system GMM for dynamic panels (the formulas are in <see cref="DynamicPanelSpecification"/>'s remarks).
/// Kernel names: for unit i, <c>y</c> (R), <c>x</c> (R×K), <c>z</c> (R×L) with R the rows of the stacked equations
/// (differenced first, then levels), K regressors, L instruments; sums over units are <c>zx</c> (L×K), <c>zy</c> (L).
/// </summary>
internal static class DynamicPanelEstimator
{
    // pgmm switches to the Moore–Penrose inverse below this smallest eigenvalue.
    private const double SingularEigenvalue = 1e-9;

    internal static DynamicPanelResult Fit(DynamicPanelSpecification specification, PanelData data)
    {
        var layout = Layout.Build(specification, data);
        var units = layout.Units;
        var n = units.Count;
        var k = layout.RegressorNames.Count;
        var l = layout.InstrumentCount;
        var notes = new List<Note>(layout.Notes);

        if (l < k)
        {
            throw new InvalidOperationException(
                $"The model has {k} regressors but only {l} instrument columns; GMM needs at least as many instruments as regressors. Add GMM-style instruments (a longer lag range, another variable) or IV-style instruments.");
        }

        var h = layout.H;
        var zhz = Matrix<double>.Build.Dense(l, l);
        var zx = Matrix<double>.Build.Dense(l, k);
        var zy = Vector<double>.Build.Dense(l);
        foreach (var u in units)
        {
            zhz += u.Z.TransposeThisAndMultiply(h * u.Z);
            zx += u.Z.TransposeThisAndMultiply(u.X);
            zy += u.Z.TransposeThisAndMultiply(u.Y);
        }

        RequireVariation(layout);

        // pgmm scales the one-step weight by the number of units (it cancels everywhere but in nothing reported).
        var a1 = Inverse(zhz, "Σ Z_i'H Z_i (the one-step weight)", notes) * n;
        var b1 = (zx.TransposeThisAndMultiply(a1) * zx).Inverse();
        var beta1 = b1 * (zx.TransposeThisAndMultiply(a1) * zy);
        var residuals1 = units.Select(u => u.Y - (u.X * beta1)).ToArray();
        var scores1 = units.Select((u, i) => u.Z.TransposeThisAndMultiply(residuals1[i])).ToArray();
        var s2 = Matrix<double>.Build.Dense(l, l);
        foreach (var g in scores1)
        {
            s2 += g.OuterProduct(g);
        }

        var a2 = Inverse(s2, "Σ Z_i'ê_i ê_i'Z_i (the two-step weight)", notes);
        var robust1 = b1 * (zx.TransposeThisAndMultiply(a1) * s2 * a1 * zx) * b1;

        Vector<double> beta;
        Vector<double>[] residuals;
        Matrix<double> vcov;
        Matrix<double> nonRobust;
        Matrix<double> weight;
        if (specification.Steps == GmmSteps.OneStep)
        {
            if (specification.Variance == GmmVariance.Uncorrected)
            {
                throw new InvalidOperationException("Uncorrected standard errors are the two-step (X'Z A₂ Z'X)⁻¹; a one-step fit reports robust ones. Call TwoStep() or drop Vcov(GmmVariance.Uncorrected).");
            }

            beta = beta1;
            residuals = residuals1;
            vcov = robust1;
            nonRobust = b1;
            weight = a1;
        }
        else
        {
            var b2 = (zx.TransposeThisAndMultiply(a2) * zx).Inverse();
            beta = b2 * (zx.TransposeThisAndMultiply(a2) * zy);
            var beta2 = beta;
            residuals = units.Select(u => u.Y - (u.X * beta2)).ToArray();
            nonRobust = b2;
            weight = a2;
            vcov = specification.Variance == GmmVariance.Uncorrected ? b2 : Windmeijer(units, scores1, residuals, zx, a2, b2, robust1);
        }

        var moments = Vector<double>.Build.Dense(l);
        for (var i = 0; i < n; i++)
        {
            moments += units[i].Z.TransposeThisAndMultiply(residuals[i]);
        }

        var hansen = ChiSquareTest.Of(moments * (a2 * moments), l - k);
        var sargan = Sargan(specification, layout, scores1, residuals1, a1 / n, k);
        var differenceInHansen = DifferenceInHansen(specification, layout, zx, zy, s2, k, notes);
        var ar1 = Autocorrelation(1, layout, residuals, zx, nonRobust, weight, vcov, specification.LevelResidualsInAutocorrelation, notes);
        var ar2 = Autocorrelation(2, layout, residuals, zx, nonRobust, weight, vcov, specification.LevelResidualsInAutocorrelation, notes);

        if (l > n)
        {
            notes.Add(new Note(NoteKind.Information, $"{l} instruments for {n} groups: more instruments than groups weakens the Hansen test and biases two-step GMM towards OLS (Roodman 2009); consider collapse or shorter lag ranges.", l));
        }

        return new DynamicPanelResult(specification, layout, beta, vcov, ar1, ar2, hansen, sargan, differenceInHansen, notes);
    }

    /// <summary>
    /// The difference-in-Hansen tests (see <see cref="DynamicPanelResult.DifferenceInHansen"/>): for each subset, the
    /// minimised two-step criterion without its columns, with the full model's Ŝ restricted to the remaining ones.
    /// </summary>
    private static List<DifferenceInHansenTest> DifferenceInHansen(DynamicPanelSpecification specification, Layout layout, Matrix<double> zx, Vector<double> zy, Matrix<double> s, int k, List<Note> notes)
    {
        var l = zx.RowCount;
        var starts = new List<(InstrumentGroup Group, int Start)>();
        var offset = 0;
        foreach (var group in layout.InstrumentGroups)
        {
            starts.Add((group, offset));
            offset += group.Columns;
        }

        int[] ColumnsOf(Func<InstrumentGroup, bool> member) =>
            [.. starts.Where(g => member(g.Group)).SelectMany(g => Enumerable.Range(g.Start, g.Group.Columns))];

        var system = specification.Transformation == DynamicPanelTransformation.System;
        var subsets = new List<(string Name, int[] Columns)>();
        for (var g = 0; g < specification.Gmm.Count; g++)
        {
            var index = g;
            subsets.Add((specification.Gmm[g].ToString(), ColumnsOf(x => x.GmmIndex == index)));
        }

        if (specification.Iv.Count > 0)
        {
            var names = string.Join(" ", specification.Iv.Select(i => i.Variable.Name).Distinct(StringComparer.Ordinal));
            subsets.Add(system
                ? ($"iv({names})", ColumnsOf(x => x.Source is InstrumentSource.IvDifferenced or InstrumentSource.IvLevel))
                : ($"iv({names}{(specification.HasTimeDummies ? " and the time dummies" : string.Empty)})", ColumnsOf(x => x.Source is InstrumentSource.IvDifferenced or InstrumentSource.TimeDummiesDifferenced)));
        }

        if (system)
        {
            subsets.Add(("GMM instruments for levels", ColumnsOf(x => x.Source == InstrumentSource.GmmLevel)));
        }

        var full = MinimisedCriterion(zx, zy, s, [.. Enumerable.Range(0, l)]);
        var tests = new List<DifferenceInHansenTest>();
        foreach (var (name, columns) in subsets)
        {
            if (columns.Length == 0 || columns.Length == l)
            {
                continue;
            }

            var excluded = columns.ToHashSet();
            var keep = Enumerable.Range(0, l).Where(c => !excluded.Contains(c)).ToArray();
            if (keep.Length <= k)
            {
                notes.Add(new Note(NoteKind.Information, $"No difference-in-Hansen test for {name}: without its {columns.Length} columns {keep.Length} instruments remain for {k} regressors, so the model is not overidentified."));
                continue;
            }

            var excluding = MinimisedCriterion(zx, zy, s, keep);
            tests.Add(new DifferenceInHansenTest(
                name,
                columns.Length,
                ChiSquareTest.Of(excluding, keep.Length - k),
                ChiSquareTest.Of(full - excluding, columns.Length)));
        }

        return tests;
    }

    /// <summary>min_β ḡ_s(β)'Ŝ_ss⁻¹ḡ_s(β) over the instrument columns <paramref name="columns"/>, with ḡ_s(β) = Σ Z_s'y − Σ Z_s'X β.</summary>
    private static double MinimisedCriterion(Matrix<double> zx, Vector<double> zy, Matrix<double> s, int[] columns)
    {
        var ss = Matrix<double>.Build.Dense(columns.Length, columns.Length, (r, c) => s[columns[r], columns[c]]);
        var zxs = Matrix<double>.Build.Dense(columns.Length, zx.ColumnCount, (r, c) => zx[columns[r], c]);
        var zys = Vector<double>.Build.Dense(columns.Length, r => zy[columns[r]]);

        // The generalized inverse where Ŝ_ss is singular (zero or collinear columns), as for the two-step weight.
        var weight = Inverse(ss, "the moment covariance of an instrument subset", []);
        var beta = PseudoInverse(zxs.TransposeThisAndMultiply(weight) * zxs) * (zxs.TransposeThisAndMultiply(weight) * zys);
        var moments = zys - (zxs * beta);
        return moments.DotProduct(weight * moments);
    }

    /// <summary>A regressor that is zero in every used row (constant within units, so differencing removes it) has no coefficient: say so instead of inverting a singular matrix.</summary>
    private static void RequireVariation(Layout layout)
    {
        var names = layout.RegressorNames;
        var empty = new List<string>();
        for (var j = 0; j < names.Count; j++)
        {
            if (layout.Units.All(u => u.X.Column(j).All(v => v == 0)))
            {
                empty.Add(names[j]);
            }
        }

        if (empty.Count > 0)
        {
            throw new InvalidOperationException(
                $"Regressor{(empty.Count > 1 ? "s" : string.Empty)} {string.Join(", ", empty.Select(e => $"'{e}'"))} {(empty.Count > 1 ? "are" : "is")} zero in every row the model uses: constant within each unit, so differencing removes {(empty.Count > 1 ? "them" : "it")} (or missing where the model has rows). Drop {(empty.Count > 1 ? "them" : "it")}, or fit System() so that the level equation identifies {(empty.Count > 1 ? "them" : "it")}.");
        }
    }

    /// <summary>Windmeijer's (2005) corrected two-step variance: V + D V + V D' + D V₁ D' (pgmm's vcovHC.pgmm).</summary>
    private static Matrix<double> Windmeijer(
        IReadOnlyList<UnitBlock> units,
        Vector<double>[] scores1,
        Vector<double>[] residuals2,
        Matrix<double> zx,
        Matrix<double> a2,
        Matrix<double> b2,
        Matrix<double> robust1)
    {
        var k = zx.ColumnCount;
        var l = zx.RowCount;
        var ze2 = Vector<double>.Build.Dense(l);
        for (var i = 0; i < units.Count; i++)
        {
            ze2 += units[i].Z.TransposeThisAndMultiply(residuals2[i]);
        }

        var left = -b2 * zx.TransposeThisAndMultiply(a2);
        var right = a2 * ze2;
        var scores = Matrix<double>.Build.DenseOfColumnVectors(scores1);
        var d = Matrix<double>.Build.Dense(k, k);
        for (var j = 0; j < k; j++)
        {
            // ∂(Σ Z'ê ê'Z)/∂β_j at the one-step estimate: −Σ_i (Z_i'x_ij ĝ_i' + ĝ_i x_ij'Z_i) with ĝ_i = Z_i'ê_i, i.e. −(A G' + G A').
            var zxj = Matrix<double>.Build.DenseOfColumnVectors(units.Select(u => u.Z.TransposeThisAndMultiply(u.X.Column(j))));
            var product = zxj.TransposeAndMultiply(scores);
            var derivative = -(product + product.Transpose());
            d.SetColumn(j, left * (derivative * right));
        }

        var db2 = d * b2;
        return b2 + db2 + db2.Transpose() + (d * robust1 * d.Transpose());
    }

    /// <summary>
    /// The one-step Sargan statistic: (Σ Z'ê¹)'(Σ Z'HZ)⁻¹(Σ Z'ê¹)/σ̂², the minimised one-step criterion scaled by the
    /// variance of ε when Var(transformed ε) = σ²H. Difference GMM: σ̂² = Σ Δê¹²/(2(N − K)) (Stata's xtabond
    /// <c>estat sargan</c>); system GMM: σ̂² = Σ Δê¹²/(2N) with N the level observations (xtabond2's, which divides by
    /// the reported number of observations; no xtabond counterpart exists).
    /// </summary>
    private static ChiSquareTest? Sargan(DynamicPanelSpecification specification, Layout layout, Vector<double>[] scores1, Vector<double>[] residuals1, Matrix<double> zhzInverse, int k)
    {
        var system = specification.Transformation == DynamicPanelTransformation.System;
        var differenced = layout.DifferenceRows;
        var moments = Vector<double>.Build.Dense(zhzInverse.RowCount);
        double squares = 0;
        for (var i = 0; i < scores1.Length; i++)
        {
            moments += scores1[i];

            // The differenced rows come first in each unit's stacked residuals; the level rows follow in system GMM.
            for (var r = 0; r < Math.Min(differenced, residuals1[i].Count); r++)
            {
                squares += residuals1[i][r] * residuals1[i][r];
            }
        }

        var sigma2 = system
            ? squares / (2.0 * layout.LevelObservations)
            : squares / (2.0 * (layout.DifferenceObservations - k));
        return ChiSquareTest.Of(moments.DotProduct(zhzInverse * moments) / sigma2, zhzInverse.RowCount - k);
    }

    /// <summary>
    /// The Arellano–Bond test of order <paramref name="order"/> on the differenced residuals: pgmm's mtest in difference
    /// GMM; in system GMM xtabond2's, whose variance keeps the level rows' residuals in Z'ê (pgmm's with
    /// <paramref name="levelResiduals"/> false).
    /// </summary>
    private static AutocorrelationTest? Autocorrelation(
        int order,
        Layout layout,
        Vector<double>[] residuals,
        Matrix<double> zx,
        Matrix<double> nonRobust,
        Matrix<double> weight,
        Matrix<double> vcov,
        bool levelResiduals,
        List<Note> notes)
    {
        var nd = layout.DifferenceRows;
        if (order >= nd)
        {
            notes.Add(new Note(NoteKind.Information, $"The Arellano–Bond AR({order}) test needs more than {order} differenced periods; the model has {nd}, so it is not reported.", order));
            return null;
        }

        var k = zx.ColumnCount;
        double numerator = 0, eve = 0;
        var ex = Vector<double>.Build.Dense(k);
        var zve = Vector<double>.Build.Dense(zx.RowCount);
        for (var i = 0; i < layout.Units.Count; i++)
        {
            var u = layout.Units[i];
            var rows = residuals[i].Count;
            var e = Vector<double>.Build.Dense(rows);
            var lagged = Vector<double>.Build.Dense(rows);
            for (var r = 0; r < nd; r++)
            {
                e[r] = residuals[i][r];
                if (r >= order)
                {
                    lagged[r] = residuals[i][r - order];
                }
            }

            var product = e.DotProduct(lagged);
            numerator += product;
            eve += product * product;
            ex += u.X.TransposeThisAndMultiply(lagged);
            // Var(ê|Z) = ê ê' over all stacked rows: in system GMM the level rows' residuals enter Z'ê too, as in the
            // estimator's own influence (X'ZA Z'ê); plm's mtest zeroes them, xtabond2 does not (Roodman 2009, §3.5).
            zve += u.Z.TransposeThisAndMultiply(levelResiduals ? residuals[i] : e) * product;
        }

        var denominator = eve - (2 * ex.DotProduct(nonRobust * (zx.TransposeThisAndMultiply(weight * zve)))) + ex.DotProduct(vcov * ex);
        if (!(denominator > 0))
        {
            notes.Add(new Note(NoteKind.Information, $"The Arellano–Bond AR({order}) test has a non-positive variance ({denominator.ToString("G4", CultureInfo.InvariantCulture)}); it is not reported.", order));
            return null;
        }

        var z = numerator / Math.Sqrt(denominator);
        return new AutocorrelationTest(order, z, 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(z)));
    }

    /// <summary>The inverse of a symmetric positive semi-definite matrix, or its Moore–Penrose inverse (with a note) when nearly singular, as pgmm.</summary>
    private static Matrix<double> Inverse(Matrix<double> matrix, string what, List<Note> notes)
    {
        var smallest = matrix.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Min();
        if (smallest >= SingularEigenvalue)
        {
            return matrix.Inverse();
        }

        notes.Add(new Note(NoteKind.Collinear, $"{what} is singular (smallest eigenvalue {smallest.ToString("G4", CultureInfo.InvariantCulture)}): some instrument columns are zero or collinear; its Moore–Penrose inverse is used (as plm::pgmm does)."));
        return PseudoInverse(matrix);
    }

    /// <summary>MASS::ginv: singular values above √ε times the largest are inverted, the rest dropped.</summary>
    private static Matrix<double> PseudoInverse(Matrix<double> matrix)
    {
        var svd = matrix.Svd(computeVectors: true);
        var s = svd.S;
        var tolerance = Math.Sqrt(2.220446049250313e-16) * s.Maximum();
        var inverse = Matrix<double>.Build.Dense(matrix.ColumnCount, matrix.RowCount);
        for (var j = 0; j < s.Count; j++)
        {
            if (s[j] > tolerance)
            {
                inverse += svd.VT.Row(j).OuterProduct(svd.U.Column(j)) / s[j];
            }
        }

        return inverse;
    }
}
