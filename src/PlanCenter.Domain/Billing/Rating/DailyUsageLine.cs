using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The accepted usage of one (EntitlementId, ResourceUri, MeterId, UsageDate) summed (billing-rules §2.2),
/// before pricing. <see cref="ResourceUri"/> spelling and the carried attributes are those of the record
/// with the latest usage start (ties: the greatest usage record id, ordinal), which
/// <see cref="LatestUsageStartAt"/> and <see cref="LatestUsageRecordId"/> identify so lines can be merged.
/// </summary>
public sealed record DailyUsageLine
{
    /// <summary>The Azure subscription.</summary>
    public required AzureSubscriptionId EntitlementId { get; init; }

    /// <summary>The ARM resource id (the latest record's spelling; the key compares case-insensitively).</summary>
    public required string ResourceUri { get; init; }

    /// <summary>The meter.</summary>
    public required MeterId MeterId { get; init; }

    /// <summary>The UTC usage day.</summary>
    public required DateOnly UsageDate { get; init; }

    /// <summary>Σ quantity of the accepted records.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The latest record's usage start.</summary>
    public required DateTimeOffset LatestUsageStartAt { get; init; }

    /// <summary>The latest record's id.</summary>
    public required string LatestUsageRecordId { get; init; }

    /// <summary>Carried from the latest record.</summary>
    public string? ResourceLocation { get; init; }

    /// <summary>Carried from the latest record.</summary>
    public string? ConsumedService { get; init; }

    /// <summary>Carried from the latest record (JSON text).</summary>
    public string? Tags { get; init; }

    /// <summary>Carried from the latest record (JSON text).</summary>
    public string? AdditionalInfo { get; init; }

    /// <summary>Carried from the latest record.</summary>
    public string? ServiceInfo1 { get; init; }

    /// <summary>Carried from the latest record.</summary>
    public string? ServiceInfo2 { get; init; }

    /// <summary>The line of one accepted record.</summary>
    public static DailyUsageLine FromRecord(in UsageRecord record) => new()
    {
        EntitlementId = record.EntitlementId,
        ResourceUri = record.ResourceUri,
        MeterId = record.MeterId,
        UsageDate = record.UsageDate,
        Quantity = record.Quantity,
        LatestUsageStartAt = record.UsageStartAt,
        LatestUsageRecordId = record.UsageRecordId,
        ResourceLocation = record.ResourceLocation,
        ConsumedService = record.ConsumedService,
        Tags = record.Tags,
        AdditionalInfo = record.AdditionalInfo,
        ServiceInfo1 = record.ServiceInfo1,
        ServiceInfo2 = record.ServiceInfo2,
    };

    /// <summary>True when a record (start, id) is later than this line's latest record.</summary>
    public bool IsSupersededBy(DateTimeOffset usageStartAt, string usageRecordId) => IsLater(usageStartAt, usageRecordId, LatestUsageStartAt, LatestUsageRecordId);

    /// <summary>
    /// Merges another line of the same key (e.g. new usage into a stored line): quantities add, attributes
    /// come from whichever has the later latest record. Throws when the keys differ.
    /// </summary>
    public DailyUsageLine Merge(DailyUsageLine other)
    {
        if (other.EntitlementId != EntitlementId || other.MeterId != MeterId || other.UsageDate != UsageDate
            || !string.Equals(other.ResourceUri, ResourceUri, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Only lines of the same key merge.", nameof(other));
        }

        var latest = IsSupersededBy(other.LatestUsageStartAt, other.LatestUsageRecordId) ? other : this;
        return latest with { Quantity = Quantity + other.Quantity };
    }

    /// <summary>The tie-break of billing-rules §2.2: later start wins; on equal starts the greater id (ordinal).</summary>
    internal static bool IsLater(DateTimeOffset start, string id, DateTimeOffset thanStart, string thanId) =>
        start > thanStart || (start == thanStart && string.CompareOrdinal(id, thanId) > 0);
}
