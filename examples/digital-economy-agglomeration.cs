#:project ../src/ModelDsl/ModelDsl.csproj
// The digital-economy paper (Dong and Ding, "The Digital Economy on Industrial Agglomeration: Inhibitor or
// Facilitator?"), reproduced end to end on the synthetic data/provinces_digital.csv: 30 provinces, 2011–2021.
//
//   Table 1  entropy-weight digital-economy index (DE) from 11 indicators, after interpolating the 6 missing cells
//   —        industrial agglomeration (IC): location quotient of secondary output in GDP
//   Table 2  descriptive statistics
//   Table 3  stepwise baseline, province and year fixed effects, six columns
//   Table 4  robustness: lagged outcome, without the four municipalities, pooled OLS, 2SLS with L.DE as instrument
//   Table 5  mediation through technological innovation (TI) with the Sobel test
//
// Run from the repository root: dotnet run examples/digital-economy-agglomeration.cs
// Tables go to output/digital-economy-agglomeration/ as Markdown (.md) and LaTeX (.tex).
using System.Text.Json;
using ModelDsl;
using ModelDsl.Data;
using ModelDsl.Measures;
using ModelDsl.Mechanisms;
using ModelDsl.Reporting;
using ModelDsl.Results;
using static ProvinceYear.Columns;

var output = Path.Combine("output", "digital-economy-agglomeration");
Directory.CreateDirectory(output);
var tables = new TableOutput(output, ".md", ".tex") { Echo = Console.Out }; // every table as Markdown and LaTeX, shown as text

// ---------------------------------------------------------------------------------------------------------------
// Data: the typed loader of the raw CSV (the file's columns and kinds are checked at compile time).
PanelData raw = ProvincesDigital.Load();
Console.WriteLine(raw.Structure.Describe());

// The paper fills "very few missing data" by linear interpolation within each province (6 cells here).
string[] indicatorColumns =
[
    .. new[]
    {
        ProvincesDigital.DigitalStaffShare, ProvincesDigital.LnSoftwareRevenue, ProvincesDigital.LnInfoServiceRevenue,
        ProvincesDigital.InternetPenetration, ProvincesDigital.MobileUsage, ProvincesDigital.FiberDensity, ProvincesDigital.LnEcommerce,
        ProvincesDigital.DfiIndex, ProvincesDigital.DfiDepth, ProvincesDigital.DfiBreadth, ProvincesDigital.DfiDigitization,
    }.Select(v => v.ColumnName),
];
var missingCells = indicatorColumns.Sum(c => raw.Numeric(c).Values.ToArray().Count(double.IsNaN));
var data = raw;
foreach (var column in indicatorColumns)
{
    data = data.Interpolate(column, name: column);
}

// ---------------------------------------------------------------------------------------------------------------
// Table 1: the entropy-weight index. Three dimensions, every indicator a benefit (+) indicator.
Indicator[] indicators =
[
    Indicator.Positive("digital_staff_share", "Digital industry"),
    Indicator.Positive("ln_software_revenue", "Digital industry"),
    Indicator.Positive("ln_info_service_revenue", "Digital industry"),
    Indicator.Positive("internet_penetration", "Digitalization of industry"),
    Indicator.Positive("mobile_usage", "Digitalization of industry"),
    Indicator.Positive("fiber_density", "Digitalization of industry"),
    Indicator.Positive("ln_ecommerce", "Digitalization of industry"),
    Indicator.Positive("dfi_index", "Digital finance"),
    Indicator.Positive("dfi_depth", "Digital finance"),
    Indicator.Positive("dfi_breadth", "Digital finance"),
    Indicator.Positive("dfi_digitization", "Digital finance"),
];
var index = EntropyWeight.Compute(data, indicators, "de");
data = index.AddTo(data);

var indicatorLabels = new Dictionary<string, string>
{
    ["digital_staff_share"] = "Percentage of digital industry personnel (%)",
    ["ln_software_revenue"] = "Size of software business revenue (log)",
    ["ln_info_service_revenue"] = "Size of information services revenue (log)",
    ["internet_penetration"] = "Internet penetration rate (%)",
    ["mobile_usage"] = "Mobile phone usage (%)",
    ["fiber_density"] = "Fiber optic cable density",
    ["ln_ecommerce"] = "E-commerce transaction size (log)",
    ["dfi_index"] = "Digital Finance Index",
    ["dfi_depth"] = "Depth of use",
    ["dfi_breadth"] = "Breadth of coverage",
    ["dfi_digitization"] = "Degree of digitization",
};
var table1 = IndicatorSystemTable.Of(index)
    .Title("Table 1. Comprehensive evaluation indicators for the digital economy (entropy weights)")
    .Descriptions(indicatorLabels)
    .Note($"Entropy-weight method, pooled over the {indicators.Length} indicators' {data.RowCount} province-years, min–max normalised without shift; the {missingCells} missing cells were filled by linear interpolation within the province first.");
tables.Write("table1_entropy_weights", table1.Build());

// Industrial agglomeration: the location quotient ("location entropy") of secondary output in GDP, the nation
// being the 30 provinces of each year.
var agglomeration = LocationQuotient.Compute(data, "secondary_output", "gdp", "ic");
data = agglomeration.AddTo(data);

// The analysis data set, typed by the ProvinceYear record below (the constructed DE and IC get handles too).
var study = new Dataset<ProvinceYear>(data);

// ---------------------------------------------------------------------------------------------------------------
// Table 2: descriptive statistics.
var describedColumns = new[] { Ic, De, Ti, Gov, Hum, Pgdp, Open, Edu }.Select(v => v.ColumnName).ToArray();
var labels = new Dictionary<string, string>
{
    ["Ic"] = "IC", ["De"] = "DE", ["Ti"] = "TI", ["Gov"] = "gov", ["Hum"] = "hum", ["Pgdp"] = "pgdp", ["Open"] = "open", ["Edu"] = "edu",
};

// The paper's table style: labels, controls named, t values under the estimates.
var paper = TableStyle.Default
    .Labels(labels)
    .Label("L1.Ic", "L.IC")
    .Label(RegressionResult.InterceptName, "Constant term")
    .Order("De", "Gov", "Hum", "Pgdp", "Open", "Edu", RegressionResult.InterceptName)
    .FixedEffectLabel("Year", "Fixed time")
    .FixedEffectLabel("Province", "Individual fixation");
var descriptive = DescriptiveStatistics.Compute(study.Data, describedColumns, new DescriptiveOptions { Labels = labels });
var table2 = DescriptiveTable.Of(descriptive)
    .Title("Table 2. Descriptive statistics results")
    .Columns(DescriptiveColumn.Observations, DescriptiveColumn.Mean, DescriptiveColumn.StandardDeviation, DescriptiveColumn.Minimum, DescriptiveColumn.Maximum);
tables.Write("table2_descriptive", table2.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 3: the baseline, adding one control at a time (csw), province and year fixed effects, errors clustered by
// province. The typed model is the specification; Stepwise() expands it into the six columns.
var baseline = Regress(Ic).On(De).Controls(Gov, Hum, Pgdp, Open, Edu).Fe(Province, Year).Cluster(Province);
var steps = baseline.Stepwise().Fit(study);
var table3 = RegressionTable.Of(steps).Style(paper)
    .Title("Table 3. Baseline regression results");
tables.Write("table3_baseline", table3.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 4: robustness. (1) the outcome lagged one year, (2) without the four municipalities, (3) pooled OLS, and
// (4) the endogeneity test the paper mentions: 2SLS with DE instrumented by its one-year lag (the usual lagged
// instrument of this literature), province and year fixed effects, clustered by province; the first-stage F and the
// Kleibergen–Paap statistics print under that column.
var lagged = Regress(Lag(Ic)).On(De).Controls(Gov, Hum, Pgdp, Open, Edu).Fe(Province, Year).Cluster(Province).Fit(study);
var withoutMunicipalities = new Dataset<ProvinceYear>(study.Data.ExcludeUnits("Beijing", "Tianjin", "Shanghai", "Chongqing"));
var noMunicipalities = baseline.Fit(withoutMunicipalities);
var pooled = Regress(Ic).On(De).Controls(Gov, Hum, Pgdp, Open, Edu).Cluster(Province).Fit(study);
var instrumented = baseline.Instrument(De, with: [Lag(De)]).Fit(study);
var table4 = RegressionTable.Of(lagged, noMunicipalities, pooled).AddColumns(instrumented).Style(paper)
    .Title("Table 4. Robustness tests")
    .ColumnTitles("L.IC", "Excluding municipalities", "OLS model", "2SLS (IV: L.DE)");
tables.Write("table4_robustness", table4.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 3b: wild cluster bootstrap inference for DE in the 30-province tables. Tables 3 and 4 cluster by province,
// 30 clusters (26 without the municipalities), too few for the cluster-robust t test to keep its size (MacKinnon and
// Webb 2017), so each column's p-value and 95% interval for DE are recomputed by the wild cluster bootstrap (WCR,
// Rademacher weights by province, 9,999 draws, seed 1). WithVcov asks the variance seam again; nothing is re-estimated.
var wild = Vcov.WildBootstrap(Province, draws: 9999, seed: 1);
var clustered = steps.Concat([lagged, noMunicipalities, pooled]).ToList();
var bootstrapped = clustered.Select(m => m.WithVcov(wild)).ToList();
var table3b = RegressionTable.Of(bootstrapped).Style(paper).Keep("De").Below(CoefficientStatistic.ConfidenceInterval)
    .Title("Table 3b. Wild cluster bootstrap inference for DE (the columns of Tables 3 and 4)")
    .ColumnTitles([.. Enumerable.Range(1, steps.Count).Select(i => $"T3 ({i})"), "T4 L.IC", "T4 excl. municipalities", "T4 OLS"])
    .AddRow("CR1 p-value (t, G - 1 df)", [.. clustered.Select(m => FormattableString.Invariant($"{m["De"].PValue:0.0000}"))])
    .AddRow("Wild bootstrap p-value", [.. bootstrapped.Select(m => FormattableString.Invariant($"{m["De"].PValue:0.0000}"))]);
tables.Write("table3b_wild_bootstrap", table3b.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 5: mediation through technological innovation, with the Sobel test.
// Model (2): TI on DE; model (3): IC on DE and TI; all three steps on one sample, errors clustered by province.
// Mediate has no typed verb yet; the typed handles' Terms keep the columns checked at compile time.
var mediation = Mediate(Ic).Treatment(De).Through(Ti).Controls(Gov, Hum, Pgdp, Open, Edu)
    .Fe(Province, Year).Cluster(Province).Fit(study);
var table5 = MediationTable.Of(mediation).Style(paper).Order("De", "Ti", RegressionResult.InterceptName)
    .Title("Table 5. Intermediary mechanism test results")
    .Controls();
tables.Write("table5_mediation", table5.Build());

// ---------------------------------------------------------------------------------------------------------------
// The truth of the synthetic data and what the estimates recovered.
using var truthFile = File.OpenRead(FindData("truth.json"));
var truth = JsonDocument.Parse(truthFile).RootElement.GetProperty("provinces_digital");
double T(string key) => truth.GetProperty(key).GetDouble();
var full = steps[^1];
Console.WriteLine();
Console.WriteLine("True effects of the synthetic data (data/truth.json) and what the estimates recovered:");
Console.WriteLine($"  DE -> IC, holding TI fixed (direct c'):   true {T("effect_de_on_ic_direct"),7:0.000}   Table 5 col (2): {mediation.CPrime.Estimate,7:0.000} (SE {mediation.CPrime.StandardError:0.000})");
Console.WriteLine($"  DE -> IC, total (c' + a*b):               true {T("effect_de_on_ic_total"),7:0.000}   Table 3 col (6): {full["De"].Estimate,7:0.000} (SE {full["De"].StandardError:0.000})");
Console.WriteLine($"                                                        without municipalities: {noMunicipalities["De"].Estimate,7:0.000}   pooled OLS: {pooled["De"].Estimate:0.000} (no province effects: biased)");
Console.WriteLine($"  DE -> TI (a):                             true {T("effect_de_on_ti_a"),7:0.000}   Table 5 col (1): {mediation.A.Estimate,7:0.000} (SE {mediation.A.StandardError:0.000})");
Console.WriteLine($"  TI -> IC (b):                             true {T("effect_ti_on_ic_b"),7:0.000}   Table 5 col (2): {mediation.B.Estimate,7:0.000} (SE {mediation.B.StandardError:0.000})");
Console.WriteLine($"  indirect a*b:                             true {T("effect_de_on_ti_a") * T("effect_ti_on_ic_b"),7:0.000}   estimated:       {mediation.Indirect,7:0.000} (Sobel z {mediation.Sobel.Z:0.00})");
var controlsTruth = truth.GetProperty("control_coefficients_in_ic");
foreach (var (name, handle) in new[] { ("gov", "Gov"), ("hum", "Hum"), ("pgdp", "Pgdp"), ("open", "Open"), ("edu", "Edu") })
{
    Console.WriteLine($"  {name,-5} -> IC:                              true {controlsTruth.GetProperty(name).GetDouble(),7:0.000}   Table 3 col (6): {full[handle].Estimate,7:0.000} (SE {full[handle].StandardError:0.000})");
}

Console.WriteLine("  (The controls' truths are direct effects holding TI fixed; Table 3 leaves TI out, so hum also carries its 2.0 x 0.02 path through TI.)");
Console.WriteLine($"  Mean DE: true {T("de_mean"):0.0000}, index {descriptive["De"].Mean:0.0000}; mean IC: true {T("ic_mean"):0.0000}, location quotient {descriptive["Ic"].Mean:0.0000}");
Console.WriteLine($"Tables written to {Path.GetFullPath(output)}");
return 0;



static string FindData(string file)
{
    foreach (var folder in new[] { "data", Path.Combine("..", "data") })
    {
        var path = Path.Combine(folder, file);
        if (File.Exists(path))
        {
            return path;
        }
    }

    throw new FileNotFoundException($"data/{file} is not under the current directory ({Directory.GetCurrentDirectory()}); run the script from the repository root: dotnet run examples/digital-economy-agglomeration.cs", file);
}

/// <summary>The raw CSV: typed handles for its columns and a typed loader.</summary>
[Panel("../data/provinces_digital.csv", Unit = "province", Time = "year")]
partial class ProvincesDigital;

/// <summary>The analysis data set: the CSV's variables plus the constructed DE and IC.</summary>
[Panel(Unit = nameof(Province), Time = nameof(Year))]
partial record ProvinceYear(string Province, int Year, double Ic, double De, double Ti, double Gov, double Hum, double Pgdp, double Open, double Edu);
