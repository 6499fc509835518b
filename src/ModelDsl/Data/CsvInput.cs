using System.IO.MemoryMappedFiles;
using System.Text;

using CsvHelper;

namespace ModelDsl.Data;

/// <summary>Where <see cref="CsvTableSource"/> reads from: opened once per pass, named in messages.</summary>
internal abstract class CsvInput(string name)
{
    /// <summary>The file or source name used in messages.</summary>
    public string Name { get; } = name;

    /// <summary>Opens a new parser over the input from its start.</summary>
    public abstract CsvReader Open(CsvReaderOptions options);

    /// <summary>
    /// The error to show for <paramref name="error"/> when it is a failure to decode the input's bytes (naming
    /// line, column and byte offset); <see langword="null"/> for any other error.
    /// </summary>
    public virtual DataFormatException? ExplainDecodingError(Exception error, char separator, IReadOnlyList<string>? header) => null;
}

/// <summary>Text already decoded (a <see cref="TextReader"/>): nothing to decode, nothing to check.</summary>
internal sealed class TextCsvInput(Func<TextReader> open, string name, bool leaveOpen) : CsvInput(name)
{
    /// <inheritdoc />
    public override CsvReader Open(CsvReaderOptions options) => CsvReader.Create(open(), options, leaveOpen);
}

/// <summary>
/// A file: a byte-order mark decides its encoding, else the encoding given, else UTF-8. UTF-8 is parsed as
/// bytes through <see cref="Utf8CheckingStream"/>; other encodings are decoded by a decoder that throws.
/// </summary>
internal sealed class FileCsvInput(string path, Encoding? encoding) : CsvInput(path)
{
    private const int BufferSize = 1 << 16;

    /// <inheritdoc />
    public override CsvReader Open(CsvReaderOptions options)
    {
        var stream = OpenFile();
        try
        {
            var (actual, preamble) = Detect(stream);
            stream.Position = preamble;
            return CsvEncodings.IsUtf8(actual)
                ? CsvReader.Create(new Utf8CheckingStream(stream, preamble), options, leaveOpen: false)
                : CsvReader.Create(new StreamReader(stream, actual, detectEncodingFromByteOrderMarks: false, BufferSize), options, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override DataFormatException? ExplainDecodingError(Exception error, char separator, IReadOnlyList<string>? header)
    {
        long? knownOffset = null;
        var found = false;
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is InvalidTextException invalid)
            {
                knownOffset = invalid.ByteOffset;
                found = true;
                break;
            }

            if (e is DecoderFallbackException)
            {
                found = true;
                break;
            }
        }

        if (!found)
        {
            return null;
        }

        using var stream = OpenFile();
        var (actual, preamble) = Detect(stream);
        var bad = CsvEncodings.FindInvalid(stream, knownOffset ?? preamble, actual);
        var offset = bad?.Offset ?? knownOffset ?? preamble;
        var (line, field, headerText) = CsvEncodings.Locate(stream, preamble, offset, actual, separator);
        header ??= headerText is null ? null : ParseHeader(headerText, separator);
        return CsvEncodings.InvalidBytes(Name, actual, offset, bad?.Bytes ?? [], line, field, header, error);
    }

    // The column names of a header record that decoded (the parser reads ahead, so the bad byte may stop it first).
    private static List<string>? ParseHeader(string text, char separator)
    {
        try
        {
            using var reader = CsvReader.Create(new StringReader(text), new CsvReaderOptions { Separator = separator, HasHeader = true, DetectSeparatorHint = false });
            reader.ReadHeader();
            return reader.Headers.Select(CsvConventions.HeaderName).ToList();
        }
        catch (CsvFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The file's bytes after its byte-order mark, mapped into memory, when it is read as UTF-8; <see langword="null"/>
    /// for another encoding or an empty file (the sequential reader reads those).
    /// </summary>
    public MappedUtf8File? MapUtf8()
    {
        var stream = OpenFile();
        try
        {
            var (actual, preamble) = Detect(stream);
            if (!CsvEncodings.IsUtf8(actual) || stream.Length <= preamble)
            {
                stream.Dispose();
                return null;
            }

            return new MappedUtf8File(stream, preamble);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private FileStream OpenFile() => new(Name, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    // The encoding to read with and the length of the byte-order mark to skip: the mark wins over the option.
    private (Encoding Encoding, int Preamble) Detect(FileStream stream)
    {
        Span<byte> start = stackalloc byte[4];
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var (marked, length) = CsvEncodings.DetectByteOrderMark(start[..read]);
        return (marked ?? (encoding is null ? CsvEncodings.StrictUtf8 : CsvEncodings.Strict(encoding)), length);
    }
}

/// <summary>A file's bytes from an offset to its end, mapped read-only into memory for the parallel reader.</summary>
internal sealed unsafe class MappedUtf8File : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;

    /// <summary>Maps <paramref name="stream"/> (taken over: disposed with this object) from <paramref name="offset"/> on.</summary>
    public MappedUtf8File(FileStream stream, long offset)
    {
        var length = stream.Length;
        _map = MemoryMappedFile.CreateFromFile(stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _base = start;
            Pointer = start + _view.PointerOffset + offset;
            Length = length - offset;
        }
        catch
        {
            _view?.Dispose();
            _map.Dispose();
            throw;
        }
    }

    /// <summary>The first byte after the byte-order mark.</summary>
    public byte* Pointer { get; }

    /// <summary>The number of bytes from <see cref="Pointer"/> to the end of the file.</summary>
    public long Length { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_base is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view.Dispose();
        _map.Dispose();
    }
}
