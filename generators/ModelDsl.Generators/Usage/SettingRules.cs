using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using static ModelDsl.Generators.Usage.UsageOperations;

namespace ModelDsl.Generators.Usage
{
    /// <summary>
    /// What the runtime would refuse, told when the study compiles: the outcome used as a threshold model's threshold
    /// variable (MDSL1014), and constant settings out of range (MDSL1015): a regime count outside 2–4, a trimmed share
    /// outside [0, 0.5) or a number of shares that is neither one nor one per threshold (xthreg's <c>trim()</c> with
    /// <c>thnum()</c>), a negative anticipation, fewer than one pre-trend lead, horizons whose first exceeds the last.
    /// The verbs are the table's (<see cref="ChainArgument.ThresholdVariable"/>, <see cref="ChainArgument.Setting"/>);
    /// a setting that is not a constant is left to the runtime.
    /// </summary>
    internal sealed class SettingRules : UsageRuleGroup
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.OutcomeAsThresholdVariable,
            DiagnosticDescriptors.SettingOutOfRange);

        /// <inheritdoc />
        public override void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
            // The regime count the runtime will use: the last Regimes call's constant, 2 when there is none, unknown otherwise.
            int? regimes = 2;
            foreach (var link in chain.Links.Where(static l => l.Name == "Regimes" && l.Is(ChainArgument.Setting)))
            {
                regimes = link.Arguments.Count == 1 ? Integer(link.Arguments[0]) : null;
            }

            foreach (var link in chain.Links)
            {
                if (link.Is(ChainArgument.ThresholdVariable))
                {
                    foreach (var argument in link.Arguments.Where(a => chain.Outcome is not null && Key(a) == chain.Outcome))
                    {
                        Report(context, DiagnosticDescriptors.OutcomeAsThresholdVariable, argument, Text(argument));
                    }
                }
                else if (link.Is(ChainArgument.Setting))
                {
                    CheckSetting(context, link, regimes);
                }
            }
        }

        private static void CheckSetting(OperationAnalysisContext context, ChainLink link, int? regimes)
        {
            var arguments = link.Arguments;
            switch (link.Name)
            {
                case "Regimes" when arguments.Count == 1 && Integer(arguments[0]) is { } count && count is < 2 or > 4:
                    OutOfRange(context, arguments[0], $"Regimes({Text(arguments[0])})", "2, 3 or 4 regimes (one to three thresholds, as xthreg's thnum(1), thnum(2), thnum(3))");
                    break;
                case "Trim":
                    foreach (var share in arguments)
                    {
                        if (Real(share) is { } value && value is not (>= 0 and < 0.5))
                        {
                            OutOfRange(context, share, $"The trimmed share {Text(share)}", "a share in [0, 0.5), such as 0.01 (xthreg's default) or 0.05");
                        }
                    }

                    if (arguments.Count > 1 && regimes is { } r && arguments.Count != r - 1)
                    {
                        OutOfRange(
                            context,
                            arguments[arguments.Count - 1],
                            $"Trim with {arguments.Count.ToString(CultureInfo.InvariantCulture)} shares for a model of {(r - 1).ToString(CultureInfo.InvariantCulture)} threshold(s) (Regimes({r.ToString(CultureInfo.InvariantCulture)}))",
                            "one share for every threshold or one per threshold, as xthreg's trim() with thnum()");
                    }

                    break;
                case "Anticipation" when arguments.Count == 1 && Integer(arguments[0]) is < 0:
                    OutOfRange(context, arguments[0], $"Anticipation({Text(arguments[0])})", "0 or more periods before treatment");
                    break;
                case "PreTrends" when arguments.Count == 1 && Integer(arguments[0]) is < 1:
                    OutOfRange(context, arguments[0], $"PreTrends({Text(arguments[0])})", "at least one lead, such as PreTrends(3)");
                    break;
                case "Horizons" when arguments.Count == 2 && Integer(arguments[0]) is { } first && Integer(arguments[1]) is { } last && first > last:
                    OutOfRange(context, arguments[1], $"Horizons({Text(arguments[0])}, {Text(arguments[1])})", "the first horizon at most the last, such as Horizons(0, 5)");
                    break;
            }
        }

        private static void OutOfRange(OperationAnalysisContext context, IOperation at, string what, string expected) =>
            Report(context, DiagnosticDescriptors.SettingOutOfRange, at, what, expected);

        private static int? Integer(IOperation operation) =>
            operation.ConstantValue is { HasValue: true, Value: int value } ? value
            : Unwrap(operation)?.ConstantValue is { HasValue: true, Value: int inner } ? inner
            : null;

        private static double? Real(IOperation operation) =>
            operation.ConstantValue is { HasValue: true, Value: double value } ? value
            : Unwrap(operation)?.ConstantValue is { HasValue: true, Value: int inner } ? inner
            : null;
    }
}
