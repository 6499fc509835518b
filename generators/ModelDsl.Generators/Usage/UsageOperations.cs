using System.Collections.Generic;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>Reading DSL expressions from operations: canonical keys, arguments, panel keys, reports.</summary>
    internal static class UsageOperations
    {
        /// <summary>The arguments of <paramref name="invocation"/>, a <c>params</c> array spread into its elements; defaulted parameters left out.</summary>
        /// <param name="invocation">Any invocation.</param>
        public static IEnumerable<IOperation> Elements(IInvocationOperation invocation)
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
        /// <param name="operation">An argument.</param>
        public static string? Key(IOperation operation)
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

        /// <summary>The operation under any implicit or explicit conversions.</summary>
        /// <param name="operation">Any operation.</param>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The unit and time of a <c>[Panel]</c> schema: column names and handle names.</summary>
        /// <param name="schema">The schema type.</param>
        public static ((string Column, string Handle) Unit, (string Column, string Handle) Time)? PanelKeys(INamedTypeSymbol schema)
        {
            var attribute = schema.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ModelDslGenerator.PanelAttributeName);
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

        /// <summary>The source text of an argument, as the user wrote it.</summary>
        /// <param name="operation">An argument.</param>
        public static string Text(IOperation operation) => operation.Syntax.ToString();

        /// <summary>Reports <paramref name="descriptor"/> at the syntax of <paramref name="at"/>.</summary>
        /// <param name="context">The operation context.</param>
        /// <param name="descriptor">The diagnostic.</param>
        /// <param name="at">The offending argument.</param>
        /// <param name="arguments">The message arguments.</param>
        public static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation at, params object[] arguments) =>
            context.ReportDiagnostic(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), arguments));
    }
}
