using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The unit over which tiers accumulate (billing-rules §2.3): an Azure plan, a meter and the calendar
/// month (<see cref="Month"/> is its first day).
/// </summary>
public readonly record struct PlanMeterMonth(SubscriptionId SubscriptionId, MeterId MeterId, DateOnly Month)
{
    /// <summary>The key of a usage day.</summary>
    public static PlanMeterMonth Of(SubscriptionId plan, MeterId meter, DateOnly usageDate) =>
        new(plan, meter, new DateOnly(usageDate.Year, usageDate.Month, 1));
}
