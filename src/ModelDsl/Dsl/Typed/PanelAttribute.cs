namespace ModelDsl;

/// <summary>
/// Declares a panel data set: the ModelDsl source generator reads the CSV header (or the record's
/// properties) and adds typed column handles, a loader and the model verbs to the marked partial type.
/// </summary>
/// <remarks>
/// <code>
/// [Panel("cities.csv", Unit = "city", Time = "year")]
/// partial class Cities;
///
/// [Panel(Unit = nameof(City), Time = nameof(Year))]
/// partial record CityYear(string City, int Year, double Inno);
/// </code>
/// The attribute lives in the runtime rather than being emitted by the generator so that two projects
/// that both use the generator (a study and a shared schema library, say) never see two conflicting
/// copies of it, and so that it stays available where generators do not run.
/// </remarks>
[Obsolete(GeneratorPresence.Message, DiagnosticId = GeneratorPresence.DiagnosticId)]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PanelAttribute : Attribute
{
    /// <summary>Declares a panel whose columns come from the record's properties (the path is then given to <c>Load</c>).</summary>
    public PanelAttribute()
    {
    }

    /// <summary>Declares a panel whose columns come from the header of <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file, relative to the project (or script) directory; it must be among AdditionalFiles.</param>
    public PanelAttribute(string path)
    {
        Path = path;
    }

    /// <summary>The CSV file, relative to the project (or script) directory.</summary>
    public string? Path { get; set; }

    /// <summary>The unit (panel identifier) column, e.g. <c>"city"</c>.</summary>
    public string? Unit { get; set; }

    /// <summary>The time column, e.g. <c>"year"</c>.</summary>
    public string? Time { get; set; }

    /// <summary>Columns to treat as categorical even though they hold numbers (region codes, say).</summary>
    public string[]? Categorical { get; set; }

    /// <summary>
    /// The text encoding of the CSV file by name (<c>"utf-8"</c>, the default; <c>"gb18030"</c>, <c>"gbk"</c>,
    /// <c>"utf-16"</c>, …): the compile-time header read and the generated loader both decode the file with it.
    /// </summary>
    public string? Encoding { get; set; }
}

/// <summary>
/// Declares a cross-section (no unit or time): the ModelDsl source generator adds typed column handles,
/// a loader and the model verbs to the marked partial type.
/// </summary>
[Obsolete(GeneratorPresence.Message, DiagnosticId = GeneratorPresence.DiagnosticId)]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DatasetAttribute : Attribute
{
    /// <summary>Declares a cross-section whose columns come from the record's properties.</summary>
    public DatasetAttribute()
    {
    }

    /// <summary>Declares a cross-section whose columns come from the header of <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file, relative to the project (or script) directory; it must be among AdditionalFiles.</param>
    public DatasetAttribute(string path)
    {
        Path = path;
    }

    /// <summary>The CSV file, relative to the project (or script) directory.</summary>
    public string? Path { get; set; }

    /// <summary>Columns to treat as categorical even though they hold numbers.</summary>
    public string[]? Categorical { get; set; }

    /// <summary>
    /// The text encoding of the CSV file by name (<c>"utf-8"</c>, the default; <c>"gb18030"</c>, <c>"gbk"</c>,
    /// <c>"utf-16"</c>, …): the compile-time header read and the generated loader both decode the file with it.
    /// </summary>
    public string? Encoding { get; set; }
}
