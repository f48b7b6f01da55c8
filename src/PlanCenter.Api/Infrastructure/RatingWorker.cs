using PlanCenter.Storage.Budgets;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Re-rates in the background after usage is committed (<see cref="RatingQueue"/>), so the unbilled lines
/// are ready before anyone reads them, then evaluates spending budgets so an alert is queued as soon as usage
/// crosses 80 % of a budget; a failure is logged and retried at the next signal or read.
/// </summary>
public sealed class RatingWorker(RatingQueue queue, ServerRating rating, BudgetAlertEvaluator budgets, ILogger<RatingWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.WaitAsync(stoppingToken))
            {
                queue.TryTake();
                try
                {
                    await rating.CatchUpAsync(stoppingToken);
                    await budgets.EvaluateAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Rating or budget evaluation after ingest failed; it is retried on the next ingest, read or budget round.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
