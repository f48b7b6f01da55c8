namespace PlanCenter.Domain.Usage;

/// <summary>
/// The raw text of one usage record as read from a file (billing-rules §1.3), before validation. Empty
/// or absent values are null or empty. <see cref="LineNumber"/> is 1-based within its file.
/// </summary>
public readonly record struct UsageRecordText(
    string? UsageRecordId,
    string? EntitlementId,
    string? ResourceUri,
    string? MeterId,
    string? UsageStart,
    string? Quantity,
    string? ResourceLocation,
    string? ConsumedService,
    string? Tags,
    string? AdditionalInfo,
    string? ServiceInfo1,
    string? ServiceInfo2,
    long LineNumber);
