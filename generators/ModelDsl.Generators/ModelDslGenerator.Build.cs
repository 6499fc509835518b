using System;
using System.Collections.Generic;
using System.Linq;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    public sealed partial class ModelDslGenerator
    {
        /// <summary>Joins a declaration with its CSV schema and the options into a <see cref="DatasetModel"/> plus diagnostics. Pure: no Roslyn symbols.</summary>
        internal static class Builder
        {
            /// <summary>The longest handle made from a header cell; C# allows 512 characters (CS0645), a suffix may follow.</summary>
            private const int MaxHandleLength = 128;

            public static Result<DatasetModel> Build(SchemaDeclaration declaration, EquatableArray<CsvSchema> csvFiles, GeneratorOptions options)
            {
                var diagnostics = new List<DiagnosticInfo>();
                var model = BuildModel(declaration, csvFiles, options, diagnostics);
                return new Result<DatasetModel>(model, diagnostics.ToEquatableArray());
            }

            private static DatasetModel? BuildModel(SchemaDeclaration declaration, EquatableArray<CsvSchema> csvFiles, GeneratorOptions options, List<DiagnosticInfo> diagnostics)
            {
                // Code the compiler cannot parse yet ('partial class { }' while typing) has names that are not identifiers;
                // the compiler reports it, and there is nothing to generate a part of.
                if (!CSharpText.IsIdentifier(declaration.TypeName) ||
                    declaration.ContainingTypes.Any(t => !CSharpText.IsIdentifier(t.Name)) ||
                    (declaration.Namespace is not null && declaration.Namespace.Split('.').Any(p => !CSharpText.IsIdentifier(p))))
                {
                    return null;
                }

                if (!declaration.IsPartial)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, declaration.NameLocation, declaration.TypeName, declaration.AttributeName, declaration.Keyword));
                    return null;
                }

                if (declaration.IsStatic || declaration.IsGeneric || declaration.Keyword.EndsWith("struct", StringComparison.Ordinal))
                {
                    var what = declaration.IsStatic ? "static" : declaration.IsGeneric ? "generic" : "a struct";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSchemaType, declaration.NameLocation, declaration.TypeName, what));
                    return null;
                }

                // The generated part repeats every enclosing type as 'partial <keyword> <name>', which is only the same type when that one is partial and not generic.
                foreach (var outer in declaration.ContainingTypes)
                {
                    if (!outer.IsPartial || outer.IsGeneric)
                    {
                        var why = outer.IsGeneric ? "is generic" : "is not partial";
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, declaration.AttributeLocation, declaration.TypeName, outer.Name, why, outer.Keyword));
                        return null;
                    }
                }

                var generated = ModelFamilies.GeneratedMembers(declaration.IsPanel);
                var ownMembers = declaration.IsRecord ? new[] { ModelFamilies.ColumnsClass, ModelFamilies.SchemaField } : generated;
                if (ownMembers.Contains(declaration.TypeName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameTakenByGeneratedMember, declaration.NameLocation, "Type", declaration.TypeName, declaration.TypeName, string.Join(", ", ownMembers)));
                    return null;
                }

                var property = declaration.RecordProperties.FirstOrDefault(p => ownMembers.Contains(p.Name));
                if (property is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameTakenByGeneratedMember, property.Location ?? declaration.AttributeLocation, "Property", property.Name, declaration.TypeName, string.Join(", ", ownMembers)));
                    return null;
                }

                var member = declaration.DeclaredMembers.FirstOrDefault(ownMembers.Contains);
                if (member is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameTakenByGeneratedMember, declaration.NameLocation, "Member", member, declaration.TypeName, string.Join(", ", ownMembers)));
                    return null;
                }

                foreach (var blank in declaration.NullCategorical)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NullCategoricalName, blank.Location ?? declaration.AttributeLocation, declaration.TypeName));
                }

                if (declaration.Encoding is not null && !TextEncodings.IsKnown(declaration.Encoding.Value))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEncoding, declaration.Encoding.Location ?? declaration.AttributeLocation, declaration.Encoding.Value, declaration.TypeName));
                    return null;
                }

                string? unit = null;
                string? time = null;
                if (declaration.IsPanel)
                {
                    var unnamed = false;
                    foreach (var (value, role) in new[] { (declaration.Unit, "Unit"), (declaration.Time, "Time") })
                    {
                        if (value is null || value.Value.Trim().Length == 0)
                        {
                            unnamed = true;
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PanelKeyNotNamed, value?.Location ?? declaration.AttributeLocation, declaration.TypeName, role.ToLowerInvariant(), role));
                        }
                    }

                    if (unnamed)
                    {
                        return null;
                    }

                    unit = declaration.Unit!.Value;
                    time = declaration.Time!.Value;
                    if (unit == time)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnitEqualsTime, declaration.Time.Location, unit));
                        return null;
                    }
                }

                IReadOnlyList<(string Name, VariableKind? Kind, LocationInfo? Location, string TypeDisplay)> columns;
                string sourceDescription;
                var storedCategorical = false;
                if (declaration.Path is not null && !declaration.IsRecord)
                {
                    var csv = FindCsv(declaration.Path.Value, declaration.Encoding?.Value, csvFiles, options.ProjectDirectory);
                    if (csv is null)
                    {
                        diagnostics.Add(IsParquetPath(declaration.Path.Value)
                            ? DiagnosticInfo.Create(DiagnosticDescriptors.ParquetSchemaNotFound, declaration.Path.Location, declaration.Path.Value, declaration.AttributeName, declaration.TypeName)
                            : DiagnosticInfo.Create(DiagnosticDescriptors.CsvNotInAdditionalFiles, declaration.Path.Location, declaration.Path.Value, declaration.AttributeName, declaration.TypeName));
                        return null;
                    }

                    if (csv.IsParquet && csv.Problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParquetNotReadable, declaration.Path.Location, declaration.Path.Value, csv.Problem));
                        return null;
                    }

                    if (csv.IsParquet && csv.Columns.Any(c => c.Unsupported is not null))
                    {
                        foreach (var (column, position) in csv.Columns.Select((c, i) => (c, i + 1)).Where(c => c.c.Unsupported is not null))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParquetColumn, declaration.Path.Location, column.Name, position.ToString(System.Globalization.CultureInfo.InvariantCulture), declaration.Path.Value, column.Unsupported!));
                        }

                        return null;
                    }

                    if (csv.Problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeaderNotDecodable, declaration.Path.Location, declaration.Path.Value, csv.Problem));
                        return null;
                    }

                    if (!csv.HasHeader || csv.Columns.Count == 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoReadableHeader, declaration.Path.Location, declaration.Path.Value, csv.IsParquet ? "its footer lists no columns" : "the file is empty or its first line is blank"));
                        return null;
                    }

                    // The runtime reader refuses a header cell without a name, so a study with one would compile and not load.
                    var unnamed = csv.Columns.Select((c, i) => (c.Name, Position: i + 1)).FirstOrDefault(c => c.Name.Length == 0);
                    if (unnamed.Name is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoReadableHeader, declaration.Path.Location, declaration.Path.Value, "column " + unnamed.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) + " has no name"));
                        return null;
                    }

                    sourceDescription = declaration.Path.Value;
                    columns = csv.Columns.Select(c => (c.Name, (VariableKind?)(c.HoldsText ? VariableKind.Categorical : VariableKind.Numeric), declaration.Path.Location, "")).ToList();
                    storedCategorical = csv.IsParquet;
                    if (!CheckDuplicates(csv, declaration.Path, diagnostics))
                    {
                        return null;
                    }
                }
                else if (declaration.IsRecord && declaration.RecordProperties.Count > 0)
                {
                    sourceDescription = "record " + declaration.TypeName;
                    columns = declaration.RecordProperties.Select(p => (p.Name, p.Kind, p.Location, p.TypeDisplay)).ToList();
                    if (declaration.Path is not null && FindCsv(declaration.Path.Value, declaration.Encoding?.Value, csvFiles, options.ProjectDirectory) is { HasHeader: true, Problem: null } recordCsv)
                    {
                        CheckRecordAgainstCsv(declaration, recordCsv, diagnostics);
                    }
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoSchemaSource, declaration.NameLocation, declaration.AttributeName, declaration.TypeName));
                    return null;
                }

                var names = columns.Select(c => c.Name).ToList();
                var listing = string.Join(", ", names);
                if (declaration.IsPanel)
                {
                    var missing = false;
                    foreach (var (value, role) in new[] { (declaration.Unit!, "Unit"), (declaration.Time!, "Time") })
                    {
                        if (!names.Contains(value.Value))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PanelColumnMissing, value.Location, role.ToLowerInvariant(), value.Value, sourceDescription, listing, role));
                            missing = true;
                        }
                    }

                    if (missing)
                    {
                        return null;
                    }
                }

                var declared = new HashSet<string>(StringComparer.Ordinal);
                foreach (var category in declaration.Categorical)
                {
                    if (names.Contains(category.Value))
                    {
                        declared.Add(category.Value);
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CategoricalColumnMissing, category.Location, category.Value, sourceDescription, listing));
                    }
                }

                var variables = new List<VariableModel>(columns.Count);
                // A handle may not repeat a generated member nor the type that holds it (CS0542): the schema type, or the nested Columns class of a record.
                var taken = new HashSet<string>(ModelFamilies.ReservedMembers, StringComparer.Ordinal) { declaration.IsRecord ? ModelFamilies.ColumnsClass : declaration.TypeName };
                if (!declaration.IsRecord)
                {
                    taken.UnionWith(declaration.DeclaredMembers);
                }

                var owners = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var ordinal = 0; ordinal < columns.Count; ordinal++)
                {
                    var column = columns[ordinal];
                    if (column.Kind is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedPropertyType, column.Location, column.Name, declaration.TypeName, column.TypeDisplay));
                        continue;
                    }

                    var handle = HandleFor(column.Name, ordinal, declaration, sourceDescription, column.Location, taken, owners, diagnostics);
                    if (handle is not null)
                    {
                        taken.Add(handle);
                        owners[handle] = column.Name;
                    }

                    var (kind, role) = column.Name == unit ? (VariableKind.Categorical, VariableRole.Unit)
                        : column.Name == time ? (VariableKind.Categorical, VariableRole.Time)
                        : declared.Contains(column.Name) ? (VariableKind.Categorical, VariableRole.Declared)
                        : declaration.IsRecord ? (column.Kind.Value, VariableRole.RecordProperty)
                        : column.Kind == VariableKind.Categorical ? (VariableKind.Categorical, storedCategorical ? VariableRole.StoredCategorical : VariableRole.Text)
                        : (VariableKind.Numeric, VariableRole.Numeric);
                    variables.Add(new VariableModel(column.Name, handle, ordinal, kind, role));
                }

                return new DatasetModel(
                    HintName(declaration),
                    declaration.Namespace,
                    declaration.ContainingTypes,
                    declaration.TypeName,
                    declaration.Keyword,
                    declaration.IsRecord,
                    declaration.IsPanel,
                    declaration.Path?.Value,
                    unit,
                    time,
                    options.ProjectDirectory,
                    sourceDescription,
                    declaration.Encoding?.Value,
                    variables.ToEquatableArray());
            }

            /// <summary>
            /// The handle of one column: the record property's own name, or the header cell in PascalCase (letters and digits
            /// only, in Unicode normalisation form C, at most <see cref="MaxHandleLength"/> characters); null, with MDSL0021,
            /// when the cell has nothing to make a name from. A clash with a generated member or an earlier handle gets a suffix.
            /// </summary>
            private static string? HandleFor(
                string name,
                int ordinal,
                SchemaDeclaration declaration,
                string source,
                LocationInfo? location,
                HashSet<string> taken,
                Dictionary<string, string> owners,
                List<DiagnosticInfo> diagnostics)
            {
                string handle;
                if (declaration.IsRecord)
                {
                    handle = name;
                }
                else
                {
                    handle = Naming.ToPascalCase(name).Normalize(System.Text.NormalizationForm.FormC);
                    if (handle.Length > MaxHandleLength)
                    {
                        handle = handle.Substring(0, MaxHandleLength);
                    }

                    if (handle.Length == 0 || !CSharpText.IsIdentifier(handle))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ColumnWithoutHandle, location, (ordinal + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), name, source));
                        return null;
                    }

                    if (!Naming.IsValidIdentifier(name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidColumnName, location, name, source, handle));
                    }
                }

                if (!taken.Contains(handle))
                {
                    return handle;
                }

                var unique = Naming.MakeUnique(handle, taken);
                if (owners.TryGetValue(handle, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CollidingHandles, location, owner, name, source, handle, unique));
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedHandle, location, name, source, handle, declaration.IsRecord ? declaration.TypeName + ".Columns" : declaration.TypeName, unique));
                }

                return unique;
            }

            /// <summary>When a record names its CSV and the file is among AdditionalFiles, every property must have a column, and a numeric property a numeric one.</summary>
            private static void CheckRecordAgainstCsv(SchemaDeclaration declaration, CsvSchema csv, List<DiagnosticInfo> diagnostics)
            {
                var keys = new HashSet<string>(StringComparer.Ordinal)
                {
                    declaration.Unit?.Value ?? string.Empty,
                    declaration.Time?.Value ?? string.Empty,
                };
                keys.UnionWith(declaration.Categorical.Select(c => c.Value));
                var listing = string.Join(", ", csv.Columns.Select(c => c.Name));
                foreach (var property in declaration.RecordProperties)
                {
                    var column = csv.Columns.FirstOrDefault(c => c.Name == property.Name) ?? csv.Columns.FirstOrDefault(c => Simplify(c.Name) == Simplify(property.Name));
                    if (column is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyWithoutColumn, property.Location, property.Name, declaration.TypeName, declaration.Path!.Value, listing));
                    }
                    else if (column.HoldsText && property.Kind == VariableKind.Numeric && !keys.Contains(property.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NumericPropertyOverText, property.Location, property.Name, declaration.TypeName, property.TypeDisplay, column.Name, declaration.Path!.Value));
                    }
                }
            }

            /// <summary>The runtime's record matching: letters and digits only, lower case.</summary>
            private static string Simplify(string name) =>
                new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

            private static bool CheckDuplicates(CsvSchema csv, LocatedString path, List<DiagnosticInfo> diagnostics)
            {
                var ok = true;
                foreach (var group in csv.Columns.Select((c, i) => (c.Name, Position: i + 1)).GroupBy(c => c.Name, StringComparer.Ordinal))
                {
                    var positions = group.Select(g => g.Position).ToList();
                    if (positions.Count > 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.DuplicateColumn,
                            path.Location,
                            group.Key,
                            positions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            path.Value,
                            string.Join(", ", positions.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
                        ok = false;
                    }
                }

                return ok;
            }

            /// <summary>The CSV whose path ends with the attribute's path; the one under the project directory wins, then the shortest path.</summary>
            internal static CsvSchema? FindCsv(string declaredPath, string? encoding, EquatableArray<CsvSchema> csvFiles, string? projectDirectory)
            {
                var relative = NormalizePath(declaredPath);
                var expected = projectDirectory is null ? null : NormalizePath(projectDirectory.TrimEnd('/', '\\') + "/" + declaredPath);
                var trimmed = relative;
                while (trimmed.StartsWith("../", StringComparison.Ordinal))
                {
                    trimmed = trimmed.Substring(3);
                }

                // A .parquet path is matched to the Parquet schemas alone (read once, whatever Encoding says), any other path to the CSVs.
                var parquet = IsParquetPath(declaredPath);
                CsvSchema? best = null;
                foreach (var csv in csvFiles)
                {
                    if (csv.IsParquet != parquet || (!parquet && !string.Equals(csv.Encoding, encoding, StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    var candidate = NormalizePath(csv.Path);
                    if (expected is not null && string.Equals(candidate, expected, StringComparison.Ordinal))
                    {
                        return csv;
                    }

                    if (candidate == trimmed || candidate.EndsWith("/" + trimmed, StringComparison.Ordinal))
                    {
                        if (best is null || csv.Path.Length < best.Path.Length ||
                            (csv.Path.Length == best.Path.Length && string.CompareOrdinal(csv.Path, best.Path) < 0))
                        {
                            best = csv;
                        }
                    }
                }

                return best;
            }

            /// <summary>True for a path the runtime reads as Parquet (<c>SchemaLoader.OpenFile</c>: the extension <c>.parquet</c>, any case).</summary>
            internal static bool IsParquetPath(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

            /// <summary>Forward slashes, no "." segments, ".." folded into its parent where there is one.</summary>
            internal static string NormalizePath(string path)
            {
                var parts = path.Replace('\\', '/').Split('/');
                var stack = new List<string>();
                for (var i = 0; i < parts.Length; i++)
                {
                    var part = parts[i];
                    if (part == "." || (part.Length == 0 && i > 0))
                    {
                        continue;
                    }

                    if (part == ".." && stack.Count > 0 && stack[stack.Count - 1] != ".." && stack[stack.Count - 1].Length > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                        continue;
                    }

                    stack.Add(part);
                }

                return string.Join("/", stack);
            }

            /// <summary>
            /// A hint name unique per type even where the file system ignores case: the readable part keeps ASCII letters,
            /// digits, '_' and '.', and a 64-bit FNV-1a hash of the fully qualified name (ordinal, so <c>Cities</c> and
            /// <c>CITIES</c> differ) separates what the readable part cannot.
            /// </summary>
            internal static string HintName(SchemaDeclaration declaration)
            {
                var parts = new List<string>();
                if (declaration.Namespace is not null)
                {
                    parts.Add(declaration.Namespace);
                }

                parts.AddRange(declaration.ContainingTypes.Select(t => t.Name));
                parts.Add(declaration.TypeName);
                var readable = new System.Text.StringBuilder();
                foreach (var c in string.Join(".", parts))
                {
                    readable.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ? c : '_');
                }

                var hash = 14695981039346656037UL;
                foreach (var c in declaration.FullName)
                {
                    hash = unchecked((hash ^ c) * 1099511628211UL);
                }

                return "ModelDsl." + readable + "." + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
            }
        }
    }
}
