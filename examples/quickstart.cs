#:project ../src/ModelDsl/ModelDsl.csproj
// The 15-line tour: load a panel, fit a two-way fixed-effects DID with clustered errors, print a table.
using ModelDsl;
using ModelDsl.Reporting;
using static Cities;

var data = Cities.Load();                                   // typed loader generated from the CSV header
var plain = Regress(Inno).On(Cbec).Fe(City, Year).Cluster(City).Fit(data);
var full = Regress(Inno).On(Cbec).Controls(Lnpop, Lngdp, Infra, Lngov, Urban).Fe(City, Year).Cluster(City).Fit(data);

Console.WriteLine(RegressionTable.Of(plain, full).Controls().ToText());
Console.WriteLine(full.ToJson());

[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
