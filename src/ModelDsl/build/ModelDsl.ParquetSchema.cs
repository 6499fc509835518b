// The build step that gives ModelDsl's source generator the schema of a Parquet file.
//
// A source generator may not read files, and the compiler hands it AdditionalFiles as text only, which a binary
// Parquet file is not. So before CoreCompile, build/ModelDsl.targets runs the task below (compiled from this file by
// MSBuild's RoslynCodeTaskFactory; no assembly and no package is needed) over each Parquet file of the project: it
// reads the file's footer (the Thrift FileMetaData at the end of the file, never a row) and writes a small text
// sidecar, obj/.../modeldsl/<name>.<hash>.parquet.schema, which the targets add to AdditionalFiles. The generator
// reads the sidecar as it reads a CSV header (generators/ModelDsl.Generators/ParquetSchemaReader.cs).
//
// Kept dependency-free and conservative C# (it is compiled against the MSBuild host's framework): the tests compile
// the reader part of this same file (MODELDSL_PARQUET_READER_ONLY) and run it on files written by the runtime's
// ParquetTableWriter and by DuckDB.
//
// Sidecar format, version 1: UTF-8 lines of tab-separated fields; text fields escaped by Escape (\\, \t, \n, \r and
// \uXXXX for other control characters), so a line break in a column name cannot start a line of its own:
//   modeldsl-parquet-schema<TAB>1
//   source<TAB><full path of the Parquet file>
//   rows<TAB><number of rows in the footer>
//   column<TAB><name><TAB><physical type or 'group'><TAB><logical type or '-'><TAB><converted type or '-'><TAB><required|optional|repeated><TAB><children>
//   categorical<TAB><name>        (each name listed in the file's 'modeldsl.categorical' key-value metadata)
//   problem<TAB><why the footer could not be read>   (then no column lines)
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

#if !MODELDSL_PARQUET_READER_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Writes the schema sidecar of one Parquet file (see the head of this file); never fails the build for a bad file.</summary>
public sealed class ModelDslParquetSchema : Task
{
    /// <summary>The Parquet file.</summary>
    [Required]
    public string Source { get; set; } = string.Empty;

    /// <summary>The sidecar to write (its folder is created).</summary>
    [Required]
    public string Sidecar { get; set; } = string.Empty;

    /// <inheritdoc />
    public override bool Execute()
    {
        // A file that is not Parquet becomes a 'problem' line, reported by the generator at the attribute that names
        // the file; only a sidecar that cannot be written stops the build.
        var text = ModelDslParquetFooter.SidecarText(Path.GetFullPath(Source), ModelDslParquetFooter.ReadFile(Source));
        try
        {
            var folder = Path.GetDirectoryName(Sidecar);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(Sidecar, text, new UTF8Encoding(false));
            return true;
        }
        catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
        {
            Log.LogError(null, "MDSLBUILD004", null, Sidecar, 0, 0, 0, 0, "ModelDsl could not write the Parquet schema of '{0}' to '{1}': {2}", Source, Sidecar, error.Message);
            return false;
        }
    }
}
#endif

/// <summary>One top-level column of a Parquet footer's schema.</summary>
internal sealed class ModelDslParquetColumn
{
    public ModelDslParquetColumn(string name, string physical, string logical, string converted, string repetition, int children)
    {
        Name = name;
        Physical = physical;
        Logical = logical;
        Converted = converted;
        Repetition = repetition;
        Children = children;
    }

    /// <summary>The column's name as the footer spells it.</summary>
    public string Name { get; }

    /// <summary>BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, or 'group' (a list, map or struct).</summary>
    public string Physical { get; }

    /// <summary>The logical type (STRING, DATE, TIMESTAMP, INTEGER, DECIMAL, LIST, ...), or '-'.</summary>
    public string Logical { get; }

    /// <summary>The converted type (UTF8, DATE, INT_8, DECIMAL, LIST, ...), or '-'; readers such as Parquet.Net go by it.</summary>
    public string Converted { get; }

    /// <summary>required, optional or repeated.</summary>
    public string Repetition { get; }

    /// <summary>The number of child elements (0 for a leaf).</summary>
    public int Children { get; }
}

/// <summary>What a Parquet footer says about the table: its top-level columns, its rows and the columns ModelDsl wrote as categorical.</summary>
internal sealed class ModelDslParquetFooterInfo
{
    public List<ModelDslParquetColumn> Columns { get; } = new List<ModelDslParquetColumn>();

    public List<string> Categorical { get; } = new List<string>();

    public long Rows { get; set; }

    /// <summary>Why the footer could not be read, or null.</summary>
    public string? Problem { get; set; }
}

/// <summary>
/// Reads the FileMetaData of a Parquet file (Thrift compact protocol; Apache Parquet format, parquet.thrift):
/// the schema elements (name, type, repetition, converted and logical type, number of children), the number of
/// rows and the key-value metadata. Everything else (row groups, statistics) is skipped unread. Malformed input
/// gives <see cref="ModelDslParquetFooterInfo.Problem"/>, never an exception.
/// </summary>
internal static class ModelDslParquetFooter
{
    /// <summary>The key under which ModelDsl's writer lists its categorical columns (ParquetTableSource.CategoricalColumnsKey).</summary>
    public const string CategoricalKey = "modeldsl.categorical";

    /// <summary>The first line of a sidecar, with its format version.</summary>
    public const string Header = "modeldsl-parquet-schema\t1";

    // A footer larger than this is refused rather than allocated (a schema of thousands of columns is far smaller).
    private const int MaxFooterBytes = 64 * 1024 * 1024;

    private static readonly string[] PhysicalTypes = { "BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY" };

    private static readonly string[] ConvertedTypes =
    {
        "UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS", "TIMESTAMP_MILLIS",
        "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32", "INT_64", "JSON", "BSON", "INTERVAL",
    };

    // LogicalType is a Thrift union: the id of the one field set names the type.
    private static readonly string[] LogicalTypes =
    {
        "", "STRING", "MAP", "LIST", "ENUM", "DECIMAL", "DATE", "TIME", "TIMESTAMP", "", "INTEGER", "UNKNOWN", "JSON", "BSON", "UUID",
        "FLOAT16", "VARIANT", "GEOMETRY", "GEOGRAPHY",
    };

    /// <summary>Reads the footer of the file at <paramref name="path"/>; I/O errors and malformed files become a problem.</summary>
    public static ModelDslParquetFooterInfo ReadFile(string path)
    {
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                return Read(stream);
            }
        }
        catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is ArgumentException || error is NotSupportedException)
        {
            return Failed("the file could not be opened (" + error.Message + ")");
        }
    }

    /// <summary>Reads the footer of a seekable stream holding a whole Parquet file.</summary>
    public static ModelDslParquetFooterInfo Read(Stream stream)
    {
        var length = stream.Length;
        if (length < 12)
        {
            return Failed("it is " + length.ToString(CultureInfo.InvariantCulture) + " bytes long, too short for a Parquet file (which starts and ends with 'PAR1')");
        }

        var head = new byte[4];
        stream.Position = 0;
        ReadExactly(stream, head);
        var tail = new byte[8];
        stream.Position = length - 8;
        ReadExactly(stream, tail);
        if (tail[4] == 'P' && tail[5] == 'A' && tail[6] == 'R' && tail[7] == 'E')
        {
            return Failed("its footer is encrypted (Parquet modular encryption), which ModelDsl does not read");
        }

        if (!IsMagic(head, 0) || !IsMagic(tail, 4))
        {
            return Failed("it is not a Parquet file (a Parquet file starts and ends with the bytes 'PAR1')");
        }

        long footerLength = (uint)(tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24));
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > MaxFooterBytes)
        {
            return Failed("its footer length (" + footerLength.ToString(CultureInfo.InvariantCulture) + " bytes) does not fit the file of " + length.ToString(CultureInfo.InvariantCulture) + " bytes");
        }

        var footer = new byte[footerLength];
        stream.Position = length - 8 - footerLength;
        ReadExactly(stream, footer);
        return ReadFooter(footer);
    }

    /// <summary>Decodes a FileMetaData struct (the footer's bytes, without the length and the magic).</summary>
    public static ModelDslParquetFooterInfo ReadFooter(byte[] footer)
    {
        var elements = new List<SchemaElement>();
        var info = new ModelDslParquetFooterInfo();
        string? categoricalJson = null;
        try
        {
            var reader = new CompactReader(footer);
            short field = 0;
            while (reader.NextField(ref field, out var type))
            {
                if (field == 2 && type == CompactReader.List)
                {
                    reader.ReadListHeader(out var elementType, out var count);
                    for (var i = 0; i < count; i++)
                    {
                        if (elementType != CompactReader.Struct)
                        {
                            throw new FormatException("the schema list does not hold structs");
                        }

                        elements.Add(ReadSchemaElement(reader));
                    }
                }
                else if (field == 3 && type == CompactReader.I64)
                {
                    info.Rows = reader.ReadVarLong();
                }
                else if (field == 5 && type == CompactReader.List)
                {
                    reader.ReadListHeader(out var elementType, out var count);
                    for (var i = 0; i < count; i++)
                    {
                        if (elementType != CompactReader.Struct)
                        {
                            throw new FormatException("the key-value metadata does not hold structs");
                        }

                        var pair = ReadKeyValue(reader);
                        if (pair.Key == CategoricalKey)
                        {
                            categoricalJson = pair.Value;
                        }
                    }
                }
                else
                {
                    reader.Skip(type, 0);
                }
            }
        }
        catch (FormatException error)
        {
            return Failed("its footer is malformed (" + error.Message + ")");
        }
        catch (IndexOutOfRangeException)
        {
            return Failed("its footer is malformed (it ends inside a value)");
        }
        catch (ArgumentException error)
        {
            // A name that is not UTF-8 (DecoderFallbackException).
            return Failed("its footer is malformed (" + error.Message + ")");
        }

        if (elements.Count == 0)
        {
            return Failed("its footer has no schema");
        }

        // The root is elements[0]; its children are the top-level columns, each followed depth-first by its own.
        var position = 1;
        var top = elements[0].Children;
        for (var c = 0; c < top; c++)
        {
            if (position >= elements.Count)
            {
                return Failed("its schema lists " + top.ToString(CultureInfo.InvariantCulture) + " columns but holds fewer");
            }

            var element = elements[position];
            info.Columns.Add(new ModelDslParquetColumn(
                element.Name ?? string.Empty,
                element.Children > 0 || element.Type is null ? "group" : element.Type.Value >= 0 && element.Type.Value < PhysicalTypes.Length ? PhysicalTypes[element.Type.Value] : "type " + element.Type.Value.ToString(CultureInfo.InvariantCulture),
                LogicalName(element.Logical),
                ConvertedName(element.Converted),
                element.Repetition == 0 ? "required" : element.Repetition == 2 ? "repeated" : "optional",
                element.Children));
            position = SkipSubtree(elements, position);
            if (position < 0)
            {
                return Failed("its schema's nesting does not add up");
            }
        }

        if (categoricalJson is not null)
        {
            var names = ParseStringArray(categoricalJson);
            if (names is null)
            {
                return Failed("its metadata '" + CategoricalKey + "' is not a JSON array of names: " + categoricalJson);
            }

            info.Categorical.AddRange(names);
        }

        return info;
    }

    /// <summary>The sidecar's text for <paramref name="info"/> read from <paramref name="sourcePath"/> (format at the head of this file).</summary>
    public static string SidecarText(string sourcePath, ModelDslParquetFooterInfo info)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("source\t").Append(Escape(sourcePath)).Append('\n');
        if (info.Problem is not null)
        {
            text.Append("problem\t").Append(Escape(info.Problem)).Append('\n');
            return text.ToString();
        }

        text.Append("rows\t").Append(info.Rows.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var column in info.Columns)
        {
            text.Append("column\t").Append(Escape(column.Name)).Append('\t').Append(column.Physical).Append('\t').Append(column.Logical).Append('\t').Append(column.Converted)
                .Append('\t').Append(column.Repetition).Append('\t').Append(column.Children.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var name in info.Categorical)
        {
            text.Append("categorical\t").Append(Escape(name)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Backslash, tab, line feed and carriage return as <c>\\ \t \n \r</c>, other control characters (and U+0085, U+2028, U+2029) as <c>\uXXXX</c>.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.ToString();
    }

    private static ModelDslParquetFooterInfo Failed(string problem)
    {
        var info = new ModelDslParquetFooterInfo();
        info.Problem = problem;
        return info;
    }

    private static bool IsMagic(byte[] bytes, int offset) =>
        bytes[offset] == 'P' && bytes[offset + 1] == 'A' && bytes[offset + 2] == 'R' && bytes[offset + 3] == '1';

    private static void ReadExactly(Stream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n <= 0)
            {
                throw new IOException("the file ended early");
            }

            read += n;
        }
    }

    /// <summary>The index after the element at <paramref name="position"/> and all its descendants; -1 when the counts run past the list.</summary>
    private static int SkipSubtree(List<SchemaElement> elements, int position)
    {
        var pending = 1;
        while (pending > 0)
        {
            if (position >= elements.Count)
            {
                return -1;
            }

            pending += elements[position].Children - 1;
            position++;
        }

        return position;
    }

    private static string LogicalName(int? id) =>
        id is null ? "-" : id.Value > 0 && id.Value < LogicalTypes.Length && LogicalTypes[id.Value].Length > 0 ? LogicalTypes[id.Value] : "logical-" + id.Value.ToString(CultureInfo.InvariantCulture);

    private static string ConvertedName(int? id) =>
        id is null ? "-" : id.Value >= 0 && id.Value < ConvertedTypes.Length ? ConvertedTypes[id.Value] : "converted-" + id.Value.ToString(CultureInfo.InvariantCulture);

    private static SchemaElement ReadSchemaElement(CompactReader reader)
    {
        var element = new SchemaElement();
        reader.BeginStruct();
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1 when type == CompactReader.I32: element.Type = reader.ReadVarInt(); break;
                case 3 when type == CompactReader.I32: element.Repetition = reader.ReadVarInt(); break;
                case 4 when type == CompactReader.Binary: element.Name = reader.ReadString(); break;
                case 5 when type == CompactReader.I32:
                    element.Children = reader.ReadVarInt();
                    if (element.Children < 0)
                    {
                        throw new FormatException("a schema element has a negative number of children");
                    }

                    break;
                case 6 when type == CompactReader.I32: element.Converted = reader.ReadVarInt(); break;
                case 10 when type == CompactReader.Struct: element.Logical = ReadUnionField(reader); break;
                default: reader.Skip(type, 1); break;
            }
        }

        reader.EndStruct();
        return element;
    }

    // The id of the field a union sets (its value skipped); the last one if a malformed union sets several.
    private static int? ReadUnionField(CompactReader reader)
    {
        int? id = null;
        reader.BeginStruct();
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            id = field;
            reader.Skip(type, 2);
        }

        reader.EndStruct();
        return id;
    }

    private static KeyValuePair<string, string?> ReadKeyValue(CompactReader reader)
    {
        string key = string.Empty;
        string? value = null;
        reader.BeginStruct();
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            if (field == 1 && type == CompactReader.Binary)
            {
                key = reader.ReadString();
            }
            else if (field == 2 && type == CompactReader.Binary)
            {
                value = reader.ReadString();
            }
            else
            {
                reader.Skip(type, 1);
            }
        }

        reader.EndStruct();
        return new KeyValuePair<string, string?>(key, value);
    }

    /// <summary>A JSON array of strings (as System.Text.Json writes it: escapes \" \\ \/ \b \f \n \r \t \uXXXX); null when it is anything else.</summary>
    internal static List<string>? ParseStringArray(string json)
    {
        var names = new List<string>();
        var i = 0;
        SkipSpace(json, ref i);
        if (i >= json.Length || json[i++] != '[')
        {
            return null;
        }

        SkipSpace(json, ref i);
        if (i < json.Length && json[i] == ']')
        {
            i++;
            SkipSpace(json, ref i);
            return i == json.Length ? names : null;
        }

        while (true)
        {
            SkipSpace(json, ref i);
            if (i >= json.Length || json[i++] != '"')
            {
                return null;
            }

            var name = new StringBuilder();
            while (true)
            {
                if (i >= json.Length)
                {
                    return null;
                }

                var c = json[i++];
                if (c == '"')
                {
                    break;
                }

                if (c != '\\')
                {
                    name.Append(c);
                    continue;
                }

                if (i >= json.Length)
                {
                    return null;
                }

                var e = json[i++];
                switch (e)
                {
                    case '"': name.Append('"'); break;
                    case '\\': name.Append('\\'); break;
                    case '/': name.Append('/'); break;
                    case 'b': name.Append('\b'); break;
                    case 'f': name.Append('\f'); break;
                    case 'n': name.Append('\n'); break;
                    case 'r': name.Append('\r'); break;
                    case 't': name.Append('\t'); break;
                    case 'u':
                        if (i + 4 > json.Length || !int.TryParse(json.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            return null;
                        }

                        name.Append((char)code);
                        i += 4;
                        break;
                    default: return null;
                }
            }

            names.Add(name.ToString());
            SkipSpace(json, ref i);
            if (i >= json.Length)
            {
                return null;
            }

            var next = json[i++];
            if (next == ']')
            {
                SkipSpace(json, ref i);
                return i == json.Length ? names : null;
            }

            if (next != ',')
            {
                return null;
            }
        }
    }

    private static void SkipSpace(string json, ref int i)
    {
        while (i < json.Length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
        {
            i++;
        }
    }

    private sealed class SchemaElement
    {
        public int? Type;
        public int Repetition = 1;
        public string? Name;
        public int Children;
        public int? Converted;
        public int? Logical;
    }

    /// <summary>The Thrift compact protocol, reading only: field headers, varints, zigzag, binary, lists, skipping.</summary>
    private sealed class CompactReader
    {
        public const int BooleanTrue = 1;
        public const int BooleanFalse = 2;
        public const int Byte = 3;
        public const int I16 = 4;
        public const int I32 = 5;
        public const int I64 = 6;
        public const int Double = 7;
        public const int Binary = 8;
        public const int List = 9;
        public const int Set = 10;
        public const int Map = 11;
        public const int Struct = 12;
        public const int Uuid = 13;

        // Deeper nesting than any Parquet footer has; a crafted footer cannot exhaust the stack.
        private const int MaxDepth = 64;

        private readonly byte[] _bytes;
        private int _depth;
        private int _position;

        public CompactReader(byte[] bytes) => _bytes = bytes;

        /// <summary>Reads the next field header of the current struct; false at its stop byte. <paramref name="field"/> carries the previous id (for deltas).</summary>
        public bool NextField(ref short field, out int type)
        {
            var header = _bytes[_position++];
            if (header == 0)
            {
                type = 0;
                return false;
            }

            type = header & 0x0f;
            var delta = header >> 4;
            field = delta == 0 ? (short)ZigZag(ReadUnsigned()) : (short)(field + delta);
            return true;
        }

        public void BeginStruct()
        {
            if (++_depth > MaxDepth)
            {
                throw new FormatException("structs nest deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
            }
        }

        public void EndStruct() => _depth--;

        public int ReadVarInt() => (int)ReadVarLong();

        public long ReadVarLong() => ZigZag(ReadUnsigned());

        public string ReadString()
        {
            var length = ReadUnsigned();
            if (length < 0 || length > _bytes.Length - _position)
            {
                throw new FormatException("a string runs past the footer");
            }

            var value = new UTF8Encoding(false, true).GetString(_bytes, _position, (int)length);
            _position += (int)length;
            return value;
        }

        public void ReadListHeader(out int elementType, out int count)
        {
            var header = _bytes[_position++];
            elementType = header & 0x0f;
            var size = header >> 4;
            var total = size == 15 ? ReadUnsigned() : size;
            if (total < 0 || total > _bytes.Length - _position)
            {
                // Every element takes at least one byte, so more elements than bytes left is malformed.
                throw new FormatException("a list is longer than the footer");
            }

            count = (int)total;
        }

        /// <summary>Skips a value of <paramref name="type"/>.</summary>
        public void Skip(int type, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("values nest deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
            }

            switch (type)
            {
                case BooleanTrue:
                case BooleanFalse:
                    return;
                case Byte:
                    _position++;
                    return;
                case I16:
                case I32:
                case I64:
                    ReadUnsigned();
                    return;
                case Double:
                    Advance(8);
                    return;
                case Uuid:
                    Advance(16);
                    return;
                case Binary:
                    var length = ReadUnsigned();
                    if (length < 0 || length > _bytes.Length - _position)
                    {
                        throw new FormatException("a binary value runs past the footer");
                    }

                    _position += (int)length;
                    return;
                case List:
                case Set:
                    ReadListHeader(out var elementType, out var count);
                    for (var i = 0; i < count; i++)
                    {
                        // Booleans in a list take one byte each.
                        if (elementType == BooleanTrue || elementType == BooleanFalse)
                        {
                            _position++;
                        }
                        else
                        {
                            Skip(elementType, depth + 1);
                        }
                    }

                    return;
                case Map:
                    var entries = ReadUnsigned();
                    if (entries < 0 || entries > _bytes.Length - _position)
                    {
                        throw new FormatException("a map is longer than the footer");
                    }

                    if (entries > 0)
                    {
                        var types = _bytes[_position++];
                        for (long i = 0; i < entries; i++)
                        {
                            SkipElement(types >> 4, depth);
                            SkipElement(types & 0x0f, depth);
                        }
                    }

                    return;
                case Struct:
                    short field = 0;
                    while (NextField(ref field, out var fieldType))
                    {
                        Skip(fieldType, depth + 1);
                    }

                    return;
                default:
                    throw new FormatException("unknown Thrift type " + type.ToString(CultureInfo.InvariantCulture));
            }
        }

        private void SkipElement(int type, int depth)
        {
            if (type == BooleanTrue || type == BooleanFalse)
            {
                _position++;
            }
            else
            {
                Skip(type, depth + 1);
            }
        }

        private void Advance(int count)
        {
            if (count > _bytes.Length - _position)
            {
                throw new FormatException("a value runs past the footer");
            }

            _position += count;
        }

        private long ReadUnsigned()
        {
            long value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _bytes[_position++];
                value |= (long)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new FormatException("a varint is longer than 10 bytes");
        }

        private static long ZigZag(long n) => (long)((ulong)n >> 1) ^ -(n & 1);
    }
}
