#:project ../src/ModelDsl/ModelDsl.csproj

// Quickstart: the effect of cross-border e-commerce pilot zones (cbec) on city innovation, with city and year
// fixed effects and errors clustered by city. The schema comes from the CSV header at compile time, so a
// misspelled column (Regress(Inov)) or a numeric column used as a fixed effect (Fe(Infra)) fails to compile
// at that word. Run: dotnet run examples/quickstart.cs
using ModelDsl;

using static Cities;

var data = Load();
var baseline = Regress(Inno).On(Cbec).Controls(Lnpop, Lngdp, Infra).Fe(City, Year).Cluster(City).Fit(data);
Console.WriteLine(baseline.ToJson());

[Panel("../data/cities_cbec.csv", Unit = "city", Time = "year")]
partial class Cities;
