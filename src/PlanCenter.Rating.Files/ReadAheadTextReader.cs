using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace PlanCenter.Rating.Files;

/// <summary>
/// A text reader over a UTF-8 file (or a gzip-compressed one, <c>*.gz</c>) that reads and decodes ahead on a background thread, in chunks of
/// <see cref="ChunkChars"/> characters with at most <see cref="ChunksAhead"/> chunks waiting, so the file
/// system copy and the decoding run on the second core while the caller parses. The characters are the
/// same, in the same order, as a <see cref="StreamReader"/> on the file gives (BOM detected): UTF-8 is
/// decoded straight from the file's bytes, other byte order marks go through a StreamReader.
/// </summary>
internal sealed class ReadAheadTextReader : TextReader
{
    private const int ChunkChars = 1 << 20;
    private const int ChunksAhead = 4;
    private readonly BlockingCollection<(char[] Chars, int Length)> _chunks = new(ChunksAhead);
    private readonly ConcurrentBag<char[]> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _error;
    private char[]? _current;
    private int _length;
    private int _position;
    private bool _ended;
    private bool _disposed;

    /// <summary>Reads <paramref name="path"/>; a <c>*.gz</c> file is decompressed (on the read-ahead thread too).</summary>
    public ReadAheadTextReader(string path)
    {
        // Opened here so a missing file throws to the caller.
        var stream = Open(path);
        _thread = new Thread(() => Produce(stream, () => Open(path))) { IsBackground = true, Name = "usage read-ahead" };
        _thread.Start();
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public override int Read(Span<char> buffer)
    {
        if (!Fill())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _length - _position);
        _current.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    /// <summary>The next character without taking it (Sep peeks after a chunk that ends in a carriage return), -1 at the end.</summary>
    public override int Peek() => Fill() ? _current![_position] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <summary>Makes sure the current chunk has a character left; false at the end of the file.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(_current))]
    private bool Fill()
    {
        while (true)
        {
            if (_current is not null && _position < _length)
            {
                return true;
            }

            if (_ended)
            {
                return false;
            }

            if (_current is not null)
            {
                _free.Add(_current);
                _current = null;
            }

            if (!_chunks.TryTake(out var chunk, Timeout.Infinite))
            {
                _ended = true;
                switch (_error)
                {
                    case InvalidDataException corrupt:
                        // A damaged gzip stream: a file error where the reading stopped.
                        throw new InvalidDataException(corrupt.Message, corrupt);
                    case not null:
                        throw new IOException(_error.Message, _error);
                }

                return false;
            }

            (_current, _length, _position) = (chunk.Chars, chunk.Length, 0);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            _thread.Join();
            _chunks.Dispose();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Produce(Stream stream, Func<Stream> reopen)
    {
        try
        {
            using (stream)
            {
                var bytes = new byte[ChunkChars];
                var length = stream.ReadAtLeast(bytes, 4, throwOnEndOfStream: false);
                if (length >= 2 && (bytes[0], bytes[1]) is (0xFE, 0xFF) or (0xFF, 0xFE))
                {
                    // A UTF-16 or UTF-32 byte order mark: let a StreamReader detect and decode it, from the start again.
                    using var reader = new StreamReader(reopen(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
                    while (!_stop.IsCancellationRequested)
                    {
                        var chars = _free.TryTake(out var reused) ? reused : new char[ChunkChars];
                        var count = reader.ReadBlock(chars, 0, chars.Length);
                        if (count == 0)
                        {
                            break;
                        }

                        _chunks.Add((chars, count), _stop.Token);
                    }

                    return;
                }

                // UTF-8, decoded straight from the file's bytes into the chunk (a UTF-8 BOM is skipped).
                var decoder = new UTF8Encoding(false).GetDecoder();
                var skip = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
                while (!_stop.IsCancellationRequested)
                {
                    var last = length == 0;
                    var chars = _free.TryTake(out var reused) ? reused : new char[ChunkChars + 4];
                    var count = decoder.GetChars(bytes.AsSpan(skip, length - skip), chars, flush: last);
                    skip = 0;
                    if (count > 0)
                    {
                        _chunks.Add((chars, count), _stop.Token);
                    }
                    else
                    {
                        _free.Add(chars);
                    }

                    if (last)
                    {
                        break;
                    }

                    length = stream.Read(bytes);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _error = e;
        }
        finally
        {
            _chunks.CompleteAdding();
        }
    }
}
