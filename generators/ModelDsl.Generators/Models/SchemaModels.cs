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
    }

    /// <summary>A string written in the attribute together with where it was written.</summary>
    internal sealed record LocatedString(string Value, LocationInfo? Location);

    /// <summary>One type that encloses the schema type (for nested declarations).</summary>
    internal sealed record ContainingType(string Keyword, string Name);

    /// <summary>One positional property of a record schema.</summary>
    internal sealed record RecordProperty(string Name, string TypeDisplay, VariableKind? Kind, LocationInfo? Location);

    /// <summary>What the attribute and the type declaration say, before the CSV is consulted.</summary>
    internal sealed record SchemaDeclaration(
        string? Namespace,
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
        EquatableArray<LocatedString> Categorical,
        EquatableArray<RecordProperty> RecordProperties,
        LocationInfo? NameLocation,
        LocationInfo? AttributeLocation);

    /// <summary>One CSV header cell and whether a sampled data cell held text that is not a number.</summary>
    internal sealed record CsvColumn(string Name, bool HoldsText);

    /// <summary>The header of one CSV file among AdditionalFiles and the kinds seen in a bounded sample of rows. Holds no data rows, so editing a row that changes no kind leaves this model equal.</summary>
    internal sealed record CsvSchema(string Path, EquatableArray<CsvColumn> Columns, bool HasHeader);

    /// <summary>The MSBuild options the generator reads.</summary>
    internal sealed record GeneratorOptions(string? ProjectDirectory, int SampleRows, string? InvalidSampleRows);

    /// <summary>One generated handle.</summary>
    internal sealed record VariableModel(string ColumnName, string HandleName, int Ordinal, VariableKind Kind, VariableRole Role);

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
        EquatableArray<VariableModel> Variables);
}
