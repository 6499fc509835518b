using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ModelDsl.Tests.Architecture;

/// <summary>One reference from a type of the library to another of its types.</summary>
/// <param name="From">The referencing type (nested and compiler-generated types are named by their outermost type).</param>
/// <param name="FromNamespace">Its namespace.</param>
/// <param name="To">The referenced type, named by its outermost type.</param>
/// <param name="ToNamespace">Its namespace.</param>
internal sealed record TypeReference(string From, string FromNamespace, string To, string ToNamespace)
{
    public override string ToString() => $"{FromNamespace}.{From} -> {ToNamespace}.{To}";
}

/// <summary>
/// Every reference between the library's own types, read from its metadata: base types, interfaces, field, property
/// and method signatures, local variables and every type, method or field token in the method bodies (so a call
/// inside a lambda or a local function counts for the type that wrote it).
/// </summary>
internal static class TypeReferences
{
    private static readonly Lazy<IReadOnlyList<TypeReference>> All = new(Read);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    internal static IReadOnlyList<TypeReference> OfLibrary => All.Value;

    private static List<TypeReference> Read()
    {
        using var pe = new PEReader(File.OpenRead(typeof(Model).Assembly.Location));
        var md = pe.GetMetadataReader();
        var provider = new DefinitionCollector();
        var found = new HashSet<TypeReference>();

        TypeDefinitionHandle Outer(TypeDefinitionHandle t)
        {
            for (var declaring = md.GetTypeDefinition(t).GetDeclaringType(); !declaring.IsNil; declaring = md.GetTypeDefinition(t).GetDeclaringType())
            {
                t = declaring;
            }

            return t;
        }

        foreach (var type in md.TypeDefinitions)
        {
            var from = md.GetTypeDefinition(Outer(type));
            var fromName = md.GetString(from.Name);
            var fromNamespace = md.GetString(from.Namespace);

            void Add(IEnumerable<TypeDefinitionHandle> targets)
            {
                foreach (var target in targets)
                {
                    var to = md.GetTypeDefinition(Outer(target));
                    found.Add(new TypeReference(fromName, fromNamespace, md.GetString(to.Name), md.GetString(to.Namespace)));
                }
            }

            void AddEntity(EntityHandle handle)
            {
                switch (handle.Kind)
                {
                    case HandleKind.TypeDefinition:
                        Add([(TypeDefinitionHandle)handle]);
                        break;
                    case HandleKind.TypeSpecification:
                        Add(md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null));
                        break;
                    case HandleKind.MethodDefinition:
                        Add([md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()]);
                        break;
                    case HandleKind.FieldDefinition:
                        Add([md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()]);
                        break;
                    case HandleKind.MemberReference:
                        AddEntity(md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                        break;
                    case HandleKind.MethodSpecification:
                        var specification = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                        AddEntity(specification.Method);
                        Add(specification.DecodeSignature(provider, null).SelectMany(t => t));
                        break;
                }
            }

            var definition = md.GetTypeDefinition(type);
            if (!definition.BaseType.IsNil)
            {
                AddEntity(definition.BaseType);
            }

            foreach (var implementation in definition.GetInterfaceImplementations())
            {
                AddEntity(md.GetInterfaceImplementation(implementation).Interface);
            }

            foreach (var field in definition.GetFields())
            {
                Add(md.GetFieldDefinition(field).DecodeSignature(provider, null));
            }

            foreach (var property in definition.GetProperties())
            {
                Add(md.GetPropertyDefinition(property).DecodeSignature(provider, null).ReturnType);
            }

            foreach (var handle in definition.GetMethods())
            {
                var method = md.GetMethodDefinition(handle);
                var signature = method.DecodeSignature(provider, null);
                Add(signature.ReturnType);
                Add(signature.ParameterTypes.SelectMany(p => p));
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    Add(md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null).SelectMany(l => l));
                }

                foreach (var token in Tokens(body.GetILBytes()!))
                {
                    AddEntity(MetadataTokens.EntityHandle(token));
                }
            }
        }

        return [.. found.Where(r => r.From != r.To)];
    }

    // The metadata tokens of a method body's instructions (fields, methods, types, ldtoken).
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            switch (OpCodesByValue[value].OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, position);
                    position += 4;
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }

    // The library's own type definitions a signature mentions (generic arguments, arrays and by-refs included).
    private sealed class DefinitionCollector : ISignatureTypeProvider<IEnumerable<TypeDefinitionHandle>, object?>
    {
        public IEnumerable<TypeDefinitionHandle> GetArrayType(IEnumerable<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public IEnumerable<TypeDefinitionHandle> GetByReferenceType(IEnumerable<TypeDefinitionHandle> elementType) => elementType;

        public IEnumerable<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<IEnumerable<TypeDefinitionHandle>> signature) => signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p));

        public IEnumerable<TypeDefinitionHandle> GetGenericInstantiation(IEnumerable<TypeDefinitionHandle> genericType, ImmutableArray<IEnumerable<TypeDefinitionHandle>> typeArguments) => genericType.Concat(typeArguments.SelectMany(a => a));

        public IEnumerable<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => [];

        public IEnumerable<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => [];

        public IEnumerable<TypeDefinitionHandle> GetModifiedType(IEnumerable<TypeDefinitionHandle> modifier, IEnumerable<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

        public IEnumerable<TypeDefinitionHandle> GetPinnedType(IEnumerable<TypeDefinitionHandle> elementType) => elementType;

        public IEnumerable<TypeDefinitionHandle> GetPointerType(IEnumerable<TypeDefinitionHandle> elementType) => elementType;

        public IEnumerable<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public IEnumerable<TypeDefinitionHandle> GetSZArrayType(IEnumerable<TypeDefinitionHandle> elementType) => elementType;

        public IEnumerable<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public IEnumerable<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [];

        public IEnumerable<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
