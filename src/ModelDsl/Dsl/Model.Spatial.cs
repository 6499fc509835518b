namespace ModelDsl;

public static partial class Model
{
    /// <summary>
    /// Starts a spatial regression of <paramref name="outcome"/> by maximum likelihood (SAR by default; <c>Error()</c> for SEM, <c>LagAndError()</c> for SAC,
    /// <c>Durbin()</c> for SDM): <c>Model.Spatial("y").On("x1", "x2").Weights(w).Durbin().Fe("region", "year").Fit(panel)</c>.
    /// </summary>
    public static SpatialSpecification Spatial(Term outcome) => new(outcome);
}
