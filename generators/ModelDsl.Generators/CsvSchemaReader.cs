using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

using Microsoft.CodeAnalysis.Text;

using ModelDsl.Data;
using ModelDsl.Generators.Models;

namespace ModelDsl.Generators
{
    /// <summary>Reads a CSV header and a bounded sample of rows into a <see cref="CsvSchema"/>: names and kinds only, never values.</summary>
    internal static class CsvSchemaReader
    {
        /// <summary>The default number of data rows sampled to recognise text columns.</summary>
        public const int DefaultSampleRows = 1000;

        public static CsvSchema Read(string path, SourceText? text, int sampleRows, CancellationToken cancellationToken) =>
            Read(path, text, encoding: null, sampleRows, cancellationToken);

        /// <summary>
        /// Reads the header and kinds of <paramref name="text"/> decoded as <paramref name="encoding"/> says (null: UTF-8, as
        /// the runtime reads a file without a named encoding). Empty lines before the header are skipped, as the runtime reader does.
        /// </summary>
        public static CsvSchema Read(string path, SourceText? text, string? encoding, int sampleRows, CancellationToken cancellationToken)
        {
            if (text is null)
            {
                return new CsvSchema(path, EquatableArray<CsvColumn>.Empty, HasHeader: false, encoding);
            }

            var decoded = TextEncodings.Decode(text, encoding, out var problem);
            if (decoded is null)
            {
                return new CsvSchema(path, EquatableArray<CsvColumn>.Empty, HasHeader: false, encoding, problem);
            }

            var parser = new Parser(decoded);
            var header = parser.ReadRecord();
            while (header is not null && header.Count == 1 && header[0].Length == 0 && !parser.LastRecordWasQuoted)
            {
                header = parser.ReadRecord();
            }

            if (header is null || (header.Count == 1 && CsvConventions.HeaderName(header[0]).Length == 0))
            {
                return new CsvSchema(path, EquatableArray<CsvColumn>.Empty, HasHeader: false, encoding);
            }

            var names = new string[header.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = CsvConventions.HeaderName(header[i]);
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

            return new CsvSchema(path, columns.ToEquatableArray(), HasHeader: true, encoding);
        }

        /// <summary>True when a cell is neither a number nor a missing-value token, by the runtime reader's conventions (<see cref="CsvConventions"/>).</summary>
        internal static bool IsText(string cell) =>
            !CsvConventions.IsMissing(cell, CsvConventions.DefaultMissingTokens) && !CsvConventions.TryParseNumber(CsvConventions.TrimCell(cell), out _);

        /// <summary>An RFC 4180 record reader over a SourceText (quoted fields, doubled quotes, CR/LF/CRLF).</summary>
        private sealed class Parser
        {
            private readonly SourceText _text;
            private int _position;

            public Parser(SourceText text) => _text = text;

            /// <summary>True when the record last read had a quoted field (so <c>""</c> is a record with one empty field, not an empty line).</summary>
            public bool LastRecordWasQuoted { get; private set; }

            public List<string>? ReadRecord()
            {
                if (_position >= _text.Length)
                {
                    return null;
                }

                var fields = new List<string>();
                var field = new StringBuilder();
                var quoted = false;
                LastRecordWasQuoted = false;
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
                        LastRecordWasQuoted = true;
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
