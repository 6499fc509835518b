using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using static ModelDsl.Generators.Usage.UsageOperations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>
    /// Choices that are legal but unreliable in a panel, given its unit and time: clustering on the time variable alone
    /// (MDSL1004; Cameron and Miller 2015) and the lagged outcome beside unit fixed effects (MDSL1008; Nickell 1981).
    /// </summary>
    internal sealed class PanelRules : UsageRuleGroup
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ClusterOnTimeOnly,
            DiagnosticDescriptors.LaggedOutcomeWithUnitEffects);

        /// <inheritdoc />
        public override void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
            if (chain.Schema is null || PanelKeys(chain.Schema) is not var (unit, time))
            {
                return;
            }

            // The last Cluster wins at run time, so only it is checked.
            var clusters = chain.Links.LastOrDefault(static l => l.Is(ChainArgument.Cluster))?.Arguments;
            if (clusters is { Count: 1 } && Unwrap(clusters[0]) is IPropertyReferenceOperation property && property.Property.Name == time.Handle)
            {
                Report(context, DiagnosticDescriptors.ClusterOnTimeOnly, clusters[0], time.Handle, unit.Handle);
            }

            var fixedEffectNames = new HashSet<string>();
            var laggedOutcomes = new List<IOperation>();
            foreach (var link in chain.Links)
            {
                foreach (var argument in link.Arguments)
                {
                    if (Key(argument) is not { } key)
                    {
                        continue;
                    }

                    if (link.Is(ChainArgument.Regressor) && chain.Outcome is not null && key.StartsWith("Lag(" + chain.Outcome + ",", System.StringComparison.Ordinal))
                    {
                        laggedOutcomes.Add(argument);
                    }
                    else if (link.Is(ChainArgument.FixedEffect) && Unwrap(argument) is IPropertyReferenceOperation effect)
                    {
                        fixedEffectNames.Add(effect.Property.Name);
                    }
                }
            }

            if (fixedEffectNames.Contains(unit.Handle))
            {
                foreach (var lagged in laggedOutcomes)
                {
                    Report(context, DiagnosticDescriptors.LaggedOutcomeWithUnitEffects, lagged, Text(lagged), unit.Handle, Text(chain.Start.Arguments[0].Value));
                }
            }
        }
    }
}
