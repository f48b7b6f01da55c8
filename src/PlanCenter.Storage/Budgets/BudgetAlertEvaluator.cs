using Microsoft.Extensions.Logging;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Budgets;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Budgets;

/// <summary>A budget with the month-to-date spend it is compared with and where that spend stands.</summary>
public sealed record BudgetStatus(SpendingBudget Budget, decimal Spend, BudgetStanding Standing);

/// <summary>
/// Applies <see cref="BudgetAlertPolicy"/> to every customer with a budget at the injected clock's now: rates
/// what is not rated yet, reads the month-to-date spend (<see cref="CustomerSpend"/>) and the alerts already
/// queued this month, and queues an alert when one is due. Idempotent at a given instant; serialized, so the
/// schedule and the after-ingest run never queue twice.
/// </summary>
public sealed partial class BudgetAlertEvaluator(SqliteDatabase database, ServerRating rating, SpendingBudgetStore store, TimeProvider clock,
    ILogger<BudgetAlertEvaluator> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastEvaluatedTicks = -1;

    /// <summary>The clock's instant of the last finished evaluation; null before the first.</summary>
    public DateTimeOffset? LastEvaluatedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastEvaluatedTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Evaluates every budget now; returns the alerts queued.</summary>
    public async Task<IReadOnlyList<SpendingBudgetAlert>> EvaluateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await rating.CatchUpForReadAsync(ct);
            var now = clock.GetUtcNow();
            var month = BillingCalendar.PeriodAt(now);
            var period = BillingCalendar.Format(month);
            var queued = new List<SpendingBudgetAlert>();
            await using var connection = await database.OpenAsync(ct);
            foreach (var budget in await store.ListAsync(null, ct))
            {
                var spend = await CustomerSpend.MonthToDateAsync(connection, budget.Partner, budget.Customer, month, ct);
                var previous = await store.ListAlertsAsync(budget.Partner, budget.Customer, period, ct);
                if (!BudgetAlertPolicy.IsAlertDue(budget.Amount, spend, previous.Select(a => a.QueuedAt), now))
                {
                    continue;
                }

                var alert = new SpendingBudgetAlert(Guid.NewGuid(), budget.Partner, budget.Customer, period, now, spend, budget.Amount, budget.Currency,
                    BudgetAlertPolicy.PercentUsed(budget.Amount, spend) ?? 0m, AlertDelivery.Queued, 0, null, null);
                await store.AddAlertAsync(alert, ct);
                queued.Add(alert);
                LogQueued(log, budget.Customer.ToString(), alert.PercentUsed);
            }

            Interlocked.Exchange(ref _lastEvaluatedTicks, now.UtcTicks);
            return queued;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The budgets of one partner against their customers' month-to-date spend at the clock's now.</summary>
    public async Task<IReadOnlyList<BudgetStatus>> StatusesAsync(PartnerTenantId partner, CancellationToken ct)
    {
        await rating.CatchUpForReadAsync(ct);
        var month = BillingCalendar.PeriodAt(clock.GetUtcNow());
        var statuses = new List<BudgetStatus>();
        await using var connection = await database.OpenAsync(ct);
        foreach (var budget in await store.ListAsync(partner, ct))
        {
            var spend = await CustomerSpend.MonthToDateAsync(connection, budget.Partner, budget.Customer, month, ct);
            statuses.Add(new BudgetStatus(budget, spend, BudgetAlertPolicy.StandingOf(budget.Amount, spend)));
        }

        return statuses;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spending budget alert queued for customer {Customer} at {Percent} % of its budget.")]
    private static partial void LogQueued(ILogger logger, string customer, decimal percent);
}
