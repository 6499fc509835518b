namespace ModelDsl.Generators.Models
{
    /// <summary>A transform's output: the model (null when nothing can be emitted) and the diagnostics, kept apart so that a changed message never re-emits code.</summary>
    internal sealed record Result<TValue>(TValue? Value, EquatableArray<DiagnosticInfo> Diagnostics)
        where TValue : class
    {
        public static Result<TValue> Failure(EquatableArray<DiagnosticInfo> diagnostics) => new(null, diagnostics);
    }
}
