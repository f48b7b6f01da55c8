using System.Buffers;
using System.Text;

namespace PlanCenter.Application.Pricing;

/// <summary>
/// Writes Partner Center's CSV style straight to a stream: UTF-8, every value in double quotes (a quote
/// inside doubled), comma-separated, CRLF line ends. Buffers about 64 KB and flushes as it fills, so a
/// download of any size streams in constant memory.
/// </summary>
public sealed class CsvFieldWriter(Stream output) : IAsyncDisposable
{
    private const int FlushAt = 60 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private bool _rowStarted;

    /// <summary>Bytes handed to the output so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes one value (null and empty both as <c>""</c>).</summary>
    public void Field(ReadOnlySpan<char> value)
    {
        if (_rowStarted)
        {
            Put((byte)',');
        }

        _rowStarted = true;
        Put((byte)'"');
        while (!value.IsEmpty)
        {
            var quote = value.IndexOf('"');
            var part = quote < 0 ? value : value[..(quote + 1)];
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(part.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(part, span));
            if (quote < 0)
            {
                break;
            }

            Put((byte)'"');
            value = value[(quote + 1)..];
        }

        Put((byte)'"');
    }

    /// <summary>Ends the row; flushes when the buffer is nearly full.</summary>
    public ValueTask EndRowAsync(CancellationToken ct)
    {
        Put((byte)'\r');
        Put((byte)'\n');
        _rowStarted = false;
        return _buffer.WrittenCount >= FlushAt ? FlushAsync(ct) : ValueTask.CompletedTask;
    }

    /// <summary>Writes what is buffered to the output.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        BytesWritten += _buffer.WrittenCount;
        await output.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }

    public ValueTask DisposeAsync() => FlushAsync(CancellationToken.None);

    private void Put(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
