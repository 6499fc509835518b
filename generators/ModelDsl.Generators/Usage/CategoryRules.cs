using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelDsl.Generators.Usage
{
    /// <summary>
    /// <c>Fe(Infra)</c> with a numeric handle does not bind (a type error, CS1503); MDSL1007 names the word and says why.
    /// The verbs that take categorical columns are the table's (<see cref="ChainArgument.FixedEffect"/>,
    /// <see cref="ChainArgument.Cluster"/>, <see cref="ChainArgument.Category"/>).
    /// </summary>
    internal sealed class CategoryRules : UsageRuleGroup
    {
        private static readonly ImmutableHashSet<string> CategoricalVerbs = ModelFamilies.All
            .SelectMany(static f => f.ChainVerbs)
            .Where(static v => IsCategorical(v.Kind))
            .Select(static v => v.Name)
            .ToImmutableHashSet();

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(DiagnosticDescriptors.NumericAsCategory);

        /// <inheritdoc />
        public override void AnalyzeInvocationSyntax(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation, DslTypes types)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax access || !CategoricalVerbs.Contains(access.Name.Identifier.ValueText))
            {
                return;
            }

            var info = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
            if (info.Symbol is not null || !info.CandidateSymbols.Any(s => types.IsChain(s.ContainingType) && IsCategorical(ModelFamilies.FindChainVerb(s.ContainingType.Name, s.Name)?.Kind)))
            {
                return;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                var type = context.SemanticModel.GetTypeInfo(argument.Expression, context.CancellationToken).Type as INamedTypeSymbol;
                if (type is not null && DslTypes.IsDslType(type, types.Variable))
                {
                    var schema = type.TypeArguments[0].Name;
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.NumericAsCategory,
                        argument.Expression.GetLocation(),
                        argument.Expression.ToString(),
                        schema,
                        access.Name.Identifier.ValueText));
                }
            }
        }

        private static bool IsCategorical(ChainArgument? kind) => kind is ChainArgument.FixedEffect or ChainArgument.Cluster or ChainArgument.Category;
    }
}
