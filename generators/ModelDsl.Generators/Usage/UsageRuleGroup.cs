using System.Collections.Immutable;

using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>
    /// One group of usage diagnostics. <see cref="DslUsageAnalyzer"/> registers once and hands every group the same
    /// three things: each invocation, each whole model chain (read once), and each invocation that did not bind.
    /// A group overrides the ones it needs.
    /// </summary>
    internal abstract class UsageRuleGroup
    {
        /// <summary>The diagnostics this group reports.</summary>
        public abstract ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> Descriptors { get; }

        /// <summary>Checks one invocation (any method; term functions such as <c>Lag</c> included).</summary>
        /// <param name="context">The operation context, for reporting.</param>
        /// <param name="invocation">The invocation.</param>
        /// <param name="types">The runtime types.</param>
        public virtual void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, DslTypes types)
        {
        }

        /// <summary>Checks one whole model chain.</summary>
        /// <param name="context">The operation context of the chain's outermost verb, for reporting.</param>
        /// <param name="chain">The chain.</param>
        public virtual void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
        }

        /// <summary>Checks one invocation expression in syntax (it may not bind, so it has no operation).</summary>
        /// <param name="context">The syntax context.</param>
        /// <param name="invocation">The invocation expression.</param>
        /// <param name="types">The runtime types.</param>
        public virtual void AnalyzeInvocationSyntax(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation, DslTypes types)
        {
        }
    }
}
