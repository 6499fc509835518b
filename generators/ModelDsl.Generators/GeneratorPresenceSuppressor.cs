using System.Collections.Immutable;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelDsl.Generators
{
    /// <summary>
    /// Removes the runtime's "the generator is not running" warning (MDSLBUILD003, an <c>[Obsolete]</c> warning on
    /// <c>[Panel]</c> and <c>[Dataset]</c>) from every build this assembly is part of. The warning is the runtime's only
    /// way to say, in a build that references the runtime without the generator (a script's bare <c>#:project</c>),
    /// why the schema's members are missing; wherever the generator runs this suppressor runs beside it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GeneratorPresenceSuppressor : DiagnosticSuppressor
    {
        /// <summary>The runtime's diagnostic identifier (ModelDsl.GeneratorPresence.DiagnosticId).</summary>
        internal const string SuppressedId = "MDSLBUILD003";

        private static readonly SuppressionDescriptor Present = new SuppressionDescriptor(
            "MDSLSPR001",
            SuppressedId,
            "The ModelDsl source generator runs in this build, so [Panel]/[Dataset] is not inert.");

        /// <inheritdoc />
        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(Present);

        /// <inheritdoc />
        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                if (diagnostic.Id == SuppressedId)
                {
                    context.ReportSuppression(Suppression.Create(Present, diagnostic));
                }
            }
        }
    }
}
