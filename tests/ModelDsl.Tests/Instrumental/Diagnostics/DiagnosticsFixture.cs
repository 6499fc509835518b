using System.Globalization;

using ModelDsl.Instrumental.Diagnostics;

namespace ModelDsl.Tests.Instrumental.Diagnostics;

/// <summary>Reads the reference CSVs of the IV diagnostics and builds inputs from named columns.</summary>
internal sealed class DiagnosticsFixture
{
    private readonly Dictionary<string, double[]> columns;

    private DiagnosticsFixture(Dictionary<string, double[]> columns, int rows)
    {
        this.columns = columns;
        Rows = rows;
    }

    internal int Rows { get; }

    internal static DiagnosticsFixture Load(string folder, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", folder, file);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var j = 0; j < header.Length; j++)
        {
            if (double.TryParse(cells[0][j], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                columns[header[j]] = cells.Select(r => double.Parse(r[j], CultureInfo.InvariantCulture)).ToArray();
            }
        }

        return new DiagnosticsFixture(columns, cells.Length);
    }

    internal double[] Column(string name) => name == "1" ? Enumerable.Repeat(1.0, Rows).ToArray() : columns[name];

    internal double[,] Matrix(params string[] names)
    {
        var m = new double[Rows, names.Length];
        for (var j = 0; j < names.Length; j++)
        {
            var c = Column(names[j]);
            for (var i = 0; i < Rows; i++)
            {
                m[i, j] = c[i];
            }
        }

        return m;
    }

    internal InstrumentDiagnosticsInput Input(string y, string[] endogenous, string[] exogenous, string[] instruments) => new()
    {
        Outcome = Column(y),
        Endogenous = Matrix(endogenous),
        Exogenous = Matrix(exogenous),
        ExcludedInstruments = Matrix(instruments),
        EndogenousNames = endogenous,
        InstrumentNames = instruments,
    };

    /// <summary>Asserts the relative error |actual − expected|/|expected| is at most <paramref name="tolerance"/>.</summary>
    internal static void Close(double expected, double actual, double tolerance, string what)
    {
        var error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2} > {tolerance:E0})");
    }
}
