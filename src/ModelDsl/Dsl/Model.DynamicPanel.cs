namespace ModelDsl;

/// <summary>The dynamic-panel GMM verb of the string-keyed model DSL.</summary>
public static partial class Model
{
    /// <summary>
    /// Starts a dynamic-panel GMM model (Arellano–Bond difference GMM, Blundell–Bond system GMM) of <paramref name="outcome"/>:
    /// <c>Model.DynamicPanel(Term.Log("emp")).On(Term.Lag(Term.Log("emp"), 1), "k").GmmInstruments(Term.Log("emp"), from: 2).TwoStep().Fit(data)</c>.
    /// </summary>
    public static DynamicPanelSpecification DynamicPanel(Term outcome) => new(outcome);
}
