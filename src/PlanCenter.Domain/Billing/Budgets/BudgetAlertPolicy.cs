namespace PlanCenter.Domain.Billing.Budgets;

/// <summary>
/// The spending-budget alert rule of billing-rules §5 and domain.md §8, as pure functions of the budget, the
/// month-to-date spend, the alerts already queued and the current instant. A budget is informational: nothing
/// here stops usage.
/// </summary>
/// <remarks>
/// <para>An alert is due when the standing is <see cref="BudgetStanding.TrendingOver"/> (80 % ≤ spend ≤ 100 %
/// of the budget, both inclusive) and no alert was queued in the same UTC calendar month, or the latest one of
/// that month was queued at least <see cref="RepeatEvery"/> (7 days) before <c>now</c>. Above 100 % no alert is
/// due; a month starts fresh, because only the alerts of <c>now</c>'s month count.</para>
/// <para>A zero budget never alerts: no spend is under it, any spend is over it, and there is no 80 % band
/// between the two. Amounts are in one currency (the partner's billing currency); the caller keeps them so.</para>
/// </remarks>
public static class BudgetAlertPolicy
{
    /// <summary>The share of the budget from which a customer is "trending over": 80 %.</summary>
    public const decimal AlertShare = 0.8m;

    /// <summary>While spend stays in the alert band an alert repeats this long after the previous one: 7 days.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromDays(7);

    /// <summary>Where <paramref name="spend"/> stands against <paramref name="budget"/> (null: no budget).</summary>
    public static BudgetStanding StandingOf(decimal? budget, decimal spend)
    {
        if (budget is not { } amount)
        {
            return BudgetStanding.NoBudget;
        }

        if (spend > amount)
        {
            return BudgetStanding.OverBudget;
        }

        return amount > 0m && spend >= amount * AlertShare ? BudgetStanding.TrendingOver : BudgetStanding.Under;
    }

    /// <summary>
    /// The spend as a percentage of the budget, rounded to 2 decimals away from zero; null without a budget or
    /// with a zero budget (no percentage of nothing).
    /// </summary>
    public static decimal? PercentUsed(decimal? budget, decimal spend) =>
        budget is { } amount && amount > 0m ? Math.Round(spend * 100m / amount, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>
    /// True when an alert is due at <paramref name="now"/>. <paramref name="previousAlertsAt"/> are the instants
    /// the customer's earlier alerts were queued; those outside <paramref name="now"/>'s UTC month are ignored.
    /// </summary>
    public static bool IsAlertDue(decimal? budget, decimal spend, IEnumerable<DateTimeOffset> previousAlertsAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previousAlertsAt);
        if (StandingOf(budget, spend) != BudgetStanding.TrendingOver)
        {
            return false;
        }

        var today = now.UtcDateTime;
        DateTimeOffset? latest = null;
        foreach (var at in previousAlertsAt)
        {
            var day = at.UtcDateTime;
            if (day.Year == today.Year && day.Month == today.Month && (latest is null || at > latest))
            {
                latest = at;
            }
        }

        return latest is not { } previous || now - previous >= RepeatEvery;
    }
}
