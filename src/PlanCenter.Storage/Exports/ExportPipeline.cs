using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PlanCenter.Storage.Exports;

/// <summary>The operations waiting for the export worker, in arrival order.</summary>
public sealed class ExportQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string operationId) => _channel.Writer.TryWrite(operationId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Runs one export operation: reads its source and writes the records as gzip JSON-lines blobs of at most
/// <see cref="ExportOptions.MaxRecordsPerBlob"/> records each (<c>part-00001.json.gz</c>, …), reporting
/// progress as it goes. The manifest appears (status succeeded) only once every blob is closed; a failure
/// removes the partial blobs and records the error. One <see cref="Utf8JsonWriter"/> writes into a buffer
/// that is drained into a <see cref="GZipStream"/> (fastest level) every 64 KiB.
/// </summary>
public sealed partial class ExportPipeline(ExportStore store, ExportFiles files, IEnumerable<IExportSource> sources, ExportOptions options,
    ILogger<ExportPipeline> log)
{
    private const int ProgressEvery = 10_000;
    private const int DrainAt = 1 << 16;

    /// <summary>How long expired rows are kept (answering 410) before they are deleted.</summary>
    public static readonly TimeSpan GoneRowsKeptFor = TimeSpan.FromDays(30);

    /// <summary>The source of a kind (the last one registered wins, so a billed source replaces the placeholder).</summary>
    public IExportSource SourceOf(ExportKind kind) => sources.Last(s => s.Kind == kind);

    public async Task RunAsync(string operationId, CancellationToken ct)
    {
        var operation = await store.FindAsync(operationId, ct);
        if (operation is null || operation.Status != ExportStatus.NotStarted)
        {
            return;
        }

        try
        {
            var (records, blobs) = await WriteAsync(operation, ct);
            await store.SucceedAsync(operationId, records, blobs, options.Retention, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the operation stays unfinished and the next start marks it failed.
            throw;
        }
        catch (Exception e)
        {
            LogFailed(log, operationId, e);
            files.Delete(operationId);
            await store.FailAsync(operationId, "exportFailed", e.Message, options.Retention, CancellationToken.None);
        }
    }

    private async Task<(long Records, int Blobs)> WriteAsync(ExportOperation operation, CancellationToken ct)
    {
        var request = operation.Request;
        var source = SourceOf(request.Kind);
        await store.StartAsync(operation.Id, await source.CountAsync(request, ct), ct);
        files.Delete(operation.Id);
        var folder = Directory.CreateDirectory(files.FolderOf(operation.Id)).FullName;
        var max = Math.Max(1, options.MaxRecordsPerBlob);
        var buffer = new ArrayBufferWriter<byte>(DrainAt * 2);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        Blob? blob = null;
        var blobs = 0;
        long records = 0;
        var inBlob = 0;
        try
        {
            await foreach (var record in source.ReadAsync(request, ct))
            {
                if (blob is null || inBlob == max)
                {
                    if (blob is not null)
                    {
                        await blob.CloseAsync(buffer, ct);
                    }

                    blob = new Blob(Path.Combine(folder, ExportOperation.BlobName(++blobs)));
                    inBlob = 0;
                }

                if (record.Json is { } rendered)
                {
                    buffer.Write(rendered);
                }
                else
                {
                    ExportRecordWriter.Write(json, record, request.Full);
                    json.Flush();
                    json.Reset();
                }

                buffer.Write("\n"u8);
                inBlob++;
                if (buffer.WrittenCount >= DrainAt)
                {
                    await blob.DrainAsync(buffer, ct);
                }

                if (++records % ProgressEvery == 0)
                {
                    await store.ProgressAsync(operation.Id, records, ct);
                }
            }

            if (blob is not null)
            {
                await blob.CloseAsync(buffer, ct);
                blob = null;
            }
        }
        finally
        {
            if (blob is not null)
            {
                await blob.DisposeAsync();
            }
        }

        return (records, blobs);
    }

    /// <summary>Fails operations a previous process left unfinished and removes their partial blobs (at start-up).</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        foreach (var id in await store.FailInterruptedAsync(options.Retention, ct))
        {
            files.Delete(id);
        }
    }

    /// <summary>Removes the blobs of expired operations.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        foreach (var id in await store.SweepAsync(GoneRowsKeptFor, ct))
        {
            files.Delete(id);
        }
    }

    /// <summary>One gzip file being written.</summary>
    private sealed class Blob(string path) : IAsyncDisposable
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        private GZipStream? _gzip;

        private GZipStream Gzip => _gzip ??= new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true);

        public async Task DrainAsync(ArrayBufferWriter<byte> buffer, CancellationToken ct)
        {
            await Gzip.WriteAsync(buffer.WrittenMemory, ct);
            buffer.ResetWrittenCount();
        }

        public async Task CloseAsync(ArrayBufferWriter<byte> buffer, CancellationToken ct)
        {
            await DrainAsync(buffer, ct);
            await Gzip.DisposeAsync();
            await _file.FlushAsync(ct);
            await DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_gzip is not null)
            {
                await _gzip.DisposeAsync();
            }

            await _file.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {OperationId} failed")]
    private static partial void LogFailed(ILogger logger, string operationId, Exception exception);
}
