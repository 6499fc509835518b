using System.Linq;

using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Models
{
    /// <summary>A diagnostic as plain values: the descriptor (shared, immutable), its location and message arguments.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        /// <summary>A diagnostic whose arguments (header cells, attribute values) are made single-line by <see cref="CSharpText.MessageText"/>.</summary>
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new(descriptor, location, arguments.Select(CSharpText.MessageText).ToEquatableArray());

        public Diagnostic ToDiagnostic()
        {
            var arguments = new object[Arguments.Count];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Arguments[i];
            }

            return Diagnostic.Create(Descriptor, Location?.ToLocation(), arguments);
        }
    }
}
