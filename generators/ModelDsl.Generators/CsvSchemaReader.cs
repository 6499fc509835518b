using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

using Microsoft.CodeAnalysis.Text;

using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    /// <summary>Reads a CSV header and a bounded sample of rows into a <see cref="CsvSchema"/>: names and kinds only, never values.</summary>
    internal static class CsvSchemaReader
    {
        /// <summary>The default number of data rows sampled to recognise text columns.</summary>
        public const int DefaultSampleRows = 1000;

        public static CsvSchema Read(string path, SourceText? text, int sampleRows, CancellationToken cancellationToken)
        {
            if (text is null)
            {
                return new CsvSchema(path, EquatableArray<CsvColumn>.Empty, HasHeader: false);
            }

            var parser = new Parser(text);
            var header = parser.ReadRecord();
            if (header is null || (header.Count == 1 && header[0].Trim().Length == 0))
            {
                return new CsvSchema(path, EquatableArray<CsvColumn>.Empty, HasHeader: false);
            }

            var names = new string[header.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = header[i].Trim();
                if (i == 0 && names[i].Length > 0 && names[i][0] == '\uFEFF')
                {
                    names[i] = names[i].Substring(1);
                }
            }

            var holdsText = new bool[names.Length];
            for (var row = 0; row < sampleRows; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = parser.ReadRecord();
                if (record is null)
                {
                    break;
                }

                for (var i = 0; i < record.Count && i < names.Length; i++)
                {
                    if (!holdsText[i] && IsText(record[i]))
                    {
                        holdsText[i] = true;
                    }
                }
            }

            var columns = new CsvColumn[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                columns[i] = new CsvColumn(names[i], holdsText[i]);
            }

            return new CsvSchema(path, columns.ToEquatableArray(), HasHeader: true);
        }

        /// <summary>True when a cell is neither a number nor a missing-value marker (empty, NA, NaN, ".").</summary>
        internal static bool IsText(string cell)
        {
            var value = cell.Trim();
            if (value.Length == 0 || value == "." || value == "NA" || value == "N/A" || value == "na" ||
                value.Equals("NaN", StringComparison.OrdinalIgnoreCase) || value.Equals("null", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }

        /// <summary>An RFC 4180 record reader over a SourceText (quoted fields, doubled quotes, CR/LF/CRLF).</summary>
        private sealed class Parser
        {
            private readonly SourceText _text;
            private int _position;

            public Parser(SourceText text) => _text = text;

            public List<string>? ReadRecord()
            {
                if (_position >= _text.Length)
                {
                    return null;
                }

                var fields = new List<string>();
                var field = new StringBuilder();
                var quoted = false;
                while (_position < _text.Length)
                {
                    var c = _text[_position++];
                    if (quoted)
                    {
                        if (c == '"')
                        {
                            if (_position < _text.Length && _text[_position] == '"')
                            {
                                field.Append('"');
                                _position++;
                            }
                            else
                            {
                                quoted = false;
                            }
                        }
                        else
                        {
                            field.Append(c);
                        }
                    }
                    else if (c == '"')
                    {
                        quoted = true;
                    }
                    else if (c == ',')
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                    }
                    else if (c == '\r' || c == '\n')
                    {
                        if (c == '\r' && _position < _text.Length && _text[_position] == '\n')
                        {
                            _position++;
                        }

                        fields.Add(field.ToString());
                        return fields;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }

                fields.Add(field.ToString());
                return fields;
            }
        }
    }
}
