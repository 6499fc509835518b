using System.Text.Json;

using Parquet;
using Parquet.Schema;

namespace ModelDsl.Data;

/// <summary>Writes columns to a Parquet file: the one writer behind <see cref="PanelData.WriteParquet"/> and the result writers in Reporting.</summary>
/// <remarks>
/// <para>
/// Numeric columns are <c>DOUBLE</c> (nullable, NaN written as null, only when the column has a missing value);
/// categorical columns whose levels are all integers of at most 2^53 in magnitude (years, numeric identifiers) are
/// <c>INT64</c>, other categorical columns <c>STRING</c> (the writer dictionary-encodes repeated labels); a missing
/// code is a null. Every categorical column is listed in the key-value metadata
/// <see cref="ParquetTableSource.CategoricalColumnsKey"/>, so that <see cref="ParquetTableSource"/> reads it back as
/// categorical (other tools read the integer columns as integers). Row groups hold at most
/// <see cref="RowGroupRows"/> rows (Snappy-compressed, the library's default).
/// </para>
/// </remarks>
internal static class ParquetTableWriter
{
    /// <summary>The rows of one row group: large enough for fast scans, small enough to read a group into memory.</summary>
    internal const int RowGroupRows = 1 << 20;

    private const double ExactIntegerLimit = 9007199254740992d;

    internal static void Write(string path, IReadOnlyList<Column> columns, IReadOnlyDictionary<string, string>? metadata = null, int rowGroupRows = RowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var fields = new DataField[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var nullable = columns[c].MissingCount > 0;
            fields[c] = columns[c] switch
            {
                NumericColumn => nullable ? new DataField<double?>(columns[c].Name) : new DataField<double>(columns[c].Name),
                CategoricalColumn categorical when IntegerLevels(categorical) => nullable ? new DataField<long?>(columns[c].Name) : new DataField<long>(columns[c].Name),
                _ => new DataField<string>(columns[c].Name, nullable),
            };
        }

        var schema = new ParquetSchema(fields);
        var custom = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ParquetTableSource.CategoricalColumnsKey] = NameArray(columns.OfType<CategoricalColumn>().Select(c => c.Name)),
        };

        // Written to a temporary file beside the target and moved over it at the end: a failed write never leaves half a file.
        var temporary = path + ".partial";
        try
        {
            using (var stream = File.Create(temporary))
            {
                WriteAsync(stream, schema, fields, columns, rows, custom, rowGroupRows).GetAwaiter().GetResult();
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteAsync(Stream stream, ParquetSchema schema, DataField[] fields, IReadOnlyList<Column> columns, int rows, Dictionary<string, string> custom, int rowGroupRows)
    {
        await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        writer.CustomMetadata = custom;
        for (var start = 0; start < rows || (rows == 0 && start == 0); start += rowGroupRows)
        {
            var count = Math.Min(rowGroupRows, rows - start);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < columns.Count; c++)
            {
                await WriteSlice(group, fields[c], columns[c], start, count).ConfigureAwait(false);
            }

            if (rows == 0)
            {
                break;
            }
        }
    }

    private static async Task WriteSlice(ParquetRowGroupWriter group, DataField field, Column column, int start, int count)
    {
        switch (column)
        {
            case NumericColumn numeric when field.IsNullable:
                var values = new double?[count];
                for (var i = 0; i < count; i++)
                {
                    var value = numeric.RawValues[start + i];
                    values[i] = double.IsNaN(value) ? null : value;
                }

                await group.WriteAsync<double>(field, values).ConfigureAwait(false);
                break;
            case NumericColumn numeric:
                await group.WriteAsync<double>(field, numeric.RawValues.AsMemory(start, count)).ConfigureAwait(false);
                break;
            case CategoricalColumn categorical when field.ClrType == typeof(long):
                var levels = categorical.NumericLevels.ToArray();
                var codes = categorical.RawCodes;
                if (field.IsNullable)
                {
                    var numbers = new long?[count];
                    for (var i = 0; i < count; i++)
                    {
                        var code = codes[start + i];
                        numbers[i] = code == CategoricalColumn.MissingCode ? null : (long)levels[code];
                    }

                    await group.WriteAsync<long>(field, numbers).ConfigureAwait(false);
                }
                else
                {
                    var numbers = new long[count];
                    for (var i = 0; i < count; i++)
                    {
                        numbers[i] = (long)levels[codes[start + i]];
                    }

                    await group.WriteAsync<long>(field, numbers).ConfigureAwait(false);
                }

                break;
            case CategoricalColumn categorical:
                var labels = new string?[count];
                for (var i = 0; i < count; i++)
                {
                    labels[i] = categorical[start + i];
                }

                await group.WriteAsync(field, labels!).ConfigureAwait(false);
                break;
        }
    }

    // Years and numeric identifiers, labelled canonically: written as integers, read back as the same labels.
    private static bool IntegerLevels(CategoricalColumn column)
    {
        if (!column.HasNumericLevels || column.LevelCount == 0)
        {
            return false;
        }

        var values = column.NumericLevels;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (Math.Abs(value) > ExactIntegerLimit || value != Math.Floor(value) || column.Levels[i] != CategoricalColumn.CanonicalLabel(value))
            {
                return false;
            }
        }

        return true;
    }

    // A JSON array of names, written without reflection: file-based apps ('dotnet run study.cs') switch reflection-based
    // System.Text.Json serialization off, and JsonSerializer.Serialize(string[]) then throws.
    private static string NameArray(IEnumerable<string> names)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
