#:project ../src/ModelDsl/ModelDsl.csproj
// The trade-policy paper (Lyu, Li and Wang, "Digital trade policy and urban innovation capacity: evidence from 280
// Chinese cities"), reproduced end to end on the synthetic data/cities_cbec.csv (280 cities, 2010–2021, 105 pilot
// cities designated in five rounds) and the 64 policy documents of data/policy_documents/.
//
//   Table 2      theme frequencies of the policy documents (Table A1: the list of the documents)
//   Table 3      descriptive statistics
//   Table L      panel logit of pilot selection
//   Table 4      baseline DID: no controls, controls, without the four municipalities
//   Table 4b     the imputation estimator (Borusyak, Jaravel and Spiess 2024) beside the TWFE DID
//   Table 4c     Callaway–Sant'Anna (2021) ATTs (Figure 1c: their event study)
//   Figure 1     event study (parallel trends); Figure 1b its HonestDiD sensitivity analysis
//   Figure 2     500-draw placebo
//   Tables 5–6   PSM-DID: balance, kernel and 5:1 nearest-neighbour matching; Figure 3 common support
//   Tables 7–10  heterogeneity: region, industrial structure, city size, JJJ/YRD/PRD
//   Tables 11–13 mechanisms with the Sobel test: digital infrastructure, producer-service agglomeration, business environment
//
// Run from the repository root: dotnet run examples/cbec-urban-innovation.cs
// Tables go to output/cbec-urban-innovation/ as Markdown (.md) and LaTeX (.tex), Table 4 also as Word (.docx),
// figures as PNG.
using System.Globalization;
using System.Text.Json;
using ModelDsl;
using ModelDsl.Causal;
using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Measures;
using ModelDsl.Mechanisms;
using ModelDsl.Reporting;
using ModelDsl.Results;
using static Cities;

var output = Path.Combine("output", "cbec-urban-innovation");
Directory.CreateDirectory(output);
var tables = new TableOutput(output, ".md", ".tex") { Echo = Console.Out }; // every table as Markdown and LaTeX, shown as text
var stars = StarThresholds.Strict; // the paper marks 5%, 1% and 0.1%

// The paper's table style: CBEC first, controls collapsed to a Yes/No row, the paper's fixed-effect rows and stars.
var paper = TableStyle.Default
    .Label(Cbec.ColumnName, "CBEC")
    .Label(RegressionResult.InterceptName, "Constant")
    .Controls()
    .FixedEffectLabel(City.ColumnName, "Urban fixed effect")
    .FixedEffectLabel(Year.ColumnName, "Year fixed effect")
    .Stars(stars);

// ---------------------------------------------------------------------------------------------------------------
// Table 2: theme frequencies of the 64 policy documents (English, Chinese and bilingual).
var themes = ThemeFrequency.LoadThemes(FindData("policy_themes.json"));
var corpus = ThemeFrequency.AnalyzeFolder(FindData("policy_documents"), themes);
var table2 = ThemeFrequencyTable.Of(corpus)
    .Title("Table 2. Qualitative analysis results of policy texts")
    .ColumnTitles("Theme", "Related keywords (English)", "Hits", "Theme frequency")
    .Keywords(keyword => keyword.All(char.IsAscii))
    .Note("Chinese text is segmented by forward maximum matching on the themes' Chinese keywords.");
table2.Save(Path.Combine(output, "table2_policy_themes.md"));
table2.Save(Path.Combine(output, "table2_policy_themes.tex"));
Console.WriteLine();
Console.WriteLine(table2.KeywordsShown(5).ToText()); // the console shows the first five keywords of each theme

// Appendix: the list of the 64 documents, titled by their first line, with tokens and hits per theme (files only).
var documents = PolicyDocumentTable.Of(corpus)
    .Title("Table A1. Policy documents")
    .Details(corpus.Documents.ToDictionary(d => d, d => new PolicyDocumentDetails(File.ReadLines(Path.Combine(FindData("policy_documents"), d)).First().TrimEnd('.'))));
documents.Save(Path.Combine(output, "tableA1_policy_documents.md"));
documents.Save(Path.Combine(output, "tableA1_policy_documents.tex"));

// ---------------------------------------------------------------------------------------------------------------
// Data: the typed loader; every column of the CSV has a typed handle (Inno, Cbec, Lnpop, ..., City, Year).
var cities = Cities.Load();
Console.WriteLine(cities.Data.Structure.Describe());

// Table 3: descriptive statistics, with the median as in the paper.
var describedColumns = new[] { Inno, Cbec, Lnpop, Lnaca, Lngdp, Infra, Lngov, Lninter, Urban, Lncons }.Select(v => v.ColumnName).ToArray();
var descriptive = DescriptiveStatistics.Compute(cities, describedColumns, new DescriptiveOptions { IncludeQuartiles = true });
tables.Write(
    "table3_descriptive",
    DescriptiveTable.Of(descriptive)
        .Title("Table 3. Descriptive statistics of variables")
        .Columns(DescriptiveColumn.Observations, DescriptiveColumn.Mean, DescriptiveColumn.StandardDeviation, DescriptiveColumn.Minimum, DescriptiveColumn.Median, DescriptiveColumn.Maximum)
        .Build());

// ---------------------------------------------------------------------------------------------------------------
// Pilot selection: a panel logit of the pilot dummy on the city characteristics before the first round (2010–2014),
// with year dummies and errors clustered by city.
NumericTerm<Cities>[] controls = [Lnpop, Lnaca, Lngdp, Infra, Lngov, Lninter, Urban, Lncons];
string[] controlNames = [.. controls.Select(c => c.Name)];
var preTreatment = new Dataset<Cities>(cities.Data.Where(row => row[Year.ColumnName] <= 2014, "year <= 2014 (before the first pilot round)"));
var selection = Logit(Treat).On(controls).Factors(Year).Cluster(City).Fit(preTreatment);
tables.Write(
    "tableL_pilot_selection_logit",
    SelectionTable.Of(selection).Title("Panel logit of pilot-area selection (2010–2014)").ColumnTitles($"{selection.Dependent} ({selection.Estimator})").Stars(stars).Build());

// ---------------------------------------------------------------------------------------------------------------
// Table 4: the baseline staggered DID (two-way fixed effects), errors clustered by city.
var noControls = Regress(Inno).On(Cbec).Fe(City, Year).Cluster(City);
var withControls = Regress(Inno).On(Cbec).Controls(Lnpop, Lnaca, Lngdp, Infra, Lngov, Lninter, Urban, Lncons).Fe(City, Year).Cluster(City);
var withoutMunicipalities = new Dataset<Cities>(cities.Data.Where(row => row[Municipality.ColumnName] == 0, "not one of the four municipalities"));
var did1 = noControls.Fit(cities);
var did2 = withControls.Fit(cities);
var did3 = withControls.Fit(withoutMunicipalities);
var table4 = RegressionTable.Of(did1, did2, did3).Style(paper).Title("Table 4. Baseline regression results").Build();
tables.Write("table4_baseline_did", table4);
table4.SaveDocx(Path.Combine(output, "table4_baseline_did.docx")); // Word, for journals that ask for it

// Table 4b: the imputation estimator (Borusyak, Jaravel and Spiess 2024) beside the TWFE DID with controls. Y(0) is fitted
// on never- and not-yet-treated city-years only, so staggered rounds with growing effects do not bias the ATT. The 2015
// round has one city, so the leave-out SEs pool all treated city-years (and horizon 6, that city alone, is not reported).
var imputation = Imputation(Inno).Cohort(PilotYear).Controls(controls).Fe(City, Year).Cluster(City)
    .AverageEffectsBy(ImputationEffectGroups.All).Horizons(0, 5).PreTrends(3).Fit(cities);
tables.Write("table4b_imputation", RegressionTable.Of(did2).AddColumn(imputation, Cbec.ColumnName).Style(paper).ColumnTitles("TWFE", "Imputation (BJS)").Title("Table 4b. TWFE DID and the imputation estimator").Build());

// Beside Table 4, the heterogeneity-robust DID of Callaway and Sant'Anna (2021): each pilot round against the
// never-piloted cities, doubly robust, 999-draw multiplier bootstrap with uniform bands; aggregated and by event time.
var callawaySantAnna = CallawaySantAnna(Inno).Cohort(PilotYear).Bootstrap(999, seed: 1).Fit(cities);
tables.Write("table4c_callaway_santanna", CallawaySantAnnaTable.Of(callawaySantAnna).Title("Table 4c. Callaway–Sant'Anna (2021) estimates").Stars(stars));
(new EventStudyFigure(callawaySantAnna.Dynamic()) with { Title = "Figure 1c. Callaway–Sant'Anna event study" }).SavePng(Path.Combine(output, "figure1c_callaway_santanna.png"));

// ---------------------------------------------------------------------------------------------------------------
// Figure 1: the event study. Dummies for 5 years before to 5 years after designation (end points binned), the
// year before designation the reference; the pre-trend Wald test is that all leads are zero.
var eventStudy = EventStudy(Inno).Cohort(PilotYear).Window(-5, 5).Reference(-1)
    .Controls(controls).Fe(City, Year).Cluster(City).Fit(cities);
(new EventStudyFigure(eventStudy) with { Title = "Figure 1. Parallel trend test" }).SavePng(Path.Combine(output, "figure1_event_study.png"));
tables.Write(
    "figure1_event_study_coefficients",
    RegressionTable.Of(eventStudy.Regression).Title("Figure 1. Parallel trend test: event-study coefficients").Controls().Stars(stars)
        .Labels(eventStudy.EventTimes.Where(e => e.Coefficient is not null).ToDictionary(e => EventStudySpecification.DummyName(e.EventTime), e => $"Year {e.EventTime:+0;-0;0}{(e.IsBinned ? " (binned)" : string.Empty)}"))
        .FixedEffectLabel(City.ColumnName, "Urban fixed effect").FixedEffectLabel(Year.ColumnName, "Year fixed effect")
        .Note($"Pre-trend test (all leads zero): {eventStudy.PreTrendTest}")
        .Build());

// HonestDiD (Rambachan and Roth 2023): robust intervals for the designation-year effect if post-designation
// violations of parallel trends may reach M̄ times the largest pre-designation one; table, figure, breakdown M̄.
var honest = HonestDid.RelativeMagnitudes(eventStudy, mbar: [0, 0.5, 1, 1.5, 2]);
tables.Write("figure1b_honestdid", HonestDidTable.Of(honest).Title("Figure 1b. Sensitivity to violations of parallel trends (relative magnitudes)"));
(new HonestDidFigure(honest) with { Title = "Figure 1b. HonestDiD sensitivity analysis" }).SavePng(Path.Combine(output, "figure1b_honestdid.png"));

// Figure 2: 500 random reassignments of pilot cities and designation years (seeded; runs on every core).
var staggered = Did(Inno).Cohort(PilotYear).Controls(controls).Fe(City, Year).Cluster(City).Fit(cities);
var placebo = staggered.Placebo(draws: 500, seed: 42);
(new PlaceboFigure(placebo) with { Title = "Figure 2. Placebo test (500 random pilot cities and years)" }).SavePng(Path.Combine(output, "figure2_placebo.png"));
Console.WriteLine();
Console.WriteLine("Figure 2. Placebo test");
Console.WriteLine(placebo);

// ---------------------------------------------------------------------------------------------------------------
// Tables 5–6 and Figure 3: PSM-DID. A probit propensity score on the cities' 2010–2014 covariate means, kernel
// (Epanechnikov) and 5:1 nearest-neighbour matching, then the DID on the matched cities.
var score = Match(Treat).On(controls).Probit();
var kernel = score.Kernel().ThenRegress(withControls).OnPreTreatmentMeans(2014).Fit(cities);
var nearest = score.Nearest(5).ThenRegress(withControls).OnPreTreatmentMeans(2014).Fit(cities);
var matching = nearest.Matchings[0];
tables.Write("table5_balance", CovariateBalanceTable.Of(matching).Title("Table 5. Balance test results (5:1 nearest-neighbour matching)").Build());
tables.Write(
    "table6_psm_did",
    PsmTable.Of(kernel, nearest).Style(paper).Below(CoefficientStatistic.TStatistic)
        .Title("Table 6. PSM-DID: average treatment effects of digital trade policy")
        .ColumnTitles("Kernel matching", "5:1 nearest neighbour")
        .Build());
var support = new PropensityScoreFigure(matching) { Title = "Figure 3. Common support (5:1 nearest-neighbour matching)" };
support.SavePng(Path.Combine(output, "figure3_common_support.png"));

// ---------------------------------------------------------------------------------------------------------------
// Tables 7–10: heterogeneity. The paper's columns interact CBEC with one group's dummy only (By(...).LevelInteractions,
// same N in every column); the last column interacts CBEC with every group at once (By(...).Interaction), which
// does not count the other groups' pilot cities as controls, and the note gives the Wald test of equal effects.
var groupEffects = new Dictionary<string, Coefficient>();
(string Table, string Title, CategoricalVariable<Cities> Group, string[] Levels, string[] Titles)[] categorical =
[
    ("table7_heterogeneity_region", "Table 7. Geographic location heterogeneity", Region, ["east", "central", "west", "northeast"], ["Eastern region", "Central region", "Western region", "Northeast region"]),
    ("table8_heterogeneity_industry", "Table 8. Industrial structure heterogeneity", IndStruct, ["secondary", "tertiary"], ["Second", "Third"]),
    ("table9_heterogeneity_size", "Table 9. City size heterogeneity", CitySize, ["mega", "large", "medium"], ["Mega city", "Large city", "Medium-sized city"]),
];
foreach (var (table, title, group, levels, titles) in categorical)
{
    var het = withControls.By(group).Fit(cities);
    tables.Write(table, HeterogeneityTable.Interactions(het, Cbec.ColumnName, "CBEC", [.. levels.Zip(titles)]).Style(paper).Title(title).Build());
    foreach (var level in levels)
    {
        groupEffects[level] = het.InteractionEffect(Cbec.ColumnName, level);
    }
}

// Table 10: JJJ, YRD and PRD are overlapping 0/1 dummies, so each column is its own pooled interaction model
// (CBEC × in the agglomeration and CBEC × outside it); the table shows the "in" row.
var agglomerations = new[] { (Jjj, "JJJ"), (Yrd, "YRD"), (Prd, "PRD") };
var withGroups = cities.Data;
foreach (var (dummy, _) in agglomerations)
{
    withGroups = withGroups.AsCategorical(dummy.ColumnName, dummy.ColumnName + "_group");
}

var table10Fits = new List<RegressionResult>();
var table10 = new List<(string In, string Out, string Label)>();
foreach (var (dummy, label) in agglomerations)
{
    var het = withControls.Specification.By(dummy.ColumnName + "_group").Fit(withGroups);
    table10Fits.Add(het.Interaction);
    table10.Add((HeterogeneitySpecification.InteractionName(Cbec.ColumnName, dummy.ColumnName + "_group", "1"), HeterogeneitySpecification.InteractionName(Cbec.ColumnName, dummy.ColumnName + "_group", "0"), label));
    groupEffects[dummy.ColumnName] = het.InteractionEffect(Cbec.ColumnName, "1");
}

var report10 = RegressionTable.Of(table10Fits).Style(paper).Order([.. table10.Select(t => t.In)]).Drop([.. table10.Select(t => t.Out)])
    .Title("Table 10. Urban agglomeration heterogeneity").ColumnTitles([.. table10.Select(t => t.Label)])
    .Note("Each column also interacts CBEC with being outside the agglomeration (not shown).");
foreach (var (inside, _, label) in table10)
{
    report10 = report10.Label(inside, $"{label} × CBEC");
}

tables.Write("table10_heterogeneity_agglomeration", report10.Build());

// ---------------------------------------------------------------------------------------------------------------
// Tables 11–13: mechanisms. Producer-service agglomeration (spec) is the location quotient of the five producer-
// service sectors' employment in total employment (eq. 11), the nation being the 280 cities of each year.
var spec = LocationQuotient.Compute(cities, [EmpTransport.ColumnName, EmpIt.ColumnName, EmpFinance.ColumnName, EmpLeasing.ColumnName, EmpResearch.ColumnName], EmpTotal.ColumnName, "spec");
var withSpec = spec.AddTo(cities);
var mechanisms = new (string Table, string Title, string Mediator, string Label)[]
{
    ("table11_mechanism_diginf", "Table 11. Mechanism test: digital infrastructure construction", Diginf.ColumnName, "Diginf"),
    ("table12_mechanism_spec", "Table 12. Mechanism test: service industry agglomeration", "spec", "Spec"),
    ("table13_mechanism_envir", "Table 13. Mechanism test: business environment optimization", Envir.ColumnName, "Envir"),
};
// spec is a constructed column, not in the Cities schema, so these mediations take the string-keyed path; the typed
// handles convert to its terms (ordinals included).
Term[] controlTerms = [.. controls.Select(c => c.Term)];
var mechanismFits = new Dictionary<string, MediationResult>();
foreach (var (table, title, mediator, label) in mechanisms)
{
    var mediation = Model.Mediate(Inno).Treatment(Cbec).Through(mediator).Controls(controlTerms)
        .Fe(City, Year).Cluster(City).Fit(withSpec);
    mechanismFits[mediator] = mediation;
    tables.Write(table, MediationTable.Of(mediation).Style(paper).Order(mediator, Cbec.ColumnName).Label(mediator, label).Title(title).Build());
}

// ---------------------------------------------------------------------------------------------------------------
// The truth of the synthetic data and what the estimates recovered.
using var truthFile = File.OpenRead(FindData("truth.json"));
var root = JsonDocument.Parse(truthFile).RootElement;
var truth = root.GetProperty("cities_cbec");
Console.WriteLine();
Console.WriteLine("True effects of the synthetic data (data/truth.json) and what the estimates recovered:");
var frequency = root.GetProperty("policy_documents").GetProperty("theme_frequency");
foreach (var summary in corpus.Summaries)
{
    Console.WriteLine($"  theme frequency, {summary.Theme,-31} true {frequency.GetProperty(summary.Theme).GetDouble(),8:P2}   Table 2: {summary.Frequency,8:P2}");
}

var att = truth.GetProperty("att_total_treated_post_cells").GetDouble();
var byEventTime = truth.GetProperty("att_total_by_event_time");
Console.WriteLine("  Event study (Figure 1), effect by years since designation:");
foreach (var k in eventStudy.EventTimes.Where(e => e.Coefficient is not null))
{
    var key = k.EventTime.ToString("+0;-0;0", CultureInfo.InvariantCulture);
    var trueValue = byEventTime.TryGetProperty(key, out var v) ? v.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture) : "   n/a";
    Console.WriteLine($"    k = {key,3}{(k.IsBinned ? " (binned)" : "         ")}  true {trueValue,7}   estimate {k.Coefficient!.Estimate,8:0.0000} (SE {k.Coefficient.StandardError:0.0000})");
}

Console.WriteLine($"  Placebo (Figure 2): mean of {placebo.ValidDraws} placebo estimates {placebo.Mean:0.00000} (true 0); randomisation p = {placebo.PValue:0.000} for the actual {placebo.Actual:0.0000}");
Console.WriteLine($"  ATT over treated city-years (total effect)       true {att,8:0.0000}   Table 4: {did1[Cbec.ColumnName].Estimate:0.0000} / {did2[Cbec.ColumnName].Estimate:0.0000} / {did3[Cbec.ColumnName].Estimate:0.0000}");
Console.WriteLine($"                                                                   PSM-DID kernel {kernel.Regression[Cbec.ColumnName].Estimate:0.0000}, 5:1 NN {nearest.Regression[Cbec.ColumnName].Estimate:0.0000}");
Console.WriteLine("  (The effect builds up: 0.5 of the full effect in the designation year, 0.75 a year later, then 1; a static TWFE DID");
Console.WriteLine("   with staggered rounds and growing effects averages these with weights of its own, so it need not equal the ATT.)");
foreach (var (group, key) in new[] { ("east", "att_total_by_region"), ("central", "att_total_by_region"), ("west", "att_total_by_region"), ("northeast", "att_total_by_region"), ("secondary", "att_total_by_ind_struct"), ("tertiary", "att_total_by_ind_struct"), ("mega", "att_total_by_city_size"), ("large", "att_total_by_city_size"), ("medium", "att_total_by_city_size"), ("jjj", "att_total_by_agglomeration"), ("yrd", "att_total_by_agglomeration"), ("prd", "att_total_by_agglomeration") })
{
    var estimate = groupEffects[group];
    Console.WriteLine($"  ATT, {group,-10}                                  true {truth.GetProperty(key).GetProperty(group).GetDouble(),8:0.0000}   Tables 7-10: {estimate.Estimate,8:0.0000} (SE {estimate.StandardError:0.0000})");
}

var mediators = truth.GetProperty("mediators");
foreach (var (mediator, key) in new[] { (Diginf.ColumnName, "diginf"), ("spec", "spec"), (Envir.ColumnName, "envir") })
{
    var m = mechanismFits[mediator];
    var t = mediators.GetProperty(key);
    Console.WriteLine($"  {key,-6}: a (CBEC -> M) true {t.GetProperty("a").GetDouble(),6:0.0000} est {m.A.Estimate,7:0.0000}; b (M -> Inno) true {t.GetProperty("b").GetDouble(),6:0.0000} est {m.B.Estimate,7:0.0000}; a*b true {t.GetProperty("indirect").GetDouble(),7:0.00000} est {m.Indirect,7:0.00000} (Sobel z {m.Sobel.Z:0.00})");
}

Console.WriteLine("  (The mediators, like the outcome, reach their full shift two years after designation, so a static DID's a is below the full-effect a.)");
var logitTruth = truth.GetProperty("selection_logit_coefficients_on_standardised_2010_2014_means");
Console.WriteLine("  Pilot selection: the true latent index loads on the standardised 2010–2014 means with " +
    string.Join(", ", controlNames.Select(c => $"{c} {logitTruth.GetProperty(c).GetDouble():0.0}")) + ";");
Console.WriteLine("   the panel logit above is on the raw (unstandardised) yearly values, so compare signs and significance, not sizes.");
Console.WriteLine($"Tables and figures written to {Path.GetFullPath(output)}");
return 0;



static string FindData(string name)
{
    foreach (var folder in new[] { "data", Path.Combine("..", "data") })
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }
    }

    throw new FileNotFoundException($"data/{name} is not under the current directory ({Directory.GetCurrentDirectory()}); run the script from the repository root: dotnet run examples/cbec-urban-innovation.cs", name);
}

/// <summary>The city panel: typed handles for every column of the CSV.</summary>
[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
