using ModelDsl.Data;
using ModelDsl.Results;

using ModelDsl.Tests.DynamicPanel;

namespace ModelDsl.Tests.Dsl;

/// <summary>
/// The typed instrumental-variables and dynamic-panel models give the string-keyed numbers to the last bit: the same JSON
/// (every coefficient, standard error, statistic and note) on the reference data (iv-cigarettes-twoway,
/// dynamic-panel-emplUK), the columns found by ordinal through hand-written schemas of the generator's shape.
/// </summary>
public sealed class TypedInstrumentalTests
{
    private static string Reference(string folder) => Path.Combine(AppContext.BaseDirectory, "reference", folder, "data.csv");

    private static PanelData Cigarettes() => PanelData.ReadCsv(Reference("iv-cigarettes-twoway"), unit: "state", time: "year");

    public static TheoryData<string> Estimators => ["2sls", "liml", "fuller", "gmm", "gmm-hc1-small"];

    [Theory]
    [MemberData(nameof(Estimators))]
    public void TypedIvEqualsTheStringKeyedFit(string estimator)
    {
        var data = Cigarettes();
        var typed = RegressionModel<CigarettesSchema>.Create(CigarettesSchema.Lpacks).On(CigarettesSchema.Lrincome)
            .Instrument(CigarettesSchema.Lrprice, with: [CigarettesSchema.Salestax, CigarettesSchema.Cigtax])
            .Fe(CigarettesSchema.State, CigarettesSchema.Year).Cluster(CigarettesSchema.State);
        var keyed = Model.Regress("lpacks").On("lrincome").Instrument("lrprice", with: ["salestax", "cigtax"]).Fe("state", "year").Cluster("state");
        (typed, keyed) = estimator switch
        {
            "liml" => (typed.Liml(), keyed.Liml()),
            "fuller" => (typed.Fuller(1), keyed.Fuller(1)),
            "gmm" => (typed.Gmm(), keyed.Gmm()),
            "gmm-hc1-small" => (typed.Gmm(Vcov.HC1).Vcov(Vcov.HC1).Small(), keyed.Gmm(Vcov.HC1).Vcov(Vcov.HC1).Small()),
            _ => (typed, keyed),
        };

        var typedFit = typed.Fit(new Dataset<CigarettesSchema>(data));
        var keyedFit = keyed.Fit(data);
        Assert.Equal(keyedFit.ToJson(), typedFit.ToJson());
        Assert.Equal(keyed.ToString(), typed.ToString());
        Assert.Equal(keyedFit.Diagnose().WeakIdentification, typedFit.Diagnose().WeakIdentification);
    }

    [Fact]
    public void TypedIvCarriesTheRegressionsVariableRolesWeightsAndOptions()
    {
        var data = Cigarettes();
        var typed = RegressionModel<CigarettesSchema>.Create(CigarettesSchema.Lpacks).Weights(CigarettesSchema.Cigtax)
            .Instrument(CigarettesSchema.Lrprice, CigarettesSchema.Salestax).Controls(CigarettesSchema.Lrincome)
            .Fe(CigarettesSchema.State).Vcov(Vcov.HC1).Small().Confidence(0.9);
        var keyed = Model.Regress("lpacks").Instrument("lrprice", with: ["salestax"]).Controls("lrincome").Weighted("cigtax")
            .Fe("state").Vcov(Vcov.HC1).Small().Confidence(0.9);
        var typedFit = typed.Fit(new Dataset<CigarettesSchema>(data));
        Assert.Equal(keyed.Fit(data).ToJson(), typedFit.ToJson());

        // Without the weights the numbers differ: the typed chain carried them rather than dropping them.
        var unweighted = Model.Regress("lpacks").Instrument("lrprice", with: ["salestax"]).Controls("lrincome").Fe("state").Vcov(Vcov.HC1).Small().Confidence(0.9).Fit(data);
        Assert.NotEqual(unweighted["lrprice"].Estimate, typedFit["lrprice"].Estimate);
    }

    [Fact]
    public void StringKeyedInstrumentKeepsTheRegressionsAnalyticWeightsAndRefusesFrequencyWeights()
    {
        var data = Cigarettes();
        var fromRegression = Model.Regress("lpacks").On("lrincome").Weights("cigtax").Instrument("lrprice", with: ["salestax"]);
        Assert.Equal("cigtax", fromRegression.Weights?.Name);
        var explicitWeights = Model.Regress("lpacks").On("lrincome").Instrument("lrprice", with: ["salestax"]).Weighted("cigtax");
        Assert.Equal(explicitWeights.Fit(data).ToJson(), fromRegression.Fit(data).ToJson());

        var error = Assert.Throws<InvalidOperationException>(() => Model.Regress("lpacks").Weights("cigtax", WeightKind.Frequency).Instrument("lrprice", with: ["salestax"]));
        Assert.Contains("'cigtax'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedIvWithSeveralEndogenousRegressors()
    {
        var data = Cigarettes();
        var typed = RegressionModel<CigarettesSchema>.Create(CigarettesSchema.Lpacks)
            .Instrument([CigarettesSchema.Lrprice, CigarettesSchema.Lrincome], with: [CigarettesSchema.Salestax, CigarettesSchema.Cigtax])
            .Fe(CigarettesSchema.Year).Liml();
        var keyed = Model.Regress("lpacks").Instrument(["lrprice", "lrincome"], with: ["salestax", "cigtax"]).Fe("year").Liml();
        Assert.Equal(keyed.Fit(data).ToJson(), typed.Fit(new Dataset<CigarettesSchema>(data)).ToJson());
    }

    public static TheoryData<string> DynamicPanelCases => ["ab_onestep", "ab_twostep_collapse", "bb_twostep_system"];

    [Theory]
    [MemberData(nameof(DynamicPanelCases))]
    public void TypedDynamicPanelEqualsTheStringKeyedFit(string name)
    {
        var log = NumericTerm<EmplUkSchema>.Log;
        var lag = NumericTerm<EmplUkSchema>.Lag;
        var emp = log(EmplUkSchema.Emp);
        var wage = log(EmplUkSchema.Wage);
        var capital = log(EmplUkSchema.Capital);
        var output = log(EmplUkSchema.Output);
        var typed = name switch
        {
            "ab_onestep" => DynamicPanelModel<EmplUkSchema>.Create(emp)
                .On(lag(emp, 1), lag(emp, 2), wage, lag(wage, 1), capital, output, lag(output, 1))
                .GmmInstruments(emp, from: 2, to: 99)
                .IvInstruments(wage, lag(wage, 1), capital, output, lag(output, 1)).TimeDummies(),
            "ab_twostep_collapse" => DynamicPanelModel<EmplUkSchema>.Create(emp)
                .On(lag(emp, 1), lag(emp, 2), wage, lag(wage, 1), capital, output, lag(output, 1))
                .GmmInstruments(emp, from: 2, to: 99, collapse: true)
                .IvInstruments(wage, lag(wage, 1), capital, output, lag(output, 1)).TimeDummies().TwoStep(),
            _ => DynamicPanelModel<EmplUkSchema>.Create(emp)
                .On(lag(emp, 1), wage, lag(wage, 1), capital, lag(capital, 1))
                .GmmInstruments(emp, 2, 99).GmmInstruments(wage, 2, 99).GmmInstruments(capital, 2, 99)
                .System().TimeDummies().TwoStep(),
        };
        var keyed = DynamicPanelReferenceTests.Specification(name);
        Assert.Equal(keyed.ToString(), typed.ToString());

        var data = DynamicPanelReferenceTests.Read("data.csv");
        var typedFit = typed.Fit(Dataset<EmplUkSchema>.Load(Reference("dynamic-panel-emplUK")));
        var keyedFit = keyed.Fit(data);
        Assert.Equal(keyedFit.ToJson(), typedFit.ToJson());
        Assert.Equal(keyedFit.Coefficients.Select(c => c.Estimate), typedFit.Coefficients.Select(c => c.Estimate));
    }

    [Fact]
    public void TypedDynamicPanelRefusesAnImpossibleLagRangeAtRunTimeToo()
    {
        var emp = NumericTerm<EmplUkSchema>.Log(EmplUkSchema.Emp);
        var model = DynamicPanelModel<EmplUkSchema>.Create(emp).On(NumericTerm<EmplUkSchema>.Lag(emp, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GmmInstruments(emp, from: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GmmInstruments(emp, from: 3, to: 2));
    }

    /// <summary>A hand-written schema for reference/iv-cigarettes-twoway/data.csv, as the generator would emit it.</summary>
    internal sealed class CigarettesSchema : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "CigarettesSchema",
            null,
            null,
            "state",
            "year",
            false,
            [
                new("state", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("lpacks", ColumnKind.Numeric),
                new("lrprice", ColumnKind.Numeric), new("lrincome", ColumnKind.Numeric), new("salestax", ColumnKind.Numeric), new("cigtax", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<CigarettesSchema> State { get; } = new("state", 0);

        public static CategoricalVariable<CigarettesSchema> Year { get; } = new("year", 1);

        public static NumericVariable<CigarettesSchema> Lpacks { get; } = new("lpacks", 2);

        public static NumericVariable<CigarettesSchema> Lrprice { get; } = new("lrprice", 3);

        public static NumericVariable<CigarettesSchema> Lrincome { get; } = new("lrincome", 4);

        public static NumericVariable<CigarettesSchema> Salestax { get; } = new("salestax", 5);

        public static NumericVariable<CigarettesSchema> Cigtax { get; } = new("cigtax", 6);
    }

    /// <summary>A hand-written schema for reference/dynamic-panel-emplUK/data.csv, as the generator would emit it.</summary>
    internal sealed class EmplUkSchema : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "EmplUkSchema",
            "data.csv",
            null,
            "firm",
            "year",
            false,
            [
                new("firm", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("sector", ColumnKind.Numeric),
                new("emp", ColumnKind.Numeric), new("wage", ColumnKind.Numeric), new("capital", ColumnKind.Numeric), new("output", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<EmplUkSchema> Firm { get; } = new("firm", 0);

        public static CategoricalVariable<EmplUkSchema> Year { get; } = new("year", 1);

        public static NumericVariable<EmplUkSchema> Emp { get; } = new("emp", 3);

        public static NumericVariable<EmplUkSchema> Wage { get; } = new("wage", 4);

        public static NumericVariable<EmplUkSchema> Capital { get; } = new("capital", 5);

        public static NumericVariable<EmplUkSchema> Output { get; } = new("output", 6);
    }
}
