namespace ModelDsl.Generators.Models
{
    /// <summary>Whether a variable holds numbers or categories; mirrors ModelDsl.Data.ColumnKind.</summary>
    internal enum VariableKind
    {
        Numeric,
        Categorical,
    }

    /// <summary>Why a variable has its kind; shown in the generated documentation.</summary>
    internal enum VariableRole
    {
        Numeric,
        Unit,
        Time,
        Declared,
        Text,
        RecordProperty,
        StoredCategorical,
    }

    /// <summary>A string written in the attribute together with where it was written.</summary>
    internal sealed record LocatedString(string Value, LocationInfo? Location);

    /// <summary>One type that encloses the schema type (for nested declarations).</summary>
    internal sealed record ContainingType(string Keyword, string Name, bool IsPartial, bool IsGeneric);

    /// <summary>One positional property of a record schema.</summary>
    internal sealed record RecordProperty(string Name, string TypeDisplay, VariableKind? Kind, LocationInfo? Location);

    /// <summary>What the attribute and the type declaration say, before the CSV is consulted. Names are symbol names without <c>@</c>; <see cref="CSharpText"/> escapes them when they are written.</summary>
    internal sealed record SchemaDeclaration(
        string? Namespace,
        string FullName,
        EquatableArray<ContainingType> ContainingTypes,
        string TypeName,
        string Keyword,
        bool IsRecord,
        bool IsPartial,
        bool IsStatic,
        bool IsGeneric,
        bool IsPanel,
        string AttributeName,
        LocatedString? Path,
        LocatedString? Unit,
        LocatedString? Time,
        LocatedString? Encoding,
        EquatableArray<LocatedString> Categorical,
        EquatableArray<LocatedString> NullCategorical,
        EquatableArray<RecordProperty> RecordProperties,
        EquatableArray<string> DeclaredMembers,
        LocationInfo? NameLocation,
        LocationInfo? AttributeLocation);

    /// <summary>
    /// One CSV header cell and whether a sampled data cell held text that is not a number; for a Parquet column, whether
    /// the file stores it as categorical (strings, dates, timestamps, or listed as categorical by ModelDsl's writer), and
    /// <see cref="Unsupported"/> the column's Parquet type when no column kind can hold it (MDSL0025).
    /// </summary>
    internal sealed record CsvColumn(string Name, bool HoldsText, string? Unsupported = null);

    /// <summary>
    /// The header of one CSV file among AdditionalFiles, decoded with <see cref="Encoding"/> (null: as the compiler decoded it),
    /// and the kinds seen in a bounded sample of rows. Holds no data rows, so editing a row that changes no kind leaves this model equal.
    /// <see cref="Problem"/> says why the file could not be read as asked (an unknown encoding, bytes that are not UTF-8, ...).
    /// </summary>
    /// <remarks>
    /// A Parquet file's schema takes the same shape (<see cref="IsParquet"/>): <see cref="Path"/> is the Parquet file's
    /// path as its sidecar names it, the columns come from the footer, and <see cref="Problem"/> says why the footer could not be read.
    /// </remarks>
    internal sealed record CsvSchema(string Path, EquatableArray<CsvColumn> Columns, bool HasHeader, string? Encoding = null, string? Problem = null, bool UnknownEncoding = false, bool IsParquet = false);

    /// <summary>An encoding some schema names for its CSV (null: none named, UTF-8).</summary>
    internal sealed record EncodingRequest(string? Name);

    /// <summary>The MSBuild options the generator reads.</summary>
    internal sealed record GeneratorOptions(string? ProjectDirectory, int SampleRows, string? InvalidSampleRows);

    /// <summary>One generated handle.</summary>
    /// <remarks>A column without a handle (<see cref="HandleName"/> null) is still part of the schema, so it is read with its kind.</remarks>
    internal sealed record VariableModel(string ColumnName, string? HandleName, int Ordinal, VariableKind Kind, VariableRole Role);

    /// <summary>Everything the emitter needs for one schema type.</summary>
    internal sealed record DatasetModel(
        string HintName,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        string TypeName,
        string Keyword,
        bool IsRecord,
        bool IsPanel,
        string? DeclaredPath,
        string? Unit,
        string? Time,
        string? ProjectDirectory,
        string SourceDescription,
        string? Encoding,
        EquatableArray<VariableModel> Variables);
}
