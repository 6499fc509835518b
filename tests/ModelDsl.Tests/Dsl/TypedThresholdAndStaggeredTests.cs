using ModelDsl.Causal;
using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Dsl;

/// <summary>
/// The typed threshold, Callaway–Sant'Anna, imputation and DID_M models give the string-keyed numbers to the last bit:
/// the same JSON (every estimate, standard error, test and note) on their reference data (threshold-produc, cs-produc,
/// imputation-produc, didm-produc), the columns found by ordinal through hand-written schemas of the generator's shape.
/// </summary>
public sealed class TypedThresholdAndStaggeredTests
{
    [Fact]
    public void TypedThresholdEqualsTheStringKeyedFit()
    {
        var data = Produc("threshold-produc");
        var typed = ThresholdModel<ThresholdProduc>.Create(NumericTerm<ThresholdProduc>.Log(ThresholdProduc.Gsp))
            .On(NumericTerm<ThresholdProduc>.Log(ThresholdProduc.Pcap)).By(ThresholdProduc.Unemp).Regimes(3)
            .Controls(NumericTerm<ThresholdProduc>.Log(ThresholdProduc.Pc), NumericTerm<ThresholdProduc>.Log(ThresholdProduc.Emp))
            .Fe(ThresholdProduc.State).Cluster(ThresholdProduc.State).Grid(60).Trim(0.01, 0.05).Bootstrap(20, seed: 3).Confidence(0.9);
        var keyed = Model.Threshold(Term.Log("gsp")).On(Term.Log("pcap")).By("unemp").Regimes(3).Controls(Term.Log("pc"), Term.Log("emp"))
            .Fe("state").Cluster("state").Grid(60).Trim(0.01, 0.05).Bootstrap(20, seed: 3).Confidence(0.9);
        Assert.Equal(keyed.Fit(data).ToJson(), typed.Fit(new Dataset<ThresholdProduc>(data)).ToJson());
        Assert.Equal(keyed.ToString(), typed.ToString());

        var everyValue = ThresholdModel<ThresholdProduc>.Create(ThresholdProduc.Gsp).On(ThresholdProduc.Pcap).By(ThresholdProduc.Unemp)
            .EveryValue().Trim(0.05).Vcov(Vcov.Iid);
        var keyedEveryValue = Model.Threshold("gsp").On("pcap").By("unemp").EveryValue().Trim(0.05).Vcov(Vcov.Iid);
        Assert.Equal(keyedEveryValue.Fit(data).ToJson(), everyValue.Fit(new Dataset<ThresholdProduc>(data)).ToJson());
    }

    [Fact]
    public void TypedCallawaySantAnnaEqualsTheStringKeyedFit()
    {
        // The schema declares region categorical, so the data set holds it as categories; the string-keyed fit on the
        // same data set's data (on the raw CSV it would add the note that a numeric column was used as a cluster).
        var data = new Dataset<StaggeredProduc>(Produc("cs-produc")).Data;
        var typed = CallawaySantAnnaModel<StaggeredProduc>.Create(NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Gsp)).Cohort(StaggeredProduc.Cohort)
            .Covariates(NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Pcap), StaggeredProduc.Unemp).NotYetTreated().Using(GroupTimeEstimation.DoublyRobust)
            .Anticipation(1).WithBasePeriod(BasePeriod.Universal).Cluster(StaggeredProduc.Region).Bootstrap(50, 7, MultiplierWeights.Mammen).Level(0.9);
        var keyed = Model.CallawaySantAnna(Term.Log("gsp")).Cohort("cohort").Covariates(Term.Log("pcap"), "unemp").NotYetTreated().Using(GroupTimeEstimation.DoublyRobust)
            .Anticipation(1).WithBasePeriod(BasePeriod.Universal).Cluster("region").Bootstrap(50, 7, MultiplierWeights.Mammen).Level(0.9);
        Assert.Equal(keyed.Fit(data).ToJson(), typed.Fit(new Dataset<StaggeredProduc>(data)).ToJson());

        var neverTreated = CallawaySantAnnaModel<StaggeredProduc>.Create(StaggeredProduc.Gsp).Cohort(StaggeredProduc.Cohort).NotYetTreated().NeverTreated();
        Assert.Equal(Model.CallawaySantAnna("gsp").Cohort("cohort").Fit(data).ToJson(), neverTreated.Fit(new Dataset<StaggeredProduc>(data)).ToJson());
    }

    [Fact]
    public void TypedImputationEqualsTheStringKeyedFit()
    {
        var data = Produc("imputation-produc");
        var typed = ImputationModel<StaggeredProduc>.Create(NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Gsp)).Cohort(StaggeredProduc.Cohort)
            .Controls(NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Pcap), NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Pc), StaggeredProduc.Unemp)
            .Fe(StaggeredProduc.State, StaggeredProduc.Year).Cluster(StaggeredProduc.State).PreTrends(3).Horizons(0, 4).Confidence(0.9);
        var keyed = Model.Imputation(Term.Log("gsp")).Cohort("cohort").Controls(Term.Log("pcap"), Term.Log("pc"), "unemp")
            .Fe("state", "year").Cluster("state").PreTrends(3).Horizons(0, 4).Confidence(0.9);
        Assert.Equal(keyed.Fit(data).ToJson(), typed.Fit(new Dataset<StaggeredProduc>(data)).ToJson());

        var weighted = ImputationModel<StaggeredProduc>.Create(NumericTerm<StaggeredProduc>.Log(StaggeredProduc.Gsp)).Cohort(StaggeredProduc.Cohort)
            .Fe(StaggeredProduc.State, StaggeredProduc.Year).Anticipation(1).WithoutLeaveOut().AverageEffectsBy(ImputationEffectGroups.EventTime)
            .Weighted(StaggeredProduc.Emp).PreTrends(2);
        var keyedWeighted = Model.Imputation(Term.Log("gsp")).Cohort("cohort").Fe("state", "year").Anticipation(1).WithoutLeaveOut()
            .AverageEffectsBy(ImputationEffectGroups.EventTime).Weighted("emp").PreTrends(2);
        var typedWeighted = weighted.Fit(new Dataset<StaggeredProduc>(data));
        Assert.Equal(keyedWeighted.Fit(data).ToJson(), typedWeighted.ToJson());

        // The typed chain carried the weights rather than dropping them: unweighted, the numbers differ.
        var unweighted = Model.Imputation(Term.Log("gsp")).Cohort("cohort").Fe("state", "year").Anticipation(1).WithoutLeaveOut()
            .AverageEffectsBy(ImputationEffectGroups.EventTime).PreTrends(2).Fit(data);
        Assert.NotEqual(unweighted.ToJson(), typedWeighted.ToJson());
    }

    [Fact]
    public void TypedSwitchingDidEqualsTheStringKeyedFit()
    {
        var data = Produc("didm-produc");
        var typed = SwitchingDidModel<SwitchingProduc>.Create(NumericTerm<SwitchingProduc>.Log(SwitchingProduc.Gsp)).Treated(SwitchingProduc.HighUnemp)
            .Cluster(SwitchingProduc.Region).Bootstrap(draws: 30, seed: 5).Confidence(0.9);
        var keyed = Model.SwitchingDid(Term.Log("gsp")).Treated("high_unemp").Cluster("region").Bootstrap(draws: 30, seed: 5).Confidence(0.9);
        Assert.Equal(keyed.Fit(data).ToJson(), typed.Fit(new Dataset<SwitchingProduc>(data)).ToJson());
        Assert.Equal(keyed.ToString(), typed.ToString());
    }

    [Fact]
    public void TypedVerbsRefuseNullHandlesAndOutOfRangeSettingsAsTheStringKeyedOnes()
    {
        var threshold = ThresholdModel<ThresholdProduc>.Create(ThresholdProduc.Gsp);
        Assert.Throws<ArgumentNullException>(() => ThresholdModel<ThresholdProduc>.Create(null!));
        Assert.Throws<ArgumentNullException>(() => threshold.By(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => threshold.Regimes(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => threshold.Trim(0.01, 0.6));
        Assert.Throws<ArgumentException>(() => threshold.Trim());
        Assert.Throws<ArgumentNullException>(() => CallawaySantAnnaModel<StaggeredProduc>.Create(StaggeredProduc.Gsp).Cohort(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImputationModel<StaggeredProduc>.Create(StaggeredProduc.Gsp).Horizons(3, 1));
        Assert.Throws<ArgumentNullException>(() => SwitchingDidModel<SwitchingProduc>.Create(SwitchingProduc.Gsp).Treated(null!));
    }

    /// <summary>A hand-written schema for reference/threshold-produc/data.csv, as the generator would emit it.</summary>
    internal sealed class ThresholdProduc : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "ThresholdProduc",
            null,
            null,
            "state",
            "year",
            false,
            [
                new("state", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("region", ColumnKind.Numeric),
                new("pcap", ColumnKind.Numeric), new("hwy", ColumnKind.Numeric), new("water", ColumnKind.Numeric), new("util", ColumnKind.Numeric),
                new("pc", ColumnKind.Numeric), new("gsp", ColumnKind.Numeric), new("emp", ColumnKind.Numeric), new("unemp", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<ThresholdProduc> State { get; } = new("state", 0);

        public static NumericVariable<ThresholdProduc> Pcap { get; } = new("pcap", 3);

        public static NumericVariable<ThresholdProduc> Pc { get; } = new("pc", 7);

        public static NumericVariable<ThresholdProduc> Gsp { get; } = new("gsp", 8);

        public static NumericVariable<ThresholdProduc> Emp { get; } = new("emp", 9);

        public static NumericVariable<ThresholdProduc> Unemp { get; } = new("unemp", 10);
    }

    /// <summary>A hand-written schema for reference/cs-produc and imputation-produc data.csv, as the generator would emit it.</summary>
    internal sealed class StaggeredProduc : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "StaggeredProduc",
            null,
            null,
            "state",
            "year",
            false,
            [
                new("state", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("region", ColumnKind.Categorical),
                new("pcap", ColumnKind.Numeric), new("hwy", ColumnKind.Numeric), new("water", ColumnKind.Numeric), new("util", ColumnKind.Numeric),
                new("pc", ColumnKind.Numeric), new("gsp", ColumnKind.Numeric), new("emp", ColumnKind.Numeric), new("unemp", ColumnKind.Numeric),
                new("cohort", ColumnKind.Numeric), new("treated", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<StaggeredProduc> State { get; } = new("state", 0);

        public static CategoricalVariable<StaggeredProduc> Year { get; } = new("year", 1);

        public static CategoricalVariable<StaggeredProduc> Region { get; } = new("region", 2);

        public static NumericVariable<StaggeredProduc> Pcap { get; } = new("pcap", 3);

        public static NumericVariable<StaggeredProduc> Pc { get; } = new("pc", 7);

        public static NumericVariable<StaggeredProduc> Gsp { get; } = new("gsp", 8);

        public static NumericVariable<StaggeredProduc> Emp { get; } = new("emp", 9);

        public static NumericVariable<StaggeredProduc> Unemp { get; } = new("unemp", 10);

        public static NumericVariable<StaggeredProduc> Cohort { get; } = new("cohort", 11);
    }

    /// <summary>A hand-written schema for reference/didm-produc/data.csv, as the generator would emit it.</summary>
    internal sealed class SwitchingProduc : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "SwitchingProduc",
            null,
            null,
            "state",
            "year",
            false,
            [
                new("state", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("region", ColumnKind.Categorical),
                new("pcap", ColumnKind.Numeric), new("pc", ColumnKind.Numeric), new("gsp", ColumnKind.Numeric), new("emp", ColumnKind.Numeric),
                new("unemp", ColumnKind.Numeric), new("high_unemp", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<SwitchingProduc> Region { get; } = new("region", 2);

        public static NumericVariable<SwitchingProduc> Gsp { get; } = new("gsp", 5);

        public static NumericVariable<SwitchingProduc> HighUnemp { get; } = new("high_unemp", 8);
    }
}
