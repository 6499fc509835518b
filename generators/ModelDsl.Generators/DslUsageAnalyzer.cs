using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelDsl.Generators
{
    /// <summary>Checks typed model expressions (<c>Regress(y).On(x).Fe(c).Cluster(c)</c>) for mistakes the type system cannot catch.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DslUsageAnalyzer : DiagnosticAnalyzer
    {
        private const string RegressionModelName = "ModelDsl.RegressionModel`1";
        private const string RegressionModelSetName = "ModelDsl.RegressionModelSet`1";
        private const string BinaryChoiceModelName = "ModelDsl.BinaryChoiceModel`1";
        private const string DidModelName = "ModelDsl.DidModel`1";
        private const string EventStudyModelName = "ModelDsl.EventStudyModel`1";
        private const string MediationModelName = "ModelDsl.MediationModel`1";
        private const string ModerationModelName = "ModelDsl.ModerationModel`1";
        private const string MatchingModelName = "ModelDsl.MatchingModel`1";
        private const string NumericTermName = "ModelDsl.NumericTerm`1";
        private const string NumericVariableName = "ModelDsl.NumericVariable`1";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.OutcomeAmongRegressors,
            DiagnosticDescriptors.RegressorListedTwice,
            DiagnosticDescriptors.FixedEffectListedTwice,
            DiagnosticDescriptors.ClusterOnTimeOnly,
            DiagnosticDescriptors.ClusterListedTwice,
            DiagnosticDescriptors.NonPositiveLag,
            DiagnosticDescriptors.NumericAsCategory,
            DiagnosticDescriptors.LaggedOutcomeWithUnitEffects,
            DiagnosticDescriptors.VariableInTwoRoles);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var model = start.Compilation.GetTypeByMetadataName(RegressionModelName);
                var term = start.Compilation.GetTypeByMetadataName(NumericTermName);
                var variable = start.Compilation.GetTypeByMetadataName(NumericVariableName);
                var chains = new[] { RegressionModelSetName, BinaryChoiceModelName, DidModelName, EventStudyModelName, MediationModelName, ModerationModelName, MatchingModelName }
                    .Select(start.Compilation.GetTypeByMetadataName)
                    .ToList();
                if (model is null || term is null || variable is null || chains.Any(c => c is null))
                {
                    return;
                }

                var types = new DslTypes(model, chains.Prepend(model).ToImmutableArray()!, term, variable);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
                start.RegisterSyntaxNodeAction(c => AnalyzeUnboundCategory(c, types), SyntaxKind.InvocationExpression);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, DslTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name is "Lag" or "Lead" && IsDslType(method.ReturnType, types.Term))
            {
                CheckPeriods(context, invocation);
            }

            if (!types.IsChain(method.ContainingType) || method.IsStatic)
            {
                return;
            }

            // Analyse each chain once, from its outermost verb.
            if (invocation.Parent is IInvocationOperation outer && outer.Instance == invocation && types.IsChain(outer.TargetMethod.ContainingType))
            {
                return;
            }

            var links = new List<IInvocationOperation>();
            IOperation? current = invocation;
            while (current is IInvocationOperation link)
            {
                links.Insert(0, link);
                current = link.TargetMethod.IsStatic ? null : Unwrap(link.Instance);
            }

            if (links.Count == 0 || !links[0].TargetMethod.IsStatic)
            {
                return;
            }

            var outcome = links[0].Arguments.Length > 0 ? Key(links[0].Arguments[0].Value) : null;
            var outcomeRole = links[0].TargetMethod.Name == "Match" ? "treatment" : "outcome";
            var roles = new Dictionary<string, (string Role, string Verb)>();
            var laggedOutcomes = new List<IOperation>();
            var fixedEffects = new HashSet<string>();
            var fixedEffectNames = new HashSet<string>();
            List<IOperation>? clusters = null;
            foreach (var link in links.Skip(1))
            {
                var verb = link.TargetMethod.Name;
                foreach (var argument in Elements(link))
                {
                    var key = Key(argument);
                    if (key is null)
                    {
                        continue;
                    }

                    var role = Role(link, verb, outcomeRole);
                    if (role is not null)
                    {
                        CheckRole(context, argument, key, verb, role, outcome, outcomeRole, roles);
                    }

                    switch (verb)
                    {
                        case "On":
                        case "Controls":
                            if (outcome is not null && key.StartsWith("Lag(" + outcome + ",", System.StringComparison.Ordinal))
                            {
                                laggedOutcomes.Add(argument);
                            }

                            break;
                        case "Fe":
                        case "Factors":
                            if (Unwrap(argument) is IPropertyReferenceOperation effect)
                            {
                                fixedEffectNames.Add(effect.Property.Name);
                            }

                            if (!fixedEffects.Add(key))
                            {
                                Report(context, DiagnosticDescriptors.FixedEffectListedTwice, argument, Text(argument));
                            }

                            break;
                    }
                }

                if (verb == "Cluster")
                {
                    clusters = Elements(link).ToList();
                    var keys = clusters.Select(Key).ToList();
                    if (keys.Count == 2 && keys[0] is not null && keys[0] == keys[1])
                    {
                        Report(context, DiagnosticDescriptors.ClusterListedTwice, clusters[1], Text(clusters[1]));
                    }
                }
            }

            if (invocation.TargetMethod.ContainingType.TypeArguments.FirstOrDefault() is not INamedTypeSymbol schema || PanelKeys(schema) is not var (unit, time))
            {
                return;
            }

            if (clusters is { Count: 1 } && Unwrap(clusters[0]) is IPropertyReferenceOperation property && property.Property.Name == time.Handle)
            {
                Report(context, DiagnosticDescriptors.ClusterOnTimeOnly, clusters[0], time.Handle, unit.Handle);
            }

            if (fixedEffectNames.Contains(unit.Handle))
            {
                foreach (var lagged in laggedOutcomes)
                {
                    Report(context, DiagnosticDescriptors.LaggedOutcomeWithUnitEffects, lagged, Text(lagged), unit.Handle);
                }
            }
        }

        /// <summary>
        /// One variable in two roles: the outcome among the regressors (MDSL1001), a regressor twice (MDSL1002), or any
        /// other pair of roles, such as the mediator equal to the treatment (MDSL1009).
        /// </summary>
        private static void CheckRole(
            OperationAnalysisContext context,
            IOperation argument,
            string key,
            string verb,
            string role,
            string? outcome,
            string outcomeRole,
            Dictionary<string, (string Role, string Verb)> roles)
        {
            var regressorLike = verb is "On" or "Controls";
            if (key == outcome)
            {
                if (regressorLike && outcomeRole == "outcome")
                {
                    Report(context, DiagnosticDescriptors.OutcomeAmongRegressors, argument, Text(argument), verb);
                }
                else
                {
                    Report(context, DiagnosticDescriptors.VariableInTwoRoles, argument, Text(argument), outcomeRole, role, verb);
                }
            }
            else if (roles.TryGetValue(key, out var first))
            {
                if (regressorLike && first.Verb is "On" or "Controls")
                {
                    Report(context, DiagnosticDescriptors.RegressorListedTwice, argument, Text(argument), first.Verb, verb);
                }
                else
                {
                    Report(context, DiagnosticDescriptors.VariableInTwoRoles, argument, Text(argument), first.Role, role, verb);
                }
            }
            else
            {
                roles[key] = (role, verb);
            }
        }

        /// <summary>The role a verb's argument plays in its model, as the diagnostics name it; null for verbs without a variable role.</summary>
        private static string? Role(IInvocationOperation link, string verb, string outcomeRole)
        {
            var chain = link.TargetMethod.ContainingType.Name;
            return verb switch
            {
                "On" when outcomeRole == "treatment" => "score covariate",
                "On" => "regressor",
                "Controls" => "control",
                "Treatment" => "treatment",
                "Through" => "mediator",
                "Effect" => "focal variable",
                "By" when chain == "ModerationModel" => "moderator",
                "Outcome" when chain == "MatchingModel" => "outcome",
                "Cohort" => "cohort",
                "Treated" => "treatment indicator",
                _ => null,
            };
        }

        /// <summary>A lag or lead of a constant zero or fewer periods.</summary>
        private static void CheckPeriods(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var periods = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32);
            if (periods is { ArgumentKind: ArgumentKind.Explicit } && periods.Value.ConstantValue is { HasValue: true, Value: int value } && value <= 0)
            {
                var other = invocation.TargetMethod.Name == "Lag" ? "Lead" : "Lag";
                Report(context, DiagnosticDescriptors.NonPositiveLag, periods.Value, invocation.TargetMethod.Name, value.ToString(System.Globalization.CultureInfo.InvariantCulture), other);
            }
        }

        /// <summary><c>Fe(Infra)</c> with a numeric handle does not bind (a type error); this names the word and says why.</summary>
        private static void AnalyzeUnboundCategory(SyntaxNodeAnalysisContext context, DslTypes types)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Fe" or "Cluster" or "Factors" or "By" } access)
            {
                return;
            }

            var info = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
            if (info.Symbol is not null || !info.CandidateSymbols.Any(s => types.IsChain(s.ContainingType)))
            {
                return;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                var type = context.SemanticModel.GetTypeInfo(argument.Expression, context.CancellationToken).Type as INamedTypeSymbol;
                if (type is not null && IsDslType(type, types.Variable))
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

        private static IEnumerable<IOperation> Elements(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        yield return element;
                    }
                }
                else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    yield return argument.Value;
                }
            }
        }

        /// <summary>A canonical text for a term: handles by their property, verbs by name and arguments; null when not a plain DSL expression.</summary>
        private static string? Key(IOperation operation)
        {
            operation = Unwrap(operation)!;
            switch (operation)
            {
                case IPropertyReferenceOperation property when property.Property.IsStatic:
                    return property.Property.ContainingType.ToDisplayString() + "." + property.Property.Name;
                case IInvocationOperation call when call.TargetMethod.IsStatic:
                    var parts = call.Arguments.Select(a => Key(a.Value)).ToList();
                    return parts.Any(p => p is null) ? null : call.TargetMethod.Name + "(" + string.Join(",", parts) + ")";
                case IBinaryOperation { OperatorMethod: { } product } binary:
                    var left = Key(binary.LeftOperand);
                    var right = Key(binary.RightOperand);
                    return left is null || right is null ? null : product.Name + "(" + left + "," + right + ")";
                case { ConstantValue.HasValue: true }:
                    return System.Convert.ToString(operation.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture);
                default:
                    return null;
            }
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The unit and time of a <c>[Panel]</c> schema: column names and handle names.</summary>
        private static ((string Column, string Handle) Unit, (string Column, string Handle) Time)? PanelKeys(INamedTypeSymbol schema)
        {
            var attribute = schema.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "ModelDsl.PanelAttribute");
            if (attribute is null)
            {
                return null;
            }

            var unit = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Unit").Value.Value as string;
            var time = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Time").Value.Value as string;
            if (unit is null || time is null)
            {
                return null;
            }

            return schema.IsRecord
                ? ((unit, unit), (time, time))
                : ((unit, Naming.ToPascalCase(unit)), (time, Naming.ToPascalCase(time)));
        }

        private static bool IsDslType(ITypeSymbol? type, INamedTypeSymbol definition)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Text(IOperation operation) => operation.Syntax.ToString();

        private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation at, params object[] arguments) =>
            context.ReportDiagnostic(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), arguments));

        private sealed class DslTypes
        {
            public DslTypes(INamedTypeSymbol model, ImmutableArray<INamedTypeSymbol> chains, INamedTypeSymbol term, INamedTypeSymbol variable)
            {
                Model = model;
                Chains = chains;
                Term = term;
                Variable = variable;
            }

            public INamedTypeSymbol Model { get; }

            /// <summary>The types whose instance verbs form a model chain (regression, stepwise set, logit/probit, DID, event study).</summary>
            public ImmutableArray<INamedTypeSymbol> Chains { get; }

            public INamedTypeSymbol Term { get; }

            public INamedTypeSymbol Variable { get; }

            public bool IsChain(ITypeSymbol? type) => Chains.Any(c => IsDslType(type, c));
        }
    }
}
