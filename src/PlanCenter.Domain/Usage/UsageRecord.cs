using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Usage;

/// <summary>
/// A parsed usage record (billing-rules §1.3): typed ids, the UTC <see cref="UsageStartAt"/> and the
/// quantity in the meter's units of measure. <see cref="Quantity"/> may still be negative; the validator
/// rejects that. Optional attributes are null when empty and are carried through unvalidated.
/// </summary>
public readonly record struct UsageRecord(
    string UsageRecordId,
    AzureSubscriptionId EntitlementId,
    string ResourceUri,
    MeterId MeterId,
    DateTimeOffset UsageStartAt,
    decimal Quantity,
    string? ResourceLocation = null,
    string? ConsumedService = null,
    string? Tags = null,
    string? AdditionalInfo = null,
    string? ServiceInfo1 = null,
    string? ServiceInfo2 = null)
{
    /// <summary>The usage date: the UTC date of <see cref="UsageStartAt"/>.</summary>
    public DateOnly UsageDate => UtcText.UtcDate(UsageStartAt);
}
