using PlanCenter.Domain.Orders;

namespace PlanCenter.Api.Contracts;

public sealed record KeyValueDto
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}

public sealed record CartErrorDto(int ErrorCode, string ErrorDescription);

public sealed record CartLineItemDto
{
    public int? Id { get; init; }
    public string? CatalogItemId { get; init; }
    public string? FriendlyName { get; init; }
    public int? Quantity { get; init; }
    public string? CurrencyCode { get; init; }
    public BillingCycle? BillingCycle { get; init; }
    public string? TermDuration { get; init; }
    public IReadOnlyList<KeyValueDto>? Participants { get; init; }
    public string? OrderGroup { get; init; }
    public CartErrorDto? Error { get; init; }
}

public sealed record CartDto
{
    public string? Id { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? LastModifiedTimestamp { get; init; }
    public DateTimeOffset? ExpirationTimestamp { get; init; }
    public string? LastModifiedUser { get; init; }
    public IReadOnlyList<CartLineItemDto>? LineItems { get; init; }
    public string? Status { get; init; }
    public ResourceLinksDto? Links { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}

public sealed record OrderLineItemDto(int LineItemNumber, string OfferId, string SubscriptionId, string FriendlyName, int Quantity, string? PartnerIdOnRecord, string TransactionType, ResourceLinksDto Links)
{
    public string? TermDuration { get; init; }
}

public sealed record OrderDto(string Id, string AlternateId, string ReferenceCustomerId, BillingCycle BillingCycle, string CurrencyCode, string CurrencySymbol,
    IReadOnlyList<OrderLineItemDto> LineItems, DateTimeOffset CreationDate, string Status, string TransactionType, ResourceLinksDto Links, ResourceAttributes Attributes);

public sealed record OrderErrorDto(string OrderGroupId, int Code, string Description);

public sealed record CartCheckoutResultDto(IReadOnlyList<OrderDto> Orders, IReadOnlyList<OrderErrorDto> OrderErrors)
{
    public ResourceAttributes Attributes { get; init; } = new("CartCheckoutResult");
}
