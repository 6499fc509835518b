using ModelDsl.Data;

using static ModelDsl.Generators.Tests.EndToEnd.TestCities;

namespace ModelDsl.Generators.Tests.EndToEnd;

/// <summary>The schema the built generator produces for this test project from fixtures/cities.csv.</summary>
[Panel("fixtures/cities.csv", Unit = "city", Time = "year")]
public partial class TestCities;

/// <summary>The typed (generated, ordinal) path and the string-keyed path give identical numbers.</summary>
public sealed class TypedPathTests
{
    private static string CsvPath => Path.Combine(AppContext.BaseDirectory, "fixtures", "cities.csv");

    [Fact]
    public void TypedAndStringPathsGiveIdenticalResults()
    {
        var typedData = Load(CsvPath);
        var typed = Regress(Inno).On(Cbec).Controls(LnPop, LnGdp, Infra).Fe(City, Year).Cluster(City).Fit(typedData);

        var data = PanelData.ReadCsv(CsvPath, "city", "year");
        var keyed = Model.Regress("inno").On("cbec").Controls("ln_pop", "ln_gdp", "infra").Fe("city", "year").Cluster("city").Fit(data);

        Assert.Equal(keyed.ToJson(), typed.ToJson());
        Assert.Equal(400, typed.Observations);
    }

    [Fact]
    public void TypedTermsSetOrdinalsAndMatchStringTerms()
    {
        var typedData = Load(CsvPath);
        var typed = Regress(Log(Inno)).On(Cbec * LnGdp).Controls(Infra).Vcov(Vcov.HC1).Fit(typedData);
        var keyed = Model.Regress(Term.Log("inno")).On(Term.Interaction("cbec", "ln_gdp")).Controls("infra").Vcov(Vcov.HC1).Fit(PanelData.ReadCsv(CsvPath, "city", "year"));

        Assert.Equal(keyed.ToJson(), typed.ToJson());
        Assert.Equal(new ColumnTerm("inno", 2), Inno.Term);
        Assert.Equal(6, Infra.Ordinal);
    }

    [Fact]
    public void TypedAndStringLagsGiveIdenticalResults()
    {
        var typed = Regress(Inno).On(Lag(Cbec), Lead(Infra, 2)).Fe(City, Year).Cluster(City).Fit(Load(CsvPath));
        var keyed = Model.Regress("inno").On(Term.Lag("cbec", 1), Term.Lead("infra", 2)).Fe("city", "year").Cluster("city")
            .Fit(PanelData.ReadCsv(CsvPath, "city", "year"));
        Assert.Equal(keyed.ToJson(), typed.ToJson());
        Assert.Equal(40 * 7, typed.Observations);
    }

    [Fact]
    public void StepwiseTypedAndStringPathsGiveIdenticalResults()
    {
        var typed = Regress(Inno).On(Cbec).Controls(LnPop, LnGdp).Stepwise().Fe(City, Year).Cluster(City).Fit(Load(CsvPath));
        var keyed = Model.Regress("inno").On("cbec").Controls("ln_pop", "ln_gdp").Stepwise().Fe("city", "year").Cluster("city")
            .Fit(PanelData.ReadCsv(CsvPath, "city", "year"));
        Assert.Equal(3, typed.Count);
        Assert.Equal(keyed.ToJson(), typed.ToJson());
    }

    [Fact]
    public void TypedAndStringLogitGiveIdenticalResults()
    {
        var typed = Logit(Cbec).On(LnPop, LnGdp).Factors(Year).Cluster(City).Fit(Load(CsvPath));
        var keyed = Model.Logit("cbec").On("ln_pop", "ln_gdp").Factors("year").Cluster("city").Fit(PanelData.ReadCsv(CsvPath, "city", "year"));
        Assert.Equal(keyed.ToJson(), typed.ToJson());
    }

    [Fact]
    public void TypedAndStringDidGiveIdenticalResults()
    {
        var typed = Did(Inno).Treated(Cbec).Controls(LnGdp).Fe(City, Year).Cluster(City).Fit(Load(CsvPath));
        var keyed = Model.Did("inno").Treated("cbec").Controls("ln_gdp").Fe("city", "year").Cluster("city").Fit(PanelData.ReadCsv(CsvPath, "city", "year"));
        Assert.Equal(keyed.ToJson(), typed.ToJson());
    }

    [Fact]
    public void TypedAndStringMediationModerationAndMatchingGiveIdenticalResults()
    {
        var data = PanelData.ReadCsv(CsvPath, "city", "year");
        var typedData = Load(CsvPath);

        var mediation = Mediate(Inno).Treatment(Cbec).Through(Infra).Controls(LnGdp).Fe(City, Year).Cluster(City).Fit(typedData);
        var keyedMediation = Model.Mediate("inno").Treatment("cbec").Through("infra").Controls("ln_gdp").Fe("city", "year").Cluster("city").Fit(data);
        Assert.Equal(keyedMediation.ToJson(), mediation.ToJson());

        var moderation = Moderate(Inno).Effect(Cbec).By(LnGdp).At(10, 11).Controls(LnPop).Fe(City, Year).Cluster(City).Fit(typedData);
        var keyedModeration = Model.Moderate("inno").Effect("cbec").By("ln_gdp").At(10, 11).Controls("ln_pop").Fe("city", "year").Cluster("city").Fit(data);
        Assert.Equal(keyedModeration.ToJson(), moderation.ToJson());

        var matching = Match(Cbec).On(LnPop, LnGdp).Logit().Nearest(2).Outcome(Inno).Fit(typedData);
        var keyedMatching = Model.Match("cbec").On("ln_pop", "ln_gdp").Logit().Nearest(2).Outcome("inno").Fit(data);
        Assert.Equal(keyedMatching.ToJson(), matching.ToJson());

        var heterogeneity = Regress(Inno).On(Cbec).Controls(LnGdp).Cluster(City).By(Year).Fit(typedData);
        var keyedHeterogeneity = Model.Regress("inno").On("cbec").Controls("ln_gdp").Cluster("city").By("year").Fit(data);
        Assert.Equal(keyedHeterogeneity.ToJson(), heterogeneity.ToJson());
    }

    [Fact]
    public void TypedAndStringInstrumentalVariablesGiveIdenticalResults()
    {
        var data = PanelData.ReadCsv(CsvPath, "city", "year");
        var typedData = Load(CsvPath);

        var twoStage = Regress(Inno).On(LnGdp).Controls(LnPop).Instrument(LnGdp, with: [Infra, Lag(Infra)]).Fe(City, Year).Cluster(City).Fit(typedData);
        var keyedTwoStage = Model.Regress("inno").On("ln_gdp").Controls("ln_pop").Instrument("ln_gdp", with: ["infra", Term.Lag("infra", 1)])
            .Fe("city", "year").Cluster("city").Fit(data);
        Assert.Equal(keyedTwoStage.ToJson(), twoStage.ToJson());

        var gmm = Regress(Inno).On(Cbec).Instrument(LnGdp, Infra, LnPop).Fe(City).Vcov(Vcov.HC1).Gmm().Small().Fit(typedData);
        var keyedGmm = Model.Regress("inno").On("cbec").Instrument("ln_gdp", with: ["infra", "ln_pop"]).Fe("city").Vcov(Vcov.HC1).Gmm().Small().Fit(data);
        Assert.Equal(keyedGmm.ToJson(), gmm.ToJson());
    }

    [Fact]
    public void TypedAndStringDynamicPanelsGiveIdenticalResults()
    {
        var typed = Gmm(Inno).On(Lag(Inno), LnGdp).GmmInstruments(Inno, from: 2, to: 4).IvInstruments(LnGdp).TwoStep().Fit(Load(CsvPath));
        var keyed = Model.DynamicPanel("inno").On(Term.Lag("inno", 1), "ln_gdp").GmmInstruments("inno", from: 2, to: 4).IvInstruments("ln_gdp").TwoStep()
            .Fit(PanelData.ReadCsv(CsvPath, "city", "year"));
        Assert.Equal(keyed.ToJson(), typed.ToJson());
        Assert.Equal(40, typed.Groups);
    }

    [Fact]
    public void LoadWithoutPathFindsTheAttributeFile()
    {
        var data = Load();
        Assert.Equal(400, data.RowCount);
        Assert.Equal(["city", "year", "inno", "cbec", "ln_pop", "ln_gdp", "infra"], data.Data.ColumnNames);
    }

    [Fact]
    public void ReorderedColumnsAreConformedOnceAtLoad()
    {
        var shuffled = Only("infra", "year", "inno", "city", "cbec", "ln_gdp", "ln_pop");
        var conformed = new Dataset<TestCities>(shuffled);
        Assert.Equal(["city", "year", "inno", "cbec", "ln_pop", "ln_gdp", "infra"], conformed.Data.ColumnNames);
        var fit = Regress(Inno).On(Cbec).Fe(City).Fit(conformed);
        var keyed = Model.Regress("inno").On("cbec").Fe("city").Fit(shuffled);
        Assert.Equal(keyed.ToJson(), fit.ToJson());
    }

    [Fact]
    public void DataWithoutASchemaColumnIsRejectedWithTheColumnNamed()
    {
        var partial = Only("city", "year", "inno");
        var error = Assert.Throws<ArgumentException>(() => new Dataset<TestCities>(partial));
        Assert.StartsWith("'TestCities' needs column 'cbec', which is not among the data's columns (city, year, inno)", error.Message, StringComparison.Ordinal);
    }

    private static PanelData Only(params string[] columns)
    {
        var data = PanelData.ReadCsv(CsvPath, "city", "year");
        return new PanelData(columns.Select(c => data[c]), "city", "year");
    }
}
