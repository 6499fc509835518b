#:project ../src/ModelDsl/ModelDsl.csproj
// The notebook examples/quick-analysis.ipynb as a study script: the same panel, the same two models, printed as text
// tables and JSON. CI (.ci/notebook) runs the notebook headless and checks that its tables and JSON are these, to the
// last digit.
using ModelDsl;
using ModelDsl.Reporting;
using static Cities;

var data = Cities.Load();

// Two-way fixed effects: city and year effects, errors clustered by city.
var did = Regress(Inno).On(Cbec).Controls(Lnpop, Lngdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
Console.WriteLine(RegressionTable.Of(did).ToText());

// Event study: five years before to five after designation, the year before as reference.
var eventStudy = EventStudy(Inno).Cohort(PilotYear).Window(-5, 5).Reference(-1)
    .Controls(Lnpop, Lngdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
Console.WriteLine(RegressionTable.Of(eventStudy.Regression).ToText());

Console.WriteLine(did.ToJson());
Console.WriteLine(eventStudy.ToJson());

[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
