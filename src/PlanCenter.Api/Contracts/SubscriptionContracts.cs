using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Plans;

namespace PlanCenter.Api.Contracts;

/// <summary>Wire <c>Subscription</c>; on input (PATCH) every member is optional.</summary>
public sealed record SubscriptionDto
{
    public string? Id { get; init; }
    public string? EntitlementId { get; init; }
    public string? OfferId { get; init; }
    public string? OfferName { get; init; }
    public string? FriendlyName { get; init; }
    public ItemTypeDto? ProductType { get; init; }
    public int? Quantity { get; init; }
    public string? UnitType { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? EffectiveStartDate { get; init; }
    public DateTimeOffset? CommitmentEndDate { get; init; }
    public PlanStatus? Status { get; init; }
    public bool? AutoRenewEnabled { get; init; }
    public string? BillingType { get; init; }
    public BillingCycle? BillingCycle { get; init; }
    public bool? HasPurchasableAddons { get; init; }
    public bool? IsTrial { get; init; }
    public bool? IsMicrosoftProduct { get; init; }
    public string? PublisherName { get; init; }
    public IReadOnlyList<string>? Actions { get; init; }
    public string? PartnerId { get; init; }
    public IReadOnlyList<string>? SuspensionReasons { get; init; }
    public string? ContractType { get; init; }
    public string? OrderId { get; init; }
    public ResourceLinksDto? Links { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}

public sealed record AzureEntitlementDto(string Id, string FriendlyName, AzureSubscriptionStatus Status, string SubscriptionId, ResourceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("AzureEntitlement");
}

public sealed record CancelAzureEntitlementDto
{
    public string? CancellationReason { get; init; }
}
