using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Orders;

/// <summary>Cart status (wire strings <c>Active</c> and <c>Ordered</c>).</summary>
public enum CartStatus
{
    Active,
    Ordered,
}

/// <summary>
/// A customer's cart. Lines are checked when they are set: a line that can't be bought in the
/// customer's market keeps an error code (api.md §7.2) and blocks checkout with 800009.
/// </summary>
public sealed class Cart
{
    /// <summary>How long a cart stays valid, as Partner Center reports it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private List<CartLineItem> _lineItems = [];

    private Cart()
    {
    }

    public Cart(CustomerId customerId, PartnerTenantId partnerId, PrincipalId user, IEnumerable<CartLineItem> lines, AzurePlanMarket? market, DateTimeOffset now)
    {
        Id = TypedId.New<CartId>();
        CustomerId = customerId;
        PartnerId = partnerId;
        CreatedAt = now;
        Replace(user, lines, market, now);
    }

    public CartId Id { get; private set; }
    public CustomerId CustomerId { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }
    public CartStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastModifiedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public PrincipalId LastModifiedUser { get; private set; }

    public IReadOnlyList<CartLineItem> LineItems
    {
        get => _lineItems;
        private set => _lineItems = [.. value];
    }

    /// <summary>True when any line carries an error.</summary>
    public bool HasLineErrors => _lineItems.Any(line => line.ErrorCode is not null);

    /// <summary>Replaces every line (PUT semantics); only an active cart can change.</summary>
    public void Replace(PrincipalId user, IEnumerable<CartLineItem> lines, AzurePlanMarket? market, DateTimeOffset now)
    {
        EnsureActive();
        _lineItems = [.. lines.Select(line => Check(line, market))];
        LastModifiedUser = user;
        LastModifiedAt = now;
        ExpiresAt = now + Lifetime;
    }

    /// <summary>Marks the cart ordered; a second checkout fails with 800065.</summary>
    public void MarkOrdered(DateTimeOffset now)
    {
        EnsureActive();
        Status = CartStatus.Ordered;
        LastModifiedAt = now;
    }

    /// <summary>Fails with 800065 once the cart has been checked out.</summary>
    public void EnsureActive()
    {
        if (Status != CartStatus.Active)
        {
            throw new CommerceRuleException(CommerceErrors.CartAlreadySubmitted);
        }
    }

    private static CartLineItem Check(CartLineItem line, AzurePlanMarket? market)
    {
        var clean = line with { ErrorCode = null, ErrorDescription = null, CurrencyCode = market?.Currency, OrderGroup = "0" };
        if (market is null || !AzurePlanCatalog.IsAzurePlanIn(line.CatalogItemId, market))
        {
            return clean with { ErrorCode = 10001, ErrorDescription = $"The catalog item id '{line.CatalogItemId}' is not valid in the customer's country." };
        }

        if (line.Quantity != 1)
        {
            return clean with { ErrorCode = 10010, ErrorDescription = "The Azure plan is bought with quantity 1." };
        }

        if (line.BillingCycle != BillingCycle.OneTime)
        {
            return clean with { ErrorCode = 10013, ErrorDescription = "The Azure plan supports the one_time billing cycle only." };
        }

        if (!string.IsNullOrEmpty(line.TermDuration))
        {
            return clean with { ErrorCode = 10010, ErrorDescription = "The Azure plan has no term duration." };
        }

        return clean;
    }
}
