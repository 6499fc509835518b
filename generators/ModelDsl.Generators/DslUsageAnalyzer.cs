using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using ModelDsl.Generators.Usage;

namespace ModelDsl.Generators
{
    /// <summary>
    /// Checks typed model expressions (<c>Regress(y).On(x).Fe(c).Cluster(c)</c>) for mistakes the type system cannot catch.
    /// This class only registers and dispatches: it resolves the runtime types once per compilation, reads each model
    /// chain once from its outermost verb, and hands invocations, chains and unbound invocations to the rule groups in
    /// <c>Usage/</c> (one class per group of diagnostics). Which types form a chain and what each verb's arguments are
    /// comes from <see cref="ModelFamilies"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DslUsageAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<UsageRuleGroup> Groups = ImmutableArray.Create<UsageRuleGroup>(
            new RoleRules(),
            new RepeatRules(),
            new PanelRules(),
            new LagPeriodRules(),
            new CategoryRules(),
            new InstrumentRules(),
            new SettingRules());

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Groups.SelectMany(static g => g.Descriptors).ToImmutableArray();

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                if (DslTypes.Resolve(start.Compilation) is not { } types)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
                start.RegisterSyntaxNodeAction(c => AnalyzeInvocationSyntax(c, types), SyntaxKind.InvocationExpression);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, DslTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            foreach (var group in Groups)
            {
                group.AnalyzeInvocation(context, invocation, types);
            }

            if (ModelChain.From(invocation, types) is not { } chain)
            {
                return;
            }

            foreach (var group in Groups)
            {
                group.AnalyzeChain(context, chain);
            }
        }

        private static void AnalyzeInvocationSyntax(SyntaxNodeAnalysisContext context, DslTypes types)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            foreach (var group in Groups)
            {
                group.AnalyzeInvocationSyntax(context, invocation, types);
            }
        }
    }
}
