using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

/// <summary>Shapes and invariants of the committed synthetic datasets in data/ (see data/README.md).</summary>
public sealed class ExampleDataTests
{
    private static readonly string DataFolder = FindDataFolder();

    [Fact]
    public void ProvincesDigitalHasThirtyProvincesOverElevenYears()
    {
        var data = Read("provinces_digital.csv", "province", "year", "region");
        Assert.Equal(330, data.RowCount);
        AssertBalanced(data, 30, 2011, 2021);
        AssertMunicipalities(data);
        AssertRegions(data, ("east", 11), ("central", 8), ("west", 11));

        // The 11 indicators of the digital-economy paper's Table 1: six interior cells are missing, nothing else.
        string[] indicators =
        [
            "digital_staff_share", "ln_software_revenue", "ln_info_service_revenue", "internet_penetration", "mobile_usage",
            "fiber_density", "ln_ecommerce", "dfi_index", "dfi_depth", "dfi_breadth", "dfi_digitization",
        ];
        var missing = indicators.Sum(c => data[c].MissingCount);
        Assert.Equal(6, missing);
        foreach (var column in data.Columns.Where(c => c is NumericColumn && !indicators.Contains(c.Name)))
        {
            Assert.Equal(0, column.MissingCount);
        }

        foreach (var name in indicators)
        {
            var column = data.Numeric(name);
            for (var row = 0; row < data.RowCount; row++)
            {
                if (column.IsMissing(row))
                {
                    Assert.InRange(data.Time.NumericValue(row), 2012, 2020);
                }
            }
        }

        // The secondary-output location quotient (the study's industrial agglomeration) has a GDP-weighted mean of 1 per year.
        var lq = LocationQuotient.Compute(data, "secondary_output", "gdp", "ic");
        foreach (var (_, rows) in YearRows(data))
        {
            var gdp = data.Numeric("gdp");
            var weighted = rows.Sum(r => gdp[r] * lq.Values[r]) / rows.Sum(r => gdp[r]);
            Assert.Equal(1.0, weighted, 1e-12);
        }
    }

    [Fact]
    public void ProvincesDigitalIndexBuildsAfterInterpolation()
    {
        var data = Read("provinces_digital.csv", "province", "year", "region");
        string[] indicators =
        [
            "digital_staff_share", "ln_software_revenue", "ln_info_service_revenue", "internet_penetration", "mobile_usage",
            "fiber_density", "ln_ecommerce", "dfi_index", "dfi_depth", "dfi_breadth", "dfi_digitization",
        ];
        Assert.Throws<InvalidOperationException>(() => EntropyWeight.Compute(data, indicators.Select(c => Indicator.Positive(c)).ToArray()));

        // The study fills the interior gaps by linear interpolation within each province (in place).
        foreach (var name in indicators)
        {
            data = data.Interpolate(name, name);
        }

        Assert.All(indicators, name => Assert.Equal(0, data[name].MissingCount));

        static string Dimension(int j) => j < 3 ? "digital industry" : j < 7 ? "digitalization of industry" : "digital finance";
        var result = EntropyWeight.Compute(data, indicators.Select((c, j) => Indicator.Positive(c, Dimension(j))).ToArray(), "de");
        Assert.Equal(11, result.Weights.Rows.Count);
        Assert.Equal(3, result.Weights.Dimensions.Count);
        Assert.Equal(1.0, result.Weights.Dimensions.Sum(d => d.Weight), 1e-12);
        Assert.All(result.Index.Values.ToArray(), v => Assert.InRange(v, 0.0, 1.0));
    }

    [Fact]
    public void ProvincesVirtualHasTwentyNineProvincesOverTenYears()
    {
        var data = Read("provinces_virtual.csv", "province", "year", "region");
        Assert.Equal(290, data.RowCount);
        AssertBalanced(data, 29, 2013, 2022);
        AssertRegions(data, ("east", 11), ("central", 8), ("west", 10));
        Assert.All(data.Columns, c => Assert.Equal(0, c.MissingCount));
        Assert.DoesNotContain("Qinghai", data.Unit.Levels);

        var index = EntropyWeight.Compute(
            data,
            [
                Indicator.Positive("internet_users"), Indicator.Positive("broadband_ports"), Indicator.Positive("ecommerce_firm_share"),
                Indicator.Positive("websites_per_100_firms"), Indicator.Positive("software_staff_share"), Indicator.Positive("telecom_per_capita"),
                Indicator.Negative("mobile_data_price"),
            ],
            "va");
        Assert.Equal(1.0, index.Weights.Rows.Sum(r => r.Weight), 1e-12);
    }

    [Fact]
    public void CitiesHaveStaggeredPilotsAndThePapersMissingCells()
    {
        var data = Read("cities_cbec.csv", "city", "year", "province", "region", "ind_struct", "city_size");
        Assert.Equal(3360, data.RowCount);
        AssertBalanced(data, 280, 2010, 2021);
        Assert.Equal("C001", data.Unit.Levels[0]);
        Assert.Equal("C280", data.Unit.Levels[^1]);

        var pilot = data.Numeric("pilot_year");
        var treat = data.Numeric("treat");
        var cbec = data.Numeric("cbec");
        var firstYears = new Dictionary<string, double>();
        for (var row = 0; row < data.RowCount; row++)
        {
            var city = data.Unit[row]!;
            if (firstYears.TryGetValue(city, out var year))
            {
                Assert.Equal(year, pilot[row]); // pilot year is constant within a city
            }

            firstYears[city] = pilot[row];
            Assert.Equal(pilot[row] > 0 ? 1.0 : 0.0, treat[row]);
            Assert.Equal(pilot[row] > 0 && data.Time.NumericValue(row) >= pilot[row] ? 1.0 : 0.0, cbec[row]);
        }

        Assert.Equal(105, firstYears.Values.Count(y => y > 0));
        var batches = firstYears.Values.Where(y => y > 0).GroupBy(y => y).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray();
        Assert.Equal([(2015.0, 1), (2016.0, 12), (2018.0, 22), (2019.0, 24), (2020.0, 46)], batches);

        Assert.Equal(9, data["lnaca"].MissingCount);
        Assert.Equal(35, data["urban"].MissingCount);
        Assert.Equal(517, data["emp_research"].MissingCount);
        var completeControls = Enumerable.Range(0, data.RowCount).Count(r => !data["lnaca"].IsMissing(r) && !data["urban"].IsMissing(r));
        Assert.Equal(3316, completeControls); // the paper's Table 4 N

        AssertRegions(data, ("central", 78), ("east", 84), ("northeast", 34), ("west", 84));
        Assert.Equal(["large", "medium", "mega"], data.Categorical("city_size").Levels);
        Assert.Equal(["secondary", "tertiary"], data.Categorical("ind_struct").Levels);
        Assert.Equal(13 * 12, data.Numeric("jjj").Values.ToArray().Count(v => v == 1));
        Assert.Equal(27 * 12, data.Numeric("yrd").Values.ToArray().Count(v => v == 1));
        Assert.Equal(9 * 12, data.Numeric("prd").Values.ToArray().Count(v => v == 1));

        // The producer-service location quotient of eq. (11): missing exactly where research employment is missing.
        var spec = LocationQuotient.Compute(data, ["emp_transport", "emp_it", "emp_finance", "emp_leasing", "emp_research"], "emp_total", "spec");
        Assert.Equal(517, spec.Values.MissingCount);
        Assert.Equal(517, Assert.Single(spec.Notes).Count);
    }

    [Fact]
    public void PolicyDocumentsMatchTheGeneratorsKeywordCounts()
    {
        var themes = ThemeFrequency.LoadThemes(Path.Combine(DataFolder, "policy_themes.json"));
        Assert.Equal(["Digital Infrastructure", "Service Industry Agglomeration", "Business Environment"], themes.Select(t => t.Name));
        var result = ThemeFrequency.AnalyzeFolder(Path.Combine(DataFolder, "policy_documents"), themes);
        Assert.Equal(64, result.Documents.Count);
        Assert.Empty(result.Notes);

        // data/policy_documents.csv records, per document, the tokens and hits the generator wrote (an independent count).
        var index = File.ReadAllLines(Path.Combine(DataFolder, "policy_documents.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(64, index.Length);
        Assert.Equal(3, index.Select(f => f[1]).Distinct().Count()); // english, chinese, bilingual
        foreach (var fields in index)
        {
            var tokens = int.Parse(fields[4], CultureInfo.InvariantCulture);
            for (var t = 0; t < themes.Count; t++)
            {
                var count = result[fields[0], themes[t].Name];
                Assert.Equal(tokens, count.Tokens);
                Assert.Equal(int.Parse(fields[5 + t], CultureInfo.InvariantCulture), count.Hits);
            }
        }
    }

    private static PanelData Read(string file, string unit, string time, params string[] text)
        => PanelData.ReadCsv(Path.Combine(DataFolder, file), unit, time, new CsvReadOptions().Categorical(text));

    private static void AssertBalanced(PanelData data, int units, int first, int last)
    {
        Assert.Equal(units, data.Unit.LevelCount);
        Assert.Equal(Enumerable.Range(first, last - first + 1).Select(y => y.ToString(CultureInfo.InvariantCulture)), data.Time.Levels);
        var keys = Enumerable.Range(0, data.RowCount).Select(r => (data.Unit.Codes[r], data.Time.Codes[r])).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count()); // no duplicate (unit, time) pairs
        Assert.Equal(units * (last - first + 1), keys.Length);
    }

    private static void AssertMunicipalities(PanelData data)
    {
        var flag = data.Numeric("municipality");
        var municipalities = Enumerable.Range(0, data.RowCount).Where(r => flag[r] == 1).Select(r => data.Unit[r]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["Beijing", "Chongqing", "Shanghai", "Tianjin"], municipalities);
    }

    private static void AssertRegions(PanelData data, params (string Region, int Units)[] expected)
    {
        var region = data.Categorical("region");
        var units = Enumerable.Range(0, data.RowCount).GroupBy(r => region[r]!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(r => data.Unit.Codes[r]).Distinct().Count())).ToArray();
        Assert.Equal(expected.OrderBy(e => e.Region, StringComparer.Ordinal).ToArray(), units);
    }

    private static IEnumerable<(string Year, int[] Rows)> YearRows(PanelData data)
        => Enumerable.Range(0, data.RowCount).GroupBy(r => data.Time[r]!).Select(g => (g.Key, g.ToArray()));

    private static string FindDataFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelDsl.sln")))
            {
                return Path.Combine(directory.FullName, "data");
            }
        }

        throw new DirectoryNotFoundException($"No ModelDsl.sln above {AppContext.BaseDirectory}; the example-data tests run inside the repository.");
    }
}
