// Generates every example dataset in data/ (all values SYNTHETIC). Run from the repository root:
//     dotnet run data/generate.cs
// Self-contained (no reference to src/): its own xoshiro256** generator seeded by SplitMix64, one stream per
// dataset, numbers written with fixed invariant formats, so the files are the same on every machine and .NET version.
// The data-generating processes and the true effects are documented in data/README.md; realised truths are written
// to data/truth.json.
using System.Globalization;
using System.Text;
using System.Text.Json;

var folder = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Path.Combine(Directory.GetCurrentDirectory(), "data");
var truth = new SortedDictionary<string, object>(StringComparer.Ordinal);
Digital.Write(folder, truth);
Virtual.Write(folder, truth);
Cities.Write(folder, truth);
Documents.Write(folder, truth);
Common.WriteJson(Path.Combine(folder, "truth.json"), truth);
Console.WriteLine($"Wrote the synthetic datasets to {folder}");

/// <summary>xoshiro256** (Blackman and Vigna 2018) seeded with SplitMix64; integer arithmetic only, so the stream is bit-stable.</summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong Next()
    {
        var result = Rotl(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = Rotl(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1).</summary>
    public double OpenUniform()
    {
        double u;
        do
        {
            u = Uniform();
        }
        while (u == 0.0);
        return u;
    }

    /// <summary>A standard normal draw (Marsaglia's polar method; one value per call).</summary>
    public double Normal()
    {
        while (true)
        {
            var u = (2.0 * Uniform()) - 1.0;
            var v = (2.0 * Uniform()) - 1.0;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>A standard logistic draw.</summary>
    public double Logistic()
    {
        var u = OpenUniform();
        return Math.Log(u / (1 - u));
    }

    /// <summary>An integer in [0, n).</summary>
    public int Below(int n) => (int)(Uniform() * n);

    /// <summary>A random permutation of 0..n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>A CSV writer with fixed invariant formats and "\n" line ends; NaN is written as an empty cell.</summary>
internal sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv(params string[] header) => _text.Append(string.Join(",", header)).Append('\n');

    public void Row(params object[] cells)
    {
        _text.Append(string.Join(",", cells.Select(Format))).Append('\n');
    }

    public void Save(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(false));

    public static string F(double value, int decimals)
        => double.IsNaN(value) ? string.Empty : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Format(object cell) => cell switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Format numbers with Csv.F; got {cell.GetType().Name}."),
    };
}

/// <summary>Shared facts and helpers.</summary>
internal static class Common
{
    /// <summary>The 30 provinces of the digital-economy study (no Tibet, Hong Kong, Macau, Taiwan) with the east/central/west belts.</summary>
    public static readonly (string Name, string Region, bool Municipality, double Development)[] Provinces =
    [
        ("Beijing", "east", true, 2.0), ("Tianjin", "east", true, 1.2), ("Hebei", "east", false, 0.0),
        ("Shanxi", "central", false, -0.3), ("Inner Mongolia", "west", false, -0.2), ("Liaoning", "east", false, 0.3),
        ("Jilin", "central", false, -0.3), ("Heilongjiang", "central", false, -0.4), ("Shanghai", "east", true, 2.0),
        ("Jiangsu", "east", false, 1.4), ("Zhejiang", "east", false, 1.5), ("Anhui", "central", false, 0.2),
        ("Fujian", "east", false, 0.9), ("Jiangxi", "central", false, -0.1), ("Shandong", "east", false, 0.8),
        ("Henan", "central", false, 0.0), ("Hubei", "central", false, 0.4), ("Hunan", "central", false, 0.1),
        ("Guangdong", "east", false, 1.6), ("Guangxi", "west", false, -0.4), ("Hainan", "east", false, 0.1),
        ("Chongqing", "west", true, 0.4), ("Sichuan", "west", false, 0.2), ("Guizhou", "west", false, -0.5),
        ("Yunnan", "west", false, -0.6), ("Shaanxi", "west", false, 0.1), ("Gansu", "west", false, -0.8),
        ("Qinghai", "west", false, -0.8), ("Ningxia", "west", false, -0.6), ("Xinjiang", "west", false, -0.6),
    ];

    /// <summary>Entropy-weight index, pooled, no shift (the formula of ModelDsl.Measures.EntropyWeight, written out independently).</summary>
    public static double[] EntropyIndex(double[][] indicators, bool[] positive)
    {
        var n = indicators[0].Length;
        var m = indicators.Length;
        var normalized = new double[m][];
        var redundancy = new double[m];
        for (var j = 0; j < m; j++)
        {
            var x = indicators[j];
            var min = x.Min();
            var max = x.Max();
            normalized[j] = x.Select(v => positive[j] ? (v - min) / (max - min) : (max - v) / (max - min)).ToArray();
            var sum = normalized[j].Sum();
            var h = 0.0;
            foreach (var v in normalized[j])
            {
                var p = v / sum;
                if (p > 0)
                {
                    h += p * Math.Log(p);
                }
            }

            redundancy[j] = 1 + (h / Math.Log(n));
        }

        var total = redundancy.Sum();
        var index = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                index[i] += redundancy[j] / total * normalized[j][i];
            }
        }

        return index;
    }

    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Generator check failed: " + message);
        }
    }

    /// <summary>Writes nested dictionaries, arrays, strings and numbers as indented JSON (no reflection).</summary>
    public static void WriteJson(string path, object value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n", new UTF8Encoding(false));

        static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case long l:
                    writer.WriteNumberValue(l);
                    break;
                case double d when double.IsFinite(d):
                    writer.WriteNumberValue(d);
                    break;
                case double:
                    writer.WriteNullValue();
                    break;
                case System.Collections.IDictionary map:
                    writer.WriteStartObject();
                    foreach (System.Collections.DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName((string)entry.Key);
                        Write(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case System.Collections.IEnumerable list:
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    throw new ArgumentException($"Cannot write a {value.GetType().Name} as JSON.");
            }
        }
    }

    public static double Round(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}

/// <summary>30 provinces × 2011–2021: the digital-economy and industrial-agglomeration study.</summary>
internal static class Digital
{
    public const double EffectDirect = 0.30;     // c′: DE → IC holding TI fixed
    public const double EffectAOnTi = 8.0;       // a: DE → TI
    public const double EffectBOfTi = 0.02;      // b: TI → IC

    public static void Write(string folder, IDictionary<string, object> truth)
    {
        var rng = new Rng(777);
        var provinces = Common.Provinces;
        var years = Enumerable.Range(2011, 11).ToArray();
        var p = provinces.Length;
        var n = p * years.Length;
        int Row(int i, int t) => (i * years.Length) + t;

        var growth = provinces.Select(_ => 0.045 + (0.012 * rng.Normal())).ToArray();
        var population = provinces.Select(pr => pr.Municipality ? 1500 + (800 * rng.Uniform()) : Math.Exp(8.1 + (0.5 * rng.Normal()))).ToArray();
        var latent = new double[n];
        for (var i = 0; i < p; i++)
        {
            var u = 0.0;
            for (var t = 0; t < years.Length; t++)
            {
                u = (0.5 * u) + (0.05 * rng.Normal());
                latent[Row(i, t)] = 0.30 + (0.12 * provinces[i].Development) + (growth[i] * t) + u;
            }
        }

        Common.Require(latent.Min() > 0.02, "the latent digital level must stay positive");
        (string Name, Func<double, double> Make)[] specs =
        [
            ("digital_staff_share", d => Math.Exp(-1.6 + (1.6 * d) + (0.12 * rng.Normal()))),
            ("ln_software_revenue", d => 6.5 + (6.0 * d) + (0.45 * rng.Normal())),
            ("ln_info_service_revenue", d => 5.5 + (5.5 * d) + (0.5 * rng.Normal())),
            ("internet_penetration", d => 12 + (45 * d) + (3 * rng.Normal())),
            ("mobile_usage", d => 65 + (55 * d) + (5 * rng.Normal())),
            ("fiber_density", d => Math.Exp(-0.8 + (1.8 * d) + (0.2 * rng.Normal()))),
            ("ln_ecommerce", d => 7.0 + (5.0 * d) + (0.4 * rng.Normal())),
            ("dfi_index", d => 30 + (300 * d) + (10 * rng.Normal())),
            ("dfi_depth", d => 25 + (290 * d) + (15 * rng.Normal())),
            ("dfi_breadth", d => 15 + (300 * d) + (12 * rng.Normal())),
            ("dfi_digitization", d => 50 + (320 * d) + (20 * rng.Normal())),
        ];
        int[] decimals = [4, 4, 4, 3, 3, 4, 4, 2, 2, 2, 2];
        var indicators = specs.Select(s => latent.Select(d => s.Make(d)).ToArray()).ToArray();
        for (var j = 0; j < indicators.Length; j++)
        {
            indicators[j] = indicators[j].Select(v => Common.Round(v, decimals[j])).ToArray();
            Common.Require(indicators[j].Min() > 0, $"indicator {specs[j].Name} must be positive");
        }

        var de = Common.EntropyIndex(indicators, Enumerable.Repeat(true, indicators.Length).ToArray());

        // Controls: shared development factor plus own noise.
        var gov = new double[n];
        var hum = new double[n];
        var pgdp = new double[n];
        var open = new double[n];
        var edu = new double[n];
        var ti = new double[n];
        var gdp = new double[n];
        var z = new double[n];
        var tiLevel = provinces.Select(pr => 2.0 + (0.8 * pr.Development) + (0.3 * rng.Normal())).ToArray();
        var icLevel = provinces.Select(_ => 0.25 * rng.Normal()).ToArray();
        for (var i = 0; i < p; i++)
        {
            var f = provinces[i].Development;
            var govLevel = 0.26 - (0.05 * f) + (0.05 * rng.Normal());
            var openLevel = -2.0 + (0.6 * f) + (0.4 * rng.Normal());
            var eduLevel = 0.16 + (0.015 * rng.Normal());
            for (var t = 0; t < years.Length; t++)
            {
                var r = Row(i, t);
                gov[r] = Math.Max(0.08, govLevel + (0.003 * t) + (0.015 * rng.Normal()));
                hum[r] = Math.Max(0.03, 0.10 + (0.05 * f) + (0.008 * t) + (0.01 * rng.Normal()));
                pgdp[r] = Math.Exp(1.2 + (0.35 * f) + (0.07 * t) + (0.04 * rng.Normal()));
                open[r] = Math.Exp(openLevel + (0.15 * rng.Normal()));
                edu[r] = eduLevel + (0.008 * rng.Normal());
                gdp[r] = pgdp[r] * population[i];
                ti[r] = tiLevel[i] + (0.15 * t) + (EffectAOnTi * de[r]) + (2.0 * hum[r]) + (0.8 * rng.Normal());
                z[r] = icLevel[i] + (EffectDirect * de[r]) + (EffectBOfTi * ti[r]) - (0.30 * gov[r]) + (0.20 * hum[r])
                    + (0.005 * pgdp[r]) + (0.02 * open[r]) + (0.30 * edu[r]) + (0.02 * rng.Normal());
            }
        }

        Common.Require(ti.Min() > 0, "technological innovation must be positive");

        // IC = 1 + Z − (GDP-weighted mean of Z in the year): its GDP-weighted mean is 1, so the location quotient of
        // secondary output (= IC × S_t × GDP) over GDP reproduces IC, and the year term is absorbed by year effects.
        var ic = new double[n];
        var secondary = new double[n];
        for (var t = 0; t < years.Length; t++)
        {
            var weighted = 0.0;
            var weights = 0.0;
            for (var i = 0; i < p; i++)
            {
                weighted += gdp[Row(i, t)] * z[Row(i, t)];
                weights += gdp[Row(i, t)];
            }

            var nationalShare = 0.46 - (0.007 * t);
            for (var i = 0; i < p; i++)
            {
                var r = Row(i, t);
                ic[r] = 1 + z[r] - (weighted / weights);
                secondary[r] = ic[r] * nationalShare * gdp[r];
            }
        }

        Common.Require(ic.Min() > 0.2 && ic.Max() * 0.46 < 0.8, "secondary share out of range");

        // A few interior cells are missing; the study fills them by linear interpolation within the province.
        (string Province, int Year, int Indicator)[] holes =
        [
            ("Hainan", 2014, 5), ("Qinghai", 2016, 2), ("Ningxia", 2013, 6), ("Gansu", 2018, 0), ("Guizhou", 2015, 5), ("Xinjiang", 2017, 1),
        ];
        var written = indicators.Select(a => (double[])a.Clone()).ToArray();
        foreach (var (province, year, indicator) in holes)
        {
            var i = Array.FindIndex(provinces, x => x.Name == province);
            written[indicator][Row(i, year - 2011)] = double.NaN;
        }

        var csv = new Csv(["province", "year", "region", "municipality", .. specs.Select(s => s.Name), "secondary_output", "gdp", "ti", "gov", "hum", "pgdp", "open", "edu"]);
        for (var i = 0; i < p; i++)
        {
            for (var t = 0; t < years.Length; t++)
            {
                var r = Row(i, t);
                var cells = new List<object> { provinces[i].Name, years[t], provinces[i].Region, provinces[i].Municipality ? 1 : 0 };
                for (var j = 0; j < written.Length; j++)
                {
                    cells.Add(Csv.F(written[j][r], decimals[j]));
                }

                cells.AddRange([Csv.F(secondary[r], 2), Csv.F(gdp[r], 2), Csv.F(ti[r], 4), Csv.F(gov[r], 4), Csv.F(hum[r], 4), Csv.F(pgdp[r], 4), Csv.F(open[r], 4), Csv.F(edu[r], 4)]);
                csv.Row([.. cells]);
            }
        }

        csv.Save(Path.Combine(folder, "provinces_digital.csv"));
        truth["provinces_digital"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["rows"] = n,
            ["de_mean"] = Math.Round(de.Average(), 6),
            ["ic_mean"] = Math.Round(ic.Average(), 6),
            ["effect_de_on_ic_direct"] = EffectDirect,
            ["effect_de_on_ti_a"] = EffectAOnTi,
            ["effect_ti_on_ic_b"] = EffectBOfTi,
            ["effect_de_on_ic_total"] = Math.Round(EffectDirect + (EffectAOnTi * EffectBOfTi), 10),
            ["control_coefficients_in_ic"] = new SortedDictionary<string, double> { ["gov"] = -0.30, ["hum"] = 0.20, ["pgdp"] = 0.005, ["open"] = 0.02, ["edu"] = 0.30 },
            ["missing_cells"] = holes.Select(h => $"{h.Province} {h.Year} {specs[h.Indicator].Name}").ToArray(),
        };
    }
}

/// <summary>29 provinces × 2013–2022: the virtual-agglomeration study.</summary>
internal static class Virtual
{
    public const double EffectAOnInfra = 1.2;   // a: VA → digital infrastructure
    public const double EffectBOfInfra = 0.5;   // b: digital infrastructure → innovation
    public const double ModerationHuman = 0.15; // ∂²inno/∂va∂hum_cap (hum_cap centred at 9.5 years)
    public const double ModerationInstitution = 0.05; // ∂²inno/∂va∂inst_quality (centred at 7)

    public static readonly Dictionary<string, double> DirectByRegion = new(StringComparer.Ordinal) { ["east"] = 0.8, ["central"] = 0.6, ["west"] = 0.4 };

    public static void Write(string folder, IDictionary<string, object> truth)
    {
        var rng = new Rng(20130002);
        var provinces = Common.Provinces.Where(x => x.Name != "Qinghai").ToArray();
        var years = Enumerable.Range(2013, 10).ToArray();
        var p = provinces.Length;
        var n = p * years.Length;
        int Row(int i, int t) => (i * years.Length) + t;

        var latent = new double[n];
        var growth = provinces.Select(_ => 0.05 + (0.012 * rng.Normal())).ToArray();
        for (var i = 0; i < p; i++)
        {
            var u = 0.0;
            for (var t = 0; t < years.Length; t++)
            {
                u = (0.5 * u) + (0.05 * rng.Normal());
                latent[Row(i, t)] = 0.25 + (0.12 * provinces[i].Development) + (growth[i] * t) + u;
            }
        }

        Common.Require(latent.Min() > 0.01, "latent virtual agglomeration must stay positive");
        (string Name, bool Positive, int Decimals, Func<double, int, double> Make)[] specs =
        [
            ("internet_users", true, 2, (v, t) => 35 + (55 * v) + (3 * rng.Normal())),
            ("broadband_ports", true, 2, (v, t) => 25 + (60 * v) + (4 * rng.Normal())),
            ("ecommerce_firm_share", true, 3, (v, t) => 5 + (15 * v) + (1.2 * rng.Normal())),
            ("websites_per_100_firms", true, 2, (v, t) => 30 + (40 * v) + (4 * rng.Normal())),
            ("software_staff_share", true, 4, (v, t) => Math.Exp(-1.5 + (1.5 * v) + (0.12 * rng.Normal()))),
            ("telecom_per_capita", true, 1, (v, t) => Math.Exp(6.2 + (1.0 * v) + (0.1 * rng.Normal()))),
            ("mobile_data_price", false, 3, (v, t) => 25 * Math.Exp((-0.28 * t) - (0.6 * v) + (0.08 * rng.Normal()))),
        ];
        var indicators = specs.Select(s => latent.Select((v, r) => Common.Round(s.Make(v, r % years.Length), s.Decimals)).ToArray()).ToArray();
        foreach (var (x, s) in indicators.Zip(specs))
        {
            Common.Require(x.Min() > 0, $"indicator {s.Name} must be positive");
        }

        var va = Common.EntropyIndex(indicators, specs.Select(s => s.Positive).ToArray());

        string[] names = ["inno", "dig_infra", "hum_cap", "inst_quality", "tech_soph", "ln_pgdp", "open", "gov", "urban"];
        var columns = names.ToDictionary(name => name, _ => new double[n], StringComparer.Ordinal);

        var infraLevel = provinces.Select(x => 0.5 + (0.2 * x.Development) + (0.1 * rng.Normal())).ToArray();
        var innoLevel = provinces.Select(x => 9.0 + (0.9 * x.Development) + (0.4 * rng.Normal())).ToArray();
        var soph = provinces.Select(x => 0.12 + (0.05 * x.Development) + (0.03 * rng.Normal())).ToArray();
        var effectSum = 0.0;
        for (var i = 0; i < p; i++)
        {
            var f = provinces[i].Development;
            var direct = DirectByRegion[provinces[i].Region];
            for (var t = 0; t < years.Length; t++)
            {
                var r = Row(i, t);
                var hum = 9.5 + (0.8 * f) + (0.08 * t) + (0.2 * rng.Normal());
                var inst = 7.0 + (1.5 * f) + (0.1 * t) + (0.4 * rng.Normal());
                var lnPgdp = 1.6 + (0.35 * f) + (0.06 * t) + (0.04 * rng.Normal());
                var openness = Math.Exp(-1.8 + (0.7 * f) + (0.2 * rng.Normal()));
                var government = Math.Max(0.08, 0.27 - (0.05 * f) + (0.03 * rng.Normal()));
                var urban = Math.Min(0.92, 0.55 + (0.08 * f) + (0.011 * t) + (0.02 * rng.Normal()));
                var infra = infraLevel[i] + (0.03 * t) + (EffectAOnInfra * va[r]) + (0.05 * rng.Normal());
                var inno = innoLevel[i] + (0.05 * t)
                    + (direct * va[r]) + (EffectBOfInfra * infra)
                    + (ModerationHuman * va[r] * (hum - 9.5)) + (ModerationInstitution * va[r] * (inst - 7.0))
                    + (0.30 * lnPgdp) + (0.20 * openness) - (0.50 * government) + (0.40 * urban) + (0.03 * rng.Normal());
                effectSum += direct + (EffectAOnInfra * EffectBOfInfra) + (ModerationHuman * (hum - 9.5)) + (ModerationInstitution * (inst - 7.0));
                columns["dig_infra"][r] = infra;
                columns["inno"][r] = inno;
                columns["hum_cap"][r] = hum;
                columns["inst_quality"][r] = inst;
                columns["tech_soph"][r] = Math.Max(0.01, soph[i] + (0.004 * t) + (0.01 * rng.Normal()));
                columns["ln_pgdp"][r] = lnPgdp;
                columns["open"][r] = openness;
                columns["gov"][r] = government;
                columns["urban"][r] = urban;
            }
        }

        var csv = new Csv(["province", "year", "region", "municipality", .. specs.Select(s => s.Name), .. names]);
        for (var i = 0; i < p; i++)
        {
            for (var t = 0; t < years.Length; t++)
            {
                var r = Row(i, t);
                var cells = new List<object> { provinces[i].Name, years[t], provinces[i].Region, provinces[i].Municipality ? 1 : 0 };
                for (var j = 0; j < specs.Length; j++)
                {
                    cells.Add(Csv.F(indicators[j][r], specs[j].Decimals));
                }

                cells.AddRange(names.Select(name => (object)Csv.F(columns[name][r], 4)));
                csv.Row([.. cells]);
            }
        }

        csv.Save(Path.Combine(folder, "provinces_virtual.csv"));
        truth["provinces_virtual"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["rows"] = n,
            ["excluded_provinces"] = new[] { "Tibet", "Qinghai (assumption: the paper does not name its 29)" },
            ["va_mean"] = Math.Round(va.Average(), 6),
            ["effect_va_on_dig_infra_a"] = EffectAOnInfra,
            ["effect_dig_infra_on_inno_b"] = EffectBOfInfra,
            ["effect_va_on_inno_direct_at_centre"] = DirectByRegion,
            ["moderation_hum_cap"] = ModerationHuman,
            ["moderation_inst_quality"] = ModerationInstitution,
            ["moderator_centres"] = new SortedDictionary<string, double> { ["hum_cap"] = 9.5, ["inst_quality"] = 7.0 },
            ["average_total_effect_va_on_inno"] = Math.Round(effectSum / n, 6),
            ["control_coefficients_in_inno"] = new SortedDictionary<string, double> { ["ln_pgdp"] = 0.30, ["open"] = 0.20, ["gov"] = -0.50, ["urban"] = 0.40, ["tech_soph"] = 0.0 },
        };
    }
}

/// <summary>280 cities × 2010–2021: the cross-border e-commerce (CBEC) pilot-zone study.</summary>
internal static class Cities
{
    public const double A1 = 0.020, B1 = 0.20;   // cbec → diginf → inno
    public const double A2 = 0.100, B2 = 0.020;  // cbec → producer-service LQ → inno
    public const double A3 = 0.015, B3 = 0.150;  // cbec → envir → inno
    public static readonly Dictionary<string, double> DirectByRegion = new(StringComparer.Ordinal) { ["east"] = 0.010, ["central"] = 0.005, ["northeast"] = 0.004, ["west"] = 0.000 };
    public const double DirectTertiary = 0.004;
    public static readonly Dictionary<string, double> DirectBySize = new(StringComparer.Ordinal) { ["mega"] = 0.008, ["large"] = 0.0, ["medium"] = -0.004 };

    // (province, region, prefecture-level cities in the sample); the counts approximate the real ones and sum to 280.
    private static readonly (string Province, string Region, int Cities)[] Layout =
    [
        ("Beijing", "east", 1), ("Tianjin", "east", 1), ("Hebei", "east", 11), ("Shanxi", "central", 11), ("Inner Mongolia", "west", 9),
        ("Liaoning", "northeast", 14), ("Jilin", "northeast", 8), ("Heilongjiang", "northeast", 12), ("Shanghai", "east", 1), ("Jiangsu", "east", 13),
        ("Zhejiang", "east", 11), ("Anhui", "central", 15), ("Fujian", "east", 9), ("Jiangxi", "central", 11), ("Shandong", "east", 16),
        ("Henan", "central", 16), ("Hubei", "central", 12), ("Hunan", "central", 13), ("Guangdong", "east", 19), ("Guangxi", "west", 14),
        ("Hainan", "east", 2), ("Chongqing", "west", 1), ("Sichuan", "west", 17), ("Guizhou", "west", 6), ("Yunnan", "west", 8),
        ("Shaanxi", "west", 10), ("Gansu", "west", 11), ("Qinghai", "west", 1), ("Ningxia", "west", 5), ("Xinjiang", "west", 2),
    ];

    // The five rounds up to 2021 (1 + 12 + 22 + 24 + 46 = 105 pilot cities).
    private static readonly (int Year, int Count)[] Batches = [(2015, 1), (2016, 12), (2018, 22), (2019, 24), (2020, 46)];

    /// <summary>The share of the full effect reached e years after designation: 0.5, 0.75, then 1.</summary>
    public static double Dynamic(int e) => e < 0 ? 0 : Math.Min(1.0, 0.5 + (0.25 * e));

    public static void Write(string folder, IDictionary<string, object> truth)
    {
        var rng = new Rng(20100003);
        Common.Require(Layout.Sum(l => l.Cities) == 280, "280 cities");
        Common.Require(Batches.Sum(b => b.Count) == 105, "105 pilot cities");
        var years = Enumerable.Range(2010, 12).ToArray();
        const int cities = 280;
        var n = cities * years.Length;
        int Row(int i, int t) => (i * years.Length) + t;

        var province = new string[cities];
        var region = new string[cities];
        var municipality = new bool[cities];
        var capital = new bool[cities];
        var rankInProvince = new int[cities];
        var development = new double[cities];
        var c = 0;
        var regionShift = new Dictionary<string, double> { ["east"] = 0.6, ["central"] = 0.0, ["northeast"] = -0.1, ["west"] = -0.4 };
        foreach (var (name, reg, count) in Layout)
        {
            var provinceEffect = 0.3 * rng.Normal();
            for (var k = 0; k < count; k++, c++)
            {
                development[c] = regionShift[reg] + provinceEffect;
                province[c] = name;
                region[c] = reg;
                municipality[c] = name is "Beijing" or "Tianjin" or "Shanghai" or "Chongqing";
                capital[c] = k == 0;
                rankInProvince[c] = k;
            }
        }

        for (var i = 0; i < cities; i++)
        {
            development[i] += (0.8 * rng.Normal()) + (municipality[i] ? 2.0 : 0) + (capital[i] && !municipality[i] ? 1.0 : 0);
        }

        var jjj = new bool[cities];
        var yrd = new bool[cities];
        var prd = new bool[cities];
        for (var i = 0; i < cities; i++)
        {
            jjj[i] = province[i] is "Beijing" or "Tianjin" or "Hebei";
            yrd[i] = province[i] == "Shanghai" || (province[i] is "Jiangsu" or "Zhejiang" && rankInProvince[i] < 9) || (province[i] == "Anhui" && rankInProvince[i] < 8);
            prd[i] = province[i] == "Guangdong" && rankInProvince[i] < 9;
        }

        // Controls: a city level tied to development, a common growth path and AR(1) shocks.
        (string Name, double Level, double Loading, double Spread, double Growth, double Shock, int Decimals)[] controls =
        [
            ("lnpop", 5.85, 0.35, 0.45, 0.004, 0.02, 4),
            ("lnaca", 7.20, 0.90, 0.70, 0.030, 0.05, 4),
            ("lngdp", 16.10, 0.60, 0.30, 0.085, 0.03, 4),
            ("infra", 14.0, 3.00, 4.00, 0.450, 0.80, 2),
            ("lngov", 14.30, 0.45, 0.35, 0.080, 0.04, 4),
            ("lninter", 12.90, 0.60, 0.50, 0.060, 0.05, 4),
            ("urban", 0.48, 0.09, 0.07, 0.009, 0.01, 4),
            ("lncons", 15.10, 0.65, 0.40, 0.085, 0.03, 4),
        ];
        var x = controls.ToDictionary(k => k.Name, _ => new double[n], StringComparer.Ordinal);
        for (var i = 0; i < cities; i++)
        {
            foreach (var ctl in controls)
            {
                var level = ctl.Level + (ctl.Loading * development[i]) + (ctl.Spread * rng.Normal());
                var shock = 0.0;
                for (var t = 0; t < years.Length; t++)
                {
                    shock = (0.6 * shock) + (ctl.Shock * rng.Normal());
                    var value = level + (ctl.Growth * t) + shock;
                    x[ctl.Name][Row(i, t)] = ctl.Name switch
                    {
                        "urban" => Math.Clamp(value, 0.18, 1.0),
                        "infra" => Math.Max(1.37, value),
                        _ => value,
                    };
                }
            }
        }

        // Selection on observables: latent index of the standardised 2010–2014 means plus a logistic shock; the 105
        // highest are pilot cities, and earlier rounds go to higher indices (plus noise).
        double[] PreMean(string name) => Enumerable.Range(0, cities).Select(i => Enumerable.Range(0, 5).Average(t => x[name][Row(i, t)])).ToArray();
        double[] Standardise(double[] v)
        {
            var mean = v.Average();
            var sd = Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / (v.Length - 1));
            return v.Select(a => (a - mean) / sd).ToArray();
        }

        var selectionCoefficients = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["lngdp"] = 1.0, ["lnpop"] = 0.5, ["urban"] = 0.6, ["lninter"] = 0.4, ["infra"] = 0.2, ["lnaca"] = 0.4, ["lngov"] = 0.3, ["lncons"] = 0.0,
        };
        var latent = new double[cities];
        foreach (var (name, beta) in selectionCoefficients)
        {
            var z = Standardise(PreMean(name));
            for (var i = 0; i < cities; i++)
            {
                latent[i] += beta * z[i];
            }
        }

        var score = latent.Select(v => v + rng.Logistic()).ToArray();
        var selected = Enumerable.Range(0, cities).OrderByDescending(i => score[i]).ThenBy(i => i).Take(105).ToArray();
        var pilotYear = new int[cities];
        var order = selected.OrderByDescending(i => score[i] + (0.5 * rng.Normal())).ThenBy(i => i).ToArray();
        var position = 0;
        foreach (var (year, count) in Batches)
        {
            for (var k = 0; k < count; k++)
            {
                pilotYear[order[position++]] = year;
            }
        }

        // Fixed classifications from 2014 values.
        var tertiaryLevel = new double[cities];
        var tertiary = new double[n];
        for (var i = 0; i < cities; i++)
        {
            tertiaryLevel[i] = 0.40 + (0.04 * development[i]) + (0.06 * rng.Normal());
            for (var t = 0; t < years.Length; t++)
            {
                tertiary[Row(i, t)] = Math.Clamp(tertiaryLevel[i] + (0.008 * t) + (0.01 * rng.Normal()), 0.2, 0.85);
            }
        }

        var structure = Enumerable.Range(0, cities).Select(i => tertiary[Row(i, 4)] > 1 - 0.08 - tertiary[Row(i, 4)] ? "tertiary" : "secondary").ToArray();
        var bySize = Enumerable.Range(0, cities).OrderByDescending(i => x["lnpop"][Row(i, 4)]).ThenBy(i => i).ToArray();
        var size = new string[cities];
        for (var k = 0; k < cities; k++)
        {
            size[bySize[k]] = k < 28 ? "mega" : k < 140 ? "large" : "medium";
        }

        // Outcome, mediators and employment.
        var baseline = Enumerable.Range(0, cities).Select(i => Math.Exp(-4.7 + (0.8 * development[i]) + (0.25 * rng.Normal()))).ToArray();
        var direct = Enumerable.Range(0, cities).Select(i => DirectByRegion[region[i]] + (structure[i] == "tertiary" ? DirectTertiary : 0) + DirectBySize[size[i]]).ToArray();
        var indirect = (A1 * B1) + (A2 * B2) + (A3 * B3);
        var weights = Enumerable.Range(0, cities).Select(_ => new[] { 0.30, 0.15, 0.25, 0.20, 0.10 }.Select(w => w * Math.Exp(0.2 * rng.Normal())).ToArray()).ToArray();
        var specLevel = Enumerable.Range(0, cities).Select(i => (0.2 * development[i]) + (0.05 * rng.Normal())).ToArray();
        var diginf = new double[n];
        var envir = new double[n];
        var inno = new double[n];
        var cbec = new int[n];
        var effect = new double[n];
        var empTotal = new double[n];
        var emp = new double[5][];
        for (var k = 0; k < 5; k++)
        {
            emp[k] = new double[n];
        }

        var specTrue = new double[n];
        for (var t = 0; t < years.Length; t++)
        {
            var zs = new double[cities];
            var weighted = 0.0;
            var total = 0.0;
            for (var i = 0; i < cities; i++)
            {
                var r = Row(i, t);
                var dyn = pilotYear[i] > 0 ? Dynamic(years[t] - pilotYear[i]) : 0;
                cbec[r] = dyn > 0 ? 1 : 0;
                empTotal[r] = Math.Round(Math.Exp(x["lnpop"][r]) * 10000 * 0.11 * Math.Exp(0.1 * development[i]));
                zs[i] = specLevel[i] + (A2 * dyn) + (0.04 * rng.Normal());
                weighted += empTotal[r] * zs[i];
                total += empTotal[r];
            }

            var nationalShare = 0.17 + (0.002 * t);
            for (var i = 0; i < cities; i++)
            {
                var r = Row(i, t);
                var dyn = pilotYear[i] > 0 ? Dynamic(years[t] - pilotYear[i]) : 0;
                specTrue[r] = 1 + zs[i] - (weighted / total);
                var producer = specTrue[r] * nationalShare * empTotal[r];
                var w = weights[i];
                for (var k = 0; k < 5; k++)
                {
                    emp[k][r] = Math.Round(producer * w[k] / w.Sum());
                }

                diginf[r] = 0.15 + (0.08 * development[i]) + (0.025 * t) + (A1 * dyn) + (0.015 * rng.Normal());
                envir[r] = 0.45 + (0.06 * development[i]) + (0.006 * t) + (A3 * dyn) + (0.015 * rng.Normal());
                effect[r] = dyn * (direct[i] + indirect);
                inno[r] = baseline[i] + (0.0007 * t) + (dyn * direct[i]) + (B1 * diginf[r]) + (B2 * specTrue[r]) + (B3 * envir[r])
                    + (0.004 * (x["lngdp"][r] - 16.6)) + (0.02 * (x["urban"][r] - 0.55)) + (0.002 * (x["lninter"][r] - 13.4))
                    + (0.002 * rng.Normal());
            }
        }

        Common.Require(specTrue.Min() > 0.1, "producer-service location quotient must stay positive");

        // Missing cells: 9 lnaca and 35 urban (disjoint: 3360 − 44 = 3316 complete for the controls, as in the paper's
        // Table 4), and 517 city-years of research employment in 2010–2013 (spec regressions: 3316 − 517 = 2799).
        var permutation = rng.Permutation(n);
        var missingAca = permutation.Take(9).ToHashSet();
        var missingUrban = permutation.Skip(9).Take(35).ToHashSet();
        var taken = missingAca.Concat(missingUrban).ToHashSet();
        var early = rng.Permutation(n).Where(r => r % years.Length < 4 && !taken.Contains(r)).Take(517).ToHashSet();
        Common.Require(early.Count == 517, "517 missing research-employment cells");

        var header = new List<string> { "city", "year", "province", "region", "municipality", "pilot_year", "treat", "cbec", "inno" };
        header.AddRange(controls.Select(k => k.Name));
        header.AddRange(["diginf", "envir", "emp_total", "emp_transport", "emp_it", "emp_finance", "emp_leasing", "emp_research", "tertiary_share", "ind_struct", "city_size", "jjj", "yrd", "prd"]);
        var csv = new Csv([.. header]);
        for (var i = 0; i < cities; i++)
        {
            for (var t = 0; t < years.Length; t++)
            {
                var r = Row(i, t);
                var cells = new List<object>
                {
                    $"C{i + 1:000}", years[t], province[i], region[i], municipality[i] ? 1 : 0, pilotYear[i], pilotYear[i] > 0 ? 1 : 0, cbec[r], Csv.F(inno[r], 6),
                };
                foreach (var ctl in controls)
                {
                    var value = x[ctl.Name][r];
                    if ((ctl.Name == "lnaca" && missingAca.Contains(r)) || (ctl.Name == "urban" && missingUrban.Contains(r)))
                    {
                        value = double.NaN;
                    }

                    cells.Add(Csv.F(value, ctl.Decimals));
                }

                cells.AddRange([Csv.F(diginf[r], 4), Csv.F(envir[r], 4), Csv.F(empTotal[r], 0)]);
                for (var k = 0; k < 5; k++)
                {
                    cells.Add(Csv.F(k == 4 && early.Contains(r) ? double.NaN : emp[k][r], 0));
                }

                cells.AddRange([Csv.F(tertiary[r], 4), structure[i], size[i], jjj[i] ? 1 : 0, yrd[i] ? 1 : 0, prd[i] ? 1 : 0]);
                csv.Row([.. cells]);
            }
        }

        csv.Save(Path.Combine(folder, "cities_cbec.csv"));

        double Att(Func<int, bool> include)
        {
            var cells = Enumerable.Range(0, n).Where(r => cbec[r] == 1 && include(r / years.Length)).ToArray();
            return cells.Length == 0 ? double.NaN : Math.Round(cells.Average(r => effect[r]), 6);
        }

        var byEventTime = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var e = -5; e <= 6; e++)
        {
            var cells = Enumerable.Range(0, n).Where(r => pilotYear[r / years.Length] > 0 && years[r % years.Length] - pilotYear[r / years.Length] == e).ToArray();
            if (cells.Length > 0)
            {
                byEventTime[e.ToString("+0;-0;0", CultureInfo.InvariantCulture)] = Math.Round(cells.Average(r => effect[r]), 6);
            }
        }

        truth["cities_cbec"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["rows"] = n,
            ["pilot_cities"] = selected.Length,
            ["pilot_cities_by_year"] = Batches.ToDictionary(b => b.Year.ToString(CultureInfo.InvariantCulture), b => b.Count),
            ["dynamic_share_of_full_effect"] = "0.5 in the designation year, 0.75 one year later, 1 from two years on; 0 before (no anticipation)",
            ["direct_effect_full"] = "region + 0.004 if tertiary + size (mega 0.008, large 0, medium -0.004)",
            ["direct_by_region"] = DirectByRegion,
            ["direct_by_size"] = DirectBySize,
            ["direct_tertiary"] = DirectTertiary,
            ["mediators"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["diginf"] = new SortedDictionary<string, double> { ["a"] = A1, ["b"] = B1, ["indirect"] = Math.Round(A1 * B1, 10) },
                ["spec"] = new SortedDictionary<string, double> { ["a"] = A2, ["b"] = B2, ["indirect"] = Math.Round(A2 * B2, 10) },
                ["envir"] = new SortedDictionary<string, double> { ["a"] = A3, ["b"] = B3, ["indirect"] = Math.Round(A3 * B3, 10) },
            },
            ["att_total_treated_post_cells"] = Att(_ => true),
            ["mean_dynamic_share_treated_post_cells"] = Math.Round(Enumerable.Range(0, n).Where(r => cbec[r] == 1).Average(r => Dynamic(years[r % years.Length] - pilotYear[r / years.Length])), 6),
            ["att_direct_treated_post_cells"] = Math.Round(Enumerable.Range(0, n).Where(r => cbec[r] == 1).Average(r => Dynamic(years[r % years.Length] - pilotYear[r / years.Length]) * direct[r / years.Length]), 6),
            ["att_total_by_region"] = DirectByRegion.Keys.ToDictionary(k => k, k => Att(i => region[i] == k)),
            ["att_total_by_ind_struct"] = new[] { "secondary", "tertiary" }.ToDictionary(k => k, k => Att(i => structure[i] == k)),
            ["att_total_by_city_size"] = DirectBySize.Keys.ToDictionary(k => k, k => Att(i => size[i] == k)),
            ["att_total_by_agglomeration"] = new Dictionary<string, double> { ["jjj"] = Att(i => jjj[i]), ["yrd"] = Att(i => yrd[i]), ["prd"] = Att(i => prd[i]) },
            ["att_total_by_event_time"] = byEventTime,
            ["selection_logit_coefficients_on_standardised_2010_2014_means"] = selectionCoefficients,
            ["control_coefficients_in_inno"] = new SortedDictionary<string, double> { ["lngdp"] = 0.004, ["urban"] = 0.02, ["lninter"] = 0.002, ["lnpop"] = 0, ["lnaca"] = 0, ["infra"] = 0, ["lngov"] = 0, ["lncons"] = 0 },
            ["missing_cells"] = new Dictionary<string, int> { ["lnaca"] = 9, ["urban"] = 35, ["emp_research"] = 517 },
        };
    }
}

/// <summary>64 short policy documents (English, Chinese and bilingual) with known keyword hits.</summary>
internal static class Documents
{
    // The keywords of the trade-policy paper's Table 2, with Chinese equivalents.
    private static readonly (string Theme, string[] English, string[] Chinese)[] Themes =
    [
        ("Digital Infrastructure",
            ["electronic", "payment", "information", "platform", "data", "network", "technology", "system", "digitalization", "cloud computing", "logistics informatization", "blockchain", "API integration", "smart terminals", "cybersecurity"],
            ["电子", "支付", "信息", "平台", "数据", "网络", "技术", "系统", "数字化", "云计算", "物流信息化", "区块链", "接口集成", "智能终端", "网络安全"]),
        ("Service Industry Agglomeration",
            ["service", "business", "enterprise", "institution", "operation", "commodity", "collaboration", "cluster", "warehousing", "logistics", "supply chain", "finance", "marketing", "consulting", "training", "innovation cooperation", "brand", "cross-border service ecosystem"],
            ["服务", "商务", "企业", "机构", "运营", "商品", "协作", "集群", "仓储", "物流", "供应链", "金融", "营销", "咨询", "培训", "创新合作", "品牌", "跨境服务生态"]),
        ("Business Environment",
            ["customs", "regulation", "legislation", "pilot programs", "declaration policy", "taxation", "compliance", "intellectual property", "risk prevention and control", "administrative licensing", "standardization", "trade facilitation", "dispute resolution", "local policy support"],
            ["海关", "监管", "立法", "试点", "申报政策", "税收", "合规", "知识产权", "风险防控", "行政许可", "标准化", "贸易便利化", "纠纷解决", "地方政策支持"]),
    ];

    // Insertion probability per filler slot, chosen so the corpus frequencies come out near the paper's Table 2.
    private static readonly double[] Rates = [0.060, 0.080, 0.045];

    private static readonly string[] EnglishFiller =
    [
        "the", "of", "to", "in", "for", "on", "with", "by", "is", "are", "will", "shall", "be", "as", "at", "from", "this", "that", "these",
        "city", "cities", "zone", "zones", "area", "areas", "comprehensive", "export", "import", "retail", "goods",
        "promote", "improve", "strengthen", "encourage", "develop", "implement", "establish", "expand", "accelerate", "ensure",
        "national", "provincial", "government", "departments", "relevant", "measures", "requirements", "construction", "development",
        "mechanism", "coordination", "efficiency", "quality", "capacity", "new", "further", "overall", "key", "major", "annual", "plan",
    ];

    private static readonly string[] ChineseFiller =
    [
        "推动", "加快", "完善", "提升", "鼓励", "引导", "促进", "推进", "落实", "扩大", "开展", "加大", "力度", "部门", "要求", "措施", "零售",
        "城市", "发展", "质量", "效率", "进一步", "年度", "积极", "稳步", "切实", "有序", "各类", "主体", "原则", "增强", "保障", "推广", "经验",
        "举措", "市场", "消费", "国内", "国际", "高质量",
    ];

    private static readonly string[] Issuers =
    [
        "State Council", "Ministry of Commerce", "General Administration of Customs", "State Taxation Administration",
        "Ministry of Finance", "National Development and Reform Commission", "State Administration of Foreign Exchange", "Provincial Government",
    ];

    public static void Write(string folder, IDictionary<string, object> truth)
    {
        var rng = new Rng(20150004);
        var directory = Path.Combine(folder, "policy_documents");
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.GetFiles(directory, "*.txt"))
        {
            File.Delete(old);
        }

        WriteThemes(folder);
        var keywordTokens = Themes.SelectMany(t => t.English).SelectMany(Words).ToHashSet(StringComparer.Ordinal);
        var keywordChars = Themes.SelectMany(t => t.Chinese).SelectMany(k => k).ToHashSet();
        Common.Require(EnglishFiller.All(w => !keywordTokens.Contains(w)), "an English filler word is a keyword token");
        Common.Require(ChineseFiller.All(w => w.All(ch => !keywordChars.Contains(ch))), "a Chinese filler word shares a character with a keyword");
        Common.Require("第号文件年".All(ch => !keywordChars.Contains(ch)), "a title character is a keyword character");

        var index = new Csv("file", "language", "year", "issuer", "tokens", "hits_digital_infrastructure", "hits_service_industry_agglomeration", "hits_business_environment");
        var totalTokens = 0L;
        var totalHits = new long[Themes.Length];
        for (var d = 0; d < 64; d++)
        {
            // 28 English, 28 Chinese and 8 bilingual documents (a Chinese body followed by an English summary).
            var language = d % 8 == 7 ? "bilingual" : d % 8 is 2 or 5 or 6 ? "chinese" : "english";
            if (d >= 56 && language == "english")
            {
                language = "chinese";
            }

            var year = 2015 + rng.Below(10);
            var issuer = Issuers[rng.Below(Issuers.Length)];
            var tokens = 0;
            var hits = new int[Themes.Length];
            var text = new StringBuilder();
            if (language is "chinese" or "bilingual")
            {
                text.Append(CultureInfo.InvariantCulture, $"第{d + 1:00}号文件（{year}年）\n");
                tokens += 7; // 第, NN, 号, 文, 件, YYYY, 年
                Chinese(rng, 3 + rng.Below(3), text, ref tokens, hits);
            }

            if (language is "english" or "bilingual")
            {
                if (language == "english")
                {
                    text.Append(CultureInfo.InvariantCulture, $"Document {d + 1:00} ({year}).\n");
                    tokens += 3; // document, NN, YYYY
                }

                English(rng, language == "english" ? 8 + rng.Below(6) : 3, text, ref tokens, hits);
            }

            var file = $"doc{d + 1:00}.txt";
            File.WriteAllText(Path.Combine(directory, file), text.ToString(), new UTF8Encoding(false));
            index.Row(file, language, year, issuer, tokens, hits[0], hits[1], hits[2]);
            totalTokens += tokens;
            for (var k = 0; k < hits.Length; k++)
            {
                totalHits[k] += hits[k];
            }
        }

        index.Save(Path.Combine(folder, "policy_documents.csv"));
        truth["policy_documents"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["documents"] = 64,
            ["tokens"] = totalTokens,
            ["theme_frequency"] = Enumerable.Range(0, Themes.Length).ToDictionary(k => Themes[k].Theme, k => Math.Round((double)totalHits[k] / totalTokens, 6)),
            ["theme_hits"] = Enumerable.Range(0, Themes.Length).ToDictionary(k => Themes[k].Theme, k => totalHits[k]),
        };
    }

    private static void English(Rng rng, int sentences, StringBuilder text, ref int tokens, int[] hits)
    {
        for (var s = 0; s < sentences; s++)
        {
            var words = new List<string>();
            var length = 10 + rng.Below(10);
            var lastWasKeyword = true; // a sentence starts with a filler word
            for (var w = 0; w < length; w++)
            {
                var theme = lastWasKeyword ? -1 : PickTheme(rng);
                if (theme < 0)
                {
                    words.Add(EnglishFiller[rng.Below(EnglishFiller.Length)]);
                    tokens++;
                    lastWasKeyword = false;
                    continue;
                }

                var keyword = Themes[theme].English[rng.Below(Themes[theme].English.Length)];
                words.Add(keyword);
                var keywordWords = Words(keyword);
                tokens += keywordWords.Length;
                for (var k = 0; k < Themes.Length; k++)
                {
                    // The inserted keyword is one hit for its theme; another theme gains a hit when one of its keywords
                    // is a whole-word part of it ("logistics" in "logistics informatization").
                    hits[k] += k == theme ? 1 : Themes[k].English.Any(o => Contains(keywordWords, Words(o))) ? 1 : 0;
                }

                lastWasKeyword = true;
            }

            var sentence = string.Join(" ", words);
            text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1)).Append(s % 4 == 3 ? ".\n" : ". ");
        }

        text.Append('\n');
    }

    private static void Chinese(Rng rng, int sentences, StringBuilder text, ref int tokens, int[] hits)
    {
        for (var s = 0; s < sentences; s++)
        {
            var length = 10 + rng.Below(10);
            var lastWasKeyword = true;
            for (var w = 0; w < length; w++)
            {
                var theme = lastWasKeyword ? -1 : PickTheme(rng);
                if (theme < 0)
                {
                    var filler = ChineseFiller[rng.Below(ChineseFiller.Length)];
                    text.Append(filler);
                    tokens += filler.Length; // each filler character is a token of its own
                    lastWasKeyword = false;
                    continue;
                }

                // A keyword is one token (forward maximum matching finds it whole: no filler character is in any keyword).
                text.Append(Themes[theme].Chinese[rng.Below(Themes[theme].Chinese.Length)]);
                tokens++;
                hits[theme]++;
                lastWasKeyword = true;
            }

            text.Append(s % 3 == 2 ? "。\n" : (s % 2 == 0 ? "，" : "；"));
        }

        text.Append('\n');
    }

    private static int PickTheme(Rng rng)
    {
        var u = rng.Uniform();
        for (var k = 0; k < Rates.Length; k++)
        {
            if (u < Rates[k])
            {
                return k;
            }

            u -= Rates[k];
        }

        return -1;
    }

    private static string[] Words(string phrase)
        => phrase.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToArray();

    private static bool Contains(string[] haystack, string[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteThemes(string folder)
    {
        var themes = Themes.Select(t => new SortedDictionary<string, object>(StringComparer.Ordinal) { ["name"] = t.Theme, ["keywords"] = t.English.Concat(t.Chinese).ToArray() }).ToArray();
        Common.WriteJson(Path.Combine(folder, "policy_themes.json"), new Dictionary<string, object> { ["themes"] = themes });
    }
}
