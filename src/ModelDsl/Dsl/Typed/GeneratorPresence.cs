namespace ModelDsl;

/// <summary>
/// How a build says that the ModelDsl source generator is not running: <see cref="PanelAttribute"/> and
/// <see cref="DatasetAttribute"/> carry an <see cref="ObsoleteAttribute"/> warning with this identifier and message,
/// and the generator's assembly ships a diagnostic suppressor that removes the warning wherever it runs.
/// </summary>
/// <remarks>
/// Without the generator a schema attribute makes nothing, and the compiler reports the missing members
/// (<c>CS0426: The type name 'Columns' does not exist in the type 'Cities'</c>, <c>CS0117 ... 'Load'</c>) without saying
/// why. The warning names the cause and the fix at the attribute. A build that switches analyzers off
/// (<c>RunAnalyzers=false</c>) also switches the suppressor off, so the message says that too.
/// </remarks>
public static class GeneratorPresence
{
    /// <summary>The diagnostic identifier of the warning (suppressed wherever the generator runs).</summary>
    public const string DiagnosticId = "MDSLBUILD003";

    /// <summary>The warning's text.</summary>
    public const string Message =
        "The ModelDsl source generator is not running in this build, so [Panel]/[Dataset] adds nothing (no Load, no Columns, no model verbs). " +
        "A script that references src/ModelDsl/ModelDsl.csproj with '#:project' does not get the generator from it: use the package " +
        "('#:package ModelDsl@0.1.0' after scripts/pack-local.sh) or add " +
        "'#:property CustomAfterMicrosoftCommonTargets=<clone>/src/ModelDsl/build/ModelDsl.Project.targets'; a project adds " +
        "<ProjectReference Include=\"<clone>/generators/ModelDsl.Generators/ModelDsl.Generators.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />. " +
        "If the generator is referenced, analyzers are switched off (RunAnalyzers=false), which also hides this check.";
}
