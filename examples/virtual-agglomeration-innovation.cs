#:project ../src/ModelDsl/ModelDsl.csproj
// The virtual-agglomeration paper ("Virtual agglomeration and regional innovation", provincial panel 2013–2022,
// 29 provinces in three belts), reproduced on the synthetic data/provinces_virtual.csv.
//
//   Table 1  entropy-weight virtual-agglomeration index (VA) from 7 indicators (mobile data price is a cost indicator)
//   Table 2  descriptive statistics
//   Table 3  baseline two-way fixed effects of regional innovation on VA
//   Table 4  heterogeneity: east, central and west
//   Table 5  mechanism: VA -> digital infrastructure -> innovation
//   Table 6  moderation by human capital and by institutional quality
//   Table 7  threshold effect of VA by digital infrastructure (Hansen's panel threshold regression); Figure 2 its LR profile
//   Table 8  spatial Durbin model of innovation (two-way effects, Lee–Yu corrected) with SAR and SEM, effects, Wald/LR tests
//   Figure 1 the effect of VA by region (coefficient plot)
//
// Run from the repository root: dotnet run examples/virtual-agglomeration-innovation.cs
// Tables go to output/virtual-agglomeration-innovation/ as Markdown (.md) and LaTeX (.tex), the figure as PNG.
using System.Text.Json;
using ModelDsl;
using ModelDsl.Data;
using ModelDsl.Measures;
using ModelDsl.Mechanisms;
using ModelDsl.Reporting;
using ModelDsl.Spatial;
using static ProvinceYear.Columns;

var output = Path.Combine("output", "virtual-agglomeration-innovation");
Directory.CreateDirectory(output);
var tables = new TableOutput(output, ".md", ".tex") { Echo = Console.Out }; // every table as Markdown and LaTeX, shown as text

// ---------------------------------------------------------------------------------------------------------------
// Data: the typed loader of the raw CSV.
PanelData data = ProvincesVirtual.Load();
Console.WriteLine(data.Structure.Describe());

// Table 1: virtual agglomeration as an entropy-weight index. Six benefit indicators and one cost indicator.
Indicator[] indicators =
[
    Indicator.Positive("internet_users", "Digital users"),
    Indicator.Positive("broadband_ports", "Digital users"),
    Indicator.Positive("ecommerce_firm_share", "Online firms"),
    Indicator.Positive("websites_per_100_firms", "Online firms"),
    Indicator.Positive("software_staff_share", "Digital talent"),
    Indicator.Positive("telecom_per_capita", "Digital services"),
    Indicator.Negative("mobile_data_price", "Digital services"),
];
var index = EntropyWeight.Compute(data, indicators, "va");
data = index.AddTo(data);
var indicatorLabels = new Dictionary<string, string>
{
    ["internet_users"] = "Internet users per 100 people",
    ["broadband_ports"] = "Broadband ports per 100 people",
    ["ecommerce_firm_share"] = "Firms trading online (%)",
    ["websites_per_100_firms"] = "Websites per 100 firms",
    ["software_staff_share"] = "Software and IT staff share (%)",
    ["telecom_per_capita"] = "Telecom business per capita",
    ["mobile_data_price"] = "Mobile data price",
};
tables.Write(
    "table1_va_weights",
    IndicatorSystemTable.Of(index).Title("Table 1. Virtual agglomeration: entropy weights").Descriptions(indicatorLabels)
        .ColumnTitles("Dimension", "Indicator", "Properties", "Entropy e", "Redundancy d", "Weight w").Subtotals(false)
        .Note($"Entropy-weight method pooled over {data.RowCount} province-years; min–max normalised by direction (− = cost indicator), no shift.")
        .Build());

// The analysis data set, typed by the ProvinceYear record below (VA gets a handle too).
var study = new Dataset<ProvinceYear>(data);
var labels = new Dictionary<string, string>
{
    ["Inno"] = "Regional innovation", ["Va"] = "Virtual agglomeration", ["DigInfra"] = "Digital infrastructure",
    ["HumCap"] = "Human capital", ["InstQuality"] = "Institutional quality", ["TechSoph"] = "Technological sophistication",
    ["LnPgdp"] = "ln GDP per capita", ["Open"] = "Openness", ["Gov"] = "Government intervention", ["Urban"] = "Urbanisation",
    ["Va:HumCap"] = "VA × Human capital", ["Va:InstQuality"] = "VA × Institutional quality",
};

// The paper's table style: labels, controls collapsed to a Yes/No row, t values under the estimates.
var paper = TableStyle.Default
    .Labels(labels)
    .Label(ModelDsl.Results.RegressionResult.InterceptName, "Constant")
    .Order("Va")
    .Controls()
    .FixedEffectLabel("Province", "Province FE")
    .FixedEffectLabel("Year", "Year FE");

// ---------------------------------------------------------------------------------------------------------------
// Table 2: descriptive statistics.
var described = new[] { "Inno", "Va", "DigInfra", "HumCap", "InstQuality", "TechSoph", "LnPgdp", "Open", "Gov", "Urban" };
var descriptive = DescriptiveStatistics.Compute(study.Data, described, new DescriptiveOptions { Labels = labels });
tables.Write("table2_descriptive", DescriptiveTable.Of(descriptive).Title("Table 2. Descriptive statistics").Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 3: baseline two-way fixed effects, errors clustered by province.
var plain = Regress(Inno).On(Va).Fe(Province, Year).Cluster(Province).Fit(study);
var baselineModel = Regress(Inno).On(Va).Controls(LnPgdp, Open, Gov, Urban, TechSoph).Fe(Province, Year).Cluster(Province);
var baseline = baselineModel.Fit(study);
tables.Write("table3_baseline", RegressionTable.Of(plain, baseline).Style(paper).Title("Table 3. Baseline regression: virtual agglomeration and regional innovation").Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 4: heterogeneity by belt — the baseline model on each region's provinces.
// By(...) fits the split samples, the pooled interaction model and a stacked (seemingly unrelated) comparison.
string[] regions = ["east", "central", "west"];
var heterogeneity = baselineModel.By(Region).Fit(study);
var byRegion = regions.Select(r => heterogeneity.Groups.Single(g => g.Level == r).Fit).ToArray();
tables.Write(
    "table4_heterogeneity_region",
    HeterogeneityTable.Split(heterogeneity, Va.ColumnName, ("east", "Eastern region"), ("central", "Central region"), ("west", "Western region")).Style(paper)
        .Title("Table 4. Heterogeneity by region")
        .Build());

var figure = new CoefficientFigure(regions.Zip(byRegion).Select(p => new CoefficientSeries(
    p.First,
    [new CoefficientEstimate("Virtual agglomeration", p.Second["Va"].Estimate, p.Second["Va"].ConfidenceLow, p.Second["Va"].ConfidenceHigh)])))
{
    Title = "Figure 1. The effect of virtual agglomeration by region (95% CI)",
};
figure.SavePng(Path.Combine(output, "figure1_heterogeneity_region.png"));

// ---------------------------------------------------------------------------------------------------------------
// Table 5: the mechanism through digital infrastructure: total effect, VA -> infrastructure, and VA and
// infrastructure together.
var mediation = Mediate(Inno).Treatment(Va).Through(DigInfra).Controls(LnPgdp, Open, Gov, Urban, TechSoph)
    .Fe(Province, Year).Cluster(Province).Fit(study);
var toInfrastructure = mediation.MediatorModel;
var withInfrastructure = mediation.Outcome;
var table5 = MediationTable.Of(mediation, includeTotal: true).Style(paper).Order("Va", "DigInfra").Title("Table 5. Mechanism: digital infrastructure");
tables.Write("table5_mechanism_infrastructure", table5.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 6: moderation — VA interacted with human capital and with institutional quality.
// Moderate centres VA and the moderator at their sample means and gives the marginal effect of VA at the
// moderator's mean − sd, mean and mean + sd (delta-method standard errors); column (3) puts both raw interactions in
// one model.
NumericTerm<ProvinceYear>[] vaControls = [LnPgdp, Open, Gov, Urban, TechSoph];
var byHuman = Moderate(Inno).Effect(Va).By(HumCap).Controls(vaControls).Fe(Province, Year).Cluster(Province).Fit(study);
var byInstitutions = Moderate(Inno).Effect(Va).By(InstQuality).Controls(vaControls).Fe(Province, Year).Cluster(Province).Fit(study);
var byBoth = Regress(Inno).On(Va, HumCap, Va * HumCap, InstQuality, Va * InstQuality).Controls(LnPgdp, Open, Gov, Urban, TechSoph).Fe(Province, Year).Cluster(Province).Fit(study);
string Centred(string name) => ModerationSpecification.CentredName(name);
var table6 = RegressionTable.Of(byHuman.Regression, byInstitutions.Regression, byBoth).Style(paper)
    .Order(Centred("Va"), Centred("HumCap"), ModerationSpecification.InteractionName("Va", "HumCap"), Centred("InstQuality"), ModerationSpecification.InteractionName("Va", "InstQuality"),
        "Va", "HumCap", "Va:HumCap", "InstQuality", "Va:InstQuality")
    .Label(Centred("Va"), "Virtual agglomeration (centred)").Label(Centred("HumCap"), "Human capital (centred)").Label(Centred("InstQuality"), "Institutional quality (centred)")
    .Label(ModerationSpecification.InteractionName("Va", "HumCap"), "VA × Human capital (centred)").Label(ModerationSpecification.InteractionName("Va", "InstQuality"), "VA × Institutional quality (centred)")
    .Title("Table 6. Moderation by human capital and institutional quality");
foreach (var m in new[] { byHuman, byInstitutions })
{
    table6 = table6.Note($"Effect of VA at {m.Moderator} = " + string.Join("; ", m.MarginalEffects.Select(e => $"{e.ModeratorValue:0.00}: {e.Estimate:0.000} (SE {e.StandardError:0.000})")) + ".");
}

tables.Write("table6_moderation", table6.Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 7: is the effect of VA contingent on digital infrastructure? Hansen's (1999) panel threshold regression with
// province effects, VA's coefficient allowed to differ below and above a threshold of DIG_INFRA found by grid search,
// the threshold's existence tested by a 300-draw residual bootstrap (seeded), errors clustered by province. Figure 2:
// the likelihood-ratio profile of the threshold with its 95% critical value.
var threshold = Threshold(Inno).On(Va).By(DigInfra).Regimes(2).Controls(LnPgdp, Open, Gov, Urban, TechSoph)
    .Fe(Province).Cluster(Province).Bootstrap(300, seed: 1).Fit(study);
tables.Write("table7_threshold_tests", ThresholdTable.Of(threshold));
tables.Write("table7_threshold_regimes", ThresholdTable.Regimes(threshold).Title("Table 7. Threshold effect of VA by digital infrastructure").Build());
(new ThresholdFigure(threshold) with { Title = "Figure 2. Likelihood ratio of the digital-infrastructure threshold" }).SavePng(Path.Combine(output, "figure2_threshold_lr.png"));

// ---------------------------------------------------------------------------------------------------------------
// Table 8: spillovers. Spatial lag, error and Durbin models of innovation with province and year effects (Lee and Yu's
// bias-corrected quasi-ML), W the row-standardised land contiguity of the 29 provinces (data/province_neighbours.csv;
// Hainan linked to Guangdong). The Durbin column splits VA's effect into the own-province (direct) and neighbours'
// (indirect) parts; the Wald and LR tests ask whether the SDM reduces to the SAR (θ = 0) or the SEM (θ = −ρβ).
var provinces = study.Data.Unit.Levels.ToArray();
var contiguity = SpatialWeights.ReadNeighbourCsv(FindData("province_neighbours.csv"), provinces, "province", "neighbour").RowStandardize();
var spatialModel = Model.Spatial(Inno).On(Va, LnPgdp, Open, Gov, Urban, TechSoph).Weights(contiguity).Fe(Province, Year);
var sar = spatialModel.Fit(study.Data);
var sem = spatialModel.Error().Fit(study.Data);
var sdm = spatialModel.Durbin().Fit(study.Data);
tables.Write("table8_spatial_durbin", SpatialTable.Of(sar, sem, sdm).Decimals(3)
    .Tests(sdm.WaldDurbinTerms(), sdm.LikelihoodRatio(sar), sdm.WaldCommonFactor(), sdm.LikelihoodRatio(sem))
    .Title("Table 8. Spatial spillovers of virtual agglomeration"));

// ---------------------------------------------------------------------------------------------------------------
// The truth of the synthetic data and what the estimates recovered.
using var truthFile = File.OpenRead(FindData("truth.json"));
var truth = JsonDocument.Parse(truthFile).RootElement.GetProperty("provinces_virtual");
double T(string key) => truth.GetProperty(key).GetDouble();
var a = T("effect_va_on_dig_infra_a");
var b = T("effect_dig_infra_on_inno_b");
var direct = truth.GetProperty("effect_va_on_inno_direct_at_centre");
Console.WriteLine();
Console.WriteLine("True effects of the synthetic data (data/truth.json) and what the estimates recovered:");
Console.WriteLine($"  VA -> innovation, average total effect      true {T("average_total_effect_va_on_inno"),6:0.000}   Table 3 col (2): {baseline["Va"].Estimate,6:0.000} (SE {baseline["Va"].StandardError:0.000})");
var centres = truth.GetProperty("moderator_centres");
foreach (var (region, fit) in regions.Zip(byRegion))
{
    // The true effect of a province-year is direct(region) + a*b + 0.15 (hum_cap - 9.5) + 0.05 (inst_quality - 7);
    // its average over the region's rows uses the true parameters and the observed moderators.
    var rows = study.Data.KeepGroups(Region.ColumnName, region);
    var human = rows.Numeric(HumCap.ColumnName).Values.ToArray().Average() - centres.GetProperty("hum_cap").GetDouble();
    var institutions = rows.Numeric(InstQuality.ColumnName).Values.ToArray().Average() - centres.GetProperty("inst_quality").GetDouble();
    var average = direct.GetProperty(region).GetDouble() + (a * b) + (T("moderation_hum_cap") * human) + (T("moderation_inst_quality") * institutions);
    Console.WriteLine($"  VA -> innovation, {region,-7} (region average)  true {average,6:0.000}   Table 4: {fit["Va"].Estimate,6:0.000} (SE {fit["Va"].StandardError:0.000})");
}

Console.WriteLine($"  VA -> digital infrastructure (a)             true {a,6:0.000}   Table 5 col (2): {toInfrastructure["Va"].Estimate,6:0.000} (SE {toInfrastructure["Va"].StandardError:0.000})");
Console.WriteLine($"  digital infrastructure -> innovation (b)     true {b,6:0.000}   Table 5 col (3): {withInfrastructure["DigInfra"].Estimate,6:0.000} (SE {withInfrastructure["DigInfra"].StandardError:0.000})");
Console.WriteLine($"  indirect effect a x b                        true {a * b,6:0.000}   Table 5: {mediation.Indirect,6:0.000} (Sobel z {mediation.Sobel.Z:0.00})");
Console.WriteLine($"  VA x human capital                           true {T("moderation_hum_cap"),6:0.000}   Table 6 col (1): {byHuman.Interaction.Estimate,6:0.000}, col (3): {byBoth["Va:HumCap"].Estimate,6:0.000} (SE {byBoth["Va:HumCap"].StandardError:0.000})");
Console.WriteLine($"  VA x institutional quality                   true {T("moderation_inst_quality"),6:0.000}   Table 6 col (2): {byInstitutions.Interaction.Estimate,6:0.000}, col (3): {byBoth["Va:InstQuality"].Estimate,6:0.000} (SE {byBoth["Va:InstQuality"].StandardError:0.000})");
Console.WriteLine("  (Human capital and institutional quality move together across provinces and years, so each one-moderator column");
Console.WriteLine("   also picks up the other's moderation; column (3) with both interactions separates them.)");
Console.WriteLine($"  Mean VA: true {T("va_mean"):0.0000}, index {descriptive["Va"].Mean:0.0000}");
Console.WriteLine($"Tables and figure written to {Path.GetFullPath(output)}");
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

    throw new FileNotFoundException($"data/{file} is not under the current directory ({Directory.GetCurrentDirectory()}); run the script from the repository root.", file);
}

/// <summary>The raw CSV: typed handles for its columns and a typed loader.</summary>
[Panel("../data/provinces_virtual.csv", Unit = "province", Time = "year")]
partial class ProvincesVirtual;

/// <summary>The analysis data set: the CSV's variables plus the constructed VA index.</summary>
[Panel(Unit = nameof(Province), Time = nameof(Year))]
partial record ProvinceYear(
    string Province, int Year, string Region, double Inno, double Va, double DigInfra, double HumCap, double InstQuality,
    double TechSoph, double LnPgdp, double Open, double Gov, double Urban);
