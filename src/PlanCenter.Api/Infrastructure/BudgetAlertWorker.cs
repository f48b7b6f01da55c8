using PlanCenter.Storage.Budgets;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Evaluates spending budgets and e-mails queued alerts at start and then every
/// <see cref="PlanCenterOptions.BudgetEvaluationInterval"/>, timed by the injected <see cref="TimeProvider"/>
/// (so a fake clock drives it in tests). A failure is logged and the next round tries again.
/// </summary>
public sealed partial class BudgetAlertWorker(BudgetAlertEvaluator evaluator, BudgetAlertMailer mailer, PlanCenterOptions options, TimeProvider clock,
    ILogger<BudgetAlertWorker> log) : BackgroundService
{
    private long _nextRunTicks = -1;

    /// <summary>When the next round is due, once the worker waits for it; null while a round runs for the first time.</summary>
    public DateTimeOffset? NextRunAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _nextRunTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.BudgetEvaluationInterval > TimeSpan.Zero ? options.BudgetEvaluationInterval : TimeSpan.FromHours(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await evaluator.EvaluateAsync(stoppingToken);
                    await mailer.DeliverAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(log, e);
                }

                // The timer exists before NextRunAt says so: whoever waits for NextRunAt may move the clock at once.
                var wait = Task.Delay(interval, clock, stoppingToken);
                Interlocked.Exchange(ref _nextRunTicks, (clock.GetUtcNow() + interval).UtcTicks);
                await wait;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating spending budgets failed; the next round tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
