using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// Who is billed for one Azure subscription (billing-rules §1.5). Usage is billable when its start lies in
/// <c>[EntitlementStartAt, EntitlementEndAtExcl)</c> (null end = open). <see cref="BillingCurrency"/> is
/// upper-case.
/// </summary>
public sealed record AzureEntitlementAccount
{
    /// <summary>The Azure subscription.</summary>
    public required AzureSubscriptionId EntitlementId { get; init; }

    /// <summary>The Azure subscription's name.</summary>
    public string? EntitlementDescription { get; init; }

    /// <summary>The Azure plan (Partner Center subscription).</summary>
    public required SubscriptionId SubscriptionId { get; init; }

    /// <summary>The customer tenant.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Customer organisation name.</summary>
    public string? CustomerName { get; init; }

    /// <summary>Customer domain.</summary>
    public string? CustomerDomainName { get; init; }

    /// <summary>Customer country (ISO2).</summary>
    public string? CustomerCountry { get; init; }

    /// <summary>The transacting (billed) partner's tenant.</summary>
    public required PartnerTenantId PartnerId { get; init; }

    /// <summary>The transacting partner's name.</summary>
    public string? PartnerName { get; init; }

    /// <summary>The transacting partner's PartnerID (MPN id).</summary>
    public string? MpnId { get; init; }

    /// <summary>The reseller of record's tenant for indirect sales, else null.</summary>
    public PartnerTenantId? ResellerTenantId { get; init; }

    /// <summary>The reseller of record's PartnerID.</summary>
    public string? ResellerMpnId { get; init; }

    /// <summary>The partner's billing currency, upper-case (e.g. <c>EUR</c>).</summary>
    public required string BillingCurrency { get; init; }

    /// <summary>Start of the billable period (inclusive).</summary>
    public required DateTimeOffset EntitlementStartAt { get; init; }

    /// <summary>End of the billable period (exclusive), null when open.</summary>
    public DateTimeOffset? EntitlementEndAtExcl { get; init; }

    /// <summary>1-based line of the row in its file (0 when not from a file), for file errors.</summary>
    public long LineNumber { get; init; }

    /// <summary>True when usage starting at <paramref name="usageStartAt"/> is billable.</summary>
    public bool IsBillableAt(DateTimeOffset usageStartAt) =>
        usageStartAt >= EntitlementStartAt && (EntitlementEndAtExcl is null || usageStartAt < EntitlementEndAtExcl.Value);
}
