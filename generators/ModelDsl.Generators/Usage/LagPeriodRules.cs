using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using static ModelDsl.Generators.Usage.UsageOperations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>A lag or lead (a term function of the table with a periods parameter) of a constant zero or fewer periods (MDSL1006).</summary>
    internal sealed class LagPeriodRules : UsageRuleGroup
    {
        private static readonly ImmutableArray<string> Shifts = ModelFamilies.TermFunctions.Where(static f => f.PeriodsDoc is not null).Select(static f => f.Name).ToImmutableArray();

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(DiagnosticDescriptors.NonPositiveLag);

        /// <inheritdoc />
        public override void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, DslTypes types)
        {
            var method = invocation.TargetMethod;
            if (!Shifts.Contains(method.Name) || !DslTypes.IsDslType(method.ReturnType, types.Term))
            {
                return;
            }

            var periods = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32);
            if (periods is { ArgumentKind: ArgumentKind.Explicit } && periods.Value.ConstantValue is { HasValue: true, Value: int value } && value <= 0)
            {
                var other = method.Name == "Lag" ? "Lead" : "Lag";
                Report(context, DiagnosticDescriptors.NonPositiveLag, periods.Value, method.Name, value.ToString(System.Globalization.CultureInfo.InvariantCulture), other);
            }
        }
    }
}
