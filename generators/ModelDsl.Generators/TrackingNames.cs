namespace ModelDsl.Generators
{
    /// <summary>Names of the tracked pipeline steps, public so that caching tests can find them.</summary>
    public static class TrackingNames
    {
        /// <summary>The MSBuild options projected to a small record.</summary>
        public const string Options = nameof(Options);

        /// <summary>Each CSV among AdditionalFiles reduced to header and column kinds.</summary>
        public const string CsvSchemas = nameof(CsvSchemas);

        /// <summary>All CSV schemas of the compilation as one equatable array.</summary>
        public const string AllCsvSchemas = nameof(AllCsvSchemas);

        /// <summary>Each Parquet schema sidecar among AdditionalFiles reduced to column names and kinds.</summary>
        public const string ParquetSchemas = nameof(ParquetSchemas);

        /// <summary>The CSV and Parquet schemas of the compilation as one equatable array.</summary>
        public const string AllFileSchemas = nameof(AllFileSchemas);

        /// <summary>Types carrying <c>[Panel]</c>.</summary>
        public const string PanelDeclarations = nameof(PanelDeclarations);

        /// <summary>Types carrying <c>[Dataset]</c>.</summary>
        public const string DatasetDeclarations = nameof(DatasetDeclarations);

        /// <summary>A declaration joined with its CSV and options into a dataset model plus diagnostics.</summary>
        public const string Schemas = nameof(Schemas);

        /// <summary>The dataset model alone (what the emitter sees).</summary>
        public const string Models = nameof(Models);

        /// <summary>The diagnostics alone.</summary>
        public const string Diagnostics = nameof(Diagnostics);
    }
}
