#:project ../src/ModelDsl/ModelDsl.csproj
using ModelDsl;
using ModelDsl.Reporting;
using static Cities;                                   // typed columns and the model verbs

var data = Cities.Load();                              // loader generated from the CSV header
var did = Regress(Inno).On(Cbec).Controls(Lnpop, Lngdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
Console.WriteLine(RegressionTable.Of(did).ToText());   // also ToMarkdown/ToLatex/ToHtml/ToCsv
Console.WriteLine(did.ToJson());

[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
