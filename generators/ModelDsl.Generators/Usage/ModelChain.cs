using System.Collections.Generic;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>One verb of a model chain after the start: the invocation, its table row, and its arguments one by one.</summary>
    internal sealed class ChainLink
    {
        public ChainLink(IInvocationOperation invocation)
        {
            Invocation = invocation;
            Name = invocation.TargetMethod.Name;
            Verb = ModelFamilies.FindChainVerb(invocation.TargetMethod.ContainingType.Name, Name);
            Arguments = UsageOperations.Elements(invocation).ToList();
        }

        /// <summary>The invocation of the verb.</summary>
        public IInvocationOperation Invocation { get; }

        /// <summary>The verb's name.</summary>
        public string Name { get; }

        /// <summary>The verb's row in <see cref="ModelFamilies"/>; null for verbs whose arguments carry no variable (<c>Window</c>, <c>Fit</c>, ...).</summary>
        public ChainVerb? Verb { get; }

        /// <summary>The arguments, a <c>params</c> array spread into its elements; defaulted parameters left out.</summary>
        public IReadOnlyList<IOperation> Arguments { get; }

        /// <summary>Whether the verb's arguments are of <paramref name="kind"/>.</summary>
        /// <param name="kind">The kind of argument.</param>
        public bool Is(ChainArgument kind) => Verb?.Kind == kind;
    }

    /// <summary>
    /// A whole model expression, <c>Regress(y).On(x).Fe(c).Cluster(c)</c>, read once from its outermost verb: the start,
    /// the family it starts (from <see cref="ModelFamilies"/>), and the verbs after it. Every chain rule group reads this.
    /// </summary>
    internal sealed class ModelChain
    {
        private ModelChain(IInvocationOperation start, IReadOnlyList<ChainLink> links, INamedTypeSymbol? schema)
        {
            Start = start;
            Links = links;
            Schema = schema;
            var method = start.TargetMethod;
            Family = ModelFamilies.StartedBy(method.Name, method.ReturnType.Name);
            Outcome = start.Arguments.Length > 0 ? UsageOperations.Key(start.Arguments[0].Value) : null;
        }

        /// <summary>The static verb that starts the chain (<c>Regress(y)</c>).</summary>
        public IInvocationOperation Start { get; }

        /// <summary>The family the chain starts; null for a start the table does not know.</summary>
        public ModelFamily? Family { get; }

        /// <summary>The canonical key of the start's argument (the outcome, or the treatment of a matching).</summary>
        public string? Outcome { get; }

        /// <summary>What the start's argument is called in diagnostics.</summary>
        public string OutcomeRole => Family?.OutcomeRole ?? "outcome";

        /// <summary>The verbs after the start, in order.</summary>
        public IReadOnlyList<ChainLink> Links { get; }

        /// <summary>The schema type the chain's handles belong to; null when it cannot be told.</summary>
        public INamedTypeSymbol? Schema { get; }

        /// <summary>
        /// The chain whose outermost chain verb is <paramref name="invocation"/>; null when <paramref name="invocation"/> is
        /// no chain verb, sits inside a longer chain (that one is read from its own outermost verb), or has no static start.
        /// </summary>
        /// <param name="invocation">Any invocation.</param>
        /// <param name="types">The runtime types.</param>
        public static ModelChain? From(IInvocationOperation invocation, DslTypes types)
        {
            var method = invocation.TargetMethod;
            if (!types.IsChain(method.ContainingType) || method.IsStatic)
            {
                return null;
            }

            if (invocation.Parent is IInvocationOperation outer && outer.Instance == invocation && types.IsChain(outer.TargetMethod.ContainingType))
            {
                return null;
            }

            var links = new List<IInvocationOperation>();
            IOperation? current = invocation;
            while (current is IInvocationOperation link)
            {
                links.Insert(0, link);
                current = link.TargetMethod.IsStatic ? null : UsageOperations.Unwrap(link.Instance);
            }

            if (links.Count == 0 || !links[0].TargetMethod.IsStatic)
            {
                return null;
            }

            var schema = method.ContainingType.TypeArguments.FirstOrDefault() as INamedTypeSymbol;
            return new ModelChain(links[0], links.Skip(1).Select(static l => new ChainLink(l)).ToList(), schema);
        }
    }
}
