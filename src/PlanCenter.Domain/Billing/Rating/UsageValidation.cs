using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The outcome of validating one usage record: accepted (with its account and price period), or rejected
/// with the first <see cref="RejectReason"/> that applies and a human <see cref="Detail"/>.
/// </summary>
public readonly record struct UsageValidation(RejectReason? Reason, string? Detail, AzureEntitlementAccount? Account, PricePeriod? Period)
{
    /// <summary>True when the record is accepted.</summary>
    public bool IsAccepted => Reason is null;

    /// <summary>A rejection.</summary>
    public static UsageValidation Reject(RejectReason reason, string detail) => new(reason, detail, null, null);
}
