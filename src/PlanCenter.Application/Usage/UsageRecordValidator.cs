using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Application.Usage;

/// <summary>
/// The checks ingestion can decide (billing-rules §2.1, in its order): <c>Malformed</c> (a required field
/// missing or unparsable, a ResourceUri that is not an ARM resource id of the record's Azure subscription,
/// a UsageStart more than a day ahead of the clock), <c>NegativeQuantity</c>, <c>UnknownEntitlement</c>
/// (not in this instance, or not the submitting partner's), <c>OutsideEntitlementPeriod</c>, and
/// <c>UnknownMeter</c> only when a price list is loaded. Price-on-date and exchange rates are rating's.
/// </summary>
public sealed class UsageRecordValidator(EntitlementDirectory entitlements, IMeterDirectory meters, PartnerTenantId? submitter, DateTimeOffset now)
{
    /// <summary>How far ahead of the clock a usage start may lie.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    private readonly DateTimeOffset _latestStart = now + FutureTolerance;

    /// <summary>The Azure subscriptions the validator knows.</summary>
    public EntitlementDirectory Entitlements => entitlements;

    /// <summary>True with the parsed record, or false with the reason and a detail.</summary>
    public bool TryValidate(in UsageRecordText text, out UsageRecord record, out RejectReason reason, out string? detail)
    {
        if (!UsageRecordParser.TryParse(text, out record, out detail))
        {
            reason = RejectReason.Malformed;
            return false;
        }

        reason = RejectReason.Malformed;
        if (!ArmId.TryParseResource(record.ResourceUri, out var subscription, out var problem))
        {
            detail = $"ResourceUri '{record.ResourceUri}' is not an ARM resource id: {problem}";
            return false;
        }

        if (subscription != record.EntitlementId.Value)
        {
            detail = $"ResourceUri '{record.ResourceUri}' is not under the Azure subscription {record.EntitlementId}";
            return false;
        }

        if (record.UsageStartAt > _latestStart)
        {
            detail = $"UsageStart {record.UsageStartAt:O} is more than a day in the future";
            return false;
        }

        if (record.Quantity < 0m)
        {
            reason = RejectReason.NegativeQuantity;
            detail = $"Quantity {DecimalText.Format(record.Quantity)} is below zero";
            return false;
        }

        if (!entitlements.TryGet(record.EntitlementId, out var window) || (submitter is { } partner && window.PartnerId != partner))
        {
            reason = RejectReason.UnknownEntitlement;
            detail = $"Azure subscription {record.EntitlementId} is not known here";
            return false;
        }

        if (record.UsageStartAt < window.Start || (window.End is { } end && record.UsageStartAt >= end))
        {
            reason = RejectReason.OutsideEntitlementPeriod;
            detail = $"UsageStart {record.UsageStartAt:O} is outside the Azure subscription's period from {window.Start:O}"
                + (window.End is { } e ? $" to {e:O}" : "");
            return false;
        }

        if (meters.HasPriceList && !meters.IsKnown(record.MeterId))
        {
            reason = RejectReason.UnknownMeter;
            detail = $"Meter {record.MeterId} has no Consumption price";
            return false;
        }

        detail = null;
        return true;
    }
}

/// <summary>Reads ARM ids.</summary>
public static class ArmId
{
    /// <summary>
    /// Checks <c>/subscriptions/{guid}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}…]</c>
    /// (segment names case-insensitive; no empty segment).
    /// </summary>
    public static bool TryParseResource(string armId, out Guid subscription, out string problem)
    {
        subscription = Guid.Empty;
        if (!TryParseScope(armId, out subscription, out var segments, out problem))
        {
            return false;
        }

        if (segments.Length < 8 || !segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase) || segments.Length % 2 != 0)
        {
            problem = "expected /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks an access scope: <c>/subscriptions/{guid}</c>, <c>…/resourceGroups/{rg}</c> or a resource id.
    /// </summary>
    public static bool TryParseScope(string armId, out Guid subscription, out string[] segments, out string problem)
    {
        subscription = Guid.Empty;
        segments = armId.Trim().TrimEnd('/').Split('/');
        problem = "";
        if (segments.Length < 3 || segments[0].Length != 0 || !segments[1].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            problem = "must start with /subscriptions/{id}";
            return false;
        }

        if (!Guid.TryParse(segments[2], out subscription))
        {
            problem = $"'{segments[2]}' is not a subscription GUID";
            return false;
        }

        segments = segments[1..];
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0 || segments[i].Any(char.IsWhiteSpace))
            {
                problem = "has an empty segment or white space";
                return false;
            }
        }

        if (segments.Length == 2)
        {
            return true;
        }

        if (!segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) || segments.Length < 4)
        {
            problem = "expected resourceGroups/{group} after the subscription";
            return false;
        }

        if (segments.Length == 4)
        {
            return true;
        }

        if (!segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase) || segments.Length < 8 || segments.Length % 2 != 0)
        {
            problem = "expected providers/{namespace}/{type}/{name} after the resource group";
            return false;
        }

        return true;
    }
}
