using System.Collections.Generic;
using System.Collections.Immutable;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

using static ModelDsl.Generators.Usage.UsageOperations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>
    /// One variable in two roles of one model: the outcome among the regressors (MDSL1001), a regressor twice (MDSL1002),
    /// or any other pair of roles, such as the mediator equal to the treatment (MDSL1009). The roles are the table's
    /// (<see cref="ChainVerb.Role"/>).
    /// </summary>
    internal sealed class RoleRules : UsageRuleGroup
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.OutcomeAmongRegressors,
            DiagnosticDescriptors.RegressorListedTwice,
            DiagnosticDescriptors.VariableInTwoRoles);

        /// <inheritdoc />
        public override void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
            var roles = new Dictionary<string, (string Role, string Verb, bool Regressor)>();
            foreach (var link in chain.Links)
            {
                if (link.Verb?.Role is not { } role)
                {
                    continue;
                }

                var regressor = link.Is(ChainArgument.Regressor);
                foreach (var argument in link.Arguments)
                {
                    if (Key(argument) is not { } key)
                    {
                        continue;
                    }

                    if (key == chain.Outcome)
                    {
                        if (regressor && chain.OutcomeRole == "outcome")
                        {
                            Report(context, DiagnosticDescriptors.OutcomeAmongRegressors, argument, Text(argument), link.Name);
                        }
                        else
                        {
                            Report(context, DiagnosticDescriptors.VariableInTwoRoles, argument, Text(argument), chain.OutcomeRole, role, link.Name);
                        }
                    }
                    else if (roles.TryGetValue(key, out var first))
                    {
                        if (regressor && first.Regressor)
                        {
                            Report(context, DiagnosticDescriptors.RegressorListedTwice, argument, Text(argument), first.Verb, link.Name);
                        }
                        else
                        {
                            Report(context, DiagnosticDescriptors.VariableInTwoRoles, argument, Text(argument), first.Role, role, link.Name);
                        }
                    }
                    else
                    {
                        roles[key] = (role, link.Name, regressor);
                    }
                }
            }
        }
    }
}
