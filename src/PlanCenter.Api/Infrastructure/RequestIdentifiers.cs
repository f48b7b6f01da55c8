namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Echoes <c>MS-RequestId</c> and <c>MS-CorrelationId</c> on every response (api.md §2.4), generating
/// either when the client sent none, and rejects request bodies over the size limit with a 400.
/// </summary>
public sealed class RequestIdentifiers(RequestDelegate next, long maxBodyBytes)
{
    public const string RequestIdHeader = "MS-RequestId";
    public const string CorrelationIdHeader = "MS-CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = FirstValue(context.Request.Headers[RequestIdHeader]) ?? Guid.NewGuid().ToString("D");
        var correlationId = FirstValue(context.Request.Headers[CorrelationIdHeader]) ?? Guid.NewGuid().ToString("D");
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            context.Response.Headers[CorrelationIdHeader] = correlationId;
            return Task.CompletedTask;
        });

        // Metering batches and price list imports are bulk uploads with limits of their own.
        if (!context.Request.Path.StartsWithSegments("/metering") && !context.Request.Path.StartsWithSegments("/v1/pricing/imports"))
        {
            if (context.Request.ContentLength > maxBodyBytes)
            {
                throw new Errors.RequestBodyTooLargeException(maxBodyBytes);
            }

            context.Request.Body = new LimitedReadStream(context.Request.Body, maxBodyBytes);
        }

        await next(context);
    }

    private static string? FirstValue(Microsoft.Extensions.Primitives.StringValues values)
    {
        var value = values.FirstOrDefault();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim().Trim('"');
    }
}

/// <summary>A read-only stream that fails once more than a limit has been read (chunked bodies carry no length).</summary>
public sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new Errors.RequestBodyTooLargeException(limit) : read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
