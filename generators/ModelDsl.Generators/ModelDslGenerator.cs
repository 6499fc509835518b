using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    /// <summary>Generates typed column handles, a loader and the model verbs for every type marked <c>[Panel]</c> or <c>[Dataset]</c>.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class ModelDslGenerator : IIncrementalGenerator
    {
        /// <summary>Metadata name of the panel attribute (defined in the ModelDsl runtime).</summary>
        public const string PanelAttributeName = "ModelDsl.PanelAttribute";

        /// <summary>Metadata name of the cross-section attribute (defined in the ModelDsl runtime).</summary>
        public const string DatasetAttributeName = "ModelDsl.DatasetAttribute";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Options: project the two MSBuild properties we read into a small equatable record.
            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
                .WithTrackingName(TrackingNames.Options);

            // Declarations: the attributed types, projected to plain records.
            var panels = context.SyntaxProvider
                .ForAttributeWithMetadataName(PanelAttributeName, Parser.IsCandidate, static (c, ct) => SafeParse(c, isPanel: true, ct))
                .WithTrackingName(TrackingNames.PanelDeclarations);
            var datasets = context.SyntaxProvider
                .ForAttributeWithMetadataName(DatasetAttributeName, Parser.IsCandidate, static (c, ct) => SafeParse(c, isPanel: false, ct))
                .WithTrackingName(TrackingNames.DatasetDeclarations);

            // The encodings schemas name (always "none", i.e. UTF-8): each CSV is read once per encoding asked for.
            var encodings = panels.Collect().Combine(datasets.Collect())
                .Select(static (pair, _) => RequestedEncodings(pair.Left, pair.Right));

            // CSV files: header and column kinds from a bounded sample; the model holds no data rows.
            var csvSchemas = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                .Combine(options.Select(static (o, _) => o.SampleRows))
                .Combine(encodings)
                .Select(static (pair, ct) => SafeRead(pair.Left.Left, pair.Left.Right, pair.Right, ct))
                .WithTrackingName(TrackingNames.CsvSchemas)
                .Collect()
                .Select(static (all, _) => all.SelectMany(static schemas => schemas).ToEquatableArray())
                .WithTrackingName(TrackingNames.AllCsvSchemas);

            // Parquet files: the sidecars the package's build step wrote from their footers (names and types only).
            var parquetSchemas = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(ParquetSchemaReader.SidecarSuffix, StringComparison.OrdinalIgnoreCase))
                .Select(static (text, ct) => SafeReadParquet(text, ct))
                .WithTrackingName(TrackingNames.ParquetSchemas)
                .Collect()
                .Select(static (all, _) => all.Where(static schema => schema is not null).Select(static schema => schema!).ToEquatableArray());

            var fileSchemas = csvSchemas.Combine(parquetSchemas)
                .Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray())
                .WithTrackingName(TrackingNames.AllFileSchemas);

            // Model: each declaration joined with the CSV and Parquet schemas and the options.
            var schemas = panels.Collect().Combine(datasets.Collect())
                .SelectMany(static (pair, _) => pair.Left.AddRange(pair.Right))
                .Combine(fileSchemas)
                .Combine(options)
                .Select(static (input, _) => SafeBuild(input.Left.Left, input.Left.Right, input.Right))
                .WithTrackingName(TrackingNames.Schemas);

            // Emit: code from the model alone, diagnostics from the diagnostics alone.
            var models = schemas.Select(static (r, _) => r.Value).WithTrackingName(TrackingNames.Models);
            var diagnostics = schemas.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(models, static (spc, model) =>
            {
                if (model is null)
                {
                    return;
                }

                // Last resort: an emitter or AddSource failure becomes MDSL0900 on this schema instead of erasing every schema's output.
                try
                {
                    spc.AddSource(model.HintName, Emitter.Emit(model));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, model.TypeName, exception.GetType().Name + ": " + exception.Message));
                }
            });
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var diagnostic in list)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            });
            context.RegisterSourceOutput(options, static (spc, o) =>
            {
                if (o.InvalidSampleRows is not null)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSampleRows, null, o.InvalidSampleRows, o.SampleRows));
                }
            });
        }

        private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
        {
            options.TryGetValue("build_property.ModelDslProjectDirectory", out var directory);
            if (string.IsNullOrWhiteSpace(directory))
            {
                directory = null;
            }

            if (!options.TryGetValue("build_property.ModelDslSampleRows", out var text) || string.IsNullOrWhiteSpace(text))
            {
                return new GeneratorOptions(directory, CsvSchemaReader.DefaultSampleRows, null);
            }

            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows >= 1 && rows <= 100_000
                ? new GeneratorOptions(directory, rows, null)
                : new GeneratorOptions(directory, CsvSchemaReader.DefaultSampleRows, text);
        }

        /// <summary>The distinct encodings named by any schema, plus "none" (UTF-8), in a stable order.</summary>
        private static EquatableArray<EncodingRequest> RequestedEncodings(ImmutableArray<Result<SchemaDeclaration>> panels, ImmutableArray<Result<SchemaDeclaration>> datasets)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var declaration in panels.Concat(datasets))
            {
                if (declaration.Value?.Encoding is { } encoding)
                {
                    names.Add(encoding.Value);
                }
            }

            return new[] { new EncodingRequest(null) }.Concat(names.Select(static n => new EncodingRequest(n))).ToEquatableArray();
        }

        /// <summary>Each CSV read once per requested encoding; a CSV that cannot be read counts as one without a header (MDSL0002 if a schema names it), never as an exception.</summary>
        private static EquatableArray<CsvSchema> SafeRead(AdditionalText text, int sampleRows, EquatableArray<EncodingRequest> encodings, CancellationToken cancellationToken)
        {
            var schemas = new List<CsvSchema>(encodings.Count);
            SourceText? source;
            try
            {
                source = text.GetText(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                source = null;
            }

            foreach (var encoding in encodings)
            {
                try
                {
                    schemas.Add(CsvSchemaReader.Read(text.Path, source, encoding.Name, sampleRows, cancellationToken));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    schemas.Add(new CsvSchema(text.Path, EquatableArray<CsvColumn>.Empty, HasHeader: false, encoding.Name, "the generator could not read it (" + exception.GetType().Name + ": " + exception.Message + ")"));
                }
            }

            return schemas.ToEquatableArray();
        }

        /// <summary>A Parquet schema sidecar; one that cannot be read is a schema with a problem (MDSL0026 if a schema names its file), never an exception.</summary>
        private static CsvSchema? SafeReadParquet(AdditionalText text, CancellationToken cancellationToken)
        {
            try
            {
                return ParquetSchemaReader.Read(text.Path, text.GetText(cancellationToken), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new CsvSchema(text.Path, EquatableArray<CsvColumn>.Empty, HasHeader: false, Problem: "the generator could not read its schema sidecar (" + exception.GetType().Name + ": " + exception.Message + ")", IsParquet: true);
            }
        }

        private static Result<SchemaDeclaration> SafeParse(GeneratorAttributeSyntaxContext context, bool isPanel, CancellationToken cancellationToken)
        {
            try
            {
                return Parser.Parse(context, isPanel, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return Failure<SchemaDeclaration>(context.TargetSymbol.Name, LocationInfo.From(context.TargetNode), exception);
            }
        }

        private static Result<DatasetModel> SafeBuild(Result<SchemaDeclaration> declaration, EquatableArray<CsvSchema> csvFiles, GeneratorOptions options)
        {
            if (declaration.Value is null)
            {
                return Result<DatasetModel>.Failure(declaration.Diagnostics);
            }

            try
            {
                return Builder.Build(declaration.Value, csvFiles, options);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return Failure<DatasetModel>(declaration.Value.TypeName, declaration.Value.NameLocation, exception);
            }
        }

        private static Result<T> Failure<T>(string name, LocationInfo? location, Exception exception)
            where T : class =>
            Result<T>.Failure(new[] { DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, location, name, exception.GetType().Name + ": " + exception.Message) }.ToEquatableArray());
    }
}
