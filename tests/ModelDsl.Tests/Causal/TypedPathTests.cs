using ModelDsl.Data;

using static ModelDsl.Tests.Causal.CausalFixtures;

namespace ModelDsl.Tests.Causal;

/// <summary>The typed wrappers give the same numbers as the string-keyed verbs (columns found by ordinal).</summary>
public sealed class TypedPathTests
{
    private static Dataset<ProducSchema> Typed() => new(Produc("did-produc"));

    [Fact]
    public void DidAndEventStudy()
    {
        var data = Produc("did-produc");
        var typedDid = DidModel<ProducSchema>.Create(NumericTerm<ProducSchema>.Log(ProducSchema.Gsp)).Cohort(ProducSchema.Cohort)
            .Controls(NumericTerm<ProducSchema>.Log(ProducSchema.Pcap), ProducSchema.Unemp).Fe(ProducSchema.State, ProducSchema.Year).Cluster(ProducSchema.State).Fit(Typed());
        var did = Model.Did(Term.Log("gsp")).Cohort("cohort").Controls(Term.Log("pcap"), "unemp").Fe("state", "year").Cluster("state").Fit(data);
        Assert.Equal(did.Effect, typedDid.Effect);

        var typedStudy = EventStudyModel<ProducSchema>.Create(NumericTerm<ProducSchema>.Log(ProducSchema.Gsp)).Cohort(ProducSchema.Cohort).Window(-4, 4)
            .Controls(ProducSchema.Unemp).Fe(ProducSchema.State, ProducSchema.Year).Cluster(ProducSchema.State).Fit(Typed());
        var study = Model.EventStudy(Term.Log("gsp")).Cohort("cohort").Window(-4, 4).Controls("unemp").Fe("state", "year").Cluster("state").Fit(data);
        Assert.Equal(study.EventTimes, typedStudy.EventTimes);
        Assert.Equal(study.PreTrendTest.ChiSquare, typedStudy.PreTrendTest.ChiSquare);
    }

    [Fact]
    public void MediationModerationAndHeterogeneity()
    {
        var data = Produc("did-produc");
        var log = NumericTerm<ProducSchema>.Log;
        var typedMediation = MediationModel<ProducSchema>.Create(log(ProducSchema.Gsp)).Treatment(log(ProducSchema.Pcap)).Through(log(ProducSchema.Emp))
            .Controls(ProducSchema.Unemp).Fe(ProducSchema.State, ProducSchema.Year).Cluster(ProducSchema.State).Fit(Typed());
        var mediation = Model.Mediate(Term.Log("gsp")).Treatment(Term.Log("pcap")).Through(Term.Log("emp")).Controls("unemp").Fe("state", "year").Cluster("state").Fit(data);
        Assert.Equal(mediation.Sobel, typedMediation.Sobel);

        var typedModeration = ModerationModel<ProducSchema>.Create(log(ProducSchema.Gsp)).Effect(log(ProducSchema.Pcap)).By(ProducSchema.Unemp).At(5)
            .Fe(ProducSchema.State, ProducSchema.Year).Cluster(ProducSchema.State).Fit(Typed());
        var moderation = Model.Moderate(Term.Log("gsp")).Effect(Term.Log("pcap")).By("unemp").At(5).Fe("state", "year").Cluster("state").Fit(data);
        Assert.Equal(moderation.MarginalEffects, typedModeration.MarginalEffects);

        var typedHeterogeneity = RegressionModel<ProducSchema>.Create(log(ProducSchema.Gsp)).On(ProducSchema.Treated).Fe(ProducSchema.State, ProducSchema.Year)
            .Cluster(ProducSchema.State).By(ProducSchema.Size).Fit(new Dataset<ProducSchema>(WithSize(data)));
        var heterogeneity = Model.Regress(Term.Log("gsp")).On("treated").Fe("state", "year").Cluster("state").By("size").Fit(WithSize(data));
        Assert.Equal(heterogeneity.EqualityTests["treated"].ChiSquare, typedHeterogeneity.EqualityTests["treated"].ChiSquare);
        Assert.Equal(heterogeneity.StackedEqualityTests["treated"].FPValue, typedHeterogeneity.StackedEqualityTests["treated"].FPValue);
        Assert.Equal(heterogeneity.Groups.Select(g => g.Fit["treated"]), typedHeterogeneity.Groups.Select(g => g.Fit["treated"]));
    }

    [Fact]
    public void MatchingAndPsmDid()
    {
        var data = Produc("did-produc");
        var log = NumericTerm<ProducSchema>.Log;
        var typed = MatchingModel<ProducSchema>.Create(ProducSchema.Treated).On(log(ProducSchema.Pcap), ProducSchema.Unemp).Logit().Nearest(2)
            .Outcome(log(ProducSchema.Gsp)).Fit(Typed());
        var plain = Model.Match("treated").On(Term.Log("pcap"), "unemp").Logit().Nearest(2).Outcome(Term.Log("gsp")).Fit(data);
        Assert.Equal(plain.ToJson(), typed.ToJson());

        var did = RegressionModel<ProducSchema>.Create(log(ProducSchema.Gsp)).On(ProducSchema.Treated).Fe(ProducSchema.State, ProducSchema.Year).Cluster(ProducSchema.State);
        var typedPsm = MatchingModel<ProducSchema>.Create(ProducSchema.Treated).On(ProducSchema.Unemp).ThenRegress(did).Pooled().WeightedSample().Fit(Typed());
        var plainPsm = Model.Match("treated").On("unemp").ThenRegress(Model.Regress(Term.Log("gsp")).On("treated").Fe("state", "year").Cluster("state"))
            .Pooled().WeightedSample().Fit(data);
        Assert.Equal(plainPsm.ToJson(), typedPsm.ToJson());
    }

    [Fact]
    public void TypedHandlesConvertToTheStringKeyedTerms()
    {
        var data = Produc("did-produc");
        var mixed = Model.EventStudy(ProducSchema.Gsp).Cohort(ProducSchema.Cohort).Window(-3, 3).Fe(ProducSchema.State, ProducSchema.Year)
            .Cluster(ProducSchema.State.ColumnTerm).Fit(data);
        var plain = Model.EventStudy("gsp").Cohort("cohort").Window(-3, 3).Fe("state", "year").Cluster("state").Fit(data);
        Assert.Equal(plain.PreTrendTest.ChiSquare, mixed.PreTrendTest.ChiSquare);
        Assert.Equal(8, ProducSchema.Gsp.ColumnTerm.Ordinal);
        Term logGsp = NumericTerm<ProducSchema>.Log(ProducSchema.Gsp);
        Assert.Equal("log(gsp)", logGsp.Name);
    }

    private static PanelData WithSize(PanelData data)
        => data.WithColumn(CategoricalColumn.FromLabels("size", Enumerable.Range(0, data.RowCount).Select(i => data.Numeric("emp")[i] > 1500 ? "big" : "small").ToArray()));

    /// <summary>A hand-written schema for reference/did-produc/data.csv, as the generator would emit it.</summary>
    internal sealed class ProducSchema : IDatasetSchema
    {
        private static readonly DatasetSchema Definition = new(
            "ProducSchema",
            null,
            null,
            "state",
            "year",
            false,
            [
                new("state", ColumnKind.Categorical), new("year", ColumnKind.Categorical), new("region", ColumnKind.Numeric),
                new("pcap", ColumnKind.Numeric), new("hwy", ColumnKind.Numeric), new("water", ColumnKind.Numeric), new("util", ColumnKind.Numeric),
                new("pc", ColumnKind.Numeric), new("gsp", ColumnKind.Numeric), new("emp", ColumnKind.Numeric), new("unemp", ColumnKind.Numeric),
                new("cohort", ColumnKind.Numeric), new("treated", ColumnKind.Numeric),
            ]);

        public static DatasetSchema Schema => Definition;

        public static CategoricalVariable<ProducSchema> State { get; } = new("state", 0);

        public static CategoricalVariable<ProducSchema> Year { get; } = new("year", 1);

        public static NumericVariable<ProducSchema> Pcap { get; } = new("pcap", 3);

        public static NumericVariable<ProducSchema> Gsp { get; } = new("gsp", 8);

        public static NumericVariable<ProducSchema> Emp { get; } = new("emp", 9);

        public static NumericVariable<ProducSchema> Unemp { get; } = new("unemp", 10);

        public static NumericVariable<ProducSchema> Cohort { get; } = new("cohort", 11);

        public static NumericVariable<ProducSchema> Treated { get; } = new("treated", 12);

        public static CategoricalVariable<ProducSchema> Size { get; } = new("size", 13);
    }
}
