using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    /// <summary>
    /// The generator's schema source for one CSV file without a compilation: what <c>[Panel]</c> or <c>[Dataset]</c> on a
    /// top-level <c>partial class</c> would make, for hosts where source generators do not run (a notebook kernel's
    /// <c>#!panel</c> magic command submits it as a cell).
    /// </summary>
    /// <remarks>
    /// The same three steps as the generator: <see cref="CsvSchemaReader"/> reads the header and a bounded sample of rows,
    /// the builder joins them with the declaration (handles, kinds, every MDSL00xx check) and the emitter writes the
    /// source. Only the declaration is made from the request instead of read from Roslyn symbols, so for the same CSV text,
    /// path, keys and project directory the source is the generator's, byte for byte (a test compares them).
    /// </remarks>
    public static class SchemaSource
    {
        /// <summary>The number of data rows sampled to recognise text columns when a request names none (the generator's default).</summary>
        public const int DefaultSampleRows = CsvSchemaReader.DefaultSampleRows;

        /// <summary>Emits the schema source for <paramref name="request"/>.</summary>
        /// <param name="request">The type, the CSV file and its text, the panel keys and the project directory.</param>
        /// <returns>The source (null when an error stops it) and the generator's diagnostics as compiler-style lines.</returns>
        public static SchemaSourceResult Emit(SchemaSourceRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (!CSharpText.IsIdentifier(request.TypeName))
            {
                return new SchemaSourceResult(null, new[] { $"error: '{CSharpText.MessageText(request.TypeName)}' is not a C# type name; name the schema with letters, digits and '_' (e.g. Cities)." }, Array.Empty<string>());
            }

            var csv = CsvSchemaReader.Read(request.CsvPath, SourceText.From(request.CsvText), encoding: null, request.SampleRows, CancellationToken.None);
            var declaration = new SchemaDeclaration(
                Namespace: null,
                FullName: "global::" + request.TypeName,
                ContainingTypes: EquatableArray<ContainingType>.Empty,
                TypeName: request.TypeName,
                Keyword: "class",
                IsRecord: false,
                IsPartial: true,
                IsStatic: false,
                IsGeneric: false,
                IsPanel: request.IsPanel,
                AttributeName: request.IsPanel ? "Panel" : "Dataset",
                Path: new LocatedString(request.DeclaredPath, null),
                Unit: request.Unit is null ? null : new LocatedString(request.Unit, null),
                Time: request.Time is null ? null : new LocatedString(request.Time, null),
                Encoding: null,
                Categorical: request.Categorical.Select(static c => new LocatedString(c, null)).ToEquatableArray(),
                NullCategorical: EquatableArray<LocatedString>.Empty,
                RecordProperties: EquatableArray<RecordProperty>.Empty,
                DeclaredMembers: EquatableArray<string>.Empty,
                NameLocation: null,
                AttributeLocation: null);
            var options = new GeneratorOptions(request.ProjectDirectory, request.SampleRows, null);
            var built = ModelDslGenerator.Builder.Build(declaration, new[] { csv }.ToEquatableArray(), options);

            var errors = new List<string>();
            var warnings = new List<string>();
            foreach (var info in built.Diagnostics)
            {
                var diagnostic = info.ToDiagnostic();
                var line = $"{(diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning")} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
                (diagnostic.Severity == DiagnosticSeverity.Error ? errors : warnings).Add(line);
            }

            var source = built.Value is null || errors.Count > 0 ? null : ModelDslGenerator.Emitter.Emit(built.Value);
            return new SchemaSourceResult(source, errors, warnings);
        }
    }

    /// <summary>What <see cref="SchemaSource.Emit"/> needs: the attribute's arguments, the CSV file's full path and text, and the project directory.</summary>
    public sealed class SchemaSourceRequest
    {
        /// <summary>Creates a request for a top-level <c>partial class</c> named <paramref name="typeName"/>.</summary>
        /// <param name="typeName">The schema type, e.g. <c>Cities</c>.</param>
        /// <param name="declaredPath">The path as the attribute would say it (relative to <paramref name="projectDirectory"/>, or absolute).</param>
        /// <param name="csvPath">The CSV file's full path (what the compiler gives the generator as the AdditionalFile's path).</param>
        /// <param name="csvText">The CSV file's text (its header and the rows sampled are read).</param>
        /// <param name="projectDirectory">The directory <c>Load()</c> resolves the declared path against, as <c>ModelDslProjectDirectory</c> in a build.</param>
        public SchemaSourceRequest(string typeName, string declaredPath, string csvPath, string csvText, string? projectDirectory)
        {
            TypeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
            DeclaredPath = declaredPath ?? throw new ArgumentNullException(nameof(declaredPath));
            CsvPath = csvPath ?? throw new ArgumentNullException(nameof(csvPath));
            CsvText = csvText ?? throw new ArgumentNullException(nameof(csvText));
            ProjectDirectory = projectDirectory;
        }

        /// <summary>The schema type's name.</summary>
        public string TypeName { get; }

        /// <summary>The path as <c>[Panel("...")]</c> would say it.</summary>
        public string DeclaredPath { get; }

        /// <summary>The CSV file's full path.</summary>
        public string CsvPath { get; }

        /// <summary>The CSV file's text.</summary>
        public string CsvText { get; }

        /// <summary>The directory the declared path is relative to.</summary>
        public string? ProjectDirectory { get; }

        /// <summary>True for <c>[Panel]</c> (unit and time required), false for <c>[Dataset]</c>.</summary>
        public bool IsPanel { get; set; } = true;

        /// <summary>The unit column (<c>Unit = "..."</c>).</summary>
        public string? Unit { get; set; }

        /// <summary>The time column (<c>Time = "..."</c>).</summary>
        public string? Time { get; set; }

        /// <summary>Columns to treat as categorical although they hold numbers (<c>Categorical = [...]</c>).</summary>
        public IReadOnlyList<string> Categorical { get; set; } = Array.Empty<string>();

        /// <summary>Data rows sampled to recognise text columns (<c>ModelDslSampleRows</c>).</summary>
        public int SampleRows { get; set; } = SchemaSource.DefaultSampleRows;
    }

    /// <summary>The emitted source and the diagnostics, each a line such as <c>error MDSL0004: ...</c>.</summary>
    public sealed class SchemaSourceResult
    {
        internal SchemaSourceResult(string? source, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
        {
            Source = source;
            Errors = errors;
            Warnings = warnings;
        }

        /// <summary>The generated source, or null when an error stopped it.</summary>
        public string? Source { get; }

        /// <summary>The errors, with the generator's identifiers and messages.</summary>
        public IReadOnlyList<string> Errors { get; }

        /// <summary>The warnings (a column renamed to make a handle, a handle given a suffix, ...).</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
