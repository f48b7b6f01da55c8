using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Orders;

/// <summary>One line of an order and the subscription it created.</summary>
public sealed record OrderLineItem
{
    public int LineItemNumber { get; init; }
    public required string OfferId { get; init; }
    public required SubscriptionId SubscriptionId { get; init; }
    public required string FriendlyName { get; init; }
    public int Quantity { get; init; } = 1;
    public string? PartnerIdOnRecord { get; init; }
}

/// <summary>An order placed by a cart checkout. Azure plan orders are free and complete at once.</summary>
public sealed class Order
{
    private List<OrderLineItem> _lineItems = [];

    private Order()
    {
        CurrencyCode = "";
    }

    public Order(OrderId id, CustomerId customerId, PartnerTenantId partnerId, string currencyCode, IEnumerable<OrderLineItem> lines, DateTimeOffset now)
    {
        Id = id;
        CustomerId = customerId;
        PartnerId = partnerId;
        CurrencyCode = currencyCode;
        _lineItems = [.. lines];
        CreatedAt = now;
    }

    public OrderId Id { get; private set; }
    public CustomerId CustomerId { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }
    public string CurrencyCode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<OrderLineItem> LineItems
    {
        get => _lineItems;
        private set => _lineItems = [.. value];
    }
}
