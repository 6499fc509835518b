using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Results;

namespace ModelDsl.Spatial;

/// <summary>How distances between coordinates are measured.</summary>
public enum DistanceMetric
{
    /// <summary>Straight-line distance on planar x/y coordinates, in the coordinates' unit.</summary>
    Euclidean,

    /// <summary>
    /// Great-circle distance on longitude/latitude in degrees (x = longitude, y = latitude), in kilometres: the haversine
    /// formula on a sphere of the mean Earth radius 6371.0088 km.
    /// </summary>
    GreatCircle,
}

/// <summary>
/// Spatial weights W over a list of regions: a sparse, row-based (CSR) matrix whose row i holds the weights wᵢⱼ of
/// region i's neighbours j. Immutable; <see cref="RowStandardize"/> returns a new matrix.
/// </summary>
/// <remarks>
/// <para>Builders: contiguity from a list of neighbour pairs (<see cref="FromNeighbourPairs"/>, <see cref="ReadNeighbourCsv"/>;
/// the list must be symmetric, wᵢⱼ = wⱼᵢ = 1), the k nearest neighbours (<see cref="KNearest"/>; wᵢⱼ = 1 for the k closest j,
/// not symmetric in general) and inverse distance (<see cref="InverseDistance"/>; wᵢⱼ = 1/dᵢⱼ^power, within an optional cutoff).
/// spdep's correspondence: a contiguity list is an <c>nb</c> object, <c>nb2listw(nb, style = "B")</c> the binary weights,
/// <see cref="RowStandardize"/> <c>style = "W"</c>; <see cref="KNearest"/> is <c>knn2nb(knearneigh(coords, k))</c>.</para>
/// <para>A region without neighbours (an island) keeps an empty row; it is listed in <see cref="Islands"/> and a note, and
/// the autocorrelation statistics refuse weights with islands rather than let a zero row pass silently.</para>
/// </remarks>
public sealed class SpatialWeights
{
    private const double EarthRadiusKilometres = 6371.0088;

    private readonly string[] ids;
    private readonly int[] rowStart;
    private readonly int[] columns;
    private readonly double[] values;

    private SpatialWeights(string[] ids, int[] rowStart, int[] columns, double[] values, string description, bool rowStandardized, IReadOnlyList<Note> notes)
    {
        this.ids = ids;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
        Description = description;
        IsRowStandardized = rowStandardized;
        var islands = new List<string>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (rowStart[i + 1] == rowStart[i])
            {
                islands.Add(ids[i]);
            }
        }

        Islands = islands;
        var allNotes = new List<Note>(notes);
        if (islands.Count > 0 && !allNotes.Any(n => n.Message.StartsWith("Islands", StringComparison.Ordinal)))
        {
            allNotes.Add(new Note(NoteKind.Information, $"Islands (regions without neighbours, their row of W is empty): {islands.Count} ({string.Join(", ", islands.Take(10))}{(islands.Count > 10 ? ", …" : string.Empty)}).", islands.Count));
        }

        Notes = allNotes;
    }

    /// <summary>The region ids, in the order of W's rows and columns.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>The number of regions n.</summary>
    public int Count => ids.Length;

    /// <summary>The number of non-zero weights (neighbour links).</summary>
    public int LinkCount => columns.Length;

    /// <summary>How the weights were built, for tables and notes (for example "contiguity, row-standardised").</summary>
    public string Description { get; }

    /// <summary>Whether every non-empty row sums to one.</summary>
    public bool IsRowStandardized { get; }

    /// <summary>The regions without neighbours (empty rows of W).</summary>
    public IReadOnlyList<string> Islands { get; }

    /// <summary>Notes on the construction (islands, rows left empty by standardisation).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The column indices of region i's neighbours, ascending.</summary>
    /// <param name="row">The row (region index in <see cref="Ids"/>).</param>
    public ReadOnlySpan<int> Neighbours(int row) => columns.AsSpan(rowStart[row], rowStart[row + 1] - rowStart[row]);

    /// <summary>The weights wᵢⱼ of region i's neighbours, aligned with <see cref="Neighbours(int)"/>.</summary>
    /// <param name="row">The row (region index in <see cref="Ids"/>).</param>
    public ReadOnlySpan<double> Weights(int row) => values.AsSpan(rowStart[row], rowStart[row + 1] - rowStart[row]);

    /// <summary>The index of a region id in <see cref="Ids"/>.</summary>
    /// <param name="id">The region id.</param>
    /// <exception cref="ArgumentException">The id is not a region of these weights.</exception>
    public int IndexOf(string id)
    {
        var index = Array.IndexOf(ids, id);
        return index >= 0 ? index : throw new ArgumentException($"Region '{id}' is not in the spatial weights ({ids.Length} regions: {string.Join(", ", ids.Take(5))}{(ids.Length > 5 ? ", …" : string.Empty)}).", nameof(id));
    }

    /// <summary>The spatial lag Wx: (Wx)ᵢ = Σⱼ wᵢⱼ xⱼ (with row-standardised W, the neighbours' weighted mean).</summary>
    /// <param name="x">Values aligned with <see cref="Ids"/>.</param>
    /// <exception cref="ArgumentException">The length differs from the number of regions.</exception>
    public double[] Lag(ReadOnlySpan<double> x)
    {
        if (x.Length != ids.Length)
        {
            throw new ArgumentException($"The variable has {x.Length} values but the weights have {ids.Length} regions; align the values with the weights' ids.", nameof(x));
        }

        var lag = new double[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var sum = 0.0;
            for (var p = rowStart[i]; p < rowStart[i + 1]; p++)
            {
                sum += values[p] * x[columns[p]];
            }

            lag[i] = sum;
        }

        return lag;
    }

    /// <summary>Row-standardises W: wᵢⱼ / Σⱼ wᵢⱼ (spdep's <c>style = "W"</c>). Islands keep an empty row (and their note).</summary>
    public SpatialWeights RowStandardize()
    {
        var scaled = new double[values.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var sum = 0.0;
            for (var p = rowStart[i]; p < rowStart[i + 1]; p++)
            {
                sum += values[p];
            }

            for (var p = rowStart[i]; p < rowStart[i + 1]; p++)
            {
                scaled[p] = values[p] / sum;
            }
        }

        return new SpatialWeights(ids, rowStart, columns, scaled, Description + ", row-standardised", rowStandardized: true, Notes);
    }

    /// <summary>Binary contiguity weights from neighbour pairs (each link listed in both directions).</summary>
    /// <param name="regionIds">The regions, in the order the weights should have (for example the order of the cross-section).</param>
    /// <param name="pairs">The (region, neighbour) pairs; a repeated pair counts once.</param>
    /// <exception cref="ArgumentException">A duplicate or empty region id, an unknown id in a pair, a region listed as its own
    /// neighbour, or a pair whose reverse is missing (the message names the pair).</exception>
    public static SpatialWeights FromNeighbourPairs(IReadOnlyList<string> regionIds, IEnumerable<(string Region, string Neighbour)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return FromPairs(regionIds, pairs.Select((p, k) => (p.Region, p.Neighbour, $"pair {k + 1}")), "contiguity");
    }

    /// <summary>
    /// Reads binary contiguity weights from a CSV file of neighbour pairs (one link per line, in both directions), through the
    /// project's CSV reader.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="regionIds">The regions, in the order the weights should have.</param>
    /// <param name="regionColumn">The column of the region id (default "id").</param>
    /// <param name="neighbourColumn">The column of the neighbour's id (default "neighbour").</param>
    /// <exception cref="ArgumentException">A missing column, a missing cell, an unknown id (named with its file line), a
    /// self-link or an asymmetric pair (named).</exception>
    public static SpatialWeights ReadNeighbourCsv(string path, IReadOnlyList<string> regionIds, string regionColumn = "id", string neighbourColumn = "neighbour")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var table = PanelData.ReadCsv(path);
        foreach (var name in new[] { regionColumn, neighbourColumn })
        {
            if (!table.Contains(name))
            {
                throw new ArgumentException($"The neighbour file {path} has no column '{name}'; its columns are {string.Join(", ", table.ColumnNames)}.", nameof(path));
            }
        }

        var from = Labels(table, regionColumn, path);
        var to = Labels(table, neighbourColumn, path);
        var located = Enumerable.Range(0, table.RowCount).Select(r => (from[r], to[r], $"{path} line {table.SourceLine(r) ?? r + 2}"));
        return FromPairs(regionIds, located, $"contiguity ({Path.GetFileName(path)})");
    }

    /// <summary>The k-nearest-neighbour weights: wᵢⱼ = 1 for the k regions closest to i (ties broken by the lower index).</summary>
    /// <param name="regionIds">The regions.</param>
    /// <param name="x">The x coordinate (longitude in degrees for <see cref="DistanceMetric.GreatCircle"/>).</param>
    /// <param name="y">The y coordinate (latitude in degrees for <see cref="DistanceMetric.GreatCircle"/>).</param>
    /// <param name="k">The number of neighbours, 1 ≤ k &lt; n.</param>
    /// <param name="metric">Euclidean on x/y (default) or great-circle on longitude/latitude.</param>
    /// <remarks>As spdep's <c>knn2nb(knearneigh(cbind(x, y), k))</c>: not symmetric in general (j may be among i's nearest
    /// without i being among j's); the Moran and Geary moments use the general (asymmetric) S₁ and S₂.</remarks>
    /// <exception cref="ArgumentException">Lengths differ, a coordinate is missing, or k is out of range.</exception>
    public static SpatialWeights KNearest(IReadOnlyList<string> regionIds, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k, DistanceMetric metric = DistanceMetric.Euclidean)
    {
        var idArray = CheckIds(regionIds);
        var n = idArray.Length;
        var (xs, ys) = CheckCoordinates(x, y, n, metric);
        if (k < 1 || k >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k nearest neighbours needs 1 ≤ k < n = {n}.");
        }

        var rows = new List<(int, double)>[n];
        var order = new int[n - 1];
        var distance = new double[n - 1];
        for (var i = 0; i < n; i++)
        {
            var m = 0;
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    order[m] = j;
                    distance[m] = Distance(xs, ys, i, j, metric);
                    m++;
                }
            }

            var sorted = order.Zip(distance).OrderBy(t => t.Second).ThenBy(t => t.First).Take(k).Select(t => (t.First, 1.0)).ToList();
            rows[i] = sorted;
        }

        return Build(idArray, rows, $"{k} nearest neighbours ({MetricName(metric)})", []);
    }

    /// <summary>Inverse-distance weights wᵢⱼ = 1/dᵢⱼ^power for every j ≠ i (within the cutoff when one is given).</summary>
    /// <param name="regionIds">The regions.</param>
    /// <param name="x">The x coordinate (longitude in degrees for <see cref="DistanceMetric.GreatCircle"/>).</param>
    /// <param name="y">The y coordinate (latitude in degrees for <see cref="DistanceMetric.GreatCircle"/>).</param>
    /// <param name="power">The distance decay exponent (1 = inverse distance, 2 = inverse squared distance); must be positive.</param>
    /// <param name="cutoff">Only pairs with 0 &lt; dᵢⱼ ≤ cutoff are linked (spdep's <c>dnearneigh(coords, 0, cutoff)</c>); null links every pair.</param>
    /// <param name="metric">Euclidean on x/y (default, in the coordinates' unit) or great-circle on longitude/latitude (kilometres).</param>
    /// <remarks>With a cutoff a region may be left without neighbours: it is an island (listed, noted). Two regions at
    /// distance zero cannot be weighted by 1/d and are an error.</remarks>
    /// <exception cref="ArgumentException">Lengths differ, a coordinate is missing, two regions coincide, or the power or cutoff is not positive.</exception>
    public static SpatialWeights InverseDistance(IReadOnlyList<string> regionIds, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double power = 1.0, double? cutoff = null, DistanceMetric metric = DistanceMetric.Euclidean)
    {
        var idArray = CheckIds(regionIds);
        var n = idArray.Length;
        var (xs, ys) = CheckCoordinates(x, y, n, metric);
        if (!(power > 0) || double.IsInfinity(power))
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The distance decay power must be positive and finite.");
        }

        if (cutoff is { } c && !(c > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "The distance cutoff must be positive (or null for no cutoff).");
        }

        var rows = new List<(int, double)>[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = [];
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var d = Distance(xs, ys, i, j, metric);
                if (d == 0)
                {
                    throw new ArgumentException($"Regions '{idArray[i]}' and '{idArray[j]}' have the same coordinates; inverse-distance weights 1/d are undefined at d = 0.", nameof(x));
                }

                if (cutoff is null || d <= cutoff.Value)
                {
                    rows[i].Add((j, Math.Pow(d, -power)));
                }
            }
        }

        var text = FormattableString.Invariant($"inverse distance^{power} ({MetricName(metric)}{(cutoff is { } cut ? $", cutoff {cut}" : string.Empty)})");
        return Build(idArray, rows, text, []);
    }

    /// <summary>
    /// Economic-distance weights wᵢⱼ = 1/|eᵢ − eⱼ| for every j ≠ i, where e is an economic indicator of the regions (for
    /// example the mean per-capita GDP over the sample years, as the applied literature builds it).
    /// </summary>
    /// <param name="regionIds">The regions.</param>
    /// <param name="indicator">The indicator, aligned with <paramref name="regionIds"/> (average it over years first).</param>
    /// <remarks>Dense (every pair is linked); usually row-standardised afterwards. Two regions with the same indicator value
    /// cannot be weighted by 1/0 and are an error naming both.</remarks>
    /// <exception cref="ArgumentException">Lengths differ, a value is missing, or two regions have the same value.</exception>
    public static SpatialWeights EconomicDistance(IReadOnlyList<string> regionIds, ReadOnlySpan<double> indicator)
    {
        var idArray = CheckIds(regionIds);
        var n = idArray.Length;
        if (indicator.Length != n)
        {
            throw new ArgumentException($"There are {n} regions but {indicator.Length} indicator values; give one per region.", nameof(indicator));
        }

        var rows = new List<(int, double)>[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(indicator[i]))
            {
                throw new ArgumentException($"Region '{idArray[i]}' has a missing or infinite indicator value ({indicator[i]}).", nameof(indicator));
            }

            rows[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var gap = Math.Abs(indicator[i] - indicator[j]);
                if (gap == 0)
                {
                    throw new ArgumentException(FormattableString.Invariant($"Regions '{idArray[i]}' and '{idArray[j]}' have the same indicator value {indicator[i]}; economic-distance weights 1/|eᵢ − eⱼ| are undefined for equal values."), nameof(indicator));
                }

                rows[i].Add((j, 1.0 / gap));
            }
        }

        return Build(idArray, rows, "economic distance 1/|eᵢ − eⱼ|", []);
    }

    /// <summary>The distance between regions i and j under a metric (Euclidean, or great-circle kilometres).</summary>
    internal static double Distance(double[] xs, double[] ys, int i, int j, DistanceMetric metric)
    {
        if (metric == DistanceMetric.Euclidean)
        {
            var dx = xs[i] - xs[j];
            var dy = ys[i] - ys[j];
            return Math.Sqrt((dx * dx) + (dy * dy));
        }

        // haversine: stable for small distances, unlike the spherical law of cosines
        var toRadians = Math.PI / 180.0;
        var phi1 = ys[i] * toRadians;
        var phi2 = ys[j] * toRadians;
        var dPhi = phi2 - phi1;
        var dLambda = (xs[j] - xs[i]) * toRadians;
        var a = (Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2)) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2));
        return 2 * EarthRadiusKilometres * Math.Asin(Math.Min(1.0, Math.Sqrt(a)));
    }

    private static string MetricName(DistanceMetric metric) => metric == DistanceMetric.Euclidean ? "Euclidean" : "great-circle km";

    private static string[] Labels(PanelData table, string name, string path)
    {
        var column = table[name];
        var labels = new string[table.RowCount];
        for (var r = 0; r < labels.Length; r++)
        {
            if (column.IsMissing(r))
            {
                throw new ArgumentException($"The neighbour file {path} line {table.SourceLine(r) ?? r + 2}: column '{name}' is empty; every line needs a region and a neighbour.", nameof(path));
            }

            labels[r] = column switch
            {
                NumericColumn numeric => numeric.Values[r].ToString("R", CultureInfo.InvariantCulture),
                CategoricalColumn categorical => categorical[r]!,
                _ => throw new ArgumentException($"The neighbour file {path}: column '{name}' is neither numeric nor text.", nameof(path)),
            };
        }

        return labels;
    }

    private static string[] CheckIds(IReadOnlyList<string> regionIds)
    {
        ArgumentNullException.ThrowIfNull(regionIds);
        if (regionIds.Count < 2)
        {
            throw new ArgumentException($"Spatial weights need at least two regions; {regionIds.Count} given.", nameof(regionIds));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in regionIds)
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException("A region id is empty; every region needs an id.", nameof(regionIds));
            }

            if (!seen.Add(id))
            {
                throw new ArgumentException($"Region id '{id}' appears twice in the region list; ids must be unique.", nameof(regionIds));
            }
        }

        return [.. regionIds];
    }

    private static (double[] X, double[] Y) CheckCoordinates(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, DistanceMetric metric)
    {
        if (x.Length != n || y.Length != n)
        {
            throw new ArgumentException($"There are {n} regions but {x.Length} x and {y.Length} y coordinates; give one pair per region.", nameof(x));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Region {i + 1} has a missing or infinite coordinate ({x[i]}, {y[i]}); every region needs both.", nameof(x));
            }

            if (metric == DistanceMetric.GreatCircle && (Math.Abs(y[i]) > 90 || Math.Abs(x[i]) > 360))
            {
                throw new ArgumentException(FormattableString.Invariant($"Region {i + 1} has longitude {x[i]}, latitude {y[i]}: great-circle distance needs degrees (|latitude| ≤ 90); x is the longitude, y the latitude."), nameof(y));
            }
        }

        return (x.ToArray(), y.ToArray());
    }

    private static SpatialWeights FromPairs(IReadOnlyList<string> regionIds, IEnumerable<(string Region, string Neighbour, string Where)> pairs, string description)
    {
        var idArray = CheckIds(regionIds);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < idArray.Length; i++)
        {
            index[idArray[i]] = i;
        }

        var links = new Dictionary<(int, int), string>();
        foreach (var (region, neighbour, where) in pairs)
        {
            if (!index.TryGetValue(region, out var i))
            {
                throw new ArgumentException($"{where}: region '{region}' is not in the region list ({idArray.Length} regions); check the id or add the region.");
            }

            if (!index.TryGetValue(neighbour, out var j))
            {
                throw new ArgumentException($"{where}: neighbour '{neighbour}' of region '{region}' is not in the region list ({idArray.Length} regions); check the id or add the region.");
            }

            if (i == j)
            {
                throw new ArgumentException($"{where}: region '{region}' is listed as its own neighbour; W has a zero diagonal.");
            }

            links.TryAdd((i, j), where);
        }

        foreach (var ((i, j), where) in links)
        {
            if (!links.ContainsKey((j, i)))
            {
                throw new ArgumentException($"Contiguity is symmetric, but {where} links '{idArray[i]}' → '{idArray[j]}' and no line links '{idArray[j]}' → '{idArray[i]}'; list every link in both directions.");
            }
        }

        var rows = new List<(int, double)>[idArray.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = [];
        }

        foreach (var (i, j) in links.Keys)
        {
            rows[i].Add((j, 1.0));
        }

        return Build(idArray, rows, description, []);
    }

    private static SpatialWeights Build(string[] idArray, List<(int Column, double Weight)>[] rows, string description, IReadOnlyList<Note> notes)
    {
        var start = new int[idArray.Length + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            start[i + 1] = start[i] + rows[i].Count;
        }

        var cols = new int[start[^1]];
        var vals = new double[start[^1]];
        for (var i = 0; i < rows.Length; i++)
        {
            var p = start[i];
            foreach (var (column, weight) in rows[i].OrderBy(t => t.Column))
            {
                cols[p] = column;
                vals[p] = weight;
                p++;
            }
        }

        return new SpatialWeights(idArray, start, cols, vals, description, rowStandardized: false, notes);
    }
}
