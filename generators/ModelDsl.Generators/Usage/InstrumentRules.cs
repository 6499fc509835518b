using System.Collections.Generic;
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
    /// Instruments that cannot identify the model as written: an excluded instrument that is also in the equation
    /// (a regressor, a control or the outcome; MDSL1010), an endogenous regressor that is also an instrument, the outcome
    /// or a control (MDSL1011), fewer excluded instruments than endogenous regressors (the order condition; MDSL1012), and
    /// a GMM-style lag range of a dynamic panel that starts below lag 1 or ends before it starts (MDSL1013); and an
    /// endogenous regressor that <c>Instrument</c> added listed again in a later <c>On</c> (MDSL1002, a regressor twice). The verbs are
    /// the table's (<see cref="ChainArgument.Instruments"/>, <see cref="ChainArgument.LagRange"/>); the whole chain is read,
    /// so a control added after <c>Instrument</c> counts as much as one before it.
    /// </summary>
    internal sealed class InstrumentRules : UsageRuleGroup
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.InstrumentInTheEquation,
            DiagnosticDescriptors.EndogenousInAnotherRole,
            DiagnosticDescriptors.TooFewInstruments,
            DiagnosticDescriptors.InvalidGmmLagRange);

        /// <inheritdoc />
        public override void AnalyzeChain(OperationAnalysisContext context, ModelChain chain)
        {
            // The first verb that put each key in the equation: "regressor" (On) or "control" (Controls).
            var included = new Dictionary<string, (string Role, string Verb)>();

            // Endogenous regressors Instrument added to the regressors itself (not listed in On before it).
            var addedByInstrument = new HashSet<string>();
            var endogenous = new List<Element>();
            var instruments = new List<Element>();
            IOperation? lastEndogenous = null;
            var countsKnown = true;
            foreach (var link in chain.Links)
            {
                if (link.Is(ChainArgument.Regressor) && link.Verb?.Role is { } role)
                {
                    foreach (var argument in link.Arguments)
                    {
                        if (Key(argument) is not { } key)
                        {
                            continue;
                        }

                        if (role == "regressor" && addedByInstrument.Remove(key))
                        {
                            // The runtime would hold it twice among the regressors (perfectly collinear).
                            Report(context, DiagnosticDescriptors.RegressorListedTwice, argument, Text(argument), "Instrument", link.Name);
                        }

                        if (!included.ContainsKey(key))
                        {
                            included[key] = (role, link.Name);
                        }
                    }
                }
                else if (link.Is(ChainArgument.Instruments))
                {
                    var before = endogenous.Count;
                    foreach (var argument in link.Invocation.Arguments)
                    {
                        // Parameter 0 is the endogenous regressor (or an array of them), parameter 1 the excluded instruments.
                        var isEndogenous = argument.Parameter?.Ordinal == 0;
                        if (isEndogenous)
                        {
                            lastEndogenous = argument.Value;
                        }

                        countsKnown &= Spread(argument, isEndogenous ? endogenous : instruments);
                    }

                    foreach (var e in endogenous.Skip(before))
                    {
                        if (e.Key is not null && !included.ContainsKey(e.Key))
                        {
                            addedByInstrument.Add(e.Key);
                        }
                    }
                }
                else if (link.Is(ChainArgument.LagRange))
                {
                    CheckLagRange(context, link.Invocation);
                }
            }

            if (lastEndogenous is null)
            {
                return;
            }

            var endogenousKeys = new HashSet<string>(endogenous.Where(static e => e.Key is not null).Select(static e => e.Key!));
            foreach (var e in endogenous)
            {
                if (e.Key is null)
                {
                    continue;
                }

                if (e.Key == chain.Outcome)
                {
                    Report(context, DiagnosticDescriptors.EndogenousInAnotherRole, e.Operation, Text(e.Operation), "the outcome", "a variable cannot explain itself, instrument a regressor instead");
                }
                else if (included.TryGetValue(e.Key, out var first) && first.Role == "control")
                {
                    Report(context, DiagnosticDescriptors.EndogenousInAnotherRole, e.Operation, Text(e.Operation), $"a control (in {first.Verb})", $"controls are exogenous, remove it from {first.Verb} or from Instrument");
                }
            }

            foreach (var z in instruments)
            {
                if (z.Key is null)
                {
                    continue;
                }

                if (endogenousKeys.Contains(z.Key))
                {
                    Report(context, DiagnosticDescriptors.EndogenousInAnotherRole, z.Operation, Text(z.Operation), "an excluded instrument", "an endogenous variable cannot instrument itself or another endogenous regressor, remove it from with: [...]");
                }
                else if (z.Key == chain.Outcome)
                {
                    Report(context, DiagnosticDescriptors.InstrumentInTheEquation, z.Operation, Text(z.Operation), "the outcome", "remove it from with: [...]");
                }
                else if (included.TryGetValue(z.Key, out var first))
                {
                    Report(context, DiagnosticDescriptors.InstrumentInTheEquation, z.Operation, Text(z.Operation), $"a {first.Role} (in {first.Verb})", $"remove it from with: [...] or from {first.Verb}");
                }
            }

            if (!countsKnown)
            {
                return;
            }

            // Unknown expressions (a local variable) may repeat a known one: count them for the instruments, not the endogenous.
            var endogenousNames = Distinct(endogenous);
            var instrumentNames = Distinct(instruments);
            var endogenousCount = endogenousNames.Count > 0 ? endogenousNames.Count : (endogenous.Count > 0 ? 1 : 0);
            var instrumentCount = instrumentNames.Count + instruments.Count(static z => z.Key is null);
            if (instrumentCount < endogenousCount)
            {
                Report(
                    context,
                    DiagnosticDescriptors.TooFewInstruments,
                    lastEndogenous,
                    endogenousCount.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", endogenousNames),
                    instrumentCount.ToString(CultureInfo.InvariantCulture),
                    instrumentNames.Count == 0 ? "none" : string.Join(", ", instrumentNames));
            }
        }

        /// <summary>The text of each element with a distinct key, in order.</summary>
        private static List<string> Distinct(List<Element> elements)
        {
            var seen = new HashSet<string>();
            return elements.Where(e => e.Key is not null && seen.Add(e.Key)).Select(static e => Text(e.Operation)).ToList();
        }

        /// <summary>Adds the terms an argument passes (one term, a <c>params</c> list, an array or a collection expression); false when they cannot be told.</summary>
        private static bool Spread(IArgumentOperation argument, List<Element> into)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return true;
            }

            var value = Unwrap(argument.Value)!;
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    into.AddRange(initializer.ElementValues.Select(static v => new Element(Key(v), v)));
                    return true;
                case IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } when sizes[0].ConstantValue is { HasValue: true, Value: 0 }:
                    return true;
                case ICollectionExpressionOperation collection:
                    if (collection.Elements.Any(static e => e is ISpreadOperation))
                    {
                        return false;
                    }

                    into.AddRange(collection.Elements.Select(static v => new Element(Key(v), v)));
                    return true;
                default:
                    if (argument.Parameter?.Type is IArrayTypeSymbol)
                    {
                        return false;
                    }

                    into.Add(new Element(Key(argument.Value), argument.Value));
                    return true;
            }
        }

        /// <summary>MDSL1013: <c>GmmInstruments(variable, from, to)</c> with constant lags that cannot hold.</summary>
        private static void CheckLagRange(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var variable = invocation.Arguments.FirstOrDefault(static a => a.Parameter?.Ordinal == 0);
            var from = invocation.Arguments.FirstOrDefault(static a => a.Parameter?.Name == "from");
            var to = invocation.Arguments.FirstOrDefault(static a => a.Parameter?.Name == "to");
            if (variable is null || from is null || Unwrap(from.Value)?.ConstantValue is not { HasValue: true, Value: int first })
            {
                return;
            }

            int? last = to is not null && Unwrap(to.Value)?.ConstantValue is { HasValue: true, Value: int value } ? value : null;
            var at = first < 1 && from.ArgumentKind == ArgumentKind.Explicit ? from.Value
                : last < first && to!.ArgumentKind == ArgumentKind.Explicit ? to.Value
                : null;
            if (at is not null)
            {
                Report(
                    context,
                    DiagnosticDescriptors.InvalidGmmLagRange,
                    at,
                    Text(variable.Value),
                    first.ToString(CultureInfo.InvariantCulture),
                    last is { } l ? l.ToString(CultureInfo.InvariantCulture) : "all available");
            }
        }

        /// <summary>One term an argument passes: its canonical key (null when not a plain DSL expression) and the operation.</summary>
        private sealed class Element
        {
            public Element(string? key, IOperation operation)
            {
                Key = key;
                Operation = operation;
            }

            public string? Key { get; }

            public IOperation Operation { get; }
        }
    }
}
