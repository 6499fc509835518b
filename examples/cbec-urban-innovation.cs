#:project ../src/ModelDsl/ModelDsl.csproj
// The trade-policy paper (Lyu, Li and Wang, "Digital trade policy and urban innovation capacity: evidence from 280
// Chinese cities"), reproduced end to end on the synthetic data/cities_cbec.csv (280 cities, 2010–2021, 105 pilot
// cities designated in five rounds) and the 64 policy documents of data/policy_documents/.
//
//   Table 2      theme frequencies of the policy documents
//   Table 3      descriptive statistics
//   Table L      panel logit of pilot selection
//   Table 4      baseline DID: no controls, controls, without the four municipalities
//   Figure 1     event study (parallel trends)
//   Figure 2     500-draw placebo
//   Tables 5–6   PSM-DID: balance, kernel and 5:1 nearest-neighbour matching; Figure 3 common support
//   Tables 7–10  heterogeneity: region, industrial structure, city size, JJJ/YRD/PRD
//   Tables 11–13 mechanisms with the Sobel test: digital infrastructure, producer-service agglomeration, business environment
//
// Run from the repository root: dotnet run examples/cbec-urban-innovation.cs
// Tables go to output/cbec-urban-innovation/ as Markdown (.md) and LaTeX (.tex), figures as PNG.
using System.Globalization;
using System.Text.Json;
using ModelDsl;
using ModelDsl.Data;
using ModelDsl.Estimation;
using ModelDsl.Matching;
using ModelDsl.Measures;
using ModelDsl.Reporting;
using ModelDsl.Results;
using static Cities;

var output = Path.Combine("output", "cbec-urban-innovation");
Directory.CreateDirectory(output);
var stars = StarThresholds.Strict; // the paper marks 5%, 1% and 0.1%

// ---------------------------------------------------------------------------------------------------------------
// Table 2: theme frequencies of the 64 policy documents (English, Chinese and bilingual).
var themes = ThemeFrequency.LoadThemes(FindData("policy_themes.json"));
var corpus = ThemeFrequency.AnalyzeFolder(FindData("policy_documents"), themes);
var table2 = ThemesTable(corpus, int.MaxValue);
table2.Save(Path.Combine(output, "table2_policy_themes.md"));
table2.Save(Path.Combine(output, "table2_policy_themes.tex"));
Console.WriteLine();
Console.WriteLine(ThemesTable(corpus, 5).ToText()); // the console shows the first five keywords of each theme

// ---------------------------------------------------------------------------------------------------------------
// Data: the typed loader; every column of the CSV has a typed handle (Inno, Cbec, Lnpop, ..., City, Year).
var cities = Cities.Load();
Console.WriteLine(cities.Data.Structure.Describe());

// Table 3: descriptive statistics, with the median as in the paper.
var describedColumns = new[] { Inno, Cbec, Lnpop, Lnaca, Lngdp, Infra, Lngov, Lninter, Urban, Lncons }.Select(v => v.ColumnName).ToArray();
var descriptive = DescriptiveStatistics.Compute(cities, describedColumns, new DescriptiveOptions { IncludeQuartiles = true });
Publish("table3_descriptive", DescriptiveReport(descriptive, "Table 3. Descriptive statistics of variables"));

// ---------------------------------------------------------------------------------------------------------------
// Pilot selection: a panel logit of the pilot dummy on the city characteristics before the first round (2010–2014),
// with year dummies and errors clustered by city.
string[] controlNames = [Lnpop.ColumnName, Lnaca.ColumnName, Lngdp.ColumnName, Infra.ColumnName, Lngov.ColumnName, Lninter.ColumnName, Urban.ColumnName, Lncons.ColumnName];
var preTreatment = cities.Data.Where(row => row[Year.ColumnName] <= 2014, "year <= 2014 (before the first pilot round)");
var selection = Model.Logit(Treat.ColumnName).On([.. controlNames.Select(c => (Term)c)]).Factors(Year.ColumnName).Cluster(City.ColumnName).Fit(preTreatment);
Publish("tableL_pilot_selection_logit", BinaryTable(selection, "Panel logit of pilot-area selection (2010–2014)"));

// ---------------------------------------------------------------------------------------------------------------
// Table 4: the baseline staggered DID (two-way fixed effects), errors clustered by city.
var noControls = Regress(Inno).On(Cbec).Fe(City, Year).Cluster(City);
var withControls = Regress(Inno).On(Cbec).Controls(Lnpop, Lnaca, Lngdp, Infra, Lngov, Lninter, Urban, Lncons).Fe(City, Year).Cluster(City);
var withoutMunicipalities = new Dataset<Cities>(cities.Data.Where(row => row[Municipality.ColumnName] == 0, "not one of the four municipalities"));
var did1 = noControls.Fit(cities);
var did2 = withControls.Fit(cities);
var did3 = withControls.Fit(withoutMunicipalities);
Publish("table4_baseline_did", Dress(RegressionTable.Of(did1, did2, did3)).Title("Table 4. Baseline regression results").Build());

// ---------------------------------------------------------------------------------------------------------------
// Figure 1 (event study) and Figure 2 (placebo).
Console.WriteLine("Figure 1: waits for the event study (Model.EventStudy, src/ModelDsl/Causal)");
Console.WriteLine("Figure 2: waits for the placebo / randomisation inference (PlaceboTest, src/ModelDsl/Causal)");

// ---------------------------------------------------------------------------------------------------------------
// Tables 5–6 and Figure 3: PSM-DID. A probit propensity score on the cities' 2010–2014 covariate means, kernel
// (Epanechnikov) and 5:1 nearest-neighbour matching, then the DID on the matched cities.
var score = Model.Match(Treat.ColumnName).On([.. controlNames.Select(c => (Term)c)]).Probit();
var did = Model.Regress(Inno.ColumnName).On(Cbec.ColumnName).Controls([.. controlNames.Select(c => (Term)c)]).Fe(City.ColumnName, Year.ColumnName).Cluster(City.ColumnName);
var kernel = score.Kernel().ThenRegress(did).OnPreTreatmentMeans(2014).Fit(cities);
var nearest = score.Nearest(5).ThenRegress(did).OnPreTreatmentMeans(2014).Fit(cities);
var matching = nearest.Matchings[0];
Publish("table5_balance", BalanceReport(matching.Balance, "Table 5. Balance test results (5:1 nearest-neighbour matching)"));
Publish(
    "table6_psm_did",
    Dress(RegressionTable.Of(kernel.Regression, nearest.Regression))
        .Title("Table 6. PSM-DID: average treatment effects of digital trade policy")
        .ColumnTitles("Kernel matching", "5:1 nearest neighbour")
        .Build());
var support = new PropensityScoreFigure(matching.PropensityScores, matching.Treated, matching.Weights) { Title = "Figure 3. Common support (5:1 nearest-neighbour matching)" };
support.SavePng(Path.Combine(output, "figure3_common_support.png"));

// ---------------------------------------------------------------------------------------------------------------
// Tables 7–10: heterogeneity. Each column interacts CBEC with one group's dummy and, so that the other groups'
// pilot cities are not counted as controls, with its complement; the table shows the group's row.
var grouped = cities.Data;
foreach (var (column, level) in new[] { ("region", "east"), ("region", "central"), ("region", "west"), ("region", "northeast"), ("ind_struct", "secondary"), ("ind_struct", "tertiary"), ("city_size", "mega"), ("city_size", "large"), ("city_size", "medium") })
{
    grouped = grouped.Compute(level, row => row.Label(column) == level ? 1 : 0);
}

RegressionResult GroupEffect(string group)
{
    var complement = "other_" + group;
    var withComplement = grouped.Compute(complement, row => 1 - row[group]);
    return (did with { Regressors = [Term.Interaction(Cbec.ColumnName, group), Term.Interaction(Cbec.ColumnName, complement)] }).Fit(withComplement);
}

var heterogeneity = new (string Table, string Title, string[] Groups, string[] Titles)[]
{
    ("table7_heterogeneity_region", "Table 7. Geographic location heterogeneity", ["east", "central", "west", "northeast"], ["Eastern region", "Central region", "Western region", "Northeast region"]),
    ("table8_heterogeneity_industry", "Table 8. Industrial structure heterogeneity", ["secondary", "tertiary"], ["Second", "Third"]),
    ("table9_heterogeneity_size", "Table 9. City size heterogeneity", ["mega", "large", "medium"], ["Mega city", "Large city", "Medium-sized city"]),
    ("table10_heterogeneity_agglomeration", "Table 10. Urban agglomeration heterogeneity", ["jjj", "yrd", "prd"], ["JJJ", "YRD", "PRD"]),
};
var groupEstimates = new Dictionary<string, RegressionResult>();
foreach (var (table, title, groups, titles) in heterogeneity)
{
    var fits = groups.Select(g => groupEstimates[g] = GroupEffect(g)).ToArray();
    var report = Dress(RegressionTable.Of(fits), [.. groups.Select(g => $"{Cbec.ColumnName}:{g}")])
        .Drop([.. groups.Select(g => $"{Cbec.ColumnName}:other_{g}")])
        .Title(title)
        .ColumnTitles(titles);
    foreach (var g in groups)
    {
        report = report.Label($"{Cbec.ColumnName}:{g}", $"{titles[Array.IndexOf(groups, g)]} × CBEC");
    }

    Publish(table, report.Build());
}

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
var mechanismFits = new Dictionary<string, (RegressionResult A, RegressionResult B)>();
foreach (var (table, title, mediator, label) in mechanisms)
{
    var first = did with { Outcome = mediator };
    var second = did.On(mediator);
    var a = first.Fit(withSpec);
    var b = second.Fit(withSpec);
    mechanismFits[mediator] = (a, b);
    Publish(table, Dress(RegressionTable.Of(a, b), mediator, Cbec.ColumnName).Label(mediator, label).Title(title).Build());
}

Console.WriteLine("Tables 11–13: the Sobel test of each indirect effect waits for mediation (Model.Mediate, src/ModelDsl/Mechanisms)");

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
Console.WriteLine($"  ATT over treated city-years (total effect)       true {att,8:0.0000}   Table 4: {did1[Cbec.ColumnName].Estimate:0.0000} / {did2[Cbec.ColumnName].Estimate:0.0000} / {did3[Cbec.ColumnName].Estimate:0.0000}");
Console.WriteLine($"                                                                   PSM-DID kernel {kernel.Regression[Cbec.ColumnName].Estimate:0.0000}, 5:1 NN {nearest.Regression[Cbec.ColumnName].Estimate:0.0000}");
Console.WriteLine("  (The effect builds up: 0.5 of the full effect in the designation year, 0.75 a year later, then 1; a static TWFE DID");
Console.WriteLine("   with staggered rounds and growing effects averages these with weights of its own, so it need not equal the ATT.)");
foreach (var (group, key) in new[] { ("east", "att_total_by_region"), ("central", "att_total_by_region"), ("west", "att_total_by_region"), ("northeast", "att_total_by_region"), ("secondary", "att_total_by_ind_struct"), ("tertiary", "att_total_by_ind_struct"), ("mega", "att_total_by_city_size"), ("large", "att_total_by_city_size"), ("medium", "att_total_by_city_size"), ("jjj", "att_total_by_agglomeration"), ("yrd", "att_total_by_agglomeration"), ("prd", "att_total_by_agglomeration") })
{
    var estimate = groupEstimates[group][$"{Cbec.ColumnName}:{group}"];
    Console.WriteLine($"  ATT, {group,-10}                                  true {truth.GetProperty(key).GetProperty(group).GetDouble(),8:0.0000}   Tables 7-10: {estimate.Estimate,8:0.0000} (SE {estimate.StandardError:0.0000})");
}

var mediators = truth.GetProperty("mediators");
foreach (var (mediator, key) in new[] { (Diginf.ColumnName, "diginf"), ("spec", "spec"), (Envir.ColumnName, "envir") })
{
    var (a, b) = mechanismFits[mediator];
    var t = mediators.GetProperty(key);
    Console.WriteLine($"  {key,-6}: a (CBEC -> M) true {t.GetProperty("a").GetDouble(),6:0.0000} est {a[Cbec.ColumnName].Estimate,7:0.0000}; b (M -> Inno) true {t.GetProperty("b").GetDouble(),6:0.0000} est {b[mediator].Estimate,7:0.0000}");
}

Console.WriteLine("  (The mediators, like the outcome, reach their full shift two years after designation, so a static DID's a is below the full-effect a.)");
var logitTruth = truth.GetProperty("selection_logit_coefficients_on_standardised_2010_2014_means");
Console.WriteLine("  Pilot selection: the true latent index loads on the standardised 2010–2014 means with " +
    string.Join(", ", controlNames.Select(c => $"{c} {logitTruth.GetProperty(c).GetDouble():0.0}")) + ";");
Console.WriteLine("   the panel logit above is on the raw (unstandardised) yearly values, so compare signs and significance, not sizes.");
Console.WriteLine($"Tables and figures written to {Path.GetFullPath(output)}");
return 0;

// Dresses a regression table the way the paper prints it.
RegressionTable Dress(RegressionTable table, params string[] order) => table
    .Label(Cbec.ColumnName, "CBEC")
    .Label(RegressionResult.InterceptName, "Constant")
    .Order(order.Length > 0 ? order : [Cbec.ColumnName])
    .Controls()
    .FixedEffectLabel(City.ColumnName, "Urban fixed effect")
    .FixedEffectLabel(Year.ColumnName, "Year fixed effect")
    .Stars(stars);

// Writes a table as Markdown and LaTeX and prints it.
void Publish(string name, ReportTable table)
{
    table.Save(Path.Combine(output, name + ".md"));
    table.Save(Path.Combine(output, name + ".tex"));
    Console.WriteLine();
    Console.WriteLine(table.ToText());
}

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

static string F(double value, int decimals = 4) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

static ReportTable ThemesTable(ThemeFrequencyResult result, int keywordsShown)
{
    static string Shorten(IEnumerable<string> keywords, int shown)
    {
        var list = keywords.ToList();
        return string.Join(", ", list.Take(shown)) + (list.Count > shown ? ", …" : string.Empty);
    }

    var header = new TableRow(TableRowKind.Data, ["Theme", "Related keywords (English)", "Hits", "Theme frequency"]);
    var body = result.Summaries.Select(s => new TableRow(
        TableRowKind.Data,
        [s.Theme, Shorten(result.Themes.First(t => t.Name == s.Theme).Keywords.Where(k => k.All(char.IsAscii)), keywordsShown), s.Hits.ToString(CultureInfo.InvariantCulture), (s.Frequency * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"]));
    return new ReportTable(
        "Table 2. Qualitative analysis results of policy texts",
        [header],
        body,
        [ColumnAlignment.Left, ColumnAlignment.Left, ColumnAlignment.Decimal, ColumnAlignment.Decimal],
        [$"{result.Documents.Count} documents, {result.DocumentTokens.Sum():N0} tokens; frequency = theme hits / tokens. Chinese text is segmented by forward maximum matching on the themes' Chinese keywords."]);
}

static ReportTable DescriptiveReport(DescriptiveStatisticsTable statistics, string title)
{
    var header = new TableRow(TableRowKind.Data, ["Variables", "Observations", "Mean", "Std. Dev", "Minimum", "Median", "Maximum"]);
    var body = statistics.Rows.Select(r => new TableRow(
        TableRowKind.Data,
        [r.Label ?? r.Variable, r.Observations.ToString(CultureInfo.InvariantCulture), F(r.Mean), F(r.StandardDeviation), F(r.Minimum), F(r.Median), F(r.Maximum)]));
    return new ReportTable(title, [header], body, [ColumnAlignment.Left, .. Enumerable.Repeat(ColumnAlignment.Decimal, 6)], []);
}

// A binary-choice result in the layout of a regression column: coefficient with stars, z statistic below.
ReportTable BinaryTable(BinaryChoiceResult result, string title)
{
    var header = new TableRow(TableRowKind.Data, [string.Empty, $"{result.Dependent} ({result.Estimator})"]);
    var body = new List<TableRow>();
    foreach (var c in result.Coefficients.Where(c => !c.Name.StartsWith(Year.ColumnName, StringComparison.Ordinal) || c.Name == Year.ColumnName))
    {
        body.Add(new TableRow(TableRowKind.Coefficient, [c.Name, new TableCell(F(c.Estimate), stars.For(c.PValue))]));
        body.Add(new TableRow(TableRowKind.Statistic, [string.Empty, $"({F(c.TStatistic, 2)})"]));
    }

    body.Add(new TableRow(TableRowKind.Indicator, ["Year dummies", "Yes"], RuleAbove: true));
    body.Add(new TableRow(TableRowKind.Summary, ["N", result.Observations.ToString(CultureInfo.InvariantCulture)]));
    body.Add(new TableRow(TableRowKind.Summary, ["Pseudo R²", F(result.PseudoRSquared)]));
    body.Add(new TableRow(TableRowKind.Summary, ["Log likelihood", F(result.LogLikelihood, 2)]));
    return new ReportTable(title, [header], body, [ColumnAlignment.Left, ColumnAlignment.Decimal], [$"z statistics in parentheses ({result.Vcov.Description}). {stars.Describe()}."]);
}

// Table 5 in the paper's layout: means of treated and controls before and after matching, t test, standardised bias.
static ReportTable BalanceReport(BalanceTable balance, string title)
{
    var header = new TableRow(TableRowKind.Data, ["Variable", "Sample", "Treatment group", "Control group", "t-test (p-value)", "Standardized bias (%)", "Reduction (%)"]);
    var body = new List<TableRow>();
    foreach (var r in balance.Rows)
    {
        body.Add(new TableRow(TableRowKind.Data, [r.Name, "Unmatched", F(r.MeanTreated), F(r.MeanControl), $"{F(r.TStatisticUnmatched, 2)} ({F(r.PValueUnmatched, 3)})", F(r.BiasPercentUnmatched, 1), F(r.BiasReductionPercent, 1)], RuleAbove: body.Count > 0));
        body.Add(new TableRow(TableRowKind.Data, [string.Empty, "Matched", F(r.MeanTreatedMatched), F(r.MeanControlMatched), $"{F(r.TStatisticMatched, 2)} ({F(r.PValueMatched, 3)})", F(r.BiasPercentMatched, 1), string.Empty]));
    }

    return new ReportTable(
        title,
        [header],
        body,
        [ColumnAlignment.Left, ColumnAlignment.Left, .. Enumerable.Repeat(ColumnAlignment.Decimal, 5)],
        [$"Treated {balance.TreatedCount}, controls {balance.ControlCount}; mean |bias| {F(balance.MeanBiasUnmatched, 1)}% before and {F(balance.MeanBiasMatched, 1)}% after matching; Rubin's B {F(balance.RubinBMatched, 1)}, R {F(balance.RubinRMatched, 2)} after matching."]);
}

/// <summary>The city panel: typed handles for every column of the CSV.</summary>
[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
