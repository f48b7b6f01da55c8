using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Usage;

/// <summary>Turns <see cref="UsageRecordText"/> into a <see cref="UsageRecord"/>, or says why it is <see cref="RejectReason.Malformed"/>.</summary>
public static class UsageRecordParser
{
    /// <summary>The most decimal places a usage quantity may have.</summary>
    public const int MaxQuantityDecimals = 8;

    /// <summary>
    /// Parses the required fields (UsageRecordId, EntitlementId, ResourceUri, MeterId, UsageStart,
    /// Quantity). False with a <paramref name="detail"/> when one is missing or unparsable.
    /// </summary>
    public static bool TryParse(in UsageRecordText text, out UsageRecord record, out string? detail)
    {
        record = default;
        if (IsBlank(text.UsageRecordId))
        {
            detail = "UsageRecordId is missing";
            return false;
        }

        if (IsBlank(text.EntitlementId))
        {
            detail = "EntitlementId is missing";
            return false;
        }

        if (!TypedId.TryParse<AzureSubscriptionId>(text.EntitlementId!.Trim(), out var entitlement))
        {
            detail = $"EntitlementId '{text.EntitlementId}' is not a GUID";
            return false;
        }

        if (IsBlank(text.ResourceUri))
        {
            detail = "ResourceUri is missing";
            return false;
        }

        if (IsBlank(text.MeterId))
        {
            detail = "MeterId is missing";
            return false;
        }

        if (!TypedId.TryParse<MeterId>(text.MeterId!.Trim(), out var meter))
        {
            detail = $"MeterId '{text.MeterId}' is not a GUID";
            return false;
        }

        if (IsBlank(text.UsageStart))
        {
            detail = "UsageStart is missing";
            return false;
        }

        if (!UtcText.TryParseInstant(text.UsageStart, out var start))
        {
            detail = $"UsageStart '{text.UsageStart}' is not an ISO-8601 time";
            return false;
        }

        if (IsBlank(text.Quantity))
        {
            detail = "Quantity is missing";
            return false;
        }

        if (!DecimalText.TryParseQuantity(text.Quantity.AsSpan().Trim(), MaxQuantityDecimals, out var quantity))
        {
            detail = $"Quantity '{text.Quantity}' is not a decimal with at most {MaxQuantityDecimals} decimal places";
            return false;
        }

        record = new UsageRecord(text.UsageRecordId!, entitlement, text.ResourceUri!.Trim(), meter, start, quantity,
            NullIfEmpty(text.ResourceLocation), NullIfEmpty(text.ConsumedService), NullIfEmpty(text.Tags),
            NullIfEmpty(text.AdditionalInfo), NullIfEmpty(text.ServiceInfo1), NullIfEmpty(text.ServiceInfo2));
        detail = null;
        return true;
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
