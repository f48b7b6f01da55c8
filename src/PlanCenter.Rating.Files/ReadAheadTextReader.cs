using System.Collections.Concurrent;
using System.Text;

namespace PlanCenter.Rating.Files;

/// <summary>
/// A text reader over a UTF-8 file that reads and decodes ahead on a background thread, in chunks of
/// <see cref="ChunkChars"/> characters with at most <see cref="ChunksAhead"/> chunks waiting, so the file
/// system copy and the decoding run on the second core while the caller parses. The characters are the
/// same, in the same order, as a <see cref="StreamReader"/> on the file gives (BOM detected).
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

    public ReadAheadTextReader(string path)
    {
        // Opened here so a missing file throws to the caller.
        var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _thread = new Thread(() => Produce(reader)) { IsBackground = true, Name = "usage read-ahead" };
        _thread.Start();
    }

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            if (_current is not null && _position < _length)
            {
                var count = Math.Min(buffer.Length, _length - _position);
                _current.AsSpan(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            if (_ended)
            {
                return 0;
            }

            if (_current is not null)
            {
                _free.Add(_current);
                _current = null;
            }

            if (!_chunks.TryTake(out var chunk, Timeout.Infinite))
            {
                _ended = true;
                if (_error is not null)
                {
                    throw new IOException(_error.Message, _error);
                }

                return 0;
            }

            (_current, _length, _position) = (chunk.Chars, chunk.Length, 0);
        }
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Peek() => throw new NotSupportedException();

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

    private void Produce(StreamReader reader)
    {
        try
        {
            using (reader)
            {
                while (!_stop.IsCancellationRequested)
                {
                    var chars = _free.TryTake(out var reused) ? reused : new char[ChunkChars];
                    var length = reader.ReadBlock(chars, 0, chars.Length);
                    if (length == 0)
                    {
                        break;
                    }

                    _chunks.Add((chars, length), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error = e;
        }
        finally
        {
            _chunks.CompleteAdding();
        }
    }
}
