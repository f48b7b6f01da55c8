using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace PlanCenter.Rating.Files;

/// <summary>
/// A text reader over a UTF-8 file (or a gzip-compressed one, <c>*.gz</c>) whose bytes are read (and
/// decompressed) ahead on a background thread, in chunks of <see cref="ChunkBytes"/> bytes with at most
/// <see cref="ChunksAhead"/> chunks waiting; the caller decodes them straight into its own buffer, so the
/// characters are written once. The characters are the same, in the same order, as a
/// <see cref="StreamReader"/> on the file gives (BOM detected): a UTF-8 BOM is skipped, a file with a
/// UTF-16 or UTF-32 byte order mark is read through a StreamReader instead.
/// </summary>
internal sealed class ReadAheadTextReader : TextReader
{
    private const int ChunkBytes = 1 << 20;
    private const int ChunksAhead = 4;
    private readonly BlockingCollection<(byte[] Bytes, int Length)> _chunks = new(ChunksAhead);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly char[] _stash = new char[2];
    private readonly Thread? _thread;
    private readonly StreamReader? _other;
    private readonly int _chunkBytes;
    private Exception? _error;
    private byte[]? _current;
    private int _length;
    private int _position;
    private int _stashStart;
    private int _stashEnd;
    private bool _ended;
    private bool _flushed;
    private bool _disposed;

    /// <summary>Reads <paramref name="path"/>; a <c>*.gz</c> file is decompressed (on the read-ahead thread too).</summary>
    public ReadAheadTextReader(string path, int chunkBytes = ChunkBytes)
    {
        _chunkBytes = Math.Max(chunkBytes, 4);
        // Opened here so a missing file throws to the caller.
        var stream = Open(path);
        var head = new byte[4];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (headLength >= 2 && (head[0], head[1]) is (0xFE, 0xFF) or (0xFF, 0xFE))
        {
            // A UTF-16 or UTF-32 byte order mark: let a StreamReader detect and decode it, from the start again.
            stream.Dispose();
            _other = new StreamReader(Open(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            return;
        }

        var skip = headLength >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        _thread = new Thread(() => Produce(stream, head.AsSpan(skip, headLength - skip).ToArray())) { IsBackground = true, Name = "usage read-ahead" };
        _thread.Start();
    }

    public override int Read(Span<char> buffer)
    {
        if (_other is not null)
        {
            return _other.Read(buffer);
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_stashStart < _stashEnd || buffer.Length < 2)
        {
            // A peeked character, or room for less than a surrogate pair: go through the stash.
            if (!FillStash())
            {
                return 0;
            }

            buffer[0] = _stash[_stashStart++];
            return 1;
        }

        return Decode(buffer);
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <summary>The next character without taking it, -1 at the end.</summary>
    public override int Peek()
    {
        if (_other is not null)
        {
            return _other.Peek();
        }

        return FillStash() ? _stash[_stashStart] : -1;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            _thread?.Join();
            _other?.Dispose();
            _chunks.Dispose();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private bool FillStash()
    {
        if (_stashStart < _stashEnd)
        {
            return true;
        }

        (_stashStart, _stashEnd) = (0, Decode(_stash));
        return _stashEnd > 0;
    }

    /// <summary>Decodes the next characters into <paramref name="buffer"/> (at least two long); 0 at the end.</summary>
    private int Decode(Span<char> buffer)
    {
        while (true)
        {
            if (_current is not null && _position < _length)
            {
                _decoder.Convert(_current.AsSpan(_position, _length - _position), buffer, flush: false, out var bytesUsed, out var charsUsed, out _);
                _position += bytesUsed;
                if (charsUsed > 0)
                {
                    return charsUsed;
                }

                // The chunk ended inside a character: the decoder keeps its first bytes.
                continue;
            }

            if (!NextChunk())
            {
                if (_flushed)
                {
                    return 0;
                }

                // A character cut off at the end of the file decodes as U+FFFD, as a StreamReader gives.
                _flushed = true;
                _decoder.Convert([], buffer, flush: true, out _, out var last, out _);
                return last;
            }
        }
    }

    private bool NextChunk()
    {
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

        (_current, _length, _position) = (chunk.Bytes, chunk.Length, 0);
        return true;
    }

    private void Produce(Stream stream, byte[] head)
    {
        try
        {
            using (stream)
            {
                var bytes = new byte[_chunkBytes];
                head.CopyTo(bytes, 0);
                var length = head.Length + stream.ReadAtLeast(bytes.AsSpan(head.Length), _chunkBytes - head.Length, throwOnEndOfStream: false);
                while (length > 0 && !_stop.IsCancellationRequested)
                {
                    _chunks.Add((bytes, length), _stop.Token);
                    bytes = _free.TryTake(out var reused) ? reused : new byte[_chunkBytes];
                    length = stream.ReadAtLeast(bytes, _chunkBytes, throwOnEndOfStream: false);
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
