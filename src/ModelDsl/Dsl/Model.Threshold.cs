namespace ModelDsl;

public static partial class Model
{
    /// <summary>
    /// Starts a fixed-effects panel threshold regression of <paramref name="outcome"/> (Hansen 1999; xthreg):
    /// <c>Model.Threshold("inno").On("va").By("infra").Regimes(2).Fe("province").Bootstrap(300, seed: 1).Fit(data)</c>.
    /// </summary>
    public static ThresholdSpecification Threshold(Term outcome) => new(outcome);
}
