using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
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
/// removes the partial blobs and records the error. Records are written into the blob's pipe and handed to
/// its compressor (a <see cref="GZipStream"/>, fastest level) every 64 KiB.
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
        var json = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
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
                        await blob.CloseAsync(ct);
                    }

                    blob = new Blob(Path.Combine(folder, ExportOperation.BlobName(++blobs)), ct);
                    json.Reset(blob.Output);
                    inBlob = 0;
                }

                var output = blob.Output;
                if (record.Json is { } rendered)
                {
                    output.Write(rendered);
                }
                else
                {
                    ExportRecordWriter.Write(json, record, request.Full);
                    json.Flush();
                    json.Reset();
                }

                output.Write("\n"u8);
                inBlob++;
                if (output.UnflushedBytes >= DrainAt)
                {
                    await blob.HandOverAsync(ct);
                }

                if (++records % ProgressEvery == 0)
                {
                    await store.ProgressAsync(operation.Id, records, ct);
                }
            }

            if (blob is not null)
            {
                await blob.CloseAsync(ct);
                blob = null;
            }
        }
        finally
        {
            await json.DisposeAsync();
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

    /// <summary>
    /// One gzip file being written. The records are written into a pipe and compressed by a task of their own,
    /// so reading the next records and compressing the previous ones use both cores; the pipe pauses the
    /// writer when the compressor falls behind.
    /// </summary>
    private sealed class Blob : IAsyncDisposable
    {
        private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 22, resumeWriterThreshold: 1 << 21,
            minimumSegmentSize: DrainAt, useSynchronizationContext: false));

        private readonly Task _compressing;
        private bool _closed;

        public Blob(string path, CancellationToken ct) => _compressing = Task.Run(() => CompressAsync(path, ct), ct);

        public PipeWriter Output => _pipe.Writer;

        private async Task CompressAsync(string path, CancellationToken ct)
        {
            try
            {
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                {
                    await _pipe.Reader.CopyToAsync(gzip, ct);
                }

                await file.FlushAsync(ct);
                await _pipe.Reader.CompleteAsync();
            }
            catch (Exception e)
            {
                // The writer's next hand-over throws this exception.
                await _pipe.Reader.CompleteAsync(e);
                throw;
            }
        }

        /// <summary>Makes the records written so far available to the compressor (waits while it is far behind).</summary>
        public async Task HandOverAsync(CancellationToken ct)
        {
            var result = await _pipe.Writer.FlushAsync(ct);
            if (result.IsCompleted)
            {
                // The compressor stopped early: surface its failure.
                await _compressing;
                throw new InvalidOperationException("The export blob's compressor stopped before the blob was complete.");
            }
        }

        /// <summary>Hands over the rest and waits until the file is complete on disk.</summary>
        public async Task CloseAsync(CancellationToken ct)
        {
            await HandOverAsync(ct);
            _closed = true;
            await _pipe.Writer.CompleteAsync();
            await _compressing;
        }

        public async ValueTask DisposeAsync()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("The export stopped before this blob was complete."));
            try
            {
                await _compressing;
            }
            catch (Exception)
            {
                // The export's own failure is what gets reported; the partial file is deleted with the folder.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {OperationId} failed")]
    private static partial void LogFailed(ILogger logger, string operationId, Exception exception);
}
