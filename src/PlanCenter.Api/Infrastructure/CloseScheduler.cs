using PlanCenter.Storage.Billing;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Closes billing periods when their close time passes (billing-rules §4), on the injected clock: at start
/// (catching up on periods that came due while the server was down) and then whenever the clock reaches the
/// next close time, or when a sandbox operator moves the clock.
/// A failed close is logged and retried at the next wake; a close is all-or-nothing, so a retry is safe.
/// </summary>
public sealed class CloseScheduler(PeriodClose close, BillingSettings settings, SandboxClock clock, ILogger<CloseScheduler> log) : BackgroundService
{
    // Sleeps are capped so that no long timer is pending; the clock's Moved signal covers jumps.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.AutoClose)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var moved = clock.Moved;
                try
                {
                    await close.CloseDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Closing the due billing periods failed; retrying at the next wake.");
                }

                var now = clock.GetUtcNow();
                var next = settings.Calendar.CloseTime(settings.Calendar.LatestDue(now).AddMonths(1));
                var sleep = next - now;
                await Task.WhenAny(Task.Delay(sleep < LongestSleep ? sleep : LongestSleep, clock, stoppingToken), moved.WaitAsync(stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
