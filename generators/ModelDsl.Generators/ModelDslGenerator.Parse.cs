using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    public sealed partial class ModelDslGenerator
    {
        /// <summary>The only place that reads Roslyn symbols: projects an attributed type into a <see cref="SchemaDeclaration"/>.</summary>
        internal static class Parser
        {
            /// <summary>The cheap syntactic filter: a class or record declaration.</summary>
            public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
                node is ClassDeclarationSyntax or RecordDeclarationSyntax;

            public static Result<SchemaDeclaration> Parse(GeneratorAttributeSyntaxContext context, bool isPanel, CancellationToken cancellationToken)
            {
                var nothing = new Result<SchemaDeclaration>(null, EquatableArray<DiagnosticInfo>.Empty);
                if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax syntax)
                {
                    return nothing;
                }

                var attribute = context.Attributes.FirstOrDefault();
                if (attribute is null)
                {
                    return nothing;
                }

                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

                // One schema per type: only the first attribute counts (a repeat is the compiler's CS0579), and
                // [Panel] wins over [Dataset] on the same type.
                var ours = type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() is PanelAttributeName or DatasetAttributeName).ToList();
                var first = ours.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PanelAttributeName) ?? ours.FirstOrDefault();
                if (first?.ApplicationSyntaxReference is { } reference &&
                    (reference.SyntaxTree != syntax.SyntaxTree || !syntax.FullSpan.Contains(reference.Span) || first.AttributeClass?.ToDisplayString() != attribute.AttributeClass?.ToDisplayString()))
                {
                    return !isPanel && first.AttributeClass?.ToDisplayString() == PanelAttributeName
                        ? Result<SchemaDeclaration>.Failure(new[] { DiagnosticInfo.Create(DiagnosticDescriptors.PanelAndDataset, LocationInfo.From(attributeSyntax), type.Name) }.ToEquatableArray())
                        : nothing;
                }

                LocatedString? path = null;
                LocatedString? unit = null;
                LocatedString? time = null;
                LocatedString? encoding = null;
                var categorical = new List<LocatedString>();
                var nullCategories = new List<LocatedString>();

                if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string pathValue)
                {
                    path = new LocatedString(pathValue, LocationInfo.From(PositionalArgument(attributeSyntax, 0)));
                }

                foreach (var named in attribute.NamedArguments)
                {
                    var argumentSyntax = NamedArgument(attributeSyntax, named.Key);
                    switch (named.Key)
                    {
                        case "Path" when named.Value.Value is string value:
                            path = new LocatedString(value, LocationInfo.From(argumentSyntax));
                            break;
                        case "Unit" when named.Value.Value is string value:
                            unit = new LocatedString(value, LocationInfo.From(argumentSyntax));
                            break;
                        case "Time" when named.Value.Value is string value:
                            time = new LocatedString(value, LocationInfo.From(argumentSyntax));
                            break;
                        case "Encoding" when named.Value.Value is string value:
                            encoding = new LocatedString(value, LocationInfo.From(argumentSyntax));
                            break;

                        // 'Categorical = null' is an array constant whose Values is a default ImmutableArray: no categories.
                        case "Categorical" when named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull:
                            var elements = ArrayElements(argumentSyntax);
                            for (var i = 0; i < named.Value.Values.Length; i++)
                            {
                                var elementSyntax = i < elements.Count ? elements[i] : argumentSyntax;
                                if (named.Value.Values[i].Value is string name && name.Trim().Length > 0)
                                {
                                    categorical.Add(new LocatedString(name, LocationInfo.From(elementSyntax)));
                                }
                                else
                                {
                                    nullCategories.Add(new LocatedString("null", LocationInfo.From(elementSyntax)));
                                }
                            }

                            break;
                    }
                }

                var containing = new List<ContainingType>();
                for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    containing.Insert(0, new ContainingType(Keyword(outer), outer.Name, IsPartial(outer, cancellationToken), outer.IsGenericType));
                }

                // Namespace parts by symbol name (never display strings, which carry '@' for keywords).
                var namespaceParts = new List<string>();
                for (var ns = type.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
                {
                    namespaceParts.Insert(0, ns.Name);
                }

                var properties = type.IsRecord ? RecordProperties(type, cancellationToken) : EquatableArray<RecordProperty>.Empty;

                // The names the user's own parts already use (the generated part is not in this compilation): a handle must avoid them.
                var declaredMembers = type.MemberNames.Where(CSharpText.IsIdentifier).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();
                var isPartial = syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
                var declaration = new SchemaDeclaration(
                    namespaceParts.Count == 0 ? null : string.Join(".", namespaceParts),
                    type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    containing.ToEquatableArray(),
                    type.Name,
                    Keyword(type),
                    type.IsRecord,
                    isPartial,
                    type.IsStatic,
                    type.Arity > 0,
                    isPanel,
                    isPanel ? "Panel" : "Dataset",
                    path,
                    unit,
                    time,
                    encoding,
                    categorical.ToEquatableArray(),
                    nullCategories.ToEquatableArray(),
                    properties,
                    declaredMembers,
                    LocationInfo.From(syntax.Identifier.GetLocation()),
                    LocationInfo.From(attributeSyntax));
                return new Result<SchemaDeclaration>(declaration, EquatableArray<DiagnosticInfo>.Empty);
            }

            /// <summary>True when every declaration of <paramref name="type"/> in source says <c>partial</c> on at least one part (the compiler requires it on all parts, CS0260, which it reports itself).</summary>
            private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
                type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

            private static string Keyword(INamedTypeSymbol type) => type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };

            private static EquatableArray<RecordProperty> RecordProperties(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                var primary = type.InstanceConstructors
                    .Where(c => c.Parameters.Length > 0 && c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is RecordDeclarationSyntax))
                    .FirstOrDefault();
                if (primary is null)
                {
                    return EquatableArray<RecordProperty>.Empty;
                }

                var properties = new List<RecordProperty>(primary.Parameters.Length);
                foreach (var parameter in primary.Parameters)
                {
                    var location = parameter.Locations.FirstOrDefault();
                    properties.Add(new RecordProperty(
                        parameter.Name,
                        parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                        KindOf(parameter.Type),
                        LocationInfo.From(location)));
                }

                return properties.ToEquatableArray();
            }

            /// <summary>Numbers are numeric; strings, characters, booleans, enums and dates are categorical; anything else has no kind.</summary>
            private static VariableKind? KindOf(ITypeSymbol type)
            {
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                {
                    type = nullable.TypeArguments[0];
                }

                switch (type.SpecialType)
                {
                    case SpecialType.System_Byte:
                    case SpecialType.System_SByte:
                    case SpecialType.System_Int16:
                    case SpecialType.System_UInt16:
                    case SpecialType.System_Int32:
                    case SpecialType.System_UInt32:
                    case SpecialType.System_Int64:
                    case SpecialType.System_UInt64:
                    case SpecialType.System_Single:
                    case SpecialType.System_Double:
                    case SpecialType.System_Decimal:
                        return VariableKind.Numeric;
                    case SpecialType.System_String:
                    case SpecialType.System_Char:
                    case SpecialType.System_Boolean:
                    case SpecialType.System_DateTime:
                        return VariableKind.Categorical;
                }

                if (type.TypeKind == TypeKind.Enum)
                {
                    return VariableKind.Categorical;
                }

                return type.ToDisplayString() == "System.DateOnly" ? VariableKind.Categorical : null;
            }

            private static SyntaxNode? PositionalArgument(AttributeSyntax? attribute, int index)
            {
                var positional = attribute?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
                return positional is not null && index < positional.Count ? positional[index].Expression : attribute;
            }

            private static SyntaxNode? NamedArgument(AttributeSyntax? attribute, string name)
            {
                var argument = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
                return argument is null ? attribute : argument.Expression;
            }

            private static IReadOnlyList<SyntaxNode> ArrayElements(SyntaxNode? expression) => expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
                ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions,
                CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => (SyntaxNode)e.Expression).ToList(),
                _ => ImmutableArray<SyntaxNode>.Empty,
            };
        }
    }
}
