using static ModelDsl.Tests.Causal.CausalFixtures;

using ProducSchema = ModelDsl.Tests.Causal.TypedPathTests.ProducSchema;

namespace ModelDsl.Tests.Dsl;

/// <summary>The typed models share one base: the specification, <c>Fit</c> on a data set of their own schema, and their text.</summary>
public sealed class TypedModelTests
{
    private static readonly Type[] Wrappers =
    [
        typeof(RegressionModel<>), typeof(RegressionModelSet<>), typeof(BinaryChoiceModel<>), typeof(DidModel<>), typeof(EventStudyModel<>),
        typeof(MatchingModel<>), typeof(PsmDidModel<>), typeof(MediationModel<>), typeof(ModerationModel<>), typeof(HeterogeneityModel<>),
        typeof(InstrumentalModel<>), typeof(DynamicPanelModel<>), typeof(ThresholdModel<>), typeof(CallawaySantAnnaModel<>),
        typeof(ImputationModel<>), typeof(SwitchingDidModel<>),
    ];

    [Fact]
    public void EveryTypedModelDerivesFromTheSharedBaseAndAddsOnlyVerbs()
    {
        var publicModels = typeof(TypedModel<,,>).Assembly.GetExportedTypes()
            .Where(t => t.IsGenericTypeDefinition && t.Namespace == "ModelDsl" && t.GetProperty("Specification") is not null)
            .ToHashSet();
        Assert.Equal(Wrappers.ToHashSet(), publicModels.Where(t => !t.IsAbstract).ToHashSet());
        foreach (var wrapper in Wrappers)
        {
            var closed = wrapper.MakeGenericType(typeof(ProducSchema));
            Assert.Equal(typeof(TypedModel<,,>), closed.BaseType!.GetGenericTypeDefinition());
            Assert.Equal(typeof(ProducSchema), closed.BaseType.GetGenericArguments()[0]);
            Assert.Equal(typeof(TypedModel<,,>), closed.GetMethod("Fit")!.DeclaringType!.GetGenericTypeDefinition());
            Assert.Equal(typeof(TypedModel<,,>), closed.GetProperty("Specification")!.DeclaringType!.GetGenericTypeDefinition());
        }
    }

    [Fact]
    public void FitRefusesNullAndPrintsTheSpecification()
    {
        var model = DidModel<ProducSchema>.Create(ProducSchema.Gsp).Cohort(ProducSchema.Cohort).Fe(ProducSchema.State, ProducSchema.Year);
        Assert.Throws<ArgumentNullException>(() => model.Fit(null!));
        Assert.Equal(model.Specification.ToString(), model.ToString());
        var regression = RegressionModel<ProducSchema>.Create(ProducSchema.Gsp).On(ProducSchema.Unemp);
        Assert.Equal(regression.Specification.ToString(), regression.ToString());
    }

    [Fact]
    public void SharedFitGivesTheStringKeyedNumbers()
    {
        var data = Produc("did-produc");
        var typed = RegressionModel<ProducSchema>.Create(ProducSchema.Gsp).On(ProducSchema.Unemp).Fe(ProducSchema.State).Cluster(ProducSchema.State)
            .Fit(new Dataset<ProducSchema>(data));
        var keyed = Model.Regress("gsp").On("unemp").Fe("state").Cluster("state").Fit(data);
        Assert.Equal(keyed.Coefficients, typed.Coefficients);
    }
}
