using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace ModelDsl.Data;

/// <summary>
/// Text encodings of CSV files: names to encodings (the code pages of <c>System.Text.Encoding.CodePages</c>
/// registered once), byte-order marks, strict decoders and the position of the first byte that does not decode.
/// </summary>
/// <remarks>
/// Decoding never replaces a byte it cannot read: a replacement character would make two different labels
/// (two city names in GB18030 read as UTF-8) the same unit without a word. The first invalid byte is an error
/// that names the line, the column and the byte offset (0-based, counted from the start of the file, a
/// byte-order mark included).
/// </remarks>
internal static class CsvEncodings
{
    private const int Utf8CodePage = 65001;

    /// <summary>UTF-8 without a preamble that throws on invalid bytes.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvEncodings()
    {
        // GB18030, GBK, Big5, Shift-JIS and the Windows code pages live in the code-pages provider, which
        // .NET does not register by default. Registering is process-wide and idempotent.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The encoding called <paramref name="name"/> (case-insensitive; code pages included).</summary>
    /// <exception cref="ArgumentException">No encoding has that name.</exception>
    internal static Encoding FromName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException(
                $"'{name}' is not the name of a text encoding. Use a name such as \"utf-8\", \"gb18030\" (Chinese; also reads GBK and GB2312), \"gbk\", \"big5\", \"shift_jis\", \"euc-kr\", \"windows-1252\", \"iso-8859-1\" or \"utf-16\".",
                nameof(name),
                error);
        }
    }

    /// <summary>True for UTF-8, which the reader reads as bytes (checked, not transcoded).</summary>
    internal static bool IsUtf8(Encoding encoding) => encoding.CodePage == Utf8CodePage;

    /// <summary>A copy of <paramref name="encoding"/> whose decoder throws on invalid bytes.</summary>
    internal static Encoding Strict(Encoding encoding)
    {
        if (IsUtf8(encoding))
        {
            return StrictUtf8;
        }

        if (encoding.DecoderFallback is DecoderExceptionFallback)
        {
            return encoding;
        }

        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        return strict;
    }

    /// <summary>The encoding a byte-order mark at the start of <paramref name="start"/> announces, and its length; (null, 0) without one.</summary>
    internal static (Encoding? Encoding, int Length) DetectByteOrderMark(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, 3);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        return (null, 0);
    }

    /// <summary>
    /// The offset (from the start of <paramref name="stream"/>) of the first byte at or after
    /// <paramref name="start"/> that <paramref name="encoding"/> cannot decode, with up to four of its bytes;
    /// null when every byte decodes.
    /// </summary>
    internal static (long Offset, byte[] Bytes)? FindInvalid(Stream stream, long start, Encoding encoding)
    {
        stream.Position = start;
        var decoder = Strict(encoding).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(Strict(encoding).GetMaxCharCount(1 << 16) + 8);
        try
        {
            var position = start;
            while (true)
            {
                var read = stream.Read(bytes, 0, 1 << 16);
                try
                {
                    decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                }
                catch (DecoderFallbackException error)
                {
                    // Index is relative to this call's bytes; negative when the bad sequence began in the previous call.
                    var unknown = error.BytesUnknown ?? [];
                    return (position + error.Index, unknown.Take(4).ToArray());
                }

                if (read == 0)
                {
                    return null;
                }

                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The 1-based physical line and 1-based field of the byte at <paramref name="offset"/>: the text from
    /// <paramref name="start"/> up to it is decoded and scanned with the CSV quoting rules (line breaks inside
    /// quotes count as lines, as everywhere in the reader's messages), and the text of the header record when it
    /// ends before the offset.
    /// </summary>
    internal static (long Line, int Field, string? HeaderText) Locate(Stream stream, long start, long offset, Encoding encoding, char separator)
    {
        var header = new StringBuilder();
        var headerDone = false;
        stream.Position = start;
        var lenient = (Encoding)encoding.Clone();
        lenient.DecoderFallback = DecoderFallback.ReplacementFallback;
        var decoder = lenient.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[lenient.GetMaxCharCount(bytes.Length) + 8];
        long line = 1;
        var field = 1;
        var quoted = false;
        var previousCarriageReturn = false;
        var remaining = offset - start;
        while (remaining > 0)
        {
            var read = stream.Read(bytes, 0, (int)Math.Min(bytes.Length, remaining));
            if (read == 0)
            {
                break;
            }

            remaining -= read;
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: remaining == 0);
            foreach (var c in chars.AsSpan(0, count))
            {
                if (!headerDone)
                {
                    headerDone = !quoted && (c == '\r' || c == '\n');
                    if (!headerDone && header.Length < (1 << 20))
                    {
                        header.Append(c);
                    }
                }

                if (c == '\r' || (c == '\n' && !previousCarriageReturn))
                {
                    line++;
                }

                previousCarriageReturn = c == '\r';
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == separator)
                {
                    field++;
                }
                else if (!quoted && (c == '\r' || c == '\n'))
                {
                    field = 1;
                }
            }
        }

        return (line, field, headerDone ? header.ToString() : null);
    }

    /// <summary>The error for the invalid bytes at <paramref name="offset"/>, with a fix.</summary>
    internal static DataFormatException InvalidBytes(string source, Encoding encoding, long offset, byte[] bytes, long line, int field, IReadOnlyList<string>? header, Exception? inner)
    {
        var hex = bytes.Length == 0 ? "a byte" : $"the {(bytes.Length == 1 ? "byte" : "bytes")} {string.Join(" ", bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}";
        var column = header is not null && field <= header.Count ? header[field - 1] : null;
        var where = column is null ? $"field {field}" : $"column '{column}' (column {field})";
        var utf8 = IsUtf8(encoding);
        var name = utf8 ? "UTF-8" : encoding.WebName;
        var fix = utf8
            ? "The file is probably in another encoding: Chinese statistical yearbooks and government portals often export GB18030/GBK, Excel on Western Windows saves Windows-1252. Read it with new CsvReadOptions().WithEncoding(\"gb18030\") (or Encoding = \"gb18030\" on [Panel]/[Dataset]) naming the file's encoding, or save it as UTF-8."
            : $"Check that '{name}' is the file's encoding (a byte-order mark would decide otherwise), or save the file as UTF-8.";
        return new DataFormatException(
            $"'{source}' line {line}, {where}, byte offset {offset}: {hex} {(bytes.Length == 1 ? "is" : "are")} not valid {name}. {fix} Bytes that do not decode are never replaced, because replacement characters would make different labels the same.",
            source,
            line,
            column,
            field,
            value: hex,
            innerException: inner)
        {
            ByteOffset = offset,
        };
    }
}

/// <summary>
/// A read-only stream over UTF-8 input that checks every byte it passes on and throws
/// <see cref="InvalidTextException"/> at the first that is not valid UTF-8 (sequences split between reads included).
/// </summary>
internal sealed class Utf8CheckingStream(Stream inner, long startOffset) : Stream
{
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;
    private long _position = startOffset;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Check(buffer[..read], final: read == 0 && buffer.Length > 0);
        return read;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Check(ReadOnlySpan<byte> data, bool final)
    {
        var start = 0;
        if (_pendingLength > 0)
        {
            // A sequence split by the previous read: complete it with the first bytes of this one.
            Span<byte> joined = stackalloc byte[8];
            _pending.AsSpan(0, _pendingLength).CopyTo(joined);
            var take = Math.Min(4 - _pendingLength, data.Length);
            data[..take].CopyTo(joined[_pendingLength..]);
            var status = Rune.DecodeFromUtf8(joined[..(_pendingLength + take)], out _, out var consumed);
            if (status == OperationStatus.NeedMoreData && !final)
            {
                data[..take].CopyTo(_pending.AsSpan(_pendingLength));
                _pendingLength += take;
                _position += take;
                return;
            }

            if (status != OperationStatus.Done)
            {
                throw new InvalidTextException(_position - _pendingLength);
            }

            start = consumed - _pendingLength;
            _position += start;
            _pendingLength = 0;
        }

        var rest = data[start..];
        var boundary = CompleteLength(rest);
        if (!Utf8.IsValid(rest[..boundary]))
        {
            throw new InvalidTextException(_position + FirstInvalid(rest[..boundary]));
        }

        var tail = rest[boundary..];
        if (tail.Length > 0 && final)
        {
            throw new InvalidTextException(_position + boundary);
        }

        tail.CopyTo(_pending);
        _pendingLength = tail.Length;
        _position += rest.Length;
    }

    // The length of the prefix that ends on a whole sequence: a lead byte in the last three bytes whose sequence runs past the end starts the tail.
    private static int CompleteLength(ReadOnlySpan<byte> data)
    {
        for (var back = 1; back <= 3 && back <= data.Length; back++)
        {
            var b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
            return length > back ? data.Length - back : data.Length;
        }

        return data.Length;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> data)
    {
        var position = 0;
        while (position < data.Length)
        {
            if (Rune.DecodeFromUtf8(data[position..], out _, out var consumed) != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return data.Length;
    }
}

/// <summary>Bytes that do not decode at <see cref="ByteOffset"/> of the input (turned into a <see cref="DataFormatException"/> by the reader).</summary>
internal sealed class InvalidTextException(long byteOffset) : IOException($"Bytes that are not valid text at byte offset {byteOffset}.")
{
    /// <summary>The 0-based offset of the first invalid byte from the start of the file.</summary>
    public long ByteOffset { get; } = byteOffset;
}
