using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>The computations behind <see cref="InstrumentDiagnostics.Compute"/> (formulas in its remarks).</summary>
internal static class InstrumentDiagnosticsCalculator
{
    internal static InstrumentDiagnostics Compute(InstrumentDiagnosticsInput input)
    {
        var d = new DiagnosticKernels(input);
        var endogenous = Names(input.EndogenousNames, d.K1, "x", nameof(input.EndogenousNames));
        var instruments = Names(input.InstrumentNames, d.L1, "z", nameof(input.InstrumentNames));
        var notes = new List<Note>();
        if (d.IsCluster && d.Clusters < 42)
        {
            notes.Add(new Note(NoteKind.FewClusters, $"Only {d.Clusters} clusters: cluster-robust diagnostics over-reject with fewer than 42 clusters.", d.Clusters));
        }

        var firstStages = FirstStages(d, endogenous, instruments);
        var (anderson, craggDonald, kpLm, kpWald) = Identification(d);
        var arNull = input.AndersonRubinNull ?? new double[d.K1];
        if (arNull.Count != d.K1)
        {
            throw new ArgumentException($"AndersonRubinNull has {arNull.Count} values for {d.K1} endogenous regressor(s); pass one per regressor.");
        }

        var ar = d.Wald(d.Z1p, d.Yp - (d.X1p * Vector<double>.Build.DenseOfEnumerable(arNull)), d.L1);
        var arF = DiagnosticTest.FTest("Anderson-Rubin Wald test (F)", ar.F, d.L1, ar.DenominatorDegreesOfFreedom);
        var arChi = DiagnosticTest.ChiSquared("Anderson-Rubin Wald test (chi2)", ar.ChiSquare, d.L1);
        AndersonRubinConfidenceSet? set = null;
        string? setReason = null;
        if (d.K1 == 1)
        {
            set = ConfidenceSet(d, firstStages[0].F.Statistic, input.ConfidenceLevel);
        }
        else
        {
            setReason = $"the confidence set is computed for one endogenous regressor; the model has {d.K1}";
        }

        var tested = (input.EndogeneityTested ?? Enumerable.Range(0, d.K1).ToArray()).ToArray();
        if (tested.Length == 0 || tested.Any(t => t < 0 || t >= d.K1) || tested.Distinct().Count() != tested.Length)
        {
            throw new ArgumentException($"EndogeneityTested holds [{string.Join(", ", tested)}]; expected distinct indices in 0…{d.K1 - 1}.");
        }

        var full = new FullModel(d);
        var overid = Overidentification(d, full);
        var (c, durbin, wuHausman) = Endogeneity(d, full, tested);

        return new InstrumentDiagnostics(
            d.N,
            d.Variance.ToString(),
            d.IsCluster ? d.Clusters : null,
            d.Absorbed,
            endogenous,
            instruments,
            firstStages,
            anderson,
            kpLm,
            craggDonald,
            kpWald,
            StockYogoCriticalValues.For(d.K1, d.L1),
            arNull.ToArray(),
            arF,
            arChi,
            set,
            setReason,
            overid,
            tested.Select(t => endogenous[t]).ToArray(),
            c,
            durbin,
            wuHausman,
            notes,
            d.IsUnadjusted);
    }

    private static string[] Names(IReadOnlyList<string>? names, int count, string prefix, string parameter)
    {
        if (names is null)
        {
            return Enumerable.Range(1, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        if (names.Count != count)
        {
            throw new ArgumentException($"{parameter} has {names.Count} names for {count} columns; pass one name per column.");
        }

        return names.ToArray();
    }

    private static List<FirstStageDiagnostics> FirstStages(DiagnosticKernels d, string[] endogenous, string[] instruments)
    {
        var result = new List<FirstStageDiagnostics>();
        var pi = d.Coefficients(d.Z1p, d.X1p);
        var fitted = d.Z1p * pi;
        var conditionalDf = d.L1 - d.K1 + 1;
        for (var j = 0; j < d.K1; j++)
        {
            var wald = d.Wald(d.Z1p, d.X1p.Column(j), d.L1);
            var coefficients = instruments.Select((name, m) => new FirstStageCoefficient(name, wald.Coefficients[m], Math.Sqrt(wald.Covariance[m, m]))).ToArray();
            var fUnadjusted = DiagnosticTest.FTest("First-stage F (unadjusted)", wald.ClassicalChiSquare * (d.N - d.LFull - d.DofMinus) / d.Nd / d.L1, d.L1, d.N - d.LFull - d.DofMinus);
            var f = DiagnosticTest.FTest("First-stage F", wald.F, d.L1, wald.DenominatorDegreesOfFreedom);
            ExcludedWald sw, ap;
            if (d.K1 == 1)
            {
                sw = ap = wald;
            }
            else
            {
                var others = Enumerable.Range(0, d.K1).Where(o => o != j).ToArray();
                var fittedOthers = Columns(fitted, others);
                var delta = d.Coefficients(fittedOthers, d.X1p.Column(j).ToColumnMatrix()).Column(0);
                var x = d.X1p.Column(j);
                ap = d.Wald(d.Z1p, x - (fittedOthers * delta), conditionalDf);
                sw = d.Wald(d.Z1p, x - (Columns(d.X1p, others) * delta), conditionalDf);
            }

            result.Add(new FirstStageDiagnostics(
                endogenous[j],
                coefficients,
                wald.PartialRSquared,
                fUnadjusted,
                f,
                DiagnosticTest.FTest("Sanderson-Windmeijer F", sw.F, conditionalDf, sw.DenominatorDegreesOfFreedom),
                DiagnosticTest.ChiSquared("Sanderson-Windmeijer chi2", sw.ChiSquare, conditionalDf),
                DiagnosticTest.FTest("Angrist-Pischke F", ap.F, conditionalDf, ap.DenominatorDegreesOfFreedom),
                DiagnosticTest.ChiSquared("Angrist-Pischke chi2", ap.ChiSquare, conditionalDf),
                sw.PartialRSquared,
                ap.PartialRSquared));
        }

        return result;
    }

    private static Matrix<double> Columns(Matrix<double> m, int[] columns)
    {
        var result = Matrix<double>.Build.Dense(m.RowCount, columns.Length);
        for (var c = 0; c < columns.Length; c++)
        {
            result.SetColumn(c, m.Column(columns[c]));
        }

        return result;
    }

    /// <summary>Anderson LM, Cragg–Donald F, Kleibergen–Paap rk LM and rk Wald F (ranktest's computation).</summary>
    private static (DiagnosticTest Anderson, DiagnosticTest CraggDonald, DiagnosticTest KpLm, DiagnosticTest KpWald) Identification(DiagnosticKernels d)
    {
        var n = (double)d.N;
        var qzz = d.Azz / n;
        var qzy = d.Cross(d.Z1p, d.X1p) / n;
        var qyy = d.Cross(d.X1p, d.X1p) / n;

        // Upper Cholesky factors R (A = R'R) and their inverses; Θ = R_zz Π̂ R_yy⁻¹ has the canonical correlations as singular values.
        var rzz = qzz.Cholesky().Factor.Transpose();
        var ryy = qyy.Cholesky().Factor.Transpose();
        var irzz = rzz.Inverse();
        var iryy = ryy.Inverse();
        var pihat = qzz.Cholesky().Solve(qzy);
        var theta = rzz * pihat * iryy;
        var svd = theta.Svd(true);
        var smallest = svd.S.Minimum();
        var lambda = smallest * smallest;
        var underDf = d.L1 - d.K1 + 1;
        var anderson = DiagnosticTest.ChiSquared("Anderson canon. corr. LM statistic", d.Nd * lambda, underDf);
        var craggDonald = DiagnosticTest.Tabulated("Cragg-Donald Wald F statistic", lambda / (1 - lambda) * (d.N - d.LFull - d.DofMinus) / d.L1);

        Matrix<double> Omega(Matrix<double> v)
        {
            if (d.IsUnadjusted)
            {
                // Homoskedastic Ω = (V'WV/N) ⊗ Q_zz: the rk statistics reduce to Anderson's LM and the Cragg–Donald F.
                return d.Cross(v, v).Divide(n).KroneckerProduct(qzz);
            }

            var scores = Matrix<double>.Build.Dense(d.N, d.K1 * d.L1);
            for (var j = 0; j < d.K1; j++)
            {
                for (var m = 0; m < d.L1; m++)
                {
                    scores.SetColumn((j * d.L1) + m, v.Column(j).PointwiseMultiply(d.Z1p.Column(m)).PointwiseMultiply(d.W));
                }
            }

            var meat = d.Meat(scores) / n;
            return (meat + meat.Transpose()) / 2;
        }

        var lm = RankStatistic(svd, theta, iryy, irzz, Omega(d.X1p), d.K1, d.L1, n);
        var wald = RankStatistic(svd, theta, iryy, irzz, Omega(d.X1p - (d.Z1p * pihat)), d.K1, d.L1, n);
        var lmStatistic = d.IsCluster ? lm : lm / n * d.Nd;
        var kpLm = DiagnosticTest.ChiSquared("Kleibergen-Paap rk LM statistic", lmStatistic, underDf);
        var kpF = wald * d.FScale() * (d.IsCluster ? 1 : d.Nd / n) / d.L1;
        var kpWald = DiagnosticTest.Tabulated("Kleibergen-Paap rk Wald F statistic", kpF);
        return (anderson, craggDonald, kpLm, kpWald);
    }

    /// <summary>
    /// The Kleibergen–Paap rk χ² of rank k₁ − 1 against full rank (ranktest, one equation): N λ̂' V̂_λ⁻¹ λ̂ with
    /// λ̂ = (B_q ⊗ A_q') vec Θ and V̂_λ its variance from Ω transformed by (R_yy⁻¹' ⊗ R_zz⁻¹').
    /// </summary>
    private static double RankStatistic(MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> svd, Matrix<double> theta, Matrix<double> iryy, Matrix<double> irzz, Matrix<double> omega, int k1, int l1, double n)
    {
        var transform = iryy.Transpose().KroneckerProduct(irzz.Transpose());
        var kpvar = transform * omega * transform.Transpose();
        kpvar = (kpvar + kpvar.Transpose()) / 2;
        var u = svd.U;
        var v = svd.VT.Transpose();
        var kk = k1 - 1;
        var u12 = u.SubMatrix(0, kk, kk, l1 - kk);
        var u22 = u.SubMatrix(kk, l1 - kk, kk, l1 - kk);
        var v12 = v.SubMatrix(0, kk, kk, k1 - kk);
        var v22 = v.SubMatrix(kk, k1 - kk, kk, k1 - kk);
        var u22Half = DiagnosticKernels.SymmetricSqrt(u22 * u22.Transpose());
        var v22Half = DiagnosticKernels.SymmetricSqrt(v22 * v22.Transpose());
        var uStack = u12.Stack(u22);
        var vStack = v12.Stack(v22);
        var aq = uStack * u22.Inverse() * u22Half;
        var bq = v22Half * v22.Transpose().Inverse() * vStack.Transpose();
        var kron = bq.KroneckerProduct(aq.Transpose());
        var vec = Vector<double>.Build.DenseOfArray(theta.ToColumnMajorArray());
        var lab = kron * vec;
        var vlab = kron * kpvar * kron.Transpose();
        vlab = (vlab + vlab.Transpose()) / 2;
        return n * DiagnosticKernels.Quadratic(lab, vlab);
    }

    /// <summary>
    /// The AR confidence set for k₁ = 1. The AR F at β is quadratic in β in every piece (coefficients, residuals,
    /// scores), so the cross meats are computed once and each evaluation costs O(l₁³), not O(n).
    /// </summary>
    private static AndersonRubinConfidenceSet ConfidenceSet(DiagnosticKernels d, double firstStageF, double level)
    {
        var x = d.X1p.Column(0);
        var z = d.Z1p;
        var aInverse = DiagnosticKernels.SymmetricInverse(d.Azz);
        var ay = aInverse * d.Cross(z, d.Yp.ToColumnMatrix()).Column(0);
        var ax = aInverse * d.Cross(z, x.ToColumnMatrix()).Column(0);
        var ry = d.Yp - (z * ay);
        var rx = x - (z * ax);
        var wyy = ry.PointwiseMultiply(ry).DotProduct(d.W);
        var wxy = ry.PointwiseMultiply(rx).DotProduct(d.W);
        var wxx = rx.PointwiseMultiply(rx).DotProduct(d.W);
        Matrix<double>? myy = null, mxy = null, mxx = null;
        if (!d.IsUnadjusted)
        {
            var meat = d.Meat(d.Scores(z, ry).Append(d.Scores(z, rx)));
            myy = meat.SubMatrix(0, d.L1, 0, d.L1);
            mxy = meat.SubMatrix(0, d.L1, d.L1, d.L1);
            mxx = meat.SubMatrix(d.L1, d.L1, d.L1, d.L1);
        }

        var scale = d.FScale();
        double F(double beta)
        {
            var a = ay - (beta * ax);
            Matrix<double> variance;
            if (d.IsUnadjusted)
            {
                var rss = wyy - (2 * beta * wxy) + (beta * beta * wxx);
                variance = aInverse * (rss / d.Nd);
            }
            else
            {
                var meat = myy! - (beta * (mxy! + mxy!.Transpose())) + (beta * beta * mxx!);
                variance = aInverse * meat * aInverse;
                variance = (variance + variance.Transpose()) / 2;
                if (!d.IsCluster)
                {
                    variance *= d.N / d.Nd;
                }
            }

            return DiagnosticKernels.Quadratic(a, variance) * scale / d.L1;
        }

        // Center and scale of the tan map: the 2SLS estimate and its homoskedastic standard error.
        var xhat = z * ax;
        var xhatWx = xhat.PointwiseMultiply(x).DotProduct(d.W);
        var b2sls = xhat.PointwiseMultiply(d.Yp).DotProduct(d.W) / xhatWx;
        var u = d.Yp - (b2sls * x);
        var se = Math.Sqrt(u.PointwiseMultiply(u).DotProduct(d.W) / d.Nd * xhat.PointwiseMultiply(xhat).DotProduct(d.W)) / Math.Abs(xhatWx);
        var critical = FisherSnedecor.InvCDF(d.L1, d.FDenominator, level);
        return AndersonRubinConfidenceSet.Invert(F, firstStageF, b2sls, double.IsFinite(se) && se > 0 ? se : 1, level, critical);
    }

    /// <summary>The full (unpartialled) model: X = [X₁ X₂], Z = [Z₁ X₂], and its 2SLS fit.</summary>
    private sealed class FullModel
    {
        internal FullModel(DiagnosticKernels d)
        {
            X = d.X1.Append(d.X2);
            Z = d.Z1.Append(d.X2);
            Residuals = TwoStageResiduals(d, X, Z);
        }

        internal Matrix<double> X { get; }

        internal Matrix<double> Z { get; }

        internal Vector<double> Residuals { get; }
    }

    internal static Vector<double> TwoStageResiduals(DiagnosticKernels d, Matrix<double> x, Matrix<double> z)
    {
        var xhat = z * d.Coefficients(z, x);
        var beta = DiagnosticKernels.SymmetricInverse(d.Cross(xhat, x)) * d.Cross(xhat, d.Y.ToColumnMatrix()).Column(0);
        return d.Y - (x * beta);
    }

    /// <summary>Ω of the moment conditions from residuals e: σ²Z'WZ/N (σ² = e'We/(N − dofminus)), or the meat over N − dofminus (robust, HAC) or N (cluster).</summary>
    internal static Matrix<double> MomentCovariance(DiagnosticKernels d, Matrix<double> z, Vector<double> e, bool unadjusted)
    {
        if (unadjusted)
        {
            var sigma2 = e.PointwiseMultiply(e).DotProduct(d.W) / d.Nd;
            return d.Cross(z, z) * (sigma2 / d.N);
        }

        var meat = d.Meat(d.Scores(z, e)) / (d.IsCluster ? d.N : d.Nd);
        return (meat + meat.Transpose()) / 2;
    }

    /// <summary>Hansen's J at the two-step GMM estimate with weight Ω⁻¹: N ḡ'Ω⁻¹ḡ, ḡ = Z'We/N.</summary>
    internal static double JStatistic(DiagnosticKernels d, Matrix<double> z, Matrix<double> x, Matrix<double> omega)
    {
        var n = (double)d.N;
        var omegaInverse = DiagnosticKernels.SymmetricInverse(omega);
        var qxz = d.Cross(x, z) / n;
        var qzy = d.Cross(z, d.Y.ToColumnMatrix()).Column(0) / n;
        var m = qxz * omegaInverse * qxz.Transpose();
        var beta = DiagnosticKernels.SymmetricInverse((m + m.Transpose()) / 2) * (qxz * omegaInverse * qzy);
        var e = d.Y - (x * beta);
        var g = d.Cross(z, e.ToColumnMatrix()).Column(0) / n;
        return n * g.DotProduct(omegaInverse * g);
    }

    private static DiagnosticTest Overidentification(DiagnosticKernels d, FullModel full)
    {
        var name = d.IsUnadjusted ? "Sargan statistic" : "Hansen J statistic";
        var df = d.L1 - d.K1;
        if (df == 0)
        {
            return DiagnosticTest.Inapplicable(name, "the equation is exactly identified (as many excluded instruments as endogenous regressors): no overidentifying restrictions to test");
        }

        if (d.IsUnadjusted)
        {
            var e = full.Residuals;
            var ze = d.Cross(full.Z, e.ToColumnMatrix()).Column(0);
            var sigma2 = e.PointwiseMultiply(e).DotProduct(d.W) / d.Nd;
            return DiagnosticTest.ChiSquared(name, ze.DotProduct(DiagnosticKernels.SymmetricInverse(d.Cross(full.Z, full.Z)) * ze) / sigma2, df);
        }

        var omega = MomentCovariance(d, full.Z, full.Residuals, unadjusted: false);
        if (DiagnosticKernels.Rank(omega) < full.Z.ColumnCount)
        {
            return DiagnosticTest.Inapplicable(name, $"the moment covariance is singular (rank {DiagnosticKernels.Rank(omega)} of {full.Z.ColumnCount} instruments), as with fewer clusters than instruments");
        }

        return DiagnosticTest.ChiSquared(name, JStatistic(d, full.Z, full.X, omega), df);
    }

    private static (DiagnosticTest C, DiagnosticTest Durbin, DiagnosticTest WuHausman) Endogeneity(DiagnosticKernels d, FullModel full, int[] tested)
    {
        var q = tested.Length;
        var testedColumns = Columns(d.X1, tested);
        var zr = full.Z.Append(testedColumns);
        const string cName = "Endogeneity test (C statistic)";
        DiagnosticTest c;
        if (DiagnosticKernels.Rank(d.Cross(zr, zr)) < zr.ColumnCount)
        {
            c = DiagnosticTest.Inapplicable(cName, "a tested regressor is collinear with the instruments");
        }
        else
        {
            var er = TwoStageResiduals(d, full.X, zr);
            var omegaR = MomentCovariance(d, zr, er, d.IsUnadjusted);
            if (DiagnosticKernels.Rank(omegaR) < zr.ColumnCount)
            {
                c = DiagnosticTest.Inapplicable(cName, $"the moment covariance is singular (rank {DiagnosticKernels.Rank(omegaR)} of {zr.ColumnCount}), as with fewer clusters than instruments");
            }
            else
            {
                var jr = JStatistic(d, zr, full.X, omegaR);
                var jf = JStatistic(d, full.Z, full.X, omegaR.SubMatrix(0, full.Z.ColumnCount, 0, full.Z.ColumnCount));
                c = DiagnosticTest.ChiSquared(cName, jr - jf, q);
            }
        }

        // Control function: y on [X, V̂] against y on X (homoskedastic Durbin and Wu–Hausman).
        var rssOls = Rss(d, d.Residuals(full.X, d.Y.ToColumnMatrix()).Column(0));
        var vhat = d.Residuals(full.Z, testedColumns);
        var rssAug = Rss(d, d.Residuals(full.X.Append(vhat), d.Y.ToColumnMatrix()).Column(0));
        var durbin = DiagnosticTest.ChiSquared("Durbin (score) chi2", d.N * (rssOls - rssAug) / rssOls, q);
        var df2 = d.N - full.X.ColumnCount - q - d.Absorbed;
        var wuHausman = DiagnosticTest.FTest("Wu-Hausman F", (rssOls - rssAug) / q / (rssAug / df2), q, df2);
        return (c, durbin, wuHausman);
    }

    private static double Rss(DiagnosticKernels d, Vector<double> e) => e.PointwiseMultiply(e).DotProduct(d.W);
}
