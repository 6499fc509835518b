namespace ModelDsl.Causal;

/// <summary>The outcome of a linear program in standard form.</summary>
/// <param name="Status">Whether an optimum was found.</param>
/// <param name="Objective">The optimal value of c'x (NaN unless optimal).</param>
/// <param name="Solution">The optimal vertex x (empty unless optimal).</param>
internal readonly record struct LinearProgramSolution(LinearProgramStatus Status, double Objective, double[] Solution)
{
    public bool IsOptimal => Status == LinearProgramStatus.Optimal;
}

/// <summary>How a linear program ended.</summary>
internal enum LinearProgramStatus
{
    Optimal,
    Infeasible,
    Unbounded,
    IterationLimit,
}

/// <summary>
/// A dense two-phase primal simplex for small linear programs in standard form: maximise c'x subject to
/// A x = b, x ≥ 0 (A is m × n, m and n up to a few dozen in the HonestDiD moment problems).
/// </summary>
/// <remarks>
/// Phase I minimises the sum of artificial variables from the slack basis of the rows signed so that b ≥ 0; an
/// artificial still basic at zero afterwards is pivoted out on any non-zero structural entry of its row, or the
/// row is redundant and stays inert. Phase II maximises c'x. Both phases use Bland's rule (smallest entering index
/// with a positive reduced cost, smallest basic index among tied ratios), which cannot cycle on the degenerate
/// vertices the ARP dual programs have (Bland 1977, <i>Math. Oper. Res.</i> 2(2)). Tolerances are relative to the
/// largest entry of the problem. The solution returned is a vertex (a basic feasible solution), which the ARP
/// conditional test needs: its positive entries name the binding moments.
/// </remarks>
internal static class HonestDidLinearProgram
{
    /// <summary>Maximises c'x subject to A x = b, x ≥ 0.</summary>
    /// <param name="c">Objective, length n.</param>
    /// <param name="a">Constraint matrix, m × n.</param>
    /// <param name="b">Right-hand side, length m.</param>
    public static LinearProgramSolution Maximize(ReadOnlySpan<double> c, double[,] a, ReadOnlySpan<double> b)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var scale = 0.0;
        foreach (var v in a)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        var tol = 1e-11 * Math.Max(1, scale);

        // Tableau: m rows over n structural + m artificial columns, then the right-hand side.
        int width = n + m + 1, rhs = n + m;
        var t = new double[m, width];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            var sign = b[i] < 0 ? -1.0 : 1.0;
            for (var j = 0; j < n; j++)
            {
                t[i, j] = sign * a[i, j];
            }

            t[i, n + i] = 1;
            t[i, rhs] = sign * b[i];
            basis[i] = n + i;
        }

        // Phase I: maximise −Σ artificials.
        var cost = new double[n + m];
        for (var i = 0; i < m; i++)
        {
            cost[n + i] = -1;
        }

        var limit = 50 * (n + m + 10);
        var status = Iterate(t, basis, cost, n + m, tol, limit);
        if (status != LinearProgramStatus.Optimal)
        {
            return new(status == LinearProgramStatus.Unbounded ? LinearProgramStatus.Infeasible : status, double.NaN, []);
        }

        var infeasibility = 0.0;
        for (var i = 0; i < m; i++)
        {
            if (basis[i] >= n)
            {
                infeasibility += t[i, rhs];
            }
        }

        var bScale = 0.0;
        foreach (var v in b)
        {
            bScale = Math.Max(bScale, Math.Abs(v));
        }

        if (infeasibility > 1e-9 * Math.Max(1, bScale))
        {
            return new(LinearProgramStatus.Infeasible, double.NaN, []);
        }

        // Drive artificials at zero out of the basis where the row has a structural entry.
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(t[i, j]) > tol)
                {
                    Pivot(t, basis, i, j);
                    break;
                }
            }
        }

        // Phase II on the structural columns only (artificials never re-enter).
        var phaseTwo = new double[n + m];
        for (var j = 0; j < n; j++)
        {
            phaseTwo[j] = c[j];
        }

        status = Iterate(t, basis, phaseTwo, n, tol, limit);
        if (status != LinearProgramStatus.Optimal)
        {
            return new(status, double.NaN, []);
        }

        var x = new double[n];
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                x[basis[i]] = Math.Max(0, t[i, rhs]);
            }
        }

        var objective = 0.0;
        for (var j = 0; j < n; j++)
        {
            objective += c[j] * x[j];
        }

        return new(LinearProgramStatus.Optimal, objective, x);
    }

    // Primal simplex iterations maximising cost'x over the columns below `enterable`; Bland's rule.
    private static LinearProgramStatus Iterate(double[,] t, int[] basis, double[] cost, int enterable, double tol, int limit)
    {
        int m = t.GetLength(0), rhs = t.GetLength(1) - 1;
        for (var iteration = 0; iteration < limit; iteration++)
        {
            var entering = -1;
            for (var j = 0; j < enterable; j++)
            {
                // Reduced cost c_j − c_B' B⁻¹ A_j, read off the tableau.
                var reduced = cost[j];
                for (var i = 0; i < m; i++)
                {
                    reduced -= cost[basis[i]] * t[i, j];
                }

                if (reduced > tol)
                {
                    entering = j;
                    break;
                }
            }

            if (entering < 0)
            {
                return LinearProgramStatus.Optimal;
            }

            var leaving = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                if (t[i, entering] > tol)
                {
                    var ratio = t[i, rhs] / t[i, entering];
                    if (ratio < best - 1e-13 || (ratio <= best + 1e-13 && leaving >= 0 && basis[i] < basis[leaving]))
                    {
                        best = Math.Min(best, ratio);
                        leaving = i;
                    }
                }
            }

            if (leaving < 0)
            {
                return LinearProgramStatus.Unbounded;
            }

            Pivot(t, basis, leaving, entering);
        }

        return LinearProgramStatus.IterationLimit;
    }

    private static void Pivot(double[,] t, int[] basis, int row, int column)
    {
        int m = t.GetLength(0), width = t.GetLength(1);
        var p = t[row, column];
        for (var j = 0; j < width; j++)
        {
            t[row, j] /= p;
        }

        for (var i = 0; i < m; i++)
        {
            if (i == row)
            {
                continue;
            }

            var f = t[i, column];
            if (f != 0)
            {
                for (var j = 0; j < width; j++)
                {
                    t[i, j] -= f * t[row, j];
                }
            }
        }

        basis[row] = column;
    }
}
