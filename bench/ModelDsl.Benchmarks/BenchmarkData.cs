using ModelDsl.Data;

namespace ModelDsl.Benchmarks;

/// <summary>The synthetic panel of the performance issue, deterministic by seed.</summary>
/// <remarks>
/// Unbalanced panel, T = 20, about 15 % of unit-periods missing at random; α_i ~ N(0,1), γ_t ~ N(0,0.5²),
/// ψ_f ~ N(0,0.5²) over <c>firms</c> firms, a unit starting at a random firm and moving with probability
/// <c>mobility</c> each period; x1 = 0.3α + N(0,1), x2 = −0.4γ + N(0,1); 30 % never treated, otherwise a cohort
/// uniform on 5…16, treat = 1{t ≥ cohort}, rel_time = t − cohort;
/// y = 0.5·x1 − 0.3·x2 + α + γ + ψ + 0.2·treat + N(0,1); ybin ~ Bernoulli(logistic(−0.5 + 0.5x1 − 0.3x2 + 0.5α + 0.3γ)).
/// </remarks>
internal sealed record BenchmarkData(PanelData Panel, long Bytes)
{
    public const int Periods = 20;

    /// <param name="targetRows">About how many rows to generate.</param>
    /// <param name="difficult">A weakly connected worker–firm graph (50,000 firms, 1 % mobility).</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="balanced">Keep every unit-period (no 15 % missing at random): the balanced panel that Callaway–Sant'Anna needs.</param>
    public static BenchmarkData Generate(int targetRows, bool difficult, int seed = 20261124, bool balanced = false)
    {
        var firms = difficult ? 50_000 : 1_000;
        var mobility = difficult ? 0.01 : 0.10;
        var random = new Random(seed);
        var units = (int)Math.Ceiling(targetRows / (Periods * (balanced ? 1.0 : 0.85)));

        var gamma = new double[Periods];
        for (var t = 0; t < Periods; t++)
        {
            gamma[t] = 0.5 * Normal(random);
        }

        var psi = new double[firms];
        for (var f = 0; f < firms; f++)
        {
            psi[f] = 0.5 * Normal(random);
        }

        // Arrays sized for the worst case and trimmed once at the end keep the generator's peak memory
        // close to the data's own size, so the benchmark's peak working set is about the estimator.
        var capacity = units * Periods;
        var unit = new int[capacity];
        var time = new int[capacity];
        var firm = new int[capacity];
        var x1 = new double[capacity];
        var x2 = new double[capacity];
        var y = new double[capacity];
        var ybin = new double[capacity];
        var treat = new double[capacity];
        var relTime = new double[capacity];
        var cohortColumn = new double[capacity];
        var rows = 0;
        for (var i = 0; i < units; i++)
        {
            var alpha = Normal(random);
            var currentFirm = random.Next(firms);
            var cohort = random.NextDouble() < 0.30 ? 0 : 5 + random.Next(12);
            for (var t = 1; t <= Periods; t++)
            {
                if (t > 1 && random.NextDouble() < mobility)
                {
                    currentFirm = random.Next(firms);
                }

                if (random.NextDouble() < 0.15 && !balanced)
                {
                    continue;
                }

                var g = gamma[t - 1];
                var v1 = (0.3 * alpha) + Normal(random);
                var v2 = (-0.4 * g) + Normal(random);
                var d = cohort > 0 && t >= cohort ? 1.0 : 0.0;
                unit[rows] = i;
                time[rows] = t - 1;
                firm[rows] = currentFirm;
                x1[rows] = v1;
                x2[rows] = v2;
                treat[rows] = d;
                cohortColumn[rows] = cohort;
                relTime[rows] = cohort > 0 ? t - cohort : double.NaN;
                y[rows] = (0.5 * v1) - (0.3 * v2) + alpha + g + psi[currentFirm] + (0.2 * d) + Normal(random);
                var eta = -0.5 + (0.5 * v1) - (0.3 * v2) + (0.5 * alpha) + (0.3 * g);
                ybin[rows] = random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1.0 : 0.0;
                rows++;
            }
        }

        var columns = new Column[]
        {
            Codes("unit", Trim(unit, rows), units),
            Codes("time", Trim(time, rows), Periods, offset: 1),
            Codes("firm", Trim(firm, rows), firms),
            Numbers("y", y, rows),
            Numbers("ybin", ybin, rows),
            Numbers("x1", x1, rows),
            Numbers("x2", x2, rows),
            Numbers("treat", treat, rows),
            Numbers("cohort", cohortColumn, rows),
            Numbers("rel_time", relTime, rows),
        };
        var bytes = (7L * 8 * rows) + (3L * 4 * rows);
        return new BenchmarkData(new PanelData(columns, "unit", "time"), bytes);
    }

    private static T[] Trim<T>(T[] values, int rows)
    {
        Array.Resize(ref values, rows);
        return values;
    }

    private static NumericColumn Numbers(string name, double[] values, int rows)
        => NumericColumn.FromOwnedArray(name, Trim(values, rows));

    private static CategoricalColumn Codes(string name, int[] codes, int levels, int offset = 0)
    {
        var labels = new string[levels];
        var numeric = new double[levels];
        for (var l = 0; l < levels; l++)
        {
            labels[l] = (l + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
            numeric[l] = l + offset;
        }

        return CategoricalColumn.FromOwnedCodes(name, codes, labels, numeric);
    }

    private static double Normal(Random random)
    {
        // Box–Muller: one draw per call keeps the sequence simple to reproduce.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
