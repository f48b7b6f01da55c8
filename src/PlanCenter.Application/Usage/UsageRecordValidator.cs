using PlanCenter.Domain.Pricing;
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
        if (!TryParseFast(text, out record) && !UsageRecordParser.TryParse(text, out record, out detail))
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

    /// <summary>
    /// The common shape parsed without <see cref="UsageRecordParser"/>'s general time formats: every field
    /// present, GUIDs, a quantity <see cref="DecimalText.TryParseQuantity"/> accepts and a UsageStart of
    /// exactly <c>yyyy-MM-ddTHH:mm:ss</c> with an optional <c>Z</c>. Accepts only what the parser accepts and
    /// yields the same record; anything else goes to the parser, which also words the reasons.
    /// </summary>
    private static bool TryParseFast(in UsageRecordText text, out UsageRecord record)
    {
        record = default;
        if (string.IsNullOrWhiteSpace(text.UsageRecordId) || string.IsNullOrWhiteSpace(text.ResourceUri)
            || !Guid.TryParse(text.EntitlementId, out var entitlement) || !Guid.TryParse(text.MeterId, out var meter)
            || text.UsageStart is not { } start || !TryParseSimpleInstant(start, out var at)
            || text.Quantity is not { } quantityText || !DecimalText.TryParseQuantity(quantityText.AsSpan().Trim(), UsageRecordParser.MaxQuantityDecimals, out var quantity))
        {
            return false;
        }

        record = new UsageRecord(text.UsageRecordId, new AzureSubscriptionId(entitlement), text.ResourceUri.Trim(), new MeterId(meter), at, quantity,
            NullIfEmpty(text.ResourceLocation), NullIfEmpty(text.ConsumedService), NullIfEmpty(text.Tags), NullIfEmpty(text.AdditionalInfo),
            NullIfEmpty(text.ServiceInfo1), NullIfEmpty(text.ServiceInfo2));
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryParseSimpleInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        var s = text.AsSpan();
        if (s.Length == 20 && s[19] == 'Z')
        {
            s = s[..19];
        }

        if (s.Length != 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

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
        // Allocation-free walk over the segments (the hot path of ingestion).
        subscription = Guid.Empty;
        problem = "expected /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}";
        var span = armId.AsSpan().Trim().TrimEnd('/');
        if (span.Length == 0 || span[0] != '/')
        {
            return false;
        }

        span = span[1..];
        var index = 0;
        while (true)
        {
            var slash = span.IndexOf('/');
            var segment = slash < 0 ? span : span[..slash];
            if (segment.IsEmpty || segment.ContainsAny(WhiteSpace))
            {
                problem = "has an empty segment or white space";
                return false;
            }

            var ok = index switch
            {
                0 => segment.Equals("subscriptions", StringComparison.OrdinalIgnoreCase),
                1 => Guid.TryParse(segment, out subscription),
                2 => segment.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase),
                4 => segment.Equals("providers", StringComparison.OrdinalIgnoreCase),
                _ => true,
            };
            if (!ok)
            {
                if (index == 1)
                {
                    problem = $"'{segment}' is not a subscription GUID";
                }

                return false;
            }

            index++;
            if (slash < 0)
            {
                break;
            }

            span = span[(slash + 1)..];
        }

        return index >= 8 && index % 2 == 0;
    }

    private static readonly System.Buffers.SearchValues<char> WhiteSpace = System.Buffers.SearchValues.Create(" \t\r\n\v\f\u00a0");

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
