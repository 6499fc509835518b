using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

using static ModelDsl.Generators.Usage.UsageOperations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>A categorical column repeated where a repeat means nothing: a fixed effect twice (MDSL1003), the same cluster variable twice (MDSL1005).</summary>
    internal sealed class RepeatRules : UsageRuleGroup
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.FixedEffectListedTwice,
            DiagnosticDescriptors.ClusterListedTwice);

        /// <inheritdoc />
        public override void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
            var fixedEffects = new HashSet<string>();
            foreach (var link in chain.Links)
            {
                if (link.Is(ChainArgument.FixedEffect))
                {
                    foreach (var argument in link.Arguments)
                    {
                        if (Key(argument) is { } key && !fixedEffects.Add(key))
                        {
                            Report(context, DiagnosticDescriptors.FixedEffectListedTwice, argument, Text(argument));
                        }
                    }
                }
                else if (link.Is(ChainArgument.Cluster))
                {
                    var keys = link.Arguments.Select(Key).ToList();
                    if (keys.Count == 2 && keys[0] is not null && keys[0] == keys[1])
                    {
                        Report(context, DiagnosticDescriptors.ClusterListedTwice, link.Arguments[1], Text(link.Arguments[1]));
                    }
                }
            }
        }
    }
}
