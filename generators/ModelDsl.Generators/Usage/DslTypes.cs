using System.Collections.Immutable;
using System.Linq;

using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Usage
{
    /// <summary>The runtime types the usage rules recognise, resolved once per compilation.</summary>
    internal sealed class DslTypes
    {
        private const string NumericTermName = "ModelDsl.NumericTerm`1";
        private const string NumericVariableName = "ModelDsl.NumericVariable`1";

        private DslTypes(ImmutableArray<INamedTypeSymbol> chains, INamedTypeSymbol term, INamedTypeSymbol variable)
        {
            Chains = chains;
            Term = term;
            Variable = variable;
        }

        /// <summary>The types whose instance verbs form a model chain: every chain type of <see cref="ModelFamilies.All"/>.</summary>
        public ImmutableArray<INamedTypeSymbol> Chains { get; }

        /// <summary><c>NumericTerm&lt;TSchema&gt;</c>.</summary>
        public INamedTypeSymbol Term { get; }

        /// <summary><c>NumericVariable&lt;TSchema&gt;</c>.</summary>
        public INamedTypeSymbol Variable { get; }

        /// <summary>The types of <paramref name="compilation"/>; null when it does not reference the ModelDsl runtime (or an older one without every family).</summary>
        /// <param name="compilation">The compilation being analysed.</param>
        public static DslTypes? Resolve(Compilation compilation)
        {
            var term = compilation.GetTypeByMetadataName(NumericTermName);
            var variable = compilation.GetTypeByMetadataName(NumericVariableName);
            var chains = ModelFamilies.ChainMetadataNames.Select(compilation.GetTypeByMetadataName).ToList();
            if (term is null || variable is null || chains.Any(static c => c is null))
            {
                return null;
            }

            return new DslTypes(chains.ToImmutableArray()!, term, variable);
        }

        /// <summary>Whether <paramref name="type"/> is, or derives from, a chain type.</summary>
        /// <param name="type">Any type.</param>
        public bool IsChain(ITypeSymbol? type) => Chains.Any(c => IsDslType(type, c));

        /// <summary>Whether <paramref name="type"/> is a construction of <paramref name="definition"/> or derives from one.</summary>
        /// <param name="type">Any type.</param>
        /// <param name="definition">A generic type definition.</param>
        public static bool IsDslType(ITypeSymbol? type, INamedTypeSymbol definition)
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
    }
}
