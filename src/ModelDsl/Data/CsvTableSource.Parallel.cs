using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

using ModelDsl.Results;

namespace ModelDsl.Data;

// Why a parser of our own rather than Sep or Sylvan.Data.Csv: the reader's conventions are fixed by the sequential
// reader (CsvHelper 34) and shared with the generator: which lines count (CR, LF, CR LF, lines inside quotes, empty
// lines skipped), the record's first line in every message, what is malformed, trimming after unquoting, the missing
// tokens, category codes in order of first appearance. A second library would bring its own answers to each, and
// every difference would be a changed message or a changed table. This path only has to read clean files the way
// the sequential reader does and decline everything else, which a small byte loop does exactly and testably.

/// <remarks>
/// The parallel path for UTF-8 files: the file is mapped into memory, cut into chunks at record boundaries and the
/// chunks parsed on all cores straight from the bytes, then joined in file order.
/// </remarks>
public sealed partial class CsvTableSource
{
    private const int DefaultChunkBytes = 1 << 22;

    private static readonly SearchValues<byte> QuoteAndLineBreaks = SearchValues.Create("\"\r\n"u8);

    /// <summary>Whether a UTF-8 file is read by the parallel path (tests turn it off to compare it with the sequential reader).</summary>
    internal bool Parallel { get; set; } = true;

    /// <summary>The nominal size of a chunk of the parallel path (tests make it tiny to put chunk ends everywhere).</summary>
    internal int ChunkBytes { get; set; } = DefaultChunkBytes;

    /// <summary>Whether the last <see cref="Read"/> was done by the parallel path (it declines malformed input).</summary>
    internal bool LastReadWasParallel { get; private set; }

    /// <summary>Whether the parallel path may read the file into huge pages rather than map it (tests turn it off to cover the mapping).</summary>
    internal bool ReadIntoMemory { get; set; } = true;

    // The parallel path, or null when it declines: then the sequential reader reads the file and gives the exact
    // error (or, for input the parallel path does not handle, the data). It reads exactly what the sequential reader
    // reads and declines whatever the sequential reader would refuse or treat specially, so that only one reader
    // decides each error and message.
    private unsafe SourceTable? TryReadParallel(HashSet<string> categorical, ColumnKinds declared)
    {
        LastReadWasParallel = false;
        // The separator must be an ASCII byte that cannot be part of a quote, a line break or a number.
        if (!Parallel || _input is not FileCsvInput input || _options.Separator is '"' or '\r' or '\n' or '.' or '+' or '-' or 'e' or 'E' or (>= '0' and <= '9') or > (char)127)
        {
            return null;
        }

        using var file = input.OpenUtf8(ReadIntoMemory);
        if (file is null)
        {
            return null;
        }

        var categoricalNow = new HashSet<string>(categorical, StringComparer.Ordinal);
        var table = ReadParallelOnce(file, categoricalNow, declared, out var mixed, out var declined);
        if (!declined && mixed.Count > 0)
        {
            categoricalNow.UnionWith(mixed);
            table = ReadParallelOnce(file, categoricalNow, declared, out _, out declined);
        }

        LastReadWasParallel = !declined && table is not null;
        return LastReadWasParallel ? table : null;
    }

    private unsafe SourceTable? ReadParallelOnce(Utf8FileInMemory file, HashSet<string> categorical, ColumnKinds declared, out List<string> mixed, out bool declined)
    {
        mixed = [];
        declined = true;
        var separator = (byte)_options.Separator;
        var data = file.Pointer;
        var length = file.Length;

        // The header: one record from the start. An empty first line, bad quoting, invalid UTF-8, a header the
        // sequential reader refuses or a declared column not in it: declined, so that its message stays the same.
        if (length == 0 || data[0] is (byte)'\r' or (byte)'\n')
        {
            return null;
        }

        var headerSpan = new ReadOnlySpan<byte>(data, (int)Math.Min(length, int.MaxValue));
        var headerFields = new List<string>();
        var headerEnd = ScanHeader(headerSpan, separator, headerFields, out var headerLineBreaks);
        if (headerEnd < 0 || !Utf8.IsValid(headerSpan[..headerEnd]))
        {
            return null;
        }

        var header = headerFields.Select(CsvConventions.HeaderName).ToList();
        if (HeaderProblem(header) is not null || !declared.AreDeclaredIn(header))
        {
            return null;
        }

        var kinds = new BufferKind[header.Count];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = categorical.Contains(header[c]) ? BufferKind.Categorical
                : declared.NumericColumns.Contains(header[c]) ? BufferKind.ForcedNumeric
                : BufferKind.Inferred;
        }

        // Cuts are first put at the next line break as if no quote were open there (most files have no line break
        // inside quotes, and counting quotes costs a pass); when a chunk does not end cleanly, the cuts are made
        // again from the parity of the quotes before them, and only if that fails too does the path decline.
        var bounds = ChunkBounds(data, headerEnd, length, Math.Max(1, ChunkBytes), countQuotes: false);
        var chunks = ParseChunks(data, bounds, separator, kinds);
        if (chunks is null && bounds.Length > 2)
        {
            bounds = ChunkBounds(data, headerEnd, length, Math.Max(1, ChunkBytes), countQuotes: true);
            chunks = ParseChunks(data, bounds, separator, kinds);
        }

        if (chunks is null)
        {
            return null;
        }

        declined = false;
        return Join(header, kinds, chunks, 1L + headerLineBreaks, mixed);
    }

    // Every chunk parsed (in parallel), or null when one is not valid UTF-8 or not clean CSV. A first parallel pass
    // bounds each chunk's records by its line breaks, so that every chunk parses straight into its own stretch of
    // arrays shared by all chunks: for a file without empty lines and line breaks inside quotes the bounds are exact
    // and these arrays become the table's columns, with no copy and no second set of fresh pages.
    private unsafe ParsedChunks? ParseChunks(byte* data, long[] bounds, byte separator, BufferKind[] kinds)
    {
        for (var k = 0; k + 1 < bounds.Length; k++)
        {
            if (bounds[k + 1] - bounds[k] > int.MaxValue)
            {
                return null;
            }
        }

        var count = bounds.Length - 1;
        var capacities = new int[count];
        System.Threading.Tasks.Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            k => capacities[k] = RecordBound(new ReadOnlySpan<byte>(data + bounds[k], (int)(bounds[k + 1] - bounds[k]))));

        var offsets = new int[count + 1];
        for (var k = 0; k < count; k++)
        {
            if ((long)offsets[k] + capacities[k] > Array.MaxLength)
            {
                return null;
            }

            offsets[k + 1] = offsets[k] + capacities[k];
        }

        var total = offsets[^1];
        var lines = GC.AllocateUninitializedArray<int>(total);
        var values = new double[]?[kinds.Length];
        var codes = new int[]?[kinds.Length];
        for (var c = 0; c < kinds.Length; c++)
        {
            if (kinds[c] == BufferKind.Categorical)
            {
                codes[c] = GC.AllocateUninitializedArray<int>(total);
            }
            else
            {
                values[c] = GC.AllocateUninitializedArray<double>(total);
            }
        }

        var chunks = new Chunk?[count];
        var stop = 0;
        System.Threading.Tasks.Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            k =>
            {
                if (Volatile.Read(ref stop) != 0)
                {
                    return;
                }

                var span = new ReadOnlySpan<byte>(data + bounds[k], (int)(bounds[k + 1] - bounds[k]));
                var chunk = Utf8.IsValid(span) ? ParseChunk(span, separator, kinds, values, codes, lines, offsets[k], capacities[k]) : null;
                chunks[k] = chunk;
                if (chunk is null)
                {
                    Volatile.Write(ref stop, 1);
                }
            });

        return stop != 0 || chunks.Any(c => c is null) ? null : new ParsedChunks(chunks.Select(c => c!).ToArray(), offsets, values, codes, lines);
    }

    // At most as many records as line breaks (CR, LF and CR LF each one), and one more when the span does not end
    // with a line break (the file's last record); the parse declines a chunk that would pass the bound.
    private static int RecordBound(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty)
        {
            return 0;
        }

        var lineBreaks = span.Count((byte)'\n');
        var returns = span.Count((byte)'\r');
        if (returns > 0)
        {
            lineBreaks += returns - span.Count("\r\n"u8);
        }

        return lineBreaks + (span[^1] is (byte)'\r' or (byte)'\n' ? 0 : 1);
    }

    // The end of the header record (after its line break), its raw fields and the line breaks in it; -1 when the
    // header is not a clean record (bad quotes, or the file is nothing but a header without a line break is fine).
    private static int ScanHeader(ReadOnlySpan<byte> span, byte separator, List<string> fields, out int lineBreaks)
    {
        lineBreaks = 0;
        var scratch = new ArrayBufferWriter<byte>();
        var fieldEnds = FieldEnds(separator);
        var pos = 0;
        while (true)
        {
            var end = ScanField(span, pos, separator, fieldEnds, scratch, ref lineBreaks, out var content, out _);
            if (end < 0)
            {
                return -1;
            }

            fields.Add(Encoding.UTF8.GetString(content));
            if (end == span.Length)
            {
                return end;
            }

            if (span[end] == separator)
            {
                pos = end + 1;
                continue;
            }

            lineBreaks++;
            return span[end] == '\r' && end + 1 < span.Length && span[end + 1] == '\n' ? end + 2 : end + 1;
        }
    }

    // Reads the field at pos: returns the position of what ends it (the separator, CR, LF, or the end of the span)
    // and its content (quotes removed, doubled quotes made single); -1 for malformed quoting (a quote inside an
    // unquoted field, text after a closing quote, a quote not closed within the span).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanField(ReadOnlySpan<byte> span, int pos, byte separator, SearchValues<byte> fieldEnds, ArrayBufferWriter<byte> scratch, ref int lineBreaks, out ReadOnlySpan<byte> content, out bool quoted)
    {
        quoted = pos < span.Length && span[pos] == '"';
        if (!quoted)
        {
            var rest = span[pos..];
            var length = rest.IndexOfAny(fieldEnds);
            if (length < 0)
            {
                length = rest.Length;
            }
            else if (rest[length] == '"')
            {
                content = default;
                return -1;
            }

            content = rest[..length];
            return pos + length;
        }

        var start = pos + 1;
        var copied = false;
        scratch.ResetWrittenCount();
        while (true)
        {
            var close = span[start..].IndexOf((byte)'"');
            if (close < 0)
            {
                content = default;
                return -1;
            }

            var segment = span.Slice(start, close);
            lineBreaks += LineBreaks(segment);
            var after = start + close + 1;
            if (after < span.Length && span[after] == '"')
            {
                // A doubled quote: the value goes on, with one quote.
                scratch.Write(segment);
                scratch.Write("\""u8);
                copied = true;
                start = after + 1;
                continue;
            }

            if (after < span.Length && span[after] != separator && span[after] != '\r' && span[after] != '\n')
            {
                content = default;
                return -1;
            }

            if (copied)
            {
                scratch.Write(segment);
                content = scratch.WrittenSpan;
            }
            else
            {
                content = segment;
            }

            return after;
        }
    }

    // What ends an unquoted field, or makes it malformed: the separator, CR, LF and the quote.
    private static SearchValues<byte> FieldEnds(byte separator) => SearchValues.Create([separator, (byte)'\r', (byte)'\n', (byte)'"']);

    // CR, LF and CR LF each count once, as the sequential reader counts lines.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LineBreaks(ReadOnlySpan<byte> text)
    {
        if (text.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    // Chunk ends at record boundaries: from each nominal cut, the first line break outside quotes, where the quote
    // state at the cut is taken as closed, or (countQuotes) comes from the parity of the quotes before the cut,
    // counted in parallel. A wrong cut is caught when the chunk before it does not end cleanly.
    private static unsafe long[] ChunkBounds(byte* data, long start, long end, int chunkBytes, bool countQuotes)
    {
        var count = (int)Math.Max(1, Math.Min(int.MaxValue - 1, (end - start + chunkBytes - 1) / chunkBytes));
        var nominal = new long[count + 1];
        for (var k = 0; k <= count; k++)
        {
            nominal[k] = start + (long)((end - start) * (double)k / count);
        }

        nominal[count] = end;
        var quotes = new long[count];
        if (countQuotes)
        {
            System.Threading.Tasks.Parallel.For(
                0,
                count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                k =>
                {
                    long total = 0;
                    for (var at = nominal[k]; at < nominal[k + 1]; at += int.MaxValue)
                    {
                        total += new ReadOnlySpan<byte>(data + at, (int)Math.Min(int.MaxValue, nominal[k + 1] - at)).Count((byte)'"');
                    }

                    quotes[k] = total;
                });
        }

        var bounds = new List<long> { start };
        long before = 0;
        for (var k = 1; k < count; k++)
        {
            before += quotes[k - 1];
            var at = Math.Max(nominal[k], bounds[^1]);
            var inQuotes = (before & 1) == 1 && at == nominal[k];
            if (at != nominal[k])
            {
                // The previous cut ran past this one: its end is a record boundary, outside quotes.
                inQuotes = false;
            }

            var cut = NextRecordStart(data, at, end, inQuotes);
            if (cut > bounds[^1] && cut < end)
            {
                bounds.Add(cut);
            }
        }

        bounds.Add(end);
        return [.. bounds];
    }

    private static unsafe long NextRecordStart(byte* data, long at, long end, bool inQuotes)
    {
        while (at < end)
        {
            var span = new ReadOnlySpan<byte>(data + at, (int)Math.Min(int.MaxValue, end - at));
            var found = span.IndexOfAny(QuoteAndLineBreaks);
            if (found < 0)
            {
                at += span.Length;
                continue;
            }

            at += found;
            if (data[at] == '"')
            {
                inQuotes = !inQuotes;
                at++;
                continue;
            }

            if (!inQuotes)
            {
                return data[at] == '\r' && at + 1 < end && data[at + 1] == '\n' ? at + 2 : at + 1;
            }

            at++;
        }

        return end;
    }

    // One chunk, parsed as the sequential reader parses records (empty lines skipped, lines counted); null when it
    // meets anything the sequential reader refuses or reports: bad quoting, a wrong number of fields, a cell of a
    // numeric column that is not a number (unless read as missing), a quoted field open at the chunk's end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Chunk? ParseChunk(ReadOnlySpan<byte> span, byte separator, BufferKind[] kinds, double[]?[] values, int[]?[] codes, int[] lines, int offset, int capacity)
    {
        var columns = new ChunkColumn[kinds.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ChunkColumn(kinds[c], values[c], codes[c], offset, capacity);
        }

        var scratch = new ArrayBufferWriter<byte>();
        var fieldEnds = FieldEnds(separator);
        var lineBreaks = 0;
        var rows = 0;
        var pos = 0;
        var last = kinds.Length - 1;
        while (pos < span.Length)
        {
            var first = span[pos];
            if (first == '\n')
            {
                lineBreaks++;
                pos++;
                continue;
            }

            if (first == '\r')
            {
                lineBreaks++;
                pos += pos + 1 < span.Length && span[pos + 1] == '\n' ? 2 : 1;
                continue;
            }

            if (rows == capacity)
            {
                // More records than line breaks cannot happen; declined rather than written past the stretch.
                return null;
            }

            lines[offset + rows] = lineBreaks;
            for (var c = 0; c <= last; c++)
            {
                var column = columns[c];
                var end = -1;
                var kind = column.Kind;
                if (kind is BufferKind.Inferred or BufferKind.ForcedNumeric)
                {
                    if (pos == span.Length || span[pos] == separator || span[pos] is (byte)'\r' or (byte)'\n')
                    {
                        // An empty cell: missing when the empty token is one (by default), else the general path.
                        if (_emptyIsMissing)
                        {
                            end = pos;
                            column.Values[column.Offset + rows] = double.NaN;
                            column.MissingCells++;
                        }
                    }
                    else if (!_numberTokens && ShortInteger(span, pos, separator, out var integer) is var digitsEnd and > 0)
                    {
                        // One to three digits with an optional minus (codes, counts, years since): exact as a
                        // double, no call to the general fast path; "-0" is −0, as double.Parse reads it.
                        end = digitsEnd;
                        column.Values[column.Offset + rows] = integer;
                        column.NumericCells++;
                    }
                    else if (Utf8Number.TryParsePrefix(span[pos..], out var number) is var consumed and > 0
                        && (pos + consumed == span.Length || span[pos + consumed] == separator || span[pos + consumed] is (byte)'\r' or (byte)'\n'))
                    {
                        // A plain number that fills the cell: no trimming, no second scan, no general parser; a
                        // missing token only when some token is itself such a number (-99, say).
                        end = pos + consumed;
                        if (_numberTokens && IsMissingToken(span[pos..end]))
                        {
                            column.Values[column.Offset + rows] = double.NaN;
                            column.MissingCells++;
                        }
                        else
                        {
                            column.Values[column.Offset + rows] = number;
                            column.NumericCells++;
                        }
                    }
                }
                else if (kind == BufferKind.Categorical && pos < span.Length && span[pos] != '"')
                {
                    // An unquoted label: its end found by a byte loop (labels are short), and when it has one to eight
                    // bytes, is neither trimmed nor possibly a missing token, interned as one word, the same label as
                    // the cell above it (a sorted unit column) without a lookup.
                    var at = pos;
                    while (at < span.Length && span[at] is var b && b != separator && b != '\r' && b != '\n' && b != '"')
                    {
                        at++;
                    }

                    if (at < span.Length && span[at] == '"')
                    {
                        // A quote inside an unquoted field: the sequential reader reports it.
                        return null;
                    }

                    var label = span[pos..at];
                    if (label.Length is > 0 and <= 8 && !CsvUtf8.MayNeedTrim(label) && (label.Length > _longestToken || !_tokenFirstBytes[label[0]]))
                    {
                        end = at;
                        var key = Utf8LabelTable.ShortKey(label);
                        if (key != column.LastKey || label.Length != column.LastLength)
                        {
                            column.LastKey = key;
                            column.LastLength = label.Length;
                            column.LastCode = column.Labels!.GetOrAddShort(label, key);
                        }

                        column.Codes[column.Offset + rows] = column.LastCode;
                    }
                }

                if (end < 0)
                {
                    end = ScanField(span, pos, separator, fieldEnds, scratch, ref lineBreaks, out var content, out _);
                    if (end < 0 || !AddCell(column, content, rows, lines[offset + rows]))
                    {
                        return null;
                    }
                }

                var atEnd = end == span.Length;
                if (c < last)
                {
                    // Fewer fields than the header: the sequential reader names the line.
                    if (atEnd || span[end] != separator)
                    {
                        return null;
                    }

                    pos = end + 1;
                }
                else if (atEnd)
                {
                    pos = end;
                }
                else if (span[end] == separator)
                {
                    return null;
                }
                else
                {
                    lineBreaks++;
                    pos = span[end] == '\r' && end + 1 < span.Length && span[end + 1] == '\n' ? end + 2 : end + 1;
                }
            }

            rows++;
        }

        return new Chunk(columns, rows, lineBreaks);
    }

    // The end of a cell at pos that is one to three ASCII digits after an optional minus and ends there (the span's
    // end, the separator, CR or LF), with its value; 0 otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortInteger(ReadOnlySpan<byte> span, int pos, byte separator, out double value)
    {
        value = 0;
        var at = pos;
        var negative = span[at] == '-';
        if (negative)
        {
            at++;
        }

        uint digits = 0;
        var start = at;
        while (at < span.Length && at - start < 3 && (uint)(span[at] - '0') <= 9)
        {
            digits = (digits * 10) + (uint)(span[at] - '0');
            at++;
        }

        if (at == start || (at < span.Length && span[at] != separator && span[at] is not ((byte)'\r' or (byte)'\n')))
        {
            return 0;
        }

        value = negative ? -(double)digits : digits;
        return at;
    }

    // One cell of a record, as ColumnBuffer.Add reads it; false for a cell the sequential reader reports as an error.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddCell(ChunkColumn column, ReadOnlySpan<byte> raw, int row, int recordLineBreaks)
    {
        var cell = CsvUtf8.Trim(raw);
        switch (column.Kind)
        {
            case BufferKind.Mixed:
                return true;
            case BufferKind.Categorical:
                column.AddLabel(cell, row, IsMissingToken(cell));
                return true;
        }

        if (IsMissingToken(cell))
        {
            column.Values[column.Offset + row] = double.NaN;
            column.MissingCells++;
            return true;
        }

        if ((Utf8Number.TryParsePrefix(cell, out var value) == cell.Length && cell.Length > 0) || CsvUtf8.TryParseNumber(cell, out value))
        {
            column.Values[column.Offset + row] = value;
            column.NumericCells++;
            return true;
        }

        if (column.Kind == BufferKind.ForcedNumeric)
        {
            if (!_options.BadNumericAsMissing)
            {
                return false;
            }

            if (column.BadCells++ == 0)
            {
                column.FirstBadLineBreaks = recordLineBreaks;
                column.FirstBadValue = Encoding.UTF8.GetString(raw);
            }

            column.Values[column.Offset + row] = double.NaN;
            return true;
        }

        // Text in a column read as numbers: after numbers, the column is read again as categorical; after missing
        // cells only, it is categorical from here (as in the sequential reader).
        if (column.NumericCells > 0)
        {
            column.BecomeMixed();
            return true;
        }

        column.BecomeCategorical(row);
        column.AddLabel(cell, row, missing: false);
        return true;
    }

    // The chunks in file order: columns concatenated, labels numbered in order of first appearance in the file.
    // When every chunk filled its stretch of the shared arrays (the usual case), they are the columns, and only codes
    // and line numbers are rewritten in place; otherwise the records are moved into arrays of the exact length.
    private SourceTable? Join(List<string> header, BufferKind[] kinds, ParsedChunks parsed, long firstLine, List<string> mixed)
    {
        var chunks = parsed.Chunks;
        var starts = new int[chunks.Length + 1];
        var lineStarts = new long[chunks.Length];
        var line = firstLine;
        for (var k = 0; k < chunks.Length; k++)
        {
            starts[k + 1] = checked(starts[k] + chunks[k].Rows);
            lineStarts[k] = line;
            line += chunks[k].LineBreaks;
        }

        var rows = starts[^1];
        var exact = rows == parsed.Offsets[^1];
        var lines = exact ? parsed.Lines : GC.AllocateUninitializedArray<int>(rows);
        var columns = new Column[header.Count];
        var notes = new List<Note>();
        var shapes = new ColumnShape[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            var anyText = chunks.Any(chunk => chunk.Columns[c].Kind is BufferKind.Categorical or BufferKind.Mixed);
            var numbers = chunks.Sum(chunk => (long)chunk.Columns[c].NumericCells);
            shapes[c] = kinds[c] == BufferKind.Categorical ? ColumnShape.Categorical
                : !anyText ? ColumnShape.Numeric
                : numbers == 0 ? ColumnShape.Categorical
                : ColumnShape.Mixed;
            if (shapes[c] == ColumnShape.Mixed)
            {
                mixed.Add(header[c]);
            }
        }

        if (mixed.Count > 0)
        {
            return null;
        }

        // Columns are independent from here on: each categorical column's labels are merged and sorted into levels
        // on a core of its own, so that the serial steps overlap; each chunk's map then goes from its own codes
        // straight to the level's, so that the codes are written once, chunks in parallel.
        var maps = new int[header.Count][][];
        var levels = new string[header.Count][];
        var numericLevels = new double[]?[header.Count];
        System.Threading.Tasks.Parallel.For(
            0,
            header.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            c =>
            {
                if (shapes[c] == ColumnShape.Categorical)
                {
                    var (chunkMaps, labels, labelValues) = Merge(chunks, c);
                    (levels[c], numericLevels[c], var positions) = CategoricalColumn.SortLabels(labels, labelValues);
                    foreach (var map in chunkMaps)
                    {
                        for (var i = 0; i < map.Length; i++)
                        {
                            map[i] = positions[map[i]];
                        }
                    }

                    maps[c] = chunkMaps;
                }
            });

        var values = new double[header.Count][];
        var codes = new int[header.Count][];
        for (var c = 0; c < header.Count; c++)
        {
            if (shapes[c] == ColumnShape.Categorical)
            {
                codes[c] = exact && kinds[c] == BufferKind.Categorical ? parsed.Codes[c]! : GC.AllocateUninitializedArray<int>(rows);
            }
            else
            {
                values[c] = exact ? parsed.Values[c]! : GC.AllocateUninitializedArray<double>(rows);
            }
        }

        System.Threading.Tasks.Parallel.For(
            0,
            chunks.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            k =>
            {
                var chunk = chunks[k];
                var at = starts[k];
                var from = parsed.Offsets[k];
                for (var r = 0; r < chunk.Rows; r++)
                {
                    lines[at + r] = checked((int)(lineStarts[k] + parsed.Lines[from + r]));
                }

                for (var c = 0; c < header.Count; c++)
                {
                    var part = chunk.Columns[c];
                    if (shapes[c] == ColumnShape.Numeric)
                    {
                        if (!exact)
                        {
                            Array.Copy(parsed.Values[c]!, from, values[c], at, chunk.Rows);
                        }

                        continue;
                    }

                    var target = codes[c].AsSpan(at, chunk.Rows);
                    if (part.Kind != BufferKind.Categorical)
                    {
                        // Only missing cells so far in this chunk (a column with a number is mixed).
                        target.Fill(CategoricalColumn.MissingCode);
                        continue;
                    }

                    var map = maps[c][k];
                    var source = part.Codes.AsSpan(part.Offset, chunk.Rows);
                    for (var r = 0; r < target.Length; r++)
                    {
                        var local = source[r];
                        target[r] = local == CategoricalColumn.MissingCode ? local : map[local];
                    }
                }
            });

        System.Threading.Tasks.Parallel.For(
            0,
            header.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            c => columns[c] = shapes[c] == ColumnShape.Categorical
                ? CategoricalColumn.FromSortedCodes(header[c], codes[c], levels[c], numericLevels[c])
                : NumericColumn.FromOwnedArray(header[c], values[c]));
        for (var c = 0; c < header.Count; c++)
        {
            var missing = chunks.Sum(chunk => chunk.Columns[c].MissingCells);
            var bad = chunks.Sum(chunk => chunk.Columns[c].BadCells);
            var firstBad = Array.FindIndex(chunks, chunk => chunk.Columns[c].BadCells > 0);
            AddCellNotes(
                notes,
                header[c],
                _sourceName,
                missing,
                bad,
                firstBad < 0 ? 0 : checked((int)(lineStarts[firstBad] + chunks[firstBad].Columns[c].FirstBadLineBreaks)),
                firstBad < 0 ? null : chunks[firstBad].Columns[c].FirstBadValue);
        }

        return new SourceTable(columns, lines, notes.ToArray());
    }

    // The labels of column c in order of first appearance over the chunks in file order, and each chunk's map from
    // its own codes to those: the codes the sequential reader gives; with the labels' values while all are numbers
    // (read from the bytes by the fast number path where it can, as CsvConventions.TryParseNumber reads them), else null.
    private static (int[][] Maps, List<string> Labels, double[]? Values) Merge(Chunk[] chunks, int c)
    {
        var table = new Utf8LabelTable();
        var labels = new List<string>();
        var values = new List<double>();
        var allNumeric = true;
        var maps = new int[chunks.Length][];
        for (var k = 0; k < chunks.Length; k++)
        {
            var local = chunks[k].Columns[c].Labels;
            var map = new int[local?.Count ?? 0];
            for (var i = 0; i < map.Length; i++)
            {
                var bytes = local![i];
                var code = table.GetOrAdd(bytes);
                if (code == labels.Count)
                {
                    var label = Encoding.UTF8.GetString(bytes);
                    labels.Add(label);
                    if (allNumeric)
                    {
                        allNumeric = (Utf8Number.TryParsePrefix(bytes, out var value) == bytes.Length && bytes.Length > 0)
                            || CsvConventions.TryParseNumber(label, out value);
                        values.Add(value);
                    }
                }

                map[i] = code;
            }

            maps[k] = map;
        }

        return (maps, labels, allNumeric ? [.. values] : null);
    }

    private enum ColumnShape
    {
        Numeric,
        Categorical,
        Mixed,
    }

    private sealed record Chunk(ChunkColumn[] Columns, int Rows, int LineBreaks);

    // The parsed chunks and the arrays they share: chunk k's records start at Offsets[k] (its record bound's prefix
    // sum); per column numbers (Values) or chunk-local label codes (Codes), and per record its line breaks before it
    // in the chunk (Lines).
    private sealed record ParsedChunks(Chunk[] Chunks, int[] Offsets, double[]?[] Values, int[]?[] Codes, int[] Lines);

    // One column of one chunk: numbers, or codes of labels interned in the chunk's own table, written at Offset + row
    // of the shared arrays, or, for a column found to hold text in this chunk, of arrays of the chunk's own.
    private sealed class ChunkColumn(BufferKind kind, double[]? values, int[]? codes, int offset, int capacity)
    {
        public BufferKind Kind { get; private set; } = kind;

        public double[] Values { get; private set; } = values ?? [];

        public int[] Codes { get; private set; } = codes ?? [];

        public int Offset { get; private set; } = offset;

        public Utf8LabelTable? Labels { get; private set; } = kind == BufferKind.Categorical ? new Utf8LabelTable() : null;

        // The last label read by the short-label path (LastLength 0: none yet) and its code.
        public ulong LastKey { get; set; }

        public int LastLength { get; set; }

        public int LastCode { get; set; }

        public int NumericCells { get; set; }

        public int MissingCells { get; set; }

        public int BadCells { get; set; }

        public int FirstBadLineBreaks { get; set; }

        public string? FirstBadValue { get; set; }

        public void AddLabel(ReadOnlySpan<byte> cell, int row, bool missing)
        {
            if (missing)
            {
                Codes[Offset + row] = CategoricalColumn.MissingCode;
                MissingCells++;
                return;
            }

            Codes[Offset + row] = Labels!.GetOrAdd(cell);
        }

        public void BecomeMixed()
        {
            Kind = BufferKind.Mixed;
            Values = [];
        }

        public void BecomeCategorical(int row)
        {
            // The shared arrays hold numbers for this column: the chunk's codes go to an array of its own.
            Kind = BufferKind.Categorical;
            Codes = GC.AllocateUninitializedArray<int>(capacity);
            Offset = 0;
            Array.Fill(Codes, CategoricalColumn.MissingCode, 0, row);
            Labels = new Utf8LabelTable();
            Values = [];
        }
    }
}
