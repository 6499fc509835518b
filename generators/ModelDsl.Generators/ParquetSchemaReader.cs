using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

using Microsoft.CodeAnalysis.Text;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    /// <summary>
    /// Reads the schema sidecar of a Parquet file (<c>*.parquet.schema</c>, written before compiling by the package's build
    /// step from the file's footer; format in <c>src/ModelDsl/build/ModelDsl.ParquetSchema.cs</c>) into a <see cref="CsvSchema"/>
    /// with <see cref="CsvSchema.IsParquet"/> set: the column names, which are categorical, and which have a type no
    /// column kind can hold. The sidecar is untrusted text: every malformed line is a <see cref="CsvSchema.Problem"/>, never an exception.
    /// </summary>
    /// <remarks>
    /// Kinds follow the runtime's reader (<c>ParquetTableSource</c>, which takes the column types of Parquet.Net, a reader
    /// that goes by the converted type): integers, <c>FLOAT</c>, <c>DOUBLE</c>, <c>DECIMAL</c>, <c>FLOAT16</c> and
    /// <c>BOOLEAN</c> are numeric; <c>BYTE_ARRAY</c> with the <c>UTF8</c> converted type (what writers put beside the
    /// logical <c>STRING</c>), <c>DATE</c>, <c>TIMESTAMP</c> and <c>INT96</c> timestamps are categorical; so is a column
    /// ModelDsl's writer listed in the metadata <c>modeldsl.categorical</c>. Everything else (binary, time of day,
    /// interval, UUID, JSON, lists, maps, structs and repeated columns) is unsupported.
    /// </remarks>
    internal static class ParquetSchemaReader
    {
        /// <summary>The suffix of a sidecar's file name.</summary>
        public const string SidecarSuffix = ".parquet.schema";

        private const string Header = "modeldsl-parquet-schema\t1";

        /// <summary>Reads a sidecar; null when the text is not a ModelDsl Parquet sidecar at all (another file that ends in <see cref="SidecarSuffix"/>).</summary>
        public static CsvSchema? Read(string sidecarPath, SourceText? text, CancellationToken cancellationToken)
        {
            if (text is null)
            {
                return null;
            }

            var lines = text.ToString().Split('\n');
            if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
            {
                return null;
            }

            string? source = null;
            string? problem = null;
            var columns = new List<(string Name, string Physical, string Logical, string Converted, string Repetition, int Children)>();
            var categorical = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 1; i < lines.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    continue;
                }

                var fields = line.Split('\t');
                string? Unescaped(int index) => index < fields.Length ? Unescape(fields[index]) : null;
                switch (fields[0])
                {
                    case "source" when fields.Length == 2 && Unescaped(1) is { Length: > 0 } path:
                        source = path;
                        break;
                    case "problem" when fields.Length == 2 && Unescaped(1) is { } why:
                        problem = why;
                        break;
                    case "rows":
                        break;
                    case "column" when fields.Length == 7 && Unescaped(1) is { } name &&
                                       int.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var children):
                        columns.Add((name, fields[2], fields[3], fields[4], fields[5], children));
                        break;
                    case "categorical" when fields.Length == 2 && Unescaped(1) is { } listed:
                        categorical.Add(listed);
                        break;
                    default:
                        problem ??= "its schema sidecar '" + sidecarPath + "' has a malformed line " + (i + 1).ToString(CultureInfo.InvariantCulture) + "; rebuild to rewrite it";
                        break;
                }
            }

            if (source is null)
            {
                // Without the Parquet file's path the sidecar cannot be matched to an attribute; report it under its own path.
                return new CsvSchema(sidecarPath, EquatableArray<CsvColumn>.Empty, HasHeader: false, Problem: "its schema sidecar names no source file; rebuild to rewrite it", IsParquet: true);
            }

            if (problem is not null)
            {
                return new CsvSchema(source, EquatableArray<CsvColumn>.Empty, HasHeader: false, Problem: problem, IsParquet: true);
            }

            var result = columns.Select(c =>
            {
                var (kind, unsupported) = Classify(c.Physical, c.Logical, c.Converted, c.Repetition, c.Children);
                return new CsvColumn(c.Name, unsupported is null && (kind == VariableKind.Categorical || categorical.Contains(c.Name)), unsupported);
            });
            return new CsvSchema(source, result.ToEquatableArray(), HasHeader: true, IsParquet: true);
        }

        /// <summary>The kind a column of this type is read as, or (when none can hold it) a description of the type for MDSL0025.</summary>
        internal static (VariableKind Kind, string? Unsupported) Classify(string physical, string logical, string converted, string repetition, int children)
        {
            string Describe(string what) => what + " (" + physical + (logical != "-" ? ", " + logical : converted != "-" ? ", " + converted : string.Empty) + ")";

            if (children > 0 || physical == "group")
            {
                var nested = logical == "LIST" || converted == "LIST" ? "a nested list"
                    : logical == "MAP" || converted == "MAP" || converted == "MAP_KEY_VALUE" ? "a nested map"
                    : "a nested struct";
                return (VariableKind.Numeric, nested);
            }

            if (repetition == "repeated")
            {
                return (VariableKind.Numeric, Describe("a repeated column (a list)"));
            }

            if (logical == "TIME" || converted == "TIME_MILLIS" || converted == "TIME_MICROS")
            {
                return (VariableKind.Numeric, Describe("a time of day"));
            }

            switch (physical)
            {
                case "BOOLEAN":
                case "FLOAT":
                case "DOUBLE":
                    return (VariableKind.Numeric, null);
                case "INT96":
                    return (VariableKind.Categorical, null);
                case "INT32":
                    return converted == "DATE" || converted == "TIMESTAMP_MILLIS" ? (VariableKind.Categorical, null) : (VariableKind.Numeric, null);
                case "INT64":
                    return logical == "TIMESTAMP" || converted == "TIMESTAMP_MILLIS" || converted == "TIMESTAMP_MICROS" ? (VariableKind.Categorical, null) : (VariableKind.Numeric, null);
                case "BYTE_ARRAY":
                    return converted == "UTF8" ? (VariableKind.Categorical, null)
                        : converted == "DECIMAL" ? (VariableKind.Numeric, null)
                        : (VariableKind.Numeric, Describe(logical == "STRING" ? "text without the UTF8 converted type, which the reader takes as binary" : "binary"));
                case "FIXED_LEN_BYTE_ARRAY":
                    return converted == "DECIMAL" || logical == "FLOAT16" ? (VariableKind.Numeric, null)
                        : (VariableKind.Numeric, Describe(logical == "UUID" ? "a UUID" : converted == "INTERVAL" ? "an interval" : "binary"));
                default:
                    return (VariableKind.Numeric, Describe("an unknown physical type"));
            }
        }

        /// <summary>Reverses the sidecar's escaping (<c>\\ \t \n \r \uXXXX</c>); null for a malformed escape.</summary>
        internal static string? Unescape(string field)
        {
            if (field.IndexOf('\\') < 0)
            {
                return field;
            }

            var text = new StringBuilder(field.Length);
            for (var i = 0; i < field.Length; i++)
            {
                var c = field[i];
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                if (++i >= field.Length)
                {
                    return null;
                }

                switch (field[i])
                {
                    case '\\': text.Append('\\'); break;
                    case 't': text.Append('\t'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 'u' when i + 4 < field.Length && int.TryParse(field.Substring(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        text.Append((char)code);
                        i += 4;
                        break;
                    default:
                        return null;
                }
            }

            return text.ToString();
        }
    }
}
