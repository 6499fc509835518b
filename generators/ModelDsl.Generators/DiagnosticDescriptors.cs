using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators
{
    /// <summary>The MDSL diagnostic catalogue: 0xxx schema, 1xxx DSL usage, 2xxx MSBuild options.</summary>
    public static class DiagnosticDescriptors
    {
        private const string SchemaCategory = "ModelDsl.Schema";
        private const string UsageCategory = "ModelDsl.Usage";
        private const string OptionsCategory = "ModelDsl.Options";

        /// <summary>MDSL0001: the CSV named by the attribute is not among AdditionalFiles.</summary>
        public static readonly DiagnosticDescriptor CsvNotInAdditionalFiles = new(
            "MDSL0001",
            "CSV file is not among AdditionalFiles",
            "'{0}' named by [{1}] on '{2}' is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{0}\" /> to the project (the ModelDsl package adds **/*.csv)",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0002: the CSV has no readable header.</summary>
        public static readonly DiagnosticDescriptor NoReadableHeader = new(
            "MDSL0002",
            "CSV file has no readable header",
            "'{0}' has no readable header: {1}; expected a first line of comma-separated column names such as 'city,year,inno'",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0003: a column name appears twice in the header.</summary>
        public static readonly DiagnosticDescriptor DuplicateColumn = new(
            "MDSL0003",
            "Duplicate column name",
            "Column '{0}' appears {1} times in the header of '{2}' (columns {3}); column names must be unique, rename all but one",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0004: a column name is not a C# identifier; the message names the handle chosen.</summary>
        public static readonly DiagnosticDescriptor InvalidColumnName = new(
            "MDSL0004",
            "Column name is not a C# identifier",
            "Column '{0}' in '{1}' is not a valid C# identifier; its handle is '{2}'",
            SchemaCategory,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true);

        /// <summary>MDSL0005: two columns map to the same handle.</summary>
        public static readonly DiagnosticDescriptor CollidingHandles = new(
            "MDSL0005",
            "Two columns map to the same handle",
            "Columns '{0}' and '{1}' in '{2}' both map to the handle '{3}'; '{1}' gets the handle '{4}', rename a column to choose another",
            SchemaCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        /// <summary>MDSL0006: the unit or time column is not in the header.</summary>
        public static readonly DiagnosticDescriptor PanelColumnMissing = new(
            "MDSL0006",
            "Unit or time column is not in the header",
            "The {0} column '{1}' is not in the header of '{2}', which has {3}; set {4} to one of these columns",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0007: the schema type is not partial.</summary>
        public static readonly DiagnosticDescriptor TypeNotPartial = new(
            "MDSL0007",
            "Schema type is not partial",
            "'{0}' carries [{1}] but is not partial; declare it 'partial {2} {0}' so that the generated handles can be added",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0008: a column declared categorical is not in the header.</summary>
        public static readonly DiagnosticDescriptor CategoricalColumnMissing = new(
            "MDSL0008",
            "Declared categorical column is not in the header",
            "Column '{0}' listed in Categorical is not in the header of '{1}', which has {2}; remove it or correct the spelling",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0009: the schema type is static or generic.</summary>
        public static readonly DiagnosticDescriptor UnsupportedSchemaType = new(
            "MDSL0009",
            "Schema type cannot carry the generated members",
            "'{0}' is {1}; a schema type must be a non-static, non-generic class or record",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0010: a class schema names no CSV file.</summary>
        public static readonly DiagnosticDescriptor NoSchemaSource = new(
            "MDSL0010",
            "Schema gives no columns",
            "[{0}] on '{1}' gives no columns; name a CSV file ([{0}(\"cities.csv\", ...)]) or declare a positional record whose properties are the columns",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0011: a panel does not name its unit or time column.</summary>
        public static readonly DiagnosticDescriptor PanelKeyNotNamed = new(
            "MDSL0011",
            "Panel does not name its unit or time column",
            "[Panel] on '{0}' does not name its {1} column; set {2} = \"...\" (or use [Dataset] for a cross-section)",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0012: a record property has a type that is neither numeric nor categorical.</summary>
        public static readonly DiagnosticDescriptor UnsupportedPropertyType = new(
            "MDSL0012",
            "Record property type is not a column type",
            "Property '{0}' of '{1}' has type '{2}'; a column is a number (int, long, double, decimal, ...), a string, a bool or an enum",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0013: a handle would clash with a generated member.</summary>
        public static readonly DiagnosticDescriptor ReservedHandle = new(
            "MDSL0013",
            "Column handle clashes with a generated member",
            "Column '{0}' in '{1}' would have the handle '{2}', which is a member that '{3}' needs; its handle is '{4}'",
            SchemaCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        /// <summary>MDSL0014: unit and time name the same column.</summary>
        public static readonly DiagnosticDescriptor UnitEqualsTime = new(
            "MDSL0014",
            "Unit and time are the same column",
            "Unit and Time both name '{0}'; a panel is indexed by two different columns, such as Unit = \"city\", Time = \"year\"",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0015: a type carries both [Panel] and [Dataset].</summary>
        public static readonly DiagnosticDescriptor PanelAndDataset = new(
            "MDSL0015",
            "Both [Panel] and [Dataset]",
            "'{0}' carries both [Panel] and [Dataset]; [Panel] is used, remove [Dataset] (a panel is a data set with a unit and a time)",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0016: a record property has no column in the record's CSV.</summary>
        public static readonly DiagnosticDescriptor PropertyWithoutColumn = new(
            "MDSL0016",
            "Record property has no column in the CSV",
            "Property '{0}' of '{1}' has no column in '{2}', which has {3}; rename the property to match a column (case, '_' and spaces are ignored)",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0017: a numeric record property whose CSV column holds text.</summary>
        public static readonly DiagnosticDescriptor NumericPropertyOverText = new(
            "MDSL0017",
            "Numeric record property over a text column",
            "Property '{0}' of '{1}' is {2} but column '{3}' in '{4}' holds text; declare the property string (or an enum), or fix the cells",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0018: the schema type is nested in a type that is not partial (or is generic), so the generated part cannot be declared.</summary>
        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
            "MDSL0018",
            "Schema type is nested in a type that cannot take a generated part",
            "'{0}' is nested in '{1}', which {2}; declare '{1}' as 'partial {3} {1}' without type parameters, or move '{0}' out of it",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0019: a schema type or record property has the name of a member the generator adds.</summary>
        public static readonly DiagnosticDescriptor NameTakenByGeneratedMember = new(
            "MDSL0019",
            "Name taken by a generated member",
            "{0} '{1}' has the name of a member the generator adds to '{2}'; rename it (the generated names are {3})",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0020: Categorical lists a null or blank name.</summary>
        public static readonly DiagnosticDescriptor NullCategoricalName = new(
            "MDSL0020",
            "Categorical lists no column name",
            "Categorical on '{0}' lists a null or blank column name; remove it or write the column's name",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0021: a header cell gives no usable C# name; the column is read but gets no handle.</summary>
        public static readonly DiagnosticDescriptor ColumnWithoutHandle = new(
            "MDSL0021",
            "Column name gives no handle",
            "Column {0} ('{1}') in '{2}' has no letter or digit to make a C# name from, so it gets no handle; it is still read, rename it to use it in a model",
            SchemaCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        /// <summary>MDSL0022: the Encoding argument names no encoding known at compile time.</summary>
        public static readonly DiagnosticDescriptor UnknownEncoding = new(
            "MDSL0022",
            "Unknown text encoding",
            "Encoding '{0}' on '{1}' is not a text encoding the compiler knows; use a name such as \"utf-8\", \"gb18030\", \"gbk\", \"big5\", \"shift_jis\" or \"utf-16\"",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0023: the CSV's header cannot be decoded at compile time as the schema says.</summary>
        public static readonly DiagnosticDescriptor HeaderNotDecodable = new(
            "MDSL0023",
            "CSV header cannot be decoded",
            "'{0}' cannot be read at compile time: {1}",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0024: a <c>.parquet</c> path has no schema sidecar among AdditionalFiles.</summary>
        public static readonly DiagnosticDescriptor ParquetSchemaNotFound = new(
            "MDSL0024",
            "No compile-time schema for the Parquet file",
            "'{0}' named by [{1}] on '{2}' has no compile-time schema: the ModelDsl package reads each Parquet file of the project folder before compiling and gives its columns to the generator, and none was found for this path; check the path and that the file is in the project folder (or add <ModelDslParquet Include=\"{0}\" />), and reference the ModelDsl package (its build step does the reading)",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0025: a Parquet column has a type no column kind can hold.</summary>
        public static readonly DiagnosticDescriptor UnsupportedParquetColumn = new(
            "MDSL0025",
            "Parquet column of an unsupported type",
            "Column '{0}' (column {1}) of '{2}' is {3}, which cannot be a column of a typed schema: ModelDsl reads integers, floating-point numbers, decimals, booleans, strings, dates and timestamps; write the file without this column, or convert it where the file is made (in DuckDB, for example, CAST(column AS VARCHAR))",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0026: the Parquet file's footer could not be read at compile time.</summary>
        public static readonly DiagnosticDescriptor ParquetNotReadable = new(
            "MDSL0026",
            "Parquet footer cannot be read",
            "'{0}' cannot be read at compile time: {1}",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL0900: the generator failed; reported instead of throwing.</summary>
        public static readonly DiagnosticDescriptor GeneratorFailure = new(
            "MDSL0900",
            "The ModelDsl generator failed",
            "The ModelDsl generator failed on '{0}': {1}; please report this with the declaration and the CSV header",
            SchemaCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1001: the outcome is also a regressor.</summary>
        public static readonly DiagnosticDescriptor OutcomeAmongRegressors = new(
            "MDSL1001",
            "Outcome is also a regressor",
            "'{0}' is the outcome and is also listed in {1}; a variable cannot explain itself, remove it from {1}",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1002: a regressor is listed twice.</summary>
        public static readonly DiagnosticDescriptor RegressorListedTwice = new(
            "MDSL1002",
            "Variable listed twice",
            "'{0}' is listed twice among the regressors and controls (in {1} and {2}); the copies are perfectly collinear, remove one",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1003: a fixed effect is listed twice.</summary>
        public static readonly DiagnosticDescriptor FixedEffectListedTwice = new(
            "MDSL1003",
            "Fixed effect listed twice",
            "Fixed effect '{0}' is listed twice; remove the repeat",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1004: clustering on the time variable alone.</summary>
        public static readonly DiagnosticDescriptor ClusterOnTimeOnly = new(
            "MDSL1004",
            "Clustering on the time variable alone",
            "Clustering on the time variable '{0}' alone treats each period as one cluster; with the few periods of a typical panel cluster-robust errors are unreliable (Cameron and Miller 2015), cluster on the unit '{1}' or on both",
            UsageCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        /// <summary>MDSL1005: a cluster variable is listed twice.</summary>
        public static readonly DiagnosticDescriptor ClusterListedTwice = new(
            "MDSL1005",
            "Cluster variable listed twice",
            "Cluster variable '{0}' is listed twice; two-way clustering needs two different variables",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1006: a lag or lead of zero or fewer periods.</summary>
        public static readonly DiagnosticDescriptor NonPositiveLag = new(
            "MDSL1006",
            "Lag of zero or fewer periods",
            "{0} of {1} periods; expected a positive number of periods (use {2} for the other direction)",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1007: a numeric handle where only a categorical one fits.</summary>
        public static readonly DiagnosticDescriptor NumericAsCategory = new(
            "MDSL1007",
            "Numeric column used as a category",
            "'{0}' is a numeric column of '{1}'; {2} accepts only categorical columns (the unit, the time, text columns, or columns listed in Categorical)",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1008: a lagged outcome with unit fixed effects (Nickell bias).</summary>
        public static readonly DiagnosticDescriptor LaggedOutcomeWithUnitEffects = new(
            "MDSL1008",
            "Lagged outcome with unit fixed effects",
            "'{0}' puts the lagged outcome on the right-hand side of a model with '{1}' fixed effects; the within estimator is then biased by order 1/T (Nickell 1981), use dynamic-panel GMM (Gmm({2}).On({0}, ...).GmmInstruments({2}), docs/dynamic-panel.md) or a long panel",
            UsageCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        /// <summary>MDSL1009: one variable in two roles of a model (the mediator is the treatment, the outcome is the moderator, ...).</summary>
        public static readonly DiagnosticDescriptor VariableInTwoRoles = new(
            "MDSL1009",
            "Variable in two roles",
            "'{0}' is both the {1} and the {2} of this model; each role needs its own variable, pass another one to {3}",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1010: an excluded instrument that is also a regressor, a control or the outcome.</summary>
        public static readonly DiagnosticDescriptor InstrumentInTheEquation = new(
            "MDSL1010",
            "Excluded instrument in the equation",
            "'{0}' is both an excluded instrument and {1}; an excluded instrument must stay out of the equation it instruments, {2}",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1011: an endogenous regressor that is its own (or another's) instrument, the outcome, or a control.</summary>
        public static readonly DiagnosticDescriptor EndogenousInAnotherRole = new(
            "MDSL1011",
            "Endogenous regressor in another role",
            "'{0}' is both an endogenous regressor and {1}; {2}",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1012: fewer excluded instruments than endogenous regressors (the order condition fails), none included.</summary>
        public static readonly DiagnosticDescriptor TooFewInstruments = new(
            "MDSL1012",
            "Fewer excluded instruments than endogenous regressors",
            "The model has {0} endogenous regressor(s) ({1}) but {2} excluded instrument(s) ({3}); it is not identified (the order condition needs at least one excluded instrument per endogenous regressor), add instruments in with: [...]",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1013: a GMM-style instrument's lag range that starts below lag 1 or ends before it starts.</summary>
        public static readonly DiagnosticDescriptor InvalidGmmLagRange = new(
            "MDSL1013",
            "Invalid GMM lag range",
            "The GMM-style instrument '{0}' uses lags {1} to {2}; expected 1 <= from <= to (from: 2 for the lagged outcome with serially uncorrelated errors, 1 for a predetermined regressor; leave out to for all available lags)",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1014: the outcome is also the threshold variable of a threshold model.</summary>
        public static readonly DiagnosticDescriptor OutcomeAsThresholdVariable = new(
            "MDSL1014",
            "Outcome as the threshold variable",
            "'{0}' is both the outcome and the threshold variable of this threshold model; splitting the sample by the dependent variable itself selects on the outcome and the regimes are not identified, pass another variable to By",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL1015: a constant setting of an estimator out of its range (Regimes(5), Trim(0.6), Anticipation(-1), Horizons(3, 1), ...).</summary>
        public static readonly DiagnosticDescriptor SettingOutOfRange = new(
            "MDSL1015",
            "Setting out of range",
            "{0} is out of range; expected {1}",
            UsageCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        /// <summary>MDSL2001: the sample-size option is not a whole number in range.</summary>
        public static readonly DiagnosticDescriptor InvalidSampleRows = new(
            "MDSL2001",
            "Invalid ModelDslSampleRows",
            "The MSBuild property ModelDslSampleRows is '{0}'; expected a whole number from 1 to 100000, using {1} rows",
            OptionsCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);
    }
}
