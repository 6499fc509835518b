using System.IO.MemoryMappedFiles;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
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
    /// The file's bytes after its byte-order mark, in memory (read or mapped), when it is read as UTF-8; <see langword="null"/>
    /// for another encoding or an empty file (the sequential reader reads those).
    /// </summary>
    /// <param name="mayRead">False to map the file even where reading it into huge pages is possible (tests of both paths).</param>
    public Utf8FileInMemory? OpenUtf8(bool mayRead = true)
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

            return new Utf8FileInMemory(stream, preamble, mayRead);
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

/// <summary>
/// A file's bytes from an offset to its end, in memory for the parallel reader: read into transparent huge pages where
/// Linux offers them and the file is at most an eighth of the memory available, else mapped read-only.
/// </summary>
/// <remarks>
/// Why not always map: the first touch of a mapped file costs a page fault every 16 pages, and an anonymous buffer of
/// 4 KB pages one fault per page; on a virtual machine each fault is a trip through the hypervisor. Measured on the
/// 2-core machine for an 80 MB file (1M rows), bringing every byte into memory and counting the line breaks on two
/// threads: mapped 40–47 ms wall (75–88 ms CPU), read into 4 KB pages 228–291 ms, read into 2 MB pages 18–25 ms
/// (36–39 ms CPU). A fifth of a 1M-row read was that first touch.
/// </remarks>
internal sealed unsafe class Utf8FileInMemory : IDisposable
{
    private const int HugePage = 2 << 20;
    private const int ReadPiece = 8 << 20;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly void* _buffer;

    /// <summary>Reads or maps <paramref name="stream"/> (taken over: disposed with this object) from <paramref name="offset"/> on.</summary>
    public Utf8FileInMemory(FileStream stream, long offset, bool mayRead = true)
    {
        var length = stream.Length;
        if (mayRead && HugePages.Available && length <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8)
        {
            var size = (nuint)((length + HugePage - 1) / HugePage * HugePage);
            _buffer = NativeMemory.AlignedAlloc(size, HugePage);
            try
            {
                HugePages.Advise(_buffer, size);
                ReadAll(stream, (nint)_buffer, length);
            }
            catch
            {
                NativeMemory.AlignedFree(_buffer);
                stream.Dispose();
                throw;
            }

            stream.Dispose();
            Pointer = (byte*)_buffer + offset;
            Length = length - offset;
            return;
        }

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

    /// <summary>The first 2^31 − 1 bytes from <see cref="Pointer"/> as a span (tests; the reader works in chunks).</summary>
    internal ReadOnlySpan<byte> Bytes => new(Pointer, (int)Math.Min(Length, int.MaxValue));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is not null)
        {
            NativeMemory.AlignedFree(_buffer);
            return;
        }

        if (_base is not null)
        {
            _view!.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view?.Dispose();
        _map?.Dispose();
    }

    /// <summary>
    /// The first <paramref name="length"/> bytes of the file into <paramref name="buffer"/>, in pieces of 8 MB on every
    /// core (each piece's pages first touched by the thread that fills it); an <see cref="IOException"/> when the file
    /// has fewer bytes.
    /// </summary>
    internal static void ReadAll(FileStream stream, nint buffer, long length)
    {
        try
        {
            ReadPieces(stream, buffer, length);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // The first failure of the pieces as itself (an IOException), not wrapped.
            ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
            throw;
        }
    }

    private static void ReadPieces(FileStream stream, nint buffer, long length)
    {
        var handle = stream.SafeFileHandle;
        var pieces = (int)((length + ReadPiece - 1) / ReadPiece);
        Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, piece =>
        {
            var at = (long)piece * ReadPiece;
            var end = Math.Min(length, at + ReadPiece);
            while (at < end)
            {
                var read = RandomAccess.Read(handle, new Span<byte>((byte*)buffer + at, (int)(end - at)), at);
                if (read == 0)
                {
                    throw new IOException($"'{stream.Name}' became shorter while it was read ({at:N0} of {length:N0} bytes); read it again when nothing writes to it.");
                }

                at += read;
            }
        });
    }
}

/// <summary>Transparent huge pages on Linux: whether the kernel offers them to a program that asks (madvise), and the asking.</summary>
internal static unsafe partial class HugePages
{
    private const int AdviseHugePage = 14;

    /// <summary>True on Linux when transparent huge pages are "always" or "madvise" (not "never", not absent).</summary>
    internal static bool Available { get; private set; } = Detect();

    /// <summary>Asks for huge pages in [<paramref name="start"/>, + <paramref name="length"/>) before it is touched; a hint, failures ignored.</summary>
    internal static void Advise(void* start, nuint length)
    {
        try
        {
            _ = Advise(start, length, AdviseHugePage);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without madvise under that name (not glibc): the buffer works in small pages; later reads map.
            Available = false;
        }
    }

    private static bool Detect()
    {
        const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        try
        {
            return OperatingSystem.IsLinux() && File.Exists(Setting) && File.ReadAllText(Setting) is var text
                && (text.Contains("[always]", StringComparison.Ordinal) || text.Contains("[madvise]", StringComparison.Ordinal));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(void* address, nuint length, int advice);
}
