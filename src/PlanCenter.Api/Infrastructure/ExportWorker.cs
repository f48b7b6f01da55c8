using PlanCenter.Storage.Exports;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Runs export operations one at a time, in arrival order (<see cref="ExportQueue"/>). At start it fails the
/// operations a previous process left unfinished (they are not resumed: the caller asks again) and, before
/// each operation, removes the blobs of expired ones.
/// </summary>
public sealed partial class ExportWorker(ExportQueue queue, ExportPipeline pipeline, ILogger<ExportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await pipeline.RecoverAsync(stoppingToken);
            await foreach (var id in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await pipeline.SweepAsync(stoppingToken);
                    await pipeline.RunAsync(id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(log, id, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export worker failed on {OperationId}")]
    private static partial void LogFailed(ILogger logger, string operationId, Exception exception);
}
